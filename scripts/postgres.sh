#!/usr/bin/env bash
# A throw-away PostgreSQL server for dyad's tests and benchmarks.
#
#   scripts/postgres.sh start   # prints the URL; also written to target/pg/url
#   scripts/postgres.sh url     # prints the URL of the running server (exit 1 if none)
#   scripts/postgres.sh stop    # stops the server and deletes its cluster
#
# `start` installs the Debian packages when no `initdb` can be found (apt-get, as root), makes
# a cluster in a fresh temporary folder, starts it on a free loopback port (no Unix socket in
# the system folders, nothing listening outside 127.0.0.1), and creates the database `dyad`
# owned by the superuser `dyad` (password `dyad`, SCRAM over TCP). PostgreSQL refuses to run as
# root, so as root the cluster belongs to the `postgres` system user (created if missing).
# Both commands are idempotent: `start` on a running server prints its URL again, `stop`
# without one does nothing. The state lives in $DYAD_PG_STATE (default target/pg).
set -euo pipefail
cd "$(dirname "$0")/.."
state="${DYAD_PG_STATE:-target/pg}"
user=dyad
password=dyad
db=dyad

find_bin() {
  local d
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then
    echo "$d"
    return 0
  fi
  return 1
}

# Run a PostgreSQL program as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Is anything listening on 127.0.0.1:$1?
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

running() {
  [ -f "$state/dir" ] && [ -f "$state/url" ] || return 1
  local dir bin
  dir=$(cat "$state/dir")
  bin=$(cat "$state/bin" 2>/dev/null || true)
  [ -d "$dir/data" ] && [ -n "$bin" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
  if running; then
    cat "$state/url"
    return 0
  fi
  # A stale state (killed machine, deleted /tmp): clean it before making a new cluster.
  stop_quietly
  local bin
  if ! bin=$(find_bin); then
    echo "postgres.sh: no initdb found; installing the Debian package postgresql" >&2
    if [ "$(id -u)" != 0 ]; then
      echo "postgres.sh: installing needs root (apt-get install postgresql)" >&2
      exit 1
    fi
    apt-get install -y -q postgresql >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql >/dev/null 2>&1; } ||
      { echo "postgres.sh: apt-get install postgresql failed" >&2; exit 1; }
    bin=$(find_bin) || { echo "postgres.sh: initdb still missing after install" >&2; exit 1; }
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$state"
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/dyad-pg.XXXXXX")
  echo "$dir" >"$state/dir"
  echo "$bin" >"$state/bin"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  printf '%s\n' "$password" >"$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pwfile"
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 ||
    { echo "postgres.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  # A free port: start at a random one and move on while a port is taken (or the server
  # fails to bind it because someone took it in between).
  local port=$((20000 + RANDOM % 20000)) tries=0
  while :; do
    tries=$((tries + 1))
    if [ $tries -gt 50 ]; then
      echo "postgres.sh: no free port found to start PostgreSQL on" >&2
      exit 1
    fi
    if port_busy "$port"; then
      port=$((port + 1))
      continue
    fi
    # Small settings for a 2-core test machine; durability is not needed for test data.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=60 -c shared_buffers=64MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null 2>&1; then
      break
    fi
    if grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null; then
      port=$((port + 1))
      continue
    fi
    echo "postgres.sh: PostgreSQL did not start; its log:" >&2
    cat "$dir/server.log" >&2
    exit 1
  done
  PGPASSWORD="$password" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
    -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
  local url="postgres://$user:$password@127.0.0.1:$port/$db"
  echo "$url" >"$state/url"
  echo "$url"
}

stop_quietly() {
  if [ -f "$state/dir" ]; then
    local dir bin
    dir=$(cat "$state/dir")
    bin=$(cat "$state/bin" 2>/dev/null || true)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    # Only ever delete a folder this script made.
    case "$dir" in
      */dyad-pg.*) rm -rf -- "$dir" ;;
    esac
  fi
  rm -f "$state/dir" "$state/url" "$state/bin"
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly ;;
  url)
    if running; then cat "$state/url"; else
      echo "postgres.sh: no server running (scripts/postgres.sh start)" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: scripts/postgres.sh start|url|stop" >&2
    exit 2
    ;;
esac
