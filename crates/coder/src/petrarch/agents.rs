//! Agent dictionaries (`Phoenix.agents.txt`): common nouns that give an actor its role.
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON     <- substitution set
//! FARMER [~AGR]                                 <- `~CODE`: appended to the actor (NGA → NGAAGR)
//! HUMAN_RIGHTS_BODY [NGO~]                      <- `CODE~`: put before the actor
//! AIR_FORCE {} [~MIL]                           <- `{}`: no plural
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG] <- irregular plural
//! BUSINESS!PERSON! [~BUS]                       <- every member of the set, no plural
//! ```
//!
//! `[~ENV}` (closing brace instead of bracket) is accepted: PETRARCH's own documentation
//! writes `[~LEG}`.

use std::collections::HashMap;
use std::path::Path;

use super::{load_all, ContentLines, LineError, LoadError, Phrase};

/// How the plural of an agent phrase is formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plural {
    /// No `{...}`: the regular plural of the last word (`S`, `Y` → `IES`, `SS` → `ES`).
    Regular,
    /// `{}`: no plural form (singular-only, plural-only, or same form like `POLICE`).
    None,
    /// `{FORM}`: this irregular plural instead.
    Irregular(Phrase),
}

/// An agent code and which side of the actor code it goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCode {
    /// The code without `~` (`GOV`, `GOVATG`, `NGO`).
    pub code: String,
    /// True for `CODE~` (prepended: `NGO~` + `USA` → `NGOUSA`), false for `~CODE`
    /// (appended: `USA` + `~GOV` → `USAGOV`).
    pub prepend: bool,
}

impl AgentCode {
    /// Combines the agent with an actor code: `apply("NGA")` → `NGAAGR` for `~AGR`.
    pub fn apply(&self, actor: &str) -> String {
        if self.prepend {
            format!("{}{actor}", self.code)
        } else {
            format!("{actor}{}", self.code)
        }
    }
}

/// One agent phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// The phrase as written, substitution markers (`!PERSON!`) included.
    pub phrase: Phrase,
    /// Plural rule.
    pub plural: Plural,
    /// The agent code.
    pub code: AgentCode,
    /// 1-based line in its file.
    pub line: usize,
}

/// A set of agent dictionaries, merged.
#[derive(Debug, Clone, Default)]
pub struct AgentDict {
    /// Entries in load order.
    pub entries: Vec<AgentEntry>,
    /// Substitution sets: marker name without `!` (`PERSON`) → members.
    pub substitutions: HashMap<String, Vec<String>>,
    /// Malformed lines.
    pub errors: Vec<LineError>,
}

impl AgentDict {
    /// Loads and merges agent files.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<AgentDict, LoadError> {
        load_all(paths, |text, file, d: &mut AgentDict| {
            d.extend_from_str(text, file)
        })
    }

    /// Parses one agent file's text; `file` labels error messages.
    pub fn parse_str(text: &str, file: &str) -> AgentDict {
        let mut d = AgentDict::default();
        d.extend_from_str(text, file);
        d
    }

    /// Adds the entries of one more file. Markers used before (or without) their
    /// definition in the same file are reported.
    pub fn extend_from_str(&mut self, text: &str, file: &str) {
        for (n, line) in ContentLines::new(text, false) {
            let t = line.trim();
            if t.starts_with('!') {
                if let Some((marker, members)) = t.split_once('=') {
                    let name = marker.trim().trim_matches('!').to_ascii_uppercase();
                    if name.is_empty() || name.contains(char::is_whitespace) {
                        self.errors.push(LineError::new(
                            file,
                            n,
                            format!("bad substitution marker `{}`", marker.trim()),
                        ));
                        continue;
                    }
                    let members: Vec<String> = members
                        .split(',')
                        .map(|m| m.trim().to_uppercase())
                        .filter(|m| !m.is_empty())
                        .collect();
                    self.substitutions.insert(name, members);
                    continue;
                }
            }
            match parse_agent_line(t, n) {
                Ok(entry) => {
                    if let Some(m) = markers(&entry.phrase.key())
                        .into_iter()
                        .find(|m| !self.substitutions.contains_key(m))
                    {
                        self.errors.push(LineError::new(
                            file,
                            n,
                            format!("substitution marker `!{m}!` is not defined above"),
                        ));
                        continue;
                    }
                    self.entries.push(entry);
                }
                Err(reason) => self.errors.push(LineError::new(file, n, reason)),
            }
        }
    }

    /// Every surface form of an entry: substitution sets expanded (no plural for those,
    /// as PETRARCH does), otherwise the phrase and its plural. Words keep their joiners.
    pub fn forms(&self, entry: &AgentEntry) -> Vec<Phrase> {
        let base = entry.phrase.to_string();
        let found = markers(&base);
        if !found.is_empty() {
            let mut out = vec![base];
            for m in found {
                let members = self.substitutions.get(&m).cloned().unwrap_or_default();
                let marker = format!("!{m}!");
                let mut next = Vec::new();
                for s in &out {
                    for mem in &members {
                        next.push(s.replace(&marker, mem));
                    }
                }
                out = next;
            }
            return out.iter().map(|s| Phrase::parse(s)).collect();
        }
        let mut out = vec![entry.phrase.clone()];
        match &entry.plural {
            Plural::None => {}
            Plural::Irregular(p) => out.push(p.clone()),
            Plural::Regular => {
                let mut p = entry.phrase.clone();
                if let Some(last) = p.words.last_mut() {
                    *last = regular_plural(last);
                    out.push(p);
                }
            }
        }
        out
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if no entry loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The regular plural of an upper-case word, as PETRARCH forms it but with English's
/// vowel + `Y` exception: consonant + `Y` → `IES` (`PARTY` → `PARTIES`), vowel + `Y` → `S`
/// (`ATTORNEY` → `ATTORNEYS`, where PETRARCH writes `ATTORNIES`); `S`, `X`, `Z`, `CH`,
/// `SH` → `ES` (`BOSS` → `BOSSES`, `BUS` → `BUSES`, as PETRARCH's code does for any final
/// `S`); otherwise `S`.
pub fn regular_plural(word: &str) -> String {
    let mut rev = word.chars().rev();
    let last = rev.next();
    let before = rev.next();
    let vowel = matches!(before, Some('A' | 'E' | 'I' | 'O' | 'U'));
    if last == Some('Y') && before.is_some() && !vowel {
        format!("{}IES", &word[..word.len() - 1])
    } else if ["S", "X", "Z", "CH", "SH"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{word}ES")
    } else {
        format!("{word}S")
    }
}

/// The `!NAME!` markers in a phrase, in order.
fn markers(s: &str) -> Vec<String> {
    let parts: Vec<&str> = s.split('!').collect();
    let mut out = Vec::new();
    // Odd-indexed parts sit between a pair of `!`.
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 1 && i + 1 < parts.len() && !p.is_empty() && !p.contains(' ') {
            out.push(p.to_string());
        }
    }
    out
}

fn parse_agent_line(t: &str, n: usize) -> Result<AgentEntry, String> {
    let Some(open) = t.find('[') else {
        return Err(format!("agent `{t}` has no [code]"));
    };
    let after = &t[open + 1..];
    let close = after
        .find([']', '}'])
        .ok_or_else(|| "`[` without a closing `]`".to_string())?;
    let raw = after[..close].trim();
    let code = if let Some(c) = raw.strip_prefix('~') {
        AgentCode {
            code: c.trim().to_ascii_uppercase(),
            prepend: false,
        }
    } else if let Some(c) = raw.strip_suffix('~') {
        AgentCode {
            code: c.trim().to_ascii_uppercase(),
            prepend: true,
        }
    } else {
        return Err(format!("agent code `[{raw}]` needs `~` before or after it"));
    };
    if code.code.is_empty() || !code.code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("`{raw}` is not an agent code"));
    }
    let head = &t[..open];
    let (phrase_text, plural) = match head.find('{') {
        Some(b) => {
            let inner = head[b + 1..]
                .split_once('}')
                .map(|(i, _)| i)
                .ok_or_else(|| "`{` without a closing `}`".to_string())?;
            let plural = if inner.trim().is_empty() {
                Plural::None
            } else {
                Plural::Irregular(Phrase::parse(inner))
            };
            (&head[..b], plural)
        }
        None => (head, Plural::Regular),
    };
    let phrase = Phrase::parse(phrase_text);
    if phrase.is_empty() {
        return Err("agent code without a phrase".to_string());
    }
    Ok(AgentEntry {
        phrase,
        plural,
        code,
        line: n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_forms() {
        let d = AgentDict::parse_str(
            "!PERSON! = MAN, WOMAN\nFARMER [~AGR]\nARMY {} [~MIL]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nBUSINESS!PERSON! [~BUS]\nHUMAN_RIGHTS_BODY  [NGO~]\nPARTY [~PTY]\nX [~ENV}\nNOCODE\nY [GOV]\nZ!NOPE! [~GOV]\n",
            "a",
        );
        let keys: Vec<Vec<String>> = d
            .entries
            .iter()
            .map(|e| d.forms(e).iter().map(|p| p.key()).collect())
            .collect();
        assert_eq!(keys[0], ["FARMER", "FARMERS"]);
        assert_eq!(keys[1], ["ARMY"]);
        assert_eq!(keys[2], ["ATTORNEY GENERAL", "ATTORNEYS GENERAL"]);
        assert_eq!(keys[3], ["BUSINESSMAN", "BUSINESSWOMAN"]);
        assert_eq!(keys[5], ["PARTY", "PARTIES"]);
        assert_eq!(regular_plural("ATTORNEY"), "ATTORNEYS");
        assert_eq!(regular_plural("BOSS"), "BOSSES");
        assert_eq!(regular_plural("BUS"), "BUSES");
        assert_eq!(regular_plural("CHURCH"), "CHURCHES");
        assert_eq!(regular_plural("MINISTER"), "MINISTERS");
        assert_eq!(d.entries[4].code.apply("USA"), "NGOUSA");
        assert_eq!(d.entries[0].code.apply("NGA"), "NGAAGR");
        assert_eq!(d.entries[6].code.code, "ENV");
        let lines: Vec<usize> = d.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [9, 10, 11]);
    }
}
