//! Schema migrations, one file per backend and version, run at open.
//!
//! Both backends carry the same versions with the same tables and columns;
//! only the spelling of types and keys differs.

use folio_core::Timestamp;

use crate::sql::{Conn, Dialect};
use crate::{StoreError, StoreResult, params};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "content",
        sqlite: include_str!("../migrations/sqlite/0001_content.sql"),
        postgres: include_str!("../migrations/postgres/0001_content.sql"),
    },
    Migration {
        version: 2,
        name: "content_changes",
        sqlite: include_str!("../migrations/sqlite/0002_content_changes.sql"),
        postgres: include_str!("../migrations/postgres/0002_content_changes.sql"),
    },
    Migration {
        version: 3,
        name: "editorial",
        sqlite: include_str!("../migrations/sqlite/0003_editorial.sql"),
        postgres: include_str!("../migrations/postgres/0003_editorial.sql"),
    },
    Migration {
        version: 4,
        name: "redirects",
        sqlite: include_str!("../migrations/sqlite/0004_redirects.sql"),
        postgres: include_str!("../migrations/postgres/0004_redirects.sql"),
    },
    Migration {
        version: 5,
        name: "api",
        sqlite: include_str!("../migrations/sqlite/0005_api.sql"),
        postgres: include_str!("../migrations/postgres/0005_api.sql"),
    },
    Migration {
        version: 6,
        name: "translations",
        sqlite: include_str!("../migrations/sqlite/0006_translations.sql"),
        postgres: include_str!("../migrations/postgres/0006_translations.sql"),
    },
    Migration {
        version: 7,
        name: "listing_counts",
        sqlite: include_str!("../migrations/sqlite/0007_listing_counts.sql"),
        postgres: include_str!("../migrations/postgres/0007_listing_counts.sql"),
    },
];

pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub(crate) fn applied_version(conn: &mut Conn<'_>) -> StoreResult<i64> {
    let row = conn.query_one(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        params![],
    )?;
    row.int(0)
}

/// Applies every migration the database has not seen, in one transaction
/// (the caller's), so a failure leaves the schema as it was.
pub(crate) fn migrate(conn: &mut Conn<'_>) -> StoreResult<()> {
    conn.execute_raw(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )",
    )?;
    let applied = applied_version(conn)?;
    if applied > latest_version() {
        return Err(StoreError::SchemaTooNew {
            database: applied,
            supported: latest_version(),
        });
    }
    let pending: Vec<&Migration> = MIGRATIONS.iter().filter(|m| m.version > applied).collect();
    for migration in &pending {
        let sql = match conn.dialect() {
            Dialect::Sqlite => migration.sqlite,
            Dialect::Postgres => migration.postgres,
        };
        conn.execute_raw(sql).map_err(|e| {
            StoreError::Database(format!(
                "migration {} ({}) failed: {e}",
                migration.version, migration.name
            ))
        })?;
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            params![migration.version, migration.name, Timestamp::now()],
        )?;
    }
    if !pending.is_empty() {
        conn.schema_changed();
    }
    Ok(())
}
