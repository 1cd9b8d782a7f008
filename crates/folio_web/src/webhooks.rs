//! Delivering webhooks from the outbox (`folio_db::webhooks`).
//!
//! A worker on every node looks for due deliveries each second, claims one
//! with a conditional UPDATE (so one node sends each attempt), POSTs it
//! signed, and records the result: delivered, or due again after an
//! exponential backoff, or given up after `[webhooks] max_attempts`. The
//! queue is in the database, so deliveries survive a restart; a claim left
//! by a node that died expires after [`CLAIM_FOR`] and the delivery is
//! tried again (so a receiver may see a delivery twice: the
//! `Folio-Delivery` id tells repeats apart).
//!
//! Each delivery carries `Folio-Signature: t=<unix seconds>,v1=<hex>`,
//! where `<hex>` is HMAC-SHA256 with the webhook's secret over
//! `"<t>.<body>"`; a receiver recomputes it and refuses old timestamps, so
//! a captured delivery cannot be replayed later.

use std::time::Duration;

use folio_config::WebhooksConfig;
use folio_core::Timestamp;
use folio_db::{AttemptResult, ClaimedDelivery, Store, StoreResult};
use hmac::{Hmac, KeyInit, Mac};
use jiff::SignedDuration;
use sha2::Sha256;

/// How long a node holds a claimed delivery before another may take it.
pub const CLAIM_FOR: SignedDuration = SignedDuration::from_secs(60);
/// How long one attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest wait between attempts.
const MAX_BACKOFF_SECONDS: i64 = 6 * 3600;
/// Deliveries one tick looks at.
const BATCH: u32 = 20;

/// `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// When to try again after `attempts` failed attempts (this one
/// included), or `None` to give up.
pub fn next_attempt(config: &WebhooksConfig, attempts: u32, now: Timestamp) -> Option<Timestamp> {
    if attempts >= config.max_attempts {
        return None;
    }
    let exponent = attempts.saturating_sub(1).min(30);
    let wait = (i64::from(config.first_retry_seconds) << exponent).min(MAX_BACKOFF_SECONDS);
    now.checked_add(SignedDuration::from_secs(wait)).ok()
}

/// A name for this process among the nodes sharing the database.
pub fn node_name() -> String {
    let mut bytes = [0u8; 4];
    let _ = getrandom::fill(&mut bytes);
    format!("node-{}-{}", std::process::id(), hex::encode(bytes))
}

/// Sends one claimed delivery and says how it went.
fn send(agent: &ureq::Agent, delivery: &ClaimedDelivery, now: Timestamp) -> (Option<u16>, String) {
    let signed = signature(&delivery.secret, now.as_second(), &delivery.payload);
    let sent = agent
        .post(&delivery.url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Folio-Webhooks/1")
        .header("Folio-Event", &delivery.event)
        .header("Folio-Delivery", &delivery.id.to_string())
        .header("Folio-Signature", &signed)
        .send(delivery.payload.as_bytes());
    match sent {
        Ok(response) => {
            let status = response.status().as_u16();
            if (200..300).contains(&status) {
                (Some(status), String::new())
            } else {
                (Some(status), format!("the receiver answered {status}"))
            }
        }
        Err(error) => (None, error.to_string()),
    }
}

/// The HTTP client deliveries use: no redirects followed (a signed POST
/// goes where it was registered), statuses read rather than raised.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(ATTEMPT_TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// Delivers what is due now; returns how many attempts this node made.
pub fn deliver_due(
    store: &Store,
    config: &WebhooksConfig,
    agent: &ureq::Agent,
    node: &str,
) -> StoreResult<usize> {
    let now = Timestamp::now();
    let due = store.read(|c| folio_db::due_deliveries(c, now, BATCH))?;
    let mut attempts = 0;
    for id in due {
        let now = Timestamp::now();
        let until = now + CLAIM_FOR;
        let Some(delivery) = store.write(|c| folio_db::claim_delivery(c, id, node, now, until))?
        else {
            continue;
        };
        let (status, error) = send(agent, &delivery, now);
        let finished = Timestamp::now();
        let delivered = error.is_empty();
        let result = AttemptResult {
            status,
            retry_at: if delivered {
                None
            } else {
                next_attempt(config, delivery.attempts + 1, finished)
            },
            error,
            delivered,
        };
        if !delivered {
            tracing::warn!(delivery = id, error = %result.error, "a webhook delivery failed");
        }
        store.write(|c| folio_db::record_attempt(c, id, node, &result, finished))?;
        attempts += 1;
    }
    Ok(attempts)
}

/// Runs the delivery worker until `stop` turns true; a delivery under way
/// finishes first.
pub fn spawn(
    store: Store,
    config: WebhooksConfig,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let node = node_name();
        let agent = agent();
        let mut interval = tokio::time::interval(crate::scheduler::TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stop.wait_for(|stopped| *stopped) => return,
            }
            let (store, config, agent, node) =
                (store.clone(), config.clone(), agent.clone(), node.clone());
            let result =
                tokio::task::spawn_blocking(move || deliver_due(&store, &config, &agent, &node))
                    .await;
            match result {
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::warn!(%error, "the webhook worker could not run"),
                Err(error) => tracing::error!(%error, "the webhook worker failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_the_documented_recipe() {
        // HMAC-SHA256("secret", "1700000000.{}"), computed independently
        // with Python's hmac module.
        assert_eq!(
            signature("secret", 1_700_000_000, "{}"),
            "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
        assert_ne!(
            signature("secret", 1_700_000_000, "{}"),
            signature("secret", 1_700_000_001, "{}")
        );
        assert_ne!(
            signature("secret", 1_700_000_000, "{}"),
            signature("other", 1_700_000_000, "{}")
        );
    }

    #[test]
    fn retries_back_off_exponentially_then_give_up() {
        let config = WebhooksConfig {
            first_retry_seconds: 30,
            max_attempts: 4,
        };
        let now = Timestamp::from_second(1_700_000_000).unwrap();
        let wait = |n| next_attempt(&config, n, now).map(|at| at.as_second() - now.as_second());
        assert_eq!(wait(1), Some(30));
        assert_eq!(wait(2), Some(60));
        assert_eq!(wait(3), Some(120));
        assert_eq!(wait(4), None);
    }
}
