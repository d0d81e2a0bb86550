//! The NLP pipeline in order, as spaCy's components: split + tokenize (dyad-text), tag,
//! lemmatize, parse. One [`Pipeline`] is loaded once per process and shared read-only.

use crate::lemma::Lemmatizer;
use crate::model_file::ModelError;
use crate::parser::Parser;
use crate::tagger::Tagger;
use dyad_text::{segment, Sentence, Token};
use std::path::Path;

/// Tagger, lemmatizer and parser, loaded from one models folder.
pub struct Pipeline {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

/// The model file names inside a models folder.
pub const TAGGER_FILE: &str = "tagger.bin";
pub const LEMMATIZER_FILE: &str = "lemmatizer.bin";
pub const PARSER_FILE: &str = "parser.bin";

impl Pipeline {
    /// Load `tagger.bin`, `lemmatizer.bin` and `parser.bin` from `models_dir`.
    pub fn load(models_dir: &Path) -> Result<Pipeline, ModelError> {
        Ok(Pipeline {
            tagger: Tagger::load(&models_dir.join(TAGGER_FILE))?,
            lemmatizer: Lemmatizer::load(&models_dir.join(LEMMATIZER_FILE))?,
            parser: Parser::load(&models_dir.join(PARSER_FILE))?,
        })
    }

    /// Tag, lemmatize and parse the words of one sentence in place.
    pub fn annotate_tokens(&self, tokens: &mut [Token]) {
        if tokens.is_empty() {
            return;
        }
        self.tagger.tag(tokens);
        self.lemmatizer.lemmatize(tokens);
        self.parser.parse(tokens);
    }

    /// Split `text` into sentences and annotate every word.
    pub fn annotate(&self, text: &str) -> Vec<Sentence> {
        let mut sentences = segment(text);
        for s in &mut sentences {
            self.annotate_tokens(&mut s.tokens);
        }
        sentences
    }
}
