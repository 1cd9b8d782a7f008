//! Citations for a published work: a [`Work`] in, citation text out. Pure
//! functions, no I/O.
//!
//! Human-readable styles, each as plain text and as HTML ([`Formatted`]):
//!
//! - [`chicago`]: *The Chicago Manual of Style*, 17th edition,
//!   notes-bibliography system, bibliography entry for a web page.
//! - [`apa`]: *Publication Manual of the American Psychological
//!   Association*, 7th edition, reference-list entry for a web page.
//! - [`mla`]: *MLA Handbook*, 9th edition, works-cited entry for a web page.
//!
//! Machine-readable formats for reference managers:
//!
//! - [`bibtex`]: a classic BibTeX `@misc` entry (also read by biblatex).
//! - [`ris`]: an RIS record of type `ELEC` with CRLF line endings.
//! - [`csl_json`]: a CSL-JSON item of type `webpage`, as Zotero, Mendeley and
//!   citeproc processors read it.
//!
//! Author names are split into given and family names in one place
//! (`names.rs`); names that cannot be split safely (one word, non-Latin
//! script) are kept whole in every format.

mod bibtex;
mod csl;
mod names;
mod ris;
mod styles;

pub use bibtex::bibtex;
pub use csl::csl_json;
pub use ris::ris;
pub use styles::{apa, chicago, mla};

/// What is cited: one article as published on an institute's site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Work {
    pub title: String,
    /// Full display names as printed ("Anna Borshchevskaya"); any script.
    pub authors: Vec<String>,
    pub published_on: Option<jiff::civil::Date>,
    /// The institute: "The Washington Institute for Near East Policy".
    pub publisher: String,
    /// The content type or series as printed: "PolicyWatch 3344".
    pub container: Option<String>,
    /// Absolute canonical URL of the article.
    pub url: String,
    /// BCP 47 language code: "en", "ar".
    pub language: String,
    /// The deck; may be empty.
    pub abstract_text: String,
    /// Topics and regions.
    pub keywords: Vec<String>,
    /// The outlet that also ran the piece, when it was republished.
    pub also_published_in: Option<String>,
    /// A stable key, the article slug.
    pub id: String,
}

/// A citation as plain text and as HTML. The HTML escapes everything taken
/// from the work and adds only `<i>…</i>` where the style italicises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    pub text: String,
    pub html: String,
}

/// Collapses all whitespace, newlines included, to single spaces: no input
/// may break a citation or a record across lines.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each item cleaned, the empty ones dropped.
pub(crate) fn clean_list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|item| clean(item))
        .filter(|item| !item.is_empty())
        .collect()
}

/// `Some(cleaned)` when the optional text has anything in it.
pub(crate) fn clean_opt(s: Option<&String>) -> Option<String> {
    s.map(|s| clean(s)).filter(|s| !s.is_empty())
}
