//! `folio migrate-data`: a whole site from one backend to the other.

use folio_core::{Role, UserId};
use folio_db::{Actor, ExistingRows, NewSession, Store, StoreError, Visibility};

use crate::*;

/// A site with something in every kind of table.
fn populate(store: &Store) {
    seed_taxonomy(store);
    let saved = save(store, &article("first"));
    save(store, &article("second"));
    store
        .write(|c| {
            let user =
                folio_db::create_user(c, "ed@example.org", "Ed", Role::Editor, "hash", now())?;
            folio_db::create_session(
                c,
                &NewSession {
                    id_hash: "h",
                    user: user.id,
                    csrf_token: "t",
                    ip: "::1",
                    user_agent: "test",
                },
                now(),
            )?;
            folio_db::record_login_attempt(c, "ed@example.org", "::1", false, now())?;
            let input = folio_db::article_by_id(c, saved.id, Visibility::All)?
                .unwrap()
                .to_input(vec![]);
            let actor = Actor {
                user: Some(user.id),
                label: user.label(),
                ip: "::1".into(),
            };
            folio_db::record_article_write(
                c,
                saved.id,
                &input,
                &actor,
                "article.save",
                "Saved",
                now(),
            )?;
            folio_db::save_redirect(
                c,
                "/old",
                "/policy-analysis/first",
                301,
                folio_db::RedirectSource::Admin,
                now(),
            )?;
            folio_db::save_media(
                c,
                &folio_db::NewMedia {
                    sha256: "abc",
                    content_type: "image/png",
                    extension: "png",
                    byte_size: 10,
                    width: 1,
                    height: 1,
                    alt_text: "alt",
                    original_name: "a.png",
                    uploaded_by: Some(user.id),
                },
                now(),
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn every_table_is_copied_or_deliberately_skipped() {
    let [sqlite, _] = databases();
    let store = sqlite.open();
    let mut tables: Vec<String> = store
        .read(|c| {
            c.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                &[],
            )?
            .iter()
            .map(|r| r.string(0))
            .collect()
        })
        .unwrap();
    tables.sort();
    let mut known: Vec<String> = folio_db::copied_tables()
        .chain(folio_db::SKIPPED_TABLES.iter().copied())
        .map(str::to_owned)
        .collect();
    known.sort();
    assert_eq!(tables, known, "a new table must be added to copy.rs");
}

#[test]
fn a_site_moves_both_ways_with_its_ids_history_and_log_position() {
    let [sqlite, postgres] = databases();
    for (pass, (from, to)) in [(&sqlite, &postgres), (&postgres, &sqlite)]
        .into_iter()
        .enumerate()
    {
        let source = from.open();
        let target = to.open();
        if source
            .read(|c| folio_db::count_articles(c, Visibility::All))
            .unwrap()
            == 0
        {
            populate(&source);
        }
        let report = folio_db::copy_database(&source, &target, ExistingRows::Replace).unwrap();
        let count_of = |table: &str| report.tables.iter().find(|(t, _)| t == table).unwrap().1;
        // The second pass copies back what the first added.
        assert_eq!(count_of("articles"), 2 + pass as u64);
        assert_eq!(count_of("users"), 1);
        assert_eq!(count_of("article_revisions"), 1);
        assert_eq!(count_of("audit_log"), 1);
        assert_eq!(count_of("media"), 1);
        assert_eq!(count_of("redirects"), 1);

        let read_all = |store: &Store| {
            store
                .read(|c| {
                    let first =
                        folio_db::article_by_path(c, &lang("en"), &slug("first"), Visibility::All)?;
                    Ok((
                        first,
                        folio_db::latest_change(c)?,
                        folio_db::list_revisions(c, folio_core::ArticleId(1))?,
                        folio_db::redirect_for(c, "/old")?,
                        folio_db::user_by_id(c, UserId(1))?,
                        folio_db::recent_failures(c, "ed@example.org", "::1", now())?,
                    ))
                })
                .unwrap()
        };
        assert_eq!(read_all(&source), read_all(&target));
        // Logins start afresh on the target.
        let sessions = target
            .read(|c| c.query_one("SELECT COUNT(*) FROM sessions", &[])?.int(0))
            .unwrap();
        assert_eq!(sessions, 0);
        // New rows continue after the copied ids.
        let added = save(&target, &article(&format!("added-{pass}")));
        assert_eq!(added.id.0, 3 + pass as i64);
        let latest = target.read(folio_db::latest_change).unwrap();
        assert_eq!(latest, source.read(folio_db::latest_change).unwrap() + 1);

        // A target with data is refused unless replacing was asked for.
        let refused = folio_db::copy_database(&source, &target, ExistingRows::Refuse).unwrap_err();
        assert!(
            matches!(&refused, StoreError::Conflict(m) if m.contains("--replace")),
            "{refused}"
        );
        assert_eq!(
            target
                .read(|c| folio_db::count_articles(c, Visibility::All))
                .unwrap(),
            3 + pass as u64,
            "a refused copy changes nothing"
        );
    }
}
