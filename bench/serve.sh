#!/usr/bin/env bash
# The serving benchmark (issue: serve pages at the speed of a static file
# server). One run, on loopback, with wrk (Debian's package, bounded runs)
# on core 1 and the server under test on core 0:
#   1. the seed article page from Folio with the page cache warm, plain and
#      with gzip;
#   2. the same page saved as a file, served by nginx (Debian's package,
#      one worker, sendfile, a precompressed .gz beside it): the physical
#      limit for serving that page here;
#   3. the seed article from a Folio with the page cache off: every
#      request renders (one connection, so the latency is the render);
#   4. a search results page and a topic listing, cached and rendered;
#   5. the server's memory after the load.
# The archive is ARTICLES generated pages (deterministic) plus the seed
# pages. Prints a Markdown table. Not a test: nothing here passes or fails.
#
#   bench/serve.sh                   # 100,000 articles, 10 s per run
#   ARTICLES=10000 DURATION=5s bench/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WORK=${WORK:-${TMPDIR:-/tmp}/folio-bench-serve}
ARTICLE=/policy-analysis/putin-no-ally-war-terror-2024
SEARCH='/search?q=russia+terrorism'
LISTING=/policy-analysis/terrorism

for tool in wrk nginx taskset curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install wrk nginx util-linux curl" >&2; exit 1; }
done
cargo build --release --quiet -p folio -p xtask
FOLIO=$PWD/target/release/folio
XTASK=$PWD/target/release/xtask

mkdir -p "$WORK"
data="$WORK/data-$ARTICLES"
if [ ! -f "$data.done" ]; then
  rm -rf "$data" "$WORK/corpus"
  "$XTASK" gen-corpus --articles "$ARTICLES" --out "$WORK/corpus" --seed 42 >&2
  "$FOLIO" --data "$data" import "$WORK/corpus" fixtures/pages/seeds fixtures/pages/translations | head -1 >&2
  "$FOLIO" --data "$data" reindex >&2
  rm -rf "$WORK/corpus"
  touch "$data.done"
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# Starts `folio serve` on core 0 with the site file $1; sets $base and $pid.
start_folio() {
  local config=$1 log="$WORK/serve-$RANDOM.log"
  : >"$log"
  FOLIO_LOG=warn taskset -c 0 "$FOLIO" --data "$data" --config "$config" serve --addr 127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  base=""
  for _ in $(seq 1 300); do
    base=$(sed -n 's|^Folio is serving .* at \(http://[^ ]*\)/$|\1|p' "$log")
    [ -n "$base" ] && return
    sleep 0.2
  done
  cat "$log" >&2
  exit 1
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# wrk from core 1; prints "requests/s p50 p99" (latencies in ms).
load() {
  local url=$1 connections=$2 threads=$3
  shift 3
  taskset -c 1 wrk -t"$threads" -c"$connections" -d"$DURATION" --latency "$@" "$url" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { if (bad) printf "non-2xx=%s ", bad; printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}

row() { # name, then "rps p50 p99"
  local name=$1 rps=$2 p50=$3 p99=$4
  printf '| %s | %s | %s ms | %s ms |\n' "$name" "$rps" "$p50" "$p99"
}

cached="$WORK/cached.toml"
uncached="$WORK/uncached.toml"
printf '[cache]\nenabled = true\nmemory_mb = 256\n' >"$cached"
printf '[cache]\nenabled = false\n' >"$uncached"

# 1. Folio, cache warm.
start_folio "$cached"
folio_pid=$pid
for path in "$ARTICLE" "$SEARCH" "$LISTING"; do
  curl -fsS -o /dev/null "$base$path"
  curl -fsS -o /dev/null -H 'Accept-Encoding: gzip' "$base$path"
done
page_bytes=$(curl -fsS "$base$ARTICLE" | wc -c)
gzip_bytes=$(curl -fsS -H 'Accept-Encoding: gzip' "$base$ARTICLE" | wc -c)
read -r folio_rps folio_p50 folio_p99 < <(load "$base$ARTICLE" "$CONNECTIONS" "$THREADS")
read -r folio_gz_rps folio_gz_p50 folio_gz_p99 < <(load "$base$ARTICLE" "$CONNECTIONS" "$THREADS" -H 'Accept-Encoding: gzip')
read -r search_rps search_p50 search_p99 < <(load "$base$SEARCH" "$CONNECTIONS" "$THREADS")
read -r listing_rps listing_p50 listing_p99 < <(load "$base$LISTING" "$CONNECTIONS" "$THREADS")
rss_cached=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$folio_pid/status")

# 2. nginx serving the same bytes from a file.
mkdir -p "$WORK/nginx/root"
curl -fsS "$base$ARTICLE" >"$WORK/nginx/root/page.html"
gzip -kf9 "$WORK/nginx/root/page.html"
stop "$folio_pid"
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
daemon on;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  gzip_static on;
  types { text/html html; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $WORK/nginx/root;
  }
}
CONF
taskset -c 0 nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
read -r nginx_rps nginx_p50 nginx_p99 < <(load "http://127.0.0.1:$nginx_port/page.html" "$CONNECTIONS" "$THREADS")
read -r nginx_gz_rps nginx_gz_p50 nginx_gz_p99 < <(load "http://127.0.0.1:$nginx_port/page.html" "$CONNECTIONS" "$THREADS" -H 'Accept-Encoding: gzip')
kill "$(cat "$WORK/nginx/nginx.pid")"
rm -f "$WORK/nginx/nginx.pid"

# 3 and 4. Folio with the cache off: every request renders.
start_folio "$uncached"
cold_pid=$pid
curl -fsS -o /dev/null "$base$ARTICLE"
read -r cold_rps cold_p50 cold_p99 < <(load "$base$ARTICLE" 1 1)
read -r cold_many_rps cold_many_p50 cold_many_p99 < <(load "$base$ARTICLE" "$CONNECTIONS" "$THREADS")
read -r cold_search_rps cold_search_p50 cold_search_p99 < <(load "$base$SEARCH" "$CONNECTIONS" "$THREADS")
read -r cold_listing_rps cold_listing_p50 cold_listing_p99 < <(load "$base$LISTING" "$CONNECTIONS" "$THREADS")
rss_uncached=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$cold_pid/status")
stop "$cold_pid"

ratio() { python3 -c "print(f'{$1 / $2:.2f}×')"; }
echo "## Serving at $ARTICLES articles — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "Server on core 0, wrk -t$THREADS -c$CONNECTIONS -d$DURATION on core 1 (the render rows: one connection). Article page: $page_bytes bytes, $gzip_bytes gzipped. Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| what | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
row "Folio, article, cache warm" "$folio_rps" "$folio_p50" "$folio_p99"
row "Folio, article, cache warm, gzip" "$folio_gz_rps" "$folio_gz_p50" "$folio_gz_p99"
row "nginx, the same page as a file" "$nginx_rps" "$nginx_p50" "$nginx_p99"
row "nginx, the same page, gzip_static" "$nginx_gz_rps" "$nginx_gz_p50" "$nginx_gz_p99"
row "Folio, article rendered every time (1 connection)" "$cold_rps" "$cold_p50" "$cold_p99"
row "Folio, article rendered every time ($CONNECTIONS connections)" "$cold_many_rps" "$cold_many_p50" "$cold_many_p99"
row "Folio, search page, cache warm" "$search_rps" "$search_p50" "$search_p99"
row "Folio, search page rendered every time" "$cold_search_rps" "$cold_search_p50" "$cold_search_p99"
row "Folio, topic listing, cache warm" "$listing_rps" "$listing_p50" "$listing_p99"
row "Folio, topic listing rendered every time" "$cold_listing_rps" "$cold_listing_p50" "$cold_listing_p99"
echo
echo "Folio ÷ nginx: plain $(ratio "$folio_rps" "$nginx_rps"), gzip $(ratio "$folio_gz_rps" "$nginx_gz_rps"). Server memory (peak RSS): ${rss_cached} MB with the cache, ${rss_uncached} MB without."
