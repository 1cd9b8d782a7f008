//! The search page and every listing that can be filtered: facets with
//! counts, results with highlighted snippets, sorting, date range, paging.
//! Every state is a plain GET URL, so it works without JavaScript and can
//! be shared.

use folio_config::LanguageConfig;
use folio_core::{ContentType, Expert, Term, TermKind};
use folio_search::{FacetKind, SearchHit, SearchResults, Sort};
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;
use url::form_urlencoded;

use crate::SitePaths;
use crate::views::{AuthorView, PaginationView};
use crate::{RenderError, Renderer};

/// Facet values shown before "show all".
const FACET_VALUES_SHOWN: usize = 8;

/// A search or filtered listing, as the request asked for it.
#[derive(Debug, Clone)]
pub struct SearchPage<'a> {
    /// Where the filters apply: `/search`, `/policy-analysis`, a topic's page…
    pub base_path: String,
    /// The request's query-string pairs, without `page`.
    pub params: Vec<(String, String)>,
    pub text: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Sort,
    pub results: &'a SearchResults,
    /// Facets the page itself fixes (a topic page fixes its topic).
    pub fixed: Vec<FacetKind>,
    /// The search page (its results pages keep `?page=N`), not a listing.
    pub is_search: bool,
}

impl SearchPage<'_> {
    /// This page's URL with `key` set to `value` (or removed when `None`),
    /// back on page one.
    fn url_with(&self, key: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .params
            .iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Some(value) = value {
            pairs.push((key, value));
        }
        self.url_of(&pairs)
    }

    /// This page's URL with one facet value added or, when present, removed.
    fn url_toggling(&self, key: &str, value: &str) -> String {
        let present = self.params.iter().any(|(k, v)| k == key && v == value);
        let mut pairs: Vec<(&str, &str)> = self
            .params
            .iter()
            .filter(|(k, v)| !(k == key && v == value))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if !present {
            pairs.push((key, value));
        }
        self.url_of(&pairs)
    }

    fn url_of(&self, pairs: &[(&str, &str)]) -> String {
        if pairs.is_empty() {
            return self.base_path.clone();
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("{}?{query}", self.base_path)
    }

    /// Page `n` of these results: `…/page/N` for a listing without filters
    /// (a file in the static export), `?…&page=N` for anything else.
    fn page_url(&self, n: u32) -> String {
        if self.is_search {
            SitePaths::paged_query(&self.current_url(), n)
        } else {
            SitePaths::paged(&self.current_url(), n)
        }
    }

    fn current_url(&self) -> String {
        let pairs: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.url_of(&pairs)
    }
}

#[derive(Serialize)]
struct FacetLink {
    label: String,
    count: u64,
    selected: bool,
    url: String,
}

#[derive(Serialize)]
struct FacetGroup {
    parameter: &'static str,
    title: String,
    shown: Vec<FacetLink>,
    more: Vec<FacetLink>,
}

#[derive(Serialize)]
struct ActiveFilter {
    label: String,
    remove_url: String,
}

#[derive(Serialize)]
struct SortOption {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct HitView {
    url: String,
    title_html: Value,
    snippet_html: Value,
    type_label: Option<String>,
    published_on: Option<String>,
    authors: Vec<AuthorView>,
    language: String,
    direction: &'static str,
}

#[derive(Serialize)]
struct Suggestion {
    text: String,
    url: String,
}

/// Kept filters, as hidden inputs of the keyword form.
#[derive(Serialize)]
struct HiddenField {
    name: String,
    value: String,
}

impl Renderer {
    fn search_view(&self, language: &LanguageConfig, page: &SearchPage<'_>) -> Value {
        let code = language.code.as_str();
        let results = page.results;
        let facets: Vec<FacetGroup> = FacetKind::ALL
            .into_iter()
            .filter(|kind| !page.fixed.contains(kind))
            .filter_map(|kind| {
                let values = results.facets.get(&kind)?;
                if values.is_empty() {
                    return None;
                }
                let mut links: Vec<FacetLink> = values
                    .iter()
                    .map(|value| FacetLink {
                        label: self.facet_label(kind, &value.value, &value.label),
                        count: value.count,
                        selected: value.selected,
                        url: page.url_toggling(kind.parameter(), &value.value),
                    })
                    .collect();
                let more = if links.len() > FACET_VALUES_SHOWN {
                    links.split_off(FACET_VALUES_SHOWN)
                } else {
                    Vec::new()
                };
                Some(FacetGroup {
                    parameter: kind.parameter(),
                    title: self.text(language, facet_title_key(kind)),
                    shown: links,
                    more,
                })
            })
            .collect();
        let active: Vec<ActiveFilter> = page
            .params
            .iter()
            .filter_map(|(key, value)| {
                let kind = FacetKind::from_parameter(key)?;
                if page.fixed.contains(&kind) {
                    return None;
                }
                let label = results
                    .facets
                    .get(&kind)
                    .and_then(|values| values.iter().find(|v| &v.value == value))
                    .map_or_else(
                        || value.clone(),
                        |v| self.facet_label(kind, &v.value, &v.label),
                    );
                Some(ActiveFilter {
                    label,
                    remove_url: page.url_toggling(key, value),
                })
            })
            .collect();
        let hits: Vec<HitView> = results
            .hits
            .iter()
            .map(|hit| self.hit_view(hit, code))
            .collect();
        let sorts: Vec<SortOption> = [Sort::Relevance, Sort::Newest, Sort::Oldest]
            .into_iter()
            .filter(|sort| *sort != Sort::Relevance || !page.text.trim().is_empty())
            .map(|sort| SortOption {
                value: sort.as_str(),
                label: self.text(language, &format!("sort-{}", sort.as_str())),
                selected: sort == page.sort
                    || (page.sort == Sort::Relevance
                        && page.text.trim().is_empty()
                        && sort == Sort::Newest),
            })
            .collect();
        let hidden: Vec<HiddenField> = page
            .params
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "q" | "from" | "to" | "sort"))
            .map(|(k, v)| HiddenField {
                name: k.clone(),
                value: v.clone(),
            })
            .collect();
        let suggestion = results.suggestion.as_ref().map(|text| Suggestion {
            text: text.clone(),
            url: page.url_with("q", Some(text)),
        });
        context! {
            action => &page.base_path,
            text => &page.text,
            from => &page.from,
            to => &page.to,
            sorts => Serde(sorts),
            hidden => Serde(hidden),
            total => results.total,
            took_ms => format!("{:.1}", results.took.as_secs_f64() * 1000.0),
            facets => Serde(facets),
            active => Serde(active),
            clear_url => &page.base_path,
            hits => Serde(hits),
            suggestion => Serde(suggestion),
            pagination => Serde(PaginationView::linked(results.page, results.page_count(), results.total, &|n| page.page_url(n))),
            api_url => "/api/search",
            // On a static copy of the site the search page answers from
            // this file, in the browser (`search.js`).
            index_url => page.is_search.then(|| self.paths().search_index(language.code.as_str())),
        }
    }

    fn facet_label(&self, kind: FacetKind, value: &str, label: &str) -> String {
        match kind {
            FacetKind::Language => self
                .config()
                .language(value)
                .map_or_else(|| value.to_owned(), |l| l.name.clone()),
            _ => label.to_owned(),
        }
    }

    fn hit_view(&self, hit: &SearchHit, page_language: &str) -> HitView {
        let paths = self.paths();
        HitView {
            url: paths.in_namespace(&hit.language, &hit.slug),
            title_html: Value::from_safe_string(hit.title_html.clone()),
            snippet_html: Value::from_safe_string(hit.snippet_html.clone()),
            type_label: hit.type_label.clone(),
            published_on: hit.published_on.clone(),
            authors: hit
                .authors
                .iter()
                .map(|a| AuthorView {
                    name: a.name.clone(),
                    url: Some(paths.expert(page_language, &a.slug)),
                })
                .collect(),
            direction: self
                .config()
                .language(&hit.language)
                .map_or("auto", |l| l.direction.as_str()),
            language: hit.language.clone(),
        }
    }

    /// `/search`: the archive's search page.
    pub fn search(
        &self,
        language: &LanguageConfig,
        page: &SearchPage<'_>,
    ) -> Result<String, RenderError> {
        let heading = if page.text.trim().is_empty() {
            self.text(language, "search-title")
        } else {
            self.locales().text(
                language.code.as_str(),
                "search-title-for",
                Some(&crate::fluent_args([(
                    "query",
                    fluent_bundle::FluentValue::from(page.text.clone()),
                )])),
            )
        };
        let frame = self.frame(crate::pages::Frame {
            language,
            title: heading.clone(),
            description: None,
            path: page.page_url(page.results.page),
            section: "search",
            alternates: Vec::new(),
            // Result pages are endless variations: keep them out of search
            // engines (robots.txt asks crawlers to stay away from them too);
            // the search page itself may be found.
            noindex: !page.params.is_empty(),
            meta: self.listing_meta(
                language.code.as_str(),
                vec![(
                    self.text(language, "nav-search"),
                    self.paths().search(language.code.as_str()),
                )],
                None,
            ),
        });
        self.render(
            "listing.html",
            context! { heading => heading, kicker => None::<String>, search => self.search_view(language, page), ..frame },
        )
    }

    /// `/policy-analysis`: every published piece, filterable.
    pub fn analysis(
        &self,
        language: &LanguageConfig,
        page: &SearchPage<'_>,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let heading = self.text(language, "analysis-title");
        self.listing(
            language,
            page,
            heading.clone(),
            None,
            ListingPlace {
                section: "analysis",
                alternates: self.everywhere(language, |l| paths.analysis(l)),
                meta: self.listing_meta(
                    language.code.as_str(),
                    vec![(heading.clone(), paths.analysis(language.code.as_str()))],
                    None,
                ),
            },
        )
    }

    /// A topic's or region's page: its analysis, filterable. `translations`
    /// are the same term in other languages, for the language switch and
    /// the page's alternates.
    pub fn term(
        &self,
        language: &LanguageConfig,
        term: &Term,
        translations: &[Term],
        page: &SearchPage<'_>,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let (kicker, section, index_key, index_path) = match term.kind {
            TermKind::Topic => ("topic-label", "topics", "nav-topics", paths.topics(code)),
            TermKind::Region => (
                "region-label",
                "regions",
                "nav-regions",
                paths.regions(code),
            ),
        };
        let term_path = paths.in_namespace(term.language.as_str(), term.slug.as_str());
        let meta = self.listing_meta(
            code,
            vec![
                (self.text(language, index_key), index_path),
                (term.name.clone(), term_path.clone()),
            ],
            Some((term.name.clone(), term_path)),
        );
        self.listing(
            language,
            page,
            term.name.clone(),
            Some(self.text(language, kicker)),
            ListingPlace {
                section,
                alternates: translations
                    .iter()
                    .filter(|t| self.config().language(t.language.as_str()).is_some())
                    .map(|t| {
                        (
                            t.language.as_str().to_owned(),
                            paths.in_namespace(t.language.as_str(), t.slug.as_str()),
                        )
                    })
                    .collect(),
                meta,
            },
        )
    }

    /// A content type's page: its analysis, filterable.
    pub fn content_type(
        &self,
        language: &LanguageConfig,
        content_type: &ContentType,
        page: &SearchPage<'_>,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let type_path = paths.content_type(code, content_type.slug.as_str());
        self.listing(
            language,
            page,
            content_type.name.clone(),
            Some(self.text(language, "type-label")),
            ListingPlace {
                section: "types",
                alternates: self.everywhere(language, |l| {
                    paths.content_type(l, content_type.slug.as_str())
                }),
                meta: self.listing_meta(
                    code,
                    vec![
                        (self.text(language, "nav-types"), paths.content_types(code)),
                        (content_type.name.clone(), type_path.clone()),
                    ],
                    Some((content_type.name.clone(), type_path)),
                ),
            },
        )
    }

    fn listing(
        &self,
        language: &LanguageConfig,
        page: &SearchPage<'_>,
        heading: String,
        kicker: Option<String>,
        place: ListingPlace,
    ) -> Result<String, RenderError> {
        let ListingPlace {
            section,
            alternates,
            meta,
        } = place;
        let frame = self.frame(crate::pages::Frame {
            language,
            title: heading.clone(),
            description: None,
            path: page.page_url(page.results.page),
            section,
            // Other languages' listings have pages of their own.
            alternates: if page.results.page > 1 {
                Vec::new()
            } else {
                alternates
            },
            // A filtered listing repeats its unfiltered page.
            noindex: !page.params.is_empty(),
            meta,
        });
        self.render(
            "listing.html",
            context! { heading => heading, kicker => kicker, search => self.search_view(language, page), ..frame },
        )
    }

    /// An expert's page: bio, programs, their analysis (filterable).
    pub fn expert(
        &self,
        language: &LanguageConfig,
        expert: &Expert,
        page: &SearchPage<'_>,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let frame = self.frame(crate::pages::Frame {
            language,
            title: expert.name.clone(),
            description: (!expert.bio.is_empty())
                .then(|| folio_markdown::truncate_words(&expert.bio, 160)),
            path: page.page_url(page.results.page),
            section: "experts",
            alternates: self.first_page_alternates(language, page.results.page, |l| {
                paths.expert(l, expert.slug.as_str())
            }),
            noindex: !page.params.is_empty(),
            meta: self.expert_meta(code, expert),
        });
        let programs: Vec<crate::pages::TermLink> = expert
            .programs
            .iter()
            .map(|p| crate::pages::TermLink {
                name: p.name.clone(),
                url: paths.program(code, p.slug.as_str()),
                article_count: None,
            })
            .collect();
        self.render(
            "expert.html",
            context! {
                expert => context! { name => &expert.name, bio => &expert.bio, portrait => Serde(&expert.portrait) },
                programs => Serde(programs),
                search => self.search_view(language, page),
                ..frame,
            },
        )
    }
}

/// Where a listing sits in the site: its header link, the same listing in
/// other languages, and its metadata.
struct ListingPlace {
    section: &'static str,
    alternates: Vec<(String, String)>,
    meta: crate::metadata::PageMeta,
}

fn facet_title_key(kind: FacetKind) -> &'static str {
    match kind {
        FacetKind::Topic => "filter-topic",
        FacetKind::Region => "filter-region",
        FacetKind::Expert => "filter-expert",
        FacetKind::Type => "filter-type",
        FacetKind::Year => "filter-year",
        FacetKind::Language => "filter-language",
        FacetKind::Outlet => "filter-outlet",
    }
}
