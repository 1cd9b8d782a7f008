//! Dates in each language's own form, from the translation files.

use folio_core::Date;

use crate::i18n::{Locales, fluent_args};

/// A date the way the language's translation file says to print it:
/// `date-format` with the month name `month-{n}` ("Nov 23, 2017",
/// "23 تشرين الثاني/نوفمبر 2017").
pub fn format_date(locales: &Locales, language: &str, date: Date) -> String {
    let month = locales.text(language, &format!("month-{}", date.month()), None);
    let args = fluent_args([
        (
            "day",
            fluent_bundle::FluentValue::from(date.day().to_string()),
        ),
        ("month", fluent_bundle::FluentValue::from(month)),
        (
            "year",
            fluent_bundle::FluentValue::from(date.year().to_string()),
        ),
    ]);
    locales.text(language, "date-format", Some(&args))
}
