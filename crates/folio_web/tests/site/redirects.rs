//! Old addresses: the importer's legacy forms answer with a 301, and no
//! redirect ever hides a live page.

use axum::http::StatusCode;
use folio_db::RedirectSource;

use crate::TestApp;

#[tokio::test]
async fn legacy_article_addresses_lead_to_the_article() {
    let app = TestApp::with_fixtures();
    for (legacy, target) in [
        (
            "/policy-analysis/view/putin-no-ally-war-terror-2024",
            "/policy-analysis/putin-no-ally-war-terror-2024",
        ),
        (
            "/policy-analysis/view/putin-no-ally-war-terror-2024?utm_source=x",
            "/policy-analysis/putin-no-ally-war-terror-2024?utm_source=x",
        ),
    ] {
        let response = app.get(legacy).await;
        assert_eq!(response.status, StatusCode::MOVED_PERMANENTLY, "{legacy}");
        assert_eq!(response.headers["location"], target, "{legacy}");
    }
    // A trailing slash is dropped first, then the legacy form answers.
    let slashed = app
        .get("/policy-analysis/view/putin-no-ally-war-terror-2024/")
        .await;
    assert!(slashed.status.is_redirection());
    let next = app.get(slashed.headers["location"].to_str().unwrap()).await;
    assert_eq!(
        next.headers["location"],
        "/policy-analysis/putin-no-ally-war-terror-2024"
    );
    // The Arabic side under its prefix.
    let arabic = app
        .get("/ar/policy-analysis/view/tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb")
        .await;
    assert_eq!(arabic.status, StatusCode::MOVED_PERMANENTLY);
    assert!(
        arabic.headers["location"]
            .to_str()
            .unwrap()
            .starts_with("/ar/policy-analysis/tarykh")
    );
    assert_eq!(
        app.get("/policy-analysis/view/never-was").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_redirect_never_hides_a_live_page() {
    let app = TestApp::with_fixtures();
    app.store
        .write(|c| {
            folio_db::save_redirect(
                c,
                "/policy-analysis/terrorism",
                "/somewhere-else",
                301,
                RedirectSource::Admin,
                folio_core::Timestamp::now(),
            )
        })
        .unwrap();
    assert_eq!(
        app.get("/policy-analysis/terrorism").await.status,
        StatusCode::OK
    );
    // Only reads are sent on: a form posted to an old address that
    // nothing else answers stays a 404.
    app.store
        .write(|c| {
            folio_db::save_redirect(
                c,
                "/events/old-panel",
                "/policy-analysis",
                301,
                RedirectSource::Admin,
                folio_core::Timestamp::now(),
            )
        })
        .unwrap();
    assert_eq!(
        app.get("/events/old-panel").await.status,
        StatusCode::MOVED_PERMANENTLY
    );
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/events/old-panel")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn get_with(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> axum::http::Response<axum::body::Body> {
    let mut request = axum::http::Request::builder().uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    tower::ServiceExt::oneshot(
        app.router.clone(),
        request.body(axum::body::Body::empty()).unwrap(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_other_spelling_of_the_host_and_plain_http_lead_to_the_configured_address() {
    let app = TestApp::configured(
        "[site]\nbase_url = \"https://www.example.org/\"",
        &["seeds"],
    );
    for (host, proto) in [
        ("example.org", None),
        ("example.org:8080", None),
        ("www.example.org", Some("http")),
    ] {
        let mut headers = vec![("host", host)];
        if let Some(proto) = proto {
            headers.push(("x-forwarded-proto", proto));
        }
        let response = get_with(&app, "/policy-analysis/terrorism?page=2", &headers).await;
        assert_eq!(
            response.status(),
            StatusCode::MOVED_PERMANENTLY,
            "{host} {proto:?}"
        );
        assert_eq!(
            response.headers()["location"],
            "https://www.example.org/policy-analysis/terrorism?page=2"
        );
    }
    // The canonical host, any other host and an unset base_url are served.
    for headers in [
        vec![("host", "www.example.org"), ("x-forwarded-proto", "https")],
        vec![("host", "127.0.0.1:8080")],
        vec![("host", "example.net")],
    ] {
        let response = get_with(&app, "/policy-analysis/terrorism", &headers).await;
        assert_eq!(response.status(), StatusCode::OK, "{headers:?}");
    }
    let unset = TestApp::configured("", &["seeds"]);
    let response = get_with(&unset, "/", &[("host", "www.127.0.0.1")]).await;
    assert_eq!(response.status(), StatusCode::OK);
}
