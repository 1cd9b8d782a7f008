//! The newest articles that pass a set of filters, read from fast fields:
//! the short lists beside an article ("More on" a topic), which need four
//! pieces out of thousands and no counts, scores or stored documents.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

use crate::index::language_ords;
use crate::memo::GenerationMemo;

/// A document's place in "newest first": its date (undated ones last),
/// then its id.
type Newness = (Option<i64>, u64);

/// Collects the ids of the `limit` newest matching documents, newest first,
/// keeping only those in `language` when one is given: a check of a fast
/// field, far cheaper than intersecting with the language's postings,
/// which hold nearly every document.
pub(crate) struct NewestCollector {
    pub(crate) limit: usize,
    pub(crate) language: Option<String>,
}

pub(crate) struct NewestSegmentCollector {
    limit: usize,
    /// The language's term ordinal in this segment: `None` when a language
    /// was asked for and the segment has none of it.
    wanted: Option<Option<u64>>,
    language: Option<Column<u64>>,
    date: Column<i64>,
    id: Column<u64>,
    /// The newest so far, newest first.
    top: Vec<Newness>,
}

impl Collector for NewestCollector {
    type Fruit = Vec<Newness>;
    type Child = NewestSegmentCollector;

    fn for_segment(
        &self,
        _segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<NewestSegmentCollector> {
        let fast = reader.fast_fields();
        let (wanted, language) = match &self.language {
            None => (Some(None), None),
            Some(code) => match language_ords(fast, code)? {
                Some((ord, column)) => (Some(Some(ord)), Some(column)),
                None => (None, None),
            },
        };
        Ok(NewestSegmentCollector {
            limit: self.limit,
            wanted,
            language,
            date: fast.i64("date")?,
            id: fast.u64("id")?,
            top: Vec::with_capacity(self.limit + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Newness>>) -> tantivy::Result<Vec<Newness>> {
        let mut all: Vec<Newness> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(|a, b| b.cmp(a));
        all.truncate(self.limit);
        Ok(all)
    }
}

impl SegmentCollector for NewestSegmentCollector {
    type Fruit = Vec<Newness>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(wanted) = self.wanted else { return };
        if let (Some(ord), Some(column)) = (wanted, &self.language)
            && column.first(doc) != Some(ord)
        {
            return;
        }
        let date = self.date.first(doc);
        let full = self.top.len() >= self.limit;
        if full && self.top.last().is_some_and(|last| date < last.0) {
            return;
        }
        let Some(id) = self.id.first(doc) else { return };
        let key = (date, id);
        if full && self.top.last().is_some_and(|last| key <= *last) {
            return;
        }
        let at = self.top.partition_point(|held| *held > key);
        self.top.insert(at, key);
        self.top.truncate(self.limit);
    }

    fn harvest(self) -> Vec<Newness> {
        self.top
    }
}

/// Answers kept until the index changes: every article on a topic asks for
/// the same few newest pieces, so a site's pages (and a static export's)
/// share a handful of answers instead of each walking the topic's postings.
pub(crate) type NewestMemo = GenerationMemo<String, Vec<i64>>;

/// Answers the newest-pieces memo keeps: more than a site has topics in
/// all its languages.
pub(crate) const NEWEST_ANSWERS: usize = 4096;
