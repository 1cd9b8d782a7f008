use folio_core::{
    ArticleStatus, PageRequest, RecommendedItem, Syndication, SyndicationRelation, TermKind,
};
use folio_db::{ArticleQuery, StoreError, Visibility};

use crate::*;

#[test]
fn an_article_round_trips_with_every_field() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let mut input = article("putin-no-ally-war-terror-2024");
        input.authors = vec![slug("simon-henderson"), slug("anna-borshchevskaya")];
        input.topics = vec![slug("military-security"), slug("terrorism")];
        input.series_number = Some(3344);
        input.body_is_excerpt = true;
        input.author_note_markdown = "*A note.*".into();
        input.syndications = vec![
            Syndication {
                relation: SyndicationRelation::AlsoPublishedIn,
                outlet: "19Forty-Five".into(),
                url: Some("https://www.19fortyfive.com/x/".into()),
            },
            Syndication {
                relation: SyndicationRelation::FullTextAt,
                outlet: "Foreign Affairs".into(),
                url: None,
            },
        ];
        input.recommended = vec![RecommendedItem {
            language: lang("en"),
            slug: slug("libyas-renewed-legitimacy-crisis"),
            title: "Libya’s Renewed Legitimacy Crisis".into(),
            type_label: Some("Brief Analysis".into()),
            published_on: Some(date("2022-02-14")),
            author_names: vec!["Ben Fishman".into(), "Someone Else".into()],
        }];
        let saved = save(store, &input);
        assert!(saved.created);

        let loaded = store
            .read(|c| folio_db::article_by_path(c, &lang("en"), &input.slug, Visibility::Published))
            .unwrap()
            .expect("the article is found by its path");
        assert_eq!(loaded.id, saved.id);
        assert_eq!(loaded.title, input.title);
        assert_eq!(loaded.deck, input.deck);
        assert_eq!(loaded.body_markdown, input.body_markdown);
        assert!(loaded.body_is_excerpt);
        assert_eq!(loaded.series_number, Some(3344));
        assert_eq!(loaded.published_on, Some(date("2024-04-05")));
        assert_eq!(loaded.content_type.unwrap().name, "Brief Analysis");
        let authors: Vec<&str> = loaded.authors.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(
            authors,
            ["simon-henderson", "anna-borshchevskaya"],
            "byline order is kept"
        );
        assert_eq!(
            loaded.authors[1].programs[0].name,
            "Great Power Competition Program"
        );
        let topics: Vec<&str> = loaded.topics.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(topics, ["Military & Security", "Terrorism"]);
        assert_eq!(loaded.regions[0].slug.as_str(), "syria");
        assert_eq!(loaded.author_note_markdown, "*A note.*");
        assert_eq!(loaded.syndications, input.syndications);
        assert_eq!(loaded.recommended.len(), 1);
        assert_eq!(loaded.recommended[0].item, input.recommended[0]);
        assert!(
            loaded.recommended[0].article.is_none(),
            "the target is not imported yet"
        );
    });
}

#[test]
fn term_and_type_lists_count_each_ones_published_pieces() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        store
            .write(|c| {
                folio_db::upsert_term(
                    c,
                    TermKind::Topic,
                    &lang("en"),
                    &slug("energy"),
                    "Energy",
                    now(),
                )?;
                folio_db::upsert_term(
                    c,
                    TermKind::Topic,
                    &lang("ar"),
                    &slug("alarhab"),
                    "الإرهاب",
                    now(),
                )
            })
            .unwrap();
        let mut both = article("both-topics");
        both.topics = vec![slug("terrorism"), slug("military-security")];
        save(store, &both);
        save(store, &article("terrorism-only"));
        let mut draft = article("a-draft");
        draft.topics = vec![slug("military-security")];
        draft.status = ArticleStatus::Draft;
        save(store, &draft);
        let mut untagged = article("no-topics");
        untagged.topics = vec![];
        save(store, &untagged);
        let mut arabic = article("arabic-piece");
        arabic.language = lang("ar");
        arabic.topics = vec![slug("alarhab")];
        arabic.regions = vec![];
        save(store, &arabic);
        let (topics, regions, arabic_topics, types) = store
            .read(|c| {
                let mut counts = |kind, language| -> StoreResult<Vec<(String, u64)>> {
                    Ok(folio_db::list_terms(c, kind, &lang(language))?
                        .into_iter()
                        .map(|t| (t.term.slug.to_string(), t.article_count))
                        .collect())
                };
                let topics = counts(TermKind::Topic, "en")?;
                let regions = counts(TermKind::Region, "en")?;
                let arabic_topics = counts(TermKind::Topic, "ar")?;
                let types: Vec<(String, u64)> = folio_db::list_content_types(c, &lang("en"))?
                    .into_iter()
                    .map(|t| (t.content_type.slug.to_string(), t.article_count))
                    .collect();
                Ok((topics, regions, arabic_topics, types))
            })
            .unwrap();
        let pairs = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
            list.iter().map(|(s, n)| (s.to_string(), *n)).collect()
        };
        // Listed by name; drafts, and pieces in other languages for types,
        // are not counted; a term nothing is filed under counts 0.
        assert_eq!(
            topics,
            pairs(&[("energy", 0), ("military-security", 1), ("terrorism", 2)])
        );
        assert_eq!(regions, pairs(&[("syria", 3)]));
        assert_eq!(arabic_topics, pairs(&[("alarhab", 1)]));
        assert_eq!(types, pairs(&[("brief-analysis", 3)]));
    });
}

#[test]
fn saving_again_updates_in_place() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let mut input = article("a-piece");
        let first = save(store, &input);
        input.title = "A new title".into();
        input.topics = vec![];
        let second = save(store, &input);
        assert_eq!(first.id, second.id);
        assert!(!second.created);
        let count = store
            .read(|c| folio_db::count_articles(c, Visibility::All))
            .unwrap();
        assert_eq!(count, 1);
        let loaded = store
            .read(|c| folio_db::article_by_id(c, first.id, Visibility::All))
            .unwrap()
            .unwrap();
        assert_eq!(loaded.title, "A new title");
        assert!(loaded.topics.is_empty(), "removed topics are gone");
    });
}

#[test]
fn drafts_are_invisible_to_readers() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let mut draft = article("draft-piece");
        draft.status = ArticleStatus::Draft;
        save(store, &draft);
        save(store, &article("public-piece"));
        store
            .read(|c| {
                assert!(
                    folio_db::article_by_path(c, &lang("en"), &draft.slug, Visibility::Published)?
                        .is_none()
                );
                assert!(
                    folio_db::article_by_path(c, &lang("en"), &draft.slug, Visibility::All)?
                        .is_some()
                );
                let listed = folio_db::list_articles(
                    c,
                    &ArticleQuery::published(&lang("en"), PageRequest::new(1, 10)),
                )?;
                assert_eq!(listed.total, 1);
                assert_eq!(listed.items[0].slug.as_str(), "public-piece");
                let topics = folio_db::list_terms(c, TermKind::Topic, &lang("en"))?;
                let terrorism = topics
                    .iter()
                    .find(|t| t.term.slug.as_str() == "terrorism")
                    .unwrap();
                assert_eq!(
                    terrorism.article_count, 1,
                    "counts include published articles only"
                );
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn missing_references_are_reported_and_nothing_is_written() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let mut input = article("orphan");
        input.authors = vec![slug("nobody-at-all")];
        let error = store
            .write(|c| folio_db::save_article(c, &input, now()))
            .unwrap_err();
        assert_eq!(
            error,
            StoreError::MissingReference("there is no expert \"nobody-at-all\"".into())
        );
        let count = store
            .read(|c| folio_db::count_articles(c, Visibility::All))
            .unwrap();
        assert_eq!(count, 0);
        let kind = store
            .read(|c| folio_db::path_kind(c, &lang("en"), &slug("orphan")))
            .unwrap();
        assert_eq!(kind, None, "the slug was not claimed by the failed write");
    });
}

#[test]
fn listings_filter_paginate_and_sort_newest_first() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        for (i, day) in ["2020-01-01", "2024-01-01", "2022-01-01"]
            .iter()
            .enumerate()
        {
            let mut input = article(&format!("piece-{i}"));
            input.published_on = Some(date(day));
            if i == 1 {
                input.authors = vec![slug("simon-henderson")];
                input.topics = vec![];
            }
            if i == 2 {
                input.authors.push(slug("simon-henderson"));
            }
            save(store, &input);
        }
        let mut undated = article("undated");
        undated.published_on = None;
        save(store, &undated);
        let mut draft = article("draft-by-simon");
        draft.status = ArticleStatus::Draft;
        draft.authors = vec![slug("simon-henderson")];
        draft.published_on = Some(date("2025-01-01"));
        save(store, &draft);

        store
            .read(|c| {
                let all = folio_db::list_articles(
                    c,
                    &ArticleQuery::published(&lang("en"), PageRequest::new(1, 2)),
                )?;
                assert_eq!(all.total, 4);
                assert_eq!(all.page_count(), 2);
                let slugs: Vec<&str> = all.items.iter().map(|a| a.slug.as_str()).collect();
                assert_eq!(slugs, ["piece-1", "piece-2"]);
                let second = folio_db::list_articles(
                    c,
                    &ArticleQuery::published(&lang("en"), PageRequest::new(2, 2)),
                )?;
                let slugs: Vec<&str> = second.items.iter().map(|a| a.slug.as_str()).collect();
                assert_eq!(slugs, ["piece-0", "undated"], "undated pieces come last");

                let simon = folio_db::expert_by_slug(c, &slug("simon-henderson"))?.unwrap();
                let mut query = ArticleQuery::published(&lang("en"), PageRequest::new(1, 10));
                query.expert = Some(simon.id);
                let by_simon = folio_db::list_articles(c, &query)?;
                assert_eq!(by_simon.total, 2, "the draft is not counted");
                let slugs: Vec<&str> = by_simon.items.iter().map(|a| a.slug.as_str()).collect();
                assert_eq!(slugs, ["piece-1", "piece-2"]);
                assert_eq!(by_simon.items[0].authors[0].name, "Simon Henderson");
                query.page = PageRequest::new(2, 1);
                assert_eq!(
                    folio_db::list_article_ids(c, &query)?,
                    [by_simon.items[1].id.0]
                );
                query.language = Some(lang("ar"));
                assert_eq!(folio_db::list_articles(c, &query)?.total, 0);

                let terrorism =
                    folio_db::term_by_slug(c, &lang("en"), &slug("terrorism"))?.unwrap();
                let mut query = ArticleQuery::published(&lang("en"), PageRequest::new(1, 10));
                query.term = Some(terrorism.id);
                assert_eq!(folio_db::list_articles(c, &query)?.total, 3);

                let program =
                    folio_db::program_by_slug(c, &slug("great-power-competition-program"))?
                        .unwrap();
                let mut query = ArticleQuery::published(&lang("en"), PageRequest::new(1, 10));
                query.program = Some(program.id);
                assert_eq!(folio_db::list_articles(c, &query)?.total, 3);
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn recommendations_fill_in_when_the_target_arrives() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        let mut host = article("host-piece");
        host.recommended = vec![RecommendedItem {
            language: lang("en"),
            slug: slug("arrives-later"),
            title: "Title as the page showed it".into(),
            type_label: Some("BRIEF ANALYSIS".into()),
            published_on: Some(date("2022-02-14")),
            author_names: vec!["Simon Henderson".into()],
        }];
        save(store, &host);

        let reference = store
            .read(|c| folio_db::article_reference(c, &lang("en"), &slug("arrives-later")))
            .unwrap()
            .expect("a recommended piece is known before it is imported");
        assert_eq!(reference.item.title, "Title as the page showed it");
        assert_eq!(reference.recommended_by[0].slug.as_str(), "host-piece");

        let mut target = article("arrives-later");
        target.title = "The real title".into();
        save(store, &target);
        let loaded = store
            .read(|c| folio_db::article_by_path(c, &lang("en"), &host.slug, Visibility::Published))
            .unwrap()
            .unwrap();
        let recommendation = &loaded.recommended[0];
        assert_eq!(recommendation.title(), "The real title");
        assert_eq!(recommendation.type_label(), Some("Brief Analysis"));
    });
}

#[test]
fn experts_keep_their_bio_unless_a_new_one_is_given_and_gain_programs() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        store
            .write(|c| {
                folio_db::upsert_expert(
                    c,
                    &folio_core::ExpertInput {
                        slug: slug("anna-borshchevskaya"),
                        name: "Anna Borshchevskaya".into(),
                        bio: None,
                        programs: vec![
                            "Another Program".into(),
                            "Great Power Competition Program".into(),
                        ],
                    },
                    now(),
                )
            })
            .unwrap();
        let expert = store
            .read(|c| folio_db::expert_by_slug(c, &slug("anna-borshchevskaya")))
            .unwrap()
            .unwrap();
        assert_eq!(expert.bio, "Anna Borshchevskaya is a senior fellow.");
        let programs: Vec<&str> = expert.programs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            programs,
            ["Great Power Competition Program", "Another Program"]
        );
        let listing = store
            .read(|c| folio_db::list_experts(c, &lang("en"), PageRequest::new(1, 10)))
            .unwrap();
        assert_eq!(listing.total, 2);
        assert_eq!(listing.items[0].expert.name, "Anna Borshchevskaya");
        // The experts index filtered by one program.
        let program = expert.programs[1].slug.to_string();
        let in_program = store
            .read(|c| {
                folio_db::list_experts_in(c, &lang("en"), Some(&program), PageRequest::new(1, 10))
            })
            .unwrap();
        assert_eq!(in_program.total, 1);
        assert_eq!(in_program.items.len(), 1);
        assert_eq!(in_program.items[0].expert.name, "Anna Borshchevskaya");
        let none = store
            .read(|c| {
                folio_db::list_experts_in(
                    c,
                    &lang("en"),
                    Some("no-such-program"),
                    PageRequest::new(1, 10),
                )
            })
            .unwrap();
        assert_eq!((none.total, none.items.len()), (0, 0));
    });
}

#[test]
fn summaries_of_more_ids_than_a_statement_may_bind_are_read() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        save(store, &article("public-piece"));
        store
            .read(|c| {
                let listed = folio_db::list_articles(
                    c,
                    &ArticleQuery::published(&lang("en"), PageRequest::new(1, 10)),
                )?;
                let real = listed.items[0].id.0;
                // 70,000 ids: past SQLite's 32,766 parameters and
                // PostgreSQL's 65,535; the real one last, in a later chunk.
                let mut ids: Vec<i64> = (1_000_000..1_070_000).collect();
                ids.push(real);
                let found = folio_db::article_summaries(c, &ids)?;
                assert_eq!(found.len(), 1);
                assert_eq!(found[0].slug.as_str(), "public-piece");
                assert!(!found[0].authors.is_empty(), "its byline is read too");
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn the_site_map_lists_published_pieces_newest_first() {
    for_each_backend(|store| {
        seed_taxonomy(store);
        for (name, day, status) in [
            ("older", "2023-01-02", ArticleStatus::Published),
            ("newest", "2024-06-07", ArticleStatus::Published),
            ("a-draft", "2025-01-01", ArticleStatus::Draft),
            ("middle", "2023-09-10", ArticleStatus::Published),
        ] {
            let mut input = article(name);
            input.published_on = Some(date(day));
            input.status = status;
            save(store, &input);
        }
        let mut undated = article("undated");
        undated.published_on = None;
        save(store, &undated);
        let map = store.read(folio_db::site_map).unwrap();
        let listed: Vec<(&str, Option<String>)> = map
            .articles
            .iter()
            .map(|a| (a.slug.as_str(), a.published_on.map(|d| d.to_string())))
            .collect();
        let day = |d: &str| Some(d.to_owned());
        assert_eq!(
            listed,
            [
                ("newest", day("2024-06-07")),
                ("middle", day("2023-09-10")),
                ("older", day("2023-01-02")),
                ("undated", None),
            ]
        );
        assert!(map.articles.iter().all(|a| a.language.as_str() == "en"));
    });
}
