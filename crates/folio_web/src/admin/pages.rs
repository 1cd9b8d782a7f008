//! The admin's templates and static files, embedded in the binary. The
//! admin is Folio's own interface, not the institute's theme, so it is not
//! overridable.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use include_dir::{Dir, include_dir};
use minijinja::{Environment, Value, context};

use super::session::CurrentUser;
use super::{AdminError, AdminResult};
use crate::AppState;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/admin/templates");
static STATIC_FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/admin/static");

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("valid syntax"),
    );
    for file in TEMPLATES.files() {
        let name = file.path().to_string_lossy().into_owned();
        let source = file.contents_utf8().expect("admin templates are UTF-8");
        env.add_template(Box::leak(name.into_boxed_str()), source)
            .expect("admin templates compile");
    }
    env.add_filter("markdown", |text: &str| {
        Value::from_safe_string(folio_markdown::to_html(text))
    });
    env
});

/// Renders an admin template with a context.
pub fn render(template: &str, ctx: Value) -> Result<String, minijinja::Error> {
    ENVIRONMENT.get_template(template)?.render(ctx)
}

/// An admin page for a logged-in editor: the frame (navigation, the
/// CSRF token every form carries) around the template's context.
pub fn page(
    state: &AppState,
    current: &CurrentUser,
    template: &str,
    ctx: Value,
) -> AdminResult<Response> {
    page_with_status(state, current, StatusCode::OK, template, ctx)
}

pub fn page_with_status(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    template: &str,
    ctx: Value,
) -> AdminResult<Response> {
    let frame = context! {
        site_name => state.config.site.name.clone(),
        user => minijinja::value::Serde(&current.user),
        role => current.user.role.as_str(),
        edits_all_content => current.user.role.edits_all_content(),
        manages_accounts => current.user.role.manages_accounts(),
        csrf => current.csrf_token.clone(),
        css => asset_url("admin.css"),
        js => asset_url("admin.js"),
        time_zone => state.config.site.time_zone_name.clone(),
    };
    let html = render(template, context! { ..ctx, ..frame })
        .map_err(|e| AdminError::Internal(format!("admin template {template}: {e:#}")))?;
    Ok(no_store(status, html))
}

/// A page before login (the login form).
pub fn bare_page(status: StatusCode, template: &str, ctx: Value) -> AdminResult<Response> {
    let frame = context! { css => asset_url("admin.css"), js => asset_url("admin.js") };
    let html = render(template, context! { ..ctx, ..frame })
        .map_err(|e| AdminError::Internal(format!("admin template {template}: {e:#}")))?;
    Ok(no_store(status, html))
}

/// Admin pages hold drafts and tokens: never cached anywhere.
pub fn no_store(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Html(html),
    )
        .into_response()
}

/// The URL of an admin static file, with its content's hash so it can be
/// cached for a year.
fn asset_url(name: &str) -> String {
    static VERSIONS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
        STATIC_FILES
            .files()
            .map(|f| {
                let hash = super::security::token_hash(&String::from_utf8_lossy(f.contents()));
                (
                    f.path().to_string_lossy().into_owned(),
                    hash[..10].to_owned(),
                )
            })
            .collect()
    });
    let version = VERSIONS
        .iter()
        .find(|(n, _)| n == name)
        .map_or("0", |(_, v)| v.as_str());
    format!("/admin/assets/{name}?v={version}")
}

pub async fn asset(Path(name): Path<String>) -> Response {
    let Some(file) = STATIC_FILES.get_file(&name) else {
        return AdminError::NotFound.into_response();
    };
    let content_type = if name.ends_with(".css") {
        "text/css; charset=utf-8"
    } else if name.ends_with(".js") {
        "text/javascript; charset=utf-8"
    } else {
        "application/octet-stream"
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        file.contents(),
    )
        .into_response()
}

/// An instant as editors read it: in the institute's time zone.
pub fn local_time(state: &AppState, at: folio_core::Timestamp) -> String {
    at.to_zoned(state.config.site.time_zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}
