//! Old links often name the site with or without `www.`, or over plain
//! `http://`. When the site file sets `base_url`, a GET for the other
//! spelling of the host, or over http behind a proxy that says so
//! (`X-Forwarded-Proto: http`) while the site is https, is sent to the
//! configured address with the same path and query. Any other host (an IP
//! address, a health check) is served as it is.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

pub async fn canonical_host(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(location) = canonical_location(&state, &request)
        && let Ok(value) = HeaderValue::from_str(&location)
    {
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, value)]).into_response();
    }
    next.run(request).await
}

/// Where a request for the other spelling of the site's address goes.
pub(crate) fn canonical_location(state: &AppState, request: &Request) -> Option<String> {
    let site = &state.config.site;
    if !site.base_url_configured || !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let base_host = site.base_url.host_str()?;
    let asked = request.headers().get(header::HOST)?.to_str().ok()?;
    let asked_host = asked.rsplit_once(':').map_or(asked, |(host, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            host
        } else {
            asked
        }
    });
    let twin = asked_host.strip_prefix("www.") == Some(base_host)
        || base_host.strip_prefix("www.") == Some(asked_host);
    let plain_http = asked_host == base_host
        && site.base_url.scheme() == "https"
        && request
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("http");
    if !twin && !plain_http {
        return None;
    }
    let origin = site.base_url.origin().ascii_serialization();
    let path_and_query = request.uri().path_and_query().map_or("/", |p| p.as_str());
    Some(format!("{origin}{path_and_query}"))
}
