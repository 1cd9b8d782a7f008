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
//! - A 404 for a GET first asks the redirect table: an old address that
//!   leads somewhere answers with its 301 or 302 instead.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use folio_db::StoreError;
use folio_render::ErrorKind;

use crate::AppState;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// A request a client can fix; the message is shown to them, `field`
    /// names the parameter at fault.
    BadRequest {
        message: String,
        field: Option<String>,
    },
    Unavailable(String),
    Internal(String),
}

pub fn not_found() -> AppError {
    AppError::NotFound
}

pub fn bad_request(reason: impl Into<String>) -> AppError {
    AppError::BadRequest {
        message: reason.into(),
        field: None,
    }
}

/// A bad value in one named parameter.
pub fn bad_field(field: &str, reason: impl Into<String>) -> AppError {
    AppError::BadRequest {
        message: reason.into(),
        field: Some(field.to_owned()),
    }
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

/// Marks a response whose body the error-page middleware must fill in:
/// the kind, and what a client may be told.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub kind: ErrorKind,
    pub message: Option<String>,
    pub field: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut public_message = None;
        let mut public_field = None;
        let kind = match self {
            AppError::NotFound => ErrorKind::NotFound,
            AppError::BadRequest { message, field } => {
                tracing::debug!(%message, "bad request");
                public_message = Some(message);
                public_field = field;
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
        response.extensions_mut().insert(ErrorPage {
            kind,
            message: public_message,
            field: public_field,
        });
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
    let query = request.uri().query().map(str::to_owned);
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let kind = error.kind;
    // Nothing lives here: an old address may lead somewhere that does.
    if kind == ErrorKind::NotFound
        && reads
        && let Some(redirect) = find_redirect(&state, &path).await
    {
        let mut location = redirect.to_path;
        if let Some(query) = query {
            location.push(if location.contains('?') { '&' } else { '?' });
            location.push_str(&query);
        }
        let status = StatusCode::from_u16(redirect.status).unwrap_or(StatusCode::MOVED_PERMANENTLY);
        return match HeaderValue::from_str(&location) {
            Ok(value) => (status, [(header::LOCATION, value)]).into_response(),
            Err(_) => response,
        };
    }
    if path.starts_with("/api/") {
        return crate::api::error_response(response.status(), &error);
    }
    let language = state.language_of_path(&path);
    let (mut parts, _) = response.into_parts();
    let body = match state.renderer.error(language, kind) {
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

/// The redirect table's answer for a path nothing else answered; a
/// failing lookup is logged and leaves the 404 as it is.
async fn find_redirect(state: &AppState, path: &str) -> Option<folio_db::Redirect> {
    let path = path.to_owned();
    match state.read(move |c| folio_db::redirect_for(c, &path)).await {
        Ok(found) => found,
        Err(error) => {
            tracing::warn!(?error, "cannot read the redirect table");
            None
        }
    }
}
