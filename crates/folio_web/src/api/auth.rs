//! Who is calling the API: nobody (public content only) or the holder of
//! a token, with its role. Tokens are `folio_` and 64 hex digits; the
//! database keeps their SHA-256 only. Each token is rate-limited on its
//! own (a bucket per token, per node).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::http::{HeaderMap, StatusCode, header};
use folio_core::{Editor, Role, Timestamp, UserId};
use folio_db::Actor;
use jiff::SignedDuration;

use super::error::ApiError;
use crate::AppState;
use crate::admin::security::{random_token, token_hash};

/// What every token's secret starts with, so a leaked one is recognisable
/// (secret scanners look for such prefixes).
pub const TOKEN_PREFIX: &str = "folio_";

/// A new token's secret and what the database keeps of it.
#[derive(Debug, Clone)]
pub struct NewSecret {
    /// Shown once, to the person who made the token.
    pub secret: String,
    pub hash: String,
    /// The first characters, to tell tokens apart in lists.
    pub prefix: String,
}

pub fn new_token_secret() -> NewSecret {
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    NewSecret {
        hash: token_hash(&secret),
        prefix: secret[..TOKEN_PREFIX.len() + 8].to_owned(),
        secret,
    }
}

/// The caller of one API request.
#[derive(Debug, Clone)]
pub enum Caller {
    Anonymous,
    Token(TokenCaller),
}

#[derive(Debug, Clone)]
pub struct TokenCaller {
    pub token_id: i64,
    /// The token's role, never above its account's current role.
    pub role: Role,
    pub user: Option<UserId>,
    /// How revisions and the audit log name the caller.
    pub label: String,
    pub ip: String,
}

impl Caller {
    pub fn role(&self) -> Option<Role> {
        match self {
            Caller::Anonymous => None,
            Caller::Token(token) => Some(token.role),
        }
    }

    /// Editors and admins see every status; others published work only.
    pub fn sees_all_content(&self) -> bool {
        self.role().is_some_and(Role::edits_all_content)
    }

    pub fn editor(&self) -> Option<Editor> {
        match self {
            Caller::Anonymous => None,
            Caller::Token(token) => Some(Editor {
                user: token.user,
                role: token.role,
            }),
        }
    }

    pub fn actor(&self) -> Actor {
        match self {
            Caller::Anonymous => Actor::system("API (anonymous)"),
            Caller::Token(token) => Actor {
                user: token.user,
                label: token.label.clone(),
                ip: token.ip.clone(),
            },
        }
    }
}

/// Requests a token may make in a burst, refilled evenly over a minute.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the token's bucket; when it is empty, the
    /// whole seconds until one is back.
    pub fn take(&self, token_id: i64, now: Instant) -> Result<(), u64> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let bucket = buckets.entry(token_id).or_insert(Bucket {
            tokens: capacity,
            refilled: now,
        });
        let elapsed = now.saturating_duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.refilled = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
}

/// Resolves the request's `Authorization: Bearer …` header. No header is
/// an anonymous caller; a header that names no live token is refused
/// rather than read as anonymous, so a revoked token fails loudly.
pub async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    ip: String,
) -> Result<Caller, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Caller::Anonymous);
    };
    let secret = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|s| s.starts_with(TOKEN_PREFIX) && s.len() <= 200)
        .ok_or_else(|| unauthorized("send the token as `Authorization: Bearer folio_…`"))?;
    let hash = token_hash(secret);
    let store = state.store.clone();
    let found = tokio::task::spawn_blocking(move || {
        let now = Timestamp::now();
        let found = store.read(|c| folio_db::api_token_by_hash(c, &hash))?;
        if let Some((token, _)) = &found {
            // A minute's precision is plenty for "last used", and spares a
            // write per request.
            let stale = token
                .last_used_at
                .is_none_or(|at| now.duration_since(at) > SignedDuration::from_mins(1));
            if stale {
                let id = token.id;
                store.write(|c| folio_db::touch_api_token(c, id, now))?;
            }
        }
        Ok::<_, folio_db::StoreError>(found)
    })
    .await
    .map_err(|e| ApiError::internal(format!("a token lookup failed: {e}")))??;
    let Some((token, user)) = found else {
        return Err(unauthorized(
            "this token is not valid (revoked, or never made)",
        ));
    };
    let (role, label) = match (&token.user, user) {
        (None, _) => (token.role, format!("API token “{}”", token.name)),
        (Some(_), Some(user)) if !user.is_locked() => (
            token.role.min(user.role),
            format!("{} via API token “{}”", user.label(), token.name),
        ),
        (Some(_), _) => {
            return Err(unauthorized(
                "this token's account is locked or gone; an admin can unlock it",
            ));
        }
    };
    if let Err(seconds) = state.api.limiter.take(token.id, Instant::now()) {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("this token has made too many requests; try again in {seconds} s"),
        );
        error.retry_after = Some(seconds);
        return Err(error);
    }
    Ok(Caller::Token(TokenCaller {
        token_id: token.id,
        role,
        user: token.user,
        label,
        ip,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_empties_and_refills() {
        let limiter = RateLimiter::new(60);
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.take(1, start).is_ok());
        }
        assert_eq!(limiter.take(1, start), Err(1));
        // Another token has its own bucket.
        assert!(limiter.take(2, start).is_ok());
        assert!(limiter.take(1, start + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn secrets_are_long_prefixed_and_stored_hashed() {
        let new = new_token_secret();
        assert!(new.secret.starts_with(TOKEN_PREFIX));
        assert_eq!(new.secret.len(), TOKEN_PREFIX.len() + 64);
        assert_ne!(new.hash, new.secret);
        assert!(new.secret.starts_with(&new.prefix));
        assert_ne!(new_token_secret().secret, new.secret);
    }
}
