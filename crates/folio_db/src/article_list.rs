//! Filtered article lists read page by page from a position (keyset
//! pagination): what the API's `/api/v1/articles` serves. A position is the
//! sort key and id of the last item a client saw, so pages stay stable
//! while articles are added, and a late page costs what the first does.

use folio_core::{ArticleStatus, ArticleSummary, Date, LanguageCode, Slug, UserId};

use crate::sql::Conn;
use crate::{StoreResult, Value};

/// The orders a list can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleSort {
    /// Publication date, newest first; undated pieces last.
    Newest,
    /// Publication date, oldest first; undated pieces last.
    Oldest,
    /// Last change, most recent first.
    Updated,
}

impl ArticleSort {
    pub const ALL: [ArticleSort; 3] = [
        ArticleSort::Newest,
        ArticleSort::Oldest,
        ArticleSort::Updated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleSort::Newest => "newest",
            ArticleSort::Oldest => "oldest",
            ArticleSort::Updated => "updated",
        }
    }

    pub fn parse(text: &str) -> Option<ArticleSort> {
        ArticleSort::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The sort key as SQL, and whether it descends.
    fn key(self) -> (&'static str, bool) {
        match self {
            // '' sorts below every date, so undated pieces come last.
            ArticleSort::Newest => ("COALESCE(a.published_on, '')", true),
            ArticleSort::Oldest => ("COALESCE(a.published_on, '9999-12-31')", false),
            ArticleSort::Updated => ("a.updated_at", true),
        }
    }
}

/// Where the previous page ended: its last item's sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPosition {
    pub sort: ArticleSort,
    pub key: PositionKey,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PositionKey {
    /// A publication date, or `None` for an undated piece.
    Date(Option<Date>),
    /// Milliseconds since the epoch.
    Instant(i64),
}

impl PositionKey {
    fn value(&self, sort: ArticleSort) -> Value {
        match self {
            PositionKey::Date(Some(date)) => Value::from(*date),
            PositionKey::Date(None) if sort == ArticleSort::Oldest => "9999-12-31".into(),
            PositionKey::Date(None) => "".into(),
            PositionKey::Instant(millis) => Value::Int(*millis),
        }
    }
}

/// Which articles a list shows. Filters combine with AND.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFilter {
    /// `None`: every status (editors). Readers get `Published`.
    pub status: Option<ArticleStatus>,
    /// Only articles this account created (an author's view of drafts).
    pub created_by: Option<UserId>,
    pub language: Option<LanguageCode>,
    pub topic: Option<Slug>,
    pub region: Option<Slug>,
    pub expert: Option<Slug>,
    pub content_type: Option<Slug>,
    /// The outlet's name, without regard to case.
    pub outlet: Option<String>,
    /// Published on or after.
    pub from: Option<Date>,
    /// Published on or before.
    pub to: Option<Date>,
}

impl ArticleFilter {
    pub fn published() -> ArticleFilter {
        ArticleFilter {
            status: Some(ArticleStatus::Published),
            created_by: None,
            language: None,
            topic: None,
            region: None,
            expert: None,
            content_type: None,
            outlet: None,
            from: None,
            to: None,
        }
    }

    fn clause(&self) -> (String, Vec<Value>) {
        let mut sql = String::from(" WHERE 1 = 1");
        let mut params = Vec::new();
        if let Some(status) = self.status {
            sql.push_str(" AND a.status = ?");
            params.push(status.as_str().into());
        }
        if let Some(user) = self.created_by {
            sql.push_str(" AND a.created_by = ?");
            params.push(Value::Int(user.0));
        }
        if let Some(language) = &self.language {
            sql.push_str(" AND a.language = ?");
            params.push(language.into());
        }
        for (kind, slug) in [("topic", &self.topic), ("region", &self.region)] {
            if let Some(slug) = slug {
                sql.push_str(
                    " AND a.id IN (SELECT at.article_id FROM article_terms at
                       JOIN terms t ON t.id = at.term_id WHERE t.kind = ? AND t.slug = ?)",
                );
                params.push(kind.into());
                params.push(slug.into());
            }
        }
        if let Some(expert) = &self.expert {
            sql.push_str(
                " AND a.id IN (SELECT aa.article_id FROM article_authors aa
                   JOIN experts e ON e.id = aa.expert_id WHERE e.slug = ?)",
            );
            params.push(expert.into());
        }
        if let Some(content_type) = &self.content_type {
            sql.push_str(
                " AND a.content_type_id IN (SELECT ct.id FROM content_types ct WHERE ct.slug = ?)",
            );
            params.push(content_type.into());
        }
        if let Some(outlet) = &self.outlet {
            sql.push_str(
                " AND a.id IN (SELECT s.article_id FROM article_syndications s
                   WHERE LOWER(s.outlet) = LOWER(?))",
            );
            params.push(outlet.as_str().into());
        }
        if let Some(from) = self.from {
            sql.push_str(" AND a.published_on >= ?");
            params.push(from.into());
        }
        if let Some(to) = self.to {
            sql.push_str(" AND a.published_on <= ?");
            params.push(to.into());
        }
        (sql, params)
    }
}

/// One page of a filtered list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePage {
    pub items: Vec<ArticleSummary>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<ListPosition>,
}

/// Up to `limit` articles matching `filter` in `sort` order, after `after`
/// (from the start when `None`).
pub fn filter_articles(
    conn: &mut Conn<'_>,
    filter: &ArticleFilter,
    sort: ArticleSort,
    after: Option<&ListPosition>,
    limit: u32,
) -> StoreResult<ArticlePage> {
    let (mut sql, mut params) = filter.clause();
    let (key, descending) = sort.key();
    if let Some(position) = after {
        let cmp = if descending { "<" } else { ">" };
        sql.push_str(&format!(
            " AND ({key} {cmp} ? OR ({key} = ? AND a.id {cmp} ?))"
        ));
        let value = position.key.value(sort);
        params.push(value.clone());
        params.push(value);
        params.push(Value::Int(position.id));
    }
    let direction = if descending { "DESC" } else { "ASC" };
    // One more than asked tells whether another page follows.
    params.push(Value::from(limit + 1));
    let rows = conn.query(
        &format!(
            "SELECT a.id, a.published_on, a.updated_at FROM articles a{sql}
             ORDER BY {key} {direction}, a.id {direction} LIMIT ?"
        ),
        &params,
    )?;
    let has_more = rows.len() > limit as usize;
    let rows = &rows[..rows.len().min(limit as usize)];
    let ids: Vec<i64> = rows.iter().map(|r| r.int(0)).collect::<StoreResult<_>>()?;
    let next = match rows.last() {
        Some(last) if has_more => Some(ListPosition {
            sort,
            key: match sort {
                ArticleSort::Updated => PositionKey::Instant(last.int(2)?),
                ArticleSort::Newest | ArticleSort::Oldest => PositionKey::Date(last.opt_date(1)?),
            },
            id: last.int(0)?,
        }),
        _ => None,
    };
    let items = crate::articles::summaries_in_order(conn, &ids)?;
    Ok(ArticlePage { items, next })
}
