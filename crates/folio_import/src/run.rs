//! Importing many pages: finding files, parsing them in parallel, writing
//! them in batches, and reporting what happened to each.

use std::path::{Path, PathBuf};

use folio_core::{LanguageCode, Timestamp};
use folio_db::{Store, StoreError};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::parse::{ParseError, parse_page_bytes};
use crate::store_page::{PageOutcome, SourceFile, store_page};

/// Pages written per transaction: each page still commits all or nothing
/// (a savepoint), but a batch shares one commit, which is what makes large
/// imports fast. Articles arrive in no order of date or name, so each one
/// lands on other pages of every index; a larger batch writes each such
/// page once for more articles (100,000 generated articles: 61.7 s in
/// batches of 256, 48.0 s in batches of 1,024).
const BATCH_SIZE: usize = 1024;

/// A page to import: its name for the report, and its bytes.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFailure {
    pub source: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.source, self.reason),
            None => write!(f, "{}: {}", self.source, self.reason),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    pub source: String,
    pub message: String,
}

/// What an import did, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: Vec<ImportFailure>,
    pub warnings: Vec<ImportWarning>,
}

impl ImportReport {
    pub fn total(&self) -> usize {
        self.created + self.updated + self.unchanged + self.failed.len()
    }

    pub fn succeeded(&self) -> bool {
        self.failed.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub default_language: LanguageCode,
    /// Every language the site publishes in: a file crawled into a
    /// directory named for one (`crawl/ar/…`) is in that language, unless
    /// its own links say otherwise.
    pub languages: Vec<LanguageCode>,
}

impl ImportOptions {
    /// The language the directories of a file's path name, the nearest
    /// first: `crawl/fa/policy-analysis/x.txt` is Persian.
    fn language_of_path(&self, name: &str) -> Option<&LanguageCode> {
        let mut directories: Vec<&str> = name.split(['/', '\\']).collect();
        directories.pop();
        directories
            .iter()
            .rev()
            .find_map(|dir| self.languages.iter().find(|l| l.as_str() == *dir))
    }
}

/// Expands directories (recursively, in name order, skipping hidden files)
/// into the files to import; a path that does not exist is a failure.
pub fn find_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
            for entry in walker {
                match entry {
                    Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
                    Ok(_) => {}
                    Err(e) => failures.push(ImportFailure {
                        source: e.path().unwrap_or(path).display().to_string(),
                        line: None,
                        reason: format!("cannot read: {e}"),
                    }),
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            failures.push(ImportFailure {
                source: path.display().to_string(),
                line: None,
                reason: "no such file or directory".into(),
            });
        }
    }
    (files, failures)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Imports files; `progress` is called once per file with its name.
/// Only a database failure stops the import (and is returned); every page
/// written before it stays written. The next batch is read and parsed on
/// the other cores while one is written (writes take one core; 100,000
/// generated articles: 48 s one after the other).
pub fn import_files(
    store: &Store,
    files: &[PathBuf],
    options: &ImportOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport::default();
    std::thread::scope(|scope| {
        // One batch waits while another is written: memory stays two batches.
        let (parsed_batches, batches) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for chunk in files.chunks(BATCH_SIZE) {
                let (readable, unreadable): (Vec<_>, Vec<_>) = chunk
                    .par_iter()
                    .map(|path| read_source(path))
                    .partition(Result::is_ok);
                let batch = (
                    unreadable.into_iter().filter_map(Result::err).collect(),
                    parse_batch(
                        readable.into_iter().filter_map(Result::ok).collect(),
                        options,
                    ),
                );
                if parsed_batches.send(batch).is_err() {
                    // The writer stopped at a database failure.
                    return;
                }
            }
        });
        for (unreadable, parsed) in batches {
            let unreadable: Vec<ImportFailure> = unreadable;
            for failure in unreadable {
                progress(&failure.source);
                report.failed.push(failure);
            }
            write_batch(store, parsed, options, &mut report, progress)?;
        }
        Ok(())
    })?;
    Ok(report)
}

/// Imports pages already in memory (the demo's bundled pages, tests).
pub fn import_sources(
    store: &Store,
    sources: Vec<Source>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport::default();
    let mut sources = sources;
    while !sources.is_empty() {
        let rest = sources.split_off(sources.len().min(BATCH_SIZE));
        write_batch(
            store,
            parse_batch(sources, options),
            options,
            &mut report,
            progress,
        )?;
        sources = rest;
    }
    Ok(report)
}

fn read_source(path: &Path) -> Result<Source, ImportFailure> {
    std::fs::read(path)
        .map(|bytes| Source {
            name: path.display().to_string(),
            bytes,
        })
        .map_err(|e| ImportFailure {
            source: path.display().to_string(),
            line: None,
            reason: format!("cannot read: {e}"),
        })
}

/// A page read and parsed: its source, the page or why not, and its digest.
type Parsed = (Source, Result<crate::CrawledPage, ParseError>, String);

/// Parses a batch on every core.
fn parse_batch(sources: Vec<Source>, options: &ImportOptions) -> Vec<Parsed> {
    sources
        .into_par_iter()
        .map(|source| {
            let mut page = parse_page_bytes(&source.bytes, &options.default_language);
            if let (Ok(page), Some(language)) = (&mut page, options.language_of_path(&source.name))
            {
                page.take_language_from_path(language);
            }
            let sha256 = hex::encode(Sha256::digest(&source.bytes));
            (source, page, sha256)
        })
        .collect()
}

/// Writes a parsed batch in one transaction, a savepoint per page.
fn write_batch(
    store: &Store,
    parsed: Vec<Parsed>,
    options: &ImportOptions,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(&str),
) -> Result<(), StoreError> {
    let now = Timestamp::now();
    store.write(|conn| {
        for (source, page, sha256) in &parsed {
            progress(&source.name);
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    report.failed.push(ImportFailure {
                        source: source.name.clone(),
                        line: e.line,
                        reason: e.reason.clone(),
                    });
                    continue;
                }
            };
            let text = std::str::from_utf8(&source.bytes).unwrap_or_default();
            let file = SourceFile {
                name: &source.name,
                text,
                sha256: sha256.clone(),
            };
            let written = conn
                .savepoint(|conn| store_page(conn, page, &file, &options.default_language, now));
            match written {
                Ok((outcome, _)) => {
                    match outcome {
                        PageOutcome::Created => report.created += 1,
                        PageOutcome::Updated => report.updated += 1,
                        PageOutcome::Unchanged => report.unchanged += 1,
                    }
                    report
                        .warnings
                        .extend(page.warnings.iter().map(|message| ImportWarning {
                            source: source.name.clone(),
                            message: message.clone(),
                        }));
                }
                Err(
                    e @ (StoreError::Conflict(_)
                    | StoreError::MissingReference(_)
                    | StoreError::UniqueViolation(_)
                    | StoreError::ForeignKeyViolation(_)),
                ) => report.failed.push(ImportFailure {
                    source: source.name.clone(),
                    line: None,
                    reason: e.to_string(),
                }),
                Err(fatal) => return Err(fatal),
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_named_for_a_language_names_the_page_s_language() {
        let code = |c: &str| LanguageCode::parse(c).unwrap();
        let options = ImportOptions {
            default_language: code("en"),
            languages: vec![code("en"), code("ar"), code("fa")],
        };
        let found = |name| options.language_of_path(name).map(LanguageCode::as_str);
        assert_eq!(found("crawl/fa/policy-analysis/x.txt"), Some("fa"));
        assert_eq!(found("/srv/ar/crawl/en/x.txt"), Some("en"));
        assert_eq!(found("crawl\\ar\\x.txt"), Some("ar"));
        assert_eq!(
            found("/srv/www/crawl/x.txt"),
            None,
            "only the site's languages count"
        );
        assert_eq!(
            found("crawl/ar"),
            None,
            "a file named ar is not a directory"
        );
    }
}
