//! Pages missing blocks import with what they have.

use folio_db::Visibility;

use crate::*;

#[test]
fn several_authors_no_date_an_empty_also_available_in_and_a_numbered_label() {
    let page = parse_fixture("partial/policywatch_several_authors_no_date.txt");
    let authors: Vec<&str> = page.authors.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(authors, ["michael-knights", "hamdi-malik", "ameneh-mehvar"]);
    assert!(
        page.authors[1]
            .bio
            .as_deref()
            .unwrap()
            .starts_with("Hamdi Malik is an associate fellow")
    );
    assert_eq!(page.published_on, None);
    assert!(page.translations.is_empty());
    let label = page.type_label.as_ref().unwrap();
    assert_eq!(
        (label.name.as_str(), label.series_number),
        ("PolicyWatch", Some(3344))
    );
    assert!(
        page.body_markdown
            .contains("> “We will continue until the aggression stops,”")
    );
    assert!(page.body_markdown.contains("*managed confrontation*"));
    assert_eq!(
        page.recommended[0].type_label.as_deref(),
        Some("Policywatch 3340")
    );
    assert_eq!(page.regions.len(), 2);
    assert!(
        page.warnings
            .iter()
            .any(|w| w.contains("no publication date")),
        "{:?}",
        page.warnings
    );
}

#[test]
fn a_page_without_a_title_takes_its_slug_from_the_deck() {
    let page = parse_fixture("partial/no_title.txt");
    assert_eq!(page.title, None);
    assert_eq!(
        page.slug_from_content().as_str(),
        "administrations-new-defense-posture-gulf-rests-partners-carrying-more-load"
    );
    assert!(page.warnings.iter().any(|w| w.contains("no title")));
}

#[test]
fn a_page_without_a_byline_has_no_authors() {
    let page = parse_fixture("partial/no_byline.txt");
    assert!(page.authors.is_empty());
    assert_eq!(page.type_label.as_ref().unwrap().name, "Brief Analysis");
    assert_eq!(page.regions[0].slug.as_str(), "lebanon");
    assert!(page.warnings.iter().any(|w| w == "no byline"));
}

#[test]
fn partial_pages_import_and_can_be_read_back() {
    let test = new_store();
    let report = import(&test.store, &["partial"]);
    assert_eq!(report.created, 3, "{report:?}");
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.source.ends_with("no_title.txt"))
    );
    test.store
        .read(|c| {
            let piece = folio_db::article_by_path(
                c,
                &english(),
                &slug("irans-proxies-after-gaza-war-what-washington-should-expect"),
                Visibility::Published,
            )?
            .unwrap();
            assert_eq!(piece.series_number, Some(3344));
            assert_eq!(piece.content_type.unwrap().name, "PolicyWatch");
            assert_eq!(piece.authors.len(), 3);
            assert_eq!(piece.published_on, None);
            Ok(())
        })
        .unwrap();
}
