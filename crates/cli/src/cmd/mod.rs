//! One module per `dyad` subcommand.

pub mod actors;
pub mod code;
pub mod dict;
pub mod eval;
pub mod events;
pub mod ingest;
pub mod parse;
pub mod serve;
pub mod split;
pub mod stats;
pub mod train;
pub mod validate;

/// How a command ended when it did not fail outright.
pub enum Outcome {
    /// Every input record was read.
    Clean,
    /// The run finished, but this many input records were rejected.
    SomeInputRejected(usize),
}

impl Outcome {
    pub fn from_rejected(n: usize) -> Outcome {
        if n == 0 {
            Outcome::Clean
        } else {
            Outcome::SomeInputRejected(n)
        }
    }
}

/// Output on stdout, buffered, or to a file with `-o`.
pub fn output(path: Option<&std::path::Path>) -> anyhow::Result<Box<dyn std::io::Write>> {
    use anyhow::Context;
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}
