#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the store's tests:
#
#   eval "$(scripts/postgres-test-cluster.sh start)"   # exports PARALLAX_TEST_POSTGRES
#   cargo test -p parallax-store
#   scripts/postgres-test-cluster.sh stop
#
# `start` runs initdb and pg_ctl as an unprivileged user (initdb refuses root: as root
# the cluster belongs to `nobody`, or to $PARALLAX_PG_USER), with its data and socket in
# a temporary folder, listening on 127.0.0.1:$PARALLAX_PG_PORT (default 54329) with
# trust authentication for loopback only, and prints the `export` line of its URL.
# `stop` stops the cluster and deletes the folder. Nothing is installed or left behind.
set -euo pipefail

port="${PARALLAX_PG_PORT:-54329}"
base="${TMPDIR:-/tmp}/parallax-pg-$port"
data="$base/data"
url="postgres://parallax@127.0.0.1:$port/parallax"

bin_dir() {
  # Debian keeps the server binaries out of PATH; take the newest version installed,
  # else wherever initdb really lives (a PATH entry may be a lone symlink).
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && command -v initdb >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v initdb)")")
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "postgres-test-cluster: no PostgreSQL server found (Debian: apt-get install postgresql)" >&2
    exit 3
  fi
  echo "$dir"
}

# Run a command as the cluster's owner (as ourselves when we are not root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "${PARALLAX_PG_USER:-nobody}" -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin
  bin=$(bin_dir)
  stop_quietly
  mkdir -p "$base"
  if [ "$(id -u)" -eq 0 ]; then
    chown "${PARALLAX_PG_USER:-nobody}" "$base"
  fi
  chmod 700 "$base"
  as_owner "$bin/initdb" -D "$data" -U parallax --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
    || { cat "$base/initdb.log" >&2; exit 1; }
  # Tests run in parallel, each in its own schema: allow plenty of connections.
  as_owner "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$base -c max_connections=200 -c fsync=off" \
    start >/dev/null || { cat "$base/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U parallax parallax
  echo "export PARALLAX_TEST_POSTGRES=$url"
}

stop_quietly() {
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$(bin_dir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$base"
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly ;;
  url) echo "$url" ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 3
    ;;
esac
