//! The change feed wakes followers after commits, on this node and others.

use std::time::{Duration, Instant};

use folio_db::{StoreError, StoreResult};

use crate::*;

const PATIENCE: Duration = Duration::from_secs(5);

#[test]
fn a_commit_that_appends_a_change_wakes_followers_and_a_rollback_does_not() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let feed = store.change_feed();
        let seen = feed.generation();
        let writer = {
            let store = store.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                save(&store, &article("wakes"));
            })
        };
        let started = Instant::now();
        let now_seen = feed.wait_past(seen, PATIENCE);
        writer.join().unwrap();
        assert_ne!(now_seen, seen);
        assert!(started.elapsed() < PATIENCE / 2, "{:?}", started.elapsed());

        let failed: StoreResult<()> = store.write(|c| {
            folio_db::save_article(c, &article("rolled-back"), now())?;
            Err(StoreError::Conflict("stop".into()))
        });
        assert!(failed.is_err());
        // A write that logs nothing wakes no one either.
        store
            .write(|c| folio_db::record_login_attempt(c, "a@b.c", "::1", true, now()))
            .unwrap();
        let generation = feed.generation();
        assert_eq!(
            feed.wait_past(generation, Duration::from_millis(300)),
            generation
        );
    });
}

/// On PostgreSQL a commit on one node wakes the followers of every other
/// (LISTEN/NOTIFY), without waiting for their poll.
#[test]
fn a_commit_on_another_node_wakes_this_one() {
    let [_, postgres] = databases();
    let node_a = postgres.open();
    let node_b = postgres.open();
    seed_taxonomy(&node_a);
    let feed = node_b.change_feed();
    // The listener wakes the feed once when it has connected.
    let deadline = Instant::now() + PATIENCE;
    let mut seen = feed.generation();
    while seen == 0 && Instant::now() < deadline {
        seen = feed.wait_past(seen, Duration::from_millis(50));
    }
    let started = Instant::now();
    save(&node_a, &article("elsewhere"));
    let woken = feed.wait_past(seen, PATIENCE);
    assert_ne!(woken, seen, "node B was not woken");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let latest = node_b.read(folio_db::latest_change).unwrap();
    assert_eq!(latest, node_a.read(folio_db::latest_change).unwrap());
}
