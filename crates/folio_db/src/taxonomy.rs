//! Topics, regions, content types and programs.

use folio_core::{
    ContentType, ContentTypeId, ContentTypeListing, ExpertRef, LanguageCode, Program, ProgramId,
    Slug, Term, TermId, TermKind, TermListing, Timestamp,
};

use crate::changes::{self, ChangeKind};
use crate::sql::{Conn, Row};
use crate::{StoreError, StoreResult, params, paths};

/// Creates a topic or region, or renames it. Its slug is claimed in the
/// namespace it shares with articles; a term of the other kind with the
/// same slug is a conflict.
pub fn upsert_term(
    conn: &mut Conn<'_>,
    kind: TermKind,
    language: &LanguageCode,
    slug: &Slug,
    name: &str,
    now: Timestamp,
) -> StoreResult<TermId> {
    if let Some(row) = conn.query_opt(
        "SELECT id, kind, name FROM terms WHERE language = ? AND slug = ?",
        params![language, slug],
    )? {
        let id = row.int(0)?;
        if row.text(1)? != kind.as_str() {
            return Err(StoreError::Conflict(format!(
                "the slug \"{slug}\" is already used by a {} in {language}, not a {}",
                row.text(1)?,
                kind.as_str()
            )));
        }
        if row.text(2)? != name {
            conn.execute(
                "UPDATE terms SET name = ?, updated_at = ? WHERE id = ?",
                params![name, now, id],
            )?;
            changes::record(conn, ChangeKind::Term, id, now)?;
        }
        return Ok(TermId(id));
    }
    paths::claim(conn, language, slug, kind.into())?;
    let id = conn.insert_returning_id(
        "INSERT INTO terms (kind, language, slug, name, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        params![kind.as_str(), language, slug, name, now, now],
    )?;
    changes::record(conn, ChangeKind::Term, id, now)?;
    Ok(TermId(id))
}

/// Deletes a topic or region no article uses, and frees its slug; one in
/// use is refused (the articles would silently lose it).
pub fn delete_term(conn: &mut Conn<'_>, id: TermId, now: Timestamp) -> StoreResult<bool> {
    let Some(row) = conn.query_opt(
        "SELECT language, slug FROM terms WHERE id = ?",
        params![id.0],
    )?
    else {
        return Ok(false);
    };
    let (language, slug) = (row.language(0)?, row.slug(1)?);
    let uses = conn
        .query_one(
            "SELECT COUNT(*) FROM article_terms WHERE term_id = ?",
            params![id.0],
        )?
        .int(0)?;
    if uses > 0 {
        return Err(StoreError::Conflict(format!(
            "{uses} article(s) are filed under \"{slug}\"; take it off them first"
        )));
    }
    conn.execute("DELETE FROM terms WHERE id = ?", params![id.0])?;
    paths::release(conn, &language, &slug)?;
    changes::record(conn, ChangeKind::Term, id.0, now)?;
    Ok(true)
}

pub fn term_by_slug(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
) -> StoreResult<Option<Term>> {
    conn.query_opt(
        "SELECT id, kind, language, slug, name FROM terms WHERE language = ? AND slug = ?",
        params![language, slug],
    )?
    .map(|row| term_from_row(&row))
    .transpose()
}

/// Every topic or region of a language, by name, with article counts.
pub fn list_terms(
    conn: &mut Conn<'_>,
    kind: TermKind,
    language: &LanguageCode,
) -> StoreResult<Vec<TermListing>> {
    // The counts come from one pass over the language's published pieces
    // (an index) and their terms; a piece is filed only under terms of its
    // own language (`save_article` finds them in it). Counting each term
    // apart looked up every tagged piece's row: 51 ms for the English
    // topics of a 10,000-piece archive against 14 ms.
    let rows = conn.query(
        "SELECT t.id, t.kind, t.language, t.slug, t.name, COALESCE(n.published, 0)
         FROM terms t LEFT JOIN (
             SELECT at.term_id, COUNT(*) AS published FROM articles a
             JOIN article_terms at ON at.article_id = a.id
             WHERE a.language = ? AND a.status = 'published' GROUP BY at.term_id
         ) n ON n.term_id = t.id
         WHERE t.kind = ? AND t.language = ? ORDER BY t.name, t.id",
        params![language, kind.as_str(), language],
    )?;
    rows.iter()
        .map(|row| {
            Ok(TermListing {
                term: term_from_row(row)?,
                article_count: row.int(5)? as u64,
            })
        })
        .collect()
}

pub(crate) fn term_from_row(row: &Row) -> StoreResult<Term> {
    term_at(row, 0)
}

/// Reads a term from five columns (id, kind, language, slug, name)
/// starting at `first`.
pub(crate) fn term_at(row: &Row, first: usize) -> StoreResult<Term> {
    let kind = row.text(first + 1)?;
    Ok(Term {
        id: TermId(row.int(first)?),
        kind: TermKind::parse(kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown term kind {kind:?}")))?,
        language: row.language(first + 2)?,
        slug: row.slug(first + 3)?,
        name: row.string(first + 4)?,
    })
}

pub fn upsert_content_type(
    conn: &mut Conn<'_>,
    slug: &Slug,
    name: &str,
    now: Timestamp,
) -> StoreResult<ContentTypeId> {
    if let Some(row) = conn.query_opt(
        "SELECT id, name FROM content_types WHERE slug = ?",
        params![slug],
    )? {
        let id = row.int(0)?;
        if row.text(1)? != name {
            conn.execute(
                "UPDATE content_types SET name = ?, updated_at = ? WHERE id = ?",
                params![name, now, id],
            )?;
            changes::record(conn, ChangeKind::ContentType, id, now)?;
        }
        return Ok(ContentTypeId(id));
    }
    let id = conn.insert_returning_id(
        "INSERT INTO content_types (slug, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
        params![slug, name, now, now],
    )?;
    changes::record(conn, ChangeKind::ContentType, id, now)?;
    Ok(ContentTypeId(id))
}

pub fn content_type_by_slug(conn: &mut Conn<'_>, slug: &Slug) -> StoreResult<Option<ContentType>> {
    conn.query_opt(
        "SELECT id, slug, name FROM content_types WHERE slug = ?",
        params![slug],
    )?
    .map(|row| content_type_from_row(&row, 0))
    .transpose()
}

/// Every content type, by name, with its published article count in a
/// language.
pub fn list_content_types(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
) -> StoreResult<Vec<ContentTypeListing>> {
    let rows = conn.query(
        "SELECT ct.id, ct.slug, ct.name,
                (SELECT COUNT(*) FROM articles a
                 WHERE a.content_type_id = ct.id AND a.status = 'published' AND a.language = ?)
         FROM content_types ct ORDER BY ct.name, ct.id",
        params![language],
    )?;
    rows.iter()
        .map(|row| {
            Ok(ContentTypeListing {
                content_type: content_type_from_row(row, 0)?,
                article_count: row.int(3)? as u64,
            })
        })
        .collect()
}

/// Reads a content type from three columns starting at `first`; `None`
/// when the id column is NULL (a LEFT JOIN that found nothing).
pub(crate) fn opt_content_type_from_row(
    row: &Row,
    first: usize,
) -> StoreResult<Option<ContentType>> {
    match row.opt_int(first)? {
        None => Ok(None),
        Some(_) => content_type_from_row(row, first).map(Some),
    }
}

fn content_type_from_row(row: &Row, first: usize) -> StoreResult<ContentType> {
    Ok(ContentType {
        id: ContentTypeId(row.int(first)?),
        slug: row.slug(first + 1)?,
        name: row.string(first + 2)?,
    })
}

pub fn upsert_program(
    conn: &mut Conn<'_>,
    slug: &Slug,
    name: &str,
    now: Timestamp,
) -> StoreResult<ProgramId> {
    if let Some(row) = conn.query_opt(
        "SELECT id, name FROM programs WHERE slug = ?",
        params![slug],
    )? {
        let id = row.int(0)?;
        if row.text(1)? != name {
            conn.execute(
                "UPDATE programs SET name = ?, updated_at = ? WHERE id = ?",
                params![name, now, id],
            )?;
            changes::record(conn, ChangeKind::Program, id, now)?;
        }
        return Ok(ProgramId(id));
    }
    let id = conn.insert_returning_id(
        "INSERT INTO programs (slug, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
        params![slug, name, now, now],
    )?;
    changes::record(conn, ChangeKind::Program, id, now)?;
    Ok(ProgramId(id))
}

pub fn program_by_slug(conn: &mut Conn<'_>, slug: &Slug) -> StoreResult<Option<Program>> {
    conn.query_opt(
        "SELECT id, slug, name FROM programs WHERE slug = ?",
        params![slug],
    )?
    .map(|row| {
        Ok(Program {
            id: ProgramId(row.int(0)?),
            slug: row.slug(1)?,
            name: row.string(2)?,
        })
    })
    .transpose()
}

pub fn list_programs(conn: &mut Conn<'_>) -> StoreResult<Vec<Program>> {
    conn.query(
        "SELECT id, slug, name FROM programs ORDER BY name, id",
        params![],
    )?
    .iter()
    .map(|row| {
        Ok(Program {
            id: ProgramId(row.int(0)?),
            slug: row.slug(1)?,
            name: row.string(2)?,
        })
    })
    .collect()
}

/// The experts of a program, by name.
pub fn experts_in_program(conn: &mut Conn<'_>, program: ProgramId) -> StoreResult<Vec<ExpertRef>> {
    conn.query(
        "SELECT e.slug, e.name, e.id FROM expert_programs ep JOIN experts e ON e.id = ep.expert_id
         WHERE ep.program_id = ? ORDER BY e.name, e.id",
        params![program.0],
    )?
    .iter()
    .map(|row| {
        Ok(ExpertRef {
            id: folio_core::ExpertId(row.int(2)?),
            slug: row.slug(0)?,
            name: row.string(1)?,
        })
    })
    .collect()
}

/// Every topic or region of a language, by name, whatever their use.
pub fn terms_of_kind(
    conn: &mut Conn<'_>,
    kind: TermKind,
    language: &LanguageCode,
) -> StoreResult<Vec<Term>> {
    Ok(list_terms(conn, kind, language)?
        .into_iter()
        .map(|listing| listing.term)
        .collect())
}
