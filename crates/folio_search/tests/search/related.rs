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
    // English pieces match a French article's words and must be ruled out.
    let site = Site::with_fixtures();
    let mut request = request_for(
        &site,
        "en",
        "hezbollahs-financial-networks-after-beirut-port-blast",
        5,
    );
    assert!(!related_slugs(&site, &request).is_empty());
    request.language = "fr".to_owned();
    request.id = 0;
    request.translation_group = None;
    assert_eq!(related_slugs(&site, &request), Vec::<String>::new());
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
