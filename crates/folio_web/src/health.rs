//! What a load balancer asks: `/healthz` (the process answers) and
//! `/readyz` (it can serve: the database answers and the search index has
//! caught up with the change log).
//!
//! Both answer plain text, are never cached, and skip the canonical-host
//! redirect: a load balancer asks a node by its own address.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

/// A node this many change-log entries behind still counts as ready: it is
/// following (a burst of writes is caught up within a second); one that
/// stopped following soon falls further behind and drops out.
pub const READY_MAX_LAG: i64 = 100;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Response {
    plain(StatusCode::OK, "ok\n".to_owned())
}

async fn readyz(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    let search = std::sync::Arc::clone(&state.search);
    let checked = tokio::task::spawn_blocking(move || {
        if let Err(error) = store.ping() {
            return Err(format!("the database does not answer: {error}"));
        }
        match search.lag() {
            Ok(lag) if lag <= READY_MAX_LAG => Ok(lag),
            Ok(lag) => Err(format!("the search index is {lag} changes behind")),
            Err(error) => Err(format!("the search index cannot be read: {error}")),
        }
    })
    .await;
    match checked {
        Ok(Ok(lag)) => plain(
            StatusCode::OK,
            format!("ready (search index {lag} changes behind)\n"),
        ),
        Ok(Err(reason)) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {reason}\n"),
        ),
        Err(error) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: the check failed: {error}\n"),
        ),
    }
}

fn plain(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
