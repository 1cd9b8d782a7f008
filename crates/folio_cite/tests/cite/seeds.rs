//! The two real articles the tests are built on, and helpers to vary them.

use folio_cite::Work;
use jiff::civil::date;

pub const PUBLISHER: &str = "The Washington Institute for Near East Policy";

/// Published with a content type, not republished elsewhere.
pub fn russia() -> Work {
    Work {
        title: "Russia's Questionable Counterterrorism Record".into(),
        authors: vec!["Anna Borshchevskaya".into()],
        published_on: Some(date(2017, 11, 23)),
        publisher: PUBLISHER.into(),
        container: Some("Articles & Testimony".into()),
        url: "https://www.washingtoninstitute.org/policy-analysis/russias-questionable-counterterrorism-record".into(),
        language: "en".into(),
        abstract_text: "Moscow's actions suggest it will never be an honest broker or reliable partner for the West in combating terrorism.".into(),
        keywords: vec!["Russia".into(), "Terrorism".into(), "Syria".into()],
        also_published_in: None,
        id: "russias-questionable-counterterrorism-record".into(),
    }
}

/// Republished from 19FortyFive; no content type, so the styles' plain path
/// is covered as well.
pub fn putin() -> Work {
    Work {
        title: "Putin Is No Ally in the War on Terror in 2024".into(),
        authors: vec!["Anna Borshchevskaya".into()],
        published_on: Some(date(2024, 4, 5)),
        publisher: PUBLISHER.into(),
        container: None,
        url: "https://www.washingtoninstitute.org/policy-analysis/putin-no-ally-war-terror-2024".into(),
        language: "en".into(),
        abstract_text: "The Kremlin's legacy of ties to Hezbollah, the Taliban, and other terrorist actors should disabuse Washington of any hope for common cause.".into(),
        keywords: vec!["Russia".into(), "Great Power Competition".into(), "Counterterrorism".into()],
        also_published_in: Some("19Forty-Five".into()),
        id: "putin-no-ally-war-terror-2024".into(),
    }
}

pub fn seeds() -> [Work; 2] {
    [russia(), putin()]
}

/// The Putin article with other authors.
pub fn putin_by(authors: &[&str]) -> Work {
    Work {
        authors: authors.iter().map(|a| a.to_string()).collect(),
        ..putin()
    }
}

/// Five distinct authors, for the "et al." and long-list rules.
pub const FIVE: [&str; 5] = [
    "Anna Borshchevskaya",
    "Michael Knights",
    "Ana de la Cruz",
    "Martin Luther King Jr.",
    "Dana Stroul",
];
