//! PICO, the PETRARCH Internal Coding Ontology (`PETR.Internal.Coding.Ontology.txt`):
//! every CAMEO code mapped to a 16-bit hexadecimal code whose nibbles are main category,
//! secondary category and topic. PETRARCH-2 adds these to combine nested verbs
//! ("A will help B": `0x3000` + `0x0040` = `0x3040` = CAMEO 033).
//!
//! Lines read `CAMEO:EXPR#description` (`---:0` maps the null code), where `EXPR` is a hexadecimal value or a sum of
//! signed hexadecimal terms (`0x1000-0xFFFF`, `-0xFFFF+0x0070`: PETRARCH's negation and
//! masks). A few lines give further `#`-separated expressions before the description
//! (`110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove`); they are kept as alternatives.

use std::collections::HashMap;
use std::path::Path;

use super::{load_all, LineError, LoadError};

/// One signed hexadecimal term of a PICO expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PicoTerm {
    /// Written with a leading `-`.
    pub negative: bool,
    /// The hexadecimal value.
    pub value: u32,
}

/// One PICO line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PicoEntry {
    /// The CAMEO code (`010`).
    pub cameo: String,
    /// The expression's terms, in order (`0x1000` is one positive term).
    pub terms: Vec<PicoTerm>,
    /// Further `#`-separated expressions on the line, if any.
    pub alternatives: Vec<Vec<PicoTerm>>,
    /// The description after `#`, if any.
    pub description: Option<String>,
    /// 1-based line.
    pub line: usize,
}

/// The PICO table, both directions.
#[derive(Debug, Clone, Default)]
pub struct PicoTable {
    /// Entries in file order.
    pub entries: Vec<PicoEntry>,
    /// Malformed lines.
    pub errors: Vec<LineError>,
    by_cameo: HashMap<String, usize>,
    by_pico: HashMap<u32, usize>,
}

impl PicoTable {
    /// Loads one PICO file.
    pub fn load(path: impl AsRef<Path>) -> Result<PicoTable, LoadError> {
        load_all(&[path], |text, file, t: &mut PicoTable| {
            *t = PicoTable::parse_str(text, file)
        })
    }

    /// Parses PICO text. Lines starting with `#` are comments; the `#` after a code starts
    /// its description.
    pub fn parse_str(text: &str, file: &str) -> PicoTable {
        let mut t = PicoTable::default();
        for (n, line) in crate::error::numbered_lines(text) {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("<!--") {
                continue;
            }
            let Some((cameo, rest)) = line.split_once(':') else {
                t.errors.push(LineError::new(
                    file,
                    n,
                    "expected `CAMEO:0xHHHH#description`",
                ));
                continue;
            };
            let cameo = cameo.trim();
            let mut pieces = rest.split('#').map(str::trim);
            let first = pieces.next().unwrap_or("");
            let terms = match parse_expr(first) {
                Ok(terms) => terms,
                Err(reason) => {
                    t.errors.push(LineError::new(file, n, reason));
                    continue;
                }
            };
            let mut alternatives = Vec::new();
            let mut description = None;
            for piece in pieces {
                match parse_expr(piece) {
                    Ok(alt) if description.is_none() => alternatives.push(alt),
                    _ if piece.is_empty() => {}
                    _ => description = Some(piece.to_string()),
                }
            }
            if cameo.is_empty()
                || !(cameo == "---" || cameo.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                t.errors
                    .push(LineError::new(file, n, format!("`{cameo}` is not a code")));
                continue;
            }
            let single = match terms.as_slice() {
                [PicoTerm {
                    negative: false,
                    value,
                }] => Some(*value),
                _ => None,
            };
            let i = t.entries.len();
            t.by_cameo.entry(cameo.to_string()).or_insert(i);
            if let Some(v) = single {
                t.by_pico.entry(v).or_insert(i);
            }
            t.entries.push(PicoEntry {
                cameo: cameo.to_string(),
                terms,
                alternatives,
                description,
                line: n,
            });
        }
        t
    }

    /// The PICO value of a CAMEO code whose expression is a single positive term.
    pub fn pico(&self, cameo: &str) -> Option<u32> {
        let e = &self.entries[*self.by_cameo.get(cameo)?];
        match e.terms.as_slice() {
            [PicoTerm {
                negative: false,
                value,
            }] => Some(*value),
            _ => None,
        }
    }

    /// The entry of a CAMEO code.
    pub fn entry(&self, cameo: &str) -> Option<&PicoEntry> {
        self.by_cameo.get(cameo).map(|&i| &self.entries[i])
    }

    /// The CAMEO code of a PICO value (the first single-term line that has it).
    pub fn cameo(&self, pico: u32) -> Option<&str> {
        self.by_pico
            .get(&pico)
            .map(|&i| self.entries[i].cameo.as_str())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Parses `0x1000`, `0x1000-0xFFFF`, `-0xFFFF+0x0070`.
fn parse_expr(s: &str) -> Result<Vec<PicoTerm>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("empty PICO expression".to_string());
    }
    let mut terms = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let (negative, r) = match rest.as_bytes()[0] {
            b'-' => (true, &rest[1..]),
            b'+' => (false, &rest[1..]),
            _ if terms.is_empty() => (false, rest),
            _ => return Err(format!("`{s}`: expected `+` or `-` between terms")),
        };
        let r = r.trim_start();
        // Hexadecimal `0x...`; a bare decimal number is accepted too (`---:0`).
        let (hex_body, radix) = match r.strip_prefix("0x").or_else(|| r.strip_prefix("0X")) {
            Some(h) => (h, 16),
            None => (r, 10),
        };
        let len = hex_body
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(hex_body.len());
        let value = u32::from_str_radix(&hex_body[..len], radix)
            .map_err(|_| format!("`{s}` is not a hexadecimal PICO expression"))?;
        terms.push(PicoTerm { negative, value });
        rest = hex_body[len..].trim_start();
    }
    Ok(terms)
}
