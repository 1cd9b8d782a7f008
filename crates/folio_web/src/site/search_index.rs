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
/// list of summaries, with their entries beside it, took about 80 MB at
/// once and carried an export past 500 MB.
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
            let mut body = JsonArray::with_capacity(0);
            for (read, chunk) in ids.chunks(ENTRIES_PER_READ).enumerate() {
                let mut articles = folio_db::article_summaries(c, chunk)?;
                if let Some(code) = &names_in {
                    folio_db::localize(c, code, &mut articles)?;
                }
                articles.shown(&mut shown);
                for article in articles {
                    body.push(&entry(&paths, article));
                }
                if read == 0 {
                    // The first read's entries tell the size of the rest:
                    // an array grown by doubling holds its old and new
                    // copies at once, and the English index of a
                    // 100,000-article archive is 27 MB.
                    body.reserve_for(chunk.len(), ids.len());
                }
            }
            Ok((body.finish(), shown))
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

/// The index's JSON array, written one entry at a time, so the entries
/// need not all be in memory at once.
struct JsonArray {
    bytes: Vec<u8>,
}

impl JsonArray {
    fn with_capacity(bytes: usize) -> JsonArray {
        let mut array = Vec::with_capacity(bytes);
        array.push(b'[');
        JsonArray { bytes: array }
    }

    fn push(&mut self, entry: &Entry) {
        if self.bytes.len() > 1 {
            self.bytes.push(b',');
        }
        serde_json::to_writer(&mut self.bytes, entry).expect("an entry of strings serialises");
    }

    /// Room for `total` entries, judging by the `written` so far (and a
    /// tenth more, as later entries may be longer).
    fn reserve_for(&mut self, written: usize, total: usize) {
        let per_entry = self.bytes.len() / written.max(1) + 1;
        let wanted = per_entry * total + per_entry * total / 10;
        self.bytes.reserve(wanted.saturating_sub(self.bytes.len()));
    }

    fn finish(mut self) -> Vec<u8> {
        self.bytes.push(b']');
        self.bytes
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_written_element_by_element_is_the_array_written_at_once() {
        let entries: Vec<Entry> = ["/a", "/b", "/c"]
            .iter()
            .map(|path| Entry {
                u: (*path).to_owned(),
                t: format!("Title \"{path}\""),
                d: String::new(),
                p: None,
                y: Some("Policy Analysis".into()),
                a: vec!["A".into(), "B".into()],
                l: "en".into(),
            })
            .collect();
        for count in 0..=entries.len() {
            let mut array = JsonArray::with_capacity(0);
            entries[..count].iter().for_each(|e| array.push(e));
            assert_eq!(
                array.finish(),
                serde_json::to_vec(&entries[..count]).unwrap(),
                "{count} entries"
            );
        }
    }
}
