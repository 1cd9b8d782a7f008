//! Several `folio serve` processes on one PostgreSQL database, as a web
//! team runs them behind a load balancer.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use folio_core::{ArticleStatus, LanguageCode, Slug, Timestamp};
use folio_test_db::TestPostgres;

use crate::{fixtures, folio, serve, text, user_command};

/// How long a write on one node may take to show on another.
const WITHIN: Duration = Duration::from_secs(2);
const SEED: &str = "putin-no-ally-war-terror-2024";
const PASSWORD: &str = "a long enough password";

/// One `folio serve` with a data directory (search index) of its own.
struct Node {
    child: Child,
    authority: String,
    _data: tempfile::TempDir,
}

impl Node {
    fn start(database: &str) -> Node {
        let data = tempfile::tempdir().unwrap();
        let (child, authority, lines) =
            serve(folio(data.path()).env("FOLIO_DATABASE_URL", database));
        // Keep reading what it prints: a closed pipe would end it.
        std::thread::spawn(move || lines.for_each(drop));
        Node {
            child,
            authority,
            _data: data,
        }
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        request(&self.authority, "GET", path, cookie, None)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    /// `name=value` of a Set-Cookie header.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .find(|pair| pair.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    fn hidden(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_owned())
    }
}

fn request(
    authority: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&[(&str, &str)]>,
) -> Response {
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let body = form.map(|fields| {
        fields
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "+").replace('@', "%40")))
            .collect::<Vec<_>>()
            .join("&")
    });
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nOrigin: http://{authority}\r\n"
    );
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if let Some(body) = &body {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    if let Some(body) = &body {
        stream.write_all(body.as_bytes()).unwrap();
    }
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Logs in on a node; returns the session cookie (`folio_session=…`).
fn log_in(node: &Node, email: &str) -> String {
    let form = node.get("/admin/login", None);
    let login_cookie = form
        .cookie("folio_login")
        .expect("the login form sets its token");
    let token = form.hidden("_csrf").expect("the login form has a token");
    let answer = request(
        &node.authority,
        "POST",
        "/admin/login",
        Some(&login_cookie),
        Some(&[
            ("_csrf", &token),
            ("email", email),
            ("password", PASSWORD),
            ("next", "/admin"),
        ]),
    );
    assert_eq!(answer.status, 303, "{}", answer.body);
    answer.cookie("folio_session").expect("a session cookie")
}

/// Polls `check` until it holds or `WITHIN` has passed; returns how long it took.
fn within(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    loop {
        if check() {
            return started.elapsed();
        }
        assert!(started.elapsed() < WITHIN, "{what}: not within {WITHIN:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn store(database: &TestPostgres) -> folio_db::Store {
    folio_db::Store::open(database.url()).unwrap()
}

fn seed_id(store: &folio_db::Store) -> folio_core::ArticleId {
    let language = LanguageCode::parse("en").unwrap();
    let slug = Slug::parse(SEED).unwrap();
    store
        .read(|c| folio_db::article_id_at(c, &language, &slug))
        .unwrap()
        .unwrap()
}

/// The seed articles in the database.
fn import_seeds(database: &TestPostgres) {
    let setup = tempfile::tempdir().unwrap();
    let imported = folio(setup.path())
        .env("FOLIO_DATABASE_URL", database.url())
        .arg("import")
        .arg(fixtures("seeds"))
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", text(&imported));
}

fn add_editor(database: &str) {
    let data = tempfile::tempdir().unwrap();
    let args = [
        "--database",
        database,
        "add",
        "--email",
        "ed@example.org",
        "--role",
        "editor",
    ];
    let added = user_command(data.path(), &args, &format!("{PASSWORD}\n"));
    assert!(added.status.success(), "{}", text(&added));
}

#[test]
fn a_write_on_one_node_shows_on_another_within_two_seconds_and_sessions_work_anywhere() {
    let database = TestPostgres::new();
    import_seeds(&database);
    add_editor(database.url());
    let node_a = Node::start(database.url());
    let node_b = Node::start(database.url());
    let id = seed_id(&store(&database)).0;
    let page = format!("/policy-analysis/{SEED}");
    let in_search = |node: &Node| node.get("/search?q=kremlin", None).body.contains(&page);
    let in_feed = |node: &Node| node.get("/feed.atom", None).body.contains(SEED);
    assert_eq!(node_b.get(&page, None).status, 200);

    // A session made on node A is good on node B: sessions are rows.
    let session = log_in(&node_a, "ed@example.org");
    let editor = node_b.get(&format!("/admin/articles/{id}"), Some(&session));
    assert_eq!(editor.status, 200, "{}", editor.body);
    let token = editor
        .hidden("_csrf")
        .expect("the editor carries the CSRF token");

    let workflow = |node: &Node, action: &str| {
        let answer = request(
            &node.authority,
            "POST",
            &format!("/admin/articles/{id}/workflow"),
            Some(&session),
            Some(&[("_csrf", &token), ("action", action)]),
        );
        assert_eq!(answer.status, 303, "{action}: {}", answer.body);
    };

    workflow(&node_a, "archive");
    let gone = within("archived on A, gone from B's page, search and feed", || {
        node_b.get(&page, None).status == 404 && !in_search(&node_b) && !in_feed(&node_b)
    });
    workflow(&node_a, "publish");
    let back = within("published on A, on B's page, search and feed", || {
        node_b.get(&page, None).status == 200 && in_search(&node_b) && in_feed(&node_b)
    });
    println!("node B followed node A's archive in {gone:?} and publish in {back:?}");
}

/// A corpus large enough that an import is still writing when it is killed.
fn bulk_pages(dir: &Path, count: usize) {
    let seed = std::fs::read_to_string(fixtures("seeds").join("002_978dccf3409b9bcb.txt")).unwrap();
    let title = "# Putin Is No Ally in the War on Terror in 2024";
    for n in 0..count {
        let page = seed.replacen(title, &format!("# Bulk piece number {n} on Russia"), 1);
        std::fs::write(dir.join(format!("bulk_{n:05}.txt")), page).unwrap();
    }
}

#[test]
fn killing_a_writer_mid_import_leaves_nothing_half_written_and_other_nodes_serving() {
    let database = TestPostgres::new();
    let pages = tempfile::tempdir().unwrap();
    bulk_pages(pages.path(), 4000);
    let node_b = Node::start(database.url());
    let writer_data = tempfile::tempdir().unwrap();
    let mut writer = folio(writer_data.path())
        .env("FOLIO_DATABASE_URL", database.url())
        .arg("import")
        .arg(pages.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let store = store(&database);
    let count = || {
        store
            .read(|c| folio_db::count_articles(c, folio_db::Visibility::All))
            .unwrap()
    };
    let started = Instant::now();
    while count() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the import never committed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    writer.kill().unwrap(); // SIGKILL, mid-way through a later batch
    let status = writer.wait().unwrap();
    assert!(
        !status.success(),
        "the import was still running when killed"
    );

    let kept = count();
    assert!(kept < 4000, "killed before the end ({kept} kept)");
    // Batches commit whole: a killed batch leaves none of its pages.
    assert_eq!(kept % 256, 0, "{kept} articles: a batch was half-written");
    let orphans = store
        .read(|c| {
            let row = c.query_one(
                "SELECT
                   (SELECT COUNT(*) FROM articles a WHERE NOT EXISTS
                      (SELECT 1 FROM path_slugs p WHERE p.language = a.language AND p.slug = a.slug)),
                   (SELECT COUNT(*) FROM articles a WHERE NOT EXISTS
                      (SELECT 1 FROM import_sources s WHERE s.article_id = a.id)),
                   (SELECT COUNT(*) FROM articles a WHERE NOT EXISTS
                      (SELECT 1 FROM article_authors w WHERE w.article_id = a.id)),
                   (SELECT COUNT(*) FROM path_slugs p WHERE p.kind = 'article' AND NOT EXISTS
                      (SELECT 1 FROM articles a WHERE a.language = p.language AND a.slug = p.slug))",
                &[],
            )?;
            (0..4).map(|i| row.int(i)).collect::<folio_db::StoreResult<Vec<_>>>()
        })
        .unwrap();
    assert_eq!(orphans, [0, 0, 0, 0], "every article is whole");

    // Node B never noticed, and its index follows what was committed.
    assert_eq!(node_b.get("/", None).status, 200);
    let mut ready = node_b.get("/readyz", None);
    let waited = Instant::now();
    while ready.status != 200 && waited.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(200));
        ready = node_b.get("/readyz", None);
    }
    assert_eq!(ready.status, 200, "{}", ready.body);
    let piece = node_b.get("/policy-analysis/bulk-piece-number-0-russia", None);
    assert_eq!(piece.status, 200);
}

#[test]
fn a_scheduled_article_is_published_once_with_three_nodes_running() {
    let database = TestPostgres::new();
    import_seeds(&database);
    let nodes: Vec<Node> = (0..3).map(|_| Node::start(database.url())).collect();
    let store = store(&database);
    let id = seed_id(&store);
    let due = Timestamp::now() + Duration::from_millis(1500);
    let scheduled_at = store
        .write(|c| {
            folio_db::set_article_status(
                c,
                id,
                ArticleStatus::Scheduled,
                Some(due),
                "2024-04-05".parse().unwrap(),
                Timestamp::now(),
            )?;
            folio_db::latest_change(c)
        })
        .unwrap();
    let page = format!("/policy-analysis/{SEED}");
    for node in &nodes {
        assert_eq!(
            node.get(&page, None).status,
            404,
            "scheduled, not yet public"
        );
    }
    let started = Instant::now();
    while store
        .read(|c| folio_db::editorial_state(c, id))
        .unwrap()
        .unwrap()
        .status
        != ArticleStatus::Published
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never published"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Every node has ticked at least twice more since.
    std::thread::sleep(Duration::from_millis(2500));
    let (revisions, audits, changes) = store
        .read(|c| {
            let revisions = folio_db::list_revisions(c, id)?
                .iter()
                .filter(|r| r.note == "Published as scheduled")
                .count();
            let audits = folio_db::list_audit(
                c,
                Some("article.publish"),
                folio_core::PageRequest::new(1, 50),
            )?
            .total;
            let changes = folio_db::changes_since(c, scheduled_at, 100)?
                .iter()
                .filter(|change| change.entity_id == id.0)
                .count();
            Ok((revisions, audits, changes))
        })
        .unwrap();
    assert_eq!(
        (revisions, audits, changes),
        (1, 1, 1),
        "published exactly once"
    );
    let mut per_node = HashMap::new();
    for (n, node) in nodes.iter().enumerate() {
        per_node.insert(n, node.get(&page, None).status);
    }
    assert!(
        per_node.values().all(|status| *status == 200),
        "{per_node:?}"
    );
}
