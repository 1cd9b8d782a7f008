//! The store's behaviour, run against every backend this build has: each
//! test runs on a SQLite file and on a throw-away PostgreSQL schema (see
//! `folio_test_db` for how the server is found).

mod api;
mod articles;
mod changes;
mod concurrency;
mod copy;
mod feed;
mod names;
mod namespace;
mod redirects;
mod schema;
mod transactions;
mod translations;

use folio_core::{
    ArticleInput, ArticleStatus, Date, ExpertInput, LanguageCode, Slug, TermKind, Timestamp,
};
use folio_db::{Store, StoreResult};
use folio_test_db::TestPostgres;

/// An empty database of one backend, removed when dropped.
pub enum TestDatabase {
    Sqlite(tempfile::TempDir),
    Postgres(TestPostgres),
}

impl TestDatabase {
    pub fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite(dir) => {
                format!("sqlite:{}", dir.path().join("folio.db").display())
            }
            TestDatabase::Postgres(pg) => pg.url().to_owned(),
        }
    }

    /// Opens (and migrates) the database; may be called again to reopen.
    pub fn open(&self) -> Store {
        let store = Store::open(&self.url()).unwrap();
        eprintln!("-- on {}", store.dialect());
        store
    }
}

/// One empty database per backend.
pub fn databases() -> [TestDatabase; 2] {
    [
        TestDatabase::Sqlite(tempfile::tempdir().unwrap()),
        TestDatabase::Postgres(TestPostgres::new()),
    ]
}

/// A fresh, empty store per backend; the closure runs once for each.
pub fn for_each_backend(test: impl Fn(&Store)) {
    for database in databases() {
        let store = database.open();
        test(&store);
    }
}

pub fn now() -> Timestamp {
    Timestamp::from_second(1_700_000_000).unwrap()
}

pub fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

pub fn lang(code: &str) -> LanguageCode {
    LanguageCode::parse(code).unwrap()
}

pub fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// Experts, topics, regions and a content type the test articles refer to.
pub fn seed_taxonomy(store: &Store) {
    store
        .write(|c| -> StoreResult<()> {
            folio_db::upsert_expert(
                c,
                &ExpertInput {
                    slug: slug("anna-borshchevskaya"),
                    name: "Anna Borshchevskaya".into(),
                    bio: Some("Anna Borshchevskaya is a senior fellow.".into()),
                    programs: vec!["Great Power Competition Program".into()],
                },
                now(),
            )?;
            folio_db::upsert_expert(
                c,
                &ExpertInput {
                    slug: slug("simon-henderson"),
                    name: "Simon Henderson".into(),
                    bio: Some("Simon Henderson is a fellow.".into()),
                    programs: vec![],
                },
                now(),
            )?;
            for (kind, s, name) in [
                (TermKind::Topic, "terrorism", "Terrorism"),
                (TermKind::Topic, "military-security", "Military & Security"),
                (TermKind::Region, "syria", "Syria"),
            ] {
                folio_db::upsert_term(c, kind, &lang("en"), &slug(s), name, now())?;
            }
            folio_db::upsert_content_type(c, &slug("brief-analysis"), "Brief Analysis", now())?;
            Ok(())
        })
        .unwrap();
}

/// A complete published English article with the given slug.
pub fn article(slug_text: &str) -> ArticleInput {
    ArticleInput {
        language: lang("en"),
        slug: slug(slug_text),
        title: format!("Title of {slug_text}"),
        deck: "A one-sentence deck.".into(),
        body_markdown: "First paragraph.\n\nSecond paragraph.".into(),
        body_is_excerpt: false,
        content_type: Some(slug("brief-analysis")),
        series_number: None,
        published_on: Some(date("2024-04-05")),
        authors: vec![slug("anna-borshchevskaya")],
        topics: vec![slug("terrorism")],
        regions: vec![slug("syria")],
        author_note_markdown: String::new(),
        status: ArticleStatus::Published,
        syndications: vec![],
        recommended: vec![],
        translations: vec![],
    }
}

pub fn save(store: &Store, input: &ArticleInput) -> folio_db::SavedArticle {
    store
        .write(|c| folio_db::save_article(c, input, now()))
        .unwrap()
}
