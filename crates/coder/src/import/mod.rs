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

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::LoadError;
use crate::petrarch::{ActorDict, AgentDict, VerbDict};

mod actors;
mod agents;
mod verbs;

pub use actors::*;
pub use agents::*;
pub use verbs::*;

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
pub(crate) const PROVENANCE: &str =
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

pub(crate) fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

pub(crate) const LICENCE: &str = "\
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::petrarch::Phrase;
    use chrono::NaiveDate;

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
