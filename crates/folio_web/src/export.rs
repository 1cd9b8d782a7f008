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

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use folio_render::{CitationFormat, FeedFormat, SITEMAP_LIMIT};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::AppState;
use crate::site::sitemap::SiteUrls;

/// The list of files the last export wrote, inside the output directory.
pub const MANIFEST_FILE: &str = ".folio-export";

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
    /// Site paths written, for the caller to list (`--verbose`): the
    /// first [`WRITTEN_PATHS_LISTED`].
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
///
/// One worker per core takes the next path, asks the router for it and
/// writes the file, on a plain thread with a runtime of its own: store
/// reads run inline there, so a file costs no hand-off between threads.
pub async fn export_site(state: &AppState, out_dir: &Path) -> Result<ExportReport, ExportError> {
    let started = Instant::now();
    std::fs::create_dir_all(out_dir).map_err(|error| ExportError::Io {
        path: out_dir.to_path_buf(),
        error,
    })?;
    // Into an empty folder nothing is compared: no file can be there.
    let empty = std::fs::read_dir(out_dir)
        .map_err(|error| ExportError::Io {
            path: out_dir.to_path_buf(),
            error,
        })?
        .next()
        .is_none();
    let jobs = site_paths(state).await?;
    let mut worker_state = state.clone();
    // The PostgreSQL driver blocks on a runtime of its own, which cannot
    // run inside the worker's: there, reads go through the blocking pool.
    let worker = worker_state.make_mut();
    worker.inline_blocking = state.store.dialect() == folio_db::Dialect::Sqlite;
    worker.http_caching = false;
    worker.page_cache = None;
    let router = crate::router(worker_state);
    let out = out_dir.to_path_buf();
    let (mut report, files) =
        tokio::task::spawn_blocking(move || export_paths(&router, &out, &jobs, empty))
            .await
            .map_err(|e| ExportError::Failed(format!("the export failed: {e}")))??;
    report.files = files.len();
    report.removed = remove_stale(out_dir, &files)?;
    report.written_paths.sort();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Site paths of written files the report lists at most: the first export
/// of a large archive writes half a million.
pub const WRITTEN_PATHS_LISTED: usize = 10_000;

/// The files an export wrote or found unchanged, in the order they came.
struct ExportedFiles {
    /// One name per line: the next manifest.
    names: String,
    /// The names' hashes, to tell which files of the last export are gone.
    hashes: HashSet<u64>,
}

impl ExportedFiles {
    fn new() -> ExportedFiles {
        ExportedFiles {
            names: String::new(),
            hashes: HashSet::new(),
        }
    }

    fn add(&mut self, file: &str) {
        if self.hashes.insert(name_hash(file)) {
            self.names.push_str(file);
            self.names.push('\n');
        }
    }

    fn contains(&self, file: &str) -> bool {
        self.hashes.contains(&name_hash(file))
    }

    fn len(&self) -> usize {
        self.hashes.len()
    }
}

fn name_hash(file: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(file)
}

/// Renders and writes every job's paths on one worker per core.
fn export_paths(
    router: &axum::Router,
    out_dir: &Path,
    jobs: &[Job],
    empty: bool,
) -> Result<(ExportReport, ExportedFiles), ExportError> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = AtomicUsize::new(0);
    let results: Vec<Result<(ExportReport, ExportedFiles), ExportError>> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| scope.spawn(|| export_worker(router, out_dir, jobs, &next, empty)))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        Err(ExportError::Failed("an export worker panicked".into()))
                    })
                })
                .collect()
        });
    let mut report = ExportReport::default();
    let mut files: Option<ExportedFiles> = None;
    for result in results {
        let (part, part_files) = result?;
        report.bytes += part.bytes;
        report.written += part.written;
        report.unchanged += part.unchanged;
        let room = WRITTEN_PATHS_LISTED.saturating_sub(report.written_paths.len());
        report
            .written_paths
            .extend(part.written_paths.into_iter().take(room));
        for (kind, (count, seconds)) in part.by_kind {
            let total = report.by_kind.entry(kind).or_default();
            total.0 += count;
            total.1 += seconds;
        }
        // The first worker's list grows by the others' (a file two
        // workers exported is listed once).
        match &mut files {
            None => files = Some(part_files),
            Some(files) => {
                for file in part_files.names.lines() {
                    files.add(file);
                }
            }
        }
    }
    Ok((report, files.unwrap_or_else(ExportedFiles::new)))
}

/// One worker: takes jobs until none are left (or another worker failed).
fn export_worker(
    router: &axum::Router,
    out_dir: &Path,
    jobs: &[Job],
    next: &AtomicUsize,
    empty: bool,
) -> Result<(ExportReport, ExportedFiles), ExportError> {
    let result = (|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ExportError::Failed(format!("cannot start an export worker: {e}")))?;
        let mut writer = FileWriter::new(out_dir, empty);
        let mut report = ExportReport::default();
        let mut files = ExportedFiles::new();
        let claimed = std::iter::from_fn(|| jobs.get(next.fetch_add(1, Ordering::Relaxed)));
        for job in claimed {
            for first in job.paths() {
                // A listing's later pages are found by following its "next"
                // link, as a crawler would: only the router knows how many.
                let mut path = first;
                loop {
                    let started = Instant::now();
                    let body = runtime.block_on(render(router.clone(), &path))?;
                    let render_seconds = started.elapsed().as_secs_f64();
                    let file = path.file();
                    let written = writer.write_if_changed(&file, &body)?;
                    report.bytes += body.len() as u64;
                    let kind = report.by_kind.entry(job.kind_of(&path, &file)).or_default();
                    kind.0 += 1;
                    kind.1 += render_seconds;
                    if written {
                        report.written += 1;
                        if report.written_paths.len() < WRITTEN_PATHS_LISTED {
                            report.written_paths.push(path.request.clone());
                        }
                    } else {
                        report.unchanged += 1;
                    }
                    files.add(&file);
                    let next_page = path.follow_next.then(|| next_page_link(&body)).flatten();
                    match next_page {
                        Some(request) => path = SitePath::listing(request),
                        None => break,
                    }
                }
            }
        }
        Ok((report, files))
    })();
    if result.is_err() {
        // The others stop at their next path.
        next.store(usize::MAX / 2, Ordering::Relaxed);
    }
    result
}

/// A file's kind, for the report.
fn kind_of(file: &str) -> &'static str {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.').map_or("", |(_, extension)| extension) {
        "html" => "other pages",
        "atom" | "rss" => "feeds",
        "json" if name.starts_with("feed.") => "feeds",
        "bib" | "ris" => "citations",
        "json" if name == "cite.json" => "citations",
        "json" => "search indexes",
        "xml" | "txt" => "sitemaps and robots.txt",
        _ => "assets and images",
    }
}

/// Asks the router for one path; a redirect becomes a page that sends the
/// browser on.
async fn render(router: axum::Router, path: &SitePath) -> Result<Bytes, ExportError> {
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
            path: path.request.clone(),
            status: response.status(),
        });
    }
    if redirected {
        // A static host cannot answer 301.
        let location = response
            .headers()
            .get(axum::http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("/");
        return Ok(Bytes::from(redirect_stub(location)));
    }
    Ok(response
        .into_body()
        .collect()
        .await
        .map_err(|e| ExportError::Failed(format!("{}: {e}", path.request)))?
        .to_bytes())
}

/// Writes files under the output folder, remembering the folders it made.
struct FileWriter<'a> {
    out_dir: &'a Path,
    /// The folder was empty when the export began: no file is there to
    /// compare with.
    empty: bool,
    folders: HashSet<PathBuf>,
}

impl<'a> FileWriter<'a> {
    fn new(out_dir: &'a Path, empty: bool) -> FileWriter<'a> {
        FileWriter {
            out_dir,
            empty,
            folders: HashSet::new(),
        }
    }

    /// Writes `file` unless it already holds `body`; says whether it wrote.
    /// A file that is there is replaced by renaming a finished copy over
    /// it, so a host syncing the folder never sees half of a changed file.
    fn write_if_changed(&mut self, file: &str, body: &[u8]) -> Result<bool, ExportError> {
        let target = self.out_dir.join(file);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |error| ExportError::Io { path, error }
        };
        let existing = if self.empty {
            None
        } else {
            std::fs::read(&target).ok()
        };
        match existing {
            Some(existing) if existing == body => return Ok(false),
            Some(_) => {
                let mut temporary = target.clone().into_os_string();
                temporary.push(".folio-partial");
                let temporary = PathBuf::from(temporary);
                std::fs::write(&temporary, body).map_err(io(&temporary))?;
                std::fs::rename(&temporary, &target).map_err(io(&target))?;
            }
            None => {
                if let Some(parent) = target.parent()
                    && !self.folders.contains(parent)
                {
                    std::fs::create_dir_all(parent).map_err(io(parent))?;
                    self.folders.insert(parent.to_path_buf());
                }
                std::fs::write(&target, body).map_err(io(&target))?;
            }
        }
        Ok(true)
    }
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
fn remove_stale(out_dir: &Path, files: &ExportedFiles) -> Result<usize, ExportError> {
    let manifest = out_dir.join(MANIFEST_FILE);
    let previous = std::fs::read_to_string(&manifest).unwrap_or_default();
    let mut removed = 0;
    for stale in previous
        .lines()
        .filter(|f| !f.is_empty() && !files.contains(f))
    {
        // Only plain relative names the export itself wrote.
        if stale.split('/').any(|part| part == ".." || part.is_empty()) {
            continue;
        }
        match std::fs::remove_file(out_dir.join(stale)) {
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
    drop(previous);
    std::fs::write(&manifest, &files.names).map_err(|error| ExportError::Io {
        path: manifest,
        error,
    })?;
    Ok(removed)
}

/// One thing to export: the request and the answer it must get. The file
/// it becomes follows from the request ([`file_for`]).
struct SitePath {
    request: String,
    expect: StatusCode,
    /// A listing: its next page is exported after it.
    follow_next: bool,
}

impl SitePath {
    fn ok(request: String) -> SitePath {
        SitePath {
            request,
            expect: StatusCode::OK,
            follow_next: false,
        }
    }

    fn listing(request: String) -> SitePath {
        SitePath {
            follow_next: true,
            ..SitePath::ok(request)
        }
    }

    fn file(&self) -> String {
        if self.expect == StatusCode::NOT_FOUND {
            NOT_FOUND_FILE.to_owned()
        } else {
            file_for(&self.request)
        }
    }
}

/// Where a static host looks for its not-found page.
const NOT_FOUND_FILE: &str = "404.html";

/// Paths one worker exports together because they read the same rows. A
/// job holds one path; the worker makes the rest, so the list of a
/// 100,000-article site's half a million files is never held at once.
enum Job {
    /// An article's page, then its citation files.
    Article(String),
    /// A feed's three formats, in this folder.
    Feeds(String),
    /// A listing's first page; the worker follows its "next" links.
    Listing(String),
    /// The sitemap files of a site with this many URLs, one after another:
    /// each file reads the whole site map (every published piece), and two
    /// workers doing so at once raised a 100,000-article export's peak.
    Sitemaps(usize),
    One(SitePath),
}

impl Job {
    /// The kind of one of this job's files, for the report: pages by what
    /// they show, since an article's page and a listing's cost apart.
    fn kind_of(&self, path: &SitePath, file: &str) -> &'static str {
        match (self, kind_of(file)) {
            (Job::Article(_), "other pages") => "article pages",
            (Job::Listing(_), "other pages") => "listing pages",
            (_, "other pages") if path.expect == StatusCode::MOVED_PERMANENTLY => "redirect pages",
            (_, kind) => kind,
        }
    }

    fn paths(&self) -> Vec<SitePath> {
        match self {
            Job::Article(page) => std::iter::once(SitePath::ok(page.clone()))
                .chain(
                    CitationFormat::ALL
                        .iter()
                        .map(|format| SitePath::ok(format!("{page}/{}", format.file_name()))),
                )
                .collect(),
            Job::Feeds(dir) => FeedFormat::ALL
                .iter()
                .map(|format| SitePath::ok(format!("{dir}/{}", format.file_name())))
                .collect(),
            Job::Listing(page) => vec![SitePath::listing(page.clone())],
            Job::Sitemaps(urls) => folio_render::Renderer::sitemap_paths(*urls, SITEMAP_LIMIT)
                .into_iter()
                .map(SitePath::ok)
                .collect(),
            Job::One(path) => vec![SitePath {
                request: path.request.clone(),
                ..*path
            }],
        }
    }
}

/// The page a listing's `rel="next"` link names, when it is a path a
/// static host can serve (a filtered listing's `?…&page=N` is not).
fn next_page_link(html: &[u8]) -> Option<String> {
    let html = std::str::from_utf8(html).ok()?;
    let marker = html.find(" rel=\"next\"")?;
    let tag_start = html[..marker].rfind('<')?;
    let tag_end = marker + html[marker..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let href_start = tag.find(" href=\"")? + " href=\"".len();
    let href = &tag[href_start..];
    let href = &href[..href.find('"')?];
    (href.starts_with('/') && !href.contains(['?', '#', '&'])).then(|| href.to_owned())
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
/// page for hosts that serve `404.html`; grouped into jobs of paths that
/// read the same rows.
async fn site_paths(state: &AppState) -> Result<Vec<Job>, ExportError> {
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
    let urls = SiteUrls::of_site(state, &map).all();
    let mut article_pages = HashSet::new();
    for article in &map.articles {
        article_pages.insert(paths.in_namespace(article.language.as_str(), article.slug.as_str()));
    }
    // Listings (every page that is not an article) first: each is a chain
    // of pages one worker follows, and the long ones should not finish last.
    let mut jobs: Vec<Job> = urls
        .iter()
        .filter(|u| !article_pages.contains(&u.path))
        .map(|u| Job::Listing(u.path.clone()))
        .collect();
    // An article's page and its citation files are one job: they read the
    // same rows, and one worker reads them while they are warm.
    let mut live: HashSet<u64> = HashSet::new();
    for page in article_pages {
        for format in CitationFormat::ALL {
            live.insert(name_hash(&file_for(&format!(
                "{page}/{}",
                format.file_name()
            ))));
        }
        live.insert(name_hash(&file_for(&page)));
        jobs.push(Job::Article(page));
    }
    for url in &urls {
        live.insert(name_hash(&file_for(&url.path)));
    }

    for language in &state.config.languages {
        let code = language.code.as_str();
        for path in [paths.search(code), paths.search_index(code)] {
            live.insert(name_hash(&file_for(&path)));
            jobs.push(Job::One(SitePath::ok(path)));
        }
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
        // A feed's three formats are one job: they share one read.
        for dir in feed_dirs {
            for format in FeedFormat::ALL {
                live.insert(name_hash(&file_for(&format!(
                    "{dir}/{}",
                    format.file_name()
                ))));
            }
            jobs.push(Job::Feeds(dir));
        }
    }
    let mut singles = Vec::new();
    // Catalogue records: not in the sitemap (search engines are asked to
    // skip them), but cards link to them.
    for (language, slug) in &map.references {
        singles.push(SitePath::ok(
            paths.in_namespace(language.as_str(), slug.as_str()),
        ));
    }
    let sitemaps = Job::Sitemaps(urls.len());
    for sitemap in sitemaps.paths() {
        live.insert(name_hash(&sitemap.file()));
    }
    jobs.push(sitemaps);
    singles.push(SitePath::ok("/robots.txt".to_owned()));
    for (name, _) in state.renderer.theme().assets() {
        singles.push(SitePath::ok(format!("/assets/{name}")));
    }
    for image in media {
        singles.push(SitePath::ok(image.path()));
    }
    for single in &singles {
        live.insert(name_hash(&single.file()));
    }
    // Old addresses become pages that send the browser on, unless a live
    // page is there (it is exported as itself) or the target is not.
    for redirect in redirects {
        // A redirect to a page that is not published leads nowhere.
        let internal_target = redirect.to_path.starts_with('/');
        let target_path = redirect.to_path.split(['?', '#']).next().unwrap_or("");
        if internal_target && !live.contains(&name_hash(&file_for(target_path))) {
            continue;
        }
        if !live.contains(&name_hash(&file_for(&redirect.from_path))) {
            singles.push(SitePath {
                request: redirect.from_path,
                expect: StatusCode::MOVED_PERMANENTLY,
                follow_next: false,
            });
        }
    }
    singles.push(SitePath {
        request: "/404".to_owned(),
        expect: StatusCode::NOT_FOUND,
        follow_next: false,
    });
    jobs.extend(singles.into_iter().map(Job::One));
    Ok(jobs)
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
            file_for("/ar/experts/page/2"),
            "ar/experts/page/2/index.html"
        );
        assert_eq!(
            file_for("/ar/policy-analysis/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"),
            "ar/policy-analysis/سوريا/index.html"
        );
    }

    #[test]
    fn the_report_counts_pages_by_what_they_show() {
        let kind = |job: &Job, path: SitePath| job.kind_of(&path, &path.file());
        let article = Job::Article("/policy-analysis/a".into());
        assert_eq!(
            kind(&article, SitePath::ok("/policy-analysis/a".into())),
            "article pages"
        );
        assert_eq!(
            kind(&article, SitePath::ok("/policy-analysis/a/cite.ris".into())),
            "citations"
        );
        let listing = Job::Listing("/experts".into());
        assert_eq!(
            kind(&listing, SitePath::listing("/experts/page/2".into())),
            "listing pages"
        );
        let moved = || SitePath {
            expect: StatusCode::MOVED_PERMANENTLY,
            ..SitePath::ok("/policy-analysis/view/a".into())
        };
        assert_eq!(kind(&Job::One(moved()), moved()), "redirect pages");
        let search = SitePath::ok("/search".into());
        assert_eq!(
            kind(&Job::One(SitePath::ok("/search".into())), search),
            "other pages"
        );
        assert_eq!(
            kind(
                &Job::Feeds("/experts/a".into()),
                SitePath::ok("/experts/a/feed.json".into())
            ),
            "feeds"
        );
    }

    #[test]
    fn the_sitemap_files_are_one_job() {
        let files = |urls| -> Vec<String> {
            Job::Sitemaps(urls)
                .paths()
                .iter()
                .map(SitePath::file)
                .collect()
        };
        assert_eq!(files(3), ["sitemap.xml"]);
        assert_eq!(
            files(SITEMAP_LIMIT * 2 + 1),
            [
                "sitemap.xml",
                "sitemaps/1.xml",
                "sitemaps/2.xml",
                "sitemaps/3.xml"
            ]
        );
    }

    #[test]
    fn a_listing_is_followed_to_its_next_page_when_a_static_host_can_serve_it() {
        let page =
            br#"<nav><a class="pagination__step" href="/experts/page/3" rel="next">Next</a></nav>"#;
        assert_eq!(next_page_link(page).as_deref(), Some("/experts/page/3"));
        let filtered = br#"<a href="/policy-analysis?region=syria&amp;page=3" rel="next">"#;
        assert_eq!(next_page_link(filtered), None);
        assert_eq!(next_page_link(b"<a href=\"/experts/page/2\">2</a>"), None);
        let absolute = br#"<a href="https://example.org/x/page/2" rel="next">"#;
        assert_eq!(next_page_link(absolute), None);
    }
}
