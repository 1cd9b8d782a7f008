//! How errors become responses. This is the whole policy:
//!
//! - A handler returns `Result<_, AppError>`. `AppError` is typed for what a
//!   reader can be told (`not_found()`, `bad_request(..)`) and carries
//!   anything else as `Internal`, which is logged in full and shown only as
//!   "something went wrong".
//! - Turning an `AppError` into a response yields just a status and an
//!   [`ErrorPage`] marker; the [`render_error_pages`] middleware then renders
//!   the themed error page in the language of the requested path. The API
//!   (added later) renders the same marker as its JSON error shape instead.
//! - Store errors map by kind: a missing row is a 404 where the handler
//!   says so, a busy database a 503, anything else a 500.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use folio_db::StoreError;
use folio_render::ErrorKind;

use crate::AppState;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    BadRequest(String),
    Unavailable(String),
    Internal(String),
}

pub fn not_found() -> AppError {
    AppError::NotFound
}

pub fn bad_request(reason: impl Into<String>) -> AppError {
    AppError::BadRequest(reason.into())
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        match error {
            StoreError::Busy => AppError::Unavailable(error.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<folio_render::RenderError> for AppError {
    fn from(error: folio_render::RenderError) -> AppError {
        AppError::Internal(format!("rendering failed: {error}"))
    }
}

/// Marks a response whose body the error-page middleware must fill in.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage(pub ErrorKind);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let kind = match &self {
            AppError::NotFound => ErrorKind::NotFound,
            AppError::BadRequest(reason) => {
                tracing::debug!(%reason, "bad request");
                ErrorKind::BadRequest
            }
            AppError::Unavailable(reason) => {
                tracing::warn!(%reason, "unavailable");
                ErrorKind::Unavailable
            }
            AppError::Internal(reason) => {
                tracing::error!(%reason, "internal error");
                ErrorKind::Internal
            }
        };
        let status =
            StatusCode::from_u16(kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage(kind));
        response
    }
}

/// Renders the themed page for every response marked with [`ErrorPage`].
pub async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let Some(ErrorPage(kind)) = response.extensions().get::<ErrorPage>().copied() else {
        return response;
    };
    let language = state.language_of_path(&path);
    let (mut parts, _) = response.into_parts();
    let body = match state.renderer.error(language, kind, &path) {
        Ok(html) => html,
        Err(e) => {
            tracing::error!(error = %e, "the error page itself failed to render");
            kind.status().to_string()
        }
    };
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(body))
}
