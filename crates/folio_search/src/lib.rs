//! The search index: an on-disk tantivy index of every published article.
//!
//! - [`analysis`]: how text becomes terms, per language (English stemming,
//!   Arabic normalisation and stemming, Persian folding).
//! - [`SearchIndex::search`]: full-text search with phrase and prefix
//!   queries, facet counts, date ranges, sorting, snippets, suggestions.
//! - [`SearchIndex::related`]: related analysis for an article page;
//!   [`SearchIndex::newest_ids`]: the newest pieces on a topic beside it.
//! - [`IndexSync`]: follows the store's change log, so the index reflects
//!   every write and catches up after a crash; [`build`] rebuilds it.

pub mod analysis;
mod dependence;
mod facets;
mod index;
mod memo;
mod newest;
mod query;
mod related;
mod schema;
mod sync;

use std::path::Path;

pub use analysis::normalize_arabic;
pub use dependence::{DocFacts, ResultSet};
pub use facets::FacetKind;
pub use index::{Bulk, SearchIndex, WriterBudget};
pub use query::{AuthorHit, FacetValue, SearchHit, SearchQuery, SearchResults, Sort};
pub use related::{RelatedHit, RelatedRequest};
pub use sync::{Applied, CatchUp, ChangeListener, IndexSync, POLL_INTERVAL, build};

/// The index's directory inside the data directory.
pub const INDEX_DIR: &str = "search";

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search index in {0} is in use by another Folio process; stop it first")]
    Locked(std::path::PathBuf),
    #[error("search index: {0}")]
    Index(String),
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error(transparent)]
    Store(#[from] folio_db::StoreError),
}

impl SearchError {
    pub(crate) fn index(error: impl std::fmt::Display) -> SearchError {
        SearchError::Index(error.to_string())
    }

    pub(crate) fn io(path: &Path, error: std::io::Error) -> SearchError {
        SearchError::Io {
            path: path.display().to_string(),
            message: error.to_string(),
        }
    }
}
