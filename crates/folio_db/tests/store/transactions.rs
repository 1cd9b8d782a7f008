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
    for database in databases() {
        {
            let store = database.open();
            seed_taxonomy(&store);
            save(&store, &article("durable"));
        }
        let store = database.open();
        let (applied, latest) = store.schema_version().unwrap();
        assert_eq!(applied, latest);
        assert_eq!(
            store
                .read(|c| folio_db::count_articles(c, Visibility::All))
                .unwrap(),
            1
        );
        let migrations = store
            .read(|c| {
                c.query_one("SELECT COUNT(*) FROM schema_migrations", &[])?
                    .int(0)
            })
            .unwrap();
        assert_eq!(migrations, latest);
    }
}

#[test]
fn a_database_from_a_newer_folio_is_refused() {
    for database in databases() {
        let store = database.open();
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
                    folio_db::params![],
                )
            })
            .unwrap();
        drop(store);
        let error = folio_db::Store::open(&database.url()).unwrap_err();
        assert!(
            matches!(error, StoreError::SchemaTooNew { database: 9999, .. }),
            "{error}"
        );
    }
}

#[test]
fn a_rehearsal_is_always_rolled_back() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let seen = store
            .rehearse(|c| {
                folio_db::save_article(c, &article("preview"), now())?;
                folio_db::count_articles(c, Visibility::All)
            })
            .unwrap();
        assert_eq!(seen, 1, "the rehearsal sees its own write");
        assert_eq!(
            store
                .read(|c| folio_db::count_articles(c, Visibility::All))
                .unwrap(),
            0
        );
    });
}

#[test]
fn constraint_violations_map_to_the_same_errors() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let saved = save(store, &article("unique"));
        let duplicate = store.write(|c| {
            c.execute(
                "INSERT INTO path_slugs (language, slug, kind) VALUES (?, ?, ?)",
                folio_db::params!["en", "unique", "article"],
            )
        });
        assert!(
            matches!(duplicate, Err(StoreError::UniqueViolation(_))),
            "{duplicate:?}"
        );
        let dangling = store.write(|c| {
            c.execute(
                "INSERT INTO article_authors (article_id, expert_id, position) VALUES (?, ?, ?)",
                folio_db::params![saved.id.0, 424242, 5],
            )
        });
        assert!(
            matches!(dangling, Err(StoreError::ForeignKeyViolation(_))),
            "{dangling:?}"
        );
        // A failed statement inside a savepoint leaves the transaction
        // usable on both backends (PostgreSQL aborts it otherwise).
        store
            .write(|c| {
                let failed = c.savepoint(|c| {
                    c.execute(
                        "INSERT INTO path_slugs (language, slug, kind) VALUES (?, ?, ?)",
                        folio_db::params!["en", "unique", "article"],
                    )
                });
                assert!(matches!(failed, Err(StoreError::UniqueViolation(_))));
                folio_db::count_articles(c, Visibility::All)
            })
            .unwrap();
    });
}

#[test]
fn values_round_trip_on_every_backend() {
    for_each_backend(|store| {
        store
            .write(|c| {
                folio_db::record_login_attempt(c, "A@Example.org", "::1", true, now())?;
                folio_db::record_login_attempt(c, "a@example.org", "::1", false, now())?;
                c.execute(
                    "INSERT INTO audit_log (at, user_id, actor, action, subject, detail, ip)
                     VALUES (?, ?, ?, ?, ?, ?, '')",
                    folio_db::params![
                        -5_000_000_000_i64,
                        Option::<i64>::None,
                        "who? 'quoted'",
                        "test",
                        "it's ?",
                        "ünïcödé ✓"
                    ],
                )
            })
            .unwrap();
        store
            .read(|c| {
                let (by_email, by_ip) =
                    folio_db::recent_failures(c, "a@example.org", "::1", now())?;
                assert_eq!((by_email, by_ip), (1, 1));
                let row = c.query_one(
                    "SELECT at, user_id, actor, subject, detail FROM audit_log WHERE subject = 'it''s ?'",
                    &[],
                )?;
                assert_eq!(row.int(0)?, -5_000_000_000);
                assert_eq!(row.opt_int(1)?, None);
                assert_eq!(row.text(2)?, "who? 'quoted'");
                assert_eq!(row.text(3)?, "it's ?");
                assert_eq!(row.text(4)?, "ünïcödé ✓");
                let succeeded = c.query_one(
                    "SELECT succeeded FROM login_attempts WHERE succeeded ORDER BY id",
                    &[],
                )?;
                assert!(succeeded.bool(0)?);
                Ok(())
            })
            .unwrap();
    });
}
