//! `folio export --static DIR`: the public site as files for any static host.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use folio_render::Renderer;
use folio_search::{IndexSync, SearchIndex, WriterBudget};
use folio_web::AppState;

use crate::site;

/// Write the whole public site as static files.
///
/// Every page, feed, sitemap, citation file, stylesheet and image, rendered
/// by the same code that serves the live site. Links are made absolute
/// with `site.base_url` from folio.toml (or --base-url), so set it to the
/// address the files will be served from. Exporting again into the same
/// folder rewrites only the files that changed and removes what no longer
/// exists; upload the folder to any static host or CDN as it is. Search
/// works in the browser from a prebuilt index. Stop `folio serve` on this
/// data directory first if it is running: the export catches the search
/// index up itself.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  folio --data /srv/folio export --static ./public\n  folio export --static ./public --base-url https://www.example.org/"
)]
pub struct ExportArgs {
    /// The folder to write the site into (created when missing).
    #[arg(long = "static", value_name = "DIR")]
    out_dir: PathBuf,

    /// The public address the files will be served from, for absolute
    /// links in feeds, sitemaps and metadata (overrides site.base_url).
    #[arg(long, value_name = "URL")]
    base_url: Option<url::Url>,

    /// List every file written.
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(globals: &site::Globals, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let data_dir = globals.data.as_path();
    let site = site::open(globals)?;
    let mut config = (*site.config).clone();
    if let Some(mut url) = args.base_url {
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        config.site.base_url = url;
    } else if !config.site.base_url_configured {
        eprintln!(
            "warning: site.base_url is not set; feeds and sitemaps will point to {} (set it in folio.toml or pass --base-url)",
            config.site.base_url
        );
    }
    let index = SearchIndex::open(&data_dir.join(folio_search::INDEX_DIR), WriterBudget::LIVE)?;
    let search = IndexSync::new(site.store.clone(), Arc::new(index));
    search
        .catch_up()
        .context("cannot bring the search index up to date")?;
    let renderer = Renderer::new(Arc::new(config)).context("cannot load the theme")?;
    let state = AppState::new(site.store, renderer, search).with_data_dir(&site.data_dir);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime
        .block_on(folio_web::export::export_site(&state, &args.out_dir))
        .with_context(|| format!("cannot export the site to {}", args.out_dir.display()))?;
    if args.verbose {
        for path in &report.written_paths {
            println!("  {path}");
        }
        if report.written > report.written_paths.len() {
            println!(
                "  … and {} more",
                report.written - report.written_paths.len()
            );
        }
        for (kind, (count, seconds)) in &report.by_kind {
            println!(
                "  {count:>7} {kind}: {:.2} ms each to render",
                seconds * 1000.0 / *count as f64
            );
        }
    }
    println!(
        "Exported {} files ({:.1} MB) to {} in {:.1}s: {} written, {} unchanged, {} removed.",
        report.files,
        report.bytes as f64 / 1e6,
        args.out_dir.display(),
        report.seconds,
        report.written,
        report.unchanged,
        report.removed
    );
    Ok(ExitCode::SUCCESS)
}
