//! Parsers for PETRARCH-format dictionaries (PETRARCH-1/2, Phoenix, UD-PETRARCH, TABARI
//! style), so users can load the dictionaries they already have.
//!
//! Each parser reads the file *as it is* into typed values and never stops at a bad line:
//! every malformed line becomes a [`LineError`] (`file:line: reason`) collected next to
//! what loaded. Only an unreadable file is an `Err`.
//!
//! | file kind | parser | typical file |
//! |---|---|---|
//! | actors | [`ActorDict`] | `Phoenix.Countries.actors.txt` |
//! | agents | [`AgentDict`] | `Phoenix.agents.txt` |
//! | verbs | [`VerbDict`] | `CAMEO.2.0.txt`, `CAMEO.verbpatterns.150430.txt` |
//! | discards | [`DiscardList`] | `Phoenix.discards.txt` |
//! | issues | [`IssueDict`] | `Phoenix.IssueCoding.txt` |
//! | word lists | [`WordList`] | `Phoenix.prepositions.txt` |
//! | PICO | [`PicoTable`] | `PETR.Internal.Coding.Ontology.txt` |
//! | a whole set | [`DictionarySet`] | `PETR_config.ini` |
//!
//! Conventions common to all of them (see `docs/dictionaries.rst` of PETRARCH2):
//! `#` starts a comment; `<!-- ... -->` blocks (one or several lines) are comments too;
//! blank lines are skipped; text is matched in upper case, so phrases are upper-cased;
//! words joined by `_` must be consecutive while a space allows intervening words
//! ([`Phrase::joined`]); a trailing `_` means "no automatic plural / exact word"
//! ([`Phrase::closed`]).

mod actors;
mod agents;
mod config;
mod issues;
mod lists;
mod pico;
mod verbs;

pub use actors::{ActorDict, ActorEntry, DatedCode};
pub use agents::{regular_plural, AgentCode, AgentDict, AgentEntry, Plural};
pub use config::DictionarySet;
pub use issues::{IssueDict, IssueEntry, IssueIgnore};
pub use lists::{Discard, DiscardList, WordList};
pub use pico::{PicoEntry, PicoTable, PicoTerm};
pub use verbs::{
    regular_verb_forms, PatternItem, PatternToken, Synset, SynsetMember, Transformation, VerbBlock,
    VerbCode, VerbDict, VerbForm, VerbPattern,
};

use chrono::NaiveDate;

pub use crate::error::{LineError, LoadError};

/// A dictionary phrase: upper-cased words, and how they were joined.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phrase {
    /// The words, upper-cased, without the `_` joiners (`VLADIMIR`, `PUTIN`).
    pub words: Vec<String>,
    /// `joined[i]` is true when `words[i]` and `words[i + 1]` were written with `_`
    /// between them (they must be consecutive in the text) and false for a space (other
    /// words may come between). Its length is `words.len() - 1` (0 for an empty phrase).
    pub joined: Vec<bool>,
    /// The phrase ended with `_`: an exact word, no automatic plural or stem match.
    pub closed: bool,
}

impl Phrase {
    /// Parses a phrase such as `VLADIMIR_PUTIN_` or `Emanuel MORI`. Runs of `_` and
    /// spaces count as one separator; a separator containing a space allows gaps.
    pub fn parse(text: &str) -> Phrase {
        let text = text.trim();
        let closed = text.ends_with('_');
        let mut words = Vec::new();
        let mut joined = Vec::new();
        let mut cur = String::new();
        let mut sep: Option<bool> = None; // Some(true) = only `_` so far
        for ch in text.chars() {
            if ch == '_' || ch.is_whitespace() {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    sep = Some(ch == '_');
                } else if let Some(s) = sep.as_mut() {
                    *s = *s && ch == '_';
                }
            } else {
                if !words.is_empty() && cur.is_empty() {
                    joined.push(sep.unwrap_or(true));
                }
                sep = None;
                cur.extend(ch.to_uppercase());
            }
        }
        if !cur.is_empty() {
            words.push(cur);
        }
        Phrase {
            words,
            joined,
            closed,
        }
    }

    /// The words joined by single spaces: the lookup key used by the dictionaries' indexes.
    pub fn key(&self) -> String {
        self.words.join(" ")
    }

    /// True if the phrase has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl std::fmt::Display for Phrase {
    /// Writes the phrase back in dictionary form (`VLADIMIR_PUTIN_`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                f.write_str(if self.joined[i - 1] { "_" } else { " " })?;
            }
            f.write_str(w)?;
        }
        if self.closed {
            f.write_str("_")?;
        }
        Ok(())
    }
}

/// The lookup key for a name given as tokens: upper-cased, `_` split like a dictionary
/// phrase, joined by single spaces. `["Vladimir", "Putin"]` → `VLADIMIR PUTIN`.
pub fn name_key<S: AsRef<str>>(tokens: &[S]) -> String {
    let joined: Vec<&str> = tokens.iter().map(|t| t.as_ref()).collect();
    Phrase::parse(&joined.join(" ")).key()
}

/// Parses a PETRARCH date: `YYYYMMDD`, or `YYMMDD` where `00`-`30` means 20YY and
/// anything else 19YY (PETRARCH's `dstr_to_ordate`).
pub fn parse_petrarch_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("date `{s}` is not all digits"));
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().unwrap_or(0), &s[4..]),
        6 => {
            let yy = s[..2].parse::<i32>().unwrap_or(0);
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        n => {
            return Err(format!(
                "date `{s}` has {n} digits; expected YYMMDD or YYYYMMDD"
            ))
        }
    };
    let m = rest[..2].parse::<u32>().unwrap_or(0);
    let d = rest[2..].parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("date `{s}` is not a calendar date"))
}

/// Line-level pre-processing shared by every parser: drops `<!-- ... -->` comment blocks
/// (which may span lines; any line starting with `<!` opens one) and `#` comments, and
/// yields `(line number, content)` for lines with content left. Content keeps its leading
/// whitespace, which is significant in actor files (restriction lines start with a TAB).
pub(crate) struct ContentLines<'a> {
    inner: Box<dyn Iterator<Item = (usize, &'a str)> + 'a>,
    in_xml_comment: bool,
    hash_headers: bool,
}

impl<'a> ContentLines<'a> {
    /// `hash_headers`: also yield, whole, lines of the form `### NAME ###` (PETRARCH-1
    /// verb-block headers), which would otherwise be comments.
    pub(crate) fn new(text: &'a str, hash_headers: bool) -> Self {
        ContentLines {
            inner: Box::new(crate::error::numbered_lines(text)),
            in_xml_comment: false,
            hash_headers,
        }
    }
}

/// The name in a PETRARCH-1 block header `### GRANT ###` (exactly three `#` each side).
pub(crate) fn hash_header(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("###")?.strip_suffix("###")?;
    if inner.starts_with('#') || inner.ends_with('#') {
        return None;
    }
    let name = inner.trim();
    (!name.is_empty() && !name.contains('#')).then_some(name)
}

impl<'a> Iterator for ContentLines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        for (n, line) in self.inner.by_ref() {
            let t = line.trim_start();
            if self.in_xml_comment {
                if t.contains("-->") {
                    self.in_xml_comment = false;
                }
                continue;
            }
            // `<!--` comments; the validation actors also have a `<! -- ... -->` line.
            if t.starts_with("<!") {
                self.in_xml_comment = !t.contains("-->");
                continue;
            }
            if self.hash_headers && hash_header(line).is_some() {
                return Some((n, line.trim_end()));
            }
            let content = line.split('#').next().unwrap_or("");
            if content.trim().is_empty() {
                continue;
            }
            return Some((n, content.trim_end()));
        }
        None
    }
}

/// Loads several files of one kind and merges them, as PETRARCH does with its three actor
/// files. Errors from every file are kept; an unreadable file is an `Err`.
pub(crate) fn load_all<T, P: AsRef<std::path::Path>>(
    paths: &[P],
    parse: impl Fn(&str, &str, &mut T),
) -> Result<T, LoadError>
where
    T: Default,
{
    let mut out = T::default();
    for p in paths {
        let p = p.as_ref();
        let text = crate::error::read_text(p)?;
        parse(&text, &p.display().to_string(), &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases() {
        let p = Phrase::parse("vladimir_putin_");
        assert_eq!(p.words, ["VLADIMIR", "PUTIN"]);
        assert_eq!(p.joined, [true]);
        assert!(p.closed);
        assert_eq!(p.to_string(), "VLADIMIR_PUTIN_");
        let p = Phrase::parse("+Albanian leader_Ibrahim  Rugova".trim_start_matches('+'));
        assert_eq!(p.key(), "ALBANIAN LEADER IBRAHIM RUGOVA");
        assert_eq!(p.joined, [false, true, false]);
        assert!(!p.closed);
        let p = Phrase::parse("MAHDI_ARMY__");
        assert_eq!(p.words, ["MAHDI", "ARMY"]);
        assert!(p.closed);
        assert_eq!(name_key(&["Vladimir", "putin"]), "VLADIMIR PUTIN");
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_petrarch_date("991231"), Ok(d(1999, 12, 31)));
        assert_eq!(parse_petrarch_date("300101"), Ok(d(2030, 1, 1)));
        assert_eq!(parse_petrarch_date("310101"), Ok(d(1931, 1, 1)));
        assert_eq!(parse_petrarch_date("18970101"), Ok(d(1897, 1, 1)));
        assert!(parse_petrarch_date("9008223").is_err());
        assert!(parse_petrarch_date("990231").is_err());
        assert!(parse_petrarch_date("99x231").is_err());
    }
}
