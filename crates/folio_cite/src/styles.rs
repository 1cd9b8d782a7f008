//! The human-readable styles: Chicago 17, APA 7 and MLA 9.
//!
//! Each is built once, piece by piece, into plain text and HTML together so
//! the two can never disagree.

use jiff::civil::Date;

use crate::names::{self, Name};
use crate::{Formatted, Work, clean, clean_opt};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// MLA 9 abbreviates months longer than four letters (MLA Handbook 9.1.2).
const MLA_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];

/// Chicago 17 (notes-bibliography), bibliography entry for a web page:
///
/// `Borshchevskaya, Anna. “Putin Is No Ally in the War on Terror in 2024.”
/// The Washington Institute for Near East Policy, April 5, 2024. https://….`
///
/// The container (content type or series, "PolicyWatch 3344") follows the
/// title in roman, as CMOS 14.123 prints series names. The site's name is in
/// roman too (CMOS 14.206). Up to ten authors are listed; beyond ten, the
/// first seven and "et al." (CMOS 14.76). No date gives "n.d."; no author
/// puts the title first.
pub fn chicago(work: &Work) -> Formatted {
    let authors = names::parse_all(&work.authors);
    let mut out = Out::default();
    if !authors.is_empty() {
        out.push(&chicago_authors(&authors));
        out.period();
    }
    quoted_title(&mut out, &work.title);
    if let Some(container) = clean_opt(work.container.as_ref()) {
        out.space();
        out.push(&container);
        out.period();
    }
    out.space();
    let publisher = clean(&work.publisher);
    if !publisher.is_empty() {
        out.push(&publisher);
        out.push(", ");
    }
    match work.published_on {
        Some(date) => out.push(&long_date(date)),
        None => out.push("n.d."),
    }
    out.period();
    url(&mut out, &clean(&work.url));
    out.period();
    out.finish()
}

/// APA 7, reference for a web page on a website:
///
/// `Borshchevskaya, A. (2024, April 5). <i>Putin Is No Ally in the War on
/// Terror in 2024</i>. The Washington Institute for Near East Policy.
/// https://…`
///
/// APA asks for titles in sentence case, but a title alone does not say
/// which words are proper nouns ("Putin", "Hezbollah", "Washington"), and
/// lowercasing them would be worse than not converting at all. So the title
/// is kept as written. The container goes in parentheses after the title,
/// where APA puts a report's series and number ("PolicyWatch 3344"). Up to
/// twenty authors, "&" before the last; beyond twenty, the first nineteen,
/// ". . ." and the last (APA 9.8). No date gives "(n.d.)"; no author puts
/// the title first (APA 9.12). No period follows the URL (APA 9.35).
pub fn apa(work: &Work) -> Formatted {
    let authors = names::parse_all(&work.authors);
    let title = clean(&work.title);
    let container = clean_opt(work.container.as_ref());
    let date = match work.published_on {
        Some(d) => format!("({}, {} {})", d.year(), month_name(d), d.day()),
        None => "(n.d.)".to_string(),
    };
    let mut out = Out::default();
    if authors.is_empty() {
        apa_title(&mut out, &title, container.as_deref());
        out.space();
        out.push(&date);
        out.push(".");
    } else {
        out.push(&apa_authors(&authors));
        out.period();
        out.space();
        out.push(&date);
        out.push(".");
        apa_title(&mut out, &title, container.as_deref());
    }
    let publisher = clean(&work.publisher);
    if !publisher.is_empty() {
        out.space();
        out.push(&publisher);
        out.period();
    }
    url(&mut out, &clean(&work.url));
    out.finish()
}

/// MLA 9, works-cited entry for a web page:
///
/// `Borshchevskaya, Anna. “Putin Is No Ally in the War on Terror in 2024.”
/// <i>The Washington Institute for Near East Policy</i>, 5 Apr. 2024,
/// www.washingtoninstitute.org/….`
///
/// The institute is the website, the container in MLA's sense, so it is
/// italicised; MLA then omits a publisher of the same name. The content type
/// has no MLA element and is left out. The URL loses its `http(s)://`
/// (MLA Handbook 5.95). Two authors are joined with "and"; three or more
/// give the first and "et al.". MLA has no "n.d.": an undated page simply
/// has no date element.
pub fn mla(work: &Work) -> Formatted {
    let authors = names::parse_all(&work.authors);
    let mut out = Out::default();
    if !authors.is_empty() {
        out.push(&mla_authors(&authors));
        out.period();
    }
    quoted_title(&mut out, &work.title);
    let publisher = clean(&work.publisher);
    let date = work
        .published_on
        .map(|d| format!("{} {} {}", d.day(), MLA_MONTHS[month_index(d)], d.year()));
    let url = clean(&work.url);
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(&url);
    let mut first = true;
    let mut element = |out: &mut Out, s: &str, italic: bool| {
        if s.is_empty() {
            return;
        }
        if first {
            out.space();
        } else {
            out.push(", ");
        }
        first = false;
        if italic { out.italic(s) } else { out.push(s) }
    };
    element(&mut out, &publisher, true);
    element(&mut out, date.as_deref().unwrap_or(""), false);
    element(&mut out, url, false);
    out.period();
    out.finish()
}

/// "Family, Given, Given Family, and Given Family", the first name inverted.
fn chicago_authors(authors: &[Name]) -> String {
    let shown = if authors.len() > 10 {
        &authors[..7]
    } else {
        authors
    };
    let parts: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(i, name)| match name {
            Name::Person(p) if i == 0 => p.inverted(),
            Name::Person(p) => p.natural(),
            Name::Literal(s) => s.clone(),
        })
        .collect();
    if authors.len() > 10 {
        return format!("{}, et al.", parts.join(", "));
    }
    join_with_and(&parts, first_is_inverted(authors))
}

/// "Family, Given", "Family, Given, and Given Family", "Family, Given, et al."
fn mla_authors(authors: &[Name]) -> String {
    let first = match &authors[0] {
        Name::Person(p) => p.inverted(),
        Name::Literal(s) => s.clone(),
    };
    match authors {
        [_] => first,
        [_, second] => {
            let second = match second {
                Name::Person(p) => p.natural(),
                Name::Literal(s) => s.clone(),
            };
            join_with_and(&[first, second], first_is_inverted(authors))
        }
        _ => format!("{first}, et al."),
    }
}

/// "Family, I. I., Family, I., & Family, I."
fn apa_authors(authors: &[Name]) -> String {
    let parts: Vec<String> = authors
        .iter()
        .map(|name| match name {
            Name::Person(p) => {
                let initials = p.initials();
                [p.full_family(), initials, p.suffix.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            Name::Literal(s) => s.clone(),
        })
        .collect();
    match parts.as_slice() {
        [one] => one.clone(),
        [init @ .., last] if parts.len() <= 20 => format!("{}, & {last}", init.join(", ")),
        [init @ .., last] => format!("{}, . . . {last}", init[..19].join(", ")),
        [] => String::new(),
    }
}

/// "A", "A and B" (or "A, and B" after an inverted name, which has its own
/// comma), "A, B, and C".
fn join_with_and(parts: &[String], first_inverted: bool) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] if !first_inverted => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

fn first_is_inverted(authors: &[Name]) -> bool {
    matches!(authors.first(), Some(Name::Person(_)))
}

/// `“Title.”` with the period inside the quotes, unless the title ends in
/// its own question or exclamation mark. Quotes inside the title become
/// single quotes.
fn quoted_title(out: &mut Out, title: &str) {
    let title = inner_quotes(&clean(title));
    if title.is_empty() {
        return;
    }
    out.space();
    out.push("“");
    out.push(&title);
    if !ends_with_terminal(&title) {
        out.push(".");
    }
    out.push("”");
}

fn apa_title(out: &mut Out, title: &str, container: Option<&str>) {
    if !title.is_empty() {
        out.space();
        out.italic(title);
    }
    if let Some(container) = container {
        out.space();
        out.push("(");
        out.push(container);
        out.push(")");
    }
    if !title.is_empty() || container.is_some() {
        out.period();
    }
}

fn url(out: &mut Out, url: &str) {
    if !url.is_empty() {
        out.space();
        out.push(url);
    }
}

fn inner_quotes(title: &str) -> String {
    let mut open = true;
    title
        .chars()
        .map(|c| match c {
            '“' => '‘',
            '”' => '’',
            '"' => {
                open = !open;
                if open { '’' } else { '‘' }
            }
            c => c,
        })
        .collect()
}

fn long_date(d: Date) -> String {
    format!("{} {}, {}", month_name(d), d.day(), d.year())
}

fn month_name(d: Date) -> &'static str {
    MONTHS[month_index(d)]
}

fn month_index(d: Date) -> usize {
    usize::try_from(d.month() - 1).unwrap_or(0)
}

fn ends_with_terminal(s: &str) -> bool {
    s.ends_with(['.', '?', '!'])
}

/// Plain text and HTML, written together.
#[derive(Default)]
struct Out {
    text: String,
    html: String,
}

impl Out {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        folio_markdown::push_escaped_html(&mut self.html, s);
    }

    fn italic(&mut self, s: &str) {
        self.text.push_str(s);
        self.html.push_str("<i>");
        folio_markdown::push_escaped_html(&mut self.html, s);
        self.html.push_str("</i>");
    }

    /// A space between elements, never at the start.
    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.push(" ");
        }
    }

    /// Ends an element with a period unless it already ends with one (an
    /// initial, "Jr.", "et al.") or with a question or exclamation mark.
    fn period(&mut self) {
        if !self.text.is_empty() && !ends_with_terminal(&self.text) {
            self.push(".");
        }
    }

    fn finish(self) -> Formatted {
        Formatted {
            text: self.text,
            html: self.html,
        }
    }
}
