#!/usr/bin/env bash
# A Python environment with real Parquet readers (pyarrow, duckdb from PyPI) for the export
# tests (crates/store/tests/export.rs reads dyad's Parquet back with both).
#
#   scripts/python-env.sh          creates target/pyenv if it lacks a reader, prints its python
#
# Idempotent: when both modules already import, nothing is installed. The venv's location can be
# changed with DYAD_PYENV. Progress goes to stderr; stdout is only the python path, so callers
# can write `py=$(scripts/python-env.sh)`.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${DYAD_PYENV:-target/pyenv}
py="$venv/bin/python"
if [ -x "$py" ] && "$py" -c 'import pyarrow, duckdb' >/dev/null 2>&1; then
  echo "$(cd "$venv" && pwd)/bin/python"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: cannot make $venv" >&2; exit 2; }
if [ ! -x "$py" ]; then
  echo "creating $venv (Python venv for the Parquet read-back tests)" >&2
  python3 -m venv "$venv" >&2
fi
echo "installing pyarrow and duckdb into $venv" >&2
"$py" -m pip install --quiet pyarrow duckdb >&2
"$py" -c 'import pyarrow, duckdb' >&2
echo "$(cd "$venv" && pwd)/bin/python"
