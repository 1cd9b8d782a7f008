#!/usr/bin/env bash
# The static export benchmark (issue: reach readers everywhere). One run:
#   1. generate an archive (ARTICLES pages, deterministic) and import it,
#   2. `folio export --static` it into an empty folder, timed, with the
#      process's peak memory; then again into the same folder (nothing
#      changed: the incremental case),
#   3. write the same published articles as a Hugo site (Markdown with the
#      same taxonomies, layouts rendering what Folio's pages show) and time
#      `hugo` building it, with its peak memory.
# Prints a Markdown table. Not a test: nothing here passes or fails.
#
#   bench/export.sh                  # 10,000 articles
#   ARTICLES=100000 bench/export.sh  # Folio only past 10,000 unless HUGO=1
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-10000}
WORK=${WORK:-${TMPDIR:-/tmp}/folio-bench-export}
HUGO=${HUGO:-$([ "$ARTICLES" -le 10000 ] && echo 1 || echo 0)}

cargo build --release --quiet -p folio -p xtask
FOLIO=target/release/folio
XTASK=target/release/xtask

# Wall seconds and peak resident memory (MB) of a command, its output hidden.
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.monotonic() - started
if done.returncode:
    sys.stderr.write(done.stderr.decode())
    sys.exit(done.returncode)
print(f"{seconds:.1f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
PY
}

mkdir -p "$WORK"
corpus="$WORK/corpus-$ARTICLES"
data="$WORK/data-$ARTICLES"
if [ ! -f "$corpus.done" ]; then
  rm -rf "$corpus"
  "$XTASK" gen-corpus --articles "$ARTICLES" --out "$corpus" --seed 42
  touch "$corpus.done"
fi
if [ ! -f "$data.done" ]; then
  rm -rf "$data"
  "$FOLIO" --data "$data" import "$corpus" | head -1 >&2
  "$FOLIO" --data "$data" reindex >&2
  touch "$data.done"
fi

public="$WORK/public-$ARTICLES"
rm -rf "$public"
read -r export_s export_mb < <(measure "$FOLIO" --data "$data" export --static "$public" --base-url https://www.example.org/)
files=$(find "$public" -type f | wc -l)
size=$(du -sm "$public" | cut -f1)
read -r again_s again_mb < <(measure "$FOLIO" --data "$data" export --static "$public" --base-url https://www.example.org/)

echo "## Static export at $ARTICLES articles — $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| measure | value | target |"
echo "|---|---|---|"
echo "| \`folio export --static\`, empty folder | $export_s s, peak $export_mb MB ($files files, $size MB) | ≥ 3× faster than Hugo, < 500 MB |"
echo "| the same again, nothing changed | $again_s s, peak $again_mb MB | |"

if [ "$HUGO" = 1 ]; then
  command -v hugo >/dev/null || { echo "hugo is missing: apt-get install hugo" >&2; exit 1; }
  site="$WORK/hugo-$ARTICLES"
  rm -rf "$site" "$site-public"
  "$XTASK" hugo-site --data "$data" --out "$site" 2>/dev/null
  read -r hugo_s hugo_mb < <(measure hugo --source "$site" --destination "$site-public" --quiet)
  hugo_files=$(find "$site-public" -type f | wc -l)
  echo "| Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1), same articles and taxonomies | $hugo_s s, peak $hugo_mb MB ($hugo_files files) | |"
  echo "| Hugo ÷ Folio (wall time) | $(python3 -c "print(f'{$hugo_s / $export_s:.1f}×')") | ≥ 3× |"
fi
