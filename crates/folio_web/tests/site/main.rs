//! The public site through the router, in process.

mod article;
mod cache;
mod citations;
mod errors;
mod export;
mod feeds;
mod health;
mod languages;
mod listings;
mod metadata;
mod redirects;
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
    pub state: folio_web::AppState,
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

    /// The seed pages with their Arabic and Persian versions: seed 000 in
    /// Arabic, seed 002 in Arabic and Persian (the Persian one at a slug
    /// in Persian script).
    pub fn with_languages() -> TestApp {
        TestApp::with(&["seeds", "translations", "languages"])
    }

    /// The fixture site with the archive pages too (eleven articles).
    pub fn with_archive() -> TestApp {
        TestApp::with(&["seeds", "translations", "partial", "archive"])
    }

    fn with(folders: &[&str]) -> TestApp {
        TestApp::configured("", folders)
    }

    /// The fixture pages in `folders` under a site file's settings.
    pub fn configured(site_file: &str, folders: &[&str]) -> TestApp {
        let config = Config::from_toml(site_file, std::path::Path::new("."), None).unwrap();
        let app = TestApp::empty_with(config);
        let paths: Vec<PathBuf> = folders.iter().map(|f| fixtures(f)).collect();
        let (files, missing) = folio_import::find_files(&paths);
        assert!(missing.is_empty());
        let options = folio_import::ImportOptions {
            default_language: folio_core::LanguageCode::english(),
            languages: Vec::new(),
        };
        let report = folio_import::import_files(&app.store, &files, &options, &mut |_| {}).unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        app.search.catch_up().unwrap();
        app
    }

    pub fn empty() -> TestApp {
        TestApp::empty_with(Config::defaults())
    }

    fn empty_with(config: Config) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("folio.db")).unwrap();
        let renderer = Renderer::new(Arc::new(config)).unwrap();
        let index = SearchIndex::open(&dir.path().join("search"), WriterBudget::LIVE).unwrap();
        let search = IndexSync::new(store.clone(), Arc::new(index));
        let state = folio_web::AppState::new(store.clone(), renderer, Arc::clone(&search));
        let router = folio_web::router(state.clone());
        TestApp {
            router,
            state,
            store,
            search,
            _dir: dir,
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with(path, HeaderMap::new()).await
    }

    /// A GET with request headers (conditions, encodings, credentials).
    pub async fn get_with(&self, path: &str, headers: HeaderMap) -> TestResponse {
        let (status, headers, bytes) = self.get_bytes(path, headers).await;
        TestResponse {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// A GET whose body may not be text (a compressed copy).
    pub async fn get_bytes(
        &self,
        path: &str,
        headers: HeaderMap,
    ) -> (StatusCode, HeaderMap, axum::body::Bytes) {
        send(&self.router, path, headers).await
    }

    /// The page as a fresh render gives it, past the page cache.
    pub async fn fresh_get(&self, path: &str) -> TestResponse {
        // A router of its own each time: nothing read before is remembered.
        let fresh_router = folio_web::router(self.state.clone().without_page_cache());
        let (status, headers, bytes) = send(&fresh_router, path, HeaderMap::new()).await;
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

impl TestApp {
    /// A stored article, whatever its status.
    pub fn article(&self, language: &str, slug: &str) -> folio_core::Article {
        let language = folio_core::LanguageCode::parse(language).unwrap();
        let slug = folio_core::Slug::parse(slug).unwrap();
        self.store
            .read(|c| folio_db::article_by_path(c, &language, &slug, folio_db::Visibility::All))
            .unwrap()
            .unwrap_or_else(|| panic!("no article {language}/{slug}"))
    }

    /// Writes an article and lets the index catch up.
    pub fn save(&self, input: &folio_core::ArticleInput) {
        let now = folio_core::Timestamp::from_second(1_800_000_000).unwrap();
        self.store
            .write(|c| folio_db::save_article(c, input, now))
            .unwrap();
        self.search.catch_up().unwrap();
    }
}

async fn send(
    router: &axum::Router,
    path: &str,
    headers: HeaderMap,
) -> (StatusCode, HeaderMap, axum::body::Bytes) {
    let mut request = Request::builder().uri(path).body(Body::empty()).unwrap();
    *request.headers_mut() = headers;
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes)
}

/// The article as it would be written again, unchanged.
pub fn input_from(article: &folio_core::Article) -> folio_core::ArticleInput {
    article.to_input(
        article
            .translations
            .iter()
            .map(|t| folio_core::TranslationLink {
                language: t.language.clone(),
                slug: t.slug.clone(),
            })
            .collect(),
    )
}

/// The `content` of every `<meta>` tag whose `attribute` (`name` or
/// `property`) is `key`, in page order.
pub fn meta_contents(html: &str, attribute: &str, key: &str) -> Vec<String> {
    let opening = format!("<meta {attribute}=\"{key}\" content=\"");
    html.match_indices(&opening)
        .map(|(at, _)| {
            let rest = &html[at + opening.len()..];
            unescape(&rest[..rest.find('"').unwrap()])
        })
        .collect()
}

/// Every JSON-LD block of a page, parsed.
pub fn json_ld(html: &str) -> Vec<serde_json::Value> {
    let opening = "<script type=\"application/ld+json\">";
    html.match_indices(opening)
        .map(|(at, _)| {
            let rest = &html[at + opening.len()..];
            let text = &rest[..rest.find("</script>").unwrap()];
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

/// Undoes the escaping the theme applies to attribute values.
pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
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
