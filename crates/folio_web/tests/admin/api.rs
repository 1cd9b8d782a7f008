//! The JSON API (`/api/v1`): token scopes for every write × every role,
//! concurrency, the error shape, drafts never leaking, rate limits, CORS
//! and webhook delivery.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use folio_core::{Role, Timestamp};
use folio_web::api::{ApiAccess, ROUTES};
use serde_json::{Value, json};

use crate::{TestApp, TestResponse};

/// Who the test expects to get through each API route, written out apart
/// from the router's own table. Destructive routes come last.
const EXPECTED: &[(&str, &str, Needs)] = &[
    ("GET", "/api/v1/articles", Needs::Nobody),
    ("GET", "/api/v1/articles/{slug}", Needs::Nobody),
    ("GET", "/api/v1/articles/{slug}/translations", Needs::Nobody),
    ("GET", "/api/v1/experts", Needs::Nobody),
    ("GET", "/api/v1/experts/{slug}", Needs::Nobody),
    ("GET", "/api/v1/topics", Needs::Nobody),
    ("GET", "/api/v1/topics/{slug}", Needs::Nobody),
    ("GET", "/api/v1/regions", Needs::Nobody),
    ("GET", "/api/v1/regions/{slug}", Needs::Nobody),
    ("GET", "/api/v1/content-types", Needs::Nobody),
    ("GET", "/api/v1/programs", Needs::Nobody),
    ("GET", "/api/v1/search", Needs::Nobody),
    ("GET", "/api/v1/openapi.json", Needs::Nobody),
    ("POST", "/api/v1/articles", Needs::AnyToken),
    ("PUT", "/api/v1/articles/{slug}", Needs::AnyToken),
    ("POST", "/api/v1/articles/{slug}/submit", Needs::AnyToken),
    ("POST", "/api/v1/articles/{slug}/schedule", Needs::Editor),
    ("POST", "/api/v1/articles/{slug}/publish", Needs::Editor),
    ("POST", "/api/v1/articles/{slug}/archive", Needs::Editor),
    ("POST", "/api/v1/articles/{slug}/unpublish", Needs::Editor),
    ("PUT", "/api/v1/experts/{slug}", Needs::Editor),
    ("DELETE", "/api/v1/experts/{slug}", Needs::Editor),
    ("PUT", "/api/v1/topics/{slug}", Needs::Editor),
    ("DELETE", "/api/v1/topics/{slug}", Needs::Editor),
    ("PUT", "/api/v1/regions/{slug}", Needs::Editor),
    ("DELETE", "/api/v1/regions/{slug}", Needs::Editor),
    ("DELETE", "/api/v1/articles/{slug}", Needs::Editor),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nobody,
    AnyToken,
    Editor,
}

fn allows(needs: Needs, role: Option<Role>) -> bool {
    match (needs, role) {
        (Needs::Nobody, _) => true,
        (_, None) => false,
        (Needs::AnyToken, Some(_)) => true,
        (Needs::Editor, Some(role)) => role != Role::Author,
    }
}

#[test]
fn the_expectations_cover_exactly_the_routes_the_router_and_the_description_have() {
    let table: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let expected: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(table, expected);
    // The OpenAPI description is generated from the router's own routes.
    let doc: Value = serde_json::from_str(&folio_web::api::openapi_document()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut described = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                described.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    assert_eq!(described, expected);
    for route in ROUTES {
        let needs = EXPECTED
            .iter()
            .find(|(m, p, _)| *m == route.method && *p == route.path)
            .unwrap()
            .2;
        let same = matches!(
            (needs, route.access),
            (Needs::Nobody, ApiAccess::Public)
                | (Needs::AnyToken, ApiAccess::Token)
                | (Needs::Editor, ApiAccess::Editor)
        );
        assert!(same, "{} {}", route.method, route.path);
    }
}

/// A client of the API, with or without a token.
pub struct Client<'a> {
    app: &'a TestApp,
    token: Option<String>,
}

impl<'a> Client<'a> {
    pub fn anonymous(app: &'a TestApp) -> Client<'a> {
        Client { app, token: None }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = &self.token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(tag) = if_match {
            builder = builder.header(header::IF_MATCH, tag);
        }
        let body = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.app.send(builder.body(body).unwrap()).await
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send("GET", path, None, None).await
    }

    /// The current `ETag` of a resource, as this client reads it.
    pub async fn etag(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}: {}", response.body);
        response.headers[header::ETAG].to_str().unwrap().to_owned()
    }
}

/// Makes a token in the store, as `folio token create` does; returns its
/// secret.
pub fn token(app: &TestApp, role: Role, user: Option<&str>) -> String {
    let secret = folio_web::api::new_token_secret();
    app.store
        .write(|c| {
            let user = match user {
                Some(email) => Some(folio_db::user_by_email(c, email)?.unwrap().id),
                None => None,
            };
            folio_db::create_api_token(
                c,
                &folio_db::NewApiToken {
                    name: "test",
                    role,
                    user,
                    secret_hash: &secret.hash,
                    secret_prefix: &secret.prefix,
                    created_by: "test",
                },
                Timestamp::now(),
            )
        })
        .unwrap();
    secret.secret
}

fn json_of(response: &TestResponse) -> Value {
    serde_json::from_str(&response.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", response.body))
}

/// Tokens for an author (with an account), an editor (a service) and an
/// admin (with an account).
fn clients(app: &TestApp) -> [(Role, String); 3] {
    app.user("author@example.org", Role::Author);
    app.user("admin@example.org", Role::Admin);
    [
        (
            Role::Author,
            token(app, Role::Author, Some("author@example.org")),
        ),
        (Role::Editor, token(app, Role::Editor, None)),
        (
            Role::Admin,
            token(app, Role::Admin, Some("admin@example.org")),
        ),
    ]
}

/// Every API route × anonymous, author, editor and admin: a role the
/// route does not allow is turned away by the guard (401 without a token,
/// 403 with one); a role it allows gets a real answer.
#[tokio::test]
async fn every_route_for_every_role() {
    for role in [
        None,
        Some(Role::Author),
        Some(Role::Editor),
        Some(Role::Admin),
    ] {
        let app = TestApp::new();
        let tokens = clients(&app);
        let secret = |r: Role| tokens.iter().find(|(t, _)| *t == r).unwrap().1.clone();
        let admin = Client {
            app: &app,
            token: Some(secret(Role::Admin)),
        };
        let author = Client {
            app: &app,
            token: Some(secret(Role::Author)),
        };
        // The author's own draft, which every article route below works on.
        let made = author
            .send(
                "POST",
                "/api/v1/articles",
                Some(&json!({"title": "Walk draft"})),
                None,
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        for (kind, slug) in [
            ("experts", "walk-expert"),
            ("topics", "walk-topic"),
            ("regions", "walk-region"),
        ] {
            let response = admin
                .send(
                    "PUT",
                    &format!("/api/v1/{kind}/{slug}"),
                    Some(&json!({"name": "Walk"})),
                    None,
                )
                .await;
            assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        }
        let client = Client {
            app: &app,
            token: role.map(secret),
        };
        let who = role.map_or("anonymous", Role::as_str);
        for (method, template, needs) in EXPECTED {
            let path = template.replace(
                "{slug}",
                match *template {
                    t if t.starts_with("/api/v1/experts/") => "walk-expert",
                    t if t.starts_with("/api/v1/topics/") => "walk-topic",
                    t if t.starts_with("/api/v1/regions/") => "walk-region",
                    // Reads go to a published piece anyone may see.
                    _ if *method == "GET" => "putin-no-ally-war-terror-2024",
                    _ => "walk-draft",
                },
            );
            let reads_at = if path.starts_with("/api/v1/articles/") {
                "/api/v1/articles/walk-draft".to_owned()
            } else {
                path.clone()
            };
            let if_match = match *method {
                "GET" => None,
                _ if *template == "/api/v1/articles" => None,
                _ => Some(admin.etag(&reads_at).await),
            };
            let body = match (*method, *template) {
                ("POST", "/api/v1/articles") => Some(json!({"title": format!("Made by {who}")})),
                ("PUT", "/api/v1/articles/{slug}") => {
                    Some(json!({"title": "Walk draft", "deck": "Changed"}))
                }
                ("PUT", _) => Some(json!({"name": "Walk, renamed"})),
                (_, "/api/v1/articles/{slug}/schedule") => Some(
                    json!({"publish_at": (Timestamp::now() + jiff::SignedDuration::from_hours(24)).to_string()}),
                ),
                _ => None,
            };
            let response = client
                .send(method, &path, body.as_ref(), if_match.as_deref())
                .await;
            let expected = allows(*needs, role);
            if expected {
                assert!(
                    !matches!(
                        response.status,
                        StatusCode::UNAUTHORIZED
                            | StatusCode::FORBIDDEN
                            | StatusCode::NOT_FOUND
                            | StatusCode::METHOD_NOT_ALLOWED
                            | StatusCode::PRECONDITION_REQUIRED
                            | StatusCode::PRECONDITION_FAILED
                            | StatusCode::INTERNAL_SERVER_ERROR
                    ),
                    "{who} {method} {path}: {} {}",
                    response.status,
                    response.body
                );
            } else {
                let want = if role.is_none() {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    response.status, want,
                    "{who} {method} {path}: {}",
                    response.body
                );
                let error = &json_of(&response)["error"];
                assert!(error["code"] == "unauthorized" || error["code"] == "forbidden");
            }
        }
    }
}

#[tokio::test]
async fn two_clients_cannot_overwrite_each_other_silently() {
    let app = TestApp::new();
    app.user("admin@example.org", Role::Admin);
    let editor = Client {
        app: &app,
        token: Some(token(&app, Role::Editor, None)),
    };
    let path = "/api/v1/articles/putin-no-ally-war-terror-2024";
    let read = editor.get(path).await;
    let tag = read.headers[header::ETAG].to_str().unwrap().to_owned();
    let mut body = json!({"title": "Putin Is No Ally in the War on Terror in 2024", "deck": "First client's deck",
        "authors": ["anna-borshchevskaya"]});
    // Without If-Match a write to an existing article is refused.
    let blind = editor.send("PUT", path, Some(&body), None).await;
    assert_eq!(blind.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(json_of(&blind)["error"]["code"], "precondition_required");
    let first = editor.send("PUT", path, Some(&body), Some(&tag)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(json_of(&first)["deck"], "First client's deck");
    let new_tag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    assert_ne!(new_tag, tag);
    // The second client still holds the old tag: refused, nothing written.
    body["deck"] = json!("Second client's deck");
    let second = editor.send("PUT", path, Some(&body), Some(&tag)).await;
    assert_eq!(second.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        json_of(&editor.get(path).await)["deck"],
        "First client's deck"
    );
    // Reading the new tag, the second client writes knowingly.
    let again = editor.send("PUT", path, Some(&body), Some(&new_tag)).await;
    assert_eq!(again.status, StatusCode::OK);
    // PUT is idempotent: the same body again changes nothing and keeps no
    // new revision.
    let id = app.article_id("en", "putin-no-ally-war-terror-2024");
    let revisions = || {
        app.store
            .read(|c| folio_db::list_revisions(c, folio_core::ArticleId(id)))
            .unwrap()
            .len()
    };
    let before = revisions();
    let tag = again.headers[header::ETAG].to_str().unwrap().to_owned();
    let same = editor.send("PUT", path, Some(&body), Some(&tag)).await;
    assert_eq!(same.status, StatusCode::OK);
    assert_eq!(same.headers[header::ETAG].to_str().unwrap(), tag);
    assert_eq!(revisions(), before);
    // Reads answer If-None-Match with 304.
    let cached = app
        .send(
            Request::get(path)
                .header(header::IF_NONE_MATCH, &tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(cached.status, StatusCode::NOT_MODIFIED);
    // Every API write is audited and kept as a revision.
    assert!(app.audit_actions().iter().any(|a| a == "article.updated"));
}

#[tokio::test]
async fn drafts_never_leak_and_authors_touch_only_their_own() {
    let app = TestApp::new();
    let [(_, author_secret), (_, editor_secret), _] = clients(&app);
    app.user("other@example.org", Role::Author);
    let author = Client {
        app: &app,
        token: Some(author_secret),
    };
    let other = Client {
        app: &app,
        token: Some(token(&app, Role::Author, Some("other@example.org"))),
    };
    let editor = Client {
        app: &app,
        token: Some(editor_secret),
    };
    let anonymous = Client::anonymous(&app);
    let made = author
        .send("POST", "/api/v1/articles", Some(&json!({"title": "A secret draft", "slug": "a-secret-draft", "body_markdown": "Not yet."})), None)
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    assert_eq!(json_of(&made)["status"], "draft");
    let path = "/api/v1/articles/a-secret-draft";
    assert_eq!(anonymous.get(path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(author.get(path).await.status, StatusCode::OK);
    let listed = anonymous.get("/api/v1/articles?limit=100").await;
    assert!(!listed.body.contains("a-secret-draft"));
    assert_eq!(
        anonymous.get("/api/v1/articles?status=draft").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        editor
            .get("/api/v1/articles?status=draft")
            .await
            .body
            .contains("a-secret-draft")
    );
    assert!(
        author
            .get("/api/v1/articles?status=draft")
            .await
            .body
            .contains("a-secret-draft")
    );
    assert!(
        !other
            .get("/api/v1/articles?status=draft")
            .await
            .body
            .contains("a-secret-draft")
    );
    let search = anonymous.get("/api/v1/search?q=secret").await;
    assert!(!search.body.contains("a-secret-draft"));
    // An author cannot publish, even their own piece.
    let tag = author.etag(path).await;
    let publish = author
        .send("POST", &format!("{path}/publish"), None, Some(&tag))
        .await;
    assert_eq!(publish.status, StatusCode::FORBIDDEN);
    // Once submitted, the piece is the editors': the author cannot change it.
    let submitted = author
        .send("POST", &format!("{path}/submit"), None, Some(&tag))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let tag = author.etag(path).await;
    let change = author
        .send(
            "PUT",
            path,
            Some(&json!({"title": "A secret draft", "deck": "More"})),
            Some(&tag),
        )
        .await;
    assert_eq!(change.status, StatusCode::FORBIDDEN);
    // A draft translation is not listed under its published original, to
    // anyone (one representation, one ETag).
    let translation = editor
        .send(
            "POST",
            "/api/v1/articles",
            Some(
                &json!({"title": "ترجمة", "slug": "draft-translation", "language": "ar",
                "translations": [{"language": "en", "slug": "putin-no-ally-war-terror-2024"}]}),
            ),
            None,
        )
        .await;
    assert_eq!(
        translation.status,
        StatusCode::CREATED,
        "{}",
        translation.body
    );
    for client in [&anonymous, &editor] {
        let original = client
            .get("/api/v1/articles/putin-no-ally-war-terror-2024")
            .await;
        assert!(
            !original.body.contains("draft-translation"),
            "{}",
            original.body
        );
        let listed = client
            .get("/api/v1/articles/putin-no-ally-war-terror-2024/translations")
            .await;
        assert!(!listed.body.contains("draft-translation"));
    }
    // The editor publishes it; now everyone sees it.
    let published = editor
        .send("POST", &format!("{path}/publish"), None, Some(&tag))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert_eq!(anonymous.get(path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_input_gets_a_clear_client_error_in_one_shape() {
    let app = TestApp::new();
    let editor = Client {
        app: &app,
        token: Some(token(&app, Role::Editor, None)),
    };
    let send_raw = |body: Vec<u8>, content_type: &str| {
        let request = Request::post("/api/v1/articles")
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", editor.token.clone().unwrap()),
            )
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        app.send(request)
    };
    let cases: Vec<(TestResponse, u16, &str, Option<&str>)> = vec![
        (
            send_raw(b"{\"title\": ".to_vec(), "application/json").await,
            400,
            "malformed_json",
            None,
        ),
        (
            send_raw(
                br#"{"title": "T", "colour": "red"}"#.to_vec(),
                "application/json",
            )
            .await,
            422,
            "unknown_field",
            Some("colour"),
        ),
        (
            send_raw(br#"{"title": 5}"#.to_vec(), "application/json").await,
            422,
            "invalid_field",
            Some("title"),
        ),
        (
            send_raw(
                br#"{"title": "T", "series_number": -3}"#.to_vec(),
                "application/json",
            )
            .await,
            422,
            "invalid_field",
            Some("series_number"),
        ),
        (
            send_raw(br#"{"title": "T"}"#.to_vec(), "text/plain").await,
            415,
            "unsupported_media_type",
            None,
        ),
        (
            send_raw(vec![b' '; 3 * 1024 * 1024], "application/json").await,
            413,
            "payload_too_large",
            None,
        ),
        (
            send_raw(br#"{"title": "  "}"#.to_vec(), "application/json").await,
            422,
            "invalid_field",
            Some("title"),
        ),
        (
            send_raw(
                br#"{"title": "T", "authors": ["nobody-at-all"]}"#.to_vec(),
                "application/json",
            )
            .await,
            422,
            "invalid_field",
            Some("authors"),
        ),
        (
            send_raw(
                br#"{"title": "T", "published_on": "yesterday"}"#.to_vec(),
                "application/json",
            )
            .await,
            422,
            "invalid_field",
            Some("published_on"),
        ),
        (
            send_raw(
                br#"{"title": "Russia's Questionable Counterterrorism Record"}"#.to_vec(),
                "application/json",
            )
            .await,
            409,
            "conflict",
            Some("slug"),
        ),
        (
            editor.get("/api/v1/articles?cursor=not-a-cursor").await,
            400,
            "bad_cursor",
            Some("cursor"),
        ),
        (
            editor.get("/api/v1/articles?limit=0").await,
            400,
            "invalid_parameter",
            Some("limit"),
        ),
        (
            editor.get("/api/v1/articles?from=someday").await,
            400,
            "invalid_parameter",
            Some("from"),
        ),
        (
            editor.get("/api/v1/articles?colour=red").await,
            400,
            "invalid_parameter",
            Some("colour"),
        ),
        (
            editor.get("/api/v1/articles?topic=a&topic=b").await,
            400,
            "invalid_parameter",
            Some("topic"),
        ),
        (
            editor.get("/api/v1/articles?language=xx").await,
            400,
            "invalid_parameter",
            Some("language"),
        ),
        (
            editor.get("/api/v1/nothing-here").await,
            404,
            "not_found",
            None,
        ),
        // Found by Schemathesis: a huge page made the index allocate
        // terabytes and abort the process.
        (
            editor.get("/api/v1/search?page=2147483648").await,
            400,
            "invalid_parameter",
            Some("page"),
        ),
    ];
    for (response, status, code, field) in cases {
        assert_eq!(response.status.as_u16(), status, "{}", response.body);
        let body = json_of(&response);
        assert_eq!(body["error"]["code"], code, "{}", response.body);
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        assert_eq!(body["error"]["field"].as_str(), field, "{}", response.body);
    }
}

#[tokio::test]
async fn lists_page_with_cursors_and_filter() {
    let app = TestApp::new();
    let client = Client::anonymous(&app);
    let first = json_of(&client.get("/api/v1/articles?limit=1&language=en").await);
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    assert_eq!(first["items"][0]["slug"], "putin-no-ally-war-terror-2024");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = json_of(
        &client
            .get(&format!(
                "/api/v1/articles?limit=1&language=en&cursor={cursor}"
            ))
            .await,
    );
    assert_eq!(
        second["items"][0]["slug"],
        "russias-questionable-counterterrorism-record"
    );
    assert!(second["next_cursor"].is_null());
    let oldest = json_of(&client.get("/api/v1/articles?sort=oldest&language=en").await);
    assert_eq!(
        oldest["items"][0]["slug"],
        "russias-questionable-counterterrorism-record"
    );
    let outlet = json_of(
        &client
            .get("/api/v1/articles?outlet=foreign%20affairs&language=en")
            .await,
    );
    assert_eq!(outlet["items"].as_array().unwrap().len(), 1);
    let dated = json_of(
        &client
            .get("/api/v1/articles?from=2024-01-01&to=2024-12-31")
            .await,
    );
    assert_eq!(dated["items"][0]["slug"], "putin-no-ally-war-terror-2024");
    assert_eq!(dated["items"].as_array().unwrap().len(), 1);
    let region = json_of(&client.get("/api/v1/articles?region=syria").await);
    assert_eq!(
        region["items"][0]["slug"],
        "russias-questionable-counterterrorism-record"
    );
    assert_eq!(region["items"].as_array().unwrap().len(), 1);
    let article = json_of(
        &client
            .get("/api/v1/articles/russias-questionable-counterterrorism-record")
            .await,
    );
    assert_eq!(article["syndications"][0]["outlet"], "Foreign Affairs");
    assert!(article["body_html"].as_str().unwrap().contains("<p>"));
    assert_eq!(article["authors"][0]["slug"], "anna-borshchevskaya");
    let translations = json_of(
        &client
            .get("/api/v1/articles/russias-questionable-counterterrorism-record/translations")
            .await,
    );
    assert_eq!(translations["items"][0]["language"], "ar");
}

#[tokio::test]
async fn tokens_are_stored_hashed_revocable_and_rate_limited() {
    let mut app = TestApp::new();
    let mut config = folio_config::Config::defaults();
    config.api.token_requests_per_minute = 3;
    config.api.cors_origins = vec!["https://partner.example.org".into()];
    app.state.make_mut().api = Arc::new(folio_web::api::ApiRuntime::new(
        &config,
        app.state.renderer.paths().clone(),
    ));
    app.state.make_mut().config = Arc::new(config);
    app.router = folio_web::router(app.state.clone());
    let secret = token(&app, Role::Editor, None);
    let stored: Vec<String> = app
        .store
        .read(|c| {
            Ok(folio_db::list_api_tokens(c)?
                .into_iter()
                .map(|t| t.secret_prefix)
                .collect())
        })
        .unwrap();
    assert!(stored.iter().all(|p| secret.starts_with(p) && p.len() < 20));
    let client = Client {
        app: &app,
        token: Some(secret.clone()),
    };
    for _ in 0..3 {
        assert_eq!(client.get("/api/v1/experts").await.status, StatusCode::OK);
    }
    let limited = client.get("/api/v1/experts").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        limited.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(json_of(&limited)["error"]["code"], "rate_limited");
    // Anonymous reads are not a token's budget.
    assert_eq!(
        Client::anonymous(&app).get("/api/v1/experts").await.status,
        StatusCode::OK
    );
    // Last use is recorded; revoking works at once.
    let token = app.store.read(folio_db::list_api_tokens).unwrap().remove(0);
    assert!(token.last_used_at.is_some());
    app.store
        .write(|c| folio_db::revoke_api_token(c, token.id, Timestamp::now()))
        .unwrap();
    let revoked = client.get("/api/v1/experts").await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    // CORS: configured origins may read; writes get no approval.
    let read = app
        .send(
            Request::get("/api/v1/experts")
                .header(header::ORIGIN, "https://partner.example.org")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        read.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://partner.example.org"
    );
    let stranger = app
        .send(
            Request::get("/api/v1/experts")
                .header(header::ORIGIN, "https://elsewhere.example")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        !stranger
            .headers
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
    let preflight = app
        .send(
            Request::options("/api/v1/articles/x")
                .header(header::ORIGIN, "https://partner.example.org")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        !preflight
            .headers
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
}

/// A local webhook receiver: answers 500 to the first `failures`
/// deliveries, then 200, and keeps what it was sent.
struct Receiver {
    url: String,
    seen: Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>>,
    task: tokio::task::JoinHandle<()>,
}

async fn receiver(failures: usize) -> Receiver {
    let seen: Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>> = Arc::default();
    let kept = Arc::clone(&seen);
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let kept = Arc::clone(&kept);
            async move {
                let mut seen = kept.lock().unwrap();
                seen.push((headers, body));
                if seen.len() <= failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Receiver { url, seen, task }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_signed_retried_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let hook = receiver(1).await;
    let config = folio_config::WebhooksConfig {
        first_retry_seconds: 1,
        max_attempts: 5,
    };
    let secret = "the-webhook-secret";
    {
        let app = TestApp::open(dir.path(), folio_web::admin::AdminSettings::default());
        app.store
            .write(|c| {
                folio_db::create_webhook(
                    c,
                    &hook.url,
                    "test",
                    &folio_db::WebhookEvent::ALL,
                    secret,
                    Timestamp::now(),
                )
            })
            .unwrap();
        // A draft raises nothing; publishing raises article.published.
        publish_new(&app, "news-for-partners").await;
        let store = app.store.clone();
        let agent = folio_web::webhooks::agent();
        let attempts = tokio::task::spawn_blocking(move || {
            folio_web::webhooks::deliver_due(&store, &config_clone(), &agent, "node-a")
        })
        .await
        .unwrap()
        .unwrap();
        assert_eq!(attempts, 1);
        let deliveries = app
            .store
            .read(|c| folio_db::list_deliveries(c, 1, 10))
            .unwrap();
        assert_eq!(deliveries.len(), 1);
        assert_eq!(deliveries[0].state, folio_db::DeliveryState::Pending);
        assert_eq!(
            (deliveries[0].attempts, deliveries[0].last_status),
            (1, Some(500))
        );
        // Folio stops here, with the retry queued.
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let app = TestApp::open(dir.path(), folio_web::admin::AdminSettings::default());
    let store = app.store.clone();
    let agent = folio_web::webhooks::agent();
    let sent = tokio::task::spawn_blocking(move || {
        folio_web::webhooks::deliver_due(&store, &config, &agent, "node-b")
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(sent, 1);
    let delivery = app
        .store
        .read(|c| folio_db::list_deliveries(c, 1, 10))
        .unwrap()
        .remove(0);
    assert_eq!(delivery.state, folio_db::DeliveryState::Delivered);
    assert_eq!((delivery.attempts, delivery.last_status), (2, Some(204)));
    let seen = hook.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for (headers, body) in &seen {
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["event"], "article.published");
        assert_eq!(event["article"]["slug"], "news-for-partners");
        assert_eq!(headers["folio-event"], "article.published");
        assert_eq!(
            headers["folio-delivery"].to_str().unwrap(),
            delivery.id.to_string()
        );
        let signature = headers["folio-signature"].to_str().unwrap();
        let t: i64 = signature
            .strip_prefix("t=")
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(signature, folio_web::webhooks::signature(secret, t, body));
        assert!((Timestamp::now().as_second() - t).abs() < 60);
    }
    // Nothing is left to send, on any node.
    let store = app.store.clone();
    let agent = folio_web::webhooks::agent();
    let config = config_clone();
    let left = tokio::task::spawn_blocking(move || {
        folio_web::webhooks::deliver_due(&store, &config, &agent, "node-c")
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(left, 0);
    hook.task.abort();
}

fn config_clone() -> folio_config::WebhooksConfig {
    folio_config::WebhooksConfig {
        first_retry_seconds: 1,
        max_attempts: 5,
    }
}

#[test]
fn a_delivery_is_claimed_by_one_node_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = folio_db::Store::open_sqlite(&dir.path().join("folio.db")).unwrap();
    let now = Timestamp::now();
    let id = store
        .write(|c| {
            let webhook = folio_db::create_webhook(
                c,
                "http://127.0.0.1:9/",
                "",
                &[folio_db::WebhookEvent::ExpertChanged],
                "s",
                now,
            )?;
            folio_db::enqueue(
                c,
                folio_db::WebhookEvent::ExpertChanged,
                serde_json::Map::new(),
                now,
            )?;
            Ok(folio_db::list_deliveries(c, webhook.id, 1)?[0].id)
        })
        .unwrap();
    let until = now + jiff::SignedDuration::from_secs(60);
    let a = store
        .write(|c| folio_db::claim_delivery(c, id, "a", now, until))
        .unwrap();
    let b = store
        .write(|c| folio_db::claim_delivery(c, id, "b", now, until))
        .unwrap();
    assert!(a.is_some() && b.is_none());
    // A claim left by a node that died expires, and another node takes it.
    let later = until + jiff::SignedDuration::from_secs(1);
    let c = store
        .write(|c| {
            folio_db::claim_delivery(
                c,
                id,
                "c",
                later,
                later + jiff::SignedDuration::from_secs(60),
            )
        })
        .unwrap();
    assert!(c.is_some());
    // The dead node's late report no longer counts.
    let result = folio_db::AttemptResult {
        status: Some(200),
        error: String::new(),
        delivered: true,
        retry_at: None,
    };
    assert!(
        !store
            .write(|c| folio_db::record_attempt(c, id, "a", &result, later))
            .unwrap()
    );
    assert!(
        store
            .write(|cn| folio_db::record_attempt(cn, id, "c", &result, later))
            .unwrap()
    );
}

/// The first `folio_…` secret in a page.
fn secret_in(page: &str) -> Option<String> {
    let at = page.find("folio_")?;
    let secret: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (secret.len() == "folio_".len() + 64).then_some(secret)
}

#[tokio::test]
async fn admins_make_and_revoke_tokens_and_register_webhooks_in_the_admin() {
    let app = TestApp::new();
    app.user("admin@example.org", Role::Admin);
    let admin = app.login("admin@example.org").await;
    let made = admin
        .post(
            "/admin/tokens",
            &[
                ("name", "Newsletter sync"),
                ("role", "editor"),
                ("user", ""),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let secret = secret_in(&made.body).expect("the secret is shown once");
    let client = Client {
        app: &app,
        token: Some(secret.clone()),
    };
    assert_eq!(
        client.get("/api/v1/articles?status=draft").await.status,
        StatusCode::OK
    );
    let listed = admin.get("/admin/tokens").await;
    assert!(listed.body.contains("Newsletter sync"));
    assert!(
        !listed.body.contains(&secret),
        "the secret is never shown again"
    );
    assert!(!listed.body.contains(">never<"), "last use is shown");
    // An author's token needs an account: refused with the reason.
    let refused = admin
        .post(
            "/admin/tokens",
            &[("name", "Loose"), ("role", "author"), ("user", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("must belong to an account"));
    let id = app.store.read(folio_db::list_api_tokens).unwrap()[0].id;
    let revoked = admin.post(&format!("/admin/tokens/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        client.get("/api/v1/experts").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(app.audit_actions().iter().any(|a| a == "token.revoked"));

    let registered = admin
        .post(
            "/admin/webhooks",
            &[
                ("url", "https://partner.example.org/folio"),
                ("event", "article.published"),
            ],
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    assert!(registered.body.contains("signing secret"));
    let bad = admin
        .post(
            "/admin/webhooks",
            &[("url", "ftp://partner.example.org/"), ("event", "nonsense")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("ftp:&#x2f;&#x2f;partner.example.org&#x2f;"),
        "the admin's text comes back: {}",
        bad.body
    );
    publish_new(&app, "for-partners").await;
    let page = admin.get("/admin/webhooks/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("article.published") && page.body.contains("pending"),
        "{}",
        page.body
    );
    let overview = admin.get("/admin/webhooks").await;
    assert!(overview.body.contains("https://partner.example.org/folio"));
}

/// Makes a draft at `slug` with an editor's token and publishes it.
async fn publish_new(app: &TestApp, slug: &str) {
    let editor = Client {
        app,
        token: Some(token(app, Role::Editor, None)),
    };
    let made = editor
        .send(
            "POST",
            "/api/v1/articles",
            Some(&json!({"title": format!("Title of {slug}"), "slug": slug})),
            None,
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let tag = made.headers[header::ETAG].to_str().unwrap().to_owned();
    let path = format!("/api/v1/articles/{slug}/publish");
    let published = editor.send("POST", &path, None, Some(&tag)).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
}
