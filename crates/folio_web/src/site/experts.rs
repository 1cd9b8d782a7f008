use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::{Lang, PageQuery, ensure_page_exists, html, load_listing};
use crate::{AppError, AppState};

pub(crate) async fn index(
    State(state): State<AppState>,
    language: Lang,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let page = query.request(state.config.site.per_page)?;
    let experts = state.read(move |c| folio_db::list_experts(c, page)).await?;
    ensure_page_exists(&experts)?;
    Ok(html(state.renderer.experts(&language, &experts)?))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    language: Lang,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = load_listing(&state, &language, &slug, &query, |c, slug, articles| {
        let expert = folio_db::expert_by_slug(c, slug)?;
        articles.expert = expert.as_ref().map(|e| e.id);
        Ok(expert)
    })
    .await?;
    Ok(html(state.renderer.expert(
        &page.language,
        &page.subject,
        &page.articles,
    )?))
}
