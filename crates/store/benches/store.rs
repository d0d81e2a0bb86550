//! The store's speed on a generated pile of events: ingest rate, `stats --by dyad --every
//! week`, and a filtered page of 100 events. Prints the figures (no harness).
//!
//! 1,000,000 synthetic pre-coded events (override with `DYAD_BENCH_EVENTS`): a few hundred
//! actors (50 countries x 6 sectors, a Zipf-like mix so a few dominate as in real news), a
//! CAMEO code mix weighted like coded news (statements and consultations common, force and
//! sanctions rarer), four years of dates, 1-6 events per article, and one article in
//! eight re-reporting the previous article's last event within a day (so de-duplication merges some). Ingested in
//! batches of 1,000 articles into a temporary SQLite file, and into PostgreSQL too when
//! `DYAD_BENCH_PG_URL` names a database server (`benches/store.sh` starts one): into a fresh
//! database `dyad_bench` on it, and, when the server runs on this machine, with the server's
//! CPU time read from /proc next to dyad's.
//!
//! Targets (issue 6): SQLite ingest >= 100,000 events/s, PostgreSQL >= 30,000 events/s,
//! stats by dyad and week over 1M events < 1 s on SQLite.

use chrono::NaiveDate;
use dyad_coder::{ActorRef, Cameo, Event, Plover, Span};
use dyad_store::{
    open, By, CodedArticle, EventFilter, Every, Location, Page, StatsQuery, Store, StoreOptions,
};
use std::time::Instant;

/// xorshift64*: a small deterministic generator, so every run builds the same pile.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Index in 0..n with probability roughly proportional to 1/(i+1).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }
}

const COUNTRIES: [&str; 50] = [
    "USA", "RUS", "CHN", "UKR", "IRN", "ISR", "TUR", "GBR", "FRA", "DEU", "IND", "PAK", "SYR",
    "IRQ", "SAU", "EGY", "JPN", "KOR", "PRK", "AFG", "NGA", "ZAF", "BRA", "MEX", "VEN", "COL",
    "ARG", "CAN", "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "BGD", "ETH", "KEN", "SDN", "LBY",
    "YEM", "LBN", "JOR", "QAT", "ARE", "POL", "ITA", "ESP", "GRC", "SRB", "BLR",
];
const SECTORS: [&str; 6] = ["GOV", "", "MIL", "OPP", "BUS", "MED"];

/// (code, Goldstein, quad class, PLOVER type, weight)
const CODES: [(&str, f64, u8, &str, u32); 20] = [
    ("010", 0.0, 1, "OTHER", 20),
    ("020", 3.0, 1, "REQUEST", 6),
    ("036", 4.0, 1, "CONSULT", 5),
    ("040", 1.0, 1, "CONSULT", 14),
    ("042", 1.9, 1, "CONSULT", 5),
    ("043", 2.8, 1, "CONSULT", 5),
    ("046", 7.0, 1, "CONSULT", 3),
    ("051", 3.4, 1, "SUPPORT", 4),
    ("057", 8.0, 2, "AGREE", 2),
    ("061", 6.4, 2, "COOPERATE", 2),
    ("070", 7.0, 2, "AID", 2),
    ("111", -2.0, 3, "DISAPPROVE", 4),
    ("112", -2.0, 3, "ACCUSE", 6),
    ("120", -4.0, 3, "REJECT", 3),
    ("130", -4.4, 3, "THREATEN", 3),
    ("163", -8.0, 4, "SANCTION", 2),
    ("173", -5.0, 4, "ARREST", 3),
    ("180", -9.0, 4, "ASSAULT", 2),
    ("190", -10.0, 4, "ASSAULT", 7),
    ("193", -10.0, 4, "ASSAULT", 2),
];

fn actor(rng: &mut Rng) -> String {
    let country = COUNTRIES[rng.zipf(COUNTRIES.len())];
    let sector = SECTORS[rng.zipf(SECTORS.len())];
    format!("{country}{sector}")
}

fn code(rng: &mut Rng) -> usize {
    let total: u32 = CODES.iter().map(|c| c.4).sum();
    let mut r = rng.below(total as usize) as u32;
    for (i, c) in CODES.iter().enumerate() {
        if r < c.4 {
            return i;
        }
        r -= c.4;
    }
    0
}

fn make_event(
    article: &str,
    index: usize,
    day: NaiveDate,
    source: &str,
    target: &str,
    c: usize,
) -> Event {
    let (code, goldstein, quad, plover, _) = CODES[c];
    let sentence = format!(
        "Officials of {source} said on Tuesday that they had dealt with {target} over the border dispute."
    );
    let tstart = 46 + source.len();
    Event {
        id: Event::stable_id(article, index, Some(source), Some(target), code),
        article: article.to_string(),
        sentence_index: index,
        sentence,
        date: Some(day),
        story_date: Some(day),
        source: Some(ActorRef {
            code: source.to_string(),
            name: None,
            text: source.to_string(),
            start: 13,
            end: 13 + source.len(),
        }),
        target: Some(ActorRef {
            code: target.to_string(),
            name: None,
            text: target.to_string(),
            start: tstart,
            end: tstart + target.len(),
        }),
        cameo: Cameo {
            code: code.to_string(),
            name: format!("CAMEO {code}"),
            goldstein,
            quad_class: quad,
        },
        plover: Some(Plover {
            event_type: plover.to_string(),
            mode: None,
            context: vec![],
        }),
        verb: Some(Span {
            text: "dealt".into(),
            start: 37 + source.len(),
            end: 42 + source.len(),
        }),
        place: None,
    }
}

/// `n` events in articles of 1-6 events, in date order (as a news archive is read).
fn generate(n: usize) -> Vec<CodedArticle> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
    let days = 4 * 365;
    let mut events = Vec::with_capacity(n);
    let mut a = 0usize;
    let mut last: Option<(String, String, usize)> = None;
    while events.len() < n {
        let article = format!("bench-{a:08}");
        let day = start + chrono::Duration::days((a * days / (n / 3 + 1)) as i64);
        let k = 1 + rng.below(6);
        for i in 0..k {
            let (source, target, c) = match &last {
                // One article in eight opens with the previous article's last event (a
                // re-report of it, the same day or the next).
                Some(prev) if i == 0 && rng.below(8) == 0 => prev.clone(),
                _ => {
                    let s = actor(&mut rng);
                    let mut t = actor(&mut rng);
                    while t == s {
                        t = actor(&mut rng);
                    }
                    (s, t, code(&mut rng))
                }
            };
            events.push(make_event(&article, i, day, &source, &target, c));
            last = Some((source, target, c));
            if events.len() == n {
                break;
            }
        }
        a += 1;
    }
    CodedArticle::from_events(events)
}

/// CPU seconds (user + system) this process has used so far, from /proc/self/stat (Linux);
/// the machine the figures are taken on is often shared, and wall time alone then says more
/// about the neighbours than about the store.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux
}

/// Run `f`; its result and "W s wall, C CPU s" (CPU when /proc says).
fn timed<T>(f: impl FnOnce() -> T) -> (T, String) {
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let v = f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) => format!(", {:.2} CPU s", b - a),
        _ => String::new(),
    };
    (v, format!("{wall:.3} s wall{cpu}"))
}

fn run(
    name: &str,
    mut store: Box<dyn Store>,
    articles: &[CodedArticle],
    n: usize,
    server_cpu: Option<&dyn Fn() -> Option<f64>>,
) {
    println!("== {name}");
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let server0 = server_cpu.and_then(|f| f());
    let mut report = dyad_store::IngestReport::default();
    for batch in articles.chunks(1000) {
        match store.ingest(batch) {
            Ok(r) => report += r,
            Err(e) => {
                println!("ingest failed: {e}");
                return;
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => format!(
            "; {:.1} CPU s in this process, {:.0} events per CPU second",
            b - a,
            n as f64 / (b - a)
        ),
        _ => String::new(),
    };
    // A database server works for the ingest too: its CPU, and events per CPU second of both.
    let cpu = match (server0, server_cpu.and_then(|f| f()), cpu0, cpu_seconds()) {
        (Some(s0), Some(s1), Some(a), Some(b)) if s1 >= s0 && b > a => format!(
            "{cpu}; {:.1} CPU s in the server, {:.0} events per CPU second of both",
            s1 - s0,
            n as f64 / (s1 - s0 + b - a)
        ),
        _ => cpu,
    };
    println!(
        "ingest: {n} events in {} articles, {secs:.1} s wall, {:.0} events/s ({} events after de-duplication, {} merged){cpu}",
        report.articles,
        n as f64 / secs,
        report.new_events,
        report.merged
    );
    let q = StatsQuery {
        by: By::Dyad,
        every: Every::Week,
        filter: EventFilter::default(),
    };
    for i in 0..3 {
        let (rows, d) = timed(|| store.stats(&q));
        match rows {
            Ok(rows) => println!(
                "stats --by dyad --every week (run {}): {} rows in {}",
                i + 1,
                rows.len(),
                d
            ),
            Err(e) => println!("stats failed: {e}"),
        }
    }
    let month = StatsQuery {
        by: By::Root,
        every: Every::Month,
        filter: EventFilter {
            source: Some("RUS".into()),
            ..Default::default()
        },
    };
    let (rows, d) = timed(|| store.stats(&month));
    if let Ok(rows) = rows {
        println!(
            "stats --by root --every month --source RUS: {} rows in {}",
            rows.len(),
            d
        );
    }
    let filter = EventFilter {
        source: Some("RUS".into()),
        quad: Some(4),
        from: NaiveDate::from_ymd_opt(2020, 1, 1),
        ..Default::default()
    };
    for i in 0..3 {
        let (page, d) = timed(|| store.events(&filter, &Page::first(100)));
        match page {
            Ok(p) => println!(
                "events --source RUS --quad 4 --from 2020-01-01, page of {} (total {}) (run {}): {}",
                p.events.len(),
                p.total,
                i + 1,
                d
            ),
            Err(e) => println!("events failed: {e}"),
        }
    }
    let (page, d) = timed(|| store.events(&EventFilter::default(), &Page::first(100)));
    if let Ok(p) = page {
        println!(
            "events, first page of {} (total {}): {}",
            p.events.len(),
            p.total,
            d
        );
    }
    if let Ok(c) = store.counts() {
        println!(
            "counts: {} articles, {} sentences, {} mentions, {} events",
            c.articles, c.sentences, c.mentions, c.events
        );
    }
}

fn main() {
    let n: usize = std::env::var("DYAD_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let (articles, d) = timed(|| generate(n));
    println!(
        "generated {n} events in {} articles ({})",
        articles.len(),
        d
    );
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            println!("cannot make a temporary folder: {e}");
            return;
        }
    };
    let path = dir.path().join("bench.db");
    match open(&Location::Sqlite(path.clone()), &StoreOptions::default()) {
        Ok(store) => run("SQLite", store, &articles, n, None),
        Err(e) => println!("cannot open {}: {e}", path.display()),
    }
    let size: u64 = ["bench.db", "bench.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.path().join(f)).ok())
        .map(|m| m.len())
        .sum();
    println!("SQLite file size: {:.0} MB", size as f64 / 1e6);
    if let Ok(url) = std::env::var("DYAD_BENCH_PG_URL") {
        let url = fresh_pg_database(&url);
        let postmaster = postmaster_of(&url);
        let server_cpu = move || postmaster.and_then(server_cpu_seconds);
        match open(&Location::Postgres(url), &StoreOptions::default()) {
            Ok(store) => run("PostgreSQL", store, &articles, n, Some(&server_cpu)),
            Err(e) => println!("cannot open the PostgreSQL store: {e}"),
        }
    }
}

/// A new empty database `dyad_bench` on the server of `url` (dropped first if a previous run
/// left it), so that every run ingests into an empty store; `url` itself when that is not
/// allowed.
fn fresh_pg_database(url: &str) -> String {
    let made = postgres::Client::connect(url, postgres::NoTls).and_then(|mut c| {
        c.batch_execute("DROP DATABASE IF EXISTS dyad_bench WITH (FORCE)")?;
        c.batch_execute("CREATE DATABASE dyad_bench")
    });
    match made {
        Ok(()) => {
            let (base, query) = url.split_once('?').unwrap_or((url, ""));
            let host_end = base
                .find("://")
                .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j))
                .unwrap_or(base.len());
            let q = if query.is_empty() {
                String::new()
            } else {
                format!("?{query}")
            };
            format!("{}/dyad_bench{q}", &base[..host_end])
        }
        Err(e) => {
            println!("cannot make a fresh database dyad_bench ({e}); using the URL's own");
            url.to_string()
        }
    }
}

/// The fields of /proc/PID/stat after the command name (state is field 0, ppid 1, utime 11,
/// stime 12, cutime 13, cstime 14).
fn proc_stat(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    Some(rest.split(' ').map(str::to_string).collect())
}

/// The process id of the PostgreSQL server behind `url` when it runs on this machine: the
/// parent of this connection's backend process.
fn postmaster_of(url: &str) -> Option<u32> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).ok()?;
    let backend: i32 = c.query_one("SELECT pg_backend_pid()", &[]).ok()?.get(0);
    proc_stat(u32::try_from(backend).ok()?)?
        .get(1)?
        .parse()
        .ok()
}

/// CPU seconds the server has used: the postmaster with the processes it has reaped, and its
/// live processes (backends, WAL writer, checkpointer...).
fn server_cpu_seconds(postmaster: u32) -> Option<f64> {
    let ticks = |f: &[String], i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok());
    let pm = proc_stat(postmaster)?;
    let mut total = ticks(&pm, 11)? + ticks(&pm, 12)? + ticks(&pm, 13)? + ticks(&pm, 14)?;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some(f) = proc_stat(pid) {
            if f.get(1).and_then(|p| p.parse::<u32>().ok()) == Some(postmaster) {
                total += ticks(&f, 11).unwrap_or(0.0) + ticks(&f, 12).unwrap_or(0.0);
            }
        }
    }
    Some(total / 100.0) // USER_HZ is 100 on Linux
}
