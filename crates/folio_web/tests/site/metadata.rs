//! What pages tell search engines, social networks and reference managers:
//! JSON-LD, OpenGraph and Twitter cards, Highwire Press tags, canonical
//! URLs, the sitemap and robots.txt.

use axum::http::StatusCode;
use serde_json::Value;

use crate::{TestApp, input_from, json_ld, meta_contents};

const BASE: &str = "http://127.0.0.1:8080";
const PUTIN: &str = "/policy-analysis/putin-no-ally-war-terror-2024";
const RECORD: &str = "/policy-analysis/russias-questionable-counterterrorism-record";
const FOREIGN_AFFAIRS: &str = "https://www.foreignaffairs.com/articles/syria/2017-11-23/russias-questionable-counterterrorism-record";

fn of_type<'a>(blocks: &'a [Value], kind: &str) -> &'a Value {
    blocks
        .iter()
        .find(|b| b["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {blocks:#?}"))
}

fn canonical(html: &str) -> String {
    let opening = r#"<link rel="canonical" href=""#;
    let rest = &html[html.find(opening).unwrap() + opening.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn an_article_is_described_as_a_schema_org_article_with_breadcrumbs() {
    let app = TestApp::with_fixtures();
    let html = app.page(PUTIN).await;
    let blocks = json_ld(&html);
    let article = of_type(&blocks, "Article");
    assert_eq!(article["@context"], "https://schema.org");
    assert_eq!(
        article["headline"],
        "Putin Is No Ally in the War on Terror in 2024"
    );
    assert_eq!(article["datePublished"], "2024-04-05");
    assert!(article["dateModified"].as_str().unwrap().starts_with("20"));
    assert_eq!(article["inLanguage"], "en");
    assert_eq!(article["url"], format!("{BASE}{PUTIN}"));
    assert_eq!(article["mainEntityOfPage"], format!("{BASE}{PUTIN}"));
    assert_eq!(article["author"][0]["@type"], "Person");
    assert_eq!(article["author"][0]["name"], "Anna Borshchevskaya");
    assert_eq!(
        article["author"][0]["url"],
        format!("{BASE}/experts/anna-borshchevskaya")
    );
    assert_eq!(article["publisher"]["@type"], "Organization");
    assert_eq!(
        article["publisher"]["name"],
        "Folio Institute for Policy Analysis"
    );
    assert!(
        article["description"]
            .as_str()
            .unwrap()
            .contains("legacy of ties to Hezbollah")
    );
    assert!(article["keywords"].as_str().unwrap().contains("Terrorism"));

    let crumbs = of_type(&blocks, "BreadcrumbList");
    let items = crumbs["itemListElement"].as_array().unwrap();
    assert_eq!(items.first().unwrap()["item"], format!("{BASE}/"));
    assert_eq!(items.last().unwrap()["item"], format!("{BASE}{PUTIN}"));
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["position"], i + 1);
        assert!(item["name"].as_str().is_some_and(|n| !n.is_empty()));
    }

    // The piece carried in full elsewhere names it as its source.
    let record = json_ld(&app.page(RECORD).await);
    assert_eq!(of_type(&record, "Article")["isBasedOn"], FOREIGN_AFFAIRS);
    // And its translation is linked as one.
    assert_eq!(
        of_type(&record, "Article")["workTranslation"][0]["inLanguage"],
        "ar"
    );
}

#[tokio::test]
async fn articles_carry_opengraph_twitter_and_highwire_tags() {
    let app = TestApp::with_fixtures();
    let html = app.page(PUTIN).await;
    let property = |key| meta_contents(&html, "property", key);
    let name = |key| meta_contents(&html, "name", key);
    assert_eq!(property("og:type"), ["article"]);
    assert_eq!(
        property("og:title"),
        ["Putin Is No Ally in the War on Terror in 2024"]
    );
    assert_eq!(property("og:url"), [format!("{BASE}{PUTIN}")]);
    assert_eq!(
        property("og:site_name"),
        ["Folio Institute for Policy Analysis"]
    );
    assert!(property("og:description")[0].contains("legacy of ties"));
    assert_eq!(property("article:published_time"), ["2024-04-05"]);
    assert_eq!(name("twitter:card"), ["summary"]);
    assert_eq!(
        name("twitter:title"),
        ["Putin Is No Ally in the War on Terror in 2024"]
    );

    assert_eq!(
        name("citation_title"),
        ["Putin Is No Ally in the War on Terror in 2024"]
    );
    assert_eq!(name("citation_author"), ["Anna Borshchevskaya"]);
    assert_eq!(name("citation_publication_date"), ["2024/04/05"]);
    assert_eq!(
        name("citation_publisher"),
        ["Folio Institute for Policy Analysis"]
    );
    assert_eq!(name("citation_language"), ["en"]);

    // Several authors, in byline order; a series number; no date, no date tag.
    let several = app
        .page("/policy-analysis/irans-proxies-after-gaza-war-what-washington-should-expect")
        .await;
    assert_eq!(
        meta_contents(&several, "name", "citation_author"),
        ["Michael Knights", "Hamdi Malik", "Ameneh Mehvar"]
    );
    assert_eq!(
        meta_contents(&several, "name", "citation_technical_report_number"),
        ["3344"]
    );
    assert!(meta_contents(&several, "name", "citation_publication_date").is_empty());
}

#[tokio::test]
async fn an_image_in_the_text_becomes_the_card_image() {
    let app = TestApp::with_fixtures();
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.body_markdown = format!(
        "![Crocus City Hall after the attack](/media/crocus.jpg)\n\n{}",
        input.body_markdown
    );
    app.save(&input);
    let html = app.page(PUTIN).await;
    let image = format!("{BASE}/media/crocus.jpg");
    assert_eq!(
        meta_contents(&html, "property", "og:image"),
        std::slice::from_ref(&image)
    );
    assert_eq!(
        meta_contents(&html, "property", "og:image:alt"),
        ["Crocus City Hall after the attack"]
    );
    assert_eq!(
        meta_contents(&html, "name", "twitter:card"),
        ["summary_large_image"]
    );
    assert_eq!(
        meta_contents(&html, "name", "twitter:image"),
        std::slice::from_ref(&image)
    );
    assert_eq!(of_type(&json_ld(&html), "Article")["image"], image);
}

#[tokio::test]
async fn experts_are_people_and_the_home_page_is_the_institute() {
    let app = TestApp::with_fixtures();
    let html = app.page("/experts/anna-borshchevskaya").await;
    let blocks = json_ld(&html);
    let person = of_type(&blocks, "Person");
    assert_eq!(person["name"], "Anna Borshchevskaya");
    assert_eq!(person["url"], format!("{BASE}/experts/anna-borshchevskaya"));
    assert!(
        person["description"]
            .as_str()
            .unwrap()
            .contains("senior fellow")
    );
    assert_eq!(person["worksFor"]["@type"], "Organization");
    assert_eq!(
        of_type(&blocks, "BreadcrumbList")["itemListElement"][1]["item"],
        format!("{BASE}/experts")
    );
    assert_eq!(meta_contents(&html, "property", "og:type"), ["profile"]);

    let home = json_ld(&app.page("/").await);
    assert_eq!(
        of_type(&home, "Organization")["name"],
        "Folio Institute for Policy Analysis"
    );
    let website = of_type(&home, "WebSite");
    assert_eq!(
        website["potentialAction"]["target"],
        format!("{BASE}/search?q={{query}}")
    );

    let topic = json_ld(&app.page("/policy-analysis/terrorism").await);
    let trail = of_type(&topic, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(trail.last().unwrap()["name"], "Terrorism");
}

#[tokio::test]
async fn json_ld_cannot_be_broken_out_of() {
    let app = TestApp::with_fixtures();
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.title = "Breaking </script><script>alert(1)</script> & <!-- news".into();
    app.save(&input);
    let html = app.page(PUTIN).await;
    assert!(!html.contains("<script>alert(1)"));
    let article = json_ld(&html)
        .into_iter()
        .find(|b| b["@type"] == "Article")
        .unwrap();
    assert_eq!(
        article["name"],
        "Breaking </script><script>alert(1)</script> & <!-- news"
    );
}

#[tokio::test]
async fn the_canonical_url_follows_the_syndication_setting() {
    let institute = TestApp::with_fixtures();
    assert_eq!(
        canonical(&institute.page(RECORD).await),
        format!("{BASE}{RECORD}")
    );

    let outlet = TestApp::configured(
        "[syndication]\ncanonical = \"outlet\"",
        &["seeds", "partial"],
    );
    // Only an excerpt here: the full text's home is canonical.
    let html = outlet.page(RECORD).await;
    assert_eq!(canonical(&html), FOREIGN_AFFAIRS);
    assert_eq!(
        meta_contents(&html, "property", "og:url"),
        [FOREIGN_AFFAIRS]
    );
    // Republished in full by 19FortyFive: its copy is canonical.
    assert_eq!(
        canonical(&outlet.page(PUTIN).await),
        "https://www.19fortyfive.com/2024/04/putin-is-no-ally-in-the-war-on-terror-in-2024/"
    );
    // Nothing syndicated: the institute's own URL.
    let own = "/policy-analysis/irans-proxies-after-gaza-war-what-washington-should-expect";
    assert_eq!(canonical(&outlet.page(own).await), format!("{BASE}{own}"));
}

#[tokio::test]
async fn the_sitemap_lists_every_page_with_dates_and_translations() {
    let app = TestApp::with_fixtures();
    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let document = roxmltree::Document::parse(&response.body).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    let urls: Vec<roxmltree::Node<'_, '_>> =
        root.children().filter(|n| n.has_tag_name("url")).collect();
    let loc = |node: &roxmltree::Node<'_, '_>| {
        node.children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap()
            .to_owned()
    };
    let locations: Vec<String> = urls.iter().map(loc).collect();
    for expected in [
        format!("{BASE}/"),
        format!("{BASE}/ar"),
        format!("{BASE}{PUTIN}"),
        format!("{BASE}{RECORD}"),
        format!("{BASE}/policy-analysis/terrorism"),
        format!("{BASE}/experts/anna-borshchevskaya"),
        format!("{BASE}/types/policywatch"),
    ] {
        assert!(locations.contains(&expected), "{expected} missing");
    }
    let unique: std::collections::BTreeSet<&String> = locations.iter().collect();
    assert_eq!(unique.len(), locations.len(), "a URL is listed twice");
    // Every listed page exists.
    for location in &locations {
        let path = location.strip_prefix(BASE).unwrap();
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }

    let record = urls
        .iter()
        .find(|u| loc(u) == format!("{BASE}{RECORD}"))
        .unwrap();
    let lastmod = record
        .children()
        .find(|n| n.has_tag_name("lastmod"))
        .unwrap()
        .text()
        .unwrap();
    assert!(lastmod.parse::<folio_core::Date>().is_ok(), "{lastmod}");
    let alternates: Vec<(String, String)> = record
        .children()
        .filter(|n| n.has_tag_name("link"))
        .map(|n| {
            (
                n.attribute("hreflang").unwrap().to_owned(),
                n.attribute("href").unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(alternates.len(), 2, "{alternates:?}");
    assert!(alternates.contains(&("en".into(), format!("{BASE}{RECORD}"))));
    assert!(
        alternates
            .iter()
            .any(|(l, h)| l == "ar" && h.starts_with(&format!("{BASE}/ar/policy-analysis/")))
    );
}

#[tokio::test]
async fn robots_txt_follows_the_site_file() {
    let app = TestApp::with_fixtures();
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert_eq!(robots.headers["content-type"], "text/plain; charset=utf-8");
    assert!(robots.body.starts_with("User-agent: *\n"));
    assert!(robots.body.contains("Disallow: /admin/\n"));
    assert!(
        robots
            .body
            .contains(&format!("Sitemap: {BASE}/sitemap.xml\n"))
    );

    let staging = TestApp::configured("[robots]\ndisallow_all = true", &[]);
    let body = staging.get("/robots.txt").await.body;
    assert!(body.contains("Disallow: /\n"), "{body}");
    assert!(!body.contains("/admin/"), "{body}");
}
