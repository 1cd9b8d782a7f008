//! Articles as the search index needs them: everything searchable about a
//! published article, read for many articles in a few queries.

use std::collections::HashMap;

use folio_core::{
    ArticleId, ArticleStatus, ContentType, Date, ExpertRef, LanguageCode, LocalNames, Localize,
    NameKeys, Slug, Term, TermKind, Timestamp,
};

use crate::changes::ChangeKind;
use crate::sql::{Conn, placeholders};
use crate::taxonomy::{opt_content_type_from_row, term_at};
use crate::{StoreResult, Value, params};

/// A published article with every field search covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDocument {
    pub id: ArticleId,
    pub language: LanguageCode,
    pub slug: Slug,
    pub title: String,
    pub deck: String,
    pub body_markdown: String,
    pub author_note_markdown: String,
    pub content_type: Option<ContentType>,
    pub series_number: Option<u32>,
    pub published_on: Option<Date>,
    pub authors: Vec<ExpertRef>,
    /// The authors' names in the other languages they are translated into.
    pub author_names_elsewhere: Vec<String>,
    pub topics: Vec<Term>,
    pub regions: Vec<Term>,
    /// Outlets that also published it or carry its full text.
    pub outlets: Vec<String>,
    pub translation_group: Option<i64>,
    pub updated_at: Timestamp,
}

impl Localize for ArticleDocument {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.authors.name_keys(keys);
        self.content_type.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.authors.localize(names);
        self.content_type.localize(names);
    }
}

/// The published articles among `ids`, in id order. Ids of drafts and of
/// deleted articles are simply absent.
pub fn article_documents(conn: &mut Conn<'_>, ids: &[i64]) -> StoreResult<Vec<ArticleDocument>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders(ids.len());
    let id_params: Vec<Value> = ids.iter().map(|&id| Value::Int(id)).collect();
    let rows = conn.query(
        &format!(
            "SELECT a.id, a.language, a.slug, a.title, a.deck, a.body_markdown, a.author_note_markdown,
                    a.series_number, a.published_on, a.translation_group, a.updated_at, ct.id, ct.slug, ct.name,
                    a.status
             FROM articles a LEFT JOIN content_types ct ON ct.id = a.content_type_id
             WHERE a.id IN ({list}) ORDER BY a.id"
        ),
        &id_params,
    )?;
    // Unpublished pieces are left out here, not in the query: with the
    // status there, SQLite walked the status index over every published
    // piece instead of looking up the few ids (2 ms against 0.02 ms for a
    // feed's 20 pieces of a 10,000-piece archive).
    let mut published = Vec::with_capacity(rows.len());
    for row in rows {
        if row.text(14)? == ArticleStatus::Published.as_str() {
            published.push(row);
        }
    }
    let rows = published;
    let mut authors = crate::articles::bylines(conn, ids)?;
    let mut names_elsewhere: HashMap<i64, Vec<String>> = HashMap::new();
    for row in conn.query(
        &format!(
            "SELECT aa.article_id, t.name FROM article_authors aa
             JOIN expert_translations t ON t.expert_id = aa.expert_id
             WHERE aa.article_id IN ({list}) ORDER BY aa.article_id, aa.position, t.language"
        ),
        &id_params,
    )? {
        names_elsewhere
            .entry(row.int(0)?)
            .or_default()
            .push(row.string(1)?);
    }
    let mut terms: HashMap<i64, Vec<Term>> = HashMap::new();
    for row in conn.query(
        &format!(
            "SELECT at.article_id, t.id, t.kind, t.language, t.slug, t.name FROM article_terms at
             JOIN terms t ON t.id = at.term_id WHERE at.article_id IN ({list}) ORDER BY at.article_id, at.position"
        ),
        &id_params,
    )? {
        terms.entry(row.int(0)?).or_default().push(term_at(&row, 1)?);
    }
    let mut outlets: HashMap<i64, Vec<String>> = HashMap::new();
    for row in conn.query(
        &format!(
            "SELECT article_id, outlet FROM article_syndications
             WHERE article_id IN ({list}) AND outlet <> '' ORDER BY article_id, position"
        ),
        &id_params,
    )? {
        outlets.entry(row.int(0)?).or_default().push(row.string(1)?);
    }
    rows.iter()
        .map(|row| {
            let id = row.int(0)?;
            let (topics, regions) = terms
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .partition(|t| t.kind == TermKind::Topic);
            Ok(ArticleDocument {
                id: ArticleId(id),
                language: row.language(1)?,
                slug: row.slug(2)?,
                title: row.string(3)?,
                deck: row.string(4)?,
                body_markdown: row.string(5)?,
                author_note_markdown: row.string(6)?,
                series_number: row.opt_int(7)?.map(|n| n as u32),
                published_on: row.opt_date(8)?,
                translation_group: row.opt_int(9)?,
                updated_at: row.timestamp(10)?,
                content_type: opt_content_type_from_row(row, 11)?,
                authors: authors.remove(&id).unwrap_or_default(),
                author_names_elsewhere: names_elsewhere.remove(&id).unwrap_or_default(),
                topics,
                regions,
                outlets: outlets.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// Ids of published articles after `after_id`, in id order: for walking
/// the whole archive in pages.
pub fn published_article_ids(
    conn: &mut Conn<'_>,
    after_id: i64,
    limit: u32,
) -> StoreResult<Vec<i64>> {
    conn.query(
        "SELECT id FROM articles WHERE id > ? AND status = 'published' ORDER BY id LIMIT ?",
        params![after_id, limit],
    )?
    .iter()
    .map(|row| row.int(0))
    .collect()
}

/// The articles whose searchable content a change touches: the article
/// itself, or every article of a changed expert, term or content type.
pub fn articles_affected_by(
    conn: &mut Conn<'_>,
    kind: ChangeKind,
    entity_id: i64,
) -> StoreResult<Vec<i64>> {
    let sql = match kind {
        ChangeKind::Article => return Ok(vec![entity_id]),
        ChangeKind::Expert => "SELECT article_id FROM article_authors WHERE expert_id = ?",
        ChangeKind::Term => "SELECT article_id FROM article_terms WHERE term_id = ?",
        ChangeKind::ContentType => "SELECT id FROM articles WHERE content_type_id = ?",
        ChangeKind::Program => return Ok(Vec::new()),
    };
    conn.query(sql, params![entity_id])?
        .iter()
        .map(|row| row.int(0))
        .collect()
}

/// How many published articles there are, per language.
pub fn published_counts(conn: &mut Conn<'_>) -> StoreResult<Vec<(LanguageCode, u64)>> {
    conn.query(
        "SELECT language, COUNT(*) FROM articles WHERE status = 'published' GROUP BY language ORDER BY language",
        params![],
    )?
    .iter()
    .map(|row| Ok((row.language(0)?, row.int(1)? as u64)))
    .collect()
}
