//! Scheduled publishing: at its time, once, even across a restart.

use axum::http::StatusCode;
use folio_core::{ArticleId, ArticleStatus, Role, Timestamp};
use folio_web::admin::AdminSettings;

use crate::{TestApp, created_id};

/// A time `seconds` from now as a `datetime-local` value in the site's
/// time zone (the defaults' America/New_York).
fn local_in(app: &TestApp, seconds: i64) -> String {
    (Timestamp::now() + jiff::SignedDuration::from_secs(seconds))
        .to_zoned(app.state.config.site.time_zone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

#[tokio::test]
async fn a_scheduled_article_publishes_itself_once_even_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    {
        let app = TestApp::open(dir.path(), AdminSettings::default());
        app.user("editor@example.org", Role::Editor);
        let editor = app.login("editor@example.org").await;
        let created = editor
            .post(
                "/admin/articles/new",
                &[
                    ("language", "en"),
                    ("title", "Timed release"),
                    ("body", "Out at its hour."),
                ],
            )
            .await;
        id = created_id(&created);
        let past = editor
            .post(
                &format!("/admin/articles/{id}/workflow"),
                &[("action", "schedule"), ("publish_at", &local_in(&app, -60))],
            )
            .await;
        assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(past.body.contains("Choose a time in the future"));
        let scheduled = editor
            .post(
                &format!("/admin/articles/{id}/workflow"),
                &[("action", "schedule"), ("publish_at", &local_in(&app, 2))],
            )
            .await;
        assert_eq!(
            scheduled.status,
            StatusCode::SEE_OTHER,
            "{}",
            scheduled.body
        );
        let page = editor.get(&format!("/admin/articles/{id}")).await;
        assert!(page.body.contains("publishes itself at"));
        // Not yet: the scheduler finds nothing due, the page is not there.
        let published =
            folio_web::scheduler::publish_due(&app.store, &app.state.config, Timestamp::now())
                .unwrap();
        assert!(published.is_empty());
        assert_eq!(
            app.get("/policy-analysis/timed-release").await.status,
            StatusCode::NOT_FOUND
        );
        // Folio stops before the time comes.
    }
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;

    // A new start over the same data directory catches up at once.
    let app = TestApp::open(dir.path(), AdminSettings::default());
    let published =
        folio_web::scheduler::publish_due(&app.store, &app.state.config, Timestamp::now()).unwrap();
    assert_eq!(published, vec![ArticleId(id)]);
    let again =
        folio_web::scheduler::publish_due(&app.store, &app.state.config, Timestamp::now()).unwrap();
    assert!(again.is_empty(), "published once");
    app.search.catch_up().unwrap();
    assert_eq!(
        app.get("/policy-analysis/timed-release").await.status,
        StatusCode::OK
    );
    assert!(
        app.get("/search?q=timed+release")
            .await
            .body
            .contains("/policy-analysis/timed-release")
    );
    let state = app
        .store
        .read(|c| folio_db::editorial_state(c, ArticleId(id)))
        .unwrap()
        .unwrap();
    assert_eq!(state.status, ArticleStatus::Published);
    assert_eq!(state.publish_at, None);
    let notes: Vec<String> = app
        .store
        .read(|c| folio_db::list_revisions(c, ArticleId(id)))
        .unwrap()
        .into_iter()
        .map(|r| r.note)
        .collect();
    assert_eq!(
        notes
            .iter()
            .filter(|n| *n == "Published as scheduled")
            .count(),
        1,
        "{notes:?}"
    );
    assert_eq!(
        app.audit_actions()
            .iter()
            .filter(|a| *a == "article.publish")
            .count(),
        1
    );
}

#[tokio::test]
async fn the_background_scheduler_publishes_without_anyone_asking() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    let created = editor
        .post(
            "/admin/articles/new",
            &[
                ("language", "en"),
                ("title", "Ticking clock"),
                ("body", "Soon."),
            ],
        )
        .await;
    let id = created_id(&created);
    editor
        .post(
            &format!("/admin/articles/{id}/workflow"),
            &[("action", "schedule"), ("publish_at", &local_in(&app, 1))],
        )
        .await;
    let (_running, stop) = tokio::sync::watch::channel(false);
    let task = folio_web::scheduler::spawn(app.state.clone(), stop);
    let mut status = ArticleStatus::Scheduled;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        status = app
            .store
            .read(|c| folio_db::editorial_state(c, ArticleId(id)))
            .unwrap()
            .unwrap()
            .status;
        if status == ArticleStatus::Published {
            break;
        }
    }
    task.abort();
    assert_eq!(status, ArticleStatus::Published);
}
