//! The change log: what changed, in commit order, for followers such as the
//! search index.

use folio_core::Timestamp;

use crate::sql::Conn;
use crate::{StoreError, StoreResult, params};

/// What kind of thing changed; followers decide what depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    Article,
    Expert,
    Term,
    ContentType,
    Program,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Article => "article",
            ChangeKind::Expert => "expert",
            ChangeKind::Term => "term",
            ChangeKind::ContentType => "content_type",
            ChangeKind::Program => "program",
        }
    }

    fn parse(text: &str) -> Option<ChangeKind> {
        Some(match text {
            "article" => ChangeKind::Article,
            "expert" => ChangeKind::Expert,
            "term" => ChangeKind::Term,
            "content_type" => ChangeKind::ContentType,
            "program" => ChangeKind::Program,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub kind: ChangeKind,
    pub entity_id: i64,
}

/// Appends to the change log; call it inside the write that made the change.
pub(crate) fn record(
    conn: &mut Conn<'_>,
    kind: ChangeKind,
    entity_id: i64,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO content_changes (kind, entity_id, changed_at) VALUES (?, ?, ?)",
        params![kind.as_str(), entity_id, now],
    )?;
    conn.change_appended()
}

/// Changes after `seq`, oldest first, at most `limit`.
pub fn changes_since(conn: &mut Conn<'_>, seq: i64, limit: u32) -> StoreResult<Vec<Change>> {
    conn.query(
        "SELECT seq, kind, entity_id FROM content_changes WHERE seq > ? ORDER BY seq LIMIT ?",
        params![seq, limit],
    )?
    .iter()
    .map(|row| {
        let kind = row.text(1)?;
        Ok(Change {
            seq: row.int(0)?,
            kind: ChangeKind::parse(kind)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown change kind {kind:?}")))?,
            entity_id: row.int(2)?,
        })
    })
    .collect()
}

/// The newest change's sequence number; 0 when nothing ever changed.
pub fn latest_change(conn: &mut Conn<'_>) -> StoreResult<i64> {
    conn.query_one(
        "SELECT COALESCE(MAX(seq), 0) FROM content_changes",
        params![],
    )?
    .int(0)
}
