//! Articles: saving every part of the content model, reading them back
//! resolved, and listing them.

use std::collections::HashMap;

use folio_core::{
    Article, ArticleId, ArticleInput, ArticleReference, ArticleStatus, ArticleSummary,
    ContentTypeId, ExpertId, ExpertRef, LanguageCode, PageRequest, Paged, PathKind, ProgramId,
    Recommendation, RecommendedItem, Slug, Syndication, SyndicationRelation, TermId, TermKind,
    Timestamp, Translation, TranslationLink,
};

use crate::changes::{self, ChangeKind};
use crate::experts::experts_by_ids;
use crate::sql::{Conn, Row, placeholders};
use crate::taxonomy::{opt_content_type_from_row, term_from_row};
use crate::{StoreError, StoreResult, Value, params, paths, webhooks};

/// Which articles a read may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Readers: published articles only.
    Published,
    /// Editors: every status.
    All,
}

impl Visibility {
    fn clause(self, alias: &str) -> String {
        match self {
            Visibility::Published => format!(" AND {alias}.status = 'published'"),
            Visibility::All => String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedArticle {
    pub id: ArticleId,
    pub created: bool,
}

/// Creates the article at `(input.language, input.slug)`, or replaces every
/// field of the one already there. Experts, topics, regions and the content
/// type must exist; the slug must not be a topic's or a region's.
pub fn save_article(
    conn: &mut Conn<'_>,
    input: &ArticleInput,
    now: Timestamp,
) -> StoreResult<SavedArticle> {
    let content_type_id = match &input.content_type {
        None => None,
        Some(slug) => Some(
            conn.query_opt("SELECT id FROM content_types WHERE slug = ?", params![slug])?
                .ok_or_else(|| {
                    StoreError::MissingReference(format!("there is no content type \"{slug}\""))
                })?
                .int(0)?,
        ),
    };
    let author_ids = resolve_experts(conn, &input.authors)?;
    let topic_ids = resolve_terms(conn, TermKind::Topic, &input.language, &input.topics)?;
    let region_ids = resolve_terms(conn, TermKind::Region, &input.language, &input.regions)?;

    let existing = conn.query_opt(
        "SELECT id, status FROM articles WHERE language = ? AND slug = ?",
        params![&input.language, &input.slug],
    )?;
    let before = match &existing {
        Some(row) => Some(status_at(row, 1)?),
        None => None,
    };
    let (id, created) = match existing {
        Some(row) => {
            let id = row.int(0)?;
            conn.execute(
                "UPDATE articles SET title = ?, deck = ?, body_markdown = ?, body_is_excerpt = ?,
                    content_type_id = ?, series_number = ?, published_on = ?,
                    author_note_markdown = ?, status = ?, updated_at = ?,
                    edit_version = edit_version + 1
                 WHERE id = ?",
                params![
                    &input.title,
                    &input.deck,
                    &input.body_markdown,
                    input.body_is_excerpt,
                    content_type_id,
                    input.series_number,
                    input.published_on,
                    &input.author_note_markdown,
                    input.status.as_str(),
                    now,
                    id
                ],
            )?;
            (id, false)
        }
        None => {
            paths::claim(conn, &input.language, &input.slug, PathKind::Article)?;
            let id = conn.insert_returning_id(
                "INSERT INTO articles (language, slug, title, deck, body_markdown, body_is_excerpt,
                    content_type_id, series_number, published_on, author_note_markdown, status,
                    translation_group, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) RETURNING id",
                params![
                    &input.language,
                    &input.slug,
                    &input.title,
                    &input.deck,
                    &input.body_markdown,
                    input.body_is_excerpt,
                    content_type_id,
                    input.series_number,
                    input.published_on,
                    &input.author_note_markdown,
                    input.status.as_str(),
                    now,
                    now
                ],
            )?;
            (id, true)
        }
    };

    replace_children(conn, id, input, &author_ids, &topic_ids, &region_ids)?;
    link_translation_group(conn, id, &input.language, &input.slug)?;
    changes::record(conn, ChangeKind::Article, id, now)?;
    webhooks::article_event(conn, id, before, Some(input.status), now)?;
    Ok(SavedArticle {
        id: ArticleId(id),
        created,
    })
}

/// An article's status from a row's column.
pub(crate) fn status_at(row: &Row, index: usize) -> StoreResult<ArticleStatus> {
    let text = row.text(index)?;
    ArticleStatus::parse(text)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown status {text:?}")))
}

fn resolve_experts(conn: &mut Conn<'_>, slugs: &[Slug]) -> StoreResult<Vec<i64>> {
    slugs
        .iter()
        .map(|slug| {
            conn.query_opt("SELECT id FROM experts WHERE slug = ?", params![slug])?
                .ok_or_else(|| {
                    StoreError::MissingReference(format!("there is no expert \"{slug}\""))
                })?
                .int(0)
        })
        .collect()
}

fn resolve_terms(
    conn: &mut Conn<'_>,
    kind: TermKind,
    language: &LanguageCode,
    slugs: &[Slug],
) -> StoreResult<Vec<i64>> {
    slugs
        .iter()
        .map(|slug| {
            conn.query_opt(
                "SELECT id FROM terms WHERE kind = ? AND language = ? AND slug = ?",
                params![kind.as_str(), language, slug],
            )?
            .ok_or_else(|| {
                StoreError::MissingReference(format!(
                    "there is no {} \"{slug}\" in {language}",
                    kind.as_str()
                ))
            })?
            .int(0)
        })
        .collect()
}

fn replace_children(
    conn: &mut Conn<'_>,
    id: i64,
    input: &ArticleInput,
    author_ids: &[i64],
    topic_ids: &[i64],
    region_ids: &[i64],
) -> StoreResult<()> {
    for table in [
        "article_authors",
        "article_terms",
        "article_syndications",
        "article_recommendations",
        "article_translation_links",
    ] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE article_id = ?"),
            params![id],
        )?;
    }
    for (position, expert_id) in dedup(author_ids).into_iter().enumerate() {
        conn.execute(
            "INSERT INTO article_authors (article_id, expert_id, position) VALUES (?, ?, ?)",
            params![id, expert_id, position],
        )?;
    }
    let term_ids: Vec<i64> = topic_ids.iter().chain(region_ids).copied().collect();
    for (position, term_id) in dedup(&term_ids).into_iter().enumerate() {
        conn.execute(
            "INSERT INTO article_terms (article_id, term_id, position) VALUES (?, ?, ?)",
            params![id, term_id, position],
        )?;
    }
    for (position, syndication) in input.syndications.iter().enumerate() {
        conn.execute(
            "INSERT INTO article_syndications (article_id, position, relation, outlet, url)
             VALUES (?, ?, ?, ?, ?)",
            params![
                id,
                position,
                syndication.relation.as_str(),
                &syndication.outlet,
                syndication.url.as_deref()
            ],
        )?;
    }
    for (position, item) in input.recommended.iter().enumerate() {
        conn.execute(
            "INSERT INTO article_recommendations
                (article_id, position, language, slug, title, type_label, published_on, author_names)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                id,
                position,
                &item.language,
                &item.slug,
                &item.title,
                item.type_label.as_deref(),
                item.published_on,
                item.author_names.join("\n")
            ],
        )?;
    }
    let mut seen_languages = Vec::new();
    for link in &input.translations {
        if link.language == input.language || seen_languages.contains(&&link.language) {
            continue;
        }
        seen_languages.push(&link.language);
        conn.execute(
            "INSERT INTO article_translation_links (article_id, language, slug) VALUES (?, ?, ?)",
            params![id, &link.language, &link.slug],
        )?;
    }
    Ok(())
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::with_capacity(ids.len());
    for &id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Puts the article in one translation group with every article it
/// declares as a translation and every article that declares it, merging
/// groups; the group number is the smallest member id.
fn link_translation_group(
    conn: &mut Conn<'_>,
    id: i64,
    language: &LanguageCode,
    slug: &Slug,
) -> StoreResult<()> {
    let mut members = vec![id];
    for row in conn.query(
        "SELECT a.id FROM article_translation_links l
         JOIN articles a ON a.language = l.language AND a.slug = l.slug
         WHERE l.article_id = ?",
        params![id],
    )? {
        members.push(row.int(0)?);
    }
    for row in conn.query(
        "SELECT article_id FROM article_translation_links WHERE language = ? AND slug = ?",
        params![language, slug],
    )? {
        members.push(row.int(0)?);
    }
    members = dedup(&members);
    if members.len() == 1 {
        return Ok(());
    }
    let member_params: Vec<Value> = members.iter().map(|&m| Value::Int(m)).collect();
    let groups_sql = format!(
        "SELECT DISTINCT translation_group FROM articles
         WHERE id IN ({}) AND translation_group IS NOT NULL",
        placeholders(members.len())
    );
    let mut groups = Vec::new();
    for row in conn.query(&groups_sql, &member_params)? {
        groups.push(row.int(0)?);
    }
    let group = groups
        .iter()
        .chain(members.iter())
        .copied()
        .min()
        .unwrap_or(id);
    let update_sql = format!(
        "UPDATE articles SET translation_group = ? WHERE id IN ({}){}",
        placeholders(members.len()),
        if groups.is_empty() {
            String::new()
        } else {
            format!(" OR translation_group IN ({})", placeholders(groups.len()))
        }
    );
    let mut update_params = vec![Value::Int(group)];
    update_params.extend(member_params);
    update_params.extend(groups.iter().map(|&g| Value::Int(g)));
    conn.execute(&update_sql, &update_params)?;
    Ok(())
}

/// Moves an article to a new slug in its language's namespace.
pub fn rename_article(
    conn: &mut Conn<'_>,
    id: ArticleId,
    new_slug: &Slug,
    now: Timestamp,
) -> StoreResult<()> {
    let row = conn
        .query_opt(
            "SELECT language, slug FROM articles WHERE id = ?",
            params![id.0],
        )?
        .ok_or_else(|| StoreError::MissingReference(format!("there is no article {}", id.0)))?;
    let language = row.language(0)?;
    let old_slug = row.slug(1)?;
    if &old_slug == new_slug {
        return Ok(());
    }
    paths::claim(conn, &language, new_slug, PathKind::Article)?;
    conn.execute(
        "UPDATE articles SET slug = ?, updated_at = ? WHERE id = ?",
        params![new_slug, now, id.0],
    )?;
    paths::release(conn, &language, &old_slug)?;
    link_translation_group(conn, id.0, &language, new_slug)?;
    changes::record(conn, ChangeKind::Article, id.0, now)
}

/// Deletes an article and frees its slug.
pub fn delete_article(conn: &mut Conn<'_>, id: ArticleId, now: Timestamp) -> StoreResult<bool> {
    let Some(row) = conn.query_opt(
        "SELECT language, slug, status FROM articles WHERE id = ?",
        params![id.0],
    )?
    else {
        return Ok(false);
    };
    let (language, slug) = (row.language(0)?, row.slug(1)?);
    webhooks::article_event(conn, id.0, Some(status_at(&row, 2)?), None, now)?;
    conn.execute("DELETE FROM articles WHERE id = ?", params![id.0])?;
    paths::release(conn, &language, &slug)?;
    changes::record(conn, ChangeKind::Article, id.0, now)?;
    Ok(true)
}

/// An article in `declaring_language` whose "Also available in" names
/// `(target_language, target_slug)`: used to give an imported translation
/// the URL its original says it has.
pub fn find_article_declaring_translation(
    conn: &mut Conn<'_>,
    target_language: &LanguageCode,
    target_slug: &Slug,
    declaring_language: &LanguageCode,
) -> StoreResult<Option<(ArticleId, Slug)>> {
    conn.query_opt(
        "SELECT a.id, a.slug FROM article_translation_links l JOIN articles a ON a.id = l.article_id
         WHERE l.language = ? AND l.slug = ? AND a.language = ? ORDER BY a.id LIMIT 1",
        params![target_language, target_slug, declaring_language],
    )?
    .map(|row| Ok((ArticleId(row.int(0)?), row.slug(1)?)))
    .transpose()
}

/// The slug the article at `(language, slug)` gives its translation into
/// `target_language`, if it declares one.
pub fn declared_translation_slug(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
    target_language: &LanguageCode,
) -> StoreResult<Option<Slug>> {
    conn.query_opt(
        "SELECT l.slug FROM article_translation_links l JOIN articles a ON a.id = l.article_id
         WHERE a.language = ? AND a.slug = ? AND l.language = ?",
        params![language, slug, target_language],
    )?
    .map(|row| row.slug(0))
    .transpose()
}

/// The id of the article at a path, whatever its status.
pub fn article_id_at(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
) -> StoreResult<Option<ArticleId>> {
    conn.query_opt(
        "SELECT id FROM articles WHERE language = ? AND slug = ?",
        params![language, slug],
    )?
    .map(|row| row.int(0).map(ArticleId))
    .transpose()
}

/// The translations an article declares ("Also available in"), as stored.
pub fn article_translation_links(
    conn: &mut Conn<'_>,
    id: ArticleId,
) -> StoreResult<Vec<TranslationLink>> {
    conn.query(
        "SELECT language, slug FROM article_translation_links WHERE article_id = ? ORDER BY language",
        params![id.0],
    )?
    .iter()
    .map(|row| {
        Ok(TranslationLink {
            language: row.language(0)?,
            slug: row.slug(1)?,
        })
    })
    .collect()
}

const ARTICLE_COLUMNS: &str = "a.id, a.language, a.slug, a.title, a.deck, a.body_markdown,
    a.body_is_excerpt, a.series_number, a.published_on, a.author_note_markdown, a.status,
    a.translation_group, a.created_at, a.updated_at, ct.id, ct.slug, ct.name";

pub fn article_by_path(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
    visibility: Visibility,
) -> StoreResult<Option<Article>> {
    article_at_path(
        conn,
        language,
        slug,
        visibility,
        Lists::Load(&mut summaries_by_ids),
    )
}

/// Reads the summaries of the articles among the ids given, in any order.
pub type ReadSummaries<'a> =
    &'a mut dyn FnMut(&mut Conn<'_>, &[i64]) -> StoreResult<Vec<ArticleSummary>>;

/// The published article at a path, as [`article_by_path`], with its
/// editors' picks' summaries read by `summaries`: a memo of them, since a
/// piece is picked on many pages.
pub fn published_article_by_path(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
    summaries: ReadSummaries<'_>,
) -> StoreResult<Option<Article>> {
    article_at_path(
        conn,
        language,
        slug,
        Visibility::Published,
        Lists::Load(summaries),
    )
}

/// The article at a path without its Recommended list and translations
/// (left empty): what a citation or a feed needs, in half the queries.
pub fn article_core_by_path(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
    visibility: Visibility,
) -> StoreResult<Option<Article>> {
    article_at_path(conn, language, slug, visibility, Lists::Skip)
}

/// Whether to read an article's Recommended list (with how to read its
/// picks' summaries) and translations.
enum Lists<'a> {
    Load(ReadSummaries<'a>),
    Skip,
}

fn article_at_path(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
    visibility: Visibility,
    lists: Lists<'_>,
) -> StoreResult<Option<Article>> {
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a
         LEFT JOIN content_types ct ON ct.id = a.content_type_id
         WHERE a.language = ? AND a.slug = ?{}",
        visibility.clause("a")
    );
    match conn.query_opt(&sql, params![language, slug])? {
        None => Ok(None),
        Some(row) => load_article(conn, &row, visibility, lists).map(Some),
    }
}

pub fn article_by_id(
    conn: &mut Conn<'_>,
    id: ArticleId,
    visibility: Visibility,
) -> StoreResult<Option<Article>> {
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a
         LEFT JOIN content_types ct ON ct.id = a.content_type_id
         WHERE a.id = ?{}",
        visibility.clause("a")
    );
    match conn.query_opt(&sql, params![id.0])? {
        None => Ok(None),
        Some(row) => {
            load_article(conn, &row, visibility, Lists::Load(&mut summaries_by_ids)).map(Some)
        }
    }
}

fn load_article(
    conn: &mut Conn<'_>,
    row: &Row,
    visibility: Visibility,
    lists: Lists<'_>,
) -> StoreResult<Article> {
    let id = row.int(0)?;
    let language = row.language(1)?;
    let translation_group = row.opt_int(11)?;

    let author_ids: Vec<i64> = conn
        .query(
            "SELECT expert_id FROM article_authors WHERE article_id = ? ORDER BY position",
            params![id],
        )?
        .iter()
        .map(|r| r.int(0))
        .collect::<StoreResult<_>>()?;
    let authors = experts_by_ids(conn, &author_ids)?;

    let mut topics = Vec::new();
    let mut regions = Vec::new();
    for term_row in conn.query(
        "SELECT t.id, t.kind, t.language, t.slug, t.name FROM article_terms at
         JOIN terms t ON t.id = at.term_id WHERE at.article_id = ? ORDER BY at.position",
        params![id],
    )? {
        let term = term_from_row(&term_row)?;
        match term.kind {
            TermKind::Topic => topics.push(term),
            TermKind::Region => regions.push(term),
        }
    }

    let syndications = conn
        .query(
            "SELECT relation, outlet, url FROM article_syndications
             WHERE article_id = ? ORDER BY position",
            params![id],
        )?
        .iter()
        .map(|r| {
            let relation = r.text(0)?;
            Ok(Syndication {
                relation: SyndicationRelation::parse(relation).ok_or_else(|| {
                    StoreError::Corrupt(format!("unknown syndication relation {relation:?}"))
                })?,
                outlet: r.string(1)?,
                url: r.opt_text(2)?.map(str::to_owned),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;

    let (recommended, translations) = match lists {
        Lists::Load(summaries) => (
            load_recommendations(conn, id, visibility, summaries)?,
            load_translations(conn, id, translation_group, visibility)?,
        ),
        Lists::Skip => (Vec::new(), Vec::new()),
    };

    let status_text = row.text(10)?;
    let body_markdown = row.string(5)?;
    let body_images = crate::media::image_sizes_in(conn, &body_markdown)?;
    Ok(Article {
        id: ArticleId(id),
        language,
        slug: row.slug(2)?,
        title: row.string(3)?,
        deck: row.string(4)?,
        body_markdown,
        body_images,
        body_is_excerpt: row.bool(6)?,
        series_number: row.opt_int(7)?.map(|n| n as u32),
        published_on: row.opt_date(8)?,
        author_note_markdown: row.string(9)?,
        status: ArticleStatus::parse(status_text)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown status {status_text:?}")))?,
        created_at: row.timestamp(12)?,
        updated_at: row.timestamp(13)?,
        content_type: opt_content_type_from_row(row, 14)?,
        authors,
        topics,
        regions,
        syndications,
        recommended,
        translations,
        translation_group,
    })
}

fn load_recommendations(
    conn: &mut Conn<'_>,
    id: i64,
    visibility: Visibility,
    summaries: ReadSummaries<'_>,
) -> StoreResult<Vec<Recommendation>> {
    let sql = format!(
        "SELECT r.language, r.slug, r.title, r.type_label, r.published_on, r.author_names, a.id
         FROM article_recommendations r
         LEFT JOIN articles a ON a.language = r.language AND a.slug = r.slug{}
         WHERE r.article_id = ? ORDER BY r.position",
        visibility.clause("a")
    );
    let rows = conn.query(&sql, params![id])?;
    let live_ids: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.opt_int(6).transpose())
        .collect::<StoreResult<_>>()?;
    let mut live: HashMap<i64, ArticleSummary> = summaries(conn, &live_ids)?
        .into_iter()
        .map(|s| (s.id.0, s))
        .collect();
    rows.iter()
        .map(|r| {
            Ok(Recommendation {
                item: recommended_item_from_row(r)?,
                article: r.opt_int(6)?.and_then(|live_id| live.remove(&live_id)),
            })
        })
        .collect()
}

fn recommended_item_from_row(r: &Row) -> StoreResult<RecommendedItem> {
    Ok(RecommendedItem {
        language: r.language(0)?,
        slug: r.slug(1)?,
        title: r.string(2)?,
        type_label: r.opt_text(3)?.map(str::to_owned),
        published_on: r.opt_date(4)?,
        author_names: r
            .text(5)?
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

/// The other members of the article's translation group that the reader may
/// see, by language.
/// The other language versions of an article read without its lists
/// ([`article_core_by_path`]), drafts included.
pub fn translations_of(conn: &mut Conn<'_>, article: &Article) -> StoreResult<Vec<Translation>> {
    load_translations(
        conn,
        article.id.0,
        article.translation_group,
        Visibility::All,
    )
}

fn load_translations(
    conn: &mut Conn<'_>,
    id: i64,
    translation_group: Option<i64>,
    visibility: Visibility,
) -> StoreResult<Vec<Translation>> {
    let Some(group) = translation_group else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT a.language, a.slug, a.title FROM articles a
         WHERE a.translation_group = ? AND a.id <> ?{} ORDER BY a.language, a.id",
        visibility.clause("a")
    );
    conn.query(&sql, params![group, id])?
        .iter()
        .map(|r| {
            Ok(Translation {
                language: r.language(0)?,
                slug: r.slug(1)?,
                title: Some(r.string(2)?),
            })
        })
        .collect()
}

/// Which articles a listing shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleQuery {
    pub visibility: Visibility,
    pub language: Option<LanguageCode>,
    pub expert: Option<ExpertId>,
    pub term: Option<TermId>,
    pub content_type: Option<ContentTypeId>,
    pub program: Option<ProgramId>,
    pub page: PageRequest,
}

impl ArticleQuery {
    /// Published articles in a language, newest first.
    pub fn published(language: &LanguageCode, page: PageRequest) -> ArticleQuery {
        ArticleQuery {
            visibility: Visibility::Published,
            language: Some(language.clone()),
            expert: None,
            term: None,
            content_type: None,
            program: None,
            page,
        }
    }
}

const SUMMARY_COLUMNS: &str = "a.id, a.language, a.slug, a.title, a.deck, a.series_number,
    a.published_on, a.status, ct.id, ct.slug, ct.name";

/// The WHERE clause and its parameters for a listing's articles.
fn listing_filter(query: &ArticleQuery) -> (String, Vec<Value>) {
    let mut filter = String::from(" WHERE 1 = 1");
    filter.push_str(&query.visibility.clause("a"));
    let mut params: Vec<Value> = Vec::new();
    if let Some(language) = &query.language {
        filter.push_str(" AND a.language = ?");
        params.push(language.into());
    }
    if let Some(expert) = query.expert {
        // IN, not a correlated EXISTS: SQLite reads the expert's few rows
        // once instead of probing for every article in date order.
        filter
            .push_str(" AND a.id IN (SELECT article_id FROM article_authors WHERE expert_id = ?)");
        params.push(expert.0.into());
    }
    if let Some(term) = query.term {
        filter.push_str(" AND a.id IN (SELECT article_id FROM article_terms WHERE term_id = ?)");
        params.push(term.0.into());
    }
    if let Some(content_type) = query.content_type {
        filter.push_str(" AND a.content_type_id = ?");
        params.push(content_type.0.into());
    }
    if let Some(program) = query.program {
        filter.push_str(
            " AND a.id IN (SELECT f.article_id FROM article_authors f JOIN expert_programs p ON p.expert_id = f.expert_id
                           WHERE p.program_id = ?)",
        );
        params.push(program.0.into());
    }
    (filter, params)
}

/// The order every listing uses: newest first, undated ones last.
const LISTING_ORDER: &str = "ORDER BY a.published_on DESC NULLS LAST, a.id DESC";

/// A page of articles, newest first (undated ones last).
pub fn list_articles(
    conn: &mut Conn<'_>,
    query: &ArticleQuery,
) -> StoreResult<Paged<ArticleSummary>> {
    let (filter, params) = listing_filter(query);
    let total = conn
        .query_one(&format!("SELECT COUNT(*) FROM articles a{filter}"), &params)?
        .int(0)? as u64;
    let items = listing_page(conn, query, &filter, params)?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.per_page,
    })
}

fn listing_page(
    conn: &mut Conn<'_>,
    query: &ArticleQuery,
    filter: &str,
    mut params: Vec<Value>,
) -> StoreResult<Vec<ArticleSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles a
         LEFT JOIN content_types ct ON ct.id = a.content_type_id{filter}
         {LISTING_ORDER} LIMIT ? OFFSET ?"
    );
    params.push(query.page.per_page.into());
    params.push((query.page.offset() as i64).into());
    let rows = conn.query(&sql, &params)?;
    summaries_from_rows(conn, &rows)
}

/// The ids of one page of a listing, in its order: for feeds, which read
/// whole articles.
pub fn list_article_ids(conn: &mut Conn<'_>, query: &ArticleQuery) -> StoreResult<Vec<i64>> {
    let (filter, mut params) = listing_filter(query);
    let sql = format!("SELECT a.id FROM articles a{filter} {LISTING_ORDER} LIMIT ? OFFSET ?");
    params.push(query.page.per_page.into());
    params.push((query.page.offset() as i64).into());
    conn.query(&sql, &params)?
        .iter()
        .map(|r| r.int(0))
        .collect()
}

pub fn count_articles(conn: &mut Conn<'_>, visibility: Visibility) -> StoreResult<u64> {
    let sql = format!(
        "SELECT COUNT(*) FROM articles a WHERE 1 = 1{}",
        visibility.clause("a")
    );
    Ok(conn.query_one(&sql, params![])?.int(0)? as u64)
}

/// Summaries of the published articles among `ids`, in the order of `ids`.
pub fn article_summaries(conn: &mut Conn<'_>, ids: &[i64]) -> StoreResult<Vec<ArticleSummary>> {
    let mut found: HashMap<i64, ArticleSummary> = summaries_by_ids(conn, ids)?
        .into_iter()
        .filter(|s| s.status == ArticleStatus::Published)
        .map(|s| (s.id.0, s))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Summaries of the articles among `ids`, whatever their status, in the
/// order of `ids`.
pub(crate) fn summaries_in_order(
    conn: &mut Conn<'_>,
    ids: &[i64],
) -> StoreResult<Vec<ArticleSummary>> {
    let mut found: HashMap<i64, ArticleSummary> = summaries_by_ids(conn, ids)?
        .into_iter()
        .map(|s| (s.id.0, s))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

fn summaries_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> StoreResult<Vec<ArticleSummary>> {
    let rows = conn.query_ids(ids, &[], |list| {
        format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a
             LEFT JOIN content_types ct ON ct.id = a.content_type_id WHERE a.id IN ({list})"
        )
    })?;
    summaries_from_rows(conn, &rows)
}

fn summaries_from_rows(conn: &mut Conn<'_>, rows: &[Row]) -> StoreResult<Vec<ArticleSummary>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.int(0)).collect::<StoreResult<_>>()?;
    let mut authors = bylines(conn, &ids)?;
    rows.iter()
        .map(|r| {
            let id = r.int(0)?;
            let status = r.text(7)?;
            Ok(ArticleSummary {
                id: ArticleId(id),
                language: r.language(1)?,
                slug: r.slug(2)?,
                title: r.string(3)?,
                deck: r.string(4)?,
                series_number: r.opt_int(5)?.map(|n| n as u32),
                published_on: r.opt_date(6)?,
                status: ArticleStatus::parse(status)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown status {status:?}")))?,
                content_type: opt_content_type_from_row(r, 8)?,
                authors: authors.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// Authors of many articles at once, in byline order.
pub(crate) fn bylines(
    conn: &mut Conn<'_>,
    article_ids: &[i64],
) -> StoreResult<HashMap<i64, Vec<ExpertRef>>> {
    let mut out: HashMap<i64, Vec<ExpertRef>> = HashMap::new();
    let rows = conn.query_ids(article_ids, &[], |list| {
        format!(
            "SELECT aa.article_id, e.slug, e.name, e.id FROM article_authors aa
             JOIN experts e ON e.id = aa.expert_id
             WHERE aa.article_id IN ({list}) ORDER BY aa.article_id, aa.position"
        )
    })?;
    for row in rows {
        out.entry(row.int(0)?).or_default().push(ExpertRef {
            id: ExpertId(row.int(3)?),
            slug: row.slug(1)?,
            name: row.string(2)?,
        });
    }
    Ok(out)
}

/// What the archive knows of a piece only through other pages' "Recommended"
/// lists, when no article of its own is at that path.
pub fn article_reference(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    slug: &Slug,
) -> StoreResult<Option<ArticleReference>> {
    let rows = conn.query(
        "SELECT r.language, r.slug, r.title, r.type_label, r.published_on, r.author_names, a.id
         FROM article_recommendations r JOIN articles a ON a.id = r.article_id
         WHERE r.language = ? AND r.slug = ? AND a.status = 'published'
         ORDER BY a.published_on DESC NULLS LAST, a.id DESC",
        params![language, slug],
    )?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let item = recommended_item_from_row(first)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.int(6)).collect::<StoreResult<_>>()?;
    let mut recommended_by = summaries_by_ids(conn, &dedup(&ids))?;
    recommended_by.sort_by(|a, b| b.published_on.cmp(&a.published_on).then(b.id.cmp(&a.id)));
    Ok(Some(ArticleReference {
        item,
        recommended_by,
    }))
}
