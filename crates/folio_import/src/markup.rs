//! The crawler's inline forms, turned back into plain Markdown.
//!
//! The crawler wrote a link as `[text \(target\)](target)` (or with `#` as
//! the real target), a bold link as `**text** (<url>)` or
//! `**text** ([url](url))`, repeated a link's URL after it as ` (<url>)`,
//! and split drop caps as `**W**ith`.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// `[label \(inner\)](target)`.
static CRAWLER_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(?P<label>[^\[\]]*?) \\\((?P<inner>\S*?)\\\)\]\((?P<target>[^\s()]*)\)").unwrap()
});

/// `**text** (<url>)` and `**text** ([shown](url))`.
static BOLD_THEN_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\*\*(?P<text>[^*\n]+?)\*\* \((?:<(?P<auto>[^>\s]+)>|\[[^\]\n]*\]\((?P<md>[^)\s]+)\))\)",
    )
    .unwrap()
});

/// `[text](url) some words (<url>)`: the URL printed again after a link.
static REPEATED_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\((?P<url>[^)\s]+)\)(?P<between>[^\[\]()<>\n]{0,40}?) \(<(?P<again>[^>\s]+)>\)")
        .unwrap()
});

/// `**W**ith` at the start of a paragraph.
static DROP_CAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\*(?P<cap>\p{Lu})\*\*(?P<rest>\p{Ll})").unwrap());

/// A crawler link read out of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlerLink {
    pub label: String,
    pub target: String,
}

/// Every crawler link in a text, in order.
pub fn crawler_links(text: &str) -> Vec<CrawlerLink> {
    CRAWLER_LINK
        .captures_iter(text)
        .map(|c| CrawlerLink {
            label: c["label"].trim().to_owned(),
            target: resolve_target(&c),
        })
        .collect()
}

/// The text when it is exactly one crawler link (ignoring surrounding
/// emphasis and whitespace).
pub fn single_crawler_link(text: &str) -> Option<CrawlerLink> {
    let trimmed = text.trim().trim_matches('*').trim();
    let captures = CRAWLER_LINK.captures(trimmed)?;
    let whole = captures.get(0)?;
    (whole.start() == 0 && whole.end() == trimmed.len()).then(|| CrawlerLink {
        label: captures["label"].trim().to_owned(),
        target: resolve_target(&captures),
    })
}

fn resolve_target(captures: &Captures<'_>) -> String {
    let target = &captures["target"];
    if target.is_empty() || target == "#" {
        unescape(&captures["inner"])
    } else {
        target.to_owned()
    }
}

/// Removes Markdown backslash escapes (`ast\_author` -> `ast_author`).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Rewrites one paragraph of body text into plain Markdown.
pub fn clean_paragraph(paragraph: &str) -> String {
    let text = CRAWLER_LINK.replace_all(paragraph, |c: &Captures<'_>| {
        format!("[{}]({})", &c["label"], resolve_target(c))
    });
    let text = BOLD_THEN_URL.replace_all(&text, |c: &Captures<'_>| {
        let url = c
            .name("auto")
            .or_else(|| c.name("md"))
            .map_or("", |m| m.as_str());
        format!("**[{}]({url})**", &c["text"])
    });
    let text = REPEATED_URL.replace_all(&text, |c: &Captures<'_>| {
        if c["url"] == c["again"] {
            format!("]({}){}", &c["url"], &c["between"])
        } else {
            c[0].to_owned()
        }
    });
    DROP_CAP.replace(&text, "${cap}${rest}").into_owned()
}

/// Joins paragraphs the crawler split mid-sentence: one that ends without
/// closing punctuation, followed by one that starts in lower case.
pub fn rejoin_split_paragraphs(paragraphs: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if let Some(previous) = out.last_mut()
            && ends_mid_sentence(previous)
            && starts_in_lower_case(&paragraph)
        {
            previous.push(' ');
            previous.push_str(paragraph.trim_start());
            continue;
        }
        out.push(paragraph);
    }
    out
}

fn ends_mid_sentence(paragraph: &str) -> bool {
    let trimmed = paragraph.trim_end();
    !trimmed.starts_with('#')
        && !trimmed.starts_with('>')
        && trimmed
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == ',')
}

fn starts_in_lower_case(paragraph: &str) -> bool {
    paragraph
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Text without surrounding `*`/`_` emphasis when the whole text is one
/// emphasised span (`*Foreign Affairs*`).
pub fn strip_whole_emphasis(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    for marker in ["*", "_"] {
        if let Some(inner) = trimmed
            .strip_prefix(marker)
            .and_then(|t| t.strip_suffix(marker))
            && !inner.contains(marker)
            && !inner.trim().is_empty()
        {
            return Some(inner.trim());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawler_links_become_markdown_links() {
        assert_eq!(
            clean_paragraph(r"Officials [claims \(https://a.org/x/\)](https://a.org/x/) here."),
            "Officials [claims](https://a.org/x/) here."
        );
        assert_eq!(
            clean_paragraph(r"The ([ISIS-K \(https://a.org/k/\)](https://a.org/k/)), a group"),
            "The ([ISIS-K](https://a.org/k/)), a group"
        );
        assert_eq!(
            clean_paragraph(r"[Anna \(/experts/anna\)](#)"),
            "[Anna](/experts/anna)"
        );
    }

    #[test]
    fn bold_words_followed_by_their_url_become_bold_links() {
        assert_eq!(
            clean_paragraph("officials immediately **blamed** (<https://rferl.org/a>) Chechen"),
            "officials immediately **[blamed](https://rferl.org/a)** Chechen"
        );
        assert_eq!(
            clean_paragraph(
                r"credible **reporting** ([https://amazon.com/x?ref=a\\_b](https://amazon.com/x?ref=a_b)) suggested"
            ),
            "credible **[reporting](https://amazon.com/x?ref=a_b)** suggested"
        );
    }

    #[test]
    fn a_url_repeated_after_its_link_is_dropped() {
        assert_eq!(
            clean_paragraph("on the [19FortyFive](https://a.org/p/) website (<https://a.org/p/>)."),
            "on the [19FortyFive](https://a.org/p/) website."
        );
        assert_eq!(
            clean_paragraph("see [x](https://a.org/) and (<https://b.org/>)"),
            "see [x](https://a.org/) and (<https://b.org/>)"
        );
    }

    #[test]
    fn drop_caps_are_rejoined() {
        assert_eq!(clean_paragraph("**W**ith no evidence"), "With no evidence");
        assert_eq!(clean_paragraph("**Warning** signs"), "**Warning** signs");
    }

    #[test]
    fn paragraphs_split_mid_sentence_are_joined() {
        let joined = rejoin_split_paragraphs(vec![
            "Moscow always played a double game with".into(),
            "the West when arguing.".into(),
            "New paragraph.".into(),
            "lower case after a full stop stays apart".into(),
        ]);
        assert_eq!(
            joined,
            [
                "Moscow always played a double game with the West when arguing.",
                "New paragraph.",
                "lower case after a full stop stays apart"
            ]
        );
    }

    #[test]
    fn whole_emphasis_is_recognised() {
        assert_eq!(
            strip_whole_emphasis("*Foreign Affairs*"),
            Some("Foreign Affairs")
        );
        assert_eq!(strip_whole_emphasis("**bold**"), None);
        assert_eq!(strip_whole_emphasis("*a* and *b*"), None);
    }
}
