//! `/policy-analysis` and the namespace under it: articles, topics,
//! regions, and pieces known only by reference.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use folio_core::{PathKind, Slug, TermKind};
use folio_db::Visibility;
use folio_render::{CitationFormat, FeedFormat};
use folio_search::FacetKind;

use super::feeds::{FeedSubject, feed_response};
use super::search::filtered_listing;
use super::{Lang, html, related};
use crate::cache::deps as cache;
use crate::{AppError, AppState, not_found};

pub(crate) async fn index(
    State(state): State<AppState>,
    language: Lang,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let listing = filtered_listing(&state, &language, raw.as_deref(), Vec::new()).await?;
    let page = listing.page(state.renderer.paths().analysis(language.code.as_str()));
    Ok(html(state.renderer.analysis(&language, &page)?))
}

/// What lives at `/policy-analysis/{slug}`.
enum Found {
    Article(Box<folio_core::Article>),
    /// A topic or region, and the same term in other languages.
    Term(folio_core::Term, Vec<folio_core::Term>),
    Reference(folio_core::ArticleReference),
}

pub(crate) async fn namespace(
    State(state): State<AppState>,
    language: Lang,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let code = language.code.clone();
    let citations = Arc::clone(&state.citation_memo);
    let summaries = Arc::clone(&state.summary_memo);
    let names_in = state.translation_language(&language);
    let found = state
        .read(move |c| {
            Ok(match folio_db::path_kind(c, &code, &slug)? {
                Some(PathKind::Article) => {
                    let article =
                        folio_db::published_article_by_path(c, &code, &slug, &mut |c, ids| {
                            summaries.published(c, ids)
                        })?;
                    if let Some(article) = &article {
                        // Its citation files come next (in an export, at
                        // once): what they read is already here.
                        let mut core = article.clone();
                        core.recommended.clear();
                        core.translations.clear();
                        if let Some(names_in) = &names_in {
                            folio_db::localize(c, names_in, &mut core)?;
                        }
                        citations.put(c, (code.clone(), slug.clone()), Some(core))?;
                    }
                    article.map(|a| Found::Article(Box::new(a)))
                }
                Some(PathKind::Topic | PathKind::Region) => {
                    match folio_db::term_by_slug(c, &code, &slug)? {
                        Some(term) => {
                            let translations = folio_db::term_translations(c, term.id)?;
                            Some(Found::Term(term, translations))
                        }
                        None => None,
                    }
                }
                None => folio_db::article_reference(c, &code, &slug)?.map(Found::Reference),
            })
        })
        .await?
        .ok_or_else(not_found)?;
    let body = match found {
        Found::Article(mut article) => {
            related::fill_recommended(&state, &mut article).await?;
            let article = state.localize(&language, article).await?;
            cache::shows(&*article);
            let more = related::more_lists(&state, &language, &article).await?;
            state
                .renderer
                .article_with_more(&language, &article, &more)?
        }
        Found::Term(term, translations) => {
            cache::shows(&term);
            cache::shows(&translations);
            let kind = match term.kind {
                TermKind::Topic => FacetKind::Topic,
                TermKind::Region => FacetKind::Region,
            };
            let fixed = vec![(kind, term.slug.to_string())];
            let listing = filtered_listing(&state, &language, raw.as_deref(), fixed).await?;
            let base = state
                .renderer
                .paths()
                .in_namespace(term.language.as_str(), term.slug.as_str());
            state
                .renderer
                .term(&language, &term, &translations, &listing.page(base))?
        }
        Found::Reference(reference) => {
            let reference = state.localize(&language, reference).await?;
            cache::shows(&reference);
            state.renderer.reference(&language, &reference)?
        }
    };
    Ok(html(body))
}

/// A file beside a page of the namespace: a topic's or region's feed, or an
/// article's citation in a reference manager's format.
pub(crate) async fn namespace_file(
    State(state): State<AppState>,
    language: Lang,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let code = language.code.clone();
    if let Some(format) = FeedFormat::from_file_name(&file) {
        let term = state
            .read(move |c| match folio_db::path_kind(c, &code, &slug)? {
                Some(PathKind::Topic | PathKind::Region) => folio_db::term_by_slug(c, &code, &slug),
                _ => Ok(None),
            })
            .await?
            .ok_or_else(not_found)?;
        return feed_response(&state, &language, FeedSubject::Term(term), format).await;
    }
    let format = CitationFormat::from_file_name(&file).ok_or_else(not_found)?;
    let memo = Arc::clone(&state.citation_memo);
    // Its names as the page prints them (an Arabic piece cites its author
    // in Arabic, as its Highwire tags do).
    let article = state
        .read_in(&language, move |c| {
            memo.get_or_read(c, (code, slug), |c, (code, slug)| {
                match folio_db::path_kind(c, code, slug)? {
                    // A citation needs no Recommended list or translations.
                    Some(PathKind::Article) => {
                        folio_db::article_core_by_path(c, code, slug, Visibility::Published)
                    }
                    _ => Ok(None),
                }
            })
        })
        .await?
        .ok_or_else(not_found)?;
    cache::shows(&article);
    let body = state.renderer.citation(&article, format);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, format.content_type()),
            (
                header::CONTENT_DISPOSITION,
                &format!(
                    "inline; filename=\"{}.{}\"",
                    article.slug,
                    format.extension()
                ),
            ),
        ],
        body,
    )
        .into_response())
}
