//! What the importer keeps of each page it read.

use folio_core::{ArticleId, Timestamp};

use crate::sql::Conn;
use crate::{StoreResult, params};

/// The page an article was last imported from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSource {
    pub article_id: ArticleId,
    pub source_name: String,
    pub content_sha256: String,
    pub parser_version: i64,
    pub raw_source: String,
    pub imported_at: Timestamp,
}

pub fn import_source(conn: &mut Conn<'_>, article: ArticleId) -> StoreResult<Option<ImportSource>> {
    conn.query_opt(
        "SELECT article_id, source_name, content_sha256, parser_version, raw_source, imported_at
         FROM import_sources WHERE article_id = ?",
        params![article.0],
    )?
    .map(|row| {
        Ok(ImportSource {
            article_id: ArticleId(row.int(0)?),
            source_name: row.string(1)?,
            content_sha256: row.string(2)?,
            parser_version: row.int(3)?,
            raw_source: row.string(4)?,
            imported_at: row.timestamp(5)?,
        })
    })
    .transpose()
}

pub fn save_import_source(conn: &mut Conn<'_>, source: &ImportSource) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO import_sources
            (article_id, source_name, content_sha256, parser_version, raw_source, imported_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (article_id) DO UPDATE SET
            source_name = excluded.source_name,
            content_sha256 = excluded.content_sha256,
            parser_version = excluded.parser_version,
            raw_source = excluded.raw_source,
            imported_at = excluded.imported_at",
        params![
            source.article_id.0,
            &source.source_name,
            &source.content_sha256,
            source.parser_version,
            &source.raw_source,
            source.imported_at
        ],
    )?;
    Ok(())
}
