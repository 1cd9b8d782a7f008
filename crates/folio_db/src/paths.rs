//! The shared `/{lang}/policy-analysis/{slug}` namespace of articles, topics
//! and regions.

use folio_core::{LanguageCode, PathKind, Slug};

use crate::sql::Conn;
use crate::{StoreError, StoreResult, params};

/// What lives at a slug in a language's namespace, if anything.
pub fn path_kind(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
) -> StoreResult<Option<PathKind>> {
    let row = conn.query_opt(
        "SELECT kind FROM path_slugs WHERE language = ? AND slug = ?",
        params![language, slug],
    )?;
    match row {
        None => Ok(None),
        Some(row) => {
            let kind = row.text(0)?;
            PathKind::parse(kind)
                .map(Some)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown path kind {kind:?}")))
        }
    }
}

/// Claims a slug for a new article, topic or region; a conflict names what
/// already holds it.
pub(crate) fn claim(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
    kind: PathKind,
) -> StoreResult<()> {
    if let Some(existing) = path_kind(conn, language, slug)? {
        return Err(StoreError::Conflict(format!(
            "the slug \"{slug}\" is already used by {} in {language}; articles, topics and regions share one namespace",
            match existing {
                PathKind::Article => "an article",
                PathKind::Topic => "a topic",
                PathKind::Region => "a region",
            }
        )));
    }
    conn.execute(
        "INSERT INTO path_slugs (language, slug, kind) VALUES (?, ?, ?)",
        params![language, slug, kind.as_str()],
    )?;
    Ok(())
}

pub(crate) fn release(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
) -> StoreResult<()> {
    conn.execute(
        "DELETE FROM path_slugs WHERE language = ? AND slug = ?",
        params![language, slug],
    )?;
    Ok(())
}
