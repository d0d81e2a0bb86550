//! Word clusters learned from raw text with the exchange algorithm (Kneser & Ney 1993;
//! Martin, Liermann & Ney 1998): words are moved between `K` classes, one at a time, to the
//! class that most increases the likelihood of a class-bigram model. Words that behave alike
//! (country names, reporting verbs, months...) end up in one class, which lets the parser
//! generalise from a word seen in the treebank to words seen only in raw news, and makes it
//! less dependent on (predicted) tags.
//!
//! Words are keyed by the parser's word atom (lowercased form, digits folded), so the clusters
//! cost one hash lookup per token at parse time.

use super::features::word_atom;
use crate::model_file::{ByteReader, ByteWriter, ModelError};
use std::collections::HashMap;

/// Word atom -> cluster id (`0..k`).
#[derive(Debug, Clone, Default)]
pub struct WordClusters {
    map: HashMap<u64, u16>,
    k: usize,
}

/// Settings of the clustering.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Number of classes.
    pub k: usize,
    /// Words seen fewer times are not clustered (they share one fixed "rare" class).
    pub min_count: u32,
    /// At most this many (most frequent) words are clustered.
    pub max_words: usize,
    /// Passes over the vocabulary.
    pub iterations: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            k: 256,
            min_count: 5,
            max_words: 60_000,
            iterations: 8,
        }
    }
}

#[inline]
fn xlogx(x: i64) -> f64 {
    if x <= 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

impl WordClusters {
    /// Number of classes.
    pub fn k(&self) -> usize {
        self.k
    }

    /// Number of words with a class.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no word has a class.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The class of a word atom.
    #[inline]
    pub fn get(&self, atom: u64) -> Option<u16> {
        self.map.get(&atom).copied()
    }

    /// The class of a word form.
    pub fn of_form(&self, form: &str) -> Option<u16> {
        self.get(word_atom(form))
    }

    /// Learn clusters from the `text` fields of JSONL news files (split and tokenized by
    /// dyad's own tokenizer) plus the words of the training treebank. Unreadable files and
    /// lines that are not JSON objects with a `text` are skipped with a message in `log`.
    pub fn learn_from_news(
        files: &[std::path::PathBuf],
        train: &[dyad_text::conllu::ConlluSentence],
        cfg: &ClusterConfig,
        log: &mut dyn FnMut(&str),
    ) -> WordClusters {
        let mut texts = Vec::new();
        for f in files {
            let Ok(data) = std::fs::read_to_string(f) else {
                log(&format!("{}: unreadable, skipped", f.display()));
                continue;
            };
            for line in data.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    if let Some(text) = v.get("text").and_then(|t| t.as_str()) {
                        texts.push(text.to_string());
                    }
                }
            }
        }
        let sentences: Vec<dyad_text::Sentence> =
            texts.iter().flat_map(|t| dyad_text::segment(t)).collect();
        let corpus = sentences
            .iter()
            .map(|s| {
                s.tokens
                    .iter()
                    .map(|t| t.form.as_str())
                    .collect::<Vec<&str>>()
            })
            .chain(
                train
                    .iter()
                    .map(|s| s.words.iter().map(|w| w.form.as_str()).collect()),
            );
        WordClusters::learn(corpus, cfg, log)
    }

    /// Learn clusters from sentences given as word forms.
    pub fn learn<'a>(
        sentences: impl IntoIterator<Item = Vec<&'a str>>,
        cfg: &ClusterConfig,
        log: &mut dyn FnMut(&str),
    ) -> WordClusters {
        // Corpus as atom ids; 0 = sentence boundary.
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut atoms: Vec<u64> = vec![0];
        let mut counts: Vec<u32> = vec![0];
        let mut corpus: Vec<u32> = vec![0];
        for s in sentences {
            for f in s {
                let a = word_atom(f);
                let next = atoms.len() as u32;
                let id = *ids.entry(a).or_insert(next);
                if id == next {
                    atoms.push(a);
                    counts.push(0);
                }
                counts[id as usize] += 1;
                corpus.push(id);
            }
            corpus.push(0);
        }
        // Vocabulary: the most frequent words; class of every other word is fixed.
        let k = cfg.k.max(2);
        let rare = k as u32;
        let boundary = k as u32 + 1;
        let t = k + 2;
        let mut order: Vec<u32> = (1..atoms.len() as u32)
            .filter(|&i| counts[i as usize] >= cfg.min_count)
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(counts[i as usize]));
        order.truncate(cfg.max_words);
        let mut class: Vec<u32> = vec![rare; atoms.len()];
        class[0] = boundary;
        for (r, &w) in order.iter().enumerate() {
            class[w as usize] = (r % k) as u32;
        }
        log(&format!(
            "clusters: {} tokens, {} word types, {} clustered into {k} classes",
            corpus.len(),
            atoms.len(),
            order.len()
        ));
        // Word bigram lists (right and left neighbours) of clustered words.
        let mut pair_counts: HashMap<(u32, u32), u32> = HashMap::new();
        for p in corpus.windows(2) {
            *pair_counts.entry((p[0], p[1])).or_insert(0) += 1;
        }
        let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); atoms.len()];
        let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); atoms.len()];
        for (&(a, b), &n) in &pair_counts {
            if class[a as usize] < rare {
                right[a as usize].push((b, n));
            }
            if class[b as usize] < rare {
                left[b as usize].push((a, n));
            }
        }
        drop(pair_counts);
        // Class counts.
        let mut big = vec![0i64; t * t];
        let mut uni = vec![0i64; t];
        for p in corpus.windows(2) {
            big[class[p[0] as usize] as usize * t + class[p[1] as usize] as usize] += 1;
        }
        for &w in &corpus {
            uni[class[w as usize] as usize] += 1;
        }
        let mut rvec = vec![0i64; t];
        let mut lvec = vec![0i64; t];
        let mut rnz: Vec<usize> = Vec::new();
        let mut lnz: Vec<usize> = Vec::new();
        for it in 0..cfg.iterations {
            let mut moves = 0usize;
            for &w in &order {
                let wu = w as usize;
                let a = class[wu] as usize;
                let nw = i64::from(counts[wu]);
                // Neighbour class counts, the word's own bigrams (w, w) apart.
                let mut selfc = 0i64;
                for &(b, n) in &right[wu] {
                    if b == w {
                        selfc += i64::from(n);
                        continue;
                    }
                    let d = class[b as usize] as usize;
                    if rvec[d] == 0 {
                        rnz.push(d);
                    }
                    rvec[d] += i64::from(n);
                }
                for &(b, n) in &left[wu] {
                    if b == w {
                        continue;
                    }
                    let d = class[b as usize] as usize;
                    if lvec[d] == 0 {
                        lnz.push(d);
                    }
                    lvec[d] += i64::from(n);
                }
                // Take w out of class a.
                for &d in &rnz {
                    big[a * t + d] -= rvec[d];
                }
                for &d in &lnz {
                    big[d * t + a] -= lvec[d];
                }
                big[a * t + a] -= selfc;
                uni[a] -= nw;
                // Gain of putting w in class c.
                let mut best = (a, f64::NEG_INFINITY);
                for c in 0..k {
                    let mut g = 0.0;
                    for &d in &rnz {
                        if d != c {
                            let x = big[c * t + d];
                            g += xlogx(x + rvec[d]) - xlogx(x);
                        }
                    }
                    for &d in &lnz {
                        if d != c {
                            let x = big[d * t + c];
                            g += xlogx(x + lvec[d]) - xlogx(x);
                        }
                    }
                    let x = big[c * t + c];
                    g += xlogx(x + rvec[c] + lvec[c] + selfc) - xlogx(x);
                    g -= 2.0 * (xlogx(uni[c] + nw) - xlogx(uni[c]));
                    if g > best.1 + 1e-9 || (c == a && g >= best.1 - 1e-9) {
                        best = (c, g);
                    }
                }
                let c = best.0;
                for &d in &rnz {
                    big[c * t + d] += rvec[d];
                }
                for &d in &lnz {
                    big[d * t + c] += lvec[d];
                }
                big[c * t + c] += selfc;
                uni[c] += nw;
                if c != a {
                    class[wu] = c as u32;
                    moves += 1;
                }
                for &d in &rnz {
                    rvec[d] = 0;
                }
                for &d in &lnz {
                    lvec[d] = 0;
                }
                rnz.clear();
                lnz.clear();
            }
            log(&format!(
                "clusters: iteration {}: {moves} words moved",
                it + 1
            ));
            if moves == 0 {
                break;
            }
        }
        let map = order
            .iter()
            .map(|&w| (atoms[w as usize], class[w as usize] as u16))
            .collect();
        WordClusters { map, k }
    }

    /// Serialize (sorted by atom, so that the bytes are deterministic).
    pub fn write(&self, w: &mut ByteWriter) {
        w.u32(self.k as u32);
        let mut pairs: Vec<(u64, u16)> = self.map.iter().map(|(a, c)| (*a, *c)).collect();
        pairs.sort_unstable();
        w.u64(pairs.len() as u64);
        for (a, c) in pairs {
            w.u64(a);
            w.u32(u32::from(c));
        }
    }

    /// Inverse of [`WordClusters::write`].
    pub fn read(r: &mut ByteReader) -> Result<WordClusters, ModelError> {
        let k = r.u32()? as usize;
        let n = r.u64()? as usize;
        let mut map = HashMap::with_capacity(n.min(1 << 22));
        for _ in 0..n {
            let a = r.u64()?;
            let c = r.u32()?;
            if c as usize >= k.max(1) || c > u32::from(u16::MAX) {
                return Err(ModelError::Payload("word cluster out of range".into()));
            }
            map.insert(a, c as u16);
        }
        Ok(WordClusters { map, k })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_slots_share_a_class() {
        let mut text = Vec::new();
        for i in 0..200 {
            let country = ["France", "Iran", "Syria", "Japan"][i % 4];
            let verb = ["said", "warned", "announced"][i % 3];
            text.push(format!("{country} {verb} on Monday that talks would go on"));
            text.push(format!("the minister of {country} {verb} the plan"));
        }
        let sents: Vec<Vec<&str>> = text.iter().map(|s| s.split(' ').collect()).collect();
        let cfg = ClusterConfig {
            k: 6,
            min_count: 2,
            max_words: 1000,
            iterations: 10,
        };
        let cl = WordClusters::learn(sents, &cfg, &mut |_| {});
        assert_eq!(cl.of_form("France"), cl.of_form("Syria"));
        assert_eq!(cl.of_form("iran"), cl.of_form("JAPAN"));
        assert_eq!(cl.of_form("said"), cl.of_form("warned"));
        assert_ne!(cl.of_form("France"), cl.of_form("said"));
        assert_eq!(cl.of_form("unseen"), None);
    }
}
