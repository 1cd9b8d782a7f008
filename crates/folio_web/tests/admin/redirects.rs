//! Admins keep the redirect table; renaming an article keeps its old
//! address working; the importer's legacy forms answer.

use axum::http::StatusCode;
use folio_core::Role;

use crate::*;

const SEED: &str = "russias-questionable-counterterrorism-record";

#[tokio::test]
async fn an_admin_adds_lists_filters_and_removes_redirects() {
    let app = TestApp::new();
    app.user("admin@example.org", Role::Admin);
    let admin = app.login("admin@example.org").await;
    let saved = admin
        .post(
            "/admin/redirects",
            &[
                ("from", "/events/2019/old-panel/"),
                ("to", "/policy-analysis/terrorism"),
                ("status", "302"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("now leads to"), "{}", saved.body);

    let public = app.get("/events/2019/old-panel?ref=mail").await;
    assert_eq!(public.status, StatusCode::FOUND);
    assert_eq!(public.location(), "/policy-analysis/terrorism?ref=mail");

    let listed = admin.get("/admin/redirects?q=old-panel").await;
    assert!(
        listed
            .body
            .contains(&format!("<code>{}</code>", shown("/events/2019/old-panel"))),
        "{}",
        listed.body
    );
    let imported = admin.get("/admin/redirects?q=view").await;
    assert!(
        imported.body.contains(&format!(
            "<code>{}</code>",
            shown(&format!("/policy-analysis/view/{SEED}"))
        )),
        "the importer's legacy forms are listed"
    );
    let none = admin.get("/admin/redirects?q=nothing-like-this").await;
    assert!(none.body.contains("No redirects match"), "{}", none.body);

    let removed = admin
        .post(
            "/admin/redirects/delete",
            &[("from", "/events/2019/old-panel")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert!(removed.body.contains("no longer redirects"));
    assert_eq!(
        app.get("/events/2019/old-panel").await.status,
        StatusCode::NOT_FOUND
    );
    let actions = app.audit_actions();
    assert!(
        actions.contains(&"redirect.saved".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"redirect.deleted".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_bad_redirect_comes_back_with_the_text_and_the_reason() {
    let app = TestApp::new();
    app.user("admin@example.org", Role::Admin);
    let admin = app.login("admin@example.org").await;
    admin
        .post("/admin/redirects", &[("from", "/a"), ("to", "/b")])
        .await;
    let looped = admin
        .post("/admin/redirects", &[("from", "/b"), ("to", "/a")])
        .await;
    assert_eq!(looped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(looped.body.contains("would make a loop"), "{}", looped.body);
    // The add form, not the table's rows, holds what was typed.
    assert!(
        looped
            .body
            .contains(&shown(r#"id="from" name="from" value="/b""#)),
        "{}",
        looped.body
    );
    assert!(
        looped
            .body
            .contains(&shown(r#"id="to" name="to" value="/a""#)),
        "{}",
        looped.body
    );

    let foreign = admin
        .post(
            "/admin/redirects",
            &[("from", "old-page.html"), ("to", "/policy-analysis")],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        foreign.body.contains("Enter a path on this site"),
        "{}",
        foreign.body
    );
    assert!(
        foreign
            .body
            .contains(r#"id="from" name="from" value="old-page.html""#),
        "{}",
        foreign.body
    );
}

#[tokio::test]
async fn a_renamed_article_keeps_its_old_address_and_its_legacy_form() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let id = app.article_id("en", SEED);
    let legacy = app.get(&format!("/policy-analysis/view/{SEED}")).await;
    assert_eq!(legacy.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(legacy.location(), format!("/policy-analysis/{SEED}"));

    let fields = editor_fields(&editor.get(&format!("/admin/articles/{id}")).await.body);
    let renamed = with_field(fields, "slug", "russia-counterterrorism-record");
    let saved = editor
        .post(&format!("/admin/articles/{id}"), &as_pairs(&renamed))
        .await;
    assert!(
        saved.status.is_redirection() || saved.status == StatusCode::OK,
        "{}",
        saved.body
    );

    let old = app.get(&format!("/policy-analysis/{SEED}")).await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        old.location(),
        "/policy-analysis/russia-counterterrorism-record"
    );
    // The legacy form follows the article to its new address in one hop.
    let legacy = app.get(&format!("/policy-analysis/view/{SEED}")).await;
    assert_eq!(
        legacy.location(),
        "/policy-analysis/russia-counterterrorism-record"
    );
    assert_eq!(
        app.get("/policy-analysis/russia-counterterrorism-record")
            .await
            .status,
        StatusCode::OK
    );
}

/// Text as the admin's templates print it: they escape `/` too.
fn shown(text: &str) -> String {
    text.replace('/', "&#x2f;")
}
