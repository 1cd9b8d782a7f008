//! Home, listings, expert, topic, region, type and program pages.

use crate::*;

#[tokio::test]
async fn the_home_page_leads_with_the_latest_analysis() {
    let app = TestApp::with_fixtures();
    let html = app.page("/").await;
    assert_in_order(
        &html,
        &[
            "Latest analysis",
            "class=\"lead\"",
            "Putin Is No Ally in the War on Terror in 2024",
            "Lebanon’s Banking Crisis Enters Its Sixth Year",
            ">The administration’s new defense posture in the Gulf rests on partners carrying more of the load.</a>",
            "Russia&#39;s Questionable Counterterrorism Record",
            "PolicyWatch 3344",
            "All analysis",
            "Browse by topic",
        ],
    );
    assert!(
        !html.contains("تاريخ روسيا"),
        "the English home lists English pieces only"
    );
}

#[tokio::test]
async fn the_analysis_listing_paginates() {
    let app = TestApp::with_fixtures();
    let html = app.page("/policy-analysis").await;
    assert!(html.contains("5 results"), "{html}");
    let response = app.get("/policy-analysis/page/2").await;
    assert_eq!(response.status, 404, "one page of twenty holds five pieces");
    let response = app.get("/policy-analysis?page=zero").await;
    assert_eq!(response.status, 400);
}

#[tokio::test]
async fn later_pages_of_a_listing_live_at_page_paths_and_old_links_are_sent_there() {
    let app = TestApp::configured(
        "[site]\nper_page = 2",
        &["seeds", "translations", "partial", "archive"],
    );
    let first = app.page("/policy-analysis").await;
    assert!(
        first.contains(r#"href="/policy-analysis/page/2" rel="next""#),
        "{first}"
    );
    let second = app.page("/policy-analysis/page/2").await;
    assert!(
        second.contains(r#"href="/policy-analysis" rel="prev""#),
        "{second}"
    );
    assert!(second.contains(r#"href="/policy-analysis/page/3" rel="next""#));
    assert!(
        second.contains(
            r#"<link rel="canonical" href="http://127.0.0.1:8080/policy-analysis/page/2">"#
        ),
        "page 2 is its own page: {second}"
    );
    let pieces = |html: &str| html.matches("<li class=\"result card\"").count();
    assert_eq!(pieces(&second), 2);
    assert_ne!(first, second);

    // The same page answers a topic's, an expert's and a language's listing.
    for listing in ["/experts/anna-borshchevskaya", "/policy-analysis/terrorism"] {
        let html = app.page(listing).await;
        let next = format!(r#"href="{listing}/page/2" rel="next""#);
        assert!(html.contains(&next), "{listing}: {html}");
        assert_eq!(app.get(&format!("{listing}/page/2")).await.status, 200);
    }

    // One address per page: the query form and page 1 are sent on, keeping
    // anything else the link asked for.
    for (old, new) in [
        ("/policy-analysis?page=2", "/policy-analysis/page/2"),
        ("/policy-analysis/page/1", "/policy-analysis"),
        (
            "/policy-analysis/page/1?region=syria",
            "/policy-analysis?region=syria",
        ),
    ] {
        let response = app.get(old).await;
        assert_eq!(response.status, 301, "{old}");
        assert_eq!(response.headers["location"], new, "{old}");
    }
    // Filters keep the query form; a page path with filters works too.
    let filtered = app.page("/policy-analysis/page/2?sort=oldest").await;
    assert_eq!(pieces(&filtered), 2);
    for missing in [
        "/policy-analysis/page/99",
        "/policy-analysis/page/0",
        "/policy-analysis/page/02",
        "/page/2",
        "/ar/page/2",
    ] {
        assert_eq!(app.get(missing).await.status, 404, "{missing}");
    }
    // The admin and the API keep their own `?page=`.
    let api = app.get("/api/v1/articles?page=2").await;
    assert_ne!(api.status, 301);
}

#[tokio::test]
async fn an_expert_page_lists_their_work_newest_first() {
    let app = TestApp::with_fixtures();
    let html = app.page("/experts/anna-borshchevskaya").await;
    assert_in_order(
        &html,
        &[
            "<h1><bdi>Anna Borshchevskaya</bdi></h1>",
            "senior fellow at The Washington Institute",
            "Programs",
            "href=\"/programs/diane-and-guilford-glazer-foundation-program-great-power-competition-and-middle-east\"",
            "Analysis by <bdi>Anna Borshchevskaya</bdi>",
            "Putin Is No Ally in the War on Terror in 2024",
            "Russia&#39;s Questionable Counterterrorism Record",
        ],
    );
    let index = app.page("/experts").await;
    assert_in_order(
        &index,
        &[
            "Ameneh Mehvar",
            "Anna Borshchevskaya",
            "Dana Stroul",
            "Hamdi Malik",
            "Michael Knights",
        ],
    );
}

#[tokio::test]
async fn topic_and_region_pages_share_the_article_namespace() {
    let app = TestApp::with_fixtures();
    let topic = app.page("/policy-analysis/terrorism").await;
    assert_in_order(
        &topic,
        &[
            "Topic",
            "<h1>Terrorism</h1>",
            "2 results",
            "Putin Is No Ally",
            "Russia&#39;s Questionable",
        ],
    );
    let region = app.page("/policy-analysis/syria").await;
    assert_in_order(
        &region,
        &["Region", "<h1>Syria</h1>", "Russia&#39;s Questionable"],
    );
    let topics = app.page("/topics").await;
    assert!(topics.contains("href=\"/policy-analysis/great-power-competition\""));
    let regions = app.page("/regions").await;
    assert!(regions.contains("href=\"/policy-analysis/middle-east\""));
}

#[tokio::test]
async fn content_type_and_program_pages_list_their_analysis() {
    let app = TestApp::with_fixtures();
    let types = app.page("/types").await;
    assert!(types.contains("href=\"/types/articles-testimony\""));
    let html = app.page("/types/articles-testimony").await;
    assert_in_order(
        &html,
        &[
            "Articles &amp; Testimony",
            "Putin Is No Ally",
            "Russia&#39;s Questionable",
        ],
    );
    let policywatch = app.page("/types/policywatch").await;
    assert!(
        policywatch.contains("PolicyWatch 3344"),
        "numbered series show their number"
    );
    let program = app
        .page("/programs/diane-and-guilford-glazer-foundation-program-great-power-competition-and-middle-east")
        .await;
    assert_in_order(
        &program,
        &[
            "Experts in this program",
            "Anna Borshchevskaya",
            "Putin Is No Ally",
        ],
    );
}

#[tokio::test]
async fn the_arabic_side_has_its_own_listings_and_interface() {
    let app = TestApp::with_fixtures();
    let home = app.page("/ar").await;
    assert!(home.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(home.contains("أحدث التحليلات"));
    assert!(home.contains("تاريخ روسيا المشبوه"));
    let listing = app.page("/ar/policy-analysis").await;
    assert!(
        listing.contains("نتيجة واحدة"),
        "Arabic plural for one result: {listing}"
    );
    let topic = app.page("/ar/policy-analysis/alarhab").await;
    assert!(topic.contains("<h1>الإرهاب</h1>"));
}

#[tokio::test]
async fn the_stylesheet_is_served_under_its_fingerprint_for_a_year() {
    let app = TestApp::with_fixtures();
    let html = app.page("/").await;
    let start = html.find("/assets/style.").unwrap();
    let end = start + html[start..].find('"').unwrap();
    let response = app.get(&html[start..end]).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.headers["content-type"], "text/css");
    assert_eq!(
        response.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(response.body.contains("margin-inline"));
    assert_eq!(app.get("/assets/style.0000000000.css").await.status, 404);
}

/// Regression: a piece without a title was an empty link in search results
/// and filtered listings (Lighthouse: "Links do not have a discernible name").
#[tokio::test]
async fn an_untitled_piece_is_listed_by_its_deck_in_results() {
    let app = TestApp::with_archive();
    let deck = "The administration’s new defense posture in the Gulf rests on partners carrying more of the load.";
    for path in [
        "/policy-analysis",
        "/search?q=defense",
        "/experts/dana-stroul",
    ] {
        let html = app.page(path).await;
        assert!(html.contains(&format!(">{deck}</a></h")), "{path}");
        assert!(!html.contains("\"></a></h"), "an empty link on {path}");
    }
}
