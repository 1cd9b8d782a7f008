//! The on-disk index: opening it, writing documents, and the commit payload
//! that records how far into the store's change log it is.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use folio_core::{Date, slugify};
use folio_db::ArticleDocument;
use tantivy::directory::MmapDirectory;
use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::SearchError;
use crate::schema::{self, Fields, LABEL_SEPARATOR, SCHEMA_VERSION};

const VERSION_FILE: &str = "folio-search-version";

/// How much memory and how many threads the writer may use.
#[derive(Debug, Clone, Copy)]
pub struct WriterBudget {
    pub threads: usize,
    pub heap_bytes: usize,
}

impl WriterBudget {
    /// A live site: small, frequent commits.
    pub const LIVE: WriterBudget = WriterBudget {
        threads: 1,
        heap_bytes: 40_000_000,
    };
    /// Building the whole index: every core, a larger buffer.
    pub const BULK: WriterBudget = WriterBudget {
        threads: 2,
        heap_bytes: 200_000_000,
    };
}

/// The search index in a directory.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    /// `None` for an index opened to read only.
    writer: Option<Mutex<IndexWriter>>,
    pub(crate) fields: Fields,
    /// Flattened facet columns per segment, for fast counting.
    pub(crate) facet_cache: crate::facets::FacetCache,
    /// The newest pieces per set of filters, for the searcher they came from.
    pub(crate) newest_memo: crate::newest::NewestMemo,
    /// Listings' matches and counts, for the searcher they came from.
    pub(crate) listing_memo:
        crate::memo::GenerationMemo<String, std::sync::Arc<crate::query::Listing>>,
    pub(crate) plain_hits:
        crate::memo::GenerationMemo<tantivy::DocAddress, crate::query::SearchHit>,
    /// How many documents hold a word, for related analysis.
    pub(crate) doc_frequencies: crate::memo::GenerationMemo<tantivy::Term, u64>,
    /// Searches a large index's segments on every core at once; `None` on
    /// a one-core machine.
    pub(crate) segment_pool: Option<tantivy::Executor>,
    path: PathBuf,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when missing. An index written
    /// by another schema version is emptied: it will be rebuilt from the
    /// store, since its change-log position starts again at zero.
    pub fn open(dir: &Path, budget: WriterBudget) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
        let (schema, fields) = schema::build();
        let version_path = dir.join(VERSION_FILE);
        let version_ok = std::fs::read_to_string(&version_path)
            .map(|v| v.trim() == SCHEMA_VERSION.to_string())
            .unwrap_or(false);
        if !version_ok {
            clear_directory(dir)?;
            std::fs::write(&version_path, SCHEMA_VERSION.to_string())
                .map_err(|e| SearchError::io(&version_path, e))?;
        }
        let index = open_or_create(dir, schema)?;
        crate::analysis::register(index.tokenizers());
        let writer = index
            .writer_with_num_threads(budget.threads, budget.heap_bytes)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Locked(dir.to_path_buf()),
                other => SearchError::Index(other.to_string()),
            })?;
        Self::assemble(index, Some(writer), fields, dir)
    }

    /// Opens an existing index to search it only, beside the process that
    /// writes it (benchmarks, `folio check`).
    pub fn open_read_only(dir: &Path) -> Result<SearchIndex, SearchError> {
        let (_, fields) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Index(e.to_string()))?;
        let index = Index::open(directory).map_err(SearchError::index)?;
        crate::analysis::register(index.tokenizers());
        Self::assemble(index, None, fields, dir)
    }

    /// Readers reload by hand, after each commit, so a search never sees a
    /// half-applied batch.
    fn assemble(
        index: Index,
        writer: Option<IndexWriter>,
        fields: Fields,
        dir: &Path,
    ) -> Result<SearchIndex, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(SearchError::index)?;
        Ok(SearchIndex {
            index,
            reader,
            writer: writer.map(Mutex::new),
            fields,
            facet_cache: Default::default(),
            newest_memo: crate::memo::GenerationMemo::new(crate::newest::NEWEST_ANSWERS),
            listing_memo: crate::memo::GenerationMemo::new(crate::query::LISTING_MEMO_DOCUMENTS),
            plain_hits: crate::memo::GenerationMemo::new(crate::query::PLAIN_HITS_KEPT),
            doc_frequencies: crate::memo::GenerationMemo::new(crate::related::DOC_FREQUENCIES_KEPT),
            segment_pool: segment_pool(),
            path: dir.to_path_buf(),
        })
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        let writer = self
            .writer
            .as_ref()
            .ok_or_else(|| SearchError::Index("this index was opened to read only".into()))?;
        Ok(writer.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last change-log entry the committed index reflects; 0 for a new
    /// index.
    pub fn applied_change(&self) -> Result<i64, SearchError> {
        let metas = self.index.load_metas().map_err(SearchError::index)?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    /// Removes the documents of the `removed` article ids, adds `documents`
    /// (each id's new version, or a new article) and commits, marking
    /// the index as reflecting the change log through `through_change`.
    /// One commit: a crash before it leaves the previous state and position.
    pub fn apply(
        &self,
        removed: &[i64],
        documents: &[ArticleDocument],
        through_change: i64,
    ) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        for &id in removed {
            writer.delete_term(Term::from_field_u64(self.fields.id, id as u64));
        }
        for document in documents {
            writer
                .add_document(to_index_document(&self.fields, document))
                .map_err(SearchError::index)?;
        }
        let mut commit = writer.prepare_commit().map_err(SearchError::index)?;
        commit.set_payload(&through_change.to_string());
        commit.commit().map_err(SearchError::index)?;
        drop(writer);
        self.reader.reload().map_err(SearchError::index)
    }

    /// Starts replacing the whole index: nothing is visible to readers until
    /// [`Bulk::commit`].
    pub fn bulk(&self) -> Result<Bulk<'_>, SearchError> {
        let writer = self.writer()?;
        writer.delete_all_documents().map_err(SearchError::index)?;
        Ok(Bulk {
            index: self,
            writer,
        })
    }

    /// Removes every document and resets the change-log position.
    pub fn clear(&self) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        writer.delete_all_documents().map_err(SearchError::index)?;
        let mut commit = writer.prepare_commit().map_err(SearchError::index)?;
        commit.set_payload("0");
        commit.commit().map_err(SearchError::index)?;
        drop(writer);
        self.reader.reload().map_err(SearchError::index)
    }

    /// Documents in the committed, loaded index.
    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Waits for background segment merges (before closing a bulk build).
    pub fn finish(self) -> Result<(), SearchError> {
        match self.writer {
            Some(writer) => writer
                .into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .wait_merging_threads()
                .map_err(SearchError::index),
            None => Ok(()),
        }
    }

    /// Loads the newest commit (for a reader beside another process's writer).
    pub fn reload(&self) -> Result<(), SearchError> {
        self.reader.reload().map_err(SearchError::index)
    }
}

fn open_or_create(dir: &Path, schema: Schema) -> Result<Index, SearchError> {
    let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Index(e.to_string()))?;
    match Index::open_or_create(directory, schema.clone()) {
        Ok(index) => Ok(index),
        // A schema mismatch without a version bump (a development build):
        // start afresh rather than refuse to serve.
        Err(tantivy::TantivyError::SchemaError(message)) => {
            tracing::warn!(%message, "the search index schema changed; rebuilding");
            clear_directory(dir)?;
            std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())
                .map_err(|e| SearchError::io(dir, e))?;
            let directory =
                MmapDirectory::open(dir).map_err(|e| SearchError::Index(e.to_string()))?;
            Index::create(directory, schema, Default::default()).map_err(SearchError::index)
        }
        Err(other) => Err(SearchError::index(other)),
    }
}

fn clear_directory(dir: &Path) -> Result<(), SearchError> {
    for entry in std::fs::read_dir(dir).map_err(|e| SearchError::io(dir, e))? {
        let path = entry.map_err(|e| SearchError::io(dir, e))?.path();
        let result = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        result.map_err(|e| SearchError::io(&path, e))?;
    }
    Ok(())
}

/// Days since 1970-01-01: how dates are indexed, for sorting and ranges.
/// A pool with a thread per core, for searching segments side by side.
fn segment_pool() -> Option<tantivy::Executor> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 {
        return None;
    }
    match tantivy::Executor::multi_thread(cores, "folio-search-") {
        Ok(pool) => Some(pool),
        Err(error) => {
            tracing::warn!(%error, "searches will use one core: no thread pool");
            None
        }
    }
}

/// A segment's language column with the ordinal of `code` in it; `None`
/// when no piece of the segment is in that language.
pub(crate) fn language_ords(
    fast: &tantivy::fastfield::FastFieldReaders,
    code: &str,
) -> tantivy::Result<Option<(u64, tantivy::columnar::Column<u64>)>> {
    let Some(column) = fast.str("language")? else {
        return Ok(None);
    };
    let ord = column.dictionary().term_ord(code.as_bytes())?;
    Ok(ord.map(|ord| (ord, column.ords().clone())))
}

pub(crate) fn days_since_epoch(date: Date) -> i64 {
    let epoch = Date::constant(1970, 1, 1);
    date.duration_since(epoch).as_secs().div_euclid(86_400)
}

/// A digest of an article as the index would store it; equal digests mean
/// an equal document.
pub(crate) fn digest(article: &ArticleDocument) -> u64 {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(format!("{article:?}").as_bytes());
    u64::from_le_bytes(hash[..8].try_into().expect("a SHA-256 hash has 32 bytes"))
}

pub(crate) fn labelled(slug: &str, label: &str) -> String {
    format!("{slug}{LABEL_SEPARATOR}{label}")
}

fn to_index_document(fields: &Fields, article: &ArticleDocument) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_u64(fields.id, article.id.0 as u64);
    doc.add_u64(fields.digest, digest(article));
    doc.add_text(fields.language, article.language.as_str());
    doc.add_text(fields.slug, article.slug.as_str());
    let text = fields.text_for(article.language.as_str());
    let body = folio_markdown::to_plain_text(&article.body_markdown);
    doc.add_text(text.title, &article.title);
    doc.add_text(text.deck, &article.deck);
    doc.add_text(text.body, &body);
    doc.add_text(fields.spell, &article.title);
    doc.add_text(fields.spell, &article.deck);
    doc.add_text(fields.spell, &body);
    // An expert is found by their name in any language.
    for name in &article.author_names_elsewhere {
        doc.add_text(fields.authors, name);
        doc.add_text(fields.spell, name);
    }
    for author in &article.authors {
        doc.add_text(fields.authors, &author.name);
        doc.add_text(fields.spell, &author.name);
        doc.add_text(fields.expert, author.slug.as_str());
        let value = labelled(author.slug.as_str(), &author.name);
        doc.add_text(fields.expert_facet, &value);
        doc.add_text(fields.author_display, &value);
    }
    for topic in &article.topics {
        doc.add_text(fields.topic, topic.slug.as_str());
        doc.add_text(
            fields.topic_facet,
            labelled(topic.slug.as_str(), &topic.name),
        );
    }
    for region in &article.regions {
        doc.add_text(fields.region, region.slug.as_str());
        doc.add_text(
            fields.region_facet,
            labelled(region.slug.as_str(), &region.name),
        );
    }
    if let Some(content_type) = &article.content_type {
        doc.add_text(fields.content_type, content_type.slug.as_str());
        doc.add_text(
            fields.type_facet,
            labelled(content_type.slug.as_str(), &content_type.name),
        );
        let label = match article.series_number {
            Some(number) => format!("{} {number}", content_type.name),
            None => content_type.name.clone(),
        };
        doc.add_text(fields.type_label, &label);
        if let Some(number) = article.series_number {
            doc.add_u64(fields.series_number, u64::from(number));
        }
    }
    for outlet in &article.outlets {
        let slug = slugify(outlet);
        doc.add_text(fields.outlet, &slug);
        doc.add_text(fields.outlet_facet, labelled(&slug, outlet));
    }
    if let Some(date) = article.published_on {
        doc.add_u64(fields.year, date.year() as u64);
        doc.add_i64(fields.date, days_since_epoch(date));
        doc.add_text(fields.published_on, date.to_string());
    }
    if let Some(group) = article.translation_group {
        doc.add_u64(fields.translation_group, group as u64);
    }
    doc
}

/// A whole-index rebuild in progress (see [`SearchIndex::bulk`]).
pub struct Bulk<'a> {
    index: &'a SearchIndex,
    writer: std::sync::MutexGuard<'a, IndexWriter>,
}

impl Bulk<'_> {
    pub fn add(&mut self, documents: &[ArticleDocument]) -> Result<(), SearchError> {
        for document in documents {
            self.writer
                .add_document(to_index_document(&self.index.fields, document))
                .map_err(SearchError::index)?;
        }
        Ok(())
    }

    /// Makes the new index visible, reflecting the change log through
    /// `through_change`.
    pub fn commit(mut self, through_change: i64) -> Result<(), SearchError> {
        let mut commit = self.writer.prepare_commit().map_err(SearchError::index)?;
        commit.set_payload(&through_change.to_string());
        commit.commit().map_err(SearchError::index)?;
        drop(self.writer);
        self.index.reader.reload().map_err(SearchError::index)
    }
}
