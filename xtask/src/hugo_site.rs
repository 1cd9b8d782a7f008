//! `cargo xtask hugo-site`: the published archive of a Folio data directory
//! as a Hugo site, for the export benchmark. The same articles as Markdown
//! with front matter, the same taxonomies (topics, regions, experts, types,
//! languages' sections), and layouts that render what Folio's pages show
//! (article, paginated listings, taxonomy pages, RSS and sitemap, which
//! Hugo builds in), so both tools do comparable work.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use folio_db::Store;

const BATCH: u32 = 2_000;

const CONFIG: &str = r#"baseURL = "http://127.0.0.1:8080/"
title = "Folio Institute for Policy Analysis"
languageCode = "en"
paginate = 20
[taxonomies]
  topic = "topics"
  region = "regions"
  expert = "experts"
  type = "types"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
"#;

const BASEOF: &str = r#"<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Params.deck }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body><header><a href="/">{{ .Site.Title }}</a>
<nav><a href="/policy-analysis/">Analysis</a> <a href="/experts/">Experts</a> <a href="/topics/">Topics</a> <a href="/regions/">Regions</a> <a href="/types/">Types</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer></body></html>
"#;

const SINGLE: &str = r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p>by {{ range $i, $e := .Params.expert_names }}{{ if $i }}, {{ end }}{{ $e }}{{ end }}</p>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "Jan 2, 2006" }}</time></p>
<p>{{ .Params.type_label }}</p>
<h2>{{ .Params.deck }}</h2>
{{ .Content }}
<h2>Topics</h2><ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<h2>Regions</h2><ul>{{ range .GetTerms "regions" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<h2>Recommended</h2><ul>{{ range first 3 (.Site.RegularPages.Related .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</article>{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ol>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "Jan 2, 2006" }}</time> {{ .Params.deck }}</li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
"#;

const TERMS: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"#;

pub fn write(data: &Path, out: &Path) -> anyhow::Result<usize> {
    let store = Store::open_sqlite(&data.join("folio.db"))
        .with_context(|| format!("cannot open the database in {}", data.display()))?;
    let content = out.join("content/policy-analysis");
    std::fs::create_dir_all(&content)?;
    let layouts = out.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(out.join("hugo.toml"), CONFIG)?;
    for (name, text) in [
        ("baseof.html", BASEOF),
        ("single.html", SINGLE),
        ("list.html", LIST),
        ("terms.html", TERMS),
    ] {
        std::fs::write(layouts.join(name), text)?;
    }
    let mut after = 0;
    let mut written = 0;
    loop {
        let documents = store.read(|c| {
            let ids = folio_db::published_article_ids(c, after, BATCH)?;
            folio_db::article_documents(c, &ids)
        })?;
        let Some(last) = documents.last() else { break };
        after = last.id.0;
        for document in &documents {
            let mut page = String::from("---\n");
            let quote = |s: &str| serde_json::to_string(s).expect("a string serialises");
            writeln!(page, "title: {}", quote(&document.title))?;
            writeln!(page, "slug: {}", quote(document.slug.as_str()))?;
            if let Some(date) = document.published_on {
                writeln!(page, "date: {date}")?;
            }
            writeln!(page, "deck: {}", quote(&document.deck))?;
            let list = |items: Vec<String>| format!("[{}]", items.join(", "));
            writeln!(
                page,
                "topics: {}",
                list(document.topics.iter().map(|t| quote(&t.name)).collect())
            )?;
            writeln!(
                page,
                "regions: {}",
                list(document.regions.iter().map(|t| quote(&t.name)).collect())
            )?;
            writeln!(
                page,
                "experts: {}",
                list(
                    document
                        .authors
                        .iter()
                        .map(|a| quote(a.slug.as_str()))
                        .collect()
                )
            )?;
            writeln!(
                page,
                "expert_names: {}",
                list(document.authors.iter().map(|a| quote(&a.name)).collect())
            )?;
            if let Some(content_type) = &document.content_type {
                writeln!(page, "types: [{}]", quote(&content_type.name))?;
                writeln!(page, "type_label: {}", quote(&content_type.name))?;
            }
            writeln!(page, "language: {}", quote(document.language.as_str()))?;
            page.push_str("---\n\n");
            page.push_str(&document.body_markdown);
            page.push('\n');
            let file = format!("{}-{}.md", document.language, document.id.0);
            std::fs::write(content.join(file), page)?;
            written += 1;
        }
    }
    Ok(written)
}
