//! Averaged multiclass perceptron over hashed features (Collins 2002), shared by the tagger
//! and the lemmatizer.
//!
//! Features are 64-bit hashes built from small integer template ids and pre-hashed strings
//! ([`hash_str`], [`feat`], [`feat2`]), so the hot path never touches a string map.
//!
//! * [`Trainer`] holds dense per-feature rows (one `f32` per class plus an `f64` accumulator for
//!   averaging with the "w - u/c" trick, so no per-weight timestamps are needed). Rows are only
//!   created when a feature is first updated.
//! * [`Weights`] is the read-only, averaged model: each feature keeps only its non-zero class
//!   weights, and features live in an open-addressing table of 16-byte slots. This is what is
//!   saved to disk and used at run time: compact (no zero weights) and fast (one probe per
//!   feature, a handful of additions).

use crate::model_file::{ByteReader, ByteWriter, ModelError};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Final avalanche (splitmix64), so that similar inputs land in unrelated slots.
#[inline]
fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[inline]
fn step(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Hash a string (8 bytes at a time). Never returns 0.
pub fn hash_str(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h = step(0x51_7C_C1_B7, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = step(h, u64::from_le_bytes(a));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(a));
    }
    finish(h) | 1
}

/// A feature from a template id and one value hash. Never 0 (0 marks empty table slots).
#[inline]
pub fn feat(template: u32, a: u64) -> u64 {
    finish(step(step(u64::from(template), a), 0x2545_F491)) | 1
}

/// A feature from a template id and two value hashes (conjunctions).
#[inline]
pub fn feat2(template: u32, a: u64, b: u64) -> u64 {
    finish(step(step(step(u64::from(template), a), b), 0x2545_F491)) | 1
}

/// A feature from a template id and three value hashes.
#[inline]
pub fn feat3(template: u32, a: u64, b: u64, c: u64) -> u64 {
    finish(step(
        step(step(step(u64::from(template), a), b), c),
        0x2545_F491,
    )) | 1
}

/// Hasher for keys that are already well-mixed `u64` hashes: passes them through.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = step(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

/// A `HashMap` keyed by pre-hashed `u64`s.
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Small deterministic PRNG (splitmix64) for reproducible shuffles.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(K);
        finish(self.0)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Index of the highest score; ties go to the lowest class id so results are deterministic.
#[inline]
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    let mut best_v = f32::NEG_INFINITY;
    for (i, &v) in scores.iter().enumerate() {
        if v > best_v {
            best_v = v;
            best = i;
        }
    }
    best
}

/// Training-time weights: dense rows for the features seen in updates.
pub struct Trainer {
    n_classes: usize,
    rows: IdMap<u32>,
    w: Vec<f32>,
    u: Vec<f64>,
    /// Number of training instances seen so far (the averaging clock).
    c: u64,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes,
            rows: IdMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Add the current (non-averaged) weights of `feats` to `scores` (length `n_classes`).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let n = self.n_classes;
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let row = &self.w[r as usize * n..(r as usize + 1) * n];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += *w;
                }
            }
        }
    }

    fn row(&mut self, f: u64) -> usize {
        let n = self.n_classes;
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(f).or_insert(next);
        if r == next {
            self.w.resize(self.w.len() + n, 0.0);
            self.u.resize(self.u.len() + n, 0.0);
        }
        r as usize * n
    }

    /// Perceptron update: reward `truth`, penalise `guess` (no-op when they agree).
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let c = self.c as f64;
        for &f in feats {
            let base = self.row(f);
            self.w[base + truth] += 1.0;
            self.u[base + truth] += c;
            self.w[base + guess] -= 1.0;
            self.u[base + guess] -= c;
        }
    }

    /// Advance the averaging clock by one instance.
    pub fn tick(&mut self) {
        self.c += 1;
    }

    /// The averaged weights, dropping entries whose magnitude is below `prune`.
    pub fn averaged(&self, prune: f32) -> Weights {
        let n = self.n_classes;
        let c = self.c as f64;
        let mut feats: Vec<(u64, u32)> = self.rows.iter().map(|(&k, &r)| (k, r)).collect();
        feats.sort_unstable_by_key(|&(k, _)| k);
        let mut list: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(feats.len());
        for (k, r) in feats {
            let base = r as usize * n;
            let mut entries = Vec::new();
            for cls in 0..n {
                let avg = (f64::from(self.w[base + cls]) - self.u[base + cls] / c) as f32;
                if avg.abs() > prune {
                    entries.push((cls as u16, avg));
                }
            }
            if !entries.is_empty() {
                list.push((k, entries));
            }
        }
        Weights::from_list(n, list)
    }
}

/// One feature's slot in the open-addressing table.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Read-only averaged weights: sparse class weights per feature in an open-addressing table.
pub struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<Slot>,
    classes: Vec<u16>,
    values: Vec<f32>,
}

impl Weights {
    fn from_list(n_classes: usize, list: Vec<(u64, Vec<(u16, f32)>)>) -> Weights {
        // Load factor between 3/8 and 3/4: short probes, half the memory of a 2x table.
        let cap = (list.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![Slot::default(); cap];
        let total: usize = list.iter().map(|(_, e)| e.len()).sum();
        let mut classes = Vec::with_capacity(total);
        let mut values = Vec::with_capacity(total);
        for (key, entries) in list {
            let mut i = key as usize & mask;
            while slots[i].key != 0 && slots[i].key != key {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                key,
                start: classes.len() as u32,
                len: entries.len() as u32,
            };
            for (c, v) in entries {
                classes.push(c);
                values.push(v);
            }
        }
        Weights {
            n_classes,
            mask,
            slots,
            classes,
            values,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with at least one non-zero weight.
    pub fn n_features(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    /// Number of stored (feature, class) weights.
    pub fn n_weights(&self) -> usize {
        self.values.len()
    }

    /// Add the weights of `feats` to `scores` (length `n_classes`).
    ///
    /// Memory-bound, so done in three sweeps whose loads are independent and whose cache
    /// misses therefore overlap: touch every feature's home slot, resolve the slots to entry
    /// spans (touching the first weight of each), then add the weights.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        const CHUNK: usize = 128;
        let mut spans = [(0u32, 0u32); CHUNK];
        for chunk in feats.chunks(CHUNK) {
            let mut touch = 0u64;
            for &f in chunk {
                touch ^= self.slots[f as usize & self.mask].key;
            }
            std::hint::black_box(touch);
            let mut m = 0;
            for &f in chunk {
                let mut i = f as usize & self.mask;
                loop {
                    let s = self.slots[i];
                    if s.key == f {
                        spans[m] = (s.start, s.len);
                        m += 1;
                        break;
                    }
                    if s.key == 0 {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            let mut touch = 0u32;
            for &(a, _) in &spans[..m] {
                touch ^= u32::from(self.classes[a as usize]) ^ self.values[a as usize].to_bits();
            }
            std::hint::black_box(touch);
            for &(a, len) in &spans[..m] {
                let a = a as usize;
                let b = a + len as usize;
                for (c, v) in self.classes[a..b].iter().zip(&self.values[a..b]) {
                    if let Some(x) = scores.get_mut(*c as usize) {
                        *x += *v;
                    }
                }
            }
        }
    }

    /// Append to a model payload: class count, features (sorted by key) with their entry
    /// counts, all weights, then all class ids (two `u16` per `u32`).
    pub fn write(&self, w: &mut ByteWriter) {
        let mut slots: Vec<Slot> = self.slots.iter().copied().filter(|s| s.key != 0).collect();
        slots.sort_unstable_by_key(|s| s.key);
        w.u32(self.n_classes as u32);
        w.u64(slots.len() as u64);
        let mut values = Vec::with_capacity(self.values.len());
        let mut classes: Vec<u16> = Vec::with_capacity(self.classes.len() + 1);
        for s in &slots {
            w.u64(s.key);
            w.u32(s.len);
            let a = s.start as usize;
            let b = a + s.len as usize;
            values.extend_from_slice(&self.values[a..b]);
            classes.extend_from_slice(&self.classes[a..b]);
        }
        w.f32s(&values);
        for pair in classes.chunks(2) {
            let hi = pair.get(1).copied().unwrap_or(0);
            w.u32(u32::from(pair[0]) | (u32::from(hi) << 16));
        }
    }

    /// The mean of several models over the same classes (parameter mixing: models trained on
    /// different shuffles of the data average into a steadier one, at no run-time cost).
    pub fn mix(models: &[Weights], prune: f32) -> Weights {
        let n_classes = models.iter().map(|m| m.n_classes).max().unwrap_or(1);
        let mut sum: IdMap<Vec<f32>> = IdMap::default();
        for m in models {
            for s in m.slots.iter().filter(|s| s.key != 0) {
                let row = sum.entry(s.key).or_insert_with(|| vec![0.0; n_classes]);
                let a = s.start as usize;
                let b = a + s.len as usize;
                for (c, v) in m.classes[a..b].iter().zip(&m.values[a..b]) {
                    row[*c as usize] += *v;
                }
            }
        }
        let k = models.len().max(1) as f32;
        let mut list: Vec<(u64, Vec<(u16, f32)>)> = sum
            .into_iter()
            .map(|(key, row)| {
                let e = row
                    .iter()
                    .enumerate()
                    .map(|(c, v)| (c as u16, v / k))
                    .filter(|(_, v)| v.abs() > prune)
                    .collect();
                (key, e)
            })
            .filter(|(_, e): &(u64, Vec<(u16, f32)>)| !e.is_empty())
            .collect();
        list.sort_unstable_by_key(|e| e.0);
        Weights::from_list(n_classes, list)
    }

    /// Read what [`Weights::write`] wrote; every count and class id is checked.
    pub fn read(r: &mut ByteReader) -> Result<Weights, ModelError> {
        let bad = |m: &str| ModelError::Payload(format!("weights: {m}"));
        let n_classes = r.u32()? as usize;
        if n_classes == 0 || n_classes > u16::MAX as usize {
            return Err(bad("class count"));
        }
        let n = r.u64()? as usize;
        if n > 1 << 28 {
            return Err(bad("feature count"));
        }
        let mut heads = Vec::with_capacity(n.min(1 << 22));
        for _ in 0..n {
            let key = r.u64()?;
            let len = r.u32()? as usize;
            if key == 0 || len == 0 || len > n_classes {
                return Err(bad("feature entry"));
            }
            heads.push((key, len));
        }
        let values = r.f32s()?;
        let mut classes: Vec<u16> = Vec::with_capacity(values.len() + 1);
        for _ in 0..values.len().div_ceil(2) {
            let v = r.u32()?;
            classes.push((v & 0xFFFF) as u16);
            classes.push((v >> 16) as u16);
        }
        classes.truncate(values.len());
        if classes.iter().any(|&c| c as usize >= n_classes) {
            return Err(bad("class id"));
        }
        let total: usize = heads.iter().map(|h| h.1).sum();
        if total != values.len() {
            return Err(bad("entries do not add up"));
        }
        let mut list = Vec::with_capacity(heads.len());
        let mut at = 0;
        let mut prev = 0u64;
        for (key, len) in heads {
            if key <= prev {
                return Err(bad("features not sorted"));
            }
            prev = key;
            let e = (at..at + len).map(|k| (classes[k], values[k])).collect();
            list.push((key, e));
            at += len;
        }
        Ok(Weights::from_list(n_classes, list))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut t = Trainer::new(3);
        let data: Vec<(Vec<u64>, usize)> = (0..30)
            .map(|i| {
                (
                    vec![feat(1, hash_str(&format!("x{}", i % 3))), feat(2, 7)],
                    i % 3,
                )
            })
            .collect();
        for _ in 0..5 {
            for (f, y) in &data {
                let mut s = vec![0.0; 3];
                t.score(f, &mut s);
                t.update(f, *y, argmax(&s));
                t.tick();
            }
        }
        let w = t.averaged(0.0);
        for (f, y) in &data {
            let mut s = vec![0.0; 3];
            w.score(f, &mut s);
            assert_eq!(argmax(&s), *y);
        }
        let mut bw = ByteWriter::default();
        w.write(&mut bw);
        let w2 = Weights::read(&mut ByteReader::new(&bw.buf)).unwrap();
        assert_eq!(w2.n_features(), w.n_features());
        let mut bad = bw.buf.clone();
        bad.truncate(bad.len() - 3);
        assert!(Weights::read(&mut ByteReader::new(&bad)).is_err());
    }
}
