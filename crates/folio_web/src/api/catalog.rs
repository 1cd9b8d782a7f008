//! Experts, topics, regions, content types and programs: reads for
//! everyone, writes for editors (as in the admin).

use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use folio_core::{ExpertId, LanguageCode, ProgramId, Slug, TermKind, Timestamp};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::articles::language_param;
use super::auth::Caller;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::input::{ApiJson, IfMatch, parse_query};
use super::resources::{
    ContentTypeListJson, ExpertJson, ExpertListJson, ProgramListJson, TermJson, TermListJson,
};
use super::{
    ReadFailures, WriteFailures, etag_for, no_content, respond, respond_with_status, write_tx,
};
use crate::AppState;
use crate::cache::deps::{self as cache, Dep};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoParams {}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TermParams {
    /// The terms' language (the site's default language when absent).
    language: Option<String>,
}

/// List experts
#[utoipa::path(
    get, path = "/api/v1/experts", tag = "experts",
    security((), ("token" = [])),
    responses((status = 200, description = "Every expert, by name", body = ExpertListJson), ReadFailures)
)]
pub async fn experts(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _: NoParams = parse_query(raw.as_deref())?;
    let experts = state.read(folio_db::all_experts).await?;
    cache::depends_on(Dep::Experts);
    cache::shows(&experts);
    let builder = &state.api.builder;
    let body = ExpertListJson {
        items: experts.iter().map(|e| builder.expert(e)).collect(),
    };
    Ok(respond(&headers, &body))
}

/// Get an expert
#[utoipa::path(
    get, path = "/api/v1/experts/{slug}", tag = "experts",
    params(("slug" = String, Path, description = "The expert's slug")),
    security((), ("token" = [])),
    responses(
        (status = 200, description = "The expert", body = ExpertJson, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag in If-None-Match"),
        (status = 404, description = "No such expert", body = ErrorBody),
        ReadFailures,
    )
)]
pub async fn expert(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _: NoParams = parse_query(raw.as_deref())?;
    let slug = Slug::parse(&slug).map_err(|_| ApiError::not_found("expert"))?;
    let expert = state
        .read(move |c| folio_db::expert_by_slug(c, &slug))
        .await?
        .ok_or_else(|| ApiError::not_found("expert"))?;
    cache::shows(&expert);
    Ok(respond(&headers, &state.api.builder.expert(&expert)))
}

/// An expert as a client writes them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Anna Borshchevskaya", "bio": "Anna Borshchevskaya is a senior fellow at The Washington Institute.", "programs": []}))]
pub struct ExpertWrite {
    pub name: String,
    #[serde(default)]
    pub bio: String,
    /// Programs' slugs, in order.
    #[serde(default)]
    pub programs: Vec<String>,
}

/// Create or replace an expert
///
/// Editors and admins. Replacing needs `If-Match`.
#[utoipa::path(
    put, path = "/api/v1/experts/{slug}", tag = "experts",
    params(("slug" = String, Path, description = "The expert's slug"),
           ("If-Match" = Option<String>, Header, description = "The ETag you last read; required to replace")),
    request_body = ExpertWrite,
    security(("token" = [])),
    responses(
        (status = 200, description = "Replaced", body = ExpertJson, headers(("ETag" = String))),
        (status = 201, description = "Created", body = ExpertJson, headers(("ETag" = String))),
        WriteFailures,
    )
)]
pub async fn put_expert(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    ApiJson(write): ApiJson<ExpertWrite>,
) -> ApiResult<Response> {
    let (name, slug) = crate::editing::expert_fields(&write.name, &slug)
        .map_err(|(field, message)| ApiError::invalid_field(field, message))?;
    let if_match = IfMatch::from_headers(&headers)?;
    let task_state = state.clone();
    let (created, expert) = write_tx(&state, move |c| {
        let existing = folio_db::expert_by_slug(c, &slug)?;
        match &existing {
            Some(expert) => {
                if_match.check_existing(&etag_for(&task_state.api.builder.expert(expert)))?
            }
            None => if_match.check_missing()?,
        }
        let mut programs: Vec<ProgramId> = Vec::new();
        for text in &write.programs {
            let program = Slug::parse(text)
                .ok()
                .map(|s| folio_db::program_by_slug(c, &s))
                .transpose()?
                .flatten()
                .ok_or_else(|| {
                    ApiError::invalid_field("programs", format!("there is no program “{text}”"))
                })?;
            programs.push(program.id);
        }
        let now = Timestamp::now();
        let id = folio_db::save_expert_profile(
            c,
            existing.as_ref().map(|e| e.id),
            &slug,
            &name,
            write.bio.trim(),
            &programs,
            now,
        )?;
        let action = if existing.is_some() {
            "expert.updated"
        } else {
            "expert.created"
        };
        folio_db::audit(
            c,
            &caller.actor(),
            action,
            &format!("{name} ({slug})"),
            "API",
            now,
        )?;
        let expert =
            folio_db::expert_by_id(c, id)?.ok_or_else(|| ApiError::internal("expert vanished"))?;
        Ok((existing.is_none(), expert))
    })
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(respond_with_status(
        status,
        &state.api.builder.expert(&expert),
    ))
}

/// Delete an expert
///
/// Editors and admins; an expert who is an article's author cannot be
/// deleted (409). Needs `If-Match`.
#[utoipa::path(
    delete, path = "/api/v1/experts/{slug}", tag = "experts",
    params(("slug" = String, Path, description = "The expert's slug"),
           ("If-Match" = Option<String>, Header, description = "The ETag you last read (required)")),
    security(("token" = [])),
    responses((status = 204, description = "Deleted"), WriteFailures)
)]
pub async fn delete_expert(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let slug = Slug::parse(&slug).map_err(|_| ApiError::not_found("expert"))?;
    let if_match = IfMatch::from_headers(&headers)?;
    let task_state = state.clone();
    write_tx(&state, move |c| {
        let expert =
            folio_db::expert_by_slug(c, &slug)?.ok_or_else(|| ApiError::not_found("expert"))?;
        if_match.check_existing(&etag_for(&task_state.api.builder.expert(&expert)))?;
        let now = Timestamp::now();
        folio_db::delete_expert(c, ExpertId(expert.id.0), now)?;
        folio_db::audit(
            c,
            &caller.actor(),
            "expert.deleted",
            &format!("{} ({slug})", expert.name),
            "API",
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(no_content())
}

async fn term_list(
    state: AppState,
    kind: TermKind,
    raw: Option<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let params: TermParams = parse_query(raw.as_deref())?;
    let language = language_param(&state, params.language.as_deref())?;
    let code = language.to_string();
    let listings = state
        .read(move |c| folio_db::list_terms(c, kind, &language))
        .await?;
    cache::depends_on(Dep::Terms);
    cache::shows(&listings);
    cache::depends_on_results(cache::language_results(&code));
    let builder = &state.api.builder;
    let body = TermListJson {
        items: listings
            .iter()
            .map(|l| builder.term(&l.term, l.article_count))
            .collect(),
    };
    Ok(respond(&headers, &body))
}

/// The term of `kind` at `(language, slug)` and its published count.
fn find_term(
    conn: &mut folio_db::Conn<'_>,
    kind: TermKind,
    language: &LanguageCode,
    slug: &Slug,
) -> folio_db::StoreResult<Option<(folio_core::Term, u64)>> {
    Ok(folio_db::list_terms(conn, kind, language)?
        .into_iter()
        .find(|l| &l.term.slug == slug)
        .map(|l| (l.term, l.article_count)))
}

async fn term_get(
    state: AppState,
    kind: TermKind,
    slug: String,
    raw: Option<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let params: TermParams = parse_query(raw.as_deref())?;
    let language = language_param(&state, params.language.as_deref())?;
    let slug = Slug::parse(&slug).map_err(|_| ApiError::not_found(kind.as_str()))?;
    let code = language.to_string();
    let (term, count) = state
        .read(move |c| find_term(c, kind, &language, &slug))
        .await?
        .ok_or_else(|| ApiError::not_found(kind.as_str()))?;
    cache::shows(&term);
    cache::depends_on_results(cache::language_results(&code));
    Ok(respond(&headers, &state.api.builder.term(&term, count)))
}

/// A topic or region as a client writes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Terrorism"}))]
pub struct TermWrite {
    pub name: String,
}

async fn term_put(
    state: AppState,
    caller: Caller,
    kind: TermKind,
    slug: String,
    raw: Option<String>,
    headers: HeaderMap,
    write: TermWrite,
) -> ApiResult<Response> {
    let params: TermParams = parse_query(raw.as_deref())?;
    let language = language_param(&state, params.language.as_deref())?;
    let (name, slug) = crate::editing::term_fields(&write.name, &slug)
        .map_err(|(field, message)| ApiError::invalid_field(field, message))?;
    let if_match = IfMatch::from_headers(&headers)?;
    let task_state = state.clone();
    let (created, term, count) = write_tx(&state, move |c| {
        let existing = find_term(c, kind, &language, &slug)?;
        match &existing {
            Some((term, count)) => {
                if_match.check_existing(&etag_for(&task_state.api.builder.term(term, *count)))?
            }
            None => if_match.check_missing()?,
        }
        let now = Timestamp::now();
        folio_db::upsert_term(c, kind, &language, &slug, &name, now)?;
        folio_db::audit(
            c,
            &caller.actor(),
            &format!("{}s.saved", kind.as_str()),
            &format!("{language}/{slug}"),
            &name,
            now,
        )?;
        let (term, count) = find_term(c, kind, &language, &slug)?
            .ok_or_else(|| ApiError::internal("term vanished"))?;
        Ok((existing.is_none(), term, count))
    })
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(respond_with_status(
        status,
        &state.api.builder.term(&term, count),
    ))
}

async fn term_delete(
    state: AppState,
    caller: Caller,
    kind: TermKind,
    slug: String,
    raw: Option<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let params: TermParams = parse_query(raw.as_deref())?;
    let language = language_param(&state, params.language.as_deref())?;
    let slug = Slug::parse(&slug).map_err(|_| ApiError::not_found(kind.as_str()))?;
    let if_match = IfMatch::from_headers(&headers)?;
    let task_state = state.clone();
    write_tx(&state, move |c| {
        let (term, count) = find_term(c, kind, &language, &slug)?
            .ok_or_else(|| ApiError::not_found(kind.as_str()))?;
        if_match.check_existing(&etag_for(&task_state.api.builder.term(&term, count)))?;
        let now = Timestamp::now();
        folio_db::delete_term(c, term.id, now)?;
        folio_db::audit(
            c,
            &caller.actor(),
            &format!("{}s.deleted", kind.as_str()),
            &format!("{language}/{slug}"),
            &term.name,
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(no_content())
}

macro_rules! term_endpoints {
    ($kind:expr, $tag:literal, $list:ident, $get:ident, $put:ident, $delete:ident, $collection:literal, $item:literal, $one:literal) => {
        #[doc = concat!("List ", $tag)]
        #[utoipa::path(
            get, path = $collection, tag = "taxonomy",
            params(TermParams),
            security((), ("token" = [])),
            responses((status = 200, description = concat!("Every ", $one, " of the language, by name"), body = TermListJson), ReadFailures)
        )]
        pub async fn $list(State(state): State<AppState>, RawQuery(raw): RawQuery, headers: HeaderMap) -> ApiResult<Response> {
            term_list(state, $kind, raw, headers).await
        }

        #[doc = concat!("Get a ", $one)]
        #[utoipa::path(
            get, path = $item, tag = "taxonomy",
            params(("slug" = String, Path), TermParams),
            security((), ("token" = [])),
            responses(
                (status = 200, description = concat!("The ", $one), body = TermJson, headers(("ETag" = String))),
                (status = 304, description = "Unchanged since the ETag in If-None-Match"),
                (status = 404, description = "Nothing here", body = ErrorBody),
                ReadFailures,
            )
        )]
        pub async fn $get(State(state): State<AppState>, Path(slug): Path<String>, RawQuery(raw): RawQuery, headers: HeaderMap) -> ApiResult<Response> {
            term_get(state, $kind, slug, raw, headers).await
        }

        #[doc = concat!("Create or rename a ", $one)]
        ///
        /// Editors and admins. Its slug shares the article namespace (409 when
        /// taken). Renaming needs `If-Match`.
        #[utoipa::path(
            put, path = $item, tag = "taxonomy",
            params(("slug" = String, Path), TermParams,
                   ("If-Match" = Option<String>, Header, description = "The ETag you last read; required to rename")),
            request_body = TermWrite,
            security(("token" = [])),
            responses(
                (status = 200, description = "Renamed (or already so)", body = TermJson, headers(("ETag" = String))),
                (status = 201, description = "Created", body = TermJson, headers(("ETag" = String))),
                WriteFailures,
            )
        )]
        pub async fn $put(
            State(state): State<AppState>,
            Extension(caller): Extension<Caller>,
            Path(slug): Path<String>,
            RawQuery(raw): RawQuery,
            headers: HeaderMap,
            ApiJson(write): ApiJson<TermWrite>,
        ) -> ApiResult<Response> {
            term_put(state, caller, $kind, slug, raw, headers, write).await
        }

        #[doc = concat!("Delete a ", $one)]
        ///
        /// Editors and admins; one that articles are filed under cannot be
        /// deleted (409). Needs `If-Match`.
        #[utoipa::path(
            delete, path = $item, tag = "taxonomy",
            params(("slug" = String, Path), TermParams,
                   ("If-Match" = Option<String>, Header, description = "The ETag you last read (required)")),
            security(("token" = [])),
            responses((status = 204, description = "Deleted"), WriteFailures)
        )]
        pub async fn $delete(
            State(state): State<AppState>,
            Extension(caller): Extension<Caller>,
            Path(slug): Path<String>,
            RawQuery(raw): RawQuery,
            headers: HeaderMap,
        ) -> ApiResult<Response> {
            term_delete(state, caller, $kind, slug, raw, headers).await
        }
    };
}

term_endpoints!(
    TermKind::Topic,
    "topics",
    topics,
    topic,
    put_topic,
    delete_topic,
    "/api/v1/topics",
    "/api/v1/topics/{slug}",
    "topic"
);
term_endpoints!(
    TermKind::Region,
    "regions",
    regions,
    region,
    put_region,
    delete_region,
    "/api/v1/regions",
    "/api/v1/regions/{slug}",
    "region"
);

/// List content types
#[utoipa::path(
    get, path = "/api/v1/content-types", tag = "taxonomy",
    params(TermParams),
    security((), ("token" = [])),
    responses((status = 200, description = "Every content type, by name", body = ContentTypeListJson), ReadFailures)
)]
pub async fn content_types(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let params: TermParams = parse_query(raw.as_deref())?;
    let language = language_param(&state, params.language.as_deref())?;
    let listings = state
        .read(move |c| folio_db::list_content_types(c, &language))
        .await?;
    cache::depends_on(Dep::ContentTypes);
    cache::shows(&listings);
    let builder = &state.api.builder;
    let body = ContentTypeListJson {
        items: listings
            .iter()
            .map(|l| builder.content_type(&l.content_type))
            .collect(),
    };
    Ok(respond(&headers, &body))
}

/// List programs
#[utoipa::path(
    get, path = "/api/v1/programs", tag = "taxonomy",
    security((), ("token" = [])),
    responses((status = 200, description = "Every program, by name", body = ProgramListJson), ReadFailures)
)]
pub async fn programs(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _: NoParams = parse_query(raw.as_deref())?;
    let programs = state.read(folio_db::list_programs).await?;
    cache::depends_on(Dep::Programs);
    cache::shows(&programs);
    let builder = &state.api.builder;
    let body = ProgramListJson {
        items: programs.iter().map(|p| builder.program(p)).collect(),
    };
    Ok(respond(&headers, &body))
}
