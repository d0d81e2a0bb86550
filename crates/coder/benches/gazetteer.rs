//! How long loading the committed gazetteer and resolving places takes.
//!
//! `cargo bench -p dyad-coder --bench gazetteer` prints the load time of `data/geo` (the
//! coder loads it once per run, so it must stay well under a second) and the time per
//! place lookup, per sentence resolution and per dateline.

use std::path::Path;
use std::time::Instant;

use dyad_coder::dates::resolve_date;
use dyad_coder::geo::{Gazetteer, PlaceContext};

fn main() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/geo"));
    let t0 = Instant::now();
    let g = match Gazetteer::load(dir) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("cannot load the gazetteer: {e}");
            std::process::exit(1);
        }
    };
    let load = t0.elapsed();
    println!(
        "gazetteer load: {:.1} ms ({} places, {} problems)",
        load.as_secs_f64() * 1e3,
        g.len(),
        g.problems().len()
    );

    let names = [
        "Tehran",
        "Kiev",
        "Paris",
        "the United States",
        "Saudi Arabia",
        "Nowhere",
    ];
    let n = 200_000;
    let t0 = Instant::now();
    let mut hits = 0usize;
    for i in 0..n {
        hits += g.lookup(names[i % names.len()]).len();
    }
    let per = t0.elapsed().as_secs_f64() / n as f64;
    println!("lookup: {:.2} µs per name ({hits} candidates)", per * 1e6);

    let s = "Russia and Ukraine signed agreements in Istanbul on Friday that would reopen ports.";
    let tokens = dyad_text::tokenize::tokenize(s, 0, s.len()).0;
    let verb = tokens.iter().position(|t| t.form == "signed").unwrap_or(0);
    let countries = vec!["RUS".to_string(), "UKR".to_string()];
    let ctx = PlaceContext {
        article_countries: &countries,
        ..Default::default()
    };
    let story = chrono::NaiveDate::from_ymd_opt(2022, 7, 23).unwrap_or_default();
    let n = 50_000;
    let t0 = Instant::now();
    let mut found = 0usize;
    for _ in 0..n {
        found += usize::from(g.resolve_place(&tokens, s, verb, &ctx).is_some());
        found += usize::from(resolve_date(&tokens, s, Some(verb), story).is_some());
    }
    let per = t0.elapsed().as_secs_f64() / n as f64;
    println!(
        "place + date per sentence: {:.2} µs ({found} found)",
        per * 1e6
    );

    let text = "ISTANBUL, July 23 - Russia and Ukraine signed agreements in Istanbul on Friday.";
    let t0 = Instant::now();
    let mut c = 0usize;
    for _ in 0..n {
        c += g.countries_mentioned(text).len();
        c += usize::from(g.dateline_place(text).is_some());
    }
    let per = t0.elapsed().as_secs_f64() / n as f64;
    println!(
        "countries_mentioned + dateline per article lead: {:.2} µs ({c})",
        per * 1e6
    );
}
