//! The typed values that flow down the pipeline: [`Document`] -> [`Sentence`] -> [`Token`].
//!
//! Offsets are **byte** offsets into [`Document::text`] (cheap, always valid `str` slices);
//! outputs that promise character offsets (the event schema) convert with
//! [`char_offset`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One dated article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: the JSONL `id` field, or the file stem for plain files.
    pub id: String,
    /// The story (publication) date; `None` only for JSONL records whose date is null/absent.
    pub date: Option<NaiveDate>,
    /// Headline, when the input has one.
    pub title: Option<String>,
    /// The article body; paragraphs separated by blank lines.
    pub text: String,
    /// Where the article was read from (for error messages and provenance).
    pub origin: Origin,
    /// Any other JSONL fields, carried through untouched.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The file (or `-` for stdin) and 1-based line an article starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub path: String,
    pub line: u64,
}

/// One sentence: a byte span of the document text and its tokens.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte offset of the first character of the sentence in [`Document::text`].
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Syntactic words in order (UD "words": "hasn't" is `has` + `n't`).
    pub tokens: Vec<Token>,
    /// Surface tokens made of several words (UD multiword tokens, e.g. "hasn't"),
    /// as inclusive ranges of indices into `tokens`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub multiwords: Vec<MultiWord>,
}

/// A surface token that UD splits into several syntactic words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MultiWord {
    /// Index of the first word in [`Sentence::tokens`].
    pub first: usize,
    /// Index of the last word (inclusive).
    pub last: usize,
}

/// One syntactic word. The tokenizer fills `form`, `start`, `end`; the NLP stage fills the rest.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Token {
    /// The word as written (a slice of the text, except for rare normalisations).
    pub form: String,
    /// Byte offset into [`Document::text`].
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Universal POS tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upos: Option<String>,
    /// Penn Treebank tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xpos: Option<String>,
    /// UD morphological features (`Tense=Past|VerbForm=Fin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feats: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
    /// 1-based index of the head word in the sentence; 0 for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// UD basic relation, with subtype (`nsubj:pass`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<String>,
}

impl Token {
    /// A bare token as the tokenizer makes it.
    pub fn new(form: impl Into<String>, start: usize, end: usize) -> Self {
        Token {
            form: form.into(),
            start,
            end,
            ..Default::default()
        }
    }
}

impl Sentence {
    /// The sentence's text, sliced from the document text it was split from.
    pub fn text<'a>(&self, doc_text: &'a str) -> &'a str {
        doc_text.get(self.start..self.end).unwrap_or("")
    }
}

/// Convert a byte offset in `s` to a character (Unicode scalar) offset.
/// Offsets inside a character or past the end are clamped to the nearest boundary before it.
pub fn char_offset(s: &str, byte: usize) -> usize {
    let mut b = byte.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    s[..b].chars().count()
}
