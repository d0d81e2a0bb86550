//! `dyad events`: list the stored events that match filters, in any export format.
//!
//! The store answers one page at a time (newest first, a keyset cursor between pages), so a
//! listing of millions of events streams through in bounded memory; each page is written
//! through the shared export sinks of `dyad_store::export` (the formats of `dyad code`, plus
//! Parquet, GDELT-style TSV and PLOVER JSON).

use super::Outcome;
use crate::cmd::ingest::DbArg;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use dyad_store::export::{event_sink, Format};
use dyad_store::{EventFilter, Page, StoreOptions, TextQuery};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// List stored events (de-duplicated, with their number of mentions), newest first.
///
/// Actor filters match code prefixes (RUS matches RUSGOV and RUSMIL), --code matches CAMEO
/// code prefixes (04 matches 040-046), --text is a full-text query over the article text.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad events --source RUS --target IRN --from 2022-01-01\n  dyad events --code 04 --format csv -o consultations.csv\n  dyad events --text '\"grain deal\" OR Istanbul' --format jsonl\n  dyad events --format parquet -o events.parquet"
)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    filter: FilterArgs,
    /// List the raw mentions (one per article sentence that reported an event, in the schema
    /// of `dyad code`) instead of the de-duplicated events.
    #[arg(long)]
    mentions: bool,
    /// At most this many events (default: all).
    #[arg(long, short = 'n')]
    limit: Option<u64>,
    /// Output format (default: table on a terminal, JSONL otherwise). Parquet needs -o.
    #[arg(long, value_enum)]
    format: Option<EventFormat>,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// The filters of `dyad events` and `dyad stats` (the API's query parameters have the same
/// names).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Source actor code prefix (RUS matches RUS, RUSGOV, RUSMIL...).
    #[arg(long, value_name = "CODE")]
    source: Option<String>,
    /// Target actor code prefix.
    #[arg(long, value_name = "CODE")]
    target: Option<String>,
    /// Actor code prefix on either side.
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// CAMEO event code or prefix (04 matches 040-046; 042 only 042).
    #[arg(long, value_name = "CODE")]
    code: Option<String>,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    quad: Option<u8>,
    /// First event date included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<NaiveDate>,
    /// Last event date included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<NaiveDate>,
    /// Place name (any case) or ISO3 country code of the event's place.
    #[arg(long, value_name = "NAME|ISO3")]
    place: Option<String>,
    /// Full-text query over the article text: words, "phrases", AND (default), OR.
    #[arg(long, value_name = "QUERY")]
    text: Option<String>,
    /// One event by its id (with --mentions: every report of it).
    #[arg(long, value_name = "ID")]
    event: Option<String>,
}

impl FilterArgs {
    /// The store's filter, checked (a bad code or query fails here with the reason, before
    /// the database is opened).
    pub fn to_filter(&self) -> Result<EventFilter> {
        let text = match &self.text {
            Some(q) => Some(TextQuery::parse(q).context("--text")?),
            None => None,
        };
        // Codes are stored upper case; accept what people type.
        let upper = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_ascii_uppercase());
        let filter = EventFilter {
            source: upper(&self.source),
            target: upper(&self.target),
            actor: upper(&self.actor),
            code: self.code.as_ref().map(|c| c.trim().to_string()),
            quad: self.quad,
            from: self.from,
            to: self.to,
            place: self.place.clone(),
            text,
            event: self.event.clone(),
        };
        filter.validate()?;
        Ok(filter)
    }
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Debug)]
pub enum EventFormat {
    Table,
    Jsonl,
    Csv,
    Parquet,
    Gdelt,
    Plover,
}

impl From<EventFormat> for Format {
    fn from(f: EventFormat) -> Format {
        match f {
            EventFormat::Table => Format::Table,
            EventFormat::Jsonl => Format::Jsonl,
            EventFormat::Csv => Format::Csv,
            EventFormat::Parquet => Format::Parquet,
            EventFormat::Gdelt => Format::Gdelt,
            EventFormat::Plover => Format::Plover,
        }
    }
}

/// Binary formats need a file: a terminal or a pipe is no place for Parquet (its footer is
/// written last). Checked before anything is opened.
pub fn check_output(path: Option<&Path>, format: Format) -> Result<()> {
    if path.is_none() && format.is_binary() {
        bail!(
            "--format {} writes a file: name it with -o FILE",
            format.name()
        );
    }
    Ok(())
}

/// Where an export goes: the `-o` file or stdout, buffered.
pub fn export_output(path: Option<&Path>) -> Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    })
}

/// Table on a terminal, JSONL otherwise (as `dyad code` does).
pub fn default_is_table(output: Option<&Path>) -> bool {
    output.is_none() && std::io::stdout().is_terminal()
}

pub fn run(args: Args) -> Result<Outcome> {
    let format = args
        .format
        .unwrap_or(if default_is_table(args.output.as_deref()) {
            EventFormat::Table
        } else {
            EventFormat::Jsonl
        });
    let filter = args.filter.to_filter()?;
    if args.limit == Some(0) {
        bail!("--limit must be at least 1");
    }
    let format: Format = format.into();
    check_output(args.output.as_deref(), format)?;
    let mut store = args.db.open(&StoreOptions {
        read_only: true,
        ..StoreOptions::default()
    })?;
    let out = export_output(args.output.as_deref())?;
    let mut sink = event_sink(format, out)?;
    let mut remaining = args.limit.unwrap_or(u64::MAX);
    let mut cursor = None;
    let location = args.db.location();
    while remaining > 0 {
        let page = Page {
            limit: (Page::MAX_LIMIT as u64).min(remaining) as usize,
            cursor: cursor.take(),
        };
        let next = if args.mentions {
            let p = store
                .mentions(&filter, &page)
                .with_context(|| format!("cannot list the mentions in {location}"))?;
            for m in &p.mentions {
                sink.write(&m.event, None)?;
            }
            remaining = remaining.saturating_sub(p.mentions.len() as u64);
            p.next
        } else {
            let p = store
                .events(&filter, &page)
                .with_context(|| format!("cannot list the events in {location}"))?;
            for e in &p.events {
                sink.write(&e.event, Some(e.mentions))?;
            }
            remaining = remaining.saturating_sub(p.events.len() as u64);
            p.next
        };
        sink.flush()?;
        match next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    sink.finish()?;
    Ok(Outcome::Clean)
}
