//! Keeping the index in step with the store.
//!
//! The index's commit payload says which change-log entry it reflects.
//! Catching up reads the changes after it, re-reads every article they
//! touch, and writes those documents in one commit that moves the payload
//! forward. A crash anywhere repeats work at worst, never skips it: the
//! database commit comes first, the index commit records how far it got.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use folio_db::{ArticleDocument, Change, ChangeFeed, Store, StoreResult};

use crate::dependence::DocFacts;
use crate::{SearchError, SearchIndex};

/// Change-log entries read per step of catching up.
const CHANGES_PER_STEP: u32 = 1000;
/// Articles read per query when building the whole index.
const ARTICLES_PER_READ: u32 = 500;
/// How often the background follower looks for changes when nothing woke
/// it: writes in this process and, on PostgreSQL, commits on every node
/// wake it at once (`Store::change_feed`); this catches the rest (an
/// import from the command line on SQLite, a lost notification).
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What one catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatchUp {
    pub changes: u64,
    pub documents: u64,
    /// The whole index was built afresh (a new or emptied index).
    pub rebuilt: bool,
}

/// What one step of catching up applied, as the index now shows it.
#[derive(Debug)]
pub struct Applied<'a> {
    /// The change-log entries the step applied, oldest first.
    pub changes: &'a [Change],
    /// The articles the index rewrote, as it held them before: published
    /// versions only (a draft was never in the index). An article the
    /// changes touched whose document came out the same is in neither list.
    pub before: &'a [DocFacts],
    /// The same articles as they are now, where they are published.
    pub after: &'a [DocFacts],
}

/// Whatever derives from the content besides the index (a page cache)
/// learns here what changed, once the index reflects it.
pub trait ChangeListener: Send + Sync {
    fn applied(&self, applied: &Applied<'_>);
    /// The index was built afresh: treat everything as changed.
    fn rebuilt(&self);
}

/// Follows the store's change log into the index.
pub struct IndexSync {
    store: Store,
    index: Arc<SearchIndex>,
    feed: ChangeFeed,
    stopping: AtomicBool,
    /// Set while a background follower runs.
    following: AtomicBool,
    /// The change-log position applied so far, for writers who wait to see
    /// their write (`catch_up_to`).
    applied: Mutex<i64>,
    progressed: Condvar,
    listener: RwLock<Option<Arc<dyn ChangeListener>>>,
}

impl std::fmt::Debug for IndexSync {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexSync")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl IndexSync {
    pub fn new(store: Store, index: Arc<SearchIndex>) -> Arc<IndexSync> {
        let feed = store.change_feed();
        Arc::new(IndexSync {
            store,
            index,
            feed,
            stopping: AtomicBool::new(false),
            following: AtomicBool::new(false),
            applied: Mutex::new(0),
            progressed: Condvar::new(),
            listener: RwLock::new(None),
        })
    }

    /// Tells `listener` what every later catch-up applies (it replaces the
    /// one before).
    pub fn set_listener(&self, listener: Arc<dyn ChangeListener>) {
        *self.listener.write().unwrap_or_else(|p| p.into_inner()) = Some(listener);
    }

    fn listener(&self) -> Option<Arc<dyn ChangeListener>> {
        self.listener
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Returns once the index (and the listener) reflect the change log up
    /// to `seq`, or when `timeout` passes (false). With a background
    /// follower it wakes it and waits; without one it catches up itself.
    pub fn catch_up_to(&self, seq: i64, timeout: Duration) -> Result<bool, SearchError> {
        if !self.following.load(Ordering::Relaxed) {
            self.catch_up()?;
            return Ok(self.index.applied_change()? >= seq);
        }
        let deadline = Instant::now() + timeout;
        self.notify();
        let mut applied = self.applied.lock().unwrap_or_else(|p| p.into_inner());
        while *applied < seq {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(false);
            }
            applied = self
                .progressed
                .wait_timeout(applied, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        Ok(true)
    }

    fn progressed_to(&self, seq: i64) {
        let mut applied = self.applied.lock().unwrap_or_else(|p| p.into_inner());
        if seq > *applied {
            *applied = seq;
            self.progressed.notify_all();
        }
    }

    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// Applies every change the index has not seen. An empty index is built
    /// from the whole archive instead of replaying its history.
    pub fn catch_up(&self) -> Result<CatchUp, SearchError> {
        let mut applied = self.index.applied_change()?;
        if applied == 0 && self.index.document_count() == 0 {
            let documents = build(&self.store, &self.index, &mut |_, _| {})?;
            if let Some(listener) = self.listener() {
                listener.rebuilt();
            }
            self.progressed_to(self.index.applied_change()?);
            return Ok(CatchUp {
                changes: 0,
                documents,
                rebuilt: true,
            });
        }
        let mut done = CatchUp::default();
        loop {
            let step = self.store.read(|c| {
                let changes = folio_db::changes_since(c, applied, CHANGES_PER_STEP)?;
                let mut touched = BTreeSet::new();
                for change in &changes {
                    touched.extend(folio_db::articles_affected_by(
                        c,
                        change.kind,
                        change.entity_id,
                    )?);
                }
                let touched: Vec<i64> = touched.into_iter().collect();
                let mut documents = Vec::with_capacity(touched.len());
                for chunk in touched.chunks(ARTICLES_PER_READ as usize) {
                    documents.extend(folio_db::article_documents(c, chunk)?);
                }
                StoreResult::Ok((changes, touched, documents))
            })?;
            let (changes, touched, documents) = step;
            let Some(last) = changes.last() else {
                self.progressed_to(applied);
                return Ok(done);
            };
            // Only what differs from the index is rewritten: a change to an
            // expert's bio touches every article of theirs, and none of them
            // shows it.
            let mut before = self.index.facts(&touched)?;
            let mut after: Vec<DocFacts> = documents.iter().map(DocFacts::of).collect();
            let unchanged: BTreeSet<i64> = after
                .iter()
                .filter(|new| before.iter().any(|old| old == *new))
                .map(|new| new.id)
                .collect();
            before.retain(|old| !unchanged.contains(&old.id));
            after.retain(|new| !unchanged.contains(&new.id));
            let rewritten: Vec<i64> = touched
                .iter()
                .copied()
                .filter(|id| !unchanged.contains(id))
                .collect();
            let added: Vec<ArticleDocument> = documents
                .into_iter()
                .filter(|d| !unchanged.contains(&d.id.0))
                .collect();
            self.index.apply(&rewritten, &added, last.seq)?;
            if let Some(listener) = self.listener() {
                listener.applied(&Applied {
                    changes: &changes,
                    before: &before,
                    after: &after,
                });
            }
            applied = last.seq;
            self.progressed_to(applied);
            done.changes += changes.len() as u64;
            done.documents += added.len() as u64;
        }
    }

    /// How many change-log entries the index is behind.
    pub fn lag(&self) -> Result<i64, SearchError> {
        let latest = self.store.read(folio_db::latest_change)?;
        Ok((latest - self.index.applied_change()?).max(0))
    }

    /// Asks the follower to catch up now.
    pub fn notify(&self) {
        self.feed.wake();
    }

    /// Follows the change log on a thread of its own until [`stop`] is
    /// called: whenever the store's change feed wakes it, and every
    /// [`POLL_INTERVAL`].
    ///
    /// [`stop`]: IndexSync::stop
    pub fn follow_in_background(self: &Arc<IndexSync>) -> std::thread::JoinHandle<()> {
        let sync = Arc::clone(self);
        self.following.store(true, Ordering::Relaxed);
        std::thread::Builder::new()
            .name("folio-search-sync".into())
            .spawn(move || {
                let mut seen = sync.feed.generation();
                while !sync.stopping.load(Ordering::Relaxed) {
                    match sync.catch_up() {
                        Ok(done) if done.rebuilt => {
                            tracing::info!(documents = done.documents, "built the search index")
                        }
                        Ok(done) if done.changes > 0 => {
                            tracing::debug!(
                                changes = done.changes,
                                documents = done.documents,
                                "search index caught up"
                            )
                        }
                        Ok(_) => {}
                        Err(error) => {
                            tracing::error!(%error, "the search index could not catch up; retrying")
                        }
                    }
                    seen = sync.feed.wait_past(seen, POLL_INTERVAL);
                }
            })
            .expect("the search follower thread starts")
    }

    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.following.store(false, Ordering::Relaxed);
        self.notify();
    }
}

/// Rebuilds the whole index from the store's published articles in one
/// commit; `progress(done, total)` after each batch. Returns the number of
/// documents written. Readers see the old index until the commit.
pub fn build(
    store: &Store,
    index: &SearchIndex,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, SearchError> {
    // Read the log position first: changes made during the build are
    // replayed afterwards (harmlessly, if the build already saw them).
    let (through, total) = store.read(|c| {
        let total: u64 = folio_db::published_counts(c)?.iter().map(|(_, n)| n).sum();
        Ok((folio_db::latest_change(c)?, total))
    })?;
    let mut batch = index.bulk()?;
    let mut after = 0;
    let mut written = 0u64;
    loop {
        let (ids, documents) = store.read(|c| {
            let ids = folio_db::published_article_ids(c, after, ARTICLES_PER_READ)?;
            let documents = folio_db::article_documents(c, &ids)?;
            Ok((ids, documents))
        })?;
        // Walk by the ids read, not the documents found: an article
        // unpublished meanwhile must not end the walk early.
        let Some(&last) = ids.last() else { break };
        after = last;
        batch.add(&documents)?;
        written += documents.len() as u64;
        progress(written, total.max(written));
    }
    batch.commit(through)?;
    Ok(written)
}
