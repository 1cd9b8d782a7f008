//! Every field of both seed pages, asserted against the seed text.

use folio_core::{Date, Slug, SyndicationRelation, slugify};
use folio_db::Visibility;

use crate::*;

const SEED_2017: &str = "seeds/000_bc9257f421afcb15.txt";
const SEED_2024: &str = "seeds/002_978dccf3409b9bcb.txt";

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

const BIO: &str = "Anna Borshchevskaya is a senior fellow at The Washington Institute, focusing on Russia's policy toward the Middle East.";

#[test]
fn the_2017_seed_is_read_block_by_block() {
    let page = parse_fixture(SEED_2017);
    assert_eq!(page.language.as_str(), "en");
    assert_eq!(
        page.title.as_deref(),
        Some("Russia's Questionable Counterterrorism Record")
    );
    assert_eq!(
        page.slug_from_content().as_str(),
        "russias-questionable-counterterrorism-record"
    );

    assert_eq!(page.authors.len(), 1);
    assert_eq!(page.authors[0].slug.as_str(), "anna-borshchevskaya");
    assert_eq!(page.authors[0].name, "Anna Borshchevskaya");
    assert_eq!(page.authors[0].bio.as_deref(), Some(BIO));

    assert_eq!(page.published_on, Some(date("2017-11-23")));

    assert_eq!(page.translations.len(), 1);
    assert_eq!(page.translations[0].language.as_str(), "ar");
    assert_eq!(
        page.translations[0].slug.as_str(),
        "tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb"
    );

    assert_eq!(page.syndications.len(), 1);
    let full_text = &page.syndications[0];
    assert_eq!(full_text.relation, SyndicationRelation::FullTextAt);
    assert_eq!(full_text.outlet, "Foreign Affairs");
    assert_eq!(
        full_text.url.as_deref(),
        Some(
            "https://www.foreignaffairs.com/articles/syria/2017-11-23/russias-questionable-counterterrorism-record"
        )
    );

    let label = page.type_label.as_ref().unwrap();
    assert_eq!(label.name, "Articles & Testimony");
    assert_eq!(label.series_number, None);
    assert_eq!(
        page.deck.as_deref(),
        Some(
            "Moscow's actions suggest it will never be an honest broker or reliable partner for the West in combating terrorism."
        )
    );

    assert!(page.body_markdown.starts_with(
        "In theory, Russia and the United States are on the same side in the war on terrorism."
    ));
    assert!(page.body_markdown.ends_with(
        "with Moscow maintaining ties to terrorist groups such as Hezbollah and the Taliban..."
    ));
    assert!(
        !page.body_markdown.contains("Read the full article"),
        "the link is syndication, not body"
    );
    assert!(
        !page.body_markdown.contains("Foreign Affairs*"),
        "the outlet line is not body"
    );
    assert!(
        page.body_is_excerpt,
        "only an excerpt is here; the full text is at Foreign Affairs"
    );
    assert_eq!(page.author_note_markdown, None);

    let recommended: Vec<(&str, &str, Date, Vec<&str>, &str)> = page
        .recommended
        .iter()
        .map(|r| {
            (
                r.type_label.as_deref().unwrap(),
                r.title.as_str(),
                r.published_on.unwrap(),
                r.author_names.iter().map(String::as_str).collect(),
                r.slug.as_str(),
            )
        })
        .collect();
    assert_eq!(
        recommended,
        [
            (
                "Articles & Testimony",
                "How to Make Russia Pay in Ukraine: Study Syria",
                date("2022-02-15"),
                vec!["Anna Borshchevskaya"],
                "how-make-russia-pay-ukraine-study-syria"
            ),
            (
                "Brief Analysis",
                "Bennett’s Bahrain Visit Further Invigorates Israel-Gulf Diplomacy",
                date("2022-02-14"),
                vec!["Simon Henderson"],
                "bennetts-bahrain-visit-further-invigorates-israel-gulf-diplomacy"
            ),
            (
                "Brief Analysis",
                "Libya’s Renewed Legitimacy Crisis",
                date("2022-02-14"),
                vec!["Ben Fishman"],
                "libyas-renewed-legitimacy-crisis"
            ),
        ]
    );
    assert!(page.recommended.iter().all(|r| r.language.as_str() == "en"));

    let topics: Vec<(&str, &str)> = page
        .topics
        .iter()
        .map(|t| (t.name.as_str(), t.slug.as_str()))
        .collect();
    assert_eq!(
        topics,
        [
            ("Military & Security", "military-security"),
            ("Terrorism", "terrorism")
        ]
    );
    let regions: Vec<(&str, &str)> = page
        .regions
        .iter()
        .map(|t| (t.name.as_str(), t.slug.as_str()))
        .collect();
    assert_eq!(regions, [("Syria", "syria")]);
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn the_2024_seed_is_read_block_by_block() {
    let page = parse_fixture(SEED_2024);
    assert_eq!(
        page.title.as_deref(),
        Some("Putin Is No Ally in the War on Terror in 2024")
    );
    assert_eq!(
        page.slug_from_content().as_str(),
        "putin-no-ally-war-terror-2024"
    );
    assert_eq!(page.authors[0].slug.as_str(), "anna-borshchevskaya");
    assert_eq!(page.authors[0].bio.as_deref(), Some(BIO));
    assert_eq!(
        page.authors[0].programs,
        [
            "Diane and Guilford Glazer Foundation Program on Great Power Competition and the Middle East"
        ]
    );
    assert_eq!(page.published_on, Some(date("2024-04-05")));
    assert!(page.translations.is_empty());

    assert_eq!(page.syndications.len(), 1);
    let syndication = &page.syndications[0];
    assert_eq!(syndication.relation, SyndicationRelation::AlsoPublishedIn);
    assert_eq!(syndication.outlet, "19Forty-Five");
    assert_eq!(
        syndication.url.as_deref(),
        Some("https://www.19fortyfive.com/2024/04/putin-is-no-ally-in-the-war-on-terror-in-2024/"),
        "the author note says where it was first published"
    );

    assert_eq!(
        page.type_label.as_ref().unwrap().name,
        "Articles & Testimony"
    );
    assert_eq!(
        page.deck.as_deref(),
        Some(
            "The Kremlin's legacy of ties to Hezbollah, the Taliban, and other terrorist actors should disabuse Washington of any hope for common cause."
        )
    );

    let body = &page.body_markdown;
    assert!(
        body.starts_with("With no evidence to support their [claims](https://www.19fortyfive.com/2024/04/vladimir-putin-the-incompetent-or-pure-evil/), Russian officials"),
        "the drop cap is rejoined and crawler links are plain links: {}",
        &body[..200]
    );
    assert!(body.ends_with(
        "Returning to the idea that counterterrorism offers an area of common ground between the West and Russia will continue to be self-defeating."
    ));
    assert!(body.contains(
        "**[blamed](https://www.rferl.org/a/putin-russia-president-1999-chechnya-apartment-bombings/30097551.html)**"
    ));
    assert!(body.contains(
        "**[reporting](https://www.amazon.com/Less-You-Know-Better-Sleep-ebook/dp/B01EUYN5HQ?ref=ast_author_mpb)**"
    ));
    assert!(body.contains(
        "([ISIS-K](https://www.19fortyfive.com/2021/08/who-is-isis-k-what-you-need-to-know/))"
    ));
    assert!(
        body.contains("Moscow always played a double game with the West when arguing"),
        "the paragraph the crawler split is one again"
    );
    assert!(body.contains("“outright blackmail”"), "quotations are kept");
    assert!(!body.contains("\\("), "no crawler escapes remain");
    assert_eq!(
        body.matches("\n\n").count() + 1,
        10,
        "ten paragraphs, the split one rejoined"
    );
    assert!(!page.body_is_excerpt);

    assert_eq!(
        page.author_note_markdown.as_deref(),
        Some(
            "Anna Borshchevskaya is a senior fellow in The Washington Institute’s Diane and Guilford Glazer Foundation Program on Great Power Competition and the Middle East. This article was originally published on the [19FortyFive](https://www.19fortyfive.com/2024/04/putin-is-no-ally-in-the-war-on-terror-in-2024/) website."
        )
    );

    let recommended: Vec<(&str, &str, Date, &str, &str)> = page
        .recommended
        .iter()
        .map(|r| {
            (
                r.type_label.as_deref().unwrap(),
                r.title.as_str(),
                r.published_on.unwrap(),
                r.author_names[0].as_str(),
                r.slug.as_str(),
            )
        })
        .collect();
    assert_eq!(
        recommended,
        [
            (
                "Brief Analysis",
                "Will Israel Find the Right Type of “Victory” in Gaza?",
                date("2024-04-05"),
                "Neomi Neumann",
                "will-israel-find-right-type-victory-gaza"
            ),
            (
                "Brief Analysis",
                "The Imminent, Avoidable U.S.-Israel Rift Over Gaza",
                date("2024-04-04"),
                "David Makovsky",
                "imminent-avoidable-us-israel-rift-over-gaza"
            ),
            (
                "Brief Analysis",
                "The Continuing Threat of ISIS in Iraq after the Withdrawal of the International Coalition",
                date("2024-04-04"),
                "Omar Dhabian",
                "continuing-threat-isis-iraq-after-withdrawal-international-coalition"
            ),
        ]
    );

    let topics: Vec<&str> = page.topics.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(topics, ["great-power-competition", "terrorism"]);
    assert_eq!(page.topics[0].name, "Great Power Competition");
    assert_eq!(page.regions[0].name, "Middle East");
    assert_eq!(page.regions[0].slug.as_str(), "middle-east");
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn every_recommended_title_in_the_seeds_slugifies_to_its_link() {
    let mut checked = 0;
    for seed in [SEED_2017, SEED_2024] {
        for item in parse_fixture(seed).recommended {
            assert_eq!(slugify(&item.title), item.slug.as_str(), "{}", item.title);
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

#[test]
fn both_seeds_import_into_the_store_with_every_field() {
    let test = new_store();
    let report = import(&test.store, &["seeds"]);
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (2, 0, 0)
    );
    assert!(report.failed.is_empty(), "{:?}", report.failed);

    let en = english();
    test.store
        .read(|c| {
            let article = folio_db::article_by_path(c, &en, &slug("putin-no-ally-war-terror-2024"), Visibility::Published)?
                .expect("the 2024 seed is published at its archive slug");
            assert_eq!(article.authors[0].name, "Anna Borshchevskaya");
            assert_eq!(article.authors[0].bio, BIO);
            assert_eq!(
                article.authors[0].programs[0].name,
                "Diane and Guilford Glazer Foundation Program on Great Power Competition and the Middle East"
            );
            assert_eq!(article.content_type.as_ref().unwrap().slug.as_str(), "articles-testimony");
            assert_eq!(article.syndications[0].outlet, "19Forty-Five");
            assert_eq!(article.recommended.len(), 3);
            assert_eq!(article.recommended[0].title(), "Will Israel Find the Right Type of “Victory” in Gaza?");
            assert_eq!(article.topics.len(), 2);
            assert_eq!(article.regions[0].name, "Middle East");

            let older = folio_db::article_by_path(c, &en, &slug("russias-questionable-counterterrorism-record"), Visibility::Published)?
                .unwrap();
            assert!(older.body_is_excerpt);
            assert_eq!(older.full_text_elsewhere().unwrap().outlet, "Foreign Affairs");
            let declared = folio_db::article_translation_links(c, older.id)?;
            assert_eq!(declared[0].slug.as_str(), "tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb");

            let expert = folio_db::expert_by_slug(c, &slug("anna-borshchevskaya"))?.unwrap();
            assert_eq!(expert.bio, BIO);
            assert_eq!(expert.programs.len(), 1);

            let source = folio_db::import_source(c, article.id)?.unwrap();
            assert!(source.source_name.ends_with("002_978dccf3409b9bcb.txt"));
            assert!(source.raw_source.contains("# Putin Is No Ally in the War on Terror in 2024"), "the raw page is kept");
            assert_eq!(source.parser_version, folio_import::PARSER_VERSION);
            Ok(())
        })
        .unwrap();
}

#[test]
fn recommended_pieces_not_yet_imported_are_known_by_their_slug() {
    let test = new_store();
    import(&test.store, &["seeds"]);
    let reference = test
        .store
        .read(|c| {
            folio_db::article_reference(
                c,
                &english(),
                &Slug::parse("libyas-renewed-legitimacy-crisis").unwrap(),
            )
        })
        .unwrap()
        .unwrap();
    assert_eq!(reference.item.title, "Libya’s Renewed Legitimacy Crisis");
    assert_eq!(reference.item.author_names, ["Ben Fishman"]);
    assert_eq!(
        reference.recommended_by[0].slug.as_str(),
        "russias-questionable-counterterrorism-record"
    );
}
