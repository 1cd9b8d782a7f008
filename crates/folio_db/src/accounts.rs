//! Accounts, sessions and login attempts. Password hashing and the rules
//! about limits live in the web layer; this module only stores.

use folio_core::{Role, Timestamp, UserId};

use crate::sql::{Conn, Row};
use crate::{StoreError, StoreResult, params};

/// An account as the admin shows it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub failed_logins: i64,
    pub locked_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl User {
    pub fn is_locked(&self) -> bool {
        self.locked_at.is_some()
    }

    /// How the audit log and revisions name this person.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.email.clone()
        } else {
            format!("{} <{}>", self.name, self.email)
        }
    }
}

const USER_COLUMNS: &str = "id, email, name, role, failed_logins, locked_at, created_at";

fn user_from_row(row: &Row) -> StoreResult<User> {
    let role = row.text(3)?;
    Ok(User {
        id: UserId(row.int(0)?),
        email: row.string(1)?,
        name: row.string(2)?,
        role: Role::parse(role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {role:?}")))?,
        failed_logins: row.int(4)?,
        locked_at: row.opt_timestamp(5)?,
        created_at: row.timestamp(6)?,
    })
}

/// E-mail addresses are compared without case or surrounding spaces.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn create_user(
    conn: &mut Conn<'_>,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
    now: Timestamp,
) -> StoreResult<User> {
    let email = normalize_email(email);
    if user_by_email(conn, &email)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "there is already an account for {email}"
        )));
    }
    let id = conn.insert_returning_id(
        "INSERT INTO users (email, name, role, password_hash, failed_logins, locked_at,
            created_at, updated_at)
         VALUES (?, ?, ?, ?, 0, NULL, ?, ?) RETURNING id",
        params![&email, name.trim(), role.as_str(), password_hash, now, now],
    )?;
    user_by_id(conn, UserId(id))?
        .ok_or_else(|| StoreError::Corrupt("a new account vanished".into()))
}

pub fn user_by_id(conn: &mut Conn<'_>, id: UserId) -> StoreResult<Option<User>> {
    conn.query_opt(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"),
        params![id.0],
    )?
    .map(|row| user_from_row(&row))
    .transpose()
}

pub fn user_by_email(conn: &mut Conn<'_>, email: &str) -> StoreResult<Option<User>> {
    conn.query_opt(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?"),
        params![normalize_email(email)],
    )?
    .map(|row| user_from_row(&row))
    .transpose()
}

/// The account and its password hash, for checking a login.
pub fn user_credentials(conn: &mut Conn<'_>, email: &str) -> StoreResult<Option<(User, String)>> {
    conn.query_opt(
        &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = ?"),
        params![normalize_email(email)],
    )?
    .map(|row| Ok((user_from_row(&row)?, row.string(7)?)))
    .transpose()
}

pub fn password_hash_of(conn: &mut Conn<'_>, id: UserId) -> StoreResult<Option<String>> {
    conn.query_opt(
        "SELECT password_hash FROM users WHERE id = ?",
        params![id.0],
    )?
    .map(|row| row.string(0))
    .transpose()
}

pub fn list_users(conn: &mut Conn<'_>) -> StoreResult<Vec<User>> {
    conn.query(
        &format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"),
        params![],
    )?
    .iter()
    .map(user_from_row)
    .collect()
}

pub fn count_admins(conn: &mut Conn<'_>) -> StoreResult<u64> {
    Ok(conn
        .query_one("SELECT COUNT(*) FROM users WHERE role = 'admin'", params![])?
        .int(0)? as u64)
}

pub fn set_password_hash(
    conn: &mut Conn<'_>,
    id: UserId,
    password_hash: &str,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
        params![password_hash, now, id.0],
    )?;
    Ok(())
}

pub fn update_user(
    conn: &mut Conn<'_>,
    id: UserId,
    name: &str,
    role: Role,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE users SET name = ?, role = ?, updated_at = ? WHERE id = ?",
        params![name.trim(), role.as_str(), now, id.0],
    )?;
    Ok(())
}

pub fn delete_user(conn: &mut Conn<'_>, id: UserId) -> StoreResult<bool> {
    Ok(conn.execute("DELETE FROM users WHERE id = ?", params![id.0])? > 0)
}

/// Counts a wrong password; locks the account when the count reaches
/// `lock_after`. Returns whether the account is now locked.
pub fn record_failed_login(
    conn: &mut Conn<'_>,
    id: UserId,
    lock_after: i64,
    now: Timestamp,
) -> StoreResult<bool> {
    conn.execute(
        "UPDATE users SET failed_logins = failed_logins + 1,
            locked_at = CASE WHEN locked_at IS NULL AND failed_logins + 1 >= ? THEN ?
                             ELSE locked_at END
         WHERE id = ?",
        params![lock_after, now, id.0],
    )?;
    Ok(conn
        .query_one("SELECT locked_at FROM users WHERE id = ?", params![id.0])?
        .opt_int(0)?
        .is_some())
}

pub fn reset_failed_logins(conn: &mut Conn<'_>, id: UserId) -> StoreResult<()> {
    conn.execute(
        "UPDATE users SET failed_logins = 0 WHERE id = ?",
        params![id.0],
    )?;
    Ok(())
}

/// Lifts a lock-out: the account may log in again.
pub fn unlock_user(conn: &mut Conn<'_>, id: UserId, now: Timestamp) -> StoreResult<()> {
    conn.execute(
        "UPDATE users SET failed_logins = 0, locked_at = NULL, updated_at = ? WHERE id = ?",
        params![now, id.0],
    )?;
    Ok(())
}

pub fn record_login_attempt(
    conn: &mut Conn<'_>,
    email: &str,
    ip: &str,
    succeeded: bool,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO login_attempts (at, email, ip, succeeded) VALUES (?, ?, ?, ?)",
        params![now, normalize_email(email), ip, succeeded],
    )?;
    Ok(())
}

/// Failed attempts since `since` for an address and from an IP.
pub fn recent_failures(
    conn: &mut Conn<'_>,
    email: &str,
    ip: &str,
    since: Timestamp,
) -> StoreResult<(u64, u64)> {
    let by_email = conn
        .query_one(
            "SELECT COUNT(*) FROM login_attempts WHERE email = ? AND at >= ? AND NOT succeeded",
            params![normalize_email(email), since],
        )?
        .int(0)?;
    let by_ip = conn
        .query_one(
            "SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND at >= ? AND NOT succeeded",
            params![ip, since],
        )?
        .int(0)?;
    Ok((by_email as u64, by_ip as u64))
}

/// Forgets attempts older than `before`; they no longer count for anything.
pub fn prune_login_attempts(conn: &mut Conn<'_>, before: Timestamp) -> StoreResult<u64> {
    conn.execute("DELETE FROM login_attempts WHERE at < ?", params![before])
}

/// A logged-in session, found by the hash of its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id_hash: String,
    pub user: User,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

pub struct NewSession<'a> {
    pub id_hash: &'a str,
    pub user: UserId,
    pub csrf_token: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

pub fn create_session(
    conn: &mut Conn<'_>,
    session: &NewSession<'_>,
    now: Timestamp,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, ip, user_agent)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![
            session.id_hash,
            session.user.0,
            session.csrf_token,
            now,
            now,
            session.ip,
            session.user_agent
        ],
    )?;
    Ok(())
}

pub fn session_by_hash(conn: &mut Conn<'_>, id_hash: &str) -> StoreResult<Option<Session>> {
    let Some(row) = conn.query_opt(
        "SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ?",
        params![id_hash],
    )?
    else {
        return Ok(None);
    };
    let Some(user) = user_by_id(conn, UserId(row.int(0)?))? else {
        return Ok(None);
    };
    Ok(Some(Session {
        id_hash: id_hash.to_owned(),
        user,
        csrf_token: row.string(1)?,
        created_at: row.timestamp(2)?,
        last_seen_at: row.timestamp(3)?,
    }))
}

pub fn touch_session(conn: &mut Conn<'_>, id_hash: &str, now: Timestamp) -> StoreResult<()> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?",
        params![now, id_hash],
    )?;
    Ok(())
}

pub fn delete_session(conn: &mut Conn<'_>, id_hash: &str) -> StoreResult<()> {
    conn.execute("DELETE FROM sessions WHERE id_hash = ?", params![id_hash])?;
    Ok(())
}

/// Ends every session of an account, except `keep` when given.
pub fn delete_user_sessions(
    conn: &mut Conn<'_>,
    user: UserId,
    keep: Option<&str>,
) -> StoreResult<u64> {
    conn.execute(
        "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?",
        params![user.0, keep.unwrap_or("")],
    )
}

/// Removes sessions idle since `idle_before` or begun before
/// `created_before`.
pub fn prune_sessions(
    conn: &mut Conn<'_>,
    idle_before: Timestamp,
    created_before: Timestamp,
) -> StoreResult<u64> {
    conn.execute(
        "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
        params![idle_before, created_before],
    )
}
