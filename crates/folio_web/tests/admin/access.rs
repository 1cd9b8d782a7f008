//! Who may reach what: every admin route × every role, and the checks on
//! one article.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use folio_core::Role;
use folio_web::admin::ROUTES;

use crate::{Browser, TestApp, as_pairs, editor_fields, with_field};

/// Who the test expects to get through, written out independently of the
/// router's own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nobody,
    AnyAccount,
    Editor,
    Admin,
}

/// Every admin route. Destructive ones come last, so they do not take away
/// what the others use.
const EXPECTED: &[(&str, &str, Needs)] = &[
    ("GET", "/admin/login", Needs::Nobody),
    ("POST", "/admin/login", Needs::Nobody),
    ("GET", "/admin/assets/{name}", Needs::Nobody),
    ("GET", "/admin", Needs::AnyAccount),
    ("GET", "/admin/account", Needs::AnyAccount),
    ("POST", "/admin/account/password", Needs::AnyAccount),
    ("GET", "/admin/articles", Needs::AnyAccount),
    ("GET", "/admin/articles/new", Needs::AnyAccount),
    ("POST", "/admin/articles/new", Needs::AnyAccount),
    ("GET", "/admin/articles/{id}", Needs::AnyAccount),
    ("POST", "/admin/articles/{id}", Needs::AnyAccount),
    ("GET", "/admin/articles/{id}/revisions", Needs::AnyAccount),
    ("GET", "/admin/articles/{id}/diff", Needs::AnyAccount),
    (
        "POST",
        "/admin/articles/{id}/revisions/{revision}/restore",
        Needs::AnyAccount,
    ),
    ("POST", "/admin/articles/{id}/workflow", Needs::AnyAccount),
    ("POST", "/admin/preview", Needs::AnyAccount),
    ("GET", "/admin/slug-check", Needs::AnyAccount),
    ("GET", "/admin/media", Needs::AnyAccount),
    ("POST", "/admin/media", Needs::AnyAccount),
    ("POST", "/admin/media/{id}", Needs::Editor),
    ("GET", "/admin/experts", Needs::Editor),
    ("GET", "/admin/experts/new", Needs::Editor),
    ("POST", "/admin/experts/new", Needs::Editor),
    ("GET", "/admin/experts/{id}", Needs::Editor),
    ("POST", "/admin/experts/{id}", Needs::Editor),
    ("GET", "/admin/taxonomy/{kind}", Needs::Editor),
    ("POST", "/admin/taxonomy/{kind}", Needs::Editor),
    ("GET", "/admin/users", Needs::Admin),
    ("POST", "/admin/users", Needs::Admin),
    ("POST", "/admin/users/{id}", Needs::Admin),
    ("POST", "/admin/users/{id}/unlock", Needs::Admin),
    ("GET", "/admin/audit", Needs::Admin),
    ("GET", "/admin/redirects", Needs::Admin),
    ("POST", "/admin/redirects", Needs::Admin),
    ("POST", "/admin/redirects/delete", Needs::Admin),
    ("GET", "/admin/tokens", Needs::Admin),
    ("POST", "/admin/tokens", Needs::Admin),
    ("POST", "/admin/tokens/{id}/revoke", Needs::Admin),
    ("GET", "/admin/webhooks", Needs::Admin),
    ("POST", "/admin/webhooks", Needs::Admin),
    ("GET", "/admin/webhooks/{id}", Needs::Admin),
    ("POST", "/admin/webhooks/{id}", Needs::Admin),
    ("POST", "/admin/webhooks/{id}/secret", Needs::Admin),
    (
        "POST",
        "/admin/webhooks/{id}/deliveries/{delivery}/retry",
        Needs::Admin,
    ),
    ("POST", "/admin/webhooks/{id}/delete", Needs::Admin),
    ("POST", "/admin/articles/{id}/delete", Needs::Editor),
    ("POST", "/admin/users/{id}/delete", Needs::Admin),
    ("POST", "/admin/logout", Needs::AnyAccount),
    ("POST", "/admin/logout-everywhere", Needs::AnyAccount),
];

fn allows(needs: Needs, role: Option<Role>) -> bool {
    match (needs, role) {
        (Needs::Nobody, _) => true,
        (_, None) => false,
        (Needs::AnyAccount, Some(_)) => true,
        (Needs::Editor, Some(role)) => role != Role::Author,
        (Needs::Admin, Some(role)) => role == Role::Admin,
    }
}

#[test]
fn the_expectations_cover_exactly_the_routes_the_router_has() {
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let expected: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(routes, expected);
}

/// What one role's walk needs: an article its author wrote, a revision,
/// an expert, an upload, and an account to change.
struct Fixture {
    article: i64,
    revision: i64,
    expert: i64,
    media: i64,
    victim: i64,
    token: i64,
    webhook: i64,
    delivery: i64,
}

async fn fixture(app: &TestApp) -> Fixture {
    let author = app.login("author@example.org").await;
    let created = author
        .post(
            "/admin/articles/new",
            &[
                ("language", "en"),
                ("title", "An author's own draft"),
                ("body", "First words."),
            ],
        )
        .await;
    let article = crate::created_id(&created);
    let revision = app
        .store
        .read(|c| folio_db::list_revisions(c, folio_core::ArticleId(article)))
        .unwrap()[0]
        .id
        .0;
    let expert = app.store.read(folio_db::all_experts).unwrap()[0].id.0;
    let media = app
        .store
        .write(|c| {
            folio_db::save_media(
                c,
                &folio_db::NewMedia {
                    sha256: &"a".repeat(64),
                    content_type: "image/png",
                    extension: "png",
                    byte_size: 10,
                    width: 1,
                    height: 1,
                    alt_text: "A dot",
                    original_name: "dot.png",
                    uploaded_by: None,
                },
                folio_core::Timestamp::now(),
            )
        })
        .unwrap()
        .id
        .0;
    let victim = app.user("victim@example.org", Role::Author).id.0;
    let (token, webhook, delivery) = app
        .store
        .write(|c| {
            let now = folio_core::Timestamp::now();
            let token = folio_db::create_api_token(
                c,
                &folio_db::NewApiToken {
                    name: "walk",
                    role: Role::Editor,
                    user: None,
                    secret_hash: "hash-of-a-walk-token",
                    secret_prefix: "folio_walk",
                    created_by: "test",
                },
                now,
            )?;
            let webhook = folio_db::create_webhook(
                c,
                "http://127.0.0.1:9/hook",
                "",
                &folio_db::WebhookEvent::ALL,
                "secret",
                now,
            )?;
            folio_db::enqueue(
                c,
                folio_db::WebhookEvent::ExpertChanged,
                serde_json::Map::new(),
                now,
            )?;
            let delivery = folio_db::list_deliveries(c, webhook.id, 1)?[0].id;
            Ok((token.id, webhook.id, delivery))
        })
        .unwrap();
    Fixture {
        token,
        webhook,
        delivery,
        article,
        revision,
        expert,
        media,
        victim,
    }
}

fn concrete(path: &str, f: &Fixture) -> String {
    let id = if path.starts_with("/admin/experts/") {
        f.expert
    } else if path.starts_with("/admin/media/") {
        f.media
    } else if path.starts_with("/admin/users/") {
        f.victim
    } else if path.starts_with("/admin/tokens/") {
        f.token
    } else if path.starts_with("/admin/webhooks/") {
        f.webhook
    } else {
        f.article
    };
    path.replace("{name}", "admin.css")
        .replace("{kind}", "topics")
        .replace("{revision}", &f.revision.to_string())
        .replace("{delivery}", &f.delivery.to_string())
        .replace("{id}", &id.to_string())
}

/// Whether the guard turned the request away (rather than the handler
/// answering it, with whatever status).
fn refused(response: &crate::TestResponse) -> bool {
    let to_login = response.status == StatusCode::SEE_OTHER
        && response.location().starts_with("/admin/login?next=");
    let forbidden = response.status == StatusCode::FORBIDDEN
        && (response.body.contains("Your role does not allow this")
            || response.body.contains("Your session has ended"));
    to_login || forbidden
}

async fn walk(role: Option<Role>) {
    let app = TestApp::new();
    app.user("admin@example.org", Role::Admin);
    app.user("editor@example.org", Role::Editor);
    app.user("author@example.org", Role::Author);
    let f = fixture(&app).await;
    for (method, template, needs) in EXPECTED {
        let path = concrete(template, &f);
        let browser = match role {
            Some(role) => app.login(&format!("{}@example.org", role.as_str())).await,
            None => Browser::new(&app),
        };
        let response = match *method {
            "GET" => browser.get(&path).await,
            _ if role.is_none() => {
                browser
                    .post_raw(&path, &[], Some("http://127.0.0.1:8080"))
                    .await
            }
            _ => browser.post(&path, &[]).await,
        };
        let expected = allows(*needs, role);
        let who = role.map_or("anonymous", Role::as_str);
        assert_eq!(
            !refused(&response),
            expected,
            "{who} {method} {path}: got {} {}",
            response.status,
            response.location()
        );
        if expected {
            assert!(
                !matches!(
                    response.status,
                    StatusCode::NOT_FOUND
                        | StatusCode::METHOD_NOT_ALLOWED
                        | StatusCode::INTERNAL_SERVER_ERROR
                ),
                "{who} {method} {path}: the handler failed with {}: {}",
                response.status,
                response.body
            );
        } else if role.is_none() && *method == "GET" {
            assert!(response.location().starts_with("/admin/login?next="));
        } else {
            assert_eq!(
                response.status,
                StatusCode::FORBIDDEN,
                "{who} {method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn anonymous_visitors_reach_only_the_login_page() {
    walk(None).await;
}

#[tokio::test]
async fn authors_reach_writing_but_not_catalogues_or_accounts() {
    walk(Some(Role::Author)).await;
}

#[tokio::test]
async fn editors_reach_everything_but_accounts_and_the_audit_log() {
    walk(Some(Role::Editor)).await;
}

#[tokio::test]
async fn admins_reach_everything() {
    walk(Some(Role::Admin)).await;
}

#[tokio::test]
async fn authors_cannot_open_change_or_publish_other_peoples_articles() {
    let app = TestApp::new();
    app.user("author@example.org", Role::Author);
    app.user("other@example.org", Role::Author);
    app.user("editor@example.org", Role::Editor);
    let seed = app.article_id("en", "russias-questionable-counterterrorism-record");
    let author = app.login("author@example.org").await;
    for path in [
        format!("/admin/articles/{seed}"),
        format!("/admin/articles/{seed}/revisions"),
    ] {
        assert_eq!(
            author.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let before = app
        .store
        .read(|c| folio_db::editorial_state(c, folio_core::ArticleId(seed)))
        .unwrap()
        .unwrap();
    let response = author
        .post(
            &format!("/admin/articles/{seed}"),
            &[
                ("title", "Hijacked"),
                ("version", &before.edit_version.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    let response = author
        .post(
            &format!("/admin/articles/{seed}/workflow"),
            &[("action", "archive")],
        )
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    let after = app
        .store
        .read(|c| folio_db::editorial_state(c, folio_core::ArticleId(seed)))
        .unwrap()
        .unwrap();
    assert_eq!(before, after, "nothing changed");

    // Their own draft: they edit and submit it, then it is the editors'.
    let created = author
        .post(
            "/admin/articles/new",
            &[("language", "en"), ("title", "Mine"), ("body", "Text.")],
        )
        .await;
    let mine = crate::created_id(&created);
    let publish = author
        .post(
            &format!("/admin/articles/{mine}/workflow"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(
        publish.status,
        StatusCode::FORBIDDEN,
        "authors never publish"
    );
    let submit = author
        .post(
            &format!("/admin/articles/{mine}/workflow"),
            &[("action", "submit")],
        )
        .await;
    assert_eq!(submit.status, StatusCode::SEE_OTHER, "{}", submit.body);
    let page = author.get(&format!("/admin/articles/{mine}")).await;
    let fields = with_field(
        editor_fields(&page.body),
        "title",
        "Changed after submitting",
    );
    let response = author
        .post(&format!("/admin/articles/{mine}"), &as_pairs(&fields))
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);

    // Another author does not even see it.
    let other = app.login("other@example.org").await;
    assert_eq!(
        other.get(&format!("/admin/articles/{mine}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(!other.get("/admin/articles").await.body.contains("Mine"));
    // The editor publishes it.
    let editor = app.login("editor@example.org").await;
    let publish = editor
        .post(
            &format!("/admin/articles/{mine}/workflow"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(publish.status, StatusCode::SEE_OTHER, "{}", publish.body);
}
