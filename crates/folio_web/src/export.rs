//! `folio export --static DIR`: the whole public site as files, rendered by
//! asking the same router the live server runs, so the two cannot drift.
//!
//! Every page becomes `path/index.html` (a static host serves `/experts` from
//! `experts/index.html`), every other file keeps its name (`feed.atom`,
//! `cite.bib`, `sitemap.xml`, fingerprinted assets). A file whose bytes are
//! already there is not written again, and files a previous export wrote
//! that this one did not are removed (the list is kept in
//! [`MANIFEST_FILE`]), so a second export after one edit touches only what
//! changed and a CDN sync uploads only that.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use folio_render::{CitationFormat, FeedFormat, SITEMAP_LIMIT};
use http_body_util::BodyExt;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::AppState;
use crate::site::sitemap::site_urls;

/// The list of files the last export wrote, inside the output directory.
pub const MANIFEST_FILE: &str = ".folio-export";

/// Requests rendered at once: enough to keep both the blocking pool (store
/// reads) and the async workers (rendering) busy.
const CONCURRENCY: usize = 4;

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportReport {
    /// Files in the exported site.
    pub files: usize,
    /// Files written because they were new or had changed.
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of an earlier export that no longer exist on the site.
    pub removed: usize,
    pub bytes: u64,
    pub seconds: f64,
    /// Site paths written, for the caller to list (`--verbose`).
    pub written_paths: Vec<String>,
    /// Per kind of file (page, feed, citation…): how many, and the
    /// seconds spent rendering them, summed over concurrent requests.
    pub by_kind: std::collections::BTreeMap<&'static str, (usize, f64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path} answered {status} instead of a page")]
    Status { path: String, status: StatusCode },
    #[error("{0}")]
    Failed(String),
}

/// Exports the public site into `out_dir`, creating it when missing.
pub async fn export_site(state: &AppState, out_dir: &Path) -> Result<ExportReport, ExportError> {
    let started = Instant::now();
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| ExportError::Io { path, error }
    };
    tokio::fs::create_dir_all(out_dir)
        .await
        .map_err(io(out_dir))?;
    let paths = site_paths(state).await?;
    let router = crate::router(state.clone());

    let mut report = ExportReport::default();
    let mut files = BTreeSet::new();
    let mut pending = paths.into_iter();
    let mut running = JoinSet::new();
    loop {
        while running.len() < CONCURRENCY {
            let Some(path) = pending.next() else { break };
            let router = router.clone();
            let out_dir = out_dir.to_path_buf();
            running.spawn(async move { export_one(router, &out_dir, path).await });
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        let exported =
            done.map_err(|e| ExportError::Failed(format!("an export task failed: {e}")))??;
        report.bytes += exported.bytes;
        let kind = report.by_kind.entry(kind_of(&exported.file)).or_default();
        kind.0 += 1;
        kind.1 += exported.render_seconds;
        if exported.written {
            report.written += 1;
            report.written_paths.push(exported.site_path);
        } else {
            report.unchanged += 1;
        }
        files.insert(exported.file);
    }
    report.files = files.len();
    report.removed = remove_stale(out_dir, &files).await?;
    report.written_paths.sort();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

struct Exported {
    site_path: String,
    /// Relative to the output directory, with `/` separators.
    file: String,
    written: bool,
    bytes: u64,
    render_seconds: f64,
}

/// A file's kind, for the report.
fn kind_of(file: &str) -> &'static str {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.').map_or("", |(_, extension)| extension) {
        "html" => "pages",
        "atom" | "rss" => "feeds",
        "json" if name.starts_with("feed.") => "feeds",
        "bib" | "ris" => "citations",
        "json" if name == "cite.json" => "citations",
        "json" => "search indexes",
        "xml" | "txt" => "sitemaps and robots.txt",
        _ => "assets and images",
    }
}

/// Renders one path through the router and writes it unless the same bytes
/// are already there.
async fn export_one(
    router: axum::Router,
    out_dir: &Path,
    path: SitePath,
) -> Result<Exported, ExportError> {
    let started = Instant::now();
    let request = Request::builder()
        .uri(&path.request)
        .body(Body::empty())
        .expect("a site path is a valid URI");
    let response = router
        .oneshot(request)
        .await
        .unwrap_or_else(|never| match never {});
    let redirected =
        path.expect == StatusCode::MOVED_PERMANENTLY && response.status().is_redirection();
    if response.status() != path.expect && !redirected {
        return Err(ExportError::Status {
            path: path.request,
            status: response.status(),
        });
    }
    let body = if redirected {
        // A static host cannot answer 301: a page that sends the browser on.
        let location = response
            .headers()
            .get(axum::http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("/")
            .to_owned();
        axum::body::Bytes::from(redirect_stub(&location))
    } else {
        response
            .into_body()
            .collect()
            .await
            .map_err(|e| ExportError::Failed(format!("{}: {e}", path.request)))?
            .to_bytes()
    };
    let render_seconds = started.elapsed().as_secs_f64();
    let file = path.file;
    let target = out_dir.join(&file);
    let unchanged = match tokio::fs::read(&target).await {
        Ok(existing) => existing == body,
        Err(_) => false,
    };
    if !unchanged {
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|error| ExportError::Io {
                    path: parent.to_path_buf(),
                    error,
                })?;
        }
        // Written beside and renamed over: a host syncing the folder never
        // sees half a file.
        let mut temporary = target.clone().into_os_string();
        temporary.push(".folio-partial");
        let temporary = PathBuf::from(temporary);
        tokio::fs::write(&temporary, &body)
            .await
            .map_err(|error| ExportError::Io {
                path: temporary.clone(),
                error,
            })?;
        tokio::fs::rename(&temporary, &target)
            .await
            .map_err(|error| ExportError::Io {
                path: target.clone(),
                error,
            })?;
    }
    Ok(Exported {
        site_path: path.request,
        file,
        written: !unchanged,
        bytes: body.len() as u64,
        render_seconds,
    })
}

/// The page a static host serves at an old address.
fn redirect_stub(location: &str) -> String {
    let target = folio_markdown::escape_html(location);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{target}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{target}</a></p>\n</body>\n</html>\n"
    )
}

/// Removes what the previous export wrote and this one did not, then
/// records this export's files.
async fn remove_stale(out_dir: &Path, files: &BTreeSet<String>) -> Result<usize, ExportError> {
    let manifest = out_dir.join(MANIFEST_FILE);
    let previous = tokio::fs::read_to_string(&manifest)
        .await
        .unwrap_or_default();
    let mut removed = 0;
    for stale in previous
        .lines()
        .filter(|f| !f.is_empty() && !files.contains(*f))
    {
        // Only plain relative names the export itself wrote.
        if stale.split('/').any(|part| part == ".." || part.is_empty()) {
            continue;
        }
        match tokio::fs::remove_file(out_dir.join(stale)).await {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(ExportError::Io {
                    path: out_dir.join(stale),
                    error,
                });
            }
        }
    }
    let mut list = String::new();
    for file in files {
        list.push_str(file);
        list.push('\n');
    }
    tokio::fs::write(&manifest, list)
        .await
        .map_err(|error| ExportError::Io {
            path: manifest,
            error,
        })?;
    Ok(removed)
}

/// One thing to export: the request, the answer it must get, the file.
struct SitePath {
    request: String,
    expect: StatusCode,
    file: String,
}

impl SitePath {
    fn ok(request: String) -> SitePath {
        let file = file_for(&request);
        SitePath {
            request,
            expect: StatusCode::OK,
            file,
        }
    }
}

/// Where a site path lives in the export: a page in `index.html` under its
/// decoded path, a file (its last segment has an extension) as it is.
pub fn file_for(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    let last = decoded.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        decoded
    } else if decoded.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{decoded}/index.html")
    }
}

/// Every path of the public site: the pages the sitemap lists, each
/// language's search page and search index, every feed, every article's
/// citation files, the sitemap files and robots.txt, the theme's static
/// files, uploaded images, a page for every redirect, and the not-found
/// page for hosts that serve `404.html`.
async fn site_paths(state: &AppState) -> Result<Vec<SitePath>, ExportError> {
    let (map, media, redirects) = state
        .read(|c| {
            Ok((
                folio_db::site_map(c)?,
                folio_db::list_media(c, u32::MAX)?,
                folio_db::list_redirects(c, None, folio_core::PageRequest::new(1, u32::MAX))?.items,
            ))
        })
        .await
        .map_err(|e| ExportError::Failed(format!("cannot read the site: {e:?}")))?;
    let paths = state.renderer.paths();
    let urls = site_urls(state, &map);
    let mut out: Vec<SitePath> = urls.iter().map(|u| SitePath::ok(u.path.clone())).collect();

    for language in &state.config.languages {
        let code = language.code.as_str();
        out.push(SitePath::ok(paths.search(code)));
        out.push(SitePath::ok(paths.search_index(code)));
        let mut feed_dirs = vec![paths.prefix(code).to_owned()];
        feed_dirs.extend(
            map.terms
                .iter()
                .filter(|(_, l, _)| l.as_str() == code)
                .map(|(_, l, slug)| paths.in_namespace(l.as_str(), slug.as_str())),
        );
        feed_dirs.extend(map.experts.iter().map(|s| paths.expert(code, s.as_str())));
        feed_dirs.extend(
            map.content_types
                .iter()
                .map(|s| paths.content_type(code, s.as_str())),
        );
        for dir in feed_dirs {
            for format in FeedFormat::ALL {
                out.push(SitePath::ok(format!("{dir}/{}", format.file_name())));
            }
        }
    }
    // Catalogue records: not in the sitemap (search engines are asked to
    // skip them), but cards link to them.
    for (language, slug) in &map.references {
        out.push(SitePath::ok(
            paths.in_namespace(language.as_str(), slug.as_str()),
        ));
    }
    for article in &map.articles {
        let page = paths.in_namespace(article.language.as_str(), article.slug.as_str());
        for format in CitationFormat::ALL {
            out.push(SitePath::ok(format!("{page}/{}", format.file_name())));
        }
    }
    for (path, _) in state.renderer.sitemap_files(&urls, SITEMAP_LIMIT) {
        out.push(SitePath::ok(path));
    }
    out.push(SitePath::ok("/robots.txt".to_owned()));
    for (name, _) in state.renderer.theme().assets() {
        out.push(SitePath::ok(format!("/assets/{name}")));
    }
    for image in media {
        out.push(SitePath::ok(image.path()));
    }
    // Old addresses become pages that send the browser on, unless a live
    // page is there (it is exported as itself) or the target is not.
    let live: std::collections::HashSet<String> = out.iter().map(|p| p.file.clone()).collect();
    for redirect in redirects {
        // A redirect to a page that is not published leads nowhere.
        let internal_target = redirect.to_path.starts_with('/');
        let target_path = redirect.to_path.split(['?', '#']).next().unwrap_or("");
        if internal_target && !live.contains(&file_for(target_path)) {
            continue;
        }
        let stub = SitePath {
            file: file_for(&redirect.from_path),
            request: redirect.from_path,
            expect: StatusCode::MOVED_PERMANENTLY,
        };
        if !live.contains(&stub.file) {
            out.push(stub);
        }
    }
    out.push(SitePath {
        request: "/404".to_owned(),
        expect: StatusCode::NOT_FOUND,
        file: "404.html".to_owned(),
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_become_index_files_and_files_keep_their_names() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/ar"), "ar/index.html");
        assert_eq!(
            file_for("/policy-analysis/terrorism"),
            "policy-analysis/terrorism/index.html"
        );
        assert_eq!(
            file_for("/policy-analysis/terrorism/feed.atom"),
            "policy-analysis/terrorism/feed.atom"
        );
        assert_eq!(file_for("/sitemap.xml"), "sitemap.xml");
        assert_eq!(
            file_for("/ar/policy-analysis/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"),
            "ar/policy-analysis/سوريا/index.html"
        );
    }
}
