//! Copying a whole site from one database to another (`folio migrate-data`):
//! SQLite to PostgreSQL when a site outgrows one machine, and back for a
//! local copy of production.
//!
//! The source is read in one snapshot and the target written in one
//! transaction, so the copy is all or nothing and consistent even while the
//! source is in use. Rows keep their ids, so the change log position, the
//! revisions and every reference stay as they were.

use crate::sql::{Conn, placeholders};
use crate::{Store, StoreError, StoreResult, Value};

/// Every table the copy moves, parents before children, with its identity
/// column (new rows continue after the largest copied id).
const COPIED_TABLES: &[(&str, Option<&str>)] = &[
    ("users", Some("id")),
    ("media", Some("id")),
    ("programs", Some("id")),
    ("experts", Some("id")),
    ("expert_programs", None),
    ("content_types", Some("id")),
    ("path_slugs", None),
    ("terms", Some("id")),
    ("articles", Some("id")),
    ("article_authors", None),
    ("article_terms", None),
    ("article_syndications", None),
    ("article_recommendations", None),
    ("article_translation_links", None),
    ("import_sources", None),
    ("content_changes", Some("seq")),
    ("login_attempts", Some("id")),
    ("article_revisions", Some("id")),
    ("audit_log", Some("id")),
    ("redirects", None),
    ("api_tokens", Some("id")),
    ("webhooks", Some("id")),
    ("webhook_deliveries", Some("id")),
    ("expert_translations", None),
    ("content_type_translations", None),
    ("program_translations", None),
];

/// Tables deliberately left behind: logins start afresh on the target
/// (and sessions would tie it to cookies issued elsewhere), and each
/// database keeps its own migration history.
pub const SKIPPED_TABLES: &[&str] = &["sessions", "schema_migrations"];

/// Rows read per query from the source.
const ROWS_PER_READ: i64 = 500;

/// What a copy did: rows per table, in copy order, each checked equal on
/// both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<(String, u64)>,
}

/// Whether a target that already holds rows may be emptied first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingRows {
    Refuse,
    Replace,
}

/// The tables the copy moves, in order.
pub fn copied_tables() -> impl Iterator<Item = &'static str> {
    COPIED_TABLES.iter().map(|(table, _)| *table)
}

/// Copies every row of every content table from `source` to `target`
/// (both already migrated to the same schema version) and checks the row
/// counts match.
pub fn copy_database(
    source: &Store,
    target: &Store,
    existing: ExistingRows,
) -> StoreResult<CopyReport> {
    let (from, to) = (source.schema_version()?, target.schema_version()?);
    if from.0 != to.0 {
        return Err(StoreError::Conflict(format!(
            "the source is at schema version {} and the target at {}; open both with the same Folio first",
            from.0, to.0
        )));
    }
    source.read(|src| {
        target.write(|dst| {
            let occupied = occupied_tables(dst)?;
            if !occupied.is_empty() {
                match existing {
                    ExistingRows::Refuse => {
                        return Err(StoreError::Conflict(format!(
                            "the target already holds data (in {}); copy into an empty database, or pass --replace to empty it first",
                            occupied.join(", ")
                        )));
                    }
                    ExistingRows::Replace => empty_tables(dst)?,
                }
            }
            let mut tables = Vec::new();
            for &(table, identity) in COPIED_TABLES {
                let copied = copy_table(src, dst, table)?;
                if let Some(column) = identity {
                    dst.continue_ids_after_copy(table, column)?;
                }
                let expected = count(src, table)?;
                let found = count(dst, table)?;
                if copied != expected || found != expected {
                    return Err(StoreError::Corrupt(format!(
                        "{table}: the source has {expected} rows, {copied} were copied and the target has {found}; nothing was kept"
                    )));
                }
                tables.push((table.to_owned(), found));
            }
            Ok(CopyReport { tables })
        })
    })
}

fn count(conn: &mut Conn<'_>, table: &str) -> StoreResult<u64> {
    Ok(conn
        .query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?
        .int(0)? as u64)
}

fn occupied_tables(conn: &mut Conn<'_>) -> StoreResult<Vec<&'static str>> {
    let mut occupied = Vec::new();
    for table in copied_tables().chain(["sessions"]) {
        if conn
            .query_opt(&format!("SELECT 1 FROM {table} LIMIT 1"), &[])?
            .is_some()
        {
            occupied.push(table);
        }
    }
    Ok(occupied)
}

/// Children before parents, so no reference is left dangling midway.
fn empty_tables(conn: &mut Conn<'_>) -> StoreResult<()> {
    conn.execute("DELETE FROM sessions", &[])?;
    for table in copied_tables().collect::<Vec<_>>().into_iter().rev() {
        conn.execute(&format!("DELETE FROM {table}"), &[])?;
    }
    Ok(())
}

fn copy_table(src: &mut Conn<'_>, dst: &mut Conn<'_>, table: &str) -> StoreResult<u64> {
    let columns = src.table_columns(table)?;
    if columns.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "the source has no table {table}"
        )));
    }
    let list = columns.join(", ");
    // Every table's key is its first column or its first two.
    let select = format!("SELECT {list} FROM {table} ORDER BY 1, 2 LIMIT ? OFFSET ?");
    let insert = format!(
        "INSERT INTO {table} ({list}) VALUES ({})",
        placeholders(columns.len())
    );
    let mut copied = 0u64;
    loop {
        let rows = src.query(
            &select,
            &[Value::Int(ROWS_PER_READ), Value::Int(copied as i64)],
        )?;
        for row in &rows {
            dst.execute(&insert, row.values())?;
        }
        copied += rows.len() as u64;
        if (rows.len() as i64) < ROWS_PER_READ {
            return Ok(copied);
        }
    }
}
