#!/usr/bin/env bash
# Peak memory of streaming `dyad code` on a large input: a JSONL stream of SIZE_MB megabytes
# (default 1000, about 1 GB) is generated on the fly from ../shared/news (the same articles
# over and over, each copy with a new id: `<id>~<pass>`) and piped, never stored, into
#
#   dyad code --threads T --input-format jsonl --format jsonl -
#
# whose events are piped into `wc -l`. Prints the peak RSS (GNU time -v), the RSS sampled every
# few seconds during the run (flat means memory does not grow with the input), wall time,
# MB/s, articles/s and approximate sentences/s (articles x the sources' sentences per article).
# Issue 8's target: peak RSS <= 500 MB whatever the input size.
#
#   benches/memory.sh [SIZE_MB] [THREADS]      (defaults: 1000 MB, every core)
#
# 1 GB takes about an hour on 2 cores: give a smaller size for a quick look; the state of RSS
# after the first few MB is what matters, and the samples show whether it grows.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1000}
threads=${2:-$(nproc)}
sources=(../shared/news/*.jsonl)
[ -f "${sources[0]}" ] || { echo "skipping: ../shared/news/*.jsonl not found (../shared is absent)"; exit 0; }
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
command -v python3 >/dev/null || { echo "skipping: python3 (the stream generator) is not installed"; exit 0; }
cargo build --release --quiet -p dyad-cli
dyad=$PWD/target/release/dyad
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

src_articles=$(cat "${sources[@]}" | wc -l)
src_sentences=$(cat "${sources[@]}" | $dyad split --input-format jsonl - | wc -l)
echo "sources: ${sources[*]}: $src_articles articles, $src_sentences sentences"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "stream: $size_mb MB of JSONL generated on the fly, dyad code --threads $threads"

cat > "$work/generate.py" <<'PY'
"""Write SIZE bytes of JSONL articles on stdout: the source lines again and again, new ids."""
import json
import sys


def main():
    limit = int(sys.argv[1])
    counts_path = sys.argv[2]
    paths = sys.argv[3:]
    written = articles = passes = 0
    out = sys.stdout.buffer
    try:
        while written < limit:
            for path in paths:
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if written >= limit:
                            break
                        if not line.strip():
                            continue
                        record = json.loads(line)
                        record["id"] = f"{record.get('id', articles)}~{passes}"
                        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
                        out.write(data)
                        written += len(data)
                        articles += 1
            passes += 1
        out.flush()
    except BrokenPipeError:
        # dyad stopped reading (it failed): its own exit status says why.
        pass
    with open(counts_path, "w", encoding="utf-8") as f:
        f.write(f"{written} {articles}\n")


if __name__ == "__main__":
    main()
PY

# Sample the RSS of the dyad process every 5 seconds while it runs.
sample() {
  local parent dyad_pid=""
  while [ ! -s "$work/time.pid" ]; do sleep 0.2; done
  parent=$(cat "$work/time.pid")
  local t0=$SECONDS
  while kill -0 "$parent" 2>/dev/null; do
    [ -n "$dyad_pid" ] || dyad_pid=$(pgrep -P "$parent" | head -1 || true)
    if [ -n "$dyad_pid" ]; then
      awk -v t="$((SECONDS - t0))" '/^VmRSS:/ { print t, $2 }' "/proc/$dyad_pid/status" 2>/dev/null \
        >> "$work/samples" || true
    fi
    sleep 5
  done
}
sample &
sampler=$!

python3 "$work/generate.py" $((size_mb * 1000000)) "$work/counts" "${sources[@]}" \
  | ( echo "$BASHPID" > "$work/time.pid"
      exec /usr/bin/time -v -o "$work/time" "$dyad" code --threads "$threads" \
        --input-format jsonl --format jsonl --error-format json - 2> "$work/stderr" ) \
  | wc -l > "$work/events" || true   # a failing dyad is reported below, with its stderr
wait "$sampler" || true

read -r bytes articles < "$work/counts"
peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time")
# dyad's own wall time in seconds (GNU time prints h:mm:ss or m:ss).
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); t = 0; for (i = 1; i <= n; i++) t = t * 60 + p[i]; print t }' "$work/time")
status=$(awk -F': ' '/Exit status/ { print $2 }' "$work/time")
rejected=$(wc -l < "$work/stderr")
[ "$status" = 0 ] || { echo "dyad exited with status ${status:-unknown (killed?)}:"; head -5 "$work/stderr"; exit 1; }
echo "dyad: $bytes bytes, $articles articles in, $(cat "$work/events") events out, $rejected stderr lines, wall $wall"
awk -v s="$secs" -v b="$bytes" -v a="$articles" -v sa="$src_articles" -v ss="$src_sentences" -v r="$peak_kb" \
  'BEGIN { if (s <= 0) s = 0.01; printf "throughput: %.2f MB/s, %.0f articles/s, ~%.0f sentences/s; peak RSS %.0f MB (target <= 500 MB)\n", b/s/1e6, a/s, a*ss/sa/s, r/1024 }'
if [ -s "$work/samples" ]; then
  awk '{ t[NR] = $1; r[NR] = $2 } END {
         n = NR; step = (n > 10) ? int(n / 10) : 1; line = "RSS every few seconds (second: MB):";
         for (i = 1; i <= n; i += step) line = line sprintf(" %d: %.0f", t[i], r[i] / 1024);
         if ((n - 1) % step) line = line sprintf(" %d: %.0f", t[n], r[n] / 1024);
         print line }' "$work/samples"
fi
