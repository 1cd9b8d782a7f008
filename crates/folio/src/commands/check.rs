//! `folio check`: is this node ready to serve?

use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use folio_config::Config;
use folio_db::Store;
use folio_search::SearchIndex;

use crate::{EXIT_ERROR, site};

/// Check the configuration, the database and the search index.
///
/// Reports whether folio.toml is valid, whether the database answers (and
/// how fast), whether its schema is up to date, and how far this node's
/// search index is behind the database's change log. Changes nothing; the
/// exit code is 0 when all is well and 2 otherwise.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  folio check\n  folio --database postgres://folio@db.internal/folio --data /srv/folio check"
)]
pub struct CheckArgs {}

pub fn run(globals: &site::Globals, _args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut healthy = true;
    let mut report = |ok: bool, what: &str, detail: String| {
        healthy &= ok;
        println!("{} {what:<14} {detail}", if ok { "ok  " } else { "FAIL" });
    };

    match Config::load(&globals.data, globals.config.as_deref()) {
        Ok(config) => report(
            true,
            "configuration",
            format!("site \"{}\"", config.site.name),
        ),
        Err(error) => report(false, "configuration", error.to_string()),
    }

    let started = Instant::now();
    let store = match Store::connect(&globals.database_url()).and_then(|store| {
        store.ping()?;
        Ok(store)
    }) {
        Ok(store) => {
            report(
                true,
                "database",
                format!(
                    "{} answers ({} ms)",
                    store.location(),
                    started.elapsed().as_millis()
                ),
            );
            Some(store)
        }
        Err(error) => {
            report(false, "database", error.to_string());
            None
        }
    };

    let Some(store) = store else {
        return Ok(exit(healthy));
    };
    let latest_change = match store.schema_version() {
        Ok((applied, latest)) if applied == latest => {
            report(true, "schema", format!("version {applied}, up to date"));
            store.read(folio_db::latest_change).ok()
        }
        Ok((applied, latest)) if applied < latest => {
            report(
                false,
                "schema",
                format!(
                    "version {applied}; this Folio brings it to {latest} when it next opens the database (serve, import…)"
                ),
            );
            None
        }
        Ok((applied, latest)) => {
            report(
                false,
                "schema",
                format!("version {applied} is newer than this Folio ({latest}): run a newer Folio"),
            );
            None
        }
        Err(error) => {
            report(
                false,
                "schema",
                format!("not readable ({error}); is this a Folio database?"),
            );
            None
        }
    };

    let index_dir = globals.data.join(folio_search::INDEX_DIR);
    if !index_dir.exists() {
        report(
            true,
            "search index",
            format!(
                "{} not built yet; `folio serve` builds it",
                index_dir.display()
            ),
        );
    } else {
        match SearchIndex::open_read_only(&index_dir).and_then(|index| index.applied_change()) {
            Ok(applied) => match latest_change {
                Some(latest) => {
                    let behind = (latest - applied).max(0);
                    report(
                        true,
                        "search index",
                        if behind == 0 {
                            format!("caught up (change {applied})")
                        } else {
                            format!(
                                "{behind} changes behind (at {applied} of {latest}); a running node catches up within a second"
                            )
                        },
                    );
                }
                None => report(true, "search index", format!("at change {applied}")),
            },
            Err(error) => report(false, "search index", error.to_string()),
        }
    }
    Ok(exit(healthy))
}

fn exit(healthy: bool) -> ExitCode {
    if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    }
}
