//! Redirects: old addresses that lead to new ones, so links into an archive
//! keep working after a migration or a rename.
//!
//! Paths are site paths as requests carry them (percent-encoded), without
//! a query string and without a trailing slash. The site consults the
//! table only when nothing else answers a path, so a redirect never hides
//! a live page.

use folio_core::{PageRequest, Paged, Timestamp};

use crate::sql::{Conn, Row};
use crate::{StoreError, StoreResult, Value, params};

/// How many hops a chain of redirects may take before it counts as a loop.
const MAX_HOPS: usize = 10;

/// Who made a redirect: an import never overwrites an admin's or a
/// rename's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectSource {
    Admin,
    Import,
    Rename,
}

impl RedirectSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectSource::Admin => "admin",
            RedirectSource::Import => "import",
            RedirectSource::Rename => "rename",
        }
    }

    fn parse(text: &str) -> Option<RedirectSource> {
        match text {
            "admin" => Some(RedirectSource::Admin),
            "import" => Some(RedirectSource::Import),
            "rename" => Some(RedirectSource::Rename),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from_path: String,
    pub to_path: String,
    /// 301 (moved for good) or 302 (for now).
    pub status: u16,
    pub source: RedirectSource,
    pub created_at: Timestamp,
}

/// A path as the table keeps it: starting with `/`, without a query
/// string, a fragment or a trailing slash. `None` when it is not a site
/// path.
pub fn normalize_path(path: &str) -> Option<String> {
    let path = path.trim();
    let path = path.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") || path.contains(char::is_whitespace) {
        return None;
    }
    let trimmed = path.trim_end_matches('/');
    Some(if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    })
}

/// The redirect for a request path, if there is one.
pub fn redirect_for(conn: &mut Conn<'_>, path: &str) -> StoreResult<Option<Redirect>> {
    let Some(path) = normalize_path(path) else {
        return Ok(None);
    };
    conn.query_opt(
        "SELECT from_path, to_path, status, source, created_at FROM redirects WHERE from_path = ?",
        params![&path],
    )?
    .map(|row| redirect_from_row(&row))
    .transpose()
}

/// Saves a redirect. An admin's or a rename's replaces what was there; an
/// import's never replaces anything. Refused, with a message for the
/// person who asked, when a path is not a site path, when it leads to
/// itself or when it would close a loop.
pub fn save_redirect(
    conn: &mut Conn<'_>,
    from: &str,
    to: &str,
    status: u16,
    source: RedirectSource,
    now: Timestamp,
) -> StoreResult<()> {
    // An import's target is the live address of the article it just
    // saved: a redirect never answers there, so no chain through it can
    // loop, and the import skips the walk (it runs once per article).
    let (from, to) = match source {
        RedirectSource::Import => (
            normalize_path(from)
                .ok_or_else(|| StoreError::Conflict(format!("{from:?} is not a site path")))?,
            normalize_path(to)
                .ok_or_else(|| StoreError::Conflict(format!("{to:?} is not a site path")))?,
        ),
        RedirectSource::Admin | RedirectSource::Rename => checked_pair(conn, from, to, status)?,
    };
    let sql = match source {
        RedirectSource::Import => {
            "INSERT INTO redirects (from_path, to_path, status, source, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (from_path) DO NOTHING"
        }
        RedirectSource::Admin | RedirectSource::Rename => {
            "INSERT INTO redirects (from_path, to_path, status, source, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path,
                 status = excluded.status, source = excluded.source, created_at = excluded.created_at"
        }
    };
    conn.execute(
        sql,
        params![&from, &to, i64::from(status), source.as_str(), now],
    )?;
    Ok(())
}

/// An article moved from `old_path` to `new_path`: the old address, and
/// every redirect that led to it, now lead to the new one.
pub fn record_move(
    conn: &mut Conn<'_>,
    old_path: &str,
    new_path: &str,
    now: Timestamp,
) -> StoreResult<()> {
    let (Some(old), Some(new)) = (normalize_path(old_path), normalize_path(new_path)) else {
        return Err(StoreError::Conflict(format!(
            "{old_path:?} or {new_path:?} is not a site path"
        )));
    };
    if old == new {
        return Ok(());
    }
    // The new address is live now: no redirect may lead away from it.
    conn.execute("DELETE FROM redirects WHERE from_path = ?", params![&new])?;
    conn.execute(
        "UPDATE redirects SET to_path = ? WHERE to_path = ?",
        params![&new, &old],
    )?;
    save_redirect(conn, &old, &new, 301, RedirectSource::Rename, now)
}

/// Checks and normalises a pair before it is saved.
fn checked_pair(
    conn: &mut Conn<'_>,
    from: &str,
    to: &str,
    status: u16,
) -> StoreResult<(String, String)> {
    let from = normalize_path(from).ok_or_else(|| {
        StoreError::Conflict(format!(
            "{from:?} is not a path on this site: it starts with \"/\", like \"/policy-analysis/view/old-title\""
        ))
    })?;
    // The target may be another site's address or a path here.
    let to = if to.starts_with("https://") || to.starts_with("http://") {
        to.trim().to_owned()
    } else {
        normalize_path(to).ok_or_else(|| {
            StoreError::Conflict(format!(
                "{to:?} is neither a path on this site (starting with \"/\") nor an http(s) address"
            ))
        })?
    };
    if !matches!(status, 301 | 302) {
        return Err(StoreError::Conflict(format!(
            "{status} is not a redirect status: use 301 (moved for good) or 302 (for now)"
        )));
    }
    if from == to {
        return Err(StoreError::Conflict(format!(
            "{from} would redirect to itself"
        )));
    }
    // Follow the chain from the target: reaching `from` would be a loop.
    let mut next = to.clone();
    for _ in 0..MAX_HOPS {
        match conn.query_opt(
            "SELECT to_path FROM redirects WHERE from_path = ?",
            params![&next],
        )? {
            Some(row) => {
                next = row.string(0)?;
                if next == from {
                    return Err(StoreError::Conflict(format!(
                        "{from} → {to} would make a loop: {to} already leads back to {from}"
                    )));
                }
            }
            None => return Ok((from, to)),
        }
    }
    Err(StoreError::Conflict(format!(
        "{from} → {to} would make a chain of more than {MAX_HOPS} redirects"
    )))
}

pub fn delete_redirect(conn: &mut Conn<'_>, from: &str) -> StoreResult<bool> {
    let Some(from) = normalize_path(from) else {
        return Ok(false);
    };
    Ok(conn.execute("DELETE FROM redirects WHERE from_path = ?", params![&from])? > 0)
}

/// Redirects by source path; `filter` keeps those whose either path
/// contains it.
pub fn list_redirects(
    conn: &mut Conn<'_>,
    filter: Option<&str>,
    page: PageRequest,
) -> StoreResult<Paged<Redirect>> {
    let (clause, mut values): (&str, Vec<Value>) = match filter.map(str::trim) {
        Some(text) if !text.is_empty() => {
            // Lower-cased on both sides: SQLite's LIKE ignores ASCII case,
            // PostgreSQL's does not.
            let pattern = format!("%{}%", text.replace(['%', '_'], "").to_ascii_lowercase());
            (
                " WHERE LOWER(from_path) LIKE ? OR LOWER(to_path) LIKE ?",
                vec![Value::from(pattern.as_str()), Value::from(pattern.as_str())],
            )
        }
        _ => ("", Vec::new()),
    };
    let total = conn
        .query_one(&format!("SELECT COUNT(*) FROM redirects{clause}"), &values)?
        .int(0)? as u64;
    values.push(page.per_page.into());
    values.push((page.offset() as i64).into());
    let items = conn
        .query(
            &format!(
                "SELECT from_path, to_path, status, source, created_at FROM redirects{clause}
                 ORDER BY from_path LIMIT ? OFFSET ?"
            ),
            &values,
        )?
        .iter()
        .map(redirect_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

fn redirect_from_row(row: &Row) -> StoreResult<Redirect> {
    let source = row.text(3)?;
    Ok(Redirect {
        from_path: row.string(0)?,
        to_path: row.string(1)?,
        status: row.int(2)? as u16,
        source: RedirectSource::parse(source)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown redirect source {source:?}")))?,
        created_at: row.timestamp(4)?,
    })
}
