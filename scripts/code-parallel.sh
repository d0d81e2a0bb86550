#!/usr/bin/env bash
# Code JSONL articles with several dyad processes through GNU parallel (Debian package
# `parallel`), keeping the input order: the same events, byte for byte, as one process.
#
#   scripts/code-parallel.sh JOBS < articles.jsonl > events.jsonl
#
# Each job is a streaming `dyad code` (JSONL in on stdin, events out on stdout, rejected
# records as JSON lines on stderr) fed blocks of whole lines; the same command works as a
# Spark `rdd.pipe` or Hadoop streaming mapper. DYAD names the binary (default: this
# checkout's target/release/dyad).
set -euo pipefail
jobs=${1:-2}
dyad=${DYAD:-$(cd "$(dirname "$0")/.." && pwd)/target/release/dyad}
exec parallel --pipe --keep-order --jobs "$jobs" --block 1M \
  "$dyad" code --threads 1 --input-format jsonl --format jsonl --error-format json -
