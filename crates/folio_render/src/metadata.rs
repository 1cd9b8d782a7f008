//! What a page tells machines about itself: OpenGraph and Twitter cards,
//! schema.org JSON-LD, Highwire Press `citation_*` tags for reference
//! managers, the canonical URL and the feeds it offers.

use folio_config::CanonicalPolicy;
use folio_core::{Article, Expert, Syndication, SyndicationRelation};
use minijinja::value::Value;
use serde::Serialize;
use serde_json::json;

use crate::Renderer;
use crate::feeds::FeedFormat;

/// The machine-readable side of a page; the default is a plain web page.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    /// `og:type`: "website" when empty.
    pub og_type: &'static str,
    pub image: Option<PageImage>,
    pub json_ld: Vec<serde_json::Value>,
    /// `<meta property=…>`: OpenGraph's `article:*`.
    pub properties: Vec<(&'static str, String)>,
    /// `<meta name=…>`: Highwire Press `citation_*`.
    pub names: Vec<(&'static str, String)>,
    /// An absolute canonical URL other than the page's own.
    pub canonical: Option<String>,
    /// The listing's own feed, as (title, folder of the feed files).
    pub feed: Option<(String, String)>,
    /// Where the page sits, as (name, path) from the home page to itself:
    /// the visible breadcrumbs and the `BreadcrumbList` say the same.
    pub trail: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct PageImage {
    /// Absolute.
    pub url: String,
    pub alt: String,
    pub size: Option<(u32, u32)>,
}

#[derive(Serialize)]
pub(crate) struct MetaTag {
    key: &'static str,
    content: String,
}

#[derive(Serialize)]
pub(crate) struct FeedLink {
    title: String,
    mime: &'static str,
    url: String,
}

/// Everything the head of a page prints from [`PageMeta`].
pub(crate) struct HeadView {
    pub canonical_url: String,
    pub properties: Vec<MetaTag>,
    pub names: Vec<MetaTag>,
    pub feeds: Vec<FeedLink>,
    pub json_ld: Vec<Value>,
}

impl Renderer {
    /// Turns a page's metadata into what `base.html` prints.
    pub(crate) fn head_view(
        &self,
        language: &str,
        title: &str,
        description: Option<&str>,
        own_url: String,
        meta: PageMeta,
    ) -> HeadView {
        let canonical_url = meta.canonical.unwrap_or(own_url);
        let mut properties = vec![
            tag(
                "og:type",
                if meta.og_type.is_empty() {
                    "website"
                } else {
                    meta.og_type
                },
            ),
            tag("og:site_name", self.site_name(language)),
            tag("og:title", title),
            tag("og:url", &canonical_url),
            tag("og:locale", &og_locale(language)),
        ];
        if let Some(description) = description {
            properties.push(tag("og:description", description));
        }
        let mut names = vec![tag(
            "twitter:card",
            if meta.image.is_some() {
                "summary_large_image"
            } else {
                "summary"
            },
        )];
        names.push(tag("twitter:title", title));
        if let Some(description) = description {
            names.push(tag("twitter:description", description));
        }
        if let Some(image) = &meta.image {
            properties.push(tag("og:image", &image.url));
            if !image.alt.is_empty() {
                properties.push(tag("og:image:alt", &image.alt));
            }
            if let Some((width, height)) = image.size {
                properties.push(tag("og:image:width", &width.to_string()));
                properties.push(tag("og:image:height", &height.to_string()));
            }
            names.push(tag("twitter:image", &image.url));
        }
        properties.extend(
            meta.properties
                .into_iter()
                .map(|(k, v)| MetaTag { key: k, content: v }),
        );
        names.extend(
            meta.names
                .into_iter()
                .map(|(k, v)| MetaTag { key: k, content: v }),
        );

        let paths = self.paths();
        let mut feeds = Vec::new();
        let site_feed = (
            self.site_name(language).to_owned(),
            paths.prefix(language).to_owned(),
        );
        for (title, dir) in meta.feed.into_iter().chain(std::iter::once(site_feed)) {
            for format in FeedFormat::ALL {
                feeds.push(FeedLink {
                    title: title.clone(),
                    mime: format.link_type(),
                    url: paths.absolute(&format!("{dir}/{}", format.file_name())),
                });
            }
        }
        let json_ld = meta.json_ld.iter().map(json_ld_script).collect();
        HeadView {
            canonical_url,
            properties,
            names,
            feeds,
            json_ld,
        }
    }

    /// The institute as schema.org's `publisher`.
    pub(crate) fn publisher(&self) -> serde_json::Value {
        let paths = self.paths();
        json!({
            "@type": "Organization",
            "name": self.config().site.name,
            "url": paths.absolute("/"),
        })
    }

    /// A `BreadcrumbList` from (name, path) pairs, home first.
    pub(crate) fn breadcrumbs(&self, crumbs: &[(String, String)]) -> serde_json::Value {
        let paths = self.paths();
        json!({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": crumbs.iter().enumerate().map(|(i, (name, path))| json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": paths.absolute(path),
            })).collect::<Vec<_>>(),
        })
    }

    /// The URL search engines should treat as the article's own, as
    /// `[syndication] canonical` says.
    pub(crate) fn article_canonical(&self, article: &Article) -> Option<String> {
        if self.config().syndication.canonical != CanonicalPolicy::Outlet {
            return None;
        }
        // The outlet that carries the full text: the one the excerpt
        // points to, else the first that republished it.
        let full_text_at = article.full_text_elsewhere().into_iter().chain(
            article
                .syndications
                .iter()
                .filter(|s| s.relation == SyndicationRelation::AlsoPublishedIn),
        );
        full_text_at.filter_map(safe_web_url).next()
    }

    /// schema.org `Article` JSON-LD, OpenGraph `article:*` and Highwire
    /// Press tags for an article.
    pub(crate) fn article_meta(
        &self,
        article: &Article,
        title: &str,
        description: &str,
    ) -> PageMeta {
        let paths = self.paths();
        let language = article.language.as_str();
        let url = paths.absolute(&paths.in_namespace(language, article.slug.as_str()));
        let authors: Vec<serde_json::Value> = article
            .authors
            .iter()
            .map(|e| {
                json!({
                    "@type": "Person",
                    "name": e.name,
                    "url": paths.absolute(&paths.expert(language, e.slug.as_str())),
                })
            })
            .collect();
        let image =
            folio_markdown::first_image(&article.body_markdown).map(|(src, alt)| PageImage {
                url: if src.starts_with('/') && !src.starts_with("//") {
                    paths.absolute(&src)
                } else {
                    src
                },
                alt,
                size: None,
            });
        let keywords: Vec<&str> = article
            .topics
            .iter()
            .chain(&article.regions)
            .map(|t| t.name.as_str())
            .collect();
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": folio_markdown::truncate_words(title, 110),
            "name": title,
            "description": description,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": language,
            "author": authors,
            "publisher": self.publisher(),
            "dateModified": article.updated_at.to_string(),
        });
        if let Some(date) = article.published_on {
            ld["datePublished"] = json!(date.to_string());
        }
        if !keywords.is_empty() {
            ld["keywords"] = json!(keywords.join(", "));
        }
        if let Some(content_type) = &article.content_type {
            ld["genre"] = json!(content_type.name);
        }
        if let Some(image) = &image {
            ld["image"] = json!(image.url);
        }
        if let Some(full_text) = article.full_text_elsewhere().and_then(safe_web_url) {
            ld["isBasedOn"] = json!(full_text);
        }
        let same_as: Vec<String> = article
            .syndications
            .iter()
            .filter(|s| s.relation == SyndicationRelation::AlsoPublishedIn)
            .filter_map(safe_web_url)
            .collect();
        if !same_as.is_empty() {
            ld["sameAs"] = json!(same_as);
        }
        let translations: Vec<serde_json::Value> = article
            .translations
            .iter()
            .map(|t| {
                json!({
                    "@type": "Article",
                    "inLanguage": t.language.as_str(),
                    "url": paths.absolute(&paths.in_namespace(t.language.as_str(), t.slug.as_str())),
                })
            })
            .collect();
        if !translations.is_empty() {
            ld["workTranslation"] = json!(translations);
        }

        let mut crumbs = vec![
            (self.site_name(language).to_owned(), paths.home(language)),
            (
                self.text_in(language, "nav-analysis"),
                paths.analysis(language),
            ),
        ];
        if let Some(topic) = article.topics.first() {
            crumbs.push((
                topic.name.clone(),
                paths.in_namespace(topic.language.as_str(), topic.slug.as_str()),
            ));
        }
        crumbs.push((
            title.to_owned(),
            paths.in_namespace(language, article.slug.as_str()),
        ));

        let mut properties = Vec::new();
        let mut names = vec![("citation_title", title.to_owned())];
        for author in &article.authors {
            properties.push((
                "article:author",
                paths.absolute(&paths.expert(language, author.slug.as_str())),
            ));
            names.push(("citation_author", author.name.clone()));
        }
        if let Some(date) = article.published_on {
            properties.push(("article:published_time", date.to_string()));
            names.push((
                "citation_publication_date",
                date.strftime("%Y/%m/%d").to_string(),
            ));
        }
        properties.push(("article:modified_time", article.updated_at.to_string()));
        if let Some(content_type) = &article.content_type {
            properties.push(("article:section", content_type.name.clone()));
        }
        for keyword in &keywords {
            properties.push(("article:tag", (*keyword).to_owned()));
        }
        names.push(("citation_publisher", self.site_name(language).to_owned()));
        names.push((
            "citation_technical_report_institution",
            self.site_name(language).to_owned(),
        ));
        if let Some(number) = article.series_number {
            names.push(("citation_technical_report_number", number.to_string()));
        }
        names.push(("citation_language", language.to_owned()));
        names.push(("citation_fulltext_html_url", url.clone()));
        if !keywords.is_empty() {
            names.push(("citation_keywords", keywords.join("; ")));
        }
        PageMeta {
            og_type: "article",
            image,
            json_ld: vec![ld, self.breadcrumbs(&crumbs)],
            properties,
            names,
            canonical: self.article_canonical(article),
            feed: None,
            trail: crumbs,
        }
    }

    /// schema.org `Person` for an expert's page.
    pub(crate) fn expert_meta(&self, language: &str, expert: &Expert) -> PageMeta {
        let paths = self.paths();
        let url = paths.absolute(&paths.expert(language, expert.slug.as_str()));
        let image = expert.portrait.as_ref().map(|p| PageImage {
            url: paths.absolute(&p.url),
            alt: p.alt.clone(),
            size: Some((p.width, p.height)),
        });
        let mut person = json!({
            "@context": "https://schema.org",
            "@type": "Person",
            "name": expert.name,
            "url": url,
            "worksFor": self.publisher(),
        });
        if !expert.bio.is_empty() {
            person["description"] = json!(expert.bio);
        }
        if let Some(image) = &image {
            person["image"] = json!(image.url);
        }
        if !expert.programs.is_empty() {
            person["memberOf"] = json!(
                expert
                    .programs
                    .iter()
                    .map(|p| json!({
                        "@type": "Organization",
                        "name": p.name,
                        "url": paths.absolute(&paths.program(language, p.slug.as_str())),
                    }))
                    .collect::<Vec<_>>()
            );
        }
        let crumbs = [
            (self.site_name(language).to_owned(), paths.home(language)),
            (
                self.text_in(language, "nav-experts"),
                paths.experts(language),
            ),
            (
                expert.name.clone(),
                paths.expert(language, expert.slug.as_str()),
            ),
        ];
        PageMeta {
            og_type: "profile",
            image,
            json_ld: vec![person, self.breadcrumbs(&crumbs)],
            trail: crumbs.to_vec(),
            feed: Some((
                format!("{} | {}", expert.name, self.site_name(language)),
                paths.expert(language, expert.slug.as_str()),
            )),
            ..PageMeta::default()
        }
    }

    /// A listing with its own feed and a trail back home.
    pub(crate) fn listing_meta(
        &self,
        language: &str,
        crumbs: Vec<(String, String)>,
        feed: Option<(String, String)>,
    ) -> PageMeta {
        let paths = self.paths();
        let mut trail = vec![(self.site_name(language).to_owned(), paths.home(language))];
        trail.extend(crumbs);
        PageMeta {
            json_ld: vec![self.breadcrumbs(&trail)],
            trail,
            feed: feed
                .map(|(subject, dir)| (format!("{subject} | {}", self.site_name(language)), dir)),
            ..PageMeta::default()
        }
    }

    /// The home page: the institute and its search box, for search engines.
    pub(crate) fn home_meta(&self, language: &str) -> PageMeta {
        let paths = self.paths();
        let mut organization = self.publisher();
        organization["@context"] = json!("https://schema.org");
        let website = json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": self.site_name(language),
            "url": paths.absolute(&paths.home(language)),
            "inLanguage": language,
            "potentialAction": {
                "@type": "SearchAction",
                "target": format!("{}?q={{query}}", paths.absolute(&paths.search(language))),
                "query-input": "required name=query",
            },
        });
        PageMeta {
            json_ld: vec![organization, website],
            ..PageMeta::default()
        }
    }

    fn text_in(&self, language: &str, key: &str) -> String {
        self.locales().text(language, key, None)
    }
}

fn tag(key: &'static str, content: &str) -> MetaTag {
    MetaTag {
        key,
        content: content.to_owned(),
    }
}

/// OpenGraph wants `ll_TT`; a bare language is what Folio knows.
fn og_locale(language: &str) -> String {
    language.replace('-', "_")
}

fn safe_web_url(syndication: &Syndication) -> Option<String> {
    syndication
        .url
        .clone()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// JSON-LD inside `<script>`: `<`, `>` and `&` escaped so no text in it can
/// close the element or start a comment.
fn json_ld_script(value: &serde_json::Value) -> Value {
    let text = serde_json::to_string(value).expect("a JSON value serialises");
    let escaped = text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Value::from_safe_string(escaped)
}
