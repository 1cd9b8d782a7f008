//! The Recommended block: editors' picks first, then related analysis from
//! the index, up to three.

use std::sync::Arc;

use folio_core::{Article, Recommendation, RecommendedItem};
use folio_search::RelatedRequest;

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
