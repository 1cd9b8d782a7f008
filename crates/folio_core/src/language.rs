//! Language codes and writing direction.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A primary language subtag such as `en`, `ar` or `fa`: two or three
/// lower-case ASCII letters. Folio keys content, URL prefixes and interface
/// translations by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a language code: expected two or three lower-case letters such as \"en\" or \"ar\""
)]
pub struct LanguageCodeError(pub String);

impl LanguageCode {
    pub fn parse(text: &str) -> Result<LanguageCode, LanguageCodeError> {
        let valid = (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase());
        if valid {
            Ok(LanguageCode(text.to_owned()))
        } else {
            Err(LanguageCodeError(text.to_owned()))
        }
    }

    /// English: the language of the seed archive and of Folio's defaults.
    pub fn english() -> LanguageCode {
        LanguageCode("en".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LanguageCode {
    type Error = LanguageCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        LanguageCode::parse(&value)
    }
}

impl From<LanguageCode> for String {
    fn from(code: LanguageCode) -> String {
        code.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

impl TextDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            TextDirection::Ltr => "ltr",
            TextDirection::Rtl => "rtl",
        }
    }
}

/// The digits a language's pages print numbers with. Arabic sites use
/// either the Western digits or the Arabic-Indic ones (٠١٢…); Persian uses
/// its own forms (۰۱۲…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Digits {
    /// 0123456789
    Latin,
    /// ٠١٢٣٤٥٦٧٨٩
    ArabicIndic,
    /// ۰۱۲۳۴۵۶۷۸۹
    Persian,
}

impl Digits {
    pub const ALL: [Digits; 3] = [Digits::Latin, Digits::ArabicIndic, Digits::Persian];

    /// The name `folio.toml` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Digits::Latin => "latin",
            Digits::ArabicIndic => "arabic-indic",
            Digits::Persian => "persian",
        }
    }

    pub fn parse(text: &str) -> Option<Digits> {
        Digits::ALL.into_iter().find(|d| d.as_str() == text)
    }

    /// What a language prints by convention when the site file does not
    /// say: Persian its own digits, every other language the Western ones.
    pub fn default_for(language: &LanguageCode) -> Digits {
        match language.as_str() {
            "fa" => Digits::Persian,
            _ => Digits::Latin,
        }
    }

    /// `text` with every ASCII digit written in these digits; nothing else
    /// changes ("page 12" -> "page ١٢").
    pub fn apply(self, text: &str) -> String {
        let zero = match self {
            Digits::Latin => return text.to_owned(),
            Digits::ArabicIndic => '\u{0660}',
            Digits::Persian => '\u{06F0}',
        };
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => {
                    char::from_u32(zero as u32 + d).expect("a digit's code point")
                }
                _ => c,
            })
            .collect()
    }
}

/// Guesses the language of a text from its script: Arabic script with
/// Persian-only letters is Persian, other Arabic script is Arabic, anything
/// else is the given fallback. Enough to tell the archive's languages apart.
pub fn detect_language(text: &str, fallback: &LanguageCode) -> LanguageCode {
    let mut arabic_script = 0usize;
    let mut latin = 0usize;
    let mut persian_only = 0usize;
    for c in text.chars() {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' | '۰'..='۹' => {
                arabic_script += 1;
                persian_only += 1;
            }
            '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' => {
                arabic_script += 1
            }
            c if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if arabic_script > latin {
        // Persian text uses its own yeh and kaf throughout; a couple of
        // Persian letters in an Arabic text are loanwords.
        if persian_only * 20 > arabic_script {
            LanguageCode("fa".to_owned())
        } else {
            LanguageCode("ar".to_owned())
        }
    } else {
        fallback.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_are_short_lower_case_letters() {
        assert!(LanguageCode::parse("en").is_ok());
        assert!(LanguageCode::parse("fil").is_ok());
        assert!(LanguageCode::parse("EN").is_err());
        assert!(LanguageCode::parse("en-us").is_err());
        assert!(LanguageCode::parse("").is_err());
    }

    #[test]
    fn digits_are_written_in_the_language_s_forms() {
        assert_eq!(Digits::Latin.apply("23 May 2017"), "23 May 2017");
        assert_eq!(Digits::ArabicIndic.apply("23 مايو 2017"), "٢٣ مايو ٢٠١٧");
        assert_eq!(Digits::Persian.apply("page 1908"), "page ۱۹۰۸");
        assert_eq!(
            Digits::default_for(&LanguageCode::parse("fa").unwrap()),
            Digits::Persian
        );
        assert_eq!(
            Digits::default_for(&LanguageCode::parse("ar").unwrap()),
            Digits::Latin
        );
        for digits in Digits::ALL {
            assert_eq!(Digits::parse(digits.as_str()), Some(digits));
        }
    }

    #[test]
    fn detects_arabic_persian_and_english() {
        let en = LanguageCode::english();
        assert_eq!(detect_language("Russia's record", &en).as_str(), "en");
        assert_eq!(
            detect_language("تاريخ روسيا المشبوه في مكافحة الإرهاب", &en).as_str(),
            "ar"
        );
        assert_eq!(
            detect_language("کارنامه مشکوک روسیا در مبارزه با تروریسم چگونه است", &en).as_str(),
            "fa"
        );
    }
}
