//! `folio migrate-data`: a whole site from one database to another.

use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use folio_db::ExistingRows;

use crate::site;

/// Copy a whole site between databases, and check every table's row count.
///
/// Everything is copied with its ids: articles and their revisions, experts,
/// taxonomies, users, the audit log, redirects, media records and the change
/// log (so every node's search index stays valid). Sessions are not: people
/// log in again. The target must be empty unless --replace is given. The
/// copy is one transaction: it is all there, or nothing is. Uploaded files
/// (DATA/media/) are files: copy that folder yourself.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  folio migrate-data --from sqlite:folio-data/folio.db --to postgres://folio@db.internal/folio\n  folio migrate-data --from postgres://folio@db.internal/folio --to sqlite:copy/folio.db"
)]
pub struct MigrateDataArgs {
    /// Where the site is now: sqlite:PATH or postgres://user:password@host/database.
    #[arg(long, value_name = "URL")]
    from: String,

    /// Where it goes: an empty database (created and migrated as needed).
    #[arg(long, value_name = "URL")]
    to: String,

    /// Empty the target first when it already holds a site.
    #[arg(long)]
    replace: bool,
}

pub fn run(args: MigrateDataArgs) -> anyhow::Result<ExitCode> {
    let source = site::open_store(&args.from).context("the source (--from)")?;
    let target = site::open_store(&args.to).context("the target (--to)")?;
    println!("Copying {} to {} …", source.location(), target.location());
    let existing = if args.replace {
        ExistingRows::Replace
    } else {
        ExistingRows::Refuse
    };
    let report = folio_db::copy_database(&source, &target, existing)
        .map_err(|e| anyhow::anyhow!("nothing was copied: {e}"))?;
    for (table, rows) in &report.tables {
        println!("  {table:<28} {rows:>9} rows");
    }
    println!(
        "Copied {} tables; every row count matches the source. Not copied: {} (people log in again).",
        report.tables.len(),
        folio_db::SKIPPED_TABLES[0]
    );
    Ok(ExitCode::SUCCESS)
}
