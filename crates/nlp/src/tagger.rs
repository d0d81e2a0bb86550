//! Part-of-speech tagger: UPOS, XPOS (Penn) and FEATS for each word of a sentence.
//!
//! Two greedy left-to-right passes of an averaged perceptron ([`crate::perceptron`]):
//!
//! 1. **Tags.** One class per (UPOS, XPOS) pair seen in training (about a hundred in EWT), so
//!    UPOS comes jointly with XPOS (`IN` is `ADP` or `SCONJ`, `VBZ` is `VERB` or `AUX`...).
//!    Features: the word, its lowercase, prefixes and suffixes of 1-4 characters, two word
//!    shapes, hyphen/digit/capital flags, the two previous and two next words, suffixes of the
//!    neighbours, the two previous predicted tags and a few conjunctions. Frequent words that
//!    are (nearly) unambiguous in training come from a tag dictionary without scoring.
//! 2. **Features.** Given the tags, FEATS is chosen among the FEATS strings seen with that tag
//!    in training (most tags allow one, so no scoring); the features (all conjoined with the tag)
//!    look at the word, its suffixes, its neighbours and their tags, and the nearest nominal to
//!    the left, which carries the subject agreement that EWT marks on finite verbs
//!    (`Number=Plur|Person=3` on `VBD`).

use crate::model_file::{read_model, write_model, ByteReader, ByteWriter, ModelError, ModelHeader};
use crate::perceptron::{argmax, feat, feat2, feat3, hash_str, IdMap, Rng, Trainer, Weights};
use dyad_text::conllu::ConlluSentence;
use dyad_text::Token;
use std::collections::HashMap;
use std::path::Path;

pub mod clusters;
use clusters::Clusters;

/// Model kind in the file header.
pub const KIND: &str = "tagger";
/// Payload layout (and feature set) version.
pub const VERSION: u32 = 1;

/// A trained tagger.
pub struct Tagger {
    /// Class id -> (UPOS, XPOS).
    tags: Vec<(String, String)>,
    /// FEATS class id -> FEATS string (`""` for none).
    feats: Vec<String>,
    /// Per tag class: the FEATS ids seen with it in training, most frequent first.
    feat_cands: Vec<Vec<u16>>,
    /// Exact word form hash -> tag class, for frequent unambiguous words.
    tagdict: IdMap<u16>,
    /// Distributional word clusters (empty when trained without raw text).
    clusters: Clusters,
    /// Lowercase form hash -> (most frequent tag + 1) | (ambiguity class hash << 16), for
    /// words seen at least [`LEXICON_MIN`] times: lets a word look at the likely tags of the
    /// words to its right before they are tagged.
    lexicon: IdMap<u32>,
    tag_w: Weights,
    /// The stacked second pass, when trained with one.
    tag_w2: Option<Weights>,
    feat_w: Weights,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// A word enters the tag dictionary when seen at least this often...
    pub dict_min_count: u32,
    /// ...with one tag at least this share of the time.
    pub dict_min_share: f64,
    /// Averaged weights with a smaller magnitude are dropped from the model (0.5 halves the
    /// model against 0.001 at the same EWT dev UPOS; 1.0 costs 0.12).
    pub prune: f32,
    /// Word clusters learned from raw text ([`clusters::learn`]), used as features.
    pub clusters: Option<Clusters>,
    /// Train the first pass this many times on different shuffles and average the weights.
    pub mix: usize,
    /// Add a second, stacked pass that sees the first pass's tags on both sides. Off by
    /// default: on EWT dev it gained 0.08 UPOS for half the tagging speed.
    pub stacked: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            seed: 1,
            dict_min_count: 20,
            dict_min_share: 0.99,
            prune: 0.5,
            clusters: None,
            stacked: false,
            mix: 3,
        }
    }
}

/// Accuracies in percent over all words (punctuation included), as CoNLL 2018 counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TagScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    /// All features exact.
    pub ufeats: f64,
    /// UPOS, XPOS and FEATS all right.
    pub all_tags: f64,
}

// ---------------------------------------------------------------------------------------------
// Word-level precomputation

const MAX_AFFIX: usize = 4;

/// Everything the features need from one word, hashed once per sentence.
#[derive(Clone, Copy, Default)]
struct WordInfo {
    form: u64,
    lower: u64,
    /// Lowercase, or the shape when the word has a digit (numbers generalise by shape).
    ctx: u64,
    pre: [u64; MAX_AFFIX],
    suf: [u64; MAX_AFFIX],
    shape: u64,
    shape_long: u64,
    /// Coarse and fine cluster ids (0 when the word is not clustered).
    clu_c: u64,
    clu_f: u64,
    /// How often the word is capitalized inside sentences of raw text (bucket, 0 = unknown).
    cap: u64,
    /// Most frequent training tag + 1 and ambiguity class (0 when not in the lexicon).
    mft: u64,
    amb: u64,
    flags: u32,
}

const F_HYPHEN: u32 = 1;
const F_DIGIT: u32 = 2;
const F_UPPER_FIRST: u32 = 4;
const F_ALL_UPPER: u32 = 8;
const F_HAS_UPPER: u32 = 16;
const F_ALPHA: u32 = 32;
/// Set on every word of a sentence written in title case (headlines).
const F_TITLE: u32 = 128;

/// Flag headline-style sentences, where capitals say little about proper nouns. `ws` is
/// padded with 2 words on each side.
fn mark_title(ws: &mut [WordInfo]) {
    let n = ws.len().saturating_sub(4);
    let (mut alpha, mut upper) = (0, 0);
    for w in ws.iter().skip(3).take(n.saturating_sub(1)) {
        if w.flags & F_ALPHA != 0 {
            alpha += 1;
            upper += usize::from(w.flags & F_UPPER_FIRST != 0);
        }
    }
    if alpha >= 3 && upper * 10 >= alpha * 6 {
        for w in ws.iter_mut().skip(2).take(n) {
            w.flags |= F_TITLE;
        }
    }
}

fn shapes(form: &str) -> (String, String) {
    let mut short = String::new();
    let mut long = String::new();
    let mut last = '\0';
    let mut run = 0;
    for ch in form.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else {
            ch
        };
        if c == last {
            run += 1;
        } else {
            run = 1;
            short.push(c);
        }
        if run <= 4 {
            long.push(c);
        }
        last = c;
    }
    (short, long)
}

/// Words seen fewer times in training stay out of the lexicon (their entry would simply
/// restate the gold tag of the one sentence they occur in).
const LEXICON_MIN: u32 = 3;

fn word_info(form: &str, clusters: &Clusters, lexicon: &IdMap<u32>) -> WordInfo {
    let lower = form.to_lowercase();
    let (short, long) = shapes(form);
    let mut flags = 0;
    let mut has_alpha = false;
    let mut all_upper = true;
    for (i, ch) in form.chars().enumerate() {
        if ch == '-' {
            flags |= F_HYPHEN;
        }
        if ch.is_ascii_digit() {
            flags |= F_DIGIT;
        }
        if ch.is_alphabetic() {
            has_alpha = true;
            if ch.is_uppercase() {
                flags |= F_HAS_UPPER;
                if i == 0 {
                    flags |= F_UPPER_FIRST;
                }
            } else {
                all_upper = false;
            }
        }
    }
    if has_alpha {
        flags |= F_ALPHA;
        if all_upper {
            flags |= F_ALL_UPPER;
        }
    }
    let mut info = WordInfo {
        form: hash_str(form),
        lower: hash_str(&lower),
        shape: hash_str(&short),
        shape_long: hash_str(&long),
        flags,
        ..Default::default()
    };
    info.ctx = if flags & F_DIGIT != 0 {
        info.shape_long
    } else {
        info.lower
    };
    if !clusters.is_empty() {
        let key = if flags & F_DIGIT != 0 {
            hash_str(&clusters::cluster_key(form))
        } else {
            info.lower
        };
        let (c, f, cap) = clusters.get(key);
        info.clu_c = u64::from(c);
        info.clu_f = u64::from(f);
        info.cap = u64::from(cap);
    }
    if let Some(&v) = lexicon.get(&info.lower) {
        info.mft = u64::from(v & 0xFFFF);
        info.amb = u64::from(v >> 16) | 0x1_0000;
    }
    let bounds: Vec<usize> = lower
        .char_indices()
        .map(|(i, _)| i)
        .chain([lower.len()])
        .collect();
    let n = bounds.len() - 1;
    for k in 1..=MAX_AFFIX.min(n) {
        info.pre[k - 1] = hash_str(&lower[..bounds[k]]);
        info.suf[k - 1] = hash_str(&lower[bounds[n - k]..]);
    }
    info
}

/// Padding beyond the sentence edges.
fn pad_info(which: &str) -> WordInfo {
    let h = hash_str(which);
    WordInfo {
        form: h,
        lower: h,
        ctx: h,
        pre: [h; MAX_AFFIX],
        suf: [h; MAX_AFFIX],
        shape: h,
        shape_long: h,
        clu_c: h,
        clu_f: h,
        cap: h,
        mft: h,
        amb: h,
        flags: 0,
    }
}

/// Tag-class history hashes: class ids shifted so that "none" (sentence start) is distinct.
#[inline]
fn tag_h(t: Option<u16>) -> u64 {
    t.map_or(0xABCD_EF01, |t| u64::from(t) + 1)
}

/// Features of word `i` for the tag pass. `ws` is padded with 2 words on each side, so word
/// `i` of the sentence is `ws[i + 2]`; `prev` are the tags already chosen.
fn tag_features(
    ws: &[WordInfo],
    i: usize,
    prev: &[u16],
    first: Option<&[u16]>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = &ws[i + 2];
    let (p1, p2, n1, n2) = (&ws[i + 1], &ws[i], &ws[i + 3], &ws[i + 4]);
    let t1 = tag_h(i.checked_sub(1).map(|j| prev[j]));
    let t2 = tag_h(i.checked_sub(2).map(|j| prev[j]));
    out.push(feat(0, 0));
    out.push(feat(1, w.form));
    out.push(feat(2, w.lower));
    for k in 0..MAX_AFFIX {
        if w.suf[k] != 0 {
            out.push(feat(3 + k as u32, w.suf[k]));
            out.push(feat(7 + k as u32, w.pre[k]));
        }
    }
    out.push(feat(11, w.shape));
    out.push(feat(12, w.shape_long));
    out.push(feat(13, u64::from(w.flags) | if i == 0 { 64 } else { 0 }));
    out.push(feat(20, p1.ctx));
    out.push(feat(21, p2.ctx));
    out.push(feat(22, n1.ctx));
    out.push(feat(23, n2.ctx));
    out.push(feat(24, p1.suf[2]));
    out.push(feat(25, n1.suf[2]));
    out.push(feat(26, t1));
    out.push(feat(27, t2));
    out.push(feat2(28, t1, t2));
    out.push(feat2(29, t1, w.lower));
    out.push(feat2(30, w.lower, n1.ctx));
    out.push(feat2(31, p1.ctx, w.lower));
    out.push(feat2(32, t1, w.suf[2]));
    out.push(feat(33, n1.shape));
    out.push(feat2(34, t1, n1.ctx));
    out.push(feat2(35, n1.ctx, n2.ctx));
    out.push(feat(36, n1.suf[1]));
    out.push(feat(37, p1.shape));
    out.push(feat(40, w.clu_f));
    out.push(feat(41, w.clu_c));
    out.push(feat(42, p1.clu_f));
    out.push(feat(43, n1.clu_f));
    out.push(feat(44, n1.clu_c));
    out.push(feat(45, p1.clu_c));
    out.push(feat2(46, t1, w.clu_f));
    out.push(feat(47, n2.clu_c));
    out.push(feat2(
        48,
        w.cap,
        u64::from(w.flags & (F_UPPER_FIRST | F_TITLE)) | if i == 0 { 1 } else { 0 },
    ));
    out.push(feat2(49, u64::from(w.flags & F_TITLE), w.shape));
    out.push(feat2(50, n1.cap, u64::from(n1.flags & F_UPPER_FIRST)));
    out.push(feat(52, n1.mft));
    out.push(feat(53, n1.amb));
    out.push(feat2(54, w.lower, n1.mft));
    out.push(feat(55, n2.mft));
    out.push(feat2(56, n1.mft, n2.mft));
    out.push(feat(57, w.amb));
    out.push(feat2(58, t1, n1.amb));
    out.push(feat2(59, w.amb, n1.amb));
    if let Some(f) = first {
        // Stacked pass: the pass-1 tags around the word, left and right.
        let g = |j: Option<usize>| {
            j.and_then(|j| f.get(j))
                .map_or(0xFEED, |&t| u64::from(t) + 1)
        };
        let (f0, fp1, fn1, fn2) = (
            g(Some(i)),
            g(i.checked_sub(1)),
            g(Some(i + 1)),
            g(Some(i + 2)),
        );
        out.push(feat(70, f0));
        out.push(feat(71, fn1));
        out.push(feat(72, fn2));
        out.push(feat2(73, f0, fn1));
        out.push(feat2(74, fp1, f0));
        out.push(feat2(75, w.lower, fn1));
        out.push(feat3(76, fp1, f0, fn1));
        out.push(feat2(77, fn1, fn2));
        out.push(feat2(78, t1, fn1));
        out.push(feat2(79, f0, w.lower));
    }
    out.push(feat2(51, p1.cap, u64::from(p1.flags & F_UPPER_FIRST)));
}

/// What the FEATS pass knows of one word once tags are chosen.
#[derive(Clone, Copy)]
struct Tagged {
    tag: u16,
}

/// Features of word `i` for the FEATS pass (conjoined with its tag by the caller's template).
fn feat_features(
    ws: &[WordInfo],
    tags: &[Tagged],
    subj: Option<(usize, u64)>,
    i: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = &ws[i + 2];
    let tc = u64::from(tags[i].tag);
    let tp1 = tag_h(i.checked_sub(1).map(|j| tags[j].tag));
    let tp2 = tag_h(i.checked_sub(2).map(|j| tags[j].tag));
    let tn1 = tag_h(tags.get(i + 1).map(|t| t.tag));
    let (p1, p2, n1) = (&ws[i + 1], &ws[i], &ws[i + 3]);
    out.push(feat(100, tc));
    out.push(feat2(101, tc, w.lower));
    for k in 0..3 {
        if w.suf[k] != 0 {
            out.push(feat2(102 + k as u32, tc, w.suf[k]));
        }
    }
    out.push(feat2(105, tc, p1.ctx));
    out.push(feat2(106, tc, p2.ctx));
    out.push(feat2(107, tc, n1.ctx));
    out.push(feat2(108, tc, tp1));
    out.push(feat2(109, tc, tp2));
    out.push(feat2(110, tc, tn1));
    out.push(feat3(111, tc, tp1, p1.lower));
    out.push(feat3(112, tc, tp1, tn1));
    out.push(feat3(113, tc, w.lower, p1.ctx));
    match subj {
        Some((dist, h)) => {
            out.push(feat2(114, tc, h));
            out.push(feat3(115, tc, h, dist.min(4) as u64));
            out.push(feat3(116, tc, h, w.lower));
        }
        None => out.push(feat2(117, tc, 1)),
    }
    out.push(feat2(
        118,
        tc,
        u64::from(w.flags & (F_UPPER_FIRST | F_DIGIT | F_ALL_UPPER)),
    ));
}

/// Per tag class: is it a nominal a finite verb can agree with, and how to name it.
#[derive(Clone, Copy, PartialEq)]
enum Nominal {
    No,
    /// Pronouns agree by their word ("I", "they").
    ByWord,
    /// Nouns by their tag (`NNS`, `NNP`).
    ByTag,
    /// A clause boundary or relative pronoun: stop looking further left.
    Barrier,
}

fn nominal_kind(upos: &str, xpos: &str) -> Nominal {
    match (upos, xpos) {
        ("PRON", "PRP")
        | ("PRON", "WP")
        | ("PRON", "WDT")
        | ("PRON", "EX")
        | ("PRON", "DT")
        | ("PRON", "NN") => Nominal::ByWord,
        ("NOUN", _) | ("PROPN", _) | ("NUM", _) => Nominal::ByTag,
        (_, ".") | (_, ":") | ("CCONJ", _) => Nominal::Barrier,
        _ => Nominal::No,
    }
}

// ---------------------------------------------------------------------------------------------
// Prediction

impl Tagger {
    /// Load a tagger model file.
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        let (header, payload) = read_model(path, KIND)?;
        if header.version != VERSION {
            return Err(ModelError::Format {
                path: path.display().to_string(),
                reason: format!(
                    "tagger version {} (this build reads {VERSION})",
                    header.version
                ),
            });
        }
        Tagger::from_payload(&payload)
    }

    /// Save to `path`; `header` carries command/data/seed/scores filled by the caller.
    pub fn save(&self, path: &Path, mut header: ModelHeader) -> Result<(), ModelError> {
        header.kind = KIND.into();
        header.version = VERSION;
        write_model(path, &header, &self.to_payload())
    }

    fn to_payload(&self) -> Vec<u8> {
        let mut w = ByteWriter::default();
        let upos: Vec<String> = self.tags.iter().map(|t| t.0.clone()).collect();
        let xpos: Vec<String> = self.tags.iter().map(|t| t.1.clone()).collect();
        w.strs(&upos);
        w.strs(&xpos);
        w.strs(&self.feats);
        for c in &self.feat_cands {
            w.u32(c.len() as u32);
            for &f in c {
                w.u32(u32::from(f));
            }
        }
        let mut dict: Vec<(u64, u16)> = self.tagdict.iter().map(|(&k, &v)| (k, v)).collect();
        dict.sort_unstable();
        w.u64(dict.len() as u64);
        for (k, v) in dict {
            w.u64(k);
            w.u32(u32::from(v));
        }
        self.clusters.write(&mut w);
        let mut lex: Vec<(u64, u32)> = self.lexicon.iter().map(|(&k, &v)| (k, v)).collect();
        lex.sort_unstable();
        w.u64(lex.len() as u64);
        for (k, v) in lex {
            w.u64(k);
            w.u32(v);
        }
        self.tag_w.write(&mut w);
        w.u32(u32::from(self.tag_w2.is_some()));
        if let Some(w2) = &self.tag_w2 {
            w2.write(&mut w);
        }
        self.feat_w.write(&mut w);
        w.buf
    }

    fn from_payload(payload: &[u8]) -> Result<Tagger, ModelError> {
        let bad = |m: &str| ModelError::Payload(format!("tagger: {m}"));
        let mut r = ByteReader::new(payload);
        let upos = r.strs()?;
        let xpos = r.strs()?;
        if upos.len() != xpos.len() || upos.is_empty() || upos.len() > u16::MAX as usize {
            return Err(bad("tag tables"));
        }
        let tags: Vec<(String, String)> = upos.into_iter().zip(xpos).collect();
        let feats = r.strs()?;
        if feats.is_empty() || feats.len() > u16::MAX as usize {
            return Err(bad("feats table"));
        }
        let mut feat_cands = Vec::with_capacity(tags.len());
        for _ in 0..tags.len() {
            let n = r.u32()? as usize;
            if n == 0 || n > feats.len() {
                return Err(bad("feats candidates"));
            }
            let mut c = Vec::with_capacity(n);
            for _ in 0..n {
                let f = r.u32()? as usize;
                if f >= feats.len() {
                    return Err(bad("feats id"));
                }
                c.push(f as u16);
            }
            feat_cands.push(c);
        }
        let n = r.u64()? as usize;
        if n > payload.len() {
            return Err(bad("dictionary size"));
        }
        let mut tagdict = IdMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.u32()? as usize;
            if v >= tags.len() {
                return Err(bad("dictionary tag"));
            }
            tagdict.insert(k, v as u16);
        }
        let clusters = Clusters::read(&mut r, payload.len())?;
        let n = r.u64()? as usize;
        if n > payload.len() {
            return Err(bad("lexicon size"));
        }
        let mut lexicon = IdMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            lexicon.insert(k, r.u32()?);
        }
        let tag_w = Weights::read(&mut r)?;
        let tag_w2 = match r.u32()? {
            0 => None,
            1 => Some(Weights::read(&mut r)?),
            _ => return Err(bad("second pass flag")),
        };
        if tag_w2.as_ref().is_some_and(|w| w.n_classes() != tags.len()) {
            return Err(bad("second pass weights do not match the tag table"));
        }
        let feat_w = Weights::read(&mut r)?;
        if tag_w.n_classes() != tags.len() {
            return Err(bad("tag weights do not match the tag table"));
        }
        let max_c = feat_cands.iter().map(Vec::len).max().unwrap_or(1);
        if feat_w.n_classes() < max_c {
            return Err(bad("feats weights do not match the candidates"));
        }
        if !r.is_empty() {
            return Err(bad("trailing bytes"));
        }
        Ok(Tagger {
            tags,
            feats,
            feat_cands,
            tagdict,
            clusters,
            lexicon,
            tag_w,
            tag_w2,
            feat_w,
        })
    }

    /// The tag classes as (UPOS, XPOS).
    pub fn tag_set(&self) -> &[(String, String)] {
        &self.tags
    }

    /// Tag and FEATS class ids for each form.
    fn predict(&self, forms: &[&str]) -> Vec<(u16, u16)> {
        let n = forms.len();
        let mut ws = Vec::with_capacity(n + 4);
        let start = pad_info("-START-");
        let end = pad_info("-END-");
        ws.push(start);
        ws.push(start);
        ws.extend(
            forms
                .iter()
                .map(|f| word_info(f, &self.clusters, &self.lexicon)),
        );
        ws.push(end);
        ws.push(end);
        mark_title(&mut ws);
        let mut tags = decode(&self.tag_w, &self.tagdict, &ws, None);
        if let Some(w2) = &self.tag_w2 {
            tags = decode(w2, &self.tagdict, &ws, Some(&tags));
        }
        let feats = decode_feats(&self.feat_w, &self.feat_cands, &self.tags, &ws, &tags);
        tags.into_iter().zip(feats).collect()
    }

    /// Fill `upos`, `xpos` and `feats` of each token (the words of one sentence, in order).
    pub fn tag(&self, tokens: &mut [Token]) {
        let forms: Vec<&str> = tokens.iter().map(|t| t.form.as_str()).collect();
        let pred = self.predict(&forms);
        for (tok, (u, x, f)) in tokens.iter_mut().zip(self.names(pred)) {
            tok.upos = Some(u.to_string());
            tok.xpos = Some(x.to_string());
            tok.feats = if f.is_empty() {
                None
            } else {
                Some(f.to_string())
            };
        }
    }

    /// Tag bare word forms: (UPOS, XPOS, FEATS) per word, borrowed from the model's tables
    /// (FEATS `""` when the word has none).
    pub fn tag_forms<'a>(&'a self, forms: &[&str]) -> Vec<(&'a str, &'a str, &'a str)> {
        self.names(self.predict(forms)).collect()
    }

    /// Class ids to names; an id out of range (only possible for a model trained on no data)
    /// gives empty strings rather than a panic.
    fn names(&self, pred: Vec<(u16, u16)>) -> impl Iterator<Item = (&str, &str, &str)> {
        pred.into_iter().map(|(t, f)| {
            let (u, x) = self
                .tags
                .get(t as usize)
                .map_or(("", ""), |(u, x)| (u.as_str(), x.as_str()));
            let f = self.feats.get(f as usize).map_or("", String::as_str);
            (u, x, f)
        })
    }
}

/// Score `tagger` on the words of `gold` (gold tokenization).
pub fn evaluate(tagger: &Tagger, gold: &[ConlluSentence]) -> TagScores {
    let mut n = 0usize;
    let mut c = [0usize; 4];
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, (u, x, f)) in s.words.iter().zip(tagger.tag_forms(&forms)) {
            n += 1;
            let ok = [w.upos == u, w.xpos == x, w.feats == f];
            for (k, &b) in ok.iter().enumerate() {
                c[k] += usize::from(b);
            }
            c[3] += usize::from(ok.iter().all(|&b| b));
        }
    }
    let pct = |k: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * c[k] as f64 / n as f64
        }
    };
    TagScores {
        words: n,
        upos: pct(0),
        xpos: pct(1),
        ufeats: pct(2),
        all_tags: pct(3),
    }
}

// ---------------------------------------------------------------------------------------------
// Training

/// One training sentence with class ids.
struct Example {
    ws: Vec<WordInfo>,
    /// Gold tag class per word (`u16::MAX` never happens in training data).
    tags: Vec<u16>,
    /// Gold FEATS id per word.
    feats: Vec<u16>,
}

/// Train a tagger on `train`, reporting per-epoch dev accuracy through `log`; the returned
/// tagger holds the averaged weights of the best dev epoch (UPOS + XPOS + UFeats).
pub fn train(
    cfg: &TrainConfig,
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    log: &mut dyn FnMut(&str),
) -> Tagger {
    // Class tables, in order of first appearance (deterministic).
    let mut tag_ids: HashMap<(String, String), u16> = HashMap::new();
    let mut tags: Vec<(String, String)> = Vec::new();
    let mut feat_ids: HashMap<String, u16> = HashMap::new();
    let mut feats: Vec<String> = Vec::new();
    let mut pair_counts: HashMap<(u16, u16), u32> = HashMap::new();
    let mut word_counts: HashMap<&str, HashMap<u16, u32>> = HashMap::new();
    let mut examples = Vec::with_capacity(train.len());
    let start = pad_info("-START-");
    let end = pad_info("-END-");
    let clusters = cfg.clusters.clone().unwrap_or_default();
    // Tag ids (first appearance order) and the lexicon of likely tags.
    let mut lex_counts: HashMap<String, HashMap<u16, u32>> = HashMap::new();
    for s in train {
        for w in &s.words {
            let key = (w.upos.clone(), w.xpos.clone());
            let t = *tag_ids.entry(key.clone()).or_insert_with(|| {
                tags.push(key);
                (tags.len() - 1) as u16
            });
            *lex_counts
                .entry(w.form.to_lowercase())
                .or_default()
                .entry(t)
                .or_default() += 1;
        }
    }
    let mut lexicon = IdMap::default();
    for (form, counts) in &lex_counts {
        if counts.values().sum::<u32>() < LEXICON_MIN {
            continue;
        }
        let mut set: Vec<u16> = counts.keys().copied().collect();
        set.sort_unstable();
        let amb = set.iter().fold(0u64, |h, &t| {
            h.wrapping_mul(1_000_003).wrapping_add(u64::from(t) + 1)
        });
        let amb = (crate::perceptron::feat(60, amb) & 0xFFFF) as u32;
        let best = counts
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
            .map_or(0, |(t, _)| *t);
        lexicon.insert(hash_str(form), (amb << 16) | (u32::from(best) + 1));
    }
    for s in train {
        let mut ex = Example {
            ws: vec![start, start],
            tags: Vec::new(),
            feats: Vec::new(),
        };
        for w in &s.words {
            let key = (w.upos.clone(), w.xpos.clone());
            let t = *tag_ids.entry(key.clone()).or_insert_with(|| {
                tags.push(key);
                (tags.len() - 1) as u16
            });
            let f = *feat_ids.entry(w.feats.clone()).or_insert_with(|| {
                feats.push(w.feats.clone());
                (feats.len() - 1) as u16
            });
            *pair_counts.entry((t, f)).or_default() += 1;
            *word_counts
                .entry(w.form.as_str())
                .or_default()
                .entry(t)
                .or_default() += 1;
            ex.ws.push(word_info(&w.form, &clusters, &lexicon));
            ex.tags.push(t);
            ex.feats.push(f);
        }
        ex.ws.push(end);
        ex.ws.push(end);
        mark_title(&mut ex.ws);
        examples.push(ex);
    }
    // FEATS candidates per tag, most frequent first (ties by id).
    let mut feat_cands: Vec<Vec<u16>> = vec![Vec::new(); tags.len()];
    let mut pairs: Vec<((u16, u16), u32)> = pair_counts.into_iter().collect();
    pairs.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((t, f), _) in pairs {
        feat_cands[t as usize].push(f);
    }
    let local: Vec<HashMap<u16, usize>> = feat_cands
        .iter()
        .map(|c| c.iter().enumerate().map(|(i, &f)| (f, i)).collect())
        .collect();
    let max_c = feat_cands.iter().map(Vec::len).max().unwrap_or(1);
    // Tag dictionary.
    let mut tagdict = IdMap::default();
    let mut words: Vec<_> = word_counts.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (form, counts) in words {
        let total: u32 = counts.values().sum();
        let (best, n) = counts
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
            .map(|(t, n)| (*t, *n))
            .unwrap_or((0, 0));
        if total >= cfg.dict_min_count && f64::from(n) / f64::from(total) >= cfg.dict_min_share {
            tagdict.insert(hash_str(form), best);
        }
    }
    // Dev sentences as examples (tags unseen in training get an id no prediction has).
    let dev_ex: Vec<Example> = dev
        .iter()
        .map(|s| {
            let mut ex = Example {
                ws: vec![start, start],
                tags: Vec::new(),
                feats: Vec::new(),
            };
            for w in &s.words {
                let key = (w.upos.clone(), w.xpos.clone());
                ex.tags.push(tag_ids.get(&key).copied().unwrap_or(u16::MAX));
                ex.feats
                    .push(feat_ids.get(&w.feats).copied().unwrap_or(u16::MAX));
                ex.ws.push(word_info(&w.form, &clusters, &lexicon));
            }
            ex.ws.push(end);
            ex.ws.push(end);
            mark_title(&mut ex.ws);
            ex
        })
        .collect();
    log(&format!(
        "{} sentences, {} tag classes, {} FEATS strings (at most {} per tag), {} dictionary words, {} lexicon words",
        examples.len(),
        tags.len(),
        feats.len(),
        max_c,
        tagdict.len(),
        lexicon.len()
    ));
    let mut rng = Rng::new(cfg.seed);
    let n_tags = tags.len();
    let all: Vec<usize> = (0..examples.len()).collect();
    let pass = |idx: &[usize],
                first: Option<&[Vec<u16>]>,
                dev_first: Option<&[Vec<u16>]>,
                select: bool,
                name: &str,
                rng: &mut Rng,
                log: &mut dyn FnMut(&str)| {
        let p = PassData {
            examples: &examples,
            tagdict: &tagdict,
            n_tags,
            prune: cfg.prune,
        };
        let d = if select {
            Some((dev_ex.as_slice(), dev_first))
        } else {
            None
        };
        p.train(idx, first, d, cfg.epochs.max(1), rng, name, log)
    };
    // Pass 1 on all the training data.
    let runs: Vec<Weights> = (0..cfg.mix.max(1))
        .map(|r| {
            pass(
                &all,
                None,
                None,
                true,
                &format!("pass 1 run {}", r + 1),
                &mut rng,
                log,
            )
        })
        .collect();
    let w1 = if runs.len() == 1 {
        runs.into_iter()
            .next()
            .unwrap_or_else(|| Trainer::new(n_tags).averaged(cfg.prune))
    } else {
        Weights::mix(&runs, cfg.prune)
    };
    let dev_first: Vec<Vec<u16>> = dev_ex
        .iter()
        .map(|e| decode(&w1, &tagdict, &e.ws, None))
        .collect();
    // Pass 2 (stacked): sees pass-1 tags of the whole sentence. Its training input comes from
    // 2-fold jackknifing, so that pass-1 tags on training sentences are as wrong as on new text.
    let w2 = if cfg.stacked {
        let mut order = all.clone();
        rng.shuffle(&mut order);
        let (a, b) = order.split_at(order.len() / 2);
        let mut first: Vec<Vec<u16>> = vec![Vec::new(); examples.len()];
        for (fit, apply) in [(a, b), (b, a)] {
            let w = pass(fit, None, None, false, "jackknife", &mut rng, log);
            for &k in apply {
                first[k] = decode(&w, &tagdict, &examples[k].ws, None);
            }
        }
        Some(pass(
            &all,
            Some(&first),
            Some(&dev_first),
            true,
            "pass 2",
            &mut rng,
            log,
        ))
    } else {
        None
    };
    let dev_tags: Vec<Vec<u16>> = match &w2 {
        Some(w2) => dev_ex
            .iter()
            .zip(&dev_first)
            .map(|(e, f)| decode(w2, &tagdict, &e.ws, Some(f)))
            .collect(),
        None => dev_first.clone(),
    };
    // FEATS pass, trained on gold tags, selected on dev with predicted tags.
    let mut feat_tr = Trainer::new(max_c);
    let mut fv = Vec::with_capacity(96);
    let mut fscores = vec![0f32; max_c];
    let mut order = all.clone();
    let mut best_f: Option<(f64, Weights)> = None;
    for epoch in 1..=cfg.epochs.max(1) {
        rng.shuffle(&mut order);
        for &k in &order {
            let ex = &examples[k];
            let tagged: Vec<Tagged> = ex.tags.iter().map(|&tag| Tagged { tag }).collect();
            let mut subj: Option<(usize, u64)> = None;
            for i in 0..ex.tags.len() {
                let t = ex.tags[i] as usize;
                if feat_cands[t].len() > 1 {
                    if let Some(&gold) = local[t].get(&ex.feats[i]) {
                        let s = subj.map(|(at, h)| (i - at, h));
                        feat_features(&ex.ws, &tagged, s, i, &mut fv);
                        fscores.iter_mut().for_each(|s| *s = 0.0);
                        feat_tr.score(&fv, &mut fscores);
                        let guess = argmax(&fscores[..feat_cands[t].len()]);
                        feat_tr.update(&fv, gold, guess);
                        feat_tr.tick();
                    }
                }
                subj = next_subj(&tags, subj, &ex.ws[i + 2], t, i);
            }
        }
        let w = feat_tr.averaged(cfg.prune);
        let (mut right, mut n) = (0usize, 0usize);
        for (ex, dt) in dev_ex.iter().zip(&dev_tags) {
            let fs = decode_feats(&w, &feat_cands, &tags, &ex.ws, dt);
            for (p, g) in fs.iter().zip(&ex.feats) {
                right += usize::from(p == g);
                n += 1;
            }
        }
        let acc = 100.0 * right as f64 / n.max(1) as f64;
        log(&format!("FEATS epoch {epoch}: dev UFeats {acc:.2}"));
        if best_f.as_ref().map_or(true, |(b, _)| acc > *b) {
            best_f = Some((acc, w));
        }
    }
    let feat_w = match best_f {
        Some((_, w)) => w,
        None => feat_tr.averaged(cfg.prune),
    };
    Tagger {
        tags,
        feats,
        feat_cands,
        tagdict,
        clusters,
        lexicon,
        tag_w: w1,
        tag_w2: w2,
        feat_w,
    }
}

/// Dev examples and, for a stacked pass, their pass-1 tags.
type DevSet<'a> = (&'a [Example], Option<&'a [Vec<u16>]>);

/// Training data shared by the tag passes.
struct PassData<'a> {
    examples: &'a [Example],
    tagdict: &'a IdMap<u16>,
    n_tags: usize,
    prune: f32,
}

impl PassData<'_> {
    /// Train one tag pass on the examples `idx` (with pass-1 tags `first` for a stacked
    /// pass); with `dev`, keep the averaged weights of the best dev epoch, else the last.
    #[allow(clippy::too_many_arguments)]
    fn train(
        &self,
        idx: &[usize],
        first: Option<&[Vec<u16>]>,
        dev: Option<DevSet>,
        epochs: usize,
        rng: &mut Rng,
        name: &str,
        log: &mut dyn FnMut(&str),
    ) -> Weights {
        let mut tr = Trainer::new(self.n_tags);
        let mut order = idx.to_vec();
        let mut fv = Vec::with_capacity(96);
        let mut scores = vec![0f32; self.n_tags];
        let mut best: Option<(f64, Weights)> = None;
        for epoch in 1..=epochs {
            rng.shuffle(&mut order);
            let (mut right, mut seen) = (0usize, 0usize);
            for &k in &order {
                let ex = &self.examples[k];
                let f = first.map(|f| f[k].as_slice());
                let mut pred: Vec<u16> = Vec::with_capacity(ex.tags.len());
                for i in 0..ex.tags.len() {
                    if let Some(&t) = self.tagdict.get(&ex.ws[i + 2].form) {
                        pred.push(t);
                        continue;
                    }
                    tag_features(&ex.ws, i, &pred, f, &mut fv);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    tr.score(&fv, &mut scores);
                    let guess = argmax(&scores);
                    tr.update(&fv, ex.tags[i] as usize, guess);
                    tr.tick();
                    right += usize::from(guess == ex.tags[i] as usize);
                    seen += 1;
                    pred.push(guess as u16);
                }
            }
            let Some((dev, dev_first)) = dev else {
                if epoch == epochs {
                    log(&format!("{name}: {} sentences, {epochs} epochs", idx.len()));
                    return tr.averaged(self.prune);
                }
                continue;
            };
            let w = tr.averaged(self.prune);
            let (mut ok, mut n) = (0usize, 0usize);
            for (j, ex) in dev.iter().enumerate() {
                let f = dev_first.map(|f| f[j].as_slice());
                let p = decode(&w, self.tagdict, &ex.ws, f);
                for (a, b) in p.iter().zip(&ex.tags) {
                    ok += usize::from(a == b);
                    n += 1;
                }
            }
            let acc = 100.0 * ok as f64 / n.max(1) as f64;
            log(&format!(
                "{name} epoch {epoch}: train (scored words) {:.2}  dev UPOS+XPOS {acc:.2}  ({} features)",
                100.0 * right as f64 / seen.max(1) as f64,
                w.n_features()
            ));
            if best.as_ref().map_or(true, |(b, _)| acc > *b) {
                best = Some((acc, w));
            }
        }
        match best {
            Some((_, w)) => w,
            None => tr.averaged(self.prune),
        }
    }
}

/// Greedy left-to-right tagging of a padded sentence with one pass's weights.
fn decode(w: &Weights, tagdict: &IdMap<u16>, ws: &[WordInfo], first: Option<&[u16]>) -> Vec<u16> {
    let n = ws.len().saturating_sub(4);
    let mut fv = Vec::with_capacity(96);
    let mut scores = vec![0f32; w.n_classes()];
    let mut tags: Vec<u16> = Vec::with_capacity(n);
    for i in 0..n {
        if let Some(&t) = tagdict.get(&ws[i + 2].form) {
            tags.push(t);
            continue;
        }
        tag_features(ws, i, &tags, first, &mut fv);
        scores.iter_mut().for_each(|s| *s = 0.0);
        w.score(&fv, &mut scores);
        tags.push(argmax(&scores) as u16);
    }
    tags
}

/// FEATS ids for a padded sentence whose tags are known.
fn decode_feats(
    w: &Weights,
    feat_cands: &[Vec<u16>],
    tag_set: &[(String, String)],
    ws: &[WordInfo],
    tags: &[u16],
) -> Vec<u16> {
    let tagged: Vec<Tagged> = tags.iter().map(|&tag| Tagged { tag }).collect();
    let mut fv = Vec::with_capacity(64);
    let mut fscores = vec![0f32; w.n_classes()];
    let mut subj: Option<(usize, u64)> = None;
    let mut out = Vec::with_capacity(tags.len());
    for (i, &t) in tags.iter().enumerate() {
        let t = t as usize;
        let Some(cands) = feat_cands.get(t) else {
            out.push(u16::MAX);
            continue;
        };
        let f = if cands.len() <= 1 {
            cands.first().copied().unwrap_or(u16::MAX)
        } else {
            let s = subj.map(|(at, h)| (i - at, h));
            feat_features(ws, &tagged, s, i, &mut fv);
            fscores.iter_mut().for_each(|s| *s = 0.0);
            w.score(&fv, &mut fscores);
            cands[argmax(&fscores[..cands.len().min(fscores.len())])]
        };
        out.push(f);
        subj = next_subj(tag_set, subj, &ws[i + 2], t, i);
    }
    out
}

/// Track the nearest nominal to the left (see [`Nominal`]) after word `i` with tag `t`.
fn next_subj(
    tag_set: &[(String, String)],
    subj: Option<(usize, u64)>,
    w: &WordInfo,
    t: usize,
    i: usize,
) -> Option<(usize, u64)> {
    let Some((u, x)) = tag_set.get(t) else {
        return subj;
    };
    match nominal_kind(u, x) {
        Nominal::ByWord => Some((i, w.lower)),
        Nominal::ByTag => Some((i, feat(199, t as u64))),
        Nominal::Barrier => None,
        Nominal::No => subj,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(
            shapes("Putin-2022"),
            ("Xx-d".to_string(), "Xxxxx-dddd".to_string())
        );
        let w = word_info("Éric", &Clusters::default(), &IdMap::default());
        assert_ne!(w.suf[3], 0);
        assert_eq!(
            w.suf[3], w.pre[3],
            "whole 4-char word is both prefix and suffix"
        );
        assert_eq!(
            word_info("a", &Clusters::default(), &IdMap::default()).suf[1],
            0
        );
    }
}
