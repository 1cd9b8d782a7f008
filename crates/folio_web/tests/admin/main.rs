//! The editors' admin and the JSON API through the router, in process, on a real SQLite
//! file and search index.

mod access;
mod api;
mod editing;
mod login;
mod media;
mod redirects;
mod scheduling;
mod translations;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use folio_config::Config;
use folio_core::{Role, Timestamp};
use folio_db::Store;
use folio_render::Renderer;
use folio_search::{IndexSync, SearchIndex, WriterBudget};
use folio_web::AppState;
use folio_web::admin::AdminSettings;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Every test account's password.
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub router: axum::Router,
    pub state: AppState,
    pub store: Store,
    pub search: Arc<IndexSync>,
    pub data_dir: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

fn fixtures(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pages")
        .join(relative)
}

impl Default for TestApp {
    fn default() -> TestApp {
        TestApp::new()
    }
}

impl TestApp {
    /// The seed pages, imported, and an empty admin.
    pub fn new() -> TestApp {
        TestApp::with_settings(AdminSettings::default())
    }

    pub fn with_settings(settings: AdminSettings) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let mut app = TestApp::open(dir.path(), settings);
        let (files, missing) =
            folio_import::find_files(&[fixtures("seeds"), fixtures("translations")]);
        assert!(missing.is_empty());
        let options = folio_import::ImportOptions {
            default_language: folio_core::LanguageCode::english(),
            languages: Vec::new(),
        };
        let report = folio_import::import_files(&app.store, &files, &options, &mut |_| {}).unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        app.search.catch_up().unwrap();
        app._dir = Some(dir);
        app
    }

    /// Folio on an existing data directory, as `folio serve` opens it.
    pub fn open(data_dir: &Path, settings: AdminSettings) -> TestApp {
        let store = Store::open_sqlite(&data_dir.join("folio.db")).unwrap();
        let renderer = Renderer::new(Arc::new(Config::defaults())).unwrap();
        let index = SearchIndex::open(&data_dir.join("search"), WriterBudget::LIVE).unwrap();
        let search = IndexSync::new(store.clone(), Arc::new(index));
        search.catch_up().unwrap();
        let mut state =
            AppState::new(store.clone(), renderer, Arc::clone(&search)).with_data_dir(data_dir);
        state.make_mut().admin = settings;
        TestApp {
            router: folio_web::router(state.clone()),
            state,
            store,
            search,
            data_dir: data_dir.to_path_buf(),
            _dir: None,
        }
    }

    /// Creates an account directly in the store.
    pub fn user(&self, email: &str, role: Role) -> folio_db::User {
        let hash = folio_web::admin::hash_password(PASSWORD).unwrap();
        self.store
            .write(|c| folio_db::create_user(c, email, "", role, &hash, Timestamp::now()))
            .unwrap()
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// Logs in through the form; panics unless it works.
    pub async fn login(&self, email: &str) -> Browser<'_> {
        let browser = Browser::new(self);
        let response = browser.login(email, PASSWORD).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "login as {email}: {}",
            response.body
        );
        browser
    }

    pub fn article_id(&self, language: &str, slug: &str) -> i64 {
        let language = folio_core::LanguageCode::parse(language).unwrap();
        let slug = folio_core::Slug::parse(slug).unwrap();
        self.store
            .read(|c| folio_db::article_id_at(c, &language, &slug))
            .unwrap()
            .unwrap()
            .0
    }

    pub fn audit_actions(&self) -> Vec<String> {
        self.store
            .read(|c| folio_db::list_audit(c, None, folio_core::PageRequest::new(1, 500)))
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.action)
            .collect()
    }
}

/// A client with a cookie jar, as a browser would be.
pub struct Browser<'a> {
    app: &'a TestApp,
    cookies: std::cell::RefCell<Vec<(String, String)>>,
    pub ip: SocketAddr,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: std::cell::RefCell::new(Vec::new()),
            ip: "192.0.2.10:40000".parse().unwrap(),
        }
    }

    pub fn from_ip(app: &'a TestApp, ip: &str) -> Browser<'a> {
        Browser {
            ip: format!("{ip}:40000").parse().unwrap(),
            ..Browser::new(app)
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&self, headers: &HeaderMap) {
        for value in headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let mut jar = self.cookies.borrow_mut();
            jar.retain(|(k, _)| k != name);
            if !value.is_empty() && !text.contains("Max-Age=0") {
                jar.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.borrow().iter().any(|(k, _)| k == name)
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        let mut jar = self.cookies.borrow_mut();
        jar.retain(|(k, _)| k != name);
        jar.push((name.to_owned(), value.to_owned()));
    }

    pub async fn request(&self, builder: axum::http::request::Builder, body: Body) -> TestResponse {
        let mut request = builder
            .header(header::COOKIE, self.cookie_header())
            .body(body)
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(self.ip));
        let response = self.app.send(request).await;
        self.keep_cookies(&response.headers);
        response
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path), Body::empty()).await
    }

    /// Posts a form as the admin's pages do: same origin, with the
    /// session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, Some("http://127.0.0.1:8080"))
            .await
    }

    /// Posts exactly these fields with this Origin header (or none).
    pub async fn post_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> TestResponse {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut builder = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080");
        if let Some(origin) = origin {
            builder = builder.header(header::ORIGIN, origin);
        }
        self.request(builder, Body::from(body)).await
    }

    /// The CSRF token the admin's pages carry for this session.
    pub async fn csrf(&self) -> String {
        let page = self.get("/admin/account").await;
        hidden_value(&page.body, "_csrf").unwrap_or_default()
    }

    /// Fills in and sends the login form.
    pub async fn login(&self, email: &str, password: &str) -> TestResponse {
        let form = self.get("/admin/login").await;
        let token = hidden_value(&form.body, "_csrf").expect("the login form has a token");
        self.post_raw(
            "/admin/login",
            &[
                ("_csrf", &token),
                ("email", email),
                ("password", password),
                ("next", "/admin"),
            ],
            Some("http://127.0.0.1:8080"),
        )
        .await
    }
}

/// The id of the article a create redirected to.
pub fn created_id(response: &TestResponse) -> i64 {
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location();
    location
        .trim_start_matches("/admin/articles/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("not an article: {location}"))
}

/// The value of a hidden input in a page.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    input_value(html, name)
}

/// The fields of the editor form for an article, as loaded: what a
/// browser would send back unchanged.
pub fn editor_fields(html: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for name in [
        "version",
        "id",
        "language",
        "title",
        "slug",
        "published_on",
        "series_number",
        "syndication_rows",
    ] {
        if let Some(value) = input_value(html, name) {
            fields.push((name.to_owned(), value));
        }
    }
    for name in ["deck", "body", "authors", "author_note", "recommended"] {
        fields.push((name.to_owned(), textarea_value(html, name)));
    }
    let rows: usize = input_value(html, "syndication_rows")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for i in 0..rows {
        let relation = format!("syndication_relation_{i}");
        if let Some(selected) = selected_option(html, &relation) {
            fields.push((relation, selected));
        }
        for part in ["outlet", "url"] {
            let name = format!("syndication_{part}_{i}");
            fields.push((name.clone(), input_value(html, &name).unwrap_or_default()));
        }
    }
    let mut rest = html;
    while let Some(at) = rest.find("name=\"translation_") {
        let after = &rest[at + 6..];
        let name = &after[..after.find('"').unwrap()];
        fields.push((name.to_owned(), input_value(rest, name).unwrap_or_default()));
        rest = after;
    }
    if html.contains("name=\"body_is_excerpt\" checked") {
        fields.push(("body_is_excerpt".into(), "on".into()));
    }
    if let Some(selected) = selected_option(html, "content_type") {
        fields.push(("content_type".into(), selected));
    }
    for kind in ["topic", "region"] {
        let marker = format!("name=\"{kind}\" value=\"");
        let mut rest = html;
        while let Some(at) = rest.find(&marker) {
            let after = &rest[at + marker.len()..];
            let end = after.find('"').unwrap();
            if after[end..].starts_with("\" checked") {
                fields.push((kind.to_owned(), after[..end].to_owned()));
            }
            rest = after;
        }
    }
    fields
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

pub fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let at = html.find(&marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = html[at..].find('>')? + at;
    let tag = &html[tag_start..tag_end];
    let start = tag.find("value=\"")? + 7;
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

pub fn textarea_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\"");
    let Some(at) = html.find(&marker) else {
        return String::new();
    };
    let start = html[at..].find('>').unwrap() + at + 1;
    let end = html[start..].find("</textarea>").unwrap() + start;
    unescape(&html[start..end])
}

fn selected_option(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let end = html[at..].find("</select>")? + at;
    let select = &html[at..end];
    let selected = select.find(" selected")?;
    let open = select[..selected].rfind("value=\"")? + 7;
    let close = select[open..].find('"')? + open;
    Some(select[open..close].to_owned())
}

/// Replaces (or adds) a field in a form's fields.
pub fn with_field(
    mut fields: Vec<(String, String)>,
    name: &str,
    value: &str,
) -> Vec<(String, String)> {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
    fields
}

pub fn as_pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
