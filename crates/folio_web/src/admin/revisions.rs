//! Revisions: the list, a readable diff between any two, and restoring one.

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use folio_core::{ArticleInput, RevisionId, Timestamp};
use folio_db::{Revision, StoreError, Visibility};
use minijinja::context;
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use super::articles::article_id;
use super::forms::FormData;
use super::pages::{local_time, page};
use super::session::CurrentUser;
use super::{AdminError, AdminResult, try_write};
use crate::AppState;

async fn load_revisions(
    state: &AppState,
    current: &CurrentUser,
    id: folio_core::ArticleId,
) -> AdminResult<(folio_core::Article, Vec<Revision>, bool)> {
    let (article, editorial, revisions) = state
        .read(move |c| {
            let article = folio_db::article_by_id(c, id, Visibility::All)?;
            let editorial = folio_db::editorial_state(c, id)?;
            Ok((article, editorial, folio_db::list_revisions(c, id)?))
        })
        .await?;
    let (Some(article), Some(editorial)) = (article, editorial) else {
        return Err(AdminError::NotFound);
    };
    let editor = current.editor();
    if !editor.may_view(editorial.created_by) {
        return Err(AdminError::Forbidden(
            "Authors see only the articles they wrote.".into(),
        ));
    }
    let may_restore = editor.may_edit(editorial.status, editorial.created_by);
    Ok((article, revisions, may_restore))
}

pub async fn index(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = article_id(&id)?;
    let (article, revisions, may_restore) = load_revisions(&state, &current, id).await?;
    let rows: Vec<_> = revisions
        .iter()
        .map(|r| {
            context! {
                id => r.id.0,
                number => r.number,
                actor => r.actor.clone(),
                note => r.note.clone(),
                at => local_time(&state, r.created_at),
                title => r.snapshot.title.clone(),
            }
        })
        .collect();
    page(
        &state,
        &current,
        "revisions.html",
        context! {
            article => context! { id => article.id.0, title => article.title.clone() },
            revisions => rows,
            may_restore => may_restore,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    from: Option<i64>,
    to: Option<i64>,
}

/// One field's change between two revisions.
#[derive(Debug, Serialize)]
struct FieldDiff {
    field: &'static str,
    lines: Vec<DiffLine>,
}

#[derive(Debug, Serialize)]
struct DiffLine {
    /// "same", "added" or "removed".
    kind: &'static str,
    text: String,
}

pub async fn diff(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Query(query): Query<DiffQuery>,
) -> AdminResult<Response> {
    let id = article_id(&id)?;
    let (article, revisions, _) = load_revisions(&state, &current, id).await?;
    // Newest first: by default, the latest change.
    let to = match query.to {
        Some(to) => revisions.iter().find(|r| r.id.0 == to),
        None => revisions.first(),
    }
    .ok_or(AdminError::NotFound)?;
    let from = match query.from {
        Some(from) => revisions.iter().find(|r| r.id.0 == from),
        None => revisions.iter().find(|r| r.number + 1 == to.number),
    };
    let empty = empty_input(&article);
    let before = from.map_or(&empty, |r| &r.snapshot);
    let changes = compare(before, &to.snapshot);
    let describe = |r: &Revision| {
        context! {
            id => r.id.0, number => r.number, actor => r.actor.clone(),
            at => local_time(&state, r.created_at), note => r.note.clone(),
        }
    };
    let options: Vec<_> = revisions
        .iter()
        .map(|r| context! { id => r.id.0, number => r.number, at => local_time(&state, r.created_at) })
        .collect();
    page(
        &state,
        &current,
        "diff.html",
        context! {
            article => context! { id => article.id.0, title => article.title.clone() },
            from => from.map(describe),
            to => describe(to),
            changes => minijinja::value::Serde(&changes),
            options => options,
        },
    )
}

fn empty_input(article: &folio_core::Article) -> ArticleInput {
    ArticleInput {
        language: article.language.clone(),
        slug: article.slug.clone(),
        title: String::new(),
        deck: String::new(),
        body_markdown: String::new(),
        body_is_excerpt: false,
        content_type: None,
        series_number: None,
        published_on: None,
        authors: Vec::new(),
        topics: Vec::new(),
        regions: Vec::new(),
        author_note_markdown: String::new(),
        status: folio_core::ArticleStatus::Draft,
        syndications: Vec::new(),
        recommended: Vec::new(),
        translations: Vec::new(),
    }
}

/// Every field that differs, as a line diff of its text.
fn compare(before: &ArticleInput, after: &ArticleInput) -> Vec<FieldDiff> {
    let fields = |a: &ArticleInput| -> Vec<(&'static str, String)> {
        let slugs = |v: &[folio_core::Slug]| {
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        };
        vec![
            ("Title", a.title.clone()),
            ("Slug", a.slug.to_string()),
            ("Status", a.status.as_str().to_owned()),
            ("Deck", a.deck.clone()),
            ("Body", a.body_markdown.clone()),
            (
                "Only an excerpt here",
                if a.body_is_excerpt { "yes" } else { "no" }.to_owned(),
            ),
            (
                "Content type",
                a.content_type
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            ),
            (
                "Series number",
                a.series_number.map(|n| n.to_string()).unwrap_or_default(),
            ),
            (
                "Publication date",
                a.published_on.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("Authors", slugs(&a.authors)),
            ("Topics", slugs(&a.topics)),
            ("Regions", slugs(&a.regions)),
            ("Author note", a.author_note_markdown.clone()),
            (
                "Syndication",
                a.syndications
                    .iter()
                    .map(|s| {
                        format!(
                            "{}: {} {}",
                            s.relation.as_str(),
                            s.outlet,
                            s.url.as_deref().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            (
                "Recommended",
                a.recommended
                    .iter()
                    .map(|r| format!("{}/{} {}", r.language, r.slug, r.title))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            (
                "Translations",
                a.translations
                    .iter()
                    .map(|t| format!("{}/{}", t.language, t.slug))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ]
    };
    fields(before)
        .into_iter()
        .zip(fields(after))
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| FieldDiff {
            field,
            lines: TextDiff::from_lines(&old, &new)
                .iter_all_changes()
                .map(|change| DiffLine {
                    kind: match change.tag() {
                        ChangeTag::Equal => "same",
                        ChangeTag::Insert => "added",
                        ChangeTag::Delete => "removed",
                    },
                    text: change.value().trim_end_matches('\n').to_owned(),
                })
                .collect(),
        })
        .collect()
}

/// Puts a revision's content back as the current text. Status and
/// address stay as they are: restoring text never publishes or moves a
/// page. The text replaced is itself kept as a revision.
pub async fn restore(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path((id, revision)): Path<(String, String)>,
    Form(_form): Form<FormData>,
) -> AdminResult<Response> {
    let id = article_id(&id)?;
    let revision = RevisionId(revision.parse().map_err(|_| AdminError::NotFound)?);
    let editor = current.editor();
    let actor = current.actor();
    let outcome = try_write(&state, move |c| {
        let (Some(editorial), Some(article)) = (
            folio_db::editorial_state(c, id)?,
            folio_db::article_by_id(c, id, Visibility::All)?,
        ) else {
            return Ok(Err(AdminError::NotFound));
        };
        if !editor.may_edit(editorial.status, editorial.created_by) {
            return Ok(Err(AdminError::Forbidden(
                "You cannot change this article.".into(),
            )));
        }
        let Some(old) = folio_db::revision_by_id(c, id, revision)? else {
            return Ok(Err(AdminError::NotFound));
        };
        let input = ArticleInput {
            language: article.language.clone(),
            slug: article.slug.clone(),
            status: editorial.status,
            ..old.snapshot
        };
        let now = Timestamp::now();
        match folio_db::save_article(c, &input, now) {
            Ok(_) => {}
            // An expert or topic named in the old text has since been
            // removed: say so rather than restore half of it.
            Err(StoreError::MissingReference(message)) => {
                return Ok(Err(AdminError::BadRequest(format!(
                    "Revision {} cannot be restored: {message}.",
                    old.number
                ))));
            }
            Err(other) => return Err(other),
        }
        let note = format!("Restored revision {}", old.number);
        folio_db::record_article_write(c, id, &input, &actor, "article.restored", &note, now)?;
        Ok(Ok(()))
    })
    .await??;
    outcome?;
    Ok(Redirect::to(&format!("/admin/articles/{}?notice=restored", id.0)).into_response())
}
