//! `/admin/redirects`: old addresses and where they lead. Admins add and
//! remove them; the importer and renames add their own.

use axum::Form;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use folio_core::{PageRequest, Timestamp};
use folio_db::{RedirectSource, StoreError};
use minijinja::context;
use serde::Deserialize;

use super::forms::{FieldErrors, FormData};
use super::pages::{local_time, page_with_status};
use super::session::CurrentUser;
use super::{AdminResult, try_write};
use crate::AppState;

const PER_PAGE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct RedirectsQuery {
    page: Option<u32>,
    q: Option<String>,
}

pub async fn index(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Query(query): Query<RedirectsQuery>,
) -> AdminResult<Response> {
    redirects_page(&state, &current, &query, Shown::List).await
}

/// What the page shows besides the list; the status follows from it.
enum Shown {
    List,
    Notice(String),
    /// The add form comes back with the admin's text and what was wrong.
    Refused(FormData, FieldErrors),
}

async fn redirects_page(
    state: &AppState,
    current: &CurrentUser,
    query: &RedirectsQuery,
    shown: Shown,
) -> AdminResult<Response> {
    let (status, form, errors, notice) = match shown {
        Shown::List => (
            StatusCode::OK,
            FormData::default(),
            FieldErrors::default(),
            None,
        ),
        Shown::Notice(notice) => (
            StatusCode::OK,
            FormData::default(),
            FieldErrors::default(),
            Some(notice),
        ),
        Shown::Refused(form, errors) => (StatusCode::UNPROCESSABLE_ENTITY, form, errors, None),
    };
    let request = PageRequest::new(query.page.unwrap_or(1), PER_PAGE);
    let filter = query.q.clone().filter(|q| !q.trim().is_empty());
    let wanted = filter.clone();
    let listed = state
        .read(move |c| folio_db::list_redirects(c, wanted.as_deref(), request))
        .await?;
    let rows: Vec<_> = listed
        .items
        .iter()
        .map(|r| {
            context! {
                from => r.from_path.clone(),
                to => r.to_path.clone(),
                status => r.status,
                source => r.source.as_str(),
                created => local_time(state, r.created_at),
            }
        })
        .collect();
    page_with_status(
        state,
        current,
        status,
        "redirects.html",
        context! {
            redirects => rows,
            total => listed.total,
            page => listed.page,
            pages => listed.page_count(),
            q => filter.clone().unwrap_or_default(),
            filter_query => format!("&q={}", super::forms::encode(filter.as_deref().unwrap_or(""))),
            form => context! {
                from => form.get("from"),
                to => form.get("to"),
                status => form.get("status"),
            },
            errors => minijinja::value::Serde(&errors),
            notice => notice,
        },
    )
}

/// `POST /admin/redirects`: add or replace one.
pub async fn create(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let from = form.trimmed("from").to_owned();
    let to = form.trimmed("to").to_owned();
    let status: u16 = match form.get("status") {
        "302" => 302,
        _ => 301,
    };
    let mut errors = FieldErrors::default();
    if folio_db::normalize_path(&from).is_none() {
        errors.add(
            "from",
            "Enter a path on this site, starting with /, such as /policy-analysis/view/old-title.",
        );
    }
    if to.is_empty() {
        errors.add(
            "to",
            "Enter where it leads: a path such as /policy-analysis/new-title, or an http(s) address.",
        );
    }
    let query = RedirectsQuery::default();
    if !errors.is_empty() {
        return redirects_page(&state, &current, &query, Shown::Refused(form, errors)).await;
    }
    let actor = current.actor();
    let (saved_from, saved_to) = (from.clone(), to.clone());
    let saved = try_write(&state, move |c| {
        let now = Timestamp::now();
        folio_db::save_redirect(
            c,
            &saved_from,
            &saved_to,
            status,
            RedirectSource::Admin,
            now,
        )?;
        folio_db::audit(
            c,
            &actor,
            "redirect.saved",
            &saved_from,
            &format!("{status} → {saved_to}"),
            now,
        )
    })
    .await?;
    match saved {
        Ok(()) => {
            let notice = Shown::Notice(format!("{from} now leads to {to}."));
            redirects_page(&state, &current, &query, notice).await
        }
        Err(StoreError::Conflict(message)) => {
            let mut errors = FieldErrors::default();
            errors.add("to", message);
            redirects_page(&state, &current, &query, Shown::Refused(form, errors)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/redirects/delete`: the old address becomes a 404 again.
pub async fn delete(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let from = form.trimmed("from").to_owned();
    let actor = current.actor();
    let removed_from = from.clone();
    let removed = try_write(&state, move |c| {
        let removed = folio_db::delete_redirect(c, &removed_from)?;
        if removed {
            folio_db::audit(
                c,
                &actor,
                "redirect.deleted",
                &removed_from,
                "",
                Timestamp::now(),
            )?;
        }
        Ok(removed)
    })
    .await??;
    let notice = if removed {
        format!("{from} no longer redirects.")
    } else {
        format!("{from} had no redirect.")
    };
    redirects_page(
        &state,
        &current,
        &RedirectsQuery::default(),
        Shown::Notice(notice),
    )
    .await
}
