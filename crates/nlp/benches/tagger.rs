//! Speed of the tagger and the lemmatizer alone, on one core, over the words of UD English
//! EWT test (gold tokenization, so the figure is free of tokenizer cost). Prints tokens per
//! second for tagging, lemmatizing (given tags) and both, plus model load times.
//!
//! `cargo bench -p dyad-nlp --bench tagger` (skips with a message when the treebank or the
//! models are absent). `DYAD_BENCH_ROUNDS=N` changes the number of passes (default 5).

use dyad_nlp::lemma::Lemmatizer;
use dyad_nlp::tagger::Tagger;
use dyad_text::Token;
use std::path::Path;
use std::time::Instant;

const EWT_TEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/ud/en_ewt-ud-test.conllu"
);
const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models");

fn main() {
    let Ok(gold) = dyad_text::conllu::read_file(Path::new(EWT_TEST)) else {
        eprintln!("SKIP: {EWT_TEST} not found");
        return;
    };
    let models = Path::new(MODELS);
    let t0 = Instant::now();
    let Ok(tagger) = Tagger::load(&models.join("tagger.bin")) else {
        eprintln!("SKIP: no tagger model in {MODELS}");
        return;
    };
    let tagger_load = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let Ok(lem) = Lemmatizer::load(&models.join("lemmatizer.bin")) else {
        eprintln!("SKIP: no lemmatizer model in {MODELS}");
        return;
    };
    let lem_load = t0.elapsed().as_secs_f64();
    let rounds: usize = std::env::var("DYAD_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let sentences: Vec<Vec<Token>> = gold.iter().map(|s| s.to_tokens()).collect();
    let words: usize = sentences.iter().map(Vec::len).sum::<usize>() * rounds;

    let mut work = sentences.clone();
    let t = Instant::now();
    for _ in 0..rounds {
        for s in work.iter_mut() {
            tagger.tag(s);
        }
    }
    let tag_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..rounds {
        for s in work.iter_mut() {
            lem.lemmatize(s);
        }
    }
    let lem_s = t.elapsed().as_secs_f64();
    println!("model load: tagger {tagger_load:.3} s, lemmatizer {lem_load:.3} s");
    println!("{words} tokens ({rounds} passes over EWT test)");
    println!("tagger:           {:>9.0} tokens/s", words as f64 / tag_s);
    println!("lemmatizer:       {:>9.0} tokens/s", words as f64 / lem_s);
    println!(
        "tagger+lemmatizer {:>9.0} tokens/s",
        words as f64 / (tag_s + lem_s)
    );
}
