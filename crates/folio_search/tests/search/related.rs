//! Related analysis: relevant, never itself, a translation or a draft.

use folio_core::{LanguageCode, Slug};
use folio_db::Visibility;
use folio_search::RelatedRequest;

use crate::*;

fn request_for(site: &Site, language: &str, slug: &str, limit: usize) -> RelatedRequest {
    let language = LanguageCode::parse(language).unwrap();
    let article = site
        .store
        .read(|c| {
            folio_db::article_by_path(
                c,
                &language,
                &Slug::parse(slug).unwrap(),
                Visibility::Published,
            )
        })
        .unwrap()
        .unwrap();
    RelatedRequest::for_article(&article, limit)
}

fn related_slugs(site: &Site, request: &RelatedRequest) -> Vec<String> {
    let ids: Vec<i64> = site
        .index()
        .related(request)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect();
    site.store
        .read(|c| {
            ids.iter()
                .map(|&id| {
                    Ok(
                        folio_db::article_by_id(c, folio_core::ArticleId(id), Visibility::All)?
                            .unwrap()
                            .slug
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap()
}

#[test]
fn pieces_on_the_same_subject_come_first_and_never_the_piece_itself() {
    let site = Site::with_fixtures();
    let request = request_for(
        &site,
        "en",
        "hezbollahs-financial-networks-after-beirut-port-blast",
        3,
    );
    let related = related_slugs(&site, &request);
    assert_eq!(related.len(), 3);
    assert_eq!(
        related[0], "lebanons-hezbollah-and-syrian-regime-after-assads-fall",
        "{related:?}"
    );
    assert!(!related.contains(&"hezbollahs-financial-networks-after-beirut-port-blast".to_owned()));
}

#[test]
fn shared_experts_count() {
    let site = Site::with_fixtures();
    let request = request_for(&site, "en", "putin-no-ally-war-terror-2024", 2);
    let related = related_slugs(&site, &request);
    assert!(
        related.contains(&"russia-and-china-gulf-great-power-competition-comes-region".to_owned()),
        "same expert, same topic: {related:?}"
    );
}

#[test]
fn translations_and_already_picked_pieces_are_left_out() {
    let site = Site::with_fixtures();
    let mut request = request_for(&site, "ar", "hzb-allh-wtmwyl-alarhab-fy-lbnan", 5);
    let related = related_slugs(&site, &request);
    assert!(
        !related.iter().any(|s| s.starts_with("hezbollahs")),
        "never its English original"
    );
    assert_eq!(
        related,
        ["tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb"]
    );

    let english = request_for(
        &site,
        "en",
        "hezbollahs-financial-networks-after-beirut-port-blast",
        5,
    );
    let first = site.index().related(&english).unwrap()[0].id;
    request = english;
    request.exclude = vec![first];
    let again = site.index().related(&request).unwrap();
    assert!(
        again.iter().all(|h| h.id != first),
        "editors' picks are not repeated"
    );
}

#[test]
fn only_pieces_in_the_article_s_language_are_relatives() {
    // French has no text fields of its own: it shares the English ones, so
    // a French copy of an English piece matches every one of its words.
    // Both are indexed at once, so one segment holds both languages.
    let site = Site::with_fixtures_and(|store| {
        let english = store
            .read(|c| {
                folio_db::article_by_path(
                    c,
                    &LanguageCode::english(),
                    &Slug::parse("hezbollahs-financial-networks-after-beirut-port-blast").unwrap(),
                    Visibility::Published,
                )
            })
            .unwrap()
            .unwrap();
        let mut french = piece_of_2030("hezbollah-en-francais", &english.title, &english.deck);
        french.language = LanguageCode::parse("fr").unwrap();
        french.body_markdown = english.body_markdown.clone();
        let now = folio_core::Timestamp::from_second(1_700_000_000).unwrap();
        store
            .write(|c| folio_db::save_article(c, &french, now))
            .unwrap();
    });
    let english = request_for(
        &site,
        "en",
        "hezbollahs-financial-networks-after-beirut-port-blast",
        5,
    );
    let related = related_slugs(&site, &english);
    assert!(!related.is_empty());
    assert!(
        !related.contains(&"hezbollah-en-francais".to_owned()),
        "{related:?}"
    );
    let french = request_for(&site, "fr", "hezbollah-en-francais", 5);
    assert_eq!(related_slugs(&site, &french), Vec::<String>::new());
}

#[test]
fn the_same_article_always_gets_the_same_relatives() {
    // Among equally telling words the query picks by the word, not by hash
    // order: an unchanged page must not change from one export to the next.
    let site = Site::with_fixtures();
    for slug in [
        "putin-no-ally-war-terror-2024",
        "hezbollahs-financial-networks-after-beirut-port-blast",
    ] {
        let request = request_for(&site, "en", slug, 5);
        let first = site.index().related(&request).unwrap();
        assert!(!first.is_empty());
        for _ in 0..20 {
            assert_eq!(site.index().related(&request).unwrap(), first, "{slug}");
        }
    }
}

#[test]
fn a_word_counts_as_rare_by_the_index_as_it_is_now() {
    let site = Site::with_fixtures();
    let request = RelatedRequest {
        language: "en".into(),
        deck: "Zephyrine cartels".into(),
        limit: 3,
        ..RelatedRequest::default()
    };
    // No piece has the word: nothing is like this one.
    assert_eq!(related_slugs(&site, &request), Vec::<String>::new());

    // Two pieces use it: both are its relatives, although how many pieces
    // held the word was read (and kept) before they came.
    for slug in ["zephyrine-one", "zephyrine-two"] {
        site.save(&piece_of_2030(slug, "A new piece", "Zephyrine cartels"));
    }
    let mut related = related_slugs(&site, &request);
    related.sort();
    assert_eq!(related, ["zephyrine-one", "zephyrine-two"]);
}
