//! `dyad actors`: look actors up in the dictionaries, and check the dictionaries.

use super::Outcome;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use dyad_coder::actors::ActorDictionary;
use std::path::PathBuf;

/// Look up an actor name in dyad's dictionaries, or check them.
///
/// Prints, for each entry that has the name, the code that holds on `--date` (default: today),
/// every dated code, and the file and line of the entry. `--check` reports bad lines,
/// duplicate names and overlapping date ranges with file:line and exits 1 if there are any.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad actors \"Recep Tayyip Erdogan\" --date 2012-01-01\n  dyad actors Kremlin\n  dyad actors --check"
)]
pub struct Args {
    /// The name to look up (as it appears in text: \"Erdogan\", \"the Kremlin\" -> Kremlin).
    #[arg(required_unless_present = "check")]
    name: Option<String>,
    /// The date the codes must hold on (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<NaiveDate>,
    /// Validate the dictionaries instead of looking a name up.
    #[arg(long)]
    check: bool,
    /// Extra actor dictionaries in dyad's format (repeatable).
    #[arg(long = "actors", value_name = "FILE")]
    extra: Vec<PathBuf>,
    /// Data folder with dict/.
    #[arg(long, env = "DYAD_DATA")]
    data: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let dir = crate::models::data_dir(args.data.as_deref()).join("dict");
    let mut dict = ActorDictionary::load_dir(&dir).with_context(|| dir.display().to_string())?;
    for f in &args.extra {
        let more = ActorDictionary::load(std::slice::from_ref(f))
            .with_context(|| f.display().to_string())?;
        dict.entries.extend(more.entries);
        dict.errors.extend(more.errors);
    }
    if args.check {
        let problems: Vec<String> = dict
            .errors
            .iter()
            .map(|e| e.to_string())
            .chain(dict.check())
            .collect();
        for p in &problems {
            println!("{p}");
        }
        println!(
            "{} entries, {} problem(s)",
            dict.entries.len(),
            problems.len()
        );
        if problems.is_empty() {
            return Ok(Outcome::Clean);
        }
        anyhow::bail!("the dictionaries have {} problem(s)", problems.len());
    }
    let name = args.name.unwrap_or_default();
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let found = dict.lookup(name.trim_start_matches("the ").trim_start_matches("The "));
    if found.is_empty() {
        anyhow::bail!("no entry named {name:?} in {}", dir.display());
    }
    for e in found {
        println!(
            "{} ({:?}) on {date}: {}",
            e.name,
            e.kind,
            e.code_on(Some(date)).unwrap_or("no code on that date")
        );
        for c in &e.codes {
            let range = match (c.from, c.to) {
                (None, None) => String::new(),
                (f, t) => format!(
                    " {}..{}",
                    f.map(|d| d.to_string()).unwrap_or_default(),
                    t.map(|d| d.to_string()).unwrap_or_default()
                ),
            };
            println!("  {}{range}", c.code);
        }
        println!("  from {}", e.origin);
    }
    Ok(Outcome::Clean)
}
