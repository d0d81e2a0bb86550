//! PETRARCH validation record files: sentences with the events a coder should produce.
//!
//! Reads the three dialects found in the wild (see `shared/cameo/README.md`, "Validation
//! records"):
//!
//! * PETRARCH2 unit tests (`PETR.UnitTest.records.xml`): `<Sentence date= id= category=
//!   sentence="true|false">`, `<EventCoding sourcecode= targetcode= eventcode=>`,
//!   `<EventCoding noevents="True">` or `<EventCoding error="...">`, `<Text>`, `<Parse>`;
//! * UniversalPetrarch (`PETR_Validate_records_2_02.xml`, `PETR2_GSR_validation.xml`): the
//!   same with `evaluate="true|false"`, self-closed `<EventCoding .../>` tags, `&quot;`
//!   entities, `<PLEvent {json}>` lines (ignored) and CoNLL-U parses; in the GSR file the
//!   `<Sentence .../>` start tag is self-closed (sic) and the record still ends at
//!   `</Sentence>`;
//! * PETRARCH-1 (`PETR.Validate.records.140226.txt`): the sentence is often bare lines after
//!   the `<EventCoding>` tags, without `<Text>`, followed by a bare Treebank parse; some
//!   records lack `</Sentence>`, so a record ends at the next `<Sentence`.
//!
//! The parse in a record is ignored: dyad codes the text with its own pipeline. XML comments
//! are blanked out first (keeping line numbers), so records commented out in a file are not
//! read. The parser is forgiving: a malformed record is reported as `file:line: reason` and
//! skipped, the rest of the file is read.

use chrono::NaiveDate;

use crate::error::{read_text, LineError, LoadError};
use crate::petrarch::parse_petrarch_date;
use std::path::Path;

/// The dictionaries a validation file is coded against (its `<Environment>` block), by file
/// name as the file gives them; several files may be comma-separated in one tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    pub verbs: Vec<String>,
    pub actors: Vec<String>,
    pub agents: Vec<String>,
    pub discards: Vec<String>,
    /// The categories the file's own validator runs (`<Include>`), informational.
    pub include: Vec<String>,
}

/// One expected event: PETRARCH's source code, target code and CAMEO event code, as written
/// in the file (entities decoded, surrounding quotes of "new actor" phrases removed, upper
/// case). `---` stands for a missing actor.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub code: String,
}

/// What a record expects the coder to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// These events (one or more).
    Events(Vec<Triple>),
    /// `noevents="True"`: no event at all.
    NoEvents,
    /// `error="..."` (dateline, bad_input_parse, storydiscard, sentencediscard): PETRARCH
    /// rejects or discards the sentence, so no event is coded.
    Error(String),
}

/// One validation record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub category: String,
    /// The story date (`date="YYYYMMDD"`), `None` if absent.
    pub date: Option<NaiveDate>,
    /// False when the file marks the record `sentence="false"`, `evaluate="false"` or
    /// (PETRARCH-1) `valid="false"`, i.e. a feature its own coder does not implement: such
    /// records are not scored.
    pub evaluate: bool,
    /// The sentence(s), whitespace-normalised.
    pub text: String,
    pub expected: Expected,
    /// 1-based line of the `<Sentence` tag.
    pub line: usize,
}

/// A parsed validation file.
#[derive(Debug, Clone, Default)]
pub struct ValidationFile {
    pub environment: Environment,
    pub records: Vec<Record>,
    /// Malformed records (skipped), as `file:line: reason`.
    pub errors: Vec<LineError>,
}

impl ValidationFile {
    /// Reads and parses a validation file (UTF-8, or Latin-1 as a fallback).
    pub fn load(path: &Path) -> Result<ValidationFile, LoadError> {
        let text = read_text(path)?;
        Ok(Self::parse_str(&text, &path.display().to_string()))
    }

    /// Parses a validation file's text; `file` names it in error messages.
    pub fn parse_str(text: &str, file: &str) -> ValidationFile {
        let mut out = ValidationFile::default();
        let clean = blank_comments(text, file, &mut out.errors);
        let line_of = |pos: usize| clean[..pos].bytes().filter(|&b| b == b'\n').count() + 1;
        out.environment = parse_environment(&clean);

        let starts: Vec<usize> = find_tags(&clean, "Sentence");
        for (i, &start) in starts.iter().enumerate() {
            let next = starts.get(i + 1).copied().unwrap_or(clean.len());
            let mut end = next;
            if let Some(p) = clean[start..next].find("</Sentence>") {
                end = start + p;
            }
            if let Some(p) = clean[start..end].find("</Sentences>") {
                end = start + p;
            }
            let line = line_of(start);
            match parse_record(&clean[start..end], line) {
                Ok(r) => out.records.push(r),
                Err(reason) => out.errors.push(LineError::new(file, line, reason)),
            }
        }
        out
    }
}

/// Replaces every `<!-- ... -->` by spaces, keeping newlines so that line numbers hold.
fn blank_comments(text: &str, file: &str, errors: &mut Vec<LineError>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find("<!--") {
        out.push_str(&rest[..p]);
        let after = &rest[p..];
        let (comment, tail) = match after[4..].find("-->") {
            Some(q) => after.split_at(4 + q + 3),
            None => {
                let line = out.bytes().filter(|&b| b == b'\n').count() + 1;
                errors.push(LineError::new(
                    file,
                    line,
                    "comment `<!--` is never closed; the rest of the file is ignored",
                ));
                (after, "")
            }
        };
        out.extend(comment.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Byte offsets of every `<NAME` start tag (followed by whitespace, `>` or `/`).
fn find_tags(text: &str, name: &str) -> Vec<usize> {
    let pat = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find(&pat) {
        let at = from + p;
        let after = text[at + pat.len()..].chars().next();
        if matches!(after, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            out.push(at);
        }
        from = at + pat.len();
    }
    out
}

/// The body of a start tag beginning at `at` (between `<NAME` and `>`), and the offset just
/// past the `>`.
fn tag_at(text: &str, at: usize) -> Option<(&str, usize)> {
    let end = text[at..].find('>')?;
    Some((&text[at..at + end], at + end + 1))
}

/// Attributes of a tag body: `name = "value"` or `name='value'`, entities decoded.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = tag.as_bytes();
    let mut i = 0;
    // skip the tag name
    while i < b.len() && !b[i].is_ascii_whitespace() {
        i += 1;
    }
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
            i += 1;
        }
        if i == name_start {
            break;
        }
        let name = tag[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            out.push((name, String::new()));
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            out.push((name, String::new()));
            break;
        }
        let q = b[i];
        let value = if q == b'"' || q == b'\'' {
            let v_start = i + 1;
            let v_end = tag[v_start..]
                .find(q as char)
                .map_or(tag.len(), |p| v_start + p);
            i = (v_end + 1).min(b.len());
            &tag[v_start..v_end]
        } else {
            let v_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            &tag[v_start..i]
        };
        out.push((name, decode_entities(value)));
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Text between `<NAME ...>` and `</NAME>`, or the `name="..."` attribute of `<NAME>`
/// (PETRARCH-1), for every occurrence.
fn element_texts(text: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for at in find_tags(text, name) {
        let Some((tag, body_start)) = tag_at(text, at) else {
            continue;
        };
        let attrs = attributes(tag);
        if let Some(v) = attr(&attrs, "name") {
            out.push(v.to_string());
            continue;
        }
        let close = format!("</{name}>");
        if let Some(p) = text[body_start..].find(&close) {
            out.push(decode_entities(&text[body_start..body_start + p]));
        }
    }
    out
}

fn parse_environment(text: &str) -> Environment {
    let Some(start) = text.find("<Environment") else {
        return Environment::default();
    };
    let end = text[start..]
        .find("</Environment>")
        .map_or(text.len(), |p| start + p);
    let env = &text[start..end];
    let files = |name: &str| -> Vec<String> {
        element_texts(env, name)
            .iter()
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    Environment {
        verbs: files("Verbfile"),
        actors: files("Actorfile"),
        agents: files("Agentfile"),
        discards: files("Discardfile"),
        include: element_texts(env, "Include")
            .iter()
            .flat_map(|v| v.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect(),
    }
}

/// A code as the file means it: entities decoded, outer quotes of a "new actor" phrase
/// removed, whitespace collapsed, upper case; empty means no actor (`---`).
fn normalise_code(raw: &str) -> String {
    let t = raw.trim();
    let t = t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(t);
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        "---".to_string()
    } else {
        t.to_uppercase()
    }
}

fn is_true(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("true")
}

/// Parses one record: `chunk` runs from its `<Sentence` to its end.
fn parse_record(chunk: &str, line: usize) -> Result<Record, String> {
    let (tag, body_start) =
        tag_at(chunk, 0).ok_or_else(|| "`<Sentence` tag is never closed by `>`".to_string())?;
    let attrs = attributes(tag);
    let id = attr(&attrs, "id")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| "record has no id=".to_string())?
        .to_string();
    let category = attr(&attrs, "category").unwrap_or("").trim().to_string();
    let date = match attr(&attrs, "date").map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(parse_petrarch_date(d).map_err(|e| format!("record {id}: {e}"))?),
    };
    let evaluate = !["sentence", "evaluate", "valid"]
        .iter()
        .any(|k| attr(&attrs, k).is_some_and(|v| v.trim().eq_ignore_ascii_case("false")));
    let body = &chunk[body_start..];

    let mut events = Vec::new();
    let mut no_events = false;
    let mut error = None;
    let mut last_coding_end = 0;
    for at in find_tags(body, "EventCoding") {
        let (tag, after) = tag_at(body, at)
            .ok_or_else(|| format!("record {id}: `<EventCoding` is never closed by `>`"))?;
        last_coding_end = last_coding_end.max(after);
        let a = attributes(tag);
        if let Some(v) = attr(&a, "noevents") {
            if is_true(v) {
                no_events = true;
            }
            continue;
        }
        if let Some(v) = attr(&a, "error") {
            error = Some(v.trim().to_string());
            continue;
        }
        let code = attr(&a, "eventcode")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .ok_or_else(|| format!("record {id}: <EventCoding> without eventcode="))?;
        events.push(Triple {
            source: normalise_code(attr(&a, "sourcecode").unwrap_or("")),
            target: normalise_code(attr(&a, "targetcode").unwrap_or("")),
            code: code.to_string(),
        });
    }
    let expected = if !events.is_empty() {
        if no_events || error.is_some() {
            return Err(format!(
                "record {id}: expects events and also noevents/error"
            ));
        }
        Expected::Events(events)
    } else if let Some(e) = error {
        Expected::Error(e)
    } else if no_events {
        Expected::NoEvents
    } else {
        return Err(format!(
            "record {id}: no <EventCoding> (an expectation left in a comment is not read)"
        ));
    };

    let text = match element_texts(body, "Text").into_iter().next() {
        Some(t) => t,
        None => bare_text(&body[last_coding_end..]),
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(format!("record {id}: no text"));
    }
    Ok(Record {
        id,
        category,
        date,
        evaluate,
        text,
        expected,
        line,
    })
}

/// PETRARCH-1 records without `<Text>`: the lines after the last `<EventCoding>` that are
/// not tags, up to the bare Treebank parse (a line starting with `(`) or a `<Parse>` tag.
fn bare_text(rest: &str) -> String {
    let mut out = Vec::new();
    for l in rest.lines() {
        let t = l.trim();
        if t.starts_with('(') || t.starts_with("<Parse") || t.starts_with("</Sentence") {
            break;
        }
        if t.is_empty() || t.starts_with('<') {
            continue;
        }
        out.push(t);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: &str = r#"<Validation>
<Environment>
    <Verbfile>PETR.Validate.verbs.txt</Verbfile>
    <Actorfile>a.txt,b.txt</Actorfile>
    <Agentfile>PETR.Validate.agents.txt</Agentfile>
    <Include>valid DEMO ACTOR</Include>
</Environment>
<Sentences>
<!-- <Sentence date="19950101" id="GONE-01" category="DEMO" sentence="true"> -->
<Sentence date = "19950101" id ="DEMO-00" category="DEMO" sentence="true">
<!-- comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode='"Gryffindor head"' targetcode="" eventcode="032"></EventCoding>
<Text>
Arnor is about to restore
full diplomatic ties with Gondor.
</Text>
<Parse> (ROOT (S (NP (NNP Arnor)))) </Parse>
</Sentence>
<Sentence category="AFP" date="20080804" id="AFP-1" evaluate="false"/>
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
<Sentence date="19950101" id="ERR-1" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding>
<Text>WASHINGTON (AP)</Text>
</Sentence>
<Sentence date="1995" id="BAD-1" category="DEMO">
<EventCoding noevents="True" />
<Text>x</Text>
</Sentence>
<Sentence date="19990809" id="SKIP-03" category="SKIP">
<EventCoding sourcecode="ITH" targetcode="DOL" eventcode="162">
Ithilen warned at the North Yemen
of the Prince of Dol_Amroth.
(ROOT
  (S (NP (NNP Ithilen))))
<Sentence date="19990809" id="NONE-1" category="SKIP">
<Text>no codings</Text>
</Sentence>
</Sentences></Validation>
"#;

    #[test]
    fn reads_all_dialects() {
        let f = ValidationFile::parse_str(UNIT, "u.xml");
        assert_eq!(f.environment.verbs, vec!["PETR.Validate.verbs.txt"]);
        assert_eq!(f.environment.actors, vec!["a.txt", "b.txt"]);
        assert_eq!(f.environment.include, vec!["valid", "DEMO", "ACTOR"]);
        let ids: Vec<&str> = f.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["DEMO-00", "AFP-1", "ERR-1", "SKIP-03"]);
        let demo = &f.records[0];
        assert_eq!(demo.line, 10);
        assert_eq!(
            demo.text,
            "Arnor is about to restore full diplomatic ties with Gondor."
        );
        assert_eq!(demo.date, NaiveDate::from_ymd_opt(1995, 1, 1));
        assert!(demo.evaluate);
        assert_eq!(
            demo.expected,
            Expected::Events(vec![
                Triple {
                    source: "ARN".into(),
                    target: "GON".into(),
                    code: "064".into()
                },
                Triple {
                    source: "GRYFFINDOR HEAD".into(),
                    target: "---".into(),
                    code: "032".into()
                },
            ])
        );
        assert!(!f.records[1].evaluate);
        assert_eq!(f.records[1].expected, Expected::NoEvents);
        assert_eq!(f.records[2].expected, Expected::Error("dateline".into()));
        assert_eq!(
            f.records[3].text,
            "Ithilen warned at the North Yemen of the Prince of Dol_Amroth."
        );
        let errs: Vec<String> = f.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("u.xml:28: record BAD-1"), "{errs:?}");
        assert!(errs[1].contains("NONE-1: no <EventCoding>"), "{errs:?}");
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "",
            "<Sentence",
            "<Sentence id=\"x\">",
            "<Sentence id='x' date=\"abc\"><EventCoding",
            "<!-- <Sentence id=\"x\">",
            "<Environment><Verbfile name=",
            "<Sentence id=\"é\"><EventCoding eventcode=\"1\"><Text>é</Text>",
        ] {
            let _ = ValidationFile::parse_str(s, "g");
        }
    }
}
