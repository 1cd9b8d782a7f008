//! The sample content `serve --demo` imports: the two seed pages of the
//! specification, the Arabic translation of the first and the Arabic and
//! Persian versions of the second, bundled into the binary so the demo
//! needs no files.

use folio_import::Source;

const SAMPLE_PAGES: &[(&str, &[u8])] = &[
    (
        "sample/000_bc9257f421afcb15.txt",
        include_bytes!("../../../fixtures/pages/seeds/000_bc9257f421afcb15.txt"),
    ),
    (
        "sample/002_978dccf3409b9bcb.txt",
        include_bytes!("../../../fixtures/pages/seeds/002_978dccf3409b9bcb.txt"),
    ),
    (
        "sample/ar_russia_counterterrorism_record.txt",
        include_bytes!(
            "../../../fixtures/pages/translations/ar_russia_counterterrorism_record.txt"
        ),
    ),
    (
        "sample/ar_putin_no_ally.txt",
        include_bytes!("../../../fixtures/pages/languages/ar_putin_no_ally.txt"),
    ),
    (
        "sample/fa_putin_no_ally.txt",
        include_bytes!("../../../fixtures/pages/languages/fa_putin_no_ally.txt"),
    ),
];

pub fn sample_pages() -> Vec<Source> {
    SAMPLE_PAGES
        .iter()
        .map(|(name, bytes)| Source {
            name: (*name).to_owned(),
            bytes: bytes.to_vec(),
        })
        .collect()
}
