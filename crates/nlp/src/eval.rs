//! Scores of predicted CoNLL-U against gold, on gold tokenization (the same words).
//!
//! The figures are those of the CoNLL 2018 shared task evaluation when the words line up one
//! to one: UPOS, XPOS, UFeats (all features exact), Lemma, UAS, LAS (relation compared on its
//! universal part, before `:`), plus CLAS-free extras that help debugging: LAS with full
//! labels (subtypes compared too). Every word counts, punctuation included.

use dyad_text::conllu::ConlluSentence;

/// Why predicted and gold sentences cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("gold has {gold} sentences but the prediction has {pred}")]
    SentenceCount { gold: usize, pred: usize },
    #[error("sentence {index} (gold line {line}): gold has {gold} words, the prediction {pred}")]
    WordCount {
        index: usize,
        line: u64,
        gold: usize,
        pred: usize,
    },
}

/// Accuracies in percent over all words.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub ufeats: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    /// LAS with the full relation (subtypes such as `nsubj:pass` must match too).
    pub las_full: f64,
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Compare `pred` with `gold`, sentence by sentence and word by word.
pub fn score(gold: &[ConlluSentence], pred: &[ConlluSentence]) -> Result<Scores, EvalError> {
    if gold.len() != pred.len() {
        return Err(EvalError::SentenceCount {
            gold: gold.len(),
            pred: pred.len(),
        });
    }
    let mut n = 0usize;
    let mut c = [0usize; 7];
    for (i, (g, p)) in gold.iter().zip(pred).enumerate() {
        if g.words.len() != p.words.len() {
            return Err(EvalError::WordCount {
                index: i,
                line: g.line,
                gold: g.words.len(),
                pred: p.words.len(),
            });
        }
        for (gw, pw) in g.words.iter().zip(&p.words) {
            n += 1;
            let head = gw.head == pw.head;
            let checks = [
                gw.upos == pw.upos,
                gw.xpos == pw.xpos,
                gw.feats == pw.feats,
                gw.lemma == pw.lemma,
                head,
                head && universal(&gw.deprel) == universal(&pw.deprel),
                head && gw.deprel == pw.deprel,
            ];
            for (k, ok) in checks.iter().enumerate() {
                c[k] += usize::from(*ok);
            }
        }
    }
    let pct = |k: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * c[k] as f64 / n as f64
        }
    };
    Ok(Scores {
        words: n,
        upos: pct(0),
        xpos: pct(1),
        ufeats: pct(2),
        lemma: pct(3),
        uas: pct(4),
        las: pct(5),
        las_full: pct(6),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_text::conllu::ConlluReader;

    const GOLD: &str = "1\tPutin\tPutin\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_\n2\tspoke\tspeak\tVERB\tVBD\tTense=Past\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    const PRED: &str = "1\tPutin\tputin\tPROPN\tNNP\tNumber=Sing\t2\tnsubj:pass\t_\t_\n2\tspoke\tspeak\tVERB\tVBN\tTense=Past\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";

    fn read(s: &str) -> Vec<ConlluSentence> {
        ConlluReader::new(s.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn counts_each_column() {
        let s = score(&read(GOLD), &read(PRED)).unwrap();
        assert_eq!(s.words, 3);
        let third = 100.0 / 3.0;
        assert!((s.upos - 100.0).abs() < 1e-9);
        assert!((s.xpos - 2.0 * third).abs() < 1e-9);
        assert!((s.lemma - 2.0 * third).abs() < 1e-9);
        assert!((s.uas - 2.0 * third).abs() < 1e-9);
        // nsubj vs nsubj:pass: same universal relation, different full label.
        assert!((s.las - 2.0 * third).abs() < 1e-9);
        assert!((s.las_full - third).abs() < 1e-9);
    }

    #[test]
    fn raw_scores_align_by_characters() {
        let gold = read("# text = Putin spoke.\n1\tPutin\tPutin\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_\n2\tspoke\tspeak\tVERB\tVBD\tTense=Past\t0\troot\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n");
        let text = "Putin spoke.";
        let mut system = dyad_text::segment(text);
        for (t, g) in system[0].tokens.iter_mut().zip(&gold[0].words) {
            t.upos = Some(g.upos.clone());
            t.xpos = Some(g.xpos.clone());
            t.feats = Some(g.feats.clone());
            t.lemma = Some(g.lemma.clone());
            t.head = g.head;
            t.deprel = Some(g.deprel.clone());
        }
        let s = score_raw(&gold, text, &system).unwrap();
        assert!(
            (s.uas - 100.0).abs() < 1e-9
                && (s.las - 100.0).abs() < 1e-9
                && (s.upos - 100.0).abs() < 1e-9
        );
        system[0].tokens[2].head = Some(1); // "." attached to Putin instead of spoke
        let s = score_raw(&gold, text, &system).unwrap();
        assert!((s.uas - 200.0 / 3.0).abs() < 1e-9, "{}", s.uas);
    }

    #[test]
    fn mismatched_words_are_an_error() {
        let mut pred = read(PRED);
        pred[0].words.pop();
        assert!(matches!(
            score(&read(GOLD), &pred),
            Err(EvalError::WordCount { .. })
        ));
    }
}

/// F1 scores from raw text, as the CoNLL 2018 shared task computes them: system words are
/// aligned to gold words by characters ([`dyad_text::eval::align`]); a metric counts an aligned
/// word whose column matches (for UAS/LAS, whose head is aligned to the gold head, or both are
/// roots); precision divides by the system's words, recall by the gold words.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RawScores {
    /// Tokens, words and sentences F1 of the same alignment.
    pub segmentation: dyad_text::eval::SegScores,
    pub gold_words: usize,
    pub system_words: usize,
    pub words: f64,
    pub upos: f64,
    pub xpos: f64,
    pub ufeats: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
}

/// Score annotated `system` sentences (over `text`) against `gold` from raw text.
pub fn score_raw(
    gold: &[ConlluSentence],
    text: &str,
    system: &[dyad_text::Sentence],
) -> Result<RawScores, dyad_text::eval::EvalError> {
    let alignment = dyad_text::eval::align(gold, text, system)?;
    let to_gold: std::collections::HashMap<(usize, usize), (usize, usize)> =
        alignment.pairs.iter().map(|p| (p.system, p.gold)).collect();
    let gold_words: usize = gold.iter().map(|s| s.words.len()).sum();
    let system_words: usize = system.iter().map(|s| s.tokens.len()).sum();
    let mut c = [0usize; 7];
    for p in &alignment.pairs {
        let (Some(gs), Some(ss)) = (gold.get(p.gold.0), system.get(p.system.0)) else {
            continue;
        };
        let (Some(g), Some(t)) = (gs.words.get(p.gold.1), ss.tokens.get(p.system.1)) else {
            continue;
        };
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let head = match (g.head, t.head) {
            (Some(0), Some(0)) => true,
            (Some(gh), Some(sh)) if gh > 0 && sh > 0 => {
                to_gold.get(&(p.system.0, sh - 1)) == Some(&(p.gold.0, gh - 1))
            }
            _ => false,
        };
        let checks = [
            true,
            g.upos == opt(&t.upos),
            g.xpos == opt(&t.xpos),
            g.feats == opt(&t.feats),
            g.lemma == opt(&t.lemma),
            head,
            head && universal(&g.deprel) == universal(&opt(&t.deprel)),
        ];
        for (k, ok) in checks.iter().enumerate() {
            c[k] += usize::from(*ok);
        }
    }
    let f1 = |k: usize| {
        let denom = gold_words + system_words;
        if denom == 0 {
            0.0
        } else {
            200.0 * c[k] as f64 / denom as f64
        }
    };
    Ok(RawScores {
        segmentation: alignment.scores,
        gold_words,
        system_words,
        words: f1(0),
        upos: f1(1),
        xpos: f1(2),
        ufeats: f1(3),
        lemma: f1(4),
        uas: f1(5),
        las: f1(6),
    })
}
