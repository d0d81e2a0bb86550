//! Finding actor mentions in a sentence and giving each the code that holds on a date.
//!
//! A sentence's tokens are scanned left to right for the longest dictionary phrase at each
//! position ("Vladimir Putin" beats "Putin"). Touching phrases fold into one mention, as news
//! writes them: "Russian" (demonym) + "President" (agent) + "Vladimir Putin" (person) is one
//! mention of RUSGOV, not three actors. A mention's code is, in order of preference:
//!
//! 1. the code of a named person, organisation, group or capital in it, on the date;
//! 2. else the country (from a country name or demonym) joined with the agent code:
//!    "Ukrainian forces" -> UKR + MIL = UKRMIL; "Russian officials" -> RUSGOV;
//!    "former" before it turns GOV into ELI ("a former Iranian minister" -> IRNELI);
//! 3. else the country alone ("Israel" -> ISR), or no code (an agent alone: "the president").
//!
//! Unknown capitalised words right after a role ("Iranian President Ebrahim Raisi" when Raisi
//! is not in the dictionary) join the mention, so its text and span are the whole name.

use super::{ActorDictionary, Entry, Kind};
use chrono::NaiveDate;
use dyad_text::Token;
use std::collections::HashMap;

/// One actor mention in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// First token of the mention (index into the sentence's tokens).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The resolved CAMEO actor code on the date, if any.
    pub code: Option<String>,
    /// Canonical name of the named entry (person, organisation...) in the mention, if any.
    pub name: Option<String>,
    /// Indices into the dictionary of the entries that matched, in order.
    pub entries: Vec<usize>,
}

/// A matchable phrase: its tokens (lower-cased) and the entry it belongs to.
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    /// The phrase as written, for case-sensitive first-letter checks.
    first_upper: bool,
    /// An acronym written in capitals ("US", "WHO"): the text must be in capitals too, so
    /// "us" and "who" are not actors.
    all_caps: bool,
    entry: usize,
}

/// The dictionary indexed for matching on tokens.
pub struct Resolver {
    dict: ActorDictionary,
    by_first: HashMap<String, Vec<Phrase>>,
}

fn words_of(text: &str) -> Vec<String> {
    let (tokens, _) = dyad_text::tokenize(text, 0, text.len());
    tokens.into_iter().map(|t| t.form.to_lowercase()).collect()
}

impl Resolver {
    /// Index every name and alias of `dict`.
    pub fn new(dict: ActorDictionary) -> Resolver {
        let mut by_first: HashMap<String, Vec<Phrase>> = HashMap::new();
        for (i, e) in dict.entries.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let words = words_of(name);
                let Some(first) = words.first().cloned() else {
                    continue;
                };
                let first_upper = name.chars().next().is_some_and(char::is_uppercase);
                let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
                let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
                by_first.entry(first).or_default().push(Phrase {
                    words,
                    first_upper,
                    all_caps,
                    entry: i,
                });
            }
        }
        // Longest phrases first, so the first match found is the longest.
        for v in by_first.values_mut() {
            v.sort_by(|a, b| b.words.len().cmp(&a.words.len()));
        }
        Resolver { dict, by_first }
    }

    pub fn dictionary(&self) -> &ActorDictionary {
        &self.dict
    }

    /// Whether a single word is a role in the dictionary ("President", "minister").
    pub fn is_role_word(&self, word: &str) -> bool {
        self.by_first.get(&word.to_lowercase()).is_some_and(|ps| {
            ps.iter()
                .any(|p| p.words.len() == 1 && self.dict.entries[p.entry].kind == Kind::Agent)
        })
    }

    /// Whether a mention's last dictionary piece is a role (an agent), so that a name after it
    /// is an unknown person holding the role ("Iranian President Ebrahim Raisi").
    pub fn ends_with_role(&self, m: &Mention) -> bool {
        m.entries
            .last()
            .is_some_and(|&e| self.dict.entries[e].kind == Kind::Agent)
            && !m
                .entries
                .iter()
                .any(|&e| self.dict.entries[e].kind == Kind::Person)
    }

    /// The agent code of a mention made of agents only, with no country ("troops" -> `MIL`,
    /// "the government" -> `GOV`), on `date`.
    pub fn agent_only<'a>(&'a self, m: &Mention, date: Option<NaiveDate>) -> Option<&'a str> {
        if m.code.is_some() || m.entries.is_empty() {
            return None;
        }
        let entries = &self.dict.entries;
        if !m.entries.iter().all(|&e| entries[e].kind == Kind::Agent) {
            return None;
        }
        m.entries.last().and_then(|&e| entries[e].code_on(date))
    }

    /// The country part of an actor code ("RUS" of `RUSMIL`), when the code starts with the
    /// code of a country in the dictionary (not of an organisation such as `IGOUNO`).
    pub fn country_of<'c>(&self, code: &'c str, date: Option<NaiveDate>) -> Option<&'c str> {
        let head = code.get(..3)?;
        self.dict
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Country)
            .any(|e| e.code_on(date) == Some(head))
            .then_some(head)
    }

    /// The longest phrase starting at token `i`: (end token, entry index).
    fn match_at(&self, tokens: &[Token], i: usize) -> Option<(usize, usize)> {
        let first = tokens[i].form.to_lowercase();
        let candidates = self.by_first.get(&first)?;
        candidates.iter().find_map(|p| {
            let end = i + p.words.len();
            if end > tokens.len() {
                return None;
            }
            let same = p
                .words
                .iter()
                .zip(&tokens[i..end])
                .all(|(w, t)| *w == t.form.to_lowercase());
            let entry = &self.dict.entries[p.entry];
            // Names must be capitalised in the text as in the dictionary ("Turkey", not "turkey").
            let first_ok = !p.first_upper
                || tokens[i]
                    .form
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            let caps_ok = !p.all_caps
                || tokens[i..end].iter().all(|t| {
                    t.form
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase)
                });
            let case_ok = entry.kind.case_insensitive() || (first_ok && caps_ok);
            (same && case_ok).then_some((end, p.entry))
        })
    }

    /// All actor mentions in one sentence, resolved on `date`.
    pub fn mentions(&self, tokens: &[Token], date: Option<NaiveDate>) -> Vec<Mention> {
        // 1. Longest dictionary phrases, left to right.
        let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.match_at(tokens, i) {
                Some((end, entry)) => {
                    pieces.push((i, end, entry));
                    i = end;
                }
                None => i += 1,
            }
        }
        // 2. Fold touching pieces into mentions. A role may be qualified by capitalised words
        // the dictionary does not know: "Ukrainian Infrastructure Minister" is one mention.
        let mut mentions: Vec<Mention> = Vec::new();
        for (start, end, entry) in pieces {
            let qualified_role = |m: &Mention| {
                self.dict.entries[entry].kind == Kind::Agent
                    && m.end < start
                    && start - m.end <= 3
                    && tokens[m.end..start].iter().all(is_title_word)
            };
            match mentions.last_mut() {
                Some(m) if (m.end == start || qualified_role(m)) && self.can_follow(m, entry) => {
                    m.end = end;
                    m.entries.push(entry);
                }
                _ => mentions.push(Mention {
                    start,
                    end,
                    code: None,
                    name: None,
                    entries: vec![entry],
                }),
            }
        }
        // 3. Extend over an unknown proper name after a role, then resolve codes.
        for m in &mut mentions {
            let last = &self.dict.entries[*m.entries.last().unwrap_or(&0)];
            if last.kind == Kind::Agent {
                while m.end < tokens.len()
                    && is_name_word(&tokens[m.end])
                    && self.match_at(tokens, m.end).is_none()
                {
                    m.end += 1;
                }
            }
            let former = m.start > 0 && tokens[m.start - 1].form.eq_ignore_ascii_case("former");
            self.resolve(m, date, former);
        }
        // 4. Coordinated modifiers share the role: in "Turkish and U.N. officials" the Turkish
        // mention takes the agent of the next one (TUR + GOV).
        for k in 0..mentions.len().saturating_sub(1) {
            let (a, b) = (&mentions[k], &mentions[k + 1]);
            let between = &tokens[a.end..b.start];
            let joined =
                between.len() == 1 && matches!(between[0].form.as_str(), "and" | "," | "or");
            let only_demonyms = a
                .entries
                .iter()
                .all(|&e| self.dict.entries[e].kind == Kind::Demonym);
            let agent = b
                .entries
                .last()
                .map(|&e| &self.dict.entries[e])
                .filter(|e| e.kind == Kind::Agent)
                .and_then(|e| e.code_on(date));
            if let (true, true, Some(agent), Some(country)) =
                (joined, only_demonyms, agent, a.code.clone())
            {
                mentions[k].code = Some(format!("{country}{agent}"));
            }
        }
        mentions
    }

    /// Whether the entry may extend the mention: a country/demonym/agent/role sequence reads
    /// as one name, but two named entries side by side ("Israel Saudi Arabia") do not.
    fn can_follow(&self, m: &Mention, next: usize) -> bool {
        let kinds: Vec<Kind> = m
            .entries
            .iter()
            .map(|&e| self.dict.entries[e].kind)
            .collect();
        let next_kind = self.dict.entries[next].kind;
        let named = |k: Kind| {
            matches!(
                k,
                Kind::Person | Kind::Org | Kind::Group | Kind::Country | Kind::Capital
            )
        };
        match next_kind {
            Kind::Agent => true,
            Kind::Person => !kinds.iter().any(|&k| k == Kind::Person),
            _ => {
                !kinds.iter().any(|&k| named(k)) && kinds.last() != Some(&Kind::Agent)
                    || kinds.iter().all(|&k| k == Kind::Demonym)
            }
        }
    }

    fn resolve(&self, m: &mut Mention, date: Option<NaiveDate>, former: bool) {
        let entries: Vec<&Entry> = m.entries.iter().map(|&e| &self.dict.entries[e]).collect();
        let named = entries
            .iter()
            .find(|e| matches!(e.kind, Kind::Person | Kind::Org | Kind::Group))
            .or_else(|| entries.iter().find(|e| e.kind == Kind::Capital));
        if let Some(e) = named {
            m.name = Some(e.name.clone());
            if let Some(code) = e.code_on(date) {
                m.code = Some(code.to_string());
                return;
            }
        }
        if let Some(c) = entries.iter().find(|e| e.kind == Kind::Country) {
            m.name = Some(c.name.clone());
        }
        let country = entries
            .iter()
            .find(|e| matches!(e.kind, Kind::Country | Kind::Demonym))
            .and_then(|e| e.code_on(date));
        let agent = entries
            .iter()
            .rev()
            .find(|e| e.kind == Kind::Agent)
            .and_then(|e| e.code_on(date));
        m.code = match (country, agent) {
            (Some(c), Some(a)) if former && a == "GOV" => Some(format!("{c}ELI")),
            (Some(c), Some(a)) => Some(format!("{c}{a}")),
            (Some(c), None) => Some(c.to_string()),
            (None, _) => None,
        };
    }
}

/// A Title-case content word ("Infrastructure", "Defence"), whatever its tag: the qualifier
/// of a role in "Ukrainian Infrastructure Minister".
fn is_title_word(t: &Token) -> bool {
    let function_word = t.upos.as_deref().is_some_and(|u| {
        matches!(
            u,
            "ADP" | "DET" | "PRON" | "CCONJ" | "SCONJ" | "PUNCT" | "VERB" | "AUX"
        )
    });
    let mut chars = t.form.chars();
    !function_word
        && chars.next().is_some_and(char::is_uppercase)
        && t.form.chars().skip(1).any(char::is_lowercase)
        && t.form.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// A capitalised word that can be part of a person's name (not punctuation, not "The").
fn is_name_word(t: &Token) -> bool {
    // "The Cypriot government Saturday condemned": days and months are not names.
    const CALENDAR: [&str; 19] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if CALENDAR.contains(&t.form.as_str()) {
        return false;
    }
    if let Some(upos) = &t.upos {
        return upos == "PROPN";
    }
    // Without tags: a title-case word ("Raisi", "Al-Sudani") or an initial ("J."); an
    // all-capitals word is more often a headline than a name.
    let mut chars = t.form.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest: Vec<char> = chars.collect();
    let initial = rest == ['.'];
    let title = rest.iter().any(|c| c.is_lowercase())
        && rest
            .iter()
            .all(|c| c.is_alphabetic() || *c == '-' || *c == '\'');
    first_upper && (initial || title)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &str = "\
country | Russia | | RUS |
country | Israel | | ISR | n
country | Saudi Arabia | | SAU | n
country | Turkey | | TUR | n
demonym | Russian | Russians | RUS |
demonym | Iranian | Iranians | IRN |
demonym | Ukrainian | | UKR |
capital | Ankara | | TURGOV |
capital | Kremlin | | RUSGOV |
agent | president | presidents | GOV |
agent | minister | ministers | GOV |
agent | officials | official | GOV |
agent | forces | troops | MIL |
org | NATO | | IGOWSTNAT |
country | United States | US | USA | n
person | Vladimir Putin | Putin | RUSGOV 1999-08-09.. | m
person | Donald Trump | Trump | USAGOV 2017-01-20..2021-01-20, USAELI 2021-01-20..2025-01-20, USAGOV 2025-01-20.. | m
";

    fn toks(s: &str) -> Vec<Token> {
        dyad_text::tokenize(s, 0, s.len()).0
    }

    fn resolve(s: &str) -> Vec<(String, Option<String>)> {
        let r = Resolver::new(ActorDictionary::parse_str(DICT, "t"));
        let t = toks(s);
        let date = NaiveDate::from_ymd_opt(2022, 7, 20);
        r.mentions(&t, date)
            .into_iter()
            .map(|m| {
                let text: Vec<&str> = t[m.start..m.end].iter().map(|t| t.form.as_str()).collect();
                (text.join(" "), m.code)
            })
            .collect()
    }

    fn pair(text: &str, code: &str) -> (String, Option<String>) {
        (text.to_string(), Some(code.to_string()))
    }

    #[test]
    fn role_and_name_fold_into_one_mention() {
        assert_eq!(
            resolve("Russian President Vladimir Putin won support."),
            vec![pair("Russian President Vladimir Putin", "RUSGOV")]
        );
        assert_eq!(
            resolve("He met Iranian President Ebrahim Raisi."),
            vec![pair("Iranian President Ebrahim Raisi", "IRNGOV")]
        );
    }

    #[test]
    fn a_role_qualified_by_unknown_words_is_still_one_mention() {
        assert_eq!(
            resolve("Ukrainian Infrastructure Minister Oleksandr Kubrakov signed."),
            vec![pair(
                "Ukrainian Infrastructure Minister Oleksandr Kubrakov",
                "UKRGOV"
            )]
        );
    }

    #[test]
    fn coordinated_demonyms_share_the_role() {
        assert_eq!(
            resolve("He met Russian and Ukrainian officials."),
            vec![
                pair("Russian", "RUSGOV"),
                pair("Ukrainian officials", "UKRGOV")
            ]
        );
    }

    #[test]
    fn demonym_plus_agent() {
        assert_eq!(
            resolve("Russian officials visited."),
            vec![pair("Russian officials", "RUSGOV")]
        );
        assert_eq!(
            resolve("Ukrainian forces attacked."),
            vec![pair("Ukrainian forces", "UKRMIL")]
        );
    }

    #[test]
    fn compound_actors_stay_apart() {
        assert_eq!(
            resolve("Biden visited Israel and Saudi Arabia."),
            vec![pair("Israel", "ISR"), pair("Saudi Arabia", "SAU")]
        );
    }

    #[test]
    fn capitals_organisations_and_dates() {
        assert_eq!(
            resolve("Ankara hasn't imposed sanctions on the Kremlin."),
            vec![pair("Ankara", "TURGOV"), pair("Kremlin", "RUSGOV")]
        );
        assert_eq!(
            resolve("Turkey, a NATO member, agreed."),
            vec![pair("Turkey", "TUR"), pair("NATO", "IGOWSTNAT")]
        );
        assert_eq!(
            resolve("former U.S. President Donald Trump abandoned the deal."),
            vec![pair("President Donald Trump", "USAELI")]
        );
    }

    #[test]
    fn case_matters_for_names_only() {
        assert!(resolve("They ate turkey.").is_empty());
        assert!(
            resolve("Us and NATO.").iter().all(|(t, _)| t != "Us"),
            "acronyms need capitals"
        );
        assert_eq!(
            resolve("Nato agreed."),
            vec![],
            "NATO is written in capitals in the test dictionary"
        );
        assert_eq!(
            resolve("RUSSIAN OFFICIALS ARRIVED"),
            vec![pair("RUSSIAN OFFICIALS", "RUSGOV")]
        );
    }
}
