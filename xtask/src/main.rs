//! Development tasks: `cargo xtask gen-corpus` writes a benchmark archive;
//! `cargo xtask bench-search` measures search against a running Folio;
//! `cargo xtask hugo-site` writes an imported archive as a Hugo site for
//! the export benchmark.
//! The scripts under `bench/` drive both.

mod bench_search;
mod corpus;
mod hugo_site;
mod rng;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "Folio development tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a realistic archive of crawled pages (deterministic from --seed).
    GenCorpus {
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Write the published archive of a data directory as a Hugo site.
    HugoSite {
        /// The Folio data directory to read.
        #[arg(long)]
        data: PathBuf,
        /// Where to write the Hugo site.
        #[arg(long)]
        out: PathBuf,
    },
    /// Time the fixed query set against a running Folio and SQLite FTS5.
    BenchSearch {
        /// The running server, e.g. http://127.0.0.1:8181
        #[arg(long)]
        url: String,
        /// The server's data directory.
        #[arg(long)]
        data: PathBuf,
        /// Where to build the FTS5 comparison database.
        #[arg(long)]
        work: PathBuf,
        #[arg(long, default_value_t = 10)]
        rounds: usize,
        /// Rounds for SQLite FTS5, which takes seconds per query on large
        /// archives.
        #[arg(long, default_value_t = 2)]
        fts_rounds: usize,
        #[arg(long)]
        server_pid: Option<u32>,
        /// Seconds the import took and pages it imported, to report.
        #[arg(long, num_args = 2, value_names = ["SECONDS", "PAGES"])]
        import: Option<Vec<f64>>,
        #[arg(long)]
        reindex_seconds: Option<f64>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::GenCorpus {
            articles,
            out,
            seed,
        } => {
            let started = std::time::Instant::now();
            corpus::generate(articles, &out, seed)?;
            eprintln!(
                "wrote {articles} pages to {} in {:.1}s",
                out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::HugoSite { data, out } => {
            let written = hugo_site::write(&data, &out)?;
            eprintln!("wrote {written} pages to {}", out.display());
            Ok(())
        }
        Command::BenchSearch {
            url,
            data,
            work,
            rounds,
            fts_rounds,
            server_pid,
            import,
            reindex_seconds,
        } => bench_search::run(&bench_search::Options {
            url: &url,
            data: &data,
            rounds,
            fts_rounds,
            server_pid,
            work: &work,
            import: import.map(|v| (v[0], v[1] as u64)),
            reindex_seconds,
        }),
    }
}
