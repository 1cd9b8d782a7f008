//! Names in other languages (experts, content types, programs) and the
//! translation groups of topics and regions.

use folio_core::{ExpertText, TermKind};
use folio_db::{StoreError, Visibility};

use crate::*;

fn arabic_name(name: &str, bio: &str) -> ExpertText {
    ExpertText {
        name: name.into(),
        bio: bio.into(),
    }
}

#[test]
fn an_arabic_page_shows_the_expert_type_and_program_in_arabic() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        store
            .write(|c| {
                folio_db::save_article(c, &article("a-piece"), now())?;
                let expert = folio_db::expert_by_slug(c, &slug("anna-borshchevskaya"))?.unwrap();
                folio_db::save_expert_translation(
                    c,
                    expert.id,
                    &lang("ar"),
                    &arabic_name("آنا بورشيفسكايا", "زميلة أقدم."),
                    now(),
                )?;
                let brief = folio_db::content_type_by_slug(c, &slug("brief-analysis"))?.unwrap();
                folio_db::save_content_type_translation(
                    c,
                    brief.id,
                    &lang("ar"),
                    "تحليل موجز",
                    now(),
                )?;
                folio_db::save_program_translation(
                    c,
                    expert.programs[0].id,
                    &lang("ar"),
                    "برنامج المنافسة بين القوى العظمى",
                    now(),
                )
            })
            .unwrap();
        let (mut arabic, english) = store
            .read(|c| {
                let read = |c: &mut folio_db::Conn<'_>| {
                    folio_db::article_by_path(
                        c,
                        &lang("en"),
                        &slug("a-piece"),
                        Visibility::Published,
                    )
                    .map(Option::unwrap)
                };
                Ok((read(c)?, read(c)?))
            })
            .unwrap();
        store
            .read(|c| folio_db::localize(c, &lang("ar"), &mut arabic))
            .unwrap();
        assert_eq!(arabic.authors[0].name, "آنا بورشيفسكايا");
        assert_eq!(arabic.authors[0].bio, "زميلة أقدم.");
        assert_eq!(
            arabic.authors[0].programs[0].name,
            "برنامج المنافسة بين القوى العظمى"
        );
        assert_eq!(arabic.content_type.unwrap().name, "تحليل موجز");
        assert_eq!(english.authors[0].name, "Anna Borshchevskaya");

        // Persian has no translation: the default names stay.
        let mut persian = english.clone();
        store
            .read(|c| folio_db::localize(c, &lang("fa"), &mut persian))
            .unwrap();
        assert_eq!(persian, english);
    });
}

#[test]
fn saving_a_translation_records_a_change_only_when_it_changes_and_an_empty_name_removes_it() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let latest = |store: &folio_db::Store| store.read(folio_db::latest_change).unwrap();
        let expert = store
            .read(|c| folio_db::expert_by_slug(c, &slug("simon-henderson")))
            .unwrap()
            .unwrap();
        let save = |text: ExpertText| {
            store
                .write(|c| {
                    folio_db::save_expert_translation(c, expert.id, &lang("ar"), &text, now())
                })
                .unwrap()
        };
        let before = latest(store);
        save(arabic_name("سايمون هندرسون", ""));
        let after_first = latest(store);
        assert!(after_first > before, "the index hears of the new name");
        save(arabic_name("سايمون هندرسون", ""));
        assert_eq!(
            latest(store),
            after_first,
            "the same name again changes nothing"
        );
        assert_eq!(
            store
                .read(|c| folio_db::expert_translations(c, expert.id))
                .unwrap()
                .len(),
            1
        );
        save(arabic_name("  ", ""));
        assert!(
            store
                .read(|c| folio_db::expert_translations(c, expert.id))
                .unwrap()
                .is_empty()
        );
        assert!(latest(store) > after_first);
    });
}

#[test]
fn topics_link_across_languages_one_per_language_and_unlink() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let ids = store
            .write(|c| {
                let ar = folio_db::upsert_term(
                    c,
                    TermKind::Topic,
                    &lang("ar"),
                    &slug("alarhab"),
                    "الإرهاب",
                    now(),
                )?;
                let fa = folio_db::upsert_term(
                    c,
                    TermKind::Topic,
                    &lang("fa"),
                    &slug("trwrysm"),
                    "تروریسم",
                    now(),
                )?;
                let ar2 = folio_db::upsert_term(
                    c,
                    TermKind::Topic,
                    &lang("ar"),
                    &slug("alamn"),
                    "الأمن",
                    now(),
                )?;
                let syria_ar = folio_db::upsert_term(
                    c,
                    TermKind::Region,
                    &lang("ar"),
                    &slug("swrya"),
                    "سوريا",
                    now(),
                )?;
                let en = folio_db::term_by_slug(c, &lang("en"), &slug("terrorism"))?
                    .unwrap()
                    .id;
                folio_db::link_term_translations(c, en, ar, now())?;
                folio_db::link_term_translations(c, fa, ar, now())?;
                Ok((en, ar, fa, ar2, syria_ar))
            })
            .unwrap();
        let (en, ar, fa, ar2, syria_ar) = ids;
        let others = |id| -> Vec<String> {
            store
                .read(|c| folio_db::term_translations(c, id))
                .unwrap()
                .into_iter()
                .map(|t| format!("{}/{}", t.language, t.slug))
                .collect()
        };
        assert_eq!(others(en), ["ar/alarhab", "fa/trwrysm"]);
        assert_eq!(others(fa), ["ar/alarhab", "en/terrorism"]);

        let second_arabic = store.write(|c| folio_db::link_term_translations(c, en, ar2, now()));
        assert!(
            matches!(second_arabic, Err(StoreError::Conflict(m)) if m.contains("one term per language"))
        );
        let region = store.write(|c| folio_db::link_term_translations(c, fa, syria_ar, now()));
        assert!(
            matches!(region, Err(StoreError::Conflict(m)) if m.contains("only topics translate topics"))
        );

        store
            .write(|c| folio_db::unlink_term_translations(c, ar, now()))
            .unwrap();
        assert!(others(ar).is_empty());
        assert_eq!(others(en), ["fa/trwrysm"], "the rest stay linked");
        store
            .write(|c| folio_db::unlink_term_translations(c, fa, now()))
            .unwrap();
        assert!(others(en).is_empty());
    });
}

#[test]
fn the_experts_index_of_a_language_sorts_by_its_names_and_counts_its_pieces() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        store
            .write(|c| {
                folio_db::save_article(c, &article("a-piece"), now())?;
                for (slug_text, name) in [
                    ("anna-borshchevskaya", "يانا"),
                    ("simon-henderson", "سايمون"),
                ] {
                    let id = folio_db::expert_by_slug(c, &slug(slug_text))?.unwrap().id;
                    folio_db::save_expert_translation(
                        c,
                        id,
                        &lang("ar"),
                        &arabic_name(name, ""),
                        now(),
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let index = |language: &str| -> Vec<(String, u64)> {
            store
                .read(|c| {
                    folio_db::list_experts(c, &lang(language), folio_core::PageRequest::new(1, 10))
                })
                .unwrap()
                .items
                .into_iter()
                .map(|l| (l.expert.slug.to_string(), l.article_count))
                .collect()
        };
        assert_eq!(
            index("en"),
            [
                ("anna-borshchevskaya".to_owned(), 1),
                ("simon-henderson".to_owned(), 0)
            ]
        );
        assert_eq!(
            index("ar"),
            [
                ("simon-henderson".to_owned(), 0),
                ("anna-borshchevskaya".to_owned(), 0)
            ],
            "by Arabic name; her piece is in English"
        );
    });
}
