//! Numbers, dates and plurals in each language's own forms.

use std::path::Path;
use std::sync::Arc;

use fluent_syntax::ast;
use folio_config::Config;
use folio_render::{REFERENCE_LANGUAGE, Renderer};
use intl_pluralrules::{PluralRuleType, PluralRules};

use crate::{article, renderer};

fn renderer_with(toml: &str) -> Renderer {
    Renderer::new(Arc::new(
        Config::from_toml(toml, Path::new("."), None).unwrap(),
    ))
    .unwrap()
}

fn count(r: &Renderer, language: &str, key: &str, n: i64) -> String {
    let args = folio_render::fluent_args([("count", fluent_bundle::FluentValue::from(n))]);
    r.locales().text(language, key, Some(&args))
}

/// Messages that choose their wording by `$count`, with their variant keys.
fn count_messages(source: &str) -> Vec<(String, Vec<String>)> {
    let resource = fluent_syntax::parser::parse(source).expect("a valid translation file");
    let mut out = Vec::new();
    for entry in resource.body {
        let ast::Entry::Message(message) = entry else {
            continue;
        };
        let Some(value) = message.value else { continue };
        for element in value.elements {
            if let ast::PatternElement::Placeable {
                expression: ast::Expression::Select { selector, variants },
            } = element
                && matches!(&selector, ast::InlineExpression::VariableReference { id } if id.name == "count")
            {
                let keys = variants
                    .iter()
                    .map(|v| match &v.key {
                        ast::VariantKey::Identifier { name } => name.to_string(),
                        ast::VariantKey::NumberLiteral { value } => value.to_string(),
                    })
                    .collect();
                out.push((message.id.name.to_owned(), keys));
            }
        }
    }
    out
}

#[test]
fn every_count_message_has_each_plural_form_of_its_language() {
    let r = renderer();
    let theme = r.theme();
    let english = count_messages(
        theme
            .text(&format!("locales/{REFERENCE_LANGUAGE}/main.ftl"))
            .unwrap()
            .unwrap(),
    );
    assert!(english.len() >= 4, "found {english:?}");
    for language in &r.config().languages {
        let code = language.code.as_str();
        let source = theme
            .text(&format!("locales/{code}/main.ftl"))
            .unwrap()
            .unwrap();
        let messages = count_messages(source);
        let rules = PluralRules::create(
            code.parse::<unic_langid::LanguageIdentifier>().unwrap(),
            PluralRuleType::CARDINAL,
        )
        .unwrap();
        // The forms whole numbers take (counts are never fractions).
        let mut categories: Vec<String> = Vec::new();
        for n in 0..1000u32 {
            let category = format!("{:?}", rules.select(n).unwrap()).to_lowercase();
            if !categories.contains(&category) {
                categories.push(category);
            }
        }
        for (key, _) in &english {
            let (_, variants) = messages
                .iter()
                .find(|(k, _)| k == key)
                .unwrap_or_else(|| panic!("{code}: {key} does not choose its wording by $count"));
            let missing: Vec<&String> = categories
                .iter()
                .filter(|c| !variants.contains(c))
                .collect();
            assert!(
                missing.is_empty(),
                "{code}: {key} has no variant for the plural forms {missing:?} (it has {variants:?})"
            );
            // Persian counts 0 as "one": nothing may read "one item" for none.
            assert_ne!(
                count(&r, code, key, 0),
                count(&r, code, key, 1),
                "{code}: {key} says the same for 0 and 1"
            );
        }
    }
}

#[test]
fn arabic_counts_take_the_six_forms() {
    let r = renderer();
    let forms: Vec<String> = [0, 1, 2, 3, 11, 100]
        .into_iter()
        .map(|n| count(&r, "ar", "search-results-count", n))
        .collect();
    assert_eq!(
        forms,
        [
            "لا توجد نتائج",
            "نتيجة واحدة",
            "نتيجتان",
            "3 نتائج",
            "11 نتيجة",
            "100 نتيجة"
        ]
    );
    assert_eq!(count(&r, "ar", "experts-count", 3), "3 خبراء");
    assert_eq!(count(&r, "ar", "experts-count", 11), "11 خبيراً");
    assert_eq!(count(&r, "ar", "experts-count", 103), "103 خبراء");
}

#[test]
fn digits_follow_the_site_file() {
    let r = renderer_with(
        r#"
        [languages.en]
        name = "English"
        [languages.ar]
        name = "العربية"
        direction = "rtl"
        digits = "arabic-indic"
        [languages.fa]
        name = "فارسی"
        direction = "rtl"
        "#,
    );
    let date = "2024-04-05".parse().unwrap();
    assert_eq!(r.locales().date("en", date), "Apr 5, 2024");
    assert_eq!(r.locales().date("ar", date), "٥ نيسان/أبريل ٢٠٢٤");
    assert_eq!(
        r.locales().date("fa", date),
        "۵ آوریل ۲۰۲۴",
        "Persian prints its own digits unless told otherwise"
    );
    assert_eq!(count(&r, "ar", "experts-count", 11), "١١ خبيراً");
    assert_eq!(count(&r, "fa", "search-results-count", 12), "۱۲ نتیجه");
    assert_eq!(r.locales().number("ar", 2024), "٢٠٢٤");

    let mut arabic = article();
    arabic.language = folio_core::LanguageCode::parse("ar").unwrap();
    let html = r
        .article(r.config().language("ar").unwrap(), &arabic)
        .unwrap();
    assert!(
        html.contains("<time datetime=\"2024-04-05\">٥ نيسان/أبريل ٢٠٢٤</time>"),
        "{html}"
    );
    assert!(
        html.contains(">١٤ شباط/فبراير ٢٠٢٢</time>"),
        "Recommended cards too: {html}"
    );

    let found = crate::results(3, 2);
    let listing = r
        .analysis(
            r.config().language("ar").unwrap(),
            &crate::search_page("/ar/policy-analysis", &[], &found),
        )
        .unwrap();
    assert!(listing.contains("الصفحة ٢ من ٣"), "{listing}");
    assert!(
        listing.contains("aria-label=\"الصفحة ٣\">٣</a>"),
        "{listing}"
    );
    assert!(
        listing.contains("<span class=\"count\">٢</span>"),
        "facet counts: {listing}"
    );
}

#[test]
fn a_language_s_date_format_comes_from_the_site_file() {
    let r = renderer_with(
        r#"
        [languages.en]
        name = "English"
        date_format = "{day} {month} {year}"
        [languages.ar]
        name = "العربية"
        direction = "rtl"
        date_format = "{day}/{month_number}/{year}"
        "#,
    );
    let date = "2017-11-23".parse().unwrap();
    assert_eq!(r.locales().date("en", date), "23 Nov 2017");
    assert_eq!(r.locales().date("ar", date), "23/11/2017");
}

#[test]
fn names_inside_sentences_are_isolated_and_escaped() {
    let r = renderer_with(
        r#"
        [site]
        name = "The <Institute>"
        [languages.en]
        name = "English"
        [languages.ar]
        name = "العربية"
        direction = "rtl"
        "#,
    );
    let html = r
        .error(
            r.config().language("ar").unwrap(),
            folio_render::ErrorKind::NotFound,
        )
        .unwrap();
    assert!(
        html.contains("<p>ينشر <bdi>The &lt;Institute&gt;</bdi> تحليلات سياسية يكتبها خبراؤه.</p>"),
        "{html}"
    );
}

#[test]
fn a_language_can_name_the_institute_in_its_own_script() {
    let r = renderer_with(
        r#"
        [site]
        name = "The Institute"
        [languages.en]
        name = "English"
        [languages.ar]
        name = "العربية"
        direction = "rtl"
        site_name = "المعهد"
        tagline = "تحليلات مستقلة"
        "#,
    );
    let ar = r.config().language("ar").unwrap();
    let html = r.home(ar, &[], &[], &[], &[], &[]).unwrap();
    assert!(html.contains("<title>المعهد</title>"), "{html}");
    assert!(html.contains("تحليلات مستقلة"));
    assert!(html.contains("<meta property=\"og:site_name\" content=\"المعهد\">"));
    let en = r
        .home(r.config().default_language(), &[], &[], &[], &[], &[])
        .unwrap();
    assert!(en.contains("<title>The Institute</title>"));
}
