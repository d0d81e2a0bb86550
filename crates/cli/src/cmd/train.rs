//! `dyad train`: train the tagger, lemmatizer or parser on UD treebanks, reproducibly.

use super::Outcome;
use anyhow::{Context, Result};
use dyad_nlp::model_file::ModelHeader;
use dyad_text::conllu::{read_file, ConlluSentence};
use std::path::{Path, PathBuf};

/// Train a model on CoNLL-U treebanks and write it as one model file.
///
/// Training is deterministic for a given seed. Each epoch's dev scores are printed on stderr
/// and the best epoch is kept. The model file's first line records the command, the data, the
/// seed and the dev scores (`head -1 data/models/parser.bin`).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad train tagger --train ../shared/ud/en_ewt-ud-train.conllu --dev ../shared/ud/en_ewt-ud-dev.conllu --out data/models/tagger.bin\n  dyad train parser --train ../shared/ud/en_ewt-ud-train.conllu --dev ../shared/ud/en_ewt-ud-dev.conllu --out data/models/parser.bin"
)]
pub struct Args {
    /// Which component to train.
    #[arg(value_enum)]
    component: Component,
    /// Training treebank(s) in CoNLL-U.
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development treebank (CoNLL-U) for per-epoch scores and model selection.
    #[arg(long)]
    dev: PathBuf,
    /// Where to write the model file.
    #[arg(long)]
    out: PathBuf,
    /// Random seed (shuffling, exploration).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of training epochs (default: the component's own).
    #[arg(long)]
    epochs: Option<usize>,
    /// Raw news (JSONL with a `text` field) to learn word clusters from, used as features by
    /// the tagger and the parser (repeatable). The shipped models use ../shared/news/*.jsonl.
    #[arg(long, value_name = "JSONL")]
    clusters: Vec<PathBuf>,
    /// Drop averaged weights of at most this magnitude from the model (smaller, faster).
    #[arg(long)]
    prune: Option<f32>,
    /// Tagger: train this many times on different shuffles and average the weights.
    #[arg(long)]
    mix: Option<usize>,
    /// Parser: train on tags predicted by K-fold jackknifed taggers (0 = gold tags).
    #[arg(long)]
    jackknife: Option<usize>,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Component {
    Tagger,
    Lemmatizer,
    Parser,
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<ConlluSentence>> {
    let mut all = Vec::new();
    for p in paths {
        all.extend(read_file(p).with_context(|| p.display().to_string())?);
    }
    Ok(all)
}

fn header(kind: &str, args: &Args) -> ModelHeader {
    let mut h = ModelHeader::new(kind, 1);
    h.command = std::env::args().collect::<Vec<_>>().join(" ");
    let name = |p: &Path| {
        p.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    h.data = args
        .train
        .iter()
        .map(|p| name(p))
        .chain([name(&args.dev)])
        .collect();
    h.seed = args.seed;
    h
}

/// Dev scores for the model header, rounded to two decimals.
fn scores(pairs: &[(&str, f64)]) -> serde_json::Map<String, serde_json::Value> {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                serde_json::json!((v * 100.0).round() / 100.0),
            )
        })
        .collect()
}

pub fn run(args: Args) -> Result<Outcome> {
    let train = read_all(&args.train)?;
    let dev = read_all(std::slice::from_ref(&args.dev))?;
    let mut log = |line: &str| eprintln!("{line}");
    eprintln!(
        "{} training sentences, {} dev sentences",
        train.len(),
        dev.len()
    );
    match args.component {
        Component::Tagger => {
            use dyad_nlp::tagger;
            let mut cfg = tagger::TrainConfig {
                seed: args.seed,
                ..Default::default()
            };
            if let Some(e) = args.epochs {
                cfg.epochs = e;
            }
            let model = tagger::train(&cfg, &train, &dev, &mut log);
            let sc = tagger::evaluate(&model, &dev);
            let mut h = header("tagger", &args);
            h.scores = scores(&[
                ("dev_upos", sc.upos),
                ("dev_xpos", sc.xpos),
                ("dev_ufeats", sc.ufeats),
            ]);
            model.save(&args.out, h)?;
        }
        Component::Lemmatizer => {
            use dyad_nlp::lemma;
            let mut cfg = lemma::TrainConfig {
                seed: args.seed,
                ..Default::default()
            };
            if let Some(e) = args.epochs {
                cfg.epochs = e;
            }
            let model = lemma::train(&cfg, &train, &dev, &mut log);
            let sc = lemma::evaluate(&model, &dev, None);
            let mut h = header("lemmatizer", &args);
            h.scores = scores(&[("dev_lemma_gold_tags", sc.lemma)]);
            model.save(&args.out, h)?;
        }
        Component::Parser => {
            use dyad_nlp::parser;
            let mut cfg = parser::TrainConfig {
                seed: args.seed,
                ..Default::default()
            };
            if let Some(e) = args.epochs {
                cfg.epochs = e;
            }
            let model = parser::train(&cfg, &train, &dev, &mut log);
            let sc = parser::evaluate(&model, &dev);
            let mut h = header("parser", &args);
            h.scores = scores(&[("dev_uas_gold_tags", sc.uas), ("dev_las_gold_tags", sc.las)]);
            model.save(&args.out, h)?;
        }
    }
    eprintln!("wrote {}", args.out.display());
    Ok(Outcome::Clean)
}
