//! dyad-nlp: the embedded NLP core of dyad.
//!
//! The learned components that the coder needs: a POS tagger, a lemmatizer and a dependency
//! parser, all trained by our own code on Universal Dependencies (read with
//! [`dyad_text::conllu`]) and stored as model files under `data/models/` ([`model_file`]).
//! [`eval`] scores predictions against a treebank.

pub mod eval;
pub mod lemma;
pub mod model_file;
pub mod parser;
pub mod perceptron;
pub mod pipeline;
pub mod tagger;
