//! Small memos of recent reads, valid while the change log stands still.
//!
//! Some responses come in families that read the same rows: the three
//! formats of a feed, the three citation files of an article. A memo keeps
//! the last few reads with the change-log position they were read at and
//! serves one only while the log has not moved, so it is never stale — on
//! this node or on any other sharing the database, since every content
//! write appends to the log in its own transaction.

use std::collections::VecDeque;
use std::sync::Mutex;

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
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|(k, _, _)| *k != key);
        if entries.len() >= self.capacity {
            entries.pop_back();
        }
        entries.push_front((key, change_seq, value.clone()));
        Ok(value)
    }
}
