//! dyad's own verb dictionary: which verb, with which dependents, codes which CAMEO event.
//!
//! # Format
//!
//! One pattern per line, `lemma | slots | code`, `#` for comments, and synonym sets:
//!
//! ```text
//! &WEAPON = weapon, arms, drone, missile, tank, artillery, ammunition
//! confer   | with=T                 | 040
//! praise   | obj=T                  | 051
//! impose   | obj=sanction on=T      | 163
//! sell     | obj=&WEAPON to=T       | 0712? (illustration)
//! win      | obj=support from=S     | 050
//! push     | prt=back on=T          | 112
//! ```
//!
//! Slots name dependents of the verb in the Universal Dependencies parse:
//! * `obj=`, `iobj=`: the direct / indirect object; `prt=`: the particle (`compound:prt`);
//!   `xcomp=`: the controlled verb ("refused **to meet**"); `ccomp=T`: the subject of the
//!   reported clause is the target ("alleged **that Russia** sent ...", and "Russia sent ...,
//!   the White House alleged");
//! * any other slot name is a preposition: an `obl` (or `nmod`) dependent whose `case` child is
//!   that word (`with=T` matches "conferred **with** Raisi");
//! * the value is `T` (this dependent is the event's target), `S` (it is the source, and the
//!   subject becomes the target: "Putin won support **from** Iran" is Iran -> Putin), a lemma
//!   (`sanction`), a synonym set (`&WEAPON`), or `*` (present, any word).
//!
//! A lemma written `noun:attack` is a *nominal* pattern: it matches the noun, its slots are
//! the noun's prepositional dependents (`noun:invasion | of=T`), and the source is the noun's
//! possessor, adjective or compound modifier ("Russia's invasion of Ukraine").
//!
//! Without `T` or `S` in the slots the target is the direct object if it is an actor. The
//! most specific pattern (most slots) that matches wins, so `impose obj=sanction on=T` beats a
//! bare `impose obj=T`.

use crate::error::{numbered_lines, read_text, LineError, LoadError};
use std::collections::HashMap;
use std::path::Path;

/// What a slot's dependent must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotValue {
    /// The dependent is the event's target actor.
    Target,
    /// The dependent is the source actor; the subject becomes the target.
    Source,
    /// The dependent's lemma is this word.
    Lemma(String),
    /// The dependent's lemma is in this synonym set.
    Set(String),
    /// Any dependent in that slot.
    Any,
}

/// One `slot=value` of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// `obj`, `iobj`, `prt`, or a preposition.
    pub name: String,
    pub value: SlotValue,
}

/// One verb pattern and the code it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbPattern {
    pub lemma: String,
    pub slots: Vec<Slot>,
    /// CAMEO event code.
    pub code: String,
    /// `file:line` of the pattern (for `--explain`).
    pub origin: String,
}

impl VerbPattern {
    /// (number of slots, number of slots with a fixed value): larger is more specific.
    pub fn specificity(&self) -> (usize, usize) {
        let fixed = self
            .slots
            .iter()
            .filter(|s| matches!(s.value, SlotValue::Lemma(_) | SlotValue::Set(_)))
            .count();
        (self.slots.len(), fixed)
    }
}

/// All patterns, indexed by verb lemma, plus synonym sets.
#[derive(Debug, Default, Clone)]
pub struct VerbDictionary {
    by_lemma: HashMap<String, Vec<VerbPattern>>,
    sets: HashMap<String, Vec<String>>,
    pub errors: Vec<LineError>,
}

impl VerbDictionary {
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<VerbDictionary, LoadError> {
        let mut d = VerbDictionary::default();
        for p in paths {
            let p = p.as_ref();
            d.extend_from_str(&read_text(p)?, &p.display().to_string());
        }
        Ok(d)
    }

    pub fn parse_str(text: &str, file: &str) -> VerbDictionary {
        let mut d = VerbDictionary::default();
        d.extend_from_str(text, file);
        d
    }

    pub fn extend_from_str(&mut self, text: &str, file: &str) {
        for (n, line) in numbered_lines(text) {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let result = if line.starts_with('&') {
                self.parse_set(line)
            } else {
                self.parse_pattern(line, &format!("{file}:{n}"))
            };
            if let Err(reason) = result {
                self.errors.push(LineError::new(file, n, reason));
            }
        }
        // Most specific first: more slots, then more slots with a fixed value (a lemma or a
        // set beats `*`); the sort is stable, so file order breaks ties.
        for v in self.by_lemma.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.specificity()));
        }
    }

    fn parse_set(&mut self, line: &str) -> Result<(), String> {
        let (name, words) = line
            .split_once('=')
            .ok_or("a synonym set needs '&NAME = word, word'")?;
        let name = name.trim().trim_start_matches('&').to_string();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            return Err(format!("bad set name {name:?} (upper-case letters)"));
        }
        let words: Vec<String> = words
            .split(',')
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Err(format!("set &{name} is empty"));
        }
        self.sets.entry(name).or_default().extend(words);
        Ok(())
    }

    fn parse_pattern(&mut self, line: &str, origin: &str) -> Result<(), String> {
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        if f.len() != 3 {
            return Err(format!(
                "expected 'lemma | slots | code', found {} fields",
                f.len()
            ));
        }
        let lemma = f[0].to_lowercase();
        if lemma.is_empty() || lemma.contains(char::is_whitespace) {
            return Err(format!("bad verb lemma {:?}", f[0]));
        }
        let code = f[2].to_string();
        if !(2..=4).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("bad CAMEO code {code:?}"));
        }
        let mut slots = Vec::new();
        for item in f[1].split_whitespace() {
            let (name, value) = item
                .split_once('=')
                .ok_or_else(|| format!("bad slot {item:?} (want name=value)"))?;
            let value = match value {
                "T" => SlotValue::Target,
                "S" => SlotValue::Source,
                "*" => SlotValue::Any,
                v if v.starts_with('&') => SlotValue::Set(v[1..].to_string()),
                v if !v.is_empty() => SlotValue::Lemma(v.to_lowercase()),
                _ => return Err(format!("empty value in {item:?}")),
            };
            slots.push(Slot {
                name: name.to_lowercase(),
                value,
            });
        }
        let roles = slots
            .iter()
            .filter(|s| matches!(s.value, SlotValue::Target | SlotValue::Source))
            .count();
        if roles > 1 {
            return Err("at most one slot may be T or S".into());
        }
        self.by_lemma
            .entry(lemma.clone())
            .or_default()
            .push(VerbPattern {
                lemma,
                slots,
                code,
                origin: origin.into(),
            });
        Ok(())
    }

    /// Add `other` as defaults under the patterns already here: a lemma that this dictionary
    /// already defines keeps its own patterns only (a user's verb is theirs alone, whatever
    /// the specificity of a shipped pattern); synonym sets and line errors are merged.
    pub fn add_defaults(&mut self, other: VerbDictionary) {
        for (lemma, patterns) in other.by_lemma {
            self.by_lemma.entry(lemma).or_insert(patterns);
        }
        for (name, words) in other.sets {
            self.sets.entry(name).or_default().extend(words);
        }
        self.errors.extend(other.errors);
    }

    /// Patterns of a verb lemma, most specific first.
    pub fn patterns(&self, lemma: &str) -> &[VerbPattern] {
        self.by_lemma.get(lemma).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Patterns of a verb token: by its lemma, else by the base forms its inflected surface
    /// form may have. The lemmatizer guesses unseen verbs from their endings and sometimes
    /// cuts too much ("rebuked" -> "rebuk"); the dictionary knows the real lemma.
    pub fn patterns_for_verb(&self, lemma: &str, form: &str) -> &[VerbPattern] {
        let found = self.patterns(lemma);
        if !found.is_empty() {
            return found;
        }
        base_forms(&form.to_lowercase())
            .into_iter()
            .map(|b| self.patterns(&b))
            .find(|p| !p.is_empty())
            .unwrap_or(&[])
    }

    /// Whether `lemma` belongs to synonym set `set`.
    pub fn in_set(&self, set: &str, lemma: &str) -> bool {
        self.sets
            .get(set)
            .is_some_and(|words| words.iter().any(|w| w == lemma))
    }

    /// Unknown synonym sets used by patterns (a curator's typo).
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for patterns in self.by_lemma.values() {
            for p in patterns {
                for s in &p.slots {
                    if let SlotValue::Set(name) = &s.value {
                        if !self.sets.contains_key(name) {
                            problems.push(format!("{}: unknown synonym set &{name}", p.origin));
                        }
                    }
                }
            }
        }
        problems.sort();
        problems
    }

    pub fn len(&self) -> usize {
        self.by_lemma.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Base forms an inflected English verb form may come from, most likely first: "rebuked" ->
/// rebuke, rebuk; "slammed" -> slamm, slam; "carried" -> carry; "pledging" -> pledge,
/// pledg; "bars" -> bar.
pub fn base_forms(form: &str) -> Vec<String> {
    let mut out = Vec::new();
    let undouble = |stem: &str| -> Option<String> {
        let b = stem.as_bytes();
        (b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiou".contains(&b[b.len() - 1]))
            .then(|| stem[..stem.len() - 1].to_string())
    };
    if let Some(stem) = form.strip_suffix("ied") {
        out.push(format!("{stem}y"));
    } else if let Some(stem) = form.strip_suffix("ed") {
        out.push(format!("{stem}e"));
        out.push(stem.to_string());
        out.extend(undouble(stem));
    } else if let Some(stem) = form.strip_suffix("ing") {
        out.push(format!("{stem}e"));
        out.push(stem.to_string());
        out.extend(undouble(stem));
    } else if let Some(stem) = form.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    } else if let Some(stem) = form.strip_suffix("es") {
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
    } else if let Some(stem) = form.strip_suffix('s') {
        out.push(stem.to_string());
    }
    out.retain(|b| b.len() >= 2);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_forms_of_inflected_verbs() {
        assert_eq!(base_forms("rebuked")[0], "rebuke");
        assert!(base_forms("slammed").contains(&"slam".to_string()));
        assert_eq!(base_forms("carried"), vec!["carry"]);
        assert_eq!(base_forms("pledging")[0], "pledge");
        assert!(base_forms("shelling").contains(&"shell".to_string()));
        assert_eq!(base_forms("bars"), vec!["bar"]);
        assert!(base_forms("go").is_empty());
    }

    #[test]
    fn parses_sets_patterns_and_errors() {
        let text = "&WEAPON = weapon, drone, Missile\nimpose | obj=T | 160\nimpose | obj=sanction on=T | 163\nsell | obj=&WEAPON to=T | 0712\nbad line\nwin | obj=support from=S to=T | 050\nhail | obj=T | 05x\nsell | obj=&ARMS | 0712\n";
        let d = VerbDictionary::parse_str(text, "v.verbs");
        assert_eq!(d.len(), 4);
        assert_eq!(d.patterns("impose")[0].code, "163", "most specific first");
        let d2 = VerbDictionary::parse_str(
            "describe | obj=T as=* | 010\ndescribe | obj=T as=partner | 051\n",
            "v",
        );
        assert_eq!(
            d2.patterns("describe")[0].code,
            "051",
            "a fixed lemma beats *"
        );
        assert!(d.in_set("WEAPON", "missile"));
        let lines: Vec<usize> = d.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![5, 6, 7]);
        assert_eq!(
            d.check(),
            vec!["v.verbs:8: unknown synonym set &ARMS".to_string()]
        );
    }
}
