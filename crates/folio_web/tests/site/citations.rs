//! "Cite this": the block on the article page and the BibTeX, RIS and
//! CSL-JSON files, snapshot-tested for both seed articles and read back
//! with a real BibTeX parser.
//!
//! `UPDATE_SNAPSHOTS=1 cargo nextest run -p folio_web citations` rewrites
//! the snapshots after an intended change; review the diff.

use std::path::PathBuf;

use axum::http::StatusCode;

use crate::TestApp;

const SEEDS: [&str; 2] = [
    "/policy-analysis/russias-questionable-counterterrorism-record",
    "/policy-analysis/putin-no-ally-war-terror-2024",
];

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/site/snapshots")
        .join(name)
}

fn assert_snapshot(name: &str, actual: &str) {
    let path = snapshot_path(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()));
    if expected != actual {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its snapshot at line {}:\nexpected: {:?}\nactual:   {:?}",
            first_difference + 1,
            expected.lines().nth(first_difference),
            actual.lines().nth(first_difference)
        );
    }
}

#[tokio::test]
async fn both_seeds_download_as_bibtex_ris_and_csl_json_matching_their_snapshots() {
    let app = TestApp::with_fixtures();
    for page in SEEDS {
        let slug = page.rsplit('/').next().unwrap();
        for (file, content_type) in [
            ("cite.bib", "application/x-bibtex"),
            ("cite.ris", "application/x-research-info-systems"),
            ("cite.json", "application/vnd.citationstyles.csl+json"),
        ] {
            let response = app.get(&format!("{page}/{file}")).await;
            assert_eq!(response.status, StatusCode::OK, "{page}/{file}");
            assert!(
                response.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with(content_type),
                "{page}/{file}"
            );
            let extension = file.rsplit('.').next().unwrap();
            assert!(
                response.headers["content-disposition"]
                    .to_str()
                    .unwrap()
                    .contains(&format!("{slug}.{extension}")),
                "{page}/{file}"
            );
            assert_snapshot(&format!("{slug}.{extension}"), &response.body);
        }
    }
}

#[tokio::test]
async fn bibtex_parses_with_a_real_parser() {
    let app = TestApp::with_fixtures();
    let body = app.get(&format!("{}/cite.bib", SEEDS[1])).await.body;
    let bibliography = biblatex::Bibliography::parse(&body).unwrap();
    let entry = bibliography.iter().next().expect("one entry");
    let authors = entry.author().unwrap();
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].name, "Borshchevskaya");
    assert_eq!(authors[0].given_name, "Anna");
    let title: String = entry
        .title()
        .unwrap()
        .iter()
        .map(|chunk| chunk.v.get())
        .collect();
    assert_eq!(title, "Putin Is No Ally in the War on Terror in 2024");
    assert!(body.contains("year = {2024}"), "{body}");
}

#[tokio::test]
async fn csl_json_and_ris_carry_the_required_fields() {
    let app = TestApp::with_fixtures();
    let csl: serde_json::Value =
        serde_json::from_str(&app.get(&format!("{}/cite.json", SEEDS[0])).await.body).unwrap();
    let item = &csl[0];
    assert_eq!(item["type"], "webpage");
    assert_eq!(
        item["title"],
        "Russia's Questionable Counterterrorism Record"
    );
    assert_eq!(item["author"][0]["family"], "Borshchevskaya");
    assert_eq!(
        item["issued"]["date-parts"][0],
        serde_json::json!([2017, 11, 23])
    );
    assert_eq!(item["publisher"], "Folio Institute for Policy Analysis");
    assert_eq!(item["URL"], format!("http://127.0.0.1:8080{}", SEEDS[0]));

    let ris = app.get(&format!("{}/cite.ris", SEEDS[0])).await.body;
    let lines: Vec<&str> = ris.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("TY  - "), "{ris}");
    assert_eq!(*lines.last().unwrap(), "ER  - ");
    assert!(lines.contains(&"AU  - Borshchevskaya, Anna"), "{ris}");
    assert!(lines.contains(&"PY  - 2017"), "{ris}");
    for line in &lines {
        assert!(
            line.len() >= 6 && line.as_bytes()[2..6] == *b"  - ",
            "not an RIS line: {line:?}"
        );
    }
}

#[tokio::test]
async fn the_article_page_shows_three_styles_and_links_the_files() {
    let app = TestApp::with_fixtures();
    let html = app.page(SEEDS[1]).await;
    crate::assert_in_order(
        &html,
        &[
            "Cite this",
            "<dt>Chicago</dt>",
            "Borshchevskaya, Anna. “Putin Is No Ally in the War on Terror in 2024.”",
            "<dt>APA</dt>",
            "Borshchevskaya, A. (2024, April 5). <i>Putin Is No Ally in the War on Terror in 2024</i>",
            "<dt>MLA</dt>",
            "Borshchevskaya, Anna. “Putin Is No Ally in the War on Terror in 2024.” <i>Folio Institute for Policy Analysis</i>, 5 Apr. 2024",
            &format!(r#"href="{}/cite.bib""#, SEEDS[1]),
            &format!(r#"href="{}/cite.ris""#, SEEDS[1]),
            &format!(r#"href="{}/cite.json""#, SEEDS[1]),
        ],
    );
}

#[tokio::test]
async fn only_articles_have_citations() {
    let app = TestApp::with_fixtures();
    for path in [
        "/policy-analysis/terrorism/cite.bib",
        "/policy-analysis/no-such-piece/cite.ris",
        "/policy-analysis/putin-no-ally-war-terror-2024/cite.txt",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn citation_files_read_after_an_edit_cite_the_edited_article() {
    // An article's citation files share one read; an edit made after it
    // must still reach every format.
    let app = TestApp::with_fixtures();
    let page = SEEDS[1];
    assert!(
        app.get(&format!("{page}/cite.bib"))
            .await
            .body
            .contains("Putin Is No Ally")
    );
    let mut input = crate::input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.title = "Putin Is Still No Ally".to_owned();
    app.save(&input);
    for file in ["cite.bib", "cite.ris", "cite.json"] {
        let body = app.get(&format!("{page}/{file}")).await.body;
        assert!(body.contains("Putin Is Still No Ally"), "{file}: {body}");
    }
}
