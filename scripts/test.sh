#!/usr/bin/env bash
# The project's test command (README's second command; .ci/run runs it).
# Installs what the tests need beyond the Rust toolchain (Debian packages; run as root),
# then runs every test of the workspace in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v parallel >/dev/null 2>&1; then
  echo "installing GNU parallel (Debian package) for the multi-process test"
  if ! apt-get install -y -q parallel >/dev/null 2>&1; then
    apt-get update -q >/dev/null 2>&1 && apt-get install -y -q parallel >/dev/null 2>&1 \
      || echo "note: GNU parallel could not be installed; its test will skip"
  fi
fi
# A throw-away PostgreSQL server for the store's PostgreSQL tests (scripts/postgres.sh installs
# the Debian package when missing), in a state folder of this run's own so that a bench's
# server or another run is left alone; stopped and deleted on exit, whatever happens.
export DYAD_PG_STATE="target/pg-test-$$"
trap 'scripts/postgres.sh stop; rmdir "$DYAD_PG_STATE" 2>/dev/null || true' EXIT
if pg_url=$(scripts/postgres.sh start); then
  export DYAD_TEST_PG_URL="$pg_url"
else
  echo "note: PostgreSQL could not be started; the PostgreSQL store tests will skip"
fi
# Headless Chromium + chromedriver (Debian packages) for the dashboard's browser test
# (crates/server/tests/browser.rs); it skips with a message when they cannot be installed.
scripts/browser.sh
scripts/python-env.sh >/dev/null || echo "note: no pyarrow/duckdb venv (scripts/python-env.sh); the Parquet read-back tests will fail"
cargo test --workspace --release
