//! `dyad split`: sentences and tokens, as JSONL or CoNLL-U.

use super::Outcome;
use crate::input::InputArgs;
use anyhow::Result;
use dyad_text::conllu::ConlluSentence;
use dyad_text::{char_offset, segment};
use std::io::Write;
use std::path::PathBuf;

/// Split articles into sentences and tokens (no tagging or parsing).
///
/// JSONL: one line per sentence, `{"article", "sentence_index", "text", "start", "end",
/// "tokens": [{"form", "start", "end"}]}`, all offsets in characters into the article text.
/// CoNLL-U: one block per sentence with `_` in the columns not predicted yet, ready for the
/// tagger and parser.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad split examples/\n  dyad split --format conllu article.txt"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: SplitFormat,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum SplitFormat {
    Jsonl,
    Conllu,
}

pub fn run(args: Args) -> Result<Outcome> {
    let mut out = super::output(args.output.as_deref())?;
    let mut rejected = 0;
    for doc in args.input.documents(&mut rejected) {
        let sentences = segment(&doc.text);
        match args.format {
            SplitFormat::Jsonl => {
                for (i, s) in sentences.iter().enumerate() {
                    let c = |b| char_offset(&doc.text, b);
                    let tokens: Vec<_> = s
                        .tokens
                        .iter()
                        .map(|t| serde_json::json!({"form": t.form, "start": c(t.start), "end": c(t.end)}))
                        .collect();
                    let line = serde_json::json!({
                        "article": doc.id, "sentence_index": i, "text": s.text(&doc.text),
                        "start": c(s.start), "end": c(s.end), "tokens": tokens,
                    });
                    writeln!(out, "{line}")?;
                }
            }
            SplitFormat::Conllu => {
                writeln!(out, "# newdoc id = {}", doc.id)?;
                for (i, s) in sentences.iter().enumerate() {
                    ConlluSentence::from_sentence(s, &doc.text, &format!("{}-{}", doc.id, i + 1))
                        .write(&mut out)?;
                }
            }
        }
        out.flush()?;
    }
    Ok(Outcome::from_rejected(rejected))
}
