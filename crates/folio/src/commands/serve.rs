//! `folio serve`: the site over HTTP.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use folio_render::Renderer;
use folio_search::{IndexSync, SearchIndex, WriterBudget};
use folio_web::AppState;

use crate::{demo, site};

/// Serve the site.
///
/// With --demo, the sample pages (the two seed articles and an Arabic
/// translation) are imported first, so a new data directory shows a real
/// site at once.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  folio serve --demo\n  folio --data /srv/folio serve --addr 127.0.0.1:3000"
)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(
        long,
        env = "FOLIO_ADDR",
        default_value = "127.0.0.1:8080",
        value_name = "HOST:PORT"
    )]
    addr: SocketAddr,

    /// Import the bundled sample pages before serving.
    #[arg(long)]
    demo: bool,
}

pub fn run(globals: &site::Globals, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let data_dir = globals.data.as_path();
    let site = site::open(globals)?;
    if args.demo {
        let options = site.import_options();
        let report =
            folio_import::import_sources(&site.store, demo::sample_pages(), &options, &mut |_| {})?;
        println!(
            "Sample content: {} created, {} updated, {} unchanged.",
            report.created, report.updated, report.unchanged
        );
        for failure in &report.failed {
            println!("  {failure}");
        }
    }
    let index = SearchIndex::open(&data_dir.join(folio_search::INDEX_DIR), WriterBudget::LIVE)?;
    let search = IndexSync::new(site.store.clone(), Arc::new(index));
    let caught_up = search
        .catch_up()
        .context("cannot bring the search index up to date")?;
    if caught_up.rebuilt {
        println!("Search index built: {} articles.", caught_up.documents);
    } else if caught_up.changes > 0 {
        println!("Search index caught up with {} changes.", caught_up.changes);
    }
    let follower = search.follow_in_background();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let served = runtime.block_on(serve(site, Arc::clone(&search), args.addr));
    search.stop();
    let _ = follower.join();
    served?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(site: site::Site, search: Arc<IndexSync>, addr: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let url = format!("http://{local}/");
    let mut config = (*site.config).clone();
    if !config.site.base_url_configured {
        // Without a configured public URL, absolute links point here.
        config.site.base_url =
            url::Url::parse(&url).context("the listening address is not a URL")?;
    }
    let renderer = Renderer::new(Arc::new(config)).context("cannot load the theme")?;
    let state = AppState::new(site.store, renderer, search).with_data_dir(&site.data_dir);
    let (stop_scheduler, scheduler_stop) = tokio::sync::watch::channel(false);
    let webhooks = folio_web::webhooks::spawn(
        state.store.clone(),
        state.config.webhooks.clone(),
        scheduler_stop.clone(),
    );
    let scheduler = folio_web::scheduler::spawn(state.clone(), scheduler_stop);
    let app = folio_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
    println!("Folio is serving {} at {url}", site.config.site.name);
    println!("Press Ctrl-C to stop.");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    // Requests in flight have finished; let a scheduler tick or a webhook
    // delivery in progress finish too, then stop them. The search follower
    // stops after this.
    let _ = stop_scheduler.send(true);
    let _ = scheduler.await;
    let _ = webhooks.await;
    println!("Stopped.");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight.
async fn shutdown_signal() {
    let signal = wait_for_signal().await;
    println!("{signal}: finishing requests in flight, then stopping.");
}

async fn wait_for_signal() -> &'static str {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => "SIGINT",
        () = terminate => "SIGTERM",
    }
}
