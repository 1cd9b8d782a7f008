//! The site in Arabic and Persian: translated articles linked every way,
//! names of experts, types and topics in the page's language, the language
//! switch, slugs in Persian script, and per-language feeds, search,
//! sitemap and export.

use crate::{TestApp, assert_in_order};

const ARABIC: &str = "/ar/policy-analysis/bwtyn-lys-hlyfa-fy-alhrb-ly-alarhab-am-2024";
const PERSIAN_SLUG: &str = "پوتین-در-جنگ-با-تروریسم-متحد-نیست";
const ENGLISH: &str = "/policy-analysis/putin-no-ally-war-terror-2024";

fn persian_path() -> String {
    format!(
        "/fa/policy-analysis/{}",
        folio_core::encode_segment(PERSIAN_SLUG)
    )
}

#[tokio::test]
async fn the_arabic_article_is_right_to_left_in_arabic_throughout() {
    let app = TestApp::with_languages();
    let html = app.page(ARABIC).await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert_in_order(
        &html,
        &[
            "<h1 class=\"article__title\">بوتين ليس حليفاً في الحرب على الإرهاب عام 2024</h1>",
            "بقلم <a href=\"/ar/experts/anna-borshchevskaya\"><bdi>آنا بورشيفسكايا</bdi></a>",
            "5 نيسان/أبريل 2024",
            "متوفر أيضاً في",
            &format!("href=\"{ENGLISH}\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>"),
            "hreflang=\"fa\" lang=\"fa\" dir=\"rtl\">فارسی</a>",
            "نُشر أيضاً في",
            "19Forty-Five",
            "عن المؤلفين",
            "آنا بورشيفسكايا هي زميلة أقدم في معهد واشنطن",
            ">مقالات وشهادات</a>",
            "بلا أي دليل",
            "موصى به",
            "تاريخ روسيا المشبوه في مكافحة الإرهاب",
            "المواضيع",
            "التنافس بين القوى العظمى",
            "المناطق والبلدان",
            "الشرق الأوسط",
        ],
    );
    assert!(!html.contains("Articles &amp; Testimony"), "{html}");
    assert!(!html.contains(">Anna Borshchevskaya<"), "{html}");
    for (language, path) in [
        ("ar", ARABIC.to_owned()),
        ("en", ENGLISH.to_owned()),
        ("fa", persian_path()),
    ] {
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"{language}\" href=\"http://127.0.0.1:8080{path}\">"
            )),
            "{language} alternate missing: {html}"
        );
    }
}

#[tokio::test]
async fn the_english_original_lists_both_versions_by_their_own_names() {
    let app = TestApp::with_languages();
    let html = app.page(ENGLISH).await;
    assert_in_order(
        &html,
        &[
            "Also available in",
            &format!("href=\"{ARABIC}\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"),
            &format!(
                "href=\"{}\" hreflang=\"fa\" lang=\"fa\" dir=\"rtl\">فارسی</a>",
                persian_path()
            ),
        ],
    );
    // English pages keep English names.
    assert!(html.contains("<bdi>Anna Borshchevskaya</bdi>"));
    assert!(html.contains(">Articles &amp; Testimony</a>"));
}

#[tokio::test]
async fn the_language_switch_goes_to_this_page_s_translation_or_that_language_s_home() {
    let app = TestApp::with_languages();
    let switch = |html: &str| -> Vec<String> {
        let nav = &html[html.find("class=\"language-switch\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        nav.match_indices("href=\"")
            .map(|(at, _)| {
                let rest = &nav[at + 6..];
                rest[..rest.find('"').unwrap()].to_owned()
            })
            .collect()
    };
    let english = app.page(ENGLISH).await;
    assert_eq!(
        switch(&english),
        [ENGLISH.to_owned(), ARABIC.to_owned(), persian_path()]
    );
    // Seed 000 has an Arabic version and no Persian one.
    let older = app
        .page("/policy-analysis/russias-questionable-counterterrorism-record")
        .await;
    let links = switch(&older);
    assert!(
        links[1].starts_with("/ar/policy-analysis/tarykh-rwsya"),
        "{links:?}"
    );
    assert_eq!(links[2], "/fa");
    // A topic switches to the same topic in each language.
    let topic = app.page("/policy-analysis/terrorism").await;
    assert_eq!(
        switch(&topic),
        [
            "/policy-analysis/terrorism",
            "/ar/policy-analysis/alarhab",
            "/fa/policy-analysis/trwrysm"
        ]
    );
    assert!(topic.contains(
        "<link rel=\"alternate\" hreflang=\"ar\" href=\"http://127.0.0.1:8080/ar/policy-analysis/alarhab\">"
    ));
    let arabic_topic = app.page("/ar/policy-analysis/alarhab").await;
    assert_eq!(switch(&arabic_topic)[0], "/policy-analysis/terrorism");
}

#[tokio::test]
async fn a_slug_in_persian_script_routes_however_it_is_encoded() {
    let app = TestApp::with_languages();
    let upper = persian_path();
    let lower = upper
        .replace("%D", "%d")
        .replace("%A", "%a")
        .replace("%B", "%b");
    assert_ne!(upper, lower);
    for path in [upper, lower] {
        let html = app.page(&path).await;
        assert!(html.contains("<html lang=\"fa\" dir=\"rtl\">"), "{path}");
        assert!(
            html.contains("پوتین در جنگ با تروریسم متحد ما نیست"),
            "{path}"
        );
        assert!(html.contains("<bdi>آنا بورشچفسکایا</bdi>"), "{path}");
        assert!(html.contains("۵ آوریل ۲۰۲۴"), "Persian digits: {path}");
    }
}

#[tokio::test]
async fn experts_types_and_programs_show_their_names_in_the_page_s_language() {
    let app = TestApp::with_languages();
    let expert = app.page("/ar/experts/anna-borshchevskaya").await;
    assert!(
        expert.contains("<h1><bdi>آنا بورشيفسكايا</bdi></h1>"),
        "{expert}"
    );
    assert!(expert.contains("آنا بورشيفسكايا هي زميلة أقدم"));
    // Her Arabic analysis, and the type facet in Arabic.
    assert!(expert.contains("بوتين ليس حليفاً"));
    assert!(expert.contains("<bdi>مقالات وشهادات</bdi>"), "{expert}");
    let persian = app.page("/fa/experts/anna-borshchevskaya").await;
    assert!(persian.contains("<h1><bdi>آنا بورشچفسکایا</bdi></h1>"));
    let english = app.page("/experts/anna-borshchevskaya").await;
    assert!(english.contains("<h1><bdi>Anna Borshchevskaya</bdi></h1>"));

    let types = app.page("/ar/types").await;
    assert!(types.contains("<bdi>مقالات وشهادات</bdi>"), "{types}");
    let experts = app.page("/ar/experts").await;
    assert!(experts.contains("آنا بورشيفسكايا"), "{experts}");
    let home = app.page("/ar").await;
    assert!(home.contains("<bdi>آنا بورشيفسكايا</bdi>"), "{home}");
    assert!(!home.contains("Anna Borshchevskaya"), "{home}");
}

#[tokio::test]
async fn arabic_and_persian_have_their_own_feeds_search_and_sitemap_alternates() {
    let app = TestApp::with_languages();
    let atom = app.get("/ar/feed.atom").await;
    assert_eq!(atom.status, 200);
    assert!(
        atom.body.contains("<name>آنا بورشيفسكايا</name>"),
        "{}",
        atom.body
    );
    assert!(
        atom.body.contains("term=\"مقالات وشهادات\""),
        "{}",
        atom.body
    );
    assert!(
        !atom.body.contains("Putin Is No Ally"),
        "only Arabic pieces"
    );
    let persian_feed = app.get("/fa/feed.json").await;
    assert!(persian_feed.body.contains("پوتین در جنگ با تروریسم"));

    let search = app
        .page("/ar/search?q=%D8%A7%D9%84%D8%A5%D8%B1%D9%87%D8%A7%D8%A8")
        .await;
    assert!(search.contains("بوتين ليس حليفاً"), "{search}");
    assert!(search.contains("<bdi>آنا بورشيفسكايا</bdi>"), "{search}");
    let persian = app
        .page("/fa/search?q=%D8%AA%D8%B1%D9%88%D8%B1%DB%8C%D8%B3%D9%85")
        .await;
    assert!(
        persian.contains("<li class=\"result card\" lang=\"fa\" dir=\"rtl\">"),
        "{persian}"
    );
    assert!(
        persian.contains("۱ نتیجه") || persian.contains("یک نتیجه"),
        "{persian}"
    );
    // Her Arabic name finds her English pieces too.
    let by_name = app
        .page("/search?q=%D8%A8%D9%88%D8%B1%D8%B4%D9%8A%D9%81%D8%B3%D9%83%D8%A7%D9%8A%D8%A7")
        .await;
    assert!(by_name.contains("Putin Is No Ally"), "{by_name}");

    let sitemap = app.get("/sitemap.xml").await.body;
    let terrorism = &sitemap[sitemap
        .find("<loc>http://127.0.0.1:8080/policy-analysis/terrorism</loc>")
        .unwrap()..];
    let terrorism = &terrorism[..terrorism.find("</url>").unwrap()];
    assert!(
        terrorism
            .contains("hreflang=\"ar\" href=\"http://127.0.0.1:8080/ar/policy-analysis/alarhab\""),
        "{terrorism}"
    );
    assert!(terrorism.contains("hreflang=\"fa\""), "{terrorism}");
}

#[tokio::test]
async fn the_static_export_writes_each_language_s_pages_under_their_own_names() {
    let app = TestApp::with_languages();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    folio_web::export::export_site(&app.state, &out)
        .await
        .unwrap();
    let files = crate::export::files_under(&out);
    for expected in [
        "ar/index.html".to_owned(),
        "fa/index.html".to_owned(),
        "ar/policy-analysis/bwtyn-lys-hlyfa-fy-alhrb-ly-alarhab-am-2024/index.html".to_owned(),
        // A static host decodes the request path and looks for this name.
        format!("fa/policy-analysis/{PERSIAN_SLUG}/index.html"),
        "ar/policy-analysis/alarhab/feed.atom".to_owned(),
        "fa/search-index.json".to_owned(),
        "ar/experts/anna-borshchevskaya/index.html".to_owned(),
    ] {
        assert!(files.contains(&expected), "{expected} is missing");
    }
    let persian =
        std::fs::read_to_string(out.join(format!("fa/policy-analysis/{PERSIAN_SLUG}/index.html")))
            .unwrap();
    assert!(persian.contains("<html lang=\"fa\" dir=\"rtl\">"));
    let index = std::fs::read_to_string(out.join("ar/search-index.json")).unwrap();
    assert!(
        index.contains("آنا بورشيفسكايا"),
        "the browser search shows Arabic names"
    );
    let broken = crate::export::broken_links(&out, &files);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[tokio::test]
async fn an_arabic_piece_is_cited_with_the_names_it_prints() {
    let app = TestApp::with_languages();
    let ris = app.get(&format!("{ARABIC}/cite.ris")).await;
    assert_eq!(ris.status, 200);
    assert!(
        ris.body
            .contains("TI  - بوتين ليس حليفاً في الحرب على الإرهاب عام 2024"),
        "{}",
        ris.body
    );
    // Names in other scripts are printed as written (folio_cite's rule).
    assert!(ris.body.contains("AU  - آنا بورشيفسكايا"), "{}", ris.body);
    let page = app.page(ARABIC).await;
    assert!(
        page.contains("<meta name=\"citation_author\" content=\"آنا بورشيفسكايا\">"),
        "{page}"
    );
    let english = app.get(&format!("{ENGLISH}/cite.ris")).await;
    assert!(
        english.body.contains("AU  - Borshchevskaya, Anna"),
        "{}",
        english.body
    );
}
