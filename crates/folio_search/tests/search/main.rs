//! Search against a small fixture site whose facet counts are known.

mod catch_up;
mod facets;
mod languages;
mod queries;
mod related;

use std::path::PathBuf;
use std::sync::Arc;

use folio_core::LanguageCode;
use folio_db::Store;
use folio_search::{FacetKind, IndexSync, SearchIndex, SearchQuery, SearchResults, WriterBudget};

pub struct Site {
    pub store: Store,
    pub sync: Arc<IndexSync>,
    pub dir: tempfile::TempDir,
}

fn fixtures(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pages")
        .join(relative)
}

impl Site {
    /// The seeds, the Arabic translation, the partial pages and the archive
    /// pages, imported and indexed.
    pub fn with_fixtures() -> Site {
        Site::with_fixtures_and(|_| {})
    }

    /// The fixtures and what `add` writes, indexed together (in one
    /// segment).
    pub fn with_fixtures_and(add: impl FnOnce(&Store)) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("folio.db")).unwrap();
        let (files, missing) = folio_import::find_files(
            &["seeds", "translations", "partial", "archive"].map(fixtures),
        );
        assert!(missing.is_empty());
        let options = folio_import::ImportOptions {
            default_language: LanguageCode::english(),
            languages: Vec::new(),
        };
        let report = folio_import::import_files(&store, &files, &options, &mut |_| {}).unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        assert_eq!(report.created, 11);
        add(&store);
        let site = Site::open(store, dir);
        site.sync.catch_up().unwrap();
        site
    }

    pub fn open(store: Store, dir: tempfile::TempDir) -> Site {
        let index = SearchIndex::open(&dir.path().join("search"), WriterBudget::LIVE).unwrap();
        let sync = IndexSync::new(store.clone(), Arc::new(index));
        Site { store, sync, dir }
    }

    pub fn index(&self) -> &SearchIndex {
        self.sync.index()
    }

    pub fn search(&self, query: &SearchQuery) -> SearchResults {
        self.index().search(query).unwrap()
    }

    /// Saves an article and brings the index up to date.
    pub fn save(&self, input: &folio_core::ArticleInput) {
        let now = folio_core::Timestamp::from_second(1_700_000_000).unwrap();
        self.store
            .write(|c| folio_db::save_article(c, input, now))
            .unwrap();
        self.sync.catch_up().unwrap();
    }

    pub fn slugs(&self, query: &SearchQuery) -> Vec<String> {
        self.search(query)
            .hits
            .into_iter()
            .map(|h| h.slug)
            .collect()
    }
}

/// A facet's counts as (value, count), most frequent first.
pub fn counts(results: &SearchResults, kind: FacetKind) -> Vec<(String, u64)> {
    results.facets[&kind]
        .iter()
        .map(|v| (v.value.clone(), v.count))
        .collect()
}

pub fn english() -> SearchQuery {
    SearchQuery::new("").with_filter(FacetKind::Language, "en")
}

/// A published English piece of 1 January 2030, newer than every fixture.
pub fn piece_of_2030(slug: &str, title: &str, deck: &str) -> folio_core::ArticleInput {
    folio_core::ArticleInput {
        language: folio_core::LanguageCode::english(),
        slug: folio_core::Slug::parse(slug).unwrap(),
        title: title.into(),
        deck: deck.into(),
        body_markdown: "A new piece.".into(),
        body_is_excerpt: false,
        content_type: None,
        series_number: None,
        published_on: Some(folio_core::Date::new(2030, 1, 1).unwrap()),
        authors: vec![],
        topics: vec![],
        regions: vec![],
        author_note_markdown: String::new(),
        status: folio_core::ArticleStatus::Published,
        syndications: vec![],
        recommended: vec![],
        translations: vec![],
    }
}
