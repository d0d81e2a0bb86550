//! Lemmatizer (in progress).
