//! Plain phrase lists: the discard list and one-word-per-line lists (prepositions).

use std::path::Path;

use super::{load_all, ContentLines, LineError, LoadError, Phrase};

/// One discard phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    /// The phrase, upper-cased. `closed` (trailing `_`) means the match must end at a word
    /// boundary; otherwise the last word is a stem.
    pub phrase: Phrase,
    /// `+` prefix: a match discards the whole story, not just the sentence.
    pub whole_story: bool,
    /// 1-based line in its file.
    pub line: usize,
}

/// The discard list (`Phoenix.discards.txt`): phrases that stop a sentence (or, with `+`,
/// a whole story) from being coded, e.g. sports results.
#[derive(Debug, Clone, Default)]
pub struct DiscardList {
    /// Phrases in load order.
    pub entries: Vec<Discard>,
    /// Malformed lines.
    pub errors: Vec<LineError>,
}

impl DiscardList {
    /// Loads and merges discard files.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<DiscardList, LoadError> {
        load_all(paths, |text, file, d: &mut DiscardList| {
            d.extend_from_str(text, file)
        })
    }

    /// Parses one file's text.
    pub fn parse_str(text: &str, file: &str) -> DiscardList {
        let mut d = DiscardList::default();
        d.extend_from_str(text, file);
        d
    }

    /// Adds the phrases of one more file.
    pub fn extend_from_str(&mut self, text: &str, file: &str) {
        for (n, line) in ContentLines::new(text, false) {
            let t = line.trim();
            let (whole_story, body) = match t.strip_prefix('+') {
                Some(rest) => (true, rest),
                None => (false, t),
            };
            if body.contains(['[', ']']) {
                self.errors
                    .push(LineError::new(file, n, "a discard phrase takes no [code]"));
                continue;
            }
            let phrase = Phrase::parse(body);
            if phrase.is_empty() {
                self.errors
                    .push(LineError::new(file, n, "`+` without a phrase"));
                continue;
            }
            self.entries.push(Discard {
                phrase,
                whole_story,
                line: n,
            });
        }
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A list of single words, one per line (`Phoenix.prepositions.txt`), upper-cased.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// Words in file order.
    pub words: Vec<String>,
    /// Lines with more than one word.
    pub errors: Vec<LineError>,
}

impl WordList {
    /// Loads one word-list file.
    pub fn load(path: impl AsRef<Path>) -> Result<WordList, LoadError> {
        load_all(&[path], |text, file, d: &mut WordList| {
            *d = WordList::parse_str(text, file)
        })
    }

    /// Parses word-list text.
    pub fn parse_str(text: &str, file: &str) -> WordList {
        let mut w = WordList::default();
        for (n, line) in ContentLines::new(text, false) {
            let mut it = line.split_whitespace();
            match (it.next(), it.next()) {
                (Some(word), None) => w.words.push(word.to_uppercase()),
                _ => w.errors.push(LineError::new(
                    file,
                    n,
                    format!("expected one word, found `{}`", line.trim()),
                )),
            }
        }
        w
    }
}
