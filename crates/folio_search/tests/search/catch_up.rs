//! The index follows writes and catches up after a crash.

use std::time::{Duration, Instant};

use folio_core::{ExpertInput, Slug, Timestamp};
use folio_search::SearchQuery;

use crate::*;

fn rename_expert(site: &Site, name: &str) {
    site.store
        .write(|c| {
            folio_db::upsert_expert(
                c,
                &ExpertInput {
                    slug: Slug::parse("hanin-ghaddar").unwrap(),
                    name: name.into(),
                    bio: None,
                    programs: vec![],
                },
                Timestamp::from_second(1_700_000_000).unwrap(),
            )
        })
        .unwrap();
}

#[test]
fn a_crash_between_the_database_and_the_index_commit_is_caught_up_at_the_next_start() {
    let site = Site::with_fixtures();
    let applied = site.index().applied_change().unwrap();
    // The database commits; the process dies before the index does.
    rename_expert(&site, "Hanin Ghaddar-Renamed");
    let Site { store, sync, dir } = site;
    drop(sync);

    let site = Site::open(store, dir);
    assert_eq!(
        site.index().applied_change().unwrap(),
        applied,
        "the index did not see the write"
    );
    assert!(site.sync.lag().unwrap() > 0);
    let done = site.sync.catch_up().unwrap();
    assert_eq!(done.changes, 1);
    assert_eq!(site.sync.lag().unwrap(), 0);
    let hits = site.search(&SearchQuery::new("Ghaddar-Renamed")).hits;
    assert_eq!(hits.len(), 1, "the expert's article carries the new name");
    assert_eq!(hits[0].authors[0].name, "Hanin Ghaddar-Renamed");
}

#[test]
fn the_background_follower_makes_a_write_searchable_within_a_second() {
    let site = Site::with_fixtures();
    let handle = site.sync.follow_in_background();
    rename_expert(&site, "Hanin Followed");
    site.sync.notify();
    let started = Instant::now();
    while site.search(&SearchQuery::new("followed")).total == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "not searchable within a second"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    site.sync.stop();
    handle.join().unwrap();
}

#[test]
fn an_emptied_index_is_rebuilt_from_the_store() {
    let site = Site::with_fixtures();
    site.index().clear().unwrap();
    assert_eq!(site.index().document_count(), 0);
    let done = site.sync.catch_up().unwrap();
    assert!(done.rebuilt);
    assert_eq!(site.index().document_count(), 11);
    assert_eq!(site.sync.lag().unwrap(), 0);
}

#[test]
fn a_second_writer_on_the_same_index_is_refused_with_a_clear_error() {
    let site = Site::with_fixtures();
    let error =
        folio_search::SearchIndex::open(site.index().path(), folio_search::WriterBudget::LIVE)
            .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("in use by another Folio process"),
        "{error}"
    );
}
