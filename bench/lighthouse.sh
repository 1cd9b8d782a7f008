#!/usr/bin/env bash
# Lighthouse's four scores (Performance, Accessibility, Best Practices, SEO)
# for Folio's public pages, printed as a table.
#
#   bench/lighthouse.sh [path/to/folio]      default: target/release/folio, else target/debug/folio
#
# The site is the test fixtures' archive (seeds, translations, Arabic and
# Persian versions, partial pages, a small archive), served by `folio serve`
# on loopback. Lighthouse (npm, pinned in bench/lighthouse/package-lock.json,
# installed there on first run: it stays out of the browser tests' install)
# drives Debian's Chromium headless with its default mobile settings
# (simulated slow 4G and a 4× slower CPU); `PRESET=desktop` uses its desktop
# settings instead. `RUNS` (default 1) runs each page that many times and
# prints the median of each score. The JSON reports stay in `WORK`.
# Nothing passes or fails: the scores are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

folio=${1:-}
if [ -z "$folio" ]; then
  if [ -x target/release/folio ]; then folio=target/release/folio; else folio=target/debug/folio; fi
fi
[ -x "$folio" ] || { echo "no folio binary at $folio: cargo build --release -p folio" >&2; exit 1; }
chromium=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$chromium" ] || { echo "Chromium is missing: apt-get install chromium" >&2; exit 1; }
preset=${PRESET:-mobile}
runs=${RUNS:-1}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

if ! cmp -s bench/lighthouse/package-lock.json bench/lighthouse/node_modules/.folio-lock; then
  (cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error &&
    cp package-lock.json node_modules/.folio-lock)
fi

data="$work/data"
rm -rf "$data"
"$folio" --data "$data" import fixtures/pages/seeds fixtures/pages/translations \
  fixtures/pages/languages fixtures/pages/partial fixtures/pages/archive > /dev/null
: > "$work/serve.log"
FOLIO_LOG=warn "$folio" --data "$data" serve --addr 127.0.0.1:0 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
base=""
for _ in $(seq 1 100); do
  base=$(sed -n 's/^Folio is serving .* at \(http[^ ]*\)$/\1/p' "$work/serve.log")
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { cat "$work/serve.log" >&2; exit 1; }
base=${base%/}

pages=(
  "article|/policy-analysis/putin-no-ally-war-terror-2024"
  "article (Arabic)|/ar/policy-analysis/bwtyn-lys-hlyfa-fy-alhrb-ly-alarhab-am-2024"
  "listing: topic|/policy-analysis/terrorism"
  "listing: all analysis|/policy-analysis"
  "search page|/search"
  "search results|/search?q=russia"
  "home|/"
  "expert|/experts/anna-borshchevskaya"
)

preset_args=()
[ "$preset" = desktop ] && preset_args=(--preset=desktop)

echo "Lighthouse $(bench/lighthouse/node_modules/.bin/lighthouse --version), $preset, $runs run(s) a page, $("$chromium" --version)"
echo "folio: $folio ($(git rev-parse --short HEAD)), $(nproc) cores"
echo
printf '| %-22s | %-58s | %5s | %5s | %5s | %5s |\n' page path Perf A11y BP SEO
printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..24})" "$(printf -- '-%.0s' {1..60})" ------- ------- ------- -------
for entry in "${pages[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  scores=()
  for run in $(seq 1 "$runs"); do
    report="$work/$(echo "$name" | tr -c 'a-zA-Z0-9' '_')-$run.json"
    bench/lighthouse/node_modules/.bin/lighthouse "$base$path" --quiet \
      --chrome-path="$chromium" \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
      --only-categories=performance,accessibility,best-practices,seo \
      "${preset_args[@]}" --output=json --output-path="$report" 2>> "$work/lighthouse.log"
    scores+=("$(node -e '
      const r = require(process.argv[1]);
      const c = r.categories;
      const s = (k) => Math.round(c[k].score * 100);
      console.log([s("performance"), s("accessibility"), s("best-practices"), s("seo")].join(" "));
    ' "$report")")
  done
  # The median of each score over the runs.
  read -r perf a11y bp seo < <(printf '%s\n' "${scores[@]}" | node -e '
    const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => l.split(" ").map(Number));
    const med = (i) => { const v = rows.map((r) => r[i]).sort((a, b) => a - b); return v[Math.floor((v.length - 1) / 2)]; };
    console.log([0, 1, 2, 3].map(med).join(" "));
  ')
  printf '| %-22s | %-58s | %5s | %5s | %5s | %5s |\n' "$name" "$path" "$perf" "$a11y" "$bp" "$seo"
  # Any audit that cost a point, so a score below 100 says why.
  node -e '
    const r = require(process.argv[1]);
    for (const [key, cat] of Object.entries(r.categories)) {
      if (cat.score === 1) continue;
      const failing = cat.auditRefs
        .filter((a) => a.weight > 0 && r.audits[a.id].score !== null && r.audits[a.id].score < 1)
        .map((a) => `${a.id} (${r.audits[a.id].displayValue ?? r.audits[a.id].score})`);
      if (failing.length) console.log(`|   ${key}: ${failing.join(", ")}`);
    }
  ' "$report"
done
echo
echo "reports: $work"
