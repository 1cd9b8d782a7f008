//! Opening the database and running transactions on it: SQLite here,
//! PostgreSQL in `postgres_backend`.

use std::path::{Path, PathBuf};

use crate::postgres_backend::{Access, End, PostgresBackend, redact_url};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::feed::ChangeFeed;
use crate::migrations;
use crate::sql::{Conn, Dialect, sqlite_error};
use crate::{StoreError, StoreResult};

/// Read connections kept open for reuse; more may be opened under load.
const MAX_IDLE_READERS: usize = 16;

/// The store: a handle to the database, cheap to clone and share between
/// threads. Every call runs in a transaction; the functions in this crate's
/// repository modules take the transaction's [`Conn`].
///
/// The store is synchronous. Async callers move calls to a blocking thread.
#[derive(Clone)]
pub struct Store {
    backend: Arc<Backend>,
    /// Wakes the change log's followers after writes that appended to it.
    feed: ChangeFeed,
}

enum Backend {
    Sqlite(SqliteBackend),
    Postgres(Box<PostgresBackend>),
}

struct SqliteBackend {
    path: PathBuf,
    /// SQLite allows one writer at a time; keeping one connection for writes
    /// in this process queues them here instead of in busy retries.
    writer: Mutex<rusqlite::Connection>,
    readers: Mutex<Vec<rusqlite::Connection>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.location())
    }
}

impl Store {
    /// Opens the database a URL names and brings its schema up to date:
    /// `postgres://user:password@host:port/database` (or `postgresql://`),
    /// or `sqlite:PATH` for a SQLite file.
    pub fn open(url: &str) -> StoreResult<Store> {
        let store = Store::connect(url)?;
        store.write(migrations::migrate)?;
        Ok(store)
    }

    /// Like [`Store::open`], without running migrations: for looking at a
    /// database as it is (`folio check`).
    pub fn connect(url: &str) -> StoreResult<Store> {
        if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            return Store::connect_sqlite(Path::new(path));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Store {
                backend: Arc::new(Backend::Postgres(Box::new(PostgresBackend::connect(url)?))),
                feed: ChangeFeed::default(),
            });
        }
        Err(StoreError::Database(format!(
            "{} is not a database URL: use postgres://user@host:port/database or sqlite:PATH",
            redact_url(url)
        )))
    }

    /// Opens (creating when missing) a SQLite database file, in WAL mode,
    /// and brings its schema up to date.
    pub fn open_sqlite(path: &Path) -> StoreResult<Store> {
        let store = Store::connect_sqlite(path)?;
        store.write(migrations::migrate)?;
        Ok(store)
    }

    fn connect_sqlite(path: &Path) -> StoreResult<Store> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Database(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        let writer = open_sqlite_connection(path)?;
        let store = Store {
            backend: Arc::new(Backend::Sqlite(SqliteBackend {
                path: path.to_path_buf(),
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::new()),
            })),
            feed: ChangeFeed::default(),
        };
        Ok(store)
    }

    pub fn dialect(&self) -> Dialect {
        match &*self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Where the database is, for messages (never includes a password).
    pub fn location(&self) -> String {
        match &*self.backend {
            Backend::Sqlite(sqlite) => format!("sqlite:{}", sqlite.path.display()),
            Backend::Postgres(pg) => pg.location.clone(),
        }
    }

    /// Runs `f` in a read-only transaction: it sees one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&mut Conn<'_>) -> StoreResult<T>) -> StoreResult<T> {
        match &*self.backend {
            Backend::Sqlite(sqlite) => {
                let connection = sqlite.take_reader()?;
                let result = run_transaction(&connection, "BEGIN", f);
                sqlite.return_reader(connection);
                result
            }
            Backend::Postgres(pg) => pg.transaction(Access::Read, End::Commit, f),
        }
    }

    /// Runs `f` in a write transaction: all of it is committed, or none.
    pub fn write<T>(&self, f: impl FnOnce(&mut Conn<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let mut appended = false;
        let noting = |c: &mut Conn<'_>| {
            let result = f(c);
            appended = c.appended_change();
            result
        };
        let result = match &*self.backend {
            Backend::Sqlite(sqlite) => {
                let connection = lock(&sqlite.writer);
                run_transaction(&connection, "BEGIN IMMEDIATE", noting)
            }
            Backend::Postgres(pg) => pg.transaction(Access::Write, End::Commit, noting),
        };
        if appended && result.is_ok() {
            self.feed.wake();
        }
        result
    }

    /// What wakes the followers of the change log (this node's search
    /// index and page cache): every commit here that appended to it, every
    /// such commit on another node sharing the PostgreSQL database, and the
    /// poll interval the follower waits with. See [`ChangeFeed`].
    pub fn change_feed(&self) -> ChangeFeed {
        if let Backend::Postgres(pg) = &*self.backend {
            pg.listen_for_changes(&self.feed);
        }
        self.feed.clone()
    }

    /// Runs `f` in a write transaction that is always rolled back: what a
    /// write would do, without doing it (the admin's preview).
    pub fn rehearse<T>(&self, f: impl FnOnce(&mut Conn<'_>) -> StoreResult<T>) -> StoreResult<T> {
        match &*self.backend {
            Backend::Sqlite(sqlite) => {
                let connection = lock(&sqlite.writer);
                if !connection.is_autocommit() {
                    let _ = connection.execute_batch("ROLLBACK");
                }
                connection
                    .execute_batch("BEGIN IMMEDIATE")
                    .map_err(sqlite_error)?;
                let result = f(&mut Conn::sqlite(&connection));
                let _ = connection.execute_batch("ROLLBACK");
                result
            }
            Backend::Postgres(pg) => pg.transaction(Access::Write, End::Rollback, f),
        }
    }

    /// Whether the database answers (a trivial read).
    pub fn ping(&self) -> StoreResult<()> {
        self.read(|c| c.query_one("SELECT 1", &[]).map(|_| ()))
    }

    /// The schema version this database is at, and the newest this build knows.
    pub fn schema_version(&self) -> StoreResult<(i64, i64)> {
        let applied = self.read(migrations::applied_version)?;
        Ok((applied, migrations::latest_version()))
    }
}

fn run_transaction<T>(
    connection: &rusqlite::Connection,
    begin: &str,
    f: impl FnOnce(&mut Conn<'_>) -> StoreResult<T>,
) -> StoreResult<T> {
    if !connection.is_autocommit() {
        // A panic unwound through an earlier transaction on this connection.
        let _ = connection.execute_batch("ROLLBACK");
    }
    connection.execute_batch(begin).map_err(sqlite_error)?;
    let mut conn = Conn::sqlite(connection);
    match f(&mut conn) {
        Ok(value) => {
            if let Err(e) = connection.execute_batch("COMMIT") {
                let _ = connection.execute_batch("ROLLBACK");
                return Err(sqlite_error(e));
            }
            Ok(value)
        }
        Err(e) => {
            let _ = connection.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

impl SqliteBackend {
    fn take_reader(&self) -> StoreResult<rusqlite::Connection> {
        if let Some(connection) = lock(&self.readers).pop() {
            return Ok(connection);
        }
        open_sqlite_connection(&self.path)
    }

    fn return_reader(&self, connection: rusqlite::Connection) {
        let mut readers = lock(&self.readers);
        if readers.len() < MAX_IDLE_READERS && connection.is_autocommit() {
            readers.push(connection);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic inside a transaction leaves the connection usable: the next
    // transaction on it rolls the unfinished one back first.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn open_sqlite_connection(path: &Path) -> StoreResult<rusqlite::Connection> {
    let connection = rusqlite::Connection::open(path).map_err(|e| {
        StoreError::Database(format!("cannot open the database {}: {e}", path.display()))
    })?;
    connection.set_prepared_statement_cache_capacity(256);
    // Without the query planner stability guarantee, SQLite marks any
    // statement with `LIMIT ?` or `column = ?` to be re-planned whenever a
    // parameter is rebound, and rusqlite clears the bindings of every
    // statement it caches: each cached statement was compiled again on
    // every use (12% of a static export's CPU time).
    connection
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(sqlite_error)?;
    connection
        .busy_timeout(Duration::from_secs(10))
        .map_err(sqlite_error)?;
    // WAL lets readers run beside the writer; FULL sync makes every commit
    // durable; foreign keys are off by default in SQLite.
    connection
        .execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(sqlite_error)?;
    Ok(connection)
}
