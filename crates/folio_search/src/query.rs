//! Answering a search: parsing, filtering, sorting, facet counts, snippets
//! and, when nothing matches, a spelling suggestion.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::sync::Arc;
use std::time::{Duration, Instant};

use folio_core::Date;
use serde::Serialize;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, FuzzyTermQuery, Occur,
    Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::facets::{FacetCollector, FacetKind, RawCounts};
use crate::index::{SearchIndex, days_since_epoch};
use crate::newest::NewestCollector;
use crate::schema::{LABEL_SEPARATOR, TEXT_LANGUAGES};
use crate::{SearchError, analysis};

/// Longest snippet, in characters.
const SNIPPET_LENGTH: usize = 240;
/// Most values listed per facet.
const FACET_VALUES: usize = 25;
/// Indexes smaller than this are searched one segment after another.
const PARALLEL_FROM_DOCUMENTS: u64 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; newest first when there is no query text.
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    pub fn parse(text: &str) -> Option<Sort> {
        match text {
            "relevance" => Some(Sort::Relevance),
            "newest" | "date" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }
}

/// A listing's whole answer, whatever page is shown of it.
#[derive(Debug)]
pub(crate) struct Listing {
    /// Every match, in the listing's order.
    addresses: Vec<DocAddress>,
    facets: BTreeMap<FacetKind, Vec<FacetValue>>,
}

/// Documents the listing memo holds at most (8 bytes each), over all its
/// answers: a 100,000-article archive's every listing in one language.
pub(crate) const LISTING_MEMO_DOCUMENTS: usize = 2_000_000;

/// Listing hits (no words to highlight) the hit memo holds at most, about
/// a kilobyte each (estimated from their strings, not measured): a piece
/// is on its topics', regions', experts' and type's listings, and its
/// stored document is a block to decompress.
pub(crate) const PLAIN_HITS_KEPT: usize = 30_000;

/// A search, as a reader asked it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: String,
    /// Selected facet values: OR within a facet, AND across facets.
    pub filters: BTreeMap<FacetKind, Vec<String>>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub sort: Sort,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    /// Treat the last word as the start of a word (type-ahead).
    pub prefix: bool,
}

impl SearchQuery {
    pub fn new(text: impl Into<String>) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            page: 1,
            per_page: 20,
            ..SearchQuery::default()
        }
    }

    pub fn with_per_page(mut self, per_page: u32) -> SearchQuery {
        self.per_page = per_page;
        self
    }

    pub fn with_filter(mut self, kind: FacetKind, value: impl Into<String>) -> SearchQuery {
        self.filters.entry(kind).or_default().push(value.into());
        self
    }

    fn has_text(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorHit {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: i64,
    pub language: String,
    pub slug: String,
    pub title: String,
    /// The title with matched words in `<mark>`; HTML-escaped.
    pub title_html: String,
    /// A passage of the body with matched words in `<mark>`; HTML-escaped.
    pub snippet_html: String,
    pub deck: String,
    /// The content type's slug and the piece's number in its series; the
    /// label ("PolicyWatch 3344") is in the site's default language.
    pub content_type: Option<String>,
    pub series_number: Option<u32>,
    pub type_label: Option<String>,
    pub published_on: Option<String>,
    pub authors: Vec<AuthorHit>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// What a filter uses: a slug, a year or a language code.
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<SearchHit>,
    pub facets: BTreeMap<FacetKind, Vec<FacetValue>>,
    /// A corrected query when nothing matched.
    pub suggestion: Option<String>,
    #[serde(serialize_with = "serialize_millis")]
    pub took: Duration,
}

/// Names of experts and content types in the reader's language, in hits and
/// in the expert and type facets (their values are slugs).
impl folio_core::Localize for SearchResults {
    fn name_keys(&self, keys: &mut folio_core::NameKeys) {
        for hit in &self.hits {
            keys.experts
                .extend(hit.authors.iter().map(|a| a.slug.clone()));
            keys.content_types.extend(hit.content_type.clone());
        }
        if let Some(values) = self.facets.get(&FacetKind::Expert) {
            keys.experts.extend(values.iter().map(|v| v.value.clone()));
        }
        if let Some(values) = self.facets.get(&FacetKind::Type) {
            keys.content_types
                .extend(values.iter().map(|v| v.value.clone()));
        }
    }

    fn localize(&mut self, names: &folio_core::LocalNames) {
        for hit in &mut self.hits {
            for author in &mut hit.authors {
                names.expert_name(&author.slug, &mut author.name);
            }
            if let (Some(slug), Some(label)) = (&hit.content_type, &mut hit.type_label)
                && let Some(name) = names.content_types.get(slug)
            {
                *label = match hit.series_number {
                    Some(number) => format!("{name} {number}"),
                    None => name.clone(),
                };
            }
        }
        if let Some(values) = self.facets.get_mut(&FacetKind::Expert) {
            for value in values {
                names.expert_name(&value.value, &mut value.label);
            }
        }
        if let Some(values) = self.facets.get_mut(&FacetKind::Type) {
            for value in values {
                names.content_type_name(&value.value, &mut value.label);
            }
        }
    }
}

fn serialize_millis<S: serde::Serializer>(
    duration: &Duration,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64() * 1000.0)
}

impl SearchResults {
    pub fn page_count(&self) -> u32 {
        if self.total == 0 {
            1
        } else {
            self.total.div_ceil(u64::from(self.per_page.max(1))) as u32
        }
    }
}

impl SearchIndex {
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let per_page = query.per_page.clamp(1, 100) as usize;
        let offset = (query.page.max(1) as usize - 1) * per_page;
        let sort = match query.sort {
            Sort::Relevance if !query.has_text() => Sort::Newest,
            other => other,
        };
        if !query.has_text() {
            let listing = self.listing(&searcher, query, sort)?;
            let addresses: Vec<(f32, DocAddress)> = listing
                .addresses
                .iter()
                .skip(offset)
                .take(per_page)
                .map(|&address| (0.0, address))
                .collect();
            return Ok(SearchResults {
                total: listing.addresses.len() as u64,
                page: query.page.max(1),
                per_page: per_page as u32,
                hits: self.hits(&searcher, None, &addresses)?,
                facets: listing.facets.clone(),
                suggestion: None,
                took: started.elapsed(),
            });
        }
        let text_query = self.text_query(query)?;
        let main = self.filtered(query, text_query.as_deref(), None)?;
        let facet_collector =
            FacetCollector::new(unselected_facets(query), self.facet_cache.clone());
        let limit = TopDocs::with_limit(per_page).and_offset(offset);
        let (addresses, total, mut counts): (Vec<(f32, DocAddress)>, usize, RawCounts) = match sort
        {
            Sort::Relevance => {
                let (top, total, counts) = self
                    .search_segments(
                        &searcher,
                        &main,
                        &(
                            limit.order_by((SortBySimilarityScore, by_id())),
                            Count,
                            facet_collector,
                        ),
                    )
                    .map_err(SearchError::index)?;
                (
                    top.into_iter()
                        .map(|((score, _), address)| (score, address))
                        .collect(),
                    total,
                    counts,
                )
            }
            Sort::Newest | Sort::Oldest => {
                let (top, total, counts) = self
                    .search_segments(
                        &searcher,
                        &main,
                        &(
                            limit.order_by((by_date(sort), by_id())),
                            Count,
                            facet_collector,
                        ),
                    )
                    .map_err(SearchError::index)?;
                (
                    top.into_iter().map(|(_, address)| (0.0, address)).collect(),
                    total,
                    counts,
                )
            }
        };
        counts.extend(self.own_facet_counts(&searcher, query, text_query.as_deref())?);

        let hits = self.hits(&searcher, text_query.as_deref(), &addresses)?;
        let suggestion = if total == 0 && query.has_text() {
            self.suggest(&searcher, &query.text)
        } else {
            None
        };
        Ok(SearchResults {
            total: total as u64,
            page: query.page.max(1),
            per_page: per_page as u32,
            hits,
            facets: facet_values(counts, &query.filters),
            suggestion,
            took: started.elapsed(),
        })
    }

    /// A listing (filters without words): every match in date order and
    /// the facet counts, kept until the index changes. A listing is read
    /// page after page (a reader paging back, a static export following
    /// "next" to the end), and each page asked for the same matches to be
    /// sorted and counted again.
    fn listing(
        &self,
        searcher: &Searcher,
        query: &SearchQuery,
        sort: Sort,
    ) -> Result<Arc<Listing>, SearchError> {
        let key = format!(
            "{:?} {:?} {:?} {}",
            query.filters,
            query.from,
            query.to,
            sort.as_str()
        );
        let generation = searcher.generation().generation_id();
        self.listing_memo.get_or_read(generation, key, || {
            let main = self.filtered(query, None, None)?;
            let facets = FacetCollector::new(unselected_facets(query), self.facet_cache.clone());
            let (total, mut counts) = self
                .search_segments(searcher, &main, &(Count, facets))
                .map_err(SearchError::index)?;
            let addresses: Vec<DocAddress> = if total == 0 {
                Vec::new()
            } else {
                self.search_segments(
                    searcher,
                    &main,
                    &TopDocs::with_limit(total).order_by((by_date(sort), by_id())),
                )
                .map_err(SearchError::index)?
                .into_iter()
                .map(|(_, address)| address)
                .collect()
            };
            counts.extend(self.own_facet_counts(searcher, query, None)?);
            let weight = addresses.len() + 1;
            let listing = Listing {
                addresses,
                facets: facet_values(counts, &query.filters),
            };
            Ok((Arc::new(listing), weight))
        })
    }

    /// A facet with a selection is counted without its own filter, so the
    /// reader sees what choosing another value would give.
    fn own_facet_counts(
        &self,
        searcher: &Searcher,
        query: &SearchQuery,
        text_query: Option<&dyn Query>,
    ) -> Result<RawCounts, SearchError> {
        let mut counts = RawCounts::new();
        for kind in query.filters.keys() {
            let without = self.filtered(query, text_query, Some(*kind))?;
            let own = self
                .search_segments(
                    searcher,
                    &without,
                    &FacetCollector::new(vec![*kind], self.facet_cache.clone()),
                )
                .map_err(SearchError::index)?;
            counts.extend(own);
        }
        Ok(counts)
    }

    /// Runs a search over a large index's segments side by side, one per
    /// core: a reader's search takes about half as long on two cores (a
    /// busy server answers no more searches per second, but each sooner).
    /// A small index is searched on the calling thread, where the hand-off
    /// would cost more than it saves.
    fn search_segments<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        collector: &C,
    ) -> tantivy::Result<C::Fruit> {
        match &self.segment_pool {
            Some(pool)
                if searcher.segment_readers().len() > 1
                    && searcher.num_docs() >= PARALLEL_FROM_DOCUMENTS =>
            {
                let scoring = if collector.requires_scoring() {
                    EnableScoring::enabled_from_searcher(searcher)
                } else {
                    EnableScoring::disabled_from_searcher(searcher)
                };
                searcher.search_with_executor(query, collector, pool, scoring)
            }
            _ => searcher.search(query, collector),
        }
    }

    /// The ids of the newest articles that pass every filter of `query`
    /// (its words, page and sort are not read), newest first, ties by id:
    /// for the short lists beside an article. Reads no stored document and
    /// counts nothing: a popular topic costs one pass over its postings
    /// (SQLite took 3 ms at 100,000 articles to gather the busiest topic's
    /// rows before it could sort them), and the answer is kept until the
    /// index changes.
    pub fn newest_ids(&self, query: &SearchQuery, limit: usize) -> Result<Vec<i64>, SearchError> {
        let mut filters = SearchQuery {
            filters: query.filters.clone(),
            from: query.from,
            to: query.to,
            ..SearchQuery::default()
        };
        // One language is checked per document by the collector.
        let language = match filters.filters.get(&FacetKind::Language).map(Vec::as_slice) {
            Some([one]) => {
                let one = one.clone();
                filters.filters.remove(&FacetKind::Language);
                Some(one)
            }
            _ => None,
        };
        let searcher = self.reader.searcher();
        let key = format!(
            "{:?} {language:?} {limit}",
            (&filters.filters, filters.from, filters.to)
        );
        let generation = searcher.generation().generation_id();
        self.newest_memo.get_or_read(generation, key, || {
            let main = self.filtered(&filters, None, None)?;
            let newest = searcher
                .search(
                    &main,
                    &NewestCollector {
                        limit: limit.max(1),
                        language,
                    },
                )
                .map_err(SearchError::index)?;
            let ids: Vec<i64> = newest.into_iter().map(|(_, id)| id as i64).collect();
            Ok((ids, 1))
        })
    }

    /// The query for the reader's words, or `None` to match everything.
    fn text_query(&self, query: &SearchQuery) -> Result<Option<Box<dyn Query>>, SearchError> {
        if !query.has_text() {
            return Ok(None);
        }
        let fields = self.fields.weighted_text_fields();
        let mut parser =
            QueryParser::for_index(&self.index, fields.iter().map(|(f, _)| *f).collect());
        for (field, boost) in &fields {
            parser.set_field_boost(*field, *boost);
        }
        parser.set_conjunction_by_default();
        let text = query.text.trim();
        let (whole, last_word) = match text.rsplit_once(char::is_whitespace) {
            _ if !query.prefix || text.ends_with('"') => (text, None),
            Some((rest, last)) => (rest, Some(last)),
            None => ("", Some(text)),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !whole.trim().is_empty() {
            // Lenient: unbalanced quotes or a stray operator never fail a search.
            let (parsed, _errors) = parser.parse_query_lenient(whole);
            clauses.push((Occur::Must, parsed));
        }
        if let Some(word) = last_word.and_then(|w| self.plain_word(w)) {
            clauses.push((
                Occur::Must,
                Box::new(FuzzyTermQuery::new_prefix(
                    Term::from_field_text(self.fields.spell, &word),
                    0,
                    true,
                )),
            ));
        }
        Ok(match clauses.len() {
            0 => None,
            1 => clauses.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(clauses))),
        })
    }

    /// A word as the `spell` field stores it: lower case, folded, normalised.
    fn plain_word(&self, word: &str) -> Option<String> {
        let mut analyzer = self.index.tokenizers().get(analysis::PLAIN)?;
        let mut stream = analyzer.token_stream(word);
        stream.advance().then(|| stream.token().text.clone())
    }

    /// The text query with every filter, leaving out the filter of `except`.
    fn filtered(
        &self,
        query: &SearchQuery,
        text: Option<&dyn Query>,
        except: Option<FacetKind>,
    ) -> Result<Box<dyn Query>, SearchError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(text) = text {
            clauses.push((Occur::Must, text.box_clone()));
        }
        for (kind, values) in &query.filters {
            if Some(*kind) == except || values.is_empty() {
                continue;
            }
            let alternatives: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .filter_map(|value| self.filter_term(*kind, value))
                .map(|term| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            if alternatives.is_empty() {
                // Only unusable values (a year that is not a number): nothing matches.
                return Ok(Box::new(EmptyQuery));
            }
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(alternatives)),
                    0.0,
                )),
            ));
        }
        if query.from.is_some() || query.to.is_some() {
            let bound = |date: Option<Date>, inclusive: fn(Term) -> Bound<Term>| match date {
                Some(date) => inclusive(Term::from_field_i64(
                    self.fields.date,
                    days_since_epoch(date),
                )),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(
                bound(query.from, Bound::Included),
                bound(query.to, Bound::Included),
            );
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        if clauses.is_empty() {
            return Ok(Box::new(AllQuery));
        }
        if text.is_none() {
            // Filters only: every match scores the same; keep AllQuery in so
            // a lone MustNot-free set of filters still has a positive clause.
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn filter_term(&self, kind: FacetKind, value: &str) -> Option<Term> {
        let f = &self.fields;
        let field: Field = match kind {
            FacetKind::Topic => f.topic,
            FacetKind::Region => f.region,
            FacetKind::Expert => f.expert,
            FacetKind::Type => f.content_type,
            FacetKind::Outlet => f.outlet,
            FacetKind::Language => f.language,
            FacetKind::Year => {
                return value
                    .parse::<u64>()
                    .ok()
                    .map(|y| Term::from_field_u64(f.year, y));
            }
        };
        Some(Term::from_field_text(field, value))
    }

    fn hits(
        &self,
        searcher: &Searcher,
        text_query: Option<&dyn Query>,
        addresses: &[(f32, DocAddress)],
    ) -> Result<Vec<SearchHit>, SearchError> {
        let mut highlighters: HashMap<Field, Highlighter> = HashMap::new();
        let generation = searcher.generation().generation_id();
        let mut hits = Vec::with_capacity(addresses.len());
        for &(score, address) in addresses {
            let hit = match text_query {
                // Nothing to highlight: the hit is the same on every
                // listing the piece is on.
                None => self.plain_hits.get_or_read(generation, address, || {
                    Ok::<_, SearchError>((self.hit(searcher, &mut highlighters, None, address)?, 1))
                })?,
                Some(_) => self.hit(searcher, &mut highlighters, text_query, address)?,
            };
            hits.push(SearchHit { score, ..hit });
        }
        Ok(hits)
    }

    /// One stored document as a hit, its title and snippet highlighted
    /// for `text_query`.
    fn hit(
        &self,
        searcher: &Searcher,
        highlighters: &mut HashMap<Field, Highlighter>,
        text_query: Option<&dyn Query>,
        address: DocAddress,
    ) -> Result<SearchHit, SearchError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(address).map_err(SearchError::index)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let language = text(f.language).unwrap_or_default();
        let fields = f.text_for(&language);
        let title = text(fields.title).unwrap_or_default();
        let deck = text(fields.deck).unwrap_or_default();
        let body = text(fields.body).unwrap_or_default();
        let title_html = highlight(
            highlighters,
            searcher,
            text_query,
            fields.title,
            1000,
            &title,
        )
        .unwrap_or_else(|| folio_markdown::escape_html(&title));
        // An untitled piece is shown by its deck, never as an empty link.
        let title_html = if title.is_empty() {
            folio_markdown::escape_html(&deck)
        } else {
            title_html
        };
        let snippet_html = highlight(
            highlighters,
            searcher,
            text_query,
            fields.body,
            SNIPPET_LENGTH,
            &body,
        )
        .unwrap_or_else(|| {
            let opening = if deck.is_empty() { &body } else { &deck };
            folio_markdown::escape_html(&folio_markdown::truncate_words(opening, SNIPPET_LENGTH))
        });
        Ok(SearchHit {
            id: doc
                .get_first(f.id)
                .and_then(|v| v.as_u64())
                .unwrap_or_default() as i64,
            language,
            slug: text(f.slug).unwrap_or_default(),
            title: if title.is_empty() {
                deck.clone()
            } else {
                title
            },
            title_html,
            snippet_html,
            deck,
            content_type: text(f.content_type),
            series_number: doc
                .get_first(f.series_number)
                .and_then(|v| v.as_u64())
                .and_then(|n| u32::try_from(n).ok()),
            type_label: text(f.type_label),
            published_on: text(f.published_on),
            authors: doc
                .get_all(f.author_display)
                .filter_map(|v| v.as_str())
                .filter_map(|v| v.split_once(LABEL_SEPARATOR))
                .map(|(slug, name)| AuthorHit {
                    slug: slug.to_owned(),
                    name: name.to_owned(),
                })
                .collect(),
            score: 0.0,
        })
    }

    /// For each word with no match, the closest word in the archive
    /// (by edit distance, then by how common it is); `None` when every
    /// word is known or nothing close exists.
    fn suggest(&self, searcher: &Searcher, text: &str) -> Option<String> {
        let mut changed = false;
        let mut words = Vec::new();
        for word in text.split_whitespace() {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            let Some(normalized) = self.plain_word(bare) else {
                words.push(word.to_owned());
                continue;
            };
            if self.spell_frequency(searcher, &normalized) > 0 {
                words.push(word.to_owned());
                continue;
            }
            match self.closest_word(searcher, &normalized) {
                Some(better) => {
                    changed = true;
                    words.push(better);
                }
                None => words.push(word.to_owned()),
            }
        }
        changed.then(|| words.join(" "))
    }

    fn spell_frequency(&self, searcher: &Searcher, word: &str) -> u64 {
        let term = Term::from_field_text(self.fields.spell, word);
        searcher.doc_freq(&term).unwrap_or(0)
    }

    fn closest_word(&self, searcher: &Searcher, word: &str) -> Option<String> {
        let max_distance = if word.chars().count() <= 4 { 1 } else { 2 };
        let first = word.chars().next()?;
        let mut prefix_end = String::new();
        prefix_end.push(char::from_u32(first as u32 + 1)?);
        let mut candidates: HashMap<String, (usize, u64)> = HashMap::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.spell) else {
                continue;
            };
            let dictionary = inverted.terms();
            let Ok(mut stream) = dictionary
                .range()
                .ge(first.to_string().as_bytes())
                .lt(prefix_end.as_bytes())
                .into_stream()
            else {
                continue;
            };
            while stream.advance() {
                let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let length_gap = candidate.chars().count().abs_diff(word.chars().count());
                if length_gap > max_distance {
                    continue;
                }
                if let Some(distance) = bounded_edit_distance(word, candidate, max_distance) {
                    let entry = candidates
                        .entry(candidate.to_owned())
                        .or_insert((distance, 0));
                    entry.1 += u64::from(stream.value().doc_freq);
                }
            }
        }
        candidates
            .into_iter()
            .min_by(|a, b| {
                a.1.0
                    .cmp(&b.1.0)
                    .then(b.1.1.cmp(&a.1.1))
                    .then(a.0.cmp(&b.0))
            })
            .map(|(word, _)| word)
    }
}

/// Per field: tantivy's snippet generator plus what it takes to find the
/// first matching word cheaply (the field's analyzer and the query's terms).
struct Highlighter {
    generator: SnippetGenerator,
    analyzer: TextAnalyzer,
    terms: HashSet<String>,
}

/// `text` with the query's words in `<mark>` (HTML-escaped), cut to the
/// best passage; `None` when there is no query or no word matched.
fn highlight(
    highlighters: &mut HashMap<Field, Highlighter>,
    searcher: &Searcher,
    query: Option<&dyn Query>,
    field: Field,
    max_chars: usize,
    text: &str,
) -> Option<String> {
    let query = query?;
    let highlighter = match highlighters.entry(field) {
        std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
        std::collections::hash_map::Entry::Vacant(entry) => {
            let mut generator = SnippetGenerator::create(searcher, query, field).ok()?;
            generator.set_max_num_chars(max_chars);
            let mut terms = HashSet::new();
            query.query_terms(&mut |term, _| {
                if term.field() == field
                    && let Some(word) = term.value().as_str()
                {
                    terms.insert(word.to_owned());
                }
            });
            let analyzer = searcher.index().tokenizer_for_field(field).ok()?;
            entry.insert(Highlighter {
                generator,
                analyzer,
                terms,
            })
        }
    };
    // Stemming a whole long body for every hit is most of a search's time;
    // the generator only needs the neighbourhood of the first match.
    let window = first_match_window(highlighter, text, max_chars)?;
    let mut snippet = highlighter.generator.snippet(window);
    if snippet.highlighted().is_empty() {
        return None;
    }
    snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
    // A passage cut out of the middle of the text says so.
    let fragment = snippet.fragment().trim();
    let mut html = String::new();
    if !text.trim_start().starts_with(fragment) {
        html.push('…');
    }
    html.push_str(snippet.to_html().trim());
    if !text.trim_end().ends_with(fragment) {
        html.push('…');
    }
    Some(html)
}

/// How far into a text to look for a match to show. A document can match
/// on its title or topics alone; scanning all of a long body to find no
/// match costs more than the rest of the search.
const SNIPPET_SCAN_BYTES: usize = 12_000;

/// The part of `text` within `reach` characters (each side) of the first
/// word that matches a query term; `None` when no word matches within
/// [`SNIPPET_SCAN_BYTES`].
fn first_match_window<'t>(
    highlighter: &mut Highlighter,
    text: &'t str,
    reach: usize,
) -> Option<&'t str> {
    let mut stream = highlighter.analyzer.token_stream(text);
    let (from, to) = loop {
        if !stream.advance() {
            return None;
        }
        let token = stream.token();
        if token.offset_from > SNIPPET_SCAN_BYTES {
            return None;
        }
        if highlighter.terms.contains(&token.text) {
            break (token.offset_from, token.offset_to);
        }
    };
    // Leave room for a phrase that continues after the first word.
    let start = text[..from]
        .char_indices()
        .rev()
        .nth(reach)
        .map_or(0, |(i, _)| i);
    let end = text[to..]
        .char_indices()
        .nth(reach * 2)
        .map_or(text.len(), |(i, _)| to + i);
    Some(&text[start..end])
}

/// Levenshtein distance when it is at most `max`, else `None`.
fn bounded_edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > max {
            return None;
        }
        previous = current;
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

/// The facets a query has no selection in: counted with its filters.
fn unselected_facets(query: &SearchQuery) -> Vec<FacetKind> {
    FacetKind::ALL
        .into_iter()
        .filter(|k| !query.filters.contains_key(k))
        .collect()
}

/// Newest first (undated last), or oldest first.
fn by_date(sort: Sort) -> (SortByStaticFastValue<i64>, Order) {
    let order = if sort == Sort::Oldest {
        Order::Asc
    } else {
        Order::Desc
    };
    (SortByStaticFastValue::<i64>::for_field("date"), order)
}

/// Ties go by article id, newest first: a page of results must not depend
/// on where documents sit in the index, which merges change.
fn by_id() -> (SortByStaticFastValue<u64>, Order) {
    (SortByStaticFastValue::<u64>::for_field("id"), Order::Desc)
}

/// Raw counts to labelled values, most frequent first; selected values are
/// always listed, even with no match.
fn facet_values(
    counts: RawCounts,
    selected: &BTreeMap<FacetKind, Vec<String>>,
) -> BTreeMap<FacetKind, Vec<FacetValue>> {
    let mut out = BTreeMap::new();
    for kind in FacetKind::ALL {
        let chosen = selected.get(&kind).cloned().unwrap_or_default();
        let mut values: Vec<FacetValue> = counts
            .get(&kind)
            .into_iter()
            .flatten()
            .map(|(raw, &count)| {
                let (value, label) = match raw.split_once(LABEL_SEPARATOR) {
                    Some((slug, label)) => (slug.to_owned(), label.to_owned()),
                    None => (raw.clone(), raw.clone()),
                };
                FacetValue {
                    selected: chosen.contains(&value),
                    value,
                    label,
                    count,
                }
            })
            .collect();
        for value in &chosen {
            if !values.iter().any(|v| &v.value == value) {
                values.push(FacetValue {
                    value: value.clone(),
                    label: value.clone(),
                    count: 0,
                    selected: true,
                });
            }
        }
        match kind {
            // Years read best newest first, languages in a fixed order.
            FacetKind::Year => values.sort_by(|a, b| b.value.cmp(&a.value)),
            FacetKind::Language => values.sort_by_key(|v| {
                TEXT_LANGUAGES
                    .iter()
                    .position(|l| *l == v.value)
                    .unwrap_or(usize::MAX)
            }),
            _ => values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label))),
        }
        if kind != FacetKind::Year {
            let keep_selected: Vec<FacetValue> = values
                .iter()
                .skip(FACET_VALUES)
                .filter(|v| v.selected)
                .cloned()
                .collect();
            values.truncate(FACET_VALUES);
            values.extend(keep_selected);
        }
        out.insert(kind, values);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(bounded_edit_distance("terorism", "terrorism", 2), Some(1));
        assert_eq!(bounded_edit_distance("syria", "syria", 1), Some(0));
        assert_eq!(bounded_edit_distance("iran", "iraq", 1), Some(1));
        assert_eq!(bounded_edit_distance("gaza", "russia", 2), None);
    }
}
