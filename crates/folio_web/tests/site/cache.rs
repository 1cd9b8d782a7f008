//! The page cache and HTTP caching: hits, exact invalidation, validators
//! and 304s, compressed copies, the memory budget, the render limits, and
//! a property test that no page served after a write differs from a fresh
//! render.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use folio_core::{ArticleInput, ArticleStatus, LanguageCode, Slug, TermKind, Timestamp};
use folio_db::Visibility;
use proptest::prelude::*;

use crate::{TestApp, TestResponse, input_from};

const PUTIN: &str = "/policy-analysis/putin-no-ally-war-terror-2024";
const RUSSIA: &str = "/policy-analysis/russias-questionable-counterterrorism-record";
const HEZBOLLAH: &str = "/policy-analysis/lebanons-hezbollah-and-syrian-regime-after-assads-fall";

fn cache_status(response: &TestResponse) -> &str {
    response
        .headers
        .get("x-folio-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
    }
    map
}

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

/// Changes an expert's bio the way the admin does, and lets the index and
/// cache follow.
fn set_bio(app: &TestApp, slug: &str, bio: &str) {
    let slug = Slug::parse(slug).unwrap();
    app.store
        .write(|c| {
            let expert = folio_db::expert_by_slug(c, &slug)?.unwrap();
            let programs: Vec<_> = expert.programs.iter().map(|p| p.id).collect();
            folio_db::save_expert_profile(
                c,
                Some(expert.id),
                &slug,
                &expert.name,
                bio,
                &programs,
                now(),
            )
        })
        .unwrap();
    app.search.catch_up().unwrap();
}

#[tokio::test]
async fn a_page_is_served_from_memory_until_what_it_shows_changes() {
    let app = TestApp::with_fixtures();
    let first = app.get(PUTIN).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(cache_status(&first), "miss");
    let second = app.get(PUTIN).await;
    assert_eq!(cache_status(&second), "hit");
    assert_eq!(second.body, first.body);
    assert_eq!(second.headers["etag"], first.headers["etag"]);
    let stats = app.state.page_cache.as_ref().unwrap().stats();
    assert!(stats.hits >= 1 && stats.entries >= 1, "{stats:?}");

    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.title = "Putin Is Still No Ally".to_owned();
    app.save(&input);
    let after = app.get(PUTIN).await;
    assert_eq!(cache_status(&after), "miss");
    assert!(after.body.contains("Putin Is Still No Ally"));
    assert_ne!(after.headers["etag"], first.headers["etag"]);
}

#[tokio::test]
async fn an_edited_bio_refreshes_the_pages_that_show_it_and_nothing_else() {
    let app = TestApp::with_archive();
    let pages = [
        PUTIN,
        RUSSIA,
        "/experts/anna-borshchevskaya",
        HEZBOLLAH,
        "/experts/hanin-ghaddar",
    ];
    for page in pages {
        assert_eq!(app.get(page).await.status, StatusCode::OK, "{page}");
    }
    for page in pages {
        assert_eq!(cache_status(&app.get(page).await), "hit", "{page}");
    }
    set_bio(
        &app,
        "anna-borshchevskaya",
        "A fellow who studies Russia and Syria.",
    );
    // Her articles and her page show the bio; Hezbollah's piece and
    // Hanin Ghaddar's page do not.
    for page in [PUTIN, RUSSIA, "/experts/anna-borshchevskaya"] {
        let response = app.get(page).await;
        assert_eq!(cache_status(&response), "miss", "{page}");
        assert!(
            response
                .body
                .contains("A fellow who studies Russia and Syria."),
            "{page}"
        );
    }
    for page in [HEZBOLLAH, "/experts/hanin-ghaddar"] {
        assert_eq!(cache_status(&app.get(page).await), "hit", "{page}");
    }
}

#[tokio::test]
async fn a_listing_is_thrown_away_only_when_one_of_its_articles_changes() {
    let app = TestApp::with_archive();
    let terrorism = "/policy-analysis/terrorism";
    let iran = "/policy-analysis/iran";
    for page in [terrorism, iran] {
        assert_eq!(app.get(page).await.status, StatusCode::OK, "{page}");
        assert_eq!(cache_status(&app.get(page).await), "hit", "{page}");
    }
    // The Putin piece is filed under Terrorism, not Iran.
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.deck = "A new deck.".to_owned();
    app.save(&input);
    assert_eq!(cache_status(&app.get(terrorism).await), "miss");
    assert_eq!(cache_status(&app.get(iran).await), "hit");
    // Filed under Iran too: now the Iran page lists it.
    input.regions.push(Slug::parse("iran").unwrap());
    app.save(&input);
    let iran_page = app.get(iran).await;
    assert_eq!(cache_status(&iran_page), "miss");
    assert!(iran_page.body.contains("A new deck.") || iran_page.body.contains("Putin"));
}

#[tokio::test]
async fn validators_answer_conditional_requests() {
    let app = TestApp::with_fixtures();
    let page = app.get(PUTIN).await;
    let etag = page.headers["etag"].to_str().unwrap().to_owned();
    let last_modified = page.headers["last-modified"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    assert!(
        page.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("stale-while-revalidate")
    );
    assert_eq!(page.headers["vary"], "Accept-Encoding");

    for conditions in [
        headers(&[(header::IF_NONE_MATCH, &etag)]),
        headers(&[(header::IF_NONE_MATCH, &format!("\"other\", {etag}"))]),
        headers(&[(header::IF_MODIFIED_SINCE, &last_modified)]),
    ] {
        let response = app.get_with(PUTIN, conditions.clone()).await;
        assert_eq!(response.status, StatusCode::NOT_MODIFIED, "{conditions:?}");
        assert!(response.body.is_empty());
        assert_eq!(response.headers["etag"], etag.as_str());
    }
    let stale = app
        .get_with(PUTIN, headers(&[(header::IF_NONE_MATCH, "\"not-it\"")]))
        .await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.body, page.body);
    // Rendered again with the same bytes (after a save that changed
    // nothing it shows threw it away), a page keeps its validators.
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    app.save(&input);
    let saved = app.get(PUTIN).await;
    let (etag, last_modified) = (
        saved.headers["etag"].to_str().unwrap().to_owned(),
        saved.headers["last-modified"].to_str().unwrap().to_owned(),
    );
    app.save(&input);
    let again = app.get(PUTIN).await;
    assert_eq!(cache_status(&again), "miss");
    assert_eq!(again.headers["etag"], etag.as_str());
    assert_eq!(again.headers["last-modified"], last_modified.as_str());
    input.title.push_str(" (updated)");
    app.save(&input);
    let changed = app
        .get_with(PUTIN, headers(&[(header::IF_NONE_MATCH, &etag)]))
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.headers["etag"], etag.as_str());
}

#[tokio::test]
async fn compressed_copies_are_served_by_accept_encoding() {
    let app = TestApp::with_fixtures();
    let plain = app.get(PUTIN).await;
    assert!(plain.headers.get("content-encoding").is_none());
    for (accept, encoding) in [("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        // The first request may be the one that made the copy.
        for _ in 0..2 {
            let (status, response_headers, bytes) = app
                .get_bytes(PUTIN, headers(&[(header::ACCEPT_ENCODING, accept)]))
                .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(response_headers["content-encoding"], encoding, "{accept}");
            let decoded = match encoding {
                "gzip" => {
                    let mut out = String::new();
                    std::io::Read::read_to_string(
                        &mut flate2::read::GzDecoder::new(&bytes[..]),
                        &mut out,
                    )
                    .unwrap();
                    out
                }
                _ => {
                    let mut out = Vec::new();
                    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
                    String::from_utf8(out).unwrap()
                }
            };
            assert_eq!(decoded, plain.body, "{accept}");
            assert!(bytes.len() < plain.body.len() / 3, "{accept}");
        }
    }
    let refused = app
        .get_with(
            PUTIN,
            headers(&[(header::ACCEPT_ENCODING, "br;q=0, gzip;q=0")]),
        )
        .await;
    assert!(refused.headers.get("content-encoding").is_none());
    assert_eq!(refused.body, plain.body);
}

#[tokio::test]
async fn feeds_citations_api_and_sitemaps_are_cached_and_refreshed_too() {
    let app = TestApp::with_fixtures();
    let files = [
        "/feed.atom",
        "/policy-analysis/terrorism/feed.rss",
        &format!("{PUTIN}/cite.bib"),
        "/sitemap.xml",
        "/api/v1/articles/putin-no-ally-war-terror-2024",
        "/api/v1/articles?topic=terrorism",
        "/robots.txt",
    ];
    for file in files {
        let first = app.get(file).await;
        assert_eq!(first.status, StatusCode::OK, "{file}: {}", first.body);
        let second = app.get(file).await;
        assert_eq!(
            cache_status(&second),
            "hit",
            "{file}: {:?} then {:?}",
            first.headers,
            second.headers
        );
    }
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.title = "Putin Is Still No Ally".to_owned();
    app.save(&input);
    for file in &files[..6] {
        let response = app.get(file).await;
        assert_eq!(cache_status(&response), "miss", "{file}");
        // The sitemap lists addresses and dates, not titles.
        if !file.ends_with("sitemap.xml") {
            assert!(response.body.contains("Putin Is Still No Ally"), "{file}");
        }
    }
    assert_eq!(cache_status(&app.get("/robots.txt").await), "hit");
}

#[tokio::test]
async fn the_admin_errors_and_token_requests_are_never_cached() {
    let app = TestApp::with_fixtures();
    for path in [
        "/admin/login",
        "/no-such-page",
        "/policy-analysis/no-such-piece",
    ] {
        app.get(path).await;
        let again = app.get(path).await;
        assert_ne!(cache_status(&again), "hit", "{path}");
    }
    let with_token = app
        .get_with(
            "/api/v1/articles/putin-no-ally-war-terror-2024",
            headers(&[(header::AUTHORIZATION, "Bearer not-a-token")]),
        )
        .await;
    assert_eq!(with_token.status, StatusCode::UNAUTHORIZED);
    assert_ne!(cache_status(&with_token), "hit");
}

#[tokio::test]
async fn the_cache_stays_within_its_memory_budget() {
    let app = TestApp::configured(
        "[cache]\nmemory_mb = 1",
        &["seeds", "translations", "partial", "archive"],
    );
    let cache = app.state.page_cache.as_ref().unwrap();
    // Many distinct pages: every filter combination of the search page.
    for year in 2000..2030 {
        for topic in [
            "terrorism",
            "iran",
            "military-security",
            "great-power-competition",
        ] {
            let response = app.get(&format!("/search?topic={topic}&year={year}")).await;
            assert_eq!(response.status, StatusCode::OK);
        }
    }
    for page in [PUTIN, RUSSIA, HEZBOLLAH] {
        app.get(page).await;
    }
    let stats = cache.stats();
    assert!(stats.bytes <= stats.budget, "{stats:?}");
    assert!(stats.evicted > 0, "{stats:?}");
    assert_eq!(cache_status(&app.get(PUTIN).await), "hit");
}

#[tokio::test]
async fn past_the_render_limit_a_request_gets_a_fast_503() {
    let app = TestApp::configured("[limits]\nmax_concurrent_renders = 2", &["seeds"]);
    let held = app.state.hold_render_permits(2).await;
    let busy = app.get(RUSSIA).await;
    assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.headers["retry-after"], "1");
    drop(held);
    assert_eq!(app.get(RUSSIA).await.status, StatusCode::OK);
    // A cached page needs no render: it is served even when all are taken.
    let _held = app.state.hold_render_permits(2).await;
    assert_eq!(app.get(RUSSIA).await.status, StatusCode::OK);
}

#[tokio::test]
async fn past_the_parallel_renders_a_request_waits_its_turn() {
    let app = TestApp::configured("[limits]\nparallel_renders = 1", &["seeds"]);
    let held = app.state.hold_render_slots(1).await;
    let waiting = app.get(RUSSIA);
    tokio::pin!(waiting);
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(300), &mut waiting)
            .await
            .is_err(),
        "a render ran while every slot was taken"
    );
    drop(held);
    let page = waiting.await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(cache_status(&page), "miss");
}

#[tokio::test]
async fn related_analysis_on_a_cached_page_follows_a_new_piece() {
    let app = TestApp::with_archive();
    let page = app.get(HEZBOLLAH).await;
    assert_eq!(page.status, StatusCode::OK);
    // A new piece so close to the Hezbollah article that related analysis
    // must pick it.
    let source = app.article(
        "en",
        "lebanons-hezbollah-and-syrian-regime-after-assads-fall",
    );
    let mut input = input_from(&source);
    input.slug = Slug::parse("hezbollah-after-assad-a-second-look").unwrap();
    input.title = format!("{} — a second look", source.title);
    input.recommended.clear();
    input.translations.clear();
    app.save(&input);
    let fresh = app.fresh_get(HEZBOLLAH).await;
    assert!(
        fresh.body.contains("a second look"),
        "related analysis should pick the new piece"
    );
    let served = app.get(HEZBOLLAH).await;
    assert_eq!(served.body, fresh.body);
}

#[tokio::test]
async fn more_from_the_expert_and_on_the_topic_follow_a_new_piece() {
    let app = TestApp::with_archive();
    let page = app.get(RUSSIA).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("More from <bdi>Anna Borshchevskaya</bdi>")
    );
    assert_eq!(cache_status(&app.get(RUSSIA).await), "hit");
    // A new piece by her, on the same first topic: both lists name it.
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.slug = Slug::parse("russia-and-terror-a-new-piece").unwrap();
    input.title = "Russia and Terror: A New Piece".to_owned();
    input.topics = vec![Slug::parse("military-security").unwrap()];
    input.published_on = Some("2025-01-10".parse().unwrap());
    input.recommended.clear();
    input.translations.clear();
    app.save(&input);
    let served = app.get(RUSSIA).await;
    assert_eq!(cache_status(&served), "miss");
    let fresh = app.fresh_get(RUSSIA).await;
    assert_eq!(served.body, fresh.body);
    let more = &fresh.body[fresh.body.find("class=\"article__more\"").unwrap()..];
    assert_eq!(more.matches("Russia and Terror: A New Piece").count(), 2);
}

#[tokio::test]
async fn the_experts_index_filters_by_program() {
    let app = TestApp::with_archive();
    let index = app.get("/experts").await;
    assert_eq!(index.status, StatusCode::OK);
    let start = index
        .body
        .find("class=\"chip-filter\"")
        .expect("a program filter");
    let filter = &index.body[start..];
    let href = filter
        .split("href=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    assert!(href.starts_with("/experts?program="), "{href}");
    let filtered = app.get(&href).await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert!(filtered.body.contains("aria-current=\"page\"><bdi>"));
    assert!(
        filtered
            .body
            .contains("<meta name=\"robots\" content=\"noindex\">")
    );
    let shown = filtered.body.matches("class=\"expert-card\"").count();
    let all = index.body.matches("class=\"expert-card\"").count();
    assert!(shown >= 1 && shown < all, "{shown} of {all}");
    assert_eq!(
        app.get("/experts?program=no-such-program").await.status,
        StatusCode::NOT_FOUND
    );
}

/// One edit a property-test case makes.
#[derive(Debug, Clone)]
enum Edit {
    Retitle(usize),
    Refile(usize, usize),
    Unpublish(usize),
    Republish(usize),
    Bio(usize),
    RenameTerm(usize),
    NewArticle(usize, usize),
    Redate(usize, i16),
}

const ARTICLES: [&str; 6] = [
    "putin-no-ally-war-terror-2024",
    "russias-questionable-counterterrorism-record",
    "lebanons-hezbollah-and-syrian-regime-after-assads-fall",
    "hezbollahs-financial-networks-after-beirut-port-blast",
    "russia-and-china-gulf-great-power-competition-comes-region",
    "irans-nuclear-advance-and-limits-diplomacy",
];
const TOPICS: [&str; 3] = ["terrorism", "military-security", "great-power-competition"];
const EXPERTS: [&str; 2] = ["anna-borshchevskaya", "hanin-ghaddar"];

fn edit() -> impl Strategy<Value = Edit> {
    let article = 0..ARTICLES.len();
    prop_oneof![
        article.clone().prop_map(Edit::Retitle),
        (article.clone(), 0..TOPICS.len()).prop_map(|(a, t)| Edit::Refile(a, t)),
        article.clone().prop_map(Edit::Unpublish),
        article.clone().prop_map(Edit::Republish),
        (0..EXPERTS.len()).prop_map(Edit::Bio),
        (0..TOPICS.len()).prop_map(Edit::RenameTerm),
        (0..1000usize, 0..TOPICS.len()).prop_map(|(n, t)| Edit::NewArticle(n, t)),
        (article, -3i16..3).prop_map(|(a, d)| Edit::Redate(a, d)),
    ]
}

fn stored(app: &TestApp, slug: &str) -> Option<folio_core::Article> {
    let slug = Slug::parse(slug).unwrap();
    app.store
        .read(|c| folio_db::article_by_path(c, &LanguageCode::english(), &slug, Visibility::All))
        .unwrap()
}

fn apply(app: &TestApp, edit: &Edit, step: usize) {
    let input_of = |index: usize| -> Option<ArticleInput> {
        stored(app, ARTICLES[index]).map(|a| input_from(&a))
    };
    match edit {
        Edit::Retitle(a) => {
            if let Some(mut input) = input_of(*a) {
                input.title = format!("{} ({step})", input.title);
                app.save(&input);
            }
        }
        Edit::Refile(a, t) => {
            if let Some(mut input) = input_of(*a) {
                input.topics = vec![Slug::parse(TOPICS[*t]).unwrap()];
                app.save(&input);
            }
        }
        Edit::Unpublish(a) | Edit::Republish(a) => {
            if let Some(mut input) = input_of(*a) {
                input.status = match edit {
                    Edit::Unpublish(_) => ArticleStatus::Draft,
                    _ => ArticleStatus::Published,
                };
                app.save(&input);
            }
        }
        Edit::Bio(e) => set_bio(app, EXPERTS[*e], &format!("Bio, version {step}.")),
        Edit::RenameTerm(t) => {
            let slug = Slug::parse(TOPICS[*t]).unwrap();
            app.store
                .write(|c| {
                    folio_db::upsert_term(
                        c,
                        TermKind::Topic,
                        &LanguageCode::english(),
                        &slug,
                        &format!("Topic {step}"),
                        now(),
                    )
                })
                .unwrap();
            app.search.catch_up().unwrap();
        }
        Edit::NewArticle(n, t) => {
            let Some(mut input) = input_of(0) else { return };
            input.slug = Slug::parse(&format!("new-piece-{n}-{step}")).unwrap();
            input.title = format!("A new piece on Russia and terror, number {n}");
            input.topics = vec![Slug::parse(TOPICS[*t]).unwrap()];
            input.recommended.clear();
            input.translations.clear();
            input.status = ArticleStatus::Published;
            app.save(&input);
        }
        Edit::Redate(a, days) => {
            if let Some(mut input) = input_of(*a)
                && let Some(date) = input.published_on
            {
                input.published_on = date
                    .checked_add(jiff::Span::new().days(*days as i64 * 400))
                    .ok();
                app.save(&input);
            }
        }
    }
}

/// Every kind of public page, feed and file whose content the edits reach.
fn watched() -> Vec<String> {
    let mut paths: Vec<String> = [
        "/",
        "/policy-analysis",
        "/policy-analysis/page/2",
        "/experts",
        "/experts?program=diane-and-guilford-glazer-foundation-program-on-great-power-competition-and-the-middle-east",
        "/experts/anna-borshchevskaya",
        "/experts/hanin-ghaddar",
        "/topics",
        "/regions",
        "/types",
        "/types/articles-testimony",
        "/programs",
        "/programs/diane-and-guilford-glazer-foundation-program-great-power-competition-and-middle-east",
        "/search?q=russia",
        "/search?topic=terrorism",
        "/search?region=syria&year=2024",
        "/feed.atom",
        "/experts/anna-borshchevskaya/feed.json",
        "/sitemap.xml",
        "/search-index.json",
        "/api/v1/articles",
        "/api/v1/articles?topic=terrorism",
        "/api/v1/experts",
        "/api/v1/topics",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for topic in TOPICS {
        paths.push(format!("/policy-analysis/{topic}"));
        paths.push(format!("/policy-analysis/{topic}/feed.rss"));
    }
    for article in ARTICLES {
        paths.push(format!("/policy-analysis/{article}"));
        paths.push(format!("/policy-analysis/{article}/cite.ris"));
        paths.push(format!("/api/v1/articles/{article}"));
    }
    paths
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    // 12 cases in the suite; PROPTEST_CASES=200 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    /// After any sequence of edits, every watched page the cache serves is
    /// what a fresh render gives.
    #[test]
    fn no_page_served_after_a_write_differs_from_a_fresh_render(
        edits in proptest::collection::vec(edit(), 1..6)
    ) {
        runtime().block_on(async {
            let app = TestApp::with_archive();
            let paths = watched();
            for path in &paths {
                app.get(path).await;
            }
            for (step, edit) in edits.iter().enumerate() {
                apply(&app, edit, step);
                for path in &paths {
                    let served = app.get(path).await;
                    let fresh = app.fresh_get(path).await;
                    prop_assert_eq!(served.status, fresh.status, "{} after {:?}", path, &edits[..=step]);
                    prop_assert_eq!(&served.body, &fresh.body, "{} after {:?}", path, &edits[..=step]);
                }
            }
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn a_cached_page_still_redirects_other_host_spellings_and_old_page_links() {
    let app = TestApp::configured(
        "[site]\nbase_url = \"https://www.example.org/\"\nper_page = 2",
        &["seeds", "translations", "partial", "archive"],
    );
    let canonical = || headers(&[(header::HOST, "www.example.org")]);
    let twin = || headers(&[(header::HOST, "example.org")]);
    for path in ["/policy-analysis", "/policy-analysis/page/2"] {
        assert_eq!(app.get_with(path, canonical()).await.status, StatusCode::OK);
    }
    let hit = app.get_with("/policy-analysis", canonical()).await;
    assert_eq!(cache_status(&hit), "hit");
    assert!(
        hit.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'"),
        "a hit carries the security headers"
    );
    assert_eq!(hit.headers["x-frame-options"], "DENY");
    let moved = app.get_with("/policy-analysis", twin()).await;
    assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        moved.headers["location"],
        "https://www.example.org/policy-analysis"
    );
    // The second page is kept as `?page=2`, the address the listing reads;
    // a reader asking for that address is still sent to the page path.
    assert_eq!(
        cache_status(&app.get_with("/policy-analysis/page/2", canonical()).await),
        "hit"
    );
    let old_link = app.get_with("/policy-analysis?page=2", canonical()).await;
    assert_eq!(old_link.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old_link.headers["location"], "/policy-analysis/page/2");
}
