//! dyad-text: the first stage of the dyad pipeline.
//!
//! Dated articles come in (plain dated text, JSONL, folders, gzip, stdin) as [`Document`]s;
//! the sentence splitter and tokenizer turn each into [`Sentence`]s of [`Token`]s whose
//! offsets always slice the document's original text. Later stages (tagger, parser, coder)
//! fill the optional fields of [`Token`]; this crate knows nothing of them.

pub mod conllu;
pub mod document;
pub mod eval;
pub mod reader;
pub mod split;
pub mod tokenize;

pub use document::{char_offset, Document, MultiWord, Origin, Sentence, Token};
pub use split::segment;
pub use tokenize::tokenize;
