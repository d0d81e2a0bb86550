#!/usr/bin/env bash
# Benchmark of `dyad serve` on loopback with wrk (Debian package, installed when missing):
# a synthetic store of 1M events (crates/server/examples/bench_store.rs, built once and kept
# in target/bench-serve/), the server read-only on a free 127.0.0.1 port, then for each URL a
# bounded wrk run printing requests/s and the p99 latency, once with the answer cache off
# (--cache-ms 0: every request is a store query) and once with the default cache (2 s). Issue 7's targets: the dyad-week
# timeline over 1M events >= 1,000 req/s with p99 < 50 ms; an events page of 100, p99 < 50 ms.
#
#   benches/serve.sh                     # 1M events, 10 s per URL, 2 threads, 8 connections
#   EVENTS=100000 SECONDS_PER_URL=5 benches/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
SECONDS_PER_URL=${SECONDS_PER_URL:-10}
CONNECTIONS=${CONNECTIONS:-8}
if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package) for the HTTP load"
  apt-get install -y -q wrk >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1; }
fi
cargo build --release -q -p dyad-cli -p dyad-server --example bench_store
dir=target/bench-serve
# Rebuilt when the SQLite backend's code changes (its schema or ingest may have).
key=$(find crates/store/src/sqlite crates/store/migrations -type f -print0 | sort -z | xargs -0 cat | sha1sum | cut -c1-10)
db="$dir/serve-$EVENTS-$key.db"
mkdir -p "$dir"
if [ ! -f "$db.done" ]; then
  # Stores of older backend code are stale (and about 900 MB each).
  rm -f "$dir/serve-$EVENTS-"*.db "$dir/serve-$EVENTS-"*.db-wal "$dir/serve-$EVENTS-"*.db-shm "$dir/serve-$EVENTS-"*.db.done
  target/release/examples/bench_store "$db" "$EVENTS"
  touch "$db.done"
fi
bench() { # bench CACHE_MS
  local port base server
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  target/release/dyad serve --db "$db" --addr "127.0.0.1:$port" --cache-ms "$1" 2>"$dir/serve.log" &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
    sleep 0.1
  done
  echo "dyad serve --cache-ms $1 over $EVENTS events ($(du -h "$db" | cut -f1) SQLite), wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_URL}s, $(nproc) cores"
  for path in \
    "/api/stats?by=dyad&every=week&source=USA&target=RUS" \
    "/api/stats?by=dyad&every=week&source=IRNGOV&target=ISRMIL" \
    "/api/events?limit=100" \
    "/api/events?limit=100&source=RUS&code=19"; do
    # One request first: a failing URL must not be timed as fast errors.
    curl -fsS "$base$path" -o /dev/null || { echo "GET $path failed"; exit 1; }
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_URL}s" --latency "$base$path")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
    printf '  %-58s %10s req/s   p99 %8s  %s\n' "$path" "$rps" "$p99" "$errors"
  done
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  trap - EXIT
}
bench 0
bench 2000
