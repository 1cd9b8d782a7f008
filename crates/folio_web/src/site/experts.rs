use axum::extract::{Path, Query, RawQuery, State};
use axum::response::Response;
use folio_core::Slug;
use folio_search::{FacetKind, ResultSet};

use super::feeds::{FeedSubject, feed_response};
use super::search::filtered_listing;
use super::{Lang, PageQuery, ensure_page_exists, feed_format, html};
use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState, not_found};

pub(crate) async fn index(
    State(state): State<AppState>,
    language: Lang,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let page = query.request(state.config.site.per_page)?;
    let code = language.code.clone();
    let experts = state
        .read_in(&language, move |c| folio_db::list_experts(c, &code, page))
        .await?;
    ensure_page_exists(&experts)?;
    // The list and its counts of analysis.
    cache::depends_on(Dep::Experts);
    cache::shows(&experts);
    let slugs = experts
        .items
        .iter()
        .map(|e| e.expert.slug.to_string())
        .collect();
    cache::depends_on_results(ResultSet::fixed([(FacetKind::Expert, slugs)]));
    Ok(html(state.renderer.experts(&language, &experts)?))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    language: Lang,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let expert = state
        .read_in(&language, move |c| folio_db::expert_by_slug(c, &slug))
        .await?
        .ok_or_else(not_found)?;
    cache::shows(&expert);
    let fixed = vec![(FacetKind::Expert, expert.slug.to_string())];
    let listing = filtered_listing(&state, &language, raw.as_deref(), fixed).await?;
    let base = state
        .renderer
        .paths()
        .expert(language.code.as_str(), expert.slug.as_str());
    Ok(html(state.renderer.expert(
        &language,
        &expert,
        &listing.page(base),
    )?))
}

/// `/experts/{slug}/feed.atom` (or `.rss`, `.json`): the expert's newest
/// analysis in the page's language.
pub(crate) async fn feed(
    State(state): State<AppState>,
    language: Lang,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let format = feed_format(&file)?;
    let language = state.page_language(&language).clone();
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let expert = state
        .read_in(&language, move |c| folio_db::expert_by_slug(c, &slug))
        .await?
        .ok_or_else(not_found)?;
    feed_response(&state, &language, FeedSubject::Expert(expert), format).await
}
