//! Agent dictionaries: PETRARCH agents (with their plural rules) to dyad `agent` lines.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::petrarch::AgentDict;

use super::*;

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
