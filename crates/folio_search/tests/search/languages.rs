//! Arabic spellings meet; a query in either language finds its language.

use folio_search::{FacetKind, SearchQuery};

use crate::*;

const ARABIC_TRANSLATION: &str =
    "tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb";

#[test]
fn terrorism_is_found_with_and_without_the_hamza() {
    let site = Site::with_fixtures();
    for spelling in ["الإرهاب", "الارهاب", "الإِرْهَاب", "إرهاب"] {
        let mut slugs = site.slugs(&SearchQuery::new(spelling));
        slugs.sort();
        assert_eq!(
            slugs,
            ["hzb-allh-wtmwyl-alarhab-fy-lbnan", ARABIC_TRANSLATION],
            "query {spelling}"
        );
    }
}

#[test]
fn english_and_arabic_queries_find_their_own_pieces() {
    let site = Site::with_fixtures();
    let results = site.search(&SearchQuery::new("hezbollah"));
    assert!(results.hits.iter().all(|h| h.language == "en"));
    assert_eq!(
        results.total, 4,
        "two pieces about Hezbollah and both seeds, which mention it"
    );
    assert!(
        results.hits[0].title.contains("Hezbollah"),
        "a title match ranks first"
    );
    let arabic = site.search(&SearchQuery::new("حزب الله لبنان"));
    assert_eq!(arabic.hits[0].slug, "hzb-allh-wtmwyl-alarhab-fy-lbnan");
    assert_eq!(arabic.hits[0].language, "ar");
    let only_arabic = site.search(&SearchQuery::new("").with_filter(FacetKind::Language, "ar"));
    assert_eq!(only_arabic.total, 2);
}
