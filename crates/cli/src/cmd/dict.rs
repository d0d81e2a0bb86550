//! `dyad dict`: build dyad's own data files from public sources.

use super::Outcome;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// Build dyad's dictionaries from other formats.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DictCommand,
}

#[derive(clap::Subcommand)]
enum DictCommand {
    /// Convert PETRARCH2/Phoenix dictionaries (actors, agents, CAMEO verb patterns) into dyad's
    /// own formats. The output folder is not read by `dyad code` unless you copy its files
    /// into the data folder's dict/ (see data/dict/petrarch/README.md).
    #[command(
        after_help = "Example:\n  dyad dict import-petrarch ../shared/cameo --out data/dict/petrarch"
    )]
    ImportPetrarch {
        /// The folder holding the PETRARCH dictionaries (or a parent of petrarch2/dictionaries).
        source: PathBuf,
        /// Where to write the converted files.
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(args: Args) -> Result<Outcome> {
    match args.command {
        DictCommand::ImportPetrarch { source, out } => {
            let report = dyad_coder::import::import_petrarch(&source)
                .with_context(|| format!("cannot import from {}", source.display()))?;
            report
                .write_to(&out)
                .with_context(|| format!("cannot write {}", out.display()))?;
            for f in &report.files {
                println!(
                    "wrote {} ({} bytes)",
                    out.join(&f.name).display(),
                    f.text.len()
                );
            }
            Ok(Outcome::Clean)
        }
    }
}
