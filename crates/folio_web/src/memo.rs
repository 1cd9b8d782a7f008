//! Small memos of recent reads, valid while the change log stands still.
//!
//! Some responses come in families that read the same rows: the three
//! formats of a feed, the three citation files of an article. A memo keeps
//! the last few reads with the change-log position they were read at and
//! serves one only while the log has not moved, so it is never stale — on
//! this node or on any other sharing the database, since every content
//! write appends to the log in its own transaction.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use folio_core::ArticleSummary;
use folio_db::{Conn, StoreResult};

#[derive(Debug)]
pub(crate) struct ReadMemo<K, V> {
    capacity: usize,
    entries: Mutex<VecDeque<(K, i64, V)>>,
}

impl<K: PartialEq, V: Clone> ReadMemo<K, V> {
    pub(crate) fn new(capacity: usize) -> ReadMemo<K, V> {
        ReadMemo {
            capacity,
            entries: Mutex::new(VecDeque::with_capacity(capacity)),
        }
    }

    /// What `read` returns for `key`, from the memo when it was read at the
    /// change-log position `conn` sees now.
    pub(crate) fn get_or_read(
        &self,
        conn: &mut Conn<'_>,
        key: K,
        read: impl FnOnce(&mut Conn<'_>, &K) -> StoreResult<V>,
    ) -> StoreResult<V> {
        let change_seq = folio_db::latest_change(conn)?;
        {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((_, _, value)) = entries
                .iter()
                .find(|(k, seq, _)| *seq == change_seq && *k == key)
            {
                return Ok(value.clone());
            }
        }
        let value = read(conn, &key)?;
        self.keep(key, change_seq, value.clone());
        Ok(value)
    }

    /// Keeps what `key` reads now, read by another route (an article's page
    /// reads what its citation files will ask for).
    pub(crate) fn put(&self, conn: &mut Conn<'_>, key: K, value: V) -> StoreResult<()> {
        let change_seq = folio_db::latest_change(conn)?;
        self.keep(key, change_seq, value);
        Ok(())
    }

    fn keep(&self, key: K, change_seq: i64, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|(k, _, _)| *k != key);
        if entries.len() >= self.capacity {
            entries.pop_back();
        }
        entries.push_front((key, change_seq, value));
    }
}

/// Article summaries (the cards of listings, "Recommended" and "More
/// from") read at the change-log position the memo holds: a piece shows
/// on many pages, and a site's pages (a static export's most of all) read
/// the same cards again and again.
#[derive(Debug)]
pub(crate) struct SummaryMemo {
    capacity: usize,
    state: Mutex<SummaryState>,
}

#[derive(Debug, Default)]
struct SummaryState {
    change_seq: i64,
    summaries: HashMap<i64, ArticleSummary>,
}

impl SummaryMemo {
    pub(crate) fn new(capacity: usize) -> SummaryMemo {
        SummaryMemo {
            capacity,
            state: Mutex::new(SummaryState::default()),
        }
    }

    /// What [`folio_db::article_summaries`] answers: the published pieces
    /// among `ids`, in their order.
    pub(crate) fn published(
        &self,
        conn: &mut Conn<'_>,
        ids: &[i64],
    ) -> StoreResult<Vec<ArticleSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let change_seq = folio_db::latest_change(conn)?;
        let missing: Vec<i64> = {
            let mut state = self.lock();
            if state.change_seq != change_seq {
                state.summaries.clear();
                state.change_seq = change_seq;
            }
            ids.iter()
                .copied()
                .filter(|id| !state.summaries.contains_key(id))
                .collect()
        };
        let read = folio_db::article_summaries(conn, &missing)?;
        let mut state = self.lock();
        let mut found: HashMap<i64, ArticleSummary> = HashMap::new();
        for id in ids {
            if let Some(summary) = state.summaries.get(id) {
                found.insert(*id, summary.clone());
            }
        }
        let keep = state.change_seq == change_seq;
        if keep && state.summaries.len() + read.len() > self.capacity {
            state.summaries.clear();
        }
        for summary in read {
            if keep {
                state.summaries.insert(summary.id.0, summary.clone());
            }
            found.insert(summary.id.0, summary);
        }
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SummaryState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}
