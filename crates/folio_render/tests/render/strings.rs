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

#[test]
fn every_key_the_theme_and_the_page_code_use_is_in_english() {
    let r = renderer();
    let mut used = BTreeSet::new();
    for (_, source) in templates(r.theme()) {
        used.extend(keys_in(&source, '\''));
    }
    let page_code = include_str!("../../src/pages.rs");
    used.extend(
        keys_in(page_code, '"')
            .into_iter()
            .filter(|k| !k.starts_with("error-") && !matches!(k.as_str(), "also-published-in")),
    );
    for kind in ["400", "404", "500", "503"] {
        used.insert(format!("error-{kind}-title"));
        used.insert(format!("error-{kind}-text"));
    }
    assert!(used.len() > 40, "the scan found the keys: {used:?}");
    let english = r.locales().keys(REFERENCE_LANGUAGE).unwrap();
    let missing: Vec<&String> = used.iter().filter(|k| !english.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in en/main.ftl: {missing:?}"
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
