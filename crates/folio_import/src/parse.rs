//! Reading a crawled page (the seed format) into a [`CrawledPage`].
//!
//! The page is split into blocks (runs of non-blank lines) and read with a
//! small state machine: the header (title, byline, date, translations,
//! syndication, ABOUT THE AUTHORS, type label), the deck, the body with its
//! full-text link and author note, then RECOMMENDED, TOPICS and REGIONS &
//! COUNTRIES. Any block may be missing; a block that is present but cannot
//! be read (an impossible date, a byline link without a slug) fails the page
//! with its line number.

use std::sync::LazyLock;

use folio_core::{
    LanguageCode, RecommendedItem, Slug, Syndication, SyndicationRelation, TranslationLink,
    TypeLabel, detect_language, looks_like_printed_date, parse_printed_date,
};
use regex::Regex;

use crate::markup::{
    CrawlerLink, clean_paragraph, crawler_links, rejoin_split_paragraphs, single_crawler_link,
    strip_whole_emphasis, unescape,
};
use crate::page::{CrawledPage, LanguageSource, PageExpert, PageTerm};

/// Why a file is not an importable page; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ParseError {
    pub line: Option<usize>,
    pub reason: String,
}

impl ParseError {
    fn at(line: usize, reason: impl Into<String>) -> ParseError {
        ParseError {
            line: Some(line),
            reason: reason.into(),
        }
    }

    fn whole(reason: impl Into<String>) -> ParseError {
        ParseError {
            line: None,
            reason: reason.into(),
        }
    }
}

/// Content types of the seed archive's family, with the labels Arabic pages
/// print for them, so every language's pages share one set of types.
const KNOWN_CONTENT_TYPES: &[(&str, &[&str])] = &[
    (
        "Articles & Testimony",
        &["مقالات وشهادات", "مقالات و شهادت‌ها", "مقاله‌ها و شهادت‌ها"],
    ),
    (
        "Brief Analysis",
        &["تحليل موجز", "تحليلات موجزة", "تحلیل کوتاه"],
    ),
    ("PolicyWatch", &["المرصد السياسي"]),
    ("Policy Notes", &["ملاحظات سياسية"]),
    ("Policy Focus", &["دراسات السياسة"]),
    ("Policy Forum", &["منتدى السياسات"]),
    ("Congressional Testimony", &["شهادة أمام الكونغرس"]),
    ("Interviews and Presentations", &["مقابلات وعروض"]),
    ("Fikra Forum", &["منتدى فكرة"]),
];

const BYLINE_PREFIXES: &[&str] = &["by ", "بقلم ", "بقلم: ", "نویسنده: "];
const ALSO_AVAILABLE: &[&str] = &[
    "also available in",
    "متوفر أيضاً في",
    "متوفر أيضًا في",
    "متوفر أيضا في",
    "متاح أيضاً في",
    "همچنین موجود در",
];
const ALSO_PUBLISHED: &[&str] = &[
    "also published in",
    "نُشر أيضاً في",
    "نشر أيضاً في",
    "نشر أيضا في",
    "همچنین منتشر شده در",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    AboutTheAuthors,
    Recommended,
    Topics,
    Regions,
}

fn section_marker(text: &str) -> Option<Marker> {
    if text.contains('\n') {
        return None;
    }
    let label = text
        .trim_start_matches('#')
        .trim()
        .trim_end_matches(':')
        .trim();
    let upper = label.to_uppercase();
    let is = |names: &[&str]| names.iter().any(|n| upper == *n);
    if is(&[
        "ABOUT THE AUTHORS",
        "ABOUT THE AUTHOR",
        "عن المؤلفين",
        "عن المؤلف",
        "عن الكاتب",
        "درباره نویسندگان",
    ]) {
        Some(Marker::AboutTheAuthors)
    } else if is(&["RECOMMENDED", "موصى به", "مقالات ذات صلة", "پیشنهادی"])
    {
        Some(Marker::Recommended)
    } else if is(&["TOPICS", "المواضيع", "موضوعات", "الموضوعات"]) {
        Some(Marker::Topics)
    } else if is(&[
        "REGIONS & COUNTRIES",
        "REGIONS AND COUNTRIES",
        "REGIONS",
        "المناطق والبلدان",
        "المناطق والدول",
        "مناطق و کشورها",
    ]) {
        Some(Marker::Regions)
    } else {
        None
    }
}

/// A run of non-blank lines and the line it starts on.
struct Block<'a> {
    line: usize,
    lines: Vec<&'a str>,
}

impl Block<'_> {
    fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut current: Option<Block<'_>> = None;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if let Some(block) = current.take() {
                out.push(block);
            }
        } else {
            current
                .get_or_insert_with(|| Block {
                    line: index + 1,
                    lines: Vec::new(),
                })
                .lines
                .push(line);
        }
    }
    out.extend(current);
    out
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.+?)\s*#*$").unwrap());

/// `Name (/policy-analysis/slug)` on a line of its own.
static PLAIN_PATH_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<name>.+?)\s*\((?P<path>(?:https?://[^/\s]+)?/[^)\s]*)\)$").unwrap()
});

/// `(/policy-analysis/slug)` on a line of its own, ending a recommended item.
static BARE_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((?P<path>(?:https?://[^/\s]+)?/[^)\s]*)\)$").unwrap());

/// A bold Markdown link, possibly followed by an ornament: the full-text link.
static BOLD_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\*\*\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)\*\*\s*\W?$").unwrap()
});

static FULL_ARTICLE_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:read the full (?:article|text|piece) (?:on|at|in) (?:the )?(?P<outlet>.+?)(?: website)?",
        r"|اقرأ (?:المقال|النص) (?:كاملاً|كاملًا|كاملا) (?:على|في) (?:موقع )?(?P<outlet_ar>.+?)",
        r"|متن کامل (?:مقاله|یادداشت) را در (?:وب‌سایت |وبسایت )?(?P<outlet_fa>.+?) بخوانید",
        r")\.?$"
    ))
    .unwrap()
});

fn heading(text: &str) -> Option<(usize, String)> {
    if text.contains('\n') {
        return None;
    }
    let captures = HEADING.captures(text)?;
    Some((captures[1].len(), captures[2].trim().to_owned()))
}

fn is_rule(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

fn starts_with_any<'t>(text: &'t str, prefixes: &[&str]) -> Option<&'t str> {
    prefixes.iter().find_map(|prefix| {
        let head = text.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| &text[prefix.len()..])
    })
}

/// A path on the archive's site, split into its language prefix and the rest:
/// `/ar/policy-analysis/x` -> (Some("ar"), ["policy-analysis", "x"]).
fn split_site_path(path: &str) -> (Option<LanguageCode>, Vec<String>) {
    let path = match path.find("://") {
        Some(i) => path[i + 3..].find('/').map_or("", |j| &path[i + 3 + j..]),
        None => path,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let language = segments
        .first()
        .and_then(|first| LanguageCode::parse(first).ok())
        .filter(|_| segments.len() > 1);
    if language.is_some() {
        segments.remove(0);
    }
    (language, segments)
}

fn percent_decode(segment: &str) -> String {
    fn hex(byte: u8) -> Option<u8> {
        (byte as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(&high), Some(&low)) = (bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(high), Some(low)) = (hex(high), hex(low))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

/// `/experts/{slug}`, with or without a language prefix.
fn expert_slug(target: &str) -> Option<Result<Slug, String>> {
    let (_, segments) = split_site_path(target);
    match segments.as_slice() {
        [experts] if experts == "experts" => Some(Err("has no expert slug".to_owned())),
        [experts, slug] if experts == "experts" => {
            Some(Slug::parse(slug).map_err(|e| format!("has an invalid expert slug {slug:?}: {e}")))
        }
        _ => None,
    }
}

/// `/{lang}/policy-analysis/{slug}`: the language (default when no prefix)
/// and the slug.
fn analysis_path(
    target: &str,
    default_language: &LanguageCode,
) -> Option<Result<(LanguageCode, Slug), String>> {
    let (language, segments) = split_site_path(target);
    let language = language.unwrap_or_else(|| default_language.clone());
    match segments.as_slice() {
        [section, slug] if section == "policy-analysis" => Some(
            Slug::parse(slug)
                .map(|slug| (language, slug))
                .map_err(|e| format!("{target:?} has an invalid slug: {e}")),
        ),
        _ => None,
    }
}

/// The canonical name of a content type label in any case or language.
fn canonical_type_name(label: &str) -> String {
    for (name, aliases) in KNOWN_CONTENT_TYPES {
        if name.eq_ignore_ascii_case(label) || aliases.contains(&label) {
            return (*name).to_owned();
        }
    }
    let has_lower = label.chars().any(char::is_lowercase);
    if has_lower {
        return label.to_owned();
    }
    // "POLICY ANALYSIS" -> "Policy Analysis"; small words stay lower case.
    label
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "and" | "of" | "the" | "in" | "on" | "for") {
                return lower;
            }
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A type label as readers of the page's language see it: an all-caps Latin
/// label in title case ("BRIEF ANALYSIS" -> "Brief Analysis"), a label in
/// another script as printed ("تحليل موجز").
fn printed_type_name(label: &str) -> String {
    if label.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
        label.trim().to_owned()
    } else {
        canonical_type_name(label)
    }
}

fn type_label(text: &str) -> TypeLabel {
    let parsed = TypeLabel::parse(text);
    TypeLabel {
        name: canonical_type_name(&parsed.name),
        series_number: parsed.series_number,
    }
}

/// A short line that can only be a label ("Articles & Testimony",
/// "PolicyWatch 3344"): no link, no sentence ending, no markup.
fn is_label_like(text: &str) -> bool {
    !text.contains('\n')
        && text.chars().count() <= 60
        && !text.contains("](")
        && !text.ends_with(['.', '!', '?', ':', ','])
        && !text.starts_with(['*', '#', '[', '(', '>', '-', '_'])
        && text.chars().any(char::is_alphabetic)
}

fn is_all_caps_label(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    (!letters.is_empty()
        && letters.iter().all(|c| !c.is_lowercase())
        && letters.iter().any(|c| c.is_uppercase()))
        || KNOWN_CONTENT_TYPES
            .iter()
            .any(|(_, aliases)| aliases.contains(&line))
}

/// Where the parser is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Translations,
    AboutTheAuthors,
    Body,
    AfterBody,
    Recommended,
    Topics,
    Regions,
}

/// Reads a file's bytes: refuses empty and binary files, then parses.
pub fn parse_page_bytes(
    bytes: &[u8],
    default_language: &LanguageCode,
) -> Result<CrawledPage, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::whole("the file is empty"));
    }
    if let Some(position) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..position].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(ParseError::at(
            line,
            "this is not a text page: it contains binary data",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        ParseError::at(
            line,
            "this is not a UTF-8 text page: it contains bytes that are not UTF-8",
        )
    })?;
    parse_page(text, default_language)
}

/// Parses a crawled page.
pub fn parse_page(text: &str, default_language: &LanguageCode) -> Result<CrawledPage, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let blocks = blocks(text);
    let mut reader = PageReader::new(default_language);
    let mut index = 0;
    while index < blocks.len() {
        index = reader.read(&blocks, index)?;
    }
    reader.finish()
}

struct PageReader<'d> {
    default_language: &'d LanguageCode,
    section: Section,
    title: Option<String>,
    byline: Vec<PageExpert>,
    saw_byline: bool,
    published_on: Option<folio_core::Date>,
    translations: Vec<TranslationLink>,
    syndications: Vec<Syndication>,
    about: Vec<PageExpert>,
    type_label: Option<TypeLabel>,
    type_name_printed: Option<String>,
    deck: Option<String>,
    body: Vec<String>,
    /// The full-text link was just read; an italic line next names the outlet.
    expecting_outlet: bool,
    recommended: Vec<RecommendedItem>,
    pending: PendingRecommendation,
    topics: Vec<PageTerm>,
    regions: Vec<PageTerm>,
    markers_seen: usize,
    /// Language prefixes of the links to the page's own language's pages
    /// (its experts, topics and regions): `/ar/experts/…` says Arabic.
    own_link_languages: Vec<LanguageCode>,
    warnings: Vec<String>,
}

#[derive(Default)]
struct PendingRecommendation {
    type_label: Option<String>,
    title: Option<String>,
    published_on: Option<folio_core::Date>,
    author_names: Vec<String>,
}

impl<'d> PageReader<'d> {
    fn new(default_language: &'d LanguageCode) -> PageReader<'d> {
        PageReader {
            default_language,
            section: Section::Header,
            title: None,
            byline: Vec::new(),
            saw_byline: false,
            published_on: None,
            translations: Vec::new(),
            syndications: Vec::new(),
            about: Vec::new(),
            type_label: None,
            type_name_printed: None,
            deck: None,
            body: Vec::new(),
            expecting_outlet: false,
            recommended: Vec::new(),
            pending: PendingRecommendation::default(),
            topics: Vec::new(),
            regions: Vec::new(),
            markers_seen: 0,
            own_link_languages: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Reads the block at `index`; returns the index of the next one to read.
    fn read(&mut self, blocks: &[Block<'_>], index: usize) -> Result<usize, ParseError> {
        let block = &blocks[index];
        let text = block.text();
        let trimmed = text.trim();

        if let Some(marker) = section_marker(trimmed) {
            self.markers_seen += 1;
            self.section = match marker {
                Marker::AboutTheAuthors => Section::AboutTheAuthors,
                Marker::Recommended => Section::Recommended,
                Marker::Topics => Section::Topics,
                Marker::Regions => Section::Regions,
            };
            return Ok(index + 1);
        }

        match self.section {
            Section::Header | Section::Translations | Section::AboutTheAuthors => self
                .read_header_block(block, trimmed)
                .map(|consumed| if consumed { index + 1 } else { index }),
            Section::Body => {
                if is_rule(trimmed) && next_is_end_of_body(blocks, index + 1) {
                    self.section = Section::AfterBody;
                } else {
                    let next = blocks.get(index + 1).map(Block::text);
                    self.read_body_block(trimmed, next.as_deref());
                }
                Ok(index + 1)
            }
            Section::AfterBody => Ok(index + 1),
            Section::Recommended => {
                self.read_recommended_block(block)?;
                Ok(index + 1)
            }
            Section::Topics | Section::Regions => {
                self.read_term_block(block)?;
                Ok(index + 1)
            }
        }
    }

    /// Reads a block before the body; `false` when the block turned out to
    /// be the start of the body and must be read again as such.
    fn read_header_block(&mut self, block: &Block<'_>, text: &str) -> Result<bool, ParseError> {
        if is_rule(text) {
            return Ok(true);
        }
        if let Some((1, title)) = heading(text) {
            if self.title.is_none() {
                self.title = Some(unescape(&title));
            } else {
                self.warnings
                    .push(format!("line {}: a second title was ignored", block.line));
            }
            return Ok(true);
        }
        if let Some(rest) = starts_with_any(text, BYLINE_PREFIXES) {
            self.saw_byline = true;
            self.byline = self.experts_in(rest, block.line, "byline")?;
            for link in crawler_links(rest) {
                if expert_slug(&link.target).is_some() {
                    self.note_link_language(&link.target);
                }
            }
            if self.byline.is_empty() {
                // A byline without links: names only.
                self.byline = split_names(rest)
                    .into_iter()
                    .map(|name| PageExpert {
                        slug: Slug::from_title(&name),
                        name,
                        bio: None,
                        programs: Vec::new(),
                    })
                    .collect();
            }
            self.section = Section::Header;
            return Ok(true);
        }
        if looks_like_printed_date(text) {
            let date = parse_printed_date(text).map_err(|e| ParseError::at(block.line, e))?;
            self.published_on = Some(date);
            self.section = Section::Header;
            return Ok(true);
        }
        if let Some(rest) = starts_with_any(text, ALSO_AVAILABLE) {
            self.section = Section::Translations;
            self.read_translation_links(rest, block.line)?;
            return Ok(true);
        }
        if self.section == Section::Translations && !crawler_links(text).is_empty() {
            let before = self.translations.len();
            self.read_translation_links(text, block.line)?;
            if self.translations.len() > before {
                return Ok(true);
            }
        }
        if let Some(rest) = starts_with_any(text, ALSO_PUBLISHED) {
            let outlet = strip_whole_emphasis(rest).unwrap_or(rest.trim()).to_owned();
            if !outlet.is_empty() {
                self.syndications.push(Syndication {
                    relation: SyndicationRelation::AlsoPublishedIn,
                    outlet: unescape(&outlet),
                    url: None,
                });
            }
            self.section = Section::Header;
            return Ok(true);
        }
        if self.section == Section::AboutTheAuthors {
            if let Some(link) = single_crawler_link(text)
                && let Some(slug) = expert_slug(&link.target)
            {
                let slug = slug.map_err(|e| {
                    ParseError::at(
                        block.line,
                        format!("the ABOUT THE AUTHORS link to {:?} {e}", link.label),
                    )
                })?;
                self.about.push(PageExpert {
                    slug,
                    name: unescape(&link.label),
                    bio: None,
                    programs: Vec::new(),
                });
                self.note_link_language(&link.target);
                return Ok(true);
            }
            if let Some(last) = self.about.last_mut()
                && last.bio.is_none()
                && heading(text).is_none()
                && (!is_label_like(text)
                    || text.contains(last.name.split(' ').next_back().unwrap_or("")))
            {
                last.bio = Some(clean_paragraph(&unescape_lines(text)));
                return Ok(true);
            }
        }
        if let Some((_, deck)) = heading(text) {
            self.deck = Some(unescape(&deck));
            self.section = Section::Body;
            return Ok(true);
        }
        if is_label_like(text) && self.deck.is_none() && self.body.is_empty() {
            if let Some(previous) = &self.type_label {
                self.warnings.push(format!(
                    "line {}: two type labels; kept {:?}, not {:?}",
                    block.line, text, previous.name
                ));
            }
            self.type_label = Some(type_label(text));
            self.type_name_printed = Some(printed_type_name(&TypeLabel::parse(text).name));
            self.section = Section::Header;
            return Ok(true);
        }
        // A paragraph: the body starts without a deck.
        self.section = Section::Body;
        Ok(false)
    }

    /// Remembers the language prefix of a link to one of the page's own
    /// language's pages; a link without one says nothing.
    fn note_link_language(&mut self, target: &str) {
        if let (Some(language), _) = split_site_path(target) {
            self.own_link_languages.push(language);
        }
    }

    fn experts_in(
        &self,
        text: &str,
        line: usize,
        block_name: &str,
    ) -> Result<Vec<PageExpert>, ParseError> {
        let mut experts = Vec::new();
        for link in crawler_links(text) {
            match expert_slug(&link.target) {
                Some(Ok(slug)) => experts.push(PageExpert {
                    slug,
                    name: unescape(&link.label),
                    bio: None,
                    programs: Vec::new(),
                }),
                Some(Err(e)) => {
                    return Err(ParseError::at(
                        line,
                        format!("the {block_name} link to {:?} {e}", link.label),
                    ));
                }
                None => {}
            }
        }
        Ok(experts)
    }

    fn read_translation_links(&mut self, text: &str, line: usize) -> Result<(), ParseError> {
        for CrawlerLink { label, target } in crawler_links(text) {
            match analysis_path(&target, self.default_language) {
                Some(Ok((language, slug))) => {
                    if !self.translations.iter().any(|t| t.language == language) {
                        self.translations.push(TranslationLink { language, slug });
                    }
                }
                Some(Err(e)) => {
                    return Err(ParseError::at(line, format!("the translation link {label:?}: {e}")));
                }
                None => self.warnings.push(format!(
                    "line {line}: the translation link {label:?} points at {target:?}, not at an analysis page"
                )),
            }
        }
        Ok(())
    }

    /// Reads a body block; `next` is the block after it, which may name the
    /// outlet of a full-text link.
    fn read_body_block(&mut self, text: &str, next: Option<&str>) {
        if let Some(captures) = BOLD_LINK.captures(&clean_paragraph(text)) {
            // "**[Read the full article on the Foreign Affairs website.](url)** ❖"
            // followed by "*Foreign Affairs*": the wording or the outlet line
            // tells it from a bold link that is part of the body.
            let link_text = captures["text"].trim().to_owned();
            let outlet = FULL_ARTICLE_OUTLET.captures(&link_text).and_then(|c| {
                ["outlet", "outlet_ar", "outlet_fa"]
                    .iter()
                    .find_map(|name| c.name(name))
                    .map(|m| m.as_str().trim().to_owned())
            });
            let outlet_follows = next
                .and_then(strip_whole_emphasis)
                .is_some_and(is_outlet_name);
            if outlet.is_some() || outlet_follows {
                self.syndications.push(Syndication {
                    relation: SyndicationRelation::FullTextAt,
                    outlet: outlet.unwrap_or_default(),
                    url: Some(captures["url"].to_owned()),
                });
                self.expecting_outlet = outlet_follows;
                return;
            }
        }
        if self.expecting_outlet {
            self.expecting_outlet = false;
            if let Some(outlet) = strip_whole_emphasis(text)
                && is_outlet_name(outlet)
            {
                if let Some(full_text) = self
                    .syndications
                    .iter_mut()
                    .rev()
                    .find(|s| s.relation == SyndicationRelation::FullTextAt)
                {
                    full_text.outlet = unescape(outlet);
                }
                return;
            }
        }
        self.body.push(text.to_owned());
    }

    fn read_recommended_block(&mut self, block: &Block<'_>) -> Result<(), ParseError> {
        for (offset, raw_line) in block.lines.iter().enumerate() {
            let line_number = block.line + offset;
            let line = raw_line.trim().trim_start_matches('◆').trim();
            if line.is_empty() || is_rule(line) {
                continue;
            }
            if let Some(captures) = BARE_PATH.captures(line) {
                self.finish_recommendation(&captures["path"], line_number)?;
                continue;
            }
            let heading_text = heading(line).map(|(_, t)| t);
            let is_title_form = heading_text.is_some()
                || (line.starts_with("**") && line.ends_with("**"))
                || (line.starts_with('[') && line.ends_with(')'));
            if self.pending.title.is_none() && !is_title_form && is_all_caps_label(line) {
                self.pending.type_label = Some(printed_type_name(line));
            } else if self.pending.title.is_none() && is_title_form {
                let mut title = heading_text.unwrap_or_else(|| line.to_owned());
                title = title.trim_matches('*').trim().to_owned();
                if let Some(inner) = title.strip_prefix('[').and_then(|t| t.split_once("](")) {
                    title = inner.0.to_owned();
                }
                self.pending.title = Some(unescape(&title));
            } else if looks_like_printed_date(line) {
                let date = parse_printed_date(line).map_err(|e| ParseError::at(line_number, e))?;
                self.pending.published_on = Some(date);
            } else if self.pending.title.is_some() {
                self.pending.author_names.extend(split_names(line));
            } else {
                self.warnings.push(format!(
                    "line {line_number}: {line:?} in RECOMMENDED was not understood and was skipped"
                ));
            }
        }
        Ok(())
    }

    fn finish_recommendation(&mut self, path: &str, line: usize) -> Result<(), ParseError> {
        let pending = std::mem::take(&mut self.pending);
        let (language, slug) = match analysis_path(path, self.default_language) {
            Some(Ok(found)) => found,
            Some(Err(e)) => return Err(ParseError::at(line, format!("a recommended item: {e}"))),
            None => {
                self.warnings.push(format!(
                    "line {line}: a recommended item links to {path:?}, not to an analysis page; skipped"
                ));
                return Ok(());
            }
        };
        let Some(title) = pending.title else {
            self.warnings.push(format!(
                "line {line}: a recommended item without a title was skipped"
            ));
            return Ok(());
        };
        self.recommended.push(RecommendedItem {
            language,
            slug,
            title,
            type_label: pending.type_label,
            published_on: pending.published_on,
            author_names: pending.author_names,
        });
        Ok(())
    }

    fn read_term_block(&mut self, block: &Block<'_>) -> Result<(), ParseError> {
        for (offset, raw_line) in block.lines.iter().enumerate() {
            let line_number = block.line + offset;
            let line = raw_line.trim();
            if line.is_empty() || is_rule(line) {
                continue;
            }
            let (name, path) = if let Some(link) = single_crawler_link(line) {
                (link.label, link.target)
            } else if let Some(captures) = PLAIN_PATH_LINK.captures(line) {
                (captures["name"].to_owned(), captures["path"].to_owned())
            } else {
                self.warnings.push(format!(
                    "line {line_number}: {line:?} is not a linked topic or region; skipped"
                ));
                continue;
            };
            let (language, slug) = match analysis_path(&path, self.default_language) {
                Some(Ok(found)) => found,
                Some(Err(e)) => return Err(ParseError::at(line_number, e)),
                None => {
                    self.warnings.push(format!(
                        "line {line_number}: {name:?} links to {path:?}, not to a topic or region page; skipped"
                    ));
                    continue;
                }
            };
            self.note_link_language(&path);
            let term = PageTerm {
                language,
                slug,
                name: unescape(name.trim()),
            };
            let list = if self.section == Section::Topics {
                &mut self.topics
            } else {
                &mut self.regions
            };
            if !list.iter().any(|t| t.slug == term.slug) {
                list.push(term);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<CrawledPage, ParseError> {
        // A short label line alone proves nothing (any blog has one); the
        // blocks only an article page has do.
        let recognised_blocks = [
            self.saw_byline,
            self.published_on.is_some(),
            self.deck.is_some(),
            !self.translations.is_empty(),
            !self.syndications.is_empty(),
            !self.about.is_empty(),
        ]
        .iter()
        .filter(|&&b| b)
        .count()
            + self.markers_seen;
        if recognised_blocks == 0 {
            return Err(ParseError::whole(
                "this is not an article page: none of its blocks is a byline, date, deck, \
                 \"Also available in\", ABOUT THE AUTHORS, RECOMMENDED, TOPICS or REGIONS & COUNTRIES",
            ));
        }
        if self.title.is_none() && self.deck.is_none() && self.body.is_empty() {
            return Err(ParseError::whole(
                "nothing to import: the page has no title, deck or body",
            ));
        }

        // The author note: an italic paragraph closing the body.
        let mut author_note = None;
        if let Some(last) = self.body.last()
            && let Some(inner) = strip_whole_emphasis(last)
        {
            author_note = Some(clean_paragraph(inner));
            self.body.pop();
        }
        let paragraphs: Vec<String> = self.body.iter().map(|p| clean_paragraph(p)).collect();
        let body_markdown =
            join_split_arabic_initial(rejoin_split_paragraphs(paragraphs).join("\n\n"));

        let full_text_elsewhere = self
            .syndications
            .iter()
            .any(|s| s.relation == SyndicationRelation::FullTextAt);
        let trimmed_body = body_markdown.trim_end();
        let body_is_excerpt =
            full_text_elsewhere || trimmed_body.ends_with("...") || trimmed_body.ends_with('…');

        // "Originally published on the [19FortyFive](url) website" gives the
        // also-published outlet its URL.
        if let Some(note) = &author_note
            && let Some(url) = originally_published_url(note)
        {
            for syndication in &mut self.syndications {
                if syndication.relation == SyndicationRelation::AlsoPublishedIn
                    && syndication.url.is_none()
                {
                    syndication.url = Some(url.clone());
                }
            }
        }

        let mut authors = if self.byline.is_empty() {
            self.about.clone()
        } else {
            self.byline.clone()
        };
        for author in &mut authors {
            if let Some(about) = self.about.iter().find(|a| a.slug == author.slug) {
                author.bio = about.bio.clone();
            }
            if let Some(note) = &author_note {
                author.programs = programs_in_note(note, &author.name);
            }
        }

        let language_sample = format!(
            "{} {} {}",
            self.title.as_deref().unwrap_or(""),
            self.deck.as_deref().unwrap_or(""),
            body_markdown.chars().take(2000).collect::<String>()
        );
        let (language, language_source) = match most_common(&self.own_link_languages) {
            Some(language) => (language, LanguageSource::Links),
            None => (
                detect_language(&language_sample, self.default_language),
                LanguageSource::Script,
            ),
        };

        if self.title.is_none() {
            self.warnings
                .push("no title: the slug was made from the deck or the body".into());
        }
        if authors.is_empty() {
            self.warnings.push("no byline".into());
        }
        if self.published_on.is_none() {
            self.warnings.push("no publication date".into());
        }
        if self.type_label.is_none() {
            self.warnings.push("no content type label".into());
        }

        Ok(CrawledPage {
            language,
            language_source,
            title: self.title,
            authors,
            published_on: self.published_on,
            translations: self.translations,
            syndications: self.syndications,
            type_label: self.type_label,
            type_name_printed: self.type_name_printed,
            deck: self.deck,
            body_markdown,
            body_is_excerpt,
            author_note_markdown: author_note,
            recommended: self.recommended,
            topics: self.topics,
            regions: self.regions,
            warnings: self.warnings,
        })
    }
}

/// The crawler splits a drop cap off its word (`**W**ith`). Arabic letters
/// join their neighbours, so a split Arabic initial (`**ب**لا`) would print
/// as an isolated letter: it is joined back (`بلا`).
fn join_split_arabic_initial(body: String) -> String {
    let is_arabic_letter = |c: char| matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}');
    let mut chars = body.chars();
    let split = chars.next() == Some('*')
        && chars.next() == Some('*')
        && chars.next().is_some_and(is_arabic_letter)
        && chars.next() == Some('*')
        && chars.next() == Some('*')
        && chars.next().is_some_and(is_arabic_letter);
    if !split {
        return body;
    }
    let initial_len = body[2..].chars().next().map_or(0, char::len_utf8);
    format!("{}{}", &body[2..2 + initial_len], &body[4 + initial_len..])
}

/// The value that occurs most often; the first of equals.
fn most_common(values: &[LanguageCode]) -> Option<LanguageCode> {
    let mut best: Option<(&LanguageCode, usize)> = None;
    for value in values {
        let count = values.iter().filter(|v| *v == value).count();
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((value, count));
        }
    }
    best.map(|(value, _)| value.clone())
}

/// A publication's name as pages print it under a full-text link.
fn is_outlet_name(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 80 && !text.contains("](") && !text.contains('\n')
}

fn unescape_lines(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// "Anna Borshchevskaya", "A and B", "A, B and C", "A, B, & C".
fn split_names(text: &str) -> Vec<String> {
    text.replace(" & ", ", ")
        .replace(", and ", ", ")
        .replace(" and ", ", ")
        .replace(" و", ", ")
        .split(',')
        .map(|name| name.trim().trim_end_matches("  ").to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

static ORIGINALLY_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:(?:originally|first) (?:published|appeared)|نُ?شر (?:هذا المقال )?في الأصل|در اصل (?:در|روی))",
        r" [^\[]{0,60}\[[^\]]+\]\((?P<url>https?://[^)\s]+)\)"
    ))
    .unwrap()
});

fn originally_published_url(note: &str) -> Option<String> {
    ORIGINALLY_PUBLISHED
        .captures(note)
        .map(|c| c["url"].to_owned())
}

/// Programs an author note places an author in: "X is a senior fellow in The
/// Washington Institute’s Diane and Guilford Glazer Foundation Program on
/// Great Power Competition and the Middle East."
fn programs_in_note(note: &str, author_name: &str) -> Vec<String> {
    let mut programs = Vec::new();
    for sentence in note.split(". ") {
        if !sentence.contains(author_name) {
            continue;
        }
        let Some(program_at) = sentence.find(" Program") else {
            continue;
        };
        let before = &sentence[..program_at];
        let start = before
            .rfind("’s ")
            .map(|i| i + "’s ".len())
            .or_else(|| before.rfind("'s ").map(|i| i + 3))
            .or_else(|| before.rfind(" the ").map(|i| i + 5));
        if let Some(start) = start {
            let program = sentence[start..].trim().trim_end_matches('.').trim();
            if program.len() > "Program".len() && !programs.iter().any(|p| p == program) {
                programs.push(program.to_owned());
            }
        }
    }
    programs
}

/// Whether the blocks from `index` on hold nothing but rules before a
/// section marker or the end: a rule there closes the body.
fn next_is_end_of_body(blocks: &[Block<'_>], index: usize) -> bool {
    for block in &blocks[index.min(blocks.len())..] {
        let text = block.text();
        if is_rule(&text) {
            continue;
        }
        return section_marker(text.trim()).is_some();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_read_from_author_notes() {
        let note = "Anna Borshchevskaya is a senior fellow in The Washington Institute’s Diane and Guilford Glazer Foundation Program on Great Power Competition and the Middle East. This article was originally published on the [19FortyFive](https://x.org/) website.";
        assert_eq!(
            programs_in_note(note, "Anna Borshchevskaya"),
            [
                "Diane and Guilford Glazer Foundation Program on Great Power Competition and the Middle East"
            ]
        );
        assert!(programs_in_note(note, "Someone Else").is_empty());
        assert_eq!(
            originally_published_url(note).as_deref(),
            Some("https://x.org/")
        );
    }

    #[test]
    fn a_split_arabic_initial_is_joined_and_a_latin_one_kept() {
        assert_eq!(
            join_split_arabic_initial("**ب**لا أي دليل".into()),
            "بلا أي دليل"
        );
        assert_eq!(
            join_split_arabic_initial("**W**ith no".into()),
            "**W**ith no"
        );
        assert_eq!(join_split_arabic_initial("**ب** لا".into()), "**ب** لا");
        assert_eq!(join_split_arabic_initial("**".into()), "**");
    }

    #[test]
    fn names_are_split_on_commas_and_conjunctions() {
        assert_eq!(split_names("Anna Borshchevskaya"), ["Anna Borshchevskaya"]);
        assert_eq!(split_names("A B, C D and E F"), ["A B", "C D", "E F"]);
        assert_eq!(split_names("A B & C D"), ["A B", "C D"]);
    }

    #[test]
    fn content_type_labels_are_canonical() {
        assert_eq!(
            canonical_type_name("ARTICLES & TESTIMONY"),
            "Articles & Testimony"
        );
        assert_eq!(canonical_type_name("BRIEF ANALYSIS"), "Brief Analysis");
        assert_eq!(canonical_type_name("مقالات وشهادات"), "Articles & Testimony");
        assert_eq!(
            canonical_type_name("SPECIAL REPORTS OF THE INSTITUTE"),
            "Special Reports of the Institute"
        );
        assert_eq!(type_label("PolicyWatch 3344").series_number, Some(3344));
    }

    #[test]
    fn site_paths_split_into_language_and_segments() {
        let en = LanguageCode::english();
        let (language, slug) = analysis_path("/ar/policy-analysis/tarykh", &en)
            .unwrap()
            .unwrap();
        assert_eq!((language.as_str(), slug.as_str()), ("ar", "tarykh"));
        let (language, slug) = analysis_path("https://www.example.org/policy-analysis/syria", &en)
            .unwrap()
            .unwrap();
        assert_eq!((language.as_str(), slug.as_str()), ("en", "syria"));
        let (_, slug) = analysis_path("/ar/policy-analysis/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7", &en)
            .unwrap()
            .unwrap();
        assert_eq!(slug.as_str(), "سوريا");
        assert!(analysis_path("/experts/anna", &en).is_none());
        assert!(matches!(expert_slug("/ar/experts/anna-b"), Some(Ok(s)) if s.as_str() == "anna-b"));
        assert!(matches!(expert_slug("/experts/"), Some(Err(_))));
    }
}
