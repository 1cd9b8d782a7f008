//! The redirect table: paths normalised, an import never overriding a
//! person, loops refused, renames carried through.

use folio_db::{RedirectSource, StoreError, normalize_path};

use crate::*;

#[test]
fn paths_are_kept_without_query_fragment_or_trailing_slash() {
    assert_eq!(normalize_path("/a/b/").as_deref(), Some("/a/b"));
    assert_eq!(normalize_path("/a/b?page=2#x").as_deref(), Some("/a/b"));
    assert_eq!(normalize_path("/").as_deref(), Some("/"));
    assert_eq!(normalize_path("a/b"), None);
    assert_eq!(normalize_path("//evil.example/x"), None);
    assert_eq!(normalize_path("/a b"), None);
}

#[test]
fn an_import_never_replaces_what_a_person_or_a_rename_set() {
    for_each_backend(|store| {
        store
            .write(|c| {
                folio_db::save_redirect(
                    c,
                    "/old/",
                    "/admin-choice",
                    302,
                    RedirectSource::Admin,
                    now(),
                )?;
                folio_db::save_redirect(
                    c,
                    "/old",
                    "/imported",
                    301,
                    RedirectSource::Import,
                    now(),
                )?;
                folio_db::save_redirect(
                    c,
                    "/other",
                    "/imported",
                    301,
                    RedirectSource::Import,
                    now(),
                )
            })
            .unwrap();
        let (old, other) = store
            .read(|c| {
                Ok((
                    folio_db::redirect_for(c, "/old?x=1")?,
                    folio_db::redirect_for(c, "/other/")?,
                ))
            })
            .unwrap();
        let old = old.unwrap();
        assert_eq!(
            (old.to_path.as_str(), old.status, old.source),
            ("/admin-choice", 302, RedirectSource::Admin)
        );
        assert_eq!(other.unwrap().to_path, "/imported");
        // An admin's second word replaces the first.
        store
            .write(|c| {
                folio_db::save_redirect(c, "/old", "/second", 301, RedirectSource::Admin, now())
            })
            .unwrap();
        let old = store
            .read(|c| folio_db::redirect_for(c, "/old"))
            .unwrap()
            .unwrap();
        assert_eq!((old.to_path.as_str(), old.status), ("/second", 301));
    });
}

#[test]
fn loops_self_redirects_and_foreign_paths_are_refused() {
    for_each_backend(|store| {
        store
            .write(|c| {
                folio_db::save_redirect(c, "/a", "/b", 301, RedirectSource::Admin, now())?;
                folio_db::save_redirect(c, "/b", "/c", 301, RedirectSource::Admin, now())
            })
            .unwrap();
        for (from, to, expected) in [
            ("/c", "/a", "loop"),
            ("/x", "/x/", "itself"),
            ("x", "/y", "not a path"),
            ("/x", "javascript:alert(1)", "neither a path"),
        ] {
            let error = store
                .write(|c| folio_db::save_redirect(c, from, to, 301, RedirectSource::Admin, now()))
                .unwrap_err();
            match error {
                StoreError::Conflict(message) => assert!(message.contains(expected), "{message}"),
                other => panic!("{from} → {to}: {other:?}"),
            }
        }
        // Another site is a fine target.
        store
            .write(|c| {
                folio_db::save_redirect(
                    c,
                    "/x",
                    "https://example.org/x",
                    301,
                    RedirectSource::Admin,
                    now(),
                )
            })
            .unwrap();
    });
}

#[test]
fn a_move_redirects_the_old_path_and_everything_that_led_to_it() {
    for_each_backend(|store| {
        store
            .write(|c| {
                folio_db::save_redirect(
                    c,
                    "/legacy",
                    "/policy-analysis/first",
                    301,
                    RedirectSource::Import,
                    now(),
                )?;
                folio_db::save_redirect(
                    c,
                    "/policy-analysis/second",
                    "/elsewhere",
                    301,
                    RedirectSource::Admin,
                    now(),
                )?;
                folio_db::record_move(
                    c,
                    "/policy-analysis/first",
                    "/policy-analysis/second",
                    now(),
                )
            })
            .unwrap();
        let (legacy, first, second) = store
            .read(|c| {
                Ok((
                    folio_db::redirect_for(c, "/legacy")?,
                    folio_db::redirect_for(c, "/policy-analysis/first")?,
                    folio_db::redirect_for(c, "/policy-analysis/second")?,
                ))
            })
            .unwrap();
        assert_eq!(legacy.unwrap().to_path, "/policy-analysis/second");
        let first = first.unwrap();
        assert_eq!(
            (first.to_path.as_str(), first.source),
            ("/policy-analysis/second", RedirectSource::Rename)
        );
        assert!(
            second.is_none(),
            "the new address is live, nothing leads away from it"
        );
    });
}

#[test]
fn the_list_filters_by_either_path_and_pages() {
    for_each_backend(|store| {
        store
            .write(|c| {
                for i in 0..5 {
                    folio_db::save_redirect(
                        c,
                        &format!("/old/{i}"),
                        &format!("/new/{i}"),
                        301,
                        RedirectSource::Admin,
                        now(),
                    )?;
                }
                folio_db::save_redirect(
                    c,
                    "/gaza",
                    "/policy-analysis/gaza",
                    301,
                    RedirectSource::Admin,
                    now(),
                )
            })
            .unwrap();
        let page = store
            .read(|c| folio_db::list_redirects(c, None, folio_core::PageRequest::new(2, 4)))
            .unwrap();
        assert_eq!((page.total, page.items.len()), (6, 2));
        let gaza = store
            .read(|c| {
                folio_db::list_redirects(c, Some("gaza"), folio_core::PageRequest::new(1, 50))
            })
            .unwrap();
        assert_eq!(gaza.items.len(), 1);
        // Case does not matter, on either backend (SQLite's LIKE ignores
        // ASCII case, PostgreSQL's does not).
        let shouted = store
            .read(|c| {
                folio_db::list_redirects(c, Some("GAZA"), folio_core::PageRequest::new(1, 50))
            })
            .unwrap();
        assert_eq!(shouted.items, gaza.items);
        let new = store
            .read(|c| {
                folio_db::list_redirects(c, Some("/new/"), folio_core::PageRequest::new(1, 50))
            })
            .unwrap();
        assert_eq!(new.total, 5);
        assert!(
            store
                .write(|c| folio_db::delete_redirect(c, "/gaza/"))
                .unwrap()
        );
        assert!(
            !store
                .write(|c| folio_db::delete_redirect(c, "/gaza"))
                .unwrap()
        );
    });
}
