//! Opening what every command works on: the configuration and the store.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use folio_config::Config;
use folio_db::Store;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "folio.db";

pub struct Site {
    pub config: Arc<Config>,
    pub store: Store,
    pub data_dir: std::path::PathBuf,
}

/// Loads the configuration and opens (creating when needed) the data
/// directory and its database.
pub fn open(data_dir: &Path, config_path: Option<&Path>) -> anyhow::Result<Site> {
    let config = Config::load(data_dir, config_path)?;
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let store = Store::open_sqlite(&data_dir.join(DATABASE_FILE))
        .with_context(|| format!("cannot open the database in {}", data_dir.display()))?;
    Ok(Site {
        config: Arc::new(config),
        store,
        data_dir: data_dir.to_path_buf(),
    })
}
