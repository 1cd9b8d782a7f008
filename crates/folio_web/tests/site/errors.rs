//! Errors are themed pages in the reader's language, with security headers.

use crate::*;

#[tokio::test]
async fn unknown_pages_get_a_styled_404_in_their_language() {
    let app = TestApp::with_fixtures();
    let response = app.get("/policy-analysis/no-such-piece").await;
    assert_eq!(response.status, 404);
    assert!(
        response.body.contains("<h1>Page not found</h1>"),
        "{}",
        response.body
    );
    assert!(
        response.body.contains("/assets/style."),
        "the 404 uses the theme"
    );
    let arabic = app.get("/ar/nothing-here").await;
    assert_eq!(arabic.status, 404);
    assert!(arabic.body.contains("الصفحة غير موجودة"));
    assert!(arabic.body.contains("dir=\"rtl\""));
}

#[tokio::test]
async fn drafts_and_invalid_slugs_are_not_found() {
    let app = TestApp::with_fixtures();
    assert_eq!(app.get("/policy-analysis/Not%20A%20Slug").await.status, 404);
    assert_eq!(app.get("/experts/nobody").await.status, 404);
    assert_eq!(app.get("/types/nothing").await.status, 404);
    assert_eq!(app.get("/programs/nothing").await.status, 404);
}

#[tokio::test]
async fn trailing_slashes_redirect_to_the_canonical_path() {
    let app = TestApp::with_fixtures();
    let response = app.get("/policy-analysis/terrorism/").await;
    assert_eq!(response.status, 308);
    assert_eq!(response.headers["location"], "/policy-analysis/terrorism");
    let response = app.get("/ar/").await;
    assert_eq!(response.headers["location"], "/ar");
}

#[tokio::test]
async fn every_response_carries_strict_security_headers() {
    let app = TestApp::with_fixtures();
    for path in ["/", "/no-such-page"] {
        let response = app.get(path).await;
        let csp = response.headers["content-security-policy"]
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(response.headers["x-content-type-options"], "nosniff");
        assert_eq!(response.headers["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn an_empty_site_still_has_a_home_page() {
    let app = TestApp::empty();
    let html = app.page("/").await;
    assert!(html.contains("Nothing has been published here yet."));
}
