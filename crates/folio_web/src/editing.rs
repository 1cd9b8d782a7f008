//! The editorial writes the admin and the API share, so both apply the
//! same rules the same way: each runs inside the caller's write
//! transaction, checks [`folio_core::Editor`]'s rules, writes, and keeps
//! the revision and the audit entry beside the write.

use folio_core::{
    Article, ArticleId, ArticleInput, Editor, Timestamp, TranslationLink, UserId, WorkflowAction,
};
use folio_db::{Actor, Conn, EditorialState, StoreError, StoreResult, Visibility};
use folio_render::SitePaths;

/// A stored article with its workflow state and its declared translations.
#[derive(Debug, Clone)]
pub(crate) struct LoadedArticle {
    pub article: Article,
    pub state: EditorialState,
    pub links: Vec<TranslationLink>,
}

impl LoadedArticle {
    /// The article as an editor would write it again.
    pub fn input(&self) -> ArticleInput {
        self.article.to_input(self.links.clone())
    }
}

pub(crate) fn load(conn: &mut Conn<'_>, id: ArticleId) -> StoreResult<Option<LoadedArticle>> {
    let Some(article) = folio_db::article_by_id(conn, id, Visibility::All)? else {
        return Ok(None);
    };
    let Some(state) = folio_db::editorial_state(conn, id)? else {
        return Ok(None);
    };
    let links = folio_db::article_translation_links(conn, id)?;
    Ok(Some(LoadedArticle {
        article,
        state,
        links,
    }))
}

/// Creates an article as a draft of `owner` (authors edit only what they
/// created), with its first revision and an audit entry.
pub(crate) fn create_article(
    conn: &mut Conn<'_>,
    input: &ArticleInput,
    owner: Option<UserId>,
    actor: &Actor,
    now: Timestamp,
) -> StoreResult<ArticleId> {
    let saved = folio_db::save_article(conn, input, now)?;
    if let Some(owner) = owner {
        folio_db::set_created_by(conn, saved.id, owner)?;
    }
    folio_db::record_article_write(
        conn,
        saved.id,
        input,
        actor,
        "article.created",
        "Created",
        now,
    )?;
    Ok(saved.id)
}

/// Replaces a stored article's content with `input` (the caller has
/// checked `Editor::may_edit` and the edit version). A new slug moves the
/// article and keeps its old address as a redirect.
pub(crate) fn update_article(
    conn: &mut Conn<'_>,
    loaded: &LoadedArticle,
    input: &ArticleInput,
    actor: &Actor,
    paths: &SitePaths,
    now: Timestamp,
) -> StoreResult<()> {
    let id = loaded.article.id;
    folio_db::ensure_baseline_revision(conn, id)?;
    if input.slug != loaded.article.slug {
        folio_db::rename_article(conn, id, &input.slug, now)?;
        // Links to the old address keep working.
        let language = input.language.as_str();
        folio_db::record_move(
            conn,
            &paths.in_namespace(language, loaded.article.slug.as_str()),
            &paths.in_namespace(language, input.slug.as_str()),
            now,
        )?;
    }
    folio_db::save_article(conn, input, now)?;
    folio_db::record_article_write(conn, id, input, actor, "article.updated", "Saved", now)
}

/// Why a workflow step was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StepRefused {
    Missing,
    /// The rules do not allow this person this step from this status.
    NotAllowed(folio_core::ArticleStatus),
}

/// Takes an article through a workflow step for `editor`: checks the
/// rules, moves the status (a schedule keeps `publish_at`), keeps the
/// result as a revision and audits it. `publication_date` fills in a
/// missing date when the step publishes or schedules; `note` says what
/// happened, for the revision list.
#[allow(clippy::too_many_arguments)]
pub(crate) fn take_workflow_step(
    conn: &mut Conn<'_>,
    editor: Editor,
    actor: &Actor,
    id: ArticleId,
    action: WorkflowAction,
    publish_at: Option<Timestamp>,
    publication_date: folio_core::Date,
    note: &str,
    now: Timestamp,
) -> StoreResult<Result<LoadedArticle, StepRefused>> {
    let Some(loaded) = load(conn, id)? else {
        return Ok(Err(StepRefused::Missing));
    };
    if !editor.may_take(action, loaded.state.status, loaded.state.created_by) {
        return Ok(Err(StepRefused::NotAllowed(loaded.state.status)));
    }
    folio_db::ensure_baseline_revision(conn, id)?;
    folio_db::set_article_status(conn, id, action.target(), publish_at, publication_date, now)?;
    let after = load(conn, id)?.ok_or_else(|| StoreError::Corrupt("article vanished".into()))?;
    let audited = format!("article.{}", action.as_str());
    folio_db::record_article_write(conn, id, &after.input(), actor, &audited, note, now)?;
    Ok(Ok(after))
}

/// Deletes an article and audits it; `false` when there was none.
pub(crate) fn delete_article(
    conn: &mut Conn<'_>,
    id: ArticleId,
    actor: &Actor,
    now: Timestamp,
) -> StoreResult<bool> {
    let Some(article) = folio_db::article_by_id(conn, id, Visibility::All)? else {
        return Ok(false);
    };
    folio_db::delete_article(conn, id, now)?;
    folio_db::audit(
        conn,
        actor,
        "article.deleted",
        &format!("{}/{} “{}”", article.language, article.slug, article.title),
        "",
        now,
    )?;
    Ok(true)
}

/// Checks an expert's name and slug as the admin and the API both do:
/// the name is required, the slug (from the name when empty) must parse.
/// A problem is `(field, message)`.
pub(crate) fn expert_fields(
    name: &str,
    slug: &str,
) -> Result<(String, folio_core::Slug), (&'static str, String)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(("name", "Every expert needs a name.".into()));
    }
    slug_or_title(slug, name).map(|slug| (name.to_owned(), slug))
}

/// Checks a topic's, region's, type's or program's name and slug.
pub(crate) fn term_fields(
    name: &str,
    slug: &str,
) -> Result<(String, folio_core::Slug), (&'static str, String)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(("name", "Give it a name.".into()));
    }
    slug_or_title(slug, name).map(|slug| (name.to_owned(), slug))
}

fn slug_or_title(slug: &str, name: &str) -> Result<folio_core::Slug, (&'static str, String)> {
    let text = match slug.trim() {
        "" => folio_core::slugify(name),
        typed => typed.to_owned(),
    };
    folio_core::Slug::parse(&text).map_err(|e| ("slug", format!("This slug cannot be used: {e}.")))
}
