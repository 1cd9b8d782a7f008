//! Atom, RSS and JSON feeds, read back with an independent parser
//! (feed-rs), and their discovery links.

use axum::http::StatusCode;
use feed_rs::model::{Entry, Feed, FeedType};

use crate::TestApp;

const BASE: &str = "http://127.0.0.1:8080";
const PUTIN: &str = "Putin Is No Ally in the War on Terror in 2024";

/// Fetches a feed, checks its content type, and parses it with feed-rs.
async fn feed(app: &TestApp, path: &str) -> Feed {
    let response = app.get(path).await;
    assert_eq!(response.status, StatusCode::OK, "{path}: {}", response.body);
    let content_type = response.headers["content-type"].to_str().unwrap();
    let expected = match path.rsplit('.').next().unwrap() {
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "json" => "application/feed+json",
        other => panic!("not a feed path: {other}"),
    };
    assert!(content_type.starts_with(expected), "{path}: {content_type}");
    feed_rs::parser::parse(response.body.as_bytes())
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{}", response.body))
}

fn titles(feed: &Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect()
}

fn entry<'a>(feed: &'a Feed, title: &str) -> &'a Entry {
    feed.entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == title))
        .unwrap_or_else(|| panic!("no entry {title:?} in {:?}", titles(feed)))
}

#[tokio::test]
async fn the_site_feed_parses_in_every_format_with_titles_dates_authors_and_links() {
    let app = TestApp::with_fixtures();
    for (path, kind) in [
        ("/feed.atom", FeedType::Atom),
        ("/feed.rss", FeedType::RSS2),
        ("/feed.json", FeedType::JSON),
    ] {
        let feed = feed(&app, path).await;
        assert_eq!(feed.feed_type, kind, "{path}");
        assert_eq!(
            feed.title.as_ref().unwrap().content,
            "Folio Institute for Policy Analysis",
            "{path}"
        );
        // Newest first; English only; the undated piece last.
        let titles = titles(&feed);
        assert_eq!(titles[0], PUTIN, "{path}");
        assert_eq!(
            titles.last().unwrap(),
            "Iran’s Proxies After the Gaza War: What Washington Should Expect",
            "{path}"
        );
        assert_eq!(titles.len(), 5, "{path}: {titles:?}");

        let putin = entry(&feed, PUTIN);
        let url = format!("{BASE}/policy-analysis/putin-no-ally-war-terror-2024");
        assert_eq!(putin.links[0].href, url, "{path}");
        assert!(putin.id.contains("putin-no-ally-war-terror-2024"), "{path}");
        // Midnight in the site's time zone (New York, daylight time).
        assert_eq!(
            putin.published.unwrap().to_rfc3339(),
            "2024-04-05T04:00:00+00:00",
            "{path}"
        );
        let authors: Vec<&str> = putin.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(authors, ["Anna Borshchevskaya"], "{path}");
        let categories: Vec<&str> = putin.categories.iter().map(|c| c.term.as_str()).collect();
        assert!(categories.contains(&"Terrorism"), "{path}: {categories:?}");
        assert!(
            categories.contains(&"Articles & Testimony"),
            "{path}: {categories:?}"
        );
        let content = putin.content.as_ref().and_then(|c| c.body.clone()).unwrap();
        assert!(content.contains("Crocus City Hall"), "{path}");
        assert!(
            content.contains(r#"href="https://www.19fortyfive.com/"#),
            "{path}"
        );

        let several = entry(
            &feed,
            "Iran’s Proxies After the Gaza War: What Washington Should Expect",
        );
        let authors: Vec<&str> = several.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(authors.len(), 3, "{path}: {authors:?}");
        assert!(several.published.is_none(), "{path}: undated stays undated");
    }
}

#[tokio::test]
async fn each_topic_region_expert_type_and_language_has_its_feed() {
    let app = TestApp::with_fixtures();
    let terrorism = feed(&app, "/policy-analysis/terrorism/feed.atom").await;
    assert_eq!(
        terrorism.title.as_ref().unwrap().content,
        "Terrorism | Folio Institute for Policy Analysis"
    );
    assert!(!terrorism.entries.is_empty());
    for entry in &terrorism.entries {
        assert!(
            entry.categories.iter().any(|c| c.term == "Terrorism"),
            "{:?}",
            entry.title
        );
    }

    let region = feed(&app, "/policy-analysis/middle-east/feed.rss").await;
    assert!(titles(&region).contains(&PUTIN.to_owned()));

    let expert = feed(&app, "/experts/michael-knights/feed.json").await;
    assert_eq!(
        titles(&expert),
        ["Iran’s Proxies After the Gaza War: What Washington Should Expect"]
    );

    let policy_watch = feed(&app, "/types/policywatch/feed.atom").await;
    assert_eq!(
        titles(&policy_watch),
        ["Iran’s Proxies After the Gaza War: What Washington Should Expect"]
    );

    let arabic = feed(&app, "/ar/feed.atom").await;
    assert_eq!(arabic.language.as_deref(), Some("ar"));
    let titles = titles(&arabic);
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert!(titles[0].starts_with("تاريخ روسيا"), "{titles:?}");
    assert!(
        arabic.entries[0].links[0]
            .href
            .starts_with(&format!("{BASE}/ar/policy-analysis/")),
        "{:?}",
        arabic.entries[0].links
    );
}

#[tokio::test]
async fn a_summary_site_carries_decks_not_whole_articles() {
    let app = TestApp::configured("[feeds]\ncontent = \"summary\"\nitems = 2", &["seeds"]);
    for path in ["/feed.atom", "/feed.rss", "/feed.json"] {
        let feed = feed(&app, path).await;
        assert_eq!(feed.entries.len(), 2, "{path}");
        let putin = entry(&feed, PUTIN);
        let content = putin.content.as_ref().and_then(|c| c.body.clone());
        assert!(
            !content.unwrap_or_default().contains("Crocus"),
            "{path}: the whole text is in a summary feed"
        );
        let summary = &putin.summary.as_ref().unwrap().content;
        assert!(
            summary.contains("legacy of ties to Hezbollah"),
            "{path}: {summary}"
        );
    }
}

#[tokio::test]
async fn every_page_announces_its_feeds() {
    let app = TestApp::with_fixtures();
    let site_feeds = [
        format!(
            r#"type="application/atom+xml" title="Folio Institute for Policy Analysis" href="{BASE}/feed.atom""#
        ),
        format!(
            r#"type="application/rss+xml" title="Folio Institute for Policy Analysis" href="{BASE}/feed.rss""#
        ),
        format!(
            r#"type="application/feed+json" title="Folio Institute for Policy Analysis" href="{BASE}/feed.json""#
        ),
    ];
    for path in [
        "/",
        "/policy-analysis",
        "/policy-analysis/putin-no-ally-war-terror-2024",
        "/experts",
        "/topics",
        "/search?q=russia",
    ] {
        let html = app.page(path).await;
        for link in &site_feeds {
            assert!(html.contains(link), "{path} lacks {link}");
        }
    }
    let arabic = app.page("/ar").await;
    assert!(arabic.contains(&format!(r#"href="{BASE}/ar/feed.atom""#)));

    // A listing also offers its own feed, and the link works.
    for (page, own_feed) in [
        (
            "/policy-analysis/terrorism",
            "/policy-analysis/terrorism/feed.atom",
        ),
        (
            "/experts/anna-borshchevskaya",
            "/experts/anna-borshchevskaya/feed.rss",
        ),
        ("/types/policywatch", "/types/policywatch/feed.json"),
    ] {
        let html = app.page(page).await;
        assert!(
            html.contains(&format!(r#"href="{BASE}{own_feed}""#)),
            "{page} lacks {own_feed}"
        );
        assert_eq!(app.get(own_feed).await.status, StatusCode::OK, "{own_feed}");
    }
}

#[tokio::test]
async fn only_real_feeds_exist() {
    let app = TestApp::with_fixtures();
    for path in [
        "/feed.xml",
        "/policy-analysis/terrorism/feed.html",
        "/policy-analysis/putin-no-ally-war-terror-2024/feed.atom",
        "/policy-analysis/no-such-topic/feed.atom",
        "/experts/nobody/feed.atom",
        "/types/nothing/feed.rss",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_feed_read_again_after_an_edit_shows_the_edit_in_every_format() {
    // The formats of a feed share one read of its articles; an edit made
    // after that read must still reach every format.
    let app = TestApp::with_fixtures();
    assert!(titles(&feed(&app, "/feed.atom").await).contains(&PUTIN.to_owned()));
    let mut input = crate::input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.title = "Putin Is Still No Ally".to_owned();
    app.save(&input);
    for path in ["/feed.atom", "/feed.rss", "/feed.json"] {
        let titles = titles(&feed(&app, path).await);
        assert!(
            titles.contains(&"Putin Is Still No Ally".to_owned()),
            "{path}: {titles:?}"
        );
        assert!(!titles.contains(&PUTIN.to_owned()), "{path}: {titles:?}");
    }
}
