//! The JSON API: `/api/search` (the search page as JSON) and the versioned
//! API under `/api/v1/`, described by the OpenAPI 3.1 document at
//! `/api/v1/openapi.json`.
//!
//! - Every `/api/v1` route is registered through utoipa's router from the
//!   handler's own `#[utoipa::path]`, so the description is generated from
//!   the code and cannot drift from it.
//! - Every route is declared in [`ROUTES`] with the access it needs; a
//!   guard resolves the caller (a token or nobody), checks that access and
//!   refuses a route missing from the table. Rules about one article
//!   (authors touch only their own drafts) are checked in the handlers,
//!   with [`folio_core::Editor`], as in the admin.
//! - Errors take one shape everywhere:
//!   `{"error": {"code": "...", "message": "...", "field": "..."}}`.
//! - Reads carry a strong `ETag` (a hash of the body) and answer
//!   `If-None-Match` with 304; writes to an existing resource need
//!   `If-Match` (428 without, 412 when stale).

mod articles;
pub(crate) mod auth;
mod catalog;
mod error;
mod input;
mod resources;
mod search;

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use folio_core::Role;
use folio_db::Conn;
use folio_render::ErrorKind;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{AppState, ErrorPage};
pub use auth::{Caller, RateLimiter, new_token_secret};
use error::{ApiError, ApiResult, ErrorBody};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiAccess {
    /// Anyone; without a token, published content only.
    Public,
    /// Any token; the handler checks what the role allows on the object
    /// (authors: their own drafts).
    Token,
    /// Editors' and admins' tokens.
    Editor,
}

impl ApiAccess {
    pub fn allows(self, role: Option<Role>) -> bool {
        match self {
            ApiAccess::Public => true,
            ApiAccess::Token => role.is_some(),
            ApiAccess::Editor => role.is_some_and(Role::edits_all_content),
        }
    }
}

/// One API route, as the authorization test walks them.
#[derive(Debug, Clone, Copy)]
pub struct ApiRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub access: ApiAccess,
}

macro_rules! api_routes {
    ($( $method:ident $path:literal $access:ident; )*) => {
        /// Every `/api/v1` route with the access it needs.
        pub const ROUTES: &[ApiRoute] = &[
            $( ApiRoute { method: stringify!($method), path: $path, access: ApiAccess::$access }, )*
        ];
    };
}

api_routes! {
    GET    "/api/v1/articles" Public;
    POST   "/api/v1/articles" Token;
    GET    "/api/v1/articles/{slug}" Public;
    PUT    "/api/v1/articles/{slug}" Token;
    DELETE "/api/v1/articles/{slug}" Editor;
    GET    "/api/v1/articles/{slug}/translations" Public;
    POST   "/api/v1/articles/{slug}/submit" Token;
    POST   "/api/v1/articles/{slug}/publish" Editor;
    POST   "/api/v1/articles/{slug}/schedule" Editor;
    POST   "/api/v1/articles/{slug}/unpublish" Editor;
    POST   "/api/v1/articles/{slug}/archive" Editor;
    GET    "/api/v1/experts" Public;
    GET    "/api/v1/experts/{slug}" Public;
    PUT    "/api/v1/experts/{slug}" Editor;
    DELETE "/api/v1/experts/{slug}" Editor;
    GET    "/api/v1/topics" Public;
    GET    "/api/v1/topics/{slug}" Public;
    PUT    "/api/v1/topics/{slug}" Editor;
    DELETE "/api/v1/topics/{slug}" Editor;
    GET    "/api/v1/regions" Public;
    GET    "/api/v1/regions/{slug}" Public;
    PUT    "/api/v1/regions/{slug}" Editor;
    DELETE "/api/v1/regions/{slug}" Editor;
    GET    "/api/v1/content-types" Public;
    GET    "/api/v1/programs" Public;
    GET    "/api/v1/search" Public;
    GET    "/api/v1/openapi.json" Public;
}

/// What the API keeps beside the rest of the state.
#[derive(Debug)]
pub struct ApiRuntime {
    pub limiter: RateLimiter,
    pub(crate) builder: resources::Builder,
    /// The OpenAPI document, serialised once.
    openapi: String,
}

impl ApiRuntime {
    pub fn new(config: &folio_config::Config, paths: folio_render::SitePaths) -> ApiRuntime {
        ApiRuntime {
            limiter: RateLimiter::new(config.api.token_requests_per_minute),
            builder: resources::Builder {
                paths,
                default_language: config.site.default_language.to_string(),
            },
            openapi: with_languages(&openapi_json(), config),
        }
    }
}

/// The document with every `language` parameter limited to the site's
/// languages, which only the configuration knows.
fn with_languages(document: &str, config: &folio_config::Config) -> String {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(document) else {
        return document.to_owned();
    };
    let codes: Vec<serde_json::Value> = config
        .languages
        .iter()
        .map(|l| l.code.to_string().into())
        .collect();
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut() {
            for operation in item
                .as_object_mut()
                .into_iter()
                .flat_map(|o| o.values_mut())
            {
                let parameters = operation
                    .get_mut("parameters")
                    .and_then(|p| p.as_array_mut());
                for parameter in parameters.into_iter().flatten() {
                    if parameter["name"] == "language" && parameter["in"] == "query" {
                        parameter["schema"] = serde_json::json!({"type": "string", "enum": codes});
                    }
                }
            }
        }
    }
    doc.to_string()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Folio API",
        version = "1",
        description = "The content of a Folio site: articles with every field of the content model, experts, topics, regions, content types, programs and search. Reading published content needs no token; writing needs an API token (`Authorization: Bearer folio_…`) made by an admin. Errors are `{\"error\": {\"code\", \"message\", \"field\"?}}`. Reads carry an `ETag`; writes to an existing resource need it back as `If-Match`."
    ),
    modifiers(&TokenScheme),
    components(schemas(ErrorBody, articles::SortParam, resources::StatusJson)),
    tags(
        (name = "articles", description = "Articles: lists, one article, writes"),
        (name = "workflow", description = "Moving an article through draft, review, schedule, publication and archive"),
        (name = "experts", description = "The institute's experts"),
        (name = "taxonomy", description = "Topics, regions, content types and programs"),
        (name = "search", description = "Full-text search with facets"),
    )
)]
struct ApiDoc;

struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("folio_…")
                    .description(Some(
                        "An API token made by an admin (`folio token create` or Admin → API tokens).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The `/api/v1` routes and their OpenAPI description, from one list.
fn v1_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(articles::list, articles::create))
        .routes(routes!(articles::get, articles::put, articles::delete))
        .routes(routes!(articles::translations))
        .routes(routes!(articles::submit))
        .routes(routes!(articles::publish))
        .routes(routes!(articles::schedule))
        .routes(routes!(articles::unpublish))
        .routes(routes!(articles::archive))
        .routes(routes!(catalog::experts))
        .routes(routes!(
            catalog::expert,
            catalog::put_expert,
            catalog::delete_expert
        ))
        .routes(routes!(catalog::topics))
        .routes(routes!(
            catalog::topic,
            catalog::put_topic,
            catalog::delete_topic
        ))
        .routes(routes!(catalog::regions))
        .routes(routes!(
            catalog::region,
            catalog::put_region,
            catalog::delete_region
        ))
        .routes(routes!(catalog::content_types))
        .routes(routes!(catalog::programs))
        .routes(routes!(search::search_v1))
}

fn openapi_json() -> String {
    let (_, mut openapi) = v1_router().split_for_parts();
    openapi.paths.paths.insert(
        "/api/v1/openapi.json".to_owned(),
        utoipa::openapi::PathItem::new(
            utoipa::openapi::HttpMethod::Get,
            utoipa::openapi::path::OperationBuilder::new()
                .summary(Some("This description"))
                .operation_id(Some("openapi"))
                .tag("meta")
                .response(
                    "200",
                    ResponseBuilder::new()
                        .description("The OpenAPI 3.1 description of this API")
                        .content(
                            "application/json",
                            utoipa::openapi::ContentBuilder::new()
                                .schema(Some(utoipa::openapi::ObjectBuilder::new()))
                                .build(),
                        ),
                ),
        ),
    );
    openapi.to_json().expect("the OpenAPI document serialises")
}

/// The OpenAPI document of `/api/v1`, as served.
pub fn openapi_document() -> String {
    openapi_json()
}

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    let (v1, _) = v1_router().split_for_parts();
    let v1 = v1
        .route("/api/v1/openapi.json", get(openapi))
        .route_layer(from_fn_with_state(state.clone(), guard))
        .layer(axum::extract::DefaultBodyLimit::max(input::MAX_BODY_BYTES));
    Router::new()
        .route("/api/search", get(search::search))
        .merge(v1)
}

async fn openapi(State(state): State<AppState>) -> Response {
    crate::cache::deps::depends_on_configuration_only();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        state.api.openapi.clone(),
    )
        .into_response()
}

/// Stands in front of every `/api/v1` route: resolves the caller, checks
/// the route's access, and puts the caller in the request.
async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let method = request.method().clone();
    let method = if method == Method::HEAD {
        Method::GET
    } else {
        method
    };
    let Some(route) = ROUTES
        .iter()
        .find(|r| r.path == path && r.method == method.as_str())
    else {
        // A route without an entry in ROUTES is refused: access is never
        // granted by omission.
        return ApiError::forbidden("this route has no access rule").into_response();
    };
    let ip = crate::admin::client_ip(
        request.extensions(),
        request.headers(),
        &state.config.proxies,
    );
    let caller = match auth::resolve(&state, request.headers(), ip).await {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    if !route.access.allows(caller.role()) {
        return match caller {
            Caller::Anonymous => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this needs an API token: `Authorization: Bearer folio_…`",
            ),
            Caller::Token(_) => ApiError::forbidden("this token's role does not allow this"),
        }
        .into_response();
    }
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// Answers CORS for the read API: `[api] cors_origins` may read
/// (`GET`/`HEAD`) from a browser; writes are for servers, which need no
/// CORS, so no preflight for them is ever approved.
pub(crate) async fn cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let origins = &state.config.api.cors_origins;
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned);
    let allowed = origin.as_deref().and_then(|origin| {
        if origins.iter().any(|o| o == "*") {
            Some("*".to_owned())
        } else {
            origins
                .iter()
                .any(|o| o == origin)
                .then(|| origin.to_owned())
        }
    });
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let wants_read = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|m| m == "GET" || m == "HEAD");
        let mut response = StatusCode::NO_CONTENT.into_response();
        if let (Some(allowed), true) = (allowed, wants_read) {
            let headers = response.headers_mut();
            set_cors_headers(headers, &allowed);
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, HEAD"),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("If-None-Match"),
            );
            headers.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
        }
        return response;
    }
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.run(request).await;
    if let (Some(allowed), true) = (allowed, reads) {
        set_cors_headers(response.headers_mut(), &allowed);
    }
    response
}

fn set_cors_headers(headers: &mut HeaderMap, allowed: &str) {
    if let Ok(value) = HeaderValue::from_str(allowed) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Retry-After"),
    );
}

/// The JSON body for an error response of the API outside `/api/v1`'s own
/// handlers (an unknown path, `/api/search`).
pub(crate) fn error_response(status: StatusCode, error: &ErrorPage) -> Response {
    let (code, default_message) = match error.kind {
        ErrorKind::BadRequest => ("bad_request", "the request is not valid"),
        ErrorKind::NotFound => ("not_found", "there is nothing at this address"),
        ErrorKind::Unavailable => ("unavailable", "the service is busy; try again shortly"),
        ErrorKind::Internal => ("internal", "something went wrong on the server"),
    };
    let body = ErrorBody {
        error: error::ErrorDetail {
            code: code.to_owned(),
            message: error
                .message
                .clone()
                .unwrap_or_else(|| default_message.to_owned()),
            field: error.field.clone(),
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

/// The strong tag of a value's JSON representation.
pub(crate) fn etag_for<T: Serialize>(body: &T) -> String {
    input::etag_of(&serde_json::to_vec(body).unwrap_or_default())
}

/// A 200 with the body and its `ETag`, or a 304 when the client's
/// `If-None-Match` already has it.
pub(crate) fn respond<T: Serialize>(headers: &HeaderMap, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let etag = input::etag_of(&bytes);
    if input::none_match(headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return response;
    }
    with_etag(StatusCode::OK, bytes, &etag)
}

/// A response with the body and its `ETag`.
pub(crate) fn respond_with_status<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let etag = input::etag_of(&bytes);
    with_etag(status, bytes, &etag)
}

fn with_etag(status: StatusCode, bytes: Vec<u8>, etag: &str) -> Response {
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// Runs a write transaction whose closure answers with an API error or a
/// value; on an error everything it wrote is rolled back.
pub(crate) async fn write_tx<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Conn<'_>) -> Result<T, ApiError> + Send + 'static,
) -> ApiResult<T> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || {
        let mut refusal = None;
        let result = store.write(|c| match f(c) {
            Ok(value) => Ok(Some(value)),
            Err(error) => {
                refusal = Some(error);
                // Any error rolls the transaction back.
                Err(folio_db::StoreError::Conflict(String::new()))
            }
        });
        match (result, refusal) {
            (_, Some(error)) => Err(error),
            (Ok(Some(value)), None) => Ok(value),
            (Ok(None), None) => Err(ApiError::internal("a write produced nothing")),
            (Err(error), None) => Err(ApiError::from(error)),
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("a write task failed: {e}")))?
}

fn error_response_doc(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .into()
}

/// The failures every read can answer with.
pub(crate) struct ReadFailures;

impl utoipa::IntoResponses for ReadFailures {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        [
            (
                "400",
                "A parameter is unknown, repeated or not valid (`invalid_parameter`, `bad_cursor`)",
            ),
            (
                "401",
                "The token is not valid, or the request needs one (`unauthorized`)",
            ),
            ("403", "The token's role does not allow this (`forbidden`)"),
            (
                "429",
                "This token made too many requests; see `Retry-After` (`rate_limited`)",
            ),
            ("503", "The database is busy; try again (`unavailable`)"),
        ]
        .into_iter()
        .map(|(status, description)| (status.to_owned(), error_response_doc(description)))
        .collect()
    }
}

/// The failures every write can answer with.
pub(crate) struct WriteFailures;

impl utoipa::IntoResponses for WriteFailures {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        [
            ("400", "The body is not JSON (`malformed_json`), a parameter is not valid (`invalid_parameter`), or If-Match holds no entity tag (`invalid_header`)"),
            ("401", "No token, or not a valid one (`unauthorized`)"),
            ("403", "The token's role does not allow this here (`forbidden`)"),
            ("404", "Nothing the caller may see is here (`not_found`)"),
            ("409", "A conflict with what is stored: a slug taken, a step the status does not allow, a resource still in use (`conflict`)"),
            ("412", "If-Match does not match the current ETag: someone changed it since (`precondition_failed`)"),
            ("413", "The body is larger than 2 MiB (`payload_too_large`)"),
            ("415", "The body is not `application/json` (`unsupported_media_type`)"),
            ("422", "A field is unknown, of the wrong type or not valid (`unknown_field`, `invalid_field`)"),
            ("428", "The resource exists and the request has no If-Match (`precondition_required`)"),
            ("429", "This token made too many requests; see `Retry-After` (`rate_limited`)"),
            ("503", "The database is busy; try again (`unavailable`)"),
        ]
        .into_iter()
        .map(|(status, description)| (status.to_owned(), error_response_doc(description)))
        .collect()
    }
}
