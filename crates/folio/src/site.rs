//! Opening what every command works on: the configuration and the store.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use folio_config::Config;
use folio_db::Store;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "folio.db";

/// What every command is told before its own arguments.
#[derive(Debug, Clone)]
pub struct Globals {
    pub data: PathBuf,
    pub config: Option<PathBuf>,
    /// `postgres://…` or `sqlite:PATH`; `None` is DATA/folio.db.
    pub database: Option<String>,
}

impl Globals {
    /// The database URL to open: the one given, or SQLite in the data
    /// directory.
    pub fn database_url(&self) -> String {
        match &self.database {
            Some(url) => url.clone(),
            None => format!("sqlite:{}", self.data.join(DATABASE_FILE).display()),
        }
    }
}

pub struct Site {
    pub config: Arc<Config>,
    pub store: Store,
    pub data_dir: std::path::PathBuf,
}

impl Site {
    /// How the importer reads this site's pages: its default language, and
    /// its languages for pages crawled into a directory named for one.
    pub fn import_options(&self) -> folio_import::ImportOptions {
        folio_import::ImportOptions {
            default_language: self.config.site.default_language.clone(),
            languages: self
                .config
                .languages
                .iter()
                .map(|l| l.code.clone())
                .collect(),
        }
    }
}

/// Loads the configuration and opens (creating when needed) the data
/// directory and the database.
pub fn open(globals: &Globals) -> anyhow::Result<Site> {
    let data_dir = globals.data.as_path();
    let config = Config::load(data_dir, globals.config.as_deref())?;
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let store = open_store(&globals.database_url())?;
    Ok(Site {
        config: Arc::new(config),
        store,
        data_dir: data_dir.to_path_buf(),
    })
}

/// Opens (and migrates) the database a URL names; the error names the
/// database without its password.
pub fn open_store(url: &str) -> anyhow::Result<Store> {
    Store::open(url).map_err(|error| anyhow::anyhow!("cannot open the database: {error}"))
}
