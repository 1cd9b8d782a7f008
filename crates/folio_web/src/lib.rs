//! The HTTP face of Folio: one axum router for the public site.
//!
//! Handlers are laid out like the routes (`site/experts.rs` answers
//! `/experts…`). Every language gets the same routes under its prefix
//! (`/ar/experts`); the handler learns its language from a request
//! extension set where the routes are mounted. The store is synchronous, so
//! handlers reach it through [`AppState::read`], which runs the closure on
//! the blocking pool.

pub mod admin;
pub mod api;
pub mod cache;
mod canonical_host;
mod editing;
mod error;
pub mod export;
mod headers;
pub mod health;
mod memo;
pub mod scheduler;
mod search_params;
mod site;
pub mod webhooks;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use folio_config::{Config, LanguageConfig};
use folio_db::{Conn, Store, StoreResult};
use folio_render::Renderer;
use folio_search::{IndexSync, SearchQuery, SearchResults};
use memo::ReadMemo;

/// The folder of the data directory that holds uploaded images.
pub const MEDIA_DIR: &str = "media";

pub use error::{AppError, ErrorPage, bad_field, bad_request, not_found};

/// What every handler shares: a handle, cloned by every layer and
/// extractor on every request, so one reference count (cloning the fields
/// one by one was a sixth of a cached page's CPU time).
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// The fields of [`AppState`].
#[derive(Clone)]
pub struct SharedState {
    pub store: Store,
    pub renderer: Renderer,
    pub config: Arc<Config>,
    /// The search index, kept in step with the store's change log.
    pub search: Arc<IndexSync>,
    /// Limits for sessions, logins and uploads.
    pub admin: admin::AdminSettings,
    /// Where uploaded images are stored; `None` refuses uploads.
    pub media_dir: Option<PathBuf>,
    /// The API's rate limits and its OpenAPI document.
    pub api: Arc<api::ApiRuntime>,
    /// Store and index calls run on the calling thread instead of the
    /// blocking pool: for the static export, whose workers are plain
    /// threads with a runtime each, where the hand-off to the pool cost
    /// more than the reads themselves.
    inline_blocking: bool,
    /// The items of recently read feeds: a feed's formats share one read.
    feed_memo: Arc<ReadMemo<folio_db::ArticleQuery, Vec<folio_render::FeedItem>>>,
    /// The HTTP caching layer runs (validators, the page cache, render
    /// limits); off for the static export, which writes files.
    http_caching: bool,
    /// Rendered public responses; `None` when `[cache] enabled = false`.
    pub page_cache: Option<Arc<cache::PageCache>>,
    /// Renders in progress or waiting (`[limits] max_concurrent_renders`).
    render_permits: Arc<tokio::sync::Semaphore>,
    /// Renders running at once (`[limits] parallel_renders`); the others
    /// wait their turn.
    render_workers: Arc<tokio::sync::Semaphore>,
    request_timeout: std::time::Duration,
    /// `Cache-Control` of public responses, from `[cache]`.
    public_cache_control: axum::http::HeaderValue,
    /// Recently read listings' ids in order (a program's analysis): the
    /// pages of a listing share one read.
    listing_memo: Arc<ReadMemo<folio_db::ArticleQuery, Arc<Vec<i64>>>>,
    /// Cards of recently shown pieces.
    summary_memo: Arc<memo::SummaryMemo>,
    /// Recently cited articles: an article's citation files share one read.
    citation_memo:
        Arc<ReadMemo<(folio_core::LanguageCode, folio_core::Slug), Option<folio_core::Article>>>,
}

/// Reads each family memo keeps (a feed's, an article's citations', a
/// listing's): the few a request and its neighbours share.
const MEMO_READS: usize = 16;

/// Article summaries the memo keeps: a few megabytes.
const SUMMARIES_KEPT: usize = 20_000;

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl AppState {
    pub fn new(store: Store, renderer: Renderer, search: Arc<IndexSync>) -> AppState {
        let config = Arc::new(renderer.config().clone());
        let page_cache = config.cache.enabled.then(|| {
            Arc::new(cache::PageCache::new(
                config.cache.memory_bytes,
                store.clone(),
            ))
        });
        let render_permits = Arc::new(tokio::sync::Semaphore::new(
            config.limits.max_concurrent_renders as usize,
        ));
        let render_workers = Arc::new(tokio::sync::Semaphore::new(parallel_renders(
            config.limits.parallel_renders,
        )));
        let request_timeout =
            std::time::Duration::from_secs(u64::from(config.limits.request_timeout_seconds));
        let public_cache_control = public_cache_control(&config.cache);
        if let Some(cache) = &page_cache {
            // The cache follows the change log with the index.
            search.set_listener(Arc::clone(cache) as Arc<dyn folio_search::ChangeListener>);
        }
        let api = Arc::new(api::ApiRuntime::new(&config, renderer.paths().clone()));
        AppState(Arc::new(SharedState {
            api,
            store,
            renderer,
            config,
            search,
            admin: admin::AdminSettings::default(),
            media_dir: None,
            inline_blocking: false,
            http_caching: true,
            page_cache,
            render_permits,
            render_workers,
            request_timeout,
            public_cache_control,
            feed_memo: Arc::new(ReadMemo::new(MEMO_READS)),
            citation_memo: Arc::new(ReadMemo::new(MEMO_READS)),
            listing_memo: Arc::new(ReadMemo::new(MEMO_READS)),
            summary_memo: Arc::new(memo::SummaryMemo::new(SUMMARIES_KEPT)),
        }))
    }

    /// The fields, to change while setting a site up (copied first when
    /// another handle shares them).
    pub fn make_mut(&mut self) -> &mut SharedState {
        Arc::make_mut(&mut self.0)
    }

    /// Stores uploads under `data_dir/media`.
    pub fn with_data_dir(mut self, data_dir: &std::path::Path) -> AppState {
        self.make_mut().media_dir = Some(data_dir.join(MEDIA_DIR));
        self
    }

    /// Runs blocking work (store transactions, index queries) on the
    /// blocking pool, or inline when this state belongs to an export worker.
    pub(crate) async fn blocking<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        if self.inline_blocking {
            return Ok(f());
        }
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| AppError::Internal(format!("a blocking task failed: {e}")))
    }

    /// Runs a search on the blocking pool.
    pub async fn search(&self, query: SearchQuery) -> Result<SearchResults, AppError> {
        let sync = Arc::clone(&self.search);
        self.blocking(move || sync.index().search(&query))
            .await?
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Runs a read transaction on the blocking pool.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn<'_>) -> StoreResult<T> + Send + 'static,
    {
        let store = self.store.clone();
        self.blocking(move || store.read(f))
            .await?
            .map_err(AppError::from)
    }

    /// Runs a read for a page in `language`: the names of experts, content
    /// types and programs in what it returns come in that language where
    /// they are translated (the default language's are stored as they are).
    pub(crate) async fn read_in<T, F>(&self, language: &LanguageConfig, f: F) -> Result<T, AppError>
    where
        T: folio_core::Localize + Send + 'static,
        F: FnOnce(&mut Conn<'_>) -> StoreResult<T> + Send + 'static,
    {
        let translate_into = self.translation_language(language);
        self.read(move |c| {
            let mut value = f(c)?;
            if let Some(code) = &translate_into {
                folio_db::localize(c, code, &mut value)?;
            }
            Ok(value)
        })
        .await
    }

    /// Puts names already read (search results, say) in `language`.
    pub(crate) async fn localize<T>(
        &self,
        language: &LanguageConfig,
        value: T,
    ) -> Result<T, AppError>
    where
        T: folio_core::Localize + Send + 'static,
    {
        if self.translation_language(language).is_none() {
            return Ok(value);
        }
        self.read_in(language, move |_| Ok(value)).await
    }

    /// `None` for the default language, whose names need no lookup.
    pub(crate) fn translation_language(
        &self,
        language: &LanguageConfig,
    ) -> Option<folio_core::LanguageCode> {
        (language.code != self.config.site.default_language).then(|| language.code.clone())
    }

    /// The same site without the page cache, and with memos of its own
    /// that remember nothing yet: every request renders from the store and
    /// the index (what a fresh render gives, for comparing).
    pub fn without_page_cache(mut self) -> AppState {
        let state = self.make_mut();
        state.page_cache = None;
        state.feed_memo = Arc::new(ReadMemo::new(MEMO_READS));
        state.citation_memo = Arc::new(ReadMemo::new(MEMO_READS));
        state.listing_memo = Arc::new(ReadMemo::new(MEMO_READS));
        state.summary_memo = Arc::new(memo::SummaryMemo::new(SUMMARIES_KEPT));
        self
    }

    /// Takes `count` of the render permits and holds them until the guard
    /// is dropped: what a burst of slow renders does, for testing the limit.
    pub async fn hold_render_permits(&self, count: u32) -> tokio::sync::OwnedSemaphorePermit {
        Arc::clone(&self.render_permits)
            .acquire_many_owned(count)
            .await
            .expect("the render semaphore is never closed")
    }

    /// Takes `count` of the parallel render slots until the guard is
    /// dropped: what renders already running do, for testing the queue.
    pub async fn hold_render_slots(&self, count: u32) -> tokio::sync::OwnedSemaphorePermit {
        Arc::clone(&self.render_workers)
            .acquire_many_owned(count)
            .await
            .expect("the render semaphore is never closed")
    }

    /// Waits until the search index and the page cache show every write
    /// committed so far, or `timeout` passes.
    pub(crate) async fn settle_writes(&self, timeout: std::time::Duration) {
        let latest = match self.read(folio_db::latest_change).await {
            Ok(seq) => seq,
            Err(_) => return,
        };
        let sync = Arc::clone(&self.search);
        match self
            .blocking(move || sync.catch_up_to(latest, timeout))
            .await
        {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => tracing::warn!(
                change = latest,
                "a write is not in the search index and page cache yet; answering anyway"
            ),
            Ok(Err(error)) => {
                tracing::error!(%error, "the search index could not catch up after a write")
            }
            Err(error) => {
                tracing::error!(?error, "the search index could not catch up after a write")
            }
        }
    }

    /// Runs a write transaction on the blocking pool.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn<'_>) -> StoreResult<T> + Send + 'static,
    {
        let store = self.store.clone();
        self.blocking(move || store.write(f))
            .await?
            .map_err(AppError::from)
    }

    /// The language whose prefix a path starts with; the default language
    /// for everything else.
    pub fn language_of_path(&self, path: &str) -> &LanguageConfig {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        self.config
            .language_by_prefix(first)
            .unwrap_or_else(|| self.config.default_language())
    }
}

/// Renders that run at once: the configured number, or twice the cores
/// this process may use.
fn parallel_renders(configured: u32) -> usize {
    match configured {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
        n => n as usize,
    }
}

/// `Cache-Control` for public pages: browsers and CDNs may reuse a page for
/// `max_age`, and a CDN may serve it `stale_while_revalidate` longer while
/// it fetches a fresh one.
fn public_cache_control(settings: &folio_config::CacheConfig) -> axum::http::HeaderValue {
    let value = format!(
        "public, max-age={}, stale-while-revalidate={}",
        settings.max_age_seconds, settings.stale_while_revalidate_seconds
    );
    axum::http::HeaderValue::from_str(&value).expect("digits and ASCII make a header value")
}

/// The whole site: every language's routes, static assets, error pages and
/// security headers.
pub fn router(state: AppState) -> Router {
    let mut routes = site::routes(&state)
        .merge(api::routes(&state))
        .merge(admin::routes(&state))
        .route("/media/{file}", axum::routing::get(admin::serve_media))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::render_error_pages,
        ));
    if state.http_caching {
        routes = routes.layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::http::http_caching,
        ));
    }
    // A layer on a router runs after routing; `…/page/N` must become
    // `?page=N` before it, so the routes sit behind a fallback.
    let caching = state.http_caching && state.page_cache.is_some();
    let site = Router::new()
        .fallback_service(routes.with_state(state.clone()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            site::page_paths,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::cors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            canonical_host::canonical_host,
        ))
        // A load balancer asks a node by its own address: no canonical host.
        .merge(health::routes())
        .layer(axum::middleware::from_fn(headers::security_headers));
    let site = if caching {
        site.layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::http::hits_first,
        ))
    } else {
        site
    };
    site.with_state(state)
}
