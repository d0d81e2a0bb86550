//! Distributional word clusters learned from raw text, as extra tagger features for words
//! that are rare or unseen in the treebank (Koo et al. 2008 use Brown clusters the same way).
//!
//! Method (cheap and deterministic): every frequent word (lowercased, digits folded to `0`) is
//! described by the positive PMI of its left and right neighbours among the most frequent
//! words; spherical k-means then groups these vectors at two granularities (coarse and fine).
//! The tagger sees both cluster ids of the word and of its neighbours.

use crate::model_file::{ByteReader, ByteWriter, ModelError};
use crate::perceptron::{hash_str, IdMap};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

/// Cluster-learning settings.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// At most this many (most frequent) words are clustered.
    pub max_words: usize,
    /// Number of most frequent words used as context features (left and right).
    pub contexts: usize,
    pub coarse: usize,
    pub fine: usize,
    pub iterations: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 2,
            max_words: 60_000,
            contexts: 1000,
            coarse: 128,
            fine: 1024,
            iterations: 12,
        }
    }
}

/// Word -> (coarse, fine) cluster ids.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    map: IdMap<u32>,
}

/// The normalised key a word is clustered under: lowercase, digits as `0`.
pub fn cluster_key(form: &str) -> String {
    form.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

impl Clusters {
    /// Number of clustered words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// (coarse + 1, fine + 1, capitalisation bucket) of a normalised key hash, `(0, 0, 0)`
    /// when not clustered. The bucket is 0 when unknown, else 1..=5 from "always lowercase"
    /// to "always capitalized" inside sentences.
    #[inline]
    pub fn get(&self, key_hash: u64) -> (u32, u32, u32) {
        match self.map.get(&key_hash) {
            Some(&v) => (((v >> 16) & 0xFF) + 1, (v & 0xFFFF) + 1, v >> 24),
            None => (0, 0, 0),
        }
    }

    pub fn write(&self, w: &mut ByteWriter) {
        let mut v: Vec<(u64, u32)> = self.map.iter().map(|(&k, &c)| (k, c)).collect();
        v.sort_unstable();
        w.u64(v.len() as u64);
        for (k, c) in v {
            w.u64(k);
            w.u32(c);
        }
    }

    pub fn read(r: &mut ByteReader, max: usize) -> Result<Clusters, ModelError> {
        let n = r.u64()? as usize;
        if n > max {
            return Err(ModelError::Payload("clusters: size".into()));
        }
        let mut map = IdMap::default();
        map.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            map.insert(k, r.u32()?);
        }
        Ok(Clusters { map })
    }
}

/// Read raw text from JSONL articles (`text` and `title` fields) or plain text files (one
/// paragraph per line) and return sentences of word forms, using dyad's own
/// sentence splitter and tokenizer (the same segmentation the tagger sees at run time).
pub fn read_corpus(paths: &[&Path]) -> std::io::Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for p in paths {
        let f = std::io::BufReader::new(std::fs::File::open(p)?);
        let jsonl = p.extension().is_some_and(|e| e == "jsonl");
        for line in f.lines() {
            let line = line?;
            let mut texts = Vec::new();
            if jsonl {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                    for k in ["title", "text"] {
                        if let Some(t) = v.get(k).and_then(|t| t.as_str()) {
                            texts.push(t.to_string());
                        }
                    }
                }
            } else {
                texts.push(line);
            }
            for t in texts {
                for s in dyad_text::segment(&t) {
                    out.push(s.tokens.into_iter().map(|t| t.form).collect());
                }
            }
        }
    }
    Ok(out)
}

/// Learn clusters from sentences of word forms.
pub fn learn(forms: &[Vec<String>], cfg: &ClusterConfig, log: &mut dyn FnMut(&str)) -> Clusters {
    let sentences: Vec<Vec<String>> = forms
        .iter()
        .map(|s| s.iter().map(|f| cluster_key(f)).collect())
        .collect();
    // Capitalisation inside sentences (not first word): (capitalized, lowercase) per key.
    let mut caps: HashMap<&str, (u32, u32)> = HashMap::new();
    for (fs, ks) in forms.iter().zip(&sentences) {
        for (f, k) in fs.iter().zip(ks).skip(1) {
            match f.chars().next() {
                Some(c) if c.is_uppercase() => caps.entry(k.as_str()).or_default().0 += 1,
                Some(c) if c.is_lowercase() => caps.entry(k.as_str()).or_default().1 += 1,
                _ => {}
            }
        }
    }
    let sentences = &sentences;
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for s in sentences.iter() {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, u32)> = counts
        .into_iter()
        .filter(|&(_, c)| c >= cfg.min_count)
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(cfg.max_words);
    let index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    let nctx = cfg.contexts.min(vocab.len()) + 1; // + sentence boundary
    let dim = 2 * nctx;
    let boundary = nctx - 1;
    let ctx_of = |w: Option<&String>| -> Option<usize> {
        match w {
            None => Some(boundary),
            Some(w) => index.get(w.as_str()).copied().filter(|&i| i < boundary),
        }
    };
    // Co-occurrence counts per word.
    let mut co: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    let mut ctx_total = vec![0f64; dim];
    let mut total = 0f64;
    for s in sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&wi) = index.get(w.as_str()) else {
                continue;
            };
            let left = ctx_of(i.checked_sub(1).and_then(|j| s.get(j)));
            let right = ctx_of(s.get(i + 1)).map(|c| c + nctx);
            for c in [left, right].into_iter().flatten() {
                *co[wi].entry(c as u32).or_default() += 1.0;
                ctx_total[c] += 1.0;
                total += 1.0;
            }
        }
    }
    // Positive PMI, L2-normalised sparse vectors.
    let vecs: Vec<Vec<(u32, f32)>> = co
        .iter()
        .map(|m| {
            // Sorted first: float sums in a fixed order keep the clusters reproducible.
            let mut m: Vec<(u32, f32)> = m.iter().map(|(&c, &n)| (c, n)).collect();
            m.sort_unstable_by_key(|e| e.0);
            let wt: f64 = m.iter().map(|&(_, v)| f64::from(v)).sum();
            let mut v: Vec<(u32, f32)> = m
                .iter()
                .filter_map(|&(c, n)| {
                    let pmi = (f64::from(n) * total / (wt * ctx_total[c as usize])).ln();
                    (pmi > 0.0).then_some((c, pmi as f32))
                })
                .collect();
            v.sort_unstable_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|e| e.1 /= norm);
            v
        })
        .collect();
    log(&format!(
        "clusters: {} sentences, {} words, {} context dims",
        sentences.len(),
        vocab.len(),
        dim
    ));
    // Ids are packed as 8 + 16 bits.
    let coarse = kmeans(&vecs, dim, cfg.coarse.min(256), cfg.iterations);
    let fine = kmeans(&vecs, dim, cfg.fine.min(0xFFFF), cfg.iterations);
    let mut map = IdMap::default();
    for (i, (w, _)) in vocab.iter().enumerate() {
        let cap = match caps.get(w) {
            Some(&(u, l)) if u + l >= 3 => 1 + (5 * u / (u + l)).min(4),
            _ => 0,
        };
        map.insert(
            hash_str(w),
            (cap << 24) | ((coarse[i] & 0xFF) << 16) | fine[i],
        );
    }
    Clusters { map }
}

/// Spherical k-means over sparse unit vectors; centroids start at the `k` most frequent
/// words (vectors come sorted by frequency), so the result is deterministic.
fn kmeans(vecs: &[Vec<(u32, f32)>], dim: usize, k: usize, iterations: usize) -> Vec<u32> {
    let k = k.min(vecs.len()).max(1);
    // Centroids stored transposed: cent[d * k + j].
    let mut cent = vec![0f32; dim * k];
    for (j, v) in vecs.iter().take(k).enumerate() {
        for &(d, x) in v {
            cent[d as usize * k + j] = x;
        }
    }
    let mut assign = vec![0u32; vecs.len()];
    let mut scores = vec![0f32; k];
    for _ in 0..iterations.max(1) {
        for (i, v) in vecs.iter().enumerate() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &(d, x) in v {
                let row = &cent[d as usize * k..(d as usize + 1) * k];
                for (s, c) in scores.iter_mut().zip(row) {
                    *s += x * c;
                }
            }
            assign[i] = crate::perceptron::argmax(&scores) as u32;
        }
        cent.iter_mut().for_each(|c| *c = 0.0);
        for (i, v) in vecs.iter().enumerate() {
            let j = assign[i] as usize;
            for &(d, x) in v {
                cent[d as usize * k + j] += x;
            }
        }
        let mut norms = vec![0f32; k];
        for d in 0..dim {
            for j in 0..k {
                norms[j] += cent[d * k + j] * cent[d * k + j];
            }
        }
        for d in 0..dim {
            for j in 0..k {
                cent[d * k + j] /= norms[j].sqrt().max(1e-9);
            }
        }
    }
    assign
}
