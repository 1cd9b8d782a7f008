use folio_core::{ArticleInput, TranslationLink};
use folio_db::Visibility;

use crate::*;

fn arabic(slug_text: &str, links_to: Option<&str>) -> ArticleInput {
    let mut input = article(slug_text);
    input.language = lang("ar");
    input.title = "عنوان".into();
    input.topics = vec![];
    input.regions = vec![];
    input.translations = links_to
        .map(|s| TranslationLink {
            language: lang("en"),
            slug: slug(s),
        })
        .into_iter()
        .collect();
    input
}

fn english(slug_text: &str, links_to: Option<&str>) -> ArticleInput {
    let mut input = article(slug_text);
    input.translations = links_to
        .map(|s| TranslationLink {
            language: lang("ar"),
            slug: slug(s),
        })
        .into_iter()
        .collect();
    input
}

fn translations_of(
    store: &folio_db::Store,
    language: &str,
    slug_text: &str,
) -> Vec<(String, String)> {
    store
        .read(|c| {
            folio_db::article_by_path(c, &lang(language), &slug(slug_text), Visibility::Published)
        })
        .unwrap()
        .unwrap()
        .translations
        .into_iter()
        .map(|t| (t.language.to_string(), t.slug.to_string()))
        .collect()
}

#[test]
fn translations_link_both_ways_whichever_arrives_first() {
    for (english_first, name) in [(true, "english first"), (false, "arabic first")] {
        for_each_backend(|store| {
            seed_taxonomy(store);
            let en = english("original", Some("tarjama"));
            let ar = arabic("tarjama", Some("original"));
            if english_first {
                save(store, &en);
                save(store, &ar);
            } else {
                save(store, &ar);
                save(store, &en);
            }
            assert_eq!(
                translations_of(store, "en", "original"),
                [("ar".into(), "tarjama".into())],
                "{name}"
            );
            assert_eq!(
                translations_of(store, "ar", "tarjama"),
                [("en".into(), "original".into())],
                "{name}"
            );
        });
    }
}

#[test]
fn a_one_sided_declaration_is_enough_and_groups_merge() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        save(store, &english("original", Some("tarjama")));
        save(store, &arabic("tarjama", None));
        let mut persian = article("tarjome");
        persian.language = lang("fa");
        persian.topics = vec![];
        persian.regions = vec![];
        persian.translations = vec![TranslationLink {
            language: lang("ar"),
            slug: slug("tarjama"),
        }];
        save(store, &persian);
        let mut of_english = translations_of(store, "en", "original");
        of_english.sort();
        assert_eq!(
            of_english,
            [
                ("ar".into(), "tarjama".into()),
                ("fa".into(), "tarjome".into())
            ]
        );
    });
}

#[test]
fn unpublished_translations_are_not_listed_for_readers() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        save(store, &english("original", Some("tarjama")));
        let mut draft = arabic("tarjama", Some("original"));
        draft.status = folio_core::ArticleStatus::Draft;
        save(store, &draft);
        assert!(translations_of(store, "en", "original").is_empty());
    });
}
