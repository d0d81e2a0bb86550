//! `dyad`: political event data from news text, in one binary.
//!
//! Each subcommand lives in its own module under `cmd/`; this file only declares the command
//! line and dispatches. Exit codes: 0 all good, 1 a fatal error, 3 the run finished but some
//! input was rejected (each rejection was printed on stderr as `path:line: reason`).

mod cmd;
mod input;
mod models;
mod parallel;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// dyad: who did what to whom, from news text.
///
/// dyad reads dated news articles, splits and parses their sentences with its own embedded NLP
/// models, and codes political events (CAMEO and PLOVER) with source and target actors, dates,
/// places and the evidence sentence.
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  dyad code examples/                         code every article in a folder
  dyad code --format csv news.jsonl.gz > events.csv
  cat articles.jsonl | dyad code --input-format jsonl --format jsonl -
  dyad split --format conllu article.txt      sentences and tokens
  dyad parse article.txt                      tagged and parsed sentences (CoNLL-U)
  dyad eval --gold en_ewt-ud-test.conllu      tagger/parser accuracy on a treebank
  dyad actors Erdogan --date 2012-01-01       which code an actor had on a date
  dyad ingest --db dyad.db news/              code and store articles (idempotent)
  dyad events --source RUS --code 04          stored events, newest first
  dyad stats --by dyad --every week           counts and Goldstein per dyad and week
  dyad serve --db dyad.db                     JSON API and dashboard on 127.0.0.1:8080";

#[derive(Subcommand)]
enum Command {
    Code(cmd::code::Args),
    Split(cmd::split::Args),
    Parse(cmd::parse::Args),
    Eval(cmd::eval::Args),
    Train(cmd::train::Args),
    Actors(cmd::actors::Args),
    Dict(cmd::dict::Args),
    Validate(cmd::validate::Args),
    Ingest(cmd::ingest::Args),
    Events(cmd::events::Args),
    Stats(cmd::stats::Args),
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(a) => cmd::code::run(a),
        Command::Split(a) => cmd::split::run(a),
        Command::Parse(a) => cmd::parse::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Actors(a) => cmd::actors::run(a),
        Command::Dict(a) => cmd::dict::run(a),
        Command::Validate(a) => cmd::validate::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Stats(a) => cmd::stats::run(a),
        Command::Serve(a) => cmd::serve::run(a),
    };
    match result {
        Ok(cmd::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cmd::Outcome::SomeInputRejected(n)) => {
            // A summary for people; programs read the exit code (and the per-record lines,
            // which `--error-format json` keeps machine-readable).
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                eprintln!("dyad: {n} input record(s) rejected (see the messages above)");
            }
            ExitCode::from(3)
        }
        Err(e) => {
            // A closed pipe (`dyad code ... | head`) is not an error worth a message.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
