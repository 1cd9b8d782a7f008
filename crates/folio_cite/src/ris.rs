//! RIS export, the tagged format of EndNote, Zotero, Mendeley and most
//! library catalogues.

use crate::names::{self, Name};
use crate::{Work, clean, clean_opt};

/// An RIS record of type `ELEC` (web page), tags in the order reference
/// managers write them, `TY` first and `ER` last.
///
/// Lines end in CRLF as the RIS specification requires. Every value has its
/// whitespace collapsed, so input can never start a new line (and with it a
/// forged tag). Empty fields are left out, and so are `PY` and `DA` when the
/// date is unknown. Names are `Family, Given` or `Family, Given, Suffix`;
/// names that cannot be split are written as they are.
pub fn ris(work: &Work) -> String {
    let mut out = String::new();
    let mut line = |tag: &str, value: &str| {
        let value = clean(value);
        if !value.is_empty() {
            out.push_str(&format!("{tag}  - {value}\r\n"));
        }
    };
    line("TY", "ELEC");
    line("ID", &work.id);
    for name in names::parse_all(&work.authors) {
        match name {
            Name::Person(p) => line("AU", &p.inverted()),
            Name::Literal(s) => line("AU", &s),
        }
    }
    line("TI", &work.title);
    line(
        "T2",
        &clean_opt(work.container.as_ref()).unwrap_or_default(),
    );
    if let Some(date) = work.published_on {
        line("PY", &date.year().to_string());
        line("DA", &date.strftime("%Y/%m/%d/").to_string());
    }
    line("PB", &work.publisher);
    line("UR", &work.url);
    line("LA", &work.language);
    line("AB", &work.abstract_text);
    for keyword in &work.keywords {
        line("KW", keyword);
    }
    if let Some(outlet) = clean_opt(work.also_published_in.as_ref()) {
        line("N1", &format!("Also published in {outlet}"));
    }
    // ER has no value but keeps the separator's trailing space.
    out.push_str("ER  - \r\n");
    out
}
