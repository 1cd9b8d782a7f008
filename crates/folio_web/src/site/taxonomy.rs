//! The topic and region indexes, and content types.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use folio_core::TermKind;

use super::{Lang, PageQuery, html, load_listing};
use crate::{AppError, AppState};

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
    Ok(html(state.renderer.terms(&language, kind, &terms)?))
}

pub(crate) async fn content_types(
    State(state): State<AppState>,
    language: Lang,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let code = language.code.clone();
    let mut types = state
        .read(move |c| folio_db::list_content_types(c, &code))
        .await?;
    types.retain(|t| t.article_count > 0);
    Ok(html(state.renderer.content_types(&language, &types)?))
}

pub(crate) async fn content_type(
    State(state): State<AppState>,
    language: Lang,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = load_listing(&state, &language, &slug, &query, |c, slug, articles| {
        let content_type = folio_db::content_type_by_slug(c, slug)?;
        articles.content_type = content_type.as_ref().map(|t| t.id);
        Ok(content_type)
    })
    .await?;
    Ok(html(state.renderer.content_type(
        &page.language,
        &page.subject,
        &page.articles,
    )?))
}
