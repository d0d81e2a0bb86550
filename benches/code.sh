#!/usr/bin/env bash
# Whole-pipeline throughput of `dyad code` (read, split, tag, lemmatize, parse, code, write
# JSONL) on ../shared/news, with 1 and 2 threads: articles/s, sentences/s, MB/s, peak RSS.
#
#   benches/code.sh [JSONL ...]      (default: every ../shared/news/*.jsonl)
#
# Uses GNU time (/usr/bin/time, Debian package `time`) for wall time and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(../shared/news/*.jsonl)
[ -f "${files[0]}" ] || { echo "skipping: ${files[0]} not found (../shared is absent)"; exit 0; }
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
cargo build --release --quiet -p dyad-cli
dyad=target/release/dyad
input=$(mktemp); trap 'rm -f "$input"' EXIT
cat "${files[@]}" > "$input"
bytes=$(stat -c %s "$input")
articles=$(wc -l < "$input")
sentences=$($dyad split --input-format jsonl - < "$input" | wc -l)
echo "input: ${files[*]}: $articles articles, $sentences sentences, $((bytes / 1000000)) MB"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for threads in 1 2; do
  /usr/bin/time -f '%e %M' -o /tmp/dyad-bench-time $dyad code --threads "$threads" \
    --input-format jsonl --format jsonl - < "$input" > /tmp/dyad-bench-events
  read -r secs rss_kb < /tmp/dyad-bench-time
  events=$(wc -l < /tmp/dyad-bench-events)
  awk -v t="$threads" -v s="$secs" -v a="$articles" -v n="$sentences" -v b="$bytes" -v r="$rss_kb" -v e="$events" \
    'BEGIN { printf "threads %d: %.1f s, %.0f articles/s, %.0f sentences/s, %.2f MB/s, peak RSS %.0f MB, %d events\n", t, s, a/s, n/s, b/s/1e6, r/1024, e }'
done
rm -f /tmp/dyad-bench-time /tmp/dyad-bench-events
