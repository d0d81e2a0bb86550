#!/usr/bin/env bash
# Score dyad's tagger, lemmatizer and parser with an independent CoNLL 2018 scorer (udapi's
# eval.Conll18, a reimplementation of the shared task's official script, from PyPI).
#
#   scripts/score-ud.sh [GOLD.conllu ...]     (default: EWT test, GUM test, PUD from ../shared/ud)
#
# Gold tokenization: `dyad parse --conllu-in` keeps the gold words and predicts the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
ud=../shared/ud
golds=("$@")
if [ ${#golds[@]} -eq 0 ]; then
  golds=("$ud/en_ewt-ud-test.conllu" "$ud/en_gum-ud-test.conllu" "$ud/en_pud-ud-test.conllu")
fi
venv=${DYAD_VENV:-target/udapi-venv}
if [ ! -x "$venv/bin/udapy" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet udapi
fi
cargo build --release --quiet -p dyad-cli
out=target/score-ud
mkdir -p "$out"
for gold in "${golds[@]}"; do
  [ -f "$gold" ] || { echo "skipping: $gold not found"; continue; }
  name=$(basename "$gold" .conllu)
  target/release/dyad parse --conllu-in "$gold" -o "$out/$name.pred.conllu"
  echo "== $name (gold tokenization; scored by udapi eval.Conll18)"
  "$venv/bin/udapy" read.Conllu zone=gold files="$gold" \
    read.Conllu zone=pred files="$out/$name.pred.conllu" ignore_sent_id=1 \
    eval.Conll18 2>/dev/null | grep -E "Metric|UPOS|XPOS|UFeats|Feats|Lemma|UAS|LAS"
done
