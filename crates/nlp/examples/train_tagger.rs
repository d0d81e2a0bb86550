//! Train the POS tagger on UD CoNLL-U files and write `tagger.bin`, with dev and test scores
//! in its header.
//!
//! ```text
//! cargo run --release -p dyad-nlp --example train_tagger -- \
//!     --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu \
//!     --test en_ewt-ud-test.conllu --test en_gum-ud-test.conllu --test en_pud-ud-test.conllu \
//!     --out data/models/tagger.bin --seed 1 --epochs 12
//! ```
//!
//! Test files are only scored (their names go into the header's `scores`), never trained on.

use dyad_nlp::model_file::ModelHeader;
use dyad_nlp::tagger::clusters::{self, ClusterConfig};
use dyad_nlp::tagger::{evaluate, train, TrainConfig, KIND, VERSION};
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
    let (mut dev_file, mut out) = (None, PathBuf::from("data/models/tagger.bin"));
    let mut cluster_files: Vec<PathBuf> = Vec::new();
    let mut ccfg = ClusterConfig::default();
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
            "--seed" => cfg.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--epochs" => cfg.epochs = val()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--dict-min-count" => {
                cfg.dict_min_count = val()?.parse().map_err(|e| format!("{a}: {e}"))?
            }
            "--dict-min-share" => {
                cfg.dict_min_share = val()?.parse().map_err(|e| format!("{a}: {e}"))?
            }
            "--clusters" => cluster_files.push(PathBuf::from(val()?)),
            "--cluster-fine" => ccfg.fine = val()?.parse().map_err(|e| format!("{a}: {e}"))?,
            "--cluster-coarse" => ccfg.coarse = val()?.parse().map_err(|e| format!("{a}: {e}"))?,
            "--cluster-min-count" => {
                ccfg.min_count = val()?.parse().map_err(|e| format!("{a}: {e}"))?
            }
            "--stacked" => cfg.stacked = true,
            "--mix" => cfg.mix = val()?.parse().map_err(|e| format!("{a}: {e}"))?,
            "--prune" => cfg.prune = val()?.parse().map_err(|e| format!("{a}: {e}"))?,
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
    let t0 = Instant::now();
    if !cluster_files.is_empty() {
        // Raw text plus the training treebank's own words.
        let paths: Vec<&Path> = cluster_files.iter().map(PathBuf::as_path).collect();
        let mut corpus = clusters::read_corpus(&paths).map_err(|e| e.to_string())?;
        corpus.extend(
            train_data
                .iter()
                .map(|s| s.words.iter().map(|w| w.form.clone()).collect()),
        );
        let c = clusters::learn(&corpus, &ccfg, &mut |m| eprintln!("{m}"));
        eprintln!("clusters learned in {:.1} s", t0.elapsed().as_secs_f64());
        cfg.clusters = Some(c);
    }
    let tagger = train(&cfg, &train_data, &dev, &mut |m| eprintln!("{m}"));
    let secs = t0.elapsed().as_secs_f64();
    eprintln!("trained in {secs:.1} s");

    let mut header = ModelHeader::new(KIND, VERSION);
    header.command = std::iter::once("cargo run --release -p dyad-nlp --example train_tagger --")
        .chain(args.iter().skip(1).map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    header.data = train_files
        .iter()
        .chain([&dev_file])
        .chain(&cluster_files)
        .map(|p| file_name(p))
        .collect();
    header.seed = cfg.seed;
    let mut put = |k: String, v: f64| {
        header
            .scores
            .insert(k, serde_json::json!((v * 100.0).round() / 100.0));
    };
    let report = |name: String, data: &[ConlluSentence], put: &mut dyn FnMut(String, f64)| {
        let t = Instant::now();
        let s = evaluate(&tagger, data);
        let rate = s.words as f64 / t.elapsed().as_secs_f64();
        eprintln!(
            "{name}: {} words  UPOS {:.2}  XPOS {:.2}  UFeats {:.2}  AllTags {:.2}  ({rate:.0} words/s)",
            s.words, s.upos, s.xpos, s.ufeats, s.all_tags
        );
        put(format!("{name}_upos"), s.upos);
        put(format!("{name}_xpos"), s.xpos);
        put(format!("{name}_ufeats"), s.ufeats);
    };
    report(corpus_key(&dev_file), &dev, &mut put);
    for f in &test_files {
        let data = load(f)?;
        report(corpus_key(f), &data, &mut put);
    }
    put("train_seconds".into(), secs);
    tagger.save(&out, header).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({:.1} MB)", out.display(), size as f64 / 1e6);
    Ok(())
}
