//! Throw-away PostgreSQL schemas for tests.
//!
//! Every test that runs on PostgreSQL gets a schema of its own in the test
//! server, created empty and dropped (with everything in it) when the
//! [`TestPostgres`] value goes away, even when the test panics. Tests find
//! the server through `FOLIO_TEST_POSTGRES_URL`, or the local server on
//! 127.0.0.1:5432 as user `postgres`; when none answers they fail with a
//! message saying how to get one, never pass without it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The variable that names the test server's database.
pub const URL_VARIABLE: &str = "FOLIO_TEST_POSTGRES_URL";
/// Used when the variable is not set.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

static NEXT: AtomicU32 = AtomicU32::new(0);

/// The test server's URL (a database the tests may create schemas in).
pub fn server_url() -> String {
    std::env::var(URL_VARIABLE)
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_owned())
}

/// An empty schema of its own in the test database, dropped on drop.
#[derive(Debug)]
pub struct TestPostgres {
    server_url: String,
    schema: String,
    url: String,
}

impl TestPostgres {
    /// Creates the schema. Panics, saying how to start a server, when the
    /// test server cannot be reached.
    pub fn new() -> TestPostgres {
        let server_url = server_url();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!(
            "folio_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = connect(&server_url);
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap_or_else(|e| panic!("cannot create the test schema {schema}: {e}"));
        let separator = if server_url.contains('?') { '&' } else { '?' };
        let url = format!("{server_url}{separator}options=-c%20search_path%3D{schema}");
        TestPostgres {
            server_url,
            schema,
            url,
        }
    }

    /// A URL whose connections use this schema (through `search_path`).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn schema(&self) -> &str {
        &self.schema
    }
}

impl Default for TestPostgres {
    fn default() -> Self {
        TestPostgres::new()
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.server_url, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
        }
    }
}

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|error| {
        panic!(
            "\nThe PostgreSQL tests need a server, and none answers at {url}: {error}\n\
             Run scripts/test (it installs Debian's postgresql and starts a throw-away server \
             when none is running), or start one yourself and set {URL_VARIABLE} to a database \
             the tests may create schemas in, for example \
             {URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/postgres\n"
        )
    })
}
