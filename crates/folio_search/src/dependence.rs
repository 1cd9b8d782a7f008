//! Which results a change can alter: what a document is as far as result
//! lists go ([`DocFacts`]), and which documents a list of results and its
//! facet counts depend on ([`ResultSet`]).
//!
//! A page cache uses these to throw away exactly the listings a change
//! touches: a listing depends on a document when the document, as it was
//! before the change or as it is after, could be among its results or in
//! its facet counts.

use std::collections::BTreeMap;

use folio_core::{Date, slugify};
use folio_db::ArticleDocument;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermSetQuery;
use tantivy::{DocAddress, Term};

use crate::SearchError;
use crate::facets::FacetKind;
use crate::index::{SearchIndex, days_since_epoch, digest, labelled};
use crate::query::SearchQuery;
use crate::schema::LABEL_SEPARATOR;

/// A published article's facet values and date: everything that decides
/// which filtered lists it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFacts {
    pub id: i64,
    pub language: String,
    pub slug: String,
    /// Every facet's values, as filters name them (slugs; the year as
    /// digits; the language code).
    pub values: BTreeMap<FacetKind, Vec<String>>,
    /// The same values with the names lists show (`slug\u{1f}name`), as the
    /// index keeps them: two versions with equal facts show the same.
    pub labels: BTreeMap<FacetKind, Vec<String>>,
    /// Days since 1970-01-01; `None` for an undated piece.
    pub date: Option<i64>,
    /// The digest of the whole document (see `index::digest`).
    pub digest: u64,
}

impl DocFacts {
    /// The facts of a document as the index would store it.
    pub fn of(document: &ArticleDocument) -> DocFacts {
        let mut labels: BTreeMap<FacetKind, Vec<String>> = BTreeMap::new();
        let mut add = |kind: FacetKind, value: String| labels.entry(kind).or_default().push(value);
        add(FacetKind::Language, document.language.to_string());
        for author in &document.authors {
            add(
                FacetKind::Expert,
                labelled(author.slug.as_str(), &author.name),
            );
        }
        for topic in &document.topics {
            add(FacetKind::Topic, labelled(topic.slug.as_str(), &topic.name));
        }
        for region in &document.regions {
            add(
                FacetKind::Region,
                labelled(region.slug.as_str(), &region.name),
            );
        }
        if let Some(content_type) = &document.content_type {
            add(
                FacetKind::Type,
                labelled(content_type.slug.as_str(), &content_type.name),
            );
        }
        for outlet in &document.outlets {
            add(FacetKind::Outlet, labelled(&slugify(outlet), outlet));
        }
        if let Some(date) = document.published_on {
            add(FacetKind::Year, date.year().to_string());
        }
        DocFacts::new(
            document.id.0,
            document.language.to_string(),
            document.slug.to_string(),
            labels,
            document.published_on.map(days_since_epoch),
            digest(document),
        )
    }

    /// Facts from facet values as the index keeps them (`slug\u{1f}name`
    /// for labelled facets).
    fn new(
        id: i64,
        language: String,
        slug: String,
        mut labels: BTreeMap<FacetKind, Vec<String>>,
        date: Option<i64>,
        digest: u64,
    ) -> DocFacts {
        // Ordered, so two versions compare equal whatever order they were
        // read in.
        labels.values_mut().for_each(|values| values.sort());
        let values = labels
            .iter()
            .map(|(kind, labelled)| {
                let slugs = labelled
                    .iter()
                    .map(|value| match value.split_once(LABEL_SEPARATOR) {
                        Some((slug, _)) => slug.to_owned(),
                        None => value.clone(),
                    })
                    .collect();
                (*kind, slugs)
            })
            .collect();
        DocFacts {
            id,
            language,
            slug,
            values,
            labels,
            date,
            digest,
        }
    }

    fn has_any(&self, kind: FacetKind, wanted: &[String]) -> bool {
        self.values
            .get(&kind)
            .is_some_and(|values| values.iter().any(|v| wanted.contains(v)))
    }
}

impl SearchIndex {
    /// The facts of the documents the index holds for `ids` (articles it
    /// does not hold are left out): what they were before a change that is
    /// about to be applied.
    pub fn facts(&self, ids: &[i64]) -> Result<Vec<DocFacts>, SearchError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let terms = ids.iter().map(|&id| Term::from_field_u64(f.id, id as u64));
        let addresses = searcher
            .search(&TermSetQuery::new(terms), &DocSetCollector)
            .map_err(SearchError::index)?;
        let mut out = Vec::with_capacity(addresses.len());
        for DocAddress {
            segment_ord,
            doc_id,
        } in addresses
        {
            let fast = searcher.segment_reader(segment_ord).fast_fields();
            let text_values = |field: &str| -> Result<Vec<String>, SearchError> {
                let Some(column) = fast.str(field).map_err(SearchError::index)? else {
                    return Ok(Vec::new());
                };
                let mut values = Vec::new();
                for ord in column.term_ords(doc_id) {
                    let mut value = String::new();
                    column
                        .ord_to_str(ord, &mut value)
                        .map_err(SearchError::index)?;
                    values.push(value);
                }
                Ok(values)
            };
            let mut values = BTreeMap::new();
            for kind in FacetKind::ALL {
                let found = if kind == FacetKind::Year {
                    let column = fast.u64("year").map_err(SearchError::index)?;
                    column
                        .values_for_doc(doc_id)
                        .map(|y| y.to_string())
                        .collect()
                } else {
                    text_values(kind.count_field())?
                };
                if !found.is_empty() {
                    values.insert(kind, found);
                }
            }
            let id = fast
                .u64("id")
                .map_err(SearchError::index)?
                .first(doc_id)
                .unwrap_or_default() as i64;
            let date = fast.i64("date").map_err(SearchError::index)?.first(doc_id);
            let digest = fast
                .u64("digest")
                .map_err(SearchError::index)?
                .first(doc_id)
                .unwrap_or_default();
            let doc: tantivy::TantivyDocument = searcher
                .doc(DocAddress::new(segment_ord, doc_id))
                .map_err(SearchError::index)?;
            let slug = doc
                .get_first(f.slug)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .unwrap_or_default()
                .to_owned();
            let language = values
                .get(&FacetKind::Language)
                .and_then(|l: &Vec<String>| l.first().cloned())
                .unwrap_or_default();
            out.push(DocFacts::new(id, language, slug, values, date, digest));
        }
        Ok(out)
    }
}

/// The documents one page of results and its facet counts depend on: those
/// matching every fixed filter (the listing's own subject, its language)
/// and failing at most one of the reader's chosen facets (each facet is
/// counted with its own choice left out), within the date range. Free
/// text is not modelled: a search with words depends on every document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultSet {
    fixed: BTreeMap<FacetKind, Vec<String>>,
    chosen: BTreeMap<FacetKind, Vec<String>>,
    from: Option<i64>,
    to: Option<i64>,
    any_document: bool,
}

impl ResultSet {
    /// What a search or filtered listing depends on; `fixed` names the
    /// facets the page itself sets (a topic page's topic, its language).
    pub fn of_query(query: &SearchQuery, fixed: &[FacetKind]) -> ResultSet {
        let (fixed_filters, chosen): (BTreeMap<_, _>, BTreeMap<_, _>) = query
            .filters
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(kind, values)| (*kind, values.clone()))
            .partition(|(kind, _)| fixed.contains(kind));
        ResultSet {
            fixed: fixed_filters,
            chosen,
            from: query.from.map(days_since_epoch),
            to: query.to.map(days_since_epoch),
            any_document: !query.text.trim().is_empty(),
        }
    }

    /// A list filtered by fixed facets alone (a feed, a listing read from
    /// the store): OR within a facet, AND across facets.
    pub fn fixed(filters: impl IntoIterator<Item = (FacetKind, Vec<String>)>) -> ResultSet {
        ResultSet {
            fixed: filters.into_iter().collect(),
            chosen: BTreeMap::new(),
            from: None,
            to: None,
            any_document: false,
        }
    }

    /// The same, only for pieces published between `from` and `to`.
    pub fn between(mut self, from: Option<Date>, to: Option<Date>) -> ResultSet {
        self.from = from.map(days_since_epoch);
        self.to = to.map(days_since_epoch);
        self
    }

    /// Whether a document, in one of its versions, can change these results.
    pub fn is_affected_by(&self, document: &DocFacts) -> bool {
        if self.any_document {
            return true;
        }
        if self
            .fixed
            .iter()
            .any(|(kind, wanted)| !document.has_any(*kind, wanted))
        {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(date) = document.date else {
                return false;
            };
            if self.from.is_some_and(|from| date < from) || self.to.is_some_and(|to| date > to) {
                return false;
            }
        }
        let failed = self
            .chosen
            .iter()
            .filter(|(kind, wanted)| !document.has_any(**kind, wanted))
            .count();
        failed <= 1
    }

    /// The facet value every affecting document has, to find the result
    /// sets a document may affect without testing them all: the first fixed
    /// facet with one value. `None` when there is no such value.
    pub fn anchor(&self) -> Option<(FacetKind, String)> {
        if self.any_document {
            return None;
        }
        // A subject (topic, expert…) narrows more than a language does.
        self.fixed
            .iter()
            .filter(|(_, values)| values.len() == 1)
            .min_by_key(|(kind, _)| **kind == FacetKind::Language)
            .map(|(kind, values)| (*kind, values[0].clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(values: &[(FacetKind, &str)], date: Option<i64>) -> DocFacts {
        let mut map: BTreeMap<FacetKind, Vec<String>> = BTreeMap::new();
        for (kind, value) in values {
            map.entry(*kind).or_default().push((*value).to_owned());
        }
        DocFacts::new(1, "en".into(), "a".into(), map, date, 0)
    }

    fn query(filters: &[(FacetKind, &str)]) -> SearchQuery {
        let mut query = SearchQuery::new("");
        for (kind, value) in filters {
            query = query.with_filter(*kind, *value);
        }
        query
    }

    #[test]
    fn a_listing_depends_on_documents_of_its_subject_only() {
        let topic_page = ResultSet::of_query(
            &query(&[(FacetKind::Language, "en"), (FacetKind::Topic, "terrorism")]),
            &[FacetKind::Language, FacetKind::Topic],
        );
        let terror = facts(
            &[(FacetKind::Language, "en"), (FacetKind::Topic, "terrorism")],
            None,
        );
        let economy = facts(
            &[(FacetKind::Language, "en"), (FacetKind::Topic, "economy")],
            None,
        );
        let arabic = facts(
            &[(FacetKind::Language, "ar"), (FacetKind::Topic, "terrorism")],
            None,
        );
        assert!(topic_page.is_affected_by(&terror));
        assert!(!topic_page.is_affected_by(&economy));
        assert!(!topic_page.is_affected_by(&arabic));
        assert_eq!(
            topic_page.anchor(),
            Some((FacetKind::Topic, "terrorism".to_owned()))
        );
    }

    #[test]
    fn a_chosen_facet_counts_documents_that_fail_only_it() {
        // Region facet counts on the topic page are taken with the chosen
        // region left out: a Syria piece counts on the Iraq-filtered page.
        let filtered = ResultSet::of_query(
            &query(&[
                (FacetKind::Language, "en"),
                (FacetKind::Region, "iraq"),
                (FacetKind::Year, "2024"),
            ]),
            &[FacetKind::Language],
        );
        let syria_2024 = facts(
            &[
                (FacetKind::Language, "en"),
                (FacetKind::Region, "syria"),
                (FacetKind::Year, "2024"),
            ],
            None,
        );
        let syria_2017 = facts(
            &[
                (FacetKind::Language, "en"),
                (FacetKind::Region, "syria"),
                (FacetKind::Year, "2017"),
            ],
            None,
        );
        assert!(filtered.is_affected_by(&syria_2024));
        assert!(!filtered.is_affected_by(&syria_2017));
    }

    #[test]
    fn words_and_dates() {
        let with_words = ResultSet::of_query(&SearchQuery::new("hezbollah"), &[]);
        assert!(with_words.is_affected_by(&facts(&[], None)));
        assert_eq!(with_words.anchor(), None);
        let mut dated = query(&[(FacetKind::Language, "en")]);
        dated.from = Some("2020-01-01".parse().unwrap());
        let dated = ResultSet::of_query(&dated, &[FacetKind::Language]);
        let day_2019 = days_since_epoch("2019-06-01".parse().unwrap());
        let day_2021 = days_since_epoch("2021-06-01".parse().unwrap());
        assert!(!dated.is_affected_by(&facts(&[(FacetKind::Language, "en")], Some(day_2019))));
        assert!(dated.is_affected_by(&facts(&[(FacetKind::Language, "en")], Some(day_2021))));
        assert!(!dated.is_affected_by(&facts(&[(FacetKind::Language, "en")], None)));
    }
}
