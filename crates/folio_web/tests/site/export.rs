//! `folio export --static`: the site as files, complete (every internal
//! link resolves to a file, as a static host would serve it) and
//! incremental (a second export rewrites only what changed).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use folio_web::export::{export_site, file_for};

use crate::{TestApp, input_from};

pub(crate) fn files_under(root: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                out.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

/// Every `href`/`src` of every exported page that stays on the site must
/// name an exported file, the query string ignored as a static host does.
pub(crate) fn broken_links(root: &Path, files: &BTreeSet<String>) -> Vec<String> {
    let mut broken = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(root.join(file)).unwrap();
        for attribute in ["href=\"", "src=\""] {
            for (at, _) in html.match_indices(attribute) {
                let rest = &html[at + attribute.len()..];
                let link = &rest[..rest.find('"').unwrap()];
                let link = link.strip_prefix("http://127.0.0.1:8080").unwrap_or(link);
                if !link.starts_with('/') || link.starts_with("//") {
                    continue;
                }
                let path = link.split(['?', '#']).next().unwrap();
                if !files.contains(&file_for(path)) {
                    broken.push(format!("{file} links to {link}"));
                }
            }
        }
    }
    broken
}

fn export_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    (dir, out)
}

#[tokio::test]
async fn the_export_holds_every_page_feed_citation_and_asset_and_no_link_is_broken() {
    let app = TestApp::with_archive();
    let (_dir, out) = export_dir();
    let report = export_site(&app.state, &out).await.unwrap();
    let files = files_under(&out);
    assert_eq!(report.written, report.files);
    assert_eq!(report.unchanged, 0);
    for expected in [
        "index.html",
        "ar/index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.atom",
        "ar/feed.rss",
        "search/index.html",
        "search-index.json",
        "policy-analysis/index.html",
        "policy-analysis/putin-no-ally-war-terror-2024/index.html",
        "policy-analysis/putin-no-ally-war-terror-2024/cite.bib",
        "policy-analysis/putin-no-ally-war-terror-2024/cite.ris",
        "policy-analysis/putin-no-ally-war-terror-2024/cite.json",
        "policy-analysis/terrorism/index.html",
        "policy-analysis/terrorism/feed.json",
        "experts/anna-borshchevskaya/index.html",
        "experts/anna-borshchevskaya/feed.atom",
        "types/policywatch/feed.rss",
        // A piece known only from a Recommended list has its record.
        "policy-analysis/libyas-renewed-legitimacy-crisis/index.html",
        // The importer's legacy address, as a page that sends readers on.
        "policy-analysis/view/putin-no-ally-war-terror-2024/index.html",
        ".folio-export",
    ] {
        assert!(files.contains(expected), "{expected} is missing");
    }
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("assets/style.") && f.ends_with(".css")),
        "the stylesheet is missing"
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("ar/policy-analysis/تاريخ")
                || f.starts_with("ar/policy-analysis/tarykh")),
        "the Arabic article is missing"
    );
    assert!(!files.iter().any(|f| f.ends_with(".folio-partial")));
    let page = std::fs::read_to_string(out.join("policy-analysis/terrorism/index.html")).unwrap();
    assert!(page.contains("<h1>Terrorism</h1>"), "{page}");
    let stub = std::fs::read_to_string(
        out.join("policy-analysis/view/putin-no-ally-war-terror-2024/index.html"),
    )
    .unwrap();
    assert!(
        stub.contains(r#"<meta http-equiv="refresh" content="0; url=/policy-analysis/putin-no-ally-war-terror-2024">"#),
        "{stub}"
    );
    // The browser search script is on the search page only.
    let search = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(search.contains("/assets/search."), "{search}");
    assert!(!home.contains("/assets/search."));
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(not_found.contains("noindex"));

    let broken = broken_links(&out, &files);
    assert!(
        broken.is_empty(),
        "{} broken links: {broken:#?}",
        broken.len()
    );
}

#[tokio::test]
async fn every_page_of_every_listing_is_exported_and_pagination_links_resolve() {
    let app = TestApp::configured(
        "[site]\nper_page = 2",
        &["seeds", "translations", "partial", "archive"],
    );
    let (_dir, out) = export_dir();
    export_site(&app.state, &out).await.unwrap();
    let files = files_under(&out);
    // Every page the live site answers is a file, and the first it does
    // not answer is not.
    let mut page = 2;
    while app
        .fresh_get(&format!("/policy-analysis/page/{page}"))
        .await
        .status
        == 200
    {
        let file = format!("policy-analysis/page/{page}/index.html");
        assert!(files.contains(&file), "{file} is missing");
        page += 1;
    }
    assert!(page > 3, "the archive makes several pages of two");
    let past = format!("policy-analysis/page/{page}/index.html");
    assert!(!files.contains(&past), "{past} should not exist");
    assert!(files.contains("experts/anna-borshchevskaya/page/2/index.html"));
    assert!(files.contains("policy-analysis/terrorism/page/2/index.html"));
    let broken = broken_links(&out, &files);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[tokio::test]
async fn a_second_export_rewrites_only_what_an_edit_changed_and_removes_what_is_gone() {
    let app = TestApp::with_archive();
    let (_dir, out) = export_dir();
    let first = export_site(&app.state, &out).await.unwrap();

    let again = export_site(&app.state, &out).await.unwrap();
    assert_eq!(again.written, 0, "{:?}", again.written_paths);
    assert_eq!(again.unchanged, first.files);
    assert_eq!(again.removed, 0);

    // One edit: the article, and the pages and feeds that show its title.
    // (In a small archive every English piece shows it, under Recommended,
    // "More from" its expert or "More on" its topic: an Arabic piece does not.)
    let untouched = out.join(
        "ar/policy-analysis/tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb/index.html",
    );
    let untouched_before = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.title = "Putin Is Still No Ally".into();
    app.save(&input);
    let edited = export_site(&app.state, &out).await.unwrap();
    assert!(
        edited
            .written_paths
            .contains(&"/policy-analysis/putin-no-ally-war-terror-2024".to_owned()),
        "{:?}",
        edited.written_paths
    );
    assert!(edited.written_paths.contains(&"/feed.atom".to_owned()));
    assert!(
        edited.written < first.files / 3,
        "{} of {} files rewritten: {:?}",
        edited.written,
        first.files,
        edited.written_paths
    );
    assert_eq!(
        std::fs::metadata(&untouched).unwrap().modified().unwrap(),
        untouched_before,
        "an unrelated page was rewritten"
    );
    let page = std::fs::read_to_string(
        out.join("policy-analysis/putin-no-ally-war-terror-2024/index.html"),
    )
    .unwrap();
    assert!(page.contains("Putin Is Still No Ally"));

    // Unpublished: its page and files leave the export.
    let mut input = input_from(&app.article("en", "putin-no-ally-war-terror-2024"));
    input.status = folio_core::ArticleStatus::Draft;
    app.save(&input);
    let unpublished = export_site(&app.state, &out).await.unwrap();
    assert!(unpublished.removed >= 4, "{unpublished:?}");
    let files = files_under(&out);
    assert!(
        !files
            .iter()
            .any(|f| f.contains("putin-no-ally-war-terror-2024"))
    );
    let broken = broken_links(&out, &files);
    assert!(broken.is_empty(), "{broken:#?}");
}
