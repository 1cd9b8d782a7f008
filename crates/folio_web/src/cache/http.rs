//! HTTP caching of public responses: served from the page cache when it
//! holds them, otherwise rendered (within the render limits) and kept;
//! strong ETags, Last-Modified, 304s, precompressed gzip and brotli bodies,
//! and Cache-Control for browsers and CDNs.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};

use super::deps::{RelatedCheck, recording};
use super::store::{Entry, PageCache};
use crate::AppState;

/// Says whether a response came from the cache (`hit`), was rendered and
/// kept (`miss`), or is not cached at all (`bypass`).
pub const CACHE_STATUS: HeaderName = HeaderName::from_static("x-folio-cache");

/// Bodies smaller than this are not worth compressing.
const COMPRESS_FROM_BYTES: usize = 512;
/// How long a write waits for the index and caches to show it before its
/// response goes back anyway.
const WRITE_SETTLE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }

    /// The best encoding the client accepts: brotli, then gzip, then none.
    fn preferred(headers: &HeaderMap) -> Encoding {
        let Some(accept) = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
        else {
            return Encoding::Identity;
        };
        let mut gzip = false;
        let mut brotli = false;
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            match name.as_str() {
                "br" => brotli = true,
                "gzip" | "x-gzip" => gzip = true,
                "*" => {
                    brotli = true;
                    gzip = true;
                }
                _ => {}
            }
        }
        if brotli {
            Encoding::Brotli
        } else if gzip {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

fn compress(encoding: Encoding, body: &[u8]) -> Option<Bytes> {
    match encoding {
        Encoding::Identity => None,
        Encoding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            encoder.write_all(body).ok()?;
            encoder.finish().ok().map(Bytes::from)
        }
        Encoding::Brotli => {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 6,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &body[..], &mut out, &params).ok()?;
            Some(Bytes::from(out))
        }
    }
}

fn compressible(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.starts_with("text/")
        || essence.ends_with("+xml")
        || essence.ends_with("+json")
        || matches!(
            essence,
            "application/json"
                | "application/xml"
                | "application/javascript"
                | "application/x-bibtex"
                | "application/x-research-info-systems"
        )
}

/// Paths whose responses are not the public site's pages: the admin (never
/// cached), uploaded images and theme assets (immutable files with their
/// own headers), and the load balancer's probes.
fn is_public_page(path: &str) -> bool {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    !matches!(first, "admin" | "media" | "assets" | "healthz" | "readyz")
}

/// The outermost layer: a public page the cache holds is answered before
/// any other layer or the router runs (a cached article went from 42,000
/// to 53,000 requests/s on one core), when none of them would change the request: the host is
/// the canonical one, the path is not a page path to rewrite or redirect,
/// and it is not the API (whose CORS headers depend on the caller). Any
/// other request, and a hit whose related analysis must be asked again,
/// goes down the whole stack, where [`http_caching`] answers it.
pub(crate) async fn hits_first(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match fast_hit(&state, &request) {
        Some(mut response) => {
            crate::headers::add_security_headers(response.headers_mut());
            response
        }
        None => next.run(request).await,
    }
}

fn fast_hit(state: &AppState, request: &Request) -> Option<Response> {
    let cache = state.page_cache.as_ref()?;
    let method = request.method();
    let path = request.uri().path();
    if (method != Method::GET && method != Method::HEAD)
        || !is_public_page(path)
        || path.starts_with("/api/")
        || request.headers().contains_key(header::AUTHORIZATION)
    {
        return None;
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or(path, |pq| pq.as_str());
    let entry = cache.get(key)?;
    if !related_checked(cache, &entry)
        || crate::canonical_host::canonical_location(state, request).is_some()
        || !crate::site::page_path_unchanged(state, request)
    {
        return None;
    }
    let wanted = Encoding::preferred(request.headers());
    Some(answer_hit(
        state,
        cache,
        key,
        &entry,
        wanted,
        &Conditions::of(request.headers()),
    ))
}

/// A kept response, counted as a hit, in the encoding the client wants.
fn answer_hit(
    state: &AppState,
    cache: &PageCache,
    key: &str,
    entry: &Arc<Entry>,
    wanted: Encoding,
    conditions: &Conditions,
) -> Response {
    cache
        .counters
        .hits
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let body = variant(cache, key, entry, wanted);
    respond(state, entry, body, conditions, "hit")
}

/// Whether a kept page's related analysis needs no asking again: it has
/// none, or it was asked since the index last changed.
fn related_checked(cache: &PageCache, entry: &Entry) -> bool {
    entry.related.is_none()
        || entry
            .related_checked
            .load(std::sync::atomic::Ordering::Relaxed)
            >= cache.index_generation()
}

/// The cache layer. Public GET and HEAD requests without credentials are
/// answered from the cache or rendered and kept; every public response
/// gets validators and answers conditional requests. A successful write
/// (any other method) returns only once the index and the cache show it,
/// so an editor's next page view is fresh.
pub(crate) async fn http_caching(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let response = next.run(request).await;
        if response.status().is_success() || response.status().is_redirection() {
            state.settle_writes(WRITE_SETTLE_TIMEOUT).await;
        }
        return response;
    }
    let path = request.uri().path();
    if !is_public_page(path) || request.headers().contains_key(header::AUTHORIZATION) {
        return render_limited(&state, next, request).await.0;
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(|| path.to_owned(), |pq| pq.as_str().to_owned());
    let wanted = Encoding::preferred(request.headers());
    let conditions = Conditions::of(request.headers());

    if let Some(cache) = &state.page_cache
        && let Some(entry) = cache.get(&key)
    {
        if related_still_holds(&state, cache, &entry).await {
            return answer_hit(&state, cache, &key, &entry, wanted, &conditions);
        }
        cache.remove(&key);
    }

    let mark = state.page_cache.as_ref().map(|c| c.invalidation_mark());
    let generation = state
        .page_cache
        .as_ref()
        .map_or(0, |c| c.index_generation());
    let (response, recorded) = render_limited(&state, next, request).await;
    let keep = response.status() == StatusCode::OK
        && recorded.as_ref().is_some_and(|r| r.cacheable)
        && !private(response.headers());
    if response.status() != StatusCode::OK || private(response.headers()) {
        if let Some(cache) = &state.page_cache {
            cache
                .counters
                .not_kept
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let identity = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            tracing::error!(%error, "a response body could not be read");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // A handler's own entity tag (the API's, which writes check with
    // If-Match) is kept; otherwise the body's digest is the tag.
    let etag = parts
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| strong_etag(&identity));
    let cache = state.page_cache.as_ref();
    let last_modified = cache
        .and_then(|c| c.last_modified_of(&key, &etag))
        .unwrap_or_else(now_in_seconds);
    let entry = Arc::new(Entry::new(
        parts.status,
        parts.headers,
        identity,
        etag,
        last_modified,
        recorded.unwrap_or_default(),
        generation,
    ));
    let mut status = "bypass";
    if let (Some(cache), Some(mark)) = (cache, mark) {
        cache
            .counters
            .misses
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if keep && cache.insert(key.clone(), Arc::clone(&entry), mark) {
            status = "miss";
            compress_in_background(cache, &key, &entry, wanted);
        } else {
            cache
                .counters
                .not_kept
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
    let body = match (wanted, compressible(&entry.headers)) {
        (Encoding::Identity, _) | (_, false) => (Encoding::Identity, entry.identity.clone()),
        _ if entry.identity.len() < COMPRESS_FROM_BYTES => {
            (Encoding::Identity, entry.identity.clone())
        }
        (encoding, true) => match compress(encoding, &entry.identity) {
            Some(compressed) => {
                if let Some(cache) = cache.filter(|_| status == "miss") {
                    cache.attach(&key, &entry, encoding, compressed.clone());
                }
                (encoding, compressed)
            }
            None => (Encoding::Identity, entry.identity.clone()),
        },
    };
    respond(&state, &entry, body, &conditions, status)
}

/// Renders a request within the limits: a request past the number of
/// renders in progress gets 503 at once; the rest wait for one of the
/// parallel render slots; one past the time limit (waiting included) gets
/// 503.
async fn render_limited(
    state: &AppState,
    next: Next,
    request: Request,
) -> (Response, Option<super::deps::Recorded>) {
    let Ok(_permit) = Arc::clone(&state.render_permits).try_acquire_owned() else {
        return (unavailable("Folio is busy; try again in a moment."), None);
    };
    let render = async {
        let _slot = state.render_workers.acquire().await;
        recording(next.run(request)).await
    };
    match tokio::time::timeout(state.request_timeout, render).await {
        Ok((response, recorded)) => (response, Some(recorded)),
        Err(_) => (
            unavailable("The page took too long to make; try again."),
            None,
        ),
    }
}

fn unavailable(message: &'static str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::RETRY_AFTER, "1"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        message,
    )
        .into_response()
}

/// The article page's related analysis, asked again after the index
/// changed: when it picks the same pieces the page still holds.
async fn related_still_holds(state: &AppState, cache: &PageCache, entry: &Arc<Entry>) -> bool {
    if related_checked(cache, entry) {
        return true;
    }
    let Some(RelatedCheck { request, shown }) = entry.related.clone() else {
        return true;
    };
    let generation = cache.index_generation();
    let sync = Arc::clone(&state.search);
    let found = state
        .blocking(move || sync.index().related(&request))
        .await
        .ok()
        .and_then(Result::ok);
    match found {
        Some(hits) if hits.iter().map(|h| h.id).eq(shown.iter().copied()) => {
            cache.related_still_holds(entry, generation);
            true
        }
        _ => false,
    }
}

fn private(headers: &HeaderMap) -> bool {
    headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"))
}

/// The body in the encoding the client prefers: the kept copy, or one made
/// now (and kept) when the background compression has not made it yet.
fn variant(
    cache: &PageCache,
    key: &str,
    entry: &Arc<Entry>,
    wanted: Encoding,
) -> (Encoding, Bytes) {
    let slot = match wanted {
        Encoding::Brotli => &entry.brotli,
        Encoding::Gzip => &entry.gzip,
        Encoding::Identity => return (Encoding::Identity, entry.identity.clone()),
    };
    if let Some(body) = slot.get() {
        return (wanted, body.clone());
    }
    if !compressible(&entry.headers) || entry.identity.len() < COMPRESS_FROM_BYTES {
        return (Encoding::Identity, entry.identity.clone());
    }
    match compress(wanted, &entry.identity) {
        Some(body) => {
            cache.attach(key, entry, wanted, body.clone());
            (wanted, body)
        }
        None => (Encoding::Identity, entry.identity.clone()),
    }
}

fn compress_in_background(cache: &Arc<PageCache>, key: &str, entry: &Arc<Entry>, done: Encoding) {
    if !compressible(&entry.headers) || entry.identity.len() < COMPRESS_FROM_BYTES {
        return;
    }
    let todo: Vec<Encoding> = [Encoding::Gzip, Encoding::Brotli]
        .into_iter()
        .filter(|e| *e != done)
        .collect();
    let cache = Arc::clone(cache);
    let key = key.to_owned();
    let entry = Arc::clone(entry);
    tokio::task::spawn_blocking(move || {
        for encoding in todo {
            if let Some(body) = compress(encoding, &entry.identity) {
                cache.attach(&key, &entry, encoding, body);
            }
        }
    });
}

/// The request's conditions: If-None-Match wins over If-Modified-Since.
struct Conditions {
    if_none_match: Option<String>,
    if_modified_since: Option<SystemTime>,
}

impl Conditions {
    fn of(headers: &HeaderMap) -> Conditions {
        Conditions {
            if_none_match: headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            if_modified_since: headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| httpdate::parse_http_date(v).ok()),
        }
    }

    fn not_modified(&self, etag: &str, last_modified: SystemTime) -> bool {
        match &self.if_none_match {
            Some(tags) => tags.split(',').any(|tag| {
                let tag = tag.trim();
                tag == "*" || tag.trim_start_matches("W/") == etag.trim_start_matches("W/")
            }),
            None => self
                .if_modified_since
                .is_some_and(|since| last_modified <= since),
        }
    }
}

fn respond(
    state: &AppState,
    entry: &Entry,
    (encoding, body): (Encoding, Bytes),
    conditions: &Conditions,
    cache_status: &'static str,
) -> Response {
    let mut headers = entry.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    if let Ok(value) = HeaderValue::from_str(&entry.etag) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(entry.last_modified)) {
        headers.insert(header::LAST_MODIFIED, value);
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, state.public_cache_control.clone());
    }
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    headers.insert(CACHE_STATUS, HeaderValue::from_static(cache_status));
    if conditions.not_modified(&entry.etag, entry.last_modified) {
        for name in [header::CONTENT_TYPE, header::CONTENT_DISPOSITION] {
            headers.remove(name);
        }
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        *response.headers_mut() = headers;
        return response;
    }
    if let Some(name) = encoding.header() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = entry.status;
    *response.headers_mut() = headers;
    response
}

/// A quoted digest of the body: the same bytes give the same tag on every
/// node.
fn strong_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..12]))
}

/// Now, to the second: HTTP dates have no finer unit, and a Last-Modified
/// in the future of what a client saw would never compare as unchanged.
fn now_in_seconds() -> SystemTime {
    let since = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    SystemTime::UNIX_EPOCH + Duration::from_secs(since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        Encoding::preferred(&headers)
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        assert_eq!(accept("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(accept("gzip"), Encoding::Gzip);
        assert_eq!(accept("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(accept("identity"), Encoding::Identity);
        assert_eq!(accept("*"), Encoding::Brotli);
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn compressed_copies_decompress_to_the_body() {
        let body = "<p>Analysis</p>\n".repeat(200);
        let gzip = compress(Encoding::Gzip, body.as_bytes()).unwrap();
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut out)
            .unwrap();
        assert_eq!(out, body);
        let brotli = compress(Encoding::Brotli, body.as_bytes()).unwrap();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli[..], &mut out).unwrap();
        assert_eq!(out, body.as_bytes());
        assert!(brotli.len() < body.len() / 10);
    }

    #[test]
    fn conditions_match_tags_and_dates() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let tag = "\"abc\"";
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"abc\""),
        );
        assert!(Conditions::of(&headers).not_modified(tag, at));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"x\""));
        // If-None-Match wins even when the date would say unchanged.
        headers.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_str(&httpdate::fmt_http_date(at)).unwrap(),
        );
        assert!(!Conditions::of(&headers).not_modified(tag, at));
        headers.remove(header::IF_NONE_MATCH);
        assert!(Conditions::of(&headers).not_modified(tag, at));
        assert!(!Conditions::of(&headers).not_modified(tag, at + Duration::from_secs(1)));
    }
}
