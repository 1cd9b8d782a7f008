//! The public site through the router, in process.

mod article;
mod errors;
mod listings;
mod search;
mod xss;

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use folio_config::Config;
use folio_db::Store;
use folio_render::Renderer;
use folio_search::{IndexSync, SearchIndex, WriterBudget};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub router: axum::Router,
    pub store: Store,
    pub search: Arc<IndexSync>,
    _dir: tempfile::TempDir,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

fn fixtures(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pages")
        .join(relative)
}

impl TestApp {
    /// A site with the seed pages, the Arabic translation and the partial
    /// pages imported.
    pub fn with_fixtures() -> TestApp {
        TestApp::with(&["seeds", "translations", "partial"])
    }

    /// The fixture site with the archive pages too (eleven articles).
    pub fn with_archive() -> TestApp {
        TestApp::with(&["seeds", "translations", "partial", "archive"])
    }

    fn with(folders: &[&str]) -> TestApp {
        let app = TestApp::empty();
        let paths: Vec<PathBuf> = folders.iter().map(|f| fixtures(f)).collect();
        let (files, missing) = folio_import::find_files(&paths);
        assert!(missing.is_empty());
        let options = folio_import::ImportOptions {
            default_language: folio_core::LanguageCode::english(),
        };
        let report = folio_import::import_files(&app.store, &files, &options, &mut |_| {}).unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        app.search.catch_up().unwrap();
        app
    }

    pub fn empty() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("folio.db")).unwrap();
        let renderer = Renderer::new(Arc::new(Config::defaults())).unwrap();
        let index = SearchIndex::open(&dir.path().join("search"), WriterBudget::LIVE).unwrap();
        let search = IndexSync::new(store.clone(), Arc::new(index));
        let router = folio_web::router(folio_web::AppState::new(
            store.clone(),
            renderer,
            Arc::clone(&search),
        ));
        TestApp {
            router,
            store,
            search,
            _dir: dir,
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// A JSON response: status and parsed body.
    pub async fn json(&self, path: &str) -> (StatusCode, serde_json::Value) {
        let response = self.get(path).await;
        assert_eq!(
            response.headers["content-type"], "application/json",
            "{path}"
        );
        (
            response.status,
            serde_json::from_str(&response.body).unwrap(),
        )
    }

    /// A page that must be there: 200 and HTML.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}: {}", response.body);
        assert_eq!(
            response.headers["content-type"], "text/html; charset=utf-8",
            "{path}"
        );
        response.body
    }
}

/// Asserts the texts appear in the page in this order.
pub fn assert_in_order(html: &str, texts: &[&str]) {
    let mut from = 0;
    for text in texts {
        match html[from..].find(text) {
            Some(at) => from += at + text.len(),
            None => panic!("{text:?} is missing or out of order; the page:\n{html}"),
        }
    }
}
