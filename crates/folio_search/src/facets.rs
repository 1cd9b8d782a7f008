//! Facet counts, read straight from fast fields: one pass over the
//! matching documents counts every facet at once.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

/// The ways results can be narrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FacetKind {
    Topic,
    Region,
    Expert,
    Type,
    Year,
    Language,
    Outlet,
}

impl FacetKind {
    pub const ALL: [FacetKind; 7] = [
        FacetKind::Topic,
        FacetKind::Region,
        FacetKind::Expert,
        FacetKind::Type,
        FacetKind::Year,
        FacetKind::Language,
        FacetKind::Outlet,
    ];

    /// The query-string parameter that filters by this facet.
    pub fn parameter(self) -> &'static str {
        match self {
            FacetKind::Topic => "topic",
            FacetKind::Region => "region",
            FacetKind::Expert => "expert",
            FacetKind::Type => "type",
            FacetKind::Year => "year",
            FacetKind::Language => "lang",
            FacetKind::Outlet => "outlet",
        }
    }

    pub fn from_parameter(name: &str) -> Option<FacetKind> {
        FacetKind::ALL.into_iter().find(|k| k.parameter() == name)
    }

    /// The fast field counted for this facet.
    fn count_field(self) -> &'static str {
        match self {
            FacetKind::Topic => "topic_facet",
            FacetKind::Region => "region_facet",
            FacetKind::Expert => "expert_facet",
            FacetKind::Type => "type_facet",
            FacetKind::Year => "year",
            FacetKind::Language => "language",
            FacetKind::Outlet => "outlet_facet",
        }
    }
}

/// Raw counts per facet: value (as stored, `slug\u{1f}label` for labelled
/// facets) to number of matching documents.
pub type RawCounts = HashMap<FacetKind, HashMap<String, u64>>;

pub struct FacetCollector {
    kinds: Vec<FacetKind>,
}

impl FacetCollector {
    pub fn new(kinds: Vec<FacetKind>) -> FacetCollector {
        FacetCollector { kinds }
    }
}

enum FacetColumn {
    Text(StrColumn),
    Number(Column<u64>),
}

pub struct FacetSegmentCollector {
    columns: Vec<(FacetKind, Option<FacetColumn>)>,
    /// Per column: counts by term ordinal (text) or by value (numbers).
    text_counts: Vec<Vec<u64>>,
    /// Per number column: counts by `value - min` (years span decades, so
    /// a vector beats hashing every document's value).
    number_counts: Vec<(u64, Vec<u64>)>,
}

impl Collector for FacetCollector {
    type Fruit = RawCounts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = reader.fast_fields();
        let mut columns = Vec::new();
        let mut text_counts = Vec::new();
        let mut number_counts = Vec::new();
        for &kind in &self.kinds {
            let column = if kind == FacetKind::Year {
                Some(FacetColumn::Number(fast.u64(kind.count_field())?))
            } else {
                fast.str(kind.count_field())?.map(FacetColumn::Text)
            };
            let terms = match &column {
                Some(FacetColumn::Text(c)) => c.num_terms(),
                _ => 0,
            };
            text_counts.push(vec![0; terms]);
            number_counts.push(match &column {
                Some(FacetColumn::Number(c)) if c.max_value() >= c.min_value() => {
                    let span = (c.max_value() - c.min_value()).min(100_000) as usize + 1;
                    (c.min_value(), vec![0; span])
                }
                _ => (0, Vec::new()),
            });
            columns.push((kind, column));
        }
        Ok(FacetSegmentCollector {
            columns,
            text_counts,
            number_counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<RawCounts>) -> tantivy::Result<RawCounts> {
        let mut merged: RawCounts = HashMap::new();
        for fruit in fruits {
            for (kind, counts) in fruit {
                let target = merged.entry(kind).or_default();
                for (value, count) in counts {
                    *target.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = RawCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (i, (_, column)) in self.columns.iter().enumerate() {
            match column {
                Some(FacetColumn::Text(c)) => {
                    for ord in c.term_ords(doc) {
                        self.text_counts[i][ord as usize] += 1;
                    }
                }
                Some(FacetColumn::Number(c)) => {
                    let (min, counts) = &mut self.number_counts[i];
                    for value in c.values_for_doc(doc) {
                        if let Some(count) = counts.get_mut(value.wrapping_sub(*min) as usize) {
                            *count += 1;
                        }
                    }
                }
                None => {}
            }
        }
    }

    fn harvest(self) -> RawCounts {
        let mut out: RawCounts = HashMap::new();
        for (i, (kind, column)) in self.columns.into_iter().enumerate() {
            let counts = out.entry(kind).or_default();
            match column {
                Some(FacetColumn::Text(c)) => {
                    // One sorted pass over the dictionary: looking terms up
                    // one by one decodes a dictionary block each time.
                    let (ords, values): (Vec<u64>, Vec<u64>) = self.text_counts[i]
                        .iter()
                        .enumerate()
                        .filter(|(_, count)| **count > 0)
                        .map(|(ord, count)| (ord as u64, *count))
                        .unzip();
                    let mut values = values.into_iter();
                    let _ = c.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                        if let (Ok(text), Some(count)) = (std::str::from_utf8(bytes), values.next())
                        {
                            *counts.entry(text.to_owned()).or_default() += count;
                        }
                    });
                }
                Some(FacetColumn::Number(_)) => {
                    let (min, values) = &self.number_counts[i];
                    for (offset, &count) in values.iter().enumerate() {
                        if count > 0 {
                            *counts.entry((min + offset as u64).to_string()).or_default() += count;
                        }
                    }
                }
                None => {}
            }
        }
        out
    }
}
