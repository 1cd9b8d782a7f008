#!/usr/bin/env bash
# The search benchmark (issue: search the archive). One run:
#   1. generate a realistic archive (ARTICLES pages, deterministic),
#   2. `folio import` it, timed (articles/s),
#   3. `folio reindex`, timed,
#   4. start `folio serve` on SERVER_CORES (both cores by default: a
#      search runs an index's segments side by side; the client is one
#      connection waiting for each answer) and, from core 1, time a fixed mixed
#      query set over HTTP, the same queries in-process against Folio's
#      index and against SQLite FTS5 over the same corpus, related-analysis
#      latency, and the server's memory.
# Prints a Markdown table. Not a test: nothing here passes or fails.
#
#   bench/search.sh                 # 100,000 articles
#   ARTICLES=10000 bench/search.sh  # quicker
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
ROUNDS=${ROUNDS:-20}
FTS_ROUNDS=${FTS_ROUNDS:-2}
WORK=${WORK:-${TMPDIR:-/tmp}/folio-bench-search}
PORT=${PORT:-8181}
SERVER_CORES=${SERVER_CORES:-0,1}

cargo build --release --quiet -p folio -p xtask
FOLIO=target/release/folio
XTASK=target/release/xtask

mkdir -p "$WORK"
if [ ! -f "$WORK/corpus-$ARTICLES.done" ]; then
  rm -rf "$WORK/corpus"
  "$XTASK" gen-corpus --articles "$ARTICLES" --out "$WORK/corpus" --seed 42
  touch "$WORK/corpus-$ARTICLES.done"
fi

rm -rf "$WORK/data"
import_output=$("$FOLIO" --data "$WORK/data" import "$WORK/corpus")
echo "$import_output" | head -1 >&2
import_seconds=$(echo "$import_output" | sed -n 's/.* in \([0-9.]*\)s:.*/\1/p' | head -1)
import_count=$(echo "$import_output" | sed -n 's/.*: \([0-9]*\) created.*/\1/p' | head -1)

reindex_output=$("$FOLIO" --data "$WORK/data" reindex)
echo "$reindex_output" >&2
reindex_seconds=$(echo "$reindex_output" | sed -n 's/.* in \([0-9.]*\)s\./\1/p')

# The page cache would answer every repeated query from memory: off, so
# each request runs the search (bench/serve.sh measures the cache).
printf '[cache]\nenabled = false\n' > "$WORK/uncached.toml"
FOLIO_LOG=warn taskset -c "$SERVER_CORES" "$FOLIO" --data "$WORK/data" --config "$WORK/uncached.toml" \
  serve --addr "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "Folio is serving" "$WORK/serve.log" 2>/dev/null && break
  sleep 0.2
done

echo "## Search at $ARTICLES articles — $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); server on cores $SERVER_CORES, client on core 1"
echo
taskset -c 1 "$XTASK" bench-search --url "http://127.0.0.1:$PORT" --data "$WORK/data" --work "$WORK" \
  --rounds "$ROUNDS" --fts-rounds "$FTS_ROUNDS" --server-pid "$server" \
  --import "$import_seconds" "$import_count" --reindex-seconds "$reindex_seconds"
