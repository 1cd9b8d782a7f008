//! BibTeX export.
//!
//! `@misc` rather than biblatex's `@online`, because classic BibTeX styles
//! know only `@misc`; the URL goes both into `howpublished` (which those
//! styles print) and `url` (which biblatex and reference managers read).
//! biblatex-only fields (`date`, `addendum`, `language`, `abstract`,
//! `keywords`) are harmless to BibTeX, which ignores fields it does not
//! know.

use deunicode::deunicode;

use crate::names::{self, Name};
use crate::{Work, clean, clean_opt};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Words skipped when picking the title word of the citation key.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the",
    "to", "with",
];

/// A BibTeX `@misc` entry, ending in a newline.
///
/// The key is the first author's family name, the year and the first
/// significant title word, ASCII-folded and lowercased
/// (`borshchevskaya2024putin`); "folio" stands in for a missing author.
/// Text is escaped for TeX and kept as UTF-8. Titles are double-braced so
/// styles that change case leave them as written. Names that cannot be split
/// are braced whole so BibTeX does not split them.
pub fn bibtex(work: &Work) -> String {
    let authors = names::parse_all(&work.authors);
    let mut fields: Vec<(&str, String)> = Vec::new();
    if !authors.is_empty() {
        let names: Vec<String> = authors.iter().map(bib_name).collect();
        fields.push(("author", braced(&names.join(" and "))));
    }
    let title = clean(&work.title);
    if !title.is_empty() {
        fields.push(("title", format!("{{{{{}}}}}", escape(&title))));
    }
    let url = url(&work.url);
    if !url.is_empty() {
        fields.push(("howpublished", format!("{{\\url{{{url}}}}}")));
        fields.push(("url", braced(&url)));
    }
    if let Some(date) = work.published_on {
        fields.push(("year", braced(&date.year().to_string())));
        // A bare month macro, so styles print the month in their own language.
        let month = usize::try_from(date.month() - 1).unwrap_or(0);
        fields.push(("month", MONTHS[month].to_string()));
        fields.push(("date", braced(&date.strftime("%Y-%m-%d").to_string())));
    }
    let mut text = |name, value: &str| {
        let value = clean(value);
        if !value.is_empty() {
            fields.push((name, braced(&escape(&value))));
        }
    };
    text("publisher", &work.publisher);
    text(
        "note",
        &clean_opt(work.container.as_ref()).unwrap_or_default(),
    );
    if let Some(outlet) = clean_opt(work.also_published_in.as_ref()) {
        text("addendum", &format!("Also published in {outlet}"));
    }
    text("language", &work.language);
    text("abstract", &work.abstract_text);
    text("keywords", &crate::clean_list(&work.keywords).join(", "));

    let mut out = format!("@misc{{{},\n", key(work, &authors));
    let body: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("  {name} = {value}"))
        .collect();
    out.push_str(&body.join(",\n"));
    out.push_str("\n}\n");
    out
}

/// `family + year + first significant title word`, ASCII letters and digits
/// only, so it is a valid key in every BibTeX dialect.
fn key(work: &Work, authors: &[Name]) -> String {
    let family = match authors.first() {
        Some(Name::Person(p)) => fold(&p.family),
        Some(Name::Literal(s)) => fold(s),
        None => String::new(),
    };
    let mut key = if family.is_empty() {
        "folio".to_string()
    } else {
        family
    };
    if let Some(date) = work.published_on {
        key.push_str(&date.year().to_string());
    }
    let word = work
        .title
        .split_whitespace()
        .map(fold)
        .find(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()));
    key.push_str(&word.unwrap_or_default());
    key
}

/// ASCII-folded, lowercase, letters only: "Borshchevskaya" → "borshchevskaya",
/// "Russia's" → "russias".
fn fold(s: &str) -> String {
    deunicode(s)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// "Family, Given", "von Family, Jr., Given", or "{Literal}" kept whole.
fn bib_name(name: &Name) -> String {
    match name {
        Name::Person(p) => {
            let family = protect_and(&escape(&p.full_family()));
            let given = protect_and(&escape(&p.given));
            if p.suffix.is_empty() {
                format!("{family}, {given}")
            } else {
                format!("{family}, {}, {given}", escape(&p.suffix))
            }
        }
        Name::Literal(s) => braced(&escape(s)),
    }
}

/// A word "and" inside a name would split it into two authors.
fn protect_and(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if w.eq_ignore_ascii_case("and") {
                braced(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn braced(s: &str) -> String {
    format!("{{{s}}}")
}

/// Escapes TeX's special characters. Braces and the backslash become text
/// commands rather than `\{`, because BibTeX counts every brace, escaped or
/// not, when it looks for the end of a field; the commands keep the field
/// balanced whatever the input.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            c => out.push(c),
        }
    }
    out
}

/// A URL is verbatim in `url` and `\url{}`, so TeX escapes would be taken
/// literally; the few characters that could break the field (braces,
/// backslash, spaces) are percent-encoded instead, as they would be in any
/// valid URL.
fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r"a & b % c $ d # e _ f { g } h ~ i ^ j \ k"),
            r"a \& b \% c \$ d \# e \_ f \textbraceleft{} g \textbraceright{} h \textasciitilde{} i \textasciicircum{} j \textbackslash{} k"
        );
        assert_eq!(escape("مايكل نايتس"), "مايكل نايتس");
    }

    #[test]
    fn keys_fold_to_ascii_letters() {
        let work = Work {
            title: "The Élysée and Al-Qaeda's Future".into(),
            authors: vec!["Zoë Ñúñez".into()],
            published_on: Some(jiff::civil::date(2020, 1, 2)),
            ..Work::default()
        };
        assert_eq!(
            key(&work, &names::parse_all(&work.authors)),
            "nunez2020elysee"
        );
        let anonymous = Work {
            title: "On the".into(),
            ..Work::default()
        };
        assert_eq!(key(&anonymous, &[]), "folio");
    }

    #[test]
    fn urls_cannot_break_the_field() {
        assert_eq!(
            url("https://x.org/a b{c}\\d%20#e"),
            "https://x.org/a%20b%7Bc%7D%5Cd%20#e"
        );
    }
}
