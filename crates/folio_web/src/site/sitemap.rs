//! `robots.txt`, `sitemap.xml` and, past 50,000 URLs, `/sitemaps/{n}.xml`.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use folio_config::LanguageConfig;
use folio_db::SiteMap;
use folio_render::{SITEMAP_LIMIT, SitePaths, SitemapUrl};
use folio_search::ResultSet;
use jiff::tz::TimeZone;

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
    // Every page of the site: every article, expert, term, type, program.
    cache::depends_on_results(ResultSet::fixed([]));
    for dep in [Dep::Experts, Dep::Terms, Dep::ContentTypes, Dep::Programs] {
        cache::depends_on(dep);
    }
    let map = state.read(folio_db::site_map).await?;
    let urls = SiteUrls::of_site(state, &map);
    let body = state
        .renderer
        .sitemap_file(urls.len(), SITEMAP_LIMIT, path, |range| urls.range(range))
        .ok_or_else(not_found)?;
    Ok(xml(body))
}

fn xml(body: String) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, XML)], body).into_response()
}

/// Every page a search engine should know, in a fixed order: each
/// language's indexes, then articles (with their translations as
/// alternates), topics and regions, experts, content types and programs.
/// A range of them is made on demand: a sitemap file holds 50,000, and
/// the whole list of a large archive, alternates and all, is tens of
/// megabytes.
pub(crate) struct SiteUrls<'a> {
    paths: &'a SitePaths,
    time_zone: &'a TimeZone,
    map: &'a SiteMap,
    languages: Vec<&'a str>,
    /// Members of each article translation group, as (language, path).
    article_groups: HashMap<i64, Vec<(String, String)>>,
    /// Members of each term translation group, and each member's group.
    term_groups: HashMap<i64, Vec<(String, String)>>,
    group_of_term: HashMap<(&'a str, &'a str), i64>,
}

impl<'a> SiteUrls<'a> {
    /// The URLs of the site `state` serves, from its site map.
    pub(crate) fn of_site(state: &'a AppState, map: &'a SiteMap) -> SiteUrls<'a> {
        SiteUrls::new(
            state.renderer.paths(),
            &state.config.languages,
            &state.config.site.time_zone,
            map,
        )
    }

    pub(crate) fn new(
        paths: &'a SitePaths,
        languages: &'a [LanguageConfig],
        time_zone: &'a TimeZone,
        map: &'a SiteMap,
    ) -> SiteUrls<'a> {
        let mut article_groups: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        for article in &map.articles {
            if let Some(group) = article.translation_group {
                article_groups.entry(group).or_default().push((
                    article.language.as_str().to_owned(),
                    paths.in_namespace(article.language.as_str(), article.slug.as_str()),
                ));
            }
        }
        // A group of one has no alternates to name.
        article_groups.retain(|_, members| members.len() > 1);
        let mut term_groups: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        let mut group_of_term = HashMap::new();
        for (language, slug, group) in &map.term_groups {
            term_groups.entry(*group).or_default().push((
                language.as_str().to_owned(),
                paths.in_namespace(language.as_str(), slug.as_str()),
            ));
            group_of_term.insert((language.as_str(), slug.as_str()), *group);
        }
        SiteUrls {
            paths,
            time_zone,
            map,
            languages: languages.iter().map(|l| l.code.as_str()).collect(),
            article_groups,
            term_groups,
            group_of_term,
        }
    }

    /// How many URLs the site has (counted by walking them, making none).
    pub(crate) fn len(&self) -> usize {
        self.walk(0..0).1
    }

    /// Every URL, in order.
    pub(crate) fn all(&self) -> Vec<SitemapUrl> {
        self.walk(0..usize::MAX).0
    }

    /// The URLs at these positions of the order.
    pub(crate) fn range(&self, range: std::ops::Range<usize>) -> Vec<SitemapUrl> {
        self.walk(range).0
    }

    /// Walks every URL in order, making those in `range`; with how many
    /// there are in all.
    fn walk(&self, range: std::ops::Range<usize>) -> (Vec<SitemapUrl>, usize) {
        let paths = self.paths;
        let mut out = Taker {
            next: 0,
            range,
            urls: Vec::new(),
        };
        let languages = &self.languages;
        // A page every language has, each naming the others.
        let everywhere = |out: &mut Taker, path_in: &dyn Fn(&str) -> String, last_modified| {
            if !out.wants(languages.len()) {
                return;
            }
            let alternates: Vec<(String, String)> = if languages.len() > 1 {
                languages
                    .iter()
                    .map(|l| ((*l).to_owned(), path_in(l)))
                    .collect()
            } else {
                Vec::new()
            };
            for l in languages {
                out.push(|| SitemapUrl {
                    path: path_in(l),
                    last_modified,
                    alternates: alternates.clone(),
                });
            }
        };
        let newest = self
            .map
            .articles
            .iter()
            .filter_map(|a| a.published_on)
            .max();
        everywhere(&mut out, &|l| paths.home(l), newest);
        everywhere(&mut out, &|l| paths.analysis(l), None);
        everywhere(&mut out, &|l| paths.experts(l), None);
        everywhere(&mut out, &|l| paths.topics(l), None);
        everywhere(&mut out, &|l| paths.regions(l), None);
        everywhere(&mut out, &|l| paths.content_types(l), None);
        everywhere(&mut out, &|l| paths.programs(l), None);

        let time_zone = self.time_zone;
        for article in &self.map.articles {
            out.push(|| SitemapUrl {
                path: paths.in_namespace(article.language.as_str(), article.slug.as_str()),
                last_modified: Some(article.updated_at.to_zoned(time_zone.clone()).date()),
                alternates: article
                    .translation_group
                    .and_then(|g| self.article_groups.get(&g))
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        for (_, language, slug) in &self.map.terms {
            out.push(|| SitemapUrl {
                path: paths.in_namespace(language.as_str(), slug.as_str()),
                last_modified: None,
                alternates: self
                    .group_of_term
                    .get(&(language.as_str(), slug.as_str()))
                    .and_then(|g| self.term_groups.get(g))
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        for slug in &self.map.experts {
            everywhere(&mut out, &|l| paths.expert(l, slug.as_str()), None);
        }
        for slug in &self.map.content_types {
            everywhere(&mut out, &|l| paths.content_type(l, slug.as_str()), None);
        }
        for slug in &self.map.programs {
            everywhere(&mut out, &|l| paths.program(l, slug.as_str()), None);
        }
        (out.urls, out.next)
    }
}

/// Walks the site's URLs in order, making only those in `range`.
struct Taker {
    next: usize,
    range: std::ops::Range<usize>,
    urls: Vec<SitemapUrl>,
}

impl Taker {
    /// Whether any of the next `count` URLs is in the range (if not, they
    /// are passed over).
    fn wants(&mut self, count: usize) -> bool {
        let wanted = self.next < self.range.end && self.next + count > self.range.start;
        if !wanted {
            self.next += count;
        }
        wanted
    }

    fn push(&mut self, url: impl FnOnce() -> SitemapUrl) {
        if self.range.contains(&self.next) {
            self.urls.push(url());
        }
        self.next += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use folio_config::Config;
    use folio_core::{LanguageCode, Slug, TermKind};
    use folio_db::PublishedArticle;

    use super::*;

    #[test]
    fn any_range_of_the_site_s_urls_is_that_slice_of_the_whole_list() {
        let config = Config::defaults();
        assert_eq!(
            config.languages.len(),
            3,
            "the defaults have three languages"
        );
        let renderer = folio_render::Renderer::new(Arc::new(config.clone())).unwrap();
        let code = |c: &str| LanguageCode::parse(c).unwrap();
        let slug = |s: &str| Slug::parse(s).unwrap();
        let article = |id: i64, language: &str, name: &str, group: Option<i64>| PublishedArticle {
            id,
            language: code(language),
            slug: slug(name),
            published_on: Some(format!("2024-0{id}-01").parse().unwrap()),
            updated_at: "2024-05-06T07:08:09Z".parse().unwrap(),
            translation_group: group,
        };
        let map = SiteMap {
            articles: vec![
                article(3, "en", "three", Some(7)),
                article(2, "ar", "thalatha", Some(7)),
                article(1, "en", "one", None),
            ],
            terms: vec![
                (TermKind::Topic, code("ar"), slug("iran-ar")),
                (TermKind::Topic, code("en"), slug("iran")),
                (TermKind::Region, code("en"), slug("gulf")),
            ],
            term_groups: vec![
                (code("ar"), slug("iran-ar"), 9),
                (code("en"), slug("iran"), 9),
            ],
            experts: vec![slug("anna")],
            content_types: vec![slug("policy-analysis")],
            programs: vec![slug("gulf-program")],
            references: Vec::new(),
        };
        let urls = SiteUrls::new(
            renderer.paths(),
            &config.languages,
            &config.site.time_zone,
            &map,
        );
        let all = urls.all();
        // 7 indexes, an expert, a type and a program in 3 languages; 3
        // articles; 3 terms.
        assert_eq!(all.len(), 10 * 3 + 3 + 3);
        assert_eq!(urls.len(), all.len());
        let paths: Vec<&str> = all.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            paths.iter().collect::<HashSet<_>>().len(),
            paths.len(),
            "{paths:?}"
        );
        let three = all.iter().find(|u| u.path.ends_with("/three")).unwrap();
        assert_eq!(three.alternates.len(), 2, "{three:?}");
        let one = all.iter().find(|u| u.path.ends_with("/one")).unwrap();
        assert!(one.alternates.is_empty(), "{one:?}");
        let iran = all.iter().find(|u| u.path.ends_with("/iran")).unwrap();
        assert_eq!(iran.alternates.len(), 2, "{iran:?}");
        for start in 0..=all.len() {
            for end in start..=all.len() + 2 {
                assert_eq!(
                    urls.range(start..end),
                    all[start..end.min(all.len())],
                    "{start}..{end}"
                );
            }
        }
    }
}
