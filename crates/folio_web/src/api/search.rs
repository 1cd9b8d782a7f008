//! `GET /api/v1/search` (and the older `/api/search`, the same answer):
//! the search page's results, facet counts and timing as JSON, with the
//! same parameters.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiResult;
use super::{ReadFailures, json, respond};
use crate::cache::deps as cache;
use crate::search_params::SearchParams;
use crate::{AppError, AppState};

#[derive(Serialize, ToSchema)]
pub struct SearchJson {
    pub query: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub page_count: u32,
    pub took_ms: f64,
    /// A spelling the archive knows, when nothing matched.
    pub suggestion: Option<String>,
    pub hits: Vec<HitJson>,
    /// Counts per facet (`topic`, `region`, `expert`, `type`, `year`,
    /// `lang`, `outlet`), each counted without its own filter.
    pub facets: BTreeMap<String, Vec<FacetJson>>,
}

#[derive(Serialize, ToSchema)]
pub struct HitJson {
    /// The article's public path.
    pub url: String,
    pub id: i64,
    pub language: String,
    pub slug: String,
    pub title: String,
    /// The title with matched words in `<mark>`; HTML-escaped.
    pub title_html: String,
    /// A passage of the body with matched words in `<mark>`; HTML-escaped.
    pub snippet_html: String,
    pub deck: String,
    pub type_label: Option<String>,
    pub published_on: Option<String>,
    pub authors: Vec<AuthorHitJson>,
    pub score: f32,
}

#[derive(Serialize, ToSchema)]
pub struct AuthorHitJson {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct FacetJson {
    /// What a filter takes: a slug, a year or a language code.
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

async fn run(state: &AppState, raw: Option<&str>) -> Result<SearchJson, AppError> {
    let params = SearchParams::parse(raw)?;
    let query = params.query(&[], state.config.site.per_page);
    cache::depends_on_results(folio_search::ResultSet::of_query(&query, &[]));
    let results = state.search(query).await?;
    cache::shows(&results);
    let paths = state.renderer.paths();
    Ok(SearchJson {
        query: params.text.clone(),
        total: results.total,
        page: results.page,
        per_page: results.per_page,
        page_count: results.page_count(),
        took_ms: results.took.as_secs_f64() * 1000.0,
        suggestion: results.suggestion.clone(),
        hits: results
            .hits
            .iter()
            .map(|hit| HitJson {
                url: paths.in_namespace(&hit.language, &hit.slug),
                id: hit.id,
                language: hit.language.clone(),
                slug: hit.slug.clone(),
                title: hit.title.clone(),
                title_html: hit.title_html.clone(),
                snippet_html: hit.snippet_html.clone(),
                deck: hit.deck.clone(),
                type_label: hit.type_label.clone(),
                published_on: hit.published_on.clone(),
                authors: hit
                    .authors
                    .iter()
                    .map(|a| AuthorHitJson {
                        slug: a.slug.clone(),
                        name: a.name.clone(),
                    })
                    .collect(),
                score: hit.score,
            })
            .collect(),
        facets: results
            .facets
            .iter()
            .map(|(kind, values)| {
                (
                    kind.parameter().to_owned(),
                    values
                        .iter()
                        .map(|v| FacetJson {
                            value: v.value.clone(),
                            label: v.label.clone(),
                            count: v.count,
                            selected: v.selected,
                        })
                        .collect(),
                )
            })
            .collect(),
    })
}

/// `/api/search`, kept for the clients that use it.
pub(crate) async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let body = run(&state, raw.as_deref()).await?;
    Ok(json(StatusCode::OK, &body))
}

/// Search published articles
///
/// Full-text search with facets that combine, as the search page.
#[utoipa::path(
    get, path = "/api/v1/search", tag = "search",
    params(
        ("q" = Option<String>, Query, description = "Words; quotes search a phrase"),
        ("topic" = Option<String>, Query, description = "A topic's slug"),
        ("region" = Option<String>, Query, description = "A region's slug"),
        ("expert" = Option<String>, Query, description = "An expert's slug"),
        ("type" = Option<String>, Query, description = "A content type's slug"),
        ("year" = Option<String>, Query, description = "A publication year"),
        ("lang" = Option<String>, Query, description = "A language code"),
        ("outlet" = Option<String>, Query, description = "An outlet's name"),
        ("from" = Option<String>, Query, description = "Published on or after this date (`YYYY-MM-DD`; empty: no bound)"),
        ("to" = Option<String>, Query, description = "Published on or before this date (`YYYY-MM-DD`; empty: no bound)"),
        ("sort" = Option<String>, Query, description = "relevance, newest or oldest"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 50000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 100),
        ("prefix" = Option<String>, Query, description = "1: the last word also matches as a prefix"),
    ),
    security((), ("token" = [])),
    responses((status = 200, description = "Hits, facet counts and timing", body = SearchJson), ReadFailures)
)]
pub async fn search_v1(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let body = run(&state, raw.as_deref()).await?;
    Ok(respond(&headers, &body))
}
