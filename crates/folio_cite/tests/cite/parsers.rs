//! The machine-readable formats, read back by independent parsers: the
//! `biblatex` crate for BibTeX, serde_json for CSL-JSON, and a strict RIS
//! line parser written here from the specification.

use biblatex::{Bibliography, ChunksExt, DateValue, EntryType, PermissiveType, Person};
use folio_cite::{Work, bibtex, csl_json, ris};
use serde_json::Value;

use crate::seeds::{FIVE, PUBLISHER, putin, putin_by, russia, seeds};

/// Parses one BibTeX entry, failing on anything else.
pub fn parse_bib(src: &str) -> biblatex::Entry {
    let bib = Bibliography::parse(src).unwrap_or_else(|e| panic!("{e:?}\n{src}"));
    assert_eq!(bib.len(), 1, "{src}");
    bib.into_vec().remove(0)
}

pub fn bib_authors(entry: &biblatex::Entry) -> Vec<Person> {
    entry.author().expect("author field")
}

fn date_of(entry: &biblatex::Entry) -> (i32, Option<u8>, Option<u8>) {
    match entry.date().expect("date") {
        PermissiveType::Typed(d) => match d.value {
            DateValue::At(at) => (at.year, at.month, at.day),
            other => panic!("not a single date: {other:?}"),
        },
        PermissiveType::Chunks(c) => panic!("untyped date: {c:?}"),
    }
}

#[test]
fn biblatex_reads_the_seeds() {
    for (work, key, (y, m, d)) in [
        (russia(), "borshchevskaya2017russias", (2017, 11, 23)),
        (putin(), "borshchevskaya2024putin", (2024, 4, 5)),
    ] {
        let src = bibtex(&work);
        let entry = parse_bib(&src);
        assert_eq!(entry.key, key);
        assert_eq!(entry.entry_type, EntryType::Misc);
        let authors = bib_authors(&entry);
        assert_eq!(authors.len(), 1);
        assert_eq!(authors[0].name, "Borshchevskaya");
        assert_eq!(authors[0].given_name, "Anna");
        assert_eq!(entry.title().unwrap().format_verbatim(), work.title);
        // biblatex counts months and days from zero.
        assert_eq!(date_of(&entry), (y, Some(m - 1), Some(d - 1)));
        assert_eq!(entry.url().unwrap(), work.url);
        let publisher = entry.publisher().unwrap();
        assert_eq!(publisher[0].format_verbatim(), PUBLISHER);
        assert_eq!(
            entry.abstract_().unwrap().format_verbatim(),
            work.abstract_text
        );
        assert_eq!(
            entry.keywords().unwrap().format_verbatim(),
            work.keywords.join(", ")
        );
        let report = entry.verify();
        assert!(
            report.is_ok(),
            "missing {:?}, superfluous {:?}, malformed {:?}",
            report.missing,
            report.superfluous,
            report.malformed
        );
    }
    let r = parse_bib(&bibtex(&russia()));
    assert_eq!(r.note().unwrap().format_verbatim(), "Articles & Testimony");
    let p = parse_bib(&bibtex(&putin()));
    assert!(p.note().is_err());
    assert_eq!(
        p.addendum().unwrap().format_verbatim(),
        "Also published in 19Forty-Five"
    );
}

#[test]
fn biblatex_reads_every_kind_of_name() {
    let work = putin_by(&[
        "Ana de la Cruz",
        "Martin Luther King Jr.",
        "مايكل نايتس",
        "Plato",
        "Anna Borshchevskaya",
        "Tom and Jerry Smith",
    ]);
    let src = bibtex(&work);
    let authors = bib_authors(&parse_bib(&src));
    let parts: Vec<(&str, &str, &str, &str)> = authors
        .iter()
        .map(|p| {
            (
                p.prefix.as_str(),
                p.name.as_str(),
                p.given_name.as_str(),
                p.suffix.as_str(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("de la", "Cruz", "Ana", ""),
            ("", "King", "Martin Luther", "Jr."),
            ("", "مايكل نايتس", "", ""),
            ("", "Plato", "", ""),
            ("", "Borshchevskaya", "Anna", ""),
            ("", "Smith", "Tom and Jerry", ""),
        ],
        "{src}"
    );
    // The key takes the family name without its particle.
    assert!(src.starts_with("@misc{cruz2024putin,\n"), "{src}");
    let arabic = bibtex(&putin_by(&["مايكل نايتس"]));
    assert!(arabic.contains("  author = {{مايكل نايتس}},\n"), "{arabic}");
}

#[test]
fn biblatex_reads_five_authors_in_order() {
    let authors = bib_authors(&parse_bib(&bibtex(&putin_by(&FIVE))));
    let families: Vec<&str> = authors.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        families,
        ["Borshchevskaya", "Knights", "Cruz", "King", "Stroul"]
    );
}

#[test]
fn bibtex_without_date_or_authors() {
    let work = Work {
        authors: vec![],
        published_on: None,
        ..putin()
    };
    let src = bibtex(&work);
    assert!(src.starts_with("@misc{folioputin,\n"), "{src}");
    for field in ["year", "month", "date", "author"] {
        assert!(!src.contains(&format!("  {field} = ")), "{field}: {src}");
    }
    parse_bib(&src);
}

#[test]
fn csl_json_has_the_required_fields() {
    for work in seeds() {
        // Through text and back, as a reference manager would read it.
        let text = serde_json::to_string(&csl_json(&work)).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let items = value.as_array().expect("an array");
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!(item["id"], work.id.as_str());
        assert_eq!(item["type"], "webpage");
        assert_eq!(item["title"], work.title.as_str());
        assert_eq!(item["URL"], work.url.as_str());
        assert_eq!(item["publisher"], PUBLISHER);
        assert_eq!(item["container-title"], PUBLISHER);
        assert_eq!(item["language"], "en");
        assert_eq!(item["abstract"], work.abstract_text.as_str());
        assert_eq!(item["keyword"], work.keywords.join(", ").as_str());
        assert_eq!(
            item["author"],
            serde_json::json!([{"family": "Borshchevskaya", "given": "Anna"}])
        );
        let d = work.published_on.unwrap();
        assert_eq!(
            item["issued"]["date-parts"],
            serde_json::json!([[d.year(), d.month(), d.day()]])
        );
    }
    let [r, p] = seeds().map(|w| csl_json(&w));
    assert_eq!(r[0]["genre"], "Articles & Testimony");
    assert!(r[0].get("note").is_none());
    assert!(p[0].get("genre").is_none());
    assert_eq!(p[0]["note"], "Also published in 19Forty-Five");
}

#[test]
fn csl_json_names() {
    let work = putin_by(&[
        "Ana de la Cruz",
        "Martin Luther King, Jr.",
        "مايكل نايتس",
        "Plato",
    ]);
    assert_eq!(
        csl_json(&work)[0]["author"],
        serde_json::json!([
            {"family": "Cruz", "given": "Ana", "non-dropping-particle": "de la"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"literal": "مايكل نايتس"},
            {"literal": "Plato"},
        ])
    );
    let bare = csl_json(&Work {
        authors: vec![],
        published_on: None,
        abstract_text: String::new(),
        keywords: vec![],
        ..putin()
    });
    for key in ["author", "issued", "abstract", "keyword"] {
        assert!(bare[0].get(key).is_none(), "{key}");
    }
}

/// Parses an RIS record strictly: CRLF after every line and nothing else,
/// every line `XX  - value` with a two-character tag, `TY` first, `ER`
/// last and nowhere else.
pub fn parse_ris(src: &str) -> Vec<(String, String)> {
    let body = src
        .strip_suffix("\r\n")
        .unwrap_or_else(|| panic!("no final CRLF: {src:?}"));
    let mut fields = Vec::new();
    for line in body.split("\r\n") {
        assert!(!line.contains(['\r', '\n']), "stray line break: {line:?}");
        let b = line.as_bytes();
        let tagged = b.len() >= 6
            && b[0].is_ascii_uppercase()
            && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
            && &b[2..6] == b"  - ";
        assert!(tagged, "not an RIS line: {line:?}");
        fields.push((line[..2].to_string(), line[6..].to_string()));
    }
    let tags: Vec<&str> = fields.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(tags.first(), Some(&"TY"), "{src:?}");
    assert_eq!(tags.last(), Some(&"ER"), "{src:?}");
    assert_eq!(tags.iter().filter(|t| **t == "TY").count(), 1);
    assert_eq!(tags.iter().filter(|t| **t == "ER").count(), 1);
    assert_eq!(fields.last().unwrap().1, "");
    fields
}

pub fn ris_values<'a>(fields: &'a [(String, String)], tag: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(t, _)| t == tag)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn ris_seeds_parse_strictly() {
    for work in seeds() {
        let fields = parse_ris(&ris(&work));
        let one = |tag: &str| {
            let values = ris_values(&fields, tag);
            assert_eq!(values.len(), 1, "{tag}");
            values[0].to_string()
        };
        assert_eq!(one("TY"), "ELEC");
        assert_eq!(one("ID"), work.id);
        assert_eq!(one("AU"), "Borshchevskaya, Anna");
        assert_eq!(one("TI"), work.title);
        assert_eq!(one("PB"), PUBLISHER);
        assert_eq!(one("UR"), work.url);
        assert_eq!(one("LA"), "en");
        assert_eq!(one("AB"), work.abstract_text);
        assert_eq!(ris_values(&fields, "KW"), work.keywords);
    }
    let r = parse_ris(&ris(&russia()));
    assert_eq!(ris_values(&r, "PY"), ["2017"]);
    assert_eq!(ris_values(&r, "DA"), ["2017/11/23/"]);
    assert_eq!(ris_values(&r, "T2"), ["Articles & Testimony"]);
    let p = parse_ris(&ris(&putin()));
    assert!(ris_values(&p, "T2").is_empty());
    assert_eq!(ris_values(&p, "N1"), ["Also published in 19Forty-Five"]);
}

#[test]
fn ris_names_and_missing_date() {
    let work = Work {
        published_on: None,
        ..putin_by(
            &FIVE[1..]
                .iter()
                .copied()
                .chain(["مايكل نايتس", "Plato"])
                .collect::<Vec<_>>(),
        )
    };
    let fields = parse_ris(&ris(&work));
    assert_eq!(
        ris_values(&fields, "AU"),
        [
            "Knights, Michael",
            "de la Cruz, Ana",
            "King, Martin Luther, Jr.",
            "Stroul, Dana",
            "مايكل نايتس",
            "Plato",
        ]
    );
    assert!(ris_values(&fields, "PY").is_empty());
    assert!(ris_values(&fields, "DA").is_empty());
}
