//! Editors give experts, topics, regions, content types and programs their
//! names in the site's other languages, and link topics and regions to
//! their versions there.

use axum::http::StatusCode;
use folio_core::{Role, Slug};

use crate::{TestApp, input_value, textarea_value};

fn expert_id(app: &TestApp, slug: &str) -> i64 {
    app.store
        .read(|c| folio_db::expert_by_slug(c, &Slug::parse(slug).unwrap()))
        .unwrap()
        .unwrap()
        .id
        .0
}

#[tokio::test]
async fn an_expert_s_name_and_bio_in_arabic_and_persian_are_edited_beside_the_english() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let id = expert_id(&app, "anna-borshchevskaya");
    let path = format!("/admin/experts/{id}");

    // The Arabic translation of seed 000 brought her Arabic name.
    let form = editor.get(&path).await.body;
    assert_eq!(
        input_value(&form, "name_ar").as_deref(),
        Some("آنا بورشيفسكايا")
    );
    assert_eq!(input_value(&form, "name_fa").as_deref(), Some(""));
    assert!(form.contains("lang=\"fa\" dir=\"rtl\""), "{form}");

    let fields = |name_fa: &'static str, bio_fa: &'static str| {
        vec![
            ("name", "Anna Borshchevskaya"),
            ("bio", "Anna Borshchevskaya is a senior fellow."),
            ("name_ar", "آنا بورشيفسكايا"),
            ("bio_ar", "زميلة أقدم في المعهد."),
            ("name_fa", name_fa),
            ("bio_fa", bio_fa),
        ]
    };
    let saved = editor
        .post(&path, &fields("آنا بورشچفسکایا", "پژوهشگر ارشد."))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let persian = app.get("/fa/experts/anna-borshchevskaya").await.body;
    assert!(
        persian.contains("<h1><bdi>آنا بورشچفسکایا</bdi></h1>"),
        "{persian}"
    );
    assert!(persian.contains("پژوهشگر ارشد."));
    let arabic = app.get("/ar/experts/anna-borshchevskaya").await.body;
    assert!(arabic.contains("زميلة أقدم في المعهد."));

    // A bio without a name comes back with the text kept.
    let refused = editor.post(&path, &fields("", "پژوهشگر ارشد.")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Give the name in فارسی too"),
        "{}",
        refused.body
    );
    assert_eq!(textarea_value(&refused.body, "bio_fa"), "پژوهشگر ارشد.");

    // Both empty: Persian pages show the English name again.
    let cleared = editor.post(&path, &fields("", "")).await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER);
    let persian = app.get("/fa/experts/anna-borshchevskaya").await.body;
    assert!(persian.contains("<h1><bdi>Anna Borshchevskaya</bdi></h1>"));
    assert!(app.audit_actions().contains(&"expert.updated".to_owned()));
}

#[tokio::test]
async fn a_topic_is_linked_to_and_unlinked_from_its_versions_in_other_languages() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let arabic_switch =
        |html: &str| html.contains("href=\"/ar/policy-analysis/alarhab\" hreflang=\"ar\"");

    // The import paired the seed's topics with the Arabic translation's.
    let form = editor
        .get("/admin/taxonomy/topics?language=en&edit=terrorism")
        .await
        .body;
    assert_eq!(input_value(&form, "name").as_deref(), Some("Terrorism"));
    assert!(
        form.contains(
            "<option value=\"alarhab\" lang=\"ar\" dir=\"rtl\" selected>الإرهاب (alarhab)</option>"
        ),
        "{form}"
    );
    assert!(
        form.contains("العربية: الإرهاب"),
        "the list shows the versions: {form}"
    );
    assert!(arabic_switch(
        &app.get("/policy-analysis/terrorism").await.body
    ));

    let exact = |arabic: &'static str| {
        vec![
            ("language", "en"),
            ("name", "Terrorism"),
            ("slug", "terrorism"),
            ("translations_given", "1"),
            ("translation_ar", arabic),
            ("translation_fa", ""),
        ]
    };
    let unlinked = editor.post("/admin/taxonomy/topics", &exact("")).await;
    assert_eq!(unlinked.status, StatusCode::OK, "{}", unlinked.body);
    let page = app.get("/policy-analysis/terrorism").await.body;
    assert!(
        !arabic_switch(&page),
        "the switch goes to the Arabic home now"
    );
    assert!(page.contains("href=\"/ar\" hreflang=\"ar\""), "{page}");

    let relinked = editor
        .post("/admin/taxonomy/topics", &exact("alarhab"))
        .await;
    assert_eq!(relinked.status, StatusCode::OK, "{}", relinked.body);
    assert!(arabic_switch(
        &app.get("/policy-analysis/terrorism").await.body
    ));

    // The Arabic topic already translates Terrorism: not Military & Security too.
    let taken = editor
        .post(
            "/admin/taxonomy/topics",
            &[
                ("language", "en"),
                ("name", "Military & Security"),
                ("slug", "military-security"),
                ("translation_ar", "alarhab"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken.body.contains("is already the version of “Terrorism”"),
        "{}",
        taken.body
    );
    let unknown = editor
        .post(
            "/admin/taxonomy/topics",
            &[
                ("language", "en"),
                ("name", "Terrorism"),
                ("slug", "terrorism"),
                ("translation_fa", "nothing-here"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .body
            .contains("There is no topic “nothing-here” in fa")
    );
}

#[tokio::test]
async fn content_types_and_programs_are_named_in_each_language_on_its_tab() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;

    let tab = editor.get("/admin/taxonomy/types?language=ar").await.body;
    assert!(tab.contains("Name an entry in العربية"), "{tab}");
    assert!(
        tab.contains("مقالات وشهادات"),
        "the imported Arabic name: {tab}"
    );
    let named = editor
        .post(
            "/admin/taxonomy/types",
            &[
                ("language", "ar"),
                ("slug", "articles-testimony"),
                ("name", "مقالات ومداخلات"),
            ],
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.body);
    assert!(
        app.get("/ar/types")
            .await
            .body
            .contains("<bdi>مقالات ومداخلات</bdi>")
    );
    assert!(
        app.get("/types")
            .await
            .body
            .contains("<bdi>Articles &amp; Testimony</bdi>"),
        "the English name is untouched"
    );
    let removed = editor
        .post(
            "/admin/taxonomy/types",
            &[
                ("language", "ar"),
                ("slug", "articles-testimony"),
                ("name", ""),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert!(
        app.get("/ar/types")
            .await
            .body
            .contains("<bdi>Articles &amp; Testimony</bdi>")
    );
    let unknown = editor
        .post(
            "/admin/taxonomy/types",
            &[
                ("language", "ar"),
                ("slug", "no-such-type"),
                ("name", "شيء"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .body
            .contains("There is no content type “no-such-type”"),
        "{}",
        unknown.body
    );
    assert!(unknown.body.contains("value=\"شيء\""), "the text is kept");

    let program = app.store.read(folio_db::list_programs).unwrap()[0].clone();
    let named = editor
        .post(
            "/admin/taxonomy/programs",
            &[
                ("language", "fa"),
                ("slug", program.slug.as_str()),
                ("name", "برنامه رقابت قدرت‌های بزرگ"),
            ],
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.body);
    let programs = app.get("/fa/programs").await.body;
    assert!(programs.contains("برنامه رقابت قدرت‌های بزرگ"), "{programs}");
    let edit = editor
        .get(&format!(
            "/admin/taxonomy/programs?language=fa&edit={}",
            program.slug
        ))
        .await
        .body;
    assert_eq!(
        input_value(&edit, "name").as_deref(),
        Some("برنامه رقابت قدرت‌های بزرگ")
    );
}
