//! The one place that knows SQL dialects and database drivers.
//!
//! Repositories write SQL once, in the subset SQLite and PostgreSQL both
//! accept, with `?` placeholders, and pass parameters as [`Value`]s. This
//! module runs that SQL on whichever backend the store has, rewriting
//! placeholders and converting values and rows. Nothing outside it names a
//! driver type.

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
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "SQLite",
        })
    }
}

/// A connection inside a transaction: every repository function takes one.
pub struct Conn<'c> {
    inner: Inner<'c>,
    savepoint_depth: u32,
}

enum Inner<'c> {
    Sqlite(&'c rusqlite::Connection),
}

impl<'c> Conn<'c> {
    pub(crate) fn sqlite(connection: &'c rusqlite::Connection) -> Conn<'c> {
        Conn {
            inner: Inner::Sqlite(connection),
            savepoint_depth: 0,
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self.inner {
            Inner::Sqlite(_) => Dialect::Sqlite,
        }
    }

    /// Runs a statement; returns the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql).map_err(sqlite_error)?;
                let changed = statement
                    .execute(rusqlite::params_from_iter(params.iter()))
                    .map_err(sqlite_error)?;
                Ok(changed as u64)
            }
        }
    }

    /// Runs a query and collects its rows.
    pub fn query(&mut self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql).map_err(sqlite_error)?;
                let columns = statement.column_count();
                let mut rows = statement
                    .query(rusqlite::params_from_iter(params.iter()))
                    .map_err(sqlite_error)?;
                let mut out = Vec::new();
                while let Some(row) = rows.next().map_err(sqlite_error)? {
                    let mut values = Vec::with_capacity(columns);
                    for i in 0..columns {
                        values.push(sqlite_value(row.get_ref(i).map_err(sqlite_error)?)?);
                    }
                    out.push(Row(values));
                }
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
        let result = f(self);
        let end = match &result {
            Ok(_) => format!("RELEASE SAVEPOINT {name}"),
            Err(_) => format!("ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}"),
        };
        self.savepoint_depth -= 1;
        self.execute_raw(&end)?;
        result
    }

    /// Runs statements without parameters (transaction control, migrations).
    pub(crate) fn execute_raw(&mut self, sql: &str) -> StoreResult<()> {
        match &self.inner {
            Inner::Sqlite(conn) => conn.execute_batch(sql).map_err(sqlite_error),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_for_in_lists() {
        assert_eq!(placeholders(0), "");
        assert_eq!(placeholders(3), "?, ?, ?");
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
