//! What a crawled page says, before it touches the store.

use folio_core::{
    Date, LanguageCode, RecommendedItem, Slug, Syndication, TranslationLink, TypeLabel,
};

/// An expert as a page names them, with what the page says of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageExpert {
    pub slug: Slug,
    pub name: String,
    /// From ABOUT THE AUTHORS.
    pub bio: Option<String>,
    /// Programs the author note places them in.
    pub programs: Vec<String>,
}

/// A topic or region link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTerm {
    pub language: LanguageCode,
    pub slug: Slug,
    pub name: String,
}

/// Everything the importer read from one page. Any block may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawledPage {
    pub language: LanguageCode,
    pub title: Option<String>,
    /// Byline order; when the byline is missing, the experts of ABOUT THE
    /// AUTHORS.
    pub authors: Vec<PageExpert>,
    pub published_on: Option<Date>,
    pub translations: Vec<TranslationLink>,
    pub syndications: Vec<Syndication>,
    pub type_label: Option<TypeLabel>,
    pub deck: Option<String>,
    pub body_markdown: String,
    pub body_is_excerpt: bool,
    pub author_note_markdown: Option<String>,
    pub recommended: Vec<RecommendedItem>,
    pub topics: Vec<PageTerm>,
    pub regions: Vec<PageTerm>,
    /// Blocks the page lacks or that were read with a guess, for the report.
    pub warnings: Vec<String>,
}

impl CrawledPage {
    /// The slug the archive's rule gives the page: from its title, or when
    /// the title is missing from its deck or the start of its body.
    pub fn slug_from_content(&self) -> Slug {
        let basis = self
            .title
            .clone()
            .or_else(|| self.deck.clone())
            .unwrap_or_else(|| first_words(&self.body_markdown, 12));
        Slug::from_title(&basis)
    }
}

/// The first `n` words of Markdown text, without markup characters.
fn first_words(markdown: &str, n: usize) -> String {
    markdown
        .split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['*', '_', '[', ']', '#', '>'], "")
}
