//! Feeds: `feed.atom`, `feed.rss` and `feed.json` for the whole site in a
//! language and for each topic, region, expert and content type, beside
//! the listing page they follow (`/policy-analysis/terrorism/feed.atom`).

use std::sync::Arc;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use folio_config::LanguageConfig;
use folio_core::PageRequest;
use folio_core::TermKind;
use folio_db::{ArticleDocument, ArticleQuery, Conn, StoreResult};
use folio_render::{Feed, FeedFormat, FeedItem};
use folio_search::{FacetKind, ResultSet};

use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState};

/// What a feed follows.
pub(crate) enum FeedSubject {
    Site,
    Term(folio_core::Term),
    Expert(folio_core::Expert),
    ContentType(folio_core::ContentType),
}

/// Reads a feed's newest articles and renders it in `format`.
pub(crate) async fn feed_response(
    state: &AppState,
    language: &LanguageConfig,
    subject: FeedSubject,
    format: FeedFormat,
) -> Result<Response, AppError> {
    let feed = load_feed(state, language, subject).await?;
    Ok(feed_body(state, language, &feed, format))
}

pub(crate) fn feed_body(
    state: &AppState,
    language: &LanguageConfig,
    feed: &Feed,
    format: FeedFormat,
) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, format.content_type())],
        state.renderer.feed(language, feed, format),
    )
        .into_response()
}

pub(crate) async fn load_feed(
    state: &AppState,
    language: &LanguageConfig,
    subject: FeedSubject,
) -> Result<Feed, AppError> {
    let paths = state.renderer.paths();
    let code = language.code.as_str();
    let mut query = ArticleQuery::published(
        &language.code,
        PageRequest::new(1, state.config.feeds.items),
    );
    let language_filter = (FacetKind::Language, vec![code.to_owned()]);
    let (name, page_path, feed_dir) = match &subject {
        FeedSubject::Site => {
            cache::depends_on_results(ResultSet::fixed([language_filter]));
            (
                String::new(),
                paths.home(code),
                paths.prefix(code).to_owned(),
            )
        }
        FeedSubject::Term(term) => {
            cache::shows(term);
            let kind = match term.kind {
                TermKind::Topic => FacetKind::Topic,
                TermKind::Region => FacetKind::Region,
            };
            cache::depends_on_results(ResultSet::fixed([
                language_filter,
                (kind, vec![term.slug.to_string()]),
            ]));
            query.term = Some(term.id);
            let path = paths.in_namespace(term.language.as_str(), term.slug.as_str());
            (term.name.clone(), path.clone(), path)
        }
        FeedSubject::Expert(expert) => {
            cache::shows(expert);
            cache::depends_on_results(cache::expert_results(code, vec![expert.slug.to_string()]));
            query.expert = Some(expert.id);
            let path = paths.expert(code, expert.slug.as_str());
            (expert.name.clone(), path.clone(), path)
        }
        FeedSubject::ContentType(content_type) => {
            cache::shows(content_type);
            cache::depends_on_results(ResultSet::fixed([
                language_filter,
                (FacetKind::Type, vec![content_type.slug.to_string()]),
            ]));
            query.content_type = Some(content_type.id);
            let path = paths.content_type(code, content_type.slug.as_str());
            (content_type.name.clone(), path.clone(), path)
        }
    };
    let memo = Arc::clone(&state.feed_memo);
    let names_in = state.translation_language(language);
    let renderer = state.renderer.clone();
    let items = state
        .read(move |c| {
            memo.get_or_read(c, query, |c, query| {
                let mut documents = feed_documents(c, query)?;
                // The query's language is the feed's: its names come in it too.
                if let Some(code) = &names_in {
                    folio_db::localize(c, code, &mut documents)?;
                }
                Ok(documents
                    .into_iter()
                    .map(|document| feed_item(&renderer, document))
                    .collect())
            })
        })
        .await?;
    for item in &items {
        cache::depends_on(Dep::Path(item.language.to_string(), item.slug.to_string()));
        cache::shows(&item.authors);
    }
    // Items name their types among their categories.
    cache::depends_on(Dep::ContentTypes);
    Ok(Feed {
        subject: name,
        page_path,
        feed_dir,
        items,
    })
}

/// A listing's newest articles, whole, in the listing's order.
fn feed_documents(conn: &mut Conn<'_>, query: &ArticleQuery) -> StoreResult<Vec<ArticleDocument>> {
    let ids = folio_db::list_article_ids(conn, query)?;
    let mut documents = folio_db::article_documents(conn, &ids)?;
    documents.sort_by_key(|d| ids.iter().position(|&id| id == d.id.0));
    Ok(documents)
}

fn feed_item(renderer: &folio_render::Renderer, document: ArticleDocument) -> FeedItem {
    let mut categories: Vec<String> = document
        .topics
        .iter()
        .chain(&document.regions)
        .map(|t| t.name.clone())
        .collect();
    if let Some(content_type) = &document.content_type {
        categories.push(content_type.name.clone());
    }
    let content_html = renderer.feed_content(&document.deck, &document.body_markdown);
    FeedItem {
        content_html,
        language: document.language,
        slug: document.slug,
        title: document.title,
        deck: document.deck,
        body_markdown: document.body_markdown,
        published_on: document.published_on,
        updated_at: document.updated_at,
        authors: document.authors,
        categories,
    }
}
