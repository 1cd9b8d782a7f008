//! Just enough XML for feeds and sitemaps: escaped text, nothing else.

/// Text escaped for an XML element or a double-quoted attribute. Characters
/// XML 1.0 forbids (most control characters) are dropped, so a stray byte in
/// an imported page cannot make a whole feed unreadable.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Runs of ordinary text are copied whole: a feed escapes every item's
    // full HTML, and copying it a character at a time was most of the work.
    let mut run_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let (replacement, width): (&str, usize) = match byte {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0..0x20 => ("", 1),
            // U+FFFE and U+FFFF, which XML forbids, are EF BF BE and EF BF BF.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[run_start..i]);
        out.push_str(replacement);
        i += width;
        run_start = i;
    }
    out.push_str(&text[run_start..]);
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
        // Around the characters dropped or replaced, other text (and other
        // characters of three bytes starting EF) is kept as it is.
        assert_eq!(
            escape("\u{FFFE}é\u{FFFF}\u{FFFD}\u{FEFF}<\u{7f}\u{1f}z"),
            "é\u{FFFD}\u{FEFF}&lt;\u{7f}z"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
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
