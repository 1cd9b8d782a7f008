//! Experts, topics, regions, content types and programs.

use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use folio_core::{
    ExpertId, ExpertText, LanguageCode, MediaId, ProgramId, Slug, TermKind, Timestamp,
};
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
    let (expert, portrait, translations) = state
        .read(move |c| {
            Ok((
                folio_db::expert_by_id(c, id)?,
                folio_db::expert_portrait(c, id)?,
                folio_db::expert_translations(c, id)?,
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
    for (language, text) in translations {
        fields.push((format!("name_{language}"), text.name));
        fields.push((format!("bio_{language}"), text.bio));
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
    // The name and bio in each other language, beside the default one.
    let translations: Vec<_> = other_languages(state)
        .map(|l| {
            let (name_field, bio_field) = expert_text_fields(&l.code);
            context! {
                language => l.name.clone(),
                code => l.code.to_string(),
                dir => l.direction.as_str(),
                name => form.get(&name_field),
                bio => form.get(&bio_field),
                name_field => name_field,
                bio_field => bio_field,
            }
        })
        .collect();
    page_with_status(
        state,
        current,
        status,
        "expert.html",
        context! {
            id => id.map(|i| i.0),
            translations => translations,
            default_language => state.config.default_language().name.clone(),
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
    let mut translations = Vec::new();
    for language in other_languages(&state) {
        let (name_field, bio_field) = expert_text_fields(&language.code);
        let text = ExpertText {
            name: form.trimmed(&name_field).to_owned(),
            bio: form.trimmed(&bio_field).to_owned(),
        };
        if text.name.is_empty() && !text.bio.is_empty() {
            errors.add(
                &name_field,
                format!(
                    "Give the name in {} too, or leave its bio empty.",
                    language.name
                ),
            );
        }
        translations.push((language.code.clone(), text));
    }
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
        for (language, text) in &translations {
            folio_db::save_expert_translation(c, id, language, text, now)?;
        }
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

/// The site's languages but the default one.
fn other_languages(state: &AppState) -> impl Iterator<Item = &folio_config::LanguageConfig> {
    state.config.languages.iter().skip(1)
}

/// The form fields of an expert's name and bio in a language.
fn expert_text_fields(language: &LanguageCode) -> (String, String) {
    (format!("name_{language}"), format!("bio_{language}"))
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

    /// One entry of the list, for messages.
    fn singular(self) -> &'static str {
        match self {
            Catalog::Topics => "topic",
            Catalog::Regions => "region",
            Catalog::Types => "content type",
            Catalog::Programs => "program",
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
    /// An entry's slug: the form is filled in to edit it.
    edit: Option<String>,
}

/// One entry of a list, as the page shows it.
#[derive(serde::Serialize)]
struct Entry {
    slug: String,
    /// In the tab's language.
    name: String,
    /// A type's or program's default-language name, on another language's
    /// tab; `None` on the default tab.
    default_name: Option<String>,
    /// Whether the entry has a name in the tab's language.
    translated: bool,
    count: Option<u64>,
    /// A topic's or region's versions in other languages ("العربية: الإرهاب").
    translations: Vec<String>,
    /// This page with the form filled in for the entry.
    edit_url: String,
}

/// A topic's or region's version in another language, as the form's
/// choice: `translation_{code}` names its slug there.
#[derive(serde::Serialize)]
struct TranslationChoice {
    field: String,
    code: String,
    language: String,
    dir: &'static str,
    /// (slug, name) of every term of the kind in that language.
    options: Vec<(String, String)>,
    /// The slug the form holds.
    selected: String,
}

pub async fn taxonomy(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(kind): Path<String>,
    Query(query): Query<LanguageQuery>,
) -> AdminResult<Response> {
    let catalog = Catalog::parse(&kind).ok_or(AdminError::NotFound)?;
    let language = state.site_language(query.language.as_deref());
    let form = match query.edit.as_deref() {
        Some(slug) => entry_form(&state, catalog, &language, slug)
            .await?
            .ok_or(AdminError::NotFound)?,
        None => FormData::default(),
    };
    taxonomy_page(
        &state,
        &current,
        StatusCode::OK,
        catalog,
        language,
        &form,
        FieldErrors::default(),
        None,
    )
    .await
}

/// The form filled in with an entry as stored: its name in the language
/// and, for a topic or region, its versions in the others.
async fn entry_form(
    state: &AppState,
    catalog: Catalog,
    language: &LanguageCode,
    slug: &str,
) -> AdminResult<Option<FormData>> {
    let Ok(slug) = Slug::parse(slug) else {
        return Ok(None);
    };
    let lang = language.clone();
    let found =
        state
            .read(move |c| {
                Ok(match catalog.term_kind() {
                    Some(kind) => match folio_db::term_by_slug(c, &lang, &slug)? {
                        Some(term) if term.kind == kind => {
                            let translations = folio_db::term_translations(c, term.id)?;
                            let mut fields = vec![("name".to_owned(), term.name)];
                            fields.extend(translations.into_iter().map(|t| {
                                (format!("translation_{}", t.language), t.slug.to_string())
                            }));
                            // The form says what every version is, none included.
                            fields.push(("translations_given".to_owned(), "1".to_owned()));
                            Some(fields)
                        }
                        _ => None,
                    },
                    None => {
                        let names = if catalog == Catalog::Types {
                            folio_db::content_type_by_slug(c, &slug)?
                                .map(|t| {
                                    Ok::<_, StoreError>((
                                        t.name,
                                        folio_db::content_type_translations(c, t.id)?,
                                    ))
                                })
                                .transpose()?
                        } else {
                            folio_db::program_by_slug(c, &slug)?
                                .map(|p| {
                                    Ok::<_, StoreError>((
                                        p.name,
                                        folio_db::program_translations(c, p.id)?,
                                    ))
                                })
                                .transpose()?
                        };
                        names.map(|(default_name, translations)| {
                            let name = translations
                                .into_iter()
                                .find(|(l, _)| *l == lang)
                                .map(|(_, name)| name)
                                .unwrap_or(default_name);
                            vec![("name".to_owned(), name)]
                        })
                    }
                }
                .map(|mut fields| {
                    fields.insert(0, ("slug".to_owned(), slug.to_string()));
                    FormData(fields)
                }))
            })
            .await?;
    Ok(found)
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
    let default_language = state.config.site.default_language.clone();
    let other_codes: Vec<LanguageCode> = state
        .config
        .languages
        .iter()
        .map(|l| l.code.clone())
        .filter(|code| *code != language)
        .collect();
    let language_names: Vec<(LanguageCode, String)> = state
        .config
        .languages
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let name_of = move |code: &LanguageCode| {
        language_names
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, name)| name.clone())
    };
    let (entries, term_options) = state
        .read(move |c| {
            let on_default_tab = lang == default_language;
            Ok(match catalog {
                Catalog::Topics | Catalog::Regions => {
                    let kind = catalog.term_kind().expect("a term catalog");
                    let mut entries = Vec::new();
                    for listing in folio_db::list_terms(c, kind, &lang)? {
                        let translations = folio_db::term_translations(c, listing.term.id)?
                            .into_iter()
                            .map(|t| format!("{}: {}", name_of(&t.language), t.name))
                            .collect();
                        entries.push(Entry {
                            slug: listing.term.slug.to_string(),
                            name: listing.term.name,
                            default_name: None,
                            translated: true,
                            count: Some(listing.article_count),
                            translations,
                            edit_url: edit_url(catalog, &lang, listing.term.slug.as_str()),
                        });
                    }
                    let mut options = Vec::new();
                    for code in &other_codes {
                        options.push((code.clone(), folio_db::terms_of_kind(c, kind, code)?));
                    }
                    (entries, options)
                }
                Catalog::Types => {
                    let listed = folio_db::list_content_types(c, &lang)?;
                    let mut named = listed.clone();
                    if !on_default_tab {
                        folio_db::localize(c, &lang, &mut named)?;
                    }
                    let entries = listed
                        .into_iter()
                        .zip(named)
                        .map(|(stored, shown)| Entry {
                            slug: stored.content_type.slug.to_string(),
                            translated: on_default_tab
                                || shown.content_type.name != stored.content_type.name,
                            name: shown.content_type.name,
                            default_name: (!on_default_tab).then_some(stored.content_type.name),
                            count: Some(stored.article_count),
                            translations: Vec::new(),
                            edit_url: edit_url(catalog, &lang, stored.content_type.slug.as_str()),
                        })
                        .collect();
                    (entries, Vec::new())
                }
                Catalog::Programs => {
                    let listed = folio_db::list_programs(c)?;
                    let mut named = listed.clone();
                    if !on_default_tab {
                        folio_db::localize(c, &lang, &mut named)?;
                    }
                    let entries = listed
                        .into_iter()
                        .zip(named)
                        .map(|(stored, shown)| Entry {
                            slug: stored.slug.to_string(),
                            translated: on_default_tab || shown.name != stored.name,
                            name: shown.name,
                            default_name: (!on_default_tab).then_some(stored.name),
                            count: None,
                            translations: Vec::new(),
                            edit_url: edit_url(catalog, &lang, stored.slug.as_str()),
                        })
                        .collect();
                    (entries, Vec::new())
                }
            })
        })
        .await?;
    let choices: Vec<TranslationChoice> = term_options
        .into_iter()
        .filter_map(|(code, terms)| {
            let config = state.config.language(code.as_str())?;
            Some(TranslationChoice {
                code: code.to_string(),
                language: config.name.clone(),
                dir: config.direction.as_str(),
                options: terms
                    .into_iter()
                    .map(|t| (t.slug.to_string(), t.name))
                    .collect(),
                selected: form.get(&format!("translation_{code}")).to_owned(),
                field: format!("translation_{code}"),
            })
        })
        .collect();
    let languages: Vec<_> = state
        .config
        .languages
        .iter()
        .map(|l| context! { code => l.code.to_string(), name => l.name.clone() })
        .collect();
    let default = state.config.default_language();
    page_with_status(
        state,
        current,
        status,
        "taxonomy.html",
        context! {
            kind => catalog.key(),
            title => catalog.title(),
            singular => catalog.singular(),
            language => language.to_string(),
            language_name => state.config.language(language.as_str()).map(|l| l.name.clone()),
            default_language => default.name.clone(),
            // Types and programs have one address in every language: other
            // languages' tabs name them, they do not add or rename them.
            names_only => catalog.term_kind().is_none() && language != default.code,
            languages => languages,
            entries => minijinja::value::Serde(&entries),
            choices => minijinja::value::Serde(&choices),
            form => context! {
                slug => form.get("slug"),
                name => form.get("name"),
                translations_given => form.get("translations_given"),
            },
            errors => minijinja::value::Serde(&errors),
            notice => notice,
        },
    )
}

/// The list's page with the form filled in for one entry.
fn edit_url(catalog: Catalog, language: &LanguageCode, slug: &str) -> String {
    format!(
        "/admin/taxonomy/{}?language={language}&edit={}",
        catalog.key(),
        folio_core::encode_segment(slug)
    )
}

/// What a save of the form does.
enum TaxonomySave {
    /// A topic or region, created or renamed, and its versions in other
    /// languages: `Some(slug)` links one, `None` unlinks (only when the
    /// form said what every version is).
    Term {
        kind: TermKind,
        name: String,
        slug: Slug,
        links: Vec<(LanguageCode, Option<Slug>)>,
        exact: bool,
    },
    /// A type or program in the default language, created or renamed.
    Entry { name: String, slug: Slug },
    /// A type's or program's name in another language; empty removes it.
    Name { name: String, slug: Slug },
}

/// Creates an entry, or renames the one with the given slug; on another
/// language's tab, a type or program is named in that language.
pub async fn save_taxonomy(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Path(kind): Path<String>,
    Form(form): Form<FormData>,
) -> AdminResult<Response> {
    let catalog = Catalog::parse(&kind).ok_or(AdminError::NotFound)?;
    let language = state.site_language(Some(form.get("language")));
    let on_default_tab = language == state.config.site.default_language;
    let mut errors = FieldErrors::default();
    let save = match catalog.term_kind() {
        None if !on_default_tab => match Slug::parse(form.trimmed("slug")) {
            Ok(slug) => Some(TaxonomySave::Name {
                name: form.trimmed("name").to_owned(),
                slug,
            }),
            Err(_) => {
                errors.add("slug", "Give the slug of the entry to name.");
                None
            }
        },
        // The same checks as the API's.
        _ => match crate::editing::term_fields(form.get("name"), form.get("slug")) {
            Ok((name, slug)) => Some(match catalog.term_kind() {
                Some(kind) => TaxonomySave::Term {
                    kind,
                    name,
                    slug,
                    links: term_links(&state, &language, &form, &mut errors),
                    exact: form.get("translations_given") == "1",
                },
                None => TaxonomySave::Entry { name, slug },
            }),
            Err((field, message)) => {
                errors.add(field, message);
                None
            }
        },
    };
    if let (Some(TaxonomySave::Term { links, slug, .. }), true) = (&save, errors.is_empty()) {
        check_term_links(&state, catalog, &language, slug, links, &mut errors).await?;
    }
    let (Some(save), true) = (save, errors.is_empty()) else {
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
    let saved = try_write(&state, move |c| {
        let now = Timestamp::now();
        let (slug, name, detail) = match save {
            TaxonomySave::Term {
                kind,
                name,
                slug,
                links,
                exact,
            } => {
                let id = folio_db::upsert_term(c, kind, &lang, &slug, &name, now)?;
                let detail = set_term_links(c, id, &links, exact, now)?;
                (slug, name, detail)
            }
            TaxonomySave::Entry { name, slug } => {
                if catalog == Catalog::Types {
                    folio_db::upsert_content_type(c, &slug, &name, now)?;
                } else {
                    folio_db::upsert_program(c, &slug, &name, now)?;
                }
                (slug, name, String::new())
            }
            TaxonomySave::Name { name, slug } => {
                let missing = || {
                    StoreError::MissingReference(format!(
                        "There is no {} “{slug}”: add it on the first tab.",
                        catalog.singular()
                    ))
                };
                if catalog == Catalog::Types {
                    let id = folio_db::content_type_by_slug(c, &slug)?
                        .ok_or_else(missing)?
                        .id;
                    folio_db::save_content_type_translation(c, id, &lang, &name, now)?;
                } else {
                    let id = folio_db::program_by_slug(c, &slug)?.ok_or_else(missing)?.id;
                    folio_db::save_program_translation(c, id, &lang, &name, now)?;
                }
                let detail = if name.is_empty() {
                    "name removed".to_owned()
                } else {
                    String::new()
                };
                (slug, name, detail)
            }
        };
        folio_db::audit(
            c,
            &actor,
            &format!("{}.saved", catalog.key()),
            &format!("{lang}/{slug}"),
            [name.as_str(), detail.as_str()].join(" ").trim(),
            now,
        )?;
        Ok((slug, name))
    })
    .await?;
    match saved {
        Ok((slug, name)) => {
            let notice = if name.is_empty() {
                format!("Removed the name of {slug} in this language.")
            } else {
                format!("Saved “{name}” ({slug}).")
            };
            taxonomy_page(
                &state,
                &current,
                StatusCode::OK,
                catalog,
                language,
                &FormData::default(),
                FieldErrors::default(),
                Some(notice),
            )
            .await
        }
        Err(StoreError::Conflict(message) | StoreError::MissingReference(message)) => {
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

/// The versions in other languages the form names, by their slugs there.
fn term_links(
    state: &AppState,
    language: &LanguageCode,
    form: &FormData,
    errors: &mut FieldErrors,
) -> Vec<(LanguageCode, Option<Slug>)> {
    let mut links = Vec::new();
    for other in state
        .config
        .languages
        .iter()
        .filter(|l| &l.code != language)
    {
        let field = format!("translation_{}", other.code);
        let wanted = match form.trimmed(&field) {
            "" => None,
            text => match Slug::parse(text) {
                Ok(slug) => Some(slug),
                Err(e) => {
                    errors.add(&field, format!("This slug cannot be used: {e}."));
                    continue;
                }
            },
        };
        links.push((other.code.clone(), wanted));
    }
    links
}

/// Refuses, field by field, a version that does not exist or that already
/// has a version in this term's language (a group holds one term per
/// language).
async fn check_term_links(
    state: &AppState,
    catalog: Catalog,
    language: &LanguageCode,
    slug: &Slug,
    links: &[(LanguageCode, Option<Slug>)],
    errors: &mut FieldErrors,
) -> AdminResult<()> {
    let kind = catalog.term_kind().expect("a term catalog");
    let language = language.clone();
    let slug = slug.clone();
    let wanted: Vec<(LanguageCode, Slug)> = links
        .iter()
        .filter_map(|(code, wanted)| wanted.clone().map(|w| (code.clone(), w)))
        .collect();
    let problems = state
        .read(move |c| {
            let mut problems = Vec::new();
            for (code, other_slug) in wanted {
                let field = format!("translation_{code}");
                match folio_db::term_by_slug(c, &code, &other_slug)? {
                    Some(other) if other.kind == kind => {
                        let taken = folio_db::term_translations(c, other.id)?
                            .into_iter()
                            .find(|t| t.language == language && t.slug != slug);
                        if let Some(taken) = taken {
                            problems.push((
                                field,
                                format!(
                                    "“{}” is already the version of “{}” ({}); unlink it there first.",
                                    other.name, taken.name, taken.slug
                                ),
                            ));
                        }
                    }
                    _ => problems.push((
                        field,
                        format!("There is no {} “{other_slug}” in {code}.", kind.as_str()),
                    )),
                }
            }
            Ok(problems)
        })
        .await?;
    for (field, message) in problems {
        errors.add(&field, message);
    }
    Ok(())
}

/// Makes the term's versions the form's: links the named ones and, when
/// the form named every version, unlinks those it left empty. Returns what
/// changed, for the audit log.
fn set_term_links(
    c: &mut folio_db::Conn<'_>,
    id: folio_core::TermId,
    links: &[(LanguageCode, Option<Slug>)],
    exact: bool,
    now: Timestamp,
) -> Result<String, StoreError> {
    let mut changed = Vec::new();
    for (code, wanted) in links {
        if wanted.is_none() && !exact {
            continue;
        }
        let current = folio_db::term_translations(c, id)?
            .into_iter()
            .find(|t| &t.language == code);
        if current.as_ref().map(|t| &t.slug) == wanted.as_ref() {
            continue;
        }
        if let Some(current) = current {
            folio_db::unlink_term_translations(c, current.id, now)?;
            changed.push(format!("unlinked {code}/{}", current.slug));
        }
        if let Some(wanted) = wanted {
            let other = folio_db::term_by_slug(c, code, wanted)?.ok_or_else(|| {
                StoreError::MissingReference(format!("There is no “{wanted}” in {code}."))
            })?;
            folio_db::link_term_translations(c, id, other.id, now)?;
            changed.push(format!("linked {code}/{wanted}"));
        }
    }
    Ok(changed.join(", "))
}
