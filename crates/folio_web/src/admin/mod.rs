//! The editors' admin under `/admin`: server-rendered forms, a little
//! progressive enhancement (live preview), no JavaScript framework.
//!
//! Every route is declared once in [`admin_routes!`] with the access it
//! needs; the macro builds both the router and [`ROUTES`], the table the
//! authorization test walks. A guard in front of each route resolves the
//! session, checks the role and, for anything but GET, the CSRF token and
//! the request's origin. Checks on one article (authors edit only their own
//! drafts) are made in the handlers, with the rules of
//! [`folio_core::Editor`].

mod accounts;
pub(crate) mod article_form;
mod articles;
mod catalog;
pub(crate) mod forms;
mod integrations;
mod media;
mod pages;
mod redirects;
mod revisions;
pub(crate) mod security;
mod session;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use folio_core::Role;

use crate::AppState;

pub use media::serve_media;
pub use security::{hash_password, password_problem};
pub use session::{AdminSettings, CurrentUser, client_ip};

/// Who may reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the login page, the admin's stylesheet).
    Public,
    /// Any logged-in account; the handler checks the object.
    Signed,
    /// Editors and admins.
    Editor,
    /// Admins only.
    Admin,
}

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Public | Access::Signed => true,
            Access::Editor => role.edits_all_content(),
            Access::Admin => role.manages_accounts(),
        }
    }
}

/// One admin route, as the authorization test walks them.
#[derive(Debug, Clone, Copy)]
pub struct AdminRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

macro_rules! admin_routes {
    ($( $method:ident $path:literal $access:ident => $handler:path; )*) => {
        /// Every admin route with the access it needs.
        pub const ROUTES: &[AdminRoute] = &[
            $( AdminRoute { method: stringify!($method), path: $path, access: Access::$access }, )*
        ];

        fn build(state: &AppState) -> Router<AppState> {
            let mut router = Router::new();
            $(
                router = router.route(
                    $path,
                    admin_routes!(@method $method, $handler).route_layer(from_fn_with_state(
                        (state.clone(), Access::$access),
                        guard,
                    )),
                );
            )*
            router
        }
    };
    (@method GET, $handler:path) => { get($handler) };
    (@method POST, $handler:path) => { post($handler) };
}

admin_routes! {
    GET  "/admin/login" Public => accounts::login_form;
    POST "/admin/login" Public => accounts::login;
    GET  "/admin/assets/{name}" Public => pages::asset;
    POST "/admin/logout" Signed => accounts::logout;
    POST "/admin/logout-everywhere" Signed => accounts::logout_everywhere;
    GET  "/admin" Signed => articles::dashboard;
    GET  "/admin/account" Signed => accounts::account;
    POST "/admin/account/password" Signed => accounts::change_password;
    GET  "/admin/articles" Signed => articles::index;
    GET  "/admin/articles/new" Signed => articles::new_form;
    POST "/admin/articles/new" Signed => articles::create;
    GET  "/admin/articles/{id}" Signed => articles::edit_form;
    POST "/admin/articles/{id}" Signed => articles::update;
    POST "/admin/articles/{id}/workflow" Signed => articles::workflow;
    POST "/admin/articles/{id}/delete" Editor => articles::delete;
    GET  "/admin/articles/{id}/revisions" Signed => revisions::index;
    GET  "/admin/articles/{id}/diff" Signed => revisions::diff;
    POST "/admin/articles/{id}/revisions/{revision}/restore" Signed => revisions::restore;
    POST "/admin/preview" Signed => articles::preview;
    GET  "/admin/slug-check" Signed => articles::slug_check;
    GET  "/admin/media" Signed => media::index;
    POST "/admin/media" Signed => media::upload;
    POST "/admin/media/{id}" Editor => media::update;
    GET  "/admin/experts" Editor => catalog::experts;
    GET  "/admin/experts/new" Editor => catalog::new_expert;
    POST "/admin/experts/new" Editor => catalog::create_expert;
    GET  "/admin/experts/{id}" Editor => catalog::edit_expert;
    POST "/admin/experts/{id}" Editor => catalog::update_expert;
    GET  "/admin/taxonomy/{kind}" Editor => catalog::taxonomy;
    POST "/admin/taxonomy/{kind}" Editor => catalog::save_taxonomy;
    GET  "/admin/users" Admin => accounts::users;
    POST "/admin/users" Admin => accounts::create_user;
    POST "/admin/users/{id}" Admin => accounts::update_user;
    POST "/admin/users/{id}/unlock" Admin => accounts::unlock_user;
    POST "/admin/users/{id}/delete" Admin => accounts::delete_user;
    GET  "/admin/audit" Admin => accounts::audit;
    GET  "/admin/redirects" Admin => redirects::index;
    POST "/admin/redirects" Admin => redirects::create;
    POST "/admin/redirects/delete" Admin => redirects::delete;
    GET  "/admin/tokens" Admin => integrations::tokens;
    POST "/admin/tokens" Admin => integrations::create_token;
    POST "/admin/tokens/{id}/revoke" Admin => integrations::revoke_token;
    GET  "/admin/webhooks" Admin => integrations::webhooks;
    POST "/admin/webhooks" Admin => integrations::create_webhook;
    GET  "/admin/webhooks/{id}" Admin => integrations::webhook;
    POST "/admin/webhooks/{id}" Admin => integrations::update_webhook;
    POST "/admin/webhooks/{id}/secret" Admin => integrations::rotate_secret;
    POST "/admin/webhooks/{id}/delete" Admin => integrations::delete_webhook;
    POST "/admin/webhooks/{id}/deliveries/{delivery}/retry" Admin => integrations::retry_delivery;
}

/// Largest request body the admin accepts: a long article, or an image
/// upload with room for the multipart framing.
const MAX_ADMIN_BODY: usize = 16 * 1024 * 1024;

pub(crate) fn routes(state: &AppState) -> Router<AppState> {
    build(state).layer(axum::extract::DefaultBodyLimit::max(
        MAX_ADMIN_BODY.max(state.admin.max_upload_bytes + 64 * 1024),
    ))
}

/// Stands in front of every admin route: resolves the session, checks the
/// role, and for state-changing requests the origin and the CSRF token.
async fn guard(
    State((state, access)): State<(AppState, Access)>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes_state && !security::same_origin(request.headers(), &state.site_origin()) {
        return AdminError::Forbidden("This form was sent from another site.".into())
            .into_response();
    }
    if access == Access::Public {
        return next.run(request).await;
    }
    let ip = session::client_ip(
        request.extensions(),
        request.headers(),
        &state.config.proxies,
    );
    let current = match session::resolve(&state, request.headers(), ip).await {
        Ok(current) => current,
        Err(error) => return error.into_response(),
    };
    let Some(current) = current else {
        if changes_state {
            return AdminError::Forbidden(
                "Your session has ended. Log in again in a new tab, then send this form again."
                    .into(),
            )
            .into_response();
        }
        let target = request
            .uri()
            .path_and_query()
            .map_or("/admin", |p| p.as_str());
        return Redirect::to(&format!("/admin/login?next={}", forms::encode(target)))
            .into_response();
    };
    if !access.allows(current.user.role) {
        return AdminError::Forbidden("Your role does not allow this.".into()).into_response();
    }
    let request = if changes_state {
        match session::check_csrf(request, &current.csrf_token).await {
            Ok(request) => request,
            Err(error) => return error.into_response(),
        }
    } else {
        request
    };
    let mut request = request;
    request.extensions_mut().insert(current);
    next.run(request).await
}

impl AppState {
    /// `scheme://host[:port]` of the configured public URL.
    pub(crate) fn site_origin(&self) -> String {
        self.config.site.base_url.origin().ascii_serialization()
    }

    /// The site's language with this code, or its default language.
    pub(crate) fn site_language(&self, code: Option<&str>) -> folio_core::LanguageCode {
        code.and_then(|c| self.config.language(c)).map_or_else(
            || self.config.site.default_language.clone(),
            |l| l.code.clone(),
        )
    }

    /// Whether cookies must be `Secure`.
    pub(crate) fn serves_https(&self) -> bool {
        self.config.site.base_url.scheme() == "https"
    }
}

/// What can go wrong in the admin, as the editor is told.
#[derive(Debug)]
pub enum AdminError {
    Forbidden(String),
    NotFound,
    /// A request the admin's own pages never send (a bad id, a missing
    /// field).
    BadRequest(String),
    TooManyRequests(String),
    Unavailable(String),
    Internal(String),
}

impl From<folio_db::StoreError> for AdminError {
    fn from(error: folio_db::StoreError) -> AdminError {
        match error {
            folio_db::StoreError::Busy => AdminError::Unavailable(error.to_string()),
            other => AdminError::Internal(other.to_string()),
        }
    }
}

impl From<crate::AppError> for AdminError {
    fn from(error: crate::AppError) -> AdminError {
        match error {
            crate::AppError::NotFound => AdminError::NotFound,
            crate::AppError::BadRequest { message, .. } => AdminError::BadRequest(message),
            crate::AppError::Unavailable(m) => AdminError::Unavailable(m),
            crate::AppError::Internal(m) => AdminError::Internal(m),
        }
    }
}

impl From<folio_render::RenderError> for AdminError {
    fn from(error: folio_render::RenderError) -> AdminError {
        AdminError::Internal(format!("rendering failed: {error}"))
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            AdminError::Forbidden(m) => (StatusCode::FORBIDDEN, "Not allowed", m),
            AdminError::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "There is nothing here; it may have been deleted.".to_owned(),
            ),
            AdminError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Bad request", m),
            AdminError::TooManyRequests(m) => (StatusCode::TOO_MANY_REQUESTS, "Slow down", m),
            AdminError::Unavailable(reason) => {
                tracing::warn!(%reason, "admin unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Busy",
                    "The database is busy; try again in a moment.".to_owned(),
                )
            }
            AdminError::Internal(reason) => {
                tracing::error!(%reason, "admin error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Something went wrong on our side; nothing was changed.".to_owned(),
                )
            }
        };
        let body = pages::render(
            "error.html",
            minijinja::context! { title => title, message => message.clone(), status => status.as_u16() },
        )
        .unwrap_or(message);
        (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response()
    }
}

pub type AdminResult<T = Response> = Result<T, AdminError>;

/// Runs a write transaction on the blocking pool and hands back the
/// store's own result, so a handler can show a conflict to the editor.
pub(crate) async fn try_write<T, F>(state: &AppState, f: F) -> AdminResult<folio_db::StoreResult<T>>
where
    T: Send + 'static,
    F: FnOnce(&mut folio_db::Conn<'_>) -> folio_db::StoreResult<T> + Send + 'static,
{
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || store.write(f))
        .await
        .map_err(|e| AdminError::Internal(format!("a store task failed: {e}")))
}

/// Runs CPU-heavy work (password hashing) on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> AdminResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AdminError::Internal(format!("a task failed: {e}")))
}
