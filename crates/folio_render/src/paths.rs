//! The site's URL scheme, in one place: templates, the router's redirects
//! and the static export all build paths here.
//!
//! Every language's pages live under its prefix (`/ar/…`); the default
//! language has none. Articles, topics and regions share
//! `/policy-analysis/{slug}`.

use std::collections::HashMap;

use folio_config::Config;
pub use folio_core::encode_segment;

#[derive(Debug, Clone)]
pub struct SitePaths {
    prefixes: HashMap<String, String>,
    base_url: String,
}

impl SitePaths {
    pub fn new(config: &Config) -> SitePaths {
        SitePaths {
            prefixes: config
                .languages
                .iter()
                .map(|l| (l.code.as_str().to_owned(), l.path_prefix()))
                .collect(),
            base_url: config
                .site
                .base_url
                .as_str()
                .trim_end_matches('/')
                .to_owned(),
        }
    }

    /// "" for the default language, "/ar" for Arabic.
    pub fn prefix(&self, language: &str) -> &str {
        self.prefixes.get(language).map_or("", String::as_str)
    }

    /// "/" for the default language, "/ar" for Arabic.
    pub fn home(&self, language: &str) -> String {
        match self.prefix(language) {
            "" => "/".to_owned(),
            prefix => prefix.to_owned(),
        }
    }

    pub fn analysis(&self, language: &str) -> String {
        format!("{}/policy-analysis", self.prefix(language))
    }

    /// An article, topic or region.
    pub fn in_namespace(&self, language: &str, slug: &str) -> String {
        format!(
            "{}/policy-analysis/{}",
            self.prefix(language),
            encode_segment(slug)
        )
    }

    pub fn experts(&self, language: &str) -> String {
        format!("{}/experts", self.prefix(language))
    }

    pub fn expert(&self, language: &str, slug: &str) -> String {
        format!("{}/experts/{}", self.prefix(language), encode_segment(slug))
    }

    pub fn topics(&self, language: &str) -> String {
        format!("{}/topics", self.prefix(language))
    }

    pub fn regions(&self, language: &str) -> String {
        format!("{}/regions", self.prefix(language))
    }

    pub fn content_types(&self, language: &str) -> String {
        format!("{}/types", self.prefix(language))
    }

    pub fn content_type(&self, language: &str, slug: &str) -> String {
        format!("{}/types/{}", self.prefix(language), encode_segment(slug))
    }

    pub fn programs(&self, language: &str) -> String {
        format!("{}/programs", self.prefix(language))
    }

    pub fn program(&self, language: &str, slug: &str) -> String {
        format!(
            "{}/programs/{}",
            self.prefix(language),
            encode_segment(slug)
        )
    }

    /// Page `page` of a listing: `/experts/page/3`, so every page of an
    /// unfiltered listing is a path a static host can serve; a path that
    /// carries a query already (filters, a search) gets `&page=N`.
    pub fn paged(path: &str, page: u32) -> String {
        if page <= 1 || path.contains('?') {
            SitePaths::paged_query(path, page)
        } else {
            format!("{}/page/{page}", path.trim_end_matches('/'))
        }
    }

    /// Page `page` of a search: always `?page=N` (`&page=N`). Results
    /// pages are endless variations, not files a static host serves.
    pub fn paged_query(path: &str, page: u32) -> String {
        if page <= 1 {
            path.to_owned()
        } else if path.contains('?') {
            format!("{path}&page={page}")
        } else {
            format!("{path}?page={page}")
        }
    }

    pub fn search(&self, language: &str) -> String {
        format!("{}/search", self.prefix(language))
    }

    /// The language's search index for the static site's search page.
    pub fn search_index(&self, language: &str) -> String {
        format!("{}/search-index.json", self.prefix(language))
    }

    /// The absolute URL of a site path, from the configured base URL.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_carry_the_language_prefix() {
        let paths = SitePaths::new(&Config::defaults());
        assert_eq!(paths.home("en"), "/");
        assert_eq!(paths.home("ar"), "/ar");
        assert_eq!(
            paths.in_namespace("en", "terrorism"),
            "/policy-analysis/terrorism"
        );
        assert_eq!(
            paths.in_namespace("ar", "swrya"),
            "/ar/policy-analysis/swrya"
        );
        assert_eq!(paths.expert("ar", "anna-b"), "/ar/experts/anna-b");
        assert_eq!(SitePaths::paged("/experts", 1), "/experts");
        assert_eq!(SitePaths::paged("/experts", 3), "/experts/page/3");
        assert_eq!(SitePaths::paged("/ar/experts", 2), "/ar/experts/page/2");
        assert_eq!(SitePaths::paged_query("/search", 2), "/search?page=2");
        assert_eq!(SitePaths::paged_query("/search", 1), "/search");
        assert_eq!(
            SitePaths::paged("/search?q=iran", 2),
            "/search?q=iran&page=2"
        );
        assert_eq!(paths.absolute("/experts"), "http://127.0.0.1:8080/experts");
    }

    #[test]
    fn native_script_slugs_are_percent_encoded() {
        assert_eq!(encode_segment("سوريا"), "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7");
        assert_eq!(encode_segment("a b/c"), "a%20b%2Fc");
    }
}
