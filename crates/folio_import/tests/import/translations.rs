//! The Arabic translation and its English original link both ways, whatever
//! order they arrive in, at the slug the original gives the translation.

use folio_db::Visibility;

use crate::*;

const ORIGINAL: &str = "seeds/000_bc9257f421afcb15.txt";
const ARABIC: &str = "translations/ar_russia_counterterrorism_record.txt";
const ARABIC_SLUG: &str =
    "tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb";

#[test]
fn the_arabic_page_is_read_as_arabic() {
    let page = parse_fixture(ARABIC);
    assert_eq!(page.language.as_str(), "ar");
    assert_eq!(page.authors[0].slug.as_str(), "anna-borshchevskaya");
    assert_eq!(page.published_on.unwrap().to_string(), "2017-11-23");
    assert_eq!(page.translations[0].language.as_str(), "en");
    assert_eq!(
        page.translations[0].slug.as_str(),
        "russias-questionable-counterterrorism-record"
    );
    assert_eq!(
        page.type_label.as_ref().unwrap().name,
        "Articles & Testimony"
    );
    assert_eq!(page.syndications[0].outlet, "Foreign Affairs");
    assert!(page.body_is_excerpt);
    assert_eq!(page.recommended[0].language.as_str(), "ar");
    assert_eq!(page.topics[1].slug.as_str(), "alarhab");
    assert_eq!(page.regions[0].name, "سوريا");
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

fn assert_linked_both_ways(store: &folio_db::Store) {
    store
        .read(|c| {
            let english_article = folio_db::article_by_path(
                c,
                &english(),
                &slug("russias-questionable-counterterrorism-record"),
                Visibility::Published,
            )?
            .unwrap();
            assert_eq!(english_article.translations.len(), 1);
            assert_eq!(english_article.translations[0].language.as_str(), "ar");
            assert_eq!(english_article.translations[0].slug.as_str(), ARABIC_SLUG);
            let arabic = folio_db::article_by_path(
                c,
                &lang("ar"),
                &slug(ARABIC_SLUG),
                Visibility::Published,
            )?
            .expect("the translation lives at the slug the original gives it");
            assert_eq!(
                arabic.translations[0].slug.as_str(),
                "russias-questionable-counterterrorism-record"
            );
            assert_eq!(arabic.topics.len(), 2);
            let expert = folio_db::expert_by_slug(c, &slug("anna-borshchevskaya"))?.unwrap();
            assert_eq!(
                expert.name, "Anna Borshchevskaya",
                "the expert keeps the default language's name"
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn original_first() {
    let test = new_store();
    import(&test.store, &[ORIGINAL]);
    import(&test.store, &[ARABIC]);
    assert_linked_both_ways(&test.store);
}

#[test]
fn translation_first() {
    let test = new_store();
    let report = import(&test.store, &[ARABIC]);
    assert_eq!(report.created, 1, "{report:?}");
    import(&test.store, &[ORIGINAL]);
    assert_linked_both_ways(&test.store);
    let again = import(&test.store, &[ARABIC, ORIGINAL]);
    assert_eq!(again.unchanged, 2, "{again:?}");
}
