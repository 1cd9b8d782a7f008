//! API tokens: who a program using the API is, and with which role. Only
//! the SHA-256 of a token's secret is stored; making and checking secrets
//! is the web layer's.

use folio_core::{Role, Timestamp, UserId};

use crate::sql::{Conn, Row};
use crate::{StoreError, StoreResult, User, params};

/// A token as the admin lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The role the token was made with; a token tied to an account never
    /// acts above that account's current role.
    pub role: Role,
    pub user: Option<UserId>,
    /// The account's address, for lists.
    pub user_email: Option<String>,
    /// The secret's first characters, to tell tokens apart.
    pub secret_prefix: String,
    pub created_by: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// A token being made: everything but its id and use.
#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    pub name: &'a str,
    pub role: Role,
    pub user: Option<UserId>,
    pub secret_hash: &'a str,
    pub secret_prefix: &'a str,
    pub created_by: &'a str,
}

const TOKEN_COLUMNS: &str = "t.id, t.name, t.role, t.user_id, u.email, t.secret_prefix,
    t.created_by, t.created_at, t.last_used_at, t.revoked_at";

fn token_from_row(row: &Row) -> StoreResult<ApiToken> {
    let role = row.text(2)?;
    Ok(ApiToken {
        id: row.int(0)?,
        name: row.string(1)?,
        role: Role::parse(role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {role:?}")))?,
        user: row.opt_int(3)?.map(UserId),
        user_email: row.opt_text(4)?.map(str::to_owned),
        secret_prefix: row.string(5)?,
        created_by: row.string(6)?,
        created_at: row.timestamp(7)?,
        last_used_at: row.opt_timestamp(8)?,
        revoked_at: row.opt_timestamp(9)?,
    })
}

/// Stores a new token. An author's token must belong to an account (authors
/// touch only their own drafts), and a token never has a role above its
/// account's.
pub fn create_api_token(
    conn: &mut Conn<'_>,
    token: &NewApiToken<'_>,
    now: Timestamp,
) -> StoreResult<ApiToken> {
    if token.name.trim().is_empty() {
        return Err(StoreError::Conflict("a token needs a name".into()));
    }
    match token.user {
        None if token.role == Role::Author => {
            return Err(StoreError::Conflict(
                "an author's token must belong to an account: authors touch only their own drafts"
                    .into(),
            ));
        }
        None => {}
        Some(user) => {
            let account = crate::user_by_id(conn, user)?.ok_or_else(|| {
                StoreError::MissingReference(format!("there is no account {}", user.0))
            })?;
            if token.role > account.role {
                return Err(StoreError::Conflict(format!(
                    "{} is an {}; their token cannot be {}",
                    account.email,
                    account.role.as_str(),
                    token.role.as_str()
                )));
            }
        }
    }
    let id = conn.insert_returning_id(
        "INSERT INTO api_tokens (name, role, user_id, secret_hash, secret_prefix, created_by,
            created_at, last_used_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL) RETURNING id",
        params![
            token.name.trim(),
            token.role.as_str(),
            token.user.map(|u| u.0),
            token.secret_hash,
            token.secret_prefix,
            token.created_by,
            now
        ],
    )?;
    api_token_by_id(conn, id)?.ok_or_else(|| StoreError::Corrupt("a new token vanished".into()))
}

pub fn api_token_by_id(conn: &mut Conn<'_>, id: i64) -> StoreResult<Option<ApiToken>> {
    conn.query_opt(
        &format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id
             WHERE t.id = ?"
        ),
        params![id],
    )?
    .map(|row| token_from_row(&row))
    .transpose()
}

/// The live (not revoked) token whose secret hashes to `secret_hash`, with
/// its account when it has one.
pub fn api_token_by_hash(
    conn: &mut Conn<'_>,
    secret_hash: &str,
) -> StoreResult<Option<(ApiToken, Option<User>)>> {
    let Some(row) = conn.query_opt(
        &format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id
             WHERE t.secret_hash = ? AND t.revoked_at IS NULL"
        ),
        params![secret_hash],
    )?
    else {
        return Ok(None);
    };
    let token = token_from_row(&row)?;
    let user = match token.user {
        Some(id) => crate::user_by_id(conn, id)?,
        None => None,
    };
    Ok(Some((token, user)))
}

/// Every token, live ones first, newest first.
pub fn list_api_tokens(conn: &mut Conn<'_>) -> StoreResult<Vec<ApiToken>> {
    conn.query(
        &format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id
             ORDER BY CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END, t.id DESC"
        ),
        params![],
    )?
    .iter()
    .map(token_from_row)
    .collect()
}

/// Revokes a token at once; returns whether a live token was revoked.
pub fn revoke_api_token(conn: &mut Conn<'_>, id: i64, now: Timestamp) -> StoreResult<bool> {
    Ok(conn.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        params![now, id],
    )? > 0)
}

/// Records that a token was used.
pub fn touch_api_token(conn: &mut Conn<'_>, id: i64, now: Timestamp) -> StoreResult<()> {
    conn.execute(
        "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
        params![now, id],
    )?;
    Ok(())
}
