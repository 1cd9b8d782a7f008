//! Dates as the archive prints them ("Nov 23, 2017").

use jiff::civil::Date;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Month names on Arabic pages: the Egyptian (Gregorian loanword) and
/// Levantine forms, often printed together ("تشرين الثاني/نوفمبر").
const ARABIC_MONTHS: [[&str; 2]; 12] = [
    ["يناير", "كانون الثاني"],
    ["فبراير", "شباط"],
    ["مارس", "آذار"],
    ["أبريل", "نيسان"],
    ["مايو", "أيار"],
    ["يونيو", "حزيران"],
    ["يوليو", "تموز"],
    ["أغسطس", "آب"],
    ["سبتمبر", "أيلول"],
    ["أكتوبر", "تشرين الأول"],
    ["نوفمبر", "تشرين الثاني"],
    ["ديسمبر", "كانون الأول"],
];

/// Gregorian month names as Persian pages print them.
const PERSIAN_MONTHS: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// The Arabic-script month name for a month (1-12): the Levantine and
/// Egyptian forms together, as Arabic-language policy sites print them.
pub fn arabic_month_name(month: i8) -> String {
    let [egyptian, levantine] = ARABIC_MONTHS[(month - 1) as usize];
    format!("{levantine}/{egyptian}")
}

pub fn persian_month_name(month: i8) -> &'static str {
    PERSIAN_MONTHS[(month - 1) as usize]
}

fn arabic_script_month(name: &str) -> Option<i8> {
    let name = name.replace(['إ', 'أ'], "ا");
    name.split('/').find_map(|part| {
        let part = part.trim();
        ARABIC_MONTHS
            .iter()
            .position(|forms| forms.iter().any(|f| f.replace('أ', "ا") == part))
            .or_else(|| PERSIAN_MONTHS.iter().position(|f| *f == part))
            .map(|i| i as i8 + 1)
    })
}

/// Reads ASCII or Arabic-Indic digits ("٢٣", "۲۳").
fn parse_digits(text: &str) -> Option<i32> {
    if text.is_empty() || text.chars().count() > 4 {
        return None;
    }
    let mut value = 0i32;
    for c in text.chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '٠'..='٩' => c as u32 - '٠' as u32,
            '۰'..='۹' => c as u32 - '۰' as u32,
            _ => return None,
        };
        value = value * 10 + digit as i32;
    }
    Some(value)
}

/// "23 تشرين الثاني/نوفمبر 2017": day, month name(s), year. `None` when the
/// line does not have that shape.
fn parse_day_month_year(line: &str) -> Option<Result<Date, String>> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.len() < 3 {
        return None;
    }
    let day = parse_digits(tokens[0])?;
    let year_text = tokens[tokens.len() - 1];
    let year = parse_digits(year_text).filter(|_| year_text.chars().count() == 4)?;
    let month = arabic_script_month(&tokens[1..tokens.len() - 1].join(" "))?;
    Some(
        Date::new(year as i16, month, day.clamp(0, 99) as i8)
            .map_err(|_| format!("{line:?} is not a real date")),
    )
}

/// Whether a line has the shape of a printed date, valid or not.
pub fn looks_like_printed_date(line: &str) -> bool {
    if parse_day_month_year(line).is_some() {
        return true;
    }
    let mut parts = line.split_whitespace();
    let (Some(month), Some(day), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    month_number(month).is_some()
        && day.ends_with(',')
        && day[..day.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&(day.len() - 1))
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
}

/// Parses "Nov 23, 2017" (also full month names: "November 23, 2017"), and
/// the Arabic and Persian forms "23 تشرين الثاني/نوفمبر 2017".
pub fn parse_printed_date(line: &str) -> Result<Date, String> {
    if let Some(result) = parse_day_month_year(line) {
        return result;
    }
    let mut parts = line.split_whitespace();
    let (Some(month), Some(day), Some(year)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("{line:?} is not a date like \"Nov 23, 2017\""));
    };
    let month =
        month_number(month).ok_or_else(|| format!("{month:?} is not a month name in {line:?}"))?;
    let day: i8 = day
        .trim_end_matches(',')
        .parse()
        .map_err(|_| format!("{day:?} is not a day of the month in {line:?}"))?;
    let year: i16 = year
        .parse()
        .map_err(|_| format!("{year:?} is not a year in {line:?}"))?;
    Date::new(year, month, day).map_err(|_| format!("{line:?} is not a real date"))
}

/// "Nov 23, 2017": the archive's own way of printing a date in English.
pub fn format_printed_date(date: Date) -> String {
    format!(
        "{} {}, {}",
        MONTHS[(date.month() - 1) as usize],
        date.day(),
        date.year()
    )
}

/// How a language prints a date, as the site file spells it:
/// `"{day} {month} {year}"`, `"{month} {day}, {year}"` or
/// `"{day}/{month_number}/{year}"`. The month name comes from the theme's
/// translation file; digits are the caller's to localise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePattern {
    parts: Vec<DatePart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DatePart {
    Text(String),
    Day,
    Month,
    MonthNumber,
    Year,
}

impl DatePattern {
    pub const FIELDS: [&'static str; 4] = ["{day}", "{month}", "{month_number}", "{year}"];

    pub fn parse(text: &str) -> Result<DatePattern, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(DatePart::Text(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("{text:?} opens a \"{{\" it never closes"));
            };
            let field = &rest[open..open + close + 1];
            parts.push(match field {
                "{day}" => DatePart::Day,
                "{month}" => DatePart::Month,
                "{month_number}" => DatePart::MonthNumber,
                "{year}" => DatePart::Year,
                other => {
                    return Err(format!(
                        "{other} is not a date field; use {}",
                        DatePattern::FIELDS.join(", ")
                    ));
                }
            });
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            return Err(format!("{text:?} closes a \"}}\" it never opened"));
        }
        if !rest.is_empty() {
            parts.push(DatePart::Text(rest.to_owned()));
        }
        let has = |part: &DatePart| parts.contains(part);
        if !has(&DatePart::Day)
            || !has(&DatePart::Year)
            || !(has(&DatePart::Month) || has(&DatePart::MonthNumber))
        {
            return Err(format!(
                "{text:?} must contain {{day}}, {{year}} and {{month}} or {{month_number}}"
            ));
        }
        Ok(DatePattern { parts })
    }

    /// The date in this pattern, with `month_name` for `{month}`.
    pub fn format(&self, date: Date, month_name: &str) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                DatePart::Text(text) => out.push_str(text),
                DatePart::Day => out.push_str(&date.day().to_string()),
                DatePart::Month => out.push_str(month_name),
                DatePart::MonthNumber => out.push_str(&date.month().to_string()),
                DatePart::Year => out.push_str(&date.year().to_string()),
            }
        }
        out
    }
}

fn month_number(name: &str) -> Option<i8> {
    let name = name.trim_end_matches('.');
    if name.len() < 3 {
        return None;
    }
    const FULL: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS
        .iter()
        .zip(FULL)
        .position(|(short, full)| {
            name.eq_ignore_ascii_case(short)
                || name.eq_ignore_ascii_case(full)
                || (name.len() == 4 && name.eq_ignore_ascii_case("sept") && *short == "Sep")
        })
        .map(|i| i as i8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_archive_date_form() {
        let date = parse_printed_date("Nov 23, 2017").unwrap();
        assert_eq!(date, Date::new(2017, 11, 23).unwrap());
        assert_eq!(format_printed_date(date), "Nov 23, 2017");
        assert_eq!(
            parse_printed_date("April 5, 2024").unwrap(),
            Date::new(2024, 4, 5).unwrap()
        );
    }

    #[test]
    fn recognises_the_shape_of_a_date_line() {
        assert!(looks_like_printed_date("Apr 5, 2024"));
        assert!(looks_like_printed_date("Feb 30, 2024"));
        assert!(!looks_like_printed_date("Apr 5 2024"));
        assert!(!looks_like_printed_date("Articles & Testimony"));
        assert!(!looks_like_printed_date("May the force, 2024"));
    }

    #[test]
    fn reads_arabic_and_persian_dates() {
        let expected = Date::new(2017, 11, 23).unwrap();
        for line in [
            "23 تشرين الثاني/نوفمبر 2017",
            "23 نوفمبر 2017",
            "٢٣ تشرين الثاني 2017",
            "23 نوامبر 2017",
        ] {
            assert!(looks_like_printed_date(line), "{line}");
            assert_eq!(parse_printed_date(line), Ok(expected), "{line}");
        }
        assert_eq!(
            parse_printed_date("5 نيسان/أبريل 2024"),
            Ok(Date::new(2024, 4, 5).unwrap())
        );
        assert!(!looks_like_printed_date("23 شيء 2017"));
        assert!(parse_printed_date("31 شباط/فبراير 2017").is_err());
        assert_eq!(arabic_month_name(11), "تشرين الثاني/نوفمبر");
    }

    #[test]
    fn date_patterns_place_each_field() {
        let date = Date::new(2017, 11, 23).unwrap();
        let pattern = DatePattern::parse("{day} {month} {year}").unwrap();
        assert_eq!(pattern.format(date, "نوفمبر"), "23 نوفمبر 2017");
        let numeric = DatePattern::parse("{day}/{month_number}/{year}").unwrap();
        assert_eq!(numeric.format(date, "ignored"), "23/11/2017");
        for bad in [
            "{day} {year}",
            "{day} {month} {yr}",
            "{day {month} {year}",
            "{day} {month} {year}}",
        ] {
            assert!(DatePattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert!(parse_printed_date("Feb 30, 2024").is_err());
        assert!(parse_printed_date("Foo 3, 2024").is_err());
    }
}
