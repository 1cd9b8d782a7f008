//! Input written to break the output: TeX specials, unbalanced braces,
//! newlines that would forge RIS tags, markup, names with commas.

use biblatex::ChunksExt;
use folio_cite::{Work, apa, bibtex, chicago, csl_json, mla, ris};

use crate::parsers::{bib_authors, parse_bib, parse_ris, ris_values};
use crate::seeds::putin;

const TITLE: &str = "Braces { open and } close }{ 100% & $5 #1 under_score ~tilde ^caret \
                     back\\slash \"quoted\"\nsecond line\r\nTY  - JOUR";

fn hostile() -> Work {
    Work {
        title: TITLE.into(),
        authors: vec![
            "Smith, John".into(),
            "O'Brien & Sons, Ltd.".into(),
            "Tom and Jerry Smith".into(),
            "Anna\nBorshchevskaya".into(),
        ],
        container: Some("Notes & {Queries} #5\nER  - ".into()),
        abstract_text: "Line one\n\nER  - \r\nTY  - BOOK\n100% {unbalanced".into(),
        keywords: vec!["a\nb".into(), "x%y_z".into(), "}".into()],
        also_published_in: Some("Out{let}\\".into()),
        url: "https://example.org/a b/{x}\\y?q=1%202#frag".into(),
        ..putin()
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Braces balance the way BibTeX counts them: every brace counts, escaped
/// or not, and depth returns to zero only at the end of the entry.
fn assert_balanced(src: &str) {
    let mut depth = 0i32;
    let body = src.trim_end();
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "closed too early at {i}: {src}");
        if depth == 0 && i > body.find('{').unwrap() {
            assert_eq!(i, body.len() - 1, "entry ends early at {i}: {src}");
        }
    }
    assert_eq!(depth, 0, "{src}");
}

#[test]
fn bibtex_stays_balanced_and_parses() {
    let work = hostile();
    let src = bibtex(&work);
    assert_balanced(&src);
    let entry = parse_bib(&src);
    assert_eq!(entry.title().unwrap().format_verbatim(), one_line(TITLE));
    assert_eq!(
        entry.abstract_().unwrap().format_verbatim(),
        one_line(&work.abstract_text)
    );
    assert_eq!(
        entry.note().unwrap().format_verbatim(),
        "Notes & {Queries} #5 ER -"
    );
    assert_eq!(
        entry.url().unwrap(),
        "https://example.org/a%20b/%7Bx%7D%5Cy?q=1%202#frag"
    );
    let authors = bib_authors(&entry);
    let families: Vec<&str> = authors.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        families,
        [
            "Smith, John",
            "O'Brien & Sons, Ltd.",
            "Smith",
            "Borshchevskaya"
        ],
        "{src}"
    );
    // No field value spans two lines.
    for line in src.lines().skip(1) {
        assert!(
            line.starts_with("  ") || line == "}",
            "unexpected line {line:?} in\n{src}"
        );
    }
}

#[test]
fn ris_stays_one_line_per_field() {
    let fields = parse_ris(&ris(&hostile()));
    assert_eq!(ris_values(&fields, "TI"), [one_line(TITLE)]);
    assert_eq!(ris_values(&fields, "AU")[0], "Smith, John");
    assert_eq!(ris_values(&fields, "AU")[3], "Borshchevskaya, Anna");
    assert_eq!(ris_values(&fields, "KW"), ["a b", "x%y_z", "}"]);
}

#[test]
fn csl_json_and_styles_have_no_line_breaks() {
    let work = hostile();
    let item = &csl_json(&work)[0];
    assert_eq!(item["title"], one_line(TITLE).as_str());
    assert_eq!(
        item["author"][0],
        serde_json::json!({"literal": "Smith, John"})
    );
    for f in [chicago(&work), apa(&work), mla(&work)] {
        assert!(!f.text.contains(['\n', '\r']), "{}", f.text);
        assert!(!f.html.contains(['\n', '\r']), "{}", f.html);
    }
    // Names with commas are printed as written, never re-inverted.
    let chicago = chicago(&work).text;
    assert!(
        chicago.starts_with(
            "Smith, John, O'Brien & Sons, Ltd., Tom and Jerry Smith, and Anna Borshchevskaya. “"
        ),
        "{chicago}"
    );
    assert!(mla(&work).text.starts_with("Smith, John, et al. “"));
}
