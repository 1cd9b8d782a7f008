//! The site file, `folio.toml`: what an institute sets once.
//!
//! Every key has a default, so a data directory without the file runs the
//! demo. A wrong value is reported with its key and what was expected;
//! unknown keys are errors too, because a misspelt key silently ignored is
//! a setting that never takes effect.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use folio_core::{DatePattern, Digits, LanguageCode, TextDirection};
use jiff::tz::TimeZone;
use serde::Deserialize;

/// The name of the site file inside the data directory.
pub const CONFIG_FILE_NAME: &str = "folio.toml";

/// Everything the site file sets, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: SiteConfig,
    /// Every language the site publishes in, the default language first.
    pub languages: Vec<LanguageConfig>,
    pub feeds: FeedsConfig,
    pub syndication: SyndicationConfig,
    pub robots: RobotsConfig,
    pub api: ApiConfig,
    pub webhooks: WebhooksConfig,
    /// `[proxies]`: which peers' `X-Forwarded-For` to believe.
    pub proxies: ProxiesConfig,
    pub cache: CacheConfig,
    pub limits: LimitsConfig,
    /// Where the configuration came from, for messages; `None` for defaults.
    pub source: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub name: String,
    pub tagline: String,
    /// Absolute, always ending in `/`: feeds, sitemaps and metadata build
    /// absolute links from it.
    pub base_url: url::Url,
    /// Whether the site file set `base_url`; when it did not, `serve` uses
    /// the address it listens on.
    pub base_url_configured: bool,
    pub default_language: LanguageCode,
    pub time_zone: TimeZone,
    pub time_zone_name: String,
    /// A directory whose templates, static files and translations override
    /// the embedded default theme's; relative paths are taken from the data
    /// directory.
    pub theme_dir: Option<PathBuf>,
    /// Items on one page of a listing.
    pub per_page: u32,
    /// The institute's logo: a file in the theme's `static/` folder
    /// (`logo.svg` is `theme/static/logo.svg`), shown beside the name.
    pub logo: Option<String>,
}

/// `[feeds]`: what Atom, RSS and JSON feeds carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedsConfig {
    /// The whole article (`"full"`) or its deck or opening (`"summary"`).
    pub full_content: bool,
    /// Entries in one feed, newest first.
    pub items: u32,
}

/// `[syndication]`: which URL is canonical for a piece also carried by an
/// outside outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CanonicalPolicy {
    /// The institute's own URL, always.
    Institute,
    /// The outlet's URL when the full text is there (republished, or only
    /// excerpted here).
    Outlet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyndicationConfig {
    pub canonical: CanonicalPolicy,
}

/// `[proxies]`: the load balancers and reverse proxies in front of Folio.
/// A request from one of them names the client in `X-Forwarded-For`;
/// from anyone else that header is ignored, so nobody can choose the
/// address the login limits count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxiesConfig {
    pub trusted: Vec<TrustedNetwork>,
}

/// An address or a network (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedNetwork {
    pub address: std::net::IpAddr,
    pub prefix: u8,
}

impl TrustedNetwork {
    pub fn parse(text: &str) -> Option<TrustedNetwork> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let address: std::net::IpAddr = address.parse().ok()?;
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().ok().filter(|p| *p <= bits)?,
            None => bits,
        };
        Some(TrustedNetwork { address, prefix })
    }

    pub fn contains(&self, address: std::net::IpAddr) -> bool {
        use std::net::IpAddr;
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        let (network, candidate, bits) = match (self.address, address) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                (u128::from(n.to_bits()), u128::from(a.to_bits()), 32)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => (n.to_bits(), a.to_bits(), 128),
            _ => return false,
        };
        let host_bits = bits - u32::from(self.prefix);
        if host_bits >= bits {
            return true;
        }
        (network >> host_bits) == (candidate >> host_bits)
    }
}

impl ProxiesConfig {
    /// Whether `address` is a trusted proxy.
    pub fn trusts(&self, address: std::net::IpAddr) -> bool {
        self.trusted.iter().any(|network| network.contains(address))
    }
}

/// `[robots]`: what `robots.txt` asks crawlers to leave alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobotsConfig {
    /// Path prefixes no crawler should fetch.
    pub disallow: Vec<String>,
    /// Ask every crawler to stay away (a staging site).
    pub disallow_all: bool,
}

/// `[api]`: the JSON API under `/api/v1/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiConfig {
    /// Origins whose pages may read the API from a browser (CORS); `"*"`
    /// allows any. Empty: none.
    pub cors_origins: Vec<String>,
    /// Requests one API token may make in a minute (its burst, refilled
    /// evenly); past it the API answers 429 with `Retry-After`.
    pub token_requests_per_minute: u32,
}

/// `[webhooks]`: how deliveries that fail are retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhooksConfig {
    /// The wait before the first retry; each further retry waits twice as
    /// long as the one before, up to six hours.
    pub first_retry_seconds: u32,
    /// Attempts before a delivery is given up.
    pub max_attempts: u32,
}

/// `[cache]`: rendered responses kept in memory, and what browsers and CDNs
/// are told about caching public pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheConfig {
    /// Keep rendered public responses in memory (invalidated exactly when
    /// what they show changes). Off: every request renders.
    pub enabled: bool,
    /// The memory the cache may use, compressed copies included.
    pub memory_bytes: u64,
    /// `Cache-Control: max-age` of public pages, in seconds: how long a
    /// browser or CDN may reuse one without asking again.
    pub max_age_seconds: u32,
    /// `stale-while-revalidate`: how long past that a CDN may serve its copy
    /// while it asks for a fresh one.
    pub stale_while_revalidate_seconds: u32,
}

/// `[limits]`: what one Folio process takes on at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitsConfig {
    /// A request still unanswered after this many seconds gets 503.
    pub request_timeout_seconds: u32,
    /// Requests being rendered or waiting their turn (cached responses are
    /// not counted); past it a request gets 503 at once.
    pub max_concurrent_renders: u32,
    /// Renders that run at once; the others wait their turn. `0` means
    /// twice the CPU cores: renders use the CPU, so more at once only adds
    /// memory (64 searches at once held 1.5 GB at 100,000 articles, 4 held
    /// 90 MB and answered more per second).
    pub parallel_renders: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageConfig {
    pub code: LanguageCode,
    /// The language's name in its own script ("العربية").
    pub name: String,
    pub direction: TextDirection,
    /// URL prefix without slashes; empty for the default language.
    pub prefix: String,
    /// The digits numbers and dates are printed with.
    pub digits: Digits,
    /// How dates are printed; `None` uses the theme's `date-format`.
    pub date_format: Option<DatePattern>,
    /// The institute's name and tagline in this language; `None` uses
    /// `[site]`'s.
    pub site_name: Option<String>,
    pub tagline: Option<String>,
}

impl Config {
    /// Loads `explicit` when given (it must exist), else `folio.toml` in the
    /// data directory when present, else the defaults.
    pub fn load(data_dir: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => data_dir.join(CONFIG_FILE_NAME),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
                return Config::from_toml("", data_dir, None);
            }
            Err(e) => {
                return Err(ConfigError::new(
                    Some(&path),
                    None,
                    format!("cannot read the file: {e}"),
                ));
            }
        };
        Config::from_toml(&text, data_dir, Some(&path))
    }

    /// The defaults: what `serve --demo` runs with.
    pub fn defaults() -> Config {
        Config::from_toml("", Path::new("."), None).expect("the defaults are valid")
    }

    pub fn from_toml(
        text: &str,
        data_dir: &Path,
        source: Option<&Path>,
    ) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| ConfigError::new(source, None, e.to_string().trim_end().to_owned()))?;
        raw.validate(data_dir, source)
    }

    pub fn default_language(&self) -> &LanguageConfig {
        &self.languages[0]
    }

    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code.as_str() == code)
    }

    /// The language whose URL prefix is `prefix` (not the default language).
    pub fn language_by_prefix(&self, prefix: &str) -> Option<&LanguageConfig> {
        self.languages
            .iter()
            .find(|l| !l.prefix.is_empty() && l.prefix == prefix)
    }
}

impl LanguageConfig {
    /// The institute's name on this language's pages.
    pub fn site_name<'a>(&'a self, site: &'a SiteConfig) -> &'a str {
        self.site_name.as_deref().unwrap_or(&site.name)
    }

    /// The tagline on this language's pages.
    pub fn tagline<'a>(&'a self, site: &'a SiteConfig) -> &'a str {
        self.tagline.as_deref().unwrap_or(&site.tagline)
    }

    /// The path prefix for this language's pages: "" or "/ar".
    pub fn path_prefix(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("/{}", self.prefix)
        }
    }
}

/// A configuration problem: which file, which key, what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    pub key: Option<String>,
    pub message: String,
}

impl ConfigError {
    fn new(file: Option<&Path>, key: Option<&str>, message: String) -> ConfigError {
        ConfigError {
            file: file.map(Path::to_path_buf),
            key: key.map(str::to_owned),
            message,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}", file.display())?,
            None => write!(f, "configuration")?,
        }
        if let Some(key) = &self.key {
            write!(f, ": key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    site: RawSite,
    #[serde(default)]
    languages: Option<BTreeMap<String, RawLanguage>>,
    #[serde(default)]
    feeds: RawFeeds,
    #[serde(default)]
    syndication: RawSyndication,
    #[serde(default)]
    robots: RawRobots,
    #[serde(default)]
    api: RawApi,
    #[serde(default)]
    webhooks: RawWebhooks,
    #[serde(default)]
    proxies: RawProxies,
    #[serde(default)]
    cache: RawCache,
    #[serde(default)]
    limits: RawLimits,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCache {
    enabled: Option<bool>,
    memory_mb: Option<i64>,
    max_age: Option<i64>,
    stale_while_revalidate: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    request_timeout: Option<i64>,
    max_concurrent_renders: Option<i64>,
    parallel_renders: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawApi {
    cors_origins: Option<Vec<String>>,
    token_requests_per_minute: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWebhooks {
    first_retry_seconds: Option<i64>,
    max_attempts: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProxies {
    trusted: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFeeds {
    content: Option<String>,
    items: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSyndication {
    canonical: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRobots {
    disallow: Option<Vec<String>>,
    disallow_all: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: Option<String>,
    tagline: Option<String>,
    base_url: Option<String>,
    default_language: Option<String>,
    time_zone: Option<String>,
    theme_dir: Option<PathBuf>,
    per_page: Option<i64>,
    logo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    direction: Option<String>,
    prefix: Option<String>,
    digits: Option<String>,
    date_format: Option<String>,
    site_name: Option<String>,
    tagline: Option<String>,
}

const DEFAULT_NAME: &str = "Folio Institute for Policy Analysis";
const DEFAULT_TAGLINE: &str = "Independent analysis of the Middle East and the world";
const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080/";
const DEFAULT_TIME_ZONE: &str = "America/New_York";
const DEFAULT_PER_PAGE: u32 = 20;
const DEFAULT_FEED_ITEMS: u32 = 20;
const DEFAULT_TOKEN_REQUESTS_PER_MINUTE: u32 = 600;
const DEFAULT_FIRST_RETRY_SECONDS: u32 = 30;
const DEFAULT_WEBHOOK_ATTEMPTS: u32 = 12;
const DEFAULT_CACHE_MB: u64 = 256;
const DEFAULT_MAX_AGE_SECONDS: u32 = 60;
const DEFAULT_STALE_WHILE_REVALIDATE_SECONDS: u32 = 86_400;
const DEFAULT_REQUEST_TIMEOUT_SECONDS: u32 = 30;
const DEFAULT_MAX_CONCURRENT_RENDERS: u32 = 512;
/// Pages with no value to a search engine: the admin, the API, and search
/// results (endless query combinations).
/// Result pages (`/search?q=…`) are endless variations; the search page
/// itself is a page readers may find.
const DEFAULT_DISALLOW: [&str; 3] = ["/admin/", "/api/", "/search?"];

fn default_languages() -> Vec<(String, RawLanguage)> {
    [
        ("en", "English", "ltr"),
        ("ar", "العربية", "rtl"),
        ("fa", "فارسی", "rtl"),
    ]
    .into_iter()
    .map(|(code, name, direction)| {
        (
            code.to_owned(),
            RawLanguage {
                name: name.to_owned(),
                direction: Some(direction.to_owned()),
                prefix: None,
                digits: None,
                date_format: None,
                site_name: None,
                tagline: None,
            },
        )
    })
    .collect()
}

impl RawConfig {
    fn validate(self, data_dir: &Path, source: Option<&Path>) -> Result<Config, ConfigError> {
        let err = |key: &str, message: String| ConfigError::new(source, Some(key), message);
        let site = self.site;

        let name = site.name.unwrap_or_else(|| DEFAULT_NAME.to_owned());
        if name.trim().is_empty() {
            return Err(err(
                "site.name",
                "expected the institute's name, found an empty string".into(),
            ));
        }

        let base_url_configured = site.base_url.is_some();
        let base_url_text = site.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let mut base_url = url::Url::parse(&base_url_text)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| {
                err(
                    "site.base_url",
                    format!(
                        "expected an absolute http or https URL such as \"https://www.example.org/\", found {base_url_text:?}"
                    ),
                )
            })?;
        if !base_url.path().ends_with('/') {
            let path = format!("{}/", base_url.path());
            base_url.set_path(&path);
        }

        let time_zone_name = site
            .time_zone
            .unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned());
        let time_zone = TimeZone::get(&time_zone_name).map_err(|_| {
            err(
                "site.time_zone",
                format!(
                    "expected an IANA time zone name such as \"America/New_York\" or \"UTC\", found {time_zone_name:?}"
                ),
            )
        })?;

        let per_page = match site.per_page {
            None => DEFAULT_PER_PAGE,
            Some(n @ 1..=200) => n as u32,
            Some(n) => {
                return Err(err(
                    "site.per_page",
                    format!("expected a number from 1 to 200, found {n}"),
                ));
            }
        };

        let raw_languages: Vec<(String, RawLanguage)> = match self.languages {
            Some(map) if !map.is_empty() => map.into_iter().collect(),
            Some(_) => {
                return Err(err(
                    "languages",
                    "expected at least one language table such as [languages.en]".into(),
                ));
            }
            None => default_languages(),
        };
        let default_code = site.default_language.unwrap_or_else(|| "en".to_owned());
        let default_language = LanguageCode::parse(&default_code)
            .map_err(|e| err("site.default_language", e.to_string()))?;

        let mut languages = Vec::new();
        for (code, raw) in raw_languages {
            let key = |field: &str| format!("languages.{code}.{field}");
            let language_code = LanguageCode::parse(&code)
                .map_err(|e| err(&format!("languages.{code}"), e.to_string()))?;
            if raw.name.trim().is_empty() {
                return Err(err(
                    &key("name"),
                    "expected the language's name in its own script, found an empty string".into(),
                ));
            }
            let direction = match raw.direction.as_deref() {
                None | Some("ltr") => TextDirection::Ltr,
                Some("rtl") => TextDirection::Rtl,
                Some(other) => {
                    return Err(err(
                        &key("direction"),
                        format!("expected \"ltr\" or \"rtl\", found {other:?}"),
                    ));
                }
            };
            let is_default = language_code == default_language;
            let prefix = if is_default {
                String::new()
            } else {
                let prefix = raw.prefix.unwrap_or_else(|| code.clone());
                let valid = !prefix.is_empty()
                    && prefix.len() <= 16
                    && prefix
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                if !valid {
                    return Err(err(
                        &key("prefix"),
                        format!(
                            "expected a URL prefix of lower-case letters, digits and hyphens such as \"ar\", found {prefix:?}"
                        ),
                    ));
                }
                prefix
            };
            let digits = match raw.digits.as_deref() {
                None => Digits::default_for(&language_code),
                Some(text) => Digits::parse(text).ok_or_else(|| {
                    err(
                        &key("digits"),
                        format!(
                            "expected one of {}, found {text:?}",
                            Digits::ALL
                                .map(|d| format!("\"{}\"", d.as_str()))
                                .join(", ")
                        ),
                    )
                })?,
            };
            let date_format = raw
                .date_format
                .as_deref()
                .map(DatePattern::parse)
                .transpose()
                .map_err(|e| {
                    err(
                        &key("date_format"),
                        format!(
                            "expected a date pattern such as \"{{day}} {{month}} {{year}}\": {e}"
                        ),
                    )
                })?;
            let non_empty = |field: &str, value: Option<String>| match value {
                Some(text) if text.trim().is_empty() => Err(err(
                    &key(field),
                    "expected text, found an empty string; leave the key out to use [site]'s"
                        .into(),
                )),
                other => Ok(other),
            };
            let site_name = non_empty("site_name", raw.site_name)?;
            let tagline = non_empty("tagline", raw.tagline)?;
            languages.push(LanguageConfig {
                code: language_code,
                name: raw.name,
                direction,
                prefix,
                digits,
                date_format,
                site_name,
                tagline,
            });
        }
        let Some(default_index) = languages.iter().position(|l| l.code == default_language) else {
            return Err(err(
                "site.default_language",
                format!(
                    "expected one of the configured languages ({}), found {default_code:?}",
                    languages
                        .iter()
                        .map(|l| l.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        let default = languages.remove(default_index);
        languages.insert(0, default);
        for (i, language) in languages.iter().enumerate() {
            if languages[..i]
                .iter()
                .any(|other| !language.prefix.is_empty() && other.prefix == language.prefix)
            {
                return Err(err(
                    &format!("languages.{}.prefix", language.code),
                    format!(
                        "expected a prefix no other language uses, found {:?} twice",
                        language.prefix
                    ),
                ));
            }
        }

        // A file name inside the theme's `static/` folder: the logo is served
        // from this site like the stylesheet, never fetched from elsewhere.
        let logo = match site.logo {
            None => None,
            Some(name)
                if !name.is_empty()
                    && !name.contains("..")
                    && !name.contains(':')
                    && !name.starts_with('/')
                    && !name.contains('\\') =>
            {
                Some(name)
            }
            Some(name) => {
                return Err(err(
                    "site.logo",
                    format!(
                        "expected a file name in the theme's static folder such as \"logo.svg\", found {name:?}"
                    ),
                ));
            }
        };

        let theme_dir = site.theme_dir.map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                data_dir.join(dir)
            }
        });

        let feeds = FeedsConfig {
            full_content: match self.feeds.content.as_deref() {
                None | Some("full") => true,
                Some("summary") => false,
                Some(other) => {
                    return Err(err(
                        "feeds.content",
                        format!("expected \"full\" or \"summary\", found {other:?}"),
                    ));
                }
            },
            items: match self.feeds.items {
                None => DEFAULT_FEED_ITEMS,
                Some(n @ 1..=500) => n as u32,
                Some(n) => {
                    return Err(err(
                        "feeds.items",
                        format!("expected a number from 1 to 500, found {n}"),
                    ));
                }
            },
        };
        let syndication = SyndicationConfig {
            canonical: match self.syndication.canonical.as_deref() {
                None | Some("institute") => CanonicalPolicy::Institute,
                Some("outlet") => CanonicalPolicy::Outlet,
                Some(other) => {
                    return Err(err(
                        "syndication.canonical",
                        format!("expected \"institute\" or \"outlet\", found {other:?}"),
                    ));
                }
            },
        };
        let disallow = match self.robots.disallow {
            None => DEFAULT_DISALLOW.iter().map(|p| (*p).to_owned()).collect(),
            Some(paths) => {
                if let Some(bad) = paths
                    .iter()
                    .find(|p| !p.starts_with('/') || p.contains(char::is_whitespace))
                {
                    return Err(err(
                        "robots.disallow",
                        format!(
                            "expected paths starting with \"/\" such as \"/drafts/\", found {bad:?}"
                        ),
                    ));
                }
                paths
            }
        };
        let robots = RobotsConfig {
            disallow,
            disallow_all: self.robots.disallow_all.unwrap_or(false),
        };

        let cors_origins = self.api.cors_origins.unwrap_or_default();
        if let Some(bad) = cors_origins.iter().find(|o| {
            o.as_str() != "*"
                && url::Url::parse(o).ok().is_none_or(|u| {
                    !matches!(u.scheme(), "http" | "https")
                        || u.host().is_none()
                        || u.origin().ascii_serialization() != o.as_str()
                })
        }) {
            return Err(err(
                "api.cors_origins",
                format!(
                    "expected origins such as \"https://partner.example.org\" (scheme, host and port, no path) or \"*\", found {bad:?}"
                ),
            ));
        }
        let api = ApiConfig {
            cors_origins,
            token_requests_per_minute: match self.api.token_requests_per_minute {
                None => DEFAULT_TOKEN_REQUESTS_PER_MINUTE,
                Some(n @ 1..=1_000_000) => n as u32,
                Some(n) => {
                    return Err(err(
                        "api.token_requests_per_minute",
                        format!("expected a number from 1 to 1000000, found {n}"),
                    ));
                }
            },
        };
        let webhooks = WebhooksConfig {
            first_retry_seconds: match self.webhooks.first_retry_seconds {
                None => DEFAULT_FIRST_RETRY_SECONDS,
                Some(n @ 1..=86_400) => n as u32,
                Some(n) => {
                    return Err(err(
                        "webhooks.first_retry_seconds",
                        format!("expected a number of seconds from 1 to 86400, found {n}"),
                    ));
                }
            },
            max_attempts: match self.webhooks.max_attempts {
                None => DEFAULT_WEBHOOK_ATTEMPTS,
                Some(n @ 1..=50) => n as u32,
                Some(n) => {
                    return Err(err(
                        "webhooks.max_attempts",
                        format!("expected a number from 1 to 50, found {n}"),
                    ));
                }
            },
        };
        let mut trusted = Vec::new();
        for text in self.proxies.trusted.unwrap_or_default() {
            trusted.push(TrustedNetwork::parse(&text).ok_or_else(|| {
                err(
                    "proxies.trusted",
                    format!(
                        "expected addresses or networks such as \"10.0.0.0/8\", found {text:?}"
                    ),
                )
            })?);
        }
        let proxies = ProxiesConfig { trusted };

        let number = |value: Option<i64>,
                      default: u32,
                      key: &str,
                      range: std::ops::RangeInclusive<i64>,
                      unit: &str| match value {
            None => Ok(default),
            Some(n) if range.contains(&n) => Ok(n as u32),
            Some(n) => Err(err(
                key,
                format!(
                    "expected {unit} from {} to {}, found {n}",
                    range.start(),
                    range.end()
                ),
            )),
        };
        let cache = CacheConfig {
            enabled: self.cache.enabled.unwrap_or(true),
            memory_bytes: u64::from(number(
                self.cache.memory_mb,
                DEFAULT_CACHE_MB as u32,
                "cache.memory_mb",
                1..=1_048_576,
                "a number of megabytes",
            )?) * 1024
                * 1024,
            max_age_seconds: number(
                self.cache.max_age,
                DEFAULT_MAX_AGE_SECONDS,
                "cache.max_age",
                0..=31_536_000,
                "a number of seconds",
            )?,
            stale_while_revalidate_seconds: number(
                self.cache.stale_while_revalidate,
                DEFAULT_STALE_WHILE_REVALIDATE_SECONDS,
                "cache.stale_while_revalidate",
                0..=31_536_000,
                "a number of seconds",
            )?,
        };
        let limits = LimitsConfig {
            request_timeout_seconds: number(
                self.limits.request_timeout,
                DEFAULT_REQUEST_TIMEOUT_SECONDS,
                "limits.request_timeout",
                1..=3_600,
                "a number of seconds",
            )?,
            max_concurrent_renders: number(
                self.limits.max_concurrent_renders,
                DEFAULT_MAX_CONCURRENT_RENDERS,
                "limits.max_concurrent_renders",
                1..=1_000_000,
                "a number",
            )?,
            parallel_renders: number(
                self.limits.parallel_renders,
                0,
                "limits.parallel_renders",
                0..=100_000,
                "a number",
            )?,
        };

        Ok(Config {
            feeds,
            syndication,
            robots,
            api,
            webhooks,
            proxies,
            cache,
            limits,
            site: SiteConfig {
                name,
                tagline: site.tagline.unwrap_or_else(|| DEFAULT_TAGLINE.to_owned()),
                base_url,
                base_url_configured,
                default_language,
                time_zone,
                time_zone_name,
                theme_dir,
                per_page,
                logo,
            },
            languages,
            source: source.map(Path::to_path_buf),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml(text, Path::new("/srv/folio"), Some(Path::new("folio.toml")))
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config.site.base_url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(config.site.default_language.as_str(), "en");
        assert_eq!(config.site.time_zone_name, "America/New_York");
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "ar", "fa"]);
        assert_eq!(config.language("ar").unwrap().direction, TextDirection::Rtl);
        assert_eq!(config.language("ar").unwrap().prefix, "ar");
        assert_eq!(config.default_language().prefix, "");
        assert!(config.feeds.full_content);
        assert_eq!(config.feeds.items, 20);
        assert_eq!(config.syndication.canonical, CanonicalPolicy::Institute);
        assert!(config.robots.disallow.contains(&"/admin/".to_owned()));
        assert!(!config.robots.disallow_all);
    }

    #[test]
    fn feeds_syndication_and_robots_are_read() {
        let config = parse(
            "[feeds]\ncontent = \"summary\"\nitems = 50\n[syndication]\ncanonical = \"outlet\"\n[robots]\ndisallow = [\"/drafts/\"]\ndisallow_all = true",
        )
        .unwrap();
        assert!(!config.feeds.full_content);
        assert_eq!(config.feeds.items, 50);
        assert_eq!(config.syndication.canonical, CanonicalPolicy::Outlet);
        assert_eq!(config.robots.disallow, ["/drafts/"]);
        assert!(config.robots.disallow_all);
    }

    #[test]
    fn api_and_webhook_settings_are_read() {
        let defaults = parse("").unwrap();
        assert!(defaults.api.cors_origins.is_empty());
        assert_eq!(defaults.webhooks.max_attempts, 12);
        let config = parse(
            "[api]\ncors_origins = [\"https://partner.example.org\", \"http://localhost:3000\"]\ntoken_requests_per_minute = 60\n[webhooks]\nfirst_retry_seconds = 2\nmax_attempts = 3",
        )
        .unwrap();
        assert_eq!(
            config.api.cors_origins,
            ["https://partner.example.org", "http://localhost:3000"]
        );
        assert_eq!(config.api.token_requests_per_minute, 60);
        assert_eq!(config.webhooks.first_retry_seconds, 2);
        assert_eq!(config.webhooks.max_attempts, 3);
    }

    #[test]
    fn cache_and_limit_settings_are_read_and_checked() {
        let defaults = parse("").unwrap();
        assert!(defaults.cache.enabled);
        assert_eq!(defaults.cache.memory_bytes, 256 * 1024 * 1024);
        assert_eq!(defaults.limits.request_timeout_seconds, 30);
        let config = parse(
            "[cache]\nenabled = false\nmemory_mb = 64\nmax_age = 0\nstale_while_revalidate = 30\n[limits]\nrequest_timeout = 5\nmax_concurrent_renders = 8\nparallel_renders = 3",
        )
        .unwrap();
        assert!(!config.cache.enabled);
        assert_eq!(config.cache.memory_bytes, 64 * 1024 * 1024);
        assert_eq!(config.cache.max_age_seconds, 0);
        assert_eq!(config.cache.stale_while_revalidate_seconds, 30);
        assert_eq!(config.limits.request_timeout_seconds, 5);
        assert_eq!(config.limits.max_concurrent_renders, 8);
        assert_eq!(config.limits.parallel_renders, 3);
        let error = parse("[cache]\nmemory_mb = 0").unwrap_err();
        assert_eq!(error.key.as_deref(), Some("cache.memory_mb"));
        assert!(error.message.contains("found 0"), "{}", error.message);
        let error = parse("[limits]\nmax_concurrent_renders = -1").unwrap_err();
        assert_eq!(error.key.as_deref(), Some("limits.max_concurrent_renders"));
    }

    #[test]
    fn values_are_read_and_normalised() {
        let config = parse(
            r#"
            [site]
            name = "The Institute"
            base_url = "https://www.example.org/research"
            time_zone = "Asia/Beirut"
            theme_dir = "theme"
            per_page = 12
            logo = "logo.svg"
            "#,
        )
        .unwrap();
        assert_eq!(config.site.logo.as_deref(), Some("logo.svg"));
        assert_eq!(config.site.name, "The Institute");
        assert_eq!(
            config.site.base_url.as_str(),
            "https://www.example.org/research/"
        );
        assert_eq!(config.site.per_page, 12);
        assert_eq!(
            config.site.theme_dir.unwrap(),
            Path::new("/srv/folio/theme")
        );
    }

    #[test]
    fn wrong_values_name_the_key_and_what_was_expected() {
        let cases = [
            (
                "[site]\nbase_url = \"example.org\"",
                "site.base_url",
                "absolute http or https URL",
            ),
            (
                "[site]\ntime_zone = \"Mars/Olympus\"",
                "site.time_zone",
                "IANA time zone",
            ),
            ("[site]\nper_page = 0", "site.per_page", "from 1 to 200"),
            (
                "[site]\nlogo = \"https://cdn.example.org/logo.svg\"",
                "site.logo",
                "theme's static folder",
            ),
            (
                "[feeds]\ncontent = \"some\"",
                "feeds.content",
                "\"full\" or \"summary\"",
            ),
            ("[feeds]\nitems = 0", "feeds.items", "from 1 to 500"),
            (
                "[api]\ncors_origins = [\"https://partner.example/path\"]",
                "api.cors_origins",
                "no path",
            ),
            (
                "[api]\ntoken_requests_per_minute = 0",
                "api.token_requests_per_minute",
                "from 1",
            ),
            (
                "[webhooks]\nmax_attempts = 99",
                "webhooks.max_attempts",
                "from 1 to 50",
            ),
            (
                "[syndication]\ncanonical = \"elsewhere\"",
                "syndication.canonical",
                "\"institute\" or \"outlet\"",
            ),
            (
                "[robots]\ndisallow = [\"admin\"]",
                "robots.disallow",
                "starting with",
            ),
            (
                "[site]\ndefault_language = \"de\"",
                "site.default_language",
                "one of the configured languages",
            ),
            (
                "[languages.ar]\nname = \"العربية\"\ndirection = \"sideways\"",
                "languages.ar.direction",
                "\"ltr\" or \"rtl\"",
            ),
            (
                "[languages.en]\nname = \"English\"\n[languages.ar]\nname = \"العربية\"\ndigits = \"roman\"",
                "languages.ar.digits",
                "\"arabic-indic\"",
            ),
            (
                "[languages.en]\nname = \"English\"\ndate_format = \"{day} {year}\"",
                "languages.en.date_format",
                "{month}",
            ),
            (
                "[languages.en]\nname = \"English\"\nsite_name = \" \"",
                "languages.en.site_name",
                "empty string",
            ),
        ];
        for (text, key, expected) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.key.as_deref(), Some(key), "{text}");
            assert!(error.message.contains(expected), "{error}");
            assert!(
                error.to_string().starts_with("folio.toml: key `"),
                "{error}"
            );
        }
    }

    #[test]
    fn languages_carry_digits_date_format_and_names() {
        let config = parse(
            r#"
            [site]
            name = "The Institute"
            [languages.en]
            name = "English"
            [languages.ar]
            name = "العربية"
            direction = "rtl"
            digits = "arabic-indic"
            date_format = "{day}/{month_number}/{year}"
            site_name = "المعهد"
            tagline = "تحليلات مستقلة"
            [languages.fa]
            name = "فارسی"
            direction = "rtl"
            "#,
        )
        .unwrap();
        let ar = config.language("ar").unwrap();
        assert_eq!(ar.digits, Digits::ArabicIndic);
        assert_eq!(
            ar.date_format
                .as_ref()
                .unwrap()
                .format("2017-11-23".parse().unwrap(), ""),
            "23/11/2017"
        );
        assert_eq!(ar.site_name(&config.site), "المعهد");
        assert_eq!(ar.tagline(&config.site), "تحليلات مستقلة");
        let fa = config.language("fa").unwrap();
        assert_eq!(
            fa.digits,
            Digits::Persian,
            "Persian's own digits by default"
        );
        assert_eq!(fa.site_name(&config.site), "The Institute");
        assert_eq!(config.language("en").unwrap().digits, Digits::Latin);
        assert_eq!(config.language("en").unwrap().date_format, None);
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_reported() {
        let error = parse("[site]\nnmae = \"x\"").unwrap_err();
        assert!(error.message.contains("unknown field `nmae`"), "{error}");
        let error = parse("[site]\nper_page = \"ten\"").unwrap_err();
        assert!(error.message.contains("per_page"), "{error}");
    }

    #[test]
    fn a_missing_file_in_the_data_dir_means_defaults_but_a_missing_explicit_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Config::load(dir.path(), None).is_ok());
        let error = Config::load(dir.path(), Some(&dir.path().join("nope.toml"))).unwrap_err();
        assert!(error.message.contains("cannot read"), "{error}");
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let config = Config::from_toml(
            "[proxies]\ntrusted = [\"10.0.0.0/8\", \"192.168.1.7\", \"fd00::/8\"]",
            Path::new("."),
            None,
        )
        .unwrap();
        let trusts = |a: &str| config.proxies.trusts(a.parse().unwrap());
        assert!(trusts("10.1.2.3"));
        assert!(trusts("::ffff:10.9.9.9"));
        assert!(trusts("192.168.1.7"));
        assert!(!trusts("192.168.1.8"));
        assert!(trusts("fd12::1"));
        assert!(!trusts("11.0.0.1"));
        assert!(
            !Config::defaults()
                .proxies
                .trusts("127.0.0.1".parse().unwrap())
        );
        let error = Config::from_toml(
            "[proxies]\ntrusted = [\"10.0.0.0/33\"]",
            Path::new("."),
            None,
        )
        .unwrap_err();
        assert_eq!(error.key.as_deref(), Some("proxies.trusted"));
    }
}
