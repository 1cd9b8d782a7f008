# A PostgreSQL server and a throw-away database for the tests; sourced by
# scripts/test.
#
#   folio_pg_setup      exports FOLIO_TEST_POSTGRES_URL naming a new, empty
#                       database: on the server at 127.0.0.1:$FOLIO_TEST_POSTGRES_PORT
#                       (5432) when one answers there as user postgres, else on a
#                       server of our own (Debian's postgresql, installed when
#                       missing; initdb in a temporary directory, a free port,
#                       loopback only). No Docker.
#   folio_pg_teardown   drops that database and stops the server it started.
#
# A FOLIO_TEST_POSTGRES_URL already set is used as it is: nothing is
# created or removed.

folio_pg_port="${FOLIO_TEST_POSTGRES_PORT:-5432}"
folio_pg_dir=""
folio_pg_database=""
folio_pg_admin_url=""

# Runs a command as root: directly, or through sudo.
folio_as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "run again as root, or install sudo: $* needs root" >&2
    return 1
  fi
}

# Whether a PostgreSQL server lets user postgres in at 127.0.0.1:$1.
folio_pg_answers() {
  command -v psql >/dev/null &&
    psql "postgres://postgres@127.0.0.1:$1/postgres" -Atqc 'SELECT 1' >/dev/null 2>&1 </dev/null
}

folio_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Starts a server of our own on a free loopback port, as user postgres
# (initdb refuses root), with trust authentication for local tests only.
folio_pg_start_own() {
  local bin port run_as=()
  if [ -z "$(folio_pg_bin)" ] || ! command -v psql >/dev/null; then
    folio_as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive folio_as_root apt-get install -y -qq postgresql >/dev/null
  fi
  bin=$(folio_pg_bin)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  folio_pg_dir=$(mktemp -d /tmp/folio-postgres.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$folio_pg_dir"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$folio_pg_dir/data" -U postgres --auth=trust \
    -E UTF8 --no-sync >"$folio_pg_dir/initdb.log" 2>&1 ||
    { cat "$folio_pg_dir/initdb.log" >&2; return 1; }
  "${run_as[@]}" "$bin/pg_ctl" -D "$folio_pg_dir/data" -l "$folio_pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $folio_pg_dir -c fsync=off" start >/dev/null ||
    { cat "$folio_pg_dir/server.log" >&2; return 1; }
  folio_pg_port=$port
  echo "started PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $folio_pg_dir)"
}

folio_pg_setup() {
  if [ -n "${FOLIO_TEST_POSTGRES_URL:-}" ]; then
    echo "using FOLIO_TEST_POSTGRES_URL as it is"
    return 0
  fi
  if folio_pg_answers "$folio_pg_port"; then
    echo "using the PostgreSQL server at 127.0.0.1:$folio_pg_port"
  else
    folio_pg_start_own || return 1
  fi
  folio_pg_admin_url="postgres://postgres@127.0.0.1:$folio_pg_port/postgres"
  folio_pg_database="folio_test_$$_$(date +%s)"
  psql "$folio_pg_admin_url" -qc "CREATE DATABASE $folio_pg_database" </dev/null || return 1
  export FOLIO_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$folio_pg_port/$folio_pg_database"
  echo "throw-away database: $FOLIO_TEST_POSTGRES_URL"
}

folio_pg_teardown() {
  if [ -n "$folio_pg_database" ]; then
    psql "$folio_pg_admin_url" -qc "DROP DATABASE IF EXISTS $folio_pg_database WITH (FORCE)" \
      </dev/null >/dev/null 2>&1 || true
    folio_pg_database=""
  fi
  if [ -n "$folio_pg_dir" ]; then
    local run_as=()
    [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
    "${run_as[@]}" "$(folio_pg_bin)/pg_ctl" -D "$folio_pg_dir/data" -m fast -w stop \
      >/dev/null 2>&1 || true
    rm -rf "$folio_pg_dir"
    folio_pg_dir=""
  fi
}
