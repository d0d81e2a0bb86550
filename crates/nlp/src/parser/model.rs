//! Weights of the averaged perceptron.
//!
//! Each hashed feature owns a sparse row of (class, weight) entries: a feature is only ever
//! updated for the few transitions it was seen with, so sparse rows are far smaller than a
//! dense feature x class table and scoring touches only the non-zero weights.
//! [`TrainWeights`] grows rows and keeps the sums for averaging (lazy time stamps, Daumé's
//! trick); [`Weights`] is the frozen, averaged, pruned form used at run time: an
//! open-addressing table from feature hash to a contiguous slice of entries.

use crate::model_file::{ByteReader, ByteWriter, ModelError};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature keys are already good 64-bit hashes: use them as they are.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

#[derive(Clone, Copy)]
struct TrainEntry {
    class: u32,
    stamp: u32,
    w: f32,
    total: f64,
}

/// Training-time weights with averaging sums.
pub(crate) struct TrainWeights {
    index: IdMap<u32>,
    rows: Vec<Vec<TrainEntry>>,
    /// Number of training instances seen (the averaging clock).
    pub time: u32,
}

impl TrainWeights {
    pub fn new() -> Self {
        TrainWeights {
            index: IdMap::default(),
            rows: Vec::new(),
            time: 0,
        }
    }

    /// Add the current weights of `feats` into `scores` (one slot per class).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Perceptron update: `+1` for `good`, `-1` for `bad` on every feature.
    pub fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        let t = self.time;
        for f in feats {
            let next = self.rows.len() as u32;
            let r = *self.index.entry(*f).or_insert(next);
            if r == next {
                self.rows.push(Vec::with_capacity(2));
            }
            let row = &mut self.rows[r as usize];
            for (class, delta) in [(good as u32, 1.0f32), (bad as u32, -1.0f32)] {
                match row.iter_mut().find(|e| e.class == class) {
                    Some(e) => {
                        e.total += f64::from(t - e.stamp) * f64::from(e.w);
                        e.stamp = t;
                        e.w += delta;
                    }
                    None => row.push(TrainEntry {
                        class,
                        stamp: t,
                        w: delta,
                        total: 0.0,
                    }),
                }
            }
        }
    }

    /// Averaged weights, dropping entries whose magnitude is at most `prune`.
    pub fn averaged(&self, nclasses: usize, prune: f32) -> Weights {
        let t = f64::from(self.time.max(1));
        let mut keys = Vec::with_capacity(self.index.len());
        let mut lens = Vec::with_capacity(self.index.len());
        let mut entries = Vec::new();
        let mut sorted: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        sorted.sort_unstable();
        for (key, r) in sorted {
            let start = entries.len();
            for e in &self.rows[r as usize] {
                let total = e.total + f64::from(self.time - e.stamp) * f64::from(e.w);
                let avg = (total / t) as f32;
                if avg.abs() > prune {
                    entries.push((e.class, avg));
                }
            }
            if entries.len() > start {
                keys.push(key);
                lens.push((entries.len() - start) as u32);
            }
        }
        Weights::build(nclasses, &keys, &lens, entries)
    }

    /// Number of features with a row.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
}

/// Bits of the packed entry that hold the class: enough for `nclasses`.
fn class_bits(nclasses: usize) -> u32 {
    (usize::BITS - nclasses.saturating_sub(1).leading_zeros()).max(1)
}

/// One weight and its class in 4 bytes: the class replaces the lowest mantissa bits of the
/// `f32` (7 bits for EWT's 104 classes: a relative change below 2^-16, far under what
/// matters for a perceptron score). Halves the model and the memory touched per feature.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry(u32);

impl Entry {
    #[inline]
    fn pack(class: u32, w: f32, mask: u32) -> Entry {
        Entry((w.to_bits() & !mask) | (class & mask))
    }
    #[inline]
    fn class(self, mask: u32) -> usize {
        (self.0 & mask) as usize
    }
    #[inline]
    fn weight(self, mask: u32) -> f32 {
        f32::from_bits(self.0 & !mask)
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Frozen averaged weights.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    nclasses: usize,
    mask: usize,
    /// Mask of the class bits in an [`Entry`].
    cmask: u32,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
}

impl Weights {
    fn build(nclasses: usize, keys: &[u64], lens: &[u32], entries: Vec<(u32, f32)>) -> Weights {
        let cmask = (1u32 << class_bits(nclasses).min(31)) - 1;
        let entries = entries
            .into_iter()
            .map(|(c, w)| Entry::pack(c, w, cmask))
            .collect();
        Weights::build_packed(nclasses, cmask, keys, lens, entries)
    }

    fn build_packed(
        nclasses: usize,
        cmask: u32,
        keys: &[u64],
        lens: &[u32],
        entries: Vec<Entry>,
    ) -> Weights {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let mask = cap - 1;
        let mut start = 0u32;
        for (&key, &len) in keys.iter().zip(lens) {
            let mut i = (key as usize) & mask;
            while slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = Slot { key, start, len };
            start += len;
        }
        Weights {
            nclasses,
            mask,
            cmask,
            slots,
            entries,
        }
    }

    /// Number of classes scored.
    pub fn nclasses(&self) -> usize {
        self.nclasses
    }

    /// Number of (feature, class) weights kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Touch the home slots of `feats` (independent loads issued in parallel), so that
    /// scoring several states one after the other waits for memory once rather than per state.
    #[inline]
    pub fn touch(&self, feats: &[u64]) {
        let mut touch = 0u64;
        for &f in feats {
            touch ^= self.slots[(f as usize) & self.mask].key;
        }
        std::hint::black_box(touch);
    }

    /// Scores of every class for `feats` into `scores` (cleared first). `spans` is scratch.
    ///
    /// The table is far larger than the CPU caches, so nearly every lookup misses. The lookups
    /// run in three passes so that the misses overlap instead of queuing: first the home slots
    /// of all features are touched (independent loads the CPU issues in parallel), then the
    /// slots are probed and the first entry of each row touched, then the rows are summed.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32], spans: &mut Vec<(u32, u32)>) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        let mut touch = 0u64;
        for &f in feats {
            touch ^= self.slots[(f as usize) & self.mask].key;
        }
        spans.clear();
        for &f in feats {
            let mut i = (f as usize) & self.mask;
            loop {
                let slot = &self.slots[i];
                if slot.key == f {
                    if let Some(e) = self.entries.get(slot.start as usize) {
                        touch ^= u64::from(e.0);
                    }
                    spans.push((slot.start, slot.len));
                    break;
                }
                if slot.key == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        std::hint::black_box(touch);
        let m = self.cmask;
        for &(a, n) in spans.iter() {
            let (a, b) = (a as usize, a as usize + n as usize);
            for &e in self.entries.get(a..b).unwrap_or(&[]) {
                if let Some(s) = scores.get_mut(e.class(m)) {
                    *s += e.weight(m);
                }
            }
        }
    }

    /// A copy without the weights of magnitude at most `t` (and without features left empty):
    /// a smaller, faster model for a small loss of accuracy.
    pub fn pruned(&self, t: f32) -> Weights {
        let mut used: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        used.sort_unstable_by_key(|s| s.start);
        let (mut keys, mut lens, mut entries) = (Vec::new(), Vec::new(), Vec::new());
        for s in used {
            let n0 = entries.len();
            let row = self
                .entries
                .get(s.start as usize..(s.start + s.len) as usize)
                .unwrap_or(&[]);
            entries.extend(
                row.iter()
                    .copied()
                    .filter(|e| e.weight(self.cmask).abs() > t),
            );
            if entries.len() > n0 {
                keys.push(s.key);
                lens.push((entries.len() - n0) as u32);
            }
        }
        Weights::build_packed(self.nclasses, self.cmask, &keys, &lens, entries)
    }

    /// The average of several weight sets over the same classes (parameter mixing: a feature
    /// absent from one set counts as zero there). `None` when the class counts differ.
    pub fn mixed(all: &[&Weights]) -> Option<Weights> {
        let first = all.first()?;
        if all.iter().any(|w| w.nclasses != first.nclasses) {
            return None;
        }
        let mut sum: std::collections::BTreeMap<u64, Vec<(u32, f32)>> = Default::default();
        for w in all {
            for s in w.slots.iter().filter(|s| s.key != 0) {
                let row = sum.entry(s.key).or_default();
                for e in w
                    .entries
                    .get(s.start as usize..(s.start + s.len) as usize)
                    .unwrap_or(&[])
                {
                    let c = e.class(w.cmask) as u32;
                    match row.iter_mut().find(|(k, _)| *k == c) {
                        Some((_, v)) => *v += e.weight(w.cmask),
                        None => row.push((c, e.weight(w.cmask))),
                    }
                }
            }
        }
        let n = all.len() as f32;
        let (mut keys, mut lens, mut entries) = (Vec::new(), Vec::new(), Vec::new());
        for (key, row) in sum {
            keys.push(key);
            lens.push(row.len() as u32);
            entries.extend(row.into_iter().map(|(c, v)| (c, v / n)));
        }
        Some(Weights::build(first.nclasses, &keys, &lens, entries))
    }

    /// Number of features with at least one weight.
    pub fn num_features(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    /// Serialize: classes, feature count, then per feature its key and entry count, then the
    /// packed entries.
    pub fn write(&self, w: &mut ByteWriter) {
        w.u32(self.nclasses as u32);
        let mut used: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        used.sort_unstable_by_key(|s| s.start);
        w.u64(used.len() as u64);
        for s in &used {
            w.u64(s.key);
            w.u32(s.len);
        }
        w.u64(self.entries.len() as u64);
        for s in &used {
            for e in &self.entries[s.start as usize..(s.start + s.len) as usize] {
                w.u32(e.0);
            }
        }
    }

    /// Inverse of [`Weights::write`], with every count and class checked.
    pub fn read(r: &mut ByteReader) -> Result<Weights, ModelError> {
        let bad = |m: &str| ModelError::Payload(m.to_string());
        let nclasses = r.u32()? as usize;
        if nclasses == 0 || nclasses > 1 << 16 {
            return Err(bad("class count out of range"));
        }
        let cmask = (1u32 << class_bits(nclasses)) - 1;
        let nfeat = r.u64()? as usize;
        let mut keys = Vec::with_capacity(nfeat.min(1 << 24));
        let mut lens = Vec::with_capacity(nfeat.min(1 << 24));
        let mut total = 0usize;
        for _ in 0..nfeat {
            let key = r.u64()?;
            if key == 0 {
                return Err(bad("zero feature key"));
            }
            keys.push(key);
            let len = r.u32()?;
            total += len as usize;
            lens.push(len);
        }
        let nent = r.u64()? as usize;
        if nent != total || nent > u32::MAX as usize {
            return Err(bad("entry count does not match the feature rows"));
        }
        let mut entries = Vec::with_capacity(nent.min(1 << 26));
        for _ in 0..nent {
            let e = Entry(r.u32()?);
            if e.class(cmask) >= nclasses {
                return Err(bad("class out of range"));
            }
            entries.push(e);
        }
        Ok(Weights::build_packed(
            nclasses, cmask, &keys, &lens, entries,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_entries_keep_class_and_weight() {
        let m = (1u32 << class_bits(104)) - 1;
        assert_eq!(m, 127);
        for (c, w) in [(0u32, 1.0f32), (103, -0.3), (57, 1e-6), (1, 123.456)] {
            let e = Entry::pack(c, w, m);
            assert_eq!(e.class(m), c as usize);
            assert!(
                (e.weight(m) - w).abs() <= w.abs() * 1e-4,
                "{w} -> {}",
                e.weight(m)
            );
        }
    }
}
