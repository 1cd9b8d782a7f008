//! Experts, topics, regions, content types and programs.

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use folio_core::{ExpertId, LanguageCode, MediaId, ProgramId, Slug, TermKind, Timestamp};
use folio_db::StoreError;
use minijinja::context;
use serde::Deserialize;

use super::forms::{FieldErrors, FormData};
use super::pages::{page, page_with_status};
use super::session::CurrentUser;
use super::{AdminError, AdminResult, try_write};
use crate::AppState;

pub async fn experts(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    let experts = state.read(folio_db::all_experts).await?;
    page(
        &state,
        &current,
        "experts.html",
        context! { experts => minijinja::value::Serde(&experts) },
    )
}

pub async fn new_expert(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
) -> AdminResult<Response> {
    expert_page(
        &state,
        &current,
        StatusCode::OK,
        None,
        &FormData::default(),
        FieldErrors::default(),
    )
    .await
}

pub async fn edit_expert(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> AdminResult<Response> {
    let id = ExpertId(id.parse().map_err(|_| AdminError::NotFound)?);
    let (expert, portrait) = state
        .read(move |c| {
            Ok((
                folio_db::expert_by_id(c, id)?,
                folio_db::expert_portrait(c, id)?,
            ))
        })
        .await?;
    let expert = expert.ok_or(AdminError::NotFound)?;
    let mut fields = vec![
        ("slug".to_owned(), expert.slug.to_string()),
        ("name".to_owned(), expert.name.clone()),
        ("bio".to_owned(), expert.bio.clone()),
        (
            "portrait".to_owned(),
            portrait.map(|p| p.id.0.to_string()).unwrap_or_default(),
        ),
    ];
    for program in &expert.programs {
        fields.push(("program".to_owned(), program.id.0.to_string()));
    }
    expert_page(
        &state,
        &current,
        StatusCode::OK,
        Some(id),
        &FormData(fields),
        FieldErrors::default(),
    )
    .await
}

async fn expert_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    id: Option<ExpertId>,
    form: &FormData,
    errors: FieldErrors,
) -> AdminResult<Response> {
    let (programs, media) = state
        .read(|c| Ok((folio_db::list_programs(c)?, folio_db::list_media(c, 500)?)))
        .await?;
    let chosen: Vec<String> = form.all("program").into_iter().map(str::to_owned).collect();
    let program_views: Vec<_> = programs
        .iter()
        .map(|p| {
            context! { id => p.id.0, name => p.name.clone(), chosen => chosen.contains(&p.id.0.to_string()) }
        })
        .collect();
    let media_views: Vec<_> = media
        .iter()
        .map(|m| context! { id => m.id.0, alt => m.alt_text.clone(), url => m.path() })
        .collect();
    let portrait_url = media
        .iter()
        .find(|m| m.id.0.to_string() == form.get("portrait"))
        .map(|m| m.path());
    let public_url = id.map(|_| {
        state.renderer.paths().expert(
            state.config.site.default_language.as_str(),
            form.get("slug"),
        )
    });
    page_with_status(
        state,
        current,
        status,
        "expert.html",
        context! {
            id => id.map(|i| i.0),
            form => context! {
                slug => form.get("slug"),
                name => form.get("name"),
                bio => form.get("bio"),
                portrait => form.get("portrait"),
            },
            programs => program_views,
            media => media_views,
            portrait_url => portrait_url,
            public_url => public_url,
            errors => minijinja::value::Serde(&errors),
        },
    )
}

pub async fn create_expert(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    save_expert(state, current, None, form).await
}

pub async fn update_expert(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let id = ExpertId(id.parse().map_err(|_| AdminError::NotFound)?);
    save_expert(state, current, Some(id), form).await
}

async fn save_expert(
    state: AppState,
    current: CurrentUser,
    id: Option<ExpertId>,
    form: FormData,
) -> AdminResult<Response> {
    let mut errors = FieldErrors::default();
    // The same checks as the API's; an existing expert keeps their slug.
    let checked = crate::editing::expert_fields(form.get("name"), form.trimmed("slug"));
    let (name, slug) = match checked {
        Ok((name, slug)) => (name, Some(slug)),
        Err((field, message)) => {
            if field != "slug" || id.is_none() {
                errors.add(field, message);
            }
            (form.trimmed("name").to_owned(), None)
        }
    };
    let programs: Vec<ProgramId> = form
        .all("program")
        .into_iter()
        .filter_map(|p| p.parse().ok().map(ProgramId))
        .collect();
    let portrait = match form.trimmed("portrait") {
        "" => None,
        text => text.parse().ok().map(MediaId),
    };
    if !errors.is_empty() {
        return expert_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            id,
            &form,
            errors,
        )
        .await;
    }
    let slug = slug.unwrap_or_else(|| Slug::from_title(&name));
    let bio = form.trimmed("bio").to_owned();
    let actor = current.actor();
    let action = if id.is_none() {
        "expert.created"
    } else {
        "expert.updated"
    };
    let saved = try_write(&state, move |c| {
        let now = Timestamp::now();
        if let Some(portrait) = portrait
            && folio_db::media_by_id(c, portrait)?.is_none()
        {
            return Err(StoreError::MissingReference(
                "That portrait is no longer in the media library.".into(),
            ));
        }
        let id = folio_db::save_expert_profile(c, id, &slug, &name, &bio, &programs, now)?;
        folio_db::set_expert_portrait(c, id, portrait, now)?;
        folio_db::audit(c, &actor, action, &format!("{name} ({slug})"), "", now)?;
        Ok(id)
    })
    .await?;
    match saved {
        Ok(id) => Ok(Redirect::to(&format!("/admin/experts/{}", id.0)).into_response()),
        Err(StoreError::Conflict(message) | StoreError::MissingReference(message)) => {
            let mut errors = FieldErrors::default();
            errors.add("slug", message);
            expert_page(
                &state,
                &current,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                &form,
                errors,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// The four simple lists an editor manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Catalog {
    Topics,
    Regions,
    Types,
    Programs,
}

impl Catalog {
    fn parse(text: &str) -> Option<Catalog> {
        Some(match text {
            "topics" => Catalog::Topics,
            "regions" => Catalog::Regions,
            "types" => Catalog::Types,
            "programs" => Catalog::Programs,
            _ => return None,
        })
    }

    fn key(self) -> &'static str {
        match self {
            Catalog::Topics => "topics",
            Catalog::Regions => "regions",
            Catalog::Types => "types",
            Catalog::Programs => "programs",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Catalog::Topics => "Topics",
            Catalog::Regions => "Regions",
            Catalog::Types => "Content types",
            Catalog::Programs => "Programs",
        }
    }

    fn term_kind(self) -> Option<TermKind> {
        match self {
            Catalog::Topics => Some(TermKind::Topic),
            Catalog::Regions => Some(TermKind::Region),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct LanguageQuery {
    language: Option<String>,
}

#[derive(serde::Serialize)]
struct Entry {
    slug: String,
    name: String,
    count: Option<u64>,
}

pub async fn taxonomy(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(kind): Path<String>,
    Query(query): Query<LanguageQuery>,
) -> AdminResult<Response> {
    let catalog = Catalog::parse(&kind).ok_or(AdminError::NotFound)?;
    let language = state.site_language(query.language.as_deref());
    taxonomy_page(
        &state,
        &current,
        StatusCode::OK,
        catalog,
        language,
        &FormData::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn taxonomy_page(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    catalog: Catalog,
    language: LanguageCode,
    form: &FormData,
    errors: FieldErrors,
    notice: Option<String>,
) -> AdminResult<Response> {
    let lang = language.clone();
    let entries = state
        .read(move |c| {
            Ok(match catalog {
                Catalog::Topics | Catalog::Regions => {
                    let kind = catalog.term_kind().expect("a term catalog");
                    folio_db::list_terms(c, kind, &lang)?
                        .into_iter()
                        .map(|l| Entry {
                            slug: l.term.slug.to_string(),
                            name: l.term.name,
                            count: Some(l.article_count),
                        })
                        .collect::<Vec<_>>()
                }
                Catalog::Types => folio_db::list_content_types(c, &lang)?
                    .into_iter()
                    .map(|l| Entry {
                        slug: l.content_type.slug.to_string(),
                        name: l.content_type.name,
                        count: Some(l.article_count),
                    })
                    .collect(),
                Catalog::Programs => folio_db::list_programs(c)?
                    .into_iter()
                    .map(|p| Entry {
                        slug: p.slug.to_string(),
                        name: p.name,
                        count: None,
                    })
                    .collect(),
            })
        })
        .await?;
    let languages: Vec<_> = state
        .config
        .languages
        .iter()
        .map(|l| context! { code => l.code.to_string(), name => l.name.clone() })
        .collect();
    page_with_status(
        state,
        current,
        status,
        "taxonomy.html",
        context! {
            kind => catalog.key(),
            title => catalog.title(),
            per_language => catalog.term_kind().is_some() || catalog == Catalog::Types,
            language => language.to_string(),
            languages => languages,
            entries => minijinja::value::Serde(&entries),
            form => context! { slug => form.get("slug"), name => form.get("name") },
            errors => minijinja::value::Serde(&errors),
            notice => notice,
        },
    )
}

/// Creates an entry, or renames the one with the given slug.
pub async fn save_taxonomy(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(kind): Path<String>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let catalog = Catalog::parse(&kind).ok_or(AdminError::NotFound)?;
    let language = state.site_language(Some(form.get("language")));
    let mut errors = FieldErrors::default();
    // The same checks as the API's.
    let (name, slug) = match crate::editing::term_fields(form.get("name"), form.get("slug")) {
        Ok((name, slug)) => (name, Some(slug)),
        Err((field, message)) => {
            errors.add(field, message);
            (form.trimmed("name").to_owned(), None)
        }
    };
    let (Some(slug), true) = (slug, errors.is_empty()) else {
        return taxonomy_page(
            &state,
            &current,
            StatusCode::UNPROCESSABLE_ENTITY,
            catalog,
            language,
            &form,
            errors,
            None,
        )
        .await;
    };
    let actor = current.actor();
    let lang = language.clone();
    let entry_name = name.clone();
    let entry_slug = slug.clone();
    let saved = try_write(&state, move |c| {
        let now = Timestamp::now();
        match catalog.term_kind() {
            Some(kind) => {
                folio_db::upsert_term(c, kind, &lang, &entry_slug, &entry_name, now)?;
            }
            None if catalog == Catalog::Types => {
                folio_db::upsert_content_type(c, &entry_slug, &entry_name, now)?;
            }
            None => {
                folio_db::upsert_program(c, &entry_slug, &entry_name, now)?;
            }
        }
        folio_db::audit(
            c,
            &actor,
            &format!("{}.saved", catalog.key()),
            &format!("{lang}/{entry_slug}"),
            &entry_name,
            now,
        )
    })
    .await?;
    match saved {
        Ok(()) => {
            taxonomy_page(
                &state,
                &current,
                StatusCode::OK,
                catalog,
                language,
                &FormData::default(),
                FieldErrors::default(),
                Some(format!("Saved “{name}” ({slug}).")),
            )
            .await
        }
        Err(StoreError::Conflict(message)) => {
            let mut errors = FieldErrors::default();
            errors.add("slug", message);
            taxonomy_page(
                &state,
                &current,
                StatusCode::UNPROCESSABLE_ENTITY,
                catalog,
                language,
                &form,
                errors,
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
