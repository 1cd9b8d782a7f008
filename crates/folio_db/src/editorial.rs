//! What the admin needs beyond the content model: the workflow state of an
//! article, its revisions, the audit log and scheduled publishing.

use folio_core::{
    ArticleId, ArticleInput, ArticleStatus, Date, LanguageCode, PageRequest, Paged, RevisionId,
    Timestamp, UserId,
};

use crate::changes::{self, ChangeKind};
use crate::sql::{Conn, Row};
use crate::{StoreError, StoreResult, Value, params, webhooks};

/// The parts of an article only editors see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditorialState {
    pub status: ArticleStatus,
    /// Bumped by every save; a form carries the one it was opened at.
    pub edit_version: i64,
    pub publish_at: Option<Timestamp>,
    pub created_by: Option<UserId>,
}

pub fn editorial_state(conn: &mut Conn<'_>, id: ArticleId) -> StoreResult<Option<EditorialState>> {
    conn.query_opt(
        "SELECT status, edit_version, publish_at, created_by FROM articles WHERE id = ?",
        params![id.0],
    )?
    .map(|row| {
        let status = row.text(0)?;
        Ok(EditorialState {
            status: ArticleStatus::parse(status)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown status {status:?}")))?,
            edit_version: row.int(1)?,
            publish_at: row.opt_timestamp(2)?,
            created_by: row.opt_int(3)?.map(UserId),
        })
    })
    .transpose()
}

pub fn set_created_by(conn: &mut Conn<'_>, id: ArticleId, user: UserId) -> StoreResult<()> {
    conn.execute(
        "UPDATE articles SET created_by = ? WHERE id = ?",
        params![user.0, id.0],
    )?;
    Ok(())
}

/// Moves an article to `status`. Publishing fills in the publication date
/// when the article has none; scheduling keeps `publish_at`, every other
/// status clears it.
pub fn set_article_status(
    conn: &mut Conn<'_>,
    id: ArticleId,
    status: ArticleStatus,
    publish_at: Option<Timestamp>,
    publication_date: Date,
    now: Timestamp,
) -> StoreResult<()> {
    let publish_at = if status == ArticleStatus::Scheduled {
        publish_at
    } else {
        None
    };
    let date_if_missing = matches!(status, ArticleStatus::Published | ArticleStatus::Scheduled)
        .then_some(publication_date);
    let before = match conn.query_opt("SELECT status FROM articles WHERE id = ?", params![id.0])? {
        Some(row) => crate::articles::status_at(&row, 0)?,
        None => {
            return Err(StoreError::MissingReference(format!(
                "there is no article {}",
                id.0
            )));
        }
    };
    let changed = conn.execute(
        "UPDATE articles SET status = ?, publish_at = ?,
            published_on = COALESCE(published_on, ?),
            edit_version = edit_version + 1, updated_at = ?
         WHERE id = ?",
        params![status.as_str(), publish_at, date_if_missing, now, id.0],
    )?;
    if changed == 0 {
        return Err(StoreError::MissingReference(format!(
            "there is no article {}",
            id.0
        )));
    }
    changes::record(conn, ChangeKind::Article, id.0, now)?;
    webhooks::article_event(conn, id.0, Some(before), Some(status), now)
}

/// Scheduled articles whose time has come, oldest first.
pub fn due_for_publication(conn: &mut Conn<'_>, now: Timestamp) -> StoreResult<Vec<ArticleId>> {
    conn.query(
        "SELECT id FROM articles WHERE status = 'scheduled' AND publish_at <= ?
         ORDER BY publish_at, id",
        params![now],
    )?
    .iter()
    .map(|row| row.int(0).map(ArticleId))
    .collect()
}

/// Publishes one scheduled article if it is still scheduled and due:
/// returns whether this call did it. The check and the update are one
/// statement, so two nodes racing publish it once.
pub fn publish_if_due(
    conn: &mut Conn<'_>,
    id: ArticleId,
    publication_date: Date,
    now: Timestamp,
) -> StoreResult<bool> {
    let changed = conn.execute(
        "UPDATE articles SET status = 'published', publish_at = NULL,
            published_on = COALESCE(published_on, ?),
            edit_version = edit_version + 1, updated_at = ?
         WHERE id = ? AND status = 'scheduled' AND publish_at <= ?",
        params![publication_date, now, id.0, now],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    changes::record(conn, ChangeKind::Article, id.0, now)?;
    webhooks::article_event(
        conn,
        id.0,
        Some(ArticleStatus::Scheduled),
        Some(ArticleStatus::Published),
        now,
    )?;
    Ok(true)
}

/// Who made a change: a person, or Folio itself (the scheduler, the
/// importer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    pub label: String,
    pub ip: String,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor {
            user: None,
            label: label.to_owned(),
            ip: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub id: RevisionId,
    pub article: ArticleId,
    /// 1 for the first revision of the article.
    pub number: u32,
    pub actor: String,
    pub note: String,
    pub created_at: Timestamp,
    pub snapshot: ArticleInput,
}

/// Keeps the article as it now is (`input`) as a new revision.
pub fn record_revision(
    conn: &mut Conn<'_>,
    article: ArticleId,
    input: &ArticleInput,
    actor: &Actor,
    note: &str,
    now: Timestamp,
) -> StoreResult<RevisionId> {
    let snapshot = serde_json::to_string(input)
        .map_err(|e| StoreError::Database(format!("cannot write a revision: {e}")))?;
    conn.insert_returning_id(
        "INSERT INTO article_revisions (article_id, user_id, actor, note, snapshot, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        params![
            article.0,
            actor.user.map(|u| u.0),
            &actor.label,
            note,
            snapshot,
            now
        ],
    )
    .map(RevisionId)
}

/// Keeps the article as it stands as a first revision, when it has none
/// (it was imported): called before the admin's first change to it, so
/// that change can be compared with and undone.
pub fn ensure_baseline_revision(conn: &mut Conn<'_>, article: ArticleId) -> StoreResult<()> {
    let count = conn
        .query_one(
            "SELECT COUNT(*) FROM article_revisions WHERE article_id = ?",
            params![article.0],
        )?
        .int(0)?;
    if count > 0 {
        return Ok(());
    }
    let Some(stored) = crate::article_by_id(conn, article, crate::Visibility::All)? else {
        return Ok(());
    };
    let links = crate::article_translation_links(conn, article)?;
    let actor = Actor::system("import");
    let created = stored.created_at;
    record_revision(
        conn,
        article,
        &stored.to_input(links),
        &actor,
        "As imported",
        created,
    )?;
    Ok(())
}

/// How the audit log names an article: `en/slug “Title”`.
pub fn article_subject(input: &ArticleInput) -> String {
    format!("{}/{} “{}”", input.language, input.slug, input.title)
}

/// Keeps a write to an article twice over, in the caller's transaction: as
/// a revision (the whole article, `note` saying what happened) and in the
/// audit log (`action`).
pub fn record_article_write(
    conn: &mut Conn<'_>,
    article: ArticleId,
    input: &ArticleInput,
    actor: &Actor,
    action: &str,
    note: &str,
    now: Timestamp,
) -> StoreResult<()> {
    record_revision(conn, article, input, actor, note, now)?;
    audit(conn, actor, action, &article_subject(input), note, now)
}

fn revision_from_row(row: &Row, number: u32) -> StoreResult<Revision> {
    let snapshot: ArticleInput = serde_json::from_str(row.text(5)?)
        .map_err(|e| StoreError::Corrupt(format!("revision {}: {e}", row.int(0).unwrap_or(0))))?;
    Ok(Revision {
        id: RevisionId(row.int(0)?),
        article: ArticleId(row.int(1)?),
        number,
        actor: row.string(2)?,
        note: row.string(3)?,
        created_at: row.timestamp(4)?,
        snapshot,
    })
}

const REVISION_COLUMNS: &str = "id, article_id, actor, note, created_at, snapshot";

/// Every revision of an article, newest first.
pub fn list_revisions(conn: &mut Conn<'_>, article: ArticleId) -> StoreResult<Vec<Revision>> {
    let rows = conn.query(
        &format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions WHERE article_id = ? ORDER BY id"
        ),
        params![article.0],
    )?;
    let mut revisions = rows
        .iter()
        .enumerate()
        .map(|(i, row)| revision_from_row(row, i as u32 + 1))
        .collect::<StoreResult<Vec<_>>>()?;
    revisions.reverse();
    Ok(revisions)
}

pub fn revision_by_id(
    conn: &mut Conn<'_>,
    article: ArticleId,
    id: RevisionId,
) -> StoreResult<Option<Revision>> {
    let Some(row) = conn.query_opt(
        &format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions WHERE id = ? AND article_id = ?"
        ),
        params![id.0, article.0],
    )?
    else {
        return Ok(None);
    };
    let number = conn
        .query_one(
            "SELECT COUNT(*) FROM article_revisions WHERE article_id = ? AND id <= ?",
            params![article.0, id.0],
        )?
        .int(0)? as u32;
    revision_from_row(&row, number).map(Some)
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub ip: String,
}

/// Writes an audit entry in the caller's transaction, so the log holds
/// exactly the writes that happened.
pub fn audit(
    conn: &mut Conn<'_>,
    actor: &Actor,
    action: &str,
    subject: &str,
    detail: &str,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO audit_log (at, user_id, actor, action, subject, detail, ip)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![
            now,
            actor.user.map(|u| u.0),
            &actor.label,
            action,
            subject,
            detail,
            &actor.ip
        ],
    )?;
    Ok(())
}

/// The audit log, newest first, optionally only one action.
pub fn list_audit(
    conn: &mut Conn<'_>,
    action: Option<&str>,
    page: PageRequest,
) -> StoreResult<Paged<AuditEntry>> {
    let (filter, filter_params): (&str, Vec<Value>) = match action {
        Some(action) => (" WHERE action = ?", vec![Value::from(action)]),
        None => ("", Vec::new()),
    };
    let total = conn
        .query_one(
            &format!("SELECT COUNT(*) FROM audit_log{filter}"),
            &filter_params,
        )?
        .int(0)? as u64;
    let mut query_params = filter_params;
    query_params.push(Value::from(page.per_page));
    query_params.push(Value::Int(page.offset() as i64));
    let items = conn
        .query(
            &format!(
                "SELECT id, at, actor, action, subject, detail, ip FROM audit_log{filter}
                 ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
            ),
            &query_params,
        )?
        .iter()
        .map(|row| {
            Ok(AuditEntry {
                id: row.int(0)?,
                at: row.timestamp(1)?,
                actor: row.string(2)?,
                action: row.string(3)?,
                subject: row.string(4)?,
                detail: row.string(5)?,
                ip: row.string(6)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// An article as the admin's lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminArticleRow {
    pub id: ArticleId,
    pub language: LanguageCode,
    pub slug: String,
    pub title: String,
    pub status: ArticleStatus,
    pub published_on: Option<Date>,
    pub publish_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    pub created_by: Option<UserId>,
}

/// Which articles an admin list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminArticleQuery {
    pub status: Option<ArticleStatus>,
    /// Authors see only what they created.
    pub created_by: Option<UserId>,
    /// Words in the title.
    pub title_contains: Option<String>,
    pub page: PageRequest,
}

/// Articles for the admin, most recently changed first (scheduled ones by
/// their time).
pub fn admin_articles(
    conn: &mut Conn<'_>,
    query: &AdminArticleQuery,
) -> StoreResult<Paged<AdminArticleRow>> {
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    if let Some(status) = query.status {
        clauses.push("status = ?");
        values.push(Value::from(status.as_str()));
    }
    if let Some(user) = query.created_by {
        clauses.push("created_by = ?");
        values.push(Value::Int(user.0));
    }
    if let Some(words) = query.title_contains.as_deref().filter(|w| !w.is_empty()) {
        clauses.push("LOWER(title) LIKE ? ESCAPE '\\'");
        let escaped = words
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        values.push(Value::Text(format!("%{escaped}%")));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let total = conn
        .query_one(&format!("SELECT COUNT(*) FROM articles{filter}"), &values)?
        .int(0)? as u64;
    let order = if query.status == Some(ArticleStatus::Scheduled) {
        "publish_at, id"
    } else {
        "updated_at DESC, id DESC"
    };
    values.push(Value::from(query.page.per_page));
    values.push(Value::Int(query.page.offset() as i64));
    let items = conn
        .query(
            &format!(
                "SELECT id, language, slug, title, status, published_on, publish_at, updated_at,
                    created_by
                 FROM articles{filter} ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            &values,
        )?
        .iter()
        .map(|row| {
            let status = row.text(4)?;
            Ok(AdminArticleRow {
                id: ArticleId(row.int(0)?),
                language: row.language(1)?,
                slug: row.string(2)?,
                title: row.string(3)?,
                status: ArticleStatus::parse(status)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown status {status:?}")))?,
                published_on: row.opt_date(5)?,
                publish_at: row.opt_timestamp(6)?,
                updated_at: row.timestamp(7)?,
                created_by: row.opt_int(8)?.map(UserId),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.per_page,
    })
}
