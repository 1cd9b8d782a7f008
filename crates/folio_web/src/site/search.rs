//! `/search`, and the filtered listings that share its machinery.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use folio_config::LanguageConfig;
use folio_render::SearchPage;
use folio_search::{FacetKind, ResultSet, SearchResults};

use super::{Lang, html};
use crate::cache::deps as cache;
use crate::search_params::SearchParams;
use crate::{AppError, AppState, not_found};

pub(crate) async fn search_page(
    State(state): State<AppState>,
    language: Lang,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let params = SearchParams::parse(raw.as_deref())?;
    let query = params.query(&[], state.config.site.per_page);
    cache::depends_on_results(ResultSet::of_query(&query, &[]));
    let results = state.search(query).await?;
    ensure_results_page(&results)?;
    let results = state.localize(&language, results).await?;
    cache::shows(&results);
    let mut page = search_page_for(
        state.renderer.paths().search(language.code.as_str()),
        &params,
        &[],
        &results,
    );
    page.is_search = true;
    Ok(html(state.renderer.search(&language, &page)?))
}

/// A listing's analysis through the index: the request's filters plus the
/// page's own (`fixed`), in the page's language.
pub(crate) struct FilteredListing {
    pub params: SearchParams,
    pub fixed: Vec<(FacetKind, String)>,
    pub results: SearchResults,
}

impl FilteredListing {
    pub(crate) fn page(&self, base_path: String) -> SearchPage<'_> {
        search_page_for(base_path, &self.params, &self.fixed, &self.results)
    }
}

pub(crate) async fn filtered_listing(
    state: &AppState,
    language: &LanguageConfig,
    raw_query: Option<&str>,
    mut fixed: Vec<(FacetKind, String)>,
) -> Result<FilteredListing, AppError> {
    let params = SearchParams::parse(raw_query)?;
    fixed.push((FacetKind::Language, language.code.as_str().to_owned()));
    let query = params.query(&fixed, state.config.site.per_page);
    let fixed_kinds: Vec<FacetKind> = fixed.iter().map(|(kind, _)| *kind).collect();
    cache::depends_on_results(ResultSet::of_query(&query, &fixed_kinds));
    let results = state.search(query).await?;
    ensure_results_page(&results)?;
    let results = state.localize(language, results).await?;
    cache::shows(&results);
    Ok(FilteredListing {
        params,
        fixed,
        results,
    })
}

fn search_page_for<'a>(
    base_path: String,
    params: &SearchParams,
    fixed: &[(FacetKind, String)],
    results: &'a SearchResults,
) -> SearchPage<'a> {
    SearchPage {
        base_path,
        params: params.pairs_without(fixed),
        text: params.text.clone(),
        from: params.from_text.clone(),
        to: params.to_text.clone(),
        sort: params.sort,
        results,
        fixed: fixed.iter().map(|(kind, _)| *kind).collect(),
        is_search: false,
    }
}

/// A page of results past the last is not found (page 1 always exists).
fn ensure_results_page(results: &SearchResults) -> Result<(), AppError> {
    if results.page > 1 && results.page > results.page_count() {
        return Err(not_found());
    }
    Ok(())
}
