//! Input options shared by every command that reads articles, and the loop that reads them
//! while reporting rejected input on stderr.

use clap::Args as ClapArgs;
use dyad_text::reader::{read_paths, InputFormat, ReaderOptions};
use dyad_text::Document;
use std::path::PathBuf;

/// Where the articles come from and how to read them.
#[derive(ClapArgs, Debug, Clone)]
pub struct InputArgs {
    /// Files or folders of articles (`.txt` dated text, `.jsonl`, either `.gz`); `-` or nothing
    /// reads stdin. Folders are read recursively in sorted order.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Force the input format instead of guessing from the file extension (stdin: text).
    #[arg(long, value_name = "text|jsonl")]
    pub input_format: Option<InputFormatArg>,
    /// JSONL field holding the article id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSONL field holding the story date (YYYY-MM-DD).
    #[arg(long, default_value = "date")]
    pub date_field: String,
    /// JSONL field holding the article text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// How rejected input is reported on stderr: `text` (`path:line: reason`) or `json`
    /// (one `{"error": ..., "path": ..., "line": ..., "reason": ...}` object per line, for
    /// streaming engines that parse their workers' stderr).
    #[arg(long, value_enum, default_value = "text")]
    pub error_format: ErrorFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum ErrorFormat {
    Text,
    Json,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum InputFormatArg {
    Text,
    Jsonl,
}

impl InputArgs {
    fn options(&self) -> ReaderOptions {
        ReaderOptions {
            format: self.input_format.map(|f| match f {
                InputFormatArg::Text => InputFormat::Text,
                InputFormatArg::Jsonl => InputFormat::Jsonl,
            }),
            id_field: self.id_field.clone(),
            date_field: self.date_field.clone(),
            text_field: self.text_field.clone(),
            ..ReaderOptions::default()
        }
    }

    /// Stream the articles, printing each rejected record on stderr and counting them.
    pub fn documents<'a>(&self, rejected: &'a mut usize) -> impl Iterator<Item = Document> + 'a {
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.paths.clone()
        };
        let json = self.error_format == ErrorFormat::Json;
        read_paths(&paths, &self.options()).filter_map(move |r| match r {
            Ok(doc) => Some(doc),
            Err(e) => {
                if json {
                    let line = serde_json::json!({
                        "error": e.to_string(), "path": e.path, "line": e.line, "reason": e.reason,
                    });
                    eprintln!("{line}");
                } else {
                    eprintln!("{e}");
                }
                *rejected += 1;
                None
            }
        })
    }
}
