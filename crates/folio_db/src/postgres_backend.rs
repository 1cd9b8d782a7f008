//! The PostgreSQL side of the store: a small connection pool and how its
//! transactions begin and end.
//!
//! Reads run in parallel on REPEATABLE READ snapshots (one consistent view,
//! as a SQLite read transaction has). Every write transaction first takes
//! one transaction-scoped advisory lock, so writes are serialised across
//! every node sharing the database, exactly as SQLite serialises them in
//! one file. That keeps the repositories' read-check-write steps (slug
//! claims, edit versions) correct without retries, and it makes the change
//! log commit in sequence order: a follower reading `seq > last` can never
//! skip an entry that commits later with a smaller number.

use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Once};
use std::time::Duration;

use crate::feed::ChangeFeed;
use crate::sql::{Conn, PgConnection};
use crate::{StoreError, StoreResult};

/// Connections one process opens at most.
const MAX_CONNECTIONS: usize = 16;
/// How long the change listener waits for a notification before it looks
/// whether its store is still in use.
const LISTEN_WAIT: Duration = Duration::from_secs(1);
/// How long the change listener waits before connecting again after the
/// server went away.
const LISTEN_RETRY: Duration = Duration::from_secs(1);
/// How long a caller waits for a free connection before the store is Busy.
const POOL_WAIT: Duration = Duration::from_secs(30);
/// The first key of Folio's advisory locks ("Foli" in ASCII); the second
/// names the schema, so sites sharing one database in different schemas
/// do not wait for each other.
const ADVISORY_LOCK_CLASS: i32 = 0x466f_6c69;

pub(crate) struct PostgresBackend {
    config: postgres::Config,
    pub(crate) location: String,
    /// `BEGIN …; SELECT pg_advisory_xact_lock(…)`: how every write starts.
    begin_write: String,
    /// The channel a write that appends to the change log notifies, one per
    /// schema, and the statement that does it.
    channel: String,
    notify_sql: Arc<str>,
    listener: Once,
    pool: Pool,
}

/// How a transaction ends when its closure succeeds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Commit,
    /// A rehearsal: see what a write would do, keep nothing.
    Rollback,
}

/// What a transaction may do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    Write,
}

impl PostgresBackend {
    /// Connects once (so a wrong URL fails here, not on the first request)
    /// and keeps that connection as the pool's first.
    pub(crate) fn connect(url: &str) -> StoreResult<PostgresBackend> {
        let mut config = postgres::Config::from_str(url).map_err(|e| {
            StoreError::Database(format!("{} is not a PostgreSQL URL: {e}", redact_url(url)))
        })?;
        if config.get_application_name().is_none() {
            config.application_name("folio");
        }
        // Server notices ("relation already exists, skipping") are not errors.
        config.notice_callback(|_| {});
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let location = postgres_location(&config);
        let mut first = PgConnection::connect(&config)
            .map_err(|e| StoreError::Database(format!("cannot connect to {location}: {e}")))?;
        let schema = Conn::postgres(&mut first)
            .query_one("SELECT COALESCE(current_schema(), '')", &[])?
            .string(0)?;
        if schema.is_empty() {
            return Err(StoreError::Database(format!(
                "{location}: no schema of the search_path exists; create one or fix search_path"
            )));
        }
        let key = schema_lock_key(&schema);
        let begin_write = format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; \
             SELECT pg_advisory_xact_lock({ADVISORY_LOCK_CLASS}, {key})"
        );
        let channel = format!("folio_changes_{:08x}", key as u32);
        let notify_sql: Arc<str> = format!("SELECT pg_notify('{channel}', '')").into();
        first.set_notify_sql(Arc::clone(&notify_sql));
        Ok(PostgresBackend {
            config,
            location,
            begin_write,
            channel,
            notify_sql,
            listener: Once::new(),
            pool: Pool {
                state: Mutex::new(PoolState {
                    idle: vec![first],
                    open: 1,
                }),
                freed: Condvar::new(),
            },
        })
    }

    pub(crate) fn transaction<T>(
        &self,
        access: Access,
        end: End,
        f: impl FnOnce(&mut Conn<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let begin = match access {
            Access::Read => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            Access::Write => &self.begin_write,
        };
        let mut connection = self.pool.take(&self.config, &self.notify_sql)?;
        if let Err(error) = connection.get().begin(begin) {
            if connection.get().is_usable() {
                return Err(error);
            }
            // The server closed an idle connection (it restarted): once
            // more, on a new one.
            connection.discard();
            connection = self.pool.take(&self.config, &self.notify_sql)?;
            connection.get().begin(begin)?;
        }
        let pg = connection.get();
        let result = f(&mut Conn::postgres(pg));
        match (result, end) {
            (Ok(value), End::Commit) => pg.finish("COMMIT").map(|()| value),
            (Ok(value), End::Rollback) => pg.finish("ROLLBACK").map(|()| value),
            (Err(error), _) => {
                let _ = pg.finish("ROLLBACK");
                Err(error)
            }
        }
    }
}

impl PostgresBackend {
    /// Starts (once) the thread that LISTENs on this store's channel and
    /// wakes `feed` at every commit that appended to the change log, on any
    /// node. It holds a connection of its own, reconnects when the server
    /// goes away (waking the feed, since something may have been missed),
    /// and ends when nothing but it holds the feed any more.
    pub(crate) fn listen_for_changes(&self, feed: &ChangeFeed) {
        self.listener.call_once(|| {
            let config = self.config.clone();
            let listen = format!("LISTEN {}", self.channel);
            let feed = feed.clone();
            let started = std::thread::Builder::new()
                .name("folio-change-listener".into())
                .spawn(move || listen_until_abandoned(&config, &listen, &feed));
            // Without the thread, followers still poll.
            drop(started);
        });
    }
}

fn listen_until_abandoned(config: &postgres::Config, listen: &str, feed: &ChangeFeed) {
    while !feed.is_abandoned() {
        let connected = PgConnection::connect(config).and_then(|mut conn| {
            conn.batch(listen)?;
            Ok(conn)
        });
        if let Ok(mut conn) = connected {
            feed.wake();
            while !feed.is_abandoned() {
                match conn.wait_for_notification(LISTEN_WAIT) {
                    Ok(true) => feed.wake(),
                    Ok(false) => {}
                    Err(_) => break,
                }
            }
        }
        std::thread::sleep(LISTEN_RETRY);
    }
}

/// A few connections shared by the threads of one process.
struct Pool {
    state: Mutex<PoolState>,
    freed: Condvar,
}

struct PoolState {
    idle: Vec<PgConnection>,
    /// Idle and in use.
    open: usize,
}

impl Pool {
    fn take(&self, config: &postgres::Config, notify_sql: &Arc<str>) -> StoreResult<Pooled<'_>> {
        let mut state = lock(&self.state);
        loop {
            if let Some(connection) = state.idle.pop() {
                if connection.is_usable() {
                    return Ok(Pooled {
                        pool: self,
                        connection: Some(connection),
                    });
                }
                state.open -= 1;
                continue;
            }
            if state.open < MAX_CONNECTIONS {
                state.open += 1;
                drop(state);
                return match PgConnection::connect(config) {
                    Ok(mut connection) => Ok(Pooled {
                        connection: {
                            connection.set_notify_sql(Arc::clone(notify_sql));
                            Some(connection)
                        },
                        pool: self,
                    }),
                    Err(error) => {
                        lock(&self.state).open -= 1;
                        self.freed.notify_one();
                        Err(error)
                    }
                };
            }
            let (next, waited) = self
                .freed
                .wait_timeout(state, POOL_WAIT)
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            if waited.timed_out() && state.idle.is_empty() && state.open >= MAX_CONNECTIONS {
                return Err(StoreError::Busy);
            }
        }
    }
}

/// A connection taken from the pool; it goes back when dropped (even by a
/// panic: its next user rolls back what was left open), or is closed when
/// it broke.
struct Pooled<'p> {
    pool: &'p Pool,
    connection: Option<PgConnection>,
}

impl Pooled<'_> {
    fn get(&mut self) -> &mut PgConnection {
        self.connection
            .as_mut()
            .expect("a pooled connection is present until dropped")
    }

    fn discard(&mut self) {
        if self.connection.take().is_some() {
            lock(&self.pool.state).open -= 1;
            self.pool.freed.notify_one();
        }
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take() {
            let mut state = lock(&self.pool.state);
            if connection.is_usable() {
                state.idle.push(connection);
            } else {
                state.open -= 1;
            }
            drop(state);
            self.pool.freed.notify_one();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A PostgreSQL URL as messages show it: user, host, port and database,
/// never the password.
fn postgres_location(config: &postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|host| match host {
            postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config
        .get_user()
        .map(|u| format!("{u}@"))
        .unwrap_or_default();
    let database = config.get_dbname().unwrap_or("");
    format!("postgres://{user}{host}:{port}/{database}")
}

/// A URL with any password replaced, for error messages.
pub(crate) fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{path}")
        }
        None => url.to_owned(),
    }
}

/// The second advisory-lock key: a stable hash of the schema's name.
fn schema_lock_key(schema: &str) -> i32 {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in schema.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://folio:s3cret@db.internal:5433/site"),
            "postgres://folio:***@db.internal:5433/site"
        );
        assert_eq!(redact_url("sqlite:folio.db"), "sqlite:folio.db");
        let config =
            postgres::Config::from_str("postgres://folio:s3cret@db.internal:5433/site").unwrap();
        let location = postgres_location(&config);
        assert_eq!(location, "postgres://folio@db.internal:5433/site");
    }

    #[test]
    fn unknown_urls_are_refused_without_their_password() {
        let error = crate::Store::connect("mysql://root:hunter2@localhost/site").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(error.to_string().contains("postgres://"), "{error}");
    }

    #[test]
    fn an_unreachable_server_is_named_without_the_password() {
        let error = crate::Store::open("postgres://folio:s3cret@127.0.0.1:1/site").unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("postgres://folio@127.0.0.1:1/site"),
            "{message}"
        );
        assert!(!message.contains("s3cret"), "{message}");
    }
}
