#!/usr/bin/env bash
# The store's benchmarks (crates/store/benches/store.rs) on both backends: SQLite in a
# temporary file, and PostgreSQL on a throw-away server that this script starts with
# scripts/postgres.sh (installing the Debian package when missing) and stops afterwards,
# whatever happens. The bench prints ingest events/s, stats timings and the figures the
# issue's targets are checked against.
#
#   benches/store.sh                 # both backends
#   DYAD_BENCH_PG=0 benches/store.sh # SQLite only
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${DYAD_BENCH_PG:-1}" != 0 ]; then
  # A state folder of this run's own, so a test run's server is left alone.
  export DYAD_PG_STATE="target/pg-bench-$$"
  trap 'scripts/postgres.sh stop; rmdir "$DYAD_PG_STATE" 2>/dev/null || true' EXIT
  DYAD_BENCH_PG_URL=$(scripts/postgres.sh start)
  export DYAD_BENCH_PG_URL
fi
cargo bench -p dyad-store --bench store
