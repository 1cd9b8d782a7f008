//! Logging in: sessions, CSRF, expiry, rate limits and lock-out.

use axum::http::StatusCode;
use folio_core::Role;
use folio_web::admin::AdminSettings;
use jiff::SignedDuration;

use crate::{Browser, PASSWORD, TestApp, hidden_value};

#[tokio::test]
async fn a_session_cookie_is_http_only_lax_and_only_its_hash_is_stored() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let browser = Browser::new(&app);
    let response = browser.login("Editor@Example.org ", PASSWORD).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/admin");
    let cookie = response
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("folio_session="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "served over plain http here");
    let token = cookie["folio_session=".len()..].split(';').next().unwrap();
    assert_eq!(token.len(), 64);
    let stored: Vec<String> = app
        .store
        .read(|c| {
            c.query("SELECT id_hash FROM sessions", &[])?
                .iter()
                .map(|r| r.string(0))
                .collect()
        })
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(
        stored[0], token,
        "the database never holds the cookie's value"
    );
    // The home page rendered once and served once from memory.
    for _ in 0..2 {
        assert_eq!(browser.get("/").await.status, StatusCode::OK);
    }
    let dashboard = browser.get("/admin").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("Dashboard"));
    assert!(dashboard.body.contains("Page cache"));
    assert!(
        dashboard
            .body
            .contains("1 served from memory, 1 rendered (50% from memory)"),
        "{}",
        dashboard.body
    );
    assert_eq!(dashboard.headers["cache-control"], "no-store");
    assert!(
        dashboard.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
}

#[tokio::test]
async fn failed_logins_get_one_generic_message_whatever_the_reason() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let wrong_password = Browser::new(&app)
        .login("editor@example.org", "not the password at all")
        .await;
    let unknown_account = Browser::new(&app)
        .login("nobody@example.org", "not the password at all")
        .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_account.status, StatusCode::UNAUTHORIZED);
    let message = |body: &str| {
        let start = body.find("role=\"alert\">").unwrap();
        body[start..start + 120].to_owned()
    };
    assert_eq!(
        message(&wrong_password.body),
        message(&unknown_account.body)
    );
    assert!(
        wrong_password.body.contains("value=\"editor@example.org\""),
        "the address typed is kept"
    );
}

#[tokio::test]
async fn state_changing_requests_need_the_sessions_token_and_our_origin() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let browser = app.login("editor@example.org").await;
    let token = browser.csrf().await;
    assert_eq!(token.len(), 64);
    let count = || {
        app.store
            .read(|c| {
                Ok(folio_db::list_terms(
                    c,
                    folio_core::TermKind::Topic,
                    &folio_core::LanguageCode::english(),
                )?
                .len())
            })
            .unwrap()
    };
    let before = count();
    // No token, a wrong token, another site's page: refused, nothing saved.
    let missing = browser
        .post_raw(
            "/admin/taxonomy/topics",
            &[("name", "Water Security")],
            Some("http://127.0.0.1:8080"),
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = post_topic(&browser, &"0".repeat(64), Some("http://127.0.0.1:8080")).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let cross_site = post_topic(&browser, &token, Some("https://attacker.example")).await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert!(cross_site.body.contains("another site"));
    assert_eq!(count(), before);
    // Another session's token is no good either.
    app.user("other@example.org", Role::Editor);
    let other = app.login("other@example.org").await;
    let stolen = post_topic(&browser, &other.csrf().await, Some("http://127.0.0.1:8080")).await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);
    // The real thing works.
    let ok = post_topic(&browser, &token, Some("http://127.0.0.1:8080")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(count(), before + 1);

    // The login form has its own token, tied to a cookie.
    let stranger = Browser::new(&app);
    let form = stranger.get("/admin/login").await;
    assert!(hidden_value(&form.body, "_csrf").is_some());
    let forged = stranger
        .post_raw(
            "/admin/login",
            &[
                ("_csrf", &"1".repeat(64)),
                ("email", "editor@example.org"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!stranger.has_cookie("folio_session"));
}

async fn post_topic(
    browser: &Browser<'_>,
    csrf: &str,
    origin: Option<&str>,
) -> crate::TestResponse {
    browser
        .post_raw(
            "/admin/taxonomy/topics",
            &[("_csrf", csrf), ("name", "Water Security")],
            origin,
        )
        .await
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::with_settings(AdminSettings {
        session_idle: SignedDuration::from_millis(1500),
        ..AdminSettings::default()
    });
    app.user("editor@example.org", Role::Editor);
    let browser = app.login("editor@example.org").await;
    assert_eq!(browser.get("/admin").await.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    let response = browser.get("/admin/articles").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/admin/login?next=%2Fadmin%2Farticles");
    let sessions = app
        .store
        .read(|c| c.query_one("SELECT COUNT(*) FROM sessions", &[])?.int(0))
        .unwrap();
    assert_eq!(sessions, 0, "the dead session is removed");
}

#[tokio::test]
async fn sessions_end_at_their_absolute_limit_however_busy() {
    let app = TestApp::with_settings(AdminSettings {
        session_lifetime: SignedDuration::from_millis(1500),
        ..AdminSettings::default()
    });
    app.user("editor@example.org", Role::Editor);
    let browser = app.login("editor@example.org").await;
    for _ in 0..3 {
        assert_eq!(browser.get("/admin").await.status, StatusCode::OK);
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(browser.get("/admin").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn too_many_failures_for_one_account_are_refused_for_a_while() {
    let app = TestApp::with_settings(AdminSettings {
        max_failures_per_account: 3,
        ..AdminSettings::default()
    });
    app.user("editor@example.org", Role::Editor);
    for _ in 0..3 {
        let response = Browser::new(&app)
            .login("editor@example.org", "wrong password!!")
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits out the window now, from anywhere.
    let limited = Browser::from_ip(&app, "198.51.100.7")
        .login("editor@example.org", PASSWORD)
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.body.contains("Too many failed attempts"));
    // Other accounts are unaffected.
    app.user("author@example.org", Role::Author);
    assert_eq!(
        Browser::new(&app)
            .login("author@example.org", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn too_many_failures_from_one_address_are_refused_for_a_while() {
    let app = TestApp::with_settings(AdminSettings {
        max_failures_per_ip: 4,
        ..AdminSettings::default()
    });
    app.user("editor@example.org", Role::Editor);
    for n in 0..4 {
        let response = Browser::from_ip(&app, "203.0.113.5")
            .login(&format!("guess{n}@example.org"), "wrong password!!")
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
    let limited = Browser::from_ip(&app, "203.0.113.5")
        .login("editor@example.org", PASSWORD)
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = Browser::from_ip(&app, "203.0.113.6")
        .login("editor@example.org", PASSWORD)
        .await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_until_an_admin_unlocks_it() {
    let app = TestApp::with_settings(AdminSettings {
        lock_after: 3,
        max_failures_per_account: 100,
        ..AdminSettings::default()
    });
    let admin = app.user("admin@example.org", Role::Admin);
    let editor = app.user("editor@example.org", Role::Editor);
    for _ in 0..3 {
        Browser::new(&app)
            .login("editor@example.org", "wrong password!!")
            .await;
    }
    let locked = Browser::new(&app)
        .login("editor@example.org", PASSWORD)
        .await;
    assert_eq!(
        locked.status,
        StatusCode::UNAUTHORIZED,
        "locked, the right password is refused"
    );
    assert!(app.audit_actions().contains(&"account.locked".to_owned()));
    let admin_browser = app.login(&admin.email).await;
    let users = admin_browser.get("/admin/users").await;
    assert!(users.body.contains("Locked"), "{}", users.body);
    let unlock = admin_browser
        .post(&format!("/admin/users/{}/unlock", editor.id.0), &[])
        .await;
    assert_eq!(unlock.status, StatusCode::OK, "{}", unlock.body);
    assert_eq!(
        Browser::new(&app)
            .login("editor@example.org", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(app.audit_actions().contains(&"user.unlocked".to_owned()));
}

#[tokio::test]
async fn logging_out_everywhere_and_changing_the_password_end_other_sessions() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let laptop = app.login("editor@example.org").await;
    let phone = app.login("editor@example.org").await;
    let tablet = app.login("editor@example.org").await;

    let bad = laptop
        .post(
            "/admin/account/password",
            &[
                ("current_password", "nope"),
                ("new_password", "short"),
                ("confirm_password", "other"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("This is not your current password"));
    let new_password = "a much longer new passphrase";
    let changed = laptop
        .post(
            "/admin/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(
        laptop.get("/admin").await.status,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        phone.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "others end"
    );
    assert_eq!(
        Browser::new(&app)
            .login("editor@example.org", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let tablet_again = Browser::new(&app);
    assert_eq!(
        tablet_again
            .login("editor@example.org", new_password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    drop(tablet);

    let out = laptop.post("/admin/logout-everywhere", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(laptop.get("/admin").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        tablet_again.get("/admin").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn logging_in_only_redirects_within_the_admin() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    for (next, expected) in [
        ("/admin/articles", "/admin/articles"),
        ("https://evil.example/", "/admin"),
        ("//evil.example/admin", "/admin"),
    ] {
        let browser = Browser::new(&app);
        let form = browser.get("/admin/login").await;
        let token = hidden_value(&form.body, "_csrf").unwrap();
        let response = browser
            .post_raw(
                "/admin/login",
                &[
                    ("_csrf", &token),
                    ("email", "editor@example.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
                None,
            )
            .await;
        assert_eq!(response.location(), expected, "{next}");
    }
}
