//! What the API answers with: the content model as JSON, built from the
//! store's values. The same builders serve reads and the representation a
//! write's `If-Match` is compared with, so an `ETag` is one thing.

use folio_core::{
    Article, ArticleStatus, ArticleSummary, ContentType, Expert, ExpertRef, Program, Syndication,
    Term, Translation,
};
use folio_render::SitePaths;
use serde::Serialize;
use utoipa::ToSchema;

/// Where an article is in the editorial workflow. Without a token only
/// `published` articles exist.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusJson {
    Draft,
    InReview,
    Scheduled,
    Published,
    Archived,
}

impl From<ArticleStatus> for StatusJson {
    fn from(status: ArticleStatus) -> StatusJson {
        match status {
            ArticleStatus::Draft => StatusJson::Draft,
            ArticleStatus::InReview => StatusJson::InReview,
            ArticleStatus::Scheduled => StatusJson::Scheduled,
            ArticleStatus::Published => StatusJson::Published,
            ArticleStatus::Archived => StatusJson::Archived,
        }
    }
}

/// How an article relates to an outside outlet.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationJson {
    /// "Also published in": the full text is here and there.
    AlsoPublishedIn,
    /// "Read the full article at": only an excerpt is here.
    FullTextAt,
}

impl RelationJson {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationJson::AlsoPublishedIn => "also_published_in",
            RelationJson::FullTextAt => "full_text_at",
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContentTypeJson {
    #[schema(example = "articles-testimony")]
    pub slug: String,
    #[schema(example = "Articles & Testimony")]
    pub name: String,
    /// The public listing of this type.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramJson {
    pub slug: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PortraitJson {
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"slug": "anna-borshchevskaya", "name": "Anna Borshchevskaya", "bio": "Anna Borshchevskaya is a senior fellow at The Washington Institute.", "url": "https://www.example.org/experts/anna-borshchevskaya", "programs": [], "portrait": null}))]
pub struct ExpertJson {
    pub slug: String,
    pub name: String,
    /// The one-line bio.
    pub bio: String,
    /// The expert's public page.
    pub url: String,
    pub programs: Vec<ProgramJson>,
    pub portrait: Option<PortraitJson>,
}

/// An expert as a byline names them.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExpertRefJson {
    pub slug: String,
    pub name: String,
    pub url: String,
}

/// A topic or region.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"language": "en", "slug": "terrorism", "name": "Terrorism", "url": "https://www.example.org/policy-analysis/terrorism", "article_count": 12}))]
pub struct TermJson {
    pub language: String,
    pub slug: String,
    pub name: String,
    /// The public listing of the term.
    pub url: String,
    /// Published articles filed under it.
    pub article_count: u64,
}

/// A topic or region as an article lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TermRefJson {
    pub slug: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SyndicationJson {
    pub relation: RelationJson,
    #[schema(example = "Foreign Affairs")]
    pub outlet: String,
    pub url: Option<String>,
}

/// "Recommended": an editors' pick, which may name a piece not yet in the
/// archive (then `available` is false and the fields are as the page
/// showed them).
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendedJson {
    pub language: String,
    pub slug: String,
    pub title: String,
    pub type_label: Option<String>,
    #[schema(format = Date)]
    pub published_on: Option<String>,
    pub authors: Vec<String>,
    pub url: String,
    /// Whether the piece is on the site.
    pub available: bool,
}

/// "Also available in": the same piece in another language.
#[derive(Debug, Serialize, ToSchema)]
pub struct TranslationJson {
    pub language: String,
    pub slug: String,
    /// The translation's title, when it is published here.
    pub title: Option<String>,
    pub url: String,
}

/// One article with every field of the content model.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 2, "language": "en", "slug": "putin-no-ally-war-terror-2024", "status": "published",
    "url": "https://www.example.org/policy-analysis/putin-no-ally-war-terror-2024",
    "title": "Putin Is No Ally in the War on Terror in 2024",
    "deck": "The Kremlin's legacy of ties to terrorist groups should give pause.",
    "body_markdown": "**W**ith the attack on Crocus City Hall…", "body_html": "<p><strong>W</strong>ith the attack on Crocus City Hall…</p>",
    "body_is_excerpt": false,
    "content_type": {"slug": "articles-testimony", "name": "Articles & Testimony", "url": "https://www.example.org/types/articles-testimony"},
    "series_number": null, "published_on": "2024-04-05",
    "authors": [], "topics": [], "regions": [],
    "author_note_markdown": "", "author_note_html": "",
    "syndications": [{"relation": "also_published_in", "outlet": "19FortyFive", "url": null}],
    "recommended": [], "translations": [],
    "created_at": "2026-11-23T12:00:00Z", "updated_at": "2026-11-23T12:00:00Z"
}))]
pub struct ArticleJson {
    pub id: i64,
    pub language: String,
    pub slug: String,
    pub status: StatusJson,
    /// The public page (readers see it once published).
    pub url: String,
    pub title: String,
    /// The one-sentence summary under the title.
    pub deck: String,
    pub body_markdown: String,
    /// The body as the site renders it: safe HTML.
    pub body_html: String,
    /// Whether the body is an excerpt of a piece whose full text is
    /// elsewhere.
    pub body_is_excerpt: bool,
    pub content_type: Option<ContentTypeJson>,
    /// The number of a numbered series piece ("PolicyWatch 3344").
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 4294967295.0)]
    pub series_number: Option<u32>,
    #[schema(format = Date)]
    pub published_on: Option<String>,
    /// In byline order.
    pub authors: Vec<ExpertJson>,
    pub topics: Vec<TermRefJson>,
    pub regions: Vec<TermRefJson>,
    pub author_note_markdown: String,
    pub author_note_html: String,
    pub syndications: Vec<SyndicationJson>,
    pub recommended: Vec<RecommendedJson>,
    pub translations: Vec<TranslationJson>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// What a list shows of an article.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleSummaryJson {
    pub id: i64,
    pub language: String,
    pub slug: String,
    pub status: StatusJson,
    pub url: String,
    pub title: String,
    pub deck: String,
    pub content_type: Option<ContentTypeJson>,
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 4294967295.0)]
    pub series_number: Option<u32>,
    #[schema(format = Date)]
    pub published_on: Option<String>,
    pub authors: Vec<ExpertRefJson>,
}

/// One page of articles. Pass `next_cursor` as `cursor` for the next page;
/// it is `null` on the last.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleListJson {
    pub items: Vec<ArticleSummaryJson>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExpertListJson {
    pub items: Vec<ExpertJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TermListJson {
    pub items: Vec<TermJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContentTypeListJson {
    pub items: Vec<ContentTypeJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramListJson {
    pub items: Vec<ProgramJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TranslationListJson {
    pub items: Vec<TranslationJson>,
}

/// Builds the JSON from the store's values, with absolute URLs.
#[derive(Debug, Clone)]
pub struct Builder {
    pub paths: SitePaths,
    pub default_language: String,
}

impl Builder {
    fn url(&self, path: &str) -> String {
        self.paths.absolute(path)
    }

    fn article_url(&self, language: &str, slug: &str) -> String {
        self.url(&self.paths.in_namespace(language, slug))
    }

    pub fn content_type(&self, content_type: &ContentType) -> ContentTypeJson {
        ContentTypeJson {
            slug: content_type.slug.to_string(),
            name: content_type.name.clone(),
            url: self.url(
                &self
                    .paths
                    .content_type(&self.default_language, content_type.slug.as_str()),
            ),
        }
    }

    pub fn program(&self, program: &Program) -> ProgramJson {
        ProgramJson {
            slug: program.slug.to_string(),
            name: program.name.clone(),
            url: self.url(
                &self
                    .paths
                    .program(&self.default_language, program.slug.as_str()),
            ),
        }
    }

    pub fn expert(&self, expert: &Expert) -> ExpertJson {
        ExpertJson {
            slug: expert.slug.to_string(),
            name: expert.name.clone(),
            bio: expert.bio.clone(),
            url: self.url(
                &self
                    .paths
                    .expert(&self.default_language, expert.slug.as_str()),
            ),
            programs: expert.programs.iter().map(|p| self.program(p)).collect(),
            portrait: expert.portrait.as_ref().map(|p| PortraitJson {
                url: self.url(&p.url),
                alt: p.alt.clone(),
                width: p.width,
                height: p.height,
            }),
        }
    }

    fn expert_ref(&self, expert: &ExpertRef) -> ExpertRefJson {
        ExpertRefJson {
            slug: expert.slug.to_string(),
            name: expert.name.clone(),
            url: self.url(
                &self
                    .paths
                    .expert(&self.default_language, expert.slug.as_str()),
            ),
        }
    }

    pub fn term(&self, term: &Term, article_count: u64) -> TermJson {
        TermJson {
            language: term.language.to_string(),
            slug: term.slug.to_string(),
            name: term.name.clone(),
            url: self.article_url(term.language.as_str(), term.slug.as_str()),
            article_count,
        }
    }

    fn term_ref(&self, term: &Term) -> TermRefJson {
        TermRefJson {
            slug: term.slug.to_string(),
            name: term.name.clone(),
            url: self.article_url(term.language.as_str(), term.slug.as_str()),
        }
    }

    fn syndication(syndication: &Syndication) -> SyndicationJson {
        SyndicationJson {
            relation: match syndication.relation {
                folio_core::SyndicationRelation::AlsoPublishedIn => RelationJson::AlsoPublishedIn,
                folio_core::SyndicationRelation::FullTextAt => RelationJson::FullTextAt,
            },
            outlet: syndication.outlet.clone(),
            url: syndication.url.clone(),
        }
    }

    pub fn translation(&self, translation: &Translation) -> TranslationJson {
        TranslationJson {
            language: translation.language.to_string(),
            slug: translation.slug.to_string(),
            title: translation.title.clone(),
            url: self.article_url(translation.language.as_str(), translation.slug.as_str()),
        }
    }

    pub fn article(&self, article: &Article) -> ArticleJson {
        ArticleJson {
            id: article.id.0,
            language: article.language.to_string(),
            slug: article.slug.to_string(),
            status: article.status.into(),
            url: self.article_url(article.language.as_str(), article.slug.as_str()),
            title: article.title.clone(),
            deck: article.deck.clone(),
            body_markdown: article.body_markdown.clone(),
            body_html: folio_markdown::to_html_sized(&article.body_markdown, &|src| {
                article.image_size(src)
            }),
            body_is_excerpt: article.body_is_excerpt,
            content_type: article.content_type.as_ref().map(|t| self.content_type(t)),
            series_number: article.series_number,
            published_on: article.published_on.map(|d| d.to_string()),
            authors: article.authors.iter().map(|e| self.expert(e)).collect(),
            topics: article.topics.iter().map(|t| self.term_ref(t)).collect(),
            regions: article.regions.iter().map(|t| self.term_ref(t)).collect(),
            author_note_markdown: article.author_note_markdown.clone(),
            author_note_html: folio_markdown::to_html(&article.author_note_markdown),
            syndications: article
                .syndications
                .iter()
                .map(Builder::syndication)
                .collect(),
            recommended: article
                .recommended
                .iter()
                .map(|r| RecommendedJson {
                    language: r.item.language.to_string(),
                    slug: r.item.slug.to_string(),
                    title: r.title().to_owned(),
                    type_label: r.type_label().map(str::to_owned),
                    published_on: r.published_on().map(|d| d.to_string()),
                    authors: match &r.article {
                        Some(live) => live.authors.iter().map(|a| a.name.clone()).collect(),
                        None => r.item.author_names.clone(),
                    },
                    url: self.article_url(r.item.language.as_str(), r.item.slug.as_str()),
                    available: r.article.is_some(),
                })
                .collect(),
            translations: article
                .translations
                .iter()
                .map(|t| self.translation(t))
                .collect(),
            created_at: article.created_at.to_string(),
            updated_at: article.updated_at.to_string(),
        }
    }

    pub fn summary(&self, article: &ArticleSummary) -> ArticleSummaryJson {
        ArticleSummaryJson {
            id: article.id.0,
            language: article.language.to_string(),
            slug: article.slug.to_string(),
            status: article.status.into(),
            url: self.article_url(article.language.as_str(), article.slug.as_str()),
            title: article.title.clone(),
            deck: article.deck.clone(),
            content_type: article.content_type.as_ref().map(|t| self.content_type(t)),
            series_number: article.series_number,
            published_on: article.published_on.map(|d| d.to_string()),
            authors: article.authors.iter().map(|a| self.expert_ref(a)).collect(),
        }
    }
}
