//! The store on SQLite files: every conformance check on a fresh temporary file, and SQLite's
//! own concerns (locks, read-only opens, files that are not stores, newer schemas, reopening).

mod conformance;

use dyad_store::{
    open, CodedArticle, DedupRule, EventFilter, Location, Page, Store, StoreError, StoreOptions,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fresh(options: &StoreOptions) -> (tempfile::TempDir, Box<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&Location::Sqlite(dir.path().join("dyad.db")), options).unwrap();
    (dir, store)
}

#[test]
fn conformance_on_sqlite() {
    for (name, check) in conformance::ALL {
        eprintln!("conformance: {name}");
        let (_dir, store) = fresh(&StoreOptions::default());
        check(store);
    }
}

#[test]
fn conformance_dedup_by_root_on_sqlite() {
    let (_dir, store) = fresh(&conformance::by_root_options());
    conformance::dedup_by_root(store);
}

fn db_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("dyad.db")
}

fn open_err(path: &Path, options: &StoreOptions) -> StoreError {
    match open(&Location::Sqlite(path.to_path_buf()), options) {
        Ok(_) => panic!("{} opened", path.display()),
        Err(e) => e,
    }
}

#[test]
fn a_writer_holding_the_lock_is_a_locked_error_and_readers_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = open(&Location::Sqlite(path.clone()), &StoreOptions::default()).unwrap();
    let stories = conformance::all_stories();
    store.ingest(&stories[..4]).unwrap();
    // Another process's writer: a raw connection holding the write lock.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other
        .execute(
            "INSERT INTO meta(key, value) VALUES ('held', 'by another writer')",
            [],
        )
        .unwrap();
    let started = Instant::now();
    let err = store.ingest(&stories[4..]).unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains("dyad.db") && shown.contains("locked"),
        "{shown}"
    );
    assert!(
        waited >= Duration::from_secs(4),
        "gave up after {waited:?}, before the busy timeout"
    );
    // WAL: reading while another process writes works.
    let page = store
        .events(&EventFilter::default(), &Page::first(10))
        .unwrap();
    assert_eq!(page.total, 3);
    // The failed batch left nothing behind; once the lock is released it goes in whole.
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(store.counts().unwrap().articles, 4);
    let r = store.ingest(&stories[4..]).unwrap();
    assert_eq!((r.articles, r.skipped), (4, 0));
    assert_eq!(store.counts().unwrap().events, 7);
}

#[test]
fn read_only_opens_query_but_never_create_or_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let ro = StoreOptions {
        read_only: true,
        ..Default::default()
    };
    let err = open_err(&path, &ro);
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("no such file"), "{err}");
    assert!(!path.exists(), "a read-only open created the file");

    {
        let mut store = open(&Location::Sqlite(path.clone()), &StoreOptions::default()).unwrap();
        store.ingest(&conformance::all_stories()).unwrap();
    }
    let mut store = open(&Location::Sqlite(path.clone()), &ro).unwrap();
    assert_eq!(store.counts().unwrap().events, 7);
    assert_eq!(
        store
            .search(&dyad_store::TextQuery::parse("Sochi").unwrap(), 10)
            .unwrap()
            .len(),
        2
    );
    let err = store.ingest(&conformance::many_events(3)).unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(store.counts().unwrap().articles, 8);
}

#[test]
fn files_that_are_not_stores_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    // A text file.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Erdogan met Putin in Sochi. This is not a database, it is a note, long enough to fill a page header of one hundred bytes.\n").unwrap();
    let before = std::fs::read(&text).unwrap();
    let err = open_err(&text, &StoreOptions::default());
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains("notes.txt") && shown.contains("not a SQLite database"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read(&text).unwrap(),
        before,
        "the file was changed"
    );
    // A SQLite database of something else.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE recipes(name TEXT)")
        .unwrap();
    let err = open_err(&other, &StoreOptions::default());
    assert!(err.to_string().contains("something else"), "{err}");
    let err = open_err(
        &other,
        &StoreOptions {
            read_only: true,
            ..Default::default()
        },
    );
    assert!(err.to_string().contains("not a dyad store"), "{err}");
    // A directory.
    let err = open_err(dir.path(), &StoreOptions::default());
    assert!(err.to_string().contains("directory"), "{err}");
    // A path whose folder does not exist.
    let err = open_err(
        &dir.path().join("missing/dyad.db"),
        &StoreOptions::default(),
    );
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("missing"), "{err}");
}

#[test]
fn a_newer_schema_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    drop(open(&Location::Sqlite(path.clone()), &StoreOptions::default()).unwrap());
    let known: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(known, 2);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE meta SET value = '7' WHERE key = 'schema_version'",
            [],
        )
        .unwrap();
    for read_only in [false, true] {
        let err = open_err(
            &path,
            &StoreOptions {
                read_only,
                ..Default::default()
            },
        );
        match &err {
            StoreError::TooNew { found, known, .. } => assert_eq!((*found, *known), (7, 2)),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("upgrade dyad"), "{err}");
    }
}

#[test]
fn the_dedup_rule_is_fixed_at_creation() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let created = open(
        &Location::Sqlite(path.clone()),
        &conformance::by_root_options(),
    )
    .unwrap();
    assert!(created.dedup_rule().by_root);
    drop(created);
    // Reopened with other options: the stored rule wins.
    let reopened = open(
        &Location::Sqlite(path.clone()),
        &StoreOptions {
            dedup: DedupRule {
                by_root: false,
                window_days: 5,
            },
            read_only: false,
        },
    )
    .unwrap();
    assert_eq!(reopened.dedup_rule(), conformance::by_root_options().dedup);
    // A wider window merges reports further apart.
    let dir2 = tempfile::tempdir().unwrap();
    let mut wide = open(
        &Location::Sqlite(db_path(&dir2)),
        &StoreOptions {
            dedup: DedupRule {
                by_root: false,
                window_days: 3,
            },
            read_only: false,
        },
    )
    .unwrap();
    let r = wide.ingest(&conformance::sochi_stories()).unwrap();
    assert_eq!(
        (r.new_events, r.merged),
        (1, 2),
        "all three within 3 days of the first"
    );
}

#[test]
fn a_store_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    {
        let mut s = open(&Location::Sqlite(path.clone()), &StoreOptions::default()).unwrap();
        s.ingest(&conformance::sochi_stories()[..1]).unwrap();
    }
    let mut s = open(&Location::Sqlite(path.clone()), &StoreOptions::default()).unwrap();
    // Mention rowids continue after the stored ones, and merging sees the stored events.
    let r = s.ingest(&conformance::all_stories()).unwrap();
    assert_eq!((r.articles, r.skipped, r.merged), (7, 1, 1));
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.mentions, c.events), (8, 8, 7));
    let page = s
        .mentions(&EventFilter::default(), &Page::first(100))
        .unwrap();
    let ids: std::collections::BTreeSet<_> = page.mentions.iter().map(|m| &m.event.id).collect();
    assert_eq!(ids.len(), 8);
}

/// The shared news (real articles, text only): ingest twice gives the same counts, and
/// full-text search finds real words.
#[test]
fn shared_news_twice_gives_the_same_counts() {
    let news = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/news/bbc.jsonl");
    if !news.is_file() {
        eprintln!(
            "skipping: {} not found (the shared news data is absent)",
            news.display()
        );
        return;
    }
    let text = std::fs::read_to_string(&news).unwrap();
    let articles: Vec<CodedArticle> = text
        .lines()
        .enumerate()
        .take(400)
        .map(|(i, line)| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            CodedArticle {
                id: s("id").unwrap(),
                date: s("date").and_then(|d| d.parse().ok()),
                title: s("title"),
                text: s("text").unwrap_or_default(),
                origin: Some(format!("{}:{}", news.display(), i + 1)),
                sentences: vec![],
                events: vec![],
            }
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&Location::Sqlite(db_path(&dir)), &StoreOptions::default()).unwrap();
    let first = store.ingest(&articles).unwrap();
    let counts = store.counts().unwrap();
    let distinct: std::collections::BTreeSet<&str> =
        articles.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        counts.articles as usize,
        distinct.len(),
        "identical texts are one article"
    );
    assert_eq!(first.articles + first.skipped, articles.len() as u64);
    let again = store.ingest(&articles).unwrap();
    assert_eq!(again.articles, 0);
    assert_eq!(store.counts().unwrap(), counts);
    let q = dyad_store::TextQuery::parse("\"Time Warner\" OR TimeWarner").unwrap();
    let hits = store.search(&q, 5).unwrap();
    assert!(
        hits.iter().any(|h| h.article == "bbc-business-001"),
        "{hits:?}"
    );
    let a = store.article("bbc-business-001").unwrap().unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Ad sales boost Time Warner profit")
    );
    assert!(a.origin.unwrap().ends_with("bbc.jsonl:1"));
}

/// A store made by the first schema version is brought up to date when opened for writing.
#[test]
fn a_version_1_store_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    drop(open(&Location::Sqlite(path.clone()), &StoreOptions::default()).unwrap());
    {
        // Make it what dyad's first schema left: no version-2 indexes, version 1.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute("DROP INDEX events_id", []).unwrap();
        c.execute("DROP INDEX daily_dyad", []).unwrap();
        c.execute("DELETE FROM meta WHERE key = 'event_count'", [])
            .unwrap();
        c.execute("DROP INDEX events_source_code", []).unwrap();
        c.execute(
            "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
            [],
        )
        .unwrap();
    }
    drop(open(&Location::Sqlite(path.clone()), &StoreOptions::default()).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = c
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let index: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' \
             AND name IN ('events_id', 'daily_dyad')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((version, index), (2, 2));
    let kept: i64 = c
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'event_count'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let counted: i64 = c
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, counted);
}
