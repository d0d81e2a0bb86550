//! The store on a real PostgreSQL server: the backend-independent conformance checks, run on
//! a fresh database per test, and PostgreSQL's own concerns (an unreachable server, full-text
//! search giving the same hits as SQLite's FTS5 on real news articles).
//!
//! The server comes from `DYAD_TEST_PG_URL` (a superuser URL: each test creates and drops its
//! own database). `scripts/test.sh` starts a throw-away server with `scripts/postgres.sh` and
//! sets it; without it every test here prints why it skipped and passes.

mod conformance;

use dyad_store::{open, CodedArticle, Location, Store, StoreError, StoreOptions, TextQuery};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The server's URL, or a skip message naming the variable.
fn server(test: &str) -> Option<String> {
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

/// `url` with its database name replaced by `db` (query parameters kept).
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(base.len());
    let mut out = format!("{}/{db}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A database of its own for one test, dropped when the test ends (even when it fails).
pub struct TestDb {
    admin: String,
    name: String,
    pub url: String,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    pub fn create(server: &str, test: &str) -> TestDb {
        let name = format!(
            "dyad_{}_{}_{}",
            test.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(30)
                .collect::<String>()
                .to_lowercase(),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = postgres::Client::connect(server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot reach the test server: {e}"));
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        TestDb {
            admin: server.to_string(),
            url: with_database(server, &name),
            name,
        }
    }

    pub fn open(&self, options: &StoreOptions) -> Box<dyn Store> {
        open(&Location::Postgres(self.url.clone()), options)
            .unwrap_or_else(|e| panic!("cannot open the test store: {e}"))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn shared_news() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/news");
    if p.join("bbc.jsonl").is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {} not found (the shared news data is absent)",
            p.join("bbc.jsonl").display()
        );
        None
    }
}

/// The first `n` articles of a shared JSONL file, stored with their text only.
fn articles(path: &Path, n: usize) -> Vec<CodedArticle> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .take(n)
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            CodedArticle {
                id: s("id").unwrap(),
                date: s("date").and_then(|d| d.parse().ok()),
                title: s("title").filter(|t| !t.is_empty()),
                text: s("text").unwrap_or_default(),
                origin: Some(format!("{}:{}", path.display(), i + 1)),
                sentences: vec![],
                events: vec![],
            }
        })
        .collect()
}

#[test]
fn conformance_on_postgres() {
    let Some(server) = server("conformance_on_postgres") else {
        return;
    };
    for (name, check) in conformance::ALL {
        eprintln!("conformance: {name}");
        let db = TestDb::create(&server, name);
        check(db.open(&StoreOptions::default()));
    }
}

#[test]
fn conformance_dedup_by_root_on_postgres() {
    let Some(server) = server("conformance_dedup_by_root_on_postgres") else {
        return;
    };
    let db = TestDb::create(&server, "by_root");
    conformance::dedup_by_root(db.open(&conformance::by_root_options()));
}

#[test]
fn unreachable_server_is_a_clear_open_error_without_the_password() {
    // Port 1 on the loopback: nothing listens there, the connection is refused at once.
    let url = "postgres://analyst:hunter2-secret@127.0.0.1:1/dyad";
    let err = match open(&Location::Postgres(url.into()), &StoreOptions::default()) {
        Ok(_) => panic!("opened a store on a port where no server listens"),
        Err(e) => e,
    };
    let shown = err.to_string();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(!shown.contains("hunter2"), "the password leaked: {shown}");
    assert!(
        !format!("{err:?}").contains("hunter2"),
        "the password leaked: {err:?}"
    );
    assert!(shown.contains("127.0.0.1:1"), "says which server: {shown}");
    assert!(shown.contains("refused"), "says why: {shown}");
}

#[test]
fn wrong_password_is_an_open_error_without_the_password() {
    let Some(server) = server("wrong_password_is_an_open_error_without_the_password") else {
        return;
    };
    // The same server and user with a password that is not theirs.
    let Some(at) = server.rfind('@') else {
        eprintln!("skipping: DYAD_TEST_PG_URL has no user@ part");
        return;
    };
    let scheme_end = server.find("://").map(|i| i + 3).unwrap_or(0);
    let user = server[scheme_end..at].split(':').next().unwrap_or("");
    let url = format!(
        "{}{user}:not-the-Pa55word@{}",
        &server[..scheme_end],
        &server[at + 1..]
    );
    let err = match open(&Location::Postgres(url), &StoreOptions::default()) {
        Ok(_) => panic!("opened a store with a wrong password"),
        Err(e) => e,
    };
    let shown = err.to_string();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(
        !shown.contains("not-the-Pa55word"),
        "the password leaked: {shown}"
    );
    assert!(
        shown.contains("password authentication failed"),
        "says why: {shown}"
    );
}

#[test]
fn a_database_of_something_else_is_refused() {
    let Some(server) = server("a_database_of_something_else_is_refused") else {
        return;
    };
    let db = TestDb::create(&server, "something_else");
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    c.batch_execute("CREATE TABLE invoices (id INTEGER)")
        .unwrap();
    let err = match open(
        &Location::Postgres(db.url.clone()),
        &StoreOptions::default(),
    ) {
        Ok(_) => panic!("made a dyad store in a database that holds other tables"),
        Err(e) => e,
    };
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    // Nothing of dyad's was created next to the invoices.
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
}

#[test]
fn read_only_open_of_an_empty_database_fails_and_creates_nothing() {
    let Some(server) = server("read_only_open_of_an_empty_database_fails_and_creates_nothing")
    else {
        return;
    };
    let db = TestDb::create(&server, "read_only_empty");
    let options = StoreOptions {
        read_only: true,
        ..Default::default()
    };
    let err = match open(&Location::Postgres(db.url.clone()), &options) {
        Ok(_) => panic!("a read-only open made a store"),
        Err(e) => e,
    };
    assert!(err.to_string().contains("no dyad store"), "{err}");
    // A read-only store refuses to ingest.
    db.open(&StoreOptions::default());
    let mut ro = db.open(&options);
    let err = ro
        .ingest(&articles_or_one())
        .expect_err("a read-only store ingested");
    assert!(err.to_string().contains("read"), "{err}");
}

fn articles_or_one() -> Vec<CodedArticle> {
    vec![CodedArticle {
        id: "one".into(),
        date: None,
        title: None,
        text: "One article.".into(),
        origin: None,
        sentences: vec![],
        events: vec![],
    }]
}

/// Full-text search on the 2,225 real BBC articles: PostgreSQL (`tsvector`, english) finds the same
/// articles as SQLite (FTS5, porter) for words, phrases, OR and AND, and its snippets carry
/// highlights on the matched words.
#[test]
fn full_text_search_finds_what_sqlite_finds() {
    let Some(server) = server("full_text_search_finds_what_sqlite_finds") else {
        return;
    };
    let Some(news) = shared_news() else { return };
    let batch = articles(&news.join("bbc.jsonl"), usize::MAX);
    let db = TestDb::create(&server, "fts");
    let mut pg = db.open(&StoreOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let mut lite = open(
        &Location::Sqlite(dir.path().join("fts.db")),
        &StoreOptions::default(),
    )
    .unwrap();
    for chunk in batch.chunks(500) {
        let a = pg.ingest(chunk).unwrap();
        let b = lite.ingest(chunk).unwrap();
        assert_eq!(a, b);
    }
    // Words (stemmed: "elections" finds "election"), phrases, OR groups, AND.
    let queries = [
        "election",
        "elections",
        "Blair",
        "\"prime minister\"",
        "\"interest rates\"",
        "broadband OR mobile",
        "Chelsea Arsenal",
        "\"Tony Blair\" election",
        "oil OR gas prices",
        "film AND award",
        "Microsoft software",
    ];
    for q in queries {
        let tq = TextQuery::parse(q).unwrap();
        let ids = |hits: Vec<dyad_store::SearchHit>| {
            hits.into_iter().map(|h| h.article).collect::<BTreeSet<_>>()
        };
        let pg_hits = pg.search(&tq, 1000).unwrap();
        for h in &pg_hits {
            let chars: Vec<char> = h.snippet.chars().collect();
            for [s, e] in &h.highlights {
                assert!(
                    s < e && *e <= chars.len(),
                    "{q}: highlight {s}..{e} out of {:?}",
                    h.snippet
                );
            }
        }
        assert!(
            pg_hits.iter().any(|h| !h.highlights.is_empty()),
            "{q}: no snippet has a highlight: {pg_hits:?}"
        );
        let p = ids(pg_hits);
        let l = ids(lite.search(&tq, 1000).unwrap());
        assert!(!p.is_empty(), "{q}: no hits at all");
        eprintln!("{q}: {} articles on both backends", p.len());
        assert_eq!(
            p,
            l,
            "{q}: PostgreSQL and SQLite disagree (only PostgreSQL: {:?}; only SQLite: {:?})",
            p.difference(&l).collect::<Vec<_>>(),
            l.difference(&p).collect::<Vec<_>>()
        );
    }
}

/// Events of every shape the de-duplication rule and the queries care about: repeated dyads a
/// day or two apart (merged or not by the window), a missing target, undated events, places,
/// names, the same event twice in one sentence, a source equal to its target; deterministic.
fn synthetic(articles: usize, seed: u64) -> Vec<CodedArticle> {
    use dyad_coder::{ActorRef, Cameo, Event, Place};
    let actors = [
        ("RUSGOV", Some("Vladimir Putin")),
        ("IRNGOV", None),
        ("USAGOV", Some("Joe Biden")),
        ("CHN", None),
        ("TURGOV", Some("Recep Tayyip Erdogan")),
        ("UKRMIL", None),
        ("IGOUNO", Some("United Nations")),
    ];
    let codes = [
        ("040", 1.0, 1),
        ("042", 1.9, 1),
        ("057", 8.0, 2),
        ("112", -2.0, 3),
        ("1121", -2.0, 3),
        ("173", -5.0, 4),
        ("190", -10.0, 4),
    ];
    let mut x = seed;
    let mut rnd = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let base = chrono::NaiveDate::from_ymd_opt(2022, 7, 1).unwrap();
    let mut out = Vec::new();
    for a in 0..articles {
        let id = format!("syn-{a}");
        let story = base + chrono::Duration::days(rnd(20) as i64);
        let mut events = Vec::new();
        let mut sentences = Vec::new();
        for s in 0..1 + rnd(4) {
            let (sc, sn) = actors[rnd(actors.len())];
            let target = match rnd(6) {
                0 => None,
                1 => Some((sc, sn)),
                _ => Some(actors[rnd(actors.len())]),
            };
            let (code, g, q) = codes[rnd(codes.len())];
            let date = match rnd(8) {
                0 => None,
                1 => Some(story - chrono::Duration::days(1)),
                2 => Some(story - chrono::Duration::days(2)),
                _ => Some(story),
            };
            let sentence = format!("Sentence {s} of {id}: {sc} and {code}, said officials.");
            sentences.push(dyad_store::SentenceRecord {
                index: s,
                start: None,
                end: None,
                text: sentence.clone(),
            });
            let e = Event {
                id: Event::stable_id(&id, s, Some(sc), target.map(|t| t.0), code),
                article: id.clone(),
                sentence_index: s,
                sentence,
                date,
                story_date: if rnd(10) == 0 && date.is_none() {
                    None
                } else {
                    Some(story)
                },
                source: Some(ActorRef {
                    code: sc.into(),
                    name: sn.map(str::to_string),
                    text: sc.into(),
                    start: 0,
                    end: 3,
                }),
                target: target.map(|(tc, tn)| ActorRef {
                    code: tc.into(),
                    name: tn.map(str::to_string),
                    text: tc.into(),
                    start: 5,
                    end: 9,
                }),
                cameo: Cameo {
                    code: code.into(),
                    name: format!("code {code}"),
                    goldstein: g,
                    quad_class: q,
                },
                plover: None,
                verb: None,
                place: match rnd(4) {
                    0 => Some(Place {
                        name: "Tehran".into(),
                        country: Some("IRN".into()),
                        lat: Some(35.69),
                        lon: Some(51.42),
                        precision: "city".into(),
                    }),
                    1 => Some(Place {
                        name: "Ankara".into(),
                        country: Some("TUR".into()),
                        lat: None,
                        lon: None,
                        precision: "city".into(),
                    }),
                    _ => None,
                },
            };
            if rnd(10) == 0 {
                events.push(e.clone()); // the same event twice in one sentence
            }
            events.push(e);
        }
        out.push(CodedArticle {
            id,
            date: Some(story),
            title: None,
            text: String::new(),
            origin: None,
            sentences,
            events,
        });
    }
    out
}

/// The same batches give the same answers on PostgreSQL and SQLite, query by query: ingest
/// reports, counts, every page of events and mentions (cursors included), aggregates for every
/// grouping and period, the network, actor look-up and articles; under both de-duplication
/// rules.
#[test]
fn postgres_answers_like_sqlite() {
    let Some(server) = server("postgres_answers_like_sqlite") else {
        return;
    };
    use dyad_store::{By, DedupRule, EventFilter, Every, Page, StatsQuery};
    for (n, rule) in [
        DedupRule::default(),
        DedupRule {
            by_root: true,
            window_days: 2,
        },
    ]
    .into_iter()
    .enumerate()
    {
        let options = StoreOptions {
            dedup: rule,
            read_only: false,
        };
        let db = TestDb::create(&server, &format!("like_sqlite_{n}"));
        let mut pg = db.open(&options);
        let dir = tempfile::tempdir().unwrap();
        let mut lite = open(&Location::Sqlite(dir.path().join("s.db")), &options).unwrap();
        let batch = synthetic(400, 7 + n as u64);
        for chunk in batch.chunks(90) {
            assert_eq!(pg.ingest(chunk).unwrap(), lite.ingest(chunk).unwrap());
        }
        // Again: nothing new on either.
        assert_eq!(pg.ingest(&batch).unwrap(), lite.ingest(&batch).unwrap());
        let counts = pg.counts().unwrap();
        assert_eq!(counts, lite.counts().unwrap());
        assert!(
            counts.events < counts.mentions,
            "nothing merged: {counts:?}"
        );
        assert_eq!(pg.dedup_rule(), rule);

        let filters = [
            EventFilter::default(),
            EventFilter {
                source: Some("rus".into()),
                ..Default::default()
            },
            EventFilter {
                actor: Some("IRN".into()),
                code: Some("11".into()),
                ..Default::default()
            },
            EventFilter {
                quad: Some(4),
                from: chrono::NaiveDate::from_ymd_opt(2022, 7, 5),
                to: chrono::NaiveDate::from_ymd_opt(2022, 7, 12),
                ..Default::default()
            },
            EventFilter {
                place: Some("tehran".into()),
                ..Default::default()
            },
            EventFilter {
                place: Some("tur".into()),
                target: Some("IGO".into()),
                ..Default::default()
            },
            EventFilter {
                text: Some(TextQuery::parse("officials OR Putin").unwrap()),
                ..Default::default()
            },
        ];
        for f in &filters {
            // Every page, following the cursors; both backends page the same way.
            let mut cursor = None;
            loop {
                let page = Page {
                    limit: 37,
                    cursor: cursor.clone(),
                };
                let a = pg.events(f, &page).unwrap();
                let b = lite.events(f, &page).unwrap();
                assert_eq!(a, b, "events {f:?} {cursor:?}");
                let m = pg.mentions(f, &page).unwrap();
                assert_eq!(m, lite.mentions(f, &page).unwrap(), "mentions {f:?}");
                if a.next.is_none() {
                    break;
                }
                cursor = a.next;
            }
            // Means may be summed in another order: equal to rounding, the rest exactly.
            let (mut a, mut b) = (pg.network(f).unwrap(), lite.network(f).unwrap());
            assert_eq!(a.edges.len(), b.edges.len(), "{f:?}");
            for (x, y) in a.edges.iter_mut().zip(b.edges.iter_mut()) {
                assert!((x.goldstein_mean - y.goldstein_mean).abs() < 1e-9, "{f:?}");
                (x.goldstein_mean, y.goldstein_mean) = (0.0, 0.0);
            }
            assert_eq!(a, b, "{f:?}");
            for by in [
                By::Dyad,
                By::Source,
                By::Target,
                By::Code,
                By::Root,
                By::Quad,
            ] {
                for every in [
                    Every::Day,
                    Every::Week,
                    Every::Month,
                    Every::Year,
                    Every::All,
                ] {
                    let q = StatsQuery {
                        by,
                        every,
                        filter: f.clone(),
                    };
                    let (a, b) = (pg.stats(&q).unwrap(), lite.stats(&q).unwrap());
                    assert_eq!(a.len(), b.len(), "{q:?}");
                    for (x, y) in a.iter().zip(&b) {
                        // Sums may be added in another order: equal to rounding.
                        assert!((x.goldstein_sum - y.goldstein_sum).abs() < 1e-9, "{q:?}");
                        assert!((x.goldstein_mean - y.goldstein_mean).abs() < 1e-9, "{q:?}");
                        let strip = |r: &dyad_store::StatsRow| dyad_store::StatsRow {
                            goldstein_sum: 0.0,
                            goldstein_mean: 0.0,
                            ..r.clone()
                        };
                        assert_eq!(strip(x), strip(y), "{q:?}");
                    }
                }
            }
        }
        for prefix in ["", "rus", "UKR", "joe", "united", "zzz"] {
            assert_eq!(
                pg.actors(prefix, 5).unwrap(),
                lite.actors(prefix, 5).unwrap(),
                "{prefix}"
            );
        }
        for id in ["syn-0", "syn-17", "syn-399", "missing"] {
            assert_eq!(pg.article(id).unwrap(), lite.article(id).unwrap(), "{id}");
        }
        // Bad input is refused the same way.
        let bad = Page {
            limit: 10,
            cursor: Some("not a cursor".into()),
        };
        assert!(matches!(
            pg.events(&EventFilter::default(), &bad),
            Err(StoreError::BadQuery(_))
        ));
        assert!(matches!(
            pg.events(&EventFilter::default(), &Page::first(Page::MAX_LIMIT + 1)),
            Err(StoreError::BadQuery(_))
        ));
    }
}

/// The batches the kill test ingests, in order.
fn kill_batches() -> Vec<Vec<CodedArticle>> {
    synthetic(1500, 99).chunks(50).map(|c| c.to_vec()).collect()
}

/// Not a test on its own: the ingest process `killed_ingest_loses_nothing_committed` starts
/// (this test binary again, with DYAD_PG_KILL_WORKER_URL set) and kills with SIGKILL. It
/// prints a line after each committed batch.
#[test]
fn kill_worker() {
    let Ok(url) = std::env::var("DYAD_PG_KILL_WORKER_URL") else {
        return;
    };
    let mut store = open(&Location::Postgres(url), &StoreOptions::default()).unwrap();
    for (i, batch) in kill_batches().iter().enumerate() {
        store.ingest(batch).unwrap();
        println!("committed {i}");
        use std::io::Write;
        std::io::stdout().flush().unwrap();
    }
}

/// `kill -9` of a real ingest process in the middle of its batches: the store holds whole
/// batches only (every stored article with all its mentions), at least those the process
/// said were committed; ingesting everything again finishes the job without duplicates and
/// gives the same store as one uninterrupted ingest.
#[test]
fn killed_ingest_loses_nothing_committed() {
    let Some(server) = server("killed_ingest_loses_nothing_committed") else {
        return;
    };
    use std::io::BufRead;
    let db = TestDb::create(&server, "killed");
    db.open(&StoreOptions::default()); // created before the worker starts
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "kill_worker", "--nocapture", "--test-threads=1"])
        .env("DYAD_PG_KILL_WORKER_URL", &db.url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut committed = 0;
    for line in std::io::BufReader::new(stdout).lines() {
        if line.unwrap().starts_with("committed ") {
            committed += 1;
            if committed == 5 {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(committed, 5, "the worker ended before it was killed");

    let batches = kill_batches();
    let mut store = db.open(&StoreOptions::default());
    let counts = store.counts().unwrap();
    let whole = counts.articles as usize / 50;
    assert_eq!(
        counts.articles as usize % 50,
        0,
        "half a batch stored: {counts:?}"
    );
    assert!(whole >= 5 && whole < batches.len(), "{counts:?}");
    eprintln!(
        "killed after {whole} of {} batches were committed",
        batches.len()
    );
    // Every stored article has all its mentions (an article's repeated event is one).
    let expected_mentions: usize = batches[..whole]
        .iter()
        .flatten()
        .map(|a| {
            a.events
                .iter()
                .map(|e| &e.id)
                .collect::<BTreeSet<_>>()
                .len()
        })
        .sum();
    assert_eq!(counts.mentions as usize, expected_mentions);

    // Run again: the stored batches are skipped, the rest is stored.
    let mut skipped = 0;
    for b in &batches {
        skipped += store.ingest(b).unwrap().skipped;
    }
    assert_eq!(skipped, counts.articles);
    let resumed = store.counts().unwrap();
    let clean_db = TestDb::create(&server, "unkilled");
    let mut clean = clean_db.open(&StoreOptions::default());
    for b in &batches {
        clean.ingest(b).unwrap();
    }
    assert_eq!(resumed, clean.counts().unwrap());
    assert_eq!(resumed.articles, 1500);
    let page = |s: &mut Box<dyn Store>| {
        s.events(
            &dyad_store::EventFilter::default(),
            &dyad_store::Page::first(10_000),
        )
        .unwrap()
    };
    assert_eq!(page(&mut store), page(&mut clean));
}

#[test]
fn database_urls_are_rewritten_for_each_test() {
    assert_eq!(
        with_database("postgres://u:p@127.0.0.1:5432/dyad", "t1"),
        "postgres://u:p@127.0.0.1:5432/t1"
    );
    assert_eq!(
        with_database("postgres://h/dyad?sslmode=disable", "t1"),
        "postgres://h/t1?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "t1"), "postgres://h/t1");
}
