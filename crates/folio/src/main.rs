//! The `folio` command line: one binary for serving, importing and the
//! rest. Each subcommand lives in `commands/`.

mod commands;
mod demo;
mod site;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Folio allocates many small, short-lived values per request (rows,
// strings, template values); mimalloc serves them faster than glibc's
// allocator and returns memory to the system more readily.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes: 0 done; 1 done, but some input failed (see the report);
/// 2 nothing done (bad configuration, unreachable database, bad usage).
pub const EXIT_PARTIAL: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = "Folio: the publishing platform for policy-research institutes.",
    long_about = "Folio runs a think tank's whole site from one binary: public pages, faceted \
                  search, an archive importer and more, on an embedded SQLite database \
                  or, for several web nodes, on PostgreSQL (--database postgres://…).",
    after_help = "Examples:\n  folio serve --demo                 start with sample content at http://127.0.0.1:8080/\n  folio --data /srv/folio import ./crawl   import a crawled archive\n  folio --data /srv/folio reindex          rebuild the search index\n  folio --data /srv/folio export --static ./public   the site as static files\n  folio user add --email you@example.org --role admin   the first admin account\n  folio --database postgres://folio@db/folio serve   serve from PostgreSQL\n  folio check                              configuration, database and index state\n  folio token create --role editor --name \"Newsletter\"   a token for the JSON API\n\nRun `folio <command> --help` for a command's options."
)]
struct Cli {
    /// The data directory: database, search index, uploads and folio.toml.
    #[arg(
        long,
        global = true,
        env = "FOLIO_DATA",
        default_value = "folio-data",
        value_name = "DIR"
    )]
    data: PathBuf,

    /// The site file to use instead of DIR/folio.toml.
    #[arg(long, global = true, env = "FOLIO_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    /// The database: postgres://user:password@host:port/database, or
    /// sqlite:PATH. Defaults to SQLite in the data directory (DIR/folio.db).
    #[arg(
        long,
        global = true,
        env = "FOLIO_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    database: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Serve(commands::serve::ServeArgs),
    Import(commands::import::ImportArgs),
    Reindex(commands::reindex::ReindexArgs),
    Export(commands::export::ExportArgs),
    User(commands::user::UserArgs),
    Check(commands::check::CheckArgs),
    MigrateData(commands::migrate_data::MigrateDataArgs),
    Token(commands::token::TokenArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let globals = site::Globals {
        data: cli.data,
        config: cli.config,
        database: cli.database.filter(|url| !url.trim().is_empty()),
    };
    let result = match cli.command {
        Command::Serve(args) => commands::serve::run(&globals, args),
        Command::Import(args) => commands::import::run(&globals, args),
        Command::Reindex(args) => commands::reindex::run(&globals, args),
        Command::Export(args) => commands::export::run(&globals, args),
        Command::User(args) => commands::user::run(&globals, args),
        Command::Check(args) => commands::check::run(&globals, args),
        Command::MigrateData(args) => commands::migrate_data::run(args),
        Command::Token(args) => commands::token::run(&globals, args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FOLIO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .compact()
        .init();
}
