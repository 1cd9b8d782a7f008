//! Facet counts, read straight from fast fields: one pass over the
//! matching documents counts every facet at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
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
    pub(crate) fn count_field(self) -> &'static str {
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

/// Every segment's facet values, flattened once per segment and kept: a
/// segment never changes, and reading facet columns document by document
/// through their indexes was the largest cost of a search over a large
/// archive.
#[derive(Debug, Clone, Default)]
pub struct FacetCache(Arc<Mutex<FlatColumns>>);

type FlatColumns = HashMap<(SegmentId, FacetKind), Arc<FlatColumn>>;

/// Entries kept before the cache starts over (merges retire segments).
const CACHE_ENTRIES: usize = 256;

impl FacetCache {
    fn get_or_build(
        &self,
        segment: SegmentId,
        kind: FacetKind,
        build: impl FnOnce() -> FlatColumn,
    ) -> Arc<FlatColumn> {
        if let Some(found) = self.lock().get(&(segment, kind)) {
            return Arc::clone(found);
        }
        // Built outside the lock: two searches may both build it once.
        let built = Arc::new(build());
        let mut cache = self.lock();
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert((segment, kind), Arc::clone(&built));
        built
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FlatColumns> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One facet of one segment: document `d`'s values are
/// `values[offsets[d]..offsets[d + 1]]`, as term ordinals (text) or as
/// `value - base` (numbers); `slots` is one more than the largest.
#[derive(Debug)]
pub struct FlatColumn {
    offsets: Vec<u32>,
    values: Vec<u32>,
    base: u64,
    slots: usize,
}

impl FlatColumn {
    fn build(column: &FacetColumn, max_doc: DocId) -> FlatColumn {
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut values = Vec::new();
        offsets.push(0);
        let (base, slots) = match column {
            FacetColumn::Text(c) => {
                for doc in 0..max_doc {
                    values.extend(c.term_ords(doc).map(|ord| ord as u32));
                    offsets.push(values.len() as u32);
                }
                (0, c.num_terms())
            }
            FacetColumn::Number(c) => {
                let base = c.min_value();
                let mut largest = 0;
                for doc in 0..max_doc {
                    for value in c.values_for_doc(doc) {
                        // Years: a span of decades, never near u32's range.
                        let slot = value.saturating_sub(base).min(u64::from(u32::MAX - 1)) as u32;
                        largest = largest.max(slot);
                        values.push(slot);
                    }
                    offsets.push(values.len() as u32);
                }
                (base, largest as usize + 1)
            }
        };
        FlatColumn {
            offsets,
            values,
            base,
            slots,
        }
    }
}

pub struct FacetCollector {
    kinds: Vec<FacetKind>,
    cache: FacetCache,
}

impl FacetCollector {
    pub fn new(kinds: Vec<FacetKind>, cache: FacetCache) -> FacetCollector {
        FacetCollector { kinds, cache }
    }
}

enum FacetColumn {
    Text(StrColumn),
    Number(Column<u64>),
}

/// One facet being counted in one segment.
struct Counting {
    kind: FacetKind,
    column: FacetColumn,
    flat: Arc<FlatColumn>,
    counts: Vec<u64>,
}

pub struct FacetSegmentCollector {
    facets: Vec<Counting>,
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
        let mut facets = Vec::new();
        for &kind in &self.kinds {
            let column = if kind == FacetKind::Year {
                Some(FacetColumn::Number(fast.u64(kind.count_field())?))
            } else {
                fast.str(kind.count_field())?.map(FacetColumn::Text)
            };
            let Some(column) = column else { continue };
            let flat = self.cache.get_or_build(reader.segment_id(), kind, || {
                FlatColumn::build(&column, reader.max_doc())
            });
            facets.push(Counting {
                kind,
                counts: vec![0; flat.slots],
                column,
                flat,
            });
        }
        Ok(FacetSegmentCollector { facets })
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
        for facet in &mut self.facets {
            let flat = &facet.flat;
            let (start, end) = (
                flat.offsets[doc as usize] as usize,
                flat.offsets[doc as usize + 1] as usize,
            );
            for &value in &flat.values[start..end] {
                facet.counts[value as usize] += 1;
            }
        }
    }

    fn harvest(self) -> RawCounts {
        let mut out: RawCounts = HashMap::new();
        for facet in self.facets {
            let counts = out.entry(facet.kind).or_default();
            match facet.column {
                FacetColumn::Text(c) => {
                    // One sorted pass over the dictionary: looking terms up
                    // one by one decodes a dictionary block each time.
                    let (ords, values): (Vec<u64>, Vec<u64>) = facet
                        .counts
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
                FacetColumn::Number(_) => {
                    for (slot, &count) in facet.counts.iter().enumerate() {
                        if count > 0 {
                            let value = facet.flat.base + slot as u64;
                            *counts.entry(value.to_string()).or_default() += count;
                        }
                    }
                }
            }
        }
        out
    }
}
