//! CSL-JSON export, the input format of citeproc processors (citeproc-js,
//! Pandoc, Zotero's "Import from Clipboard").

use serde_json::{Map, Value, json};

use crate::names::{self, Name};
use crate::{Work, clean, clean_opt};

/// A one-element array holding a CSL-JSON item of type `webpage`.
///
/// CSL names a web page's site with `container-title`, so the publisher
/// fills both `publisher` and `container-title`; the content type or series
/// goes in `genre`. Particles are CSL's `non-dropping-particle` ("de la"
/// in "de la Cruz"), so processors sort and print them as the style says.
/// Names that cannot be split become `{"literal": …}`. Empty fields and an
/// unknown date are left out rather than written empty.
pub fn csl_json(work: &Work) -> Value {
    let mut item = Map::new();
    let mut text = |key: &str, value: &str| {
        let value = clean(value);
        if !value.is_empty() {
            item.insert(key.to_string(), Value::String(value));
        }
    };
    text("id", &work.id);
    text("type", "webpage");
    text("title", &work.title);
    text("publisher", &work.publisher);
    text("container-title", &work.publisher);
    text(
        "genre",
        &clean_opt(work.container.as_ref()).unwrap_or_default(),
    );
    text("URL", &work.url);
    text("language", &work.language);
    text("abstract", &work.abstract_text);
    text("keyword", &crate::clean_list(&work.keywords).join(", "));
    if let Some(outlet) = clean_opt(work.also_published_in.as_ref()) {
        text("note", &format!("Also published in {outlet}"));
    }
    let authors: Vec<Value> = names::parse_all(&work.authors)
        .into_iter()
        .map(csl_name)
        .collect();
    if !authors.is_empty() {
        item.insert("author".into(), Value::Array(authors));
    }
    if let Some(date) = work.published_on {
        item.insert(
            "issued".into(),
            json!({ "date-parts": [[date.year(), date.month(), date.day()]] }),
        );
    }
    Value::Array(vec![Value::Object(item)])
}

fn csl_name(name: Name) -> Value {
    match name {
        Name::Person(p) => {
            let mut out = Map::new();
            out.insert("family".into(), p.family.into());
            out.insert("given".into(), p.given.into());
            if !p.particle.is_empty() {
                out.insert("non-dropping-particle".into(), p.particle.into());
            }
            if !p.suffix.is_empty() {
                out.insert("suffix".into(), p.suffix.into());
            }
            Value::Object(out)
        }
        Name::Literal(s) => json!({ "literal": s }),
    }
}
