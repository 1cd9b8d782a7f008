//! The `folio` binary as a user runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod nodes;

pub fn folio(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .arg("--data")
        .arg(data)
        .env_remove("FOLIO_DATA")
        .env_remove("FOLIO_CONFIG")
        .env_remove("FOLIO_DATABASE_URL")
        .env("FOLIO_LOG", "warn");
    command
}

pub fn fixtures(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pages")
        .join(relative)
}

pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn every_command_explains_itself_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["import", "--help"],
        vec!["export", "--help"],
        vec!["user", "--help"],
        vec!["check", "--help"],
        vec!["migrate-data", "--help"],
        vec!["token", "--help"],
    ] {
        let output = folio(dir.path()).args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let help = text(&output);
        assert!(help.contains("Examples:"), "{args:?}: {help}");
        assert!(help.contains("folio "), "{args:?}: {help}");
    }
}

#[test]
fn import_reports_each_outcome_and_exits_by_whether_anything_failed() {
    let dir = tempfile::tempdir().unwrap();
    let clean = folio(dir.path())
        .arg("import")
        .arg(fixtures("seeds"))
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean));
    assert!(
        text(&clean).contains("Imported 2 files in"),
        "{}",
        text(&clean)
    );
    assert!(text(&clean).contains("2 created, 0 updated, 0 unchanged, 0 failed."));

    let mixed = folio(dir.path())
        .arg("import")
        .arg(fixtures("seeds"))
        .arg(fixtures("malformed"))
        .output()
        .unwrap();
    let report = text(&mixed);
    assert_eq!(mixed.status.code(), Some(1), "{report}");
    assert!(
        report.contains("0 created, 0 updated, 2 unchanged, 6 failed."),
        "{report}"
    );
    assert!(
        report.contains("impossible_date.txt:7: \"Feb 30, 2023\" is not a real date"),
        "{report}"
    );
    assert!(dir.path().join("folio.db").exists());
}

#[test]
fn a_wrong_setting_stops_folio_with_the_key_and_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("folio.toml"),
        "[site]\ntime_zone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    let output = folio(dir.path())
        .arg("import")
        .arg(fixtures("seeds"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = text(&output);
    assert!(message.contains("key `site.time_zone`"), "{message}");
    assert!(
        message.contains("expected an IANA time zone name"),
        "{message}"
    );
}

#[test]
fn serve_demo_prints_its_address_and_serves_the_sample_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = folio(dir.path())
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut address = None;
    for line in lines.by_ref().take(5) {
        let line = line.unwrap();
        if let Some(at) = line.find("http://") {
            address = Some(line[at..].trim().to_owned());
            break;
        }
    }
    let address = address.expect("serve prints the address to open");
    let authority = address
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();

    let (status, body) = http_get(&authority, "/policy-analysis/putin-no-ally-war-terror-2024");
    let (home_status, home) = http_get(&authority, "/");
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Putin Is No Ally in the War on Terror in 2024"));
    assert_eq!(home_status, 200);
    assert!(
        home.contains(&format!("<link rel=\"canonical\" href=\"{address}\">")),
        "without a configured base URL, links use the serving address: {home}"
    );
}

/// Starts `folio serve` and returns it with the address it serves at.
fn serve(
    command: &mut Command,
) -> (
    std::process::Child,
    String,
    std::io::Lines<BufReader<std::process::ChildStdout>>,
) {
    let mut child = command
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref().take(10) {
        let line = line.unwrap();
        if let Some(at) = line.find("http://") {
            let authority = line[at..]
                .trim()
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned();
            return (child, authority, lines);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve printed no address");
}

/// The test database's URL with a password in it (trust authentication
/// ignores it), to show it never reaches a message.
fn with_password(url: &str) -> String {
    url.replacen("postgres://postgres@", "postgres://postgres:Sw0rdfish@", 1)
}

#[test]
fn serve_runs_on_postgres_answers_health_checks_and_stops_cleanly_on_sigterm() {
    let database = folio_test_db::TestPostgres::new();
    let url = with_password(database.url());
    let dir = tempfile::tempdir().unwrap();
    let imported = folio(dir.path())
        .args(["--database", &url, "import"])
        .arg(fixtures("seeds"))
        .output()
        .unwrap();
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));

    // The static export reads the store from its own worker threads.
    let exported = folio(dir.path())
        .env("FOLIO_DATABASE_URL", &url)
        .args(["export", "--static"])
        .arg(dir.path().join("public"))
        .output()
        .unwrap();
    assert_eq!(exported.status.code(), Some(0), "{}", text(&exported));
    assert!(
        dir.path()
            .join("public/policy-analysis/putin-no-ally-war-terror-2024/index.html")
            .exists()
    );

    let check = folio(dir.path())
        .env("FOLIO_DATABASE_URL", &url)
        .arg("check")
        .output()
        .unwrap();
    let report = text(&check);
    assert_eq!(check.status.code(), Some(0), "{report}");
    assert!(report.contains("postgres://postgres@127.0.0.1"), "{report}");
    assert!(report.contains("version"), "{report}");
    assert!(!report.contains("Sw0rdfish"), "{report}");

    let (child, authority, mut lines) = serve(folio(dir.path()).env("FOLIO_DATABASE_URL", &url));
    // Stopped when dropped, should an assertion fail first.
    let mut served = Served { child, authority };
    let authority = served.authority.clone();
    let (status, body) = http_get(&authority, "/policy-analysis/putin-no-ally-war-terror-2024");
    let (alive, _) = http_get(&authority, "/healthz");
    let (ready, readiness) = http_get(&authority, "/readyz");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Putin Is No Ally in the War on Terror in 2024"));
    assert_eq!(alive, 200);
    assert_eq!(ready, 200, "{readiness}");

    let killed = Command::new("kill")
        .args(["-TERM", &served.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let said: Vec<String> = lines.by_ref().map_while(Result::ok).collect();
    let exit = served.child.wait().unwrap();
    assert_eq!(exit.code(), Some(0), "{said:?}");
    assert!(said.iter().any(|l| l.contains("SIGTERM")), "{said:?}");
    assert_eq!(
        said.last().map(String::as_str),
        Some("Stopped."),
        "{said:?}"
    );
}

#[test]
fn an_unreachable_database_is_reported_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let output = folio(dir.path())
        .args([
            "--database",
            "postgres://folio:Sw0rdfish@127.0.0.1:1/site",
            "check",
        ])
        .output()
        .unwrap();
    let report = text(&output);
    assert_eq!(output.status.code(), Some(2), "{report}");
    assert!(report.contains("FAIL database"), "{report}");
    assert!(
        report.contains("postgres://folio@127.0.0.1:1/site"),
        "{report}"
    );
    assert!(!report.contains("Sw0rdfish"), "{report}");
}

#[test]
fn migrate_data_moves_a_site_to_postgres_and_back_and_refuses_a_full_target() {
    let database = folio_test_db::TestPostgres::new();
    let dir = tempfile::tempdir().unwrap();
    let imported = folio(dir.path())
        .arg("import")
        .arg(fixtures("seeds"))
        .arg(fixtures("translations"))
        .output()
        .unwrap();
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let sqlite = format!("sqlite:{}", dir.path().join("folio.db").display());
    let copy = |from: &str, to: &str| {
        folio(dir.path())
            .args(["migrate-data", "--from", from, "--to", to])
            .output()
            .unwrap()
    };
    let articles_line = |output: &Output| {
        text(output)
            .lines()
            .find(|l| l.trim_start().starts_with("articles "))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };

    let there = copy(&sqlite, database.url());
    assert_eq!(there.status.code(), Some(0), "{}", text(&there));
    assert_eq!(articles_line(&there).as_deref(), Some("articles 3 rows"));
    assert!(text(&there).contains("every row count matches"));

    let again = copy(&sqlite, database.url());
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("--replace"), "{}", text(&again));

    let back_to = format!("sqlite:{}", dir.path().join("copy.db").display());
    let back = copy(database.url(), &back_to);
    assert_eq!(back.status.code(), Some(0), "{}", text(&back));
    assert_eq!(articles_line(&back), articles_line(&there));
}

fn http_get(authority: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

pub fn user_command(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = folio(data)
        .arg("user")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_first_admin_is_made_with_a_password_from_stdin_never_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let short = user_command(
        dir.path(),
        &["add", "--email", "chief@example.org", "--role", "admin"],
        "short\n",
    );
    assert_eq!(short.status.code(), Some(2), "{}", text(&short));
    assert!(text(&short).contains("at least 12 characters"));

    let added = user_command(
        dir.path(),
        &[
            "add",
            "--email",
            "Chief@Example.org",
            "--role",
            "admin",
            "--name",
            "The Chief",
        ],
        "a long enough passphrase\n",
    );
    assert!(added.status.success(), "{}", text(&added));
    assert!(text(&added).contains("Created chief@example.org (admin)"));

    let again = user_command(
        dir.path(),
        &["add", "--email", "chief@example.org", "--role", "editor"],
        "a long enough passphrase\n",
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again).contains("already an account"),
        "{}",
        text(&again)
    );

    let flag = user_command(
        dir.path(),
        &[
            "add",
            "--email",
            "x@example.org",
            "--role",
            "admin",
            "--password",
            "secret secret",
        ],
        "",
    );
    assert_eq!(flag.status.code(), Some(2), "there is no password flag");

    let list = user_command(dir.path(), &["list"], "");
    assert!(text(&list).contains("chief@example.org"));
    assert!(text(&list).contains("admin"));
    let unlock = user_command(dir.path(), &["unlock", "--email", "chief@example.org"], "");
    assert!(unlock.status.success(), "{}", text(&unlock));

    // The stored hash is argon2id, and the password logs in.
    let store = folio_db::Store::open_sqlite(&dir.path().join("folio.db")).unwrap();
    let hash = store
        .read(|c| {
            c.query_one("SELECT password_hash FROM users", &[])?
                .string(0)
        })
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[test]
fn export_writes_the_site_then_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let public = dir.path().join("public");
    let imported = folio(&data)
        .arg("import")
        .arg(fixtures("seeds"))
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", text(&imported));
    let export = || {
        folio(&data)
            .args(["export", "--static"])
            .arg(&public)
            .args(["--base-url", "https://www.example.org/"])
            .output()
            .unwrap()
    };
    let first = export();
    assert!(first.status.success(), "{}", text(&first));
    let report = text(&first);
    assert!(report.contains("0 unchanged, 0 removed"), "{report}");
    let page = std::fs::read_to_string(
        public.join("policy-analysis/putin-no-ally-war-terror-2024/index.html"),
    )
    .unwrap();
    assert!(page.contains(
        r#"<link rel="canonical" href="https://www.example.org/policy-analysis/putin-no-ally-war-terror-2024">"#
    ));
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://www.example.org/</loc>"));

    let second = export();
    assert!(second.status.success(), "{}", text(&second));
    assert!(text(&second).contains(": 0 written,"), "{}", text(&second));

    let missing = folio(&data)
        .args(["export", "--static"])
        .arg(public.join("index.html").join("inside-a-file"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    assert!(
        text(&missing).contains("cannot export the site"),
        "{}",
        text(&missing)
    );
}

/// A request with headers and a body; the whole response as text.
fn http_request(
    authority: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

fn header_of<'r>(response: &'r str, name: &str) -> &'r str {
    response
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
        .unwrap_or("")
}

/// A running `folio serve`, stopped when dropped (so a failing test
/// leaves no server behind).
struct Served {
    child: std::process::Child,
    authority: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `folio serve` on the data directory, reading its output on the
/// side so it never blocks on a full pipe.
fn serve_data(data: &Path) -> Served {
    let (child, authority, lines) = serve(&mut folio(data));
    std::thread::spawn(move || lines.for_each(drop));
    Served { child, authority }
}

/// A webhook receiver on a local port: answers 500 to the first request
/// and 204 after, and hands each (headers and body) to the test.
fn webhook_receiver() -> (String, std::sync::mpsc::Receiver<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (sender, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((k, v)) = line.split_once(':')
                    && k.eq_ignore_ascii_case("content-length")
                {
                    length = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let status = if n == 0 {
                "500 Internal Server Error"
            } else {
                "204 No Content"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = sender.send(format!("{head}\r\n{}", String::from_utf8_lossy(&body)));
        }
    });
    (url, received)
}

#[test]
fn tokens_from_the_command_line_and_a_webhook_retried_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let imported = folio(data)
        .arg("import")
        .arg(fixtures("seeds"))
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", text(&imported));
    std::fs::write(
        data.join("folio.toml"),
        "[webhooks]\nfirst_retry_seconds = 1\nmax_attempts = 5\n",
    )
    .unwrap();
    // An editor's token, its secret printed once.
    let made = folio(data)
        .args([
            "token",
            "create",
            "--role",
            "editor",
            "--name",
            "Partner sync",
        ])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made));
    let secret = text(&made)
        .lines()
        .find(|l| l.starts_with("folio_"))
        .expect("the secret is printed")
        .to_owned();
    // An author's token needs an account.
    let refused = folio(data)
        .args(["token", "create", "--role", "author", "--name", "No one"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused).contains("must belong to an account"),
        "{}",
        text(&refused)
    );
    let database = std::fs::read(data.join("folio.db")).unwrap();
    assert!(
        !database
            .windows(secret.len())
            .any(|w| w == secret.as_bytes()),
        "the database holds no usable secret"
    );

    // A webhook for every event, to a local receiver that fails once.
    let (hook_url, received) = webhook_receiver();
    let store = folio_db::Store::open_sqlite(&data.join("folio.db")).unwrap();
    let webhook_secret = "cli-test-secret";
    store
        .write(|c| {
            folio_db::create_webhook(
                c,
                &hook_url,
                "test",
                &folio_db::WebhookEvent::ALL,
                webhook_secret,
                folio_core::Timestamp::now(),
            )
        })
        .unwrap();
    drop(store);

    let first = serve_data(data);
    let authority = first.authority.clone();
    let bearer = format!("Bearer {secret}");
    let json = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
    ];
    let (status, created) = http_request(
        &authority,
        "POST",
        "/api/v1/articles",
        &json,
        r#"{"title": "Announced to partners", "slug": "announced-to-partners"}"#,
    );
    assert_eq!(status, 201, "{created}");
    let etag = header_of(&created, "etag").to_owned();
    let (status, published) = http_request(
        &authority,
        "POST",
        "/api/v1/articles/announced-to-partners/publish",
        &[
            ("Authorization", bearer.as_str()),
            ("If-Match", etag.as_str()),
        ],
        "",
    );
    assert_eq!(status, 200, "{published}");
    let first_attempt = received
        .recv_timeout(Duration::from_secs(20))
        .expect("the worker delivers within seconds");
    // Folio stops once the failure is recorded, with the retry queued,
    // and starts again.
    let store = folio_db::Store::open_sqlite(&data.join("folio.db")).unwrap();
    let recorded = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        store
            .read(|c| folio_db::list_deliveries(c, 1, 1))
            .unwrap()
            .first()
            .is_some_and(|d| d.attempts == 1 && d.last_status == Some(500))
    });
    assert!(recorded, "the failed attempt is recorded");
    drop(store);
    drop(first);
    let second = serve_data(data);
    let authority = second.authority.clone();
    let second_attempt = received
        .recv_timeout(Duration::from_secs(20))
        .expect("the restarted Folio retries");
    let listed = folio(data).args(["token", "list"]).output().unwrap();
    let (status, _) = http_request(
        &authority,
        "GET",
        "/api/v1/experts",
        &[("Authorization", bearer.as_str())],
        "",
    );
    assert_eq!(status, 200);
    let revoked = folio(data).args(["token", "revoke", "1"]).output().unwrap();
    assert!(revoked.status.success(), "{}", text(&revoked));
    let (after_revoke, _) = http_request(
        &authority,
        "GET",
        "/api/v1/experts",
        &[("Authorization", bearer.as_str())],
        "",
    );
    drop(second);

    assert!(
        text(&listed).contains("Partner sync") && !text(&listed).contains("never"),
        "{}",
        text(&listed)
    );
    assert_eq!(after_revoke, 401);
    for attempt in [&first_attempt, &second_attempt] {
        let (head, body) = attempt.split_once("\r\n\r\n").unwrap();
        assert!(body.contains("\"event\":\"article.published\""), "{body}");
        assert!(body.contains("announced-to-partners"));
        let signature = header_of(head, "folio-signature");
        let t: i64 = signature
            .strip_prefix("t=")
            .and_then(|s| s.split(',').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert_eq!(
            signature,
            folio_web::webhooks::signature(webhook_secret, t, body)
        );
        assert_eq!(header_of(head, "folio-delivery"), "1");
    }
}
