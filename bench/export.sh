#!/usr/bin/env bash
# The static export benchmark (issue: reach readers everywhere). One run:
#   1. generate an archive (ARTICLES pages, deterministic) and import it,
#   2. `folio export --static` it into an empty folder, timed, with the
#      process's peak memory, RUNS times; then once more into the first
#      folder (nothing changed: the incremental case),
#   3. write the same published articles as a Hugo site (Markdown with the
#      same taxonomies, layouts rendering what Folio's pages show) and time
#      `hugo` building it, with its peak memory, RUNS times, each run right
#      after one of Folio's, so both see the same moment of a shared machine.
# Prints a Markdown table of medians (and the fastest run). Not a test:
# nothing here passes or fails.
#
# Every run writes into a folder of its own, never into one just emptied:
# on an ext4 without a journal (these machines' disks), creating files
# where many were deleted in the last minutes scans past the deleted
# inodes, and a run straight after `rm -rf` of the last one took twice as
# long, Folio's and Hugo's alike. The folders are removed at the end.
#
#   bench/export.sh                  # 10,000 articles, 3 runs each
#   ARTICLES=100000 bench/export.sh  # Folio only past 10,000 unless HUGO=1
#   OUT=/dev/shm bench/export.sh     # write into memory instead of the disk
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-10000}
WORK=${WORK:-${TMPDIR:-/tmp}/folio-bench-export}
HUGO=${HUGO:-$([ "$ARTICLES" -le 10000 ] && echo 1 || echo 0)}
RUNS=${RUNS:-$([ "$ARTICLES" -le 10000 ] && echo 3 || echo 1)}
OUT=${OUT:-$WORK}

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

# Folders this run wrote, removed when it ends.
outputs=()
trap 'rm -rf "${outputs[@]}"' EXIT
# Sets $folder to a new folder's name, for a run of $1.
fresh_folder() {
  folder="$OUT/out-$ARTICLES-$1-$(date +%s%N)"
  outputs+=("$folder")
}

# The median and the smallest of a list of "seconds megabytes" lines.
summary() {
  python3 -c '
import statistics, sys
runs = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
seconds = sorted(s for s, _ in runs)
print(f"{statistics.median(seconds):.1f} {seconds[0]:.1f} {max(m for _, m in runs):.0f}")'
}

if [ "$HUGO" = 1 ]; then
  command -v hugo >/dev/null || { echo "hugo is missing: apt-get install hugo" >&2; exit 1; }
  site="$WORK/hugo-$ARTICLES"
  rm -rf "$site"
  "$XTASK" hugo-site --data "$data" --out "$site" 2>/dev/null
fi

folio_runs=""
hugo_runs=""
first=""
for run in $(seq "$RUNS"); do
  fresh_folder folio
  public=$folder
  [ -n "$first" ] || first=$public
  folio_runs+="$(measure "$FOLIO" --data "$data" export --static "$public" --base-url https://www.example.org/)"$'\n'
  if [ "$HUGO" = 1 ]; then
    fresh_folder hugo
    hugo_public=$folder
    hugo_runs+="$(measure hugo --source "$site" --destination "$hugo_public" --quiet)"$'\n'
  fi
done
files=$(find "$first" -type f | wc -l)
size=$(du -sm "$first" | cut -f1)
read -r again_s again_mb < <(measure "$FOLIO" --data "$data" export --static "$first" --base-url https://www.example.org/)
read -r export_s export_fastest export_mb < <(printf '%s' "$folio_runs" | summary)

echo "## Static export at $ARTICLES articles — $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), into $OUT"
echo
echo "| measure | value | target |"
echo "|---|---|---|"
echo "| \`folio export --static\`, empty folder (median of $RUNS) | $export_s s (fastest $export_fastest s), peak $export_mb MB ($files files, $size MB) | ≥ 3× faster than Hugo, < 500 MB |"
echo "| the same again, nothing changed | $again_s s, peak $again_mb MB | |"

if [ "$HUGO" = 1 ]; then
  read -r hugo_s hugo_fastest hugo_mb < <(printf '%s' "$hugo_runs" | summary)
  hugo_files=$(find "$hugo_public" -type f | wc -l)
  echo "| Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1), same articles and taxonomies (median of $RUNS) | $hugo_s s (fastest $hugo_fastest s), peak $hugo_mb MB ($hugo_files files) | |"
  echo "| Hugo ÷ Folio (median wall time) | $(python3 -c "print(f'{$hugo_s / $export_s:.1f}×')") | ≥ 3× |"
fi
