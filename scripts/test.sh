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
cargo test --workspace --release
