//! Every block of both seed pages on the rendered article page, in order.

use crate::*;

#[tokio::test]
async fn the_2017_seed_page_shows_every_block_in_order() {
    let app = TestApp::with_fixtures();
    let html = app
        .page("/policy-analysis/russias-questionable-counterterrorism-record")
        .await;
    assert_in_order(
        &html,
        &[
            "<h1 class=\"article__title\">Russia&#39;s Questionable Counterterrorism Record</h1>",
            "by <a href=\"/experts/anna-borshchevskaya\"><bdi>Anna Borshchevskaya</bdi></a>",
            "<time datetime=\"2017-11-23\">Nov 23, 2017</time>",
            "Also available in",
            "href=\"/ar/policy-analysis/tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb\"",
            ">العربية</a>",
            "About the authors",
            "Anna Borshchevskaya is a senior fellow at The Washington Institute, focusing on Russia&#39;s policy toward the Middle East.",
            ">Articles &amp; Testimony</a>",
            "Moscow&#39;s actions suggest it will never be an honest broker or reliable partner for the West in combating terrorism.",
            "<p>In theory, Russia and the United States are on the same side",
            "Hezbollah and the Taliban…</p>",
            "href=\"https://www.foreignaffairs.com/articles/syria/2017-11-23/russias-questionable-counterterrorism-record\">Read the full article on the <bdi>Foreign Affairs</bdi> website</a>",
            "<cite dir=\"auto\">Foreign Affairs</cite>",
            "Recommended",
            "Articles &amp; Testimony",
            "How to Make Russia Pay in Ukraine: Study Syria",
            "Feb 15, 2022",
            "Anna Borshchevskaya",
            "Bennett’s Bahrain Visit Further Invigorates Israel-Gulf Diplomacy",
            "Simon Henderson",
            "Libya’s Renewed Legitimacy Crisis",
            "Ben Fishman",
            "Topics",
            "<a href=\"/policy-analysis/military-security\"><bdi>Military &amp; Security</bdi></a>",
            "<a href=\"/policy-analysis/terrorism\"><bdi>Terrorism</bdi></a>",
            "Regions &amp; Countries",
            "<a href=\"/policy-analysis/syria\"><bdi>Syria</bdi></a>",
        ],
    );
    assert!(
        html.contains("<link rel=\"alternate\" hreflang=\"ar\""),
        "hreflang for the translation"
    );
}

#[tokio::test]
async fn the_2024_seed_page_shows_every_block_in_order() {
    let app = TestApp::with_fixtures();
    let html = app
        .page("/policy-analysis/putin-no-ally-war-terror-2024")
        .await;
    assert_in_order(
        &html,
        &[
            "Putin Is No Ally in the War on Terror in 2024</h1>",
            "href=\"/experts/anna-borshchevskaya\"",
            "Apr 5, 2024",
            "Also published in <a href=\"https://www.19fortyfive.com/2024/04/putin-is-no-ally-in-the-war-on-terror-in-2024/\"><cite dir=\"auto\">19Forty-Five</cite></a>",
            "About the authors",
            "focusing on Russia&#39;s policy toward the Middle East.",
            "Articles &amp; Testimony",
            "The Kremlin&#39;s legacy of ties to Hezbollah",
            "<div class=\"prose prose--full\">",
            "<p>With no evidence to support their <a href=\"https://www.19fortyfive.com/2024/04/vladimir-putin-the-incompetent-or-pure-evil/\">claims</a>",
            "“outright blackmail”",
            "<strong><a href=\"https://www.rferl.org/a/putin-russia-president-1999-chechnya-apartment-bombings/30097551.html\">blamed</a></strong>",
            "double game with the West when arguing",
            "will continue to be self-defeating.</p>",
            "<footer class=\"article__note\">",
            "Diane and Guilford Glazer Foundation Program on Great Power Competition and the Middle East",
            "<a href=\"https://www.19fortyfive.com/2024/04/putin-is-no-ally-in-the-war-on-terror-in-2024/\">19FortyFive</a> website.",
            "Recommended",
            "Will Israel Find the Right Type of “Victory” in Gaza?",
            "Neomi Neumann",
            "The Imminent, Avoidable U.S.-Israel Rift Over Gaza",
            "David Makovsky",
            "The Continuing Threat of ISIS in Iraq after the Withdrawal of the International Coalition",
            "Omar Dhabian",
            "<a href=\"/policy-analysis/great-power-competition\"><bdi>Great Power Competition</bdi></a>",
            "<a href=\"/policy-analysis/terrorism\"><bdi>Terrorism</bdi></a>",
            "<a href=\"/policy-analysis/middle-east\"><bdi>Middle East</bdi></a>",
        ],
    );
    assert!(
        !html.contains("Also available in"),
        "no translations: no empty block"
    );
}

#[tokio::test]
async fn the_arabic_translation_is_right_to_left_and_links_back() {
    let app = TestApp::with_fixtures();
    let html = app
        .page("/ar/policy-analysis/tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb")
        .await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert_in_order(
        &html,
        &[
            "تاريخ روسيا المشبوه في مكافحة الإرهاب",
            "بقلم",
            "23 تشرين الثاني/نوفمبر 2017",
            "متوفر أيضاً في",
            "href=\"/policy-analysis/russias-questionable-counterterrorism-record\"",
            "عن المؤلفين",
            "اقرأ المقال كاملاً على موقع <bdi>Foreign Affairs</bdi>",
            "موصى به",
            "كيف نجعل روسيا تدفع الثمن في أوكرانيا: ادرسوا سوريا",
            "المواضيع",
            "href=\"/ar/policy-analysis/alarhab\"",
        ],
    );
}

#[tokio::test]
async fn a_recommended_piece_not_in_the_archive_has_a_catalogue_page() {
    let app = TestApp::with_fixtures();
    let response = app
        .get("/policy-analysis/libyas-renewed-legitimacy-crisis")
        .await;
    assert_eq!(response.status, 200);
    assert!(
        response
            .body
            .contains("<meta name=\"robots\" content=\"noindex\">")
    );
    assert_in_order(
        &response.body,
        &[
            "Libya’s Renewed Legitimacy Crisis",
            "Ben Fishman",
            "Feb 14, 2022",
            "not in the archive yet",
            "Russia&#39;s Questionable Counterterrorism Record",
        ],
    );
}

#[tokio::test]
async fn percent_encoded_and_plain_paths_reach_the_same_page() {
    let app = TestApp::with_fixtures();
    let plain = app.page("/experts/anna-borshchevskaya").await;
    let encoded = app.page("/experts/anna%2Dborshchevskaya").await;
    assert_eq!(plain, encoded);
}

#[tokio::test]
async fn uploaded_images_in_the_text_keep_their_place_before_they_load() {
    let app = TestApp::with_fixtures();
    let sha = "a".repeat(64);
    app.store
        .write(|c| {
            folio_db::save_media(
                c,
                &folio_db::NewMedia {
                    sha256: &sha,
                    content_type: "image/png",
                    extension: "png",
                    byte_size: 10,
                    width: 1200,
                    height: 675,
                    alt_text: "A map of eastern Syria",
                    original_name: "map.png",
                    uploaded_by: None,
                },
                folio_core::Timestamp::UNIX_EPOCH,
            )
        })
        .unwrap();
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.body_markdown = format!(
        "![A map of eastern Syria](/media/{sha}.png)\n\n![Elsewhere](https://example.org/x.png)\n\n{}",
        input.body_markdown
    );
    app.save(&input);
    let html = app
        .page("/policy-analysis/putin-no-ally-war-terror-2024")
        .await;
    assert!(
        html.contains(&format!(
            r#"<img loading="lazy" decoding="async" src="/media/{sha}.png" width="1200" height="675" alt="A map of eastern Syria" />"#
        )),
        "{html}"
    );
    assert!(
        html.contains(r#"src="https://example.org/x.png" alt="Elsewhere""#),
        "an image of unknown size gets none: {html}"
    );
}

#[tokio::test]
async fn an_editors_pick_shows_the_picked_piece_as_it_is_now() {
    let app = TestApp::with_fixtures();
    let picked_slug = "russias-questionable-counterterrorism-record";
    let mut page = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    page.recommended = vec![folio_core::RecommendedItem {
        language: folio_core::LanguageCode::english(),
        slug: folio_core::Slug::parse(picked_slug).unwrap(),
        title: "The Title the Pick Was Recorded With".into(),
        type_label: None,
        published_on: None,
        author_names: vec![],
    }];
    app.save(&page);
    let path = "/policy-analysis/putin-no-ally-war-terror-2024";
    let before = app.page(path).await;
    assert!(
        before.contains("Russia&#39;s Questionable Counterterrorism Record</a>"),
        "the live piece, not the record: {before}"
    );

    let mut picked = input_from(&app.article("en", picked_slug));
    picked.title = "A Title the Picked Piece Has Now".into();
    app.save(&picked);
    let after = app.page(path).await;
    assert!(
        after.contains("A Title the Picked Piece Has Now</a>"),
        "{after}"
    );
}
