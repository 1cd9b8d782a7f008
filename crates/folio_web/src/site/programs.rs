use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::{Lang, PageQuery, html, load_listing};
use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState};

pub(crate) async fn index(
    State(state): State<AppState>,
    language: Lang,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let mut programs = state.read_in(&language, folio_db::list_programs).await?;
    // By their names in this language.
    programs.sort_by(|a, b| a.name.cmp(&b.name));
    cache::depends_on(Dep::Programs);
    cache::shows(&programs);
    Ok(html(state.renderer.programs(&language, &programs)?))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    language: Lang,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = load_listing(&state, &language, &slug, &query, |c, slug, articles| {
        let Some(program) = folio_db::program_by_slug(c, slug)? else {
            return Ok(None);
        };
        articles.program = Some(program.id);
        let experts = folio_db::experts_in_program(c, program.id)?;
        Ok(Some((program, experts)))
    })
    .await?;
    let ((program, experts), articles) = state
        .localize(&page.language, (page.subject, page.articles))
        .await?;
    cache::shows(&program);
    // Who is in the program changes with an expert's profile.
    cache::depends_on(Dep::Experts);
    cache::shows(&experts);
    cache::shows(&articles);
    let slugs = experts.iter().map(|e| e.slug.to_string()).collect();
    cache::depends_on_results(cache::expert_results(page.language.code.as_str(), slugs));
    Ok(html(state.renderer.program(
        &page.language,
        &program,
        &experts,
        &articles,
    )?))
}
