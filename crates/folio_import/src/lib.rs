//! The archive importer: crawled pages (the seed format) to Folio content.
//!
//! [`parse_page`] reads one page into a [`CrawledPage`] without touching the
//! store; [`store_page`] writes one inside the caller's transaction;
//! [`import_files`] runs both over many files in batches and reports what
//! happened to each.

mod markup;
mod page;
mod parse;
mod run;
mod store_page;

pub use page::{CrawledPage, LanguageSource, PageExpert, PageTerm};
pub use parse::{ParseError, parse_page, parse_page_bytes};
pub use run::{
    ImportFailure, ImportOptions, ImportReport, ImportWarning, Source, find_files, import_files,
    import_sources,
};
pub use store_page::{PARSER_VERSION, PageOutcome, SourceFile, store_page};
