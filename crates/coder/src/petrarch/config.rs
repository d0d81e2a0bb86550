//! A whole PETRARCH dictionary set, loaded as a `PETR_config.ini` names it.
//!
//! ```ini
//! [Dictionaries]
//! verbfile_name    = CAMEO.2.0.txt
//! actorfile_list   = Phoenix.Countries.actors.txt, Phoenix.International.actors.txt
//! agentfile_name   = Phoenix.agents.txt
//! discardfile_name = Phoenix.discards.txt
//! issuefile_name   = Phoenix.IssueCoding.txt
//! internal_coding_ontology_filename = PETR.Internal.Coding.Ontology.txt
//! ```
//!
//! Only the `[Dictionaries]` section is read; PETRARCH's coding options do not apply to
//! dyad. UD-PETRARCH's `P1verbfile_name` is used instead of `verbfile_name` when its
//! `[Options]` say `use_Petrarch1_verb_dictionary = True`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{
    ActorDict, AgentDict, DiscardList, IssueDict, LineError, LoadError, PicoTable, VerbDict,
};

/// The dictionaries of one configuration.
#[derive(Debug, Clone, Default)]
pub struct DictionarySet {
    /// The verb dictionary.
    pub verbs: VerbDict,
    /// All actor files, merged.
    pub actors: ActorDict,
    /// The agent dictionary.
    pub agents: AgentDict,
    /// The discard list, if configured.
    pub discards: Option<DiscardList>,
    /// The issue dictionary, if configured.
    pub issues: Option<IssueDict>,
    /// The PICO table, if configured.
    pub pico: Option<PicoTable>,
    /// The files that were loaded, in order.
    pub files: Vec<PathBuf>,
}

impl DictionarySet {
    /// Reads `config` and loads the files it names, looking for each in `dict_dirs` in
    /// order (PETRARCH keeps them in one `data/dictionaries/` folder; a list lets a user
    /// override some files with their own). A missing verb, actor or agent entry in the
    /// config, or a named file found in no folder, is an error.
    pub fn from_config<P: AsRef<Path>>(
        config: impl AsRef<Path>,
        dict_dirs: &[P],
    ) -> Result<DictionarySet, LoadError> {
        let config = config.as_ref();
        let text = crate::error::read_text(config)?;
        let ini = read_ini(&text);
        let label = config.display().to_string();
        let invalid = |reason: String| LoadError::Invalid {
            path: label.clone(),
            reason,
        };
        let dicts = ini.get("dictionaries").cloned().unwrap_or_default();
        let options = ini.get("options").cloned().unwrap_or_default();
        let find = |name: &str| -> Result<PathBuf, LoadError> {
            dict_dirs
                .iter()
                .map(|d| d.as_ref().join(name))
                .find(|p| p.is_file())
                .ok_or_else(|| invalid(format!("`{name}` is in none of the dictionary folders")))
        };
        let get = |key: &str| dicts.get(key).filter(|v| !v.is_empty());
        let use_p1 = options
            .get("use_petrarch1_verb_dictionary")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let verb_name = if use_p1 { get("p1verbfile_name") } else { None }
            .or_else(|| get("verbfile_name"))
            .ok_or_else(|| invalid("[Dictionaries] has no verbfile_name".to_string()))?;
        let actor_names: Vec<&str> = get("actorfile_list")
            .ok_or_else(|| invalid("[Dictionaries] has no actorfile_list".to_string()))?
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let agent_name = get("agentfile_name")
            .ok_or_else(|| invalid("[Dictionaries] has no agentfile_name".to_string()))?;

        let mut set = DictionarySet::default();
        let verb_path = find(verb_name)?;
        set.verbs = VerbDict::load(&[&verb_path])?;
        set.files.push(verb_path);
        let actor_paths = actor_names
            .iter()
            .map(|n| find(n))
            .collect::<Result<Vec<_>, _>>()?;
        set.actors = ActorDict::load(&actor_paths)?;
        set.files.extend(actor_paths);
        let agent_path = find(agent_name)?;
        set.agents = AgentDict::load(&[&agent_path])?;
        set.files.push(agent_path);
        if let Some(name) = get("discardfile_name") {
            let p = find(name)?;
            set.discards = Some(DiscardList::load(&[&p])?);
            set.files.push(p);
        }
        if let Some(name) = get("issuefile_name") {
            let p = find(name)?;
            set.issues = Some(IssueDict::load(&[&p])?);
            set.files.push(p);
        }
        if let Some(name) = get("internal_coding_ontology_filename") {
            let p = find(name)?;
            set.pico = Some(PicoTable::load(&p)?);
            set.files.push(p);
        }
        Ok(set)
    }

    /// Every line error of every file of the set.
    pub fn errors(&self) -> impl Iterator<Item = &LineError> {
        self.verbs
            .errors
            .iter()
            .chain(&self.actors.errors)
            .chain(&self.agents.errors)
            .chain(self.discards.iter().flat_map(|d| &d.errors))
            .chain(self.issues.iter().flat_map(|d| &d.errors))
            .chain(self.pico.iter().flat_map(|d| &d.errors))
    }
}

/// A minimal INI reader: `[section]` headers and `key = value` lines, with `#` and `;`
/// comment lines. Section and key names are lower-cased; values are trimmed.
fn read_ini(text: &str) -> HashMap<String, HashMap<String, String>> {
    let mut out: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut section = String::new();
    for (_, line) in crate::error::numbered_lines(text) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = name.trim().to_ascii_lowercase();
            continue;
        }
        if let Some((k, v)) = t.split_once(['=', ':']) {
            out.entry(section.clone())
                .or_default()
                .insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    out
}
