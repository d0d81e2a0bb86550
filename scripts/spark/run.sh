#!/usr/bin/env bash
# dyad inside Apache Spark (local mode), checked against one dyad process; see code_events.py.
#
#   scripts/spark/run.sh [ARTICLES]     (default: the first 300 articles of TempEval-3)
#
# Needs python3 (with venv) and Java 17+ (Debian's default-jre-headless is installed when
# `java` is missing and apt-get works). PySpark and DuckDB come from PyPI into target/spark-venv
# on first use (DYAD_SPARK_VENV names another). DYAD names the binary (default: this
# checkout's target/release/dyad, built if missing), DYAD_SPARK_INPUT the JSONL (default
# ../shared/news/tempeval3.jsonl). Prints "skipping: <reason>" and exits 0 when something it
# needs cannot be had; exits non-zero when the check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
n_articles=${1:-300}
input=${DYAD_SPARK_INPUT:-../shared/news/tempeval3.jsonl}
[ -f "$input" ] || { echo "skipping: $input not found (../shared is absent)"; exit 0; }
command -v python3 >/dev/null || { echo "skipping: python3 is not installed"; exit 0; }

if ! command -v java >/dev/null; then
  echo "installing Java (Debian package default-jre-headless) for Spark"
  { apt-get install -y -q default-jre-headless >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q default-jre-headless >/dev/null 2>&1; }; } \
    || { echo "skipping: Java is not installed and default-jre-headless could not be installed"; exit 0; }
fi
java_major=$(java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }')
[ "${java_major:-0}" -ge 17 ] || { echo "skipping: Spark 4 needs Java 17 or later, found ${java_major:-none}"; exit 0; }
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

venv=$(realpath -m "${DYAD_SPARK_VENV:-target/spark-venv}")
if ! "$venv/bin/python" -c 'import pyspark, duckdb' 2>/dev/null; then
  echo "installing pyspark and duckdb from PyPI into $venv"
  { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet pyspark duckdb; } \
    || { echo "skipping: could not install pyspark and duckdb from PyPI into $venv"; exit 0; }
fi

dyad=${DYAD:-$root/target/release/dyad}
[ -x "$dyad" ] || cargo build --release --quiet -p dyad-cli

work=$root/target/spark-run
mkdir -p "$work"
head -n "$n_articles" "$input" > "$work/articles.jsonl"
# Spark's Python workers must run the venv's Python, the same as the driver.
export PYSPARK_PYTHON=$venv/bin/python PYSPARK_DRIVER_PYTHON=$venv/bin/python
export SPARK_LOCAL_IP=127.0.0.1
"$venv/bin/python" scripts/spark/code_events.py --dyad "$dyad" --data "${DYAD_DATA:-$root/data}" \
  --input "$work/articles.jsonl" --work "$work" --master 'local[2]' --partitions 4
