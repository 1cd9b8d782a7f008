use axum::extract::State;
use axum::response::Response;
use folio_core::{PageRequest, TermKind};
use folio_db::ArticleQuery;

use super::{Lang, Unnamed, html};
use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState};

/// How many pieces the home page lists under the lead.
const HOME_ARTICLES: u32 = 5;
const HOME_EXPERTS: u32 = 8;
/// Content types the home page shows the newest pieces of, and how many.
const HOME_TYPES: usize = 4;
const HOME_PER_TYPE: u32 = 3;

pub(crate) async fn home(
    State(state): State<AppState>,
    language: Lang,
) -> Result<Response, AppError> {
    let language = state.page_language(&language).clone();
    let code = language.code.clone();
    let ((latest, experts), Unnamed((topics, regions))) = state
        .read_in(&language, move |c| {
            let latest = folio_db::list_articles(
                c,
                &ArticleQuery::published(&code, PageRequest::new(1, HOME_ARTICLES)),
            )?;
            let mut topics = folio_db::list_terms(c, TermKind::Topic, &code)?;
            let mut regions = folio_db::list_terms(c, TermKind::Region, &code)?;
            topics.retain(|t| t.article_count > 0);
            regions.retain(|t| t.article_count > 0);
            let experts = folio_db::list_experts(c, &code, PageRequest::new(1, HOME_EXPERTS))?;
            // The types with the most pieces first, each with its newest.
            let mut types = folio_db::list_content_types(c, &code)?;
            types.retain(|t| t.article_count > 0);
            types.sort_by_key(|t| std::cmp::Reverse(t.article_count));
            types.truncate(HOME_TYPES);
            let mut by_type = Vec::new();
            for listing in types {
                let mut query = ArticleQuery::published(&code, PageRequest::new(1, HOME_PER_TYPE));
                query.content_type = Some(listing.content_type.id);
                let articles = folio_db::list_articles(c, &query)?;
                by_type.push((listing.content_type, articles.items));
            }
            Ok((
                (latest.items, (experts.items, by_type)),
                Unnamed((topics, regions)),
            ))
        })
        .await?;
    let (experts, by_type) = experts;
    cache::depends_on_results(cache::language_results(language.code.as_str()));
    cache::depends_on(Dep::Terms);
    cache::depends_on(Dep::Experts);
    // Which types lead, and their names.
    cache::depends_on(Dep::ContentTypes);
    cache::shows(&latest);
    cache::shows(&experts);
    for (content_type, articles) in &by_type {
        cache::shows(content_type);
        cache::shows(articles);
    }
    Ok(html(state.renderer.home(
        &language, &latest, &topics, &regions, &experts, &by_type,
    )?))
}
