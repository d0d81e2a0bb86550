//! Actor dictionaries (`*.actors.txt`): named actors with CAMEO actor codes, optionally
//! restricted to date ranges.
//!
//! ```text
//! VLADIMIR_PUTIN_  # CountryInfo.txt        <- primary phrase, optional [CODE] on the line
//! +PRESIDENT_VLADIMIR_PUTIN_                 <- synonym
//!     [RUSELI 700101-990809]             <- TAB-indented restriction: from-to, inclusive
//!     [RUSGOV >080508]                   <- on or after; `<date` = on or before
//!     [RUSELI]                           <- default when no restriction applies
//! ```
//!
//! Also accepted, because the shipped files contain them: several `[...]` groups on one
//! line (`[IGOUNO 820101-911231] [ELI]`), spaces inside a restriction (`> 080508`,
//! `19990101 - 20010101`), a TAB-indented primary line, lower-case text (upper-cased),
//! `---` (explicitly not an actor), `/`-joined test codes (`FRO/BIL/SAM`) and free text
//! after the last `]` (ignored, as PETRARCH does), `;` comments (KEDS/TABARI style) and a
//! `---STOP---` line, which ends the file.
//!
//! Where dyad differs from PETRARCH 2's reader, on purpose:
//!
//! * every `[...]` group of a line is read, with its restriction; PETRARCH reads only the
//!   first group of a primary line and keeps its text whole as the code;
//! * a date must have 6 or 8 digits; PETRARCH reads the first 6 digits of a 7-digit date
//!   and the first 8 of a longer one, so `[ARMUNR 9008223-911221]` silently becomes
//!   1990-08-22 there, and `1920030320` becomes 1920-03-03; dyad reports these lines;
//! * a restriction that is a bare date (`[USAGOV 19820101]`) is loaded, like PETRARCH, as
//!   an undated default, and also reported.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::{load_all, name_key, parse_petrarch_date, ContentLines, LineError, LoadError, Phrase};

/// An actor code with the dates it applies to (both ends inclusive, `None` = open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The CAMEO actor code, upper-cased (`RUSGOV`); `---` marks a phrase that is
    /// explicitly not an actor.
    pub code: String,
    /// First day the code applies, if restricted.
    pub from: Option<NaiveDate>,
    /// Last day the code applies, if restricted.
    pub to: Option<NaiveDate>,
    /// True when the code was written on the primary line (`AFGHANISTAN_ [AFG]`) rather
    /// than on a TAB-indented restriction line; an undated code there is the last resort.
    pub on_primary_line: bool,
    /// 1-based line of the code in its file.
    pub line: usize,
}

impl DatedCode {
    /// True if the code carries a date restriction.
    pub fn is_restricted(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// True if a restricted code applies on `date`.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.is_restricted()
            && self.from.into_iter().all(|f| f <= date)
            && self.to.into_iter().all(|t| date <= t)
    }
}

/// One actor: its primary phrase and synonyms, and its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// The primary phrase first, then the `+` synonyms in file order.
    pub names: Vec<Phrase>,
    /// Every code of the entry, in file order.
    pub codes: Vec<DatedCode>,
    /// 1-based line of the primary phrase.
    pub line: usize,
}

impl ActorEntry {
    /// The primary phrase (`None` only for an entry built by hand with no names).
    pub fn primary(&self) -> Option<&Phrase> {
        self.names.first()
    }

    /// The codes that apply on `date`, by PETRARCH's rule: the restrictions containing the
    /// date; failing that, the undated defaults on restriction lines; failing that, the
    /// undated code of the primary line. Duplicates are removed; order is file order, so
    /// when restrictions overlap (both ends are inclusive, so a changeover day is in two
    /// ranges) the first is the one PETRARCH uses: see [`ActorEntry::code_on`].
    pub fn codes_on(&self, date: NaiveDate) -> Vec<&str> {
        let pick = |f: &dyn Fn(&DatedCode) -> bool| -> Vec<&str> {
            let mut out: Vec<&str> = Vec::new();
            for c in self.codes.iter().filter(|c| f(c)) {
                if !out.contains(&c.code.as_str()) {
                    out.push(&c.code);
                }
            }
            out
        };
        let dated = pick(&|c| c.contains(date));
        if !dated.is_empty() {
            return dated;
        }
        let defaults = pick(&|c| !c.is_restricted() && !c.on_primary_line);
        if !defaults.is_empty() {
            return defaults;
        }
        pick(&|c| !c.is_restricted() && c.on_primary_line)
    }
}

impl ActorEntry {
    /// The single code PETRARCH would assign on `date`: the first of
    /// [`ActorEntry::codes_on`] (the validation dictionary relies on this: an earlier
    /// restriction "overrides" a later overlapping one).
    pub fn code_on(&self, date: NaiveDate) -> Option<&str> {
        self.codes_on(date).into_iter().next()
    }
}

/// A set of actor dictionaries, merged, with an exact-name index.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    /// Entries in load order.
    pub entries: Vec<ActorEntry>,
    /// Malformed lines, as `file:line: reason`; everything else loaded.
    pub errors: Vec<LineError>,
    index: HashMap<String, Vec<usize>>,
}

impl ActorDict {
    /// Loads and merges actor files (PETRARCH's default loads three).
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<ActorDict, LoadError> {
        load_all(paths, |text, file, dict: &mut ActorDict| {
            dict.extend_from_str(text, file)
        })
    }

    /// Parses one actor file's text; `file` labels error messages.
    pub fn parse_str(text: &str, file: &str) -> ActorDict {
        let mut d = ActorDict::default();
        d.extend_from_str(text, file);
        d
    }

    /// Adds the entries of one more file.
    pub fn extend_from_str(&mut self, text: &str, file: &str) {
        let first_new = self.entries.len();
        let mut current: Option<ActorEntry> = None;
        for (n, line) in ContentLines::new(text, false) {
            if line.contains("---STOP---") {
                break;
            }
            // `;` starts a comment in KEDS/TABARI-era actor files (`JAMES_BYRNES_ ; CountryInfo`).
            let line = line.split(';').next().unwrap_or("");
            let starts_blank = line.starts_with(|c: char| c.is_whitespace());
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if starts_blank && t.starts_with('[') {
                match current.as_mut() {
                    Some(entry) => self.read_codes(t, false, n, file, entry),
                    None => self.errors.push(LineError::new(
                        file,
                        n,
                        "date restriction before any actor entry",
                    )),
                }
                continue;
            }
            let (is_synonym, body) = match t.strip_prefix('+') {
                Some(rest) => (true, rest),
                None => (false, t),
            };
            let (phrase_text, codes_text) = match body.find('[') {
                Some(i) => (&body[..i], &body[i..]),
                None => (body, ""),
            };
            if phrase_text.contains(']') {
                self.errors.push(LineError::new(
                    file,
                    n,
                    format!("stray `]` in phrase `{}`", phrase_text.trim()),
                ));
                continue;
            }
            let phrase = Phrase::parse(phrase_text);
            if phrase.is_empty() {
                self.errors
                    .push(LineError::new(file, n, "codes without a phrase"));
                continue;
            }
            if is_synonym {
                let Some(entry) = current.as_mut() else {
                    self.errors.push(LineError::new(
                        file,
                        n,
                        format!("synonym `+{phrase}` before any actor entry"),
                    ));
                    continue;
                };
                entry.names.push(phrase);
                self.read_codes(codes_text, false, n, file, entry);
            } else {
                if let Some(done) = current.take() {
                    self.entries.push(done);
                }
                let mut entry = ActorEntry {
                    names: vec![phrase],
                    codes: Vec::new(),
                    line: n,
                };
                self.read_codes(codes_text, true, n, file, &mut entry);
                current = Some(entry);
            }
        }
        if let Some(done) = current.take() {
            self.entries.push(done);
        }
        for i in first_new..self.entries.len() {
            for name in &self.entries[i].names {
                let ids = self.index.entry(name.key()).or_default();
                if !ids.contains(&i) {
                    ids.push(i);
                }
            }
        }
    }

    /// Reads every `[CODE restriction]` group of `text` into `entry`.
    fn read_codes(
        &mut self,
        text: &str,
        primary: bool,
        n: usize,
        file: &str,
        entry: &mut ActorEntry,
    ) {
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else {
                self.errors
                    .push(LineError::new(file, n, "`[` without a closing `]`"));
                return;
            };
            let group = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            match parse_group(group) {
                Ok((code, from, to, warning)) => {
                    if let Some(w) = warning {
                        self.errors.push(LineError::new(file, n, w));
                    }
                    entry.codes.push(DatedCode {
                        code,
                        from,
                        to,
                        on_primary_line: primary,
                        line: n,
                    })
                }
                Err(reason) => self.errors.push(LineError::new(file, n, reason)),
            }
        }
    }

    /// Every entry that has `name` (any spelling of tokens: `["Vladimir", "Putin"]`,
    /// `["VLADIMIR_PUTIN"]`) as its primary phrase or a synonym, exactly.
    pub fn entries_named<S: AsRef<str>>(&self, name: &[S]) -> Vec<&ActorEntry> {
        self.index
            .get(&name_key(name))
            .map(|ids| ids.iter().map(|&i| &self.entries[i]).collect())
            .unwrap_or_default()
    }

    /// The codes valid on `date` for the entries named exactly `name_tokens` (no
    /// resolution of partial names: that is the coder's job). See
    /// [`ActorEntry::codes_on`] for the rule; codes of several entries with the same name
    /// are merged in load order.
    pub fn codes_on<S: AsRef<str>>(&self, name_tokens: &[S], date: NaiveDate) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in self.entries_named(name_tokens) {
            for c in e.codes_on(date) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// The single code for an exact name on `date`: the first of
    /// [`ActorDict::codes_on`].
    pub fn code_on<S: AsRef<str>>(&self, name_tokens: &[S], date: NaiveDate) -> Option<&str> {
        self.codes_on(name_tokens, date).into_iter().next()
    }

    /// Number of entries (primary phrases).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if no entry loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of `+` synonyms over all entries.
    pub fn synonym_count(&self) -> usize {
        self.entries
            .iter()
            .map(|e| e.names.len().saturating_sub(1))
            .sum()
    }

    /// Number of date-restricted codes over all entries.
    pub fn restricted_count(&self) -> usize {
        self.entries
            .iter()
            .flat_map(|e| &e.codes)
            .filter(|c| c.is_restricted())
            .count()
    }
}

/// Parses the inside of `[CODE restriction]`.
/// A parsed `[...]` group: code, from, to, and a problem that did not stop the code from
/// loading (a bare date, read as PETRARCH does as an undated default).
type Group = (String, Option<NaiveDate>, Option<NaiveDate>, Option<String>);

fn parse_group(group: &str) -> Result<Group, String> {
    let mut tokens = group.split_whitespace();
    let Some(code) = tokens.next() else {
        return Err("empty `[]`".to_string());
    };
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '/'))
    {
        return Err(format!("`{code}` is not an actor code"));
    }
    let code = code.to_ascii_uppercase();
    let restriction: String = tokens.collect();
    if restriction.is_empty() {
        return Ok((code, None, None, None));
    }
    let bad = |why: String| format!("[{code} {restriction}]: {why}");
    if let Some(d) = restriction.strip_prefix('<') {
        let to = parse_petrarch_date(d).map_err(bad)?;
        return Ok((code, None, Some(to), None));
    }
    if let Some(d) = restriction.strip_prefix('>') {
        let from = parse_petrarch_date(d).map_err(bad)?;
        return Ok((code, Some(from), None, None));
    }
    if let Some((a, b)) = restriction.split_once('-') {
        let from = parse_petrarch_date(a).map_err(bad)?;
        let to = parse_petrarch_date(b).map_err(bad)?;
        if to < from {
            return Err(bad("the range ends before it starts".to_string()));
        }
        return Ok((code, Some(from), Some(to), None));
    }
    // PETRARCH reads a restriction with no `<`, `>` or `-` as a plain default code.
    let warning = bad(
        "a restriction needs `<date`, `>date` or `from-to`; read as an undated default, as PETRARCH does"
            .to_string(),
    );
    Ok((code, None, None, Some(warning)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn entry_rules() {
        let text = "AFGHANISTAN_  [AFG]\n+AFGHAN_\n\nMOHAMMAD_ZAHIR_SHAH_  # CountryInfo.txt\n\t[AFGELI 320101-331108]\n\t[AFGGOV 331108-730717]\n\t[AFGELI]\nHAMID [X <991231][Y > 000101]\n";
        let a = ActorDict::parse_str(text, "t");
        assert!(a.errors.is_empty(), "{:?}", a.errors);
        assert_eq!(a.len(), 3);
        assert_eq!(a.synonym_count(), 1);
        assert_eq!(a.codes_on(&["afghan"], d(2001, 1, 1)), ["AFG"]);
        assert_eq!(
            a.codes_on(&["MOHAMMAD", "ZAHIR", "SHAH"], d(1950, 1, 1)),
            ["AFGGOV"]
        );
        // Both ends inclusive: the changeover day matches both ranges.
        assert_eq!(
            a.codes_on(&["MOHAMMAD_ZAHIR_SHAH"], d(1933, 11, 8)),
            ["AFGELI", "AFGGOV"]
        );
        assert_eq!(
            a.codes_on(&["MOHAMMAD_ZAHIR_SHAH"], d(2001, 1, 1)),
            ["AFGELI"]
        );
        assert_eq!(a.codes_on(&["HAMID"], d(1999, 12, 31)), ["X"]);
        assert_eq!(a.codes_on(&["HAMID"], d(2000, 1, 1)), ["Y"]);
        assert!(a.codes_on(&["HAMID"], d(2000, 6, 1)).len() == 1);
        assert!(a.codes_on(&["NOBODY"], d(2000, 6, 1)).is_empty());
    }
}
