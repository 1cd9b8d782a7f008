//! What templates see: small serialisable views built from domain values,
//! with every URL already made.

use folio_core::{ArticleSummary, ContentType, Recommendation};
use serde::Serialize;

use crate::paths::SitePaths;

#[derive(Debug, Serialize)]
pub(crate) struct AuthorView {
    pub name: String,
    pub url: Option<String>,
}

/// An article as a listing or the Recommended block shows it.
#[derive(Debug, Serialize)]
pub(crate) struct CardView {
    pub url: String,
    pub title: String,
    pub deck: String,
    pub type_label: Option<String>,
    pub published_on: Option<String>,
    pub authors: Vec<AuthorView>,
    pub language: String,
}

/// "PolicyWatch 3344" for numbered series, else the type's name.
pub fn type_label(
    content_type: Option<&ContentType>,
    series_number: Option<u32>,
) -> Option<String> {
    content_type.map(|t| match series_number {
        Some(number) => format!("{} {number}", t.name),
        None => t.name.clone(),
    })
}

impl CardView {
    pub fn from_summary(
        summary: &ArticleSummary,
        paths: &SitePaths,
        page_language: &str,
    ) -> CardView {
        let language = summary.language.as_str();
        CardView {
            url: paths.in_namespace(language, summary.slug.as_str()),
            // An untitled piece is shown by its deck, never as an empty link.
            title: if summary.title.is_empty() {
                summary.deck.clone()
            } else {
                summary.title.clone()
            },
            deck: if summary.title.is_empty() {
                String::new()
            } else {
                summary.deck.clone()
            },
            type_label: type_label(summary.content_type.as_ref(), summary.series_number),
            published_on: summary.published_on.map(|d| d.to_string()),
            authors: summary
                .authors
                .iter()
                .map(|a| AuthorView {
                    name: a.name.clone(),
                    url: Some(paths.expert(page_language, a.slug.as_str())),
                })
                .collect(),
            language: language.to_owned(),
        }
    }

    /// A recommended item: the live article when it is in the archive, else
    /// what the recommending page showed of it.
    pub fn from_recommendation(
        recommendation: &Recommendation,
        paths: &SitePaths,
        page_language: &str,
    ) -> CardView {
        if let Some(article) = &recommendation.article {
            return CardView::from_summary(article, paths, page_language);
        }
        let item = &recommendation.item;
        CardView {
            url: paths.in_namespace(item.language.as_str(), item.slug.as_str()),
            title: item.title.clone(),
            deck: String::new(),
            type_label: item.type_label.clone(),
            published_on: item.published_on.map(|d| d.to_string()),
            authors: item
                .author_names
                .iter()
                .map(|name| AuthorView {
                    name: name.clone(),
                    url: None,
                })
                .collect(),
            language: item.language.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct PageLink {
    /// `None` for a gap ("…").
    pub number: Option<u32>,
    pub url: Option<String>,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct PaginationView {
    pub page: u32,
    pub page_count: u32,
    pub total: u64,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

impl PaginationView {
    /// Page numbers around the current page, the first and the last, with
    /// gaps between.
    pub fn new(base_path: &str, page: u32, page_count: u32, total: u64) -> PaginationView {
        PaginationView::linked(page, page_count, total, &|n| SitePaths::paged(base_path, n))
    }

    /// The same, with page `n` at `url(n)`.
    pub fn linked(
        page: u32,
        page_count: u32,
        total: u64,
        url: &dyn Fn(u32) -> String,
    ) -> PaginationView {
        let mut numbers: Vec<u32> = vec![1, page_count];
        numbers.extend(page.saturating_sub(2).max(1)..=(page + 2).min(page_count));
        numbers.sort_unstable();
        numbers.dedup();
        let mut links = Vec::new();
        let mut last = 0;
        for n in numbers {
            if n > last + 1 {
                links.push(PageLink {
                    number: None,
                    url: None,
                    current: false,
                });
            }
            links.push(PageLink {
                number: Some(n),
                url: Some(url(n)),
                current: n == page,
            });
            last = n;
        }
        PaginationView {
            page,
            page_count,
            total,
            previous: (page > 1).then(|| url(page - 1)),
            next: (page < page_count).then(|| url(page + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_shows_neighbours_ends_and_gaps() {
        let view = PaginationView::new("/experts", 6, 12, 240);
        let numbers: Vec<Option<u32>> = view.links.iter().map(|l| l.number).collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(12)
            ]
        );
        assert_eq!(view.previous.as_deref(), Some("/experts/page/5"));
        assert_eq!(view.next.as_deref(), Some("/experts/page/7"));
        assert!(view.links[4].current);

        let single = PaginationView::new("/experts", 1, 1, 3);
        assert_eq!(single.links.len(), 1);
        assert_eq!(single.previous, None);
        assert_eq!(single.next, None);
        assert_eq!(single.links[0].url.as_deref(), Some("/experts"));
    }
}
