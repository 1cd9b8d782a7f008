//! The topic and region indexes, and content types.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use folio_core::{Slug, TermKind};
use folio_search::FacetKind;

use super::feeds::{FeedSubject, feed_response};
use super::search::filtered_listing;
use super::{Lang, feed_format, html};
use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState, not_found};

pub(crate) async fn topics(state: State<AppState>, language: Lang) -> Result<Response, AppError> {
    terms(state, language, TermKind::Topic).await
}

pub(crate) async fn regions(state: State<AppState>, language: Lang) -> Result<Response, AppError> {
    terms(state, language, TermKind::Region).await
}

async fn terms(
    State(state): State<AppState>,
    language: Lang,
    kind: TermKind,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let code = language.code.clone();
    let terms = state
        .read(move |c| folio_db::list_terms(c, kind, &code))
        .await?;
    // The terms and their counts of analysis in this language.
    cache::depends_on(Dep::Terms);
    cache::shows(&terms);
    cache::depends_on_results(cache::language_results(language.code.as_str()));
    Ok(html(state.renderer.terms(&language, kind, &terms)?))
}

pub(crate) async fn content_types(
    State(state): State<AppState>,
    language: Lang,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let code = language.code.clone();
    let mut types = state
        .read_in(&language, move |c| folio_db::list_content_types(c, &code))
        .await?;
    types.retain(|t| t.article_count > 0);
    // By their names in this language.
    types.sort_by(|a, b| a.content_type.name.cmp(&b.content_type.name));
    cache::depends_on(Dep::ContentTypes);
    cache::shows(&types);
    cache::depends_on_results(cache::language_results(language.code.as_str()));
    Ok(html(state.renderer.content_types(&language, &types)?))
}

pub(crate) async fn content_type(
    State(state): State<AppState>,
    language: Lang,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let content_type = state
        .read_in(&language, move |c| folio_db::content_type_by_slug(c, &slug))
        .await?
        .ok_or_else(not_found)?;
    cache::shows(&content_type);
    let fixed = vec![(FacetKind::Type, content_type.slug.to_string())];
    let listing = filtered_listing(&state, &language, raw.as_deref(), fixed).await?;
    let base = state
        .renderer
        .paths()
        .content_type(language.code.as_str(), content_type.slug.as_str());
    Ok(html(state.renderer.content_type(
        &language,
        &content_type,
        &listing.page(base),
    )?))
}

/// `/types/{slug}/feed.atom` (or `.rss`, `.json`).
pub(crate) async fn content_type_feed(
    State(state): State<AppState>,
    language: Lang,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let format = feed_format(&file)?;
    let language = state.page_language(&language).clone();
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let content_type = state
        .read_in(&language, move |c| folio_db::content_type_by_slug(c, &slug))
        .await?
        .ok_or_else(not_found)?;
    feed_response(
        &state,
        &language,
        FeedSubject::ContentType(content_type),
        format,
    )
    .await
}
