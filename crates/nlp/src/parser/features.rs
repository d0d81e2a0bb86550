//! Feature extraction: the rich non-local feature set of Zhang & Nivre (2011) for arc-eager,
//! plus a few second-stack-word features, each hashed to one `u64`.
//!
//! Words are interned once per sentence as 64-bit hashes of their lowercased form (digits
//! folded to `0`), tags as hashes of `XPOS/UPOS` (the pair tells AUX from VERB, which the Penn
//! tags do not), so the hot loop only combines integers. Hashes are stable across runs and
//! platforms: the model file stores them.

use super::clusters::WordClusters;
use super::state::{State, NONE};

/// FNV-1a over bytes, then a finalizer: the stable string hash of the model.
pub(crate) fn hash_bytes(seed: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fmix(h)
}

/// MurmurHash3's 64-bit finalizer.
#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

#[inline]
fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The word atom: lowercased form with ASCII digits folded to `0`.
pub(crate) fn word_atom(form: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ 0x9e37_79b9_7f4a_7c15;
    let mut buf = [0u8; 4];
    for c in form.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_digit() { '0' } else { c };
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fmix(h)
}

/// The tag atom: `XPOS/UPOS`.
pub(crate) fn tag_atom(xpos: &str, upos: &str) -> u64 {
    hash_bytes(2, xpos.bytes().chain([b'/']).chain(upos.bytes()))
}

const W_ROOT: u64 = 0x1111;
const P_ROOT: u64 = 0x2222;
const W_NONE: u64 = 0x3333;
const P_NONE: u64 = 0x4444;
const L_NONE: u64 = 0x5555;
const C_UNK: u64 = 0x6666;
const C_ROOT: u64 = 0x7777;
const C_NONE: u64 = 0x8888;

/// The cluster atom of a word: its class, or "unclustered".
pub(crate) fn cluster_atom(class: Option<u16>) -> u64 {
    match class {
        Some(c) => 0x1_0000 + u64::from(c),
        None => C_UNK,
    }
}

/// Per-sentence atoms; index 0 is the root.
#[derive(Debug, Default, Clone)]
pub(crate) struct Atoms {
    pub words: Vec<u64>,
    /// `XPOS/UPOS` pairs.
    pub tags: Vec<u64>,
    /// UPOS alone: still right when the tagger gets only the XPOS wrong.
    pub upos: Vec<u64>,
    /// Last three characters (lowercased): tag-independent evidence on the word's class.
    pub suffixes: Vec<u64>,
    pub clusters: Vec<u64>,
}

impl Atoms {
    /// Clear and start with the root.
    pub fn reset(&mut self) {
        self.words.clear();
        self.tags.clear();
        self.clusters.clear();
        self.upos.clear();
        self.suffixes.clear();
        self.words.push(W_ROOT);
        self.tags.push(P_ROOT);
        self.upos.push(P_ROOT);
        self.suffixes.push(W_ROOT);
        self.clusters.push(C_ROOT);
    }
    /// Append a word from its form, tags and the clusters.
    pub fn push(&mut self, form: &str, xpos: &str, upos: &str, clusters: &WordClusters) {
        let w = word_atom(form);
        self.words.push(w);
        self.tags.push(tag_atom(xpos, upos));
        self.upos.push(hash_bytes(4, upos.bytes()));
        let start = form.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        self.suffixes.push(hash_bytes(
            5,
            form[start..].bytes().map(|b| b.to_ascii_lowercase()),
        ));
        self.clusters.push(cluster_atom(clusters.get(w)));
    }
    #[inline]
    fn u(&self, i: u32) -> u64 {
        if i == NONE {
            P_NONE
        } else {
            self.upos.get(i as usize).copied().unwrap_or(P_NONE)
        }
    }
    #[inline]
    fn suf(&self, i: u32) -> u64 {
        if i == NONE {
            W_NONE
        } else {
            self.suffixes.get(i as usize).copied().unwrap_or(W_NONE)
        }
    }
    #[inline]
    fn c(&self, i: u32) -> u64 {
        if i == NONE {
            C_NONE
        } else {
            self.clusters.get(i as usize).copied().unwrap_or(C_NONE)
        }
    }
    #[inline]
    fn w(&self, i: u32) -> u64 {
        if i == NONE {
            W_NONE
        } else {
            self.words.get(i as usize).copied().unwrap_or(W_NONE)
        }
    }
    #[inline]
    fn p(&self, i: u32) -> u64 {
        if i == NONE {
            P_NONE
        } else {
            self.tags.get(i as usize).copied().unwrap_or(P_NONE)
        }
    }
}

/// Pushes hashed features, each tagged with its template number.
struct Out<'a>(&'a mut Vec<u64>);

impl Out<'_> {
    #[inline]
    fn f1(&mut self, t: u64, a: u64) {
        self.0.push(fmix(mix(t, a)) | 1);
    }
    #[inline]
    fn f2(&mut self, t: u64, a: u64, b: u64) {
        self.0.push(fmix(mix(mix(t, a), b)) | 1);
    }
    #[inline]
    fn f3(&mut self, t: u64, a: u64, b: u64, c: u64) {
        self.0.push(fmix(mix(mix(mix(t, a), b), c)) | 1);
    }
    #[inline]
    fn f4(&mut self, t: u64, a: u64, b: u64, c: u64, d: u64) {
        self.0.push(fmix(mix(mix(mix(mix(t, a), b), c), d)) | 1);
    }
}

/// Distance between s0 and n0, bucketed.
fn dist_bucket(s0: u32, n0: u32) -> u64 {
    if n0 == NONE {
        return 0;
    }
    let d = n0.saturating_sub(s0);
    match d {
        0..=4 => u64::from(d),
        5..=6 => 5,
        7..=9 => 6,
        10..=14 => 7,
        _ => 8,
    }
}

/// Write the features of state `st` over sentence `a` into `out` (cleared first).
pub(crate) fn extract(st: &State, a: &Atoms, out: &mut Vec<u64>) {
    out.clear();
    let mut o = Out(out);
    let n = st.n as u32;
    let s0 = st.s0();
    let n0 = st.b0();
    let n1 = if n0 != NONE && n0 < n { n0 + 1 } else { NONE };
    let n2 = if n1 != NONE && n1 < n { n1 + 1 } else { NONE };
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let get = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
    let s0h = if s0 == 0 { NONE } else { get(&st.heads, s0) };
    let s0h2 = if s0h == NONE || s0h == 0 {
        NONE
    } else {
        get(&st.heads, s0h)
    };
    let (s0l, s0l2, s0r, s0r2) = (
        get(&st.l1, s0),
        get(&st.l2, s0),
        get(&st.r1, s0),
        get(&st.r2, s0),
    );
    let (n0l, n0l2) = (get(&st.l1, n0), get(&st.l2, n0));
    let lab = |i: u32| -> u64 {
        if i == NONE || i == 0 || st.heads[i as usize] == NONE {
            L_NONE
        } else {
            u64::from(st.labels[i as usize])
        }
    };
    let (s0w, s0p, n0w, n0p) = (a.w(s0), a.p(s0), a.w(n0), a.p(n0));
    let (n1w, n1p, n2w, n2p) = (a.w(n1), a.p(n1), a.w(n2), a.p(n2));

    // Single words.
    o.f2(1, s0w, s0p);
    o.f1(2, s0w);
    o.f1(3, s0p);
    o.f2(4, n0w, n0p);
    o.f1(5, n0w);
    o.f1(6, n0p);
    o.f2(7, n1w, n1p);
    o.f1(8, n1w);
    o.f1(9, n1p);
    o.f2(10, n2w, n2p);
    o.f1(11, n2w);
    o.f1(12, n2p);
    // Word pairs.
    o.f4(13, s0w, s0p, n0w, n0p);
    o.f3(14, s0w, s0p, n0w);
    o.f3(15, s0w, n0w, n0p);
    o.f3(16, s0w, s0p, n0p);
    o.f3(17, s0p, n0w, n0p);
    o.f2(18, s0w, n0w);
    o.f2(19, s0p, n0p);
    o.f2(20, n0p, n1p);
    // Three words.
    let (s0hp, s0lp, s0rp, n0lp) = (a.p(s0h), a.p(s0l), a.p(s0r), a.p(n0l));
    o.f3(21, n0p, n1p, n2p);
    o.f3(22, s0p, n0p, n1p);
    o.f3(23, s0hp, s0p, n0p);
    o.f3(24, s0p, s0lp, n0p);
    o.f3(25, s0p, s0rp, n0p);
    o.f3(26, s0p, n0p, n0lp);
    // Distance.
    let d = dist_bucket(s0, n0);
    o.f2(27, s0w, d);
    o.f2(28, s0p, d);
    o.f2(29, n0w, d);
    o.f2(30, n0p, d);
    o.f3(31, s0w, n0w, d);
    o.f3(32, s0p, n0p, d);
    // Valency.
    let val = |v: &Vec<u8>, i: u32| {
        if i == NONE {
            99
        } else {
            u64::from(v[i as usize])
        }
    };
    let (s0vr, s0vl, n0vl) = (val(&st.rval, s0), val(&st.lval, s0), val(&st.lval, n0));
    o.f2(33, s0w, s0vr);
    o.f2(34, s0p, s0vr);
    o.f2(35, s0w, s0vl);
    o.f2(36, s0p, s0vl);
    o.f2(37, n0w, n0vl);
    o.f2(38, n0p, n0vl);
    // Unigrams of the partial tree.
    o.f1(39, a.w(s0h));
    o.f1(40, s0hp);
    o.f1(41, lab(s0));
    o.f1(42, a.w(s0l));
    o.f1(43, s0lp);
    o.f1(44, lab(s0l));
    o.f1(45, a.w(s0r));
    o.f1(46, s0rp);
    o.f1(47, lab(s0r));
    o.f1(48, a.w(n0l));
    o.f1(49, n0lp);
    o.f1(50, lab(n0l));
    // Third order.
    let (s0h2p, s0l2p, s0r2p, n0l2p) = (a.p(s0h2), a.p(s0l2), a.p(s0r2), a.p(n0l2));
    o.f1(51, a.w(s0h2));
    o.f1(52, s0h2p);
    o.f1(53, lab(s0h));
    o.f1(54, a.w(s0l2));
    o.f1(55, s0l2p);
    o.f1(56, lab(s0l2));
    o.f1(57, a.w(s0r2));
    o.f1(58, s0r2p);
    o.f1(59, lab(s0r2));
    o.f1(60, a.w(n0l2));
    o.f1(61, n0l2p);
    o.f1(62, lab(n0l2));
    o.f3(63, s0p, s0lp, s0l2p);
    o.f3(64, s0p, s0rp, s0r2p);
    o.f3(65, s0p, s0hp, s0h2p);
    o.f3(66, n0p, n0lp, n0l2p);
    // Label sets.
    let set = |v: &Vec<u64>, i: u32| if i == NONE { 1 << 63 } else { v[i as usize] };
    let (s0sr, s0sl, n0sl) = (set(&st.rset, s0), set(&st.lset, s0), set(&st.lset, n0));
    o.f2(67, s0w, s0sr);
    o.f2(68, s0p, s0sr);
    o.f2(69, s0w, s0sl);
    o.f2(70, s0p, s0sl);
    o.f2(71, n0w, n0sl);
    o.f2(72, n0p, n0sl);
    // Second stack word and label context (additions to Zhang & Nivre).
    let (s1w, s1p) = (a.w(s1), a.p(s1));
    o.f2(73, s1w, s1p);
    o.f1(74, s1p);
    o.f3(75, s1p, s0p, n0p);
    o.f3(76, s1w, s0w, n0p);
    o.f3(77, lab(s0), s0p, n0p);
    o.f3(78, lab(s0), s0w, n0w);
    o.f2(79, s0p, u64::from(st.root_taken));
    o.f1(80, 0);
    // Word clusters learned from raw news (Koo et al. 2008 style, flat classes).
    let (s0c, n0c, n1c) = (a.c(s0), a.c(n0), a.c(n1));
    o.f1(81, s0c);
    o.f1(82, n0c);
    o.f1(83, n1c);
    o.f2(84, s0c, n0c);
    o.f2(85, s0c, n0p);
    o.f2(86, s0p, n0c);
    o.f3(87, s0c, n0c, n1c);
    o.f3(88, s0p, n0c, n1p);
    o.f2(89, a.c(s0h), s0c);
    o.f2(90, s0c, a.c(s0l));
    o.f2(91, s0c, a.c(s0r));
    o.f2(92, n0c, a.c(n0l));
    o.f3(93, s0c, n0c, d);
    o.f2(94, a.c(s1), s0c);
    o.f2(95, s0w, n0c);
    o.f2(96, s0c, n0w);
    // UPOS alone, suffixes and word bigrams: redundancy against tagging errors.
    let (s0u, n0u, n1u) = (a.u(s0), a.u(n0), a.u(n1));
    o.f1(97, s0u);
    o.f1(98, n0u);
    o.f1(99, n1u);
    o.f2(100, s0u, n0u);
    o.f3(101, s0u, n0u, n1u);
    o.f3(102, a.u(s1), s0u, n0u);
    o.f3(103, a.u(s0h), s0u, n0u);
    o.f2(104, s0w, n0u);
    o.f2(105, s0u, n0w);
    let (s0s, n0s) = (a.suf(s0), a.suf(n0));
    o.f1(106, s0s);
    o.f1(107, n0s);
    o.f1(108, a.suf(n1));
    o.f2(109, s0s, n0s);
    o.f2(110, s0s, n0p);
    o.f2(111, n0w, n1w);
    o.f3(112, s0w, n0w, n1w);
}
