//! `robots.txt`, `sitemap.xml` and, past 50,000 URLs, `/sitemaps/{n}.xml`.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use folio_db::SiteMap;
use folio_render::{SITEMAP_LIMIT, SitemapUrl};
use folio_search::ResultSet;

use crate::cache::deps::{self as cache, Dep};
use crate::{AppError, AppState, not_found};

const XML: &str = "application/xml; charset=utf-8";

pub(crate) async fn robots(State(state): State<AppState>) -> Response {
    cache::depends_on_configuration_only();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        state.renderer.robots_txt(),
    )
        .into_response()
}

/// One `<urlset>` when the site fits in one, else the index of its parts.
pub(crate) async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    sitemap_file(&state, "/sitemap.xml").await
}

/// `/sitemaps/{n}.xml`: the n-th 50,000 URLs, when there are more than that.
pub(crate) async fn child_sitemap(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    sitemap_file(&state, &format!("/sitemaps/{file}")).await
}

async fn sitemap_file(state: &AppState, path: &str) -> Result<Response, AppError> {
    let urls = sitemap_urls(state).await?;
    let body = state
        .renderer
        .sitemap_file(&urls, SITEMAP_LIMIT, path)
        .ok_or_else(not_found)?;
    Ok(xml(body))
}

fn xml(body: String) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, XML)], body).into_response()
}

async fn sitemap_urls(state: &AppState) -> Result<Vec<SitemapUrl>, AppError> {
    // Every page of the site: every article, expert, term, type, program.
    cache::depends_on_results(ResultSet::fixed([]));
    for dep in [Dep::Experts, Dep::Terms, Dep::ContentTypes, Dep::Programs] {
        cache::depends_on(dep);
    }
    let map = state.read(folio_db::site_map).await?;
    Ok(site_urls(state, &map))
}

/// Every page a search engine should know, in a fixed order: each
/// language's indexes, then articles (with their translations as
/// alternates), topics and regions, experts, content types and programs.
pub(crate) fn site_urls(state: &AppState, map: &SiteMap) -> Vec<SitemapUrl> {
    let paths = state.renderer.paths();
    let languages: Vec<&str> = state
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let everywhere = |path_in: &dyn Fn(&str) -> String| -> Vec<SitemapUrl> {
        let alternates: Vec<(String, String)> = if languages.len() > 1 {
            languages
                .iter()
                .map(|l| ((*l).to_owned(), path_in(l)))
                .collect()
        } else {
            Vec::new()
        };
        languages
            .iter()
            .map(|l| SitemapUrl {
                path: path_in(l),
                last_modified: None,
                alternates: alternates.clone(),
            })
            .collect()
    };
    let mut urls = Vec::with_capacity(map.articles.len() + 64);
    let newest = map.articles.iter().filter_map(|a| a.published_on).max();
    for mut home in everywhere(&|l| paths.home(l)) {
        home.last_modified = newest;
        urls.push(home);
    }
    urls.extend(everywhere(&|l| paths.analysis(l)));
    urls.extend(everywhere(&|l| paths.experts(l)));
    urls.extend(everywhere(&|l| paths.topics(l)));
    urls.extend(everywhere(&|l| paths.regions(l)));
    urls.extend(everywhere(&|l| paths.content_types(l)));
    urls.extend(everywhere(&|l| paths.programs(l)));

    let mut groups: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for article in &map.articles {
        if let Some(group) = article.translation_group {
            groups.entry(group).or_default().push((
                article.language.as_str().to_owned(),
                paths.in_namespace(article.language.as_str(), article.slug.as_str()),
            ));
        }
    }
    for article in &map.articles {
        let alternates = article
            .translation_group
            .and_then(|g| groups.get(&g))
            .filter(|members| members.len() > 1)
            .cloned()
            .unwrap_or_default();
        urls.push(SitemapUrl {
            path: paths.in_namespace(article.language.as_str(), article.slug.as_str()),
            last_modified: Some(
                article
                    .updated_at
                    .to_zoned(state.config.site.time_zone.clone())
                    .date(),
            ),
            alternates,
        });
    }
    let mut term_groups: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    let mut group_of = HashMap::new();
    for (language, slug, group) in &map.term_groups {
        term_groups.entry(*group).or_default().push((
            language.as_str().to_owned(),
            paths.in_namespace(language.as_str(), slug.as_str()),
        ));
        group_of.insert((language, slug), *group);
    }
    for (_, language, slug) in &map.terms {
        let alternates = group_of
            .get(&(language, slug))
            .and_then(|g| term_groups.get(g))
            .cloned()
            .unwrap_or_default();
        urls.push(SitemapUrl {
            path: paths.in_namespace(language.as_str(), slug.as_str()),
            last_modified: None,
            alternates,
        });
    }
    for slug in &map.experts {
        urls.extend(everywhere(&|l| paths.expert(l, slug.as_str())));
    }
    for slug in &map.content_types {
        urls.extend(everywhere(&|l| paths.content_type(l, slug.as_str())));
    }
    for slug in &map.programs {
        urls.extend(everywhere(&|l| paths.program(l, slug.as_str())));
    }
    urls
}
