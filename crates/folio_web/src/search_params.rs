//! Reading a search from the query string: `q`, repeated facet parameters
//! (`topic=a&topic=b`), `from`/`to` dates, `sort`, `page`, `per_page` and
//! `prefix`. The same parameters work on the search page, every filtered
//! listing and the JSON API.

use std::collections::BTreeMap;

use folio_core::Date;
use folio_search::{FacetKind, SearchQuery, Sort};

use crate::{AppError, bad_field};

/// The longest search text and filter value accepted.
const MAX_TEXT: usize = 500;
const MAX_VALUE: usize = 120;
const MAX_VALUES: usize = 30;
pub const MAX_PER_PAGE: u32 = 100;
/// The last page a search or listing reads: every page of a listing of a
/// million pieces at twenty a page. (It was 1,000, and the "last page" link
/// of a listing of 100,000 pieces answered 400.) A listing's page is a
/// slice of its kept order; a deep page of a search with words keeps its
/// offset's worth of hits while it is made, within the render slots.
pub const MAX_PAGE: u32 = 50_000;

#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    pub text: String,
    pub filters: BTreeMap<FacetKind, Vec<String>>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// As typed, for showing back in the form.
    pub from_text: Option<String>,
    pub to_text: Option<String>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: Option<u32>,
    pub prefix: bool,
    /// The recognised parameters, without `page`, in request order: what
    /// the page's links and forms keep.
    pub pairs: Vec<(String, String)>,
}

impl SearchParams {
    /// Parses a raw query string; the first bad value is an error naming
    /// its parameter.
    pub fn parse(raw: Option<&str>) -> Result<SearchParams, AppError> {
        let mut params = SearchParams {
            page: 1,
            ..SearchParams::default()
        };
        let mut values = 0;
        for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let value = value.trim().to_owned();
            match key.as_ref() {
                "q" => {
                    if value.chars().count() > MAX_TEXT {
                        return Err(bad_field(
                            "q",
                            format!("the search text is longer than {MAX_TEXT} characters"),
                        ));
                    }
                    params.text = value.clone();
                    if !value.is_empty() {
                        params.pairs.push(("q".into(), value));
                    }
                }
                "from" | "to" => {
                    if value.is_empty() {
                        continue;
                    }
                    let date: Date = value.parse().map_err(|_| {
                        bad_field(&key, format!("{value:?} is not a date like 2024-04-05"))
                    })?;
                    if key == "from" {
                        params.from = Some(date);
                        params.from_text = Some(value.clone());
                    } else {
                        params.to = Some(date);
                        params.to_text = Some(value.clone());
                    }
                    params.pairs.push((key.into_owned(), value));
                }
                "sort" => {
                    if value.is_empty() {
                        continue;
                    }
                    params.sort = Sort::parse(&value).ok_or_else(|| {
                        bad_field(
                            "sort",
                            format!(
                                "{value:?} is not a sort order: use relevance, newest or oldest"
                            ),
                        )
                    })?;
                    params.pairs.push(("sort".into(), value));
                }
                "page" => {
                    // The index collects every hit before the page, so a
                    // huge page number would ask for memory it cannot have.
                    params.page = match value.parse::<u32>() {
                        Ok(n @ 1..=MAX_PAGE) => n,
                        _ => {
                            return Err(bad_field(
                                "page",
                                format!("{value:?} is not a page number from 1 to {MAX_PAGE}"),
                            ));
                        }
                    };
                }
                "per_page" => {
                    params.per_page = match value.parse::<u32>() {
                        Ok(n @ 1..=MAX_PER_PAGE) => Some(n),
                        _ => {
                            return Err(bad_field(
                                "per_page",
                                format!("{value:?} is not a number from 1 to {MAX_PER_PAGE}"),
                            ));
                        }
                    };
                }
                "prefix" => params.prefix = matches!(value.as_str(), "1" | "true" | "yes"),
                other => {
                    let Some(kind) = FacetKind::from_parameter(other) else {
                        // Unknown parameters (tracking tags and the like) are ignored.
                        continue;
                    };
                    if value.is_empty() {
                        continue;
                    }
                    values += 1;
                    if values > MAX_VALUES || value.chars().count() > MAX_VALUE {
                        return Err(bad_field(other, "too many or too long filter values"));
                    }
                    let list = params.filters.entry(kind).or_default();
                    if !list.contains(&value) {
                        list.push(value.clone());
                        params.pairs.push((other.to_owned(), value));
                    }
                }
            }
        }
        if let (Some(from), Some(to)) = (params.from, params.to)
            && from > to
        {
            return Err(bad_field("to", "the end date is before the start date"));
        }
        Ok(params)
    }

    /// The search to run, with the page's own fixed filters added.
    pub fn query(&self, fixed: &[(FacetKind, String)], per_page: u32) -> SearchQuery {
        let mut filters = self.filters.clone();
        for (kind, value) in fixed {
            filters.insert(*kind, vec![value.clone()]);
        }
        SearchQuery {
            text: self.text.clone(),
            filters,
            from: self.from,
            to: self.to,
            sort: self.sort,
            page: self.page,
            per_page: self.per_page.unwrap_or(per_page),
            prefix: self.prefix,
        }
    }

    /// The pairs a page keeps, minus filters the page itself fixes.
    pub fn pairs_without(&self, fixed: &[(FacetKind, String)]) -> Vec<(String, String)> {
        self.pairs
            .iter()
            .filter(|(key, _)| {
                !fixed
                    .iter()
                    .any(|(kind, _)| kind.parameter() == key.as_str())
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_facets_dates_and_paging_are_read() {
        let params = SearchParams::parse(Some(
            "q=iran+nuclear&topic=terrorism&topic=iran-nuclear&region=syria&from=2020-01-01&to=2024-12-31&sort=newest&page=2&utm_source=x",
        ))
        .unwrap();
        assert_eq!(params.text, "iran nuclear");
        assert_eq!(
            params.filters[&FacetKind::Topic],
            ["terrorism", "iran-nuclear"]
        );
        assert_eq!(params.page, 2);
        assert_eq!(params.sort, Sort::Newest);
        assert!(
            !params
                .pairs
                .iter()
                .any(|(k, _)| k == "page" || k == "utm_source")
        );
        assert_eq!(params.pairs.len(), 7);
    }

    #[test]
    fn every_page_of_a_listing_of_a_million_pieces_is_a_page() {
        let params = SearchParams::parse(Some("page=50000")).unwrap();
        assert_eq!(params.page, 50_000);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (raw, field) in [
            ("from=yesterday", "from"),
            ("sort=random", "sort"),
            ("page=0", "page"),
            ("page=50001", "page"),
            ("per_page=1000", "per_page"),
            ("from=2024-01-02&to=2024-01-01", "to"),
        ] {
            match SearchParams::parse(Some(raw)) {
                Err(AppError::BadRequest { field: Some(f), .. }) => assert_eq!(f, field, "{raw}"),
                other => panic!("{raw}: {other:?}"),
            }
        }
    }
}
