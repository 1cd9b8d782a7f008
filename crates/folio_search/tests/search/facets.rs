//! Facet counts on the fixture site, single and combined.

use folio_search::{FacetKind, SearchQuery};

use crate::*;

fn pairs(values: &[(&str, u64)]) -> Vec<(String, u64)> {
    values.iter().map(|(v, c)| ((*v).to_owned(), *c)).collect()
}

#[test]
fn every_facet_counts_the_english_archive() {
    let site = Site::with_fixtures();
    let results = site.search(&english().with_per_page(50));
    assert_eq!(results.total, 9);
    assert_eq!(
        counts(&results, FacetKind::Topic),
        pairs(&[
            ("military-security", 4),
            ("terrorism", 4),
            ("great-power-competition", 2),
            ("energy-economics", 1),
            ("iran-nuclear", 1),
            ("proxies-militias", 1),
        ])
    );
    assert_eq!(
        counts(&results, FacetKind::Region),
        pairs(&[
            ("lebanon", 3),
            ("gulf-states", 2),
            ("syria", 2),
            ("iran", 1),
            ("iraq", 1),
            ("middle-east", 1),
        ])
    );
    assert_eq!(
        counts(&results, FacetKind::Type),
        pairs(&[
            ("brief-analysis", 4),
            ("articles-testimony", 3),
            ("policywatch", 2)
        ])
    );
    assert_eq!(
        counts(&results, FacetKind::Year),
        pairs(&[("2024", 5), ("2023", 1), ("2021", 1), ("2017", 1)]),
        "years newest first; the undated piece has no year"
    );
    let experts = counts(&results, FacetKind::Expert);
    assert_eq!(
        &experts[..2],
        &pairs(&[("anna-borshchevskaya", 3), ("dana-stroul", 3)])[..]
    );
    assert_eq!(experts.len(), 7);
    assert_eq!(
        counts(&results, FacetKind::Outlet),
        pairs(&[
            ("19forty-five", 1),
            ("foreign-affairs", 1),
            ("foreign-policy", 1)
        ])
    );
    assert_eq!(
        counts(&results, FacetKind::Language),
        pairs(&[("en", 9), ("ar", 2)]),
        "a selected facet is counted without its own filter"
    );
    let topic = &results.facets[&FacetKind::Topic][0];
    assert_eq!(topic.label, "Military & Security");
}

#[test]
fn filters_combine_across_facets_and_within_one() {
    let site = Site::with_fixtures();
    let lebanon_terrorism = english()
        .with_filter(FacetKind::Region, "lebanon")
        .with_filter(FacetKind::Topic, "terrorism");
    let results = site.search(&lebanon_terrorism);
    let mut slugs: Vec<String> = results.hits.iter().map(|h| h.slug.clone()).collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "hezbollahs-financial-networks-after-beirut-port-blast",
            "lebanons-hezbollah-and-syrian-regime-after-assads-fall"
        ]
    );
    // Topic counts ignore the topic filter but keep the region filter.
    assert_eq!(
        counts(&results, FacetKind::Topic),
        [
            ("terrorism".to_owned(), 2),
            ("energy-economics".to_owned(), 1)
        ]
    );
    assert!(results.facets[&FacetKind::Topic][0].selected);

    let either = english()
        .with_filter(FacetKind::Region, "syria")
        .with_filter(FacetKind::Region, "iran");
    assert_eq!(
        site.search(&either).total,
        3,
        "values of one facet are alternatives"
    );
}

#[test]
fn date_ranges_and_sorting() {
    let site = Site::with_fixtures();
    let mut query = english();
    query.from = Some("2023-01-01".parse().unwrap());
    query.to = Some("2024-01-31".parse().unwrap());
    let slugs = site.slugs(&query);
    assert_eq!(
        slugs,
        [
            "russia-and-china-gulf-great-power-competition-comes-region",
            "administrations-new-defense-posture-gulf-rests-partners-carrying-more-load",
            "irans-nuclear-advance-and-limits-diplomacy",
        ],
        "newest first by default without words"
    );
    query.sort = folio_search::Sort::Oldest;
    assert_eq!(
        site.slugs(&query)[0],
        "irans-nuclear-advance-and-limits-diplomacy"
    );
}

#[test]
fn pages_of_results() {
    let site = Site::with_fixtures();
    let mut query = english();
    query.per_page = 4;
    query.page = 3;
    let results = site.search(&query);
    assert_eq!(results.total, 9);
    assert_eq!(results.page_count(), 3);
    assert_eq!(results.hits.len(), 1);
    let _ = SearchQuery::default();
}

#[test]
fn the_newest_on_a_topic_are_the_first_of_its_listing() {
    let site = Site::with_fixtures();
    let ids = |query: &SearchQuery, limit| site.index().newest_ids(query, limit).unwrap();
    let listing_ids = |query: &SearchQuery| -> Vec<i64> {
        site.search(&query.clone().with_per_page(50))
            .hits
            .iter()
            .map(|h| h.id)
            .collect()
    };
    let on_terrorism = english().with_filter(FacetKind::Topic, "terrorism");
    let listed = listing_ids(&on_terrorism);
    assert_eq!(listed.len(), 4);
    assert_eq!(ids(&on_terrorism, 3), listed[..3]);
    assert_eq!(
        ids(&on_terrorism, 10),
        listed,
        "an undated piece comes last"
    );
    // Without a language filter, every language's pieces count.
    let any_language = SearchQuery::new("").with_filter(FacetKind::Type, "brief-analysis");
    let everywhere = ids(&any_language, 10);
    assert_eq!(everywhere, listing_ids(&any_language));
    assert!(everywhere.len() >= 4, "{everywhere:?}");
    // A language no piece is in finds nothing.
    let french = SearchQuery::new("")
        .with_filter(FacetKind::Language, "fr")
        .with_filter(FacetKind::Topic, "terrorism");
    assert!(ids(&french, 3).is_empty());
}

#[test]
fn a_listing_is_read_page_by_page_from_one_order_until_the_index_changes() {
    let site = Site::with_fixtures();
    let whole = site.slugs(&english().with_per_page(50));
    assert_eq!(whole.len(), 9);
    let mut paged = Vec::new();
    for page in 1..=5 {
        let mut query = english().with_per_page(2);
        query.page = page;
        let results = site.search(&query);
        assert_eq!(results.total, 9);
        assert_eq!(
            counts(&results, FacetKind::Topic)[..2],
            pairs(&[("military-security", 4), ("terrorism", 4)]),
            "every page counts the whole listing"
        );
        paged.extend(results.hits.into_iter().map(|h| h.slug));
    }
    assert_eq!(paged, whole);

    // A new piece: the kept order and counts are not served any more.
    site.save(&piece_of_2030(
        "newest-on-terrorism",
        "The Newest on Terrorism",
        "",
    ));
    let mut second_page = english().with_per_page(2);
    second_page.page = 2;
    assert_eq!(site.search(&second_page).total, 10);
    assert_eq!(
        site.slugs(&english().with_per_page(1)),
        ["newest-on-terrorism"]
    );
    assert_eq!(
        site.slugs(&second_page),
        whole[1..3],
        "the rest moved down by one"
    );
}

#[test]
fn a_listing_hit_follows_edits_and_never_stands_in_for_a_search_hit() {
    let site = Site::with_fixtures();
    let mut input = piece_of_2030(
        "sanctions-on-terrorism",
        "Sanctions on Terrorism",
        "What the new sanctions do.",
    );
    site.save(&input);
    let first = |query: &SearchQuery| site.search(query).hits.remove(0);
    let listed = first(&english().with_per_page(1));
    assert_eq!(listed.title_html, "Sanctions on Terrorism");
    assert_eq!(listed.snippet_html, "What the new sanctions do.");
    // The same piece on another listing is the same hit.
    let on_its_own = first(
        &english()
            .with_per_page(1)
            .with_filter(FacetKind::Year, "2030"),
    );
    assert_eq!(on_its_own, listed);
    // A search highlights its words: the listing's plain hit is not reused.
    let searched = first(&SearchQuery::new("sanctions").with_per_page(1));
    assert_eq!(searched.slug, "sanctions-on-terrorism");
    assert!(
        searched.title_html.contains("<mark>"),
        "{}",
        searched.title_html
    );

    // Edited: every listing shows the new title.
    input.title = "Sanctions, Revisited".into();
    site.save(&input);
    assert_eq!(
        first(&english().with_per_page(1)).title_html,
        "Sanctions, Revisited"
    );
    assert_eq!(
        first(
            &english()
                .with_per_page(1)
                .with_filter(FacetKind::Year, "2030")
        )
        .title,
        "Sanctions, Revisited"
    );
}
