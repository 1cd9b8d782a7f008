//! `/api/v1/articles…`: lists, one article, its translations, and the
//! writes: create, replace (PUT by slug), delete and workflow steps, each
//! through the admin's own validation ([`ArticleForm::to_input`]) and
//! editorial operations ([`crate::editing`]).

use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use folio_core::{Article, ArticleStatus, LanguageCode, Slug, Timestamp, WorkflowAction};
use folio_db::{ArticleFilter, ArticleSort, Conn, ListPosition, PositionKey, StoreResult};
use folio_search::{FacetKind, ResultSet};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::input::{ApiJson, IfMatch, parse_query};
use super::resources::{ArticleJson, ArticleListJson, RelationJson, TranslationListJson};
use super::{ReadFailures, WriteFailures, respond, respond_with_status, write_tx};
use crate::AppState;
use crate::admin::article_form::{ArticleForm, SyndicationRow};
use crate::cache::deps as cache;
use crate::editing::{self, LoadedArticle, StepRefused};

/// Most articles one page lists.
const MAX_LIMIT: u32 = 100;
const DEFAULT_LIMIT: u32 = 20;

/// The order of a list.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortParam {
    /// Publication date, newest first (undated last). The default.
    Newest,
    /// Publication date, oldest first (undated last).
    Oldest,
    /// Last change, most recent first.
    Updated,
}

/// The articles list's parameters. Filters combine; unknown parameters are
/// refused.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// A language code of the site (`en`, `ar`); all languages when absent.
    language: Option<String>,
    /// A topic's slug.
    topic: Option<String>,
    /// A region's slug.
    region: Option<String>,
    /// An expert's slug: pieces they wrote.
    expert: Option<String>,
    /// A content type's slug.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    content_type: Option<String>,
    /// An outlet that also carried the piece, by name ("Foreign Affairs").
    outlet: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`).
    #[param(format = Date)]
    from: Option<String>,
    /// Published on or before this date (`YYYY-MM-DD`).
    #[param(format = Date)]
    to: Option<String>,
    /// Only this status; needs a token (authors see their own work).
    #[param(value_type = Option<super::resources::StatusJson>)]
    status: Option<String>,
    #[param(value_type = Option<SortParam>)]
    sort: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// `language` alone, for one article.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LanguageParam {
    /// The article's language (the site's default language when absent).
    language: Option<String>,
}

fn slug_param(field: &str, text: &str) -> ApiResult<Slug> {
    Slug::parse(text).map_err(|e| ApiError::bad_parameter(field, format!("not a slug: {e}")))
}

fn date_param(field: &str, text: &str) -> ApiResult<folio_core::Date> {
    text.parse()
        .map_err(|_| ApiError::bad_parameter(field, "write the date as YYYY-MM-DD"))
}

pub(super) fn language_param(state: &AppState, code: Option<&str>) -> ApiResult<LanguageCode> {
    match code {
        None => Ok(state.config.site.default_language.clone()),
        Some(code) => state
            .config
            .language(code)
            .map(|l| l.code.clone())
            .ok_or_else(|| {
                ApiError::bad_parameter(
                    "language",
                    format!(
                        "not one of the site's languages ({})",
                        state
                            .config
                            .languages
                            .iter()
                            .map(|l| l.code.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            }),
    }
}

/// A cursor is the last item's position, opaque to clients (hex of
/// `sort|key|id`); anything else is a 400, never a 500.
fn encode_cursor(position: &ListPosition) -> String {
    let key = match &position.key {
        PositionKey::Date(Some(date)) => date.to_string(),
        PositionKey::Date(None) => String::new(),
        PositionKey::Instant(millis) => millis.to_string(),
    };
    hex::encode(format!("{}|{key}|{}", position.sort.as_str(), position.id))
}

fn decode_cursor(text: &str, sort: ArticleSort) -> ApiResult<ListPosition> {
    let bad = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_cursor",
            "this cursor is not one the API gave out; start again without `cursor`",
        )
        .with_field("cursor")
    };
    let bytes = hex::decode(text).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let mut parts = text.split('|');
    let (Some(sort_text), Some(key), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if ArticleSort::parse(sort_text) != Some(sort) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_cursor",
            "this cursor belongs to a list in another order; keep `sort` as it was",
        )
        .with_field("cursor"));
    }
    let id: i64 = id.parse().map_err(|_| bad())?;
    let key = match sort {
        ArticleSort::Updated => PositionKey::Instant(key.parse().map_err(|_| bad())?),
        ArticleSort::Newest | ArticleSort::Oldest if key.is_empty() => PositionKey::Date(None),
        ArticleSort::Newest | ArticleSort::Oldest => {
            PositionKey::Date(Some(key.parse().map_err(|_| bad())?))
        }
    };
    Ok(ListPosition { sort, key, id })
}

/// List articles
///
/// Published articles, filtered and sorted, a page at a time. With an
/// editor's token, `status` lists drafts and the rest too; an author's
/// token lists the author's own.
#[utoipa::path(
    get, path = "/api/v1/articles", tag = "articles",
    params(ListParams),
    security((), ("token" = [])),
    responses(
        (status = 200, description = "A page of articles", body = ArticleListJson),
        ReadFailures,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let params: ListParams = parse_query(raw.as_deref())?;
    let mut filter = ArticleFilter::published();
    if let Some(code) = params.language.as_deref() {
        filter.language = Some(language_param(&state, Some(code))?);
    }
    filter.topic = params
        .topic
        .as_deref()
        .map(|t| slug_param("topic", t))
        .transpose()?;
    filter.region = params
        .region
        .as_deref()
        .map(|t| slug_param("region", t))
        .transpose()?;
    filter.expert = params
        .expert
        .as_deref()
        .map(|t| slug_param("expert", t))
        .transpose()?;
    filter.content_type = params
        .content_type
        .as_deref()
        .map(|t| slug_param("type", t))
        .transpose()?;
    filter.outlet = params.outlet.clone();
    filter.from = params
        .from
        .as_deref()
        .map(|d| date_param("from", d))
        .transpose()?;
    filter.to = params
        .to
        .as_deref()
        .map(|d| date_param("to", d))
        .transpose()?;
    if let Some(status) = params.status.as_deref() {
        let status = ArticleStatus::parse(status).ok_or_else(|| {
            ApiError::bad_parameter(
                "status",
                "one of draft, in_review, scheduled, published, archived",
            )
        })?;
        if status != ArticleStatus::Published {
            match &caller {
                Caller::Anonymous => {
                    return Err(ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "unauthorized",
                        "only published articles are public; send a token to list others",
                    ));
                }
                Caller::Token(token) if !caller.sees_all_content() => {
                    filter.created_by = Some(
                        token
                            .user
                            .ok_or_else(|| ApiError::forbidden("this token owns no articles"))?,
                    );
                }
                Caller::Token(_) => {}
            }
        }
        filter.status = Some(status);
    }
    let sort = match params.sort.as_deref() {
        None => ArticleSort::Newest,
        Some(text) => ArticleSort::parse(text)
            .ok_or_else(|| ApiError::bad_parameter("sort", "one of newest, oldest, updated"))?,
    };
    let limit = match params.limit.as_deref() {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::bad_parameter("limit", format!("a whole number from 1 to {MAX_LIMIT}"))
            })?,
    };
    let after = params
        .cursor
        .as_deref()
        .map(|c| decode_cursor(c, sort))
        .transpose()?;
    cache::depends_on_results(results_of(&filter));
    let page = state
        .read(move |c| folio_db::filter_articles(c, &filter, sort, after.as_ref(), limit))
        .await?;
    cache::shows(&page.items);
    let builder = state.api.builder.clone();
    let body = ArticleListJson {
        items: page.items.iter().map(|a| builder.summary(a)).collect(),
        next_cursor: page.next.as_ref().map(encode_cursor),
    };
    Ok(respond(&headers, &body))
}

/// The articles a list filter can include, for the page cache.
fn results_of(filter: &ArticleFilter) -> ResultSet {
    let facets = [
        (
            FacetKind::Language,
            filter.language.as_ref().map(|l| l.to_string()),
        ),
        (
            FacetKind::Topic,
            filter.topic.as_ref().map(|s| s.to_string()),
        ),
        (
            FacetKind::Region,
            filter.region.as_ref().map(|s| s.to_string()),
        ),
        (
            FacetKind::Expert,
            filter.expert.as_ref().map(|s| s.to_string()),
        ),
        (
            FacetKind::Type,
            filter.content_type.as_ref().map(|s| s.to_string()),
        ),
        (
            FacetKind::Outlet,
            filter.outlet.as_deref().map(folio_core::slugify),
        ),
    ];
    ResultSet::fixed(
        facets
            .into_iter()
            .filter_map(|(kind, value)| value.map(|v| (kind, vec![v]))),
    )
    .between(filter.from, filter.to)
}

/// The article at `(language, slug)` the caller may see.
fn visible_article(
    conn: &mut Conn<'_>,
    caller: &Caller,
    language: &LanguageCode,
    slug: &Slug,
) -> StoreResult<Option<LoadedArticle>> {
    let Some(id) = folio_db::article_id_at(conn, language, slug)? else {
        return Ok(None);
    };
    let Some(loaded) = editing::load(conn, id)? else {
        return Ok(None);
    };
    let visible = loaded.state.status == ArticleStatus::Published
        || caller
            .editor()
            .is_some_and(|e| e.may_view(loaded.state.created_by));
    Ok(visible.then_some(loaded))
}

/// The article as the API shows it, to every caller alike (so one `ETag`
/// fits all): translations and recommended pieces only as readers see
/// them, never an unpublished one.
fn shown(conn: &mut Conn<'_>, mut article: Article) -> StoreResult<Article> {
    for pick in &mut article.recommended {
        if pick
            .article
            .as_ref()
            .is_some_and(|a| a.status != ArticleStatus::Published)
        {
            pick.article = None;
        }
    }
    let mut published = Vec::new();
    for translation in std::mem::take(&mut article.translations) {
        let Some(id) = folio_db::article_id_at(conn, &translation.language, &translation.slug)?
        else {
            continue;
        };
        if folio_db::editorial_state(conn, id)?
            .is_some_and(|s| s.status == ArticleStatus::Published)
        {
            published.push(translation);
        }
    }
    article.translations = published;
    Ok(article)
}

/// The article a path and `?language=` name: its language and slug. A
/// slug that cannot exist is simply not found.
fn address(state: &AppState, raw: Option<&str>, slug: &str) -> ApiResult<(LanguageCode, Slug)> {
    let params: LanguageParam = parse_query(raw)?;
    let language = language_param(state, params.language.as_deref())?;
    let slug = Slug::parse(slug).map_err(|_| ApiError::not_found("article"))?;
    Ok((language, slug))
}

/// The article a read names, as the API shows it, if the caller may see it.
async fn read_article(
    state: &AppState,
    caller: Caller,
    raw: Option<&str>,
    slug: &str,
) -> ApiResult<Article> {
    let (language, slug) = address(state, raw, slug)?;
    state
        .read(
            move |c| match visible_article(c, &caller, &language, &slug)? {
                Some(loaded) => shown(c, loaded.article).map(Some),
                None => Ok(None),
            },
        )
        .await?
        .ok_or_else(|| ApiError::not_found("article"))
        .inspect(cache::shows)
}

/// The stored article a write names, for a caller who may see it.
fn writable(
    conn: &mut Conn<'_>,
    caller: &Caller,
    language: &LanguageCode,
    slug: &Slug,
) -> ApiResult<LoadedArticle> {
    let editor = caller
        .editor()
        .ok_or_else(|| ApiError::forbidden("send a token"))?;
    let id = folio_db::article_id_at(conn, language, slug)?
        .ok_or_else(|| ApiError::not_found("article"))?;
    let loaded = editing::load(conn, id)?.ok_or_else(|| ApiError::not_found("article"))?;
    if !editor.may_view(loaded.state.created_by) {
        return Err(ApiError::not_found("article"));
    }
    Ok(loaded)
}

/// Get an article
///
/// Every field of the content model and the rendered HTML. Send the
/// `ETag` back as `If-Match` when you change it.
#[utoipa::path(
    get, path = "/api/v1/articles/{slug}", tag = "articles",
    params(("slug" = String, Path, description = "The article's slug"), LanguageParam),
    security((), ("token" = [])),
    responses(
        (status = 200, description = "The article", body = ArticleJson,
         headers(("ETag" = String, description = "The representation's tag, for If-Match and If-None-Match"))),
        (status = 304, description = "Unchanged since the ETag in If-None-Match"),
        (status = 404, description = "No article the caller may see is here", body = ErrorBody),
        ReadFailures,
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let article = read_article(&state, caller, raw.as_deref(), &slug).await?;
    Ok(respond(&headers, &state.api.builder.article(&article)))
}

/// List an article's translations
#[utoipa::path(
    get, path = "/api/v1/articles/{slug}/translations", tag = "articles",
    params(("slug" = String, Path, description = "The article's slug"), LanguageParam),
    security((), ("token" = [])),
    responses(
        (status = 200, description = "The same piece in other languages", body = TranslationListJson),
        (status = 304, description = "Unchanged since the ETag in If-None-Match"),
        (status = 404, description = "No article the caller may see is here", body = ErrorBody),
        ReadFailures,
    )
)]
pub async fn translations(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let article = read_article(&state, caller, raw.as_deref(), &slug).await?;
    let builder = &state.api.builder;
    let body = TranslationListJson {
        items: article
            .translations
            .iter()
            .map(|t| builder.translation(t))
            .collect(),
    };
    Ok(respond(&headers, &body))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyndicationWrite {
    pub relation: RelationJson,
    pub outlet: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationWrite {
    pub language: String,
    pub slug: String,
}

/// An article as a client writes it. Status is not written here: it moves
/// through the workflow endpoints. Fields left out take their empty value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Putin Is No Ally in the War on Terror in 2024",
    "deck": "The Kremlin's legacy of ties to terrorist groups should give pause.",
    "body_markdown": "**W**ith the attack on Crocus City Hall…",
    "content_type": "articles-testimony",
    "published_on": "2024-04-05",
    "authors": ["anna-borshchevskaya"],
    "topics": ["terrorism"],
    "regions": ["middle-east"],
    "syndications": [{"relation": "also_published_in", "outlet": "19FortyFive"}]
}))]
pub struct ArticleWrite {
    /// For POST: the address (made from the title when absent). For PUT:
    /// a new address renames the article (the old one redirects).
    #[serde(default)]
    pub slug: Option<String>,
    /// For POST: the language (the site's default when absent). For PUT it
    /// must match the `language` parameter when given.
    #[serde(default)]
    pub language: Option<String>,
    pub title: String,
    #[serde(default)]
    pub deck: String,
    #[serde(default)]
    pub body_markdown: String,
    #[serde(default)]
    pub body_is_excerpt: bool,
    /// A content type's slug.
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 4294967295.0)]
    pub series_number: Option<u32>,
    /// `YYYY-MM-DD`; publishing fills in today when absent.
    #[serde(default)]
    #[schema(format = Date)]
    pub published_on: Option<String>,
    /// Experts' slugs, in byline order.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Topics' slugs in the article's language.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Regions' slugs in the article's language.
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub author_note_markdown: String,
    #[serde(default)]
    pub syndications: Vec<SyndicationWrite>,
    /// Recommended pieces: a slug, or `lang/slug` in another language.
    #[serde(default)]
    pub recommended: Vec<String>,
    /// "Also available in": the same piece's slug in other languages.
    #[serde(default)]
    pub translations: Vec<TranslationWrite>,
}

impl ArticleWrite {
    /// The admin editor's form with these values, so the API checks exactly
    /// what the editor checks.
    /// What JSON says plainly that the form would read loosely: checked
    /// before anything else, so a malformed body is a 422 whatever the
    /// preconditions.
    fn check(&self) -> ApiResult<()> {
        // The form reads an empty date as none; JSON says none with null.
        if let Some(date) = &self.published_on
            && date.parse::<folio_core::Date>().is_err()
        {
            return Err(ApiError::invalid_field(
                "published_on",
                "write the date as YYYY-MM-DD, or null for none",
            ));
        }
        Ok(())
    }

    fn into_form(self, language: &LanguageCode, slug: &str) -> ApiResult<ArticleForm> {
        for (field, values) in [
            ("authors", &self.authors),
            ("recommended", &self.recommended),
        ] {
            if values.iter().any(|v| v.contains(['\n', '\r'])) {
                return Err(ApiError::invalid_field(
                    field,
                    "one entry per list item, no line breaks",
                ));
            }
        }
        Ok(ArticleForm {
            language: language.to_string(),
            title: self.title,
            slug: slug.to_owned(),
            deck: self.deck,
            body: self.body_markdown,
            body_is_excerpt: self.body_is_excerpt,
            content_type: self.content_type.unwrap_or_default(),
            series_number: self
                .series_number
                .map(|n| n.to_string())
                .unwrap_or_default(),
            published_on: self.published_on.unwrap_or_default(),
            authors: self.authors.join("\n"),
            topics: self.topics,
            regions: self.regions,
            author_note: self.author_note_markdown,
            syndications: self
                .syndications
                .into_iter()
                .map(|s| SyndicationRow {
                    relation: s.relation.as_str().to_owned(),
                    outlet: s.outlet.trim().to_owned(),
                    url: s.url.unwrap_or_default().trim().to_owned(),
                })
                .collect(),
            translations: self
                .translations
                .into_iter()
                .map(|t| (t.language, t.slug))
                .collect(),
            recommended: self.recommended.join("\n"),
            version: 0,
        })
    }
}

/// The form's problems as the API names fields.
fn form_error(errors: crate::admin::forms::FieldErrors) -> ApiError {
    let (field, message) = errors
        .0
        .into_iter()
        .next()
        .unwrap_or_else(|| ("form".into(), "the article is not valid".into()));
    let field = match field.as_str() {
        "body" => "body_markdown".to_owned(),
        "author_note" => "author_note_markdown".to_owned(),
        "form" => return ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message),
        _ => field,
    };
    ApiError::invalid_field(&field, message)
}

/// What a write did, and the article after it as the API shows it.
enum Written {
    Created(Article),
    Updated(Article),
}

fn written_response(state: &AppState, written: Written) -> Response {
    let (status, article) = match written {
        Written::Created(article) => (StatusCode::CREATED, article),
        Written::Updated(article) => (StatusCode::OK, article),
    };
    let body = state.api.builder.article(&article);
    let mut response = respond_with_status(status, &body);
    if status == StatusCode::CREATED
        && let Ok(location) = axum::http::HeaderValue::from_str(&format!(
            "/api/v1/articles/{}?language={}",
            article.slug, article.language
        ))
    {
        response
            .headers_mut()
            .insert(axum::http::header::LOCATION, location);
    }
    response
}

/// Creates an article from `write` as a draft of the caller.
fn create_in(
    conn: &mut Conn<'_>,
    state: &AppState,
    caller: &Caller,
    language: &LanguageCode,
    slug: &str,
    write: ArticleWrite,
) -> Result<Written, ApiError> {
    let form = write.into_form(language, slug)?;
    let input = match form.to_input(conn, &state.config, None, ArticleStatus::Draft)? {
        Ok(input) => input,
        Err(errors) => return Err(form_error(errors)),
    };
    let owner = match caller {
        Caller::Token(token) => token.user,
        Caller::Anonymous => None,
    };
    let id = editing::create_article(conn, &input, owner, &caller.actor(), Timestamp::now())?;
    Ok(Written::Created(after(conn, id)?))
}

/// Create an article
///
/// A new draft, owned by the token's account. 409 when the slug is taken
/// (by an article, topic or region: they share one namespace).
#[utoipa::path(
    post, path = "/api/v1/articles", tag = "articles",
    request_body = ArticleWrite,
    security(("token" = [])),
    responses(
        (status = 201, description = "Created as a draft", body = ArticleJson,
         headers(("ETag" = String), ("Location" = String))),
        WriteFailures,
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiJson(write): ApiJson<ArticleWrite>,
) -> ApiResult<Response> {
    write.check()?;
    let language = language_param(&state, write.language.as_deref()).map_err(|e| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_field",
        ..e
    })?;
    let slug = match write.slug.as_deref().map(str::trim) {
        Some(slug) if !slug.is_empty() => slug.to_owned(),
        _ => folio_core::slugify(write.title.trim()),
    };
    let task_state = state.clone();
    let written = write_tx(&state, move |c| {
        if let Ok(parsed) = Slug::parse(&slug)
            && folio_db::path_kind(c, &language, &parsed)?.is_some()
        {
            return Err(ApiError::conflict(format!(
                "“{slug}” is already an address in {language}; PUT to it to change that article"
            ))
            .with_field("slug"));
        }
        create_in(c, &task_state, &caller, &language, &slug, write)
    })
    .await?;
    Ok(written_response(&state, written))
}

/// Create or replace an article
///
/// Idempotent: the same body twice leaves one article, changed once. To
/// replace an existing article send `If-Match` with its `ETag` (428
/// without, 412 when it changed since). Creating needs no `If-Match`.
#[utoipa::path(
    put, path = "/api/v1/articles/{slug}", tag = "articles",
    params(("slug" = String, Path, description = "The article's slug"), LanguageParam,
           ("If-Match" = Option<String>, Header, description = "The ETag you last read; required to replace an existing article")),
    request_body = ArticleWrite,
    security(("token" = [])),
    responses(
        (status = 200, description = "Replaced (or already so)", body = ArticleJson, headers(("ETag" = String))),
        (status = 201, description = "Created as a draft", body = ArticleJson,
         headers(("ETag" = String), ("Location" = String))),
        WriteFailures,
    )
)]
pub async fn put(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    ApiJson(write): ApiJson<ArticleWrite>,
) -> ApiResult<Response> {
    write.check()?;
    let params: LanguageParam = parse_query(raw.as_deref())?;
    let language = language_param(&state, params.language.as_deref())?;
    if write
        .language
        .as_deref()
        .is_some_and(|l| l != language.as_str())
    {
        return Err(ApiError::invalid_field(
            "language",
            "an article's language cannot change; it must match the `language` parameter",
        ));
    }
    let path_slug = Slug::parse(&slug)
        .map_err(|e| ApiError::invalid_field("slug", format!("not a slug: {e}")))?;
    let if_match = IfMatch::from_headers(&headers)?;
    let task_state = state.clone();
    let written = write_tx(&state, move |c| {
        if folio_db::article_id_at(c, &language, &path_slug)?.is_none() {
            if_match.check_missing()?;
            if write
                .slug
                .as_deref()
                .is_some_and(|s| s != path_slug.as_str())
            {
                return Err(ApiError::invalid_field(
                    "slug",
                    "to create an article, PUT to its own slug",
                ));
            }
            return create_in(
                c,
                &task_state,
                &caller,
                &language,
                path_slug.as_str(),
                write,
            );
        }
        let loaded = writable(c, &caller, &language, &path_slug)?;
        let editor = caller
            .editor()
            .ok_or_else(|| ApiError::forbidden("send a token"))?;
        if_match.check_existing(&current_etag(c, &task_state, &loaded)?)?;
        if !editor.may_edit(loaded.state.status, loaded.state.created_by) {
            return Err(ApiError::forbidden(
                "authors change only their own drafts; this one is with the editors",
            ));
        }
        let new_slug = write.slug.clone().unwrap_or_else(|| path_slug.to_string());
        let form = write.into_form(&language, &new_slug)?;
        let input = match form.to_input(
            c,
            &task_state.config,
            Some(&loaded.article),
            loaded.state.status,
        )? {
            Ok(input) => input,
            Err(errors) => return Err(form_error(errors)),
        };
        if input == loaded.input() {
            return Ok(Written::Updated(shown(c, loaded.article)?));
        }
        let paths = task_state.renderer.paths().clone();
        editing::update_article(
            c,
            &loaded,
            &input,
            &caller.actor(),
            &paths,
            Timestamp::now(),
        )?;
        Ok(Written::Updated(after(c, loaded.article.id)?))
    })
    .await?;
    Ok(written_response(&state, written))
}

/// The tag the article's representation has now.
fn current_etag(
    conn: &mut Conn<'_>,
    state: &AppState,
    loaded: &LoadedArticle,
) -> ApiResult<String> {
    let article = shown(conn, loaded.article.clone())?;
    Ok(super::etag_for(&state.api.builder.article(&article)))
}

/// The article after a write, as the API shows it.
fn after(conn: &mut Conn<'_>, id: folio_core::ArticleId) -> ApiResult<Article> {
    let loaded = editing::load(conn, id)?.ok_or_else(|| ApiError::internal("article vanished"))?;
    Ok(shown(conn, loaded.article)?)
}

/// Delete an article
///
/// Editors and admins only. Needs `If-Match`.
#[utoipa::path(
    delete, path = "/api/v1/articles/{slug}", tag = "articles",
    params(("slug" = String, Path, description = "The article's slug"), LanguageParam,
           ("If-Match" = Option<String>, Header, description = "The ETag you last read (required)")),
    security(("token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        WriteFailures,
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (language, slug) = address(&state, raw.as_deref(), &slug)?;
    let if_match = IfMatch::from_headers(&headers)?;
    let task_state = state.clone();
    write_tx(&state, move |c| {
        let loaded = writable(c, &caller, &language, &slug)?;
        if_match.check_existing(&current_etag(c, &task_state, &loaded)?)?;
        editing::delete_article(c, loaded.article.id, &caller.actor(), Timestamp::now())?;
        Ok(())
    })
    .await?;
    Ok(super::no_content())
}

/// When to publish a scheduled article.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleWrite {
    /// An instant in the future, RFC 3339 (`2026-12-01T09:00:00-05:00`).
    #[schema(format = DateTime, example = "2026-12-01T14:00:00Z")]
    pub publish_at: String,
}

async fn step(
    state: AppState,
    caller: Caller,
    slug: String,
    raw: Option<String>,
    headers: HeaderMap,
    action: WorkflowAction,
    publish_at: Option<Timestamp>,
) -> ApiResult<Response> {
    let (language, slug) = address(&state, raw.as_deref(), &slug)?;
    let if_match = IfMatch::from_headers(&headers)?;
    let task_state = state.clone();
    let now = Timestamp::now();
    let zone = state.config.site.time_zone.clone();
    let publication_date = publish_at.unwrap_or(now).to_zoned(zone).date();
    let article = write_tx(&state, move |c| {
        let editor = caller
            .editor()
            .ok_or_else(|| ApiError::forbidden("send a token"))?;
        let loaded = writable(c, &caller, &language, &slug)?;
        let id = loaded.article.id;
        if_match.check_existing(&current_etag(c, &task_state, &loaded)?)?;
        let note = match publish_at {
            Some(at) => format!("Scheduled for {at} (API)"),
            None => format!("{} (API)", action.as_str()),
        };
        match editing::take_workflow_step(
            c,
            editor,
            &caller.actor(),
            id,
            action,
            publish_at,
            publication_date,
            &note,
            now,
        )? {
            Ok(_) => after(c, id),
            Err(StepRefused::Missing) => Err(ApiError::not_found("article")),
            Err(StepRefused::NotAllowed(status)) => Err(if action.applies_to(status) {
                ApiError::forbidden(format!(
                    "your role cannot {} this article",
                    action.as_str().replace('_', " ")
                ))
            } else {
                ApiError::conflict(format!(
                    "an article that is {} cannot take this step",
                    status.as_str().replace('_', " ")
                ))
            }),
        }
    })
    .await?;
    Ok(written_response(&state, Written::Updated(article)))
}

macro_rules! workflow_endpoint {
    ($name:ident, $path:literal, $action:expr, $summary:literal, $doc:literal) => {
        #[doc = $summary]
        ///
        #[doc = $doc]
        #[utoipa::path(
            post, path = $path, tag = "workflow",
            params(("slug" = String, Path, description = "The article's slug"), LanguageParam,
                   ("If-Match" = Option<String>, Header, description = "The ETag you last read (required)")),
            security(("token" = [])),
            responses(
                (status = 200, description = "The article after the step", body = ArticleJson, headers(("ETag" = String))),
                WriteFailures,
            )
        )]
        pub async fn $name(
            State(state): State<AppState>,
            Extension(caller): Extension<Caller>,
            Path(slug): Path<String>,
            RawQuery(raw): RawQuery,
            headers: HeaderMap,
        ) -> ApiResult<Response> {
            step(state, caller, slug, raw, headers, $action, None).await
        }
    };
}

workflow_endpoint!(
    submit,
    "/api/v1/articles/{slug}/submit",
    WorkflowAction::Submit,
    "Submit a draft for review",
    "Authors submit their own drafts; editors any."
);
workflow_endpoint!(
    publish,
    "/api/v1/articles/{slug}/publish",
    WorkflowAction::Publish,
    "Publish an article now",
    "Editors and admins. A missing publication date becomes today."
);
workflow_endpoint!(
    unpublish,
    "/api/v1/articles/{slug}/unpublish",
    WorkflowAction::ReturnToDraft,
    "Take an article back to draft",
    "Editors and admins: a published, scheduled, archived or in-review article goes back to draft (off the site)."
);
workflow_endpoint!(
    archive,
    "/api/v1/articles/{slug}/archive",
    WorkflowAction::Archive,
    "Archive a published article",
    "Editors and admins: off the site, kept in the admin."
);

/// Schedule an article
///
/// Editors and admins: it publishes itself at `publish_at`.
#[utoipa::path(
    post, path = "/api/v1/articles/{slug}/schedule", tag = "workflow",
    params(("slug" = String, Path, description = "The article's slug"), LanguageParam,
           ("If-Match" = Option<String>, Header, description = "The ETag you last read (required)")),
    request_body = ScheduleWrite,
    security(("token" = [])),
    responses(
        (status = 200, description = "Scheduled", body = ArticleJson, headers(("ETag" = String))),
        WriteFailures,
    )
)]
pub async fn schedule(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    ApiJson(write): ApiJson<ScheduleWrite>,
) -> ApiResult<Response> {
    let at: Timestamp = write.publish_at.parse().map_err(|_| {
        ApiError::invalid_field(
            "publish_at",
            "an RFC 3339 instant, such as 2026-12-01T14:00:00Z",
        )
    })?;
    if at <= Timestamp::now() {
        return Err(ApiError::invalid_field(
            "publish_at",
            "choose a time in the future",
        ));
    }
    step(
        state,
        caller,
        slug,
        raw,
        headers,
        WorkflowAction::Schedule,
        Some(at),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_forgeries() {
        let position = ListPosition {
            sort: ArticleSort::Newest,
            key: PositionKey::Date(Some("2024-04-05".parse().unwrap())),
            id: 7,
        };
        let cursor = encode_cursor(&position);
        assert_eq!(
            decode_cursor(&cursor, ArticleSort::Newest).unwrap(),
            position
        );
        assert!(decode_cursor(&cursor, ArticleSort::Updated).is_err());
        for forged in [
            "",
            "zz",
            &hex::encode("newest|x|1"),
            &hex::encode("newest||1|2"),
            &hex::encode("updated|1.5|1"),
        ] {
            let error = decode_cursor(forged, ArticleSort::Newest).unwrap_err();
            assert_eq!((error.status.as_u16(), error.code), (400, "bad_cursor"));
        }
        let undated = ListPosition {
            sort: ArticleSort::Oldest,
            key: PositionKey::Date(None),
            id: 1,
        };
        assert_eq!(
            decode_cursor(&encode_cursor(&undated), ArticleSort::Oldest).unwrap(),
            undated
        );
    }
}
