//! The importer against whole fixture pages.

mod languages;
mod malformed;
mod partial;
mod reimport;
mod seeds;
mod translations;

use std::path::PathBuf;

use folio_core::{LanguageCode, Slug};
use folio_db::Store;
use folio_import::{CrawledPage, ImportOptions, ImportReport};

pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pages")
        .join(relative)
}

pub fn english() -> LanguageCode {
    LanguageCode::english()
}

pub fn lang(code: &str) -> LanguageCode {
    LanguageCode::parse(code).unwrap()
}

pub fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

pub fn parse_fixture(relative: &str) -> CrawledPage {
    let bytes = std::fs::read(fixture(relative)).unwrap();
    folio_import::parse_page_bytes(&bytes, &english()).unwrap()
}

pub fn options() -> ImportOptions {
    ImportOptions {
        default_language: english(),
        languages: Vec::new(),
    }
}

pub struct TestStore {
    pub store: Store,
    _dir: tempfile::TempDir,
}

pub fn new_store() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("folio.db")).unwrap();
    TestStore { store, _dir: dir }
}

pub fn import(store: &Store, relatives: &[&str]) -> ImportReport {
    let paths: Vec<PathBuf> = relatives.iter().map(|r| fixture(r)).collect();
    let (files, missing) = folio_import::find_files(&paths);
    assert!(missing.is_empty(), "{missing:?}");
    folio_import::import_files(store, &files, &options(), &mut |_| {}).unwrap()
}
