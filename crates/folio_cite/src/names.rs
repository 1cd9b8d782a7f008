//! Splitting a display name ("Anna Borshchevskaya") into the parts that the
//! styles invert, abbreviate or tag. Every format takes its names from here,
//! so a name is split the same way in every citation.
//!
//! The rules, kept simple on purpose because a display name carries no
//! markup telling given from family:
//!
//! - The family name is the last word, together with any lowercase particles
//!   just before it ("Ana de la Cruz" → given "Ana", particle "de la",
//!   family "Cruz"; "Hassan bin Ali" → given "Hassan", particle "bin",
//!   family "Ali"). A hyphenated prefix such as "al-Assad" is one word
//!   already and needs no rule.
//! - A trailing "Jr.", "Sr.", "II", "III" or "IV", with or without a comma
//!   before it, is a suffix.
//! - A name that is one word, that is not wholly in Latin script, or that
//!   still has a comma in it (we cannot tell "Family, Given" from an
//!   organisation with a comma) is a literal: printed as written and never
//!   split.

use crate::clean;

/// Lowercase words that belong to the family name when they come before it.
const PARTICLES: &[&str] = &[
    "al", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du",
    "el", "ibn", "la", "le", "ten", "ter", "van", "von",
];

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// One author, as the styles need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Name {
    Person(PersonName),
    /// Printed exactly as written (whitespace collapsed).
    Literal(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PersonName {
    pub given: String,
    /// Lowercase particles such as "de la"; empty when there are none.
    pub particle: String,
    pub family: String,
    /// "Jr.", "III"…; empty when there is none.
    pub suffix: String,
}

impl PersonName {
    /// The family name with its particle: "de la Cruz".
    pub fn full_family(&self) -> String {
        join_nonempty(&[&self.particle, &self.family], " ")
    }

    /// "Ana de la Cruz", "Martin Luther King Jr." (no comma before the
    /// suffix in running order, per CMOS 17 6.43).
    pub fn natural(&self) -> String {
        join_nonempty(&[&self.given, &self.full_family(), &self.suffix], " ")
    }

    /// "de la Cruz, Ana", "King, Martin Luther, Jr.".
    pub fn inverted(&self) -> String {
        join_nonempty(&[&self.full_family(), &self.given, &self.suffix], ", ")
    }

    /// The given names as initials: "Martin Luther" → "M. L.",
    /// "Jean-Paul" → "J.-P.".
    pub fn initials(&self) -> String {
        self.given
            .split(' ')
            .filter_map(|word| {
                let parts: Vec<String> = word
                    .split('-')
                    .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
                    .map(|c| format!("{}.", c.to_uppercase()))
                    .collect();
                (!parts.is_empty()).then(|| parts.join("-"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Parses every non-blank author, in order.
pub(crate) fn parse_all(authors: &[String]) -> Vec<Name> {
    authors
        .iter()
        .map(|a| parse(a))
        .filter(|n| !matches!(n, Name::Literal(s) if s.is_empty()))
        .collect()
}

/// Parses one display name.
pub(crate) fn parse(display: &str) -> Name {
    let cleaned = clean(display);
    if !is_latin(&cleaned) {
        return Name::Literal(cleaned);
    }
    let mut words: Vec<&str> = cleaned.split(' ').collect();
    let mut suffix = String::new();
    if words.len() > 2 && SUFFIXES.contains(words.last().unwrap_or(&"")) {
        suffix = words.pop().unwrap_or_default().to_string();
        // "King, Jr." — the comma goes with the suffix.
        if let Some(last) = words.last_mut() {
            *last = last.strip_suffix(',').unwrap_or(last);
        }
    }
    if words.len() < 2 || words.iter().any(|w| w.contains(',')) {
        return Name::Literal(cleaned);
    }
    let last = words.len() - 1;
    let mut start = last;
    // At least one given name must remain.
    while start > 1 && PARTICLES.contains(&words[start - 1]) {
        start -= 1;
    }
    Name::Person(PersonName {
        given: words[..start].join(" "),
        particle: words[start..last].join(" "),
        family: words[last].to_string(),
        suffix,
    })
}

/// True when the name has letters and all of them are Latin script (basic,
/// Latin-1, Extended-A/B, IPA, Extended Additional, -C, -D, -E, fullwidth).
fn is_latin(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some()
        && letters.all(|c| {
            matches!(c as u32,
                0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0x2AF | 0x300..=0x36F
                | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F
                | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
        })
}

fn join_nonempty(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(given: &str, particle: &str, family: &str, suffix: &str) -> Name {
        Name::Person(PersonName {
            given: given.into(),
            particle: particle.into(),
            family: family.into(),
            suffix: suffix.into(),
        })
    }

    #[test]
    fn splits_given_and_family_on_the_last_word() {
        assert_eq!(
            parse("Anna Borshchevskaya"),
            person("Anna", "", "Borshchevskaya", "")
        );
        assert_eq!(
            parse("  Martin   Luther\nKing "),
            person("Martin Luther", "", "King", "")
        );
    }

    #[test]
    fn particles_belong_to_the_family_name() {
        let Name::Person(p) = parse("Ana de la Cruz") else {
            panic!("not split")
        };
        assert_eq!(
            p,
            PersonName {
                given: "Ana".into(),
                particle: "de la".into(),
                family: "Cruz".into(),
                suffix: String::new(),
            }
        );
        assert_eq!(p.inverted(), "de la Cruz, Ana");
        assert_eq!(p.natural(), "Ana de la Cruz");
        assert_eq!(parse("Hassan bin Ali"), person("Hassan", "bin", "Ali", ""));
        assert_eq!(
            parse("Bashar al-Assad"),
            person("Bashar", "", "al-Assad", "")
        );
        // A capitalised "De" is a family name, not a particle.
        assert_eq!(
            parse("Charles De Gaulle"),
            person("Charles De", "", "Gaulle", "")
        );
        // The given name is never swallowed by the particle rule.
        assert_eq!(parse("van Gogh"), person("van", "", "Gogh", ""));
    }

    #[test]
    fn suffixes_are_kept_apart() {
        for display in ["Martin Luther King Jr.", "Martin Luther King, Jr."] {
            let Name::Person(p) = parse(display) else {
                panic!("not split: {display}")
            };
            assert_eq!(p.family, "King");
            assert_eq!(p.suffix, "Jr.");
            assert_eq!(p.inverted(), "King, Martin Luther, Jr.");
            assert_eq!(p.natural(), "Martin Luther King Jr.");
            assert_eq!(p.initials(), "M. L.");
        }
        assert_eq!(parse("John Smith III"), person("John", "", "Smith", "III"));
        // With only one word left the suffix is not split off.
        assert_eq!(parse("Smith III"), person("Smith", "", "III", ""));
    }

    #[test]
    fn literal_names_are_not_split() {
        for display in [
            "مايكل نايتس",
            "Plato",
            "Smith, John",
            "Michael نايتس",
            "1234",
        ] {
            assert_eq!(parse(display), Name::Literal(display.into()), "{display}");
        }
        assert_eq!(parse("Zoë Ñúñez"), person("Zoë", "", "Ñúñez", ""));
    }

    #[test]
    fn initials_handle_hyphens_and_existing_initials() {
        let Name::Person(p) = parse("Jean-Paul Sartre") else {
            panic!()
        };
        assert_eq!(p.initials(), "J.-P.");
        let Name::Person(p) = parse("John F. Kennedy") else {
            panic!()
        };
        assert_eq!(p.initials(), "J. F.");
        let Name::Person(p) = parse("élise Durand") else {
            panic!()
        };
        assert_eq!(p.initials(), "É.");
    }

    #[test]
    fn blank_authors_are_dropped() {
        let names = parse_all(&["".into(), "  ".into(), "Anna Borshchevskaya".into()]);
        assert_eq!(names.len(), 1);
    }
}
