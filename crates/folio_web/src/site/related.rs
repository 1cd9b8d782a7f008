//! The Recommended block: editors' picks first, then related analysis from
//! the index, up to three; and the lists of more by an article's first
//! author and on its first topic.

use std::sync::Arc;

use folio_config::LanguageConfig;
use folio_core::{Article, ArticleSummary, Recommendation, RecommendedItem};
use folio_render::ArticleMore;
use folio_search::{FacetKind, RelatedRequest, ResultSet, SearchQuery};

use crate::cache::deps::{self as cache, RelatedCheck};
use crate::{AppError, AppState};

/// How many pieces the Recommended block shows.
pub(crate) const RECOMMENDED_SHOWN: usize = 3;

pub(crate) async fn fill_recommended(
    state: &AppState,
    article: &mut Article,
) -> Result<(), AppError> {
    if article.recommended.len() >= RECOMMENDED_SHOWN {
        return Ok(());
    }
    let request =
        RelatedRequest::for_article(article, RECOMMENDED_SHOWN - article.recommended.len());
    let sync = Arc::clone(&state.search);
    let asked = request.clone();
    let related = state.blocking(move || sync.index().related(&asked)).await?;
    let hits = match related {
        Ok(hits) => hits,
        Err(error) => {
            // A page without suggestions is better than no page.
            tracing::warn!(%error, "related analysis failed");
            return Ok(());
        }
    };
    let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
    cache::depends_on_related(RelatedCheck {
        request,
        shown: ids.clone(),
    });
    let memo = Arc::clone(&state.summary_memo);
    let summaries = state.read(move |c| memo.published(c, &ids)).await?;
    for summary in summaries {
        article.recommended.push(Recommendation {
            item: RecommendedItem {
                language: summary.language.clone(),
                slug: summary.slug.clone(),
                title: summary.title.clone(),
                type_label: summary.content_type.as_ref().map(|t| t.name.clone()),
                published_on: summary.published_on,
                author_names: summary.authors.iter().map(|a| a.name.clone()).collect(),
            },
            article: Some(summary),
        });
    }
    Ok(())
}

/// How many pieces "More from" an expert and "More on" a topic list.
pub(crate) const MORE_SHOWN: usize = 3;

/// The newest analysis by the article's first author and on its first
/// topic, in the article's language, the article itself left out. Each list
/// depends on every piece in its language by that expert (or on that topic),
/// so a new or edited one refreshes the page. Both are read from the search
/// index (`newest_ids`), which keeps each answer until the index changes:
/// every piece by an expert or on a topic asks the same question, and
/// SQLite had to gather and sort a popular topic's rows to answer it.
/// Nothing is counted.
pub(crate) async fn more_lists(
    state: &AppState,
    language: &LanguageConfig,
    article: &Article,
) -> Result<ArticleMore, AppError> {
    let own = article.id;
    let lang = article.language.to_string();
    let newest_by = |kind: FacetKind, slug: String| {
        let query = SearchQuery::default()
            .with_filter(FacetKind::Language, lang.clone())
            .with_filter(kind, slug);
        cache::depends_on_results(ResultSet::fixed(query.filters.clone()));
        query
    };
    let by_author = article
        .authors
        .first()
        .map(|e| newest_by(FacetKind::Expert, e.slug.to_string()));
    let on_topic = article
        .topics
        .first()
        .map(|t| newest_by(FacetKind::Topic, t.slug.to_string()));
    let sync = Arc::clone(&state.search);
    let summaries = Arc::clone(&state.summary_memo);
    let more = state
        .read_in(language, move |c| {
            let mut newest = |query: Option<SearchQuery>| -> folio_db::StoreResult<_> {
                let Some(query) = query else {
                    return Ok(Vec::new());
                };
                let ids = match sync.index().newest_ids(&query, MORE_SHOWN + 1) {
                    Ok(ids) => ids,
                    Err(error) => {
                        // A page without the list is better than no page.
                        tracing::warn!(%error, "the newest pieces of a list could not be read");
                        Vec::new()
                    }
                };
                let mut items: Vec<ArticleSummary> = summaries.published(c, &ids)?;
                items.retain(|a| a.id != own);
                items.truncate(MORE_SHOWN);
                Ok(items)
            };
            Ok((newest(by_author)?, newest(on_topic)?))
        })
        .await?;
    cache::shows(&more.0);
    cache::shows(&more.1);
    Ok(ArticleMore {
        by_first_author: more.0,
        on_first_topic: more.1,
    })
}
