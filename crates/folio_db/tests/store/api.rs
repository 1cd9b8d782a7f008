//! What the JSON API stores: tokens, webhooks and their outbox, and lists
//! read from a position; on every backend.

use folio_core::{ArticleStatus, Role, Timestamp};
use folio_db::{
    ArticleFilter, ArticleSort, AttemptResult, DeliveryState, NewApiToken, WebhookEvent,
};

use crate::*;

#[test]
fn tokens_are_found_by_their_hash_until_revoked() {
    for_each_backend(|store| {
        let token = store
            .write(|c| {
                folio_db::create_api_token(
                    c,
                    &NewApiToken {
                        name: "Newsletter",
                        role: Role::Editor,
                        user: None,
                        secret_hash: "hash-1",
                        secret_prefix: "folio_ab12",
                        created_by: "test",
                    },
                    now(),
                )
            })
            .unwrap();
        let found = store
            .read(|c| folio_db::api_token_by_hash(c, "hash-1"))
            .unwrap();
        assert_eq!(found.unwrap().0.name, "Newsletter");
        let author_service = store.write(|c| {
            folio_db::create_api_token(
                c,
                &NewApiToken {
                    name: "Nobody's",
                    role: Role::Author,
                    user: None,
                    secret_hash: "hash-2",
                    secret_prefix: "folio_cd34",
                    created_by: "test",
                },
                now(),
            )
        });
        assert!(
            author_service.is_err(),
            "an author's token needs an account"
        );
        store
            .write(|c| folio_db::touch_api_token(c, token.id, now()))
            .unwrap();
        assert!(
            store
                .write(|c| folio_db::revoke_api_token(c, token.id, now()))
                .unwrap()
        );
        assert!(
            store
                .read(|c| folio_db::api_token_by_hash(c, "hash-1"))
                .unwrap()
                .is_none()
        );
        let listed = store.read(folio_db::list_api_tokens).unwrap();
        assert_eq!(listed[0].last_used_at, Some(now()));
        assert!(listed[0].revoked_at.is_some());
    });
}

#[test]
fn publishing_queues_an_event_once_per_subscribed_webhook_in_the_same_write() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let webhook = store
            .write(|c| {
                folio_db::create_webhook(
                    c,
                    "https://partner.example/hook",
                    "",
                    &[
                        WebhookEvent::ArticlePublished,
                        WebhookEvent::ArticleUnpublished,
                    ],
                    "s",
                    now(),
                )
            })
            .unwrap();
        store
            .write(|c| {
                folio_db::create_webhook(
                    c,
                    "https://other.example/hook",
                    "",
                    &[WebhookEvent::ExpertChanged],
                    "s",
                    now(),
                )
            })
            .unwrap();
        let mut draft = article("news");
        draft.status = ArticleStatus::Draft;
        let saved = save(store, &draft);
        assert!(
            store
                .read(|c| folio_db::list_deliveries(c, webhook.id, 10))
                .unwrap()
                .is_empty(),
            "drafts raise nothing"
        );
        // A write that fails raises nothing either: the event is in its transaction.
        let failed: Result<(), _> = store.write(|c| {
            folio_db::set_article_status(
                c,
                saved.id,
                ArticleStatus::Published,
                None,
                date("2024-04-05"),
                now(),
            )?;
            Err(folio_db::StoreError::Conflict("changed my mind".into()))
        });
        assert!(failed.is_err());
        assert!(
            store
                .read(|c| folio_db::list_deliveries(c, webhook.id, 10))
                .unwrap()
                .is_empty()
        );
        store
            .write(|c| {
                folio_db::set_article_status(
                    c,
                    saved.id,
                    ArticleStatus::Published,
                    None,
                    date("2024-04-05"),
                    now(),
                )
            })
            .unwrap();
        store
            .write(|c| {
                folio_db::set_article_status(
                    c,
                    saved.id,
                    ArticleStatus::Archived,
                    None,
                    date("2024-04-05"),
                    now(),
                )
            })
            .unwrap();
        let deliveries = store
            .read(|c| folio_db::list_deliveries(c, webhook.id, 10))
            .unwrap();
        let events: Vec<&str> = deliveries.iter().map(|d| d.event.as_str()).collect();
        assert_eq!(events, ["article.unpublished", "article.published"]);
        assert!(deliveries[1].payload.contains("\"slug\":\"news\""));
        // The claim is one conditional UPDATE: one node gets it.
        let id = deliveries[1].id;
        let until = later(60);
        let due = store
            .read(|c| folio_db::due_deliveries(c, now(), 10))
            .unwrap();
        assert!(due.contains(&id));
        let first = store
            .write(|c| folio_db::claim_delivery(c, id, "a", now(), until))
            .unwrap();
        let second = store
            .write(|c| folio_db::claim_delivery(c, id, "b", now(), until))
            .unwrap();
        assert!(first.is_some() && second.is_none());
        let retry_at = later(30);
        let failed = AttemptResult {
            status: Some(503),
            error: "busy".into(),
            delivered: false,
            retry_at: Some(retry_at),
        };
        assert!(
            store
                .write(|c| folio_db::record_attempt(c, id, "a", &failed, now()))
                .unwrap()
        );
        assert!(
            !store
                .read(|c| folio_db::due_deliveries(c, now(), 10))
                .unwrap()
                .contains(&id)
        );
        assert!(
            store
                .read(|c| folio_db::due_deliveries(c, retry_at, 10))
                .unwrap()
                .contains(&id)
        );
        let listing = store.read(folio_db::list_webhooks).unwrap();
        assert_eq!((listing[0].pending, listing[0].failed), (2, 0));
        let gave_up = AttemptResult {
            retry_at: None,
            ..failed
        };
        store
            .write(|c| folio_db::claim_delivery(c, id, "b", retry_at, later(90)))
            .unwrap();
        store
            .write(|c| folio_db::record_attempt(c, id, "b", &gave_up, retry_at))
            .unwrap();
        let delivery = store
            .read(|c| folio_db::list_deliveries(c, webhook.id, 10))
            .unwrap()
            .remove(1);
        assert_eq!(
            (delivery.state, delivery.attempts),
            (DeliveryState::Failed, 2)
        );
        assert!(
            store
                .write(|c| folio_db::retry_delivery(c, id, retry_at))
                .unwrap()
        );
        // An import saving a published piece and the scheduler publishing
        // one raise article.published too: events come from the store.
        save(store, &article("imported"));
        let mut scheduled = article("scheduled");
        scheduled.status = ArticleStatus::Scheduled;
        let scheduled = save(store, &scheduled);
        store
            .write(|c| {
                folio_db::set_article_status(
                    c,
                    scheduled.id,
                    ArticleStatus::Scheduled,
                    Some(now()),
                    date("2024-04-05"),
                    now(),
                )
            })
            .unwrap();
        assert!(
            store
                .write(|c| folio_db::publish_if_due(c, scheduled.id, date("2024-04-05"), now()))
                .unwrap()
        );
        let newest: Vec<String> = store
            .read(|c| folio_db::list_deliveries(c, webhook.id, 2))
            .unwrap()
            .into_iter()
            .map(|d| d.payload)
            .collect();
        assert!(
            newest[0].contains("\"slug\":\"scheduled\"")
                && newest[1].contains("\"slug\":\"imported\""),
            "{newest:?}"
        );
        // Experts raise expert.changed, for the webhook that asked.
        store
            .write(|c| {
                folio_db::upsert_expert(
                    c,
                    &ExpertInput {
                        slug: slug("new-fellow"),
                        name: "New Fellow".into(),
                        bio: None,
                        programs: vec![],
                    },
                    now(),
                )
            })
            .unwrap();
        let other = store
            .read(|c| folio_db::list_deliveries(c, webhook.id + 1, 10))
            .unwrap();
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].event, "expert.changed");
    });
}

#[test]
fn lists_read_from_a_position_in_every_order() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        for (slug_text, day) in [
            ("a", Some("2024-01-01")),
            ("b", Some("2024-02-01")),
            ("c", None),
            ("d", Some("2024-02-01")),
        ] {
            let mut input = article(slug_text);
            input.published_on = day.map(date);
            save(store, &input);
        }
        let mut draft = article("hidden");
        draft.status = ArticleStatus::Draft;
        save(store, &draft);
        for (sort, expected) in [
            (ArticleSort::Newest, ["d", "b", "a", "c"]),
            (ArticleSort::Oldest, ["a", "b", "d", "c"]),
        ] {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let page = store
                    .read(|c| {
                        folio_db::filter_articles(
                            c,
                            &ArticleFilter::published(),
                            sort,
                            after.as_ref(),
                            1,
                        )
                    })
                    .unwrap();
                seen.extend(page.items.iter().map(|a| a.slug.to_string()));
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            assert_eq!(seen, expected, "{sort:?}");
        }
        let mut filter = ArticleFilter::published();
        filter.from = Some(date("2024-02-01"));
        filter.region = Some(slug("syria"));
        let page = store
            .read(|c| folio_db::filter_articles(c, &filter, ArticleSort::Updated, None, 10))
            .unwrap();
        assert_eq!(page.items.len(), 2);
        assert!(page.next.is_none());
    });
}

/// `seconds` after [`now`].
fn later(seconds: i64) -> Timestamp {
    Timestamp::from_second(now().as_second() + seconds).unwrap()
}
