//! Pages as HTML.
//!
//! A [`Renderer`] holds the theme (embedded default plus overrides), the
//! interface translations and the compiled templates. Its page methods take
//! domain values already read from the store and return HTML; rendering
//! does no I/O, so the same call serves the live site, previews and the
//! static export.

mod citations;
mod feeds;
mod i18n;
mod metadata;
mod pages;
mod paths;
mod search;
mod sitemap;
mod theme;
mod views;
mod xml;

use std::sync::Arc;

use folio_config::{Config, LanguageConfig};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, State, UndefinedBehavior};

pub use citations::CitationFormat;
pub use feeds::{Feed, FeedFormat, FeedItem};
pub use i18n::{Locales, REFERENCE_LANGUAGE, fluent_args};
pub use pages::{ArticleMore, ErrorKind};
pub use paths::{SitePaths, encode_segment};
pub use search::SearchPage;
pub use sitemap::{SITEMAP_LIMIT, SitemapUrl};
pub use theme::{Asset, Theme};
pub use views::type_label;

/// A problem with the theme or a template, with the file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    pub message: String,
}

impl RenderError {
    pub fn new(message: impl Into<String>) -> RenderError {
        RenderError {
            message: message.into(),
        }
    }
}

impl From<minijinja::Error> for RenderError {
    fn from(error: minijinja::Error) -> RenderError {
        let mut message = error.to_string();
        if let (Some(name), Some(line)) = (error.name(), error.line()) {
            message = format!("{name}:{line}: {message}");
        }
        RenderError { message }
    }
}

/// What every template function needs: read-only after start-up.
struct Shared {
    config: Arc<Config>,
    theme: Theme,
    locales: Locales,
    paths: SitePaths,
}

/// Renders every public page of the site.
#[derive(Clone)]
pub struct Renderer {
    env: Arc<Environment<'static>>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Renderer {
    /// Loads the theme (with the configured overrides) and compiles every
    /// template, so a broken template is reported at start-up.
    pub fn new(config: Arc<Config>) -> Result<Renderer, RenderError> {
        let theme = Theme::load(config.site.theme_dir.as_deref())?;
        if let Some(logo) = &config.site.logo
            && theme.asset_url(logo).is_none()
        {
            return Err(RenderError::new(format!(
                "site.logo: the theme has no file static/{logo} (put it in the theme directory's static/ folder)"
            )));
        }
        let locales = Locales::load(&theme, &config.languages)?;
        let paths = SitePaths::new(&config);
        let shared = Arc::new(Shared {
            config,
            theme,
            locales,
            paths,
        });
        let env = build_environment(&shared)?;
        Ok(Renderer {
            env: Arc::new(env),
            shared,
        })
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    pub fn paths(&self) -> &SitePaths {
        &self.shared.paths
    }

    pub fn theme(&self) -> &Theme {
        &self.shared.theme
    }

    pub fn locales(&self) -> &Locales {
        &self.shared.locales
    }

    /// The institute's name on a language's pages.
    pub(crate) fn site_name(&self, language: &str) -> &str {
        let config = self.config();
        config
            .language(language)
            .map_or(&config.site.name, |l| l.site_name(&config.site))
    }

    /// Interface text in a language.
    pub fn text(&self, language: &LanguageConfig, key: &str) -> String {
        self.shared.locales.text(language.code.as_str(), key, None)
    }

    fn render(&self, template: &str, context: Value) -> Result<String, RenderError> {
        Ok(self.env.get_template(template)?.render(context)?)
    }
}

fn build_environment(shared: &Arc<Shared>) -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_formatter(format_value);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    for path in shared.theme.paths_under("templates/") {
        let name = path.trim_start_matches("templates/").to_owned();
        let source = shared.theme.text(path)?.unwrap_or_default().to_owned();
        env.add_template_owned(name, source)?;
    }

    let s = Arc::clone(shared);
    env.add_function(
        "t",
        move |state: &mut State<'_, '_>,
              key: &str,
              kwargs: Kwargs|
              -> Result<String, minijinja::Error> {
            let language = current_language(state);
            // Without arguments the text comes from the locales' kept copy.
            if kwargs.args().next().is_none() {
                return Ok(s.locales.text(&language, key, None));
            }
            let args = fluent_args_of(&kwargs, |text| text)?;
            Ok(s.locales.text(&language, key, Some(&args)))
        },
    );

    // `t` for element text whose arguments are names in any script (an
    // English outlet inside an Arabic sentence): each text argument is
    // isolated in a <bdi>, so it cannot reorder the words around it.
    let s = Arc::clone(shared);
    env.add_function(
        "t_isolated",
        move |state: &mut State<'_, '_>,
              key: &str,
              kwargs: Kwargs|
              -> Result<Value, minijinja::Error> {
            let mut isolated = Vec::new();
            // A private-use marker stands in for each text until the
            // sentence is escaped; then its <bdi> replaces it.
            let args = fluent_args_of(&kwargs, |text| {
                let marker = format!("\u{E000}{}\u{E001}", isolated.len());
                isolated.push((marker.clone(), text));
                marker
            })?;
            let text = s.locales.text(&current_language(state), key, Some(&args));
            let mut html = folio_markdown::escape_html(&text);
            for (marker, value) in isolated {
                html = html.replace(
                    &marker,
                    &format!("<bdi>{}</bdi>", folio_markdown::escape_html(&value)),
                );
            }
            Ok(Value::from_safe_string(html))
        },
    );

    let s = Arc::clone(shared);
    env.add_filter(
        "number",
        move |state: &mut State<'_, '_>, number: i64| -> String {
            s.locales.number(&current_language(state), number)
        },
    );

    let s = Arc::clone(shared);
    env.add_function(
        "asset",
        move |name: &str| -> Result<String, minijinja::Error> {
            s.theme.asset_url(name).map(str::to_owned).ok_or_else(|| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("the theme has no static file {name:?}"),
                )
            })
        },
    );

    let s = Arc::clone(shared);
    env.add_function(
        "path",
        move |state: &mut State<'_, '_>,
              name: &str,
              slug: Option<&str>,
              kwargs: Kwargs|
              -> Result<String, minijinja::Error> {
            let language: String = match kwargs.get::<Option<String>>("lang")? {
                Some(code) => code,
                None => current_language(state).to_string(),
            };
            kwargs.assert_all_used()?;
            let p = &s.paths;
            let l = language.as_str();
            let need_slug = || {
                slug.ok_or_else(|| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::MissingArgument,
                        format!("path({name:?}) needs a slug"),
                    )
                })
            };
            Ok(match name {
                "home" => p.home(l),
                "analysis" => p.analysis(l),
                "article" | "topic" | "region" => p.in_namespace(l, need_slug()?),
                "experts" => p.experts(l),
                "expert" => p.expert(l, need_slug()?),
                "topics" => p.topics(l),
                "regions" => p.regions(l),
                "types" => p.content_types(l),
                "type" => p.content_type(l, need_slug()?),
                "programs" => p.programs(l),
                "program" => p.program(l, need_slug()?),
                "search" => p.search(l),
                other => {
                    return Err(minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("there is no path named {other:?}"),
                    ));
                }
            })
        },
    );

    let s = Arc::clone(shared);
    env.add_function(
        "format_date",
        move |state: &mut State<'_, '_>, date: &str| -> Result<String, minijinja::Error> {
            let date: folio_core::Date = date.parse().map_err(|_| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("{date:?} is not a date"),
                )
            })?;
            let language = current_language(state);
            Ok(s.locales.date(&language, date))
        },
    );

    // Names joined the way the language joins a list ("A, B and C"), each
    // isolated and linked to its page when it has one. A function, not a
    // macro: bylines are on every card of every listing, and a macro call
    // cost more than the rest of a card.
    let s = Arc::clone(shared);
    env.add_function(
        "name_list",
        move |state: &mut State<'_, '_>, people: Vec<Value>| -> Result<Value, minijinja::Error> {
            let language = current_language(state);
            let mut html = String::new();
            for (i, person) in people.iter().enumerate() {
                if i > 0 {
                    let separator = if i + 1 == people.len() {
                        "list-final-separator"
                    } else {
                        "list-separator"
                    };
                    folio_markdown::push_escaped_html(
                        &mut html,
                        &s.locales.text(&language, separator, None),
                    );
                }
                let name = person.get_attr("name")?;
                let name = name.as_str().unwrap_or_default();
                match person
                    .get_attr("url")?
                    .as_str()
                    .filter(|url| !url.is_empty())
                {
                    Some(url) => {
                        html.push_str("<a href=\"");
                        folio_markdown::push_escaped_html(&mut html, url);
                        html.push_str("\"><bdi>");
                        folio_markdown::push_escaped_html(&mut html, name);
                        html.push_str("</bdi></a>");
                    }
                    None => {
                        html.push_str("<bdi>");
                        folio_markdown::push_escaped_html(&mut html, name);
                        html.push_str("</bdi>");
                    }
                }
            }
            Ok(Value::from_safe_string(html))
        },
    );

    env.add_filter("markdown", |text: &str| {
        Value::from_safe_string(folio_markdown::to_html(text))
    });
    env.add_filter("inline_markdown", |text: &str| {
        Value::from_safe_string(folio_markdown::inline_to_html(text))
    });
    Ok(env)
}

/// Prints a value into a template: `none` prints nothing, and text is
/// escaped for HTML without touching `/`, so URLs stay readable.
fn format_value(
    out: &mut minijinja::Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    match (state.auto_escape(), value.as_str()) {
        (minijinja::AutoEscape::Html, Some(text)) if !value.is_safe() => {
            let mut start = 0;
            for (i, byte) in text.bytes().enumerate() {
                let entity = match byte {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    b'\'' => "&#39;",
                    _ => continue,
                };
                out.write_str(&text[start..i])
                    .map_err(minijinja::Error::from)?;
                out.write_str(entity).map_err(minijinja::Error::from)?;
                start = i + 1;
            }
            out.write_str(&text[start..])
                .map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Fluent arguments from a template call's keyword arguments: numbers as
/// numbers (so plurals can choose), text through `text`.
fn fluent_args_of(
    kwargs: &Kwargs,
    mut text: impl FnMut(String) -> String,
) -> Result<fluent_bundle::FluentArgs<'static>, minijinja::Error> {
    let mut args = fluent_bundle::FluentArgs::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let fluent = match value.as_i64() {
            Some(number) => fluent_bundle::FluentValue::from(number),
            None => fluent_bundle::FluentValue::from(text(value.to_string())),
        };
        args.set(name.to_owned(), fluent);
    }
    Ok(args)
}

/// The language of the page being rendered (`lang.code` in its context),
/// looked up once per render: every `t()`, date and byline asks for it, and
/// a lookup walks the context's frames by name.
fn current_language(state: &mut State<'_, '_>) -> Arc<str> {
    if let Some(RenderLanguage(code)) = state.get_extension::<RenderLanguage>() {
        return Arc::clone(code);
    }
    let code: Arc<str> = state
        .lookup("lang")
        .and_then(|lang| lang.get_attr("code").ok())
        .and_then(|code| code.as_str().map(Arc::from))
        .unwrap_or_else(|| Arc::from(REFERENCE_LANGUAGE));
    state.get_or_insert_extension(RenderLanguage(Arc::clone(&code)));
    code
}

/// [`current_language`]'s answer, kept for the rest of a render.
struct RenderLanguage(Arc<str>);
