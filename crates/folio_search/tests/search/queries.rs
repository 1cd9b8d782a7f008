//! Phrases, prefixes, stemming, snippets, suggestions, drafts.

use folio_core::{ArticleInput, ArticleStatus, LanguageCode, Slug, Timestamp};
use folio_search::SearchQuery;

use crate::*;

#[test]
fn words_are_stemmed_and_ranked_by_where_they_match() {
    let site = Site::with_fixtures();
    let results = site.search(&SearchQuery::new("terrorist"));
    assert!(
        results.total >= 2,
        "terrorist meets terrorism: {}",
        results.total
    );
    let results = site.search(&SearchQuery::new("diplomacy"));
    assert_eq!(
        results.hits[0].slug, "irans-nuclear-advance-and-limits-diplomacy",
        "a title match ranks first"
    );
}

#[test]
fn phrases_match_words_in_order_only() {
    let site = Site::with_fixtures();
    let phrase = site.slugs(&SearchQuery::new("\"great power competition\""));
    assert!(
        phrase.contains(&"russia-and-china-gulf-great-power-competition-comes-region".to_owned())
    );
    assert!(
        site.slugs(&SearchQuery::new("\"competition power great\""))
            .is_empty()
    );
}

#[test]
fn the_last_word_is_a_prefix_for_type_ahead() {
    let site = Site::with_fixtures();
    let mut query = SearchQuery::new("hezbol");
    assert!(
        site.slugs(&query).is_empty(),
        "without prefix, a part of a word is not a word"
    );
    query.prefix = true;
    let mut slugs = site.slugs(&query);
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "hezbollahs-financial-networks-after-beirut-port-blast",
            "lebanons-hezbollah-and-syrian-regime-after-assads-fall",
            "putin-no-ally-war-terror-2024",
            "russias-questionable-counterterrorism-record",
        ],
        "every piece with a word starting hezbol"
    );
    let mut query = SearchQuery::new("syrian reg");
    query.prefix = true;
    assert_eq!(
        site.slugs(&query),
        ["lebanons-hezbollah-and-syrian-regime-after-assads-fall"]
    );
}

#[test]
fn snippets_mark_the_matched_words_and_escape_the_rest() {
    let site = Site::with_fixtures();
    let hit = &site.search(&SearchQuery::new("exchange houses")).hits[0];
    assert!(
        hit.snippet_html
            .contains("<mark>exchange</mark> <mark>houses</mark>"),
        "{}",
        hit.snippet_html
    );
    let hit = &site.search(&SearchQuery::new("diplomacy")).hits[0];
    assert_eq!(
        hit.title_html,
        "Iran’s Nuclear Advance and the Limits of <mark>Diplomacy</mark>"
    );
    assert_eq!(hit.authors[0].name, "Dana Stroul");
    assert_eq!(hit.type_label.as_deref(), Some("PolicyWatch 3512"));
    assert_eq!(hit.published_on.as_deref(), Some("2023-06-02"));
}

#[test]
fn a_misspelt_query_gets_a_suggestion() {
    let site = Site::with_fixtures();
    let results = site.search(&SearchQuery::new("hezbolah networks"));
    assert_eq!(results.total, 0);
    assert_eq!(results.suggestion.as_deref(), Some("hezbollah networks"));
    let results = site.search(&SearchQuery::new("zzqxv"));
    assert_eq!(results.suggestion, None, "nothing close: no suggestion");
}

#[test]
fn odd_input_never_fails_a_search() {
    let site = Site::with_fixtures();
    for text in [
        "\"unbalanced",
        "AND OR",
        "title:",
        "((",
        "*",
        "-",
        "~~~",
        "\u{0}",
    ] {
        site.index().search(&SearchQuery::new(text)).unwrap();
    }
}

#[test]
fn drafts_are_never_found_and_unpublishing_removes_a_piece() {
    let site = Site::with_fixtures();
    let now = Timestamp::from_second(1_700_000_000).unwrap();
    let mut input = ArticleInput {
        language: LanguageCode::english(),
        slug: Slug::parse("zanzibar-draft").unwrap(),
        title: "The Zanzibar Question".into(),
        deck: String::new(),
        body_markdown: "A draft about Zanzibar.".into(),
        body_is_excerpt: false,
        content_type: None,
        series_number: None,
        published_on: None,
        authors: vec![],
        topics: vec![],
        regions: vec![],
        author_note_markdown: String::new(),
        status: ArticleStatus::Draft,
        syndications: vec![],
        recommended: vec![],
        translations: vec![],
    };
    site.store
        .write(|c| folio_db::save_article(c, &input, now))
        .unwrap();
    site.sync.catch_up().unwrap();
    assert_eq!(
        site.search(&SearchQuery::new("zanzibar")).total,
        0,
        "a draft is not found"
    );

    input.status = ArticleStatus::Published;
    site.store
        .write(|c| folio_db::save_article(c, &input, now))
        .unwrap();
    site.sync.catch_up().unwrap();
    assert_eq!(
        site.search(&SearchQuery::new("zanzibar")).total,
        1,
        "published: found"
    );

    input.status = ArticleStatus::Archived;
    site.store
        .write(|c| folio_db::save_article(c, &input, now))
        .unwrap();
    site.sync.catch_up().unwrap();
    assert_eq!(
        site.search(&SearchQuery::new("zanzibar")).total,
        0,
        "unpublished: gone"
    );
}
