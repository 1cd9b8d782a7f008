//! Files that are not pages fail with a clear reason; the rest still import.

use crate::*;

fn failure_for<'r>(
    report: &'r folio_import::ImportReport,
    file: &str,
) -> &'r folio_import::ImportFailure {
    report
        .failed
        .iter()
        .find(|f| f.source.ends_with(file))
        .unwrap_or_else(|| panic!("{file} did not fail: {report:?}"))
}

#[test]
fn each_bad_file_is_reported_with_its_reason_and_line() {
    let test = new_store();
    let report = import(&test.store, &["seeds", "malformed"]);
    assert_eq!(
        report.created, 2,
        "the good pages are committed: {report:?}"
    );
    assert_eq!(report.failed.len(), 6, "{:?}", report.failed);

    assert_eq!(
        failure_for(&report, "empty.txt").reason,
        "the file is empty"
    );
    let image = failure_for(&report, "image.png");
    assert!(image.reason.contains("binary data"), "{image}");
    assert_eq!(
        image.line,
        Some(3),
        "the first NUL byte follows the PNG signature's two line breaks"
    );
    let blog = failure_for(&report, "other_site_blog_post.txt");
    assert!(
        blog.reason.starts_with("this is not an article page"),
        "{blog}"
    );
    let date = failure_for(&report, "impossible_date.txt");
    assert_eq!(date.line, Some(7), "{date}");
    assert!(
        date.reason.contains("\"Feb 30, 2023\" is not a real date"),
        "{date}"
    );
    let byline = failure_for(&report, "byline_without_slug.txt");
    assert_eq!(byline.line, Some(5));
    assert!(byline.reason.contains("has no expert slug"), "{byline}");
    let taken = failure_for(&report, "slug_taken_by_a_topic.txt");
    assert!(taken.reason.contains("already used by a topic"), "{taken}");
    assert_eq!(
        taken.to_string(),
        format!("{}: {}", taken.source, taken.reason),
        "a failure prints as file: reason"
    );
}

#[test]
fn a_failed_page_leaves_nothing_half_written() {
    let test = new_store();
    import(
        &test.store,
        &["seeds", "malformed/slug_taken_by_a_topic.txt"],
    );
    let expert = test
        .store
        .read(|c| folio_db::expert_by_slug(c, &slug("matthew-levitt")))
        .unwrap();
    assert_eq!(
        expert, None,
        "the failed page's expert was rolled back with it"
    );
}

#[test]
fn missing_paths_are_failures() {
    let (files, failures) = folio_import::find_files(&[fixture("no/such/dir")]);
    assert!(files.is_empty());
    assert_eq!(failures[0].reason, "no such file or directory");
}
