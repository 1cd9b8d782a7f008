use axum::extract::State;
use axum::response::Response;
use folio_core::{PageRequest, TermKind};
use folio_db::ArticleQuery;

use super::{Lang, Unnamed, html};
use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState};

/// How many pieces the home page lists under the lead.
const HOME_ARTICLES: u32 = 11;
const HOME_EXPERTS: u32 = 8;

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
            Ok(((latest.items, experts.items), Unnamed((topics, regions))))
        })
        .await?;
    cache::depends_on_results(cache::language_results(language.code.as_str()));
    cache::depends_on(Dep::Terms);
    cache::depends_on(Dep::Experts);
    cache::shows(&latest);
    cache::shows(&experts);
    Ok(html(
        state
            .renderer
            .home(&language, &latest, &topics, &regions, &experts)?,
    ))
}
