//! Issue dictionaries (`Phoenix.IssueCoding.txt`): phrases that tag a sentence with
//! issue codes (EDUCATION, ENERGY, ...).
//!
//! ```text
//! <ISSUE CATEGORY="ID_ATROCITY" TYPE="ALL">
//! n:atrocity [ID_ATROCITY]          <- `n:` noun singular and plural
//! ethnic v:purge [ID_ATROCITY]      <- `v:` regular verb forms (S, ED, ING)
//! al+zarqawi network [NAMED_TERROR] <- `+`: both `al zarqawi` and `al-zarqawi`
//! european central bank             <- no [code]: PETRARCH skips the line; dyad keeps it
//!                                      with the block's CATEGORY (`explicit_code: false`)
//! ~Saturday Night massacre          <- cancels issue coding for the sentence
//! ~~Armenian genocide               <- the same, written with two `~` in the file
//! </ISSUE>
//! ```

use std::path::Path;

use super::{load_all, ContentLines, LineError, LoadError};

/// One issue phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueEntry {
    /// The phrase as written (lower-case, with its `n:`/`v:`/`+` markers).
    pub text: String,
    /// The issue code: the `[CODE]` on the line, else the block's category.
    pub code: String,
    /// False when the line had no `[CODE]` and `code` is the block's category. PETRARCH
    /// skips such lines, so a coder that must match PETRARCH drops these entries.
    pub explicit_code: bool,
    /// The `CATEGORY` of the enclosing `<ISSUE>` block, if any.
    pub category: Option<String>,
    /// 1-based line.
    pub line: usize,
}

impl IssueEntry {
    /// Every surface form, upper-cased: `n:` words in singular and plural, `v:` words with
    /// `S`/`ED`/`ING`, `+` joins as both a space and a hyphen.
    pub fn forms(&self) -> Vec<String> {
        let mut out = vec![String::new()];
        for (i, word) in self.text.split_whitespace().enumerate() {
            let variants = word_forms(word);
            out = out
                .iter()
                .flat_map(|prefix| {
                    variants.iter().map(move |v| {
                        if i == 0 {
                            v.clone()
                        } else {
                            format!("{prefix} {v}")
                        }
                    })
                })
                .collect();
        }
        out.dedup();
        out
    }
}

fn word_forms(word: &str) -> Vec<String> {
    let mut forms: Vec<String> = vec![String::new()];
    for (i, part) in word.to_uppercase().split('+').enumerate() {
        let part_forms: Vec<String> = if let Some(w) = part.strip_prefix("N:") {
            vec![w.to_string(), super::agents::regular_plural(w)]
        } else if let Some(w) = part.strip_prefix("V:") {
            let stem = w.strip_suffix('E').unwrap_or(w);
            vec![
                w.to_string(),
                format!("{w}S"),
                format!("{stem}ED"),
                format!("{stem}ING"),
            ]
        } else {
            vec![part.to_string()]
        };
        forms = forms
            .iter()
            .flat_map(|f| {
                part_forms.iter().flat_map(move |p| {
                    if i == 0 {
                        vec![p.clone()]
                    } else {
                        vec![format!("{f} {p}"), format!("{f}-{p}")]
                    }
                })
            })
            .collect();
    }
    forms
}

/// A phrase that cancels issue coding for the sentence it occurs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueIgnore {
    /// The phrase, without its `~` or `~~`.
    pub text: String,
    /// Written with two `~`.
    pub double: bool,
    /// 1-based line.
    pub line: usize,
}

/// A set of issue dictionaries, merged.
#[derive(Debug, Clone, Default)]
pub struct IssueDict {
    /// Phrases in load order.
    pub entries: Vec<IssueEntry>,
    /// Ignore phrases.
    pub ignores: Vec<IssueIgnore>,
    /// Malformed lines.
    pub errors: Vec<LineError>,
}

impl IssueDict {
    /// Loads and merges issue files.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<IssueDict, LoadError> {
        load_all(paths, |text, file, d: &mut IssueDict| {
            d.extend_from_str(text, file)
        })
    }

    /// Parses one file's text.
    pub fn parse_str(text: &str, file: &str) -> IssueDict {
        let mut d = IssueDict::default();
        d.extend_from_str(text, file);
        d
    }

    /// Adds the phrases of one more file.
    pub fn extend_from_str(&mut self, text: &str, file: &str) {
        let mut category: Option<String> = None;
        for (n, line) in ContentLines::new(text, false) {
            let t = line.trim();
            if let Some(tag) = t.strip_prefix("<ISSUE") {
                category = attribute(tag, "CATEGORY");
                if category.is_none() {
                    self.errors
                        .push(LineError::new(file, n, "<ISSUE> without CATEGORY=\"...\""));
                }
                continue;
            }
            if t.starts_with("</ISSUE") {
                category = None;
                continue;
            }
            if let Some(rest) = t.strip_prefix('~') {
                let (double, body) = match rest.strip_prefix('~') {
                    Some(b) => (true, b),
                    None => (false, rest),
                };
                self.ignores.push(IssueIgnore {
                    text: body.trim().to_string(),
                    double,
                    line: n,
                });
                continue;
            }
            let (phrase, code, tail) = match t.find('[') {
                Some(open) => match t[open..].find(']') {
                    Some(close) => (
                        t[..open].trim(),
                        Some(t[open + 1..open + close].trim().to_string()),
                        t[open + close + 1..].trim(),
                    ),
                    None => {
                        self.errors
                            .push(LineError::new(file, n, "`[` without a closing `]`"));
                        continue;
                    }
                },
                None => (t, None, ""),
            };
            // `[X] [X]` repeats the code; `*****` decorations are ignored. Other text after
            // the code is usually a second entry run into the line: report it.
            let tail_ok = tail
                .split(['[', ']'])
                .all(|s| s.trim().is_empty() || Some(s.trim()) == code.as_deref())
                || !tail.chars().any(|c| c.is_alphanumeric());
            if !tail_ok {
                self.errors.push(LineError::new(
                    file,
                    n,
                    format!("text after the code: `{tail}` (two entries on one line?)"),
                ));
            }
            let explicit_code = code.is_some();
            let Some(code) = code.or_else(|| category.clone()) else {
                self.errors.push(LineError::new(
                    file,
                    n,
                    format!("`{t}` has no [code] and is outside any <ISSUE> block"),
                ));
                continue;
            };
            if phrase.is_empty() || code.is_empty() {
                self.errors
                    .push(LineError::new(file, n, "empty phrase or code"));
                continue;
            }
            self.entries.push(IssueEntry {
                text: phrase.to_string(),
                code,
                explicit_code,
                category: category.clone(),
                line: n,
            });
        }
    }

    /// Number of phrases (ignores not counted).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The value of `NAME="value"` in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_forms() {
        let d = IssueDict::parse_str(
            "<ISSUE CATEGORY=\"ATROCITY\" TYPE=\"ALL\">\nn:atrocity [ID_ATROCITY]\nethnic v:purge [ID_ATROCITY]\nal+zarqawi network [NAMED]\nmass grave\n~~Armenian genocide\n</ISSUE>\nstray phrase\na [X]b [X]\n",
            "i",
        );
        assert_eq!(d.entries[0].forms(), ["ATROCITY", "ATROCITIES"]);
        assert_eq!(
            d.entries[1].forms(),
            [
                "ETHNIC PURGE",
                "ETHNIC PURGES",
                "ETHNIC PURGED",
                "ETHNIC PURGING"
            ]
        );
        assert_eq!(
            d.entries[2].forms(),
            ["AL ZARQAWI NETWORK", "AL-ZARQAWI NETWORK"]
        );
        assert_eq!(d.entries[3].code, "ATROCITY");
        assert!(!d.entries[3].explicit_code);
        assert!(d.entries[0].explicit_code);
        assert_eq!(d.ignores[0].text, "Armenian genocide");
        assert!(d.ignores[0].double);
        let lines: Vec<usize> = d.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [8, 9]);
        // The run-together line still loads its first entry.
        assert_eq!(d.entries.last().unwrap().text, "a");
    }
}
