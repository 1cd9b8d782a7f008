//! Markdown to HTML that is safe to put in a page, and to plain text.
//!
//! Safety comes from construction rather than from cleaning afterwards: the
//! only tags in the output are the ones the CommonMark renderer writes, raw
//! HTML in the source is shown as text, and a link or image keeps its URL
//! only when the scheme is `http`, `https`, `mailto` or `tel`, or the URL is
//! relative. That makes rendering cheap enough to do on every page view, so
//! the store keeps only the Markdown and nothing rendered can go stale.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to safe HTML.
pub fn to_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 4);
    pulldown_cmark::html::push_html(&mut html, SafeEvents::new(markdown));
    html
}

/// Renders inline Markdown (a title, a deck, one line) without the
/// surrounding paragraph.
pub fn inline_to_html(markdown: &str) -> String {
    let html = to_html(markdown);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// The text a reader sees, without markup: for search, descriptions and
/// snippets. Blocks are separated by blank lines.
pub fn to_plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(t) | Event::InlineHtml(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::HtmlBlock,
            ) => {
                let trimmed_len = text.trim_end().len();
                text.truncate(trimmed_len);
                text.push_str("\n\n");
            }
            Event::End(TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    let trimmed_len = text.trim_end().len();
    text.truncate(trimmed_len);
    text
}

/// The first `max_chars` characters of the plain text, cut at a word
/// boundary, with an ellipsis when anything was cut.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let text = to_plain_text(markdown).replace("\n\n", " ");
    truncate_words(&text, max_chars)
}

/// Cuts text at a word boundary to at most `max_chars` characters plus "…".
pub fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    let mut out = cut[..end]
        .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':')
        .to_owned();
    out.push('…');
    out
}

/// Whether a URL may appear in a rendered page as a link target.
pub fn is_safe_url(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a
    // scheme ("java\nscript:"), so the check must too.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(32)
        .collect();
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if cleaned[i..].starts_with(':') => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
        // No scheme: a relative URL, a path or a fragment.
        _ => true,
    }
}

/// The parser's events with everything unsafe neutralised.
struct SafeEvents<'a> {
    parser: Parser<'a>,
    /// For each open link or image: whether its start tag was kept.
    kept: Vec<bool>,
}

impl<'a> SafeEvents<'a> {
    fn new(markdown: &'a str) -> SafeEvents<'a> {
        SafeEvents {
            parser: Parser::new_ext(markdown, options()),
            kept: Vec::new(),
        }
    }
}

impl<'a> Iterator for SafeEvents<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.parser.next()?;
            let safe = match event {
                Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
                Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
                Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let keep = is_safe_url(&dest_url);
                    self.kept.push(keep);
                    if !keep {
                        continue;
                    }
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let keep = is_safe_url(&dest_url) && !dest_url.trim().starts_with("mailto:");
                    self.kept.push(keep);
                    if !keep {
                        continue;
                    }
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if !self.kept.pop().unwrap_or(false) {
                        continue;
                    }
                    event
                }
                Event::InlineMath(text) | Event::DisplayMath(text) => {
                    Event::Text(CowStr::from(text.into_string()))
                }
                other => other,
            };
            return Some(safe);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_links_emphasis_and_quotations() {
        let html = to_html(
            "With **bold**, *italic* and a [link](https://example.org/a?b=1&c=2).\n\n> A quotation.",
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("<em>italic</em>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org/a?b=1&amp;c=2">link</a>"#),
            "{html}"
        );
        assert!(html.contains("<blockquote>"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html =
            to_html("Hello <script>alert(1)</script> world\n\n<div onclick=\"x()\">block</div>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_link_schemes_lose_their_link_but_keep_their_text() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
        ] {
            let html = to_html(&format!("[click]({url})"));
            assert!(!html.contains("<a"), "{url}: {html}");
            assert!(html.contains("click"), "{url}: {html}");
        }
        let html = to_html("![x](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn safe_urls_are_kept() {
        for url in [
            "https://example.org",
            "http://example.org",
            "mailto:a@example.org",
            "/experts/anna",
            "#note",
            "page?x=1",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
        assert!(!is_safe_url("javascript:x"));
    }

    #[test]
    fn inline_rendering_drops_the_paragraph() {
        assert_eq!(inline_to_html("A *deck*"), "A <em>deck</em>");
    }

    #[test]
    fn plain_text_has_no_markup() {
        let text = to_plain_text("# Head\n\nSome **bold** [link](https://x.org) text.\n\n> quote");
        assert_eq!(text, "Head\n\nSome bold link text.\n\nquote");
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(truncate_words("one two three four", 9), "one two…");
        assert_eq!(truncate_words("short", 9), "short");
    }

    proptest::proptest! {
        #[test]
        fn no_input_produces_a_script_tag_or_event_handler(source in "[<>a-z =\"'/:()\\[\\]!*#\n-]{0,200}") {
            let html = to_html(&source).to_ascii_lowercase();
            proptest::prop_assert!(!html.contains("<script"));
            proptest::prop_assert!(!html.contains("href=\"javascript"));
            proptest::prop_assert!(!html.contains(" onerror=") && !html.contains(" onclick="));
        }
    }
}
