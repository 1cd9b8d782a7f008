//! Known XSS payloads through every written field of a real article: none
//! may survive as markup on any page that shows the article.
//!
//! A seed article is read back from the store, its title, deck, body and
//! author note get a corpus of payloads appended, and it is saved again.
//! Each page that shows it is then compared with the same page before the
//! change: the payloads must be on the page as text, and the page must have
//! no script, no event handler, no dangerous URL and no dangerous element
//! that the untouched page did not have.

use std::collections::{BTreeMap, BTreeSet};

use folio_core::{Article, ArticleInput};

use crate::*;

/// Payloads as an author could type them into Markdown. Each is a block of
/// its own (they are joined with blank lines); the ones that leave an HTML
/// construct open come last so they cannot swallow the others.
const PAYLOADS: &[&str] = &[
    // Script tags in various spellings.
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    r#"<script src="https://evil.example/x.js"></script>"#,
    r#"<script type="text/javascript">alert(1)</script>"#,
    r#"<script/xss src="https://evil.example/x.js"></script>"#,
    "Inline <script>alert(1)</script> in a sentence.",
    "<scr\u{0}ipt>alert(1)</script>",
    // Event handlers.
    "<img src=x onerror=alert(1)>",
    r#"<IMG SRC="x" ONERROR="alert(1)">"#,
    "<img/src=x/onerror=alert(1)>",
    r#"<img/src="x"/onerror=alert(1)>"#,
    "<body onload=alert(1)>",
    r#"<div onmouseover="alert(1)">hover</div>"#,
    r##"Text <a href="#" onclick="alert(1)">click</a> text"##,
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    r#"<video><source onerror="alert(1)"></video>"#,
    "<marquee onstart=alert(1)>",
    // SVG and MathML.
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    r#"<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>"#,
    "- <svg/onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    r#"<math href="javascript:alert(1)">CLICK</math>"#,
    // Frames, plugins, styles, documents.
    r#"<iframe src="javascript:alert(1)"></iframe>"#,
    r#"<iframe srcdoc="<script>alert(1)</script>"></iframe>"#,
    "> <iframe src=javascript:alert(1)>",
    r#"<object data="javascript:alert(1)"></object>"#,
    r#"<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">"#,
    r#"<style>body{background:url("javascript:alert(1)")}</style>"#,
    r#"<div style="background:url(javascript:alert(1))">styled</div>"#,
    r#"<link rel="stylesheet" href="javascript:alert(1)">"#,
    r#"<base href="javascript:alert(1)//">"#,
    r#"<meta http-equiv="refresh" content="0;url=javascript:alert(1)">"#,
    r#"<form action="javascript:alert(1)"><button>go</button></form>"#,
    r#"<button formaction="javascript:alert(1)">go</button>"#,
    "<isindex action=javascript:alert(1) type=image>",
    r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>"#,
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
    "<textarea><script>alert(1)</script></textarea>",
    r#"<?xml version="1.0"?><script>alert(1)</script>"#,
    "<!DOCTYPE html><script>alert(1)</script>",
    // Raw HTML links.
    r#"<a href="javascript:alert(1)">raw link</a>"#,
    "<a href=javascript:alert(1)>unquoted</a>",
    r#"<a href="&#106;avascript:alert(1)">entity href</a>"#,
    r#"<a href="jav&#x09;ascript:alert(1)">tab href</a>"#,
    // Markdown links and images with dangerous schemes.
    "[link](javascript:alert(1))",
    "[link](JaVaScRiPt:alert(1))",
    "[link](java&#x09;script:alert(1))",
    "[link](java&#10;script:alert(1))",
    "[link](&#106;avascript:alert(1))",
    "[link](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[link](<javascript:alert(1)>)",
    "[link]( \tjavascript:alert(1))",
    "[link](vbscript:msgbox(1))",
    "[link](VBScript:msgbox(1))",
    "[link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[link](DATA:text/html,<script>alert(1)</script>)",
    "![image](javascript:alert(1))",
    "![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[![image](https://example.org/x.png)](javascript:alert(1))",
    "![[nested](javascript:alert(1))](https://example.org/x.png)",
    r#"![x" onerror="alert(1)](https://example.org/x.png)"#,
    "[<img src=x onerror=alert(1)>](https://example.org/)",
    "**<img src=x onerror=alert(1)>** and *[emphasised](javascript:alert(1))*",
    // Titles and destinations that try to leave their attribute.
    r#"[a](http://x "onmouseover=alert(1)")"#,
    r#"[a](http://x "\" onmouseover=\"alert(1)")"#,
    r#"[a](http://x '\' onmouseover=alert(1) x=\'')"#,
    r#"[a](http://x (" onmouseover="alert(1)))"#,
    r#"[a](https://example.org/"onmouseover="alert(1))"#,
    r#"![a](https://example.org/x.png "\"><script>alert(1)</script>")"#,
    // Autolinks.
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "javascript:alert(1) as plain text",
    // Reference-style links and images.
    "[reference link][evil]\n\n[evil]: javascript:alert(1)",
    "[evil-title]\n\n[evil-title]: <javascript:alert(1)> \"title\"",
    "![reference image][evil-image]\n\n[evil-image]: javascript:alert(1)",
    "[collapsed][]\n\n[collapsed]: &#106;avascript:alert(1)",
    // Malformed and unclosed tags.
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    r#"<img """><script>alert(1)</script>">"#,
    r#"<img src="x" onerror="alert(1)""#,
    r#"<a href="javascript:alert(1)""#,
    r#"<a href="javascript:alert(1)">unterminated link"#,
    "<img src=x onerror=alert(1)//",
    // Comments, CDATA and entity-encoded tags.
    "<!-- --><script>alert(1)</script><!-- -->",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    r"\<script>alert(1)\</script>",
    // Code spans and blocks.
    "`</code><script>alert(1)</script>`",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "```\"><script>alert(1)</script>\nfenced\n```",
    "~~~ onmouseover=alert(1)\nfenced\n~~~",
    "    <script>alert(1)</script>",
    // Headings, footnotes and tables.
    "# <script>alert(1)</script> {#id onclick=alert(1)}",
    "Note[^x].\n\n[^x]: <script>alert(1)</script> [footnote](javascript:alert(1))",
    "Label[^\"><img src=x onerror=alert(1)>].\n\n[^\"><img src=x onerror=alert(1)>]: defined",
    "| head | <script>alert(1)</script> |\n|---|---|\n| [x](javascript:alert(1)) | <img src=x onerror=alert(1)> |",
    // Left open: these come last.
    "<a href=\"javascript:alert(1)\">\n<script>\nalert(1)",
    "<!-- unclosed comment <script>alert(1)</script>",
];

/// Appended to the title and the deck, which are shown as plain text.
const TEXT_PAYLOAD: &str =
    r#" "><script>alert(1)</script><img src=x onerror=alert(1)> ' onmouseover='alert(1)"#;

/// What the Markdown renderer writes, which a page may add to the theme's.
const MARKDOWN_TAGS: &[&str] = &[
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
    "mark",
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

/// Elements that run code, load documents or change how the page is read.
const DANGEROUS_TAGS: &[&str] = &[
    "applet",
    "base",
    "button",
    "embed",
    "form",
    "frame",
    "frameset",
    "iframe",
    "input",
    "isindex",
    "link",
    "math",
    "meta",
    "noscript",
    "object",
    "script",
    "select",
    "source",
    "style",
    "svg",
    "template",
    "textarea",
    "video",
    "audio",
    "xmp",
    "plaintext",
    "marquee",
];

/// Attributes whose value a browser loads or navigates to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "cite",
    "ping",
    "manifest",
    "codebase",
];

const BAD_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// The elements whose content the browser reads as text, not markup.
const RAW_TEXT_TAGS: &[&str] = &[
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "textarea",
    "title",
    "plaintext",
];

// ---------------------------------------------------------------------------
// A small HTML tokenizer: start tags and their attributes as a browser sees
// them. Text (including escaped markup such as `&lt;img onerror=…&gt;`),
// comments and end tags are skipped.

#[derive(Debug)]
struct StartTag {
    name: String,
    /// Lower-cased names; values with character references decoded.
    attributes: Vec<(String, String)>,
}

impl StartTag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn start_tags(html: &str) -> Vec<StartTag> {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        i += offset + 1;
        let rest = &html[i..];
        if rest.starts_with("!--") {
            i = html[i + 3..].find("-->").map_or(len, |end| i + 3 + end + 3);
            continue;
        }
        let first = bytes.get(i).copied().unwrap_or(b' ');
        if first == b'!' || first == b'?' || first == b'/' {
            // A declaration, a processing instruction (a bogus comment in
            // HTML) or an end tag: nothing a browser runs.
            i = html[i..].find('>').map_or(len, |end| i + end + 1);
            continue;
        }
        if !first.is_ascii_alphabetic() {
            continue;
        }
        let name_start = i;
        while i < len && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while i < len && (is_space(bytes[i]) || bytes[i] == b'/') {
                i += 1;
            }
            if i >= len {
                break;
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            let attr_start = i;
            i += 1;
            while i < len && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr_name = html[attr_start..i].to_ascii_lowercase();
            while i < len && is_space(bytes[i]) {
                i += 1;
            }
            let mut value = "";
            if i < len && bytes[i] == b'=' {
                i += 1;
                while i < len && is_space(bytes[i]) {
                    i += 1;
                }
                if i < len && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i] as char;
                    let value_start = i + 1;
                    let value_end = html[value_start..]
                        .find(quote)
                        .map_or(len, |end| value_start + end);
                    value = &html[value_start..value_end];
                    i = (value_end + 1).min(len);
                } else {
                    let value_start = i;
                    while i < len && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = &html[value_start..i];
                }
            }
            attributes.push((attr_name, decode_references(value)));
        }
        if RAW_TEXT_TAGS.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(len, |end| i + end);
        }
        tags.push(StartTag { name, attributes });
    }
    tags
}

/// Decodes the character references a browser decodes in an attribute
/// value: numeric ones (with or without the `;`) and the named ones that
/// matter for spelling a scheme.
fn decode_references(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
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
        } else {
            const NAMED: &[(&str, char)] = &[
                ("amp;", '&'),
                ("lt;", '<'),
                ("gt;", '>'),
                ("quot;", '"'),
                ("apos;", '\''),
                ("Tab;", '\t'),
                ("NewLine;", '\n'),
                ("colon;", ':'),
                ("lpar;", '('),
                ("rpar;", ')'),
                ("sol;", '/'),
                ("nbsp;", '\u{A0}'),
                ("amp", '&'),
                ("lt", '<'),
                ("gt", '>'),
                ("quot", '"'),
            ];
            if let Some((name, c)) = NAMED.iter().find(|(name, _)| rest.starts_with(name)) {
                out.push(*c);
                rest = &rest[name.len()..];
                continue;
            }
        }
        out.push('&');
    }
    out.push_str(rest);
    out
}

/// Whether a URL, as the browser reads it, runs code or is a document.
fn has_bad_scheme(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    BAD_SCHEMES.iter().any(|scheme| cleaned.starts_with(scheme))
}

fn count_by_name(tags: &[StartTag]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for tag in tags {
        *counts.entry(tag.name.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Everything in `page` that can run script and that `baseline` (the same
/// page without the payloads) does not have.
fn violations(baseline: &str, page: &str) -> Vec<String> {
    let mut found = Vec::new();
    let base_tags = start_tags(baseline);
    let tags = start_tags(page);

    let script_text = |html: &str| html.to_ascii_lowercase().matches("<script").count();
    if script_text(page) != script_text(baseline) {
        found.push(format!(
            "{} `<script` in the page, {} in the baseline",
            script_text(page),
            script_text(baseline)
        ));
    }

    for tag in &tags {
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                found.push(format!("event handler {name}={value:?} on <{}>", tag.name));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) && has_bad_scheme(value) {
                found.push(format!("{name}={value:?} on <{}>", tag.name));
            }
            if name == "srcdoc" {
                found.push(format!("srcdoc on <{}>", tag.name));
            }
            if name == "style" {
                let lower = value.to_ascii_lowercase();
                if lower.contains("javascript:")
                    || lower.contains("expression(")
                    || lower.contains("url(")
                {
                    found.push(format!("style={value:?} on <{}>", tag.name));
                }
            }
        }
        if tag.name == "script" {
            let theme_script = tag
                .attribute("src")
                .is_some_and(|src| src.starts_with("/assets/"));
            // JSON-LD is data the browser never runs; an injected one would
            // change the `<script` count checked above.
            let data_block = tag.attribute("src").is_none()
                && tag.attribute("type") == Some("application/ld+json");
            if !theme_script && !data_block {
                found.push(format!("a script that is not the theme's: {tag:?}"));
            }
        }
    }

    let base_counts = count_by_name(&base_tags);
    let counts = count_by_name(&tags);
    for (name, count) in &counts {
        let before = base_counts.get(name).copied().unwrap_or(0);
        if DANGEROUS_TAGS.contains(name) && *count > before {
            found.push(format!(
                "{count} <{name}> in the page, {before} in the baseline"
            ));
        }
        if before == 0 && !MARKDOWN_TAGS.contains(name) {
            found.push(format!(
                "<{name}>, which neither the theme nor Markdown writes"
            ));
        }
    }
    let refreshes = |tags: &[StartTag]| {
        tags.iter()
            .filter(|t| t.name == "meta" && t.attribute("http-equiv").is_some())
            .count()
    };
    if refreshes(&tags) > refreshes(&base_tags) {
        found.push("a <meta http-equiv>".to_owned());
    }
    found
}

fn assert_no_violations(what: &str, baseline: &str, page: &str) {
    let found = violations(baseline, page);
    assert!(
        found.is_empty(),
        "{what}: payloads survived as markup:\n  {}\n\nthe page:\n{page}",
        found.join("\n  ")
    );
}

/// How the theme prints text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

// ---------------------------------------------------------------------------
// The store side.

fn corpus() -> String {
    PAYLOADS.join("\n\n")
}

/// The article with the payloads appended to every field a page shows.
fn poisoned(original: &Article) -> ArticleInput {
    let mut input = input_from(original);
    input.title = format!("{}{TEXT_PAYLOAD}", input.title);
    input.deck = format!("{}{TEXT_PAYLOAD}", input.deck);
    input.body_markdown = format!("{}\n\n{}", input.body_markdown.trim_end(), corpus());
    input.author_note_markdown =
        format!("{}\n\n{}", input.author_note_markdown.trim_end(), corpus());
    input
}

/// Poisons the article at `path` and checks it and every page in `others`
/// against the same pages before.
async fn check_article(app: &TestApp, language: &str, slug: &str, path: &str, others: &[&str]) {
    let original = app.article(language, slug);
    let baseline = app.page(path).await;
    let others_before = {
        let mut pages = Vec::new();
        for other in others {
            pages.push(app.page(other).await);
        }
        pages
    };

    // Writing the article back unchanged changes nothing: the baseline is
    // the page the payload page differs from only by the payloads.
    // (Only the modification time the metadata reports moves.)
    app.save(&input_from(&original));
    let saved = app.article(language, slug);
    let resaved = app.page(path).await.replace(
        &saved.updated_at.to_string(),
        &original.updated_at.to_string(),
    );
    assert_eq!(resaved, baseline, "{path}: a plain re-save");

    // The payloads include images; with a picture of its own the page
    // already has its social-card tags, so the baseline is that page.
    let mut pictured = input_from(&original);
    pictured.body_markdown = format!("![A map](/media/map.png)\n\n{}", pictured.body_markdown);
    app.save(&pictured);
    let original = app.article(language, slug);
    let baseline = app.page(path).await;

    let input = poisoned(&original);
    app.save(&input);
    let page = app.page(path).await;
    assert_no_violations(path, &baseline, &page);

    // The payloads reached the page, as text.
    let body_html = folio_markdown::to_html(&input.body_markdown);
    let note_html = folio_markdown::to_html(&input.author_note_markdown);
    assert!(
        page.contains(&body_html),
        "{path}: the body is not on the page"
    );
    assert!(
        page.contains(&note_html),
        "{path}: the author note is not on the page"
    );
    assert!(
        page.contains(&escape(&input.title)),
        "{path}: the title is not on the page"
    );
    assert!(
        page.contains(&escape(&input.deck)),
        "{path}: the deck is not on the page"
    );
    for text in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;ScRiPt&gt;alert(1)&lt;/sCrIpT&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;svg onload=alert(1)&gt;",
        "&lt;iframe src=",
        "&lt;a href=",
        "&lt;meta http-equiv=",
        "&lt;!-- unclosed comment &lt;script&gt;alert(1)&lt;/script&gt;",
    ] {
        assert!(page.contains(text), "{path}: {text} is not on the page");
    }
    // Links with a bad scheme keep their text.
    assert!(page.contains("reference link"), "{path}");
    assert!(page.contains("unterminated link"), "{path}");

    for (other, before) in others.iter().zip(&others_before) {
        let after = app.page(other).await;
        assert_no_violations(other, before, &after);
        assert!(
            after.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{other}: the poisoned title is not on the page"
        );
    }
}

// ---------------------------------------------------------------------------
// The tests.

#[test]
fn the_checks_flag_live_markup_and_pass_escaped_text() {
    let page = |content: &str| {
        format!(
            "<!doctype html><html><head><title>T</title>\
             <script src=\"/assets/typeahead.1234.js\" defer></script></head>\
             <body><main><p>x</p>{content}</main></body></html>"
        )
    };
    let baseline = page("");
    for bad in [
        "<img src=x onerror=alert(1)>",
        r#"<a href="javascript:alert(1)">x</a>"#,
        r#"<a href="&#106;avascript:alert(1)">x</a>"#,
        r#"<a href="&#x6A;avascript&colon;alert(1)">x</a>"#,
        r#"<a href=" java&#x09;script:alert(1)">x</a>"#,
        "<a href=JAVASCRIPT:alert(1)>x</a>",
        r#"<a href='vbscript:msgbox(1)'>x</a>"#,
        r#"<img src="data:image/svg+xml,<svg onload=alert(1)>">"#,
        r#"<IMG SRC=x OnError="alert(1)">"#,
        // An unquoted value runs on through `/`, so the handler needs the
        // value quoted to be an attribute of its own.
        r#"<img/src="x"/onerror=alert(1)>"#,
        r#"<p title="x"onclick="alert(1)">x</p>"#,
        "<svg><circle r=1></circle></svg>",
        "<script>alert(1)</script>",
        "<SCRIPT SRC=/assets/x.js></SCRIPT>",
        r#"<iframe src="https://example.org"></iframe>"#,
        "<object></object>",
        "<embed>",
        "<math></math>",
        "<style>p{}</style>",
        r#"<base href="https://evil.example/">"#,
        r#"<meta http-equiv="refresh" content="0;url=https://evil.example/">"#,
        r#"<form action="https://evil.example/"></form>"#,
        r#"<button formaction="javascript:alert(1)">x</button>"#,
        "<marquee>x</marquee>",
        "<img src=x onerror=alert(1)",
    ] {
        assert!(
            !violations(&baseline, &page(bad)).is_empty(),
            "not flagged: {bad}"
        );
    }
    for fine in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<p>onerror=alert(1) as text, and javascript:alert(1)</p>",
        r#"<a href="https://example.org/" title="onmouseover=alert(1)">x</a>"#,
        r#"<a href="http://x" title="&quot; onmouseover=&quot;alert(1)">x</a>"#,
        r#"<a href="/javascript:alert(1)">a relative path</a>"#,
        r#"<img src="https://example.org/x.png" alt="&quot; onerror=&quot;alert(1)" />"#,
        "<pre><code>&lt;/code&gt;&lt;script&gt;</code></pre>",
        // Markup in a comment is not live (a literal `<script` would still be
        // counted: that check is stricter than a browser).
        "<!-- <img src=x onerror=alert(1)> -->",
        r#"<table><thead><tr><th style="text-align: left">x</th></tr></thead></table>"#,
    ] {
        let found = violations(&baseline, &page(fine));
        assert!(found.is_empty(), "flagged {fine}: {found:?}");
    }
}

#[test]
fn no_payload_survives_markdown_on_its_own() {
    assert!(PAYLOADS.len() >= 40, "{} payloads", PAYLOADS.len());
    let distinct: BTreeSet<&&str> = PAYLOADS.iter().collect();
    assert_eq!(distinct.len(), PAYLOADS.len(), "a payload is listed twice");
    for payload in PAYLOADS {
        let html = folio_markdown::to_html(payload);
        let found = violations("", &html);
        assert!(found.is_empty(), "{payload:?} gave {html:?}: {found:?}");
        let inline = folio_markdown::inline_to_html(payload);
        let found = violations("", &inline);
        assert!(found.is_empty(), "{payload:?} gave {inline:?}: {found:?}");
    }
}

#[tokio::test]
async fn no_payload_in_an_articles_fields_survives_on_its_pages() {
    let app = TestApp::with_fixtures();
    check_article(
        &app,
        "en",
        "putin-no-ally-war-terror-2024",
        "/policy-analysis/putin-no-ally-war-terror-2024",
        &[
            "/",
            "/policy-analysis",
            "/experts/anna-borshchevskaya",
            "/policy-analysis/terrorism",
            "/search?q=putin",
        ],
    )
    .await;

    // The payloads themselves are found by search, and the highlighted
    // snippet around them is text too.
    let before = app.page("/search?q=putin").await;
    for query in ["onerror", "script", "javascript"] {
        let path = format!("/search?q={query}");
        let results = app.page(&path).await;
        assert!(
            results.contains("putin-no-ally-war-terror-2024"),
            "{path}: the poisoned article is not found"
        );
        assert_no_violations(&path, &before, &results);
    }
}

#[tokio::test]
async fn no_payload_survives_on_an_arabic_article() {
    let app = TestApp::with_fixtures();
    check_article(
        &app,
        "ar",
        "tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb",
        "/ar/policy-analysis/tarykh-rwsya-almshbwh-fy-mkafht-alarhab-lmadha-mwskw-shryk-ghyr-mwthwq-lghrb",
        &["/ar", "/ar/policy-analysis"],
    )
    .await;
}

#[tokio::test]
async fn outlet_links_with_script_urls_are_not_links() {
    let app = TestApp::with_fixtures();
    for (slug, path) in [
        (
            "putin-no-ally-war-terror-2024",
            "/policy-analysis/putin-no-ally-war-terror-2024",
        ),
        (
            "russias-questionable-counterterrorism-record",
            "/policy-analysis/russias-questionable-counterterrorism-record",
        ),
    ] {
        let original = app.article("en", slug);
        let baseline = app.page(path).await;
        let mut input = input_from(&original);
        assert!(!input.syndications.is_empty(), "{slug} has an outlet");
        for syndication in &mut input.syndications {
            syndication.url = Some("JaVaScRiPt:alert(document.cookie)".into());
        }
        app.save(&input);
        let page = app.page(path).await;
        assert_no_violations(path, &baseline, &page);
        assert!(!page.to_lowercase().contains("javascript:"), "{path}");
        let outlet = &original.syndications[0].outlet;
        assert!(
            page.contains(outlet.as_str()),
            "{path}: the outlet is still named"
        );
    }
}
