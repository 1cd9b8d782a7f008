//! The dashboard, the article list, the editor, the live preview and the
//! workflow.

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use folio_core::{ArticleId, ArticleStatus, PageRequest, Slug, Timestamp, WorkflowAction};
use folio_db::{AdminArticleQuery, StoreError, StoreResult, Visibility};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::article_form::{ArticleForm, Choices};
use super::forms::{FieldErrors, FormData};
use super::pages::{local_time, page, page_with_status};
use super::session::CurrentUser;
use super::{AdminError, AdminResult, try_write};
use crate::AppState;
use crate::editing::{self, LoadedArticle, StepRefused, load};

/// How many articles an admin list shows at once.
const ADMIN_PAGE_SIZE: u32 = 30;

pub(super) fn article_id(id: &str) -> AdminResult<ArticleId> {
    id.parse().map(ArticleId).map_err(|_| AdminError::NotFound)
}

pub(super) fn status_label(status: ArticleStatus) -> &'static str {
    match status {
        ArticleStatus::Draft => "Draft",
        ArticleStatus::InReview => "In review",
        ArticleStatus::Scheduled => "Scheduled",
        ArticleStatus::Published => "Published",
        ArticleStatus::Archived => "Archived",
    }
}

fn action_label(action: WorkflowAction, status: ArticleStatus) -> &'static str {
    match action {
        WorkflowAction::Submit => "Submit for review",
        WorkflowAction::ReturnToDraft if status == ArticleStatus::Published => {
            "Unpublish (back to draft)"
        }
        WorkflowAction::ReturnToDraft => "Back to draft",
        WorkflowAction::Schedule => "Schedule",
        WorkflowAction::Publish if status == ArticleStatus::Archived => "Publish again",
        WorkflowAction::Publish => "Publish now",
        WorkflowAction::Archive => "Archive",
    }
}

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    language: String,
    status: &'static str,
    status_key: &'static str,
    when: String,
    public_url: Option<String>,
}

fn rows(state: &AppState, items: &[folio_db::AdminArticleRow]) -> Vec<Row> {
    items
        .iter()
        .map(|a| Row {
            id: a.id.0,
            title: a.title.clone(),
            language: a.language.to_string(),
            status: status_label(a.status),
            status_key: a.status.as_str(),
            when: match (a.status, a.publish_at, a.published_on) {
                (ArticleStatus::Scheduled, Some(at), _) => local_time(state, at),
                (ArticleStatus::Published, _, Some(date)) => date.to_string(),
                _ => local_time(state, a.updated_at),
            },
            public_url: (a.status == ArticleStatus::Published).then(|| {
                state
                    .renderer
                    .paths()
                    .in_namespace(a.language.as_str(), &a.slug)
            }),
        })
        .collect()
}

/// Authors see only their own work in lists.
fn own_only(current: &CurrentUser) -> Option<folio_core::UserId> {
    (!current.user.role.edits_all_content()).then_some(current.user.id)
}

pub async fn dashboard(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    let owner = own_only(&current);
    let lists = state
        .read(move |c| {
            let mut out = Vec::new();
            for status in [
                ArticleStatus::Draft,
                ArticleStatus::InReview,
                ArticleStatus::Scheduled,
                ArticleStatus::Published,
            ] {
                let query = AdminArticleQuery {
                    status: Some(status),
                    created_by: owner,
                    title_contains: None,
                    page: PageRequest::new(1, 8),
                };
                out.push((status, folio_db::admin_articles(c, &query)?));
            }
            Ok(out)
        })
        .await?;
    let sections: Vec<_> = lists
        .iter()
        .map(|(status, paged)| {
            context! {
                key => status.as_str(),
                title => match status {
                    ArticleStatus::Draft => "Drafts",
                    ArticleStatus::InReview => "In review",
                    ArticleStatus::Scheduled => "Scheduled",
                    ArticleStatus::Published => "Recently published",
                    ArticleStatus::Archived => "Archived",
                },
                total => paged.total,
                rows => minijinja::value::Serde(rows(&state, &paged.items)),
            }
        })
        .collect();
    // The page cache's counters, for the people who run the site.
    let cache = state.page_cache.as_ref().map(|cache| {
        let stats = cache.stats();
        let served = stats.hits + stats.misses;
        context! {
            entries => stats.entries,
            megabytes => format!("{:.1}", stats.bytes as f64 / 1_048_576.0),
            budget_megabytes => stats.budget / 1_048_576,
            hits => stats.hits,
            misses => stats.misses,
            hit_rate => (stats.hits * 100).checked_div(served).unwrap_or(0),
            invalidated => stats.invalidated,
            evicted => stats.evicted,
        }
    });
    page(
        &state,
        &current,
        "dashboard.html",
        context! { sections => sections, cache => cache },
    )
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    page: Option<u32>,
}

pub async fn index(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Query(query): Query<ListQuery>,
) -> AdminResult<Response> {
    let status = query.status.as_deref().and_then(ArticleStatus::parse);
    let words = query.q.clone().unwrap_or_default();
    let request = AdminArticleQuery {
        status,
        created_by: own_only(&current),
        title_contains: Some(words.clone()),
        page: PageRequest::new(query.page.unwrap_or(1), ADMIN_PAGE_SIZE),
    };
    let paged = state
        .read(move |c| folio_db::admin_articles(c, &request))
        .await?;
    let statuses: Vec<_> = ArticleStatus::ALL
        .iter()
        .map(|s| context! { key => s.as_str(), label => status_label(*s) })
        .collect();
    page(
        &state,
        &current,
        "articles.html",
        context! {
            rows => minijinja::value::Serde(rows(&state, &paged.items)),
            statuses => statuses,
            status => status.map(|s| s.as_str()),
            filter_query => format!(
                "&status={}&q={}",
                status.map_or("", |s| s.as_str()),
                super::forms::encode(&words)
            ),
            q => words,
            page => paged.page,
            pages => paged.page_count(),
            total => paged.total,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    language: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Query(query): Query<NewQuery>,
) -> AdminResult<Response> {
    let language = state.site_language(query.language.as_deref());
    let form = ArticleForm::blank(&state.config, &language);
    editor_page(
        &state,
        &current,
        StatusCode::OK,
        EditorView::new(form, None),
    )
    .await
}

/// Everything the editor page shows besides the form's fields.
struct EditorView {
    form: ArticleForm,
    article: Option<LoadedArticle>,
    errors: FieldErrors,
    notice: Option<String>,
    conflict: Option<String>,
}

impl EditorView {
    fn new(form: ArticleForm, article: Option<LoadedArticle>) -> EditorView {
        EditorView {
            form,
            article,
            errors: FieldErrors::default(),
            notice: None,
            conflict: None,
        }
    }
}

async fn editor_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    view: EditorView,
) -> AdminResult<Response> {
    let language = match &view.article {
        Some(loaded) => loaded.article.language.clone(),
        None => state.site_language(Some(&view.form.language)),
    };
    let choices = state.read(move |c| Choices::load(c, &language)).await?;
    let editor = current.editor();
    let meta = view.article.as_ref().map(|loaded| {
        let s = loaded.state;
        let actions: Vec<_> = editor
            .available_actions(s.status, s.created_by)
            .into_iter()
            .map(|a| context! { key => a.as_str(), label => action_label(a, s.status) })
            .collect();
        context! {
            id => loaded.article.id.0,
            status => status_label(s.status),
            status_key => s.status.as_str(),
            version => s.edit_version,
            publish_at => s.publish_at.map(|at| local_time(state, at)),
            publish_at_input => s.publish_at.map(|at| datetime_local_value(state, at)),
            public_url => (s.status == ArticleStatus::Published).then(|| state
                .renderer
                .paths()
                .in_namespace(loaded.article.language.as_str(), loaded.article.slug.as_str())),
            actions => actions,
            may_edit => editor.may_edit(s.status, s.created_by),
            may_delete => current.user.role.edits_all_content(),
        }
    });
    let languages: Vec<_> = state
        .config
        .languages
        .iter()
        .map(|l| context! { code => l.code.to_string(), name => l.name.clone(), dir => l.direction.as_str() })
        .collect();
    let direction = state
        .config
        .language(&view.form.language)
        .map_or("ltr", |l| l.direction.as_str());
    let version = view.article.as_ref().map_or(0, |loaded| {
        if view.conflict.is_some() {
            loaded.state.edit_version
        } else if view.form.version > 0 {
            view.form.version
        } else {
            loaded.state.edit_version
        }
    });
    page_with_status(
        state,
        current,
        status,
        "editor.html",
        context! {
            form => minijinja::value::Serde(&view.form),
            version => version,
            article => meta,
            errors => minijinja::value::Serde(&view.errors),
            notice => view.notice,
            conflict => view.conflict,
            choices => minijinja::value::Serde(&choices),
            languages => languages,
            direction => direction,
        },
    )
}

/// `2026-11-23T14:30` in the institute's time zone, for a
/// `datetime-local` input.
fn datetime_local_value(state: &AppState, at: Timestamp) -> String {
    at.to_zoned(state.config.site.time_zone.clone())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> AdminResult<Response> {
    let id = article_id(&id)?;
    let loaded = state
        .read(move |c| load(c, id))
        .await?
        .ok_or(AdminError::NotFound)?;
    if !current.editor().may_view(loaded.state.created_by) {
        return Err(AdminError::Forbidden(
            "Authors see only the articles they wrote.".into(),
        ));
    }
    let mut form = ArticleForm::from_article(&state.config, &loaded.article, &loaded.links);
    form.version = loaded.state.edit_version;
    let mut view = EditorView::new(form, Some(loaded));
    view.notice = query
        .notice
        .as_deref()
        .and_then(notice_text)
        .map(str::to_owned);
    editor_page(&state, &current, StatusCode::OK, view).await
}

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

fn notice_text(key: &str) -> Option<&'static str> {
    Some(match key {
        "created" => "Created as a draft.",
        "saved" => "Saved.",
        "submit" => "Submitted for review.",
        "return_to_draft" => "Back to draft; it is not on the site.",
        "schedule" => "Scheduled: it will publish itself at the time shown.",
        "publish" => "Published: it is on the site now.",
        "archive" => "Archived: it is no longer on the site.",
        "restored" => "Restored from the revision; the previous text is kept as a revision too.",
        _ => return None,
    })
}

/// The outcome of saving the editor's form.
enum Saved {
    Done(ArticleId),
    Invalid(FieldErrors),
    Conflict(Box<LoadedArticle>),
    Forbidden,
    Missing,
}

pub async fn create(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(data): Form<FormData>,
) -> AdminResult<Response> {
    let form = ArticleForm::from_submission(&state.config, &data);
    let config = std::sync::Arc::clone(&state.config);
    let actor = current.actor();
    let user = current.user.id;
    let submitted = form.clone();
    let saved = try_write(&state, move |c| {
        let input = match submitted.to_input(c, &config, None, ArticleStatus::Draft)? {
            Ok(input) => input,
            Err(errors) => return Ok(Saved::Invalid(errors)),
        };
        let id = editing::create_article(c, &input, Some(user), &actor, Timestamp::now())?;
        Ok(Saved::Done(id))
    })
    .await?;
    finish_save(&state, &current, form, None, saved, "created").await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(data): Form<FormData>,
) -> AdminResult<Response> {
    let id = article_id(&id)?;
    let form = ArticleForm::from_submission(&state.config, &data);
    let config = std::sync::Arc::clone(&state.config);
    let actor = current.actor();
    let editor = current.editor();
    let submitted = form.clone();
    let paths = state.renderer.paths().clone();
    let saved = try_write(&state, move |c| {
        let Some(loaded) = load(c, id)? else {
            return Ok(Saved::Missing);
        };
        if !editor.may_edit(loaded.state.status, loaded.state.created_by) {
            return Ok(Saved::Forbidden);
        }
        if submitted.version != loaded.state.edit_version {
            return Ok(Saved::Conflict(Box::new(loaded)));
        }
        let input =
            match submitted.to_input(c, &config, Some(&loaded.article), loaded.state.status)? {
                Ok(input) => input,
                Err(errors) => return Ok(Saved::Invalid(errors)),
            };
        editing::update_article(c, &loaded, &input, &actor, &paths, Timestamp::now())?;
        Ok(Saved::Done(id))
    })
    .await?;
    let loaded = match &saved {
        Ok(Saved::Invalid(_)) | Err(_) => state.read(move |c| load(c, id)).await?,
        _ => None,
    };
    finish_save(&state, &current, form, loaded, saved, "saved").await
}

async fn finish_save(
    state: &AppState,
    current: &CurrentUser,
    form: ArticleForm,
    loaded: Option<LoadedArticle>,
    saved: StoreResult<Saved>,
    notice: &str,
) -> AdminResult<Response> {
    let mut view = EditorView::new(form, loaded);
    match saved {
        Ok(Saved::Done(id)) => {
            return Ok(
                Redirect::to(&format!("/admin/articles/{}?notice={notice}", id.0)).into_response(),
            );
        }
        Ok(Saved::Missing) => return Err(AdminError::NotFound),
        Ok(Saved::Forbidden) => {
            return Err(AdminError::Forbidden(
                "Authors edit only their own drafts; this one is with the editors now.".into(),
            ));
        }
        Ok(Saved::Invalid(errors)) => view.errors = errors,
        Ok(Saved::Conflict(loaded)) => {
            view.conflict = Some(
                "Someone else saved this article after you opened it. Nothing of yours was saved; \
                 your text is below as you left it. Compare it with their version under Revisions, \
                 then save again to replace it."
                    .to_owned(),
            );
            view.article = Some(*loaded);
        }
        Err(StoreError::Conflict(message) | StoreError::MissingReference(message)) => {
            view.errors.add("form", message);
        }
        Err(other) => return Err(other.into()),
    }
    let status = if view.conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    editor_page(state, current, status, view).await
}

pub async fn workflow(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(data): Form<FormData>,
) -> AdminResult<Response> {
    let id = article_id(&id)?;
    let action = WorkflowAction::parse(data.get("action"))
        .ok_or_else(|| AdminError::BadRequest("Unknown workflow action.".into()))?;
    let now = Timestamp::now();
    let publish_at = if action == WorkflowAction::Schedule {
        match parse_local_datetime(&state, data.trimmed("publish_at")) {
            Some(at) if at > now => Some(at),
            Some(_) => {
                return workflow_error(&state, &current, id, "Choose a time in the future.").await;
            }
            None => {
                return workflow_error(
                    &state,
                    &current,
                    id,
                    "Give the date and time to publish at.",
                )
                .await;
            }
        }
    } else {
        None
    };
    let editor = current.editor();
    let actor = current.actor();
    let today = now.to_zoned(state.config.site.time_zone.clone()).date();
    let publication_date = match publish_at {
        Some(at) => at.to_zoned(state.config.site.time_zone.clone()).date(),
        None => today,
    };
    let when = publish_at.map(|at| local_time(&state, at));
    let note = match &when {
        Some(when) => format!("{} for {when}", status_label(action.target())),
        None => status_label(action.target()).to_owned(),
    };
    let outcome = try_write(&state, move |c| {
        editing::take_workflow_step(
            c,
            editor,
            &actor,
            id,
            action,
            publish_at,
            publication_date,
            &note,
            now,
        )
    })
    .await??;
    match outcome {
        Ok(_) => {}
        Err(StepRefused::Missing) => return Err(AdminError::NotFound),
        Err(StepRefused::NotAllowed(status)) => {
            return Err(AdminError::Forbidden(format!(
                "You cannot {} an article that is {}.",
                action_label(action, status).to_lowercase(),
                status_label(status).to_lowercase()
            )));
        }
    }
    Ok(Redirect::to(&format!(
        "/admin/articles/{}?notice={}",
        id.0,
        action.as_str()
    ))
    .into_response())
}

async fn workflow_error(
    state: &AppState,
    current: &CurrentUser,
    id: ArticleId,
    message: &str,
) -> AdminResult<Response> {
    let loaded = state
        .read(move |c| load(c, id))
        .await?
        .ok_or(AdminError::NotFound)?;
    let mut form = ArticleForm::from_article(&state.config, &loaded.article, &loaded.links);
    form.version = loaded.state.edit_version;
    let mut view = EditorView::new(form, Some(loaded));
    view.errors.add("publish_at", message);
    editor_page(state, current, StatusCode::UNPROCESSABLE_ENTITY, view).await
}

/// A `datetime-local` value read in the institute's time zone.
fn parse_local_datetime(state: &AppState, text: &str) -> Option<Timestamp> {
    let civil: jiff::civil::DateTime = text.parse().ok()?;
    civil
        .to_zoned(state.config.site.time_zone.clone())
        .ok()
        .map(|z| z.timestamp())
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = article_id(&id)?;
    let actor = current.actor();
    let deleted = try_write(&state, move |c| {
        editing::delete_article(c, id, &actor, Timestamp::now())
    })
    .await??;
    if !deleted {
        return Err(AdminError::NotFound);
    }
    Ok(Redirect::to("/admin/articles").into_response())
}

/// The live preview: the editor's unsaved form rendered exactly as the
/// public page, by saving it in a transaction that is rolled back.
pub async fn preview(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(data): Form<FormData>,
) -> AdminResult<Response> {
    let form = ArticleForm::from_submission(&state.config, &data);
    let id = data.trimmed("id").parse().ok().map(ArticleId);
    let config = std::sync::Arc::clone(&state.config);
    let editor = current.editor();
    let store = state.store.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        store.rehearse(|c| {
            let existing = match id {
                Some(id) => {
                    let loaded = load(c, id)?;
                    match loaded {
                        Some(l) if editor.may_view(l.state.created_by) => Some(l),
                        _ => return Ok(Err(FieldErrors::default())),
                    }
                }
                None => None,
            };
            let status = existing
                .as_ref()
                .map_or(ArticleStatus::Draft, |l| l.state.status);
            let input =
                match form.to_input(c, &config, existing.as_ref().map(|l| &l.article), status)? {
                    Ok(input) => input,
                    Err(errors) => return Ok(Err(errors)),
                };
            let now = Timestamp::now();
            if let Some(loaded) = &existing
                && loaded.article.slug != input.slug
            {
                folio_db::rename_article(c, loaded.article.id, &input.slug, now)?;
            }
            let saved = folio_db::save_article(c, &input, now)?;
            Ok(Ok(folio_db::article_by_id(c, saved.id, Visibility::All)?))
        })
    })
    .await
    .map_err(|e| AdminError::Internal(format!("a preview task failed: {e}")))?;
    let mut article = match rendered {
        Ok(Ok(Some(article))) => article,
        Ok(Ok(None)) => return Err(AdminError::NotFound),
        Ok(Err(errors)) => return preview_problems(errors.0.into_values().collect()),
        Err(StoreError::Conflict(m) | StoreError::MissingReference(m)) => {
            return preview_problems(vec![m]);
        }
        Err(other) => return Err(other.into()),
    };
    let language = state
        .config
        .language(article.language.as_str())
        .unwrap_or_else(|| state.config.default_language())
        .clone();
    crate::site::related::fill_recommended(&state, &mut article).await?;
    let more = crate::site::related::more_lists(&state, &language, &article).await?;
    let html = state
        .renderer
        .article_with_more(&language, &article, &more)?;
    Ok(super::pages::no_store(StatusCode::OK, html))
}

fn preview_problems(problems: Vec<String>) -> AdminResult<Response> {
    let body = super::pages::render(
        "preview_problems.html",
        context! { problems => if problems.is_empty() { vec!["This article cannot be previewed.".to_owned()] } else { problems } },
    )
    .map_err(|e| AdminError::Internal(e.to_string()))?;
    Ok(super::pages::no_store(
        StatusCode::UNPROCESSABLE_ENTITY,
        body,
    ))
}

#[derive(Debug, Deserialize)]
pub struct SlugQuery {
    language: Option<String>,
    slug: Option<String>,
    title: Option<String>,
    id: Option<i64>,
}

/// Whether a slug is free in a language's namespace (the editor checks as
/// one types).
pub async fn slug_check(
    State(state): State<AppState>,
    Query(query): Query<SlugQuery>,
) -> AdminResult<Response> {
    let language = state.site_language(query.language.as_deref());
    let text = match query
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(slug) => slug.to_owned(),
        None => folio_core::slugify(query.title.as_deref().unwrap_or("")),
    };
    let slug = match Slug::parse(&text) {
        Ok(slug) => slug,
        Err(e) => {
            return Ok(axum::Json(serde_json::json!({
                "slug": text, "available": false, "message": format!("This slug cannot be used: {e}.")
            }))
            .into_response());
        }
    };
    let own = query.id.map(ArticleId);
    let lookup = slug.clone();
    let taken = state
        .read(move |c| {
            let kind = folio_db::path_kind(c, &language, &lookup)?;
            let holder = folio_db::article_id_at(c, &language, &lookup)?;
            Ok(kind.is_some() && (holder.is_none() || holder != own))
        })
        .await?;
    Ok(axum::Json(serde_json::json!({
        "slug": slug.as_str(),
        "available": !taken,
        "message": if taken { "Already in use in this language." } else { "Available." },
    }))
    .into_response())
}
