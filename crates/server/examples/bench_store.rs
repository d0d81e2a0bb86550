//! Builds a synthetic event store for the server benchmark (`benches/serve.sh`): N events
//! (default 1,000,000) in articles of four events, stored through `Store::ingest` like any
//! other batch. Actors, codes and dates are skewed the way news is (a few countries and codes
//! dominate), from a fixed seed, so every run builds the same store.
//!
//!     cargo run --release -p dyad-server --example bench_store -- target/bench/serve.db 1000000

use chrono::NaiveDate;
use dyad_coder::{ActorRef, Cameo, Event};
use dyad_store::{CodedArticle, Location, StoreOptions};
use std::time::Instant;

const COUNTRIES: [&str; 30] = [
    "USA", "RUS", "IRN", "CHN", "ISR", "UKR", "TUR", "GBR", "FRA", "DEU", "SYR", "IRQ", "SAU",
    "PAK", "IND", "PRK", "KOR", "JPN", "EGY", "AFG", "LBN", "QAT", "ARE", "BLR", "POL", "VEN",
    "BRA", "MEX", "NGA", "ZAF",
];
const SECTORS: [&str; 5] = ["GOV", "MIL", "", "OPP", "BUS"];
/// (code, name, Goldstein, quad class)
const CODES: [(&str, &str, f64, u8); 16] = [
    ("010", "Make statement", 0.0, 1),
    ("020", "Appeal", 3.0, 1),
    ("036", "Express intent to meet or negotiate", 4.0, 1),
    ("040", "Consult", 1.0, 1),
    ("042", "Make a visit", 1.9, 1),
    ("043", "Host a visit", 2.8, 1),
    ("051", "Praise or endorse", 3.4, 1),
    ("057", "Sign formal agreement", 8.0, 1),
    ("071", "Provide economic aid", 7.4, 2),
    ("111", "Criticize or denounce", -2.0, 3),
    ("112", "Accuse", -2.0, 3),
    ("130", "Threaten", -4.4, 3),
    ("163", "Impose embargo, boycott, or sanctions", -8.0, 4),
    ("173", "Arrest, detain", -5.0, 4),
    ("190", "Use conventional military force", -10.0, 4),
    ("193", "Fight with small arms and light weapons", -10.0, 4),
];

/// SplitMix64: a tiny deterministic generator, plenty for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// An index below `n`, skewed towards 0 (square of a uniform draw).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * n as f64) as usize).min(n - 1)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn actor(rng: &mut Rng) -> ActorRef {
    let code = format!(
        "{}{}",
        COUNTRIES[rng.skewed(COUNTRIES.len())],
        SECTORS[rng.skewed(SECTORS.len())]
    );
    ActorRef {
        text: code.clone(),
        code,
        name: None,
        start: 0,
        end: 0,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: bench_store DB [EVENTS]")?;
    let n: usize = match args.next() {
        Some(s) => s.parse()?,
        None => 1_000_000,
    };
    let mut store = dyad_store::open(
        &Location::Sqlite(path.clone().into()),
        &StoreOptions::default(),
    )?;
    let first = NaiveDate::from_ymd_opt(2018, 1, 1).ok_or("date")?;
    let days = 7 * 365;
    let mut rng = Rng(20_240_601);
    let started = Instant::now();
    let mut done = 0usize;
    let mut report = dyad_store::IngestReport::default();
    let mut article_no = 0usize;
    while done < n {
        let mut events = Vec::with_capacity(20_000);
        while events.len() < 20_000 && done + events.len() < n {
            article_no += 1;
            let article = format!("bench-{article_no:08}");
            let date = first + chrono::Duration::days(rng.below(days) as i64);
            for index in 0..4 {
                let source = actor(&mut rng);
                let mut target = actor(&mut rng);
                if target.code == source.code {
                    target = actor(&mut rng);
                }
                let (code, name, goldstein, quad_class) = CODES[rng.skewed(CODES.len())];
                let sentence = format!("{} {} {}.", source.code, name.to_lowercase(), target.code);
                events.push(Event {
                    id: Event::stable_id(
                        &article,
                        index,
                        Some(&source.code),
                        Some(&target.code),
                        code,
                    ),
                    article: article.clone(),
                    sentence_index: index,
                    sentence,
                    date: Some(date),
                    story_date: Some(date),
                    source: Some(source),
                    target: Some(target),
                    cameo: Cameo {
                        code: code.into(),
                        name: name.into(),
                        goldstein,
                        quad_class,
                    },
                    plover: None,
                    verb: None,
                    place: None,
                });
            }
        }
        done += events.len();
        let batch: Vec<CodedArticle> = CodedArticle::from_events(events);
        report += store.ingest(&batch)?;
        eprint!("\r{done} events, {:.0} s", started.elapsed().as_secs_f64());
    }
    eprintln!();
    println!(
        "bench store {path}: {} articles, {} mentions, {} events ({} merged) in {:.1} s",
        report.articles,
        report.mentions,
        report.new_events,
        report.merged,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
