//! `/search-index.json`: a language's published articles in a compact form,
//! newest first, for searching in the browser on a static copy of the site
//! (`search.js`). The live site answers searches itself.

use std::collections::HashSet;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use folio_core::{ArticleSummary, PageRequest};
use folio_db::ArticleQuery;
use serde::Serialize;

use super::Lang;
use crate::cache::deps::{self as cache, Shows};
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

/// Articles read and written at a time: a 100,000-article archive's whole
/// list of summaries, and their entries beside it, had briefly doubled an
/// export's memory.
const ENTRIES_PER_READ: usize = 2_000;

pub(crate) async fn search_index(
    State(state): State<AppState>,
    language: Lang,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let query = ArticleQuery::published(&language.code, PageRequest::new(1, u32::MAX));
    let names_in = state.translation_language(&language);
    let paths = state.renderer.paths().clone();
    let (body, shown) = state
        .read(move |c| {
            let ids = folio_db::list_article_ids(c, &query)?;
            let mut shown = HashSet::new();
            let mut body = Vec::with_capacity(ids.len() * 200);
            body.push(b'[');
            for chunk in ids.chunks(ENTRIES_PER_READ) {
                let mut articles = folio_db::article_summaries(c, chunk)?;
                if let Some(code) = &names_in {
                    folio_db::localize(c, code, &mut articles)?;
                }
                articles.shown(&mut shown);
                for article in articles {
                    if body.len() > 1 {
                        body.push(b',');
                    }
                    serde_json::to_writer(&mut body, &entry(&paths, article))
                        .expect("an entry of strings serialises");
                }
            }
            body.push(b']');
            Ok((body, shown))
        })
        .await?;
    cache::depends_on_results(cache::language_results(language.code.as_str()));
    cache::depends_on_all(shown);
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

fn entry(paths: &folio_render::SitePaths, a: ArticleSummary) -> Entry {
    Entry {
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
    }
}
