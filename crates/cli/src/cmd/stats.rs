//! `dyad stats`: aggregates of the stored events per group and period (how did Russia-Iran
//! relations move week by week), computed by the store over de-duplicated events.

use super::Outcome;
use crate::cmd::events::{check_output, default_is_table, export_output, FilterArgs};
use crate::cmd::ingest::DbArg;
use anyhow::{Context, Result};
use dyad_store::export::{write_stats, Format};
use dyad_store::{By, Every, StatsQuery, StoreOptions};
use std::path::PathBuf;

/// Count events per group and period: count, Goldstein sum and mean, events per quad class.
///
/// Groups: dyad (source and target codes), source, target, code (full CAMEO code), root
/// (first two digits), quad. Periods start on the day, the Monday of the ISO week, the 1st of
/// the month or of the year; `all` is one period. Takes the same filters as `dyad events`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad stats --by dyad --every week --source RUS --target IRN\n  dyad stats --by root --every month --format csv -o roots.csv\n  dyad stats --by quad --every all"
)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// What to group by.
    #[arg(long, value_enum, default_value = "dyad")]
    by: ByArg,
    /// The period of each row.
    #[arg(long, value_enum, default_value = "week")]
    every: EveryArg,
    #[command(flatten)]
    filter: FilterArgs,
    /// Output format (default: table on a terminal, JSONL otherwise). Parquet needs -o.
    #[arg(long, value_enum)]
    format: Option<StatsFormat>,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Debug)]
enum ByArg {
    Dyad,
    Source,
    Target,
    Code,
    Root,
    Quad,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Debug)]
enum EveryArg {
    Day,
    Week,
    Month,
    Year,
    All,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Debug)]
enum StatsFormat {
    Table,
    Jsonl,
    Csv,
    Parquet,
}

pub fn run(args: Args) -> Result<Outcome> {
    let format = match args.format {
        Some(StatsFormat::Table) => Format::Table,
        Some(StatsFormat::Jsonl) => Format::Jsonl,
        Some(StatsFormat::Csv) => Format::Csv,
        Some(StatsFormat::Parquet) => Format::Parquet,
        None if default_is_table(args.output.as_deref()) => Format::Table,
        None => Format::Jsonl,
    };
    let query = StatsQuery {
        by: match args.by {
            ByArg::Dyad => By::Dyad,
            ByArg::Source => By::Source,
            ByArg::Target => By::Target,
            ByArg::Code => By::Code,
            ByArg::Root => By::Root,
            ByArg::Quad => By::Quad,
        },
        every: match args.every {
            EveryArg::Day => Every::Day,
            EveryArg::Week => Every::Week,
            EveryArg::Month => Every::Month,
            EveryArg::Year => Every::Year,
            EveryArg::All => Every::All,
        },
        filter: args.filter.to_filter()?,
    };
    check_output(args.output.as_deref(), format)?;
    let mut store = args.db.open(&StoreOptions {
        read_only: true,
        ..StoreOptions::default()
    })?;
    let rows = store
        .stats(&query)
        .with_context(|| format!("cannot compute the aggregates in {}", args.db.location()))?;
    write_stats(format, &rows, export_output(args.output.as_deref())?)?;
    Ok(Outcome::Clean)
}
