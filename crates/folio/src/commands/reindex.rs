//! `folio reindex`: rebuild the search index from the database.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Args;
use folio_search::{SearchIndex, WriterBudget};
use indicatif::{ProgressBar, ProgressStyle};

use crate::site;

/// Rebuild the search index from the database.
///
/// The index normally follows every write by itself and catches up after a
/// crash; rebuilding is for after restoring a backup or upgrading. Readers
/// keep the old index until the new one is committed. Stop `folio serve`
/// on this data directory first: one process writes the index at a time.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  folio --data /srv/folio reindex")]
pub struct ReindexArgs {}

pub fn run(globals: &site::Globals, _args: ReindexArgs) -> anyhow::Result<ExitCode> {
    let data_dir = globals.data.as_path();
    let site = site::open(globals)?;
    let index = SearchIndex::open(&data_dir.join(folio_search::INDEX_DIR), WriterBudget::BULK)?;
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} indexing [{bar:32}] {pos}/{len} articles  {per_sec}  eta {eta}",
            )
            .expect("the progress template is valid")
            .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let started = std::time::Instant::now();
    let written = folio_search::build(&site.store, &index, &mut |done, total| {
        progress.set_length(total);
        progress.set_position(done);
    })?;
    index.finish()?;
    progress.finish_and_clear();
    println!(
        "Indexed {written} published article{} in {:.1}s.",
        if written == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
