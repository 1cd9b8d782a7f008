//! Just enough XML for feeds and sitemaps: escaped text, nothing else.

/// Text escaped for an XML element or a double-quoted attribute. Characters
/// XML 1.0 forbids (most control characters) are dropped, so a stray byte in
/// an imported page cannot make a whole feed unreadable.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Makes the site-relative links (`href="/…"`, `src="/…"`) of rendered
/// Markdown absolute: a feed reader or another site has no base URL to
/// resolve them against. Protocol-relative `//host` links are left alone.
pub(crate) fn absolute_links(html: &str, base_url: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = find_link_attribute(rest) {
        let (before, after) = rest.split_at(at.value_start);
        out.push_str(before);
        if after.starts_with('/') && !after.starts_with("//") {
            out.push_str(base_url);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

struct LinkAttribute {
    /// Where the attribute's value starts, just after the opening quote.
    value_start: usize,
}

fn find_link_attribute(html: &str) -> Option<LinkAttribute> {
    let href = html.find("href=\"").map(|i| i + 6);
    let src = html.find("src=\"").map(|i| i + 5);
    let value_start = match (href, src) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(LinkAttribute { value_start })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("A & B <i>\"x\"</i> 'y'\u{1}\u{b}\n"),
            "A &amp; B &lt;i&gt;&quot;x&quot;&lt;/i&gt; &apos;y&apos;\n"
        );
    }

    #[test]
    fn site_links_become_absolute_and_others_stay() {
        let html = r##"<a href="/experts/a">a</a> <a href="https://x.org/b">b</a> <img src="/media/c.jpg" alt=""> <a href="//cdn.org/d">d</a> <a href="#e">e</a>"##;
        assert_eq!(
            absolute_links(html, "https://inst.org"),
            r##"<a href="https://inst.org/experts/a">a</a> <a href="https://x.org/b">b</a> <img src="https://inst.org/media/c.jpg" alt=""> <a href="//cdn.org/d">d</a> <a href="#e">e</a>"##
        );
    }
}
