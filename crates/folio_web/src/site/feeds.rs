//! Feeds: `feed.atom`, `feed.rss` and `feed.json` for the whole site in a
//! language and for each topic, region, expert and content type, beside
//! the listing page they follow (`/policy-analysis/terrorism/feed.atom`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use folio_config::LanguageConfig;
use folio_core::PageRequest;
use folio_db::{ArticleDocument, ArticleQuery, Conn, StoreResult};
use folio_render::{Feed, FeedFormat, FeedItem};

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
    let (name, page_path, feed_dir) = match &subject {
        FeedSubject::Site => (
            String::new(),
            paths.home(code),
            paths.prefix(code).to_owned(),
        ),
        FeedSubject::Term(term) => {
            query.term = Some(term.id);
            let path = paths.in_namespace(term.language.as_str(), term.slug.as_str());
            (term.name.clone(), path.clone(), path)
        }
        FeedSubject::Expert(expert) => {
            query.expert = Some(expert.id);
            let path = paths.expert(code, expert.slug.as_str());
            (expert.name.clone(), path.clone(), path)
        }
        FeedSubject::ContentType(content_type) => {
            query.content_type = Some(content_type.id);
            let path = paths.content_type(code, content_type.slug.as_str());
            (content_type.name.clone(), path.clone(), path)
        }
    };
    let memo = Arc::clone(&state.feed_memo);
    let names_in = state.translation_language(language);
    let items = state
        .read(move |c| {
            let seq = folio_db::latest_change(c)?;
            if let Some(items) = memo.get(&query, seq) {
                return Ok(items);
            }
            let mut documents = feed_documents(c, &query)?;
            // The query's language is the feed's: its names come in it too.
            if let Some(code) = &names_in {
                folio_db::localize(c, code, &mut documents)?;
            }
            let items: Vec<FeedItem> = documents.into_iter().map(feed_item).collect();
            memo.put(query, seq, items.clone());
            Ok(items)
        })
        .await?;
    Ok(Feed {
        subject: name,
        page_path,
        feed_dir,
        items,
    })
}

/// Recently read feed items, so the three formats of a feed (and readers
/// polling it) share one read of its articles. An entry serves only while
/// the change log has not moved past the point it was read at, so it is
/// never stale, on this node or any other sharing the database.
#[derive(Debug, Default)]
pub(crate) struct FeedMemo {
    entries: Mutex<VecDeque<MemoEntry>>,
}

#[derive(Debug)]
struct MemoEntry {
    query: ArticleQuery,
    change_seq: i64,
    items: Vec<FeedItem>,
}

/// Feeds remembered at once; each holds a feed's worth of article texts.
const FEEDS_REMEMBERED: usize = 16;

impl FeedMemo {
    fn get(&self, query: &ArticleQuery, change_seq: i64) -> Option<Vec<FeedItem>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .iter()
            .find(|e| e.change_seq == change_seq && &e.query == query)
            .map(|e| e.items.clone())
    }

    fn put(&self, query: ArticleQuery, change_seq: i64, items: Vec<FeedItem>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|e| e.query != query);
        if entries.len() == FEEDS_REMEMBERED {
            entries.pop_back();
        }
        entries.push_front(MemoEntry {
            query,
            change_seq,
            items,
        });
    }
}

/// A listing's newest articles, whole, in the listing's order.
fn feed_documents(conn: &mut Conn<'_>, query: &ArticleQuery) -> StoreResult<Vec<ArticleDocument>> {
    let ids = folio_db::list_article_ids(conn, query)?;
    let mut documents = folio_db::article_documents(conn, &ids)?;
    documents.sort_by_key(|d| ids.iter().position(|&id| id == d.id.0));
    Ok(documents)
}

fn feed_item(document: ArticleDocument) -> FeedItem {
    let mut categories: Vec<String> = document
        .topics
        .iter()
        .chain(&document.regions)
        .map(|t| t.name.clone())
        .collect();
    if let Some(content_type) = &document.content_type {
        categories.push(content_type.name.clone());
    }
    FeedItem {
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
