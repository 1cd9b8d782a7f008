//! The public site: the same routes for every language, under its prefix.

mod analysis;
mod assets;
mod experts;
pub(crate) mod feeds;
mod home;
mod page_paths;
mod programs;
pub(crate) mod related;
mod search;
mod search_index;
pub(crate) mod sitemap;
mod taxonomy;

pub(crate) use page_paths::{leaves_unchanged as page_path_unchanged, page_paths};

use std::sync::Arc;

use axum::Router;
use axum::extract::{Extension, Request};
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use folio_config::LanguageConfig;
use folio_core::{ArticleSummary, LanguageCode, PageRequest, Paged, Slug};
use folio_db::{ArticleQuery, Conn, StoreResult};
use folio_render::FeedFormat;
use serde::Deserialize;

use crate::{AppError, AppState, bad_request, not_found};

/// The language a route serves, set where its routes are mounted.
#[derive(Debug, Clone)]
pub(crate) struct PageLanguage(pub LanguageCode);

impl AppState {
    pub(crate) fn page_language(&self, language: &PageLanguage) -> &LanguageConfig {
        self.config
            .language(language.0.as_str())
            .unwrap_or_else(|| self.config.default_language())
    }
}

pub(crate) type Lang = Extension<PageLanguage>;

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new()
        .route("/assets/{name}", get(assets::asset))
        .route("/robots.txt", get(sitemap::robots))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/sitemaps/{file}", get(sitemap::child_sitemap));
    for language in &state.config.languages {
        let routes = language_routes().layer(Extension(PageLanguage(language.code.clone())));
        router = if language.prefix.is_empty() {
            router.merge(routes)
        } else {
            router.nest(&language.path_prefix(), routes)
        };
    }
    router.fallback(fallback)
}

fn language_routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/", get(home::home))
        .route("/policy-analysis", get(analysis::index))
        .route("/policy-analysis/{slug}", get(analysis::namespace))
        .route(
            "/policy-analysis/{slug}/{file}",
            get(analysis::namespace_file),
        )
        .route("/experts", get(experts::index))
        .route("/experts/{slug}", get(experts::show))
        .route("/experts/{slug}/{file}", get(experts::feed))
        .route("/topics", get(taxonomy::topics))
        .route("/regions", get(taxonomy::regions))
        .route("/types", get(taxonomy::content_types))
        .route("/types/{slug}", get(taxonomy::content_type))
        .route("/types/{slug}/{file}", get(taxonomy::content_type_feed))
        .route("/programs", get(programs::index))
        .route("/programs/{slug}", get(programs::show))
        .route("/search", get(search::search_page))
        .route("/search-index.json", get(search_index::search_index));
    for format in FeedFormat::ALL {
        router = router.route(
            &format!("/{}", format.file_name()),
            get(
                move |axum::extract::State(state): axum::extract::State<AppState>,
                      language: Lang| async move {
                    let language = state.page_language(&language).clone();
                    feeds::feed_response(&state, &language, feeds::FeedSubject::Site, format).await
                },
            ),
        );
    }
    router
}

/// The feed format a `{file}` segment names; anything else is not found.
pub(crate) fn feed_format(file: &str) -> Result<FeedFormat, AppError> {
    FeedFormat::from_file_name(file).ok_or_else(not_found)
}

/// No route matched: a path with a trailing slash is sent to the same path
/// without it (archives link both ways); anything else is a 404.
async fn fallback(uri: Uri, request: Request) -> Response {
    let path = uri.path();
    if request.method() == axum::http::Method::GET && path.len() > 1 && path.ends_with('/') {
        let mut target = path.trim_end_matches('/').to_owned();
        if target.is_empty() {
            target.push('/');
        }
        if let Some(query) = uri.query() {
            target.push('?');
            target.push_str(query);
        }
        return Redirect::permanent(&target).into_response();
    }
    not_found().into_response()
}

/// `?page=N`: absent means 1; anything but a positive number is a bad request.
#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    pub(crate) fn request(&self, per_page: u32) -> Result<PageRequest, AppError> {
        let page = match self.page.as_deref() {
            None | Some("") => 1,
            Some(text) => match text.parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => return Err(bad_request(format!("page {text:?} is not a page number"))),
            },
        };
        Ok(PageRequest::new(page, per_page))
    }
}

/// A page past the last one is not found (page 1 of an empty list exists).
pub(crate) fn ensure_page_exists<T>(paged: &Paged<T>) -> Result<(), AppError> {
    if paged.page > 1 && paged.page > paged.page_count() {
        return Err(not_found());
    }
    Ok(())
}

/// What a page reads beside names it shows in its language, needing no
/// translation of its own (topics and regions are each language's own).
pub(crate) struct Unnamed<T>(pub T);

impl<T> folio_core::Localize for Unnamed<T> {
    fn name_keys(&self, _: &mut folio_core::NameKeys) {}
    fn localize(&mut self, _: &folio_core::LocalNames) {}
}

/// A page about one thing (an expert, a content type, a program) with a
/// page of its analysis.
pub(crate) struct Listing<T> {
    pub language: LanguageConfig,
    pub subject: T,
    pub articles: Paged<ArticleSummary>,
}

/// Loads what a listing page is about and a page of its analysis: `find`
/// reads the subject by slug and narrows the article query to it. A bad
/// slug, an unknown subject or a page past the end is not found.
pub(crate) async fn load_listing<T, F>(
    state: &AppState,
    language: &PageLanguage,
    slug: &str,
    query: &PageQuery,
    find: F,
) -> Result<Listing<T>, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut Conn<'_>, &Slug, &mut ArticleQuery) -> StoreResult<Option<T>> + Send + 'static,
{
    let language = state.page_language(language).clone();
    let slug = Slug::parse(slug).map_err(|_| not_found())?;
    let mut articles_query =
        ArticleQuery::published(&language.code, query.request(state.config.site.per_page)?);
    let memo = Arc::clone(&state.listing_memo);
    let summaries = Arc::clone(&state.summary_memo);
    let (subject, articles) = state
        .read(move |c| {
            let Some(subject) = find(c, &slug, &mut articles_query)? else {
                return Ok(None);
            };
            // The whole listing's ids, in order, shared by all its pages.
            let page = articles_query.page;
            let whole = ArticleQuery {
                page: PageRequest::new(1, u32::MAX),
                ..articles_query
            };
            let ids = memo.get_or_read(c, whole, |c, whole| {
                Ok(Arc::new(folio_db::list_article_ids(c, whole)?))
            })?;
            let start = usize::try_from(page.offset()).map_or(ids.len(), |o| o.min(ids.len()));
            let end = ids.len().min(start + page.per_page as usize);
            let articles = Paged {
                items: summaries.published(c, &ids[start..end])?,
                total: ids.len() as u64,
                page: page.page,
                per_page: page.per_page,
            };
            Ok(Some((subject, articles)))
        })
        .await?
        .ok_or_else(not_found)?;
    ensure_page_exists(&articles)?;
    Ok(Listing {
        language,
        subject,
        articles,
    })
}

pub(crate) fn html(body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        Html(body),
    )
        .into_response()
}
