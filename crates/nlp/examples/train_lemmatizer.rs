//! Train the lemmatizer on UD CoNLL-U files and write `lemmatizer.bin`, with dev and test
//! scores (gold tags, and tags predicted by `--tagger`) in its header.
//!
//! ```text
//! cargo run --release -p dyad-nlp --example train_lemmatizer -- \
//!     --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu \
//!     --test en_ewt-ud-test.conllu --test en_gum-ud-test.conllu --test en_pud-ud-test.conllu \
//!     --tagger data/models/tagger.bin --out data/models/lemmatizer.bin --seed 1 --epochs 1
//! ```

use dyad_nlp::lemma::{evaluate, train, TrainConfig, KIND, VERSION};
use dyad_nlp::model_file::ModelHeader;
use dyad_nlp::tagger::Tagger;
use dyad_text::conllu::{read_file, ConlluSentence};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Short corpus name for score keys: `en_ewt-ud-test.conllu` -> `ewt_test`.
fn corpus_key(p: &Path) -> String {
    let n = file_name(p);
    let n = n.trim_end_matches(".conllu").trim_start_matches("en_");
    n.replace("-ud-", "_").replace('-', "_")
}

fn load(p: &Path) -> Result<Vec<ConlluSentence>, String> {
    read_file(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let mut cfg = TrainConfig::default();
    let (mut train_files, mut test_files) = (Vec::new(), Vec::new());
    let (mut dev_file, mut out) = (None, PathBuf::from("data/models/lemmatizer.bin"));
    let mut tagger_path = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--train" => train_files.push(PathBuf::from(val()?)),
            "--dev" => dev_file = Some(PathBuf::from(val()?)),
            "--test" => test_files.push(PathBuf::from(val()?)),
            "--out" => out = PathBuf::from(val()?),
            "--tagger" => tagger_path = Some(PathBuf::from(val()?)),
            "--seed" => cfg.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--epochs" => cfg.epochs = val()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--max-suffix" => cfg.max_suffix = val()?.parse().map_err(|e| format!("{a}: {e}"))?,
            "--min-types" => cfg.min_types = val()?.parse().map_err(|e| format!("{a}: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let dev_file = dev_file.ok_or("--dev FILE is required")?;
    if train_files.is_empty() {
        return Err("--train FILE is required".into());
    }
    let mut train_data = Vec::new();
    for f in &train_files {
        train_data.extend(load(f)?);
    }
    let dev = load(&dev_file)?;
    let tagger = match &tagger_path {
        Some(p) => Some(Tagger::load(p).map_err(|e| e.to_string())?),
        None => None,
    };
    let t0 = Instant::now();
    let lem = train(&cfg, &train_data, &dev, &mut |m| eprintln!("{m}"));
    let secs = t0.elapsed().as_secs_f64();
    eprintln!("trained in {secs:.2} s");

    let mut header = ModelHeader::new(KIND, VERSION);
    header.command =
        std::iter::once("cargo run --release -p dyad-nlp --example train_lemmatizer --")
            .chain(args.iter().skip(1).map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
    header.data = train_files
        .iter()
        .chain([&dev_file])
        .map(|p| file_name(p))
        .collect();
    header.seed = cfg.seed;
    let mut sets = vec![(corpus_key(&dev_file), dev)];
    for f in &test_files {
        sets.push((corpus_key(f), load(f)?));
    }
    for (name, data) in &sets {
        let g = evaluate(&lem, data, None);
        header.scores.insert(
            format!("{name}_lemma_gold_tags"),
            serde_json::json!((g.lemma * 100.0).round() / 100.0),
        );
        let mut line = format!(
            "{name}: {} words  lemma (gold tags) {:.2}  unseen {:.2} of {}",
            g.words, g.lemma, g.unseen, g.unseen_words
        );
        if let Some(t) = &tagger {
            let t1 = Instant::now();
            let p = evaluate(&lem, data, Some(t));
            let rate = p.words as f64 / t1.elapsed().as_secs_f64();
            header.scores.insert(
                format!("{name}_lemma"),
                serde_json::json!((p.lemma * 100.0).round() / 100.0),
            );
            line += &format!(
                "  lemma (predicted tags) {:.2}  ({rate:.0} words/s tag+lemma)",
                p.lemma
            );
        }
        eprintln!("{line}");
    }
    lem.save(&out, header).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({:.1} MB)", out.display(), size as f64 / 1e6);
    Ok(())
}
