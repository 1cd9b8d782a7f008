//! `GET /api/search`: the search page's results, facet counts and timing
//! as JSON, with the same parameters.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use folio_search::{FacetValue, SearchHit};
use serde::Serialize;
use std::collections::BTreeMap;

use super::json;
use crate::search_params::SearchParams;
use crate::{AppError, AppState};

#[derive(Serialize)]
struct SearchResponse<'a> {
    query: &'a str,
    total: u64,
    page: u32,
    per_page: u32,
    page_count: u32,
    took_ms: f64,
    suggestion: Option<&'a str>,
    hits: Vec<Hit<'a>>,
    facets: BTreeMap<&'static str, &'a [FacetValue]>,
}

#[derive(Serialize)]
struct Hit<'a> {
    url: String,
    #[serde(flatten)]
    hit: &'a SearchHit,
}

pub(crate) async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let params = SearchParams::parse(raw.as_deref())?;
    let results = state
        .search(params.query(&[], state.config.site.per_page))
        .await?;
    let paths = state.renderer.paths();
    let body = SearchResponse {
        query: &params.text,
        total: results.total,
        page: results.page,
        per_page: results.per_page,
        page_count: results.page_count(),
        took_ms: results.took.as_secs_f64() * 1000.0,
        suggestion: results.suggestion.as_deref(),
        hits: results
            .hits
            .iter()
            .map(|hit| Hit {
                url: paths.in_namespace(&hit.language, &hit.slug),
                hit,
            })
            .collect(),
        facets: results
            .facets
            .iter()
            .map(|(kind, values)| (kind.parameter(), values.as_slice()))
            .collect(),
    };
    Ok(json(StatusCode::OK, &body))
}
