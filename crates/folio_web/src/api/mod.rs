//! The JSON API. Errors take one shape everywhere:
//! `{"error": {"code": "...", "message": "...", "field": "..."}}`.

mod search;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use folio_render::ErrorKind;
use serde::Serialize;

use crate::{AppState, ErrorPage};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/search", get(search::search))
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

/// The JSON body for an error response of the API.
pub(crate) fn error_response(status: StatusCode, error: &ErrorPage) -> Response {
    let (code, default_message) = match error.kind {
        ErrorKind::BadRequest => ("bad_request", "the request is not valid"),
        ErrorKind::NotFound => ("not_found", "there is nothing at this address"),
        ErrorKind::Unavailable => ("unavailable", "the service is busy; try again shortly"),
        ErrorKind::Internal => ("internal", "something went wrong on the server"),
    };
    let body = ErrorBody {
        error: ErrorDetail {
            code,
            message: error.message.as_deref().unwrap_or(default_message),
            field: error.field.as_deref(),
        },
    };
    json(status, &body)
}

pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a JSON response could not be written");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
