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
    // Images load when a reader scrolls to them and are decoded off the
    // main thread. Only the renderer writes `<img` (raw HTML in the source
    // is text), so every one of them is a real image tag.
    if html.contains("<img src=") {
        html = html.replace("<img src=", "<img loading=\"lazy\" decoding=\"async\" src=");
    }
    html
}

/// Renders Markdown like [`to_html`], and gives every image whose size
/// `size_of(src)` knows its `width` and `height`: the browser keeps the
/// image's place before the file arrives, so the text does not jump.
pub fn to_html_sized(markdown: &str, size_of: &dyn Fn(&str) -> Option<(u32, u32)>) -> String {
    const IMAGE: &str = "<img loading=\"lazy\" decoding=\"async\" src=\"";
    let html = to_html(markdown);
    if !html.contains(IMAGE) {
        return html;
    }
    let mut sized = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(IMAGE) {
        let src_start = at + IMAGE.len();
        let Some(src_len) = rest[src_start..].find('"') else {
            break;
        };
        let after_src = src_start + src_len + 1;
        sized.push_str(&rest[..after_src]);
        if let Some((width, height)) = size_of(&rest[src_start..src_start + src_len]) {
            sized.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        rest = &rest[after_src..];
    }
    sized.push_str(rest);
    sized
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

/// The first image in the text, as (URL, alternative text), when its URL is
/// safe: a page's picture for social cards.
pub fn first_image(markdown: &str) -> Option<(String, String)> {
    let mut parser = Parser::new_ext(markdown, options());
    while let Some(event) = parser.next() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            if !is_safe_url(&dest_url) {
                continue;
            }
            let mut alt = String::new();
            for inner in parser.by_ref() {
                match inner {
                    Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                    Event::End(TagEnd::Image) => break,
                    _ => {}
                }
            }
            return Some((dest_url.into_string(), alt));
        }
    }
    None
}

/// Text made safe for HTML, in an element or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_html(&mut out, text);
    out
}

/// Appends `text` to `out`, made safe for HTML.
pub fn push_escaped_html(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Whether a URL may appear in a rendered page as a link target.
pub fn is_safe_url(url: &str) -> bool {
    match scheme(url) {
        Some(scheme) => matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel"),
        // No scheme: a relative URL, a path or a fragment.
        None => true,
    }
}

/// A URL's scheme, lower-cased, as a browser would read it; `None` for a
/// relative URL.
fn scheme(url: &str) -> Option<String> {
    // Browsers ignore ASCII whitespace and control characters inside a
    // scheme ("java\nscript:"), so the check must too.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(32)
        .collect();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned[i..].starts_with(':') => Some(cleaned[..i].to_ascii_lowercase()),
        _ => None,
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
                    let keep =
                        is_safe_url(&dest_url) && scheme(&dest_url).as_deref() != Some("mailto");
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
    fn images_load_lazily_and_raw_image_tags_stay_text() {
        let html = to_html("![A map](/media/ab/map.png)\n\n<img src=x>");
        assert!(
            html.contains(
                r#"<img loading="lazy" decoding="async" src="/media/ab/map.png" alt="A map" />"#
            ),
            "{html}"
        );
        assert!(html.contains("&lt;img src=x&gt;"), "{html}");
        assert_eq!(html.matches("<img").count(), 1, "{html}");
    }

    #[test]
    fn images_of_known_size_get_width_and_height() {
        let size_of = |src: &str| (src == "/media/ab.png").then_some((640, 480));
        let html = to_html_sized("![A](/media/ab.png) and ![B](/media/cd.png)", &size_of);
        assert!(
            html.contains(r#"src="/media/ab.png" width="640" height="480" alt="A""#),
            "{html}"
        );
        assert!(html.contains(r#"src="/media/cd.png" alt="B""#), "{html}");
        assert_eq!(to_html_sized("no images", &size_of), to_html("no images"));
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape_html("<a href='x' title=\"y\">&"),
            "&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;"
        );
    }

    #[test]
    fn the_first_safe_image_is_found_with_its_text() {
        assert_eq!(
            first_image("Intro.\n\n![A *map* of Syria](/media/map.png)\n\n![b](/b.png)"),
            Some(("/media/map.png".to_owned(), "A map of Syria".to_owned()))
        );
        assert_eq!(
            first_image("![x](javascript:alert(1)) ![y](https://x.org/y.jpg)"),
            Some(("https://x.org/y.jpg".to_owned(), "y".to_owned()))
        );
        assert_eq!(first_image("No pictures."), None);
    }

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

    /// The start tags of `html` as a browser reads them: lower-cased name
    /// and attributes (names lower-cased, values with `&amp;`, `&quot;`,
    /// `&lt;`, `&gt;` and numeric references decoded). Text, end tags and
    /// declarations are skipped, so escaped markup (`&lt;img onerror=…&gt;`)
    /// is not a tag. (The renderer writes no comments, so they need no
    /// special case.)
    fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let bytes = html.as_bytes();
        let len = bytes.len();
        let space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        let mut tags = Vec::new();
        let mut i = 0;
        while let Some(offset) = html[i..].find('<') {
            i += offset + 1;
            match bytes.get(i) {
                Some(b) if b.is_ascii_alphabetic() => {}
                Some(b'!' | b'?' | b'/') => {
                    i = html[i..].find('>').map_or(len, |end| i + end + 1);
                    continue;
                }
                _ => continue,
            }
            let start = i;
            while i < len && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            let mut attributes = Vec::new();
            loop {
                while i < len && (space(bytes[i]) || bytes[i] == b'/') {
                    i += 1;
                }
                if i >= len || bytes[i] == b'>' {
                    i = (i + 1).min(len);
                    break;
                }
                let start = i;
                i += 1;
                while i < len && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
                    i += 1;
                }
                let attribute = html[start..i].to_ascii_lowercase();
                while i < len && space(bytes[i]) {
                    i += 1;
                }
                let mut value = "";
                if i < len && bytes[i] == b'=' {
                    i += 1;
                    while i < len && space(bytes[i]) {
                        i += 1;
                    }
                    if i < len && matches!(bytes[i], b'"' | b'\'') {
                        let quote = bytes[i] as char;
                        let end = html[i + 1..].find(quote).map_or(len, |e| i + 1 + e);
                        value = &html[i + 1..end];
                        i = (end + 1).min(len);
                    } else {
                        let start = i;
                        while i < len && !space(bytes[i]) && bytes[i] != b'>' {
                            i += 1;
                        }
                        value = &html[start..i];
                    }
                }
                attributes.push((attribute, decode_references(value)));
            }
            tags.push((name, attributes));
        }
        tags
    }

    fn decode_references(value: &str) -> String {
        let mut out = String::new();
        let mut rest = value;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            rest = &rest[at + 1..];
            if let Some(number) = rest.strip_prefix('#') {
                let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => (hex, 16),
                    None => (number, 10),
                };
                let end = digits
                    .find(|c: char| !c.is_digit(radix))
                    .unwrap_or(digits.len());
                if end > 0 {
                    let code = u32::from_str_radix(&digits[..end], radix).unwrap_or(0xFFFD);
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    rest = digits[end..].strip_prefix(';').unwrap_or(&digits[end..]);
                    continue;
                }
            }
            let named = [("amp;", '&'), ("quot;", '"'), ("lt;", '<'), ("gt;", '>')];
            match named.iter().find(|(name, _)| rest.starts_with(name)) {
                Some((name, c)) => {
                    out.push(*c);
                    rest = &rest[name.len()..];
                }
                None => out.push('&'),
            }
        }
        out.push_str(rest);
        out
    }

    /// Everything in rendered HTML that could run script: a tag or an
    /// attribute the renderer never writes, an event handler, or a link or
    /// image whose URL has a scheme that is not allowed.
    fn unsafe_markup(html: &str) -> Vec<String> {
        const TAGS: &[&str] = &[
            "a",
            "blockquote",
            "br",
            "code",
            "del",
            "div",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "img",
            "li",
            "ol",
            "p",
            "pre",
            "strong",
            "sup",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
        ];
        const ATTRIBUTES: &[&str] = &[
            "href", "src", "alt", "title", "class", "id", "style", "start", "loading", "decoding",
        ];
        let mut found = Vec::new();
        for (name, attributes) in start_tags(html) {
            if !TAGS.contains(&name.as_str()) {
                found.push(format!("<{name}>"));
            }
            for (attribute, value) in attributes {
                if attribute.starts_with("on") || !ATTRIBUTES.contains(&attribute.as_str()) {
                    found.push(format!("<{name} {attribute}={value:?}>"));
                }
                if matches!(attribute.as_str(), "href" | "src") {
                    let cleaned: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if ["javascript:", "vbscript:", "data:"]
                        .iter()
                        .any(|scheme| cleaned.starts_with(scheme))
                    {
                        found.push(format!("<{name} {attribute}={value:?}>"));
                    }
                }
                if (attribute == "loading" && value != "lazy")
                    || (attribute == "decoding" && value != "async")
                {
                    found.push(format!("<{name} {attribute}={value:?}>"));
                }
                if attribute == "style" && !value.starts_with("text-align: ") {
                    found.push(format!("<{name} style={value:?}>"));
                }
            }
        }
        found
    }

    #[test]
    fn the_markup_check_flags_live_markup_and_passes_escaped_text() {
        for bad in [
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\" java&#x09;script:alert(1)\">x</a>",
            "<p title=\"x\"onclick=\"alert(1)\">x</p>",
            "<svg><circle r=1></circle></svg>",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)",
        ] {
            assert!(!unsafe_markup(bad).is_empty(), "not flagged: {bad}");
        }
        for fine in [
            "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
            "<p>onerror=alert(1) and javascript:alert(1) as text</p>",
            "<a href=\"http://x\" title=\"&quot; onmouseover=&quot;alert(1)\">x</a>",
            "<img src=\"x.png\" alt=\"&quot; onerror=&quot;alert(1)\" />",
            "<th style=\"text-align: left\">x</th>",
        ] {
            assert_eq!(unsafe_markup(fine), Vec::<String>::new(), "{fine}");
        }
    }

    #[test]
    fn known_payloads_render_as_text() {
        for payload in [
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)>",
            "<scr<script>ipt>alert(1)</script>",
            "<a href=\"javascript:alert(1)\"",
            "[a](http://x \"\\\" onmouseover=\\\"alert(1)\")",
            "![x\" onerror=\"alert(1)](https://example.org/x.png)",
            "[x][r]\n\n[r]: &#106;avascript:alert(1)",
            "<javascript:alert(1)>",
            "`</code><script>alert(1)</script>`",
            "Note[^\"><img src=x onerror=alert(1)>].\n\n[^\"><img src=x onerror=alert(1)>]: x",
            "| a | <script>x</script> |\n|---|---|\n| [x](javascript:x) | b |",
            "```\"><script>alert(1)</script>\nx\n```",
        ] {
            let html = to_html(payload);
            assert_eq!(
                unsafe_markup(&html),
                Vec::<String>::new(),
                "{payload:?}: {html}"
            );
        }
    }

    #[test]
    fn image_urls_with_a_mail_scheme_in_any_case_are_dropped() {
        for url in [
            "mailto:a@example.org",
            "MAILTO:a@example.org",
            " Mailto:a@example.org",
        ] {
            let html = to_html(&format!("![x](<{url}>)"));
            assert!(!html.contains("<img"), "{url}: {html}");
        }
    }

    /// Pieces of markup that attacks are made of, to combine at random.
    const FRAGMENTS: &[&str] = &[
        // Whole constructs, so that short sequences already make an attack.
        "[x](",
        "![x](",
        "](javascript:alert(1))",
        "](<JavaScript:alert(1)>)",
        "](java&#x09;script:alert(1))",
        "](vbscript:x)",
        "](data:text/html,x)",
        "\n\n[r]: javascript:alert(1)\n",
        "[r]",
        "<javascript:alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<script>",
        "</script>",
        "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">",
        " \"title\")",
        // Single characters and words.
        "<",
        ">",
        "</",
        "/>",
        "\"",
        "'",
        "=",
        " ",
        "\n",
        "\n\n",
        "\t",
        "`",
        "```\n",
        "    ",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "[^",
        "]:",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "&",
        "&#",
        "&#x",
        ";",
        "#",
        "|",
        "|---|\n",
        "*",
        "**",
        "> ",
        "- ",
        "1. ",
        "\\",
        ":",
        "script",
        "SCRIPT",
        "img",
        "svg",
        "iframe",
        "a",
        "href",
        "src",
        "x",
        "title",
        "onerror",
        "onload",
        "onmouseover",
        "alert(1)",
        "javascript:",
        "JaVaScRiPt:",
        "java\tscript:",
        "&#106;avascript:",
        "&#x6A;",
        "vbscript:",
        "data:text/html,",
        "http://x",
        "https://example.org/",
        "mailto:a@b",
        "/path",
        "style",
    ];

    proptest::proptest! {
        #[test]
        fn combined_fragments_never_produce_live_markup(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40)
        ) {
            let source = parts.concat();
            let html = to_html(&source);
            let found = unsafe_markup(&html);
            proptest::prop_assert!(found.is_empty(), "{:?} gave {}: {:?}", source, html, found);
            let inline = inline_to_html(&source);
            let found = unsafe_markup(&inline);
            proptest::prop_assert!(found.is_empty(), "{:?} gave {}: {:?}", source, inline, found);
        }

        #[test]
        fn arbitrary_text_never_produces_live_markup(source in "\\PC{0,300}") {
            let html = to_html(&source);
            let found = unsafe_markup(&html);
            proptest::prop_assert!(found.is_empty(), "{:?} gave {}: {:?}", source, html, found);
        }

        #[test]
        fn a_javascript_scheme_is_never_safe_however_it_is_spelt(
            leading in "[\\x00-\\x20]{0,40}",
            letters in proptest::collection::vec((proptest::bool::ANY, "[\\x00-\\x1f]{0,3}"), 10),
            rest in "\\PC{0,40}",
        ) {
            let mut url = leading;
            for ((upper, noise), letter) in letters.into_iter().zip("javascript".chars()) {
                url.push(if upper { letter.to_ascii_uppercase() } else { letter });
                url.push_str(&noise);
            }
            url.push(':');
            url.push_str(&rest);
            proptest::prop_assert!(!is_safe_url(&url), "{:?}", url);
            let html = to_html(&format!("[x](<{}>)", url.replace(['<', '>', '\n', '\r'], "")));
            proptest::prop_assert!(unsafe_markup(&html).is_empty(), "{}", html);
        }

        #[test]
        fn no_input_produces_a_script_tag_or_event_handler(source in "[<>a-z =\"'/:()\\[\\]!*#\n-]{0,200}") {
            let html = to_html(&source).to_ascii_lowercase();
            proptest::prop_assert!(!html.contains("<script"));
            proptest::prop_assert!(!html.contains("href=\"javascript"));
            proptest::prop_assert!(!html.contains(" onerror=") && !html.contains(" onclick="));
        }
    }
}
