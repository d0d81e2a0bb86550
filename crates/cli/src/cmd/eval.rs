//! `dyad eval`: accuracy of dyad's tokenizer, tagger, lemmatizer and parser on a UD treebank.

use super::Outcome;
use anyhow::{Context, Result};
use dyad_text::conllu::read_file;
use std::path::PathBuf;

/// Score dyad against gold CoNLL-U files (e.g. the UD English treebanks).
///
/// Without `--raw`: gold tokenization; prints UPOS, XPOS, UFeats, Lemma, UAS, LAS (LAS on the
/// universal relation, as the CoNLL 2018 shared task). With `--raw`: dyad splits and tokenizes
/// the treebank's raw text itself and prints Tokens, Words and Sentences F1, aligned by
/// characters as the CoNLL 2018 evaluation does.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad eval --gold ../shared/ud/en_ewt-ud-test.conllu\n  dyad eval --raw --gold ../shared/ud/en_ewt-ud-test.conllu --gold ../shared/ud/en_pud-ud-test.conllu"
)]
pub struct Args {
    /// Gold CoNLL-U file(s); each is scored separately.
    #[arg(long, required = true)]
    gold: Vec<PathBuf>,
    /// Score segmentation from raw text instead of tagging/parsing on gold tokens.
    #[arg(long)]
    raw: bool,
    /// Score this prediction file (CoNLL-U, same words as the gold) instead of running dyad.
    #[arg(long, conflicts_with = "raw")]
    pred: Option<PathBuf>,
    /// Data folder with models/.
    #[arg(long, env = "DYAD_DATA")]
    data: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome> {
    if args.raw {
        // Segmentation always; tagging and parsing scores too when the models load.
        let pipeline =
            crate::models::load_pipeline(&crate::models::data_dir(args.data.as_deref())).ok();
        println!(
            "{:<28} {:>7} {:>7} {:>9} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "file (F1, raw text)",
            "Tokens",
            "Words",
            "Sentences",
            "UPOS",
            "XPOS",
            "Lemma",
            "UAS",
            "LAS"
        );
        for path in &args.gold {
            let gold = read_file(path).with_context(|| path.display().to_string())?;
            let text =
                dyad_text::eval::raw_text(&gold).with_context(|| path.display().to_string())?;
            let mut system = dyad_text::segment(&text);
            // One alignment serves segmentation and, when the models load, tags and heads.
            let (seg, tagged) = match &pipeline {
                Some(p) => {
                    for s in &mut system {
                        p.annotate_tokens(&mut s.tokens);
                    }
                    let raw = dyad_nlp::eval::score_raw(&gold, &text, &system)
                        .with_context(|| path.display().to_string())?;
                    (raw.segmentation, Some(raw))
                }
                None => {
                    let seg = dyad_text::eval::evaluate(&gold, &text, &system)
                        .with_context(|| format!("cannot evaluate {}", path.display()))?;
                    (seg, None)
                }
            };
            let col = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.2}"));
            println!(
                "{:<28} {:>7.2} {:>7.2} {:>9.2} {:>7} {:>7} {:>7} {:>7} {:>7}",
                file_name(path),
                seg.tokens.f1() * 100.0,
                seg.words.f1() * 100.0,
                seg.sentences.f1() * 100.0,
                col(tagged.map(|t| t.upos)),
                col(tagged.map(|t| t.xpos)),
                col(tagged.map(|t| t.lemma)),
                col(tagged.map(|t| t.uas)),
                col(tagged.map(|t| t.las)),
            );
        }
        return Ok(Outcome::Clean);
    }
    let pipeline = match &args.pred {
        Some(_) => None,
        None => Some(crate::models::load_pipeline(&crate::models::data_dir(
            args.data.as_deref(),
        ))?),
    };
    println!(
        "{:<28} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "file", "words", "UPOS", "XPOS", "UFeats", "Lemma", "UAS", "LAS"
    );
    for path in &args.gold {
        let gold = read_file(path).with_context(|| path.display().to_string())?;
        let pred = match (&args.pred, &pipeline) {
            (Some(p), _) => read_file(p).with_context(|| p.display().to_string())?,
            (None, Some(pipeline)) => gold
                .iter()
                .map(|g| {
                    let mut s = g.clone();
                    let mut tokens = s.to_tokens();
                    pipeline.annotate_tokens(&mut tokens);
                    s.set_predictions(&tokens);
                    s
                })
                .collect(),
            (None, None) => anyhow::bail!("no prediction: give --pred or the models"),
        };
        let s = dyad_nlp::eval::score(&gold, &pred).with_context(|| path.display().to_string())?;
        println!(
            "{:<28} {:>7} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2}",
            file_name(path),
            s.words,
            s.upos,
            s.xpos,
            s.ufeats,
            s.lemma,
            s.uas,
            s.las
        );
    }
    Ok(Outcome::Clean)
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}
