//! The content model: what the seed pages show, as types.
//!
//! `*Input` types are what an editor, the importer or the API writes; the
//! other types are what the store reads back, with references resolved.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{LanguageCode, Slug};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);
    )*};
}
id_type!(ArticleId, ExpertId, TermId, ContentTypeId, ProgramId);

/// Where an article is in the editorial workflow. Only `Published` is ever
/// visible to readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    InReview,
    Scheduled,
    Published,
    Archived,
}

impl ArticleStatus {
    pub const ALL: [ArticleStatus; 5] = [
        ArticleStatus::Draft,
        ArticleStatus::InReview,
        ArticleStatus::Scheduled,
        ArticleStatus::Published,
        ArticleStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::InReview => "in_review",
            ArticleStatus::Scheduled => "scheduled",
            ArticleStatus::Published => "published",
            ArticleStatus::Archived => "archived",
        }
    }

    pub fn parse(text: &str) -> Option<ArticleStatus> {
        ArticleStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Topics and regions: the two taxonomies that share the article namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    Topic,
    Region,
}

impl TermKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TermKind::Topic => "topic",
            TermKind::Region => "region",
        }
    }

    pub fn parse(text: &str) -> Option<TermKind> {
        match text {
            "topic" => Some(TermKind::Topic),
            "region" => Some(TermKind::Region),
            _ => None,
        }
    }
}

/// How an article relates to an outside outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyndicationRelation {
    /// "Also published in *19Forty-Five*": the full text is here and there.
    AlsoPublishedIn,
    /// "Read the full article on the Foreign Affairs website": only an
    /// excerpt is here.
    FullTextAt,
}

impl SyndicationRelation {
    pub fn as_str(self) -> &'static str {
        match self {
            SyndicationRelation::AlsoPublishedIn => "also_published_in",
            SyndicationRelation::FullTextAt => "full_text_at",
        }
    }

    pub fn parse(text: &str) -> Option<SyndicationRelation> {
        match text {
            "also_published_in" => Some(SyndicationRelation::AlsoPublishedIn),
            "full_text_at" => Some(SyndicationRelation::FullTextAt),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Syndication {
    pub relation: SyndicationRelation,
    pub outlet: String,
    pub url: Option<String>,
}

/// An editors' pick shown under "Recommended". It may name an article that
/// is not in the archive yet, so it keeps what the page showed of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendedItem {
    pub language: LanguageCode,
    pub slug: Slug,
    pub title: String,
    pub type_label: Option<String>,
    pub published_on: Option<Date>,
    pub author_names: Vec<String>,
}

/// "Also available in": the same piece in another language, by its slug
/// there. The target may not be in the archive yet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TranslationLink {
    pub language: LanguageCode,
    pub slug: Slug,
}

/// An article as written: every field of the content model, with experts,
/// topics, regions and the content type named by slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleInput {
    pub language: LanguageCode,
    pub slug: Slug,
    pub title: String,
    pub deck: String,
    pub body_markdown: String,
    pub body_is_excerpt: bool,
    pub content_type: Option<Slug>,
    /// The number of a numbered series piece ("PolicyWatch 3344").
    pub series_number: Option<u32>,
    pub published_on: Option<Date>,
    pub authors: Vec<Slug>,
    pub topics: Vec<Slug>,
    pub regions: Vec<Slug>,
    pub author_note_markdown: String,
    pub status: ArticleStatus,
    pub syndications: Vec<Syndication>,
    pub recommended: Vec<RecommendedItem>,
    pub translations: Vec<TranslationLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertInput {
    pub slug: Slug,
    pub name: String,
    /// The one-line bio; `None` keeps what is stored.
    pub bio: Option<String>,
    /// Programs by name; added to those already stored.
    pub programs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Program {
    pub id: ProgramId,
    pub slug: Slug,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expert {
    pub id: ExpertId,
    pub slug: Slug,
    pub name: String,
    pub bio: String,
    pub programs: Vec<Program>,
    pub portrait: Option<Portrait>,
}

/// An uploaded image as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Portrait {
    /// The image's path on this site (`/media/….jpg`).
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// An expert as a byline shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpertRef {
    pub id: ExpertId,
    pub slug: Slug,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub id: TermId,
    pub kind: TermKind,
    pub language: LanguageCode,
    pub slug: Slug,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentType {
    pub id: ContentTypeId,
    pub slug: Slug,
    pub name: String,
}

/// What a listing shows of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub language: LanguageCode,
    pub slug: Slug,
    pub title: String,
    pub deck: String,
    pub content_type: Option<ContentType>,
    pub series_number: Option<u32>,
    pub published_on: Option<Date>,
    pub authors: Vec<ExpertRef>,
    pub status: ArticleStatus,
}

/// A translation of an article, as "Also available in" lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translation {
    pub language: LanguageCode,
    pub slug: Slug,
    /// The translation's title when it is in the archive and published.
    pub title: Option<String>,
}

/// A recommended item with the live article filled in when it has arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub item: RecommendedItem,
    pub article: Option<ArticleSummary>,
}

impl Recommendation {
    pub fn title(&self) -> &str {
        self.article.as_ref().map_or(&self.item.title, |a| &a.title)
    }

    pub fn published_on(&self) -> Option<Date> {
        match &self.article {
            Some(article) => article.published_on,
            None => self.item.published_on,
        }
    }

    pub fn type_label(&self) -> Option<&str> {
        match &self.article {
            Some(article) => article.content_type.as_ref().map(|t| t.name.as_str()),
            None => self.item.type_label.as_deref(),
        }
    }
}

/// The pixel size of an uploaded image an article's text shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageSize {
    /// Its public path, as the text links it (`/media/{sha256}.{ext}`).
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// An article with every reference resolved, ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub language: LanguageCode,
    pub slug: Slug,
    pub title: String,
    pub deck: String,
    pub body_markdown: String,
    pub body_is_excerpt: bool,
    pub content_type: Option<ContentType>,
    pub series_number: Option<u32>,
    pub published_on: Option<Date>,
    pub authors: Vec<Expert>,
    pub topics: Vec<Term>,
    pub regions: Vec<Term>,
    pub author_note_markdown: String,
    pub status: ArticleStatus,
    pub syndications: Vec<Syndication>,
    pub recommended: Vec<Recommendation>,
    pub translations: Vec<Translation>,
    /// Shared by an article and its translations.
    pub translation_group: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The sizes of the uploaded images its body shows.
    pub body_images: Vec<ImageSize>,
}

impl Article {
    /// The size of an image the body shows, when it is an uploaded one.
    pub fn image_size(&self, path: &str) -> Option<(u32, u32)> {
        self.body_images
            .iter()
            .find(|image| image.path == path)
            .map(|image| (image.width, image.height))
    }

    /// The outlet that carries the full text, when only an excerpt is here.
    pub fn full_text_elsewhere(&self) -> Option<&Syndication> {
        self.syndications
            .iter()
            .find(|s| s.relation == SyndicationRelation::FullTextAt)
    }

    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            id: self.id,
            language: self.language.clone(),
            slug: self.slug.clone(),
            title: self.title.clone(),
            deck: self.deck.clone(),
            content_type: self.content_type.clone(),
            series_number: self.series_number,
            published_on: self.published_on,
            authors: self
                .authors
                .iter()
                .map(|e| ExpertRef {
                    id: e.id,
                    slug: e.slug.clone(),
                    name: e.name.clone(),
                })
                .collect(),
            status: self.status,
        }
    }
}

/// A piece the archive knows of only through other pages' "Recommended"
/// lists: enough to show a catalogue record at its URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleReference {
    pub item: RecommendedItem,
    /// Published articles that recommend it.
    pub recommended_by: Vec<ArticleSummary>,
}

/// What lives at `/policy-analysis/{slug}` (or `/{lang}/policy-analysis/{slug}`):
/// articles, topics and regions share that namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathKind {
    Article,
    Topic,
    Region,
}

impl PathKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Article => "article",
            PathKind::Topic => "topic",
            PathKind::Region => "region",
        }
    }

    pub fn parse(text: &str) -> Option<PathKind> {
        match text {
            "article" => Some(PathKind::Article),
            "topic" => Some(PathKind::Topic),
            "region" => Some(PathKind::Region),
            _ => None,
        }
    }
}

impl From<TermKind> for PathKind {
    fn from(kind: TermKind) -> PathKind {
        match kind {
            TermKind::Topic => PathKind::Topic,
            TermKind::Region => PathKind::Region,
        }
    }
}

/// A content type label as pages print it: a name, and for numbered series a
/// number ("PolicyWatch 3344").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeLabel {
    pub name: String,
    pub series_number: Option<u32>,
}

impl TypeLabel {
    pub fn parse(label: &str) -> TypeLabel {
        let label = label.trim();
        if let Some((name, number)) = label.rsplit_once(' ')
            && let Ok(number) = number.parse::<u32>()
            && !name.trim().is_empty()
        {
            return TypeLabel {
                name: name.trim().to_owned(),
                series_number: Some(number),
            };
        }
        TypeLabel {
            name: label.to_owned(),
            series_number: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_labels_split_series_numbers() {
        assert_eq!(
            TypeLabel::parse("PolicyWatch 3344"),
            TypeLabel {
                name: "PolicyWatch".into(),
                series_number: Some(3344)
            }
        );
        assert_eq!(
            TypeLabel::parse("Articles & Testimony"),
            TypeLabel {
                name: "Articles & Testimony".into(),
                series_number: None
            }
        );
        assert_eq!(TypeLabel::parse("2024").series_number, None);
    }

    #[test]
    fn statuses_round_trip_through_text() {
        for status in ArticleStatus::ALL {
            assert_eq!(ArticleStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ArticleStatus::parse("live"), None);
    }
}

/// One page of a listing, and where it sits in the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl<T> Paged<T> {
    pub fn page_count(&self) -> u32 {
        if self.total == 0 {
            1
        } else {
            self.total.div_ceil(u64::from(self.per_page.max(1))) as u32
        }
    }

    pub fn has_next(&self) -> bool {
        self.page < self.page_count()
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Which page of a listing to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    pub fn new(page: u32, per_page: u32) -> PageRequest {
        PageRequest {
            page: page.max(1),
            per_page: per_page.max(1),
        }
    }

    pub fn offset(self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

/// An expert in the experts index, with how many published pieces they have
/// written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpertListing {
    pub expert: Expert,
    pub article_count: u64,
}

/// A topic or region with its count of published articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermListing {
    pub term: Term,
    pub article_count: u64,
}

/// A content type with its count of published articles in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentTypeListing {
    pub content_type: ContentType,
    pub article_count: u64,
}
