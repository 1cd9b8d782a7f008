//! Several writers at once, as several nodes on one database are.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use folio_db::StoreResult;

use crate::*;

const WRITERS: usize = 3;
const WRITES_EACH: usize = 8;

/// A follower reading `seq > last` must see every change: on PostgreSQL
/// two transactions could otherwise commit their sequence numbers out of
/// order, and the smaller one, committed late, would be skipped forever.
#[test]
fn a_follower_sees_every_change_of_concurrent_writers() {
    for database in databases() {
        // One store per writer: separate connection pools, like nodes.
        let nodes: Vec<_> = (0..WRITERS).map(|_| database.open()).collect();
        seed_taxonomy(&nodes[0]);
        let start = nodes[0].read(folio_db::latest_change).unwrap();
        let finished = AtomicUsize::new(0);
        let seen = std::thread::scope(|scope| {
            for (node, store) in nodes.iter().enumerate() {
                let finished = &finished;
                scope.spawn(move || {
                    for i in 0..WRITES_EACH {
                        store
                            .write(|c| -> StoreResult<()> {
                                folio_db::save_article(
                                    c,
                                    &article(&format!("n{node}-{i}")),
                                    now(),
                                )?;
                                // Commit after a varying delay: without
                                // ordering, a later number often commits first.
                                let delay = (node * 7 + i * 3) % 11;
                                std::thread::sleep(Duration::from_millis(delay as u64));
                                Ok(())
                            })
                            .unwrap();
                    }
                    finished.fetch_add(1, Ordering::SeqCst);
                });
            }
            let follower = &nodes[0];
            let mut seen = Vec::new();
            let mut last = start;
            loop {
                let all_done = finished.load(Ordering::SeqCst) == WRITERS;
                let changes = follower
                    .read(|c| folio_db::changes_since(c, last, 1000))
                    .unwrap();
                for change in &changes {
                    seen.push(change.seq);
                    last = change.seq;
                }
                if all_done && changes.is_empty() {
                    break seen;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        let logged: Vec<i64> = nodes[0]
            .read(|c| folio_db::changes_since(c, start, 10_000))
            .unwrap()
            .iter()
            .map(|change| change.seq)
            .collect();
        assert_eq!(logged.len(), WRITERS * WRITES_EACH);
        assert_eq!(seen, logged, "the follower saw every change, in order");
    }
}
