//! Waking the followers of the change log.
//!
//! Whatever derives from the content (this node's search index, its page
//! cache) follows `content_changes` by reading the entries after the last
//! one it applied. [`ChangeFeed`] tells it when to look: at once after a
//! write in this process commits, at once after a commit on any other node
//! sharing a PostgreSQL database (LISTEN/NOTIFY: every write that appends
//! a change sends a NOTIFY, which PostgreSQL delivers at commit), and in
//! any case every poll interval, the fallback that makes a lost
//! notification cost a little delay and never a skipped entry.
//!
//! A follower reads the generation, catches up, then waits past it:
//!
//! ```text
//! let feed = store.change_feed();
//! let mut seen = feed.generation();
//! loop {
//!     catch_up()?;                       // changes_since(last_applied, …)
//!     seen = feed.wait_past(seen, POLL); // woken, or POLL passed
//! }
//! ```
//!
//! Reading the generation before catching up means a wake-up that comes
//! while catching up is never lost.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Tells followers the change log may have grown. Cheap to clone; every
/// clone of a store shares one.
#[derive(Clone, Default)]
pub struct ChangeFeed {
    state: Arc<FeedState>,
}

#[derive(Default)]
struct FeedState {
    generation: Mutex<u64>,
    changed: Condvar,
}

impl std::fmt::Debug for ChangeFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ChangeFeed({})", self.generation())
    }
}

impl ChangeFeed {
    /// Wakes every follower.
    pub fn wake(&self) {
        let mut generation = self
            .state
            .generation
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *generation = generation.wrapping_add(1);
        self.state.changed.notify_all();
    }

    /// The number of wake-ups so far: read it before catching up.
    pub fn generation(&self) -> u64 {
        *self
            .state
            .generation
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a wake-up after `seen`, or until `timeout` has passed;
    /// returns the generation now (pass it to the next wait).
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let generation = self
            .state
            .generation
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let (generation, _) = self
            .state
            .changed
            .wait_timeout_while(generation, timeout, |now| *now == seen)
            .unwrap_or_else(|p| p.into_inner());
        *generation
    }

    /// Whether every handle but this one is gone (the listener's cue to stop).
    pub(crate) fn is_abandoned(&self) -> bool {
        Arc::strong_count(&self.state) == 1
    }
}
