//! Scheduled publishing and housekeeping.
//!
//! The schedule lives in the database (`articles.publish_at`), so it
//! survives restarts: the first tick after a start publishes whatever fell
//! due while Folio was down. Each article is published by one conditional
//! UPDATE, so it happens once even when several nodes tick together.

use std::time::Duration;

use folio_config::Config;
use folio_core::{ArticleId, Timestamp};
use folio_db::{Actor, Store, StoreResult, Visibility};

use crate::AppState;

/// How often the scheduler looks for due articles.
pub const TICK: Duration = Duration::from_secs(1);
/// How often expired sessions and old login attempts are removed.
const HOUSEKEEPING_EVERY: u32 = 3600;

/// Publishes every scheduled article whose time has come; returns those
/// this call published.
pub fn publish_due(store: &Store, config: &Config, now: Timestamp) -> StoreResult<Vec<ArticleId>> {
    let due = store.read(|c| folio_db::due_for_publication(c, now))?;
    let mut published = Vec::new();
    for id in due {
        let done = store.write(|c| {
            let publish_at = folio_db::editorial_state(c, id)?.and_then(|s| s.publish_at);
            let date = publish_at
                .unwrap_or(now)
                .to_zoned(config.site.time_zone.clone())
                .date();
            if !folio_db::publish_if_due(c, id, date, now)? {
                return Ok(false);
            }
            let actor = Actor::system("Folio scheduler");
            if let Some(article) = folio_db::article_by_id(c, id, Visibility::All)? {
                let links = folio_db::article_translation_links(c, id)?;
                let input = article.to_input(links);
                let note = "Published as scheduled";
                folio_db::record_article_write(
                    c,
                    id,
                    &input,
                    &actor,
                    "article.publish",
                    note,
                    now,
                )?;
            }
            Ok(true)
        })?;
        if done {
            published.push(id);
        }
    }
    Ok(published)
}

/// Removes sessions past their idle or absolute limit and login attempts
/// older than the rate-limit window.
pub fn housekeeping(state: &AppState, now: Timestamp) -> StoreResult<()> {
    let settings = &state.admin;
    state.store.write(|c| {
        folio_db::prune_sessions(
            c,
            now - settings.session_idle,
            now - settings.session_lifetime,
        )?;
        folio_db::prune_login_attempts(c, now - settings.login_window)?;
        Ok(())
    })
}

/// Runs the scheduler until `stop` turns true (or its sender is dropped);
/// a tick in progress finishes first, so a shutdown never cuts one short.
pub fn spawn(
    state: AppState,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks: u32 = 0;
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stop.wait_for(|stopped| *stopped) => return,
            }
            let tick_state = state.clone();
            let housekeep = ticks.is_multiple_of(HOUSEKEEPING_EVERY);
            ticks = ticks.wrapping_add(1);
            let result = tokio::task::spawn_blocking(move || -> StoreResult<Vec<ArticleId>> {
                let now = Timestamp::now();
                if housekeep {
                    housekeeping(&tick_state, now)?;
                }
                publish_due(&tick_state.store, &tick_state.config, now)
            })
            .await;
            match result {
                Ok(Ok(published)) => {
                    for id in published {
                        tracing::info!(article = id.0, "published as scheduled");
                    }
                }
                Ok(Err(error)) => tracing::warn!(%error, "the scheduler could not run"),
                Err(error) => tracing::error!(%error, "the scheduler task failed"),
            }
        }
    })
}
