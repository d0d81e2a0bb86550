//! Score dyad's sentence splitter and tokenizer on UD treebanks.
//!
//! `cargo run --release -p dyad-text --example seg_eval -- FILE.conllu...`
//!
//! For each file the raw text is rebuilt from the `# text` lines, segmented, and scored like
//! the CoNLL 2018 shared task (tokens, words, sentences: precision, recall, F1 in percent).

use std::path::Path;
use std::process::ExitCode;

use dyad_text::eval::{evaluate_file, SegScores};

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: seg_eval FILE.conllu...");
        return ExitCode::from(2);
    }
    let mut total = SegScores::default();
    let mut failed = false;
    for f in &files {
        match evaluate_file(Path::new(f)) {
            Ok(s) => {
                println!("{f}\n{s}");
                total.add(&s);
            }
            Err(e) => {
                eprintln!("{f}: {e}");
                failed = true;
            }
        }
    }
    if files.len() > 1 {
        println!("all files (micro-average)\n{total}");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
