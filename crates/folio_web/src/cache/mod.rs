//! The rendered-page cache and HTTP caching of public responses.
//!
//! - [`deps`]: handlers record what a response shows while it renders.
//! - [`store`]: the responses kept in memory within a budget, indexed by
//!   what they show, and thrown away exactly when that changes.
//! - [`http`]: the layer that serves from the cache, renders within the
//!   limits, adds validators and compressed copies, and answers 304s.
//!
//! The cache learns of changes from the search index's follower of the
//! change log ([`folio_search::ChangeListener`]): once the index shows a
//! change, the responses that depend on it go, on every node alike.

pub(crate) mod deps;
pub(crate) mod http;
mod store;

pub use http::CACHE_STATUS;
pub use store::{CacheStats, PageCache};

impl folio_search::ChangeListener for PageCache {
    fn applied(&self, applied: &folio_search::Applied<'_>) {
        self.invalidate(applied);
    }

    fn rebuilt(&self) {
        self.clear();
    }
}
