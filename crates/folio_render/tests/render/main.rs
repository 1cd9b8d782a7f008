//! Rendering every page type, and the rules the theme keeps.

mod locales;
mod strings;
mod theme;

use std::sync::Arc;

use folio_config::Config;
use folio_core::{
    Article, ArticleId, ArticleStatus, ArticleSummary, ContentType, ContentTypeId, Expert,
    ExpertId, ExpertListing, ExpertRef, LanguageCode, Paged, Program, ProgramId, Recommendation,
    RecommendedItem, Slug, Syndication, SyndicationRelation, Term, TermId, TermKind, TermListing,
    Timestamp, Translation,
};
use folio_render::{ErrorKind, Renderer};

pub fn renderer() -> Renderer {
    Renderer::new(Arc::new(Config::defaults())).unwrap()
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

fn lang(code: &str) -> LanguageCode {
    LanguageCode::parse(code).unwrap()
}

fn expert() -> Expert {
    Expert {
        id: ExpertId(1),
        slug: slug("anna-borshchevskaya"),
        name: "Anna Borshchevskaya".into(),
        bio: "Anna Borshchevskaya is a senior fellow.".into(),
        programs: vec![Program {
            id: ProgramId(1),
            slug: slug("great-power-program"),
            name: "Great Power Program".into(),
        }],
        portrait: None,
    }
}

fn term(kind: TermKind, s: &str, name: &str) -> Term {
    Term {
        id: TermId(1),
        kind,
        language: lang("en"),
        slug: slug(s),
        name: name.into(),
    }
}

fn summary(s: &str, title: &str) -> ArticleSummary {
    ArticleSummary {
        id: ArticleId(9),
        language: lang("en"),
        slug: slug(s),
        title: title.into(),
        deck: "A deck.".into(),
        content_type: Some(ContentType {
            id: ContentTypeId(1),
            slug: slug("brief-analysis"),
            name: "Brief Analysis".into(),
        }),
        series_number: None,
        published_on: Some("2024-04-05".parse().unwrap()),
        authors: vec![ExpertRef {
            id: folio_core::ExpertId(1),
            slug: slug("anna-borshchevskaya"),
            name: "Anna Borshchevskaya".into(),
        }],
        status: ArticleStatus::Published,
    }
}

fn article() -> Article {
    Article {
        id: ArticleId(1),
        language: lang("en"),
        slug: slug("putin-no-ally-war-terror-2024"),
        title: "Putin Is No Ally <in> the War on Terror".into(),
        deck: "The Kremlin's legacy & ties.".into(),
        body_markdown:
            "With **bold** and a [link](https://example.org).\n\n<script>alert(1)</script>".into(),
        body_is_excerpt: false,
        content_type: Some(ContentType {
            id: ContentTypeId(2),
            slug: slug("policywatch"),
            name: "PolicyWatch".into(),
        }),
        series_number: Some(3344),
        published_on: Some("2024-04-05".parse().unwrap()),
        authors: vec![expert()],
        topics: vec![term(TermKind::Topic, "terrorism", "Terrorism")],
        regions: vec![term(TermKind::Region, "middle-east", "Middle East")],
        author_note_markdown:
            "Originally published on [19FortyFive](https://www.19fortyfive.com/).".into(),
        status: ArticleStatus::Published,
        syndications: vec![Syndication {
            relation: SyndicationRelation::AlsoPublishedIn,
            outlet: "19Forty-Five".into(),
            url: Some("https://www.19fortyfive.com/".into()),
        }],
        recommended: vec![Recommendation {
            item: RecommendedItem {
                language: lang("en"),
                slug: slug("libyas-renewed-legitimacy-crisis"),
                title: "Libya’s Renewed Legitimacy Crisis".into(),
                type_label: Some("Brief Analysis".into()),
                published_on: Some("2022-02-14".parse().unwrap()),
                author_names: vec!["Ben Fishman".into()],
            },
            article: None,
        }],
        translations: vec![Translation {
            language: lang("ar"),
            slug: slug("tarykh"),
            title: Some("تاريخ".into()),
        }],
        translation_group: None,
        body_images: Vec::new(),
        created_at: Timestamp::UNIX_EPOCH,
        updated_at: Timestamp::UNIX_EPOCH,
    }
}

fn paged<T>(items: Vec<T>, total: u64, page: u32) -> Paged<T> {
    Paged {
        items,
        total,
        page,
        per_page: 1,
    }
}

#[test]
fn the_article_page_has_every_block_in_the_seed_order_and_escapes_text() {
    let r = renderer();
    let html = r
        .article(r.config().default_language(), &article())
        .unwrap();
    let blocks = [
        "<h1 class=\"article__title\">Putin Is No Ally &lt;in&gt; the War on Terror</h1>",
        "href=\"/experts/anna-borshchevskaya\"",
        "<time datetime=\"2024-04-05\">Apr 5, 2024</time>",
        "Also available in",
        "href=\"/ar/policy-analysis/tarykh\"",
        "Also published in",
        "19Forty-Five",
        "About the authors",
        "Anna Borshchevskaya is a senior fellow.",
        "PolicyWatch 3344",
        "The Kremlin&#39;s legacy &amp; ties.",
        "<strong>bold</strong>",
        "Originally published on",
        "Recommended",
        "Libya’s Renewed Legitimacy Crisis",
        "Ben Fishman",
        "href=\"/policy-analysis/terrorism\"",
        "href=\"/policy-analysis/middle-east\"",
    ];
    let mut last = 0;
    for block in blocks {
        let at = html[last..]
            .find(block)
            .unwrap_or_else(|| panic!("{block:?} missing or out of order in:\n{html}"));
        last += at;
    }
    assert!(
        !html.contains("<script>"),
        "raw HTML in Markdown is escaped"
    );
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"ar\""));
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
}

#[test]
fn an_article_has_breadcrumbs_share_links_a_print_address_and_more_lists() {
    let r = renderer();
    let more = folio_render::ArticleMore {
        by_first_author: vec![summary("russias-record", "Russia's Record")],
        on_first_topic: vec![summary("hezbollah-networks", "Hezbollah & Networks")],
    };
    let html = r
        .article_with_more(r.config().default_language(), &article(), &more)
        .unwrap();
    // Home, analysis, the first topic, the page itself.
    let crumbs = &html[html.find("class=\"breadcrumbs").unwrap()..html.find("</ol>").unwrap()];
    for (at, href) in ["/", "/policy-analysis", "/policy-analysis/terrorism"]
        .iter()
        .enumerate()
    {
        assert!(
            crumbs.contains(&format!("<a href=\"{href}\">")),
            "crumb {at}: {crumbs}"
        );
    }
    assert!(crumbs.contains(
        "<a href=\"/policy-analysis/putin-no-ally-war-terror-2024\" aria-current=\"page\"><bdi>Putin Is No Ally &lt;in&gt; the War on Terror</bdi></a>"
    ));
    // Share links carry the address and title percent-encoded: nothing of
    // the title can leave the attribute.
    assert!(html.contains(
        "href=\"mailto:?subject=Putin%20Is%20No%20Ally%20%3Cin%3E%20the%20War%20on%20Terror&amp;body=http%3A%2F%2F127.0.0.1%3A8080%2Fpolicy-analysis%2Fputin-no-ally-war-terror-2024\""
    ));
    assert!(html.contains(
        "<a class=\"share__copy\" href=\"http://127.0.0.1:8080/policy-analysis/putin-no-ally-war-terror-2024\""
    ));
    assert!(html.contains("Read online at <span dir=\"ltr\">http://127.0.0.1:8080/policy-analysis/putin-no-ally-war-terror-2024</span>"));
    assert!(html.contains("More from <bdi>Anna Borshchevskaya</bdi>"));
    assert!(html.contains("href=\"/policy-analysis/russias-record\">Russia&#39;s Record</a>"));
    assert!(html.contains("More on <bdi>Terrorism</bdi>"));
    assert!(html.contains("Hezbollah &amp; Networks"));
    assert!(html.contains("All analysis on <bdi>Terrorism</bdi>"));
    // Without lists, no empty blocks.
    let plain = r
        .article(r.config().default_language(), &article())
        .unwrap();
    assert!(!plain.contains("article__more"));
}

#[test]
fn an_arabic_page_is_right_to_left_with_arabic_dates_and_labels() {
    let r = renderer();
    let mut arabic = article();
    arabic.language = lang("ar");
    let html = r
        .article(r.config().language("ar").unwrap(), &arabic)
        .unwrap();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert!(html.contains("5 نيسان/أبريل 2024"), "{html}");
    assert!(html.contains("عن المؤلفين"));
    assert!(html.contains("href=\"/ar/experts/anna-borshchevskaya\""));
}

fn results(total: u64, page: u32) -> folio_search::SearchResults {
    let mut facets = std::collections::BTreeMap::new();
    facets.insert(
        folio_search::FacetKind::Region,
        vec![folio_search::FacetValue {
            value: "syria".into(),
            label: "Syria".into(),
            count: 2,
            selected: true,
        }],
    );
    folio_search::SearchResults {
        total,
        page,
        per_page: 1,
        hits: vec![folio_search::SearchHit {
            id: 9,
            language: "en".into(),
            slug: "a-piece".into(),
            title: "A Piece".into(),
            title_html: "A <mark>Piece</mark>".into(),
            snippet_html: "the &lt;best&gt; <mark>piece</mark>".into(),
            deck: String::new(),
            content_type: Some("brief-analysis".into()),
            series_number: None,
            type_label: Some("Brief Analysis".into()),
            published_on: Some("2024-04-05".into()),
            authors: vec![folio_search::AuthorHit {
                slug: "anna-borshchevskaya".into(),
                name: "Anna Borshchevskaya".into(),
            }],
            score: 1.0,
        }],
        facets,
        suggestion: None,
        took: std::time::Duration::from_micros(800),
    }
}

fn search_page<'a>(
    base: &str,
    params: &[(&str, &str)],
    results: &'a folio_search::SearchResults,
) -> folio_render::SearchPage<'a> {
    folio_render::SearchPage {
        base_path: base.into(),
        params: params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        text: params
            .iter()
            .find(|(k, _)| *k == "q")
            .map(|(_, v)| (*v).to_owned())
            .unwrap_or_default(),
        from: None,
        to: None,
        sort: folio_search::Sort::Relevance,
        results,
        fixed: vec![],
        is_search: base.ends_with("/search"),
    }
}

#[test]
fn listings_paginate_with_page_numbers_and_keep_their_filters() {
    let r = renderer();
    let en = r.config().default_language();
    let results = results(3, 2);
    let html = r
        .analysis(
            en,
            &search_page("/policy-analysis", &[("region", "syria")], &results),
        )
        .unwrap();
    assert!(html.contains("Page 2 of 3"), "{html}");
    assert!(
        html.contains("href=\"/policy-analysis?region=syria\" rel=\"prev\""),
        "{html}"
    );
    assert!(html.contains("href=\"/policy-analysis?region=syria&amp;page=3\" rel=\"next\""));
    assert!(html.contains("aria-current=\"page\""));
    assert!(
        html.contains("A <mark>Piece</mark>"),
        "highlighted titles are markup"
    );
    assert!(
        html.contains("the &lt;best&gt; <mark>piece</mark>"),
        "snippets arrive escaped and stay so"
    );
    assert!(html.contains("href=\"/policy-analysis\" aria-label=\"Remove the filter “Syria”\""));
}

#[test]
fn every_page_type_renders() {
    let r = renderer();
    let en = r.config().default_language();
    let articles = paged(vec![summary("a-piece", "A Piece")], 1, 1);
    let found = results(1, 1);
    let topic = term(TermKind::Topic, "terrorism", "Terrorism");
    let listings = [TermListing {
        term: topic.clone(),
        article_count: 4,
    }];
    let experts = paged(
        vec![ExpertListing {
            expert: expert(),
            article_count: 2,
        }],
        1,
        1,
    );
    let pages = [
        (
            "home",
            r.home(en, &articles.items, &listings, &[], &experts.items, &[])
                .unwrap(),
        ),
        (
            "term",
            r.term(
                en,
                &topic,
                &[],
                &search_page("/policy-analysis/terrorism", &[], &found),
            )
            .unwrap(),
        ),
        ("terms", r.terms(en, TermKind::Topic, &listings).unwrap()),
        (
            "expert",
            r.expert(
                en,
                &expert(),
                &search_page("/experts/anna-borshchevskaya", &[], &found),
            )
            .unwrap(),
        ),
        (
            "search",
            r.search(en, &search_page("/search", &[("q", "piece")], &found))
                .unwrap(),
        ),
        ("experts", r.experts(en, &experts).unwrap()),
        (
            "program",
            r.program(en, &expert().programs[0], &[], &articles)
                .unwrap(),
        ),
        ("programs", r.programs(en, &expert().programs).unwrap()),
        (
            "reference",
            r.reference(
                en,
                &folio_core::ArticleReference {
                    item: article().recommended[0].item.clone(),
                    recommended_by: articles.items.clone(),
                },
            )
            .unwrap(),
        ),
        ("404", r.error(en, ErrorKind::NotFound).unwrap()),
    ];
    for (name, html) in pages {
        assert!(html.starts_with("<!doctype html>"), "{name}");
        assert!(html.contains("<main id=\"main\""), "{name}");
        assert!(html.trim_end().ends_with("</html>"), "{name}");
    }
}

#[test]
fn arabic_plurals_use_every_form() {
    let r = renderer();
    let locales = r.locales();
    let count = |n: i64| {
        let args = folio_render::fluent_args([("count", fluent_bundle::FluentValue::from(n))]);
        locales.text("ar", "experts-count", Some(&args))
    };
    assert_eq!(count(1), "خبير واحد");
    assert_eq!(count(2), "خبيران");
    assert_eq!(count(3), "3 خبراء");
    assert_eq!(count(11), "11 خبيراً");
    assert_eq!(count(100), "100 خبير");
}

#[test]
fn a_byline_joins_names_the_way_the_page_language_joins_a_list() {
    let r = renderer();
    let mut piece = article();
    let named = |id, s: &str, name: &str| Expert {
        id: ExpertId(id),
        slug: slug(s),
        name: name.into(),
        ..expert()
    };
    piece.authors = vec![
        expert(),
        named(2, "dana-stroul", "Dana <Stroul>"),
        named(3, "aaron-o-brien", "Aaron O'Brien"),
    ];
    let html = r.article(r.config().default_language(), &piece).unwrap();
    assert!(
        html.contains(
            "<a href=\"/experts/anna-borshchevskaya\"><bdi>Anna Borshchevskaya</bdi></a>, \
             <a href=\"/experts/dana-stroul\"><bdi>Dana &lt;Stroul&gt;</bdi></a> and \
             <a href=\"/experts/aaron-o-brien\"><bdi>Aaron O&#39;Brien</bdi></a></p>"
        ),
        "{html}"
    );
    piece.language = lang("ar");
    piece.authors.truncate(2);
    let html = r
        .article(r.config().language("ar").unwrap(), &piece)
        .unwrap();
    assert!(
        html.contains("<bdi>Anna Borshchevskaya</bdi></a> و<a href=\"/ar/experts/dana-stroul\">"),
        "{html}"
    );
}
