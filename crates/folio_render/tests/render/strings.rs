//! Every interface string comes from the translation files, and every
//! translation file has every string.

use std::collections::BTreeSet;

use folio_render::{REFERENCE_LANGUAGE, Theme};

use crate::renderer;

fn templates(theme: &Theme) -> Vec<(String, String)> {
    theme
        .paths_under("templates/")
        .map(|path| {
            (
                path.to_owned(),
                theme.text(path).unwrap().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Quoted strings shaped like message keys ("also-available-in").
fn keys_in(source: &str, quote: char) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (i, part) in source.split(quote).enumerate() {
        let is_key = i % 2 == 1
            && part.contains('-')
            && part.starts_with(|c: char| c.is_ascii_lowercase())
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if is_key {
            keys.insert(part.to_owned());
        }
    }
    keys
}

/// Quoted strings shaped like keys that are not interface strings.
const NOT_KEYS: &[&str] = &[
    // schema.org's SearchAction property.
    "query-input",
];

/// The library's code, without its unit tests.
fn page_code() -> Vec<(&'static str, &'static str)> {
    [
        ("citations.rs", include_str!("../../src/citations.rs")),
        ("feeds.rs", include_str!("../../src/feeds.rs")),
        ("i18n.rs", include_str!("../../src/i18n.rs")),
        ("lib.rs", include_str!("../../src/lib.rs")),
        ("metadata.rs", include_str!("../../src/metadata.rs")),
        ("pages.rs", include_str!("../../src/pages.rs")),
        ("paths.rs", include_str!("../../src/paths.rs")),
        ("search.rs", include_str!("../../src/search.rs")),
        ("sitemap.rs", include_str!("../../src/sitemap.rs")),
        ("theme.rs", include_str!("../../src/theme.rs")),
        ("views.rs", include_str!("../../src/views.rs")),
        ("xml.rs", include_str!("../../src/xml.rs")),
    ]
    .into_iter()
    .map(|(name, source)| (name, source.split("#[cfg(test)]").next().unwrap_or(source)))
    .collect()
}

/// Every key the templates and the code ask for, those the code builds
/// from parts included.
fn used_keys(r: &folio_render::Renderer) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (_, source) in templates(r.theme()) {
        used.extend(keys_in(&source, '\''));
        // `t('topics')`: a key of one word.
        for call in ["t('", "t_isolated('"] {
            for (at, _) in source.match_indices(call) {
                let called =
                    !source[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
                if called {
                    let rest = &source[at + call.len()..];
                    used.insert(rest[..rest.find('\'').unwrap()].to_owned());
                }
            }
        }
    }
    for (_, source) in page_code() {
        used.extend(
            keys_in(source, '"')
                .into_iter()
                .filter(|k| !NOT_KEYS.contains(&k.as_str()))
                // "error-404" is a prefix: "-title" and "-text" follow.
                .filter(|k| !(k.starts_with("error-") && k.len() == "error-404".len())),
        );
    }
    for kind in ["400", "404", "500", "503"] {
        used.insert(format!("error-{kind}-title"));
        used.insert(format!("error-{kind}-text"));
    }
    for sort in ["relevance", "newest", "oldest"] {
        used.insert(format!("sort-{sort}"));
    }
    for month in 1..=12 {
        used.insert(format!("month-{month}"));
    }
    used
}

#[test]
fn every_key_the_theme_and_the_page_code_use_is_in_english() {
    let r = renderer();
    let used = used_keys(&r);
    assert!(used.len() > 60, "the scan found the keys: {used:?}");
    let english = r.locales().keys(REFERENCE_LANGUAGE).unwrap();
    let missing: Vec<&String> = used.iter().filter(|k| !english.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in en/main.ftl: {missing:?}"
    );
    // And nothing in the file is left over from a template that changed.
    let unused: Vec<&String> = english.iter().filter(|k| !used.contains(*k)).collect();
    assert!(
        unused.is_empty(),
        "keys in en/main.ftl that nothing uses: {unused:?}"
    );
}

#[test]
fn every_language_has_every_english_key() {
    let r = renderer();
    let english = r.locales().keys(REFERENCE_LANGUAGE).unwrap();
    for language in &r.config().languages {
        let own = r
            .locales()
            .keys(language.code.as_str())
            .unwrap_or_else(|| panic!("no translation file for {}", language.code));
        let missing: Vec<&String> = english.difference(own).collect();
        let extra: Vec<&String> = own.difference(english).collect();
        assert!(missing.is_empty(), "{} misses {missing:?}", language.code);
        assert!(
            extra.is_empty(),
            "{} has keys English lacks: {extra:?}",
            language.code
        );
    }
}

#[test]
fn templates_have_no_hard_coded_words() {
    let r = renderer();
    for (path, source) in templates(r.theme()) {
        // The body's class names are markup, not reader text.
        let source = match (
            source.find("{% block body_class %}"),
            source.find("{% endblock %}"),
        ) {
            (Some(start), Some(end)) if end > start => {
                format!("{}{}", &source[..start], &source[end..])
            }
            _ => source,
        };
        let mut text = String::new();
        let mut rest = source.as_str();
        // Drop template tags, comments, expressions and HTML tags; what is
        // left is what a reader would see verbatim.
        while let Some(start) = rest.find(['{', '<']) {
            text.push_str(&rest[..start]);
            let closer = match &rest[start..start + 2.min(rest.len() - start)] {
                "{{" => "}}",
                "{%" => "%}",
                "{#" => "#}",
                _ if rest[start..].starts_with('<') => ">",
                _ => {
                    text.push('{');
                    rest = &rest[start + 1..];
                    continue;
                }
            };
            match rest[start..].find(closer) {
                Some(end) => rest = &rest[start + end + closer.len()..],
                None => break,
            }
        }
        text.push_str(rest);
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        assert!(
            words.is_empty(),
            "{path} has text outside the translation files: {words:?}"
        );
    }
}

/// Attributes whose value a reader hears or sees.
const READER_ATTRIBUTES: &[&str] = &[
    "aria-label",
    "aria-roledescription",
    "aria-placeholder",
    "title",
    "alt",
    "placeholder",
    "label",
];

/// Reader-facing attribute values with their template parts removed.
fn reader_attribute_words(source: &str) -> Vec<String> {
    let mut words = Vec::new();
    for attribute in READER_ATTRIBUTES {
        let opening = format!(" {attribute}=\"");
        for (at, _) in source.match_indices(&opening) {
            let rest = &source[at + opening.len()..];
            let mut value = rest[..rest.find('"').unwrap_or(0)].to_owned();
            while let (Some(start), Some(end)) = (value.find("{{"), value.find("}}")) {
                if end < start {
                    break;
                }
                value.replace_range(start..end + 2, "");
            }
            if value.chars().any(char::is_alphabetic) {
                words.push(format!("{attribute}=\"{value}\""));
            }
        }
    }
    words
}

#[test]
fn no_attribute_a_reader_meets_holds_words_of_its_own() {
    let r = renderer();
    let mut scanned = 0;
    for (path, source) in templates(r.theme()) {
        scanned += source.matches("aria-label=\"").count();
        let words = reader_attribute_words(&source);
        assert!(
            words.is_empty(),
            "{path} has text outside the translation files: {words:?}"
        );
    }
    assert!(scanned > 5, "the scan found the labels");
    assert_eq!(
        reader_attribute_words(
            r#"<nav aria-label="Main"><img alt="{{ x }}"><a title="{{ t('k') }} more">"#
        ),
        ["aria-label=\"Main\"", "title=\" more\""],
        "the scan catches a hard-coded label"
    );
}

#[test]
fn arabic_and_persian_strings_are_written_in_their_script() {
    let r = renderer();
    let locales = r.locales();
    let english = locales.keys(REFERENCE_LANGUAGE).unwrap();
    let arabic_script = |text: &str| {
        text.chars()
            .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}'))
    };
    for language in ["ar", "fa"] {
        let untranslated: Vec<&String> = english
            .iter()
            .filter(|key| {
                let english_text = locales.text(REFERENCE_LANGUAGE, key, None);
                // Separators and the date pattern have no words to translate;
                // the brand keeps its name.
                let has_words = english_text
                    .replace("Folio", "")
                    .chars()
                    .any(|c| c.is_ascii_alphabetic() && !"{}$".contains(c));
                let words_outside_placeables = english_text
                    .split('{')
                    .map(|part| part.split_once('}').map_or(part, |(_, after)| after))
                    .any(|part| part.chars().any(|c| c.is_ascii_alphabetic()));
                has_words
                    && words_outside_placeables
                    && !arabic_script(&locales.text(language, key, None))
            })
            .collect();
        assert!(
            untranslated.is_empty(),
            "{language} has English left in: {untranslated:?}"
        );
    }
}
