//! Related analysis: what else a reader of one article should see.
//!
//! Text similarity (the article's own words, weighed by how rare they are)
//! combined with shared experts, topics and regions, and closeness in time.
//! Never the article itself, its translations, unpublished pieces (they are
//! not in the index) or pieces already listed.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::{DocId, Score, SegmentReader, TantivyDocument, Term};

use crate::SearchError;
use crate::index::{SearchIndex, days_since_epoch};

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
        let documents = searcher.num_docs().max(1);
        let similar = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency((documents / 4).max(2))
            .with_min_term_frequency(1)
            .with_min_word_length(3)
            .with_max_query_terms(25)
            .with_document_fields(vec![
                (text.title, vec![OwnedValue::from(request.title.clone())]),
                (text.deck, vec![OwnedValue::from(request.deck.clone())]),
                (text.body, vec![OwnedValue::from(request.body_text.clone())]),
            ]);
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
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(BooleanQuery::new(evidence))),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    term(f.language, &request.language),
                    0.0,
                )),
            ),
        ];
        let mut excluded: HashSet<i64> = request.exclude.iter().copied().collect();
        excluded.insert(request.id);
        for id in &excluded {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.id, *id as u64),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(group) = request.translation_group {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.translation_group, group as u64),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let anchor = request.published_on.map(days_since_epoch);
        let collector =
            TopDocs::with_limit(request.limit).tweak_score(move |segment: &SegmentReader| {
                let dates = segment.fast_fields().i64("date").ok();
                move |doc: DocId, score: Score| {
                    let date = dates.as_ref().and_then(|column| column.first(doc));
                    score * closeness_in_time(anchor, date)
                }
            });
        let top = searcher
            .search(&query, &collector)
            .map_err(SearchError::index)?;
        top.into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address).map_err(SearchError::index)?;
                Ok(RelatedHit {
                    id: doc
                        .get_first(f.id)
                        .and_then(|v| v.as_u64())
                        .unwrap_or_default() as i64,
                    score,
                })
            })
            .collect()
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
