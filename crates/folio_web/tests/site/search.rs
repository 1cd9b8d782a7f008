//! The search page, the JSON endpoint and filtered listings.

use crate::*;

#[tokio::test]
async fn the_search_page_shows_marked_results_facets_and_timing_free_html() {
    let app = TestApp::with_archive();
    let html = app.page("/search?q=hezbollah").await;
    assert!(html.contains("<h1>Results for “hezbollah”</h1>"), "{html}");
    assert!(html.contains("4 results"));
    assert!(html.contains("<mark>Hezbollah</mark>"));
    assert_in_order(
        &html,
        &[
            "Refine",
            "Topic",
            "Terrorism",
            "Region or country",
            "Lebanon",
        ],
    );
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        html.contains("name=\"q\" value=\"hezbollah\""),
        "the words stay in the box"
    );
}

#[tokio::test]
async fn facet_links_add_and_remove_filters_as_plain_urls() {
    let app = TestApp::with_archive();
    let html = app.page("/search?q=hezbollah").await;
    assert!(
        html.contains("href=\"/search?q=hezbollah&amp;region=lebanon\""),
        "{html}"
    );
    let narrowed = app.page("/search?q=hezbollah&region=lebanon").await;
    assert!(narrowed.contains("2 results"));
    assert!(narrowed.contains("class=\"is-selected\" aria-current=\"true\""));
    assert!(
        narrowed
            .contains("href=\"/search?q=hezbollah\" aria-label=\"Remove the filter “Lebanon”\""),
        "{narrowed}"
    );
}

#[tokio::test]
async fn an_empty_result_suggests_a_spelling_and_ways_to_browse() {
    let app = TestApp::with_archive();
    let html = app.page("/search?q=hezbolah+networks").await;
    assert!(html.contains("No results"));
    assert!(html.contains("Did you mean: <a href=\"/search?q=hezbollah+networks\"><bdi>hezbollah networks</bdi></a>"), "{html}");
    assert!(html.contains("href=\"/topics\""));
}

#[tokio::test]
async fn arabic_search_works_from_the_arabic_interface() {
    let app = TestApp::with_archive();
    let html = app
        .page("/ar/search?q=%D8%A7%D9%84%D8%A7%D8%B1%D9%87%D8%A7%D8%A8")
        .await;
    assert!(html.contains("نتائج البحث عن «الارهاب»"), "{html}");
    assert!(html.contains("نتيجتان"), "two results, in the Arabic dual");
    assert!(html.contains("<mark>الإرهاب</mark>"));
}

#[tokio::test]
async fn the_json_endpoint_returns_results_facets_and_timing() {
    let app = TestApp::with_archive();
    let (status, body) = app.json("/api/search?q=hezbollah&region=lebanon").await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 2);
    assert_eq!(body["query"], "hezbollah");
    assert!(body["took_ms"].as_f64().unwrap() >= 0.0);
    let first = &body["hits"][0];
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .starts_with("/policy-analysis/")
    );
    assert!(first["snippet_html"].as_str().unwrap().contains("<mark>"));
    let regions = body["facets"]["region"].as_array().unwrap();
    assert!(
        regions
            .iter()
            .any(|v| v["value"] == "lebanon" && v["selected"] == true)
    );
}

#[tokio::test]
async fn bad_api_parameters_get_the_json_error_shape() {
    let app = TestApp::with_archive();
    for (path, field) in [
        ("/api/search?from=yesterday", "from"),
        ("/api/search?per_page=5000", "per_page"),
        ("/api/search?sort=random", "sort"),
    ] {
        let (status, body) = app.json(path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["error"]["code"], "bad_request");
        assert_eq!(body["error"]["field"], field);
        assert!(body["error"]["message"].as_str().unwrap().len() > 5);
    }
    let (status, body) = app.json("/api/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn listings_take_the_same_filters_and_keep_their_own() {
    let app = TestApp::with_archive();
    let topic = app.page("/policy-analysis/terrorism").await;
    assert!(
        topic.contains("4 results"),
        "four English pieces on terrorism"
    );
    assert!(
        !topic.contains("id=\"facet-topic\""),
        "the page's own topic is not offered as a filter"
    );
    let narrowed = app.page("/policy-analysis/terrorism?region=lebanon").await;
    assert!(narrowed.contains("2 results"));
    assert!(
        narrowed.contains("<meta name=\"robots\" content=\"noindex\">"),
        "filtered listings are not indexed"
    );
    let dated = app
        .page("/policy-analysis?from=2024-01-01&sort=oldest")
        .await;
    assert_in_order(
        &dated,
        &[
            "5 results",
            "The administration’s new defense posture",
            "Russia and China in the Gulf",
        ],
    );
    let expert = app.page("/experts/dana-stroul?type=policywatch").await;
    assert!(expert.contains("One result"));
    assert!(expert.contains("Iran’s Nuclear Advance"));
}

#[tokio::test]
async fn the_recommended_block_is_filled_with_related_analysis() {
    let app = TestApp::with_archive();
    let html = app
        .page("/policy-analysis/hezbollahs-financial-networks-after-beirut-port-blast")
        .await;
    // One editors' pick, then related pieces up to three.
    assert_in_order(
        &html,
        &[
            "Recommended",
            "Lebanon’s Banking Crisis Enters Its Sixth Year",
            "Lebanon’s Hezbollah and the Syrian Regime After Assad’s Fall",
        ],
    );
    let recommended = &html[html.find("id=\"recommended\"").unwrap()..];
    let cards = recommended[..recommended.find("</section>").unwrap()]
        .matches("class=\"card\"")
        .count();
    assert_eq!(cards, 3);
}
