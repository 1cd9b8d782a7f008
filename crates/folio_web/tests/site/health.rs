//! `/healthz` and `/readyz`, as a load balancer asks them.

use folio_core::{Slug, Timestamp};

use crate::TestApp;

#[tokio::test]
async fn healthz_answers_and_readyz_waits_for_the_search_index() {
    let app = TestApp::empty();
    let alive = app.get("/healthz").await;
    assert_eq!(alive.status, 200);
    assert_eq!(alive.body, "ok\n");
    assert_eq!(alive.headers["cache-control"], "no-store");

    assert_eq!(app.get("/readyz").await.status, 200);

    // More changes than a following node is ever behind, not yet indexed.
    let store = app.store.clone();
    tokio::task::spawn_blocking(move || {
        store.write(|c| {
            for n in 0..=folio_web::health::READY_MAX_LAG {
                let slug = Slug::parse(&format!("program-{n}")).unwrap();
                folio_db::upsert_program(c, &slug, &format!("Program {n}"), Timestamp::now())?;
            }
            Ok(())
        })
    })
    .await
    .unwrap()
    .unwrap();
    let behind = app.get("/readyz").await;
    assert_eq!(behind.status, 503, "{}", behind.body);
    assert!(behind.body.contains("changes behind"), "{}", behind.body);

    let search = app.search.clone();
    tokio::task::spawn_blocking(move || search.catch_up())
        .await
        .unwrap()
        .unwrap();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.body);
}
