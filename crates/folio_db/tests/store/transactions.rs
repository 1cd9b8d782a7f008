use folio_db::{StoreError, StoreResult, Visibility};

use crate::*;

#[test]
fn a_failed_write_leaves_nothing_behind() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let result: StoreResult<()> = store.write(|c| {
            folio_db::save_article(c, &article("first"), now())?;
            Err(StoreError::Conflict("stop".into()))
        });
        assert!(result.is_err());
        assert_eq!(
            store
                .read(|c| folio_db::count_articles(c, Visibility::All))
                .unwrap(),
            0
        );
    });
}

#[test]
fn a_failed_savepoint_undoes_only_its_own_work() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        store
            .write(|c| {
                c.savepoint(|c| folio_db::save_article(c, &article("kept"), now()))?;
                let failed: StoreResult<()> = c.savepoint(|c| {
                    folio_db::save_article(c, &article("undone"), now())?;
                    Err(StoreError::Conflict("bad page".into()))
                });
                assert!(failed.is_err());
                Ok(())
            })
            .unwrap();
        store
            .read(|c| {
                assert_eq!(folio_db::count_articles(c, Visibility::All)?, 1);
                assert!(folio_db::path_kind(c, &lang("en"), &slug("undone"))?.is_none());
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn a_panic_inside_a_write_rolls_back_and_the_store_keeps_working() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = store.write(|c| -> StoreResult<()> {
                folio_db::save_article(c, &article("half-written"), now())?;
                panic!("the process dies mid-write");
            });
        }));
        assert!(outcome.is_err());
        save(store, &article("after"));
        store
            .read(|c| {
                assert!(folio_db::path_kind(c, &lang("en"), &slug("half-written"))?.is_none());
                assert_eq!(folio_db::count_articles(c, Visibility::All)?, 1);
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn reopening_runs_no_migration_twice_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.db");
    {
        let store = folio_db::Store::open_sqlite(&path).unwrap();
        seed_taxonomy(&store);
        save(&store, &article("durable"));
    }
    let store = folio_db::Store::open_sqlite(&path).unwrap();
    let (applied, latest) = store.schema_version().unwrap();
    assert_eq!(applied, latest);
    assert_eq!(
        store
            .read(|c| folio_db::count_articles(c, Visibility::All))
            .unwrap(),
        1
    );
}

#[test]
fn a_database_from_a_newer_folio_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.db");
    let store = folio_db::Store::open_sqlite(&path).unwrap();
    store
        .write(|c| {
            c.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
                folio_db::params![],
            )
        })
        .unwrap();
    drop(store);
    let error = folio_db::Store::open_sqlite(&path).unwrap_err();
    assert!(
        matches!(error, StoreError::SchemaTooNew { database: 9999, .. }),
        "{error}"
    );
}
