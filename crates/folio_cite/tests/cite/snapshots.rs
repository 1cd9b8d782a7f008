//! The full BibTeX, RIS and CSL-JSON for both seeds, compared byte for byte
//! with files under `tests/snapshots/`. Run with `UPDATE_SNAPSHOTS=1` to
//! write them after an intended change, then review the diff.

use std::path::PathBuf;

use folio_cite::{Work, bibtex, csl_json, ris};
use similar::TextDiff;

use crate::seeds::seeds;

fn outputs(work: &Work) -> [(String, String); 3] {
    let json = serde_json::to_string_pretty(&csl_json(work)).unwrap() + "\n";
    [
        (format!("{}.bib", work.id), bibtex(work)),
        (format!("{}.ris", work.id), ris(work)),
        (format!("{}.json", work.id), json),
    ]
}

#[test]
fn snapshots_match() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for work in seeds() {
        for (name, actual) in outputs(&work) {
            let path = dir.join(&name);
            if update {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SNAPSHOTS=1", path.display()));
            if expected != actual.as_bytes() {
                // Show carriage returns so a line-ending change is visible.
                let shown = |s: &str| s.replace('\r', "\\r");
                let expected = shown(&String::from_utf8_lossy(&expected));
                let actual = shown(&actual);
                let diff = TextDiff::from_lines(&expected, &actual)
                    .unified_diff()
                    .header(&format!("{name} (snapshot)"), &format!("{name} (now)"))
                    .to_string();
                failures.push(format!("{name} differs:\n{diff}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nrun with UPDATE_SNAPSHOTS=1 if the change is intended",
        failures.join("\n")
    );
}
