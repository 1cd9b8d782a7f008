//! Interface translations: one Fluent file per language
//! (`locales/{code}/main.ftl` in the theme), English as the fallback.

use std::collections::{BTreeSet, HashMap};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use folio_config::LanguageConfig;
use unic_langid::LanguageIdentifier;

use crate::RenderError;
use crate::theme::Theme;

/// The language whose file every other file is checked against and falls
/// back to.
pub const REFERENCE_LANGUAGE: &str = "en";

pub struct Locales {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    keys: HashMap<String, BTreeSet<String>>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("languages", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Locales {
    /// Loads the files of English and of every configured language; a
    /// language without a file of its own uses English.
    pub fn load(theme: &Theme, languages: &[LanguageConfig]) -> Result<Locales, RenderError> {
        let mut codes: Vec<&str> = vec![REFERENCE_LANGUAGE];
        codes.extend(languages.iter().map(|l| l.code.as_str()));
        let mut bundles = HashMap::new();
        let mut keys = HashMap::new();
        for code in codes {
            if bundles.contains_key(code) {
                continue;
            }
            let path = format!("locales/{code}/main.ftl");
            let Some(source) = theme.text(&path)? else {
                if code == REFERENCE_LANGUAGE {
                    return Err(RenderError::new(format!("the theme has no {path}")));
                }
                continue;
            };
            let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
                let first = errors.first().map(|e| {
                    let line = source[..e.pos.start.min(source.len())]
                        .lines()
                        .count()
                        .max(1);
                    format!("line {line}: {:?}", e.kind)
                });
                RenderError::new(format!(
                    "{path} has {} syntax error(s); first at {}",
                    errors.len(),
                    first.unwrap_or_default()
                ))
            })?;
            let message_keys: BTreeSet<String> = resource
                .entries()
                .filter_map(|entry| match entry {
                    ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                    _ => None,
                })
                .collect();
            let identifier: LanguageIdentifier = code
                .parse()
                .map_err(|_| RenderError::new(format!("{code:?} is not a language identifier")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![identifier]);
            // Direction is isolated in the HTML (<bdi>, dir="auto"), not
            // with invisible Unicode marks inside attribute values.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| RenderError::new(format!("{path}: {errors:?}")))?;
            bundles.insert(code.to_owned(), bundle);
            keys.insert(code.to_owned(), message_keys);
        }
        Ok(Locales { bundles, keys })
    }

    /// The interface text for `key` in `language`, else in English, else the
    /// key itself (so a missing string shows rather than breaking a page).
    pub fn text(&self, language: &str, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        for code in [language, REFERENCE_LANGUAGE] {
            let Some(bundle) = self.bundles.get(code) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
        key.to_owned()
    }

    /// Whether a language's own file has the key (no fallback).
    pub fn has(&self, language: &str, key: &str) -> bool {
        self.keys.get(language).is_some_and(|k| k.contains(key))
    }

    /// The keys of a language's own file.
    pub fn keys(&self, language: &str) -> Option<&BTreeSet<String>> {
        self.keys.get(language)
    }
}

/// Builds Fluent arguments from name/value pairs.
pub fn fluent_args<'a>(
    pairs: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>,
) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(name, value);
    }
    args
}
