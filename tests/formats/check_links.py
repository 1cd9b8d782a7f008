"""Crawls a site from its home page and fails on any internal link that
does not answer 200 (after redirects): run against a static export served
by a plain file server, it proves the export is complete.

    python check_links.py http://127.0.0.1:8194
"""

import re
import sys
import urllib.error
import urllib.parse
import urllib.request

LINK = re.compile(r'(?:href|src)="([^"]+)"')


def main(base):
    base = base.rstrip("/")
    host = urllib.parse.urlsplit(base).netloc
    seen = {}
    queue = [base + "/", base + "/sitemap.xml", base + "/robots.txt"]
    referrers = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                seen[url] = response.status
                content_type = response.headers.get("Content-Type", "")
                body = response.read()
        except urllib.error.HTTPError as error:
            seen[url] = error.code
            continue
        if "html" not in content_type and "xml" not in content_type:
            continue
        text = body.decode("utf-8", "replace")
        found = LINK.findall(text) + re.findall(r"<loc>([^<]+)</loc>", text)
        for link in found:
            link = link.replace("&amp;", "&")
            absolute = urllib.parse.urljoin(url, link)
            parts = urllib.parse.urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue
            # A static host ignores the query; the fragment is the browser's.
            target = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            referrers.setdefault(target, url)
            if target not in seen:
                queue.append(target)
    broken = {url: status for url, status in seen.items() if status != 200}
    print(f"{len(seen)} internal URLs checked, {len(broken)} broken")
    for url, status in sorted(broken.items()):
        print(f"FAIL {status} {url} (linked from {referrers.get(url, '?')})", file=sys.stderr)
    return 1 if broken or len(seen) < 10 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
