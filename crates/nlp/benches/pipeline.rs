//! Speed of the whole NLP pipeline (tagger + lemmatizer + parser) on real news text, on one
//! core: segments articles of `../shared/news/tempeval3.jsonl` into sentences with
//! `dyad_text::segment`, then tags, lemmatizes and parses every sentence with the committed
//! models. Prints tokens per second for each stage and the process's peak RSS.
//!
//! `cargo bench -p dyad-nlp --bench pipeline` (skips with a message when the news or the
//! models are absent). `DYAD_BENCH_ARTICLES=N` changes the number of articles (default 600).

use dyad_nlp::lemma::Lemmatizer;
use dyad_nlp::parser::Parser;
use dyad_nlp::tagger::Tagger;
use dyad_text::{segment, Sentence};
use std::path::Path;
use std::time::{Duration, Instant};

const NEWS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/news/tempeval3.jsonl"
);
const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models");

/// Peak resident set size in MB (VmHWM), if /proc is there.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let Ok(news) = std::fs::read_to_string(NEWS) else {
        eprintln!("SKIP: {NEWS} not found");
        return;
    };
    let articles: usize = std::env::var("DYAD_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    let models = Path::new(MODELS);
    let t = Instant::now();
    let parser = match Parser::load(&models.join("parser.bin")) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("SKIP: {e}");
            return;
        }
    };
    let parser_load = t.elapsed();
    // DYAD_BEAM=K DYAD_BEAM_T=T DYAD_BEAM_M=M: time another beam setting.
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f32>().ok());
    let parser = match (env("DYAD_BEAM"), env("DYAD_BEAM_T"), env("DYAD_BEAM_M")) {
        (None, None, None) => parser,
        (k, t, m) => parser.with_beam(
            k.map_or(dyad_nlp::parser::BEAM_WIDTH, |k| k as usize),
            t.unwrap_or(dyad_nlp::parser::BEAM_TEMPERATURE),
            m.unwrap_or(dyad_nlp::parser::BEAM_MARGIN),
        ),
    };
    let t = Instant::now();
    let tagger = Tagger::load(&models.join("tagger.bin")).ok();
    let lemmatizer = Lemmatizer::load(&models.join("lemmatizer.bin")).ok();
    let other_load = t.elapsed();

    let texts: Vec<String> = news
        .lines()
        .take(articles)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect();

    let t = Instant::now();
    let mut sentences: Vec<Sentence> = texts.iter().flat_map(|t| segment(t)).collect();
    let segment_time = t.elapsed();
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();

    let (mut tag_time, mut lemma_time, mut parse_time) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for s in &mut sentences {
        let t = Instant::now();
        if let Some(tg) = &tagger {
            tg.tag(&mut s.tokens);
        } else {
            // Without a tagger, give the parser a constant tag so that it still runs.
            for tok in s.tokens.iter_mut() {
                tok.upos = Some("NOUN".into());
                tok.xpos = Some("NN".into());
            }
        }
        let t2 = Instant::now();
        if let Some(lm) = &lemmatizer {
            lm.lemmatize(&mut s.tokens);
        }
        let t3 = Instant::now();
        parser.parse(&mut s.tokens);
        let t4 = Instant::now();
        tag_time += t2 - t;
        lemma_time += t3 - t2;
        parse_time += t4 - t3;
    }
    let rate = |d: Duration| tokens as f64 / d.as_secs_f64().max(1e-9);
    let total = tag_time + lemma_time + parse_time;
    println!(
        "pipeline bench: {} articles, {} sentences, {tokens} tokens (one thread)",
        texts.len(),
        sentences.len()
    );
    println!(
        "  models: parser load {:.2}s, tagger+lemmatizer load {:.2}s",
        parser_load.as_secs_f64(),
        other_load.as_secs_f64()
    );
    println!("  segment     {:>10.0} tokens/s", rate(segment_time));
    if tagger.is_some() {
        println!("  tagger      {:>10.0} tokens/s", rate(tag_time));
    } else {
        println!("  tagger      (no data/models/tagger.bin: constant tags)");
    }
    if lemmatizer.is_some() {
        println!("  lemmatizer  {:>10.0} tokens/s", rate(lemma_time));
    } else {
        println!("  lemmatizer  (no data/models/lemmatizer.bin)");
    }
    println!("  parser      {:>10.0} tokens/s", rate(parse_time));
    println!("  tag+lemma+parse {:>6.0} tokens/s", rate(total));
    println!(
        "  segment+tag+lemma+parse {:.0} tokens/s",
        rate(total + segment_time)
    );
    match peak_rss_mb() {
        Some(mb) => println!("  peak RSS    {mb:.0} MB"),
        None => println!("  peak RSS    (no /proc/self/status)"),
    }
}
