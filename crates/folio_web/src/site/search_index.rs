//! `/search-index.json`: a language's published articles in a compact form,
//! newest first, for searching in the browser on a static copy of the site
//! (`search.js`). The live site answers searches itself.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use folio_core::PageRequest;
use folio_db::ArticleQuery;
use serde::Serialize;

use super::Lang;
use crate::cache::deps as cache;
use crate::{AppError, AppState};

/// Short keys: the file is downloaded whole by every static search.
#[derive(Serialize)]
struct Entry {
    /// URL path.
    u: String,
    /// Title.
    t: String,
    /// Deck.
    d: String,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<String>,
    /// Type label.
    #[serde(skip_serializing_if = "Option::is_none")]
    y: Option<String>,
    /// Authors.
    a: Vec<String>,
    /// Language.
    l: String,
}

pub(crate) async fn search_index(
    State(state): State<AppState>,
    language: Lang,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let query = ArticleQuery::published(&language.code, PageRequest::new(1, u32::MAX));
    let articles = state
        .read_in(&language, move |c| folio_db::list_articles(c, &query))
        .await?;
    cache::depends_on_results(cache::language_results(language.code.as_str()));
    cache::shows(&articles);
    let paths = state.renderer.paths();
    let entries: Vec<Entry> = articles
        .items
        .into_iter()
        .map(|a| Entry {
            u: paths.in_namespace(a.language.as_str(), a.slug.as_str()),
            y: folio_render::type_label(a.content_type.as_ref(), a.series_number),
            t: if a.title.is_empty() {
                a.deck.clone()
            } else {
                a.title
            },
            d: a.deck,
            p: a.published_on.map(|d| d.to_string()),
            a: a.authors.into_iter().map(|e| e.name).collect(),
            l: a.language.to_string(),
        })
        .collect();
    let body = serde_json::to_string(&entries)
        .map_err(|e| AppError::Internal(format!("cannot write the search index: {e}")))?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}
