//! Reading what a client sends, strictly: JSON bodies (unknown fields,
//! wrong types, malformed or oversized bodies are 4xx with the field at
//! fault), query parameters (unknown or repeated ones are refused), and
//! the preconditions of optimistic concurrency (`ETag`, `If-Match`).

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::error::ApiError;

/// Largest JSON body the API reads: a very long article fits.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// A JSON request body, read strictly.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request<Body>, _state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON, with `Content-Type: application/json`",
            ));
        }
        let bytes = to_bytes(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("the body is larger than {} bytes", MAX_BODY_BYTES),
                )
            })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body, naming the field at fault when the JSON is well
/// formed but does not fit.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    let value = parsed.map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_syntax() || inner.is_eof() || inner.is_io() {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                format!("the body is not valid JSON: {inner}"),
            );
        }
        let message = inner.to_string();
        // The path names the field, an unknown one included.
        let field = path;
        let code = if message.starts_with("unknown field") {
            "unknown_field"
        } else {
            "invalid_field"
        };
        let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message);
        if field != "." {
            error.field = Some(field);
        }
        error
    })?;
    deserializer.end().map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body has more after its JSON value: {e}"),
        )
    })?;
    Ok(value)
}

/// `unknown field `x`, expected …` → `x`.
fn unknown_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_owned())
}

/// Query parameters read into `T` (all of whose fields are strings),
/// refusing unknown and repeated parameters.
pub fn parse_query<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, ApiError> {
    let mut map = serde_json::Map::new();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if map
            .insert(
                key.to_string(),
                serde_json::Value::String(value.into_owned()),
            )
            .is_some()
        {
            return Err(ApiError::bad_parameter(
                &key,
                format!("give `{key}` once; it was repeated"),
            ));
        }
    }
    let value = serde_json::Value::Object(map);
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        let field = unknown_field_name(&message).unwrap_or(path);
        let message = match message.strip_prefix("unknown field") {
            Some(_) => format!("`{field}` is not a parameter of this endpoint"),
            None => message,
        };
        ApiError::bad_parameter(&field, message)
    })
}

/// A strong entity tag for a representation: its SHA-256, shortened.
pub fn etag_of(bytes: &[u8]) -> String {
    format!("\"{}\"", &hex::encode(Sha256::digest(bytes))[..32])
}

/// Whether the request's `If-None-Match` names `etag` (so a 304 will do).
pub fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// The `If-Match` precondition of a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    Absent,
    Any,
    Tags(Vec<String>),
}

impl IfMatch {
    /// Reads `If-Match`; one that is present but holds no entity tag
    /// (`"…"`, `W/"…"` or `*`) is a 400.
    pub fn from_headers(headers: &HeaderMap) -> Result<IfMatch, ApiError> {
        if headers.get(header::IF_MATCH).is_none() {
            return Ok(IfMatch::Absent);
        }
        let mut values = Vec::new();
        for value in headers.get_all(header::IF_MATCH) {
            let text = value.to_str().map_err(|_| bad_if_match())?;
            for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                let opaque = tag.strip_prefix("W/").unwrap_or(tag);
                let quoted = opaque.len() >= 2 && opaque.starts_with('"') && opaque.ends_with('"');
                if tag != "*" && !quoted {
                    return Err(bad_if_match());
                }
                values.push(tag.to_owned());
            }
        }
        if values.is_empty() {
            Err(bad_if_match())
        } else if values.iter().any(|t| t == "*") {
            Ok(IfMatch::Any)
        } else {
            Ok(IfMatch::Tags(values))
        }
    }

    /// Checks a write to an existing resource whose current tag is
    /// `current`: a write without `If-Match` is refused (428), so no
    /// client overwrites a change it has not seen; a stale tag is 412.
    /// Weak tags never match (RFC 9110 compares strongly).
    pub fn check_existing(&self, current: &str) -> Result<(), ApiError> {
        match self {
            IfMatch::Absent => Err(ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition_required",
                "this resource exists: send `If-Match` with the ETag you last read, so a change \
                 someone made since is not overwritten unseen",
            )),
            IfMatch::Any => Ok(()),
            IfMatch::Tags(tags) if tags.iter().any(|t| t == current) => Ok(()),
            IfMatch::Tags(_) => Err(stale()),
        }
    }

    /// Checks a write that would create the resource: any `If-Match`
    /// fails, since nothing is there to match.
    pub fn check_missing(&self) -> Result<(), ApiError> {
        match self {
            IfMatch::Absent => Ok(()),
            _ => Err(stale()),
        }
    }
}

fn bad_if_match() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_header",
        "If-Match takes the ETag you read, in quotes as sent (or `*`)",
    )
    .with_field("If-Match")
}

fn stale() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
        "the resource changed since you read it (its ETag differs from If-Match); read it \
         again and reapply your change",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        count: Option<u32>,
    }

    #[test]
    fn json_problems_are_client_errors_naming_the_field() {
        let e = parse_json::<Sample>(b"{\"title\": ").unwrap_err();
        assert_eq!((e.status.as_u16(), e.code), (400, "malformed_json"));
        let e = parse_json::<Sample>(br#"{"title": "t", "extra": 1}"#).unwrap_err();
        assert_eq!((e.status.as_u16(), e.code), (422, "unknown_field"));
        assert_eq!(e.field.as_deref(), Some("extra"));
        let e = parse_json::<Sample>(br#"{"title": "t", "count": -1}"#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("count"));
        let e = parse_json::<Sample>(br#"{"title": "t"} []"#).unwrap_err();
        assert_eq!(e.code, "malformed_json");
        assert!(parse_json::<Sample>(br#"{"title": "t"}"#).is_ok());
    }

    #[test]
    fn repeated_and_unknown_parameters_are_refused() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Q {
            topic: Option<String>,
        }
        assert!(parse_query::<Q>(Some("topic=a")).is_ok());
        let e = parse_query::<Q>(Some("topic=a&topic=b")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("topic"));
        let e = parse_query::<Q>(Some("colour=red")).unwrap_err();
        assert_eq!(
            (e.status.as_u16(), e.field.as_deref()),
            (400, Some("colour"))
        );
    }

    #[test]
    fn preconditions_compare_strong_tags() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            IfMatch::from_headers(&headers)
                .unwrap()
                .check_existing("\"a\"")
                .unwrap_err()
                .status,
            StatusCode::PRECONDITION_REQUIRED
        );
        headers.insert(header::IF_MATCH, HeaderValue::from_static("\"b\", \"a\""));
        assert!(
            IfMatch::from_headers(&headers)
                .unwrap()
                .check_existing("\"a\"")
                .is_ok()
        );
        assert!(
            IfMatch::from_headers(&headers)
                .unwrap()
                .check_missing()
                .is_err()
        );
        headers.insert(header::IF_MATCH, HeaderValue::from_static("W/\"a\""));
        assert_eq!(
            IfMatch::from_headers(&headers)
                .unwrap()
                .check_existing("\"a\"")
                .unwrap_err()
                .status,
            StatusCode::PRECONDITION_FAILED
        );
        headers.insert(header::IF_MATCH, HeaderValue::from_static(""));
        assert_eq!(
            IfMatch::from_headers(&headers).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }
}
