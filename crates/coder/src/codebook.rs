//! The CAMEO event codebook: every event code with its name, Goldstein weight and quad class.
//!
//! dyad ships the codebook as `data/cameo/cameo_codes.tsv`, a file in our own format that
//! [`build_codebook_tsv`] derives from the shared reference table (CAMEO manual 1.1b3 names,
//! GDELT Goldstein weights). [`Codebook::load`] reads it back; the coder uses
//! [`Codebook::cameo`] to fill the `cameo` field of every [`crate::Event`].
//!
//! Format of `cameo_codes.tsv`: UTF-8, `#` comment lines first (provenance, credits and the
//! rebuild command), then a header row and one tab-separated row per code:
//!
//! | column | meaning |
//! |---|---|
//! | `code` | the CAMEO code with its leading zero: `01`, `040`, `0211` |
//! | `name` | the CAMEO 1.1b3 name in sentence case (`Consult, not specified below`) |
//! | `goldstein` | GDELT's Goldstein weight, -10 .. +10 |
//! | `quad_class` | 1 verbal cooperation (roots 01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20) |
//! | `root` | the two-digit root |
//! | `parent` | the root for a 3-digit code, the 3-digit code for a 4-digit code, empty for a root |
//! | `goldstein_note` | empty, or `inherited from XXX` when GDELT has no weight for the code |

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::{numbered_lines, read_text, LineError, LoadError};
use crate::event::Cameo;

/// The columns of `cameo_codes.tsv`, in order.
pub const CODEBOOK_COLUMNS: [&str; 7] = [
    "code",
    "name",
    "goldstein",
    "quad_class",
    "root",
    "parent",
    "goldstein_note",
];

/// One CAMEO event code and its attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    /// The code, with its leading zero (`040`).
    pub code: String,
    /// Name in sentence case, as written into events.
    pub name: String,
    /// Goldstein conflict/cooperation weight (GDELT scale), -10 .. +10.
    pub goldstein: f64,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// The two-digit root (`04`).
    pub root: String,
    /// The parent code, `None` for a root.
    pub parent: Option<String>,
    /// Why the weight is not GDELT's own, when it is not (e.g. `inherited from 15`).
    pub goldstein_note: Option<String>,
}

impl CodeInfo {
    /// The [`Cameo`] value that goes into an [`crate::Event`].
    pub fn to_cameo(&self) -> Cameo {
        Cameo {
            code: self.code.clone(),
            name: self.name.clone(),
            goldstein: self.goldstein,
            quad_class: self.quad_class,
        }
    }
}

/// All CAMEO event codes, looked up by code string.
#[derive(Debug, Clone, Default)]
pub struct Codebook {
    codes: Vec<CodeInfo>,
    index: HashMap<String, usize>,
    /// Lines that could not be read; the other lines loaded.
    pub errors: Vec<LineError>,
}

impl Codebook {
    /// Loads `cameo_codes.tsv` (or any file in that format). Bad rows are reported in
    /// [`Codebook::errors`] as `file:line: reason` and skipped; only an unreadable file or
    /// a missing header row is an `Err`.
    pub fn load(path: impl AsRef<Path>) -> Result<Codebook, LoadError> {
        let path = path.as_ref();
        let text = read_text(path)?;
        Self::parse_str(&text, &path.display().to_string())
    }

    /// Parses codebook text; `file` labels error messages.
    pub fn parse_str(text: &str, file: &str) -> Result<Codebook, LoadError> {
        let mut book = Codebook::default();
        let mut header_seen = false;
        for (n, line) in numbered_lines(text) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !header_seen {
                if fields.len() < 4 || fields[..4] != CODEBOOK_COLUMNS[..4] {
                    return Err(LoadError::Invalid {
                        path: file.to_string(),
                        reason: format!(
                            "line {n}: expected the header row `{}`",
                            CODEBOOK_COLUMNS.join("\\t")
                        ),
                    });
                }
                header_seen = true;
                continue;
            }
            match parse_row(&fields) {
                Ok(info) => {
                    if book.index.contains_key(&info.code) {
                        book.errors.push(LineError::new(
                            file,
                            n,
                            format!("duplicate code {}", info.code),
                        ));
                        continue;
                    }
                    book.index.insert(info.code.clone(), book.codes.len());
                    book.codes.push(info);
                }
                Err(reason) => book.errors.push(LineError::new(file, n, reason)),
            }
        }
        if !header_seen {
            return Err(LoadError::Invalid {
                path: file.to_string(),
                reason: "no header row".to_string(),
            });
        }
        Ok(book)
    }

    /// The attributes of `code` (`"040"`), if it is a known code.
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.index.get(code).map(|&i| &self.codes[i])
    }

    /// The [`Cameo`] value for an event with this code.
    pub fn cameo(&self, code: &str) -> Option<Cameo> {
        self.get(code).map(CodeInfo::to_cameo)
    }

    /// Every code, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &CodeInfo> {
        self.codes.iter()
    }

    /// Number of codes loaded.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True if no code loaded.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// The quad class of a two-digit root under the CAMEO convention dyad ships:
/// 01-05 → 1, 06-08 → 2, 09-13 → 3, 14-20 → 4. `None` for anything else.
pub fn quad_class_of_root(root: &str) -> Option<u8> {
    if root.len() != 2 {
        return None;
    }
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// True for a well-formed CAMEO event code: 2 to 4 ASCII digits whose root is 01-20.
pub fn is_event_code(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && quad_class_of_root(&code[..2]).is_some()
}

fn parse_row(fields: &[&str]) -> Result<CodeInfo, String> {
    if fields.len() < 6 {
        return Err(format!(
            "expected at least 6 tab-separated fields, found {}",
            fields.len()
        ));
    }
    let code = fields[0].trim();
    if !is_event_code(code) {
        return Err(format!(
            "`{code}` is not a CAMEO event code (2-4 digits, root 01-20)"
        ));
    }
    let name = fields[1].trim();
    if name.is_empty() {
        return Err(format!("code {code} has an empty name"));
    }
    let goldstein: f64 = fields[2]
        .trim()
        .parse()
        .map_err(|_| format!("code {code}: goldstein `{}` is not a number", fields[2]))?;
    if !(-10.0..=10.0).contains(&goldstein) {
        return Err(format!(
            "code {code}: goldstein {goldstein} is outside -10..10"
        ));
    }
    let quad_class: u8 = fields[3]
        .trim()
        .parse()
        .map_err(|_| format!("code {code}: quad_class `{}` is not 1-4", fields[3]))?;
    let root = fields[4].trim();
    if root != &code[..2] {
        return Err(format!(
            "code {code}: root `{root}` does not match the code"
        ));
    }
    let expected = quad_class_of_root(root).unwrap_or(0);
    if quad_class != expected {
        return Err(format!(
            "code {code}: quad_class {quad_class} does not match root {root} (expected {expected})"
        ));
    }
    let parent = fields[5].trim();
    let expected_parent = match code.len() {
        2 => "",
        3 => &code[..2],
        _ => &code[..3],
    };
    if parent != expected_parent {
        return Err(format!(
            "code {code}: parent `{parent}` should be `{expected_parent}`"
        ));
    }
    let note = fields.get(6).map(|s| s.trim()).unwrap_or("");
    Ok(CodeInfo {
        code: code.to_string(),
        name: name.to_string(),
        goldstein,
        quad_class,
        root: root.to_string(),
        parent: (!parent.is_empty()).then(|| parent.to_string()),
        goldstein_note: (!note.is_empty()).then(|| note.to_string()),
    })
}

/// Sentence case for CAMEO names: the manual writes roots in capitals (`MAKE PUBLIC
/// STATEMENT`), which become `Make public statement`; mixed-case names keep their inner
/// capitals (`Threaten attack with WMD`) and only get an upper-case first letter.
pub fn sentence_case(name: &str) -> String {
    let name = name.trim();
    let base = if name.chars().any(|c| c.is_lowercase()) {
        name.to_string()
    } else {
        name.to_lowercase()
    };
    let mut chars = base.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The command that rebuilds `data/cameo/cameo_codes.tsv`, quoted in its header.
pub const CODEBOOK_REBUILD: &str =
    "cargo run --release -p dyad-coder --example build_codebook -- /work/shared/cameo data/cameo";

/// Builds the text of `cameo_codes.tsv` from the shared reference table
/// `codebook/cameo_codebook.tsv` (columns `code name goldstein quad_class ... root digits
/// parent goldstein_source ...`, looked up by header name). Names are put in sentence case;
/// GDELT weights and the 01-05/06-08/09-13/14-20 quad convention are kept. Every row is
/// checked with the same rules as [`Codebook::load`], and the first bad row is an error:
/// a shipped file must be clean.
pub fn build_codebook_tsv(shared_table: &str, source_label: &str) -> Result<String, LoadError> {
    let invalid = |reason: String| LoadError::Invalid {
        path: source_label.to_string(),
        reason,
    };
    let mut lines = numbered_lines(shared_table).filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines
        .next()
        .ok_or_else(|| invalid("empty file".to_string()))?;
    let cols: Vec<&str> = header.split('\t').collect();
    let col = |name: &str| {
        cols.iter()
            .position(|c| *c == name)
            .ok_or_else(|| invalid(format!("no `{name}` column")))
    };
    let (c_code, c_name, c_gold, c_root, c_parent, c_src) = (
        col("code")?,
        col("name")?,
        col("goldstein")?,
        col("root")?,
        col("parent")?,
        col("goldstein_source")?,
    );
    let mut out = String::new();
    out.push_str(CODEBOOK_HEADER);
    let _ = writeln!(out, "# Rebuild: {CODEBOOK_REBUILD}");
    out.push_str(&CODEBOOK_COLUMNS.join("\t"));
    out.push('\n');
    for (n, line) in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let code = get(c_code);
        let root = get(c_root);
        let quad = quad_class_of_root(root)
            .ok_or_else(|| invalid(format!("line {n}: bad root `{root}`")))?;
        let note = match get(c_src).strip_prefix("inherited_from_") {
            Some(from) => format!("inherited from {from}"),
            None => String::new(),
        };
        let gold: f64 = get(c_gold)
            .parse()
            .map_err(|_| invalid(format!("line {n}: bad goldstein `{}`", get(c_gold))))?;
        let row = [
            code.to_string(),
            sentence_case(&unquote(get(c_name))),
            format!("{gold:.1}"),
            quad.to_string(),
            root.to_string(),
            get(c_parent).to_string(),
            note,
        ];
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        parse_row(&refs).map_err(|r| invalid(format!("line {n}: {r}")))?;
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    Ok(out)
}

/// Undoes CSV-style quoting, which the shared table uses for one name
/// (`"Meet at a ""third"" location"`).
fn unquote(field: &str) -> String {
    match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => field.to_string(),
    }
}

const CODEBOOK_HEADER: &str = "\
# dyad CAMEO event codebook: one row per CAMEO 1.1b3 event code.
# Generated by dyad (crates/coder/src/codebook.rs, build_codebook_tsv); do not edit by hand.
# Sources and credits:
#   names: CAMEO manual 1.1b3 (Schrodt et al., 2012, Penn State / Parus Analytics event data
#     project, distributed freely by GDELT), chapter 6, as converted to markdown in
#     RBozydar/py-gdelt (MIT), put here in sentence case;
#   goldstein: GDELT's CAMEO.goldsteinscale.txt lookup (free for any use with citation:
#     the GDELT Project, gdeltproject.org); the five 1.1b3 codes GDELT lacks (155, 176,
#     1834, 1951, 1952) take their parent's weight (see goldstein_note);
#   quad_class: CAMEO convention 01-05 verbal cooperation, 06-08 material cooperation,
#     09-13 verbal conflict, 14-20 material conflict (not Phoenix's, see data/README.md).
# Input: shared/cameo/codebook/cameo_codebook.tsv (dyad's reference data folder).
";
