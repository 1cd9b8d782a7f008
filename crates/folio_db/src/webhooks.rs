//! Webhooks and their outbox.
//!
//! The repositories that change what readers see call [`article_event`] or
//! [`expert_event`] inside their own write, so an event is queued (one
//! `webhook_deliveries` row per subscribed webhook) exactly when the change
//! commits, whoever made it: the admin, the API, the scheduler or an
//! import. Workers claim due rows with one conditional UPDATE, portable
//! to every backend, so several nodes sharing the database deliver each
//! attempt once.

use folio_core::{ArticleStatus, Timestamp};

use crate::sql::{Conn, Row};
use crate::{StoreError, StoreResult, params};

/// What a webhook can be told about. Events concern what readers see:
/// drafts raise none, so a receiver never learns of unpublished work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum WebhookEvent {
    /// An article went on the site (published now, or as scheduled).
    ArticlePublished,
    /// A published article changed.
    ArticleUpdated,
    /// A published article left the site (back to draft, or archived).
    ArticleUnpublished,
    /// A published article was deleted.
    ArticleDeleted,
    /// An expert was created, changed or deleted.
    ExpertChanged,
}

impl WebhookEvent {
    pub const ALL: [WebhookEvent; 5] = [
        WebhookEvent::ArticlePublished,
        WebhookEvent::ArticleUpdated,
        WebhookEvent::ArticleUnpublished,
        WebhookEvent::ArticleDeleted,
        WebhookEvent::ExpertChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEvent::ArticlePublished => "article.published",
            WebhookEvent::ArticleUpdated => "article.updated",
            WebhookEvent::ArticleUnpublished => "article.unpublished",
            WebhookEvent::ArticleDeleted => "article.deleted",
            WebhookEvent::ExpertChanged => "expert.changed",
        }
    }

    pub fn parse(text: &str) -> Option<WebhookEvent> {
        WebhookEvent::ALL.into_iter().find(|e| e.as_str() == text)
    }

    /// The event a move of an article from `before` to `after` raises
    /// (`None` for a new or a deleted article), if any.
    pub fn for_article(
        before: Option<ArticleStatus>,
        after: Option<ArticleStatus>,
    ) -> Option<WebhookEvent> {
        let was = before == Some(ArticleStatus::Published);
        let is = after == Some(ArticleStatus::Published);
        match (was, is, after) {
            (false, true, _) => Some(WebhookEvent::ArticlePublished),
            (true, true, _) => Some(WebhookEvent::ArticleUpdated),
            (true, false, None) => Some(WebhookEvent::ArticleDeleted),
            (true, false, Some(_)) => Some(WebhookEvent::ArticleUnpublished),
            (false, false, _) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A webhook as the admin lists it, with how its deliveries stand.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WebhookListing {
    pub webhook: Webhook,
    pub pending: u64,
    pub failed: u64,
    pub last_delivery: Option<Delivery>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Pending,
    Delivered,
    /// Given up after the last attempt.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Option<DeliveryState> {
        Some(match text {
            "pending" => DeliveryState::Pending,
            "delivered" => DeliveryState::Delivered,
            "failed" => DeliveryState::Failed,
            _ => return None,
        })
    }
}

/// One event for one webhook, and how its delivery went.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    pub payload: String,
    pub state: DeliveryState,
    pub attempts: u32,
    pub next_attempt_at: Timestamp,
    pub last_attempt_at: Option<Timestamp>,
    pub last_status: Option<u16>,
    pub last_error: String,
    pub created_at: Timestamp,
}

fn events_text(events: &[WebhookEvent]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for event in WebhookEvent::ALL {
        if events.contains(&event) {
            names.push(event.as_str());
        }
    }
    names.join(" ")
}

fn events_from_text(text: &str) -> Vec<WebhookEvent> {
    text.split_whitespace()
        .filter_map(WebhookEvent::parse)
        .collect()
}

const WEBHOOK_COLUMNS: &str = "id, url, description, events, active, created_at, updated_at";

fn webhook_from_row(row: &Row) -> StoreResult<Webhook> {
    Ok(Webhook {
        id: row.int(0)?,
        url: row.string(1)?,
        description: row.string(2)?,
        events: events_from_text(row.text(3)?),
        active: row.bool(4)?,
        created_at: row.timestamp(5)?,
        updated_at: row.timestamp(6)?,
    })
}

/// Registers a webhook. `secret` signs its deliveries.
pub fn create_webhook(
    conn: &mut Conn<'_>,
    url: &str,
    description: &str,
    events: &[WebhookEvent],
    secret: &str,
    now: Timestamp,
) -> StoreResult<Webhook> {
    let id = conn.insert_returning_id(
        "INSERT INTO webhooks (url, description, events, secret, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        params![
            url,
            description,
            events_text(events),
            secret,
            true,
            now,
            now
        ],
    )?;
    webhook_by_id(conn, id)?.ok_or_else(|| StoreError::Corrupt("a new webhook vanished".into()))
}

/// Changes where a webhook delivers, what it receives and whether it is on.
pub fn update_webhook(
    conn: &mut Conn<'_>,
    id: i64,
    url: &str,
    description: &str,
    events: &[WebhookEvent],
    active: bool,
    now: Timestamp,
) -> StoreResult<bool> {
    Ok(conn.execute(
        "UPDATE webhooks SET url = ?, description = ?, events = ?, active = ?, updated_at = ?
         WHERE id = ?",
        params![url, description, events_text(events), active, now, id],
    )? > 0)
}

/// Replaces a webhook's signing secret.
pub fn set_webhook_secret(
    conn: &mut Conn<'_>,
    id: i64,
    secret: &str,
    now: Timestamp,
) -> StoreResult<bool> {
    Ok(conn.execute(
        "UPDATE webhooks SET secret = ?, updated_at = ? WHERE id = ?",
        params![secret, now, id],
    )? > 0)
}

/// Deletes a webhook and its deliveries, pending ones included.
pub fn delete_webhook(conn: &mut Conn<'_>, id: i64) -> StoreResult<bool> {
    conn.execute(
        "DELETE FROM webhook_deliveries WHERE webhook_id = ?",
        params![id],
    )?;
    Ok(conn.execute("DELETE FROM webhooks WHERE id = ?", params![id])? > 0)
}

pub fn webhook_by_id(conn: &mut Conn<'_>, id: i64) -> StoreResult<Option<Webhook>> {
    conn.query_opt(
        &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?"),
        params![id],
    )?
    .map(|row| webhook_from_row(&row))
    .transpose()
}

/// Every webhook, oldest first, with its pending and failed counts and its
/// latest delivery.
pub fn list_webhooks(conn: &mut Conn<'_>) -> StoreResult<Vec<WebhookListing>> {
    let webhooks = conn
        .query(
            &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY id"),
            params![],
        )?
        .iter()
        .map(webhook_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let mut out = Vec::with_capacity(webhooks.len());
    for webhook in webhooks {
        let counts = conn.query_one(
            "SELECT
                COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0)
             FROM webhook_deliveries WHERE webhook_id = ?",
            params![webhook.id],
        )?;
        let last_delivery = list_deliveries(conn, webhook.id, 1)?.into_iter().next();
        out.push(WebhookListing {
            pending: counts.int(0)? as u64,
            failed: counts.int(1)? as u64,
            last_delivery,
            webhook,
        });
    }
    Ok(out)
}

const DELIVERY_COLUMNS: &str = "id, webhook_id, event, payload, state, attempts, next_attempt_at,
    last_attempt_at, last_status, last_error, created_at";

fn delivery_from_row(row: &Row) -> StoreResult<Delivery> {
    let state = row.text(4)?;
    Ok(Delivery {
        id: row.int(0)?,
        webhook_id: row.int(1)?,
        event: row.string(2)?,
        payload: row.string(3)?,
        state: DeliveryState::parse(state)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown delivery state {state:?}")))?,
        attempts: row.int(5)? as u32,
        next_attempt_at: row.timestamp(6)?,
        last_attempt_at: row.opt_timestamp(7)?,
        last_status: row.opt_int(8)?.map(|s| s as u16),
        last_error: row.string(9)?,
        created_at: row.timestamp(10)?,
    })
}

/// A webhook's deliveries, newest first.
pub fn list_deliveries(
    conn: &mut Conn<'_>,
    webhook_id: i64,
    limit: u32,
) -> StoreResult<Vec<Delivery>> {
    conn.query(
        &format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = ?
             ORDER BY id DESC LIMIT ?"
        ),
        params![webhook_id, limit],
    )?
    .iter()
    .map(delivery_from_row)
    .collect()
}

/// Queues `event` for every active webhook that receives it, in the
/// caller's transaction. `subject` is the event's data (`{"article": …}`).
pub fn enqueue(
    conn: &mut Conn<'_>,
    event: WebhookEvent,
    subject: serde_json::Map<String, serde_json::Value>,
    now: Timestamp,
) -> StoreResult<()> {
    let receivers: Vec<i64> = conn
        .query(
            "SELECT id, events FROM webhooks WHERE active = ?",
            params![true],
        )?
        .iter()
        .filter(|row| {
            row.text(1)
                .is_ok_and(|events| events_from_text(events).contains(&event))
        })
        .map(|row| row.int(0))
        .collect::<StoreResult<_>>()?;
    if receivers.is_empty() {
        return Ok(());
    }
    let mut body = serde_json::Map::new();
    body.insert("event".into(), event.as_str().into());
    body.insert("occurred_at".into(), now.to_string().into());
    body.extend(subject);
    let payload = serde_json::Value::Object(body).to_string();
    for webhook in receivers {
        conn.execute(
            "INSERT INTO webhook_deliveries (webhook_id, event, payload, state, attempts,
                next_attempt_at, claimed_by, claimed_until, last_attempt_at, last_status,
                last_error, created_at)
             VALUES (?, ?, ?, 'pending', 0, ?, NULL, NULL, NULL, NULL, '', ?)",
            params![webhook, event.as_str(), &payload, now, now],
        )?;
    }
    Ok(())
}

/// Queues the event an article's move from `before` to `after` raises.
/// Call it while the article's row exists (before a delete).
pub(crate) fn article_event(
    conn: &mut Conn<'_>,
    id: i64,
    before: Option<ArticleStatus>,
    after: Option<ArticleStatus>,
    now: Timestamp,
) -> StoreResult<()> {
    let Some(event) = WebhookEvent::for_article(before, after) else {
        return Ok(());
    };
    let Some(row) = conn.query_opt(
        "SELECT language, slug, title, published_on FROM articles WHERE id = ?",
        params![id],
    )?
    else {
        return Ok(());
    };
    let (language, slug) = (row.string(0)?, row.string(1)?);
    let article = serde_json::json!({
        "id": id,
        "language": language,
        "slug": slug,
        "title": row.string(2)?,
        "published_on": row.opt_text(3)?,
        "status": after.map(ArticleStatus::as_str),
        "api_path": format!("/api/v1/articles/{slug}?language={language}"),
    });
    let mut subject = serde_json::Map::new();
    subject.insert("article".into(), article);
    enqueue(conn, event, subject, now)
}

/// Queues `expert.changed` for an expert (`change`: created, updated or
/// deleted). Call it while the expert's row exists.
pub(crate) fn expert_event(
    conn: &mut Conn<'_>,
    id: i64,
    change: &str,
    now: Timestamp,
) -> StoreResult<()> {
    let Some(row) = conn.query_opt("SELECT slug, name FROM experts WHERE id = ?", params![id])?
    else {
        return Ok(());
    };
    let slug = row.string(0)?;
    let expert = serde_json::json!({
        "id": id,
        "slug": slug,
        "name": row.string(1)?,
        "change": change,
        "api_path": format!("/api/v1/experts/{slug}"),
    });
    let mut subject = serde_json::Map::new();
    subject.insert("expert".into(), expert);
    enqueue(conn, WebhookEvent::ExpertChanged, subject, now)
}

/// Pending deliveries due at `now` that no live claim holds, oldest first.
pub fn due_deliveries(conn: &mut Conn<'_>, now: Timestamp, limit: u32) -> StoreResult<Vec<i64>> {
    conn.query(
        "SELECT id FROM webhook_deliveries
         WHERE state = 'pending' AND next_attempt_at <= ?
           AND (claimed_until IS NULL OR claimed_until < ?)
         ORDER BY next_attempt_at, id LIMIT ?",
        params![now, now, limit],
    )?
    .iter()
    .map(|row| row.int(0))
    .collect()
}

/// A delivery this node has claimed, with what it needs to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub event: String,
    pub payload: String,
    /// Attempts made before this one.
    pub attempts: u32,
    pub url: String,
    pub secret: String,
}

/// Claims a due delivery for `node` until `until`: one conditional UPDATE,
/// so of several nodes trying at once exactly one gets it. `None` when
/// another node holds it or it is no longer due.
pub fn claim_delivery(
    conn: &mut Conn<'_>,
    id: i64,
    node: &str,
    now: Timestamp,
    until: Timestamp,
) -> StoreResult<Option<ClaimedDelivery>> {
    let claimed = conn.execute(
        "UPDATE webhook_deliveries SET claimed_by = ?, claimed_until = ?
         WHERE id = ? AND state = 'pending' AND next_attempt_at <= ?
           AND (claimed_until IS NULL OR claimed_until < ?)",
        params![node, until, id, now, now],
    )?;
    if claimed == 0 {
        return Ok(None);
    }
    conn.query_opt(
        "SELECT d.id, d.event, d.payload, d.attempts, w.url, w.secret
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?",
        params![id],
    )?
    .map(|row| {
        Ok(ClaimedDelivery {
            id: row.int(0)?,
            event: row.string(1)?,
            payload: row.string(2)?,
            attempts: row.int(3)? as u32,
            url: row.string(4)?,
            secret: row.string(5)?,
        })
    })
    .transpose()
}

/// What one attempt to deliver came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed; empty when it succeeded.
    pub error: String,
    pub delivered: bool,
    /// When to try again after a failure; `None` gives up.
    pub retry_at: Option<Timestamp>,
}

/// Records an attempt by `node` and releases its claim. Returns false when
/// the claim was no longer this node's (it expired and another node took
/// the delivery), in which case nothing is recorded.
pub fn record_attempt(
    conn: &mut Conn<'_>,
    id: i64,
    node: &str,
    result: &AttemptResult,
    now: Timestamp,
) -> StoreResult<bool> {
    let (state, next) = match (result.delivered, result.retry_at) {
        (true, _) => ("delivered", now),
        (false, Some(at)) => ("pending", at),
        (false, None) => ("failed", now),
    };
    let changed = conn.execute(
        "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?,
            last_attempt_at = ?, last_status = ?, last_error = ?,
            claimed_by = NULL, claimed_until = NULL
         WHERE id = ? AND claimed_by = ? AND state = 'pending'",
        params![
            state,
            next,
            now,
            result.status.map(i64::from),
            &result.error,
            id,
            node
        ],
    )?;
    Ok(changed > 0)
}

/// Puts a failed delivery back in the queue, due now (an admin's retry).
pub fn retry_delivery(conn: &mut Conn<'_>, id: i64, now: Timestamp) -> StoreResult<bool> {
    Ok(conn.execute(
        "UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?,
            claimed_by = NULL, claimed_until = NULL
         WHERE id = ? AND state = 'failed'",
        params![now, id],
    )? > 0)
}
