//! Sessions: a random id in an HttpOnly cookie, its hash in the database,
//! idle and absolute expiry, and the per-session CSRF token.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, header};
use folio_core::{Editor, Timestamp};
use folio_db::{Actor, Session, User};
use jiff::SignedDuration;

use super::security::{constant_time_eq, cookie, token_hash};
use super::{AdminError, AdminResult};
use crate::AppState;

pub const SESSION_COOKIE: &str = "folio_session";
/// The form field (or `X-CSRF-Token` header) that carries the token.
pub const CSRF_FIELD: &str = "_csrf";
/// Largest form the guard reads to find the token: long articles fit.
const MAX_FORM_BYTES: usize = 8 * 1024 * 1024;

/// Limits for sessions and logins; the defaults suit most institutes.
#[derive(Debug, Clone)]
pub struct AdminSettings {
    /// A session not used for this long ends.
    pub session_idle: SignedDuration,
    /// A session ends this long after login, however busy.
    pub session_lifetime: SignedDuration,
    /// The window the login limits count failures in.
    pub login_window: SignedDuration,
    /// Failed logins for one address within the window before further
    /// attempts are refused until it passes.
    pub max_failures_per_account: u64,
    /// Failed logins from one IP address within the window.
    pub max_failures_per_ip: u64,
    /// Consecutive wrong passwords that lock an account until an admin
    /// unlocks it.
    pub lock_after: i64,
    /// Largest image upload, in bytes.
    pub max_upload_bytes: usize,
}

impl Default for AdminSettings {
    fn default() -> AdminSettings {
        AdminSettings {
            session_idle: SignedDuration::from_hours(2),
            session_lifetime: SignedDuration::from_hours(12),
            login_window: SignedDuration::from_mins(15),
            max_failures_per_account: 5,
            max_failures_per_ip: 20,
            lock_after: 10,
            max_upload_bytes: 10 * 1024 * 1024,
        }
    }
}

/// The logged-in person, put in the request by the guard.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub csrf_token: String,
    pub session_hash: String,
    pub ip: String,
}

impl CurrentUser {
    pub fn editor(&self) -> Editor {
        Editor {
            user: Some(self.user.id),
            role: self.user.role,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user: Some(self.user.id),
            label: self.user.label(),
            ip: self.ip.clone(),
        }
    }
}

/// The client's address: the socket's peer, or, when the peer is a trusted
/// proxy (`[proxies] trusted`), the last address in `X-Forwarded-For` that
/// is not itself a trusted proxy. From anyone else the header is ignored,
/// so a client cannot choose the address its login attempts are counted
/// against.
pub fn client_ip(
    extensions: &axum::http::Extensions,
    headers: &HeaderMap,
    proxies: &folio_config::ProxiesConfig,
) -> String {
    let Some(peer) = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip())
    else {
        return "unknown".to_owned();
    };
    if !proxies.trusts(peer) {
        return peer.to_string();
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map_while(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|address| !proxies.trusts(**address))
        .or(forwarded.first())
        .copied()
        .unwrap_or(peer)
        .to_string()
}

/// The client's address, as an extractor.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl axum::extract::FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<ClientIp, Self::Rejection> {
        Ok(ClientIp(client_ip(
            &parts.extensions,
            &parts.headers,
            &state.config.proxies,
        )))
    }
}

/// Whether a session is still good at `now`.
pub fn is_live(session: &Session, settings: &AdminSettings, now: Timestamp) -> bool {
    let idle_ok = now.duration_since(session.last_seen_at) < settings.session_idle;
    let age_ok = now.duration_since(session.created_at) < settings.session_lifetime;
    idle_ok && age_ok
}

/// The session the request's cookie names, if it is live. A dead one is
/// deleted on the way.
pub async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    ip: String,
) -> AdminResult<Option<CurrentUser>> {
    let Some(token) = cookie(headers, SESSION_COOKIE).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let settings = state.admin.clone();
    let store = state.store.clone();
    let found = tokio::task::spawn_blocking(move || -> folio_db::StoreResult<_> {
        let now = Timestamp::now();
        let Some(session) = store.read(|c| folio_db::session_by_hash(c, &hash))? else {
            return Ok(None);
        };
        if !is_live(&session, &settings, now) {
            store.write(|c| folio_db::delete_session(c, &hash))?;
            return Ok(None);
        }
        // Writing on every request would serialise readers behind the
        // writer; a minute's precision is plenty for idle expiry.
        if now.duration_since(session.last_seen_at) > SignedDuration::from_mins(1) {
            store.write(|c| folio_db::touch_session(c, &hash, now))?;
        }
        Ok(Some(session))
    })
    .await
    .map_err(|e| AdminError::Internal(format!("a session task failed: {e}")))??;
    Ok(found.map(|session| CurrentUser {
        user: session.user,
        csrf_token: session.csrf_token,
        session_hash: session.id_hash,
        ip,
    }))
}

/// Checks the CSRF token of a state-changing request against the
/// session's: from the `X-CSRF-Token` header, the `_csrf` field of a
/// urlencoded form (the body is read and put back) or, for multipart
/// uploads, the `_csrf` query parameter.
pub async fn check_csrf(request: Request, expected: &str) -> AdminResult<Request> {
    let refuse = || {
        AdminError::Forbidden(
            "This form has expired or did not come from Folio. Go back, reload the page and send it again."
                .into(),
        )
    };
    if let Some(token) = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if constant_time_eq(token, expected) {
            Ok(request)
        } else {
            Err(refuse())
        };
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        let token = request
            .uri()
            .query()
            .and_then(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == CSRF_FIELD)
                    .map(|(_, v)| v.into_owned())
            })
            .unwrap_or_default();
        return if constant_time_eq(&token, expected) {
            Ok(request)
        } else {
            Err(refuse())
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| AdminError::BadRequest("The form is too large.".into()))?;
    let token = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if !constant_time_eq(&token, expected) {
        return Err(refuse());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(peer: &str, forwarded: &[&str], proxies: &folio_config::ProxiesConfig) -> String {
        let parts = parts(peer, forwarded);
        client_ip(&parts.extensions, &parts.headers, proxies)
    }

    fn parts(peer: &str, forwarded: &[&str]) -> axum::http::request::Parts {
        let mut request = axum::http::Request::builder().uri("/admin/login");
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        let peer: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
        parts.extensions.insert(axum::extract::ConnectInfo(peer));
        parts
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let config = folio_config::Config::from_toml(
            "[proxies]\ntrusted = [\"10.0.0.0/8\"]",
            std::path::Path::new("."),
            None,
        )
        .unwrap();
        let proxies = &config.proxies;
        // From the load balancer: the client it names.
        assert_eq!(ip("10.0.0.2", &["203.0.113.9"], proxies), "203.0.113.9");
        // A client's own claim, passed on by the proxy, is not believed.
        assert_eq!(
            ip(
                "10.0.0.2",
                &["198.51.100.1, 203.0.113.9, 10.0.0.3"],
                proxies
            ),
            "203.0.113.9"
        );
        // Straight from the internet: the header is ignored.
        assert_eq!(ip("203.0.113.9", &["10.9.9.9"], proxies), "203.0.113.9");
        // Nothing trusted by default.
        let defaults = folio_config::Config::defaults();
        assert_eq!(
            ip("10.0.0.2", &["203.0.113.9"], &defaults.proxies),
            "10.0.0.2"
        );
    }
}
