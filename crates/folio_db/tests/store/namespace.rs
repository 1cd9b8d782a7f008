use folio_core::{PathKind, TermKind};
use folio_db::StoreError;

use crate::*;

#[test]
fn articles_topics_and_regions_share_one_namespace() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        // "terrorism" is a topic: an article cannot take it.
        let error = store
            .write(|c| folio_db::save_article(c, &article("terrorism"), now()))
            .unwrap_err();
        assert!(
            matches!(&error, StoreError::Conflict(m) if m.contains("a topic")),
            "{error}"
        );

        save(store, &article("syria-after-assad"));
        let error = store
            .write(|c| {
                folio_db::upsert_term(
                    c,
                    TermKind::Region,
                    &lang("en"),
                    &slug("syria-after-assad"),
                    "X",
                    now(),
                )
            })
            .unwrap_err();
        assert!(
            matches!(&error, StoreError::Conflict(m) if m.contains("an article")),
            "{error}"
        );

        let error = store
            .write(|c| {
                folio_db::upsert_term(
                    c,
                    TermKind::Region,
                    &lang("en"),
                    &slug("terrorism"),
                    "X",
                    now(),
                )
            })
            .unwrap_err();
        assert!(
            matches!(&error, StoreError::Conflict(m) if m.contains("topic")),
            "{error}"
        );

        store
            .read(|c| {
                assert_eq!(
                    folio_db::path_kind(c, &lang("en"), &slug("terrorism"))?,
                    Some(PathKind::Topic)
                );
                assert_eq!(
                    folio_db::path_kind(c, &lang("en"), &slug("syria"))?,
                    Some(PathKind::Region)
                );
                assert_eq!(
                    folio_db::path_kind(c, &lang("en"), &slug("syria-after-assad"))?,
                    Some(PathKind::Article)
                );
                assert_eq!(
                    folio_db::path_kind(c, &lang("ar"), &slug("terrorism"))?,
                    None,
                    "namespaces are per language"
                );
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn renaming_and_deleting_move_and_free_the_slug() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let saved = save(store, &article("old-slug"));
        store
            .write(|c| folio_db::rename_article(c, saved.id, &slug("new-slug"), now()))
            .unwrap();
        let error = store
            .write(|c| folio_db::rename_article(c, saved.id, &slug("terrorism"), now()))
            .unwrap_err();
        assert!(matches!(error, StoreError::Conflict(_)));
        store
            .read(|c| {
                assert_eq!(
                    folio_db::path_kind(c, &lang("en"), &slug("old-slug"))?,
                    None
                );
                assert_eq!(
                    folio_db::path_kind(c, &lang("en"), &slug("new-slug"))?,
                    Some(PathKind::Article)
                );
                Ok(())
            })
            .unwrap();
        assert!(
            store
                .write(|c| folio_db::delete_article(c, saved.id, now()))
                .unwrap()
        );
        save(store, &article("new-slug"));
    });
}
