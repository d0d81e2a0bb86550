//! Train the dependency parser and report UAS/LAS on test treebanks.
//!
//! ```text
//! cargo run --release -p dyad-nlp --example train_parser -- \
//!     --train ../shared/ud/en_ewt-ud-train.conllu --dev ../shared/ud/en_ewt-ud-dev.conllu \
//!     --out data/models/parser.bin [--epochs 15] [--seed 1] \
//!     [--tagger data/models/tagger.bin] [--jackknife 5] \
//!     [--test ../shared/ud/en_ewt-ud-test.conllu ...]
//! ```
//!
//! `--jackknife K` trains on predicted tags ([`parser::jackknife_tags`]: K taggers, each
//! trained on the other folds, tag one fold; dev is tagged by a tagger trained on all of
//! train). Without it but with `--tagger`, train and dev are tagged by that tagger. The test
//! files are scored with gold tags and, with `--tagger`, with that tagger's tags.
//! `--load PATH --tagger TAGGER --test FILE...` only evaluates a saved parser.
//! Test scores are printed with gold tags and, when a tagger is given, with predicted tags.

use dyad_nlp::model_file::{ByteReader, ByteWriter, ModelHeader};
use dyad_nlp::parser::clusters::{ClusterConfig, WordClusters};
use dyad_nlp::parser::{self, retag, tag_accuracy, Parser, TrainConfig};
use dyad_nlp::tagger::Tagger;
use dyad_text::conllu::{read_file, ConlluSentence};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn read(p: &Path) -> Vec<ConlluSentence> {
    match read_file(p) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", p.display());
            std::process::exit(2);
        }
    }
}

fn main() {
    let mut train_files = Vec::new();
    let mut test_files = Vec::new();
    let (mut dev, mut out, mut tagger_path) = (None, None, None::<PathBuf>);
    let mut cfg = TrainConfig::default();
    let mut jackknife = 0usize;
    let mut load: Option<PathBuf> = None;
    let mut mix: Vec<PathBuf> = Vec::new();
    let mut sentences: Vec<String> = Vec::new();
    let mut cluster_files: Vec<PathBuf> = Vec::new();
    let mut cluster_cache: Option<PathBuf> = None;
    let mut ccfg = ClusterConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_default();
        match a.as_str() {
            "--train" => train_files.push(PathBuf::from(val())),
            "--dev" => dev = Some(PathBuf::from(val())),
            "--out" => out = Some(PathBuf::from(val())),
            "--test" => test_files.push(PathBuf::from(val())),
            "--tagger" => tagger_path = Some(PathBuf::from(val())),
            "--load" => load = Some(PathBuf::from(val())),
            "--mix" => mix.push(PathBuf::from(val())),
            "--parse" => sentences.push(val()),
            "--epochs" => cfg.epochs = val().parse().unwrap_or(cfg.epochs),
            "--seed" => cfg.seed = val().parse().unwrap_or(cfg.seed),
            "--explore-after" => cfg.explore_after = val().parse().unwrap_or(cfg.explore_after),
            "--explore-prob" => cfg.explore_prob = val().parse().unwrap_or(cfg.explore_prob),
            "--prune" => cfg.prune = val().parse().unwrap_or(cfg.prune),
            "--jackknife" => jackknife = val().parse().unwrap_or(0),
            "--clusters-from" => cluster_files.push(PathBuf::from(val())),
            "--clusters-cache" => cluster_cache = Some(PathBuf::from(val())),
            "--clusters-k" => ccfg.k = val().parse().unwrap_or(ccfg.k),
            "--clusters-iterations" => ccfg.iterations = val().parse().unwrap_or(ccfg.iterations),
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    if let Some(path) = load {
        evaluate_only(
            &path,
            &mix,
            tagger_path.as_deref(),
            &test_files,
            &sentences,
            out.as_deref(),
        );
        return;
    }
    let (Some(dev_path), false) = (dev, train_files.is_empty()) else {
        eprintln!("usage: train_parser --train FILE... --dev FILE [--out PATH] [--test FILE...]");
        std::process::exit(2);
    };
    let mut train: Vec<ConlluSentence> = train_files.iter().flat_map(|p| read(p)).collect();
    let dev_gold = read(&dev_path);
    let mut dev = dev_gold.clone();
    let t0 = Instant::now();
    let mut log = |l: &str| eprintln!("{l}");
    // The tagger that tags the test files (and dev and train when not jackknifing).
    let tagger = tagger_path.as_ref().map(|p| match Tagger::load(p) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    });
    // Jackknifing is done here rather than inside parser::train so that the clusters and
    // the model header see the retagged data; parser::train then uses the tags as given.
    cfg.jackknife = 0;
    let predicted = jackknife >= 2 || tagger.is_some();
    if jackknife >= 2 {
        (train, dev) = parser::jackknife_tags(&train, &dev_gold, jackknife, cfg.seed, &mut log);
    } else if let Some(tg) = &tagger {
        train = retag(tg, &train);
        dev = retag(tg, &dev_gold);
        let (u, x) = tag_accuracy(&dev_gold, &dev);
        log(&format!(
            "train and dev retagged by the given tagger (dev UPOS {u:.2} XPOS {x:.2})"
        ));
    }
    if !cluster_files.is_empty() {
        cfg.clusters = Some(load_or_learn_clusters(
            &cluster_files,
            &train,
            cluster_cache.as_deref(),
            &ccfg,
        ));
    }
    let p = parser::train(&cfg, &train, &dev, &mut log);
    let secs = t0.elapsed().as_secs_f64();
    eprintln!("trained in {secs:.0}s, {} weights", p.num_weights());
    let dev_scores = parser::evaluate(&p, &dev);
    if let Some(out) = &out {
        let mut h = ModelHeader::new(parser::KIND, parser::VERSION);
        h.command = std::env::args().collect::<Vec<_>>().join(" ");
        let name = |p: &Path| {
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        h.data = train_files
            .iter()
            .map(|p| name(p))
            .chain([name(&dev_path)])
            .collect();
        h.seed = cfg.seed;
        let tags = if predicted { "predicted" } else { "gold" };
        h.scores.insert("dev_tags".into(), serde_json::json!(tags));
        h.scores.insert(
            "dev_uas".into(),
            serde_json::json!((dev_scores.uas * 100.0).round() / 100.0),
        );
        h.scores.insert(
            "dev_las".into(),
            serde_json::json!((dev_scores.las * 100.0).round() / 100.0),
        );
        h.scores
            .insert("train_seconds".into(), serde_json::json!(secs.round()));
        if let Err(e) = p.save(out, h) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        eprintln!("wrote {}", out.display());
        let t = Instant::now();
        match Parser::load(out) {
            Ok(_) => eprintln!("reloaded in {:.2}s", t.elapsed().as_secs_f64()),
            Err(e) => eprintln!("reload failed: {e}"),
        }
    }
    for f in &test_files {
        let gold = read(f);
        let g = parser::evaluate(&p, &gold);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{name}\tgold tags\tUAS {:.2}\tLAS {:.2}\tLAS(full) {:.2}",
            g.uas, g.las, g.las_full
        );
        if let Some(tg) = &tagger {
            let pred = retag(tg, &gold);
            let s = parser::evaluate(&p, &pred);
            let (u, x) = tag_accuracy(&gold, &pred);
            println!(
                "{name}\tpred tags (UPOS {u:.2} XPOS {x:.2})\tUAS {:.2}\tLAS {:.2}\tLAS(full) {:.2}",
                s.uas, s.las, s.las_full
            );
        }
    }
}

/// Word clusters from the `text` fields of JSONL news files plus the training treebank's
/// words, cached in `cache` (same bytes as in the model) when given.
fn load_or_learn_clusters(
    files: &[PathBuf],
    train: &[ConlluSentence],
    cache: Option<&Path>,
    cfg: &ClusterConfig,
) -> WordClusters {
    if let Some(bytes) = cache.and_then(|c| std::fs::read(c).ok()) {
        if let Ok(c) = WordClusters::read(&mut ByteReader::new(&bytes)) {
            eprintln!(
                "clusters: {} words in {} classes from the cache",
                c.len(),
                c.k()
            );
            return c;
        }
    }
    let t = Instant::now();
    let c = WordClusters::learn_from_news(files, train, cfg, &mut |l| eprintln!("{l}"));
    eprintln!("clusters learned in {:.0}s", t.elapsed().as_secs_f64());
    if let Some(path) = cache {
        let mut w = ByteWriter::default();
        c.write(&mut w);
        if let Err(e) = std::fs::write(path, &w.buf) {
            eprintln!("{}: {e}", path.display());
        }
    }
    c
}

/// Evaluate a saved parser on test files, with gold tags and with `tagger`'s tags.
fn evaluate_only(
    path: &Path,
    mix: &[PathBuf],
    tagger: Option<&Path>,
    tests: &[PathBuf],
    sentences: &[String],
    out: Option<&Path>,
) {
    let t = Instant::now();
    let p = match Parser::load(path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    eprintln!(
        "loaded {} in {:.2}s",
        path.display(),
        t.elapsed().as_secs_f64()
    );
    // --mix OTHER...: average the weights of the loaded parser and the others.
    let p = if mix.is_empty() {
        p
    } else {
        let mut all = vec![p];
        for m in mix {
            match Parser::load(m) {
                Ok(q) => all.push(q),
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            }
        }
        match Parser::mixed(&all) {
            Some(q) => {
                eprintln!("mixed {} parsers: {} features", all.len(), q.num_features());
                q
            }
            None => {
                eprintln!("cannot mix parsers with different labels");
                std::process::exit(2);
            }
        }
    };
    let p = match std::env::var("DYAD_PRUNE")
        .ok()
        .and_then(|v| v.parse::<f32>().ok())
    {
        Some(t) => {
            let q = p.pruned(t);
            eprintln!(
                "pruned at {t}: {} -> {} features, {} -> {} weights",
                p.num_features(),
                q.num_features(),
                p.num_weights(),
                q.num_weights()
            );
            q
        }
        None => p,
    };
    // DYAD_BEAM=K, DYAD_BEAM_T=T, DYAD_BEAM_M=M: decode with a beam of K states at temperature
    // T and threshold M (evaluation only; defaults parser::BEAM_WIDTH, BEAM_TEMPERATURE,
    // BEAM_MARGIN).
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f32>().ok());
    let p = match (env("DYAD_BEAM"), env("DYAD_BEAM_T"), env("DYAD_BEAM_M")) {
        (None, None, None) => p,
        (k, t, m) => {
            let k = k.map_or(parser::BEAM_WIDTH, |k| k as usize);
            let t = t.unwrap_or(parser::BEAM_TEMPERATURE);
            let m = m.unwrap_or(parser::BEAM_MARGIN);
            eprintln!("beam width {k}, temperature {t}, margin {m}");
            p.with_beam(k, t, m)
        }
    };
    // --out with --load: write the (pruned) parser, keeping the original header's provenance.
    if let Some(out) = out {
        if let Ok((mut h, _)) = dyad_nlp::model_file::read_model(path, parser::KIND) {
            let prune = std::env::var("DYAD_PRUNE").unwrap_or_else(|_| "0".into());
            h.command = format!(
                "{} && DYAD_PRUNE={prune} {}",
                h.command,
                std::env::args().collect::<Vec<_>>().join(" ")
            );
            match p.save(out, h) {
                Ok(()) => eprintln!("wrote {}", out.display()),
                Err(e) => eprintln!("{e}"),
            }
        }
    }
    let tagger = tagger.map(|t| match Tagger::load(t) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    });
    // --parse "text": segment, tag and parse, print one word per line (CoNLL-U-like).
    for text in sentences {
        for mut s in dyad_text::segment(text) {
            if let Some(tg) = &tagger {
                tg.tag(&mut s.tokens);
            }
            p.parse(&mut s.tokens);
            for (i, t) in s.tokens.iter().enumerate() {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    i + 1,
                    t.form,
                    t.upos.as_deref().unwrap_or("_"),
                    t.xpos.as_deref().unwrap_or("_"),
                    t.head.unwrap_or(0),
                    t.deprel.as_deref().unwrap_or("_")
                );
            }
            println!();
        }
    }
    for f in tests {
        let gold = read(f);
        let g = parser::evaluate(&p, &gold);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{name}\tgold tags\tUAS {:.2}\tLAS {:.2}\tLAS(full) {:.2}",
            g.uas, g.las, g.las_full
        );
        if let Some(tg) = &tagger {
            let pred = retag(tg, &gold);
            let s = parser::evaluate(&p, &pred);
            let (u, x) = tag_accuracy(&gold, &pred);
            println!(
                "{name}\tpred tags (UPOS {u:.2} XPOS {x:.2})\tUAS {:.2}\tLAS {:.2}\tLAS(full) {:.2}",
                s.uas, s.las, s.las_full
            );
        }
    }
}
