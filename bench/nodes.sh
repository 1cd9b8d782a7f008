#!/usr/bin/env bash
# Page throughput of one `folio serve` against two on one PostgreSQL
# database, with wrk (Debian's package). Prints figures; nothing passes or
# fails.
#
#   bench/nodes.sh                    the dev build, 10 s per run
#   FOLIO=target/release/folio DURATION=10s PAGE=/ bench/nodes.sh
#
# Each node has its own data directory and search index. Runs:
#   1 node  on core 0,               wrk (2 threads) on core 1
#   2 nodes both on core 0,          wrk on core 1, one thread per node
#   2 nodes on cores 0 and 1,        wrk on core 1 too (it competes with node 2)
# On a 2-core machine none of this is a cluster: the third line is the most
# a second node can add here, and PostgreSQL shares the same two cores.
# Needs a PostgreSQL server: FOLIO_TEST_POSTGRES_URL or the local one on
# 127.0.0.1:5432 (the database is created and dropped).
set -euo pipefail
cd "$(dirname "$0")/.."
FOLIO=${FOLIO:-target/debug/folio}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
PAGE=${PAGE:-/policy-analysis/putin-no-ally-war-terror-2024}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
[ -x "$FOLIO" ] || cargo build --quiet -p folio

server=${FOLIO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
database="folio_bench_$$"
psql "$server" -qc "CREATE DATABASE $database"
url="${server%/*}/$database"
work=$(mktemp -d)
pids=()
stop_nodes() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }
trap 'stop_nodes; psql "$server" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)"; rm -rf "$work"' EXIT

FOLIO_DATABASE_URL=$url "$FOLIO" --data "$work/setup" import fixtures/pages/seeds \
  fixtures/pages/translations fixtures/pages/partial fixtures/pages/archive >/dev/null

# Starts a node pinned to a core; sets $address to its host:port.
start_node() {
  local core=$1 name=$2
  : >"$work/$name.log" # exists before the node opens it, for sed below
  FOLIO_DATABASE_URL=$url FOLIO_LOG=warn taskset -c "$core" "$FOLIO" --data "$work/$name" \
    serve --addr 127.0.0.1:0 >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    address=$(sed -n 's|^Folio is serving .* at http://\([^/]*\)/$|\1|p' "$work/$name.log")
    if [ -n "$address" ]; then return; fi
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  return 1
}

# wrk with one thread per node, each thread on its own node.
cat >"$work/nodes.lua" <<'LUA'
local addresses = {}
for address in string.gmatch(os.getenv("NODES"), "[^ ]+") do
  local host, port = address:match("([^:]+):(%d+)")
  table.insert(addresses, wrk.lookup(host, port)[1])
end
local index = 1
function setup(thread)
  thread.addr = addresses[index]
  index = index % #addresses + 1
end
LUA

run() {
  local label=$1; shift
  local nodes="$*"
  # Warm every node's caches (templates, connections) before measuring.
  for node in $nodes; do curl -s -o /dev/null "http://$node$PAGE"; done
  local first=${nodes%% *}
  local out
  out=$(NODES="$nodes" taskset -c 1 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$work/nodes.lua" "http://$first$PAGE")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$label" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $FOLIO, $PAGE, $CONNECTIONS connections, $DURATION each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_node 0 a; a=$address
run "1 node (core 0)" "$a"; stop_nodes
start_node 0 a; a=$address; start_node 0 b; b=$address
run "2 nodes (both on core 0)" "$a $b"; stop_nodes
start_node 0 a; a=$address; start_node 1 b; b=$address
run "2 nodes (cores 0 and 1)" "$a $b"; stop_nodes
