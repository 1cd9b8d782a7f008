"""Reads a running Folio site the way outside tools do, with their parsers.

Walks the sitemap, and from every page the feeds it announces, the
citation files it links and its JSON-LD; parses each with an independent
library (feedparser, bibtexparser, rispy, json) and checks what those tools
need. Exits non-zero, listing every problem, if anything fails.

    python check_formats.py http://127.0.0.1:8193
"""

import json
import re
import sys
import urllib.request
import xml.etree.ElementTree as ElementTree

import bibtexparser
import feedparser
import rispy

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def sitemap_pages(base):
    _, _, body = fetch(base + "/sitemap.xml")
    root = ElementTree.fromstring(body)
    if root.tag == SITEMAP_NS + "sitemapindex":
        pages = []
        for loc in root.iter(SITEMAP_NS + "loc"):
            _, _, child = fetch(loc.text)
            pages += [l.text for l in ElementTree.fromstring(child).iter(SITEMAP_NS + "loc")]
        return pages
    return [loc.text for loc in root.iter(SITEMAP_NS + "loc")]


def attributes(tag):
    return dict(re.findall(r'([a-z:-]+)="([^"]*)"', tag))


def check_feed(url, problems, base):
    status, content_type, body = fetch(url)
    where = f"feed {url}"
    if status != 200:
        problems.append(f"{where}: status {status}")
        return 0
    if content_type.startswith("application/feed+json"):
        return check_json_feed(where, json.loads(body), problems, base)
    feed = feedparser.parse(body)
    if feed.bozo:
        problems.append(f"{where}: feedparser reports {feed.bozo_exception!r}")
    if not feed.feed.get("title"):
        problems.append(f"{where}: no title")
    for entry in feed.entries:
        label = f"{where}: entry {entry.get('title', '?')!r}"
        if not entry.get("title"):
            problems.append(f"{label}: no title")
        link = entry.get("link", "")
        if not link.startswith(base + "/"):
            problems.append(f"{label}: link {link!r} is not an absolute URL of the site")
        if not entry.get("authors") and not entry.get("author"):
            problems.append(f"{label}: no author")
        if entry.get("published") and not entry.get("published_parsed"):
            problems.append(f"{label}: unparseable date {entry.get('published')!r}")
    return len(feed.entries)


def check_json_feed(where, feed, problems, base):
    """JSON Feed 1.1 (feedparser 6 reads only XML feeds): the required
    members and what readers show."""
    if feed.get("version") != "https://jsonfeed.org/version/1.1" or not feed.get("title"):
        problems.append(f"{where}: not a JSON Feed 1.1 document with a title")
    for item in feed.get("items", []):
        label = f"{where}: item {item.get('title', '?')!r}"
        if not item.get("id") or not item.get("url", "").startswith(base + "/"):
            problems.append(f"{label}: no id or no absolute URL")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"{label}: no content")
        if not item.get("authors"):
            problems.append(f"{label}: no author")
    return len(feed.get("items", []))


def check_citations(page, links, problems):
    for link in links:
        status, _, body = fetch(link)
        text = body.decode("utf-8")
        where = f"citation {link}"
        if status != 200:
            problems.append(f"{where}: status {status}")
            continue
        if link.endswith(".bib"):
            entries = bibtexparser.loads(text).entries
            if len(entries) != 1 or not entries[0].get("title") or not entries[0].get("url"):
                problems.append(f"{where}: bibtexparser read {entries!r}")
        elif link.endswith(".ris"):
            records = rispy.loads(text)
            if len(records) != 1 or not records[0].get("title") and not records[0].get("primary_title"):
                problems.append(f"{where}: rispy read {records!r}")
            elif records[0].get("url") is None and not records[0].get("urls"):
                problems.append(f"{where}: no URL in {records[0]!r}")
        elif link.endswith(".json"):
            items = json.loads(text)
            if not (isinstance(items, list) and items and items[0].get("title") and items[0].get("type")):
                problems.append(f"{where}: not a CSL-JSON item list: {text[:200]}")


def check_json_ld(page, html, problems):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError as error:
            problems.append(f"JSON-LD on {page}: {error}")
            continue
        if data.get("@context") != "https://schema.org" or "@type" not in data:
            problems.append(f"JSON-LD on {page}: no schema.org @context/@type")
        if data.get("@type") == "Article":
            for key in ("headline", "author", "publisher", "url"):
                if key not in data:
                    problems.append(f"JSON-LD Article on {page}: no {key}")
    return len(blocks)


def main(base):
    base = base.rstrip("/")
    problems = []
    feeds = set()
    counts = {"pages": 0, "feeds": 0, "entries": 0, "citations": 0, "json-ld": 0}
    for page in sitemap_pages(base):
        status, _, body = fetch(page)
        if status != 200:
            problems.append(f"page {page}: status {status}")
            continue
        html = body.decode("utf-8")
        counts["pages"] += 1
        for tag in re.findall(r"<link [^>]*>", html):
            attrs = attributes(tag)
            if attrs.get("rel") == "alternate" and "type" in attrs:
                feeds.add(attrs["href"])
        cites = sorted({base + href for href in re.findall(r'href="([^"]*/cite\.(?:bib|ris|json))"', html)})
        counts["citations"] += len(cites)
        check_citations(page, cites, problems)
        counts["json-ld"] += check_json_ld(page, html, problems)
    for feed in sorted(feeds):
        counts["feeds"] += 1
        counts["entries"] += check_feed(feed, problems, base)
    print(", ".join(f"{n} {what}" for what, n in counts.items()) + " checked")
    if counts["feeds"] == 0 or counts["citations"] == 0:
        problems.append("nothing to check: the site announced no feeds or citations")
    for problem in problems:
        print("FAIL", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
