//! Importing the same pages again updates in place.

use folio_db::Visibility;

use crate::*;

#[test]
fn importing_again_changes_nothing_and_duplicates_nothing() {
    let test = new_store();
    import(&test.store, &["seeds"]);
    let again = import(&test.store, &["seeds"]);
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    let count = test
        .store
        .read(|c| folio_db::count_articles(c, Visibility::All))
        .unwrap();
    assert_eq!(count, 2);
}

#[test]
fn an_edited_page_updates_the_same_article() {
    let test = new_store();
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixture("seeds/002_978dccf3409b9bcb.txt")).unwrap();
    let path = dir.path().join("page.txt");
    std::fs::write(&path, &original).unwrap();
    let first = folio_import::import_files(
        &test.store,
        std::slice::from_ref(&path),
        &options(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(first.created, 1);
    std::fs::write(&path, original.replace("Apr 5, 2024", "Apr 6, 2024")).unwrap();
    let second = folio_import::import_files(&test.store, &[path], &options(), &mut |_| {}).unwrap();
    assert_eq!((second.created, second.updated), (0, 1));
    let article = test
        .store
        .read(|c| {
            folio_db::article_by_path(
                c,
                &english(),
                &slug("putin-no-ally-war-terror-2024"),
                Visibility::All,
            )
        })
        .unwrap()
        .unwrap();
    assert_eq!(article.published_on.unwrap().to_string(), "2024-04-06");
    assert_eq!(
        test.store
            .read(|c| folio_db::count_articles(c, Visibility::All))
            .unwrap(),
        1
    );
}

#[test]
fn progress_is_reported_once_per_file() {
    let test = new_store();
    let (files, _) = folio_import::find_files(&[fixture("seeds"), fixture("malformed")]);
    let mut seen = Vec::new();
    folio_import::import_files(&test.store, &files, &options(), &mut |name| {
        seen.push(name.to_owned())
    })
    .unwrap();
    assert_eq!(seen.len(), files.len());
}
