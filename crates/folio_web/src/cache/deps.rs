//! What a response was built from, recorded while it is rendered.
//!
//! Handlers say what they show: the articles, experts, terms, types and
//! programs in it ([`shows`]), the result sets of its listings
//! ([`depends_on_results`]) and, on an article page, the related analysis
//! it computed ([`depends_on_related`]). The page cache keeps a response
//! only when its handler recorded something (a handler that says nothing
//! is never cached, so a new page cannot go stale by being forgotten), and
//! throws it away when a change touches anything it recorded.

use std::cell::RefCell;
use std::collections::HashSet;

use folio_core::{
    Article, ArticleReference, ArticleSummary, ContentType, ContentTypeListing, Expert,
    ExpertListing, ExpertRef, Paged, Program, Recommendation, Term, TermListing, Translation,
};
use folio_search::{FacetKind, RelatedRequest, ResultSet, SearchResults};

/// One thing a response shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Dep {
    Article(i64),
    /// What lives at `/{language}/policy-analysis/{slug}`: an article
    /// arriving there turns a catalogue record, an editors' pick or a
    /// translation link into the live piece.
    Path(String, String),
    /// An expert's profile: name, bio, programs, portrait.
    Expert(i64),
    /// An expert's name as a byline shows it, by the expert's slug: a
    /// change to the expert reaches the byline only when this name is no
    /// longer theirs in any language.
    ExpertName(String, String),
    Term(i64),
    ContentType(i64),
    Program(i64),
    /// Which experts, topics and regions, content types and programs there
    /// are, and their names in lists.
    Experts,
    Terms,
    ContentTypes,
    Programs,
    /// Results of a search with words: any change to the index.
    Search,
}

/// Related analysis an article page showed, to check again after the index
/// changes: the same request must give the same pieces.
#[derive(Debug, Clone)]
pub(crate) struct RelatedCheck {
    pub request: RelatedRequest,
    pub shown: Vec<i64>,
}

/// Everything recorded while one response was rendered.
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    /// Something was recorded: the handler knows about the cache.
    pub cacheable: bool,
    pub deps: HashSet<Dep>,
    pub results: Vec<ResultSet>,
    pub related: Option<RelatedCheck>,
}

tokio::task_local! {
    static RECORDING: RefCell<Recorded>;
}

/// Runs `future` recording what it renders; returns its output and the
/// record.
pub(crate) async fn recording<F: std::future::Future>(future: F) -> (F::Output, Recorded) {
    RECORDING
        .scope(RefCell::new(Recorded::default()), async {
            let output = future.await;
            let recorded = RECORDING.with(|r| r.take());
            (output, recorded)
        })
        .await
}

fn record(f: impl FnOnce(&mut Recorded)) {
    // Outside a recording (the export, a test calling a handler) there is
    // nothing to record into.
    let _ = RECORDING.try_with(|recorded| {
        let mut recorded = recorded.borrow_mut();
        recorded.cacheable = true;
        f(&mut recorded);
    });
}

/// The response shows `value`.
pub(crate) fn shows(value: &(impl Shows + ?Sized)) {
    record(|r| value.shown(&mut r.deps));
}

pub(crate) fn depends_on(dep: Dep) {
    record(|r| {
        r.deps.insert(dep);
    });
}

/// The response shows everything `deps` names (recorded where the
/// response's task cannot be reached, as inside a store read).
pub(crate) fn depends_on_all(deps: HashSet<Dep>) {
    record(|r| r.deps.extend(deps));
}

/// The response shows results (and facet counts) of `set`.
pub(crate) fn depends_on_results(set: ResultSet) {
    record(|r| r.results.push(set));
}

pub(crate) fn depends_on_related(check: RelatedCheck) {
    record(|r| r.related = Some(check));
}

/// A response that depends on nothing a write can change (robots.txt).
pub(crate) fn depends_on_configuration_only() {
    record(|_| {});
}

/// Every published article in `language`: what a list of the newest, or
/// counts per topic or type, depend on.
pub(crate) fn language_results(language: &str) -> ResultSet {
    ResultSet::fixed([(FacetKind::Language, vec![language.to_owned()])])
}

/// Articles in `language` by any of `experts` (an expert's, or a program's).
pub(crate) fn expert_results(language: &str, experts: Vec<String>) -> ResultSet {
    ResultSet::fixed([
        (FacetKind::Language, vec![language.to_owned()]),
        (FacetKind::Expert, experts),
    ])
}

/// A value a page shows, and the things in it that may change.
pub(crate) trait Shows {
    fn shown(&self, deps: &mut HashSet<Dep>);
}

impl<T: Shows> Shows for [T] {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        self.iter().for_each(|item| item.shown(deps));
    }
}

impl<T: Shows> Shows for Vec<T> {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        self.as_slice().shown(deps);
    }
}

impl<T: Shows> Shows for Option<T> {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        if let Some(value) = self {
            value.shown(deps);
        }
    }
}

impl<T: Shows> Shows for Paged<T> {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        self.items.shown(deps);
    }
}

impl Shows for Article {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Article(self.id.0));
        deps.insert(Dep::Path(self.language.to_string(), self.slug.to_string()));
        self.authors.shown(deps);
        self.topics.shown(deps);
        self.regions.shown(deps);
        self.content_type.shown(deps);
        self.recommended.shown(deps);
        self.translations.shown(deps);
    }
}

impl Shows for ArticleSummary {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Article(self.id.0));
        self.authors.shown(deps);
        self.content_type.shown(deps);
    }
}

impl Shows for Recommendation {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Path(
            self.item.language.to_string(),
            self.item.slug.to_string(),
        ));
        self.article.shown(deps);
    }
}

impl Shows for Translation {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Path(self.language.to_string(), self.slug.to_string()));
    }
}

impl Shows for ArticleReference {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Path(
            self.item.language.to_string(),
            self.item.slug.to_string(),
        ));
        self.recommended_by.shown(deps);
    }
}

impl Shows for Expert {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Expert(self.id.0));
        self.programs.shown(deps);
    }
}

impl Shows for ExpertRef {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::ExpertName(self.slug.to_string(), self.name.clone()));
    }
}

impl Shows for ExpertListing {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        self.expert.shown(deps);
    }
}

impl Shows for Term {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Term(self.id.0));
    }
}

impl Shows for TermListing {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        self.term.shown(deps);
    }
}

impl Shows for ContentType {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::ContentType(self.id.0));
    }
}

impl Shows for ContentTypeListing {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        self.content_type.shown(deps);
    }
}

impl Shows for Program {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        deps.insert(Dep::Program(self.id.0));
    }
}

/// Hits and facets come from the index, which the result set covers;
/// names come in the page's language, from experts' and types' records.
impl Shows for SearchResults {
    fn shown(&self, deps: &mut HashSet<Dep>) {
        for hit in &self.hits {
            deps.insert(Dep::Article(hit.id));
            for author in &hit.authors {
                deps.insert(Dep::ExpertName(author.slug.clone(), author.name.clone()));
            }
        }
        if let Some(experts) = self.facets.get(&FacetKind::Expert) {
            for expert in experts {
                deps.insert(Dep::ExpertName(expert.value.clone(), expert.label.clone()));
            }
        }
        deps.insert(Dep::ContentTypes);
    }
}
