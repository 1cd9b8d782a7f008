//! The search benchmark's measuring side: a fixed mixed query set timed
//! over HTTP against a running Folio, the same queries in-process against
//! Folio's index and against SQLite FTS5 over the same corpus, related
//! analysis latency, and the server's memory.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use folio_core::{ArticleId, Date};
use folio_db::{Store, Visibility};
use folio_search::{FacetKind, RelatedRequest, SearchIndex, SearchQuery, Sort};

/// The mixed query set: single words, phrases, facets, browsing, date
/// ranges, Arabic, type-ahead prefixes.
pub const QUERIES: &[(&str, &str)] = &[
    ("word", "q=terrorism"),
    ("word", "q=iran"),
    ("word", "q=sanctions"),
    ("word", "q=hezbollah"),
    ("word", "q=deterrence"),
    ("word", "q=drone"),
    ("word", "q=earthquake"),
    ("words", "q=iran+nuclear"),
    ("words", "q=energy+markets"),
    ("words", "q=humanitarian+consequences"),
    ("phrase", "q=%22great+power+competition%22"),
    ("phrase", "q=%22exchange+houses%22"),
    ("phrase", "q=%22maximum+pressure%22"),
    ("facets", "q=iran&region=syria"),
    ("facets", "q=sanctions&topic=energy-economics"),
    ("facets", "q=militias&type=policywatch&year=2019"),
    ("facets", "q=deterrence&region=lebanon&topic=terrorism"),
    ("browse", "topic=terrorism"),
    ("browse", "region=iraq&sort=newest"),
    ("browse", "type=brief-analysis&year=2021"),
    ("dates", "q=china&from=2015-01-01&to=2020-12-31"),
    ("arabic", "q=%D8%A7%D9%84%D8%A5%D8%B1%D9%87%D8%A7%D8%A8"),
    (
        "arabic",
        "q=%D8%A7%D9%84%D8%B9%D9%82%D9%88%D8%A8%D8%A7%D8%AA",
    ),
    ("prefix", "q=hezbol&prefix=1"),
    ("prefix", "q=sanct&prefix=1"),
];

pub struct Options<'a> {
    pub url: &'a str,
    pub data: &'a Path,
    pub rounds: usize,
    pub fts_rounds: usize,
    pub server_pid: Option<u32>,
    pub work: &'a Path,
    pub import: Option<(f64, u64)>,
    pub reindex_seconds: Option<f64>,
}

pub fn run(options: &Options<'_>) -> anyhow::Result<()> {
    let store = Store::open_sqlite(&options.data.join("folio.db"))?;
    let index = SearchIndex::open_read_only(&options.data.join(folio_search::INDEX_DIR))?;
    let documents = index.document_count();
    let queries: Vec<(&str, SearchQuery)> = QUERIES
        .iter()
        .map(|(label, qs)| (*label, parse(qs)))
        .collect();

    // Warm every path once (page cache, lazily loaded columns).
    let mut client = HttpClient::connect(options.url)?;
    for (_, qs) in QUERIES {
        client.get(&format!("/api/search?{qs}"))?;
        index.search(&parse(qs))?;
    }

    let mut http = Vec::new();
    let mut http_by_label: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut in_process = Vec::new();
    for _ in 0..options.rounds {
        for (label, qs) in QUERIES {
            let started = Instant::now();
            client.get(&format!("/api/search?{qs}"))?;
            let took = started.elapsed();
            http.push(took);
            http_by_label.entry(label).or_default().push(took);
        }
        for (_, query) in &queries {
            let started = Instant::now();
            index.search(query)?;
            in_process.push(started.elapsed());
        }
    }

    let mut fts_times = Vec::new();
    let fts = if options.fts_rounds > 0 {
        let fts = Fts::build(&store, &options.work.join("fts5.db"))?;
        for (_, query) in &queries {
            fts.search(query)?;
        }
        Some(fts)
    } else {
        None
    };
    for round in 0..options.fts_rounds {
        let Some(fts) = &fts else { break };
        for (_, query) in &queries {
            let started = Instant::now();
            fts.search(query)?;
            fts_times.push(started.elapsed());
        }
        eprintln!("FTS5 round {} of {} done", round + 1, options.fts_rounds);
    }

    let related = related_latency(&store, &index)?;
    let memory = options.server_pid.map(process_memory).transpose()?;

    let p = |times: &[Duration], q: f64| percentile(times, q);
    println!("| measure | value | target |");
    println!("|---|---|---|");
    println!("| articles in the index | {documents} | 100,000 |");
    if let Some((seconds, count)) = options.import {
        println!(
            "| import ({count} pages) | {seconds:.1} s = {:.0} articles/s | > 2,000 articles/s |",
            count as f64 / seconds
        );
    }
    if let Some(seconds) = options.reindex_seconds {
        println!("| `folio reindex` | {seconds:.1} s | < 60 s |");
    }
    println!(
        "| search over HTTP, {} requests | p50 {} · p95 {} · p99 {} | p95 < 10 ms |",
        http.len(),
        ms(p(&http, 0.50)),
        ms(p(&http, 0.95)),
        ms(p(&http, 0.99))
    );
    for (label, times) in &http_by_label {
        println!(
            "| — {label} | p50 {} · p95 {} | |",
            ms(p(times, 0.50)),
            ms(p(times, 0.95))
        );
    }
    println!(
        "| Folio in-process (same queries) | p50 {} · p95 {} · p99 {} | |",
        ms(p(&in_process, 0.50)),
        ms(p(&in_process, 0.95)),
        ms(p(&in_process, 0.99))
    );
    if fts_times.is_empty() {
        println!("| SQLite FTS5 | not measured (--fts-rounds 0) | |");
    } else {
        println!(
            "| SQLite FTS5 in-process (same queries, corpus, facet counts; {} runs) | p50 {} · p95 {} · p99 {} | |",
            fts_times.len(),
            ms(p(&fts_times, 0.50)),
            ms(p(&fts_times, 0.95)),
            ms(p(&fts_times, 0.99))
        );
        println!(
            "| FTS5 ÷ Folio (in-process) | p50 {:.1}× · p95 {:.1}× | Folio faster |",
            ratio(p(&fts_times, 0.50), p(&in_process, 0.50)),
            ratio(p(&fts_times, 0.95), p(&in_process, 0.95))
        );
    }
    println!(
        "| related analysis, {} articles | p50 {} · p95 {} · p99 {} | fast enough per page view |",
        related.len(),
        ms(p(&related, 0.50)),
        ms(p(&related, 0.95)),
        ms(p(&related, 0.99))
    );
    if let Some((rss, peak)) = memory {
        println!(
            "| server memory after the load (RSS) | {rss} MB now, {peak} MB peak | < 500 MB |"
        );
    }
    Ok(())
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn percentile(times: &[Duration], q: f64) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    let mut sorted = times.to_vec();
    sorted.sort();
    let index = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

/// A query string as the site reads it (the subset the benchmark uses).
fn parse(qs: &str) -> SearchQuery {
    let mut query = SearchQuery::new("");
    for pair in qs.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(&value.replace('+', " "));
        match key {
            "q" => query.text = value,
            "sort" => query.sort = Sort::parse(&value).unwrap_or_default(),
            "from" => query.from = value.parse::<Date>().ok(),
            "to" => query.to = value.parse::<Date>().ok(),
            "prefix" => query.prefix = value == "1",
            other => {
                if let Some(kind) = FacetKind::from_parameter(other) {
                    query = query.with_filter(kind, value);
                }
            }
        }
    }
    query
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && let Ok(byte) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..(i + 3).min(bytes.len())]).unwrap_or(""),
                16,
            )
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A minimal HTTP/1.1 keep-alive client: one connection, one request at a
/// time, so the timing is the server's and loopback's, nothing else.
struct HttpClient {
    reader: BufReader<TcpStream>,
    host: String,
}

impl HttpClient {
    fn connect(url: &str) -> anyhow::Result<HttpClient> {
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let stream =
            TcpStream::connect(&host).with_context(|| format!("cannot connect to {host}"))?;
        stream.set_nodelay(true)?;
        Ok(HttpClient {
            reader: BufReader::new(stream),
            host,
        })
    }

    fn get(&mut self, path: &str) -> anyhow::Result<Vec<u8>> {
        write!(
            self.reader.get_mut(),
            "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.host
        )?;
        let mut status = String::new();
        self.reader.read_line(&mut status)?;
        if !status.starts_with("HTTP/1.1 200") {
            bail!("{path}: {}", status.trim());
        }
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse()?;
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(body)
    }
}

fn related_latency(store: &Store, index: &SearchIndex) -> anyhow::Result<Vec<Duration>> {
    let ids = store.read(|c| folio_db::published_article_ids(c, 0, u32::MAX))?;
    let step = (ids.len() / 200).max(1);
    let mut times = Vec::new();
    for id in ids.iter().step_by(step).take(200) {
        let Some(article) =
            store.read(|c| folio_db::article_by_id(c, ArticleId(*id), Visibility::Published))?
        else {
            continue;
        };
        let request = RelatedRequest::for_article(&article, 3);
        let started = Instant::now();
        index.related(&request)?;
        times.push(started.elapsed());
    }
    Ok(times)
}

/// (current RSS, peak RSS) in MB, from /proc.
fn process_memory(pid: u32) -> anyhow::Result<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    Ok((field("VmRSS:"), field("VmHWM:")))
}

/// The same corpus in SQLite FTS5, answering the same queries with the same
/// work: the top twenty with snippets, the total, and facet counts.
struct Fts {
    db: rusqlite::Connection,
}

impl Fts {
    fn build(store: &Store, path: &Path) -> anyhow::Result<Fts> {
        let _ = std::fs::remove_file(path);
        let db = rusqlite::Connection::open(path)?;
        db.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;
             CREATE VIRTUAL TABLE docs USING fts5(title, deck, body, tokenize = 'porter unicode61 remove_diacritics 2');
             CREATE TABLE meta (doc INTEGER PRIMARY KEY, published_on TEXT, language TEXT);
             CREATE TABLE facets (doc INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);",
        )?;
        let started = Instant::now();
        let mut after = 0;
        loop {
            let documents = store.read(|c| {
                let ids = folio_db::published_article_ids(c, after, 1000)?;
                folio_db::article_documents(c, &ids)
            })?;
            let Some(last) = documents.last() else { break };
            after = last.id.0;
            let tx = db.unchecked_transaction()?;
            for doc in &documents {
                let id = doc.id.0;
                tx.execute(
                    "INSERT INTO docs (rowid, title, deck, body) VALUES (?, ?, ?, ?)",
                    rusqlite::params![id, doc.title, doc.deck, plain_text(&doc.body_markdown)],
                )?;
                tx.execute(
                    "INSERT INTO meta (doc, published_on, language) VALUES (?, ?, ?)",
                    rusqlite::params![
                        id,
                        doc.published_on.map(|d| d.to_string()),
                        doc.language.as_str()
                    ],
                )?;
                let facet = |kind: &str, value: &str| {
                    tx.execute(
                        "INSERT INTO facets (doc, kind, value) VALUES (?, ?, ?)",
                        rusqlite::params![id, kind, value],
                    )
                };
                for t in &doc.topics {
                    facet("topic", t.slug.as_str())?;
                }
                for r in &doc.regions {
                    facet("region", r.slug.as_str())?;
                }
                for a in &doc.authors {
                    facet("expert", a.slug.as_str())?;
                }
                if let Some(t) = &doc.content_type {
                    facet("type", t.slug.as_str())?;
                }
                if let Some(date) = doc.published_on {
                    facet("year", &date.year().to_string())?;
                }
                facet("lang", doc.language.as_str())?;
            }
            tx.commit()?;
        }
        db.execute_batch(
            "CREATE INDEX facets_by_doc ON facets (doc, kind, value);
             CREATE INDEX facets_by_value ON facets (kind, value, doc);
             CREATE INDEX meta_by_date ON meta (published_on);",
        )?;
        eprintln!(
            "built the FTS5 comparison index in {:.1}s",
            started.elapsed().as_secs_f64()
        );
        Ok(Fts { db })
    }

    fn search(&self, query: &SearchQuery) -> anyhow::Result<()> {
        let mut conditions = Vec::new();
        let mut params: Vec<String> = Vec::new();
        let text = fts_expression(query);
        if let Some(expression) = &text {
            conditions.push("docs MATCH ?".to_owned());
            params.push(expression.clone());
        }
        for (kind, values) in &query.filters {
            let list = vec!["?"; values.len()].join(", ");
            conditions.push(format!(
                "docs.rowid IN (SELECT doc FROM facets WHERE kind = '{}' AND value IN ({list}))",
                kind.parameter()
            ));
            params.extend(values.iter().cloned());
        }
        if let Some(from) = query.from {
            conditions.push("docs.rowid IN (SELECT doc FROM meta WHERE published_on >= ?)".into());
            params.push(from.to_string());
        }
        if let Some(to) = query.to {
            conditions.push("docs.rowid IN (SELECT doc FROM meta WHERE published_on <= ?)".into());
            params.push(to.to_string());
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let order = if text.is_some() && query.sort == Sort::Relevance {
            "ORDER BY rank"
        } else {
            "ORDER BY (SELECT published_on FROM meta WHERE doc = docs.rowid) DESC"
        };
        let values = rusqlite::params_from_iter(params.iter());
        let mut top = self.db.prepare_cached(&format!(
            "SELECT docs.rowid, snippet(docs, 2, '<mark>', '</mark>', '…', 24), title FROM docs {filter} {order} LIMIT 20"
        ))?;
        let rows: Vec<(i64, String)> = top
            .query_map(values, |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        std::hint::black_box(rows);
        let mut count = self
            .db
            .prepare_cached(&format!("SELECT count(*) FROM docs {filter}"))?;
        let total: i64 =
            count.query_row(rusqlite::params_from_iter(params.iter()), |row| row.get(0))?;
        std::hint::black_box(total);
        let mut facets = self.db.prepare_cached(&format!(
            "SELECT kind, value, count(*) FROM facets WHERE doc IN (SELECT docs.rowid FROM docs {filter}) GROUP BY kind, value"
        ))?;
        let counts: Vec<(String, String, i64)> = facets
            .query_map(rusqlite::params_from_iter(params.iter()), |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        std::hint::black_box(counts);
        Ok(())
    }
}

/// The search text in FTS5's syntax: words and quoted phrases, all required;
/// a prefix query's last word with `*`.
fn fts_expression(query: &SearchQuery) -> Option<String> {
    let text = query.text.trim();
    if text.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            parts.push(format!("\"{}\"", &after[..end]));
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word: String = rest[..end]
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            if !word.is_empty() {
                parts.push(format!("\"{word}\""));
            }
            rest = &rest[end..];
        }
    }
    if query.prefix
        && let Some(last) = parts.last_mut()
    {
        last.push('*');
    }
    Some(parts.join(" "))
}

fn plain_text(markdown: &str) -> String {
    markdown.replace(['*', '_', '#', '[', ']'], "")
}
