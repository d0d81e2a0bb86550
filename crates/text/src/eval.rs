//! Scoring sentence splitting and tokenization against a UD treebank, the way the CoNLL 2018
//! shared task evaluation does it.
//!
//! The raw text of a treebank is rebuilt from its `# text` comments ([`raw_text`]): sentences
//! of a paragraph are joined by one space, paragraphs (`# newpar`) and documents (`# newdoc`)
//! by a blank line. A treebank without `# newpar` marks (PUD) thus gets one paragraph per
//! document. The system segments that text; gold and system units are then compared by their
//! spans over the *non-whitespace* characters of the text, so whitespace differences never
//! matter:
//! * **Tokens**: surface tokens (a multiword token counts once) with identical spans;
//! * **Sentences**: sentences with identical spans;
//! * **Words**: syntactic words. Outside multiword tokens a word matches when its span
//!   matches. Where a multiword token occurs on either side, the maximal stretch of
//!   overlapping tokens on both sides is taken and its words are aligned by a longest
//!   common subsequence of their lowercased forms (the shared task's method, reimplemented).

use std::path::Path;

use crate::conllu::{read_file, ConlluError, ConlluSentence};
use crate::document::Sentence;

/// Counts behind one precision/recall/F1 figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    /// Units in the gold standard.
    pub gold: usize,
    /// Units the system produced.
    pub system: usize,
    /// Units on both sides (matched).
    pub correct: usize,
}

impl Prf {
    /// Correct / system (1.0 when the system produced nothing and gold is empty).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }
    /// Correct / gold.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// Harmonic mean of precision and recall, as in the shared task: 2c / (g + s).
    pub fn f1(&self) -> f64 {
        ratio(2 * self.correct, self.gold + self.system)
    }
    fn add(&mut self, o: Prf) {
        self.gold += o.gold;
        self.system += o.system;
        self.correct += o.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        if a == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        a as f64 / b as f64
    }
}

/// Segmentation scores for one treebank file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegScores {
    pub tokens: Prf,
    pub words: Prf,
    pub sentences: Prf,
}

impl SegScores {
    /// Sum the counts of two evaluations (micro-average over files).
    pub fn add(&mut self, o: &SegScores) {
        self.tokens.add(o.tokens);
        self.words.add(o.words);
        self.sentences.add(o.sentences);
    }
}

/// The CoNLL 2018-style table: one row per metric with precision, recall and F1 in percent,
/// then the raw counts.
impl std::fmt::Display for SegScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{:<10} {:>8} {:>8} {:>8}", "Metric", "P", "R", "F1")?;
        for (name, p) in [
            ("Tokens", &self.tokens),
            ("Words", &self.words),
            ("Sentences", &self.sentences),
        ] {
            writeln!(
                f,
                "{:<10} {:>8.2} {:>8.2} {:>8.2}   (gold {}, system {}, correct {})",
                name,
                100.0 * p.precision(),
                100.0 * p.recall(),
                100.0 * p.f1(),
                p.gold,
                p.system,
                p.correct
            )?;
        }
        Ok(())
    }
}

/// Why a treebank could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Conllu(#[from] ConlluError),
    #[error("sentence at line {line} has no `# text` comment")]
    NoText { line: u64 },
    #[error(
        "gold tokens do not spell the text near non-space character {at} (sentence at line {line})"
    )]
    Mismatch { at: usize, line: u64 },
}

/// Rebuild the raw text of a treebank from its `# text` lines (see the module docs).
pub fn raw_text(gold: &[ConlluSentence]) -> Result<String, EvalError> {
    let mut out = String::new();
    for (i, s) in gold.iter().enumerate() {
        let text = s.text().ok_or(EvalError::NoText { line: s.line })?;
        if i > 0 {
            let new_par = s
                .comments
                .iter()
                .any(|c| c.starts_with("# newpar") || c.starts_with("# newdoc"));
            out.push_str(if new_par { "\n\n" } else { " " });
        }
        out.push_str(text);
    }
    Ok(out)
}

/// A unit in non-whitespace character coordinates: `start..end`.
type Span = (usize, usize);

/// One syntactic word prepared for alignment.
#[derive(Debug, Clone)]
struct Word {
    /// The word's span, or its multiword token's span.
    span: Span,
    /// Part of a multiword token?
    multi: bool,
    form_lower: String,
    /// (sentence index, word index) on its side, reported in [`WordAlignment::pairs`].
    at: (usize, usize),
}

/// Scores plus the word alignment behind them, for scoring later stages (UPOS, LAS...) on
/// raw text the way the CoNLL 2018 shared task does: compare columns of aligned words only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordAlignment {
    pub scores: SegScores,
    /// Aligned word pairs in text order.
    pub pairs: Vec<AlignedWord>,
}

/// One gold word aligned to one system word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlignedWord {
    /// (index into the gold sentences, index into that sentence's `words`).
    pub gold: (usize, usize),
    /// (index into the system sentences, index into that sentence's `tokens`).
    pub system: (usize, usize),
}

/// Read a CoNLL-U file, segment its raw text with [`crate::split::segment`], and score.
pub fn evaluate_file(path: &Path) -> Result<SegScores, EvalError> {
    let gold = read_file(path)?;
    let text = raw_text(&gold)?;
    let system = crate::split::segment(&text);
    evaluate(&gold, &text, &system)
}

/// Score `system` (sentences over `text`, byte offsets) against `gold` sentences whose forms
/// spell `text` (modulo whitespace). Usable with any segmenter's output.
pub fn evaluate(
    gold: &[ConlluSentence],
    text: &str,
    system: &[Sentence],
) -> Result<SegScores, EvalError> {
    align(gold, text, system).map(|a| a.scores)
}

/// Like [`evaluate`], and also return which gold word each system word was aligned to.
pub fn align(
    gold: &[ConlluSentence],
    text: &str,
    system: &[Sentence],
) -> Result<WordAlignment, EvalError> {
    // Non-whitespace character index of each byte offset.
    let mut nws = Vec::with_capacity(text.len() + 1);
    let mut count = 0usize;
    let mut text_chars = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        while nws.len() < i {
            nws.push(count);
        }
        nws.push(count);
        if !c.is_whitespace() {
            count += 1;
            text_chars.push(c);
        }
    }
    while nws.len() <= text.len() {
        nws.push(count);
    }
    let at = |b: usize| nws[b.min(text.len())];

    let (g_tokens, g_words, g_sents) = gold_units(gold, &text_chars)?;

    let mut s_tokens = Vec::new();
    let mut s_words = Vec::new();
    let mut s_sents = Vec::new();
    for (si, s) in system.iter().enumerate() {
        if s.tokens.is_empty() {
            continue;
        }
        s_sents.push((at(s.start), at(s.end)));
        let mut mw = s.multiwords.iter().peekable();
        let mut i = 0;
        while i < s.tokens.len() {
            if let Some(m) = mw.peek().filter(|m| m.first == i && m.last >= i) {
                let last = m.last.min(s.tokens.len() - 1);
                let span = (at(s.tokens[i].start), at(s.tokens[last].end));
                s_tokens.push(span);
                for (k, t) in s.tokens[i..=last].iter().enumerate() {
                    s_words.push(Word {
                        span,
                        multi: true,
                        form_lower: t.form.to_lowercase(),
                        at: (si, i + k),
                    });
                }
                i = last + 1;
                mw.next();
            } else {
                let t = &s.tokens[i];
                let span = (at(t.start), at(t.end));
                s_tokens.push(span);
                s_words.push(Word {
                    span,
                    multi: false,
                    form_lower: t.form.to_lowercase(),
                    at: (si, i),
                });
                i += 1;
            }
        }
    }

    let pairs: Vec<AlignedWord> = align_words(&g_words, &s_words)
        .into_iter()
        .map(|(g, s)| AlignedWord {
            gold: g_words[g].at,
            system: s_words[s].at,
        })
        .collect();
    Ok(WordAlignment {
        scores: SegScores {
            tokens: match_spans(&g_tokens, &s_tokens),
            words: Prf {
                gold: g_words.len(),
                system: s_words.len(),
                correct: pairs.len(),
            },
            sentences: match_spans(&g_sents, &s_sents),
        },
        pairs,
    })
}

/// Gold surface tokens, words and sentences in non-whitespace coordinates, checking that
/// the gold forms spell `text_chars`.
#[allow(clippy::type_complexity)]
fn gold_units(
    gold: &[ConlluSentence],
    text_chars: &[char],
) -> Result<(Vec<Span>, Vec<Word>, Vec<Span>), EvalError> {
    let mut tokens = Vec::new();
    let mut words = Vec::new();
    let mut sents = Vec::new();
    let mut pos = 0usize;
    let spell = |form: &str, pos: &mut usize, line: u64| -> Result<Span, EvalError> {
        let start = *pos;
        for c in form.chars().filter(|c| !c.is_whitespace()) {
            if text_chars.get(*pos) != Some(&c) {
                return Err(EvalError::Mismatch { at: *pos, line });
            }
            *pos += 1;
        }
        Ok((start, *pos))
    };
    for (gsi, s) in gold.iter().enumerate() {
        let sent_start = pos;
        let mut ranges = s.multiwords().peekable();
        let mut i = 0;
        while i < s.words.len() {
            let id = s.words[i].id;
            if let Some((a, b, f)) = ranges.peek().copied().filter(|r| r.0 == id) {
                let span = spell(f, &mut pos, s.line)?;
                tokens.push(span);
                let before = words.len();
                let in_range = s.words[i..].iter().take_while(|w| w.id >= a && w.id <= b);
                for (k, w) in in_range.enumerate() {
                    words.push(Word {
                        span,
                        multi: true,
                        form_lower: w.form.to_lowercase(),
                        at: (gsi, i + k),
                    });
                }
                i += (words.len() - before).max(1);
                ranges.next();
            } else {
                let span = spell(&s.words[i].form, &mut pos, s.line)?;
                tokens.push(span);
                words.push(Word {
                    span,
                    multi: false,
                    form_lower: s.words[i].form.to_lowercase(),
                    at: (gsi, i),
                });
                i += 1;
            }
        }
        if pos > sent_start {
            sents.push((sent_start, pos));
        }
    }
    Ok((tokens, words, sents))
}

/// Count spans present in both sorted lists.
fn match_spans(gold: &[Span], system: &[Span]) -> Prf {
    let (mut g, mut s, mut correct) = (0, 0, 0);
    while g < gold.len() && s < system.len() {
        if gold[g] == system[s] {
            correct += 1;
            g += 1;
            s += 1;
        } else if gold[g].0 < system[s].0 || (gold[g].0 == system[s].0 && gold[g].1 < system[s].1) {
            g += 1;
        } else {
            s += 1;
        }
    }
    Prf {
        gold: gold.len(),
        system: system.len(),
        correct,
    }
}

/// Aligned (gold, system) word index pairs: by span outside multiword tokens, by LCS of
/// forms inside.
fn align_words(gold: &[Word], sys: &[Word]) -> Vec<(usize, usize)> {
    let (mut gi, mut si) = (0, 0);
    let mut pairs = Vec::with_capacity(gold.len().min(sys.len()));
    while gi < gold.len() && si < sys.len() {
        if gold[gi].multi || sys[si].multi {
            let (gs, ss, ge, se) = multiword_stretch(gold, sys, gi, si);
            lcs_pairs(&gold[gs..ge], &sys[ss..se], gs, ss, &mut pairs);
            gi = ge.max(gi + usize::from(ge == gi && se == si));
            si = se;
        } else if gold[gi].span == sys[si].span {
            pairs.push((gi, si));
            gi += 1;
            si += 1;
        } else if gold[gi].span.0 <= sys[si].span.0 {
            gi += 1;
        } else {
            si += 1;
        }
    }
    pairs
}

/// The stretch of words around a multiword token: starting at `gi`/`si` (skipping a plain
/// word on the other side that starts before the multiword token), ending where both sides
/// have passed the stretch's last character. Returns (gold start, sys start, gold end, sys end).
fn multiword_stretch(
    gold: &[Word],
    sys: &[Word],
    mut gi: usize,
    mut si: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if gold[gi].multi {
        end = gold[gi].span.1;
        if !sys[si].multi && sys[si].span.0 < gold[gi].span.0 {
            si += 1;
        }
    } else {
        end = sys[si].span.1;
        if !gold[gi].multi && gold[gi].span.0 < sys[si].span.0 {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    let beyond = |w: &[Word], i: usize, end: usize| -> bool {
        match w.get(i) {
            None => true,
            Some(x) if x.multi => x.span.0 >= end,
            Some(x) => x.span.1 > end,
        }
    };
    while !beyond(gold, gi, end) || !beyond(sys, si, end) {
        let take_gold = gi < gold.len() && (si >= sys.len() || gold[gi].span.0 <= sys[si].span.0);
        let w = if take_gold { &gold[gi] } else { &sys[si] };
        if w.multi && w.span.1 > end {
            end = w.span.1;
        }
        if take_gold {
            gi += 1;
        } else {
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

/// Align `a` and `b` by a longest common subsequence of lowercased forms, appending pairs
/// of indices (offset by `a0`, `b0`). Equal heads are matched greedily, which is optimal.
fn lcs_pairs(a: &[Word], b: &[Word], a0: usize, b0: usize, out: &mut Vec<(usize, usize)>) {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return;
    }
    // suffix[i][j] = LCS length of a[i..] and b[j..], row-major with stride m + 1.
    let w = m + 1;
    let mut suffix = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            suffix[i * w + j] = if a[i].form_lower == b[j].form_lower {
                suffix[(i + 1) * w + j + 1] + 1
            } else {
                suffix[(i + 1) * w + j].max(suffix[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i].form_lower == b[j].form_lower {
            out.push((a0 + i, b0 + j));
            i += 1;
            j += 1;
        } else if suffix[i * w + j] == suffix[(i + 1) * w + j] {
            i += 1;
        } else {
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words from a compact spec: "abc a b c" is the multiword token `abc` with words a, b, c;
    /// "x" is a plain word. Spans run over the concatenated surface forms.
    fn words(spec: &[&str]) -> Vec<Word> {
        let mut out = Vec::new();
        let mut pos = 0;
        for t in spec {
            let mut parts = t.split(' ');
            let surface = parts.next().unwrap_or("");
            let span = (pos, pos + surface.chars().count());
            pos = span.1;
            let rest: Vec<&str> = parts.collect();
            if rest.is_empty() {
                out.push(Word {
                    span,
                    multi: false,
                    form_lower: surface.to_lowercase(),
                    at: (0, out.len()),
                });
            } else {
                for w in rest {
                    out.push(Word {
                        span,
                        multi: true,
                        form_lower: w.to_lowercase(),
                        at: (0, out.len()),
                    });
                }
            }
        }
        out
    }

    fn aligned(gold: &[&str], sys: &[&str]) -> usize {
        align_words(&words(gold), &words(sys)).len()
    }

    #[test]
    fn word_alignment_matches_the_shared_task_cases() {
        assert_eq!(aligned(&["x"], &["x"]), 1);
        assert_eq!(aligned(&["x", "y", "z"], &["x", "y", "z"]), 3);
        // Multiword tokens against plain words, and against other multiword tokens.
        assert_eq!(aligned(&["xyz x y z"], &["x", "y", "z"]), 3);
        assert_eq!(aligned(&["w", "xy x y", "z"], &["w", "x", "y", "z"]), 4);
        assert_eq!(aligned(&["wxyz w x y z"], &["wx w x", "yz y z"]), 4);
        assert_eq!(
            aligned(&["wxy w x y", "zq z q"], &["w", "xyz x y z", "q"]),
            5
        );
        // Plain tokens that do not match by span do not align.
        assert_eq!(aligned(&["wxyz"], &["w", "x", "y", "z"]), 0);
        assert_eq!(aligned(&["wxy", "z"], &["w", "x", "y", "z"]), 1);
        assert_eq!(aligned(&["w", "xy", "z"], &["w", "x", "y", "z"]), 2);
        assert_eq!(aligned(&["w", "xy x y", "z"], &["w", "x", "yz"]), 2);
        // Inside a multiword stretch, words align by form (case-insensitive), in order.
        assert_eq!(
            aligned(&["wxy w X y", "zqr z Q r"], &["wx w x", "yz y z", "qr q r"]),
            6
        );
        assert_eq!(
            aligned(
                &["wxy w QQ y", "zqr z RR r"],
                &["wx w x", "yz y z", "qr q r"]
            ),
            4
        );
        assert_eq!(aligned(&["w", "xy x y", "z"], &["wx ww xx", "yz yy w"]), 1);
    }

    #[test]
    fn span_matching_counts_exact_spans() {
        let p = match_spans(&[(0, 2), (2, 5), (5, 6)], &[(0, 2), (2, 4), (4, 6)]);
        assert_eq!((p.gold, p.system, p.correct), (3, 3, 1));
        assert!((p.f1() - 1.0 / 3.0).abs() < 1e-12);
    }
}
