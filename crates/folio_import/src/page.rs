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

/// How the importer knows a page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageSource {
    /// Its links to its experts, topics and regions carry that language's
    /// prefix (`/ar/experts/…`).
    Links,
    /// The directory the file was crawled into (`crawl/ar/…`).
    Path,
    /// The script of its text (Arabic, Persian, or else the default).
    Script,
}

/// Everything the importer read from one page. Any block may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawledPage {
    pub language: LanguageCode,
    pub language_source: LanguageSource,
    pub title: Option<String>,
    /// Byline order; when the byline is missing, the experts of ABOUT THE
    /// AUTHORS.
    pub authors: Vec<PageExpert>,
    pub published_on: Option<Date>,
    /// "Also available in" as the page declares it; [`Self::translations`]
    /// leaves out a link to the page's own language.
    pub translations: Vec<TranslationLink>,
    pub syndications: Vec<Syndication>,
    /// The content type, by its canonical (default language) name.
    pub type_label: Option<TypeLabel>,
    /// The type's name as the page prints it: its name in the page's
    /// language ("مقالات وشهادات").
    pub type_name_printed: Option<String>,
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
    /// The language the directory it was crawled into names, when its
    /// links do not say: a page in `crawl/fa/…` whose script reads as
    /// Arabic is Persian.
    pub fn take_language_from_path(&mut self, language: &LanguageCode) {
        if self.language_source == LanguageSource::Links || &self.language == language {
            return;
        }
        self.language = language.clone();
        self.language_source = LanguageSource::Path;
    }

    /// "Also available in": the versions in other languages (a link to the
    /// page's own language is a crawl's mistake, and ignored).
    pub fn translations(&self) -> impl Iterator<Item = &TranslationLink> {
        self.translations
            .iter()
            .filter(move |t| t.language != self.language)
    }

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
