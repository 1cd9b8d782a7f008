//! The one place that knows SQL dialects and database drivers.
//!
//! Repositories write SQL once, in the subset SQLite and PostgreSQL both
//! accept, with `?` placeholders, and pass parameters as [`Value`]s. This
//! module runs that SQL on whichever backend the store has, rewriting
//! placeholders and converting values and rows. Nothing outside it names a
//! driver type.
//!
//! The shared subset, as the repositories use it:
//! - `?` placeholders (PostgreSQL gets `$1`, `$2`…, rewritten once per
//!   statement and cached with the prepared statement);
//! - `INSERT … ON CONFLICT (…) DO NOTHING | DO UPDATE SET x = excluded.x`,
//!   never `INSERT OR IGNORE`/`REPLACE`; `INSERT … RETURNING id` for new ids;
//! - BIGINT integers, millisecond timestamps as BIGINT, dates as TEXT;
//!   BOOLEAN columns compared as booleans (`NOT succeeded`), written as
//!   [`Value::Bool`] and read with [`Row::bool`];
//! - text compares byte by byte on both (PostgreSQL columns are `COLLATE
//!   "C"`), and `LIKE` only on `LOWER(column)` with a lower-cased pattern,
//!   since SQLite's `LIKE` ignores ASCII case and PostgreSQL's does not;
//! - no `GROUP_CONCAT`/`string_agg`, no `SUM` (PostgreSQL answers NUMERIC),
//!   no integer division (both truncate, but write it in Rust), no
//!   date functions: aggregate and compute in Rust.

use std::collections::HashMap;
use std::fmt;

use folio_core::{Date, LanguageCode, Slug, Timestamp};

use crate::{StoreError, StoreResult};

/// A parameter or column value, the same on every backend.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    Blob(Vec<u8>),
}

macro_rules! value_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from($v: $t) -> Value { $e }
        }
    )*};
}

value_from! {
    i64 => |v| Value::Int(v),
    i32 => |v| Value::Int(v.into()),
    u32 => |v| Value::Int(v.into()),
    usize => |v| Value::Int(v as i64),
    f64 => |v| Value::Real(v),
    bool => |v| Value::Bool(v),
    String => |v| Value::Text(v),
    &str => |v| Value::Text(v.to_owned()),
    &String => |v| Value::Text(v.clone()),
    &Slug => |v| Value::Text(v.as_str().to_owned()),
    &LanguageCode => |v| Value::Text(v.as_str().to_owned()),
    Date => |v| Value::Text(v.to_string()),
    Timestamp => |v| Value::Int(v.as_millisecond()),
    Vec<u8> => |v| Value::Blob(v),
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

/// Builds a parameter list: `params![slug, title, now]`.
#[macro_export]
macro_rules! params {
    () => { &[] as &[$crate::Value] };
    ($($value:expr),+ $(,)?) => { &[$($crate::Value::from($value)),+] as &[$crate::Value] };
}

/// One result row; columns by position, in the order of the SELECT.
#[derive(Debug, Clone)]
pub struct Row(Vec<Value>);

impl Row {
    /// Every column, in order (for copying a row as it is).
    pub(crate) fn values(&self) -> &[Value] {
        &self.0
    }

    fn column(&self, index: usize) -> StoreResult<&Value> {
        self.0
            .get(index)
            .ok_or_else(|| StoreError::Corrupt(format!("no column {index} in the result row")))
    }

    fn wrong_type(&self, index: usize, expected: &str) -> StoreError {
        StoreError::Corrupt(format!(
            "column {index}: expected {expected}, found {:?}",
            self.0.get(index)
        ))
    }

    pub fn int(&self, index: usize) -> StoreResult<i64> {
        match self.column(index)? {
            Value::Int(v) => Ok(*v),
            _ => Err(self.wrong_type(index, "an integer")),
        }
    }

    pub fn opt_int(&self, index: usize) -> StoreResult<Option<i64>> {
        match self.column(index)? {
            Value::Null => Ok(None),
            _ => self.int(index).map(Some),
        }
    }

    pub fn text(&self, index: usize) -> StoreResult<&str> {
        match self.column(index)? {
            Value::Text(v) => Ok(v),
            _ => Err(self.wrong_type(index, "text")),
        }
    }

    pub fn opt_text(&self, index: usize) -> StoreResult<Option<&str>> {
        match self.column(index)? {
            Value::Null => Ok(None),
            _ => self.text(index).map(Some),
        }
    }

    pub fn string(&self, index: usize) -> StoreResult<String> {
        self.text(index).map(str::to_owned)
    }

    pub fn bool(&self, index: usize) -> StoreResult<bool> {
        // SQLite has no boolean type and stores 0 and 1.
        match self.column(index)? {
            Value::Bool(v) => Ok(*v),
            Value::Int(v) => Ok(*v != 0),
            _ => Err(self.wrong_type(index, "a boolean")),
        }
    }

    pub fn blob(&self, index: usize) -> StoreResult<&[u8]> {
        match self.column(index)? {
            Value::Blob(v) => Ok(v),
            _ => Err(self.wrong_type(index, "bytes")),
        }
    }

    pub fn slug(&self, index: usize) -> StoreResult<Slug> {
        let text = self.text(index)?;
        Slug::parse(text).map_err(|e| StoreError::Corrupt(format!("slug {text:?}: {e}")))
    }

    pub fn language(&self, index: usize) -> StoreResult<LanguageCode> {
        let text = self.text(index)?;
        LanguageCode::parse(text).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    pub fn opt_date(&self, index: usize) -> StoreResult<Option<Date>> {
        match self.opt_text(index)? {
            None => Ok(None),
            Some(text) => text
                .parse::<Date>()
                .map(Some)
                .map_err(|e| StoreError::Corrupt(format!("date {text:?}: {e}"))),
        }
    }

    pub fn timestamp(&self, index: usize) -> StoreResult<Timestamp> {
        let millis = self.int(index)?;
        Timestamp::from_millisecond(millis)
            .map_err(|e| StoreError::Corrupt(format!("timestamp {millis}: {e}")))
    }

    pub fn opt_timestamp(&self, index: usize) -> StoreResult<Option<Timestamp>> {
        match self.opt_int(index)? {
            None => Ok(None),
            Some(_) => self.timestamp(index).map(Some),
        }
    }
}

/// Which SQL dialect a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
        })
    }
}

/// A connection inside a transaction: every repository function takes one.
pub struct Conn<'c> {
    inner: Inner<'c>,
    savepoint_depth: u32,
    /// Whether this transaction appended to the change log (and, on
    /// PostgreSQL, sent the NOTIFY that wakes other nodes at commit).
    appended_change: bool,
}

enum Inner<'c> {
    Sqlite(&'c rusqlite::Connection),
    Postgres(&'c mut PgConnection),
}

impl<'c> Conn<'c> {
    pub(crate) fn sqlite(connection: &'c rusqlite::Connection) -> Conn<'c> {
        Conn {
            inner: Inner::Sqlite(connection),
            savepoint_depth: 0,
            appended_change: false,
        }
    }

    pub(crate) fn postgres(connection: &'c mut PgConnection) -> Conn<'c> {
        Conn {
            inner: Inner::Postgres(connection),
            savepoint_depth: 0,
            appended_change: false,
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self.inner {
            Inner::Sqlite(_) => Dialect::Sqlite,
            Inner::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs a statement; returns the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        match &mut self.inner {
            Inner::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql).map_err(sqlite_error)?;
                let changed = statement
                    .execute(rusqlite::params_from_iter(params.iter()))
                    .map_err(sqlite_error)?;
                Ok(changed as u64)
            }
            Inner::Postgres(conn) => conn.execute(sql, params),
        }
    }

    /// Runs a query and collects its rows.
    pub fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        match &mut self.inner {
            Inner::Postgres(conn) => conn.query(sql, params),
            Inner::Sqlite(conn) => {
                let mut out = Vec::new();
                sqlite_rows(conn, sql, params, |row| {
                    out.push(Row(std::mem::take(&mut row.0)));
                    Ok(())
                })?;
                Ok(out)
            }
        }
    }

    /// Runs a query and turns each row into a `T` as it comes, so a long
    /// result is never held twice (as rows, then as values).
    pub fn query_map<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        mut each: impl FnMut(&Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        match &mut self.inner {
            Inner::Postgres(conn) => conn.query(sql, params)?.iter().map(each).collect(),
            Inner::Sqlite(conn) => {
                let mut out = Vec::new();
                sqlite_rows(conn, sql, params, |row| {
                    out.push(each(row)?);
                    Ok(())
                })?;
                Ok(out)
            }
        }
    }

    pub fn query_opt(&mut self, sql: &str, params: &[Value]) -> StoreResult<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    pub fn query_one(&mut self, sql: &str, params: &[Value]) -> StoreResult<Row> {
        self.query_opt(sql, params)?
            .ok_or_else(|| StoreError::Corrupt(format!("expected one row from: {sql}")))
    }

    /// Runs `INSERT … RETURNING id` and returns the new id.
    pub fn insert_returning_id(&mut self, sql: &str, params: &[Value]) -> StoreResult<i64> {
        debug_assert!(sql.contains("RETURNING id"));
        self.query_one(sql, params)?.int(0)
    }

    /// Runs `f` all-or-nothing inside the current transaction: when it fails,
    /// only its own changes are undone.
    pub fn savepoint<T>(
        &mut self,
        f: impl FnOnce(&mut Conn<'c>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.savepoint_depth += 1;
        let name = format!("folio_sp_{}", self.savepoint_depth);
        self.execute_raw(&format!("SAVEPOINT {name}"))?;
        let appended_before = self.appended_change;
        let result = f(self);
        let end = match &result {
            Ok(_) => format!("RELEASE SAVEPOINT {name}"),
            Err(_) => {
                // A NOTIFY sent inside the savepoint is undone with it.
                self.appended_change = appended_before;
                format!("ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}")
            }
        };
        self.savepoint_depth -= 1;
        self.execute_raw(&end)?;
        result
    }

    /// Runs statements without parameters (transaction control, migrations).
    pub(crate) fn execute_raw(&mut self, sql: &str) -> StoreResult<()> {
        match &mut self.inner {
            Inner::Sqlite(conn) => conn.execute_batch(sql).map_err(sqlite_error),
            Inner::Postgres(conn) => conn.batch(sql),
        }
    }

    /// A table's column names, in their order in the table.
    pub(crate) fn table_columns(&mut self, table: &str) -> StoreResult<Vec<String>> {
        let sql = match self.dialect() {
            Dialect::Sqlite => "SELECT name FROM pragma_table_info(?) ORDER BY cid",
            Dialect::Postgres => {
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position"
            }
        };
        self.query(sql, &[Value::from(table)])?
            .iter()
            .map(|row| row.string(0))
            .collect()
    }

    /// Notes that this transaction appended to the change log: followers
    /// in this process are woken after it commits, and on PostgreSQL a
    /// NOTIFY (delivered at commit, dropped at rollback) wakes every other
    /// node.
    pub(crate) fn change_appended(&mut self) -> StoreResult<()> {
        if self.appended_change {
            return Ok(());
        }
        self.appended_change = true;
        if let Inner::Postgres(conn) = &mut self.inner {
            conn.notify_change()?;
        }
        Ok(())
    }

    pub(crate) fn appended_change(&self) -> bool {
        self.appended_change
    }

    /// Forgets prepared statements after the schema changed (migrations).
    pub(crate) fn schema_changed(&mut self) {
        if let Inner::Postgres(conn) = &mut self.inner {
            conn.statements.clear();
        }
    }

    /// After rows were copied in with their ids (`folio migrate-data`):
    /// new rows of `table` must get ids after the largest copied one.
    /// SQLite does that by itself; a PostgreSQL identity column's sequence
    /// has to be moved on.
    pub(crate) fn continue_ids_after_copy(&mut self, table: &str, column: &str) -> StoreResult<()> {
        match self.dialect() {
            Dialect::Sqlite => Ok(()),
            Dialect::Postgres => self.execute_raw(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                    COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            )),
        }
    }
}

/// Ids bound in one `IN` list by [`Conn::query_ids`]: SQLite refuses more
/// than 32,766 parameters in a statement and PostgreSQL more than 65,535,
/// and a language's whole archive (the browser search index) is 100,000
/// articles and more.
pub(crate) const IDS_PER_QUERY: usize = 10_000;

impl Conn<'_> {
    /// The rows of a query about many ids, asked [`IDS_PER_QUERY`] at a
    /// time: `sql` writes the statement for one chunk from its `IN` list's
    /// placeholders, and `after` is bound after the ids. Rows come chunk
    /// by chunk, so an `ORDER BY` holds within a chunk only. No ids, no
    /// query.
    pub(crate) fn query_ids(
        &mut self,
        ids: &[i64],
        after: &[Value],
        sql: impl Fn(&str) -> String,
    ) -> StoreResult<Vec<Row>> {
        let mut rows = Vec::new();
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let mut params: Vec<Value> = chunk.iter().map(|&id| Value::Int(id)).collect();
            params.extend_from_slice(after);
            rows.extend(self.query(&sql(&placeholders(chunk.len())), &params)?);
        }
        Ok(rows)
    }
}

/// Hands each row of a query to `each`, in one buffer it may take.
fn sqlite_rows(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Value],
    mut each: impl FnMut(&mut Row) -> StoreResult<()>,
) -> StoreResult<()> {
    let mut statement = conn.prepare_cached(sql).map_err(sqlite_error)?;
    let columns = statement.column_count();
    let mut rows = statement
        .query(rusqlite::params_from_iter(params.iter()))
        .map_err(sqlite_error)?;
    let mut current = Row(Vec::with_capacity(columns));
    while let Some(row) = rows.next().map_err(sqlite_error)? {
        current.0.clear();
        current.0.reserve(columns);
        for i in 0..columns {
            current
                .0
                .push(sqlite_value(row.get_ref(i).map_err(sqlite_error)?)?);
        }
        each(&mut current)?;
    }
    Ok(())
}

/// A list of `?` placeholders for an `IN (…)` clause of `n` values.
pub fn placeholders(n: usize) -> String {
    let mut out = String::with_capacity(n * 3);
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('?');
    }
    out
}

impl rusqlite::types::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
            Value::Bool(v) => ValueRef::Integer(i64::from(*v)),
            Value::Blob(v) => ValueRef::Blob(v),
        }))
    }
}

fn sqlite_value(value: rusqlite::types::ValueRef<'_>) -> StoreResult<Value> {
    use rusqlite::types::ValueRef;
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(v) => Value::Int(v),
        ValueRef::Real(v) => Value::Real(v),
        ValueRef::Text(v) => Value::Text(
            String::from_utf8(v.to_vec())
                .map_err(|_| StoreError::Corrupt("text column is not UTF-8".into()))?,
        ),
        ValueRef::Blob(v) => Value::Blob(v.to_vec()),
    })
}

pub(crate) fn sqlite_error(error: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(failure, message) = &error {
        use rusqlite::ffi;
        match failure.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                return StoreError::UniqueViolation(message.clone().unwrap_or_default());
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
                return StoreError::ForeignKeyViolation(message.clone().unwrap_or_default());
            }
            _ => {}
        }
        if failure.code == ffi::ErrorCode::DatabaseBusy
            || failure.code == ffi::ErrorCode::DatabaseLocked
        {
            return StoreError::Busy;
        }
    }
    StoreError::Database(error.to_string())
}

/// One PostgreSQL connection and the statements prepared on it, keyed by
/// the SQL as the repositories wrote it.
pub(crate) struct PgConnection {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
    /// `SELECT pg_notify(…)` on this store's channel, once it is known.
    notify_sql: Option<std::sync::Arc<str>>,
    /// Set between BEGIN and COMMIT/ROLLBACK: a connection given back with
    /// it still set (a panic unwound through a transaction) is rolled back
    /// before its next use.
    in_transaction: bool,
}

/// Prepared statements kept per connection; listings with `IN (…)` lists of
/// every length would otherwise grow the cache without end.
const MAX_CACHED_STATEMENTS: usize = 512;

impl PgConnection {
    pub(crate) fn connect(config: &postgres::Config) -> StoreResult<PgConnection> {
        let client = config.connect(postgres::NoTls).map_err(postgres_error)?;
        Ok(PgConnection {
            client,
            statements: HashMap::new(),
            notify_sql: None,
            in_transaction: false,
        })
    }

    /// Whether the connection can still be used (the server did not close it).
    pub(crate) fn is_usable(&self) -> bool {
        !self.client.is_closed()
    }

    pub(crate) fn set_notify_sql(&mut self, sql: std::sync::Arc<str>) {
        self.notify_sql = Some(sql);
    }

    fn notify_change(&mut self) -> StoreResult<()> {
        match self.notify_sql.clone() {
            Some(sql) => self.batch(&sql),
            None => Ok(()),
        }
    }

    /// Waits up to `timeout` for a notification on a channel this
    /// connection listens to; takes whatever else arrived with it.
    pub(crate) fn wait_for_notification(
        &mut self,
        timeout: std::time::Duration,
    ) -> StoreResult<bool> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut notifications = self.client.notifications();
        let arrived = notifications
            .timeout_iter(timeout)
            .next()
            .map_err(postgres_error)?
            .is_some();
        if arrived {
            let mut pending = notifications.iter();
            while pending.next().map_err(postgres_error)?.is_some() {}
        }
        Ok(arrived)
    }

    /// Starts a transaction; one a panic left open on this connection is
    /// rolled back first.
    pub(crate) fn begin(&mut self, begin: &str) -> StoreResult<()> {
        if self.in_transaction {
            let _ = self.batch("ROLLBACK");
            self.in_transaction = false;
        }
        self.batch(begin)?;
        self.in_transaction = true;
        Ok(())
    }

    /// Ends the transaction with COMMIT or ROLLBACK.
    pub(crate) fn finish(&mut self, end: &str) -> StoreResult<()> {
        let result = self.batch(end);
        if result.is_err() && self.is_usable() {
            let _ = self.batch("ROLLBACK");
        }
        self.in_transaction = false;
        result
    }

    fn statement(&mut self, sql: &str) -> StoreResult<postgres::Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self
            .client
            .prepare(&numbered_placeholders(sql))
            .map_err(postgres_error)?;
        if self.statements.len() >= MAX_CACHED_STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        let statement = self.statement(sql)?;
        self.client
            .execute(&statement, &pg_params(params))
            .map_err(postgres_error)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        let statement = self.statement(sql)?;
        let rows = self
            .client
            .query(&statement, &pg_params(params))
            .map_err(postgres_error)?;
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        row.try_get::<_, PgValue>(i)
                            .map(|v| v.0)
                            .map_err(|e| StoreError::Corrupt(format!("column {i}: {e}")))
                    })
                    .collect::<StoreResult<Vec<_>>>()
                    .map(Row)
            })
            .collect()
    }

    /// Runs statements without parameters, in one round trip.
    pub(crate) fn batch(&mut self, sql: &str) -> StoreResult<()> {
        self.client.batch_execute(sql).map_err(postgres_error)
    }
}

fn pg_params(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// Rewrites `?` placeholders as PostgreSQL's `$1`, `$2`…, leaving question
/// marks inside string literals, quoted identifiers and comments alone.
pub(crate) fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.chars().peekable();
    let mut next = 1;
    while let Some(c) = chars.next() {
        match c {
            '?' => {
                out.push('$');
                out.push_str(&next.to_string());
                next += 1;
            }
            '\'' | '"' => {
                // Until the closing quote; a doubled quote is an escaped one
                // and simply closes and reopens.
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                let mut previous = ' ';
                for inner in chars.by_ref() {
                    out.push(inner);
                    if previous == '*' && inner == '/' {
                        break;
                    }
                    previous = inner;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        // A parameter takes the type PostgreSQL inferred for its place:
        // integers fit any integer column (checked), booleans and integers
        // stand for each other as they do in SQLite.
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN => v.to_string().to_sql(ty, out),
                _ => Err(format!("an integer cannot be a {ty} parameter").into()),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT8 => v.to_sql(ty, out),
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                _ => Err(format!("a real number cannot be a {ty} parameter").into()),
            },
            Value::Text(v) => v.as_str().to_sql(ty, out),
            Value::Bool(v) => match *ty {
                Type::BOOL => v.to_sql(ty, out),
                Type::INT8 => i64::from(*v).to_sql(ty, out),
                Type::INT4 => i32::from(*v).to_sql(ty, out),
                Type::INT2 => i16::from(*v).to_sql(ty, out),
                _ => Err(format!("a boolean cannot be a {ty} parameter").into()),
            },
            Value::Blob(v) => v.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// A column value read from PostgreSQL.
struct PgValue(Value);

impl<'a> postgres::types::FromSql<'a> for PgValue {
    fn from_sql(
        ty: &postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<PgValue, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        Ok(PgValue(match *ty {
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::OID => Value::Int(u32::from_sql(ty, raw)?.into()),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Value::Text(String::from_sql(ty, raw)?)
            }
            Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?),
            _ => {
                return Err(format!(
                    "a {ty} column has no portable value; cast it to BIGINT or TEXT in the query"
                )
                .into());
            }
        }))
    }

    fn from_sql_null(
        _: &postgres::types::Type,
    ) -> Result<PgValue, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
}

pub(crate) fn postgres_error(error: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    if let Some(db) = error.as_db_error() {
        let message = match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_owned(),
        };
        let code = db.code();
        if *code == SqlState::UNIQUE_VIOLATION {
            return StoreError::UniqueViolation(message);
        }
        if *code == SqlState::FOREIGN_KEY_VIOLATION {
            return StoreError::ForeignKeyViolation(message);
        }
        if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
            || *code == SqlState::LOCK_NOT_AVAILABLE
        {
            return StoreError::Busy;
        }
        return StoreError::Database(format!("{message} [SQLSTATE {}]", code.code()));
    }
    StoreError::Database(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_for_in_lists() {
        assert_eq!(placeholders(0), "");
        assert_eq!(placeholders(3), "?, ?, ?");
    }

    #[test]
    fn placeholders_are_numbered_outside_literals_identifiers_and_comments() {
        assert_eq!(
            numbered_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4"
        );
        assert_eq!(
            numbered_placeholders("SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE x = ?"),
            "SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE x = $1"
        );
        assert_eq!(
            numbered_placeholders("SELECT 1 -- why?\nFROM t /* what? */ WHERE y = ?"),
            "SELECT 1 -- why?\nFROM t /* what? */ WHERE y = $1"
        );
        assert_eq!(
            numbered_placeholders("x LIKE ? ESCAPE '\\' AND y = ?"),
            "x LIKE $1 ESCAPE '\\' AND y = $2"
        );
    }

    #[test]
    fn rows_convert_and_report_wrong_types() {
        let row = Row(vec![
            Value::Int(1),
            Value::Text("2024-04-05".into()),
            Value::Null,
        ]);
        assert_eq!(row.int(0).unwrap(), 1);
        assert!(row.bool(0).unwrap());
        assert_eq!(row.opt_date(1).unwrap().unwrap().to_string(), "2024-04-05");
        assert_eq!(row.opt_text(2).unwrap(), None);
        assert!(matches!(row.text(0), Err(StoreError::Corrupt(_))));
        assert!(matches!(row.int(9), Err(StoreError::Corrupt(_))));
    }
}
