//! Actor dictionaries: PETRARCH entries to dyad `.actors` lines (kinds, readable names, dated codes).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::petrarch::{ActorDict, ActorEntry, Phrase};

use super::*;

/// Figures for one converted actor file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorStats {
    /// Entries the PETRARCH parser read.
    pub entries: usize,
    /// Lines the PETRARCH parser rejected (see the crate README for why).
    pub source_line_errors: usize,
    /// Entries written.
    pub written: usize,
    /// Entries skipped because their only code is `---` ("not an actor").
    pub not_actor: usize,
    /// Entries skipped because they have no code at all, or none dyad can write.
    pub no_code: usize,
    /// Entries skipped because every one of their names was given by an earlier entry.
    pub all_names_taken: usize,
    /// Individual codes dropped: `---` codes of entries that have other codes, and codes
    /// with characters dyad's format does not allow.
    pub codes_dropped: usize,
    /// Dated codes written (after splitting overlaps and merging neighbours).
    pub dated_codes: usize,
    /// Names (primary or synonym) dropped because an earlier entry already has them.
    pub duplicate_names: usize,
    /// Synonyms dropped because they contain a comma (dyad's alias separator), e.g.
    /// `KOREA,_NORTH_`.
    pub comma_names: usize,
    /// Aliases written.
    pub aliases: usize,
    /// Written entries by kind: person, country, org, group.
    pub kinds: BTreeMap<String, usize>,
}

/// Converts one PETRARCH actor dictionary into the text of a dyad `.actors` file.
///
/// `seen` holds the lower-cased names written by earlier files, so that a phrase defined in
/// two Phoenix files keeps the first definition, as PETRARCH does.
pub fn convert_actors(
    dict: &ActorDict,
    source: &str,
    file_kind: FileKind,
    seen: &mut HashSet<String>,
) -> (String, ActorStats) {
    let acronyms = acronym_set(dict);
    let mut stats = ActorStats {
        entries: dict.len(),
        source_line_errors: dict.errors.len(),
        ..ActorStats::default()
    };
    let mut body = String::new();
    for entry in &dict.entries {
        let real: Vec<_> = entry.codes.iter().filter(|c| c.code != "---").collect();
        if real.is_empty() {
            if entry.codes.is_empty() {
                stats.no_code += 1;
            } else {
                stats.not_actor += 1;
            }
            continue;
        }
        let (codes, dropped) = convert_entry_codes(entry);
        stats.codes_dropped += dropped;
        if codes.is_empty() {
            stats.no_code += 1;
            continue;
        }
        let kind = actor_kind(entry, file_kind);
        let person = kind == "person";
        let mut names: Vec<String> = Vec::new();
        for (i, phrase) in entry.names.iter().enumerate() {
            let name = readable_name(phrase, person, &acronyms);
            if name.is_empty() {
                continue;
            }
            if i > 0 && name.contains(',') {
                stats.comma_names += 1;
                continue;
            }
            let key = name.to_lowercase();
            if names.iter().any(|n| n.to_lowercase() == key) {
                continue;
            }
            if seen.contains(&key) {
                stats.duplicate_names += 1;
                continue;
            }
            names.push(name);
        }
        if names.is_empty() {
            stats.all_names_taken += 1;
            continue;
        }
        for n in &names {
            seen.insert(n.to_lowercase());
        }
        stats.written += 1;
        stats.aliases += names.len() - 1;
        stats.dated_codes += codes.iter().filter(|c| c.contains(' ')).count();
        *stats.kinds.entry(kind.to_string()).or_default() += 1;
        let _ = writeln!(
            body,
            "{kind} | {} | {} | {} |",
            names[0],
            names[1..].join(", "),
            codes.join(", ")
        );
    }
    let mut head = String::new();
    let _ = writeln!(
        head,
        "# dyad actor dictionary imported from PETRARCH2/Phoenix `{source}`\n\
         # ({PROVENANCE}).\n\
         # Generated: do not edit; rebuild with\n\
         #   {REBUILD_COMMAND}\n{LICENCE}\n#\n\
         # {} entries read, {} written with\n\
         # {} aliases and {} dated codes. Skipped: {} `---` (not an actor), {} without a usable\n\
         # code, {} whose names all belong to an earlier entry; {} duplicate names and {} names\n\
         # with a comma dropped; {} codes dropped (`---` beside real codes, or bad characters).\n\
         # Kinds written: {}.\n\
         # Codes: undated fallback first, then half-open date ranges (PETRARCH's inclusive ranges\n\
         # with TO + 1 day; overlaps resolved as PETRARCH does, the earlier line wins).\n\
         #\n# kind | name | aliases | codes | attr",
        stats.entries,
        stats.written,
        stats.aliases,
        stats.dated_codes,
        stats.not_actor,
        stats.no_code,
        stats.all_names_taken,
        stats.duplicate_names,
        stats.comma_names,
        stats.codes_dropped,
        stats
            .kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    (head + &body, stats)
}

/// True for a code dyad's actor format accepts: upper-case letters and digits.
pub(crate) fn valid_actor_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The entry's codes in dyad's syntax (`RUSELI`, `RUSGOV 1999-08-10..`), undated fallback
/// first, and the number of codes that had to be dropped.
pub(crate) fn convert_entry_codes(entry: &ActorEntry) -> (Vec<String>, usize) {
    let mut dropped = 0;
    let mut undated: Vec<&str> = Vec::new();
    // PETRARCH's fallback order: TAB-line defaults, then the primary line's code.
    for primary in [false, true] {
        for c in &entry.codes {
            if c.is_restricted() || c.on_primary_line != primary {
                continue;
            }
            if !valid_actor_code(&c.code) {
                dropped += 1;
            } else if !undated.contains(&c.code.as_str()) {
                undated.push(&c.code);
            }
        }
    }
    let mut dated: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
    for c in entry.codes.iter().filter(|c| c.is_restricted()) {
        if !valid_actor_code(&c.code) {
            dropped += 1;
            continue;
        }
        // Inclusive `to` becomes an exclusive end; the last representable day stays open.
        let to = c.to.and_then(|t| t.succ_opt());
        dated.push((c.code.clone(), c.from, to));
    }
    let mut out: Vec<String> = undated.iter().map(|c| c.to_string()).collect();
    for (code, from, to) in convert_dated_codes(&dated) {
        let d = |x: Option<NaiveDate>| {
            x.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        out.push(format!("{code} {}..{}", d(from), d(to)));
    }
    (out, dropped)
}

/// A half-open range; `None` is open at that end.
pub(crate) type Range = (Option<NaiveDate>, Option<NaiveDate>);

/// Turns PETRARCH's dated codes (in file order, already half-open) into non-overlapping
/// half-open ranges where, on every day, the code is the one PETRARCH would pick (the first
/// restriction in the file that contains the day). Pieces are sorted by start and
/// neighbouring pieces with the same code are merged.
pub fn convert_dated_codes(
    dated: &[(String, Option<NaiveDate>, Option<NaiveDate>)],
) -> Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> {
    let mut claimed: Vec<Range> = Vec::new();
    let mut pieces: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
    for (code, from, to) in dated {
        let mut left: Vec<Range> = vec![(*from, *to)];
        for c in &claimed {
            left = left.into_iter().flat_map(|r| subtract(r, *c)).collect();
        }
        claimed.push((*from, *to));
        pieces.extend(left.into_iter().map(|(f, t)| (code.clone(), f, t)));
    }
    // Open starts sort first (None < Some).
    pieces.sort_by_key(|p| p.1);
    let mut merged: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
    for p in pieces {
        if let Some(last) = merged.last_mut() {
            if last.0 == p.0 && last.2.is_some() && last.2 == p.1 {
                last.2 = p.2;
                continue;
            }
        }
        merged.push(p);
    }
    merged
}

/// `a` minus `b`, as zero, one or two non-empty half-open ranges.
pub(crate) fn subtract(a: Range, b: Range) -> Vec<Range> {
    let lt = |x: Option<NaiveDate>, y: Option<NaiveDate>, open_x_is_min: bool| -> bool {
        // Compares a start (`open_x_is_min`) or an end with another bound of the same kind.
        match (x, y) {
            (Some(x), Some(y)) => x < y,
            (None, Some(_)) => open_x_is_min,
            (Some(_), None) => !open_x_is_min,
            (None, None) => false,
        }
    };
    // No overlap: b ends at or before a starts, or b starts at or after a ends.
    let b_ends_before_a = match (b.1, a.0) {
        (Some(be), Some(as_)) => be <= as_,
        _ => false,
    };
    let b_starts_after_a = match (b.0, a.1) {
        (Some(bs), Some(ae)) => bs >= ae,
        _ => false,
    };
    if b_ends_before_a || b_starts_after_a {
        return vec![a];
    }
    let mut out = Vec::new();
    // Part of a before b starts.
    if lt(a.0, b.0, true) {
        out.push((a.0, b.0));
    }
    // Part of a after b ends.
    if lt(b.1, a.1, false) {
        out.push((b.1, a.1));
    }
    out.retain(|&(f, t)| match (f, t) {
        (Some(f), Some(t)) => f < t,
        _ => true,
    });
    out
}

/// CAMEO agent parts that, on a named entry without dates, suggest a person (a 6-letter
/// `XXXGOV` / `XXXELI` ... code).
pub(crate) const PERSON_ROLES: [&str; 5] = ["GOV", "ELI", "LEG", "OPP", "JUD"];

/// Words that mark an institution rather than a person in a multi-word name.
pub(crate) const INSTITUTION_WORDS: [&str; 40] = [
    "GOVERNMENT",
    "MINISTRY",
    "MINISTRIES",
    "COUNCIL",
    "PARLIAMENT",
    "ASSEMBLY",
    "CONGRESS",
    "SENATE",
    "COURT",
    "PARTY",
    "FORCES",
    "FORCE",
    "ARMY",
    "POLICE",
    "OFFICE",
    "CABINET",
    "COMMISSION",
    "COMMITTEE",
    "AGENCY",
    "DEPARTMENT",
    "BUREAU",
    "SERVICE",
    "SERVICES",
    "AUTHORITY",
    "ADMINISTRATION",
    "PRESIDENCY",
    "EMBASSY",
    "REPUBLIC",
    "STATE",
    "FRONT",
    "MOVEMENT",
    "UNION",
    "BANK",
    "HOUSE",
    "GUARD",
    "NAVY",
    "OPPOSITION",
    "REGIME",
    "JUNTA",
    "KREMLIN",
];

/// The dyad kind of a Phoenix entry, by the first rule that applies:
/// * `country` for a place of the countries file (every code [`territorial`], even dated:
///   Armenia is USRARM until 1990, then ARM);
/// * `person` when it has dated codes and no institution word in its name;
/// * `group` for armed-group codes (`REB`, `IMG`, `UAF` parts), unless the name has exactly
///   two words and no institution word (then it is more likely a commander);
/// * `person` when it looks like one: two to five words, no institution word or digit,
///   only `XXXGOV`/`XXXELI`-style codes;
/// * else by file: `country` for 3-letter codes of the countries file, `org` for the rest
///   of it and for the international file (IGO, NGO, MNC...), `group` for the non-state
///   file.
#[allow(clippy::manual_is_multiple_of)]
pub fn actor_kind(entry: &ActorEntry, file_kind: FileKind) -> &'static str {
    let codes: Vec<&str> = entry
        .codes
        .iter()
        .filter(|c| c.code != "---")
        .map(|c| c.code.as_str())
        .collect();
    // A place whose code changed with its state (`ARMENIA`: USRARM until 1990, then ARM;
    // `TEL_AFAR`: IRQOCC during the occupation) is a country, dated or not.
    if file_kind == FileKind::Countries && !codes.is_empty() && codes.iter().all(|c| territorial(c))
    {
        return "country";
    }
    let words = entry.primary().map(|p| p.words.clone()).unwrap_or_default();
    let institution = words
        .iter()
        .any(|w| INSTITUTION_WORDS.contains(&w.as_str()));
    // Armed groups, whatever the file (`IMGMUSISI`, `SYRREB`).
    let armed = |c: &&str| {
        c.is_ascii()
            && c.len() % 3 == 0
            && (0..c.len() / 3).any(|i| matches!(&c[3 * i..3 * i + 3], "REB" | "IMG" | "UAF"))
    };
    if entry
        .codes
        .iter()
        .any(|c| c.is_restricted() && c.code != "---")
        && !institution
    {
        return "person";
    }
    if !codes.is_empty() && codes.iter().all(armed) && (institution || words.len() != 2) {
        return "group";
    }
    let person_like = (2..=5).contains(&words.len())
        && !institution
        && !words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
        && !codes.is_empty()
        && codes
            .iter()
            .all(|c| c.len() == 6 && c.is_char_boundary(3) && PERSON_ROLES.contains(&&c[3..]));
    if person_like {
        return "person";
    }
    match file_kind {
        FileKind::Countries if codes.iter().all(|c| c.len() == 3) => "country",
        FileKind::Countries | FileKind::International => {
            if file_kind == FileKind::International
                && codes.iter().all(|c| c.len() == 3)
                && !codes.iter().any(|c| NON_STATE_PREFIXES.contains(c))
            {
                "country"
            } else {
                "org"
            }
        }
        FileKind::NonState => "group",
    }
}

/// True for a code that names a place: a 3-letter code that is not an agent or a
/// non-state type (`ARM`, `AFR`), or a state code followed by 3-letter parts none of which
/// is an agent: dependent territories (`GBRVGB`, `USAASM`), occupied, seceding or
/// autonomous areas (`IRQOCC`, `AZEUNR`, `SDNSSDAUT`).
// `%` rather than `is_multiple_of`: the workspace's rust-version is 1.80.
#[allow(clippy::manual_is_multiple_of)]
pub(crate) fn territorial(code: &str) -> bool {
    if code.is_empty() || !code.is_ascii() || code.len() % 3 != 0 {
        return false;
    }
    (0..code.len() / 3)
        .map(|i| &code[3 * i..3 * i + 3])
        .all(|p| !AGENT_CODES.contains(&p) && !NON_STATE_PREFIXES.contains(&p))
}

/// CAMEO agent (sector) codes: the second half of `RUSGOV`, `AFGMIL`...
pub(crate) const AGENT_CODES: [&str; 30] = [
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "ELI", "CVL", "BUS", "MED",
    "EDU", "LAB", "REL", "AGR", "HLH", "REF", "UAF", "CRM", "ENV", "HRI", "DEV", "IGO", "NGO",
    "MNC", "IMG", "MOD", "RAD",
];

/// Three-letter CAMEO codes that are not countries (international and non-state types).
pub(crate) const NON_STATE_PREFIXES: [&str; 10] = [
    "IGO", "NGO", "MNC", "IMG", "NGM", "UIS", "ELI", "INT", "HIN", "BUD",
];

// ---------------------------------------------------------------------------------------
// Readable names
// ---------------------------------------------------------------------------------------

/// Words kept lower-case inside a name (never as its first word): "Bank of England",
/// "Bashar al-Assad", "Charles de Gaulle".
pub(crate) const PARTICLES: [&str; 24] = [
    "of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "van", "von",
    "der", "den", "da", "di", "del", "bin", "ibn", "al", "el",
];

/// Abbreviations that look like acronyms (no vowel) but are written in title case.
pub(crate) const TITLE_ABBREVIATIONS: [&str; 11] = [
    "JR", "SR", "MR", "MRS", "MS", "DR", "ST", "MT", "FT", "LT", "SGT",
];

/// Acronyms too short or too common to be recognised from the data alone.
pub(crate) const KNOWN_ACRONYMS: [&str; 16] = [
    "UN", "US", "UK", "EU", "USA", "UAE", "NATO", "OPEC", "ASEAN", "IAEA", "UNESCO", "UNICEF",
    "UNHCR", "OSCE", "NGO", "NGOS",
];

/// The words of a phrase that can be acronyms, learned from the dictionary itself: a
/// one-word name whose letters are the initials of another name of the same entry (`NATO`
/// beside `NORTH_ATLANTIC_TREATY_ORGANIZATION`), with or without the small words.
pub fn acronym_set(dict: &ActorDict) -> HashSet<String> {
    let mut out: HashSet<String> = KNOWN_ACRONYMS.iter().map(|s| s.to_string()).collect();
    for e in &dict.entries {
        let singles: Vec<String> = e
            .names
            .iter()
            .filter(|p| p.words.len() == 1)
            .map(|p| p.words[0].replace('.', ""))
            .filter(|w| (2..=8).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic()))
            .collect();
        if singles.is_empty() {
            continue;
        }
        for p in e.names.iter().filter(|p| p.words.len() >= 2) {
            let all: String = p.words.iter().filter_map(|w| w.chars().next()).collect();
            let content: String = p
                .words
                .iter()
                .filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
                .filter_map(|w| w.chars().next())
                .collect();
            for s in &singles {
                if *s == all || *s == content {
                    out.insert(s.clone());
                }
            }
        }
    }
    out
}

/// A PETRARCH phrase in readable case: `VLADIMIR_PUTIN` → `Vladimir Putin`.
///
/// Rules, in order, for each word:
/// * acronyms stay upper-case: dotted initials (`U.N.`, `D.C.`, `W.`), single letters,
///   words in parentheses (`(AAIA)`), words with digits (`G8`), words without a vowel
///   (`PKK`, `BBC`; but `Jr`, `St`, `Dr`... are title-cased), and, outside person names,
///   the words of `acronyms` ([`acronym_set`]: `NATO`, `OPEC`, `UN`...);
/// * Roman numerals after the first word of a person's name (`II`, `III`, `IV`) stay
///   upper-case;
/// * small words ([`PARTICLES`]: of, the, de, al, bin...) are lower-case except as the
///   first word, also before a hyphen (`al-Assad`);
/// * everything else is capitalised, each part of a hyphenated word too (`Al-Qaeda`),
///   `Mc` names keep their inner capital (`McCain`) and a one-letter prefix before an
///   apostrophe too (`O'Brien`, `D'Alema`, but `Pa'anga`).
pub fn readable_name(phrase: &Phrase, person: bool, acronyms: &HashSet<String>) -> String {
    // Unbalanced parentheses are typing slips in the source (`HAMMARSKJOLD)`): drop them.
    let text = phrase.words.join(" ");
    let balanced = text.matches('(').count() == text.matches(')').count();
    let mut out = Vec::with_capacity(phrase.words.len());
    for (i, w) in phrase.words.iter().enumerate() {
        let w = if balanced {
            w.clone()
        } else {
            w.replace(['(', ')'], "")
        };
        if w.is_empty() {
            continue;
        }
        out.push(readable_word(&w, out.is_empty() && i < 2, person, acronyms));
    }
    out.join(" ").replace('|', "/")
}

/// True for a short word with three consonants in a row (`DGSE`, `DCRI`): no English
/// word of four letters or fewer looks like that, so it is an acronym.
pub(crate) fn consonant_cluster(core: &str) -> bool {
    let mut run = 0;
    core.chars().count() <= 4
        && core.chars().any(|c| {
            run = if c.is_alphabetic() && !is_vowel(c) {
                run + 1
            } else {
                0
            };
            run >= 3
        })
}

pub(crate) fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_uppercase(), 'A' | 'E' | 'I' | 'O' | 'U' | 'Y')
}

pub(crate) fn is_roman(w: &str) -> bool {
    matches!(
        w,
        "II" | "III"
            | "IV"
            | "VI"
            | "VII"
            | "VIII"
            | "IX"
            | "XI"
            | "XII"
            | "XIII"
            | "XIV"
            | "XV"
            | "XVI"
    )
}

pub(crate) fn readable_word(
    w: &str,
    first: bool,
    person: bool,
    acronyms: &HashSet<String>,
) -> String {
    let upper = w.to_uppercase();
    let letters: String = upper.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return upper;
    }
    // Dotted initials: every dot-separated segment is one letter (U.N., D.C., W.).
    if upper.contains('.')
        && upper
            .split('.')
            .filter(|s| !s.is_empty())
            .all(|s| s.chars().count() == 1)
    {
        return upper;
    }
    if letters.chars().count() == 1 && !upper.contains('\'') && !upper.contains('-') {
        return upper;
    }
    if upper.starts_with('(') && upper.ends_with(')') {
        return upper;
    }
    if upper.chars().any(|c| c.is_ascii_digit()) {
        return upper;
    }
    let core = upper.trim_matches(|c: char| !c.is_alphanumeric());
    if !upper.contains('-') && !upper.contains('\'') {
        if !core.chars().any(is_vowel) && !TITLE_ABBREVIATIONS.contains(&core) {
            return upper;
        }
        if !person && (acronyms.contains(&core.replace('.', "")) || consonant_cluster(core)) {
            return upper;
        }
        if person && !first && is_roman(core) {
            return upper;
        }
    }
    upper
        .split('-')
        .enumerate()
        .map(|(j, part)| {
            let lower = part.to_lowercase();
            let particle = PARTICLES.contains(&lower.as_str());
            if particle && !(first && j == 0) {
                lower
            } else {
                capitalise(part)
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// `MCCAIN` → `McCain`, `O'BRIEN` → `O'Brien`, `PA'ANGA` → `Pa'anga`, `(HAMAS)` → `(Hamas)`.
pub(crate) fn capitalise(part: &str) -> String {
    let lower = part.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut done_first = false;
    for ch in lower.chars() {
        if !done_first && ch.is_alphabetic() {
            out.extend(ch.to_uppercase());
            done_first = true;
        } else {
            out.push(ch);
        }
    }
    // Mc + at least three letters.
    if out.starts_with("Mc") && out.chars().count() >= 5 {
        let mut chars: Vec<char> = out.chars().collect();
        chars[2] = chars[2].to_uppercase().next().unwrap_or(chars[2]);
        out = chars.into_iter().collect();
    }
    // One letter before an apostrophe: O'Brien, D'Alema.
    let chars: Vec<char> = out.chars().collect();
    if chars.len() > 2 && chars[1] == '\'' && chars[0].is_alphabetic() {
        let mut c = chars;
        c[2] = c[2].to_uppercase().next().unwrap_or(c[2]);
        out = c.into_iter().collect();
    }
    out
}

// ---------------------------------------------------------------------------------------
// Agents
// ---------------------------------------------------------------------------------------
