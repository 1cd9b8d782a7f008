//! Related analysis: what else a reader of one article should see.
//!
//! Text similarity (the article's own words, weighed by how rare they are)
//! combined with shared experts, topics and regions, and closeness in time.
//! Never the article itself, its translations, unpublished pieces (they are
//! not in the index) or pieces already listed.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentReader, Term};

use crate::SearchError;
use crate::index::{SearchIndex, days_since_epoch, language_ords};
use crate::memo::GenerationMemo;

const EXPERT_BOOST: f32 = 4.0;
const TOPIC_BOOST: f32 = 2.5;
const REGION_BOOST: f32 = 1.5;
/// How fast relatedness fades with the time between two pieces, in days.
const TIME_SCALE_DAYS: f32 = 730.0;
/// How much of the body the similarity reads: an analysis states its
/// subject in its opening paragraphs, and reading the whole of a long piece
/// cost more than the rest of the query (tokenising and stemming it).
const BODY_BYTES_READ: usize = 3000;

/// The article to find relatives of.
#[derive(Debug, Clone, Default)]
pub struct RelatedRequest {
    pub id: i64,
    pub language: String,
    pub translation_group: Option<i64>,
    pub title: String,
    pub deck: String,
    pub body_text: String,
    pub experts: Vec<String>,
    pub topics: Vec<String>,
    pub regions: Vec<String>,
    pub published_on: Option<folio_core::Date>,
    /// Articles already shown (the editors' picks).
    pub exclude: Vec<i64>,
    pub limit: usize,
}

impl RelatedRequest {
    /// Relatives of a loaded article, leaving out its editors' picks.
    pub fn for_article(article: &folio_core::Article, limit: usize) -> RelatedRequest {
        RelatedRequest {
            id: article.id.0,
            language: article.language.to_string(),
            translation_group: article.translation_group,
            title: article.title.clone(),
            deck: article.deck.clone(),
            body_text: folio_markdown::to_plain_text(opening(&article.body_markdown)),
            experts: article.authors.iter().map(|a| a.slug.to_string()).collect(),
            topics: article.topics.iter().map(|t| t.slug.to_string()).collect(),
            regions: article.regions.iter().map(|t| t.slug.to_string()).collect(),
            published_on: article.published_on,
            exclude: article
                .recommended
                .iter()
                .filter_map(|r| r.article.as_ref().map(|a| a.id.0))
                .collect(),
            limit,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedHit {
    pub id: i64,
    pub score: f32,
}

impl SearchIndex {
    pub fn related(&self, request: &RelatedRequest) -> Result<Vec<RelatedHit>, SearchError> {
        if request.limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let text = f.text_for(&request.language);
        let similar = similar_words(
            &searcher,
            &self.doc_frequencies,
            &[
                (text.title, &request.title),
                (text.deck, &request.deck),
                (text.body, &request.body_text),
            ],
        )?;
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        // The words decide which pieces are candidates; shared experts,
        // topics and regions only rank them. As optional clauses of their
        // own, a broad topic made every piece filed under it a candidate
        // to score, most of a related query's time in a large archive.
        let mut evidence: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(similar))];
        for (values, field, boost) in [
            (&request.experts, f.expert, EXPERT_BOOST),
            (&request.topics, f.topic, TOPIC_BOOST),
            (&request.regions, f.region, REGION_BOOST),
        ] {
            for value in values {
                evidence.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(term(field, value), boost)),
                ));
            }
        }
        // The language and the exclusions are checked by the collector on
        // fast fields, not as clauses: intersected with the query, the
        // language term (nearly every piece of an archive) was a seek per
        // candidate, a third of the search's time.
        let query = BooleanQuery::new(evidence);
        let mut excluded: Vec<u64> = request.exclude.iter().map(|&id| id as u64).collect();
        excluded.push(request.id as u64);
        let collector = RelatedCollector {
            limit: request.limit,
            anchor: request.published_on.map(days_since_epoch),
            language: request.language.clone(),
            excluded,
            group: request.translation_group.map(|group| group as u64),
        };
        let top = searcher
            .search(&query, &collector)
            .map_err(SearchError::index)?;
        Ok(top
            .into_iter()
            .map(|relative| RelatedHit {
                id: relative.id as i64,
                score: relative.score,
            })
            .collect())
    }
}

/// The best-scored relatives, their text score weighed by closeness in
/// time. Whether a piece may be a relative at all is checked only for one
/// that would make the top so far: most matched pieces score too low, and
/// the checks read three fast fields.
struct RelatedCollector {
    limit: usize,
    anchor: Option<i64>,
    language: String,
    excluded: Vec<u64>,
    group: Option<u64>,
}

/// A relative found in one segment. Ties in score go to the piece that
/// comes first in the index, so the same index always answers the same.
#[derive(Debug, Clone, Copy)]
struct Relative {
    score: Score,
    segment: u32,
    doc: DocId,
    id: u64,
}

impl Relative {
    /// `Less` when `self` ranks before `other`.
    fn rank(&self, other: &Relative) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then((self.segment, self.doc).cmp(&(other.segment, other.doc)))
    }

    fn ranks_before(&self, other: &Relative) -> bool {
        self.rank(other).is_lt()
    }
}

impl Collector for RelatedCollector {
    type Fruit = Vec<Relative>;
    type Child = RelatedSegmentCollector;

    fn for_segment(
        &self,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<RelatedSegmentCollector> {
        Ok(RelatedSegmentCollector {
            limit: self.limit,
            anchor: self.anchor,
            segment,
            candidates: Candidates::of_segment(
                reader,
                &self.language,
                self.excluded.clone(),
                self.group,
            )?,
            top: Vec::with_capacity(self.limit + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Relative>>) -> tantivy::Result<Vec<Relative>> {
        let mut all: Vec<Relative> = fruits.into_iter().flatten().collect();
        all.sort_by(Relative::rank);
        all.truncate(self.limit);
        Ok(all)
    }
}

struct RelatedSegmentCollector {
    limit: usize,
    anchor: Option<i64>,
    segment: u32,
    candidates: Candidates,
    /// The best so far, best first.
    top: Vec<Relative>,
}

impl SegmentCollector for RelatedSegmentCollector {
    type Fruit = Vec<Relative>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let relative = Relative {
            score: score * closeness_in_time(self.anchor, self.candidates.date(doc)),
            segment: self.segment,
            doc,
            id: 0,
        };
        if self.top.len() >= self.limit
            && self
                .top
                .last()
                .is_some_and(|last| !relative.ranks_before(last))
        {
            return;
        }
        let Some(id) = self.candidates.admits(doc) else {
            return;
        };
        let at = self
            .top
            .partition_point(|kept| kept.ranks_before(&relative));
        self.top.insert(at, Relative { id, ..relative });
        self.top.truncate(self.limit);
    }

    fn harvest(self) -> Vec<Relative> {
        self.top
    }
}

/// One segment's fast fields that decide whether a matched piece can be a
/// relative: in the article's language, not the article itself, one of
/// its translations or a piece already listed.
struct Candidates {
    /// The language's term in this segment's dictionary (`None`: no piece
    /// of the segment is in it) and each piece's.
    language: Option<(u64, Column<u64>)>,
    id: Column<u64>,
    /// Read leniently, as the date always was: without the column, no
    /// piece of the segment is ruled out by group (or weighed by date).
    translation_group: Option<Column<u64>>,
    date: Option<Column<i64>>,
    excluded: Vec<u64>,
    group: Option<u64>,
}

impl Candidates {
    fn of_segment(
        segment: &SegmentReader,
        language: &str,
        excluded: Vec<u64>,
        group: Option<u64>,
    ) -> tantivy::Result<Candidates> {
        let fast = segment.fast_fields();
        Ok(Candidates {
            language: language_ords(fast, language)?,
            id: fast.u64("id")?,
            translation_group: fast.u64("translation_group").ok(),
            date: fast.i64("date").ok(),
            excluded,
            group,
        })
    }

    /// The piece's id when it may be a relative.
    fn admits(&self, doc: DocId) -> Option<u64> {
        let (wanted, languages) = self.language.as_ref()?;
        if languages.first(doc) != Some(*wanted) {
            return None;
        }
        let id = self.id.first(doc)?;
        if self.excluded.contains(&id) {
            return None;
        }
        match (self.group, &self.translation_group) {
            (Some(group), Some(column)) if column.first(doc) == Some(group) => None,
            _ => Some(id),
        }
    }

    fn date(&self, doc: DocId) -> Option<i64> {
        self.date.as_ref().and_then(|column| column.first(doc))
    }
}

/// Words whose document frequencies related analysis keeps at most: an
/// archive's vocabulary in three fields (title, deck, body) per language.
pub(crate) const DOC_FREQUENCIES_KEPT: usize = 200_000;

/// Words rarer than this (in documents) say nothing of a piece's likeness.
const MIN_DOC_FREQUENCY: u64 = 2;
/// Words shorter than this (in bytes) are skipped.
const MIN_WORD_BYTES: usize = 3;
/// The words a related query asks for at most.
const MAX_QUERY_TERMS: usize = 25;

/// The article's most telling words, each weighed by how often it uses
/// them and how rare they are in the archive (as Lucene's "more like
/// this"), as a query for any of them. Ties go by the word, so the same
/// article always asks the same question: tantivy's own version picked
/// among equally telling words in hash order, and an unchanged page could
/// show other relatives from one export to the next.
fn similar_words(
    searcher: &Searcher,
    doc_frequencies: &GenerationMemo<Term, u64>,
    texts: &[(Field, &str)],
) -> Result<BooleanQuery, SearchError> {
    let generation = searcher.generation().generation_id();
    let documents = searcher.num_docs().max(1);
    let max_doc_frequency = (documents / 4).max(MIN_DOC_FREQUENCY);
    let schema = searcher.schema();
    let tokenizers = searcher.index().tokenizers();
    let mut frequencies: HashMap<Term, usize> = HashMap::new();
    for &(field, text) in texts {
        let Some(mut analyzer) = tokenizers.get(tokenizer_name(schema, field)) else {
            continue;
        };
        analyzer.token_stream(text).process(&mut |token| {
            if token.text.len() >= MIN_WORD_BYTES {
                *frequencies
                    .entry(Term::from_field_text(field, &token.text))
                    .or_insert(0) += 1;
            }
        });
    }
    let mut scored: Vec<(f32, Term)> = Vec::with_capacity(frequencies.len());
    for (term, frequency) in frequencies {
        // An archive's pieces share most of their words: each is looked up
        // in the term dictionaries of every segment once per generation.
        let doc_frequency = doc_frequencies.get_or_read(generation, term.clone(), || {
            searcher
                .doc_freq(&term)
                .map(|frequency| (frequency, 1))
                .map_err(SearchError::index)
        })?;
        if !(MIN_DOC_FREQUENCY..=max_doc_frequency).contains(&doc_frequency) {
            continue;
        }
        let rarity = ((documents - doc_frequency.min(documents)) as f32 + 0.5)
            / (doc_frequency as f32 + 0.5);
        scored.push((frequency as f32 * (1.0 + rarity).ln(), term));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(MAX_QUERY_TERMS);
    let best = scored.first().map_or(1.0, |(score, _)| *score);
    let words: Vec<(Occur, Box<dyn Query>)> = scored
        .into_iter()
        .map(|(score, term)| {
            let query: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                score / best,
            ));
            (Occur::Should, query)
        })
        .collect();
    Ok(BooleanQuery::new(words))
}

/// The tokenizer a text field is indexed with.
fn tokenizer_name(schema: &tantivy::schema::Schema, field: Field) -> &str {
    match schema.get_field_entry(field).field_type() {
        tantivy::schema::FieldType::Str(options) => options
            .get_indexing_options()
            .map_or("default", |o| o.tokenizer()),
        _ => "default",
    }
}

/// The body's first paragraphs, about [`BODY_BYTES_READ`] long: whole
/// paragraphs, so no Markdown construct is cut in two.
fn opening(markdown: &str) -> &str {
    let Some(start) = (BODY_BYTES_READ..markdown.len()).find(|&i| markdown.is_char_boundary(i))
    else {
        return markdown;
    };
    match markdown[start..].find("\n\n") {
        Some(end) => &markdown[..start + end],
        None => markdown,
    }
}

/// 1 for pieces of the same day, fading with the years between them;
/// a neutral 0.5 when either date is unknown.
fn closeness_in_time(anchor: Option<i64>, date: Option<i64>) -> f32 {
    match (anchor, date) {
        (Some(a), Some(d)) => 1.0 / (1.0 + (a - d).unsigned_abs() as f32 / TIME_SCALE_DAYS),
        _ => 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_opening_paragraphs_of_a_long_body_are_read() {
        assert_eq!(opening("short"), "short");
        let paragraph = "word ".repeat(100);
        let body = vec![paragraph.trim(); 20].join("\n\n");
        let read = opening(&body);
        assert!(read.len() >= BODY_BYTES_READ && read.len() < BODY_BYTES_READ + 500);
        assert!(body.starts_with(read) && read.ends_with("word"));
        let arabic = vec!["كلمة ".repeat(100); 20].join("\n\n");
        assert!(arabic.starts_with(opening(&arabic)));
    }

    #[test]
    fn closer_in_time_weighs_more() {
        assert_eq!(closeness_in_time(Some(100), Some(100)), 1.0);
        assert!(closeness_in_time(Some(0), Some(365)) > closeness_in_time(Some(0), Some(3650)));
        assert_eq!(closeness_in_time(None, Some(1)), 0.5);
    }
}
