//! The article editor's form: what the editor typed, kept as typed so an
//! error never loses it, and its translation into an [`ArticleInput`].

use folio_config::Config;
use folio_core::{
    Article, ArticleInput, ArticleStatus, ContentType, Date, Expert, LanguageCode, RecommendedItem,
    Slug, Syndication, SyndicationRelation, Term, TranslationLink,
};
use folio_db::{Conn, StoreResult, Visibility};
use serde::Serialize;

use super::forms::{FieldErrors, FormData};

/// Extra empty syndication rows the form offers.
const SPARE_SYNDICATION_ROWS: usize = 2;

/// What the pickers offer, for the article's language.
#[derive(Debug, Clone, Serialize)]
pub struct Choices {
    pub experts: Vec<Expert>,
    pub topics: Vec<Term>,
    pub regions: Vec<Term>,
    pub content_types: Vec<ContentType>,
}

impl Choices {
    pub fn load(conn: &mut Conn<'_>, language: &LanguageCode) -> StoreResult<Choices> {
        Ok(Choices {
            experts: folio_db::all_experts(conn)?,
            topics: folio_db::terms_of_kind(conn, folio_core::TermKind::Topic, language)?,
            regions: folio_db::terms_of_kind(conn, folio_core::TermKind::Region, language)?,
            content_types: folio_db::list_content_types(conn, language)?
                .into_iter()
                .map(|l| l.content_type)
                .collect(),
        })
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SyndicationRow {
    pub relation: String,
    pub outlet: String,
    pub url: String,
}

/// The editor's fields as text, exactly as typed or as loaded.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleForm {
    pub language: String,
    pub title: String,
    pub slug: String,
    pub deck: String,
    pub body: String,
    pub body_is_excerpt: bool,
    pub content_type: String,
    pub series_number: String,
    pub published_on: String,
    /// One expert per line, by name or slug, in byline order.
    pub authors: String,
    pub topics: Vec<String>,
    pub regions: Vec<String>,
    pub author_note: String,
    pub syndications: Vec<SyndicationRow>,
    /// (language code, slug) for every other language of the site.
    pub translations: Vec<(String, String)>,
    /// One recommended piece per line: its slug, or `lang/slug`.
    pub recommended: String,
    /// The edit version the form was opened at.
    pub version: i64,
}

impl ArticleForm {
    /// An empty form for a new article in `language`.
    pub fn blank(config: &Config, language: &LanguageCode) -> ArticleForm {
        let mut form = ArticleForm {
            language: language.to_string(),
            ..ArticleForm::default()
        };
        form.fill_rows(config);
        form
    }

    /// The form for a stored article.
    pub fn from_article(
        config: &Config,
        article: &Article,
        links: &[TranslationLink],
    ) -> ArticleForm {
        let mut form = ArticleForm {
            language: article.language.to_string(),
            title: article.title.clone(),
            slug: article.slug.to_string(),
            deck: article.deck.clone(),
            body: article.body_markdown.clone(),
            body_is_excerpt: article.body_is_excerpt,
            content_type: article
                .content_type
                .as_ref()
                .map(|t| t.slug.to_string())
                .unwrap_or_default(),
            series_number: article
                .series_number
                .map(|n| n.to_string())
                .unwrap_or_default(),
            published_on: article
                .published_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            authors: article
                .authors
                .iter()
                .map(|a| a.slug.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            topics: article.topics.iter().map(|t| t.slug.to_string()).collect(),
            regions: article.regions.iter().map(|t| t.slug.to_string()).collect(),
            author_note: article.author_note_markdown.clone(),
            syndications: article
                .syndications
                .iter()
                .map(|s| SyndicationRow {
                    relation: s.relation.as_str().to_owned(),
                    outlet: s.outlet.clone(),
                    url: s.url.clone().unwrap_or_default(),
                })
                .collect(),
            translations: links
                .iter()
                .map(|l| (l.language.to_string(), l.slug.to_string()))
                .collect(),
            recommended: article
                .recommended
                .iter()
                .map(|r| recommended_line(&article.language, &r.item))
                .collect::<Vec<_>>()
                .join("\n"),
            version: 0,
        };
        form.fill_rows(config);
        form
    }

    /// The form as submitted.
    pub fn from_submission(config: &Config, data: &FormData) -> ArticleForm {
        let rows: usize = data.get("syndication_rows").parse().unwrap_or(0).min(50);
        let mut form = ArticleForm {
            language: data.trimmed("language").to_owned(),
            title: data.get("title").to_owned(),
            slug: data.trimmed("slug").to_owned(),
            deck: data.get("deck").to_owned(),
            body: data.get("body").replace("\r\n", "\n"),
            body_is_excerpt: data.has("body_is_excerpt"),
            content_type: data.trimmed("content_type").to_owned(),
            series_number: data.trimmed("series_number").to_owned(),
            published_on: data.trimmed("published_on").to_owned(),
            authors: data.get("authors").replace("\r\n", "\n"),
            topics: data.all("topic").into_iter().map(str::to_owned).collect(),
            regions: data.all("region").into_iter().map(str::to_owned).collect(),
            author_note: data.get("author_note").replace("\r\n", "\n"),
            syndications: (0..rows)
                .map(|i| SyndicationRow {
                    relation: data
                        .trimmed(&format!("syndication_relation_{i}"))
                        .to_owned(),
                    outlet: data.trimmed(&format!("syndication_outlet_{i}")).to_owned(),
                    url: data.trimmed(&format!("syndication_url_{i}")).to_owned(),
                })
                .filter(|row| !row.outlet.is_empty() || !row.url.is_empty())
                .collect(),
            translations: config
                .languages
                .iter()
                .map(|l| {
                    let code = l.code.to_string();
                    let slug = data.trimmed(&format!("translation_{code}")).to_owned();
                    (code, slug)
                })
                .collect(),
            recommended: data.get("recommended").replace("\r\n", "\n"),
            version: data.trimmed("version").parse().unwrap_or(0),
        };
        form.fill_rows(config);
        form
    }

    /// Adds the spare syndication rows and a translation row for every
    /// other language, so the template only loops.
    fn fill_rows(&mut self, config: &Config) {
        for _ in 0..SPARE_SYNDICATION_ROWS {
            self.syndications.push(SyndicationRow {
                relation: SyndicationRelation::AlsoPublishedIn.as_str().to_owned(),
                ..SyndicationRow::default()
            });
        }
        let mut rows = Vec::new();
        for language in &config.languages {
            let code = language.code.to_string();
            if code == self.language {
                continue;
            }
            let slug = self
                .translations
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, s)| s.clone())
                .unwrap_or_default();
            rows.push((code, slug));
        }
        self.translations = rows;
    }

    /// Checks every field and builds the article, looking up experts,
    /// topics, regions, the content type and recommended pieces. Problems
    /// are reported by field; nothing is written.
    pub fn to_input(
        &self,
        conn: &mut Conn<'_>,
        config: &Config,
        existing: Option<&Article>,
        status: ArticleStatus,
    ) -> StoreResult<Result<ArticleInput, FieldErrors>> {
        let mut errors = FieldErrors::default();
        let language = match existing {
            Some(article) => article.language.clone(),
            None => match config.language(&self.language) {
                Some(l) => l.code.clone(),
                None => {
                    errors.add("language", "Choose one of the site's languages.");
                    config.site.default_language.clone()
                }
            },
        };
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.add("title", "Every article needs a title.");
        } else if title.chars().count() > 500 {
            errors.add("title", "Keep the title under 500 characters.");
        }
        let slug_text = if self.slug.is_empty() {
            folio_core::slugify(&title)
        } else {
            self.slug.clone()
        };
        let slug = match Slug::parse(&slug_text) {
            Ok(slug) => Some(slug),
            Err(e) => {
                if !title.is_empty() || !self.slug.is_empty() {
                    errors.add("slug", format!("This slug cannot be used: {e}."));
                }
                None
            }
        };
        if let Some(slug) = &slug {
            let moving = existing.is_none_or(|a| &a.slug != slug);
            if moving && let Some(kind) = folio_db::path_kind(conn, &language, slug)? {
                errors.add(
                    "slug",
                    format!(
                        "“{slug}” is already the address of {} in this language; articles, topics and regions share one namespace.",
                        match kind {
                            folio_core::PathKind::Article => "another article",
                            folio_core::PathKind::Topic => "a topic",
                            folio_core::PathKind::Region => "a region",
                        }
                    ),
                );
            }
        }
        let content_type = if self.content_type.is_empty() {
            None
        } else {
            match Slug::parse(&self.content_type) {
                Ok(slug) if folio_db::content_type_by_slug(conn, &slug)?.is_some() => Some(slug),
                _ => {
                    errors.add("content_type", "Choose a content type from the list.");
                    None
                }
            }
        };
        let series_number = if self.series_number.is_empty() {
            None
        } else {
            match self.series_number.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.add(
                        "series_number",
                        "A series number is a whole number, such as 3344.",
                    );
                    None
                }
            }
        };
        let published_on = if self.published_on.is_empty() {
            None
        } else {
            match self.published_on.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.add("published_on", "Write the date as YYYY-MM-DD.");
                    None
                }
            }
        };
        let authors = self.resolve_authors(conn, &mut errors)?;
        let topics = resolve_terms(conn, &language, &self.topics, "topics", &mut errors)?;
        let regions = resolve_terms(conn, &language, &self.regions, "regions", &mut errors)?;
        let syndications = self.parse_syndications(&mut errors);
        let translations = self.parse_translations(&mut errors);
        let recommended = self.resolve_recommended(conn, &language, existing, &mut errors)?;
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        Ok(Ok(ArticleInput {
            language,
            slug: slug.expect("checked above"),
            title,
            deck: self.deck.trim().to_owned(),
            body_markdown: self.body.trim_end().to_owned(),
            body_is_excerpt: self.body_is_excerpt,
            content_type,
            series_number,
            published_on,
            authors,
            topics,
            regions,
            author_note_markdown: self.author_note.trim().to_owned(),
            status,
            syndications,
            recommended,
            translations,
        }))
    }

    fn resolve_authors(
        &self,
        conn: &mut Conn<'_>,
        errors: &mut FieldErrors,
    ) -> StoreResult<Vec<Slug>> {
        let experts = folio_db::all_experts(conn)?;
        let mut slugs = Vec::new();
        let mut unknown = Vec::new();
        for line in self
            .authors
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let found = experts
                .iter()
                .find(|e| e.slug.as_str() == line || e.name.to_lowercase() == line.to_lowercase());
            match found {
                Some(expert) if !slugs.contains(&expert.slug) => slugs.push(expert.slug.clone()),
                Some(_) => {}
                None => unknown.push(line.to_owned()),
            }
        }
        if !unknown.is_empty() {
            errors.add(
                "authors",
                format!(
                    "No expert is called {}. Add them under Experts first, or check the spelling.",
                    unknown
                        .iter()
                        .map(|u| format!("“{u}”"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        Ok(slugs)
    }

    fn parse_syndications(&self, errors: &mut FieldErrors) -> Vec<Syndication> {
        let mut out = Vec::new();
        for row in &self.syndications {
            if row.outlet.is_empty() && row.url.is_empty() {
                continue;
            }
            let Some(relation) = SyndicationRelation::parse(&row.relation) else {
                errors.add(
                    "syndications",
                    "Choose how the piece relates to the outlet.",
                );
                continue;
            };
            if row.outlet.is_empty() {
                errors.add("syndications", "Name the outlet for every link.");
                continue;
            }
            let url = if row.url.is_empty() {
                None
            } else if url::Url::parse(&row.url)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
            {
                Some(row.url.clone())
            } else {
                errors.add(
                    "syndications",
                    format!("“{}” is not a web address (https://…).", row.url),
                );
                continue;
            };
            if relation == SyndicationRelation::FullTextAt && url.is_none() {
                errors.add(
                    "syndications",
                    "“Full text at” needs the address of the full text.",
                );
                continue;
            }
            out.push(Syndication {
                relation,
                outlet: row.outlet.clone(),
                url,
            });
        }
        out
    }

    fn parse_translations(&self, errors: &mut FieldErrors) -> Vec<TranslationLink> {
        let mut out = Vec::new();
        for (code, slug) in &self.translations {
            if slug.is_empty() {
                continue;
            }
            match (LanguageCode::parse(code), Slug::parse(slug)) {
                (Ok(language), Ok(slug)) => out.push(TranslationLink { language, slug }),
                _ => errors.add(
                    "translations",
                    format!("“{slug}” cannot be a slug in {code}."),
                ),
            }
        }
        out
    }

    fn resolve_recommended(
        &self,
        conn: &mut Conn<'_>,
        language: &LanguageCode,
        existing: Option<&Article>,
        errors: &mut FieldErrors,
    ) -> StoreResult<Vec<RecommendedItem>> {
        let mut out = Vec::new();
        for line in self
            .recommended
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let Some((pick_language, slug)) = parse_pick(line, language) else {
                errors.add(
                    "recommended",
                    format!("“{line}” is not an article address or slug."),
                );
                continue;
            };
            if let Some(article) =
                folio_db::article_by_path(conn, &pick_language, &slug, Visibility::All)?
            {
                out.push(RecommendedItem {
                    language: pick_language,
                    slug,
                    title: article.title.clone(),
                    type_label: article.content_type.as_ref().map(|t| t.name.clone()),
                    published_on: article.published_on,
                    author_names: article.authors.iter().map(|a| a.name.clone()).collect(),
                });
                continue;
            }
            // A pick imported before its article arrived keeps what the
            // page showed of it.
            let kept = existing.and_then(|a| {
                a.recommended
                    .iter()
                    .find(|r| r.item.language == pick_language && r.item.slug == slug)
            });
            match kept {
                Some(pick) => out.push(pick.item.clone()),
                None => errors.add("recommended", format!("There is no article at “{line}”.")),
            }
        }
        Ok(out)
    }
}

/// A recommended piece as the form writes it: the slug alone in the
/// article's language, `lang/slug` in another.
fn recommended_line(article_language: &LanguageCode, item: &RecommendedItem) -> String {
    if &item.language == article_language {
        item.slug.to_string()
    } else {
        format!("{}/{}", item.language, item.slug)
    }
}

/// `slug`, `lang/slug`, or a pasted path such as
/// `/ar/policy-analysis/slug` or a full URL.
fn parse_pick(line: &str, language: &LanguageCode) -> Option<(LanguageCode, Slug)> {
    let path = match url::Url::parse(line) {
        Ok(url) => url.path().to_owned(),
        Err(_) => line.to_owned(),
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (lang, slug) = match segments.as_slice() {
        [slug] => (language.clone(), *slug),
        ["policy-analysis", slug] => (language.clone(), *slug),
        [lang, slug] => (LanguageCode::parse(lang).ok()?, *slug),
        [lang, "policy-analysis", slug] => (LanguageCode::parse(lang).ok()?, *slug),
        _ => return None,
    };
    let decoded = percent_decode(slug);
    Some((lang, Slug::parse(&decoded).ok()?))
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn resolve_terms(
    conn: &mut Conn<'_>,
    language: &LanguageCode,
    chosen: &[String],
    field: &str,
    errors: &mut FieldErrors,
) -> StoreResult<Vec<Slug>> {
    let mut out = Vec::new();
    for text in chosen {
        match Slug::parse(text) {
            Ok(slug) if folio_db::term_by_slug(conn, language, &slug)?.is_some() => {
                out.push(slug);
            }
            _ => errors.add(
                field,
                format!("“{text}” is not one of this language's {field}."),
            ),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_are_read_from_slugs_paths_and_urls() {
        let en = LanguageCode::english();
        let ar = LanguageCode::parse("ar").unwrap();
        assert_eq!(
            parse_pick("some-piece", &en).unwrap().1.as_str(),
            "some-piece"
        );
        let (lang, slug) = parse_pick("/ar/policy-analysis/slug-x", &en).unwrap();
        assert_eq!((lang, slug.as_str()), (ar.clone(), "slug-x"));
        let (lang, _) = parse_pick("https://example.org/policy-analysis/abc", &ar).unwrap();
        assert_eq!(lang, ar);
        assert!(parse_pick("a/b/c/d", &en).is_none());
    }
}
