//! The change log followers (search, caches) replay.

use folio_core::{ArticleStatus, ExpertInput, TermKind};
use folio_db::{ChangeKind, StoreError, StoreResult};

use crate::*;

fn log(store: &folio_db::Store, after: i64) -> Vec<(ChangeKind, i64)> {
    store
        .read(|c| folio_db::changes_since(c, after, 100))
        .unwrap()
        .into_iter()
        .map(|change| (change.kind, change.entity_id))
        .collect()
}

#[test]
fn every_write_is_logged_in_order_and_no_op_writes_are_not() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let start = store.read(folio_db::latest_change).unwrap();
        assert!(start > 0, "creating experts and terms was logged");
        let saved = save(store, &article("logged"));
        let expert = store
            .read(|c| folio_db::expert_by_slug(c, &slug("simon-henderson")))
            .unwrap()
            .unwrap();
        // The same expert again, unchanged: nothing to log.
        store
            .write(|c| {
                folio_db::upsert_expert(
                    c,
                    &ExpertInput {
                        slug: slug("simon-henderson"),
                        name: "Simon Henderson".into(),
                        bio: None,
                        programs: vec![],
                    },
                    now(),
                )
            })
            .unwrap();
        let terrorism = store
            .write(|c| {
                folio_db::upsert_term(
                    c,
                    TermKind::Topic,
                    &lang("en"),
                    &slug("terrorism"),
                    "Terrorism & Extremism",
                    now(),
                )
            })
            .unwrap();
        store
            .write(|c| folio_db::delete_article(c, saved.id, now()))
            .unwrap();
        assert_eq!(
            log(store, start),
            [
                (ChangeKind::Article, saved.id.0),
                (ChangeKind::Term, terrorism.0),
                (ChangeKind::Article, saved.id.0),
            ]
        );
        assert_ne!(expert.id.0, 0);
        assert_eq!(store.read(folio_db::latest_change).unwrap(), start + 3);
    });
}

#[test]
fn a_failed_write_logs_nothing() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let start = store.read(folio_db::latest_change).unwrap();
        let result: StoreResult<()> = store.write(|c| {
            folio_db::save_article(c, &article("rolled-back"), now())?;
            Err(StoreError::Conflict("stop".into()))
        });
        assert!(result.is_err());
        assert!(log(store, start).is_empty());
    });
}

#[test]
fn documents_hold_published_articles_only_and_changes_fan_out() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let public = save(store, &article("public"));
        let mut draft = article("draft");
        draft.status = ArticleStatus::Draft;
        let draft = save(store, &draft);
        store
            .read(|c| {
                let documents = folio_db::article_documents(c, &[public.id.0, draft.id.0, 999])?;
                assert_eq!(documents.len(), 1);
                let document = &documents[0];
                assert_eq!(document.authors[0].name, "Anna Borshchevskaya");
                assert_eq!(document.topics[0].slug.as_str(), "terrorism");
                assert_eq!(document.regions[0].slug.as_str(), "syria");
                assert_eq!(folio_db::published_article_ids(c, 0, 10)?, [public.id.0]);

                let expert = folio_db::expert_by_slug(c, &slug("anna-borshchevskaya"))?.unwrap();
                let mut affected =
                    folio_db::articles_affected_by(c, ChangeKind::Expert, expert.id.0)?;
                affected.sort();
                assert_eq!(affected, [public.id.0, draft.id.0]);
                let term = folio_db::term_by_slug(c, &lang("en"), &slug("syria"))?.unwrap();
                assert_eq!(
                    folio_db::articles_affected_by(c, ChangeKind::Term, term.id.0)?.len(),
                    2
                );
                Ok(())
            })
            .unwrap();
    });
}
