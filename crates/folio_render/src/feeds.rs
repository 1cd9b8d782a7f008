//! Atom, RSS 2.0 and JSON Feed 1.1: the same entries in three formats.
//!
//! A feed is the newest published articles of a listing (the whole site in
//! one language, a topic, a region, an expert, a content type). Every link
//! is absolute, dates carry the site's time zone, and the content is the
//! whole article or its summary as `[feeds] content` says.

use folio_config::LanguageConfig;
use folio_core::{Date, ExpertRef, LanguageCode, Slug, Timestamp};
use serde_json::json;

use crate::Renderer;
use crate::xml::{absolute_links, escape};

/// Longest summary, in characters, when an article has no deck.
const SUMMARY_LENGTH: usize = 300;

/// The three formats, by the file name a feed's URL ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Atom,
    Rss,
    Json,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Atom, FeedFormat::Rss, FeedFormat::Json];

    /// `feed.atom`, `feed.rss`, `feed.json`.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "feed.atom",
            FeedFormat::Rss => "feed.rss",
            FeedFormat::Json => "feed.json",
        }
    }

    pub fn from_file_name(name: &str) -> Option<FeedFormat> {
        FeedFormat::ALL.into_iter().find(|f| f.file_name() == name)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml; charset=utf-8",
            FeedFormat::Rss => "application/rss+xml; charset=utf-8",
            FeedFormat::Json => "application/feed+json; charset=utf-8",
        }
    }

    /// The MIME type `<link rel="alternate">` announces.
    pub fn link_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Json => "application/feed+json",
        }
    }
}

/// One article as a feed carries it.
#[derive(Debug, Clone)]
pub struct FeedItem {
    pub language: LanguageCode,
    pub slug: Slug,
    pub title: String,
    pub deck: String,
    pub body_markdown: String,
    pub published_on: Option<Date>,
    pub updated_at: Timestamp,
    pub authors: Vec<ExpertRef>,
    /// Topics, regions and the content type, by name.
    pub categories: Vec<String>,
    /// The whole piece as HTML with absolute links, when feeds carry it
    /// (see [`Renderer::feed_content`]); `None` for summaries only.
    pub content_html: Option<String>,
}

/// A listing as a feed: what it is about and its newest articles.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The listing's name ("Terrorism"); empty for the whole site.
    pub subject: String,
    /// The listing page's path: the feed's `alternate` link.
    pub page_path: String,
    /// The folder the feed files live in ("/policy-analysis/terrorism"; ""
    /// for the site root).
    pub feed_dir: String,
    pub items: Vec<FeedItem>,
}

impl Feed {
    /// The path of the feed in one format.
    pub fn path(&self, format: FeedFormat) -> String {
        format!("{}/{}", self.feed_dir, format.file_name())
    }
}

/// An item's dates and text, resolved once for every format.
struct Entry<'a> {
    item: &'a FeedItem,
    url: String,
    title: String,
    published: Option<jiff::Zoned>,
    updated: jiff::Zoned,
    summary: String,
    content_html: Option<String>,
}

impl Renderer {
    /// The feed's title as readers list it: "Terrorism | The Institute".
    pub fn feed_title(&self, language: &LanguageConfig, feed: &Feed) -> String {
        let name = language.site_name(&self.config().site);
        if feed.subject.is_empty() {
            name.to_owned()
        } else {
            format!("{} | {name}", feed.subject)
        }
    }

    pub fn feed(&self, language: &LanguageConfig, feed: &Feed, format: FeedFormat) -> String {
        let entries: Vec<Entry<'_>> = feed.items.iter().map(|item| self.entry(item)).collect();
        match format {
            FeedFormat::Atom => self.atom(language, feed, &entries),
            FeedFormat::Rss => self.rss(language, feed, &entries),
            FeedFormat::Json => self.json_feed(language, feed, &entries),
        }
    }

    /// What a feed entry carries of a piece beyond its summary: the whole
    /// of it, when the site's feeds carry full content. Rendered once per
    /// item and kept with it, as a feed is read in three formats.
    pub fn feed_content(&self, deck: &str, body_markdown: &str) -> Option<String> {
        self.config().feeds.full_content.then(|| {
            let mut html = String::new();
            if !deck.is_empty() {
                html.push_str(&format!("<p><strong>{}</strong></p>\n", escape(deck)));
            }
            html.push_str(&folio_markdown::to_html(body_markdown));
            absolute_links(&html, &self.paths().absolute(""))
        })
    }

    fn entry<'a>(&self, item: &'a FeedItem) -> Entry<'a> {
        let config = self.config();
        let zone = &config.site.time_zone;
        let paths = self.paths();
        let published = item
            .published_on
            .and_then(|d| d.to_zoned(zone.clone()).ok());
        // The publication date stands for "updated" when there is one: an
        // import touches every row, and a reader should not see a whole
        // archive as freshly changed.
        let updated = published
            .clone()
            .unwrap_or_else(|| item.updated_at.to_zoned(zone.clone()));
        let summary = if item.deck.is_empty() {
            folio_markdown::excerpt(&item.body_markdown, SUMMARY_LENGTH)
        } else {
            item.deck.clone()
        };
        let content_html = item.content_html.clone();
        Entry {
            item,
            url: paths.absolute(&paths.in_namespace(item.language.as_str(), item.slug.as_str())),
            title: if item.title.is_empty() {
                item.deck.clone()
            } else {
                item.title.clone()
            },
            published,
            updated,
            summary,
            content_html,
        }
    }

    fn feed_updated(&self, entries: &[Entry<'_>]) -> jiff::Zoned {
        entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| Timestamp::UNIX_EPOCH.to_zoned(self.config().site.time_zone.clone()))
    }

    fn atom(&self, language: &LanguageConfig, feed: &Feed, entries: &[Entry<'_>]) -> String {
        let paths = self.paths();
        let self_url = paths.absolute(&feed.path(FeedFormat::Atom));
        let mut out = String::with_capacity(4096 + entries.len() * 4096);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(language.code.as_str())
        ));
        out.push_str(&format!(
            "<title>{}</title>\n",
            escape(&self.feed_title(language, feed))
        ));
        out.push_str(&format!(
            "<subtitle>{}</subtitle>\n",
            escape(language.tagline(&self.config().site))
        ));
        out.push_str(&format!("<id>{}</id>\n", escape(&self_url)));
        out.push_str(&format!(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&self_url)
        ));
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&paths.absolute(&feed.page_path))
        ));
        out.push_str(&format!(
            "<updated>{}</updated>\n<generator>Folio</generator>\n",
            rfc3339(&self.feed_updated(entries))
        ));
        for entry in entries {
            out.push_str("<entry>\n");
            out.push_str(&format!("<title>{}</title>\n", escape(&entry.title)));
            out.push_str(&format!("<id>{}</id>\n", escape(&entry.url)));
            out.push_str(&format!(
                "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&entry.url)
            ));
            if let Some(published) = &entry.published {
                out.push_str(&format!("<published>{}</published>\n", rfc3339(published)));
            }
            out.push_str(&format!("<updated>{}</updated>\n", rfc3339(&entry.updated)));
            for author in &entry.item.authors {
                out.push_str(&format!(
                    "<author><name>{}</name><uri>{}</uri></author>\n",
                    escape(&author.name),
                    escape(&self.author_url(language, author))
                ));
            }
            if entry.item.authors.is_empty() {
                out.push_str(&format!(
                    "<author><name>{}</name></author>\n",
                    escape(language.site_name(&self.config().site))
                ));
            }
            for category in &entry.item.categories {
                out.push_str(&format!("<category term=\"{}\"/>\n", escape(category)));
            }
            out.push_str(&format!(
                "<summary type=\"text\">{}</summary>\n",
                escape(&entry.summary)
            ));
            if let Some(html) = &entry.content_html {
                out.push_str(&format!(
                    "<content type=\"html\">{}</content>\n",
                    escape(html)
                ));
            }
            out.push_str("</entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }

    fn rss(&self, language: &LanguageConfig, feed: &Feed, entries: &[Entry<'_>]) -> String {
        let paths = self.paths();
        let mut out = String::with_capacity(4096 + entries.len() * 4096);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n");
        out.push_str(&format!(
            "<title>{}</title>\n",
            escape(&self.feed_title(language, feed))
        ));
        out.push_str(&format!(
            "<link>{}</link>\n",
            escape(&paths.absolute(&feed.page_path))
        ));
        out.push_str(&format!(
            "<description>{}</description>\n",
            escape(language.tagline(&self.config().site))
        ));
        out.push_str(&format!(
            "<language>{}</language>\n",
            escape(language.code.as_str())
        ));
        out.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n<generator>Folio</generator>\n",
            rfc2822(&self.feed_updated(entries))
        ));
        out.push_str(&format!(
            "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{}\"/>\n",
            escape(&paths.absolute(&feed.path(FeedFormat::Rss)))
        ));
        for entry in entries {
            out.push_str("<item>\n");
            out.push_str(&format!("<title>{}</title>\n", escape(&entry.title)));
            out.push_str(&format!("<link>{}</link>\n", escape(&entry.url)));
            out.push_str(&format!(
                "<guid isPermaLink=\"true\">{}</guid>\n",
                escape(&entry.url)
            ));
            if let Some(published) = &entry.published {
                out.push_str(&format!("<pubDate>{}</pubDate>\n", rfc2822(published)));
            }
            for author in &entry.item.authors {
                out.push_str(&format!(
                    "<dc:creator>{}</dc:creator>\n",
                    escape(&author.name)
                ));
            }
            if entry.item.authors.is_empty() {
                out.push_str(&format!(
                    "<dc:creator>{}</dc:creator>\n",
                    escape(language.site_name(&self.config().site))
                ));
            }
            for category in &entry.item.categories {
                out.push_str(&format!("<category>{}</category>\n", escape(category)));
            }
            out.push_str(&format!(
                "<description>{}</description>\n",
                escape(&entry.summary)
            ));
            if let Some(html) = &entry.content_html {
                out.push_str(&format!(
                    "<content:encoded>{}</content:encoded>\n",
                    escape(html)
                ));
            }
            out.push_str("</item>\n");
        }
        out.push_str("</channel>\n</rss>\n");
        out
    }

    fn json_feed(&self, language: &LanguageConfig, feed: &Feed, entries: &[Entry<'_>]) -> String {
        let paths = self.paths();
        let items: Vec<serde_json::Value> = entries
            .iter()
            .map(|entry| {
                let mut item = json!({
                    "id": entry.url,
                    "url": entry.url,
                    "title": entry.title,
                    "summary": entry.summary,
                    "date_modified": rfc3339(&entry.updated),
                    "language": entry.item.language.as_str(),
                    "authors": self.json_authors(language, entry.item),
                    "tags": entry.item.categories,
                });
                if let Some(published) = &entry.published {
                    item["date_published"] = json!(rfc3339(published));
                }
                match &entry.content_html {
                    Some(html) => item["content_html"] = json!(html),
                    // A summary feed carries text, which JSON Feed names so.
                    None => item["content_text"] = json!(entry.summary),
                }
                item
            })
            .collect();
        let document = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed_title(language, feed),
            "description": language.tagline(&self.config().site),
            "home_page_url": paths.absolute(&feed.page_path),
            "feed_url": paths.absolute(&feed.path(FeedFormat::Json)),
            "language": language.code.as_str(),
            "items": items,
        });
        let mut text = serde_json::to_string_pretty(&document).expect("a JSON value serialises");
        text.push('\n');
        text
    }

    /// A JSON Feed item's authors; an unsigned piece is the institute's.
    fn json_authors(&self, language: &LanguageConfig, item: &FeedItem) -> serde_json::Value {
        if item.authors.is_empty() {
            let paths = self.paths();
            return json!([{
                "name": language.site_name(&self.config().site),
                "url": paths.absolute(&paths.home(language.code.as_str())),
            }]);
        }
        item.authors
            .iter()
            .map(|a| json!({ "name": a.name, "url": self.author_url(language, a) }))
            .collect()
    }

    fn author_url(&self, language: &LanguageConfig, author: &ExpertRef) -> String {
        let paths = self.paths();
        paths.absolute(&paths.expert(language.code.as_str(), author.slug.as_str()))
    }
}

fn rfc3339(time: &jiff::Zoned) -> String {
    time.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn rfc2822(time: &jiff::Zoned) -> String {
    jiff::fmt::rfc2822::to_string(time)
        .unwrap_or_else(|_| time.strftime("%a, %d %b %Y %H:%M:%S %z").to_string())
}
