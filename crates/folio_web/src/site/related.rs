//! The Recommended block: editors' picks first, then related analysis from
//! the index, up to three; and the lists of more by an article's first
//! author and on its first topic.

use std::sync::Arc;

use folio_config::LanguageConfig;
use folio_core::{
    Article, ArticleSummary, ExpertId, PageRequest, Recommendation, RecommendedItem, TermId,
};
use folio_db::ArticleQuery;
use folio_render::ArticleMore;
use folio_search::{FacetKind, RelatedRequest, ResultSet};

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
    let summaries = state
        .read(move |c| folio_db::article_summaries(c, &ids))
        .await?;
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
/// so a new or edited one refreshes the page. Read from the store in one
/// transaction (two indexed queries, nothing counted), which costs the
/// static export less than two searches.
pub(crate) async fn more_lists(
    state: &AppState,
    language: &LanguageConfig,
    article: &Article,
) -> Result<ArticleMore, AppError> {
    let article_language = article.language.clone();
    let own = article.id;
    let author = article.authors.first().map(|e| (e.id, e.slug.to_string()));
    let topic = article.topics.first().map(|t| (t.id, t.slug.to_string()));
    let lang = article_language.to_string();
    if let Some((_, slug)) = &author {
        cache::depends_on_results(cache::expert_results(&lang, vec![slug.clone()]));
    }
    if let Some((_, slug)) = &topic {
        cache::depends_on_results(ResultSet::fixed([
            (FacetKind::Language, vec![lang.clone()]),
            (FacetKind::Topic, vec![slug.clone()]),
        ]));
    }
    let (author_id, topic_id) = (author.map(|a| a.0), topic.map(|t| t.0));
    let more = state
        .read_in(language, move |c| {
            let mut newest = |expert: Option<ExpertId>,
                              term: Option<TermId>|
             -> folio_db::StoreResult<Vec<ArticleSummary>> {
                let mut query = ArticleQuery::published(
                    &article_language,
                    PageRequest::new(1, MORE_SHOWN as u32 + 1),
                );
                query.expert = expert;
                query.term = term;
                let mut items = folio_db::list_articles_uncounted(c, &query)?;
                items.retain(|a| a.id != own);
                items.truncate(MORE_SHOWN);
                Ok(items)
            };
            let by_first_author = match author_id {
                Some(id) => newest(Some(id), None)?,
                None => Vec::new(),
            };
            let on_first_topic = match topic_id {
                Some(id) => newest(None, Some(id))?,
                None => Vec::new(),
            };
            Ok((by_first_author, on_first_topic))
        })
        .await?;
    cache::shows(&more.0);
    cache::shows(&more.1);
    Ok(ArticleMore {
        by_first_author: more.0,
        on_first_topic: more.1,
    })
}
