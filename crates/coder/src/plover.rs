//! CAMEO → PLOVER: the PLOVER event type, mode and contexts for a CAMEO event code.
//!
//! dyad ships the mapping as `data/cameo/cameo_plover.tsv`, which [`build_plover_tsv`]
//! derives from PLOVER's `CAMEO2PLOVER-2021.txt` (PLOVER draft 0.8, Sept 2021, CC BY-SA 4.0,
//! so the derived file carries the same licence; it is kept apart from `cameo_codes.tsv`
//! for that reason). [`PloverMap::plover_for`] gives the [`Plover`] value of an event.
//!
//! How the table is completed (the upstream table lists only some codes):
//!
//! * a code listed in the table takes its own line (`table`);
//! * otherwise it takes its nearest listed ancestor's line, 4-digit → 3-digit → root
//!   (`inherited from XXX`);
//! * root 08 YIELD is listed twice, as CONCEDE and as RETREAT (the manual splits it into
//!   081-083 CONCEDE and 084-087 RETREAT, and the table lists every 08x code), so the bare
//!   root `08` stays unmapped, and so would an unlisted 08x child;
//! * roots 01 and 02 are dropped by PLOVER, so they have no mapping;
//! * code 175 has the context `pro_autocracy` in the mode slot; it is moved to the contexts.
//!
//! Format of `cameo_plover.tsv`: `#` comment lines, then the header
//! `code event mode context source` and one tab-separated row per mapped code; `context`
//! joins several contexts with `;`, empty fields mean none.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use crate::codebook::{is_event_code, Codebook};
use crate::error::{numbered_lines, read_text, LineError, LoadError};
use crate::event::Plover;

/// The 16 PLOVER event types of the 2021 manual, in the manual's order.
pub const PLOVER_EVENT_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// The columns of `cameo_plover.tsv`.
pub const PLOVER_COLUMNS: [&str; 5] = ["code", "event", "mode", "context", "source"];

/// The command that rebuilds `data/cameo/cameo_plover.tsv`, quoted in its header.
pub const PLOVER_REBUILD: &str =
    "cargo run --release -p dyad-coder --example build_codebook -- /work/shared/cameo data/cameo";

/// One row of the mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct PloverRow {
    /// CAMEO code.
    pub code: String,
    /// PLOVER event type, mode and contexts.
    pub plover: Plover,
    /// `table` or `inherited from XXX`: where the row comes from.
    pub source: String,
}

/// The CAMEO → PLOVER mapping.
#[derive(Debug, Clone, Default)]
pub struct PloverMap {
    rows: Vec<PloverRow>,
    index: HashMap<String, usize>,
    /// Rows that could not be read; the others loaded.
    pub errors: Vec<LineError>,
}

impl PloverMap {
    /// Loads `cameo_plover.tsv`. Bad rows go to [`PloverMap::errors`] and are skipped.
    pub fn load(path: impl AsRef<Path>) -> Result<PloverMap, LoadError> {
        let path = path.as_ref();
        let text = read_text(path)?;
        Self::parse_str(&text, &path.display().to_string())
    }

    /// Parses mapping text; `file` labels error messages.
    pub fn parse_str(text: &str, file: &str) -> Result<PloverMap, LoadError> {
        let mut map = PloverMap::default();
        let mut header_seen = false;
        for (n, line) in numbered_lines(text) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if !header_seen {
                if f.len() < 4 || f[..4] != PLOVER_COLUMNS[..4] {
                    return Err(LoadError::Invalid {
                        path: file.to_string(),
                        reason: format!("line {n}: expected the header row"),
                    });
                }
                header_seen = true;
                continue;
            }
            let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
            let code = get(0);
            if !is_event_code(code) {
                map.errors.push(LineError::new(
                    file,
                    n,
                    format!("`{code}` is not a CAMEO event code"),
                ));
                continue;
            }
            let event = get(1);
            if !PLOVER_EVENT_TYPES.contains(&event) {
                map.errors.push(LineError::new(
                    file,
                    n,
                    format!("code {code}: `{event}` is not a PLOVER event type"),
                ));
                continue;
            }
            if map.index.contains_key(code) {
                map.errors
                    .push(LineError::new(file, n, format!("duplicate code {code}")));
                continue;
            }
            let plover = Plover {
                event_type: event.to_string(),
                mode: (!get(2).is_empty()).then(|| get(2).to_string()),
                context: split_contexts(get(3)),
            };
            map.index.insert(code.to_string(), map.rows.len());
            map.rows.push(PloverRow {
                code: code.to_string(),
                plover,
                source: get(4).to_string(),
            });
        }
        if !header_seen {
            return Err(LoadError::Invalid {
                path: file.to_string(),
                reason: "no header row".to_string(),
            });
        }
        Ok(map)
    }

    /// The PLOVER event type, mode and contexts for a CAMEO code; `None` for codes PLOVER
    /// drops (roots 01, 02), the undecidable root `08`, and unknown codes.
    pub fn plover_for(&self, code: &str) -> Option<Plover> {
        self.row(code).map(|r| r.plover.clone())
    }

    /// The full row for a code, with where it came from.
    pub fn row(&self, code: &str) -> Option<&PloverRow> {
        self.index.get(code).map(|&i| &self.rows[i])
    }

    /// Every row in file order.
    pub fn iter(&self) -> impl Iterator<Item = &PloverRow> {
        self.rows.iter()
    }

    /// Number of mapped codes.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True if nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

fn split_contexts(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// One line of `CAMEO2PLOVER-2021.txt`: `CODE: EVENT[, mode[, context; context]] # name`.
#[derive(Debug, Clone, PartialEq)]
struct TableLine {
    event: String,
    mode: Option<String>,
    context: Vec<String>,
}

/// Reads the upstream table. Returns the entries per code (several when a code is listed
/// more than once, as 08 and 175 are) and the lines that could not be read.
fn read_upstream(text: &str, label: &str) -> (BTreeMap<String, Vec<TableLine>>, Vec<LineError>) {
    let mut out: BTreeMap<String, Vec<TableLine>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (n, raw) in numbered_lines(text) {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('~') {
            continue;
        }
        let Some((code, rest)) = line.split_once(':') else {
            errors.push(LineError::new(
                label,
                n,
                "expected `CODE: EVENT, mode, context`",
            ));
            continue;
        };
        let code = code.trim();
        if !is_event_code(code) {
            errors.push(LineError::new(label, n, format!("bad CAMEO code `{code}`")));
            continue;
        }
        let parts: Vec<&str> = rest.splitn(3, ',').map(str::trim).collect();
        let event = parts.first().copied().unwrap_or("");
        if !PLOVER_EVENT_TYPES.contains(&event) {
            errors.push(LineError::new(
                label,
                n,
                format!("`{event}` is not a PLOVER event type"),
            ));
            continue;
        }
        let mut mode = parts
            .get(1)
            .filter(|m| !m.is_empty())
            .map(|m| m.to_string());
        let mut context = split_contexts(parts.get(2).copied().unwrap_or(""));
        // 175 puts the context `pro_autocracy` in the mode slot.
        if mode.as_deref() == Some("pro_autocracy") {
            mode = None;
            context.insert(0, "pro_autocracy".to_string());
        }
        let entry = TableLine {
            event: event.to_string(),
            mode,
            context,
        };
        let list = out.entry(code.to_string()).or_default();
        if !list.contains(&entry) {
            list.push(entry);
        }
    }
    (out, errors)
}

/// Builds the text of `cameo_plover.tsv` from the text of `CAMEO2PLOVER-2021.txt` and the
/// codebook (every codebook code gets a row when it can be mapped; codes the table adds
/// beyond CAMEO 1.1b3, like 1213 and 1214, are kept too). `known_modes` and
/// `known_contexts` (the manual's lists) are used only to name, in the header, the modes
/// and contexts the table uses that the manual does not define; they are kept as written. Unreadable table lines are an error: the shipped file must be clean.
pub fn build_plover_tsv(
    table: &str,
    table_label: &str,
    codebook: &Codebook,
    known_modes: &[String],
    known_contexts: &[String],
) -> Result<String, LoadError> {
    let (upstream, errors) = read_upstream(table, table_label);
    if let Some(e) = errors.first() {
        return Err(LoadError::Invalid {
            path: table_label.to_string(),
            reason: e.to_string(),
        });
    }
    let mut codes: Vec<String> = codebook.iter().map(|c| c.code.clone()).collect();
    for c in upstream.keys() {
        if codebook.get(c).is_none() {
            codes.push(c.clone());
        }
    }
    let mut rows: Vec<(String, TableLine, String)> = Vec::new();
    for code in &codes {
        if let Some(row) = resolve(code, &upstream) {
            rows.push((code.clone(), row.0, row.1));
        }
    }
    let mut odd_modes: Vec<String> = rows
        .iter()
        .filter_map(|(_, t, _)| t.mode.clone())
        .filter(|m| !known_modes.contains(m))
        .collect();
    odd_modes.sort();
    odd_modes.dedup();
    let mut odd_contexts: Vec<String> = rows
        .iter()
        .flat_map(|(_, t, _)| t.context.iter().cloned())
        .filter(|c| !known_contexts.contains(c))
        .collect();
    odd_contexts.sort();
    odd_contexts.dedup();
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };

    let mut out = String::new();
    out.push_str(PLOVER_HEADER);
    let _ = writeln!(out, "# Rebuild: {PLOVER_REBUILD}");
    let _ = writeln!(
        out,
        "# Modes used by the table but not in the manual's mode list: {}",
        list(&odd_modes)
    );
    let _ = writeln!(
        out,
        "# Contexts used by the table but not in the manual's context list: {}",
        list(&odd_contexts)
    );
    out.push_str(&PLOVER_COLUMNS.join("\t"));
    out.push('\n');
    for (code, t, source) in rows {
        let _ = writeln!(
            out,
            "{code}\t{}\t{}\t{}\t{source}",
            t.event,
            t.mode.unwrap_or_default(),
            t.context.join(";")
        );
    }
    Ok(out)
}

/// The mapping for one code: its own unambiguous line, or the nearest unambiguous
/// ancestor's line (a root passes on its event type only).
fn resolve(code: &str, table: &BTreeMap<String, Vec<TableLine>>) -> Option<(TableLine, String)> {
    let own = |c: &str| match table.get(c).map(Vec::as_slice) {
        Some([one]) => Some(one.clone()),
        _ => None,
    };
    if let Some(t) = own(code) {
        return Some((t, "table".to_string()));
    }
    let ancestors: Vec<&str> = match code.len() {
        4 => vec![&code[..3], &code[..2]],
        3 => vec![&code[..2]],
        _ => vec![],
    };
    for a in ancestors {
        if let Some(t) = own(a) {
            let t = if a.len() == 2 {
                TableLine {
                    event: t.event,
                    mode: None,
                    context: Vec::new(),
                }
            } else {
                t
            };
            return Some((t, format!("inherited from {a}")));
        }
    }
    None
}

const PLOVER_HEADER: &str = "\
# dyad CAMEO -> PLOVER mapping: PLOVER event type, mode and contexts per CAMEO event code.
# Generated by dyad (crates/coder/src/plover.rs, build_plover_tsv); do not edit by hand.
# Derived from CAMEO2PLOVER-2021.txt (PLOVER draft 0.8, 17 Sept 2021, edited by Philip
# Schrodt), openeventdata/PLOVER @ 5e0c24f. Licence: CC BY-SA 4.0, like PLOVER itself;
# this file is shared under the same licence (https://creativecommons.org/licenses/by-sa/4.0/).
# Completion rules (see plover.rs): unlisted codes inherit their nearest listed ancestor
# (a root gives its event type only); roots 01-02 (dropped by PLOVER) and the bare root 08
# (listed as both CONCEDE and RETREAT) are unmapped; 175's `pro_autocracy` is moved from
# the mode slot to the contexts. source: table = own line upstream; inherited from X.
";
