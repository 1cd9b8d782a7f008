//! Every public page's address, read in a few queries: for `sitemap.xml`
//! and the static export, which must list the whole site.

use folio_core::{Date, LanguageCode, Slug, TermKind, Timestamp};

use crate::sql::Conn;
use crate::taxonomy::term_from_row;
use crate::{StoreResult, params};

/// A published article's address and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedArticle {
    pub id: i64,
    pub language: LanguageCode,
    pub slug: Slug,
    pub published_on: Option<Date>,
    pub updated_at: Timestamp,
    pub translation_group: Option<i64>,
}

/// Everything with a page of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteMap {
    /// Newest first, as listings show them.
    pub articles: Vec<PublishedArticle>,
    /// Topics and regions, as (kind, language, slug).
    pub terms: Vec<(TermKind, LanguageCode, Slug)>,
    /// Topics and regions that have translations, as (language, slug,
    /// translation group).
    pub term_groups: Vec<(LanguageCode, Slug, i64)>,
    pub experts: Vec<Slug>,
    pub content_types: Vec<Slug>,
    pub programs: Vec<Slug>,
    /// Pieces known only from published articles' Recommended lists: each
    /// has a catalogue page, as (language, slug).
    pub references: Vec<(LanguageCode, Slug)>,
}

pub fn site_map(conn: &mut Conn<'_>) -> StoreResult<SiteMap> {
    // Every published piece: row by row, as a large archive's rows and
    // their values at once were tens of megabytes.
    let articles = conn.query_map(
        "SELECT id, language, slug, published_on, updated_at, translation_group FROM articles a
         WHERE status = 'published' ORDER BY a.published_on DESC NULLS LAST, a.id DESC",
        params![],
        |r| {
            Ok(PublishedArticle {
                id: r.int(0)?,
                language: r.language(1)?,
                slug: r.slug(2)?,
                published_on: r.opt_date(3)?,
                updated_at: r.timestamp(4)?,
                translation_group: r.opt_int(5)?,
            })
        },
    )?;
    let terms = conn
        .query(
            "SELECT t.id, t.kind, t.language, t.slug, t.name FROM terms t ORDER BY t.language, t.slug",
            params![],
        )?
        .iter()
        .map(|r| {
            let term = term_from_row(r)?;
            Ok((term.kind, term.language, term.slug))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let term_groups = conn
        .query(
            "SELECT language, slug, translation_group FROM terms
             WHERE translation_group IS NOT NULL ORDER BY translation_group, language",
            params![],
        )?
        .iter()
        .map(|r| Ok((r.language(0)?, r.slug(1)?, r.int(2)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    let slugs = |conn: &mut Conn<'_>, sql: &str| -> StoreResult<Vec<Slug>> {
        conn.query(sql, params![])?
            .iter()
            .map(|r| r.slug(0))
            .collect()
    };
    let experts = slugs(conn, "SELECT slug FROM experts ORDER BY slug")?;
    let content_types = slugs(conn, "SELECT slug FROM content_types ORDER BY slug")?;
    let programs = slugs(conn, "SELECT slug FROM programs ORDER BY slug")?;
    let references = conn
        .query(
            "SELECT DISTINCT r.language, r.slug FROM article_recommendations r
             JOIN articles a ON a.id = r.article_id AND a.status = 'published'
             WHERE NOT EXISTS (SELECT 1 FROM path_slugs p WHERE p.language = r.language AND p.slug = r.slug)
             ORDER BY r.language, r.slug",
            params![],
        )?
        .iter()
        .map(|r| Ok((r.language(0)?, r.slug(1)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(SiteMap {
        references,
        articles,
        terms,
        term_groups,
        experts,
        content_types,
        programs,
    })
}
