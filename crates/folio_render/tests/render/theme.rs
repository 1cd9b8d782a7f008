//! Rules the default theme keeps: a right-to-left page mirrors by itself,
//! and no page asks another host for anything.

use crate::renderer;

/// Every `property: value` declaration of a stylesheet, with its line.
/// Selectors and at-rule preludes end with `{`, so only declarations end
/// with `;` or `}`.
fn declarations(css: &str) -> Vec<(usize, String, String)> {
    let mut without_comments = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .map_or(rest.len(), |e| start + e + 2);
        // Keep the line count.
        without_comments.extend(rest[start..end].chars().filter(|c| *c == '\n'));
        rest = &rest[end..];
    }
    without_comments.push_str(rest);
    let mut out = Vec::new();
    let mut buffer = String::new();
    let mut line = 1;
    let mut start_line = 1;
    for c in without_comments.chars() {
        match c {
            '{' => buffer.clear(),
            ';' | '}' => {
                if let Some((property, value)) = buffer.split_once(':') {
                    out.push((
                        start_line,
                        property.trim().to_lowercase(),
                        value.trim().to_lowercase(),
                    ));
                }
                buffer.clear();
            }
            _ => {
                if buffer.trim().is_empty() {
                    start_line = line;
                }
                buffer.push(c);
            }
        }
        if c == '\n' {
            line += 1;
        }
    }
    out
}

/// Why a declaration would not mirror (or names a physical size), if it
/// would not.
fn physical(property: &str, value: &str) -> Option<String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let sides = property
        .split('-')
        .any(|part| part == "left" || part == "right");
    if sides {
        return Some(format!(
            "{property} names a side; use its -inline-start/-end form"
        ));
    }
    if matches!(
        property,
        "width" | "height" | "min-width" | "max-width" | "min-height" | "max-height"
    ) {
        return Some(format!(
            "{property} is physical; use inline-size or block-size"
        ));
    }
    if matches!(property, "float" | "clear" | "text-align" | "caption-side")
        && words.iter().any(|w| matches!(*w, "left" | "right"))
    {
        return Some(format!("{property}: {value}; use start or end"));
    }
    if property.starts_with("background") && words.iter().any(|w| matches!(*w, "left" | "right")) {
        return Some(format!("{property}: {value} places by side"));
    }
    // Four values: top, right, bottom, left. They mirror only when the two
    // sides are the same.
    if matches!(
        property,
        "margin"
            | "padding"
            | "inset"
            | "border-width"
            | "border-style"
            | "border-color"
            | "scroll-margin"
            | "scroll-padding"
    ) && words.len() == 4
        && words[1] != words[3]
    {
        return Some(format!("{property}: {value} sets left and right apart"));
    }
    if property == "border-radius" && !value.contains('/') {
        let corners = match words.len() {
            2 | 3 => words[0] != words[1],
            4 => words[0] != words[1] || words[2] != words[3],
            _ => false,
        };
        if corners {
            return Some(format!("border-radius: {value} rounds sides apart"));
        }
    }
    None
}

#[test]
fn the_stylesheet_mirrors_for_right_to_left_pages() {
    let r = renderer();
    let css = r.theme().text("static/style.css").unwrap().unwrap();
    let found = declarations(css);
    assert!(
        found.len() > 200,
        "the scan read the declarations: {}",
        found.len()
    );
    let problems: Vec<String> = found
        .iter()
        .filter_map(|(line, property, value)| {
            physical(property, value).map(|why| format!("style.css:{line}: {why}"))
        })
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_scan_catches_what_would_not_mirror() {
    let css = "a { margin-left: 1rem; }\n@media (min-width: 60rem) { b { float: right; padding: 0 1rem 0 2rem; width: 3rem } }\nc { margin-inline-start: 1rem; padding: 0 1rem; }";
    let problems: Vec<(usize, String)> = declarations(css)
        .iter()
        .filter_map(|(line, p, v)| physical(p, v).map(|_| (*line, p.clone())))
        .collect();
    assert_eq!(
        problems,
        [
            (1, "margin-left".to_owned()),
            (2, "float".to_owned()),
            (2, "padding".to_owned()),
            (2, "width".to_owned())
        ]
    );
}

#[test]
fn no_template_or_stylesheet_loads_anything_from_another_host() {
    let r = renderer();
    let theme = r.theme();
    for path in theme
        .paths_under("templates/")
        .chain(theme.paths_under("static/"))
    {
        let Ok(Some(text)) = theme.text(path) else {
            continue;
        };
        let lower = text.to_lowercase();
        for loader in ["@import", "url(http", "url(//", "url(\"http", "url('http"] {
            assert!(!lower.contains(loader), "{path} loads {loader}…");
        }
        for tag in [
            "<link", "<script", "<img", "<iframe", "<source", "<video", "<audio",
        ] {
            for (at, _) in lower.match_indices(tag) {
                let element = &lower[at..at + lower[at..].find('>').unwrap_or(0)];
                assert!(
                    !element.contains("=\"http") && !element.contains("=\"//"),
                    "{path}: {element}"
                );
            }
        }
    }
}
