//! Dependency parser: arc-eager transitions scored by an averaged perceptron, trained
//! greedily and decoded with a small beam over locally normalized scores
//! ([`Parser::with_beam`]).
//!
//! * Transition system: arc-eager with the root at the bottom of the stack and a single-root
//!   constraint ([`state`]); the output is always a tree (one root, no cycles, every word
//!   attached).
//! * Labels are predicted jointly with the transition: each LEFT-ARC/RIGHT-ARC class carries
//!   one full UD relation of the training treebank (`nsubj:pass`, `obl:agent`, ...).
//! * Features: Zhang & Nivre (2011) rich non-local features hashed to 64 bits, plus word
//!   clusters learned from raw text ([`clusters`]), UPOS, suffixes and word bigrams
//!   ([`features`]).
//! * Training: dynamic oracle with exploration (Goldberg & Nivre 2012, 2013); non-projective
//!   training trees are projectivized by lifting ([`projective`]); the averaged weights of
//!   the best epoch on the dev set are kept, small ones pruned ([`TrainConfig::prune`]).
//!   Train on predicted tags (jackknifed, see `examples/train_parser.rs`) for a parser that
//!   will see predicted tags.
//!
//! The parser reads each token's `form`, `xpos` and `upos` (lemma and feats are not used).

pub mod clusters;
mod features;
mod model;
mod projective;
mod state;

use crate::model_file::{read_model, write_model, ByteReader, ByteWriter, ModelError, ModelHeader};
use crate::tagger::Tagger;
use clusters::WordClusters;
use dyad_text::conllu::ConlluSentence;
use dyad_text::Token;
use features::{extract, Atoms};
use model::{TrainWeights, Weights};
use state::{decode, Move, State, NONE};
use std::cell::RefCell;
use std::path::Path;

/// Model kind in the file header.
pub const KIND: &str = "parser";
/// Payload layout version.
pub const VERSION: u32 = 3;

/// A trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<String>,
    root: u16,
    punct: u16,
    dep: u16,
    clusters: WordClusters,
    weights: Weights,
    /// Beam width at parse time (1 = greedy), see [`Parser::with_beam`].
    beam: usize,
    /// Temperature of the local softmax that turns scores into log-probabilities in the beam.
    beam_temp: f32,
    /// Hypotheses whose log-probability is more than this below the best one are dropped.
    beam_margin: f32,
}

/// Default beam width at parse time (chosen on EWT dev with predicted tags).
pub const BEAM_WIDTH: usize = 4;
/// Default temperature of the beam's local softmax (chosen on EWT dev with predicted tags).
pub const BEAM_TEMPERATURE: f32 = 30.0;
/// Default threshold of the beam (log-probability below the best hypothesis): the beam narrows
/// where the model is confident, for speed.
pub const BEAM_MARGIN: f32 = 2.0;

/// Reusable per-thread buffers, so that parsing allocates nothing in the steady state.
#[derive(Default)]
struct Scratch {
    state: State,
    atoms: Atoms,
    feats: Vec<u64>,
    scores: Vec<f32>,
    spans: Vec<(u32, u32)>,
    beam: Vec<(State, f32)>,
    next: Vec<(State, f32)>,
    cands: Vec<(f32, u32, u32)>,
    valid_classes: Vec<u16>,
    uses: Vec<u32>,
    all_feats: Vec<u64>,
    offsets: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Fill `atoms` from tokens (form, xpos, upos).
fn atoms_of_tokens(tokens: &[Token], clusters: &WordClusters, atoms: &mut Atoms) {
    atoms.reset();
    for t in tokens {
        let upos = t.upos.as_deref().unwrap_or("_");
        let xpos = t.xpos.as_deref().unwrap_or(upos);
        atoms.push(&t.form, xpos, upos, clusters);
    }
}

/// The best valid class by `scores`, among classes allowed in `st`, with `cost` optionally
/// restricting to the cheapest classes. Returns `None` only in a terminal state.
fn best_class(
    st: &State,
    nlabels: usize,
    root: u16,
    scores: &[f32],
    mut filter: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let valid = st.valid_moves();
    let s0_is_root = st.s0() == 0;
    let mut best: Option<(usize, f32)> = None;
    let mut consider = |c: usize| {
        if filter(c) && !matches!(best, Some((_, s)) if scores[c] <= s) {
            best = Some((c, scores[c]));
        }
    };
    if valid[0] {
        consider(0);
    }
    if valid[1] {
        consider(1);
    }
    let root = root as usize;
    for l in 0..nlabels {
        if valid[2] && l != root {
            consider(2 + l);
        }
        if valid[3] && (l == root) == s0_is_root {
            consider(2 + nlabels + l);
        }
    }
    best.map(|(c, _)| c)
}

impl Parser {
    /// Load a parser model file.
    pub fn load(path: &Path) -> Result<Parser, ModelError> {
        let (header, payload) = read_model(path, KIND)?;
        if header.version != VERSION {
            return Err(ModelError::Format {
                path: path.display().to_string(),
                reason: format!(
                    "parser payload version {} (expected {VERSION})",
                    header.version
                ),
            });
        }
        let mut r = ByteReader::new(&payload);
        let labels = r.strs()?;
        let clusters = WordClusters::read(&mut r)?;
        let weights = Weights::read(&mut r)?;
        if labels.is_empty() || weights.nclasses() != 2 + 2 * labels.len() || labels.len() > 4096 {
            return Err(ModelError::Payload(
                "label count does not match the classes".into(),
            ));
        }
        Ok(Parser::from_parts(labels, clusters, weights))
    }

    fn from_parts(labels: Vec<String>, clusters: WordClusters, weights: Weights) -> Parser {
        let find = |name: &str| labels.iter().position(|l| l == name);
        let root = find("root").unwrap_or(0) as u16;
        let dep = find("dep").unwrap_or(root as usize) as u16;
        let punct = find("punct").unwrap_or(dep as usize) as u16;
        Parser {
            labels,
            root,
            punct,
            dep,
            clusters,
            weights,
            beam: BEAM_WIDTH,
            beam_temp: BEAM_TEMPERATURE,
            beam_margin: BEAM_MARGIN,
        }
    }

    /// The same parser decoding with a beam of at most `width` states (1 = greedy) whose
    /// hypotheses are ranked by the sum of local log-probabilities (softmax of the scores
    /// divided by `temperature` over the valid classes); hypotheses more than `margin` below
    /// the best are dropped. Defaults: [`BEAM_WIDTH`], [`BEAM_TEMPERATURE`], [`BEAM_MARGIN`].
    pub fn with_beam(mut self, width: usize, temperature: f32, margin: f32) -> Parser {
        self.beam = width.clamp(1, 64);
        if temperature.is_finite() && temperature > 0.0 {
            self.beam_temp = temperature;
        }
        if margin >= 0.0 {
            self.beam_margin = margin;
        }
        self
    }

    /// Write the model with `header` (its kind and version are set here).
    pub fn save(&self, path: &Path, mut header: ModelHeader) -> Result<(), ModelError> {
        header.kind = KIND.into();
        header.version = VERSION;
        let mut w = ByteWriter::default();
        w.strs(&self.labels);
        self.clusters.write(&mut w);
        self.weights.write(&mut w);
        write_model(path, &header, &w.buf)
    }

    /// The dependency relations the parser can assign.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The same parser without weights of magnitude at most `t` (see [`TrainConfig::prune`]).
    pub fn pruned(&self, t: f32) -> Parser {
        Parser {
            weights: self.weights.pruned(t),
            clusters: self.clusters.clone(),
            labels: self.labels.clone(),
            ..*self
        }
    }

    /// Parameter mixing: one parser whose weights are the average of `parsers`' (trained with
    /// different seeds on the same labels and clusters). `None` if they do not share labels.
    pub fn mixed(parsers: &[Parser]) -> Option<Parser> {
        let first = parsers.first()?;
        if parsers.iter().any(|p| p.labels != first.labels) {
            return None;
        }
        let ws: Vec<&Weights> = parsers.iter().map(|p| &p.weights).collect();
        let weights = Weights::mixed(&ws)?;
        Some(Parser {
            weights,
            clusters: first.clusters.clone(),
            labels: first.labels.clone(),
            ..*first
        })
    }

    /// Number of features with at least one weight.
    pub fn num_features(&self) -> usize {
        self.weights.num_features()
    }

    /// Number of non-zero weights kept.
    pub fn num_weights(&self) -> usize {
        self.weights.len()
    }

    /// Set head (1-based, 0 = root) and deprel on the tokens of one sentence, which should
    /// already carry form, upos and xpos. The result is always a tree: exactly one root, no
    /// cycles, every token has a head.
    pub fn parse(&self, tokens: &mut [Token]) {
        if tokens.is_empty() {
            return;
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.parse_with(tokens, &mut scratch),
            Err(_) => self.parse_with(tokens, &mut Scratch::default()),
        });
    }

    fn parse_with(&self, tokens: &mut [Token], sc: &mut Scratch) {
        let Scratch {
            state,
            atoms,
            feats,
            scores,
            spans,
            beam,
            next,
            cands,
            valid_classes,
            uses,
            all_feats,
            offsets,
        } = sc;
        atoms_of_tokens(tokens, &self.clusters, atoms);
        let is_punct = |i: u32| tokens[i as usize - 1].upos.as_deref() == Some("PUNCT");
        if self.beam > 1 {
            let bufs = BeamBufs {
                beam,
                next,
                cands,
                valid_classes,
                uses,
                all_feats,
                offsets,
            };
            self.run_beam(state, atoms, feats, scores, spans, bufs);
            let (punct, dep) = (self.punct, self.dep);
            state.finish(self.root, |k| if is_punct(k) { punct } else { dep });
        } else {
            self.run(state, atoms, feats, scores, spans, is_punct);
        }
        for (i, t) in tokens.iter_mut().enumerate() {
            let h = state.heads[i + 1];
            let h = if h == NONE { 0 } else { h as usize };
            t.head = Some(h);
            let l = state.labels[i + 1] as usize;
            t.deprel = Some(self.labels.get(l).cloned().unwrap_or_else(|| "dep".into()));
        }
    }

    /// Greedy parse of the sentence in `atoms`; the tree is left in `state`.
    fn run(
        &self,
        state: &mut State,
        atoms: &Atoms,
        feats: &mut Vec<u64>,
        scores: &mut Vec<f32>,
        spans: &mut Vec<(u32, u32)>,
        is_punct: impl Fn(u32) -> bool,
    ) {
        let nlabels = self.labels.len();
        state.reset(atoms.words.len() - 1);
        scores.resize(self.weights.nclasses(), 0.0);
        while !state.terminal() {
            extract(state, atoms, feats);
            self.weights.score(feats, scores, spans);
            let Some(c) = best_class(state, nlabels, self.root, scores, |_| true) else {
                break;
            };
            let (mv, l) = decode(c, nlabels);
            state.apply(mv, l);
        }
        let (punct, dep) = (self.punct, self.dep);
        state.finish(self.root, |k| if is_punct(k) { punct } else { dep });
    }
}

impl Parser {
    /// Beam search over the transition scores; the best final state is left in `state`
    /// (not yet finished). Hypotheses are ranked by the sum of local log-probabilities
    /// (softmax over the valid classes at temperature `beam_temp`).
    fn run_beam(
        &self,
        state: &mut State,
        atoms: &Atoms,
        feats: &mut Vec<u64>,
        scores: &mut Vec<f32>,
        spans: &mut Vec<(u32, u32)>,
        bufs: BeamBufs,
    ) {
        let BeamBufs {
            beam,
            next,
            cands,
            valid_classes,
            uses,
            all_feats,
            offsets,
        } = bufs;
        const DONE: u32 = u32::MAX;
        let nlabels = self.labels.len();
        let root = self.root as usize;
        let width = self.beam;
        let inv_t = 1.0 / self.beam_temp;
        let margin = self.beam_margin;
        state.reset(atoms.words.len() - 1);
        if beam.is_empty() {
            beam.push((State::default(), 0.0));
        }
        beam.truncate(1);
        beam[0].0.clone_from(state);
        beam[0].1 = 0.0;
        scores.resize(self.weights.nclasses(), 0.0);
        loop {
            cands.clear();
            // Features of every live hypothesis first, their slots touched together.
            all_feats.clear();
            offsets.clear();
            for (st, _) in beam.iter() {
                if !st.terminal() {
                    extract(st, atoms, feats);
                    all_feats.extend_from_slice(feats);
                }
                offsets.push(all_feats.len() as u32);
            }
            self.weights.touch(all_feats);
            let mut all_done = true;
            for (bi, (st, total)) in beam.iter().enumerate() {
                if st.terminal() {
                    cands.push((*total, bi as u32, DONE));
                    continue;
                }
                all_done = false;
                let from = if bi == 0 { 0 } else { offsets[bi - 1] as usize };
                let to = offsets[bi] as usize;
                self.weights
                    .score(all_feats.get(from..to).unwrap_or(&[]), scores, spans);
                let valid = st.valid_moves();
                let s0_is_root = st.s0() == 0;
                valid_classes.clear();
                if valid[0] {
                    valid_classes.push(0);
                }
                if valid[1] {
                    valid_classes.push(1);
                }
                for l in 0..nlabels {
                    if valid[2] && l != root {
                        valid_classes.push((2 + l) as u16);
                    }
                    if valid[3] && (l == root) == s0_is_root {
                        valid_classes.push((2 + nlabels + l) as u16);
                    }
                }
                let mx = valid_classes
                    .iter()
                    .map(|&c| scores[c as usize])
                    .fold(f32::NEG_INFINITY, f32::max);
                // Classes more than 16 nats below the best add less than 1e-7 to the sum.
                let z: f32 = valid_classes
                    .iter()
                    .map(|&c| (scores[c as usize] - mx) * inv_t)
                    .filter(|&d| d > -16.0)
                    .map(f32::exp)
                    .sum();
                let lz = z.ln();
                // Only successors within `margin` of this hypothesis' best can survive.
                for &c in valid_classes.iter() {
                    let lp = (scores[c as usize] - mx) * inv_t - lz;
                    if lp >= -lz - margin {
                        cands.push((total + lp, bi as u32, u32::from(c)));
                    }
                }
            }
            if all_done {
                break;
            }
            if cands.len() > width {
                cands.select_nth_unstable_by(width - 1, |a, b| b.0.total_cmp(&a.0));
                cands.truncate(width);
            }
            // Threshold pruning: hypotheses far below the best one are dropped, so that the
            // beam narrows where the model is confident.
            let top = cands.iter().map(|c| c.0).fold(f32::NEG_INFINITY, f32::max);
            cands.retain(|c| c.0 >= top - margin);
            // Reuse the states of `next` as buffers; a parent's last successor takes its
            // state instead of copying it.
            next.truncate(cands.len());
            while next.len() < cands.len() {
                next.push((State::default(), 0.0));
            }
            uses.clear();
            uses.resize(beam.len(), 0);
            for c in cands.iter() {
                uses[c.1 as usize] += 1;
            }
            for (slot, &(total, bi, c)) in next.iter_mut().zip(cands.iter()) {
                let bi = bi as usize;
                uses[bi] -= 1;
                if uses[bi] == 0 {
                    std::mem::swap(&mut slot.0, &mut beam[bi].0);
                } else {
                    slot.0.clone_from(&beam[bi].0);
                }
                slot.1 = total;
                if c != DONE {
                    let (mv, l) = decode(c as usize, nlabels);
                    slot.0.apply(mv, l);
                }
            }
            std::mem::swap(beam, next);
        }
        if let Some((st, _)) = beam.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            state.clone_from(st);
        }
    }
}

/// The beam's buffers, borrowed from [`Scratch`].
struct BeamBufs<'a> {
    beam: &'a mut Vec<(State, f32)>,
    next: &'a mut Vec<(State, f32)>,
    cands: &'a mut Vec<(f32, u32, u32)>,
    valid_classes: &'a mut Vec<u16>,
    uses: &'a mut Vec<u32>,
    all_feats: &'a mut Vec<u64>,
    offsets: &'a mut Vec<u32>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training set.
    pub epochs: usize,
    /// Seed of the shuffling and of exploration.
    pub seed: u64,
    /// Epochs trained with the static (gold-path) choice before exploration starts.
    pub explore_after: usize,
    /// Probability of following the model's own (possibly wrong) prediction once exploring.
    pub explore_prob: f64,
    /// Averaged weights with magnitude at or below this are dropped from the model. At 1.0
    /// the EWT model keeps 28% of its weights (17 MB instead of 48 MB, twice as fast) for
    /// no loss with predicted tags on EWT dev (and -0.1..0.2 UAS with gold tags).
    pub prune: f32,
    /// Train on predicted tags: retag the training set by K-fold jackknifing with our tagger
    /// (K taggers trained through [`crate::tagger::train`], each on the other folds) and dev
    /// with a tagger trained on all of train, so that the parser learns from the kind of tags
    /// it will see. 0 or 1: use the UPOS/XPOS columns as given.
    pub jackknife: usize,
    /// Word clusters to use as features (learned from raw text beforehand, see
    /// [`WordClusters::learn`]); stored in the model.
    pub clusters: Option<WordClusters>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            seed: 1,
            explore_after: 2,
            explore_prob: 0.9,
            prune: 1.0,
            jackknife: 5,
            clusters: None,
        }
    }
}

/// Attachment scores in percent over all words (punctuation included), as CoNLL 2018.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ParseScores {
    pub words: usize,
    pub uas: f64,
    /// LAS on the universal part of the relation (before `:`).
    pub las: f64,
    /// LAS on the full relation (subtypes must match).
    pub las_full: f64,
}

/// A training sentence: atoms, projective gold heads and label ids.
struct TrainSent {
    atoms: Atoms,
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Tiny deterministic generator (SplitMix64) for shuffling and exploration.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn atoms_of_conllu(s: &ConlluSentence, clusters: &WordClusters) -> Atoms {
    let mut a = Atoms::default();
    a.reset();
    for w in &s.words {
        let xpos = if w.xpos.is_empty() { &w.upos } else { &w.xpos };
        a.push(&w.form, xpos, &w.upos, clusters);
    }
    a
}

/// Train a parser on `train`, choosing the epoch by LAS on `dev`. Sentences whose heads are
/// missing or not a tree are skipped. The tags in the CoNLL-U columns are used as they are:
/// give predicted tags to train on predicted tags.
pub fn train(
    cfg: &TrainConfig,
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    log: &mut dyn FnMut(&str),
) -> Parser {
    let retagged;
    let (train, dev) = if cfg.jackknife >= 2 {
        retagged = jackknife_tags(train, dev, cfg.jackknife, cfg.seed, log);
        (&retagged.0[..], &retagged.1[..])
    } else {
        (train, dev)
    };
    let mut labels: Vec<String> = Vec::new();
    for s in train {
        for w in &s.words {
            if !w.deprel.is_empty() && !labels.contains(&w.deprel) {
                labels.push(w.deprel.clone());
            }
        }
    }
    labels.sort();
    if !labels.iter().any(|l| l == "root") {
        labels.push("root".into());
    }
    let label_id = |l: &str| labels.iter().position(|x| x == l);
    let nlabels = labels.len();
    let nclasses = 2 + 2 * nlabels;

    let clusters = cfg.clusters.clone().unwrap_or_default();
    let mut sents = Vec::with_capacity(train.len());
    let (mut skipped, mut lifted) = (0usize, 0usize);
    for s in train {
        let mut heads = vec![0usize];
        let mut ok = !s.words.is_empty();
        let mut lab = vec![0u16];
        for w in &s.words {
            match (w.head, label_id(&w.deprel)) {
                (Some(h), Some(l)) => {
                    heads.push(h);
                    lab.push(l as u16);
                }
                _ => ok = false,
            }
        }
        if !ok || !projective::is_tree(&heads) {
            skipped += 1;
            continue;
        }
        lifted += projective::projectivize(&mut heads);
        let mut gold: Vec<u32> = heads.iter().map(|&h| h as u32).collect();
        gold[0] = NONE;
        sents.push(TrainSent {
            atoms: atoms_of_conllu(s, &clusters),
            heads: gold,
            labels: lab,
        });
    }
    log(&format!(
        "parser: {} training sentences ({skipped} skipped), {nlabels} labels, {lifted} arcs lifted",
        sents.len()
    ));

    let mut rng = Rng(cfg.seed ^ 0x5eed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut weights = TrainWeights::new();
    let mut state = State::default();
    let mut feats = Vec::new();
    let mut scores = vec![0f32; nclasses];
    let root = label_id("root").unwrap_or(0) as u16;
    let mut best: Option<(f64, Parser)> = None;

    for epoch in 1..=cfg.epochs.max(1) {
        let started = std::time::Instant::now();
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let explore = epoch > cfg.explore_after;
        let (mut seen, mut wrong) = (0usize, 0usize);
        for &si in &order {
            let s = &sents[si];
            state.reset(s.atoms.words.len() - 1);
            while !state.terminal() {
                extract(&state, &s.atoms, &mut feats);
                weights.score(&feats, &mut scores);
                let mc = state.move_costs(&s.heads);
                let b = state.buf as usize;
                let s0 = state.s0() as usize;
                let cost = |c: usize| -> u32 {
                    let (mv, l) = decode(c, nlabels);
                    match mv {
                        Move::Shift => mc[0],
                        Move::Reduce => mc[1],
                        Move::Left => {
                            mc[2] + u32::from(s.heads[s0] == b as u32 && s.labels[s0] != l)
                        }
                        Move::Right => {
                            mc[3] + u32::from(s.heads[b] == s0 as u32 && s.labels[b] != l)
                        }
                    }
                };
                let Some(pred) = best_class(&state, nlabels, root, &scores, |_| true) else {
                    break;
                };
                // The cheapest cost among valid classes (zero unless the root constraint or
                // an earlier mistake rules every perfect move out).
                let mut min_cost = u32::MAX;
                let _ = best_class(&state, nlabels, root, &scores, |c| {
                    min_cost = min_cost.min(cost(c));
                    false
                });
                let gold = best_class(&state, nlabels, root, &scores, |c| cost(c) == min_cost)
                    .unwrap_or(pred);
                seen += 1;
                weights.time += 1;
                if cost(pred) > min_cost {
                    wrong += 1;
                    weights.update(&feats, gold, pred);
                }
                let next = if explore && pred != gold && rng.unit() < cfg.explore_prob {
                    pred
                } else {
                    gold
                };
                let (mv, l) = decode(next, nlabels);
                state.apply(mv, l);
            }
        }
        let parser = Parser::from_parts(
            labels.clone(),
            clusters.clone(),
            weights.averaged(nclasses, cfg.prune),
        );
        let scores_dev = evaluate(&parser, dev);
        log(&format!(
            "epoch {epoch}: train transition errors {:.2}%, features {}, weights {}, dev UAS {:.2} LAS {:.2} (full labels {:.2}), {:.1}s",
            100.0 * wrong as f64 / seen.max(1) as f64,
            weights.len(),
            parser.num_weights(),
            scores_dev.uas,
            scores_dev.las,
            scores_dev.las_full,
            started.elapsed().as_secs_f64()
        ));
        let key = if dev.is_empty() {
            epoch as f64
        } else {
            scores_dev.las
        };
        if !matches!(&best, Some((b, _)) if key <= *b) {
            best = Some((key, parser));
        }
    }
    match best {
        Some((_, p)) => p,
        None => Parser::from_parts(labels, clusters, weights.averaged(nclasses, cfg.prune)),
    }
}

/// Copies of `sents` with UPOS and XPOS replaced by `tagger`'s predictions.
pub fn retag(tagger: &Tagger, sents: &[ConlluSentence]) -> Vec<ConlluSentence> {
    sents
        .iter()
        .map(|s| {
            let mut tokens = s.to_tokens();
            tagger.tag(&mut tokens);
            let mut out = s.clone();
            for (w, t) in out.words.iter_mut().zip(&tokens) {
                w.upos = t.upos.clone().unwrap_or_default();
                w.xpos = t.xpos.clone().unwrap_or_default();
            }
            out
        })
        .collect()
}

/// Percentages of words whose UPOS and XPOS in `pred` match `gold`.
pub fn tag_accuracy(gold: &[ConlluSentence], pred: &[ConlluSentence]) -> (f64, f64) {
    let (mut n, mut u, mut x) = (0usize, 0usize, 0usize);
    for (g, p) in gold.iter().zip(pred) {
        for (a, b) in g.words.iter().zip(&p.words) {
            n += 1;
            u += usize::from(a.upos == b.upos);
            x += usize::from(a.xpos == b.xpos);
        }
    }
    (
        100.0 * u as f64 / n.max(1) as f64,
        100.0 * x as f64 / n.max(1) as f64,
    )
}

/// Predicted tags for training a parser: `train` tagged by `folds`-fold jackknifing (sentence
/// `i` belongs to fold `i % folds`; each fold is tagged by a tagger trained on the others)
/// and `dev` tagged by a tagger trained on all of `train`. Taggers use the default
/// [`crate::tagger::TrainConfig`] with `seed`.
pub fn jackknife_tags(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    folds: usize,
    seed: u64,
    log: &mut dyn FnMut(&str),
) -> (Vec<ConlluSentence>, Vec<ConlluSentence>) {
    let started = std::time::Instant::now();
    let tcfg = crate::tagger::TrainConfig {
        seed,
        ..Default::default()
    };
    let mut quiet = |_: &str| {};
    let k = folds.max(2);
    let mut tagged = train.to_vec();
    for fold in 0..k {
        let held: Vec<usize> = (0..train.len()).filter(|i| i % k == fold).collect();
        let rest: Vec<ConlluSentence> = (0..train.len())
            .filter(|i| i % k != fold)
            .map(|i| train[i].clone())
            .collect();
        let tagger = crate::tagger::train(&tcfg, &rest, dev, &mut quiet);
        let part: Vec<ConlluSentence> = held.iter().map(|&i| train[i].clone()).collect();
        for (&i, s) in held.iter().zip(retag(&tagger, &part)) {
            tagged[i] = s;
        }
        log(&format!(
            "jackknife fold {}/{k} tagged ({:.0}s)",
            fold + 1,
            started.elapsed().as_secs_f64()
        ));
    }
    let full = crate::tagger::train(&tcfg, train, dev, &mut quiet);
    let dev_tagged = retag(&full, dev);
    let (u, x) = tag_accuracy(train, &tagged);
    let (du, dx) = tag_accuracy(dev, &dev_tagged);
    log(&format!(
        "predicted tags: train (jackknifed) UPOS {u:.2} XPOS {x:.2}, dev UPOS {du:.2} XPOS {dx:.2} ({:.0}s)",
        started.elapsed().as_secs_f64()
    ));
    (tagged, dev_tagged)
}

/// Parse every sentence of `gold` from its own words and tags (UPOS/XPOS columns as given)
/// and score heads and labels against it.
pub fn evaluate(parser: &Parser, gold: &[ConlluSentence]) -> ParseScores {
    let (mut n, mut uas, mut las, mut full) = (0usize, 0usize, 0usize, 0usize);
    let mut tokens = Vec::new();
    for s in gold {
        tokens.clear();
        tokens.extend(s.words.iter().map(|w| Token {
            form: w.form.clone(),
            upos: Some(w.upos.clone()),
            xpos: Some(w.xpos.clone()).filter(|x| !x.is_empty()),
            ..Default::default()
        }));
        parser.parse(&mut tokens);
        for (w, t) in s.words.iter().zip(&tokens) {
            n += 1;
            if w.head.is_some() && w.head == t.head {
                uas += 1;
                let pred = t.deprel.as_deref().unwrap_or("");
                if universal(pred) == universal(&w.deprel) {
                    las += 1;
                }
                if pred == w.deprel {
                    full += 1;
                }
            }
        }
    }
    let pct = |c: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * c as f64 / n as f64
        }
    };
    ParseScores {
        words: n,
        uas: pct(uas),
        las: pct(las),
        las_full: pct(full),
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        assert_eq!(a.next(), b.next());
        assert!((0.0..1.0).contains(&a.unit()));
    }
}
