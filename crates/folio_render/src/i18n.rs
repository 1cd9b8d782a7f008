//! Interface translations: one Fluent file per language
//! (`locales/{code}/main.ftl` in the theme), English as the fallback; and
//! numbers and dates in each language's digits and date format.

use std::collections::{BTreeSet, HashMap};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use folio_config::LanguageConfig;
use folio_core::{Date, DatePattern, Digits};
use unic_langid::LanguageIdentifier;

use crate::RenderError;
use crate::theme::Theme;

/// The language whose file every other file is checked against and falls
/// back to.
pub const REFERENCE_LANGUAGE: &str = "en";

pub struct Locales {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    keys: HashMap<String, BTreeSet<String>>,
    formats: HashMap<String, NumberAndDate>,
    /// Per language, every message that takes no arguments, formatted
    /// once: a page prints dozens, and formatting each on every render
    /// was a measurable part of rendering one.
    plain: HashMap<String, HashMap<String, String>>,
}

/// How a language writes numbers and dates, from the site file.
#[derive(Debug, Clone)]
struct NumberAndDate {
    digits: Digits,
    date_pattern: Option<DatePattern>,
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
        let formats: HashMap<String, NumberAndDate> = languages
            .iter()
            .map(|l| {
                (
                    l.code.as_str().to_owned(),
                    NumberAndDate {
                        digits: l.digits,
                        date_pattern: l.date_format.clone(),
                    },
                )
            })
            .collect();
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
            bundle.set_formatter(match formats.get(code).map(|f| f.digits) {
                None | Some(Digits::Latin) => None,
                Some(Digits::ArabicIndic) => Some(arabic_indic_numbers),
                Some(Digits::Persian) => Some(persian_numbers),
            });
            bundle
                .add_resource(resource)
                .map_err(|errors| RenderError::new(format!("{path}: {errors:?}")))?;
            bundles.insert(code.to_owned(), bundle);
            keys.insert(code.to_owned(), message_keys);
        }
        let mut plain = HashMap::new();
        for (code, bundle) in &bundles {
            let mut texts = HashMap::new();
            for key in keys.get(code).into_iter().flatten() {
                let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                    continue;
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    texts.insert(key.clone(), text.into_owned());
                }
            }
            plain.insert(code.clone(), texts);
        }
        Ok(Locales {
            bundles,
            keys,
            formats,
            plain,
        })
    }

    /// The digits `language` prints numbers with.
    pub fn digits(&self, language: &str) -> Digits {
        self.formats
            .get(language)
            .map_or(Digits::Latin, |f| f.digits)
    }

    /// A whole number in the language's digits.
    pub fn number(&self, language: &str, number: i64) -> String {
        self.digits(language).apply(&number.to_string())
    }

    /// A date the way the language prints it: the site file's
    /// `date_format`, else the translation file's `date-format`, with the
    /// month name `month-{n}` and the language's digits ("Nov 23, 2017",
    /// "23 تشرين الثاني/نوفمبر 2017", "۲۳ نوامبر ۲۰۱۷").
    pub fn date(&self, language: &str, date: Date) -> String {
        let month = self.text(language, &format!("month-{}", date.month()), None);
        let text = match self
            .formats
            .get(language)
            .and_then(|f| f.date_pattern.as_ref())
        {
            Some(pattern) => pattern.format(date, &month),
            None => {
                let args = fluent_args([
                    ("day", FluentValue::from(date.day().to_string())),
                    ("month", FluentValue::from(month)),
                    ("year", FluentValue::from(date.year().to_string())),
                ]);
                self.text(language, "date-format", Some(&args))
            }
        };
        self.digits(language).apply(&text)
    }

    /// The interface text for `key` in `language`, else in English, else the
    /// key itself (so a missing string shows rather than breaking a page).
    pub fn text(&self, language: &str, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        if args.is_none()
            && let Some(text) = self.plain.get(language).and_then(|texts| texts.get(key))
        {
            return text.clone();
        }
        for code in [language, REFERENCE_LANGUAGE] {
            let Some(bundle) = self.bundles.get(code) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            if code == "ar"
                && let Some(args) = args
                && let Some(chosen) = with_arabic_plurals_chosen(pattern, args)
            {
                return bundle
                    .format_pattern(&chosen, Some(args), &mut errors)
                    .into_owned();
            }
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

/// The pattern with every selection on a number argument already made by
/// CLDR's Arabic rule; `None` when the pattern selects on no number.
///
/// fluent-bundle asks intl_pluralrules 7.0.2 for plural categories, and its
/// Arabic rule lost the `% 100` of `few` (n % 100 = 3..10) and `many`
/// (n % 100 = 11..99): 103 results would read as "other". Fluent's own
/// order is kept: an exact number key, then the category, then the default.
fn with_arabic_plurals_chosen<'s>(
    pattern: &ast::Pattern<&'s str>,
    args: &FluentArgs<'_>,
) -> Option<ast::Pattern<&'s str>> {
    let mut chose = false;
    let elements = choose_in(&pattern.elements, args, &mut chose);
    chose.then_some(ast::Pattern { elements })
}

fn choose_in<'s>(
    elements: &[ast::PatternElement<&'s str>],
    args: &FluentArgs<'_>,
    chose: &mut bool,
) -> Vec<ast::PatternElement<&'s str>> {
    let mut out = Vec::with_capacity(elements.len());
    for element in elements {
        if let ast::PatternElement::Placeable {
            expression:
                ast::Expression::Select {
                    selector: ast::InlineExpression::VariableReference { id },
                    variants,
                },
        } = element
            && let Some(FluentValue::Number(number)) = args.get(id.name)
            && number.value >= 0.0
            && number.value.fract() == 0.0
        {
            let n = number.value as u64;
            let category = arabic_plural_category(n);
            let exact = |v: &&ast::Variant<&str>| {
                matches!(&v.key, ast::VariantKey::NumberLiteral { value }
                    if value.parse::<f64>() == Ok(number.value))
            };
            let in_category = |v: &&ast::Variant<&str>| matches!(&v.key, ast::VariantKey::Identifier { name } if *name == category);
            let variant = variants
                .iter()
                .find(exact)
                .or_else(|| variants.iter().find(in_category))
                .or_else(|| variants.iter().find(|v| v.default));
            if let Some(variant) = variant {
                *chose = true;
                out.extend(choose_in(&variant.value.elements, args, chose));
                continue;
            }
        }
        out.push(element.clone());
    }
    out
}

/// CLDR's cardinal plural category of a whole number in Arabic.
fn arabic_plural_category(n: u64) -> &'static str {
    match (n, n % 100) {
        (0, _) => "zero",
        (1, _) => "one",
        (2, _) => "two",
        (_, 3..=10) => "few",
        (_, 11..=99) => "many",
        _ => "other",
    }
}

/// Fluent's number formatting for languages that print Arabic-Indic or
/// Persian digits (plural selection still reads the number itself).
fn arabic_indic_numbers<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    localized_number(value, Digits::ArabicIndic)
}

fn persian_numbers<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    localized_number(value, Digits::Persian)
}

fn localized_number(value: &FluentValue<'_>, digits: Digits) -> Option<String> {
    match value {
        FluentValue::Number(number) => Some(digits.apply(&number.as_string())),
        _ => None,
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
