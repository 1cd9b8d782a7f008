//! Listing pages after the first live at `…/page/N` (`/experts/page/3`), so
//! a static host serves every page of the export. Before routing, such a
//! path becomes its listing with `?page=N`, which every listing handler
//! reads; a bare `?page=N` and `…/page/1` are sent to the one address.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use folio_render::SitePaths;

use crate::AppState;

/// Sections with pagination of their own (the admin, the API) or none.
const NOT_PUBLIC: [&str; 5] = ["/admin", "/api", "/media", "/assets", "/sitemaps"];

pub(crate) async fn page_paths(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    match route_page(&state, request.uri(), request.method()) {
        PagePath::Unchanged => {}
        PagePath::Rewrite(uri) => *request.uri_mut() = uri,
        PagePath::Redirect(target) => {
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, target)]).into_response();
        }
    }
    next.run(request).await
}

/// Whether the page-path layer leaves this request as it is.
pub(crate) fn leaves_unchanged(state: &AppState, request: &Request) -> bool {
    route_page(state, request.uri(), request.method()) == PagePath::Unchanged
}

#[derive(Debug, PartialEq)]
enum PagePath {
    Unchanged,
    Rewrite(Uri),
    Redirect(String),
}

fn route_page(state: &AppState, uri: &Uri, method: &Method) -> PagePath {
    let path = uri.path();
    if NOT_PUBLIC.iter().any(|section| {
        path.strip_prefix(section)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }) {
        return PagePath::Unchanged;
    }
    let readable = method == Method::GET || method == Method::HEAD;
    if let Some((listing, number)) = split_page_path(path) {
        if !is_listing_path(state, listing) {
            return PagePath::Unchanged;
        }
        return match number {
            1 if readable => PagePath::Redirect(with_query(listing, uri.query())),
            1 => PagePath::Unchanged,
            n => {
                let query = match uri.query() {
                    Some(query) if !query.is_empty() => format!("{query}&page={n}"),
                    _ => format!("page={n}"),
                };
                match format!("{listing}?{query}").parse() {
                    Ok(rewritten) => PagePath::Rewrite(rewritten),
                    Err(_) => PagePath::Unchanged,
                }
            }
        };
    }
    // An old `?page=N` link, with nothing else in its query (a search's
    // results pages keep theirs).
    if readable
        && !path.ends_with("/search")
        && let Some(n) = uri
            .query()
            .and_then(|q| q.strip_prefix("page="))
            .filter(|n| is_page_number(n))
            .and_then(|n| n.parse::<u32>().ok())
    {
        return PagePath::Redirect(SitePaths::paged(path, n));
    }
    PagePath::Unchanged
}

/// `/experts/page/3` → (`/experts`, 3); only a page number written the one
/// way (no sign, no leading zero) after something to page.
fn split_page_path(path: &str) -> Option<(&str, u32)> {
    let (rest, number) = path.rsplit_once('/')?;
    let listing = rest.strip_suffix("/page")?;
    if listing.is_empty() || !is_page_number(number) {
        return None;
    }
    Some((listing, number.parse().ok()?))
}

fn is_page_number(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('0')
        && text.len() <= 9
        && text.bytes().all(|b| b.is_ascii_digit())
}

/// A language's home has no pages (`/ar/page/2` is not a page).
fn is_listing_path(state: &AppState, listing: &str) -> bool {
    let first = listing.trim_start_matches('/');
    state.config.language_by_prefix(first).is_none()
}

fn with_query(path: &str, query: Option<&str>) -> String {
    match query {
        Some(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_split_into_listing_and_number() {
        assert_eq!(split_page_path("/experts/page/3"), Some(("/experts", 3)));
        assert_eq!(
            split_page_path("/ar/policy-analysis/page/12"),
            Some(("/ar/policy-analysis", 12))
        );
        for not_a_page in [
            "/page/2",
            "/experts/page/0",
            "/experts/page/03",
            "/experts/page/+3",
            "/experts/page/",
            "/experts/page/x",
            "/experts/pages/3",
            "/experts/page/99999999999",
            "/experts/page",
        ] {
            assert_eq!(split_page_path(not_a_page), None, "{not_a_page}");
        }
    }
}
