use axum::extract::{Path, Query, RawQuery, State};
use axum::response::Response;
use folio_core::{Paged, Program, Slug};
use folio_search::{FacetKind, ResultSet};
use serde::Deserialize;

use super::feeds::{FeedSubject, feed_response};
use super::search::filtered_listing;
use super::{Lang, PageQuery, ensure_page_exists, feed_format, html};
use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState, not_found};

/// `/experts`, or `/experts?program=SLUG` for one program's experts.
#[derive(Debug, Deserialize)]
pub(crate) struct ExpertsQuery {
    page: Option<String>,
    program: Option<String>,
}

pub(crate) async fn index(
    State(state): State<AppState>,
    language: Lang,
    Query(query): Query<ExpertsQuery>,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let page = PageQuery {
        page: query.page.clone(),
    }
    .request(state.config.site.per_page)?;
    let program = match query.program.as_deref() {
        None | Some("") => None,
        Some(slug) => Some(Slug::parse(slug).map_err(|_| not_found())?),
    };
    let asked_for_program = program.is_some();
    let code = language.code.clone();
    let (experts, (programs, selected)) = state
        .read_in(&language, move |c| {
            let programs = folio_db::list_programs(c)?;
            let selected = match &program {
                None => None,
                Some(slug) => match programs.iter().find(|p| &p.slug == slug) {
                    Some(found) => Some(found.clone()),
                    None => {
                        let none = Paged {
                            items: Vec::new(),
                            total: 0,
                            page: page.page,
                            per_page: page.per_page,
                        };
                        return Ok((none, (programs, None::<Program>)));
                    }
                },
            };
            let experts = folio_db::list_experts_in(
                c,
                &code,
                selected.as_ref().map(|p| p.slug.as_str()),
                page,
            )?;
            Ok((experts, (programs, selected)))
        })
        .await?;
    if asked_for_program && selected.is_none() {
        return Err(not_found());
    }
    ensure_page_exists(&experts)?;
    let mut programs = programs;
    // By their names in this language.
    programs.sort_by(|a, b| a.name.cmp(&b.name));
    // The list and its counts of analysis; the programs it filters by.
    cache::depends_on(Dep::Experts);
    cache::depends_on(Dep::Programs);
    cache::shows(&experts);
    cache::shows(&programs);
    let slugs = experts
        .items
        .iter()
        .map(|e| e.expert.slug.to_string())
        .collect();
    cache::depends_on_results(ResultSet::fixed([(FacetKind::Expert, slugs)]));
    Ok(html(state.renderer.experts_filtered(
        &language,
        &experts,
        &programs,
        selected.as_ref(),
    )?))
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
