//! `folio import`: crawled pages into the archive.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use folio_import::ImportReport;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{EXIT_PARTIAL, site};

/// Import crawled pages (files or directories, searched recursively).
///
/// Every good page is committed even when others fail; each failure is
/// reported with its file, line and reason. Importing a page again updates
/// the article in place.
///
/// A page's language comes from its links to its experts and topics
/// (`/ar/experts/…`), else from a directory named for one of the site's
/// languages (`crawl/fa/…`), else from its script. Translations are linked
/// to their originals as their "Also available in" links say, whichever
/// is imported first.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  folio import ./crawl\n  folio --data /srv/folio import page1.txt page2.txt\n\nExit status: 0 when every file imported, 1 when some failed (the rest are imported), 2 when nothing could be done."
)]
pub struct ImportArgs {
    /// Files or directories of crawled pages.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// List every warning (missing blocks, guesses) instead of counting them.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(globals: &site::Globals, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let site = site::open(globals)?;
    let (files, mut missing) = folio_import::find_files(&args.paths);
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} importing [{bar:32}] {pos}/{len} pages  {per_sec}  eta {eta}",
            )
            .expect("the progress template is valid")
            .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let options = site.import_options();
    let started = std::time::Instant::now();
    let mut report =
        folio_import::import_files(&site.store, &files, &options, &mut |_| progress.inc(1))?;
    progress.finish_and_clear();
    missing.append(&mut report.failed);
    report.failed = missing;
    print_report(&report, started.elapsed(), args.verbose);
    let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let summary = format!(
        "{} created, {} updated, {} unchanged, {} failed",
        report.created,
        report.updated,
        report.unchanged,
        report.failed.len()
    );
    site.store.write(|c| {
        folio_db::audit(
            c,
            &folio_db::Actor::system("folio import (command line)"),
            "import.run",
            &paths.join(" "),
            &summary,
            folio_core::Timestamp::now(),
        )
    })?;
    Ok(if report.succeeded() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PARTIAL)
    })
}

pub fn print_report(report: &ImportReport, elapsed: std::time::Duration, verbose: bool) {
    println!(
        "Imported {} file{} in {:.1}s: {} created, {} updated, {} unchanged, {} failed.",
        report.total(),
        if report.total() == 1 { "" } else { "s" },
        elapsed.as_secs_f64(),
        report.created,
        report.updated,
        report.unchanged,
        report.failed.len()
    );
    if !report.failed.is_empty() {
        println!("\nFailed:");
        for failure in &report.failed {
            println!("  {failure}");
        }
    }
    if !report.warnings.is_empty() {
        if verbose {
            println!("\nWarnings:");
            for warning in &report.warnings {
                println!("  {}: {}", warning.source, warning.message);
            }
        } else {
            println!(
                "\n{} warning{} about missing or guessed blocks (run with --verbose to list them).",
                report.warnings.len(),
                if report.warnings.len() == 1 { "" } else { "s" }
            );
        }
    }
}
