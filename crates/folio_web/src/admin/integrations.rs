//! `/admin/tokens` and `/admin/webhooks`: what other systems use. Admins
//! make and revoke API tokens (the secret is shown once), register
//! webhooks, and see how each delivery went.

use axum::Form;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use folio_core::{Role, Timestamp, UserId};
use folio_db::{NewApiToken, StoreError, WebhookEvent};
use minijinja::context;

use super::forms::{FieldErrors, FormData};
use super::pages::{local_time, page_with_status};
use super::session::CurrentUser;
use super::{AdminError, AdminResult, try_write};
use crate::AppState;
use crate::api::new_token_secret;

fn when(state: &AppState, at: Option<Timestamp>) -> String {
    at.map_or_else(|| "never".to_owned(), |at| local_time(state, at))
}

pub async fn tokens(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    tokens_page(
        &state,
        &current,
        StatusCode::OK,
        FormData::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

async fn tokens_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    form: FormData,
    errors: FieldErrors,
    created: Option<(String, String)>,
) -> AdminResult<Response> {
    let (tokens, users) = state
        .read(|c| Ok((folio_db::list_api_tokens(c)?, folio_db::list_users(c)?)))
        .await?;
    let rows: Vec<_> = tokens
        .iter()
        .map(|t| {
            context! {
                id => t.id,
                name => t.name.clone(),
                role => t.role.as_str(),
                prefix => t.secret_prefix.clone(),
                account => t.user_email.clone(),
                created => local_time(state, t.created_at),
                created_by => t.created_by.clone(),
                last_used => when(state, t.last_used_at),
                revoked => t.revoked_at.map(|at| local_time(state, at)),
            }
        })
        .collect();
    let accounts: Vec<_> = users
        .iter()
        .map(|u| context! { id => u.id.0, email => u.email.clone(), role => u.role.as_str() })
        .collect();
    page_with_status(
        state,
        current,
        status,
        "tokens.html",
        context! {
            tokens => rows,
            accounts => accounts,
            form => context! { name => form.get("name"), role => form.get("role"), user => form.get("user") },
            errors => minijinja::value::Serde(&errors),
            created => created.map(|(name, secret)| context! { name => name, secret => secret }),
        },
    )
}

pub async fn create_token(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let mut errors = FieldErrors::default();
    let name = form.trimmed("name").to_owned();
    if name.is_empty() {
        errors.add("name", "Say what the token is for (“Newsletter sync”).");
    }
    let role = Role::parse(form.trimmed("role"));
    if role.is_none() {
        errors.add("role", "Choose a role.");
    }
    let user = match form.trimmed("user") {
        "" => None,
        id => match id.parse() {
            Ok(id) => Some(UserId(id)),
            Err(_) => {
                errors.add("user", "Choose an account from the list.");
                None
            }
        },
    };
    let (Some(role), true) = (role, errors.is_empty()) else {
        return tokens_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            form,
            errors,
            None,
        )
        .await;
    };
    let secret = new_token_secret();
    let actor = current.actor();
    let (hash, prefix) = (secret.hash.clone(), secret.prefix.clone());
    let token_name = name.clone();
    let made = try_write(&state, move |c| {
        let now = Timestamp::now();
        let token = folio_db::create_api_token(
            c,
            &NewApiToken {
                name: &token_name,
                role,
                user,
                secret_hash: &hash,
                secret_prefix: &prefix,
                created_by: &actor.label,
            },
            now,
        )?;
        folio_db::audit(c, &actor, "token.created", &token.name, role.as_str(), now)
    })
    .await?;
    match made {
        Ok(()) => {
            tokens_page(
                &state,
                &current,
                StatusCode::OK,
                FormData::default(),
                FieldErrors::default(),
                Some((name, secret.secret)),
            )
            .await
        }
        Err(StoreError::Conflict(message) | StoreError::MissingReference(message)) => {
            let mut errors = FieldErrors::default();
            errors.add("user", message);
            tokens_page(
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

pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id: i64 = id.parse().map_err(|_| AdminError::NotFound)?;
    let actor = current.actor();
    let revoked = try_write(&state, move |c| {
        let Some(token) = folio_db::api_token_by_id(c, id)? else {
            return Ok(false);
        };
        let now = Timestamp::now();
        let revoked = folio_db::revoke_api_token(c, id, now)?;
        if revoked {
            folio_db::audit(c, &actor, "token.revoked", &token.name, "", now)?;
        }
        Ok(revoked)
    })
    .await??;
    if !revoked {
        return Err(AdminError::NotFound);
    }
    Ok(Redirect::to("/admin/tokens").into_response())
}

/// The webhook form's fields, checked.
fn webhook_fields(
    form: &FormData,
    errors: &mut FieldErrors,
) -> (String, String, Vec<WebhookEvent>) {
    let url = form.trimmed("url").to_owned();
    if !url::Url::parse(&url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
    {
        errors.add("url", "Give the receiver's address, https://…");
    }
    let events: Vec<WebhookEvent> = form
        .all("event")
        .into_iter()
        .filter_map(WebhookEvent::parse)
        .collect();
    if events.is_empty() {
        errors.add("events", "Choose at least one event.");
    }
    (url, form.trimmed("description").to_owned(), events)
}

fn event_choices(chosen: &[WebhookEvent]) -> Vec<minijinja::Value> {
    WebhookEvent::ALL
        .iter()
        .map(|e| context! { key => e.as_str(), chosen => chosen.contains(e) })
        .collect()
}

pub async fn webhooks(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    webhooks_page(
        &state,
        &current,
        StatusCode::OK,
        FormData::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

async fn webhooks_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    form: FormData,
    errors: FieldErrors,
    created: Option<(String, String)>,
) -> AdminResult<Response> {
    let listings = state.read(folio_db::list_webhooks).await?;
    let rows: Vec<_> = listings
        .iter()
        .map(|l| {
            context! {
                id => l.webhook.id,
                url => l.webhook.url.clone(),
                description => l.webhook.description.clone(),
                events => l.webhook.events.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
                active => l.webhook.active,
                pending => l.pending,
                failed => l.failed,
                last => l.last_delivery.as_ref().map(|d| context! {
                    state => d.state.as_str(),
                    status => d.last_status,
                    at => when(state, d.last_attempt_at),
                    attempts => d.attempts,
                }),
            }
        })
        .collect();
    let chosen: Vec<WebhookEvent> = form
        .all("event")
        .into_iter()
        .filter_map(WebhookEvent::parse)
        .collect();
    page_with_status(
        state,
        current,
        status,
        "webhooks.html",
        context! {
            webhooks => rows,
            events => event_choices(if form.0.is_empty() { &WebhookEvent::ALL } else { &chosen }),
            form => context! { url => form.get("url"), description => form.get("description") },
            errors => minijinja::value::Serde(&errors),
            created => created.map(|(url, secret)| context! { url => url, secret => secret }),
        },
    )
}

pub async fn create_webhook(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let mut errors = FieldErrors::default();
    let (url, description, events) = webhook_fields(&form, &mut errors);
    if !errors.is_empty() {
        return webhooks_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            form,
            errors,
            None,
        )
        .await;
    }
    let secret = crate::admin::security::random_token();
    let actor = current.actor();
    let (hook_url, hook_secret) = (url.clone(), secret.clone());
    try_write(&state, move |c| {
        let now = Timestamp::now();
        let webhook =
            folio_db::create_webhook(c, &hook_url, &description, &events, &hook_secret, now)?;
        folio_db::audit(
            c,
            &actor,
            "webhook.created",
            &webhook.url,
            &events_text(&events),
            now,
        )
    })
    .await??;
    webhooks_page(
        &state,
        &current,
        StatusCode::OK,
        FormData::default(),
        FieldErrors::default(),
        Some((url, secret)),
    )
    .await
}

fn events_text(events: &[WebhookEvent]) -> String {
    events
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn webhook_id(id: &str) -> AdminResult<i64> {
    id.parse().map_err(|_| AdminError::NotFound)
}

pub async fn webhook(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = webhook_id(&id)?;
    webhook_page(
        &state,
        &current,
        id,
        StatusCode::OK,
        None,
        FieldErrors::default(),
        None,
    )
    .await
}

async fn webhook_page(
    state: &AppState,
    current: &CurrentUser,
    id: i64,
    status: StatusCode,
    form: Option<FormData>,
    errors: FieldErrors,
    secret: Option<String>,
) -> AdminResult<Response> {
    let (webhook, deliveries) = state
        .read(move |c| {
            Ok((
                folio_db::webhook_by_id(c, id)?,
                folio_db::list_deliveries(c, id, 100)?,
            ))
        })
        .await?;
    let webhook = webhook.ok_or(AdminError::NotFound)?;
    let rows: Vec<_> = deliveries
        .iter()
        .map(|d| {
            context! {
                id => d.id,
                event => d.event.clone(),
                state => d.state.as_str(),
                attempts => d.attempts,
                status => d.last_status,
                error => d.last_error.clone(),
                created => local_time(state, d.created_at),
                last_attempt => when(state, d.last_attempt_at),
                next_attempt => (d.state == folio_db::DeliveryState::Pending).then(|| local_time(state, d.next_attempt_at)),
            }
        })
        .collect();
    let (url, description, events, active) = match &form {
        Some(form) => (
            form.get("url").to_owned(),
            form.get("description").to_owned(),
            form.all("event")
                .into_iter()
                .filter_map(WebhookEvent::parse)
                .collect(),
            form.has("active"),
        ),
        None => (
            webhook.url.clone(),
            webhook.description.clone(),
            webhook.events.clone(),
            webhook.active,
        ),
    };
    page_with_status(
        state,
        current,
        status,
        "webhook.html",
        context! {
            id => webhook.id,
            form => context! { url => url, description => description, active => active },
            events => event_choices(&events),
            errors => minijinja::value::Serde(&errors),
            deliveries => rows,
            secret => secret,
        },
    )
}

pub async fn update_webhook(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let id = webhook_id(&id)?;
    let mut errors = FieldErrors::default();
    let (url, description, events) = webhook_fields(&form, &mut errors);
    if !errors.is_empty() {
        return webhook_page(
            &state,
            &current,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(form),
            errors,
            None,
        )
        .await;
    }
    let active = form.has("active");
    let actor = current.actor();
    let updated = try_write(&state, move |c| {
        let now = Timestamp::now();
        let updated = folio_db::update_webhook(c, id, &url, &description, &events, active, now)?;
        if updated {
            folio_db::audit(
                c,
                &actor,
                "webhook.updated",
                &url,
                &events_text(&events),
                now,
            )?;
        }
        Ok(updated)
    })
    .await??;
    if !updated {
        return Err(AdminError::NotFound);
    }
    Ok(Redirect::to(&format!("/admin/webhooks/{id}")).into_response())
}

pub async fn rotate_secret(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = webhook_id(&id)?;
    let secret = crate::admin::security::random_token();
    let actor = current.actor();
    let new_secret = secret.clone();
    let rotated = try_write(&state, move |c| {
        let now = Timestamp::now();
        let rotated = folio_db::set_webhook_secret(c, id, &new_secret, now)?;
        if rotated {
            folio_db::audit(
                c,
                &actor,
                "webhook.secret_rotated",
                &id.to_string(),
                "",
                now,
            )?;
        }
        Ok(rotated)
    })
    .await??;
    if !rotated {
        return Err(AdminError::NotFound);
    }
    webhook_page(
        &state,
        &current,
        id,
        StatusCode::OK,
        None,
        FieldErrors::default(),
        Some(secret),
    )
    .await
}

pub async fn delete_webhook(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = webhook_id(&id)?;
    let actor = current.actor();
    let deleted = try_write(&state, move |c| {
        let Some(webhook) = folio_db::webhook_by_id(c, id)? else {
            return Ok(false);
        };
        folio_db::delete_webhook(c, id)?;
        folio_db::audit(
            c,
            &actor,
            "webhook.deleted",
            &webhook.url,
            "",
            Timestamp::now(),
        )?;
        Ok(true)
    })
    .await??;
    if !deleted {
        return Err(AdminError::NotFound);
    }
    Ok(Redirect::to("/admin/webhooks").into_response())
}

pub async fn retry_delivery(
    State(state): State<AppState>,
    Path((id, delivery)): Path<(String, String)>,
) -> AdminResult<Response> {
    let id = webhook_id(&id)?;
    let delivery: i64 = delivery.parse().map_err(|_| AdminError::NotFound)?;
    try_write(&state, move |c| {
        folio_db::retry_delivery(c, delivery, Timestamp::now())
    })
    .await??;
    Ok(Redirect::to(&format!("/admin/webhooks/{id}")).into_response())
}
