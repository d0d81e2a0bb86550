//! `dyad ingest`: read, code and store articles in the event store.
//!
//! Articles are read like `dyad code` reads them ([`InputArgs`]), coded on every core with the
//! same pipeline and dictionaries, and stored in batches: one [`Store::ingest`] call, one
//! transaction, per `--batch` articles. A batch is committed whole or not at all, so a run
//! killed half-way loses nothing it committed and leaves no half-stored article; running the
//! same command again skips what is stored (same article id, or same text) and finishes the
//! job. With `--events` the inputs are `dyad code --format jsonl` output instead: events coded
//! elsewhere (another machine, a Spark job) are stored without coding them again.

use super::Outcome;
use crate::input::{ErrorFormat, InputArgs};
use anyhow::{bail, Context, Result};
use dyad_coder::Event;
use dyad_store::{CodedArticle, DedupRule, IngestReport, Location, SentenceRecord, Store};
use std::collections::HashSet;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

/// Code articles and store them, with their sentences and events, in a database.
///
/// Idempotent: an article already stored (same id, or the same text under another id) is
/// skipped, so running the same command twice stores nothing new, and running it again after
/// a crash finishes the job without duplicates. Events reported by several stories are merged
/// into one event with several mentions (see `--dedup-window`, `--dedup-root`).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad ingest news/                       code and store every article (into dyad.db)\n  dyad ingest --db events.db news.jsonl.gz\n  dyad code --format jsonl news.jsonl > ev.jsonl && dyad ingest --events ev.jsonl"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    db: DbArg,
    /// The inputs are pre-coded events (`dyad code --format jsonl` output), not articles:
    /// store them as they are, without coding. The events of one article must come together
    /// (as `dyad code` writes them).
    #[arg(long)]
    events: bool,
    /// De-duplicate by CAMEO root (first two digits) instead of the full code. Only used when
    /// the database is created; a store never mixes two rules.
    #[arg(long)]
    dedup_root: bool,
    /// Mentions whose event dates are at most this many days apart are one event (with the
    /// same source, target and code). Only used when the database is created [default: 1].
    #[arg(long, value_name = "DAYS")]
    dedup_window: Option<u32>,
    /// Articles per transaction. Bigger batches are faster; a crash loses at most the batch
    /// being written (the next run redoes it).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
    /// Worker threads for coding (default: every core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Data folder with models/, dict/ and cameo/ (default: the checkout's data/; see README).
    #[arg(long, env = "DYAD_DATA")]
    data: Option<PathBuf>,
    #[command(flatten)]
    dicts: crate::models::DictArgs,
}

/// `--db`, shared by the commands that use the event store.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// The event store: a SQLite file (created when missing by `dyad ingest`) or a
    /// `postgres://user@host:port/db` URL.
    #[arg(
        long,
        env = "DYAD_DB",
        default_value = "dyad.db",
        value_name = "FILE|URL"
    )]
    pub db: String,
}

impl DbArg {
    pub fn location(&self) -> Location {
        Location::parse(&self.db)
    }

    /// Open the store; the error names the database (never its password) and says why.
    pub fn open(&self, options: &dyad_store::StoreOptions) -> Result<Box<dyn Store>> {
        let location = self.location();
        if options.read_only {
            if let Location::Sqlite(path) = &location {
                if !path.exists() {
                    bail!(
                        "no event store at {} (create one with `dyad ingest`, or name another with --db or DYAD_DB)",
                        path.display()
                    );
                }
            }
        }
        dyad_store::open(&location, options)
            .with_context(|| format!("cannot use the event store {location}"))
    }
}

pub fn run(args: Args) -> Result<Outcome> {
    let requested = DedupRule {
        by_root: args.dedup_root,
        window_days: args
            .dedup_window
            .unwrap_or(DedupRule::default().window_days),
    };
    let options = dyad_store::StoreOptions {
        dedup: requested,
        read_only: false,
    };
    if args.events && (!args.dicts.user_actors.is_empty() || !args.dicts.user_verbs.is_empty()) {
        bail!("--actors/--agents/--verbs code articles; with --events nothing is coded (drop them, or ingest the articles instead)");
    }
    // Models first: a bad --data fails before a database file is created.
    let coding = if args.events {
        None
    } else {
        let data = crate::models::data_dir(args.data.as_deref());
        let pipeline = crate::models::load_pipeline(&data)?;
        let coder = crate::models::load_coder(&data, &args.dicts.user())?;
        Some((pipeline, coder))
    };
    let mut store = args.db.open(&options)?;
    let rule = store.dedup_rule();
    if rule != requested && (args.dedup_root || args.dedup_window.is_some()) {
        bail!(
            "{} was created with another de-duplication rule ({}); it cannot change (ingest into a new database instead)",
            args.db.location(),
            describe_rule(&rule)
        );
    }
    let mut batcher = Batcher {
        store: store.as_mut(),
        batch: Vec::new(),
        size: args.batch as usize,
        report: IngestReport::default(),
        location: args.db.location(),
        progress: std::io::stderr()
            .is_terminal()
            .then(std::time::Instant::now),
        shown: false,
    };
    let mut rejected = 0;
    // Articles whose id is already stored are skipped before the costly coding (a second
    // connection, read-only, on the feeder thread), so a run resumed after a crash only codes
    // what is missing. The store would skip them anyway; this saves the time.
    let known = std::sync::atomic::AtomicU64::new(0);
    let result = (|| -> Result<()> {
        match &coding {
            Some((pipeline, coder)) => {
                let threads = args
                    .threads
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
                let mut lookup = args.db.open(&dyad_store::StoreOptions {
                    read_only: true,
                    ..options
                })?;
                let known = &known;
                let documents = args.input.documents(&mut rejected).filter(move |doc| {
                    let stored = matches!(lookup.article(&doc.id), Ok(Some(_)));
                    if stored {
                        known.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    !stored
                });
                crate::parallel::ordered_map(
                    documents,
                    threads,
                    |doc| {
                        let sentences = pipeline.annotate(&doc.text);
                        let coded = coder.code(&doc.id, &doc.text, doc.date, &sentences);
                        coded_article(doc, &sentences, coded.events)
                    },
                    |article| batcher.push(article),
                )?;
            }
            None => ingest_events(&args.input, &mut batcher, &mut rejected)?,
        }
        batcher.flush()
    })();
    if batcher.shown {
        eprintln!();
    }
    let mut r = batcher.report;
    r.skipped += known.load(std::sync::atomic::Ordering::Relaxed);
    // What was committed is reported even when a later batch failed: it stays stored.
    eprintln!(
        "dyad ingest: {} articles stored, {} skipped (already stored); {} sentences, {} mentions: {} new events, {} merged into events already known ({}){}",
        r.articles,
        r.skipped,
        r.sentences,
        r.mentions,
        r.new_events,
        r.merged,
        args.db.location(),
        if result.is_err() { ", before this error:" } else { "" }
    );
    result?;
    Ok(Outcome::from_rejected(rejected))
}

fn describe_rule(rule: &DedupRule) -> String {
    format!(
        "same {}, event dates at most {} day(s) apart",
        if rule.by_root {
            "CAMEO root"
        } else {
            "CAMEO code"
        },
        rule.window_days
    )
}

/// An article and what the pipeline found in it, as the store takes it: sentences as
/// character spans of the text (the pipeline's are byte spans).
pub fn coded_article(
    doc: dyad_text::Document,
    sentences: &[dyad_text::Sentence],
    events: Vec<Event>,
) -> CodedArticle {
    let text = &doc.text;
    let records = sentences
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let (start, end) = (s.start.min(text.len()), s.end.min(text.len()));
            SentenceRecord {
                index,
                start: Some(dyad_text::char_offset(text, start)),
                end: Some(dyad_text::char_offset(text, end)),
                text: text.get(start..end).unwrap_or_default().to_string(),
            }
        })
        .collect();
    CodedArticle {
        origin: Some(format!("{}:{}", doc.origin.path, doc.origin.line)),
        id: doc.id,
        date: doc.date,
        title: doc.title,
        text: doc.text,
        sentences: records,
        events,
    }
}

/// Collects articles and stores them `size` at a time, one transaction each.
struct Batcher<'a> {
    store: &'a mut dyn Store,
    batch: Vec<CodedArticle>,
    size: usize,
    report: IngestReport,
    location: Location,
    /// When the progress line was last shown (only on a terminal).
    progress: Option<std::time::Instant>,
    shown: bool,
}

impl Batcher<'_> {
    fn push(&mut self, article: CodedArticle) -> Result<()> {
        self.batch.push(article);
        if self.batch.len() >= self.size {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let report = self.store.ingest(&self.batch).with_context(|| {
            let first = self.batch.first().map(|a| a.id.as_str()).unwrap_or("");
            format!(
                "cannot store the batch of {} articles starting with {first:?} in {} (the batches before it are stored; run the same command again to finish)",
                self.batch.len(),
                self.location
            )
        })?;
        self.report += report;
        self.batch.clear();
        if let Some(last) = &mut self.progress {
            if last.elapsed().as_secs() >= 2 {
                *last = std::time::Instant::now();
                self.shown = true;
                let r = &self.report;
                eprint!(
                    "\r{} articles stored, {} skipped, {} events so far",
                    r.articles, r.skipped, r.new_events
                );
            }
        }
        Ok(())
    }
}

/// Store pre-coded events: JSONL files (optionally gzipped), folders of them, or stdin. Events
/// are grouped into articles as they come; a bad line is reported as `path:line: reason`.
fn ingest_events(input: &InputArgs, batcher: &mut Batcher, rejected: &mut usize) -> Result<()> {
    let report = |path: &str, line: u64, reason: String, rejected: &mut usize| {
        if input.error_format == ErrorFormat::Json {
            let msg = serde_json::json!({
                "error": format!("{path}:{line}: {reason}"), "path": path, "line": line, "reason": reason,
            });
            eprintln!("{msg}");
        } else {
            eprintln!("{path}:{line}: {reason}");
        }
        *rejected += 1;
    };
    let paths = if input.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        input.paths.clone()
    };
    let mut files = Vec::new();
    for p in &paths {
        if let Err(e) = event_files(p, true, &mut files) {
            report(&p.display().to_string(), 0, e, rejected);
        }
    }
    // Events of the article being collected; ids of articles already handed to the batcher.
    let mut pending: Vec<Event> = Vec::new();
    let mut pending_ids: HashSet<String> = HashSet::new();
    let mut done: HashSet<String> = HashSet::new();
    for file in files {
        let name = if file.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            file.display().to_string()
        };
        let reader = match open_lines(&file) {
            Ok(r) => r,
            Err(e) => {
                report(&name, 0, e, rejected);
                continue;
            }
        };
        for (n, line) in (1u64..).zip(reader.split(b'\n')) {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    report(&name, n, format!("cannot read: {e}"), rejected);
                    break;
                }
            };
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let event: Event = match serde_json::from_slice(&line) {
                Ok(e) => e,
                Err(e) => {
                    report(
                        &name,
                        n,
                        format!("not an event of `dyad code --format jsonl`: {e}"),
                        rejected,
                    );
                    continue;
                }
            };
            if done.contains(&event.article) {
                report(
                    &name,
                    n,
                    format!(
                        "event of article {:?} comes after that article was stored (an article's events must come together); skipped",
                        event.article
                    ),
                    rejected,
                );
                continue;
            }
            // A new article once the batch is full: hand the batch over first.
            if !pending_ids.contains(&event.article) && pending_ids.len() >= batcher.size {
                for a in CodedArticle::from_events(pending.drain(..)) {
                    batcher.push(a)?;
                }
                done.extend(pending_ids.drain());
            }
            pending_ids.insert(event.article.clone());
            pending.push(event);
        }
    }
    for a in CodedArticle::from_events(pending) {
        batcher.push(a)?;
    }
    Ok(())
}

/// The files to read for `path`: itself (named files are always read), or a folder's `.jsonl`,
/// `.ndjson`, `.json` and `.gz` files, recursively, in name order.
fn event_files(path: &Path, named: bool, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.as_os_str() == "-" {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_dir() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let wanted = [".jsonl", ".ndjson", ".json", ".gz"]
            .iter()
            .any(|x| name.ends_with(x));
        if named || (wanted && !name.starts_with('.')) {
            out.push(path.to_path_buf());
        }
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot list the folder: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for e in entries {
        event_files(&e, false, out)?;
    }
    Ok(())
}

/// A line reader over a file (gunzipped when its name ends `.gz`) or stdin.
fn open_lines(path: &Path) -> Result<Box<dyn BufRead>, String> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::BufReader::new(std::io::stdin())));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let gz = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("gz"));
    Ok(if gz {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            file,
        )))
    } else {
        Box::new(std::io::BufReader::new(file))
    })
}

#[cfg(test)]
mod tests {
    use super::coded_article;
    use dyad_text::{Document, Origin, Sentence};

    #[test]
    fn sentences_are_character_spans_of_the_text() {
        // "Zürich" and the em dash are several bytes each: byte and char offsets differ.
        let text = "Talks in Zürich — ended.\n\nErdoğan met Putin.";
        let second = text.find("Erdoğan").unwrap();
        let doc = Document {
            id: "a1".into(),
            date: None,
            title: Some("Talks".into()),
            text: text.into(),
            origin: Origin {
                path: "news.jsonl".into(),
                line: 7,
            },
            extra: Default::default(),
        };
        let sentences = [
            Sentence {
                start: 0,
                end: text.find('\n').unwrap(),
                ..Sentence::default()
            },
            Sentence {
                start: second,
                end: text.len(),
                ..Sentence::default()
            },
        ];
        let a = coded_article(doc, &sentences, Vec::new());
        assert_eq!(a.origin.as_deref(), Some("news.jsonl:7"));
        let chars: Vec<char> = text.chars().collect();
        for (i, s) in a.sentences.iter().enumerate() {
            assert_eq!(s.index, i);
            let (start, end) = (s.start.unwrap(), s.end.unwrap());
            let slice: String = chars[start..end].iter().collect();
            assert_eq!(slice, s.text);
        }
        assert_eq!(a.sentences[0].text, "Talks in Zürich — ended.");
        assert_eq!(a.sentences[1].text, "Erdoğan met Putin.");
        assert_eq!(a.sentences[1].start, Some(26));
        assert_eq!(a.content_hash().map(|h| h.len()), Some(64));
    }
}
