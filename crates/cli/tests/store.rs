//! End-to-end tests of `dyad ingest`, `dyad events` and `dyad stats`: the real binary on real
//! SQLite files in temporary folders, fed with real news from `../shared` (a few dozen
//! articles of each corpus, to stay fast on 2 cores) and a few articles written here whose
//! events are known (Russian government and military sources, one meeting reported by two
//! stories). The ingest-twice and kill -9 tests run on PostgreSQL too when `DYAD_TEST_PG_URL`
//! names a server (`scripts/test.sh` starts one with `scripts/postgres.sh`), and must leave
//! exactly what SQLite holds.

use dyad_store::{Counts, Location, Store, StoreOptions, StoredEvent};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("dyad runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-store-test-{}-{name}", std::process::id()));
    // A leftover of an earlier run with the same pid would make counts wrong.
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found (../shared is absent)", p.display());
        None
    }
}

/// A store named as `--db` names it: a SQLite path or a PostgreSQL URL.
fn open_read_only(db: &str) -> Box<dyn Store> {
    dyad_store::open(
        &Location::parse(db),
        &StoreOptions {
            read_only: true,
            ..StoreOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("open {db}: {e}"))
}

/// A SQLite file as a `--db` value.
fn sqlite(path: &Path) -> String {
    path.to_str()
        .expect("temporary paths are UTF-8")
        .to_string()
}

fn counts(db: &str) -> Counts {
    open_read_only(db).counts().unwrap()
}

/// Articles written for these tests: Russian military (RUSMIL) and government (RUSGOV)
/// sources, and one meeting (TURGOV 040 RUSGOV in Tehran on 2022-07-19) reported by own-1 and
/// own-3, which the store de-duplicates into one event with two mentions.
const OWN_ARTICLES: &str = r#"{"id": "own-1", "date": "2022-07-19", "title": "Putin in Tehran", "text": "Russian troops shelled Ukrainian positions near Kharkiv on Monday, the Ukrainian army said.\n\nTurkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Tehran on Tuesday."}
{"id": "own-2", "date": "2022-07-20", "title": "Talks", "text": "The Russian army attacked Ukrainian forces in Donetsk on Wednesday.\n\nRussian Foreign Minister Sergei Lavrov praised Turkey for its mediation."}
{"id": "own-3", "date": "2022-07-20", "title": "Tehran summit", "text": "Iran's Supreme Leader Ali Khamenei urged Russia to keep the grain deal alive.\n\nTurkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Tehran on Tuesday, Turkish media reported."}
"#;

/// The test corpus: the first lines of each `../shared/news` file (the BBC politics section
/// for BBC, whose file starts with business news that has few political events) and our own
/// articles, in one folder. `None` when ../shared is absent.
struct Corpus {
    dir: PathBuf,
    /// Every article id, in reading order.
    ids: Vec<String>,
    /// How many different texts: Reuters has the same story under two ids, which the store
    /// keeps once (same content hash).
    distinct: u64,
}

fn corpus() -> Option<&'static Corpus> {
    static CORPUS: OnceLock<Option<Corpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let news = shared("news")?;
            let dir = temp_dir("corpus");
            let mut ids = Vec::new();
            let mut texts = std::collections::HashSet::new();
            let mut take = |file: &str, from_id: Option<&str>, n: usize, out: &str| {
                let all = std::fs::read_to_string(news.join(file)).unwrap();
                let start = from_id
                    .and_then(|id| all.lines().position(|l| l.contains(id)))
                    .unwrap_or(0);
                let lines: Vec<&str> = all.lines().skip(start).take(n).collect();
                for l in &lines {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    ids.push(v["id"].as_str().unwrap().to_string());
                    texts.insert(v["text"].as_str().unwrap().to_string());
                }
                std::fs::write(dir.join(out), lines.join("\n") + "\n").unwrap();
            };
            take("reuters21578.jsonl", None, 25, "a-reuters.jsonl");
            take("bbc.jsonl", Some("\"bbc-politics-001\""), 30, "b-bbc.jsonl");
            take("tempeval3.jsonl", None, 45, "c-tempeval3.jsonl");
            std::fs::write(dir.join("d-own.jsonl"), OWN_ARTICLES).unwrap();
            for l in OWN_ARTICLES.lines() {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                ids.push(v["id"].as_str().unwrap().to_string());
                texts.insert(v["text"].as_str().unwrap().to_string());
            }
            assert!(
                texts.len() < ids.len(),
                "the corpus holds a duplicate story"
            );
            Some(Corpus {
                dir,
                ids,
                distinct: texts.len() as u64,
            })
        })
        .as_ref()
}

/// What `dyad ingest` printed on stderr: articles stored, skipped, sentences, mentions, new
/// events, merged mentions.
#[derive(Debug, PartialEq, Clone, Copy)]
struct Summary {
    articles: u64,
    skipped: u64,
    sentences: u64,
    mentions: u64,
    new_events: u64,
    merged: u64,
}

fn summary(stderr: &[u8]) -> Summary {
    let err = text(stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("dyad ingest: "))
        .unwrap_or_else(|| panic!("no summary line in {err}"));
    // The database path comes last, in parentheses, and may hold digits.
    let figures = line.rsplit_once(" (").map_or(line, |(a, _)| a);
    let n: Vec<u64> = figures
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect();
    assert_eq!(n.len(), 6, "six figures in {line:?}");
    Summary {
        articles: n[0],
        skipped: n[1],
        sentences: n[2],
        mentions: n[3],
        new_events: n[4],
        merged: n[5],
    }
}

fn ingest(db: &str, args: &[&str], inputs: &[&Path]) -> Output {
    run(dyad()
        .arg("ingest")
        .arg("--db")
        .arg(db)
        .args(args)
        .args(inputs))
}

/// The corpus ingested once, cleanly, with the default batch size: the reference the other
/// tests compare with. Its first summary is kept.
fn clean_store() -> Option<&'static (String, Summary)> {
    static CLEAN: OnceLock<Option<(String, Summary)>> = OnceLock::new();
    CLEAN
        .get_or_init(|| {
            let corpus = corpus()?;
            let db = sqlite(&temp_dir("clean").join("clean.db"));
            let out = ingest(&db, &[], &[&corpus.dir]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            Some((db, summary(&out.stderr)))
        })
        .as_ref()
}

/// `dyad events` on a store; panics with stderr when it fails.
fn events_out(db: &str, args: &[&str]) -> String {
    let out = run(dyad().arg("events").arg("--db").arg(db).args(args));
    assert!(
        out.status.success(),
        "dyad events {args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn stored_events(db: &str, filters: &[&str]) -> Vec<StoredEvent> {
    let mut args = vec!["--format", "jsonl"];
    args.extend_from_slice(filters);
    events_out(db, &args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn source_code(e: &StoredEvent) -> &str {
    e.event.source.as_ref().map_or("", |a| a.code.as_str())
}

#[test]
fn ingest_twice_gives_the_same_counts_and_the_second_run_stores_nothing() {
    let (Some(corpus), Some((db, first))) = (corpus(), clean_store()) else {
        return;
    };
    let ids = corpus.ids.len() as u64;
    assert_eq!(first.articles, corpus.distinct, "every story stored once");
    assert_eq!(first.skipped, ids - corpus.distinct, "the duplicate story");
    assert!(
        first.mentions >= 10,
        "the corpus has events to store: {first:?}"
    );
    assert_eq!(first.mentions, first.new_events + first.merged);
    assert!(first.merged >= 1, "own-1 and own-3 report one meeting");
    let before = counts(db);
    assert_eq!(
        (before.articles, before.mentions, before.events),
        (first.articles, first.mentions, first.new_events)
    );
    assert_eq!(before.sentences, first.sentences);

    let out = ingest(db, &[], &[&corpus.dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let second = summary(&out.stderr);
    assert_eq!(
        second,
        Summary {
            articles: 0,
            skipped: ids,
            sentences: 0,
            mentions: 0,
            new_events: 0,
            merged: 0
        }
    );
    assert_eq!(counts(db), before, "the second run changed the store");
}

#[test]
fn a_killed_ingest_loses_nothing_committed_and_a_rerun_finishes_the_job() {
    let db = sqlite(&temp_dir("killed").join("killed.db"));
    kill_and_rerun(&db);
}

/// Start a real `dyad ingest` into `db`, `kill -9` it once some batches are committed, check
/// that every stored article is whole, run the ingest again and check that the store ends up
/// as a clean single run leaves it.
fn kill_and_rerun(db: &str) {
    let (Some(corpus), Some((clean_db, _))) = (corpus(), clean_store()) else {
        return;
    };
    let (dir, ids) = (&corpus.dir, &corpus.ids);
    // Small batches on one thread: many commits, several seconds of work.
    let mut child = dyad()
        .args(["ingest", "--batch", "2", "-j", "1", "--db", db])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the ingest ended ({status}) before a batch was seen committed");
        }
        let committed = dyad_store::open(
            &Location::parse(db),
            &StoreOptions {
                read_only: true,
                ..StoreOptions::default()
            },
        )
        .and_then(|mut s| s.counts())
        .map_or(0, |c| c.articles);
        if committed >= 3 {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 300,
            "no batch committed in 5 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no rollback, no flush
    child.wait().unwrap();

    let after_kill = counts(db);
    assert!(
        after_kill.articles >= 3 && after_kill.articles < corpus.distinct,
        "killed mid-way: {} of {} articles stored",
        after_kill.articles,
        corpus.distinct
    );
    // Every stored article is whole: its sentences and mentions are what a clean run stores.
    let (mut killed, mut clean) = (open_read_only(db), open_read_only(clean_db));
    let mut seen = 0;
    for id in ids {
        let Some(got) = killed.article(id).unwrap() else {
            continue;
        };
        seen += 1;
        let want = clean.article(id).unwrap().expect("stored by the clean run");
        assert_eq!(got.sentences, want.sentences, "sentences of {id}");
        let events = |r: &dyad_store::ArticleRecord| {
            let mut v: Vec<_> = r.mentions.iter().map(|m| m.event.clone()).collect();
            v.sort_by(|a, b| a.id.cmp(&b.id));
            v
        };
        assert_eq!(events(&got), events(&want), "mentions of {id}");
    }
    assert_eq!(seen, after_kill.articles, "stored articles are the input's");
    drop(killed);

    let out = ingest(db, &[], &[dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let resumed = summary(&out.stderr);
    assert_eq!(
        resumed.articles + after_kill.articles,
        corpus.distinct,
        "the rerun stored the rest"
    );
    assert_eq!(resumed.articles + resumed.skipped, ids.len() as u64);
    assert_eq!(counts(db), counts(clean_db), "no duplicates, nothing lost");
    same_listings(db, clean_db);
}

/// Two stores hold the same events, mentions and aggregates, as the commands print them.
fn same_listings(db: &str, reference: &str) {
    for args in [
        &["events", "--format", "jsonl"][..],
        &["events", "--format", "jsonl", "--mentions"],
        &[
            "stats", "--format", "jsonl", "--by", "dyad", "--every", "week",
        ],
    ] {
        let listing = |db: &str| {
            let out = run(dyad().args(args).args(["--db", db]));
            assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
            text(&out.stdout)
        };
        let (got, want) = (listing(db), listing(reference));
        assert!(!want.is_empty(), "{args:?} lists something");
        assert_eq!(got, want, "{args:?}");
    }
}

#[test]
fn a_broken_article_in_a_batch_is_reported_and_the_others_are_stored() {
    let dir = temp_dir("broken");
    let input = dir.join("broken.jsonl");
    let mut lines: Vec<&str> = OWN_ARTICLES.lines().collect();
    lines.insert(
        2,
        r#"{"id": "cut-off", "date": "2022-07-21", "text": "The Russian army attack"#,
    );
    lines.push(r#"{"id": "own-4", "date": "2022-13-45", "text": "A bad date."}"#);
    lines.push(r#"{"id": "own-5", "date": "2022-07-22", "text": "Russian troops shelled Ukrainian positions near Kherson on Thursday."}"#);
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let db = sqlite(&dir.join("broken.db"));
    let out = ingest(&db, &["--batch", "50"], &[&input]);
    let err = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(3),
        "exit 3 when input was rejected: {err}"
    );
    let name = input.display().to_string();
    assert!(
        err.contains(&format!("{name}:3:")),
        "path:line of the cut-off line: {err}"
    );
    assert!(
        err.contains(&format!("{name}:5:")),
        "path:line of the bad date: {err}"
    );
    assert_eq!(summary(&out.stderr).articles, 4);
    let mut store = open_read_only(&db);
    assert_eq!(store.counts().unwrap().articles, 4);
    for id in ["own-1", "own-2", "own-3", "own-5"] {
        assert!(store.article(id).unwrap().is_some(), "{id} stored");
    }
    assert!(store.article("cut-off").unwrap().is_none());
}

#[test]
fn events_filters_match_prefixes_and_every_format_writes() {
    let Some((db, first)) = clean_store() else {
        return;
    };
    let all = stored_events(db, &[]);
    assert_eq!(all.len() as u64, first.new_events);
    assert_eq!(
        all.iter().map(|e| e.mentions as u64).sum::<u64>(),
        first.mentions,
        "every mention counted once"
    );
    let meeting: Vec<&StoredEvent> = all
        .iter()
        .filter(|e| source_code(e) == "TURGOV" && e.event.cameo.code == "040")
        .filter(|e| e.event.target.as_ref().is_some_and(|t| t.code == "RUSGOV"))
        .collect();
    assert_eq!(meeting.len(), 1, "one meeting, two stories");
    assert_eq!(meeting[0].mentions, 2);

    // RUS matches RUSGOV and RUSMIL.
    let rus = stored_events(db, &["--source", "RUS"]);
    let codes: std::collections::BTreeSet<&str> = rus.iter().map(source_code).collect();
    assert!(
        codes.contains("RUSGOV") && codes.contains("RUSMIL"),
        "{codes:?}"
    );
    let want: Vec<&str> = all
        .iter()
        .filter(|e| source_code(e).starts_with("RUS"))
        .map(|e| e.event.id.as_str())
        .collect();
    assert_eq!(
        rus.iter().map(|e| e.event.id.as_str()).collect::<Vec<_>>(),
        want
    );
    // Lower case is what people type.
    assert_eq!(stored_events(db, &["--source", "rus"]).len(), rus.len());
    let either = stored_events(db, &["--actor", "RUS"]);
    let want = all
        .iter()
        .filter(|e| {
            source_code(e).starts_with("RUS")
                || e.event
                    .target
                    .as_ref()
                    .is_some_and(|t| t.code.starts_with("RUS"))
        })
        .count();
    assert_eq!(either.len(), want);
    assert!(
        either.len() > rus.len(),
        "RUS is also a target (Khamenei urged Russia)"
    );

    // Code 04 is a prefix: 040-046.
    let consult = stored_events(db, &["--code", "04"]);
    assert!(!consult.is_empty());
    assert_eq!(
        consult.len(),
        all.iter()
            .filter(|e| e.event.cameo.code.starts_with("04"))
            .count()
    );
    let dated = stored_events(db, &["--from", "2022-07-19", "--to", "2022-07-20"]);
    assert!(dated.iter().all(|e| e.event.date.is_some_and(|d| {
        d >= chrono::NaiveDate::from_ymd_opt(2022, 7, 19).unwrap()
            && d <= chrono::NaiveDate::from_ymd_opt(2022, 7, 20).unwrap()
    })));
    assert!(dated.iter().any(|e| e.event.id == meeting[0].event.id));
    let tehran = stored_events(db, &["--place", "tehran"]);
    assert!(tehran.iter().any(|e| e.event.id == meeting[0].event.id));
    assert!(stored_events(db, &["--quad", "4", "--source", "RUS"])
        .iter()
        .all(|e| e.event.cameo.quad_class == 4 && source_code(e).starts_with("RUS")));
    let kharkiv = stored_events(db, &["--text", "Kharkiv"]);
    assert!(kharkiv.iter().any(|e| e.event.cameo.code == "194"));
    assert!(kharkiv.iter().all(|e| e.event.article != "own-2"));
    assert_eq!(stored_events(db, &["--limit", "2"]).len(), 2);

    // Raw mentions are the `dyad code` schema, one per coded sentence.
    let mentions = events_out(db, &["--mentions", "--format", "jsonl"]);
    assert_eq!(mentions.lines().count() as u64, first.mentions);
    for l in mentions.lines() {
        let e: dyad_coder::Event = serde_json::from_str(l).unwrap();
        assert!(!e.sentence.is_empty());
    }

    // The other formats, on the RUS events.
    let csv = events_out(db, &["--source", "RUS", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        format!("{},mentions", dyad_coder::CSV_COLUMNS.join(","))
    );
    let gdelt = events_out(db, &["--source", "RUS", "--format", "gdelt"]);
    let rows: Vec<&str> = gdelt.lines().collect();
    assert_eq!(rows.len(), rus.len(), "one GDELT row per event");
    assert!(rows.iter().all(|r| r.split('\t').count() == 61));
    let plover = events_out(db, &["--source", "RUS", "--format", "plover"]);
    assert_eq!(plover.lines().count(), rus.len());
    for l in plover.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v.is_object());
    }
    let table = events_out(db, &["--source", "RUS", "--format", "table"]);
    assert!(table.lines().next().unwrap().contains("source"));
    assert_eq!(table.lines().count(), rus.len() + 1);

    // Parquet needs a file; with one, a Parquet file is written.
    let out = run(dyad()
        .args(["events", "--format", "parquet", "--db"])
        .arg(db));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("-o"), "{}", text(&out.stderr));
    let pq = temp_dir("parquet").join("rus.parquet");
    let out = run(dyad()
        .args(["events", "--source", "RUS", "--format", "parquet", "--db"])
        .arg(db)
        .arg("-o")
        .arg(&pq));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&pq).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));

    // Bad filters: the reason, exit 1, no panic.
    for bad in [
        &["--code", "4x"][..],
        &["--source", "RUS;--"],
        &["--text", "\"open"],
    ] {
        let out = run(dyad().arg("events").arg("--db").arg(db).args(bad));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {err}");
        assert!(
            err.contains("bad query") && !err.contains("panicked"),
            "{err}"
        );
    }
}

#[test]
fn stats_sum_to_the_events() {
    let Some((db, first)) = clean_store() else {
        return;
    };
    let stats = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = run(dyad()
            .args(["stats", "--format", "jsonl", "--db"])
            .arg(db)
            .args(args));
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let count = |rows: &[serde_json::Value]| {
        rows.iter()
            .map(|r| r["count"].as_u64().unwrap())
            .sum::<u64>()
    };
    // Undated events (the BBC articles have no date) belong to no week.
    let dated = stored_events(db, &[])
        .iter()
        .filter(|e| e.event.date.is_some())
        .count() as u64;
    assert!(dated < first.new_events);
    let weekly = stats(&["--by", "dyad", "--every", "week"]);
    assert_eq!(count(&weekly), dated);
    for r in &weekly {
        let quads: u64 = ["quad1", "quad2", "quad3", "quad4"]
            .iter()
            .map(|q| r[q].as_u64().unwrap())
            .sum();
        assert_eq!(quads, r["count"].as_u64().unwrap(), "{r}");
        if let Some(p) = r["period"].as_str() {
            let d = chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap();
            assert_eq!(chrono::Datelike::weekday(&d), chrono::Weekday::Mon, "{r}");
        }
    }
    let rus = stats(&["--by", "source", "--every", "month", "--source", "RUS"]);
    assert_eq!(
        count(&rus),
        stored_events(db, &["--source", "RUS"]).len() as u64
    );
    assert!(rus
        .iter()
        .all(|r| r["source"].as_str().unwrap().starts_with("RUS")));
    let quads = stats(&["--by", "quad", "--every", "all"]);
    assert!(quads.len() <= 4);
    assert_eq!(count(&quads), first.new_events);

    let out = run(dyad()
        .args([
            "stats", "--by", "root", "--every", "year", "--format", "csv", "--db",
        ])
        .arg(db));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).lines().count() >= 2, "header and rows");
}

#[test]
fn ingesting_dyad_code_output_gives_the_same_events_as_ingesting_the_articles() {
    let (Some(corpus), Some((clean_db, _))) = (corpus(), clean_store()) else {
        return;
    };
    let dir = &corpus.dir;
    let work = temp_dir("precoded");
    let out = run(dyad().args(["code", "--format", "jsonl"]).arg(dir));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let coded = text(&out.stdout);
    // Half as plain JSONL, half gzipped, read in name order.
    let lines: Vec<&str> = coded.lines().collect();
    let mid = lines.len() / 2;
    std::fs::write(work.join("a.jsonl"), lines[..mid].join("\n") + "\n").unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(work.join("b.jsonl.gz")).unwrap(),
        flate2::Compression::default(),
    );
    gz.write_all((lines[mid..].join("\n") + "\n").as_bytes())
        .unwrap();
    gz.finish().unwrap();
    let db = sqlite(&work.join("precoded.db"));
    let out = ingest(
        &db,
        &["--events", "--batch", "3"],
        &[&work.join("a.jsonl"), &work.join("b.jsonl.gz")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(summary(&out.stderr).mentions, lines.len() as u64);
    same_listings(&db, clean_db);
    // Pre-coded events are stored once too.
    let again = ingest(&db, &["--events"], &[&work.join("a.jsonl")]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(summary(&again.stderr).articles, 0);

    // A line that is not an event: path:line, exit 3, the rest stored.
    let bad = work.join("bad.jsonl");
    std::fs::write(&bad, format!("{}\n{{\"id\": 1}}\n", lines[0])).unwrap();
    let bad_db = sqlite(&work.join("bad.db"));
    let out = ingest(&bad_db, &["--events"], &[&bad]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains(&format!("{}:2:", bad.display())));
    assert_eq!(counts(&bad_db).mentions, 1);
}

#[test]
fn a_database_that_cannot_be_used_is_a_clear_error() {
    let dir = temp_dir("baddb");
    let input = dir.join("own.jsonl");
    std::fs::write(&input, OWN_ARTICLES).unwrap();
    let check = |out: Output, what: &str| {
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        err
    };
    // Not a database.
    let garbage = dir.join("notes.db");
    std::fs::write(
        &garbage,
        "These are my notes, not a database.\n".repeat(200),
    )
    .unwrap();
    let err = check(ingest(&sqlite(&garbage), &[], &[&input]), "not a database");
    assert!(err.contains("notes.db"), "{err}");
    let err = check(
        run(dyad().arg("events").arg("--db").arg(&garbage)),
        "events on not a database",
    );
    assert!(err.contains("notes.db"), "{err}");
    // Missing: queries do not create an empty store.
    let missing = dir.join("missing.db");
    let err = check(
        run(dyad().arg("stats").arg("--db").arg(&missing)),
        "missing",
    );
    assert!(err.contains("no event store"), "{err}");
    assert!(!missing.exists());
    // A folder.
    check(ingest(&sqlite(&dir), &[], &[&input]), "a folder");
    // Unreachable PostgreSQL: the error never shows the password.
    let err = check(
        run(dyad().args(["events", "--db", "postgres://dyad:s3cret@127.0.0.1:1/dyad"])),
        "unreachable",
    );
    assert!(!err.contains("s3cret"), "{err}");
    // DYAD_DB names the store when --db is absent.
    let err = check(
        run(dyad().arg("events").env("DYAD_DB", &garbage)),
        "DYAD_DB",
    );
    assert!(err.contains("notes.db"), "{err}");

    // Locked by another writer for longer than the busy timeout.
    let db = sqlite(&dir.join("locked.db"));
    let out = ingest(&db, &[], &[&input]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let more = dir.join("more.jsonl");
    std::fs::write(
        &more,
        r#"{"id": "own-9", "date": "2022-07-22", "text": "Russian troops shelled Ukrainian positions near Kherson on Thursday."}"#,
    )
    .unwrap();
    let err = check(ingest(&db, &[], &[&more]), "locked");
    assert!(err.contains("locked"), "{err}");
    holder.execute_batch("ROLLBACK").unwrap();

    // The de-duplication rule is fixed when the store is created.
    let err = check(
        ingest(&db, &["--dedup-window", "3"], &[&input]),
        "another rule",
    );
    assert!(err.contains("de-duplication rule"), "{err}");
}

/// The PostgreSQL server `scripts/test.sh` started (a superuser URL), or why the test skips.
fn pg_server(test: &str) -> Option<String> {
    match std::env::var("DYAD_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!(
                "skipping {test}: DYAD_TEST_PG_URL is not set (scripts/test.sh starts a \
                 PostgreSQL server with scripts/postgres.sh and sets it)"
            );
            None
        }
    }
}

/// A database of one test's own on the PostgreSQL server, dropped when the test ends.
struct PgDb {
    admin: String,
    name: String,
    url: String,
}

impl PgDb {
    fn create(server: &str, test: &str) -> PgDb {
        let name = format!("dyad_cli_{test}_{}", std::process::id());
        let mut admin = postgres::Client::connect(server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot reach the test server: {e}"));
        // Two statements: DROP/CREATE DATABASE cannot share a (implicit) transaction.
        for sql in [
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            format!("CREATE DATABASE {name}"),
        ] {
            admin.batch_execute(&sql).unwrap();
        }
        // The same URL with the database name replaced.
        let (base, query) = server.split_once('?').unwrap_or((server, ""));
        let host_end = base
            .find("://")
            .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j))
            .unwrap_or(base.len());
        let mut url = format!("{}/{name}", &base[..host_end]);
        if !query.is_empty() {
            url = format!("{url}?{query}");
        }
        PgDb {
            admin: server.to_string(),
            name,
            url,
        }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

#[test]
fn postgres_ingest_twice_stores_what_sqlite_stores_and_then_nothing() {
    let Some(server) = pg_server("postgres_ingest_twice") else {
        return;
    };
    let (Some(corpus), Some((clean_db, first))) = (corpus(), clean_store()) else {
        return;
    };
    let pg = PgDb::create(&server, "twice");
    let out = ingest(&pg.url, &[], &[&corpus.dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        summary(&out.stderr),
        *first,
        "the same figures as on SQLite"
    );
    let err = text(&out.stderr);
    assert!(err.contains("://***@"), "no password on stderr: {err}");
    let out = ingest(&pg.url, &[], &[&corpus.dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let second = summary(&out.stderr);
    assert_eq!((second.articles, second.mentions), (0, 0));
    assert_eq!(second.skipped, corpus.ids.len() as u64);
    assert_eq!(counts(&pg.url), counts(clean_db));
    same_listings(&pg.url, clean_db);
}

#[test]
fn postgres_killed_ingest_loses_nothing_committed_and_a_rerun_finishes_the_job() {
    let Some(server) = pg_server("postgres_killed_ingest") else {
        return;
    };
    let pg = PgDb::create(&server, "killed");
    kill_and_rerun(&pg.url);
}
