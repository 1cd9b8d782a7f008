//! Writing in the editor: validation, conflicts, revisions, preview and the
//! workflow up to the public site.

use axum::http::StatusCode;
use folio_core::{ArticleId, ArticleStatus, Role};

use crate::{TestApp, as_pairs, created_id, editor_fields, textarea_value, with_field};

const SEED: &str = "russias-questionable-counterterrorism-record";

#[tokio::test]
async fn a_bad_field_is_shown_next_to_it_and_nothing_typed_is_lost() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let body = "A long body with <angle brackets> & ampersands.\n\nSecond paragraph.";
    let response = editor
        .post(
            "/admin/articles/new",
            &[
                ("language", "en"),
                ("title", "Water and war"),
                ("body", body),
                ("authors", "Nobody Atall"),
                ("published_on", "23/11/2026"),
                ("slug", SEED),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(textarea_value(&response.body, "body"), body);
    assert!(response.body.contains("value=\"Water and war\""));
    assert!(response.body.contains("No expert is called “Nobody Atall”"));
    assert!(response.body.contains("Write the date as YYYY-MM-DD"));
    assert!(
        response
            .body
            .contains("already the address of another article"),
        "slugs are unique across the shared namespace"
    );
    let topic_slug = app
        .store
        .read(|c| {
            folio_db::path_kind(
                c,
                &folio_core::LanguageCode::english(),
                &folio_core::Slug::parse("terrorism").unwrap(),
            )
        })
        .unwrap();
    assert_eq!(topic_slug, Some(folio_core::PathKind::Topic));
    let clash = editor
        .post(
            "/admin/articles/new",
            &[("language", "en"), ("title", "Terrorism")],
        )
        .await;
    assert!(
        clash.body.contains("already the address of a topic"),
        "{}",
        clash.body
    );
    assert_eq!(
        app.store
            .read(|c| folio_db::admin_articles(
                c,
                &folio_db::AdminArticleQuery {
                    status: Some(ArticleStatus::Draft),
                    created_by: None,
                    title_contains: None,
                    page: folio_core::PageRequest::new(1, 10),
                }
            ))
            .unwrap()
            .total,
        0,
        "nothing was saved"
    );
}

#[tokio::test]
async fn every_field_of_the_content_model_round_trips_through_the_editor() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let id = app.article_id("en", SEED);
    let page = editor.get(&format!("/admin/articles/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let before = app
        .store
        .read(|c| folio_db::article_by_id(c, ArticleId(id), folio_db::Visibility::All))
        .unwrap()
        .unwrap();
    // Sent back unchanged, as a browser would, the article is unchanged.
    let fields = editor_fields(&page.body);
    let links = app
        .store
        .read(|c| folio_db::article_translation_links(c, ArticleId(id)))
        .unwrap();
    assert!(!links.is_empty() && !before.syndications.is_empty());
    let saved = editor
        .post(&format!("/admin/articles/{id}"), &as_pairs(&fields))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = app
        .store
        .read(|c| folio_db::article_by_id(c, ArticleId(id), folio_db::Visibility::All))
        .unwrap()
        .unwrap();
    assert_eq!(
        before.to_input(links.clone()),
        after.to_input(links),
        "a save of the untouched form changes nothing"
    );
    assert!(!after.authors.is_empty() && !after.topics.is_empty() && !after.recommended.is_empty());
}

#[tokio::test]
async fn two_editors_on_one_article_get_a_conflict_not_a_silent_overwrite() {
    let app = TestApp::new();
    app.user("ana@example.org", Role::Editor);
    app.user("ben@example.org", Role::Editor);
    let ana = app.login("ana@example.org").await;
    let ben = app.login("ben@example.org").await;
    let id = app.article_id("en", SEED);
    let path = format!("/admin/articles/{id}");
    let ana_form = editor_fields(&ana.get(&path).await.body);
    let ben_form = editor_fields(&ben.get(&path).await.body);

    let ana_saves = ana
        .post(
            &path,
            &as_pairs(&with_field(ana_form, "deck", "Ana's deck.")),
        )
        .await;
    assert_eq!(
        ana_saves.status,
        StatusCode::SEE_OTHER,
        "{}",
        ana_saves.body
    );
    let ben_text = "Ben's deck, typed without knowing.";
    let ben_saves = ben
        .post(&path, &as_pairs(&with_field(ben_form, "deck", ben_text)))
        .await;
    assert_eq!(ben_saves.status, StatusCode::CONFLICT);
    assert!(ben_saves.body.contains("Someone else saved this article"));
    assert_eq!(
        textarea_value(&ben_saves.body, "deck"),
        ben_text,
        "Ben's text is kept"
    );
    let stored = |app: &TestApp| {
        app.store
            .read(|c| folio_db::article_by_id(c, ArticleId(id), folio_db::Visibility::All))
            .unwrap()
            .unwrap()
            .deck
    };
    assert_eq!(stored(&app), "Ana's deck.");
    // Saving again from the conflict page is a deliberate overwrite.
    let again = ben
        .post(&path, &as_pairs(&editor_fields(&ben_saves.body)))
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(stored(&app), ben_text);
}

#[tokio::test]
async fn revisions_record_each_save_compare_and_restore() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let created = editor
        .post(
            "/admin/articles/new",
            &[
                ("language", "en"),
                ("title", "Grain corridors"),
                ("body", "First version.\n\nShared ending."),
            ],
        )
        .await;
    let id = created_id(&created);
    let path = format!("/admin/articles/{id}");
    let form = editor_fields(&editor.get(&path).await.body);
    let saved = editor
        .post(
            &path,
            &as_pairs(&with_field(
                form,
                "body",
                "Second version.\n\nShared ending.",
            )),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let revisions = app
        .store
        .read(|c| folio_db::list_revisions(c, ArticleId(id)))
        .unwrap();
    assert_eq!(revisions.len(), 2);
    assert!(revisions[0].actor.contains("editor@example.org"));
    let list = editor.get(&format!("{path}/revisions")).await;
    assert!(list.body.contains("Created") && list.body.contains("Saved"));
    let diff = editor
        .get(&format!(
            "{path}/diff?from={}&to={}",
            revisions[1].id.0, revisions[0].id.0
        ))
        .await;
    assert_eq!(diff.status, StatusCode::OK);
    assert!(
        diff.body
            .contains("<span class=\"removed\">- First version.</span>"),
        "{}",
        diff.body
    );
    assert!(
        diff.body
            .contains("<span class=\"added\">+ Second version.</span>")
    );
    assert!(
        diff.body
            .contains("<span class=\"same\">  Shared ending.</span>")
    );

    let restored = editor
        .post(
            &format!("{path}/revisions/{}/restore", revisions[1].id.0),
            &[],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    let article = app
        .store
        .read(|c| folio_db::article_by_id(c, ArticleId(id), folio_db::Visibility::All))
        .unwrap()
        .unwrap();
    assert_eq!(article.body_markdown, "First version.\n\nShared ending.");
    let revisions = app
        .store
        .read(|c| folio_db::list_revisions(c, ArticleId(id)))
        .unwrap();
    assert_eq!(revisions.len(), 3, "the restore is itself a revision");
    assert_eq!(revisions[0].note, "Restored revision 1");
    assert_eq!(
        revisions[1].snapshot.body_markdown, "Second version.\n\nShared ending.",
        "nothing is lost"
    );
    assert!(app.audit_actions().contains(&"article.restored".to_owned()));
}

#[tokio::test]
async fn the_preview_is_the_public_page() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let id = app.article_id("en", SEED);
    let fields = editor_fields(&editor.get(&format!("/admin/articles/{id}")).await.body);
    let preview = editor.post("/admin/preview", &as_pairs(&fields)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let public = app.get(&format!("/policy-analysis/{SEED}")).await;
    // A preview is a rehearsed save: only the modification time differs.
    assert_eq!(
        without_modified_times(&preview.body),
        without_modified_times(&public.body),
        "the unchanged form previews as the live page"
    );

    let changed = with_field(fields, "title", "A retitled piece, not yet saved");
    let preview = editor.post("/admin/preview", &as_pairs(&changed)).await;
    assert!(preview.body.contains("A retitled piece, not yet saved"));
    let public = app.get(&format!("/policy-analysis/{SEED}")).await;
    assert!(
        !public.body.contains("A retitled piece"),
        "a preview saves nothing"
    );
}

#[tokio::test]
async fn publishing_puts_a_draft_on_the_site_search_and_api_and_unpublishing_removes_it() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let expert = app.store.read(folio_db::all_experts).unwrap()[0].clone();
    let created = editor
        .post(
            "/admin/articles/new",
            &[
                ("language", "en"),
                ("title", "Desalination diplomacy"),
                (
                    "body",
                    "Aquifers and desalination plants shape regional bargaining.",
                ),
                ("authors", &expert.name),
                ("topic", "terrorism"),
            ],
        )
        .await;
    let id = created_id(&created);
    let public_path = "/policy-analysis/desalination-diplomacy";
    assert_eq!(
        visible(&app, public_path).await,
        (false, false, false),
        "a draft is nowhere public"
    );
    editor
        .post(
            &format!("/admin/articles/{id}/workflow"),
            &[("action", "submit")],
        )
        .await;
    assert_eq!(
        visible(&app, public_path).await,
        (false, false, false),
        "in review is not public"
    );
    let published = editor
        .post(
            &format!("/admin/articles/{id}/workflow"),
            &[("action", "publish")],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    assert_eq!(visible(&app, public_path).await, (true, true, true));
    let state = app
        .store
        .read(|c| folio_db::article_by_id(c, ArticleId(id), folio_db::Visibility::All))
        .unwrap()
        .unwrap();
    assert!(state.published_on.is_some(), "publishing dates the piece");
    editor
        .post(
            &format!("/admin/articles/{id}/workflow"),
            &[("action", "archive")],
        )
        .await;
    assert_eq!(
        visible(&app, public_path).await,
        (false, false, false),
        "archived is not public"
    );
    let actions = app.audit_actions();
    for action in [
        "article.created",
        "article.submit",
        "article.publish",
        "article.archive",
    ] {
        assert!(
            actions.contains(&action.to_owned()),
            "{action} in {actions:?}"
        );
    }
}

/// Whether an article is on its page, in search results and in the API.
async fn visible(app: &TestApp, public_path: &str) -> (bool, bool, bool) {
    app.search.catch_up().unwrap();
    let page = app.get(public_path).await.status == StatusCode::OK;
    let search = app
        .get("/search?q=desalination")
        .await
        .body
        .contains("/policy-analysis/desalination-diplomacy");
    let api = app
        .get("/api/search?q=desalination")
        .await
        .body
        .contains("Desalination diplomacy");
    (page, search, api)
}

#[tokio::test]
async fn editors_manage_experts_and_taxonomies() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let program = editor
        .post("/admin/taxonomy/programs", &[("name", "Water Program")])
        .await;
    assert_eq!(program.status, StatusCode::OK, "{}", program.body);
    let program_id = app
        .store
        .read(folio_db::list_programs)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Water Program")
        .unwrap()
        .id
        .0;
    let saved = editor
        .post(
            "/admin/experts/new",
            &[
                ("name", "Dana Haddad"),
                ("bio", "Senior fellow for water."),
                ("program", &program_id.to_string()),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let expert = app
        .store
        .read(|c| folio_db::expert_by_slug(c, &folio_core::Slug::parse("dana-haddad").unwrap()))
        .unwrap()
        .unwrap();
    assert_eq!(expert.programs[0].name, "Water Program");
    assert_eq!(app.get("/experts/dana-haddad").await.status, StatusCode::OK);
    let duplicate = editor
        .post("/admin/experts/new", &[("name", "Dana Haddad")])
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(duplicate.body.contains("value=\"Dana Haddad\""));

    let region = editor
        .post(
            "/admin/taxonomy/regions",
            &[("name", "Nile Basin"), ("language", "en")],
        )
        .await;
    assert_eq!(region.status, StatusCode::OK);
    assert!(region.body.contains("nile-basin"));
    let clash = editor
        .post(
            "/admin/taxonomy/regions",
            &[
                ("name", "Terror"),
                ("slug", "terrorism"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(
        clash.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a topic's slug cannot become a region"
    );
    let renamed = editor
        .post(
            "/admin/taxonomy/topics",
            &[
                ("name", "Terrorism & Extremism"),
                ("slug", "terrorism"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    app.search.catch_up().unwrap();
    assert!(
        app.get("/policy-analysis/terrorism")
            .await
            .body
            .contains("Terrorism &amp; Extremism")
    );
}

#[tokio::test]
async fn an_imported_article_keeps_its_imported_text_as_the_first_revision() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let id = app.article_id("en", SEED);
    let revisions = |app: &TestApp| {
        app.store
            .read(|c| folio_db::list_revisions(c, ArticleId(id)))
            .unwrap()
    };
    assert!(
        revisions(&app).is_empty(),
        "a first import keeps no revision"
    );
    let path = format!("/admin/articles/{id}");
    let form = editor_fields(&editor.get(&path).await.body);
    let deck = textarea_value(&editor.get(&path).await.body, "deck");
    editor
        .post(
            &path,
            &as_pairs(&with_field(form, "deck", "An edited deck.")),
        )
        .await;
    let kept = revisions(&app);
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[1].note, "As imported");
    assert_eq!(kept[1].snapshot.deck, deck);
    assert_eq!(kept[0].snapshot.deck, "An edited deck.");
}

#[tokio::test]
async fn an_import_over_an_editors_work_keeps_both_as_revisions() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let id = app.article_id("en", SEED);
    let path = format!("/admin/articles/{id}");
    let form = editor_fields(&editor.get(&path).await.body);
    editor
        .post(
            &path,
            &as_pairs(&with_field(form, "deck", "The editor's careful deck.")),
        )
        .await;

    // The crawled page changes and is imported again.
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/pages/seeds/000_bc9257f421afcb15.txt"),
    )
    .unwrap();
    let changed = seed.replace("In theory, Russia", "In principle, Russia");
    assert_ne!(changed, seed);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("000_changed.txt");
    std::fs::write(&file, changed).unwrap();
    let options = folio_import::ImportOptions {
        default_language: folio_core::LanguageCode::english(),
        languages: Vec::new(),
    };
    let report = folio_import::import_files(&app.store, &[file], &options, &mut |_| {}).unwrap();
    assert_eq!(report.updated, 1, "{report:?}");

    let revisions = app
        .store
        .read(|c| folio_db::list_revisions(c, ArticleId(id)))
        .unwrap();
    let notes: Vec<&str> = revisions.iter().map(|r| r.note.as_str()).collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(
        notes[0].starts_with("Imported again from ")
            && notes[0].ends_with("000_changed.txt (the page changed)"),
        "{notes:?}"
    );
    assert!(
        revisions[0]
            .snapshot
            .body_markdown
            .starts_with("In principle")
    );
    let editors = revisions
        .iter()
        .find(|r| r.snapshot.deck == "The editor's careful deck.")
        .expect("the editor's text is kept");
    let restored = editor
        .post(&format!("{path}/revisions/{}/restore", editors.id.0), &[])
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    let article = app
        .store
        .read(|c| folio_db::article_by_id(c, ArticleId(id), folio_db::Visibility::All))
        .unwrap()
        .unwrap();
    assert_eq!(article.deck, "The editor's careful deck.");
    assert!(article.body_markdown.starts_with("In theory"));
}

/// The page with the modification times its metadata reports blanked.
fn without_modified_times(html: &str) -> String {
    let mut out = html.to_owned();
    for opening in [
        r#"<meta property="article:modified_time" content=""#,
        r#""dateModified":""#,
    ] {
        let mut from = 0;
        while let Some(at) = out[from..].find(opening) {
            let start = from + at + opening.len();
            let end = start + out[start..].find('"').unwrap();
            out.replace_range(start..end, "");
            from = start;
        }
    }
    out
}
