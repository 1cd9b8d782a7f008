//! `sitemap.xml` and `robots.txt`.
//!
//! A sitemap holds at most 50,000 URLs (the protocol's limit); past that,
//! `sitemap.xml` becomes an index of numbered child sitemaps. Translations
//! are listed as `xhtml:link` hreflang alternates of each other.

use std::ops::Range;

use folio_core::Date;

use crate::Renderer;
use crate::xml::escape;

/// The protocol's limit of URLs in one sitemap file.
pub const SITEMAP_LIMIT: usize = 50_000;

/// One page in a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// The site path.
    pub path: String,
    pub last_modified: Option<Date>,
    /// The same page in other languages, as (language code, path),
    /// including this page itself when there are any others.
    pub alternates: Vec<(String, String)>,
}

impl Renderer {
    /// A `<urlset>` of up to [`SITEMAP_LIMIT`] URLs.
    pub fn sitemap(&self, urls: &[SitemapUrl]) -> String {
        let paths = self.paths();
        let mut out = String::with_capacity(128 + urls.len() * 160);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        for url in urls {
            out.push_str("<url><loc>");
            out.push_str(&escape(&paths.absolute(&url.path)));
            out.push_str("</loc>");
            if let Some(date) = url.last_modified {
                out.push_str(&format!("<lastmod>{date}</lastmod>"));
            }
            for (language, path) in &url.alternates {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(language),
                    escape(&paths.absolute(path))
                ));
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out
    }

    /// A `<sitemapindex>` naming child sitemaps by path, each with the
    /// newest date among its URLs.
    pub fn sitemap_index(&self, children: &[(String, Option<Date>)]) -> String {
        let paths = self.paths();
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (path, last_modified) in children {
            out.push_str("<sitemap><loc>");
            out.push_str(&escape(&paths.absolute(path)));
            out.push_str("</loc>");
            if let Some(date) = last_modified {
                out.push_str(&format!("<lastmod>{date}</lastmod>"));
            }
            out.push_str("</sitemap>\n");
        }
        out.push_str("</sitemapindex>\n");
        out
    }

    /// The sitemap files for a site's URLs: `/sitemap.xml` alone when the
    /// URLs fit in one file of `limit`, else `/sitemap.xml` as an index and
    /// the URLs in `/sitemaps/1.xml`, `/sitemaps/2.xml`…; without writing
    /// the files.
    pub fn sitemap_paths(urls: usize, limit: usize) -> Vec<String> {
        let limit = limit.max(1);
        let mut paths = vec!["/sitemap.xml".to_owned()];
        if urls > limit {
            paths.extend((1..=urls.div_ceil(limit)).map(|n| format!("/sitemaps/{n}.xml")));
        }
        paths
    }

    /// The XML of one of the [`Renderer::sitemap_paths`] of a site of
    /// `count` URLs; `None` for a path that is not one of them. `urls_in`
    /// gives the site's URLs in a range of their order: only the file asked
    /// for is written, and only a part's URLs are held at once (the index
    /// reads its parts one after another for their dates). Holding every
    /// URL of a 100,000-article site, with its hreflang alternates, for
    /// each file added tens of megabytes to an export's peak.
    pub fn sitemap_file(
        &self,
        count: usize,
        limit: usize,
        path: &str,
        urls_in: impl Fn(Range<usize>) -> Vec<SitemapUrl>,
    ) -> Option<String> {
        let limit = limit.max(1);
        let paths = Self::sitemap_paths(count, limit);
        match paths.iter().position(|p| p == path)? {
            0 if paths.len() == 1 => Some(self.sitemap(&urls_in(0..count))),
            0 => {
                let children: Vec<(String, Option<Date>)> = paths[1..]
                    .iter()
                    .enumerate()
                    .map(|(part, child)| {
                        let newest = urls_in(part_range(part, limit, count))
                            .iter()
                            .filter_map(|u| u.last_modified)
                            .max();
                        (child.clone(), newest)
                    })
                    .collect();
                Some(self.sitemap_index(&children))
            }
            part => Some(self.sitemap(&urls_in(part_range(part - 1, limit, count)))),
        }
    }

    /// `robots.txt` from `[robots]`, naming the sitemap.
    pub fn robots_txt(&self) -> String {
        let robots = &self.config().robots;
        let mut out = String::from("User-agent: *\n");
        if robots.disallow_all {
            out.push_str("Disallow: /\n");
        } else {
            for path in &robots.disallow {
                out.push_str(&format!("Disallow: {path}\n"));
            }
            if robots.disallow.is_empty() {
                out.push_str("Disallow:\n");
            }
        }
        out.push_str(&format!(
            "\nSitemap: {}\n",
            self.paths().absolute("/sitemap.xml")
        ));
        out
    }
}

/// The URLs of the `part`-th sitemap file (from 0) of `count`.
fn part_range(part: usize, limit: usize, count: usize) -> Range<usize> {
    let start = part * limit;
    start..(start + limit).min(count)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use folio_config::Config;

    use super::*;

    fn url(path: &str, day: Option<&str>) -> SitemapUrl {
        SitemapUrl {
            path: path.to_owned(),
            last_modified: day.map(|d| d.parse().unwrap()),
            alternates: Vec::new(),
        }
    }

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_parts() {
        let renderer = Renderer::new(Arc::new(Config::defaults())).unwrap();
        let urls = [
            url("/a", Some("2024-01-02")),
            url("/b", Some("2024-03-04")),
            url("/c", None),
        ];
        let files = |count: usize, limit: usize| -> Vec<(String, String)> {
            Renderer::sitemap_paths(count, limit)
                .into_iter()
                .map(|path| {
                    // No file holds more than a part's URLs at once.
                    let xml = renderer.sitemap_file(count, limit, &path, |r| {
                        assert!(r.len() <= limit, "{r:?} past {limit}");
                        urls[r].to_vec()
                    });
                    (path, xml.expect("every listed path has a file"))
                })
                .collect()
        };
        let single = files(3, 3);
        assert_eq!(single.len(), 1);
        assert!(single[0].1.contains("<urlset"));
        assert_eq!(single[0].1.matches("<url>").count(), 3);

        let split = files(3, 2);
        let paths: Vec<&str> = split.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["/sitemap.xml", "/sitemaps/1.xml", "/sitemaps/2.xml"]
        );
        // Every listed path has a file (`files` checks): an index and its
        // parts past the limit, one file up to it.
        for (count, limit, listed) in [(3, 2, 3), (3, 3, 1), (0, 2, 1), (2, 1, 3)] {
            assert_eq!(files(count, limit).len(), listed, "{count} {limit}");
        }
        // A path the index does not give has no file.
        for path in [
            "/sitemaps/3.xml",
            "/sitemaps/0.xml",
            "/sitemaps/01.xml",
            "/sitemaps/+1.xml",
            "/sitemaps/1",
            "/other.xml",
        ] {
            assert_eq!(
                renderer.sitemap_file(3, 2, path, |r| urls[r].to_vec()),
                None,
                "{path}"
            );
        }
        assert_eq!(
            renderer.sitemap_file(3, 3, "/sitemaps/1.xml", |r| urls[r].to_vec()),
            None
        );
        assert_eq!(Renderer::sitemap_paths(100_001, 50_000).len(), 4);
        let index = &split[0].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains(
                "<loc>http://127.0.0.1:8080/sitemaps/1.xml</loc><lastmod>2024-03-04</lastmod>"
            ),
            "{index}"
        );
        assert!(
            index.contains("<loc>http://127.0.0.1:8080/sitemaps/2.xml</loc></sitemap>"),
            "{index}"
        );
        assert_eq!(split[1].1.matches("<url>").count(), 2);
        assert!(split[2].1.contains("<loc>http://127.0.0.1:8080/c</loc>"));
    }
}
