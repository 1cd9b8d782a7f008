//! One method per page type: domain values in, HTML out.

use folio_config::LanguageConfig;
use folio_core::{
    Article, ArticleReference, ArticleSummary, ContentType, ContentTypeListing, Expert,
    ExpertListing, ExpertRef, Paged, Program, SyndicationRelation, Term, TermKind, TermListing,
};
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use crate::paths::SitePaths;
use crate::views::{CardView, PaginationView, type_label};
use crate::{RenderError, Renderer};

/// Longest description in a page's metadata, in characters.
const DESCRIPTION_LENGTH: usize = 160;

/// The kinds of error page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    NotFound,
    Internal,
    Unavailable,
}

impl ErrorKind {
    fn key(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "error-400",
            ErrorKind::NotFound => "error-404",
            ErrorKind::Internal => "error-500",
            ErrorKind::Unavailable => "error-503",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::NotFound => 404,
            ErrorKind::Internal => 500,
            ErrorKind::Unavailable => 503,
        }
    }
}

/// What the page frame (head, header, footer) needs to know about a page.
pub(crate) struct Frame<'a> {
    pub language: &'a LanguageConfig,
    pub title: String,
    pub description: Option<String>,
    /// The page's own path: its canonical URL.
    pub path: String,
    /// Which header link is current.
    pub section: &'static str,
    /// The same page in other languages: (language code, path).
    pub alternates: Vec<(String, String)>,
    pub noindex: bool,
    pub meta: crate::metadata::PageMeta,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    url: String,
    current: bool,
}

/// The home page's newest pieces of one content type.
#[derive(Serialize)]
struct TypeSection {
    name: String,
    slug: String,
    url: String,
    items: Vec<CardView>,
}

/// A link of the experts index's program filter.
#[derive(Serialize)]
struct ProgramFilter {
    name: String,
    url: String,
    selected: bool,
}

/// The experts index showing one program's experts.
fn program_filter_url(index: &str, program: &Program) -> String {
    format!(
        "{index}?program={}",
        folio_core::encode_segment(program.slug.as_str())
    )
}

/// One step of the breadcrumbs; the last is the page itself.
#[derive(Serialize)]
struct Crumb {
    name: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct AlternateView {
    lang: String,
    url: String,
}

#[derive(Serialize)]
struct TranslationView<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    url: String,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct ExpertCard {
    name: String,
    url: String,
    bio: String,
    article_count: Option<u64>,
}

#[derive(Serialize)]
pub(crate) struct TermLink {
    pub name: String,
    pub url: String,
    pub article_count: Option<u64>,
}

impl Renderer {
    pub(crate) fn frame(&self, mut frame: Frame<'_>) -> Value {
        let config = self.config();
        let trail = std::mem::take(&mut frame.meta.trail);
        let breadcrumbs: Vec<Crumb> = if trail.len() < 2 {
            Vec::new()
        } else {
            let last = trail.len() - 1;
            trail
                .into_iter()
                .enumerate()
                .map(|(i, (name, url))| Crumb {
                    name: if i == 0 {
                        self.text(frame.language, "breadcrumb-home")
                    } else {
                        name
                    },
                    url,
                    current: i == last,
                })
                .collect()
        };
        let paths = self.paths();
        let current = frame.language.code.as_str();
        let languages: Vec<LanguageLink<'_>> = config
            .languages
            .iter()
            .map(|l| {
                let code = l.code.as_str();
                let url = if code == current {
                    frame.path.clone()
                } else {
                    frame
                        .alternates
                        .iter()
                        .find(|(lang, _)| lang == code)
                        .map_or_else(|| paths.home(code), |(_, path)| path.clone())
                };
                LanguageLink {
                    code,
                    name: &l.name,
                    dir: l.direction.as_str(),
                    url,
                    current: code == current,
                }
            })
            .collect();
        let mut alternates: Vec<AlternateView> = frame
            .alternates
            .iter()
            .map(|(lang, path)| AlternateView {
                lang: lang.clone(),
                url: paths.absolute(path),
            })
            .collect();
        if !alternates.is_empty() {
            alternates.insert(
                0,
                AlternateView {
                    lang: current.to_owned(),
                    url: paths.absolute(&frame.path),
                },
            );
        }
        let site_name = frame.language.site_name(&config.site);
        // Every page says what it is to search engines and link previews:
        // a page with nothing of its own to say names itself and the site.
        if frame.description.is_none() && !frame.title.is_empty() {
            frame.description = Some(self.locales().text(
                current,
                "page-description",
                Some(&crate::fluent_args([
                    ("title", frame.title.clone().into()),
                    ("site", site_name.to_owned().into()),
                    (
                        "tagline",
                        frame.language.tagline(&config.site).to_owned().into(),
                    ),
                ])),
            ));
        }
        let full_title = if frame.title.is_empty() {
            site_name.to_owned()
        } else {
            format!("{} | {site_name}", frame.title)
        };
        let card_title = if frame.title.is_empty() {
            site_name
        } else {
            &frame.title
        };
        let head = self.head_view(
            current,
            card_title,
            frame.description.as_deref(),
            paths.absolute(&frame.path),
            frame.meta,
        );
        context! {
            site => context! {
                name => site_name,
                tagline => frame.language.tagline(&config.site),
                logo => config.site.logo.as_deref().and_then(|logo| self.theme().asset_url(logo)),
            },
            lang => context! {
                code => current,
                name => &frame.language.name,
                dir => frame.language.direction.as_str(),
            },
            languages => Serde(&languages),
            page => context! {
                title => full_title,
                heading => &frame.title,
                description => frame.description,
                canonical_url => head.canonical_url,
                alternates => Serde(&alternates),
                section => frame.section,
                breadcrumbs => Serde(&breadcrumbs),
                noindex => frame.noindex,
                properties => Serde(&head.properties),
                names => Serde(&head.names),
                feeds => Serde(&head.feeds),
                json_ld => head.json_ld,
            },
        }
    }

    /// The same language-neutral page (an expert, a listing) in every other
    /// language.
    pub(crate) fn everywhere(
        &self,
        current: &LanguageConfig,
        path_in: impl Fn(&str) -> String,
    ) -> Vec<(String, String)> {
        self.config()
            .languages
            .iter()
            .filter(|l| l.code != current.code)
            .map(|l| (l.code.as_str().to_owned(), path_in(l.code.as_str())))
            .collect()
    }

    /// A listing's alternates: on its first page only, since other
    /// languages' lists have pages of their own.
    pub(crate) fn first_page_alternates(
        &self,
        current: &LanguageConfig,
        page: u32,
        path_in: impl Fn(&str) -> String,
    ) -> Vec<(String, String)> {
        if page > 1 {
            Vec::new()
        } else {
            self.everywhere(current, path_in)
        }
    }

    fn cards(&self, articles: &[ArticleSummary], language: &LanguageConfig) -> Vec<CardView> {
        articles
            .iter()
            .map(|a| CardView::from_summary(a, self.paths(), language.code.as_str()))
            .collect()
    }

    fn pagination<T>(&self, base_path: &str, paged: &Paged<T>) -> PaginationView {
        PaginationView::new(base_path, paged.page, paged.page_count(), paged.total)
    }

    /// The article page, with every block of the seed pages in their order.
    pub fn article(
        &self,
        language: &LanguageConfig,
        article: &Article,
    ) -> Result<String, RenderError> {
        self.article_with_more(language, article, &ArticleMore::default())
    }

    /// The article page with "More from" its first author and "More on"
    /// its first topic below it.
    pub fn article_with_more(
        &self,
        language: &LanguageConfig,
        article: &Article,
        more: &ArticleMore,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let path = paths.in_namespace(article.language.as_str(), article.slug.as_str());
        let translations: Vec<TranslationView<'_>> = article
            .translations
            .iter()
            .filter_map(|t| {
                let config = self.config().language(t.language.as_str())?;
                Some(TranslationView {
                    code: config.code.as_str(),
                    name: &config.name,
                    dir: config.direction.as_str(),
                    url: paths.in_namespace(t.language.as_str(), t.slug.as_str()),
                    title: t.title.as_deref(),
                })
            })
            .collect();
        let alternates = translations
            .iter()
            .map(|t| (t.code.to_owned(), t.url.clone()))
            .collect();
        let description = if article.deck.is_empty() {
            folio_markdown::excerpt(&article.body_markdown, DESCRIPTION_LENGTH)
        } else {
            folio_markdown::truncate_words(&article.deck, DESCRIPTION_LENGTH)
        };
        // Outlet links come from imports and editors: only web addresses
        // become links (a `javascript:` URL is dropped, the outlet stays).
        let checked = |s: &folio_core::Syndication| folio_core::Syndication {
            url: s.url.clone().filter(|u| folio_markdown::is_safe_url(u)),
            ..s.clone()
        };
        let also_published: Vec<_> = article
            .syndications
            .iter()
            .filter(|s| s.relation == SyndicationRelation::AlsoPublishedIn)
            .map(checked)
            .collect();
        let recommended: Vec<CardView> = article
            .recommended
            .iter()
            .map(|r| CardView::from_recommendation(r, paths, code))
            .collect();
        let authors: Vec<ExpertCard> = article
            .authors
            .iter()
            .map(|e| expert_card(e, paths, code, None))
            .collect();
        let terms = |terms: &[Term]| -> Vec<TermLink> {
            terms
                .iter()
                .map(|t| TermLink {
                    name: t.name.clone(),
                    url: paths.in_namespace(t.language.as_str(), t.slug.as_str()),
                    article_count: None,
                })
                .collect()
        };
        let meta = self.article_meta(article, &display_title(article), &description);
        let more_view = |name: &str, url: String, items: &[ArticleSummary]| {
            (!items.is_empty()).then(|| MoreView {
                name: name.to_owned(),
                url,
                items: self.cards(items, language),
            })
        };
        let more_by = article.authors.first().and_then(|expert| {
            more_view(
                &expert.name,
                paths.expert(code, expert.slug.as_str()),
                &more.by_first_author,
            )
        });
        let more_on = article.topics.first().and_then(|topic| {
            more_view(
                &topic.name,
                paths.in_namespace(topic.language.as_str(), topic.slug.as_str()),
                &more.on_first_topic,
            )
        });
        let own_url = paths.absolute(&path);
        let share = self.share_view(&own_url, &display_title(article));
        let frame = self.frame(Frame {
            language,
            title: display_title(article),
            description: Some(description),
            path,
            section: "analysis",
            alternates,
            noindex: false,
            meta,
        });
        self.render(
            "article.html",
            context! {
                article => context! {
                    title => display_title(article),
                    language => article.language.as_str(),
                    published_on => article.published_on.map(|d| d.to_string()),
                    deck => &article.deck,
                    body_is_excerpt => article.body_is_excerpt,
                    type_label => type_label(article.content_type.as_ref(), article.series_number),
                    type_url => article.content_type.as_ref().map(|t| paths.content_type(code, t.slug.as_str())),
                },
                authors => Serde(&authors),
                translations => Serde(&translations),
                also_published => Serde(&also_published),
                full_text => Serde(article.full_text_elsewhere().map(checked)),
                body_html => Value::from_safe_string(folio_markdown::to_html_sized(
                    &article.body_markdown,
                    &|src| article.image_size(src),
                )),
                author_note_html => (!article.author_note_markdown.is_empty())
                    .then(|| Value::from_safe_string(folio_markdown::to_html(&article.author_note_markdown))),
                recommended => Serde(&recommended),
                cite => Serde(self.cite_view(article)),
                topics => Serde(terms(&article.topics)),
                regions => Serde(terms(&article.regions)),
                more_by => Serde(more_by),
                more_on => Serde(more_on),
                share => Serde(share),
                ..frame,
            },
        )
    }

    /// The home page: the newest analysis first, with the ways into the
    /// archive beside it.
    pub fn home(
        &self,
        language: &LanguageConfig,
        latest: &[ArticleSummary],
        topics: &[TermListing],
        regions: &[TermListing],
        experts: &[ExpertListing],
        latest_by_type: &[(ContentType, Vec<ArticleSummary>)],
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let by_type: Vec<TypeSection> = latest_by_type
            .iter()
            .filter(|(_, articles)| !articles.is_empty())
            .map(|(content_type, articles)| TypeSection {
                name: content_type.name.clone(),
                slug: content_type.slug.to_string(),
                url: paths.content_type(code, content_type.slug.as_str()),
                items: self.cards(articles, language),
            })
            .collect();
        let frame = self.frame(Frame {
            language,
            title: String::new(),
            description: Some(language.tagline(&self.config().site).to_owned()),
            path: paths.home(code),
            section: "home",
            alternates: self.everywhere(language, |l| paths.home(l)),
            noindex: false,
            meta: self.home_meta(code),
        });
        let cards = self.cards(latest, language);
        let (lead, rest) = match cards.split_first() {
            Some((lead, rest)) => (Some(lead), rest),
            None => (None, &[][..]),
        };
        self.render(
            "home.html",
            context! {
                lead => Serde(lead),
                latest => Serde(rest),
                topics => Serde(term_links(topics, paths)),
                regions => Serde(term_links(regions, paths)),
                experts => Serde(experts.iter().map(|l| expert_card(&l.expert, paths, code, Some(l.article_count))).collect::<Vec<_>>()),
                by_type => Serde(by_type),
                ..frame,
            },
        )
    }

    /// The experts index, by name.
    pub fn experts(
        &self,
        language: &LanguageConfig,
        experts: &Paged<ExpertListing>,
    ) -> Result<String, RenderError> {
        self.experts_filtered(language, experts, &[], None)
    }

    /// The experts index, by name, with links that show only one program's
    /// experts; `selected` is the program shown, if any.
    pub fn experts_filtered(
        &self,
        language: &LanguageConfig,
        experts: &Paged<ExpertListing>,
        programs: &[Program],
        selected: Option<&Program>,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let index = paths.experts(code);
        let filtered = |l: &str| match selected {
            Some(program) => program_filter_url(&paths.experts(l), program),
            None => paths.experts(l),
        };
        let base = filtered(code);
        let frame = self.frame(Frame {
            language,
            title: match selected {
                Some(program) => format!(
                    "{} | {}",
                    program.name,
                    self.text(language, "experts-title")
                ),
                None => self.text(language, "experts-title"),
            },
            description: None,
            path: SitePaths::paged(&base, experts.page),
            section: "experts",
            alternates: self.first_page_alternates(language, experts.page, filtered),
            // One program's experts repeat the index.
            noindex: selected.is_some(),
            meta: self.listing_meta(
                code,
                vec![(self.text(language, "experts-title"), index.clone())],
                None,
            ),
        });
        let cards: Vec<ExpertCard> = experts
            .items
            .iter()
            .map(|l| expert_card(&l.expert, paths, code, Some(l.article_count)))
            .collect();
        let filters: Vec<ProgramFilter> = programs
            .iter()
            .map(|p| ProgramFilter {
                name: p.name.clone(),
                url: program_filter_url(&index, p),
                selected: selected.is_some_and(|s| s.id == p.id),
            })
            .collect();
        self.render(
            "experts.html",
            context! {
                experts => Serde(cards),
                programs => Serde(filters),
                all_url => index,
                selected => selected.map(|p| p.name.clone()),
                pagination => Serde(self.pagination(&base, experts)),
                ..frame,
            },
        )
    }

    /// The index of topics or of regions.
    pub fn terms(
        &self,
        language: &LanguageConfig,
        kind: TermKind,
        terms: &[TermListing],
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let entries = term_links(terms, paths);
        match kind {
            TermKind::Topic => self.index_page(
                language,
                "topics-title",
                "topics",
                |l| paths.topics(l),
                entries,
            ),
            TermKind::Region => self.index_page(
                language,
                "regions-title",
                "regions",
                |l| paths.regions(l),
                entries,
            ),
        }
    }

    /// The index of content types.
    pub fn content_types(
        &self,
        language: &LanguageConfig,
        types: &[ContentTypeListing],
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let entries = types
            .iter()
            .map(|t| TermLink {
                name: t.content_type.name.clone(),
                url: paths.content_type(code, t.content_type.slug.as_str()),
                article_count: Some(t.article_count),
            })
            .collect();
        self.index_page(
            language,
            "types-title",
            "types",
            |l| paths.content_types(l),
            entries,
        )
    }

    /// The index of programs.
    pub fn programs(
        &self,
        language: &LanguageConfig,
        programs: &[Program],
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let entries = programs
            .iter()
            .map(|p| TermLink {
                name: p.name.clone(),
                url: paths.program(code, p.slug.as_str()),
                article_count: None,
            })
            .collect();
        self.index_page(
            language,
            "programs-title",
            "experts",
            |l| paths.programs(l),
            entries,
        )
    }

    /// A heading and a list of links, the same page in every language.
    fn index_page(
        &self,
        language: &LanguageConfig,
        heading_key: &str,
        section: &'static str,
        path_in: impl Fn(&str) -> String,
        entries: Vec<TermLink>,
    ) -> Result<String, RenderError> {
        let heading = self.text(language, heading_key);
        let own = path_in(language.code.as_str());
        let frame = self.frame(Frame {
            language,
            title: heading.clone(),
            description: None,
            path: own.clone(),
            section,
            alternates: self.everywhere(language, &path_in),
            noindex: false,
            meta: self.listing_meta(language.code.as_str(), vec![(heading.clone(), own)], None),
        });
        self.render(
            "index.html",
            context! { heading => heading, entries => Serde(entries), ..frame },
        )
    }

    /// A program: its experts and their analysis.
    pub fn program(
        &self,
        language: &LanguageConfig,
        program: &Program,
        experts: &[ExpertRef],
        articles: &Paged<ArticleSummary>,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let code = language.code.as_str();
        let base = paths.program(code, program.slug.as_str());
        let frame = self.frame(Frame {
            language,
            title: program.name.clone(),
            description: None,
            path: SitePaths::paged(&base, articles.page),
            section: "experts",
            alternates: self.first_page_alternates(language, articles.page, |l| {
                paths.program(l, program.slug.as_str())
            }),
            noindex: false,
            meta: self.listing_meta(
                code,
                vec![
                    (self.text(language, "programs-title"), paths.programs(code)),
                    (program.name.clone(), base.clone()),
                ],
                None,
            ),
        });
        let experts: Vec<TermLink> = experts
            .iter()
            .map(|e| TermLink {
                name: e.name.clone(),
                url: paths.expert(code, e.slug.as_str()),
                article_count: None,
            })
            .collect();
        self.render(
            "program.html",
            context! {
                program => context! { name => &program.name },
                experts => Serde(experts),
                articles => Serde(self.cards(&articles.items, language)),
                pagination => Serde(self.pagination(&base, articles)),
                ..frame,
            },
        )
    }

    /// A piece known only from other pages' Recommended lists: a catalogue
    /// record, so its links lead somewhere useful.
    pub fn reference(
        &self,
        language: &LanguageConfig,
        reference: &ArticleReference,
    ) -> Result<String, RenderError> {
        let paths = self.paths();
        let item = &reference.item;
        let frame = self.frame(Frame {
            language,
            title: item.title.clone(),
            description: None,
            path: paths.in_namespace(item.language.as_str(), item.slug.as_str()),
            section: "analysis",
            alternates: Vec::new(),
            noindex: true,
            meta: crate::metadata::PageMeta::default(),
        });
        self.render(
            "reference.html",
            context! {
                item => context! {
                title => &item.title,
                type_label => &item.type_label,
                published_on => item.published_on.map(|d| d.to_string()),
                author_names => &item.author_names,
            },
                recommended_by => Serde(self.cards(&reference.recommended_by, language)),
                ..frame,
            },
        )
    }

    /// An error page in the reader's language.
    pub fn error(&self, language: &LanguageConfig, kind: ErrorKind) -> Result<String, RenderError> {
        let title = self.text(language, &format!("{}-title", kind.key()));
        // The page stands for no address of its own: its language links
        // lead to each language's home page.
        let frame = self.frame(Frame {
            language,
            title: title.clone(),
            description: None,
            path: self.paths().home(language.code.as_str()),
            section: "",
            alternates: Vec::new(),
            noindex: true,
            meta: crate::metadata::PageMeta::default(),
        });
        self.render(
            "error.html",
            context! {
                status => kind.status(),
                heading => title,
                message => self.text(language, &format!("{}-text", kind.key())),
                ..frame,
            },
        )
    }
}

/// Analysis listed below an article, newest first, the article itself left
/// out: by its first author, and on its first topic.
#[derive(Debug, Clone, Default)]
pub struct ArticleMore {
    pub by_first_author: Vec<ArticleSummary>,
    pub on_first_topic: Vec<ArticleSummary>,
}

#[derive(Serialize)]
struct MoreView {
    /// The expert's or topic's name, and its page.
    name: String,
    url: String,
    items: Vec<CardView>,
}

/// Ways to pass an article on: its address to copy, and plain links to
/// share it by e-mail or on social networks (no scripts of theirs).
#[derive(Serialize)]
struct ShareView {
    url: String,
    links: Vec<ShareLink>,
}

#[derive(Serialize)]
struct ShareLink {
    /// The interface string naming the service.
    key: &'static str,
    url: String,
}

/// Where each share link leads: `{url}` and `{title}` are filled in,
/// percent-encoded.
const SHARE_LINKS: [(&str, &str); 4] = [
    ("share-email", "mailto:?subject={title}&body={url}"),
    (
        "share-x",
        "https://x.com/intent/post?url={url}&text={title}",
    ),
    (
        "share-linkedin",
        "https://www.linkedin.com/sharing/share-offsite/?url={url}",
    ),
    (
        "share-facebook",
        "https://www.facebook.com/sharer/sharer.php?u={url}",
    ),
];

impl Renderer {
    fn share_view(&self, url: &str, title: &str) -> ShareView {
        let encoded_url = folio_core::encode_segment(url);
        let encoded_title = folio_core::encode_segment(title);
        ShareView {
            url: url.to_owned(),
            links: SHARE_LINKS
                .iter()
                .map(|&(key, pattern)| ShareLink {
                    key,
                    url: pattern
                        .replace("{url}", &encoded_url)
                        .replace("{title}", &encoded_title),
                })
                .collect(),
        }
    }
}

/// The title a reader sees: the deck stands in for a missing title.
fn display_title(article: &Article) -> String {
    if article.title.is_empty() {
        article.deck.clone()
    } else {
        article.title.clone()
    }
}

fn expert_card(
    expert: &Expert,
    paths: &SitePaths,
    language: &str,
    article_count: Option<u64>,
) -> ExpertCard {
    ExpertCard {
        name: expert.name.clone(),
        url: paths.expert(language, expert.slug.as_str()),
        bio: expert.bio.clone(),
        article_count,
    }
}

fn term_links(terms: &[TermListing], paths: &SitePaths) -> Vec<TermLink> {
    terms
        .iter()
        .map(|t| TermLink {
            name: t.term.name.clone(),
            url: paths.in_namespace(t.term.language.as_str(), t.term.slug.as_str()),
            article_count: Some(t.article_count),
        })
        .collect()
}
