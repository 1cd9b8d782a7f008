//! Folio's domain: the content model the seed pages specify, the slug rule
//! the archive was built with, languages and dates. No I/O.

mod content;
mod dates;
mod editorial;
mod language;
mod names;
mod slug;

pub use content::{
    Article, ArticleId, ArticleInput, ArticleReference, ArticleStatus, ArticleSummary, ContentType,
    ContentTypeId, ContentTypeListing, Expert, ExpertId, ExpertInput, ExpertListing, ExpertRef,
    ImageSize, PageRequest, Paged, PathKind, Portrait, Program, ProgramId, Recommendation,
    RecommendedItem, Syndication, SyndicationRelation, Term, TermId, TermKind, TermListing,
    Translation, TranslationLink, TypeLabel,
};
pub use dates::{
    DatePattern, arabic_month_name, format_printed_date, looks_like_printed_date,
    parse_printed_date, persian_month_name,
};
pub use editorial::{Editor, MediaId, RevisionId, Role, UserId, WorkflowAction};
pub use language::{Digits, LanguageCode, LanguageCodeError, TextDirection, detect_language};
pub use names::{ExpertText, LocalNames, Localize, NameKeys};
pub use slug::{MAX_SLUG_LEN, Slug, SlugError, encode_segment, slugify};

/// Re-exported so other crates name dates and instants the same way.
pub use jiff::{Timestamp, civil::Date};
