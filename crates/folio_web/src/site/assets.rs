//! The theme's static files, under fingerprinted names.

use std::borrow::Cow;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::{AppState, not_found};

/// A fingerprinted name changes whenever the file does, so it may be
/// cached for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub(crate) async fn asset(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match state.renderer.theme().asset(&name) {
        Some(asset) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, asset.content_type.clone()),
                (header::CACHE_CONTROL, IMMUTABLE.to_owned()),
            ],
            Body::from(match &asset.bytes {
                Cow::Borrowed(bytes) => Bytes::from_static(bytes),
                Cow::Owned(bytes) => Bytes::from(bytes.clone()),
            }),
        )
            .into_response(),
        None => not_found().into_response(),
    }
}
