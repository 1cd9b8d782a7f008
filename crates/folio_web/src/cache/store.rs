//! The rendered responses kept in memory, what each depends on, and
//! throwing away exactly those a change touches.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use folio_core::ExpertId;
use folio_db::{ChangeKind, Store};
use folio_search::{Applied, DocFacts, FacetKind, ResultSet};

use super::deps::{Dep, Recorded, RelatedCheck};
use super::http::Encoding;

/// A response as rendered, with its compressed copies once made.
#[derive(Debug)]
pub(crate) struct Entry {
    pub status: StatusCode,
    /// The handler's headers (content type, disposition, caching).
    pub headers: HeaderMap,
    pub identity: Bytes,
    pub gzip: OnceLock<Bytes>,
    pub brotli: OnceLock<Bytes>,
    /// A strong validator of the identity body (the compressed copies add
    /// a suffix).
    pub etag: String,
    pub last_modified: SystemTime,
    deps: HashSet<Dep>,
    results: Vec<ResultSet>,
    /// Related analysis to check again once the index moved past
    /// `related_checked` (the index generation it was last true at).
    pub related: Option<RelatedCheck>,
    pub related_checked: AtomicU64,
    last_used: AtomicU64,
}

impl Entry {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        identity: Bytes,
        etag: String,
        last_modified: SystemTime,
        recorded: Recorded,
        index_generation: u64,
    ) -> Entry {
        Entry {
            status,
            headers,
            identity,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            etag,
            last_modified,
            deps: recorded.deps,
            results: recorded.results,
            related: recorded.related,
            related_checked: AtomicU64::new(index_generation),
            last_used: AtomicU64::new(0),
        }
    }

    /// Bytes of memory the entry holds, roughly.
    fn size(&self, key: &str) -> u64 {
        let bodies = self.identity.len()
            + self.gzip.get().map_or(0, Bytes::len)
            + self.brotli.get().map_or(0, Bytes::len);
        (key.len() + bodies + 512 + self.deps.len() * 48 + self.results.len() * 256) as u64
    }
}

/// Counters for the admin and `folio check`.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    /// Responses rendered but not kept (errors, pages that record nothing).
    pub not_kept: AtomicU64,
    pub evicted: AtomicU64,
    pub invalidated: AtomicU64,
    /// Article pages whose related analysis was checked again and held.
    pub revalidated: AtomicU64,
}

/// What the counters and the memory say now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: u64,
    pub bytes: u64,
    pub budget: u64,
    pub hits: u64,
    pub misses: u64,
    pub not_kept: u64,
    pub evicted: u64,
    pub invalidated: u64,
    pub revalidated: u64,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Arc<Entry>>,
    by_dep: HashMap<Dep, HashSet<String>>,
    /// Entries with result sets, by the facet value every document that
    /// affects them carries (`None`: no such value).
    by_anchor: HashMap<Option<(FacetKind, String)>, HashSet<String>>,
    /// The names bylines show, per expert's slug, to find `Dep::ExpertName`s.
    names_shown: HashMap<String, HashSet<String>>,
    /// Validators of responses that were thrown away, so a response
    /// rendered again with the same bytes keeps its Last-Modified.
    validators: HashMap<String, (String, SystemTime)>,
}

/// Validators remembered for responses no longer kept.
const VALIDATORS_KEPT: usize = 100_000;

/// The in-process cache of rendered public responses.
pub struct PageCache {
    budget: u64,
    /// Read when an expert changes: which of the names bylines show are
    /// still theirs.
    store: Store,
    inner: RwLock<Inner>,
    bytes: AtomicU64,
    /// Bumped by every invalidation: a response whose rendering began
    /// before one may have read what it replaced, so it is not kept.
    invalidations: AtomicU64,
    /// Bumped whenever the index changes: related analysis may differ.
    index_generation: AtomicU64,
    clock: AtomicU64,
    pub(crate) counters: Counters,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("budget", &self.budget)
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

impl PageCache {
    pub fn new(budget_bytes: u64, store: Store) -> PageCache {
        PageCache {
            budget: budget_bytes,
            store,
            inner: RwLock::default(),
            bytes: AtomicU64::new(0),
            invalidations: AtomicU64::new(0),
            index_generation: AtomicU64::new(0),
            clock: AtomicU64::new(0),
            counters: Counters::default(),
        }
    }

    pub fn stats(&self) -> CacheStats {
        let c = &self.counters;
        CacheStats {
            entries: self.read().entries.len() as u64,
            bytes: self.bytes.load(Ordering::Relaxed),
            budget: self.budget,
            hits: c.hits.load(Ordering::Relaxed),
            misses: c.misses.load(Ordering::Relaxed),
            not_kept: c.not_kept.load(Ordering::Relaxed),
            evicted: c.evicted.load(Ordering::Relaxed),
            invalidated: c.invalidated.load(Ordering::Relaxed),
            revalidated: c.revalidated.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<Arc<Entry>> {
        let entry = self.read().entries.get(key).cloned()?;
        entry.last_used.store(
            self.clock.fetch_add(1, Ordering::Relaxed),
            Ordering::Relaxed,
        );
        Some(entry)
    }

    /// Where invalidation stands, taken before a response is rendered.
    pub(crate) fn invalidation_mark(&self) -> u64 {
        self.invalidations.load(Ordering::SeqCst)
    }

    pub(crate) fn index_generation(&self) -> u64 {
        self.index_generation.load(Ordering::SeqCst)
    }

    /// The Last-Modified a response with `etag` had when last kept.
    pub(crate) fn last_modified_of(&self, key: &str, etag: &str) -> Option<SystemTime> {
        let inner = self.read();
        match inner.entries.get(key) {
            Some(entry) if entry.etag == etag => Some(entry.last_modified),
            _ => inner
                .validators
                .get(key)
                .filter(|(kept, _)| kept == etag)
                .map(|(_, at)| *at),
        }
    }

    /// Keeps `entry` unless an invalidation ran since `mark` (it may show
    /// what that invalidation replaced). Returns whether it was kept.
    pub(crate) fn insert(&self, key: String, entry: Arc<Entry>, mark: u64) -> bool {
        entry.last_used.store(
            self.clock.fetch_add(1, Ordering::Relaxed),
            Ordering::Relaxed,
        );
        let size = entry.size(&key);
        if size > self.budget / 4 {
            return false;
        }
        {
            let mut inner = self.write();
            // Checked under the lock invalidation takes, so none can run
            // between the check and the insert.
            if self.invalidations.load(Ordering::SeqCst) != mark {
                return false;
            }
            if let Some(old) = inner.entries.remove(&key) {
                unlink(&mut inner, &key, &old);
                self.bytes.fetch_sub(old.size(&key), Ordering::Relaxed);
            }
            for dep in &entry.deps {
                inner
                    .by_dep
                    .entry(dep.clone())
                    .or_default()
                    .insert(key.clone());
                if let Dep::ExpertName(slug, name) = dep {
                    inner
                        .names_shown
                        .entry(slug.clone())
                        .or_default()
                        .insert(name.clone());
                }
            }
            for set in &entry.results {
                inner
                    .by_anchor
                    .entry(set.anchor())
                    .or_default()
                    .insert(key.clone());
            }
            inner.entries.insert(key, entry);
        }
        self.bytes.fetch_add(size, Ordering::Relaxed);
        self.evict_if_over_budget();
        true
    }

    /// Adds a compressed copy to an entry, counted while the entry is kept.
    pub(crate) fn attach(&self, key: &str, entry: &Arc<Entry>, encoding: Encoding, body: Bytes) {
        let inner = self.read();
        let slot = match encoding {
            Encoding::Gzip => &entry.gzip,
            Encoding::Brotli => &entry.brotli,
            Encoding::Identity => return,
        };
        let size = body.len() as u64;
        if slot.set(body).is_err() {
            return;
        }
        // Counted under the lock removal takes, so a removal either sees
        // the copy counted or not in the entry's size at all.
        let kept = inner
            .entries
            .get(key)
            .is_some_and(|current| Arc::ptr_eq(current, entry));
        if kept {
            self.bytes.fetch_add(size, Ordering::Relaxed);
        }
        drop(inner);
        if kept {
            self.evict_if_over_budget();
        }
    }

    /// Drops one entry (its related analysis no longer holds).
    pub(crate) fn remove(&self, key: &str) {
        let mut inner = self.write();
        if let Some(old) = inner.entries.remove(key) {
            unlink(&mut inner, key, &old);
            self.bytes.fetch_sub(old.size(key), Ordering::Relaxed);
        }
    }

    /// Related analysis held after the index moved to `generation`.
    pub(crate) fn related_still_holds(&self, entry: &Entry, generation: u64) {
        entry
            .related_checked
            .fetch_max(generation, Ordering::Relaxed);
        self.counters.revalidated.fetch_add(1, Ordering::Relaxed);
    }

    /// Throws away everything (the index was rebuilt).
    pub fn clear(&self) {
        let mut inner = self.write();
        self.invalidations.fetch_add(1, Ordering::SeqCst);
        self.index_generation.fetch_add(1, Ordering::SeqCst);
        let count = inner.entries.len() as u64;
        let keys: Vec<String> = inner.entries.keys().cloned().collect();
        for key in keys {
            forget(&mut inner, &key);
        }
        inner.by_dep.clear();
        inner.by_anchor.clear();
        inner.names_shown.clear();
        self.bytes.store(0, Ordering::Relaxed);
        self.counters
            .invalidated
            .fetch_add(count, Ordering::Relaxed);
    }

    /// Throws away the responses `applied` touches: those showing a changed
    /// thing, and listings a changed article was or is in.
    pub(crate) fn invalidate(&self, applied: &Applied<'_>) {
        let mut deps: HashSet<Dep> = HashSet::new();
        let mut experts_changed: Vec<i64> = Vec::new();
        for change in applied.changes {
            let id = change.entity_id;
            match change.kind {
                ChangeKind::Article => {
                    deps.insert(Dep::Article(id));
                }
                ChangeKind::Expert => {
                    experts_changed.push(id);
                    deps.insert(Dep::Expert(id));
                    deps.insert(Dep::Experts);
                }
                ChangeKind::Term => {
                    deps.insert(Dep::Term(id));
                    deps.insert(Dep::Terms);
                }
                ChangeKind::ContentType => {
                    deps.insert(Dep::ContentType(id));
                    deps.insert(Dep::ContentTypes);
                }
                ChangeKind::Program => {
                    deps.insert(Dep::Program(id));
                    deps.insert(Dep::Programs);
                }
            }
        }
        // The articles the index rewrote, as they were and as they are: an
        // article touched only because an expert's bio changed is in
        // neither, since its document (names included) came out the same.
        let documents: Vec<&DocFacts> = applied.before.iter().chain(applied.after).collect();
        for document in &documents {
            deps.insert(Dep::Article(document.id));
            deps.insert(Dep::Path(document.language.clone(), document.slug.clone()));
        }
        let index_changed = !documents.is_empty();
        if index_changed {
            deps.insert(Dep::Search);
        }
        let Some(current_names) = self.current_names(&experts_changed) else {
            // Nothing is known of the names bylines show: none may stay.
            self.clear();
            return;
        };

        let mut inner = self.write();
        self.invalidations.fetch_add(1, Ordering::SeqCst);
        if index_changed {
            self.index_generation.fetch_add(1, Ordering::SeqCst);
        }
        for (slug, names) in &current_names {
            let shown = inner.names_shown.get(slug).cloned().unwrap_or_default();
            deps.extend(
                shown
                    .into_iter()
                    .filter(|name| !names.contains(name))
                    .map(|name| Dep::ExpertName(slug.clone(), name)),
            );
        }
        let mut doomed: HashSet<String> = HashSet::new();
        for dep in &deps {
            if let Some(keys) = inner.by_dep.get(dep) {
                doomed.extend(keys.iter().cloned());
            }
        }
        for document in &documents {
            let anchors = std::iter::once(None).chain(
                document
                    .values
                    .iter()
                    .flat_map(|(kind, values)| values.iter().map(|v| Some((*kind, v.clone())))),
            );
            for anchor in anchors {
                let Some(keys) = inner.by_anchor.get(&anchor) else {
                    continue;
                };
                for key in keys {
                    if doomed.contains(key) {
                        continue;
                    }
                    let affected = inner.entries.get(key).is_some_and(|entry| {
                        entry.results.iter().any(|set| set.is_affected_by(document))
                    });
                    if affected {
                        doomed.insert(key.clone());
                    }
                }
            }
        }
        for key in &doomed {
            if let Some(size) = forget(&mut inner, key) {
                self.bytes.fetch_sub(size, Ordering::Relaxed);
            }
        }
        self.counters
            .invalidated
            .fetch_add(doomed.len() as u64, Ordering::Relaxed);
    }

    /// Every name each expert has now, in any language, by slug. An
    /// expert that is gone has no bylines (none can be deleted while they
    /// have articles), so nothing is returned for them.
    fn current_names(&self, experts: &[i64]) -> Option<HashMap<String, HashSet<String>>> {
        if experts.is_empty() {
            return Some(HashMap::new());
        }
        let read = self.store.read(|c| {
            let mut names = HashMap::new();
            for &id in experts {
                let Some(expert) = folio_db::expert_by_id(c, ExpertId(id))? else {
                    continue;
                };
                let mut all = HashSet::from([expert.name]);
                for (_, text) in folio_db::expert_translations(c, ExpertId(id))? {
                    all.insert(text.name);
                }
                names.insert(expert.slug.to_string(), all);
            }
            Ok(names)
        });
        read.map_err(|error| {
            tracing::error!(%error, "the cache could not read experts' names; emptying it");
        })
        .ok()
    }

    fn evict_if_over_budget(&self) {
        if self.bytes.load(Ordering::Relaxed) <= self.budget {
            return;
        }
        let mut inner = self.write();
        // Down to 90%, least recently used first, so the next few inserts
        // do not each pay for a sort.
        let target = self.budget / 10 * 9;
        let mut by_age: Vec<(u64, String)> = inner
            .entries
            .iter()
            .map(|(key, entry)| (entry.last_used.load(Ordering::Relaxed), key.clone()))
            .collect();
        by_age.sort_unstable();
        let mut evicted = 0;
        for (_, key) in by_age {
            if self.bytes.load(Ordering::Relaxed) <= target {
                break;
            }
            if let Some(old) = inner.entries.remove(&key) {
                unlink(&mut inner, &key, &old);
                self.bytes.fetch_sub(old.size(&key), Ordering::Relaxed);
                evicted += 1;
            }
        }
        self.counters.evicted.fetch_add(evicted, Ordering::Relaxed);
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }
}

/// Removes an invalidated entry, keeping its validators; returns its size.
fn forget(inner: &mut Inner, key: &str) -> Option<u64> {
    let old = inner.entries.remove(key)?;
    unlink(inner, key, &old);
    if inner.validators.len() >= VALIDATORS_KEPT {
        inner.validators.clear();
    }
    inner
        .validators
        .insert(key.to_owned(), (old.etag.clone(), old.last_modified));
    Some(old.size(key))
}

/// Removes an entry's key from the dependency indexes.
fn unlink(inner: &mut Inner, key: &str, entry: &Entry) {
    for dep in &entry.deps {
        if let Some(keys) = inner.by_dep.get_mut(dep) {
            keys.remove(key);
            if keys.is_empty() {
                inner.by_dep.remove(dep);
                if let Dep::ExpertName(slug, name) = dep
                    && let Some(names) = inner.names_shown.get_mut(slug)
                {
                    names.remove(name);
                    if names.is_empty() {
                        inner.names_shown.remove(slug);
                    }
                }
            }
        }
    }
    for set in &entry.results {
        let anchor = set.anchor();
        if let Some(keys) = inner.by_anchor.get_mut(&anchor) {
            keys.remove(key);
            if keys.is_empty() {
                inner.by_anchor.remove(&anchor);
            }
        }
    }
}
