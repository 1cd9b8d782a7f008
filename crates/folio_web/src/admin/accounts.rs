//! Logging in and out, one's own account, and (for admins) everyone's
//! accounts and the audit log.

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use folio_core::{PageRequest, Role, Timestamp, UserId};
use folio_db::{Actor, NewSession, StoreError};
use minijinja::context;
use serde::Deserialize;

use super::forms::{FieldErrors, FormData};
use super::pages::{bare_page, local_time, page, page_with_status};
use super::security::{
    self, DECOY_HASH, clear_cookie, constant_time_eq, cookie, hash_password, password_problem,
    random_token, set_cookie, token_hash, verify_password,
};
use super::session::{self, ClientIp, CurrentUser, SESSION_COOKIE};
use super::{AdminError, AdminResult, blocking, try_write};
use crate::AppState;

/// The cookie that carries the login form's CSRF token before there is a
/// session (double submit: the form field must match it).
const LOGIN_COOKIE: &str = "folio_login";

/// Said for every failed login, whatever the reason, so the form tells an
/// attacker nothing about which addresses have accounts.
const LOGIN_FAILED: &str = "The email address or password is wrong, or the account is locked. \
     After repeated wrong passwords an account is locked until an administrator unlocks it.";

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Where to go after logging in: only somewhere in the admin.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/admin") && !n.starts_with("//") && !n.contains('\\') => {
            n.to_owned()
        }
        _ => "/admin".to_owned(),
    }
}

pub async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Query(query): Query<NextQuery>,
) -> AdminResult<Response> {
    let next = safe_next(query.next.as_deref());
    if session::resolve(&state, &headers, ip).await?.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    login_page(&state, &headers, StatusCode::OK, &next, "", None)
}

fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    email: &str,
    error: Option<&str>,
) -> AdminResult<Response> {
    let token = cookie(headers, LOGIN_COOKIE)
        .filter(|t| t.len() == 64)
        .map_or_else(random_token, str::to_owned);
    let mut response = bare_page(
        status,
        "login.html",
        context! {
            site_name => state.config.site.name.clone(),
            csrf => token.clone(),
            next => next,
            email => email,
            error => error,
        },
    )?;
    let value = set_cookie(LOGIN_COOKIE, &token, state.serves_https(), None);
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&value).map_err(|e| AdminError::Internal(e.to_string()))?,
    );
    Ok(response)
}

/// What a login attempt came to.
enum LoginOutcome {
    LoggedIn { session_token: String },
    Failed,
    Limited,
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let next = safe_next(Some(form.get("next")));
    let email = form.trimmed("email").to_owned();
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !constant_time_eq(form.get("_csrf"), expected) {
        return login_page(
            &state,
            &headers,
            StatusCode::FORBIDDEN,
            &next,
            &email,
            Some("The login form expired. Please try again."),
        );
    }
    let password = form.get("password").to_owned();
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect::<String>();
    let settings = state.admin.clone();
    let store = state.store.clone();
    let attempt_email = email.clone();
    let outcome = blocking(move || -> folio_db::StoreResult<LoginOutcome> {
        let email = attempt_email;
        let now = Timestamp::now();
        let since = now - settings.login_window;
        let (by_email, by_ip) = store.read(|c| folio_db::recent_failures(c, &email, &ip, since))?;
        if by_email >= settings.max_failures_per_account || by_ip >= settings.max_failures_per_ip {
            return Ok(LoginOutcome::Limited);
        }
        let credentials = store.read(|c| folio_db::user_credentials(c, &email))?;
        // Always run argon2 once, so timing does not reveal accounts.
        let (user, hash) = match &credentials {
            Some((user, hash)) => (Some(user), hash.as_str()),
            None => (None, DECOY_HASH.as_str()),
        };
        let password_ok = verify_password(&password, hash);
        store.write(|c| {
            let Some(user) = user else {
                folio_db::record_login_attempt(c, &email, &ip, false, now)?;
                return Ok(LoginOutcome::Failed);
            };
            if !password_ok || user.is_locked() {
                folio_db::record_login_attempt(c, &email, &ip, false, now)?;
                if !user.is_locked() {
                    let locked =
                        folio_db::record_failed_login(c, user.id, settings.lock_after, now)?;
                    if locked {
                        let actor = Actor {
                            user: None,
                            label: "Folio".into(),
                            ip: ip.clone(),
                        };
                        folio_db::audit(
                            c,
                            &actor,
                            "account.locked",
                            &user.email,
                            &format!("{} wrong passwords in a row", settings.lock_after),
                            now,
                        )?;
                    }
                }
                return Ok(LoginOutcome::Failed);
            }
            folio_db::record_login_attempt(c, &email, &ip, true, now)?;
            folio_db::reset_failed_logins(c, user.id)?;
            let session_token = random_token();
            folio_db::create_session(
                c,
                &NewSession {
                    id_hash: &token_hash(&session_token),
                    user: user.id,
                    csrf_token: &random_token(),
                    ip: &ip,
                    user_agent: &user_agent,
                },
                now,
            )?;
            let actor = Actor {
                user: Some(user.id),
                label: user.label(),
                ip: ip.clone(),
            };
            folio_db::audit(c, &actor, "session.login", &user.email, "", now)?;
            Ok(LoginOutcome::LoggedIn { session_token })
        })
    })
    .await??;
    match outcome {
        LoginOutcome::Limited => login_page(
            &state,
            &headers,
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            &email,
            Some(
                "Too many failed attempts. Wait a quarter of an hour before trying again, or ask an administrator.",
            ),
        ),
        LoginOutcome::Failed => login_page(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            &next,
            &email,
            Some(LOGIN_FAILED),
        ),
        LoginOutcome::LoggedIn { session_token } => {
            let secure = state.serves_https();
            let mut response = Redirect::to(&next).into_response();
            let headers = response.headers_mut();
            for value in [
                set_cookie(SESSION_COOKIE, &session_token, secure, None),
                clear_cookie(LOGIN_COOKIE, secure),
            ] {
                headers.append(
                    header::SET_COOKIE,
                    HeaderValue::from_str(&value)
                        .map_err(|e| AdminError::Internal(e.to_string()))?,
                );
            }
            Ok(response)
        }
    }
}

fn logged_out(state: &AppState) -> AdminResult<Response> {
    let mut response = Redirect::to("/admin/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&clear_cookie(SESSION_COOKIE, state.serves_https()))
            .map_err(|e| AdminError::Internal(e.to_string()))?,
    );
    Ok(response)
}

pub async fn logout(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    let actor = current.actor();
    let (hash, email) = (current.session_hash.clone(), current.user.email.clone());
    try_write(&state, move |c| {
        folio_db::delete_session(c, &hash)?;
        folio_db::audit(c, &actor, "session.logout", &email, "", Timestamp::now())
    })
    .await??;
    logged_out(&state)
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    let actor = current.actor();
    let (id, email) = (current.user.id, current.user.email.clone());
    try_write(&state, move |c| {
        let ended = folio_db::delete_user_sessions(c, id, None)?;
        folio_db::audit(
            c,
            &actor,
            "session.logout_everywhere",
            &email,
            &format!("{ended} sessions ended"),
            Timestamp::now(),
        )
    })
    .await??;
    logged_out(&state)
}

pub async fn account(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    account_page(
        &state,
        &current,
        StatusCode::OK,
        FieldErrors::default(),
        None,
    )
}

fn account_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    errors: FieldErrors,
    notice: Option<&str>,
) -> AdminResult<Response> {
    page_with_status(
        state,
        current,
        status,
        "account.html",
        context! { errors => minijinja::value::Serde(&errors), notice => notice, min_chars => security::MIN_PASSWORD_CHARS },
    )
}

pub async fn change_password(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let mut errors = FieldErrors::default();
    let new_password = form.get("new_password").to_owned();
    if let Some(problem) = password_problem(&new_password) {
        errors.add("new_password", problem);
    }
    if form.get("confirm_password") != new_password {
        errors.add("confirm_password", "The two new passwords differ.");
    }
    let id = current.user.id;
    let stored = state
        .read(move |c| folio_db::password_hash_of(c, id))
        .await?
        .unwrap_or_default();
    let current_password = form.get("current_password").to_owned();
    if !blocking(move || verify_password(&current_password, &stored)).await? {
        errors.add("current_password", "This is not your current password.");
    }
    if !errors.is_empty() {
        return account_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        );
    }
    let hash = blocking(move || hash_password(&new_password))
        .await?
        .map_err(AdminError::Internal)?;
    let actor = current.actor();
    let (keep, email) = (current.session_hash.clone(), current.user.email.clone());
    try_write(&state, move |c| {
        let now = Timestamp::now();
        folio_db::set_password_hash(c, id, &hash, now)?;
        // Anyone else holding a session with the old password is let go.
        let ended = folio_db::delete_user_sessions(c, id, Some(&keep))?;
        folio_db::audit(
            c,
            &actor,
            "account.password_changed",
            &email,
            &format!("{ended} other sessions ended"),
            now,
        )
    })
    .await??;
    account_page(
        &state,
        &current,
        StatusCode::OK,
        FieldErrors::default(),
        Some("Your password is changed; your other sessions have ended."),
    )
}

#[derive(serde::Serialize)]
struct UserView {
    id: i64,
    email: String,
    name: String,
    role: &'static str,
    locked: bool,
    failed_logins: i64,
    created: String,
    is_self: bool,
}

pub async fn users(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    users_page(
        &state,
        &current,
        StatusCode::OK,
        FormData::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

async fn users_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    form: FormData,
    errors: FieldErrors,
    notice: Option<String>,
) -> AdminResult<Response> {
    let users = state.read(folio_db::list_users).await?;
    let views: Vec<UserView> = users
        .iter()
        .map(|u| UserView {
            id: u.id.0,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role.as_str(),
            locked: u.is_locked(),
            failed_logins: u.failed_logins,
            created: local_time(state, u.created_at),
            is_self: u.id == current.user.id,
        })
        .collect();
    page_with_status(
        state,
        current,
        status,
        "users.html",
        context! {
            users => minijinja::value::Serde(&views),
            roles => Role::ALL.iter().rev().map(|r| r.as_str()).collect::<Vec<_>>(),
            form => context! {
                email => form.get("email"),
                name => form.get("name"),
                role => form.get("role"),
            },
            errors => minijinja::value::Serde(&errors),
            notice => notice,
            min_chars => security::MIN_PASSWORD_CHARS,
        },
    )
}

pub async fn create_user(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let mut errors = FieldErrors::default();
    let email = form.trimmed("email").to_owned();
    if !email.contains('@') || email.len() > 254 || email.contains(char::is_whitespace) {
        errors.add("email", "Enter an email address such as name@example.org.");
    }
    let role = Role::parse(form.get("role"));
    if role.is_none() {
        errors.add("role", "Choose a role.");
    }
    let password = form.get("password").to_owned();
    if let Some(problem) = password_problem(&password) {
        errors.add("password", problem);
    }
    if !errors.is_empty() {
        return users_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            form,
            errors,
            None,
        )
        .await;
    }
    let hash = blocking(move || hash_password(&password))
        .await?
        .map_err(AdminError::Internal)?;
    let actor = current.actor();
    let name = form.trimmed("name").to_owned();
    let role = role.unwrap_or(Role::Author);
    let new_email = email.clone();
    let created = try_write(&state, move |c| {
        let now = Timestamp::now();
        let user = folio_db::create_user(c, &new_email, &name, role, &hash, now)?;
        folio_db::audit(c, &actor, "user.created", &user.email, role.as_str(), now)?;
        Ok(user)
    })
    .await?;
    match created {
        Ok(user) => {
            users_page(
                &state,
                &current,
                StatusCode::OK,
                FormData::default(),
                FieldErrors::default(),
                Some(format!(
                    "{} can now log in as {}.",
                    user.email,
                    role.as_str()
                )),
            )
            .await
        }
        Err(StoreError::Conflict(message)) => {
            let mut errors = FieldErrors::default();
            errors.add("email", message);
            users_page(
                &state,
                &current,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                errors,
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

fn user_id(id: &str) -> AdminResult<UserId> {
    id.parse().map(UserId).map_err(|_| AdminError::NotFound)
}

/// Applies a change to another account, refusing what would leave the
/// site without an admin.
async fn change_user(
    state: &AppState,
    current: &CurrentUser,
    id: UserId,
    action: &'static str,
    change: impl FnOnce(
        &mut folio_db::Conn<'_>,
        &folio_db::User,
        Timestamp,
    ) -> folio_db::StoreResult<String>
    + Send
    + 'static,
) -> AdminResult<Response> {
    let actor = current.actor();
    let result = try_write(state, move |c| {
        let now = Timestamp::now();
        let Some(user) = folio_db::user_by_id(c, id)? else {
            return Ok(None);
        };
        let detail = change(c, &user, now)?;
        if folio_db::count_admins(c)? == 0 {
            return Err(StoreError::Conflict(
                "Folio needs at least one admin; make someone else an admin first.".into(),
            ));
        }
        folio_db::audit(c, &actor, action, &user.email, &detail, now)?;
        Ok(Some(user.email))
    })
    .await?;
    match result {
        Ok(Some(email)) => {
            users_page(
                state,
                current,
                StatusCode::OK,
                FormData::default(),
                FieldErrors::default(),
                Some(format!("{email}: saved.")),
            )
            .await
        }
        Ok(None) => Err(AdminError::NotFound),
        Err(StoreError::Conflict(message)) => {
            users_page(
                state,
                current,
                StatusCode::CONFLICT,
                FormData::default(),
                FieldErrors::default(),
                Some(message),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn update_user(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let id = user_id(&id)?;
    let role = Role::parse(form.get("role"))
        .ok_or_else(|| AdminError::BadRequest("Choose a role.".into()))?;
    let name = form.trimmed("name").to_owned();
    change_user(&state, &current, id, "user.updated", move |c, user, now| {
        folio_db::update_user(c, user.id, &name, role, now)?;
        if role != user.role {
            // A new role takes effect at the next login.
            folio_db::delete_user_sessions(c, user.id, None)?;
        }
        Ok(format!("{} → {}", user.role.as_str(), role.as_str()))
    })
    .await
}

pub async fn unlock_user(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = user_id(&id)?;
    change_user(&state, &current, id, "user.unlocked", |c, user, now| {
        folio_db::unlock_user(c, user.id, now)?;
        Ok(String::new())
    })
    .await
}

pub async fn delete_user(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = user_id(&id)?;
    if id == current.user.id {
        return Err(AdminError::Forbidden(
            "You cannot delete your own account.".into(),
        ));
    }
    change_user(&state, &current, id, "user.deleted", |c, user, _| {
        folio_db::delete_user(c, user.id)?;
        Ok(String::new())
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    page: Option<u32>,
    action: Option<String>,
}

pub async fn audit(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Query(query): Query<AuditQuery>,
) -> AdminResult<Response> {
    let request = PageRequest::new(query.page.unwrap_or(1), 50);
    let action = query.action.filter(|a| !a.is_empty());
    let filter = action.clone();
    let entries = state
        .read(move |c| folio_db::list_audit(c, filter.as_deref(), request))
        .await?;
    let rows: Vec<_> = entries
        .items
        .iter()
        .map(|e| {
            context! {
                at => local_time(&state, e.at),
                actor => e.actor.clone(),
                action => e.action.clone(),
                subject => e.subject.clone(),
                detail => e.detail.clone(),
                ip => e.ip.clone(),
            }
        })
        .collect();
    page(
        &state,
        &current,
        "audit.html",
        context! {
            entries => rows,
            page => entries.page,
            pages => entries.page_count(),
            total => entries.total,
            filter_query => format!("&action={}", super::forms::encode(action.as_deref().unwrap_or(""))),
            action => action,
        },
    )
}
