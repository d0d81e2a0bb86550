//! `dyad validate`: run PETRARCH validation records through dyad's own pipeline and count
//! the records dyad codes exactly right.
//!
//! For each file: read its `<Environment>` (the verbs, actors and agents dictionaries its
//! records are coded against), find those dictionaries by file name anywhere under
//! `--dict-dir`, load the coder with them as user dictionaries (they take precedence over
//! the shipped ones), then split, tag, parse and code each record's `<Text>` with the
//! record's date as the story date. The record's own parse is ignored.
//!
//! **Exactly right** means: the set of distinct `(source, target, eventcode)` triples of the
//! events dyad codes in the record's text equals the set of triples the record expects.
//!
//! * Codes are compared as whole strings, the way PETRARCH writes them: actor code and agent
//!   code(s) concatenated (`HOBGOV`, `---GOV` for an agent without a country, `IGOCOPITP`),
//!   so an agent suffix must be right too; no prefix or root-level credit is given.
//! * A missing source or target is `---` on both sides (PETRARCH's convention).
//! * Event codes must match all their digits (`0231` is not `023`).
//! * A "new actor" expected as a quoted phrase (`sourcecode='"THE MINISTRY OF MAGIC"'`) is
//!   compared as that upper-case phrase; dyad codes actors from dictionaries only, so such
//!   records cannot be matched today.
//! * `noevents="True"` records, and `error="..."` records (dateline, unparsable input, story
//!   or sentence discard: PETRARCH codes nothing), are right when dyad codes no event.
//! * Duplicate triples count once on both sides; extra events make a record wrong.
//! * Records the file marks `sentence="false"` / `evaluate="false"` / `valid="false"`
//!   (features its own coder
//!   lacks) are coded and printed but not scored. The `<Include>` list is not applied:
//!   every category is scored and reported on its own.
//! * Discard files named in the environment are not applied (the coder has no user discard
//!   option yet).
//!
//! Besides exact records, the summary counts triples (expected, coded, matched) over the
//! scored records, which shows partial progress.

use super::Outcome;
use anyhow::{bail, Context, Result};
use dyad_coder::validation::{Expected, Record, Triple, ValidationFile};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Score dyad on PETRARCH validation records (exact-match rate per file and category).
///
/// Each record's text goes through dyad's own pipeline and coder, loaded with the
/// dictionaries the file's <Environment> names (found by file name under --dict-dir).
/// A record is right when dyad's set of (source, target, event code) triples equals the
/// expected one; "no events" and "error" records are right when dyad codes nothing.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad validate ../shared/cameo/validation/petrarch2/PETR.UnitTest.records.xml\n  dyad validate --format jsonl --dict-dir ../shared/cameo FILE.xml | jq 'select(.correct == false)'"
)]
pub struct Args {
    /// PETRARCH validation record files (PETRARCH-1, PETRARCH2 or UniversalPetrarch XML).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Folder searched (recursively) for the dictionaries named in each file's <Environment>.
    #[arg(long, value_name = "DIR", default_value = "../shared/cameo")]
    dict_dir: PathBuf,
    /// Output format (default: table on a terminal, JSONL otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Data folder with models/, dict/ and cameo/ (default: the checkout's data/; see README).
    #[arg(long, env = "DYAD_DATA")]
    data: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// How to code a future act ("Arnor will abandon ties"): `act`, PETRARCH's convention,
    /// which the suites' expected codes follow (the default here), or `intent`, dyad's own
    /// rule in `dyad code` (03x intent codes, 13x threats).
    #[arg(long, value_enum, default_value = "act")]
    future: Future,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq)]
pub enum Future {
    Act,
    Intent,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq)]
pub enum Format {
    Jsonl,
    Table,
}

/// Counts for one file or one category.
#[derive(Default, Clone)]
struct Tally {
    records: usize,
    scored: usize,
    correct: usize,
    expected_events: usize,
    coded_events: usize,
    matched_events: usize,
}

impl Tally {
    fn add(&mut self, scored: bool, correct: bool, expected: &[Triple], coded: &[Triple]) {
        self.records += 1;
        if !scored {
            return;
        }
        self.scored += 1;
        self.correct += usize::from(correct);
        self.expected_events += expected.len();
        self.coded_events += coded.len();
        self.matched_events += coded.iter().filter(|t| expected.contains(t)).count();
    }

    fn percent(&self) -> f64 {
        if self.scored == 0 {
            0.0
        } else {
            (1000.0 * self.correct as f64 / self.scored as f64).round() / 10.0
        }
    }

    fn json(&self) -> serde_json::Value {
        json!({
            "records": self.records,
            "scored": self.scored,
            "correct": self.correct,
            "percent": self.percent(),
            "events": {
                "expected": self.expected_events,
                "coded": self.coded_events,
                "matched": self.matched_events,
            },
        })
    }
}

pub fn run(args: Args) -> Result<Outcome> {
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Jsonl
    });
    let data = crate::models::data_dir(args.data.as_deref());
    let pipeline = crate::models::load_pipeline(&data)?;
    let dict_dir = dict_dir(&args.dict_dir);
    let index = index_files(&dict_dir)
        .with_context(|| format!("cannot read the dictionary folder {}", dict_dir.display()))?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut out = super::output(None)?;
    let mut rejected = 0;
    let mut failed_files = 0;
    for file in &args.files {
        match validate_file(
            file,
            &index,
            &data,
            &pipeline,
            threads,
            format,
            args.future,
            &mut out,
        ) {
            Ok(malformed) => rejected += malformed,
            Err(e) => {
                eprintln!("{}: {e:#}", file.display());
                failed_files += 1;
            }
        }
        out.flush()?;
    }
    if failed_files == args.files.len() {
        bail!("no validation file could be run");
    }
    Ok(Outcome::from_rejected(rejected + failed_files))
}

/// `--dict-dir` as given, else (for the default) the shared folder beside this checkout.
fn dict_dir(flag: &Path) -> PathBuf {
    if flag.is_dir() {
        return flag.to_path_buf();
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cameo");
    if flag == Path::new("../shared/cameo") && beside.is_dir() {
        return beside;
    }
    flag.to_path_buf()
}

/// Every file under `dir`, by file name (paths sorted, so the choice among duplicates is
/// stable).
fn index_files(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<PathBuf>>> {
    let mut index: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                index.entry(name.to_string()).or_default().push(path);
            }
        }
    }
    for paths in index.values_mut() {
        paths.sort();
    }
    Ok(index)
}

fn locate(index: &BTreeMap<String, Vec<PathBuf>>, names: &[String]) -> Result<Vec<PathBuf>> {
    names
        .iter()
        .map(|n| {
            index
                .get(n)
                .and_then(|p| p.first())
                .cloned()
                .with_context(|| format!("dictionary {n} (named in <Environment>) not found"))
        })
        .collect()
}

/// Codes and scores one file; returns the number of malformed records (reported on stderr).
#[allow(clippy::too_many_arguments)]
fn validate_file(
    file: &Path,
    index: &BTreeMap<String, Vec<PathBuf>>,
    data: &Path,
    pipeline: &dyad_nlp::pipeline::Pipeline,
    threads: usize,
    format: Format,
    future: Future,
    out: &mut dyn Write,
) -> Result<usize> {
    let vf = match ValidationFile::load(file) {
        Ok(vf) => vf,
        Err(dyad_coder::LoadError::Io { source, .. }) => bail!("cannot read: {source}"),
        Err(e) => bail!("{e}"),
    };
    for e in &vf.errors {
        eprintln!("{e}");
    }
    let env = &vf.environment;
    if env.verbs.is_empty() && env.actors.is_empty() {
        bail!("no <Environment> naming verb or actor dictionaries");
    }
    let user = dyad_coder::engine::UserDictionaries {
        actors: locate(index, &env.actors)?,
        agents: locate(index, &env.agents)?,
        verbs: locate(index, &env.verbs)?,
    };
    let mut coder = crate::models::load_coder(data, &user)?;
    coder.future_as_intent = future == Future::Intent;
    let name = file.display().to_string();

    if format == Format::Table {
        writeln!(out, "{name}")?;
        writeln!(
            out,
            "{:<24}  {:<10}  {:<5}  {:<40}  expected",
            "id", "category", "ok", "dyad"
        )?;
    }
    let mut total = Tally::default();
    let mut by_category: BTreeMap<String, Tally> = BTreeMap::new();
    crate::parallel::ordered_map(
        vf.records.iter(),
        threads,
        |r: &Record| {
            let sentences = pipeline.annotate(&r.text);
            let coded = coder.code(&r.id, &r.text, r.date, &sentences);
            let got: BTreeSet<Triple> = coded
                .events
                .iter()
                .map(|e| Triple {
                    source: actor(&e.source),
                    target: actor(&e.target),
                    code: e.cameo.code.clone(),
                })
                .collect();
            (r, got.into_iter().collect::<Vec<_>>())
        },
        |(r, got): (&Record, Vec<Triple>)| -> Result<()> {
            let expected: Vec<Triple> = match &r.expected {
                Expected::Events(t) => t.iter().cloned().collect::<BTreeSet<_>>(),
                Expected::NoEvents | Expected::Error(_) => BTreeSet::new(),
            }
            .into_iter()
            .collect();
            let correct = got == expected;
            total.add(r.evaluate, correct, &expected, &got);
            by_category
                .entry(r.category.clone())
                .or_default()
                .add(r.evaluate, correct, &expected, &got);
            match format {
                Format::Jsonl => {
                    let mut v = json!({
                        "file": name,
                        "id": r.id,
                        "category": r.category,
                        "events": triples_json(&got),
                        "expected": triples_json(&expected),
                        "correct": correct,
                        "scored": r.evaluate,
                    });
                    if let Expected::Error(e) = &r.expected {
                        v["expected_error"] = json!(e);
                    }
                    serde_json::to_writer(&mut *out, &v)?;
                    writeln!(out)?;
                }
                Format::Table => {
                    let ok = match (r.evaluate, correct) {
                        (false, _) => "skip",
                        (true, true) => "ok",
                        (true, false) => "FAIL",
                    };
                    let want = match &r.expected {
                        Expected::Error(e) => format!("(error {e}: none)"),
                        _ => triples_text(&expected),
                    };
                    writeln!(
                        out,
                        "{:<24}  {:<10}  {:<5}  {:<40}  {}",
                        r.id,
                        r.category,
                        ok,
                        triples_text(&got),
                        want
                    )?;
                }
            }
            Ok(())
        },
    )?;

    match format {
        Format::Jsonl => {
            let mut s = json!({ "file": name });
            if let (Some(s), serde_json::Value::Object(t)) = (s.as_object_mut(), total.json()) {
                s.extend(t);
            }
            s["malformed"] = json!(vf.errors.len());
            s["categories"] = by_category
                .iter()
                .map(|(c, t)| {
                    let mut v = t.json();
                    v["category"] = json!(c);
                    v
                })
                .collect();
            serde_json::to_writer(&mut *out, &json!({ "summary": s }))?;
            writeln!(out)?;
        }
        Format::Table => {
            writeln!(out)?;
            writeln!(
                out,
                "{:<12}  {:>7}  {:>6}  {:>7}  {:>7}  events matched/expected/coded",
                "category", "records", "scored", "correct", "percent"
            )?;
            let row = |out: &mut dyn Write, c: &str, t: &Tally| -> std::io::Result<()> {
                writeln!(
                    out,
                    "{:<12}  {:>7}  {:>6}  {:>7}  {:>6.1}%  {}/{}/{}",
                    c,
                    t.records,
                    t.scored,
                    t.correct,
                    t.percent(),
                    t.matched_events,
                    t.expected_events,
                    t.coded_events
                )
            };
            for (c, t) in &by_category {
                row(out, c, t)?;
            }
            row(out, "ALL", &total)?;
            if !vf.errors.is_empty() {
                writeln!(
                    out,
                    "{} malformed record(s) skipped (see stderr)",
                    vf.errors.len()
                )?;
            }
            writeln!(out)?;
        }
    }
    eprintln!(
        "{name}: {}/{} records exactly right ({:.1}%)",
        total.correct,
        total.scored,
        total.percent()
    );
    Ok(vf.errors.len())
}

/// An actor's code as PETRARCH writes it; `---` when there is none.
fn actor(a: &Option<dyad_coder::ActorRef>) -> String {
    match a {
        Some(a) if !a.code.trim().is_empty() => a.code.trim().to_uppercase(),
        _ => "---".to_string(),
    }
}

fn triples_json(t: &[Triple]) -> serde_json::Value {
    t.iter()
        .map(|t| json!({"source": t.source, "target": t.target, "code": t.code}))
        .collect()
}

fn triples_text(t: &[Triple]) -> String {
    if t.is_empty() {
        return "(none)".to_string();
    }
    t.iter()
        .map(|t| format!("{} {} {}", t.source, t.code, t.target))
        .collect::<Vec<_>>()
        .join("; ")
}
