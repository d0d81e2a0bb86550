//! `dyad parse`: tagged, lemmatized and parsed sentences in CoNLL-U.

use super::Outcome;
use crate::input::InputArgs;
use anyhow::{Context, Result};
use dyad_text::conllu::{ConlluReader, ConlluSentence};
use std::io::Write;
use std::path::PathBuf;

/// Tag, lemmatize and parse articles (or a treebank's own words) and print CoNLL-U.
///
/// With `--conllu-in GOLD.conllu` the gold sentences and word forms are kept and UPOS, XPOS,
/// FEATS, LEMMA, HEAD and DEPREL are predicted, so any CoNLL-U scorer can evaluate the output.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad parse examples/\n  dyad parse --conllu-in en_ewt-ud-test.conllu > pred.conllu"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Read gold-tokenized sentences from this CoNLL-U file instead of raw articles.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    conllu_in: Option<PathBuf>,
    /// Output format (CoNLL-U is the only one so far).
    #[arg(long, value_enum, default_value = "conllu")]
    format: ParseFormat,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Data folder with models/.
    #[arg(long, env = "DYAD_DATA")]
    data: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum ParseFormat {
    Conllu,
}

pub fn run(args: Args) -> Result<Outcome> {
    let pipeline = crate::models::load_pipeline(&crate::models::data_dir(args.data.as_deref()))?;
    let mut out = super::output(args.output.as_deref())?;
    if let Some(gold) = &args.conllu_in {
        let file =
            std::fs::File::open(gold).with_context(|| format!("cannot open {}", gold.display()))?;
        for sent in ConlluReader::new(std::io::BufReader::new(file)) {
            let mut sent = sent.with_context(|| gold.display().to_string())?;
            let mut tokens = sent.to_tokens();
            pipeline.annotate_tokens(&mut tokens);
            sent.set_predictions(&tokens);
            sent.write(&mut out)?;
        }
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    let mut rejected = 0;
    for doc in args.input.documents(&mut rejected) {
        writeln!(out, "# newdoc id = {}", doc.id)?;
        for (i, s) in pipeline.annotate(&doc.text).iter().enumerate() {
            ConlluSentence::from_sentence(s, &doc.text, &format!("{}-{}", doc.id, i + 1))
                .write(&mut out)?;
        }
        out.flush()?;
    }
    Ok(Outcome::from_rejected(rejected))
}
