//! Pages in Arabic and Persian: their language from their links, their
//! directory or their script; their experts', type's, topics' and regions'
//! names as translations; one group with the original whatever the order.

use folio_core::Slug;
use folio_db::Visibility;
use folio_import::{ImportOptions, LanguageSource, Source};

use crate::*;

const ENGLISH: &str = "seeds/002_978dccf3409b9bcb.txt";
const ARABIC: &str = "languages/ar_putin_no_ally.txt";
const PERSIAN: &str = "languages/fa_putin_no_ally.txt";
const ARABIC_SLUG: &str = "bwtyn-lys-hlyfa-fy-alhrb-ly-alarhab-am-2024";
/// The Arabic page gives the Persian version a slug in Persian script.
const PERSIAN_SLUG: &str = "پوتین-در-جنگ-با-تروریسم-متحد-نیست";

#[test]
fn the_arabic_page_is_read_whole() {
    let page = parse_fixture(ARABIC);
    assert_eq!(page.language.as_str(), "ar");
    assert_eq!(page.language_source, LanguageSource::Links);
    assert_eq!(page.published_on.unwrap().to_string(), "2024-04-05");
    let translations: Vec<String> = page
        .translations()
        .map(|t| format!("{}/{}", t.language, t.slug))
        .collect();
    assert_eq!(
        translations,
        [
            "en/putin-no-ally-war-terror-2024".to_owned(),
            format!("fa/{PERSIAN_SLUG}")
        ]
    );
    assert_eq!(page.authors[0].name, "آنا بورشيفسكايا");
    assert!(
        page.authors[0]
            .bio
            .as_deref()
            .unwrap()
            .starts_with("آنا بورشيفسكايا هي زميلة أقدم")
    );
    assert_eq!(
        page.type_label.as_ref().unwrap().name,
        "Articles & Testimony"
    );
    assert_eq!(page.type_name_printed.as_deref(), Some("مقالات وشهادات"));
    assert_eq!(page.syndications[0].outlet, "19Forty-Five");
    assert_eq!(
        page.syndications[0].url.as_deref(),
        Some("https://www.19fortyfive.com/2024/04/putin-is-no-ally-in-the-war-on-terror-in-2024/"),
        "the Arabic author note gives the outlet its URL"
    );
    assert!(!page.body_is_excerpt);
    assert!(
        page.body_markdown.starts_with("بلا أي دليل"),
        "the split initial is joined back: {}",
        page.body_markdown
    );
    assert!(page.body_markdown.contains("\n\n> \"نعتقد أن العملية"));
    assert!(page.author_note_markdown.unwrap().contains("[19FortyFive]"));
    assert_eq!(page.recommended.len(), 2);
    assert_eq!(
        page.recommended[1].type_label.as_deref(),
        Some("تحليل موجز"),
        "as printed"
    );
    assert_eq!(page.topics.len(), 2);
    assert_eq!(page.regions[0].name, "الشرق الأوسط");
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn the_persian_page_is_read_whole() {
    let page = parse_fixture(PERSIAN);
    assert_eq!(page.language.as_str(), "fa");
    assert_eq!(page.published_on.unwrap().to_string(), "2024-04-05");
    assert_eq!(page.authors[0].name, "آنا بورشچفسکایا");
    assert_eq!(
        page.type_label.as_ref().unwrap().name,
        "Articles & Testimony"
    );
    assert_eq!(page.translations().count(), 2);
    assert_eq!(page.topics[1].slug.as_str(), "trwrysm");
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

/// A page whose text reads as one language and whose links say another.
const ARABIC_TEXT_PERSIAN_LINKS: &str = "\n# تاريخ قصير\n\nبقلم [كاتب \\(/fa/experts/katib\\)](#)\n\n## ملخص المقال هنا.\n\nنص المقال.\n";

#[test]
fn links_to_the_page_s_own_experts_and_topics_name_its_language() {
    let page = folio_import::parse_page(ARABIC_TEXT_PERSIAN_LINKS, &english()).unwrap();
    assert_eq!(page.language.as_str(), "fa");
    assert_eq!(page.language_source, LanguageSource::Links);
    // Without a prefix the links say nothing, and the script decides.
    let unprefixed = ARABIC_TEXT_PERSIAN_LINKS.replace("/fa/experts", "/experts");
    let page = folio_import::parse_page(&unprefixed, &english()).unwrap();
    assert_eq!(page.language.as_str(), "ar");
    assert_eq!(page.language_source, LanguageSource::Script);
}

#[test]
fn the_directory_a_page_was_crawled_into_names_its_language_when_links_do_not() {
    let test = new_store();
    let unprefixed = ARABIC_TEXT_PERSIAN_LINKS.replace("/fa/experts", "/experts");
    let options = ImportOptions {
        default_language: english(),
        languages: vec![english(), lang("ar"), lang("fa")],
    };
    let report = folio_import::import_sources(
        &test.store,
        vec![Source {
            name: "crawl/fa/policy-analysis/short.txt".into(),
            bytes: unprefixed.into_bytes(),
        }],
        &options,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.created, 1, "{report:?}");
    let persian = test
        .store
        .read(|c| folio_db::article_id_at(c, &lang("fa"), &Slug::from_title("تاريخ قصير")))
        .unwrap();
    assert!(persian.is_some(), "stored as Persian");
}

fn assert_one_group_in_three_languages(store: &folio_db::Store) {
    store
        .read(|c| {
            let read = |c: &mut folio_db::Conn<'_>, language: &str, slug_text: &str| {
                folio_db::article_by_path(
                    c,
                    &lang(language),
                    &slug(slug_text),
                    Visibility::Published,
                )
                .map(|a| a.unwrap_or_else(|| panic!("no {language} article at {slug_text}")))
            };
            let english = read(c, "en", "putin-no-ally-war-terror-2024")?;
            let arabic = read(c, "ar", ARABIC_SLUG)?;
            let persian = read(c, "fa", PERSIAN_SLUG)?;
            let versions = |a: &folio_core::Article| -> Vec<String> {
                a.translations
                    .iter()
                    .map(|t| format!("{}/{}", t.language, t.slug))
                    .collect()
            };
            assert_eq!(
                versions(&english),
                [format!("ar/{ARABIC_SLUG}"), format!("fa/{PERSIAN_SLUG}")]
            );
            assert_eq!(
                versions(&arabic),
                [
                    "en/putin-no-ally-war-terror-2024".to_owned(),
                    format!("fa/{PERSIAN_SLUG}")
                ]
            );
            assert_eq!(persian.translations.len(), 2);

            // The expert keeps the English name, with Arabic and Persian ones.
            let expert = &english.authors[0];
            assert_eq!(expert.name, "Anna Borshchevskaya");
            let names: Vec<(String, String)> = folio_db::expert_translations(c, expert.id)?
                .into_iter()
                .map(|(l, t)| (l.to_string(), t.name))
                .collect();
            assert_eq!(
                names,
                [
                    ("ar".to_owned(), "آنا بورشيفسكايا".to_owned()),
                    ("fa".to_owned(), "آنا بورشچفسکایا".to_owned())
                ]
            );
            let content_type = english.content_type.clone().unwrap();
            assert_eq!(content_type.name, "Articles & Testimony");
            let type_names: Vec<String> = folio_db::content_type_translations(c, content_type.id)?
                .into_iter()
                .map(|(l, name)| format!("{l}:{name}"))
                .collect();
            assert_eq!(type_names, ["ar:مقالات وشهادات", "fa:مقالات و شهادت‌ها"]);

            // Topics and regions pair up in order.
            let group = |c: &mut folio_db::Conn<'_>,
                         term: &folio_core::Term|
             -> folio_db::StoreResult<Vec<String>> {
                Ok(folio_db::term_translations(c, term.id)?
                    .into_iter()
                    .map(|t| format!("{}/{}", t.language, t.slug))
                    .collect())
            };
            assert_eq!(
                group(c, &english.topics[0])?,
                ["ar/altnafs-byn-alqwa-alzhma", "fa/rqabt-qdrthay-bzrg"]
            );
            assert_eq!(group(c, &english.topics[1])?, ["ar/alarhab", "fa/trwrysm"]);
            assert_eq!(
                group(c, &english.regions[0])?,
                ["ar/alshrq-alawst", "fa/khawrmyanh"]
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn every_import_order_gives_one_group_of_three() {
    let orders = [
        [ENGLISH, ARABIC, PERSIAN],
        [ENGLISH, PERSIAN, ARABIC],
        [ARABIC, ENGLISH, PERSIAN],
        [ARABIC, PERSIAN, ENGLISH],
        [PERSIAN, ENGLISH, ARABIC],
        [PERSIAN, ARABIC, ENGLISH],
    ];
    for order in orders {
        let test = new_store();
        for page in order {
            let report = import(&test.store, &[page]);
            assert!(report.failed.is_empty(), "{order:?}: {report:?}");
        }
        assert_one_group_in_three_languages(&test.store);
    }
}

#[test]
fn an_arabic_page_before_its_expert_s_english_page_leaves_the_english_name_in_the_end() {
    let test = new_store();
    import(&test.store, &[ARABIC]);
    let expert = test
        .store
        .read(|c| folio_db::expert_by_slug(c, &slug("anna-borshchevskaya")))
        .unwrap()
        .unwrap();
    assert_eq!(
        expert.name, "آنا بورشيفسكايا",
        "only the Arabic name is known yet"
    );
    assert_eq!(
        expert.bio, "",
        "the Arabic bio is the Arabic translation's, not the English one"
    );
    import(&test.store, &[ENGLISH]);
    let expert = test
        .store
        .read(|c| folio_db::expert_by_slug(c, &slug("anna-borshchevskaya")))
        .unwrap()
        .unwrap();
    assert_eq!(expert.name, "Anna Borshchevskaya");
}
