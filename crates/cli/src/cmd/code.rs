//! `dyad code`: the main job. Articles in, events out.
//!
//! Read -> split and tokenize -> tag, lemmatize, parse -> code events -> write. The output
//! schema of one event is [`dyad_coder::Event`] (see its doc comment and README.md).

use super::Outcome;
use crate::input::InputArgs;
use anyhow::{bail, Context, Result};
use dyad_store::export::{event_sink, Format};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Code political events (CAMEO/PLOVER) in articles and print them.
///
/// Each event carries its source and target actors, CAMEO code with Goldstein weight and quad
/// class, PLOVER type, dates, place, and the evidence sentence with character spans.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad code examples/\n  dyad code --format csv -o events.csv news.jsonl.gz\n  dyad code --format parquet -o events.parquet news.jsonl.gz\n  cat news.jsonl | dyad code --input-format jsonl --format jsonl -"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format (default: table on a terminal, JSONL otherwise): jsonl, csv, table,
    /// parquet (needs -o FILE), gdelt (GDELT 2.0 event table TSV), plover (PLOVER JSON lines).
    #[arg(long, value_enum)]
    format: Option<EventFormat>,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Data folder with models/, dict/ and cameo/ (default: the checkout's data/; see README).
    #[arg(long, env = "DYAD_DATA")]
    data: Option<PathBuf>,
    /// Explain on stderr why each event was coded (pattern, dictionary line) and why each
    /// dropped candidate was dropped (negation, hypothetical, no actor...).
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    dicts: crate::models::DictArgs,
    /// Worker threads (default: every core). Output order is the input order whatever the
    /// number of threads.
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

/// The event formats of `dyad code` (the export formats of `dyad_store::export`).
#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum EventFormat {
    Jsonl,
    Csv,
    Table,
    /// Apache Parquet (typed columns): needs `-o FILE`.
    Parquet,
    /// GDELT 2.0 event table, tab-separated, 61 columns, no header.
    Gdelt,
    /// PLOVER JSON records, one per line.
    Plover,
}

impl From<EventFormat> for Format {
    fn from(f: EventFormat) -> Format {
        match f {
            EventFormat::Jsonl => Format::Jsonl,
            EventFormat::Csv => Format::Csv,
            EventFormat::Table => Format::Table,
            EventFormat::Parquet => Format::Parquet,
            EventFormat::Gdelt => Format::Gdelt,
            EventFormat::Plover => Format::Plover,
        }
    }
}

/// Where the events go: `-o FILE` or stdout, buffered (`Send`, as the export sinks need).
fn open_output(path: Option<&Path>) -> Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    })
}

pub fn run(args: Args) -> Result<Outcome> {
    let format: Format = args
        .format
        .unwrap_or(
            if args.output.is_none() && std::io::stdout().is_terminal() {
                EventFormat::Table
            } else {
                EventFormat::Jsonl
            },
        )
        .into();
    // Parquet is binary and complete only when its footer is written: a file, not a terminal
    // or a pipe. Said before the models load, not after.
    if args.output.is_none() && format.is_binary() {
        bail!(
            "--format {format} writes a binary file: give its name with -o FILE (e.g. -o events.{format})"
        );
    }
    let data = crate::models::data_dir(args.data.as_deref());
    let pipeline = crate::models::load_pipeline(&data)?;
    let user = args.dicts.user();
    let coder = crate::models::load_coder(&data, &user)?;
    let mut writer = event_sink(format, open_output(args.output.as_deref())?)?;
    let progress = Progress::new();
    let mut rejected = 0;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let explain = args.explain;
    let documents = args.input.documents(&mut rejected);
    crate::parallel::ordered_map(
        documents,
        threads,
        |doc| {
            let sentences = pipeline.annotate(&doc.text);
            let coded = coder.code(&doc.id, &doc.text, doc.date, &sentences);
            (doc.id, sentences.len(), coded)
        },
        |(id, n_sentences, coded)| -> Result<()> {
            progress.tick(n_sentences);
            for e in &coded.events {
                writer.write(e, None)?;
            }
            if explain {
                for x in &coded.explanations {
                    eprintln!(
                        "{id}: event {}: pattern `{}` ({})",
                        x.event_id, x.pattern, x.origin
                    );
                }
                for d in &coded.dropped {
                    eprintln!(
                        "{id}: sentence {}: dropped {:?}: {}",
                        d.sentence_index, d.verb, d.reason
                    );
                }
            }
            writer.flush()?;
            Ok(())
        },
    )?;
    progress.finish();
    writer.finish()?;
    Ok(Outcome::from_rejected(rejected))
}

/// A progress line on stderr for long runs: shown only when stderr is a terminal and only
/// after the first two seconds, so short runs and pipelines stay quiet.
struct Progress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    interactive: bool,
    sentences: std::cell::Cell<u64>,
}

impl Progress {
    fn new() -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} articles, {msg} [{elapsed}]")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Progress {
            bar,
            started: std::time::Instant::now(),
            interactive: std::io::stderr().is_terminal(),
            sentences: std::cell::Cell::new(0),
        }
    }

    fn tick(&self, sentences: usize) {
        if self.interactive && self.bar.is_hidden() && self.started.elapsed().as_secs() >= 2 {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.inc(1);
        self.sentences.set(self.sentences.get() + sentences as u64);
        self.bar
            .set_message(format!("{} sentences", self.sentences.get()));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
