//! `dyad dict import-petrarch`: converts the PETRARCH2 / Phoenix dictionaries (already read
//! by the [`crate::petrarch`] parsers) into dyad's own dictionary formats, so that the coder
//! starts from the decades of curation behind Phoenix instead of from nothing.
//!
//! | PETRARCH file | dyad file | format |
//! |---|---|---|
//! | `Phoenix.Countries.actors.txt` | `countries.actors` | [`crate::actors`] |
//! | `Phoenix.International.actors.txt` | `international.actors` | [`crate::actors`] |
//! | `Phoenix.MilNonState.actors.txt` | `nonstate.actors` | [`crate::actors`] |
//! | `Phoenix.agents.txt` | `agents.actors` | [`crate::actors`], kind `agent` |
//! | `CAMEO.2.0.txt` | `cameo.verbs` | [`crate::verbs`] |
//!
//! The conversion is deterministic (no timestamps), so rerunning it on the same sources gives
//! byte-identical files and a test can check that the committed files are current.
//!
//! # Actors
//!
//! * **Names** are written in readable case ([`readable_name`]): PETRARCH upper-cases
//!   everything, dyad matches names case-sensitively on their first letter.
//! * **Dates.** PETRARCH restrictions are inclusive at both ends and, where they overlap, the
//!   first one in the file wins (a changeover day belongs to both the outgoing and the
//!   incoming office). dyad's ranges are half-open and must not overlap, so each restriction
//!   keeps only the days no earlier restriction claimed, `TO` becomes the day after, and
//!   adjacent pieces with the same code are merged ([`convert_dated_codes`]). PETRARCH's
//!   pick is therefore the code dyad finds on every date.
//! * **Undated codes** (PETRARCH's fallback when no restriction holds: TAB-line defaults
//!   first, then the primary line's code) are written *first*: dyad falls back to the first
//!   undated code, and with no date at all it takes the last code, which is then the most
//!   recent dated one.
//! * **Skipped**: entries whose only code is `---` (explicitly "not an actor"), entries with
//!   no usable code, and names already given by an earlier entry (PETRARCH also takes the
//!   first entry in load order).
//!
//! # Verbs
//!
//! Every verb of a block gets a bare pattern `lemma |  | CODE` (its own code, else the
//! block's), and every pattern line of the block is converted for every verb of the block
//! where its shape maps onto dyad's slots ([`convert_pattern`]); see `data/dict/petrarch/README.md`
//! for what is skipped and why.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::LoadError;
use crate::petrarch::{
    ActorDict, ActorEntry, AgentDict, PatternItem, PatternToken, Phrase, SynsetMember, VerbDict,
    VerbPattern,
};

/// Why an import could not run at all (a malformed *line* never stops it: it is counted).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A source dictionary could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The source folder does not hold the PETRARCH2 dictionaries.
    #[error("{path}: no PETRARCH2 dictionaries here (looked for {looked_for})")]
    NotFound { path: String, looked_for: String },
    /// An output file could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Where the sources come from, for the generated headers.
const PROVENANCE: &str =
    "openeventdata/petrarch2 @ 676801c (2019-03-18), petrarch2/data/dictionaries";

/// The command that rebuilds the generated files, quoted in every header.
pub const REBUILD_COMMAND: &str =
    "cargo run --release -p dyad-coder --example import_petrarch -- /work/shared/cameo data/dict/petrarch";

/// The five PETRARCH2 source files PETRARCH2's default configuration loads.
#[derive(Debug, Clone)]
pub struct PetrarchSources {
    /// `Phoenix.Countries.actors.txt`.
    pub countries: PathBuf,
    /// `Phoenix.International.actors.txt`.
    pub international: PathBuf,
    /// `Phoenix.MilNonState.actors.txt`.
    pub nonstate: PathBuf,
    /// `Phoenix.agents.txt`.
    pub agents: PathBuf,
    /// `CAMEO.2.0.txt`.
    pub verbs: PathBuf,
}

impl PetrarchSources {
    /// Finds the files under `root`, which may be the shared `cameo` folder, its
    /// `petrarch2` folder or the `dictionaries` folder itself.
    pub fn locate(root: &Path) -> Result<PetrarchSources, ImportError> {
        let candidates = [
            root.join("petrarch2").join("dictionaries"),
            root.join("dictionaries"),
            root.to_path_buf(),
        ];
        let dir = candidates
            .iter()
            .find(|d| d.join("CAMEO.2.0.txt").is_file())
            .ok_or_else(|| ImportError::NotFound {
                path: root.display().to_string(),
                looked_for: "CAMEO.2.0.txt in ., dictionaries/ and petrarch2/dictionaries/".into(),
            })?;
        Ok(PetrarchSources {
            countries: dir.join("Phoenix.Countries.actors.txt"),
            international: dir.join("Phoenix.International.actors.txt"),
            nonstate: dir.join("Phoenix.MilNonState.actors.txt"),
            agents: dir.join("Phoenix.agents.txt"),
            verbs: dir.join("CAMEO.2.0.txt"),
        })
    }
}

/// One generated file: its name inside the output folder and its text.
#[derive(Debug, Clone)]
pub struct ImportedFile {
    /// File name (`countries.actors`).
    pub name: String,
    /// Full text, header included.
    pub text: String,
}

/// Everything an import produced: the files and the figures for the README.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// Generated files, in the order written.
    pub files: Vec<ImportedFile>,
    /// One entry per actor file, in load order (countries, international, nonstate).
    pub actors: Vec<(String, ActorStats)>,
    /// The agent file's figures.
    pub agents: AgentStats,
    /// The verb file's figures.
    pub verbs: VerbStats,
}

impl ImportReport {
    /// Writes every file into `dir` (created if missing).
    pub fn write_to(&self, dir: &Path) -> Result<(), ImportError> {
        let werr = |p: &Path, source| ImportError::Write {
            path: p.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| werr(dir, e))?;
        for f in &self.files {
            let p = dir.join(&f.name);
            std::fs::write(&p, &f.text).map_err(|e| werr(&p, e))?;
        }
        Ok(())
    }

    /// The generated file called `name`, if any.
    pub fn file(&self, name: &str) -> Option<&ImportedFile> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// Runs the whole conversion on the PETRARCH2 dictionaries found under `root`.
pub fn import_petrarch(root: &Path) -> Result<ImportReport, ImportError> {
    let src = PetrarchSources::locate(root)?;
    let mut files = Vec::new();
    let mut actor_stats = Vec::new();
    // Names already written, over all three actor files in PETRARCH's load order.
    let mut seen = HashSet::new();
    for (path, out, default_kind) in [
        (&src.countries, "countries.actors", FileKind::Countries),
        (
            &src.international,
            "international.actors",
            FileKind::International,
        ),
        (&src.nonstate, "nonstate.actors", FileKind::NonState),
    ] {
        let dict = ActorDict::load(&[path])?;
        let source = file_name(path);
        let (text, stats) = convert_actors(&dict, &source, default_kind, &mut seen);
        files.push(ImportedFile {
            name: out.to_string(),
            text,
        });
        actor_stats.push((source, stats));
    }
    let agents = AgentDict::load(&[&src.agents])?;
    let (text, agent_stats) = convert_agents(&agents, &file_name(&src.agents));
    files.push(ImportedFile {
        name: "agents.actors".into(),
        text,
    });
    let verbs = VerbDict::load(&[&src.verbs])?;
    let (text, verb_stats) = convert_verbs(&verbs, &file_name(&src.verbs));
    files.push(ImportedFile {
        name: "cameo.verbs".into(),
        text,
    });
    Ok(ImportReport {
        files,
        actors: actor_stats,
        agents: agent_stats,
        verbs: verb_stats,
    })
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

const LICENCE: &str = "\
# Licence: derived from the PETRARCH2 / Phoenix dictionaries, MIT License, Copyright (c)
# 2014-2015 Open Event Data Alliance (openeventdata/petrarch2; the Phoenix event data set).
# The MIT permission notice applies to this derived file as well: see
# data/dict/petrarch/README.md.";

// ---------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------

/// Which Phoenix actor file an entry comes from; decides the kind when nothing else does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `Phoenix.Countries.actors.txt`: countries (with their cities and regions as
    /// synonyms), national institutions and office holders.
    Countries,
    /// `Phoenix.International.actors.txt`: IGOs, NGOs, companies and their officials.
    International,
    /// `Phoenix.MilNonState.actors.txt`: militant and other non-state groups.
    NonState,
}

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
fn valid_actor_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The entry's codes in dyad's syntax (`RUSELI`, `RUSGOV 1999-08-10..`), undated fallback
/// first, and the number of codes that had to be dropped.
fn convert_entry_codes(entry: &ActorEntry) -> (Vec<String>, usize) {
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
type Range = (Option<NaiveDate>, Option<NaiveDate>);

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
fn subtract(a: Range, b: Range) -> Vec<Range> {
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
const PERSON_ROLES: [&str; 5] = ["GOV", "ELI", "LEG", "OPP", "JUD"];

/// Words that mark an institution rather than a person in a multi-word name.
const INSTITUTION_WORDS: [&str; 40] = [
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
fn territorial(code: &str) -> bool {
    if code.is_empty() || !code.is_ascii() || code.len() % 3 != 0 {
        return false;
    }
    (0..code.len() / 3)
        .map(|i| &code[3 * i..3 * i + 3])
        .all(|p| !AGENT_CODES.contains(&p) && !NON_STATE_PREFIXES.contains(&p))
}

/// CAMEO agent (sector) codes: the second half of `RUSGOV`, `AFGMIL`...
const AGENT_CODES: [&str; 30] = [
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "ELI", "CVL", "BUS", "MED",
    "EDU", "LAB", "REL", "AGR", "HLH", "REF", "UAF", "CRM", "ENV", "HRI", "DEV", "IGO", "NGO",
    "MNC", "IMG", "MOD", "RAD",
];

/// Three-letter CAMEO codes that are not countries (international and non-state types).
const NON_STATE_PREFIXES: [&str; 10] = [
    "IGO", "NGO", "MNC", "IMG", "NGM", "UIS", "ELI", "INT", "HIN", "BUD",
];

// ---------------------------------------------------------------------------------------
// Readable names
// ---------------------------------------------------------------------------------------

/// Words kept lower-case inside a name (never as its first word): "Bank of England",
/// "Bashar al-Assad", "Charles de Gaulle".
const PARTICLES: [&str; 24] = [
    "of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "van", "von",
    "der", "den", "da", "di", "del", "bin", "ibn", "al", "el",
];

/// Abbreviations that look like acronyms (no vowel) but are written in title case.
const TITLE_ABBREVIATIONS: [&str; 11] = [
    "JR", "SR", "MR", "MRS", "MS", "DR", "ST", "MT", "FT", "LT", "SGT",
];

/// Acronyms too short or too common to be recognised from the data alone.
const KNOWN_ACRONYMS: [&str; 16] = [
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
fn consonant_cluster(core: &str) -> bool {
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

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_uppercase(), 'A' | 'E' | 'I' | 'O' | 'U' | 'Y')
}

fn is_roman(w: &str) -> bool {
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

fn readable_word(w: &str, first: bool, person: bool, acronyms: &HashSet<String>) -> String {
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
fn capitalise(part: &str) -> String {
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

/// Figures for the converted agent file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentStats {
    /// Agent entries the PETRARCH parser read.
    pub entries: usize,
    /// Lines the PETRARCH parser rejected.
    pub source_line_errors: usize,
    /// Entries written.
    pub written: usize,
    /// Aliases written (plurals and substitution-set expansions).
    pub aliases: usize,
    /// Entries skipped because their code goes *before* the actor code (`[IGO~]`), which
    /// dyad's resolver does not do (it appends the agent code to the country).
    pub prepended: usize,
    /// Entries skipped because every form was given by an earlier entry.
    pub all_forms_taken: usize,
    /// Forms dropped because an earlier entry already has them.
    pub duplicate_forms: usize,
}

/// Converts PETRARCH agents into a dyad `.actors` file of kind `agent`: the name is the
/// phrase in lower case, the aliases are the other forms PETRARCH generates (its regular
/// plural or the `{...}` irregular one; every member of a `!SUBST!` set).
pub fn convert_agents(dict: &AgentDict, source: &str) -> (String, AgentStats) {
    let mut stats = AgentStats {
        entries: dict.len(),
        source_line_errors: dict.errors.len(),
        ..AgentStats::default()
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut body = String::new();
    for entry in &dict.entries {
        if entry.code.prepend {
            stats.prepended += 1;
            continue;
        }
        let mut forms: Vec<String> = Vec::new();
        for f in dict.forms(entry) {
            let s = f.words.join(" ").to_lowercase().replace(['|', ','], "");
            if s.is_empty() || forms.contains(&s) {
                continue;
            }
            if seen.contains(&s) {
                stats.duplicate_forms += 1;
                continue;
            }
            forms.push(s);
        }
        if forms.is_empty() || !valid_actor_code(&entry.code.code) {
            stats.all_forms_taken += 1;
            continue;
        }
        seen.extend(forms.iter().cloned());
        stats.written += 1;
        stats.aliases += forms.len() - 1;
        let _ = writeln!(
            body,
            "agent | {} | {} | {} |",
            forms[0],
            forms[1..].join(", "),
            entry.code.code
        );
    }
    let head = format!(
        "# dyad agent dictionary imported from PETRARCH2/Phoenix `{source}`\n\
         # ({PROVENANCE}).\n\
         # Generated: do not edit; rebuild with\n\
         #   {REBUILD_COMMAND}\n{LICENCE}\n#\n\
         # {} agents read, {} written with {}\n\
         # aliases (PETRARCH's plurals and substitution sets). Skipped: {} with a code put before\n\
         # the actor (`[IGO~]`), {} whose forms all belong to an earlier agent; {} duplicate forms\n\
         # dropped. Codes are the agent part only (GOV, GOVMIL): the resolver appends them to\n\
         # the country's code.\n#\n# kind | name | aliases | code | attr\n",
        stats.entries,
        stats.written,
        stats.aliases,
        stats.prepended,
        stats.all_forms_taken,
        stats.duplicate_forms,
    );
    (head + &body, stats)
}

// ---------------------------------------------------------------------------------------
// Verbs
// ---------------------------------------------------------------------------------------

/// Figures for the converted verb file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerbStats {
    /// Lines the PETRARCH parser rejected.
    pub source_line_errors: usize,
    /// Synsets read / written as `&NAME = ...` lines.
    pub synsets: usize,
    /// Verb blocks read.
    pub blocks: usize,
    /// Verbs read over all blocks.
    pub verbs: usize,
    /// Verbs skipped because words come before the verb word (`WIRE_+TAP`).
    pub verbs_pre_words: usize,
    /// Verbs with a bare pattern written (a real code of their own or from the block).
    pub verbs_coded: usize,
    /// Patterns read.
    pub patterns: usize,
    /// Patterns converted (written for at least one verb of their block).
    pub patterns_converted: usize,
    /// Patterns skipped because their code is `[---]` (not an event).
    pub patterns_null: usize,
    /// Patterns skipped because they only have a reverse-direction code (`[:173]`) and no
    /// slot to hold the other party as `S`.
    pub patterns_reverse_only: usize,
    /// Reverse-only patterns converted, with `S` on the other party's slot (counted in
    /// `patterns_converted` too).
    pub patterns_reversed: usize,
    /// Patterns skipped because the code is not a 2-4 digit CAMEO code.
    pub patterns_bad_code: usize,
    /// Patterns skipped because they have words before the verb (the subject side).
    pub patterns_pre_verb: usize,
    /// Patterns skipped because the part after the verb does not map onto dyad's slots.
    pub patterns_unmappable: usize,
    /// The reasons behind `patterns_unmappable`, with their counts.
    pub unmappable_reasons: BTreeMap<String, usize>,
    /// Pattern lines written (one per verb of the block and converted pattern).
    pub lines: usize,
    /// Lines not written because the same lemma and slots were written before.
    pub duplicate_lines: usize,
    /// Transformations read (none converted: dyad has no verb-in-verb rules yet).
    pub transformations: usize,
}

/// Particles: a bare word right after the verb that is one of these is `prt=`.
const PARTICLE_WORDS: [&str; 15] = [
    "UP", "DOWN", "OUT", "OFF", "BACK", "AWAY", "OVER", "ON", "IN", "AROUND", "ASIDE", "FORWARD",
    "THROUGH", "TOGETHER", "APART",
];

/// Prepositions that may follow a noun in a pattern written without parentheses
/// (`IDEA_OF`).
const BARE_PREPOSITIONS: [&str; 24] = [
    "OF", "TO", "FOR", "WITH", "ON", "IN", "AT", "FROM", "BY", "AGAINST", "ABOUT", "INTO", "OVER",
    "BETWEEN", "TOWARD", "TOWARDS", "UPON", "AMONG", "UNDER", "THROUGH", "WITHOUT", "DURING",
    "AFTER", "BEFORE",
];

/// Plurals whose `s` is not a plural ending, kept as they are.
const NOT_PLURAL: [&str; 8] = [
    "arms",
    "news",
    "means",
    "species",
    "series",
    "headquarters",
    "politics",
    "economics",
];

/// A simple English singular, for matching a pattern noun against a lemma:
/// `SANCTIONS` → `sanction`, `TAXES` → `tax`, `CASUALTIES` → `casualty`, `TALKS` → `talk`;
/// `CRISIS`, `STATUS`, `PROCESS`, `ARMS`, `NEWS` are kept.
pub fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    let n = w.chars().count();
    if n <= 3 || NOT_PLURAL.contains(&w.as_str()) || !w.is_ascii() {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        if n > 4 {
            return format!("{stem}y");
        }
    }
    for es in ["sses", "shes", "ches", "xes", "zzes"] {
        if w.ends_with(es) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w;
    }
    match w.strip_suffix('s') {
        Some(stem) => stem.to_string(),
        None => w,
    }
}

/// A synset label in dyad's syntax (upper-case letters and `_`): digits are spelled out
/// (`AUXVERB1` → `AUXVERBONE`), anything else becomes `_`.
pub fn set_name(label: &str) -> String {
    const DIGITS: [&str; 10] = [
        "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
    ];
    let mut out = String::new();
    for c in label.chars() {
        match c {
            'A'..='Z' | '_' => out.push(c),
            'a'..='z' => out.push(c.to_ascii_uppercase()),
            '0'..='9' => out.push_str(DIGITS[(c as u8 - b'0') as usize]),
            _ => out.push('_'),
        }
    }
    out
}

/// One dyad slot, written as `name=value`.
type SlotText = (String, String);

/// Why a pattern was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternSkip {
    /// `[---]`.
    Null,
    /// `[:173]`: only a reverse-direction code, and no slot for the other party.
    ReverseOnly,
    /// The code is not 2-4 digits.
    BadCode,
    /// Words before the verb.
    PreVerb,
    /// Something after the verb has no dyad slot.
    Unmappable(String),
}

/// Converts one PETRARCH-2 pattern into dyad slots and a code, or says why it cannot be.
///
/// * `* WORD` → `obj=word` (singular lemma); a particle right after the verb (`* DOWN`) →
///   `prt=down`; `{A B}` → its head `b`; `A_B` joined words → the head `b`, unless `B` is a
///   preposition (`IDEA_OF` → `obj=idea of=*`);
/// * `(PREP)` → `prep=*`, `(PREP WORD)` / `(PREP {A B})` / `(PREP &SET)` → `prep=word` /
///   `prep=b` / `prep=&SET`;
/// * `+` → `T` and `$` → `S` in the slot where they stand; a `$` before the verb is the
///   subject, which is dyad's default source, and is dropped;
/// * `&SET` → `&SET` (label through [`set_name`]);
/// * a reverse-only code `[:051]` (the event runs from the other party to the subject)
///   puts `S` on the `+` slot, or on the only preposition with any object.
pub fn convert_pattern(p: &VerbPattern) -> Result<(Vec<SlotText>, String), PatternSkip> {
    let (code, reverse) = match (&p.code.primary, &p.code.secondary) {
        (None, None) => return Err(PatternSkip::Null),
        (None, Some(c)) => (c.clone(), true),
        (Some(c), _) => (c.clone(), false),
    };
    if !(2..=4).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(PatternSkip::BadCode);
    }
    let verb_at = p
        .items
        .iter()
        .position(|i| i.token == PatternToken::Verb)
        .ok_or_else(|| PatternSkip::Unmappable("no verb at the top level".into()))?;
    // A reverse-only pattern that cannot be converted counts as such, whatever the reason.
    let fail = |why: PatternSkip| {
        if reverse {
            PatternSkip::ReverseOnly
        } else {
            why
        }
    };
    if p.items[..verb_at]
        .iter()
        .any(|i| i.token != PatternToken::Source)
    {
        return Err(fail(PatternSkip::PreVerb));
    }
    let mut slots = post_verb_slots(&p.items[verb_at + 1..]).map_err(fail)?;
    if reverse {
        // `[:051]`: the event runs from the other party to the subject ("X won support
        // from Y" is Y -> X). dyad says that with `S` on the other party's slot: the `+`
        // slot, or else the only preposition with any object (`SUPPORT (FROM)`).
        let target = slots.iter().position(|(_, v)| v == "T");
        let open: Vec<usize> = (0..slots.len())
            .filter(|&i| {
                slots[i].1 == "*" && !matches!(slots[i].0.as_str(), "obj" | "iobj" | "prt")
            })
            .collect();
        let source = match (target, open.as_slice()) {
            (Some(i), _) => i,
            (None, [i]) => *i,
            _ => return Err(PatternSkip::ReverseOnly),
        };
        if slots.iter().any(|(_, v)| v == "S") {
            return Err(PatternSkip::ReverseOnly);
        }
        slots[source].1 = "S".into();
    }
    Ok((slots, code))
}

/// The slots for the items after the verb (shared by patterns and multi-word verbs).
fn post_verb_slots(items: &[PatternItem]) -> Result<Vec<SlotText>, PatternSkip> {
    let bad = |why: &str| Err(PatternSkip::Unmappable(why.to_string()));
    let mut slots: Vec<SlotText> = Vec::new();
    let mut has_obj = false;
    let mut k = 0;
    while k < items.len() {
        let token = &items[k].token;
        match token {
            PatternToken::Word(w) if is_preposition(w) || (k == 0 && is_particle(w)) => {
                let run = noun_run(&items[k + 1..]);
                if run == 0 && k == 0 && is_particle(w) {
                    // `* DOWN`, `+CRACK_DOWN`: a particle.
                    slots.push(("prt".into(), w.to_lowercase()));
                } else if run == 0 {
                    // `* (WITH)`-like bare preposition: any object.
                    slots.push((w.to_lowercase(), "*".into()));
                } else {
                    // `* FROM +`, `* ATTACK ON +`: TABARI-style preposition and its noun.
                    let value = run_value(&items[k + 1..k + 1 + run])?;
                    slots.push((w.to_lowercase(), value));
                }
                k += 1 + run;
                continue;
            }
            PatternToken::Word(_) | PatternToken::Synset(_) => {
                // Consecutive bare words are a noun phrase written without braces
                // (`ARMS EMBARGO`, `AIR_STRIKE`): the last word is the head.
                let run = noun_run(&items[k..]).max(1);
                if has_obj {
                    return bad("two nouns after the verb");
                }
                slots.push(("obj".into(), run_value(&items[k..k + run])?));
                has_obj = true;
                k += run;
                continue;
            }
            PatternToken::NounPhrase(_)
            | PatternToken::Target
            | PatternToken::Source
            | PatternToken::Skip => {
                if has_obj {
                    return bad("two nouns after the verb");
                }
                slots.push(("obj".into(), noun_value(token)?));
                has_obj = true;
            }
            PatternToken::PrepPhrase(inner) => {
                let (prep, rest) = match inner.split_first() {
                    Some((
                        PatternItem {
                            token: PatternToken::Word(w),
                            ..
                        },
                        rest,
                    )) => (w.to_lowercase(), rest),
                    _ => return bad("a prepositional phrase without a preposition"),
                };
                if rest.first().is_some_and(|r| r.joined) {
                    return bad("a multi-word preposition");
                }
                let value = match rest {
                    [] => "*".to_string(),
                    [one] => noun_value(&one.token)?,
                    _ if noun_run(rest) == rest.len() => run_value(rest)?,
                    _ => return bad("more than a noun phrase in a prepositional phrase"),
                };
                slots.push((prep, value));
            }
            PatternToken::Verb => return bad("a second verb"),
            PatternToken::Compound => return bad("`%` (compound actor)"),
        }
        k += 1;
    }
    let mut names = HashSet::new();
    if !slots.iter().all(|(n, _)| names.insert(n.clone())) {
        return bad("the same slot twice");
    }
    if slots.iter().filter(|(_, v)| v == "T" || v == "S").count() > 1 {
        return bad("more than one role");
    }
    if slots.iter().any(|(n, v)| {
        n.is_empty() || v.is_empty() || n.contains(['=', '|', ' ']) || v.contains(['|', ' '])
    }) {
        return bad("a word dyad's format cannot hold");
    }
    Ok(slots)
}

fn is_preposition(w: &str) -> bool {
    BARE_PREPOSITIONS.contains(&w.to_uppercase().as_str())
}

fn is_particle(w: &str) -> bool {
    PARTICLE_WORDS.contains(&w.to_uppercase().as_str())
}

/// How many items from the start are one noun: a run of bare words (not prepositions)
/// and synsets, or a single `{...}`, `+`, `$` or `^`.
fn noun_run(items: &[PatternItem]) -> usize {
    match items.first().map(|i| &i.token) {
        Some(
            PatternToken::NounPhrase(_)
            | PatternToken::Target
            | PatternToken::Source
            | PatternToken::Skip,
        ) => 1,
        _ => items
            .iter()
            .take_while(|i| match &i.token {
                PatternToken::Word(w) => !is_preposition(w),
                PatternToken::Synset(_) => true,
                _ => false,
            })
            .count(),
    }
}

/// The slot value of a noun run: its last item.
fn run_value(run: &[PatternItem]) -> Result<String, PatternSkip> {
    match run.last() {
        Some(last) => noun_value(&last.token),
        None => Err(PatternSkip::Unmappable("a missing noun".into())),
    }
}

/// The slot value of a noun-like token: a word's singular, a synset, a noun phrase's head,
/// `T` or `S`, and `*` for `^` (any noun phrase).
fn noun_value(t: &PatternToken) -> Result<String, PatternSkip> {
    match t {
        PatternToken::Word(w) => Ok(singular(w)),
        PatternToken::Synset(s) => Ok(format!("&{}", set_name(s))),
        PatternToken::Target => Ok("T".into()),
        PatternToken::Source => Ok("S".into()),
        PatternToken::Skip => Ok("*".into()),
        PatternToken::NounPhrase(inner) => match inner.last().map(|i| &i.token) {
            Some(PatternToken::Word(w)) => Ok(singular(w)),
            Some(PatternToken::Synset(s)) => Ok(format!("&{}", set_name(s))),
            _ => Err(PatternSkip::Unmappable(
                "a noun phrase without a head word".into(),
            )),
        },
        _ => Err(PatternSkip::Unmappable("not a noun".into())),
    }
}

/// Converts a PETRARCH-2 verb dictionary into the text of a dyad `.verbs` file.
pub fn convert_verbs(dict: &VerbDict, source: &str) -> (String, VerbStats) {
    let mut stats = VerbStats {
        source_line_errors: dict.errors.len(),
        synsets: dict.synsets.len(),
        blocks: dict.blocks.len(),
        verbs: dict.verb_count(),
        patterns: dict.pattern_count(),
        transformations: dict.transformations.len(),
        ..VerbStats::default()
    };
    let mut body = String::new();
    // Synsets, flattened (`+&OTHER` members expanded), as `&NAME = a, b`.
    let mut sets = String::new();
    let mut defined: HashSet<String> = HashSet::new();
    for s in &dict.synsets {
        let mut members: Vec<String> = Vec::new();
        let mut visiting = vec![s.label.clone()];
        collect_members(dict, &s.label, !s.no_plural, &mut visiting, &mut members);
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(sets, "&{} = {}", set_name(&s.label), members.join(", "));
        defined.insert(set_name(&s.label));
    }
    let mut written: HashSet<(String, String)> = HashSet::new();
    for block in &dict.blocks {
        let _ = writeln!(
            body,
            "\n# --- {} [{}] (line {})",
            block.name,
            code_text(block.code.as_ref()),
            block.line
        );
        // Each verb: lemma and the slots its own extra words give (`+CRACK_DOWN` → prt=down).
        let mut verbs: Vec<(String, Vec<SlotText>)> = Vec::new();
        for v in &block.verbs {
            if v.verb_index > 0 {
                stats.verbs_pre_words += 1;
                continue;
            }
            let Some(word) = v.words.first() else {
                continue;
            };
            let extra: Vec<PatternItem> = v.words[1..]
                .iter()
                .map(|w| PatternItem {
                    token: PatternToken::Word(w.clone()),
                    joined: true,
                })
                .collect();
            let own = match post_verb_slots(&extra) {
                Ok(s) => s,
                Err(_) => {
                    stats.verbs_pre_words += 1;
                    continue;
                }
            };
            let lemma = word.to_lowercase();
            if lemma.contains(['|', '&', '=']) || lemma.contains(char::is_whitespace) {
                continue;
            }
            let code = v.code.as_ref().or(block.code.as_ref());
            if let Some(c) = code
                .and_then(|c| c.primary.clone())
                .filter(|c| (2..=4).contains(&c.len()) && c.chars().all(|x| x.is_ascii_digit()))
            {
                stats.verbs_coded += 1;
                emit(&mut body, &mut written, &mut stats, &lemma, &own, &c);
            }
            verbs.push((lemma, own));
        }
        for p in &block.patterns {
            // PETRARCH ignores a pattern whose synset is not defined; so does the import.
            let converted = convert_pattern(p).and_then(|(slots, code)| {
                match slots
                    .iter()
                    .any(|(_, v)| v.strip_prefix('&').is_some_and(|n| !defined.contains(n)))
                {
                    true => Err(PatternSkip::Unmappable(
                        "a synset the file does not define (PETRARCH ignores it too)".into(),
                    )),
                    false => Ok((slots, code)),
                }
            });
            match converted {
                Ok((slots, code)) => {
                    let mut any = false;
                    for (lemma, own) in &verbs {
                        // A multi-word verb's own slots merge with the pattern's: the
                        // same slot must agree, or be `*` on the verb (`+CALL_FOR` has
                        // for=*, the pattern `(FOR AID)` narrows it to for=aid).
                        let Some(all) = merge_slots(own, &slots) else {
                            continue;
                        };
                        if all.iter().filter(|(_, v)| v == "T" || v == "S").count() > 1 {
                            continue;
                        }
                        emit(&mut body, &mut written, &mut stats, lemma, &all, &code);
                        any = true;
                    }
                    if any {
                        stats.patterns_converted += 1;
                        if p.code.primary.is_none() {
                            stats.patterns_reversed += 1;
                        }
                    } else {
                        stats.patterns_unmappable += 1;
                        *stats
                            .unmappable_reasons
                            .entry("its slots clash with every verb's own words".into())
                            .or_default() += 1;
                    }
                }
                Err(PatternSkip::Null) => stats.patterns_null += 1,
                Err(PatternSkip::ReverseOnly) => stats.patterns_reverse_only += 1,
                Err(PatternSkip::BadCode) => stats.patterns_bad_code += 1,
                Err(PatternSkip::PreVerb) => stats.patterns_pre_verb += 1,
                Err(PatternSkip::Unmappable(why)) => {
                    stats.patterns_unmappable += 1;
                    *stats.unmappable_reasons.entry(why).or_default() += 1;
                }
            }
        }
    }
    let head = format!(
        "# dyad verb patterns imported from PETRARCH2 `{source}`\n\
         # ({PROVENANCE}).\n\
         # Generated: do not edit; rebuild with\n\
         #   {REBUILD_COMMAND}\n{LICENCE}\n#\n\
         # Format: crates/coder/src/verbs.rs (`lemma | slots | CAMEO code`). Each PETRARCH verb\n\
         # block gives every verb a bare pattern with its code, and each of the block's patterns\n\
         # for every verb of the block.\n\
         # {} synsets, {} blocks, {} verbs ({} with a code; {} skipped: words before the verb),\n\
         # {} of {} patterns converted into {} lines ({} duplicate lines dropped). Patterns skipped:\n\
         # {} `[---]` (not an event), {} with only a reverse code `[:X]` that has no slot for\n\
         # its source ({} others converted with `S`), {} with a non-CAMEO code, {} with words\n\
         # before the verb, {} whose shape has no dyad slot. The {} transformations are not\n\
         # converted (dyad has no verb-in-verb rules yet).\n\
         # Synsets are flattened; multi-word members are kept but only single words can match.\n\n",
        stats.synsets,
        stats.blocks,
        stats.verbs,
        stats.verbs_coded,
        stats.verbs_pre_words,
        stats.patterns_converted,
        stats.patterns,
        stats.lines,
        stats.duplicate_lines,
        stats.patterns_null,
        stats.patterns_reverse_only,
        stats.patterns_reversed,
        stats.patterns_bad_code,
        stats.patterns_pre_verb,
        stats.patterns_unmappable,
        stats.transformations,
    );
    (head + &sets + &body, stats)
}

/// A multi-word verb's slots merged with a pattern's, or `None` if they disagree.
fn merge_slots(own: &[SlotText], pattern: &[SlotText]) -> Option<Vec<SlotText>> {
    let mut all: Vec<SlotText> = Vec::new();
    for (n, v) in own {
        match pattern.iter().find(|(m, _)| m == n) {
            None => all.push((n.clone(), v.clone())),
            Some((_, pv)) if pv == v || v == "*" => all.push((n.clone(), pv.clone())),
            Some(_) => return None,
        }
    }
    for (n, v) in pattern {
        if !all.iter().any(|(m, _)| m == n) {
            all.push((n.clone(), v.clone()));
        }
    }
    Some(all)
}

fn code_text(c: Option<&crate::petrarch::VerbCode>) -> String {
    match c {
        None => "---".into(),
        Some(c) => match (&c.primary, &c.secondary) {
            (Some(a), Some(b)) => format!("{a}:{b}"),
            (Some(a), None) => a.clone(),
            (None, Some(b)) => format!(":{b}"),
            (None, None) => "---".into(),
        },
    }
}

fn emit(
    body: &mut String,
    written: &mut HashSet<(String, String)>,
    stats: &mut VerbStats,
    lemma: &str,
    slots: &[SlotText],
    code: &str,
) {
    let slot_text = slots
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join(" ");
    if !written.insert((lemma.to_string(), slot_text.clone())) {
        stats.duplicate_lines += 1;
        return;
    }
    stats.lines += 1;
    let _ = writeln!(body, "{lemma} | {slot_text} | {code}");
}

/// The members of a synset, flattened, lower-case, with the singular of each noun's last
/// word added when it differs (`TROOPS` → `troops, troop`) unless plurals are off.
fn collect_members(
    dict: &VerbDict,
    label: &str,
    nouns: bool,
    visiting: &mut Vec<String>,
    out: &mut Vec<String>,
) {
    let Some(set) = dict.synset(label) else {
        return;
    };
    for m in &set.members {
        match m {
            SynsetMember::Synset(other) => {
                if visiting.contains(other) {
                    continue;
                }
                visiting.push(other.clone());
                collect_members(dict, other, nouns, visiting, out);
                visiting.pop();
            }
            SynsetMember::Phrase(p) if !p.is_empty() => {
                let text = p.words.join(" ").to_lowercase().replace([',', '|'], "");
                let mut forms = vec![text.clone()];
                if nouns && !p.closed {
                    let mut words: Vec<String> = p.words.iter().map(|w| w.to_lowercase()).collect();
                    if let Some(last) = words.last_mut() {
                        *last = singular(last);
                    }
                    forms.push(words.join(" "));
                }
                for f in forms {
                    if !f.is_empty() && !out.contains(&f) {
                        out.push(f);
                    }
                }
            }
            SynsetMember::Phrase(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn readable_names() {
        let acr: HashSet<String> = ["NATO".to_string()].into_iter().collect();
        let r = |s: &str, person: bool| readable_name(&Phrase::parse(s), person, &acr);
        assert_eq!(r("VLADIMIR_PUTIN_", true), "Vladimir Putin");
        assert_eq!(r("GEORGE_W._BUSH", true), "George W. Bush");
        assert_eq!(r("U.N._SECURITY_COUNCIL", false), "U.N. Security Council");
        assert_eq!(r("NATO_", false), "NATO");
        assert_eq!(r("BASHAR_AL-ASSAD", true), "Bashar al-Assad");
        assert_eq!(r("AL-QAEDA", false), "Al-Qaeda");
        assert_eq!(r("BANK_OF_ENGLAND", false), "Bank of England");
        assert_eq!(r("JOHN_MCCAIN", true), "John McCain");
        assert_eq!(r("CONAN_O'BRIEN", true), "Conan O'Brien");
        assert_eq!(r("MARTIN_LUTHER_KING_JR", true), "Martin Luther King Jr");
        assert_eq!(r("PKK", false), "PKK");
        assert_eq!(r("POPE_JOHN_PAUL_II", true), "Pope John Paul II");
        assert_eq!(r("HAMMARSKJOLD)", true), "Hammarskjold");
        assert_eq!(r("DGSE", false), "DGSE");
        assert_eq!(
            r("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_", false),
            "Aden Abyan Islamic Army (AAIA)"
        );
    }

    #[test]
    fn dated_codes_follow_petrarch_priority() {
        // [A 1970-01-01 - 1999-08-09] [B 1999-12-31 - 2008-05-07] [B 1999-08-09 - 2000-05-07] [B >2008-05-08]
        let c = |code: &str, f, t| (code.to_string(), f, t);
        let got = convert_dated_codes(&[
            c("A", d(1970, 1, 1), d(1999, 8, 10)),
            c("B", d(1999, 12, 31), d(2008, 5, 8)),
            c("B", d(1999, 8, 9), d(2000, 5, 8)),
            c("B", d(2008, 5, 8), None),
        ]);
        assert_eq!(
            got,
            vec![
                c("A", d(1970, 1, 1), d(1999, 8, 10)),
                c("B", d(1999, 8, 10), None)
            ]
        );
        // An open start, and a later range wholly inside an earlier one.
        let got = convert_dated_codes(&[
            c("X", None, d(2000, 1, 1)),
            c("Y", d(1990, 1, 1), d(1995, 1, 1)),
        ]);
        assert_eq!(got, vec![c("X", None, d(2000, 1, 1))]);
        let got = convert_dated_codes(&[
            c("Y", d(1990, 1, 1), d(1995, 1, 1)),
            c("X", None, d(2000, 1, 1)),
        ]);
        assert_eq!(
            got,
            vec![
                c("X", None, d(1990, 1, 1)),
                c("Y", d(1990, 1, 1), d(1995, 1, 1)),
                c("X", d(1995, 1, 1), d(2000, 1, 1))
            ]
        );
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("SANCTIONS"), "sanction");
        assert_eq!(singular("TAXES"), "tax");
        assert_eq!(singular("CASUALTIES"), "casualty");
        assert_eq!(singular("FORCES"), "force");
        assert_eq!(singular("CRISIS"), "crisis");
        assert_eq!(singular("PROCESS"), "process");
        assert_eq!(singular("ARMS"), "arms");
        assert_eq!(singular("AID"), "aid");
        assert_eq!(set_name("AUXVERB1"), "AUXVERBONE");
    }

    #[test]
    fn patterns() {
        let text = "&WEAPON\n+GUN\n--- IMPOSE [170] ---\nIMPOSE\n+CRACK_DOWN\n\
                    - * SANCTIONS [163]\n- * (ON +) [172]\n- * TAXES [---]\n- * (BEFORE COURT) [:173]\n\
                    - WALK OUT * [164]\n- * {MARTIAL LAW} [1724]\n- * STATE (OF EMERGENCY) [1724]\n\
                    - * &WEAPON (TO) [070]\n- * IDEA_OF [014]\n- * SUPPORT (FROM) [:051]\n";
        let d = VerbDict::parse_str(text, "t");
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let (out, st) = convert_verbs(&d, "t");
        for line in [
            "impose |  | 170",
            "crack | prt=down | 170",
            "impose | obj=sanction | 163",
            "crack | prt=down obj=sanction | 163",
            "impose | on=T | 172",
            "impose | obj=law | 1724",
            "impose | obj=state of=emergency | 1724",
            "impose | obj=&WEAPON to=* | 070",
            "impose | obj=idea of=* | 014",
            "impose | obj=support from=S | 051",
            "&WEAPON = gun",
        ] {
            assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
        }
        assert!(out.lines().any(|l| l == "crack | prt=down on=T | 172"));
        assert_eq!(st.patterns, 10);
        assert_eq!(st.patterns_reversed, 1);
        assert_eq!(st.patterns_null, 1);
        assert_eq!(st.patterns_reverse_only, 1);
        assert_eq!(st.patterns_pre_verb, 1);
        assert_eq!(st.patterns_converted, 7);
    }
}
