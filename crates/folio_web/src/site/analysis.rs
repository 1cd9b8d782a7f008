//! `/policy-analysis` and the namespace under it: articles, topics,
//! regions, and pieces known only by reference.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use folio_core::{PathKind, Slug};
use folio_db::{ArticleQuery, Visibility};

use super::{Lang, PageQuery, ensure_page_exists, html};
use crate::{AppError, AppState, not_found};

pub(crate) async fn index(
    State(state): State<AppState>,
    language: Lang,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let page = query.request(state.config.site.per_page)?;
    let code = language.code.clone();
    let articles = state
        .read(move |c| folio_db::list_articles(c, &ArticleQuery::published(&code, page)))
        .await?;
    ensure_page_exists(&articles)?;
    Ok(html(state.renderer.analysis(&language, &articles)?))
}

/// What lives at `/policy-analysis/{slug}`.
enum Found {
    Article(Box<folio_core::Article>),
    Term(
        folio_core::Term,
        folio_core::Paged<folio_core::ArticleSummary>,
    ),
    Reference(folio_core::ArticleReference),
}

pub(crate) async fn namespace(
    State(state): State<AppState>,
    language: Lang,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let page = query.request(state.config.site.per_page)?;
    let code = language.code.clone();
    let found = state
        .read(move |c| {
            Ok(match folio_db::path_kind(c, &code, &slug)? {
                Some(PathKind::Article) => {
                    folio_db::article_by_path(c, &code, &slug, Visibility::Published)?
                        .map(|a| Found::Article(Box::new(a)))
                }
                Some(PathKind::Topic | PathKind::Region) => {
                    match folio_db::term_by_slug(c, &code, &slug)? {
                        Some(term) => {
                            let mut query = ArticleQuery::published(&code, page);
                            query.term = Some(term.id);
                            let articles = folio_db::list_articles(c, &query)?;
                            Some(Found::Term(term, articles))
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
        Found::Article(article) => state.renderer.article(&language, &article)?,
        Found::Term(term, articles) => {
            ensure_page_exists(&articles)?;
            state.renderer.term(&language, &term, &articles)?
        }
        Found::Reference(reference) => state.renderer.reference(&language, &reference)?,
    };
    Ok(html(body))
}
