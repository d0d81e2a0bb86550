//! dyad's own actor dictionary: countries, demonyms, capitals, agents, organisations and
//! named people, each with CAMEO actor codes that may be bounded by dates.
//!
//! # Format
//!
//! One entry per line, five `|`-separated fields, so that a change of office is a one-line
//! diff and `grep Erdogan data/dict/*.actors` finds everything about him:
//!
//! ```text
//! # kind    | name            | aliases (comma-separated)         | codes (comma-separated)          | attributes
//! country   | Russia          | Russian Federation                | RUS                              |
//! demonym   | Russian         | Russians                          | RUS                              |
//! capital   | Moscow          | Kremlin, the Kremlin              | RUSGOV                           |
//! agent     | president       | presidents, presidency            | GOV                              |
//! org       | NATO            | North Atlantic Treaty Organization| IGOWSTNAT                        |
//! person    | Vladimir Putin  | Putin                             | RUSGOV 1999-08-09..              | m
//! person    | Joe Biden       | Biden                             | USAGOV 2009-01-20..2017-01-20, USAELI 2017-01-20..2021-01-20, USAGOV 2021-01-20..2025-01-20 | m
//! ```
//!
//! * `kind`: `country`, `demonym`, `capital`, `agent`, `org`, `person` or `group`.
//! * `aliases`: other ways the text names the entry. Matching is on tokens (split by dyad's own
//!   tokenizer), case-insensitive for agents and demonyms, case-sensitive on the first letter
//!   for names (so "turkey" the bird is not Turkey).
//! * `codes`: `CODE` or `CODE FROM..TO` with ISO dates; the range is half-open (`FROM` is the
//!   first day, `TO` the first day it no longer holds); either end may be left open. An agent's
//!   code is the 3-letter agent part only (`GOV`, `MIL`).
//! * `attributes`: `m`, `f`, `n` (neuter, e.g. a state) or `p` (plural) for pronoun
//!   resolution; empty when unknown.
//!
//! `#` starts a comment line. Bad lines give a [`LineError`] (`file:line: reason`) and the rest
//! of the file loads.

pub mod resolve;

use crate::error::{files_with_extension, numbered_lines, read_text, LineError, LoadError};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

pub use resolve::{Mention, Resolver};

/// What sort of thing an entry names; decides how it combines with its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A state: "Russia" -> RUS.
    Country,
    /// A people adjective or noun: "Russian" -> RUS; combines with agents ("Russian officials").
    Demonym,
    /// A seat of government standing for it: "Moscow", "the Kremlin" -> RUSGOV.
    Capital,
    /// A role: "president" -> GOV; combines with a country or demonym.
    Agent,
    /// An international or non-state organisation.
    Org,
    /// A named person, whose codes usually depend on the date.
    Person,
    /// A named armed or political group.
    Group,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "demonym" => Kind::Demonym,
            "capital" => Kind::Capital,
            "agent" => Kind::Agent,
            "org" => Kind::Org,
            "person" => Kind::Person,
            "group" => Kind::Group,
            _ => return None,
        })
    }

    /// Agents and demonyms are common words, matched in any case.
    fn case_insensitive(self) -> bool {
        matches!(self, Kind::Agent | Kind::Demonym)
    }
}

/// A code and the half-open date range `[from, to)` it holds in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DatedCode {
    /// True when the code holds on `date`.
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.from.map_or(true, |f| f <= date) && self.to.map_or(true, |t| date < t)
    }
}

/// Grammatical gender/number for pronoun resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Neuter,
    Plural,
}

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    /// Canonical name.
    pub name: String,
    /// Other names (the canonical name is matched too).
    pub aliases: Vec<String>,
    pub codes: Vec<DatedCode>,
    pub gender: Option<Gender>,
    /// `file:line` the entry comes from, for `dyad actors` and `--explain`.
    pub origin: String,
}

impl Entry {
    /// The code that holds on `date`: the first dated code whose range contains it, else the
    /// first undated code. `None` when the entry has no code for that date (e.g. a person
    /// before they held any office).
    pub fn code_on(&self, date: Option<NaiveDate>) -> Option<&str> {
        match date {
            Some(d) => self
                .codes
                .iter()
                .find(|c| (c.from.is_some() || c.to.is_some()) && c.holds_on(d))
                .or_else(|| {
                    self.codes
                        .iter()
                        .find(|c| c.from.is_none() && c.to.is_none())
                })
                .map(|c| c.code.as_str()),
            // Without a date, the most recent code.
            None => self.codes.last().map(|c| c.code.as_str()),
        }
    }
}

/// All entries of one or more dictionary files.
#[derive(Debug, Default, Clone)]
pub struct ActorDictionary {
    pub entries: Vec<Entry>,
    /// Lines that did not parse.
    pub errors: Vec<LineError>,
}

fn parse_date(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("bad date {s:?} (want YYYY-MM-DD)"))
}

fn parse_code(s: &str) -> Result<DatedCode, String> {
    let mut parts = s.split_whitespace();
    let code = parts.next().ok_or("empty code")?.to_string();
    if !code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(format!("bad code {code:?} (upper-case letters and digits)"));
    }
    let (from, to) = match parts.next() {
        None => (None, None),
        Some(range) => {
            let (a, b) = range
                .split_once("..")
                .ok_or_else(|| format!("bad range {range:?} (want FROM..TO)"))?;
            (parse_date(a)?, parse_date(b)?)
        }
    };
    if let Some(extra) = parts.next() {
        return Err(format!("unexpected {extra:?} after the date range"));
    }
    if let (Some(f), Some(t)) = (from, to) {
        if t <= f {
            return Err(format!("empty date range {f}..{t}"));
        }
    }
    Ok(DatedCode { code, from, to })
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty())
}

impl ActorDictionary {
    /// Load dictionary files; unreadable files are an error, bad lines are collected.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<ActorDictionary, LoadError> {
        let mut d = ActorDictionary::default();
        for p in paths {
            let p = p.as_ref();
            d.extend_from_str(&read_text(p)?, &p.display().to_string());
        }
        Ok(d)
    }

    /// Load every `*.actors` file of a folder, in name order.
    pub fn load_dir(dir: &Path) -> Result<ActorDictionary, LoadError> {
        Self::load(&files_with_extension(dir, "actors")?)
    }

    /// Parse dictionary text; `file` names it in errors.
    pub fn parse_str(text: &str, file: &str) -> ActorDictionary {
        let mut d = ActorDictionary::default();
        d.extend_from_str(text, file);
        d
    }

    pub fn extend_from_str(&mut self, text: &str, file: &str) {
        for (n, line) in numbered_lines(text) {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match Self::parse_line(line, &format!("{file}:{n}")) {
                Ok(e) => self.entries.push(e),
                Err(reason) => self.errors.push(LineError::new(file, n, reason)),
            }
        }
    }

    fn parse_line(line: &str, origin: &str) -> Result<Entry, String> {
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        if f.len() < 4 || f.len() > 5 {
            return Err(format!(
                "expected 4 or 5 '|'-separated fields, found {}",
                f.len()
            ));
        }
        let kind = Kind::parse(f[0]).ok_or_else(|| format!("unknown kind {:?}", f[0]))?;
        if f[1].is_empty() {
            return Err("empty name".into());
        }
        let codes = split_list(f[3])
            .map(parse_code)
            .collect::<Result<Vec<_>, _>>()?;
        if codes.is_empty() {
            return Err("no code".into());
        }
        let gender = match f.get(4).copied().unwrap_or("") {
            "" => None,
            "m" => Some(Gender::Male),
            "f" => Some(Gender::Female),
            "n" => Some(Gender::Neuter),
            "p" => Some(Gender::Plural),
            other => return Err(format!("unknown attribute {other:?} (m, f, n or p)")),
        };
        Ok(Entry {
            kind,
            name: f[1].to_string(),
            aliases: split_list(f[2]).map(String::from).collect(),
            codes,
            gender,
            origin: origin.to_string(),
        })
    }

    /// Entries whose name or an alias is `name` (case-insensitive), for `dyad actors NAME`.
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        let key = name.trim().to_lowercase();
        self.entries
            .iter()
            .filter(|e| {
                e.name.to_lowercase() == key || e.aliases.iter().any(|a| a.to_lowercase() == key)
            })
            .collect()
    }

    /// Consistency problems a curator should fix: the same name twice for one kind, and
    /// overlapping date ranges within an entry.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen: HashMap<(Kind, String), &str> = HashMap::new();
        for e in &self.entries {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                if let Some(prev) = seen.insert((e.kind, n.to_lowercase()), &e.origin) {
                    if prev != e.origin {
                        problems.push(format!("{}: {:?} is also defined at {prev}", e.origin, n));
                    }
                }
            }
            for (i, a) in e.codes.iter().enumerate() {
                for b in &e.codes[i + 1..] {
                    let a_starts_before_b_ends = match (a.from, b.to) {
                        (Some(f), Some(t)) => f < t,
                        _ => true,
                    };
                    let b_starts_before_a_ends = match (b.from, a.to) {
                        (Some(f), Some(t)) => f < t,
                        _ => true,
                    };
                    let dated = a.from.is_some() || a.to.is_some();
                    if dated
                        && (b.from.is_some() || b.to.is_some())
                        && a_starts_before_b_ends
                        && b_starts_before_a_ends
                    {
                        problems.push(format!(
                            "{}: codes {} and {} overlap in time",
                            e.origin, a.code, b.code
                        ));
                    }
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const SAMPLE: &str = "\
# test dictionary
country | Russia | Russian Federation | RUS |
person | Joe Biden | Biden | USAGOV 2009-01-20..2017-01-20, USAELI 2017-01-20..2021-01-20, USAGOV 2021-01-20..2025-01-20, USAELI 2025-01-20.. | m
agent | president | presidents | GOV
bogus | X | | ABC |
person | Nobody | | rusgov |
person | Empty | | RUSGOV 2020-01-01..2019-01-01 |
";

    #[test]
    fn parses_entries_and_reports_bad_lines() {
        let dict = ActorDictionary::parse_str(SAMPLE, "sample.actors");
        assert_eq!(dict.entries.len(), 3);
        let lines: Vec<usize> = dict.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![5, 6, 7]);
        assert!(dict.errors[0]
            .to_string()
            .starts_with("sample.actors:5: unknown kind"));
        assert_eq!(dict.entries[1].gender, Some(Gender::Male));
        assert_eq!(dict.entries[1].origin, "sample.actors:3");
    }

    #[test]
    fn the_code_depends_on_the_date() {
        let dict = ActorDictionary::parse_str(SAMPLE, "sample.actors");
        let biden = dict.lookup("biden")[0];
        assert_eq!(biden.code_on(Some(d(2015, 6, 1))), Some("USAGOV"));
        assert_eq!(biden.code_on(Some(d(2019, 6, 1))), Some("USAELI"));
        assert_eq!(biden.code_on(Some(d(2021, 1, 19))), Some("USAELI"));
        assert_eq!(
            biden.code_on(Some(d(2021, 1, 20))),
            Some("USAGOV"),
            "the first day in office"
        );
        assert_eq!(biden.code_on(Some(d(2026, 1, 1))), Some("USAELI"));
        assert_eq!(
            biden.code_on(Some(d(2000, 1, 1))),
            None,
            "before any office"
        );
    }

    #[test]
    fn check_finds_overlaps_and_duplicates() {
        let text = "person | A | | USAGOV 2000-01-01..2010-01-01, USAELI 2005-01-01.. |\ncountry | Iran | | IRN |\ncountry | Iran | Persia | IRN |\n";
        let problems = ActorDictionary::parse_str(text, "t.actors").check();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("overlap"));
        assert!(problems[1].contains("also defined at t.actors:2"));
    }
}
