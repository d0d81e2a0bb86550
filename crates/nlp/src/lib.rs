//! dyad-nlp: the embedded NLP core of dyad.
//!
//! Reads and writes CoNLL-U ([`conllu`]), and holds the learned components that the coder
//! needs: a POS tagger, a lemmatizer and a dependency parser, all trained by our own code
//! on Universal Dependencies and stored as single model files under `data/models/`.

pub mod conllu;

pub use conllu::{ConlluError, ConlluSentence, ConlluWord};
