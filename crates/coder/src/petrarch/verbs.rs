//! Verb dictionaries: `CAMEO.2.0.txt` (PETRARCH-2) and the older TABARI / PETRARCH-1
//! files (`CAMEO.verbpatterns.150430.txt`, `newdict.txt`, `PETR.Validate.verbs.txt`).
//!
//! ```text
//! &CURRENCY                      <- synset: `&LABEL` then `+member` lines (`&LABEL_`: no plurals)
//! +DOLLAR
//! ---  ACCELERATE   [---]  ---   <- verb block: `--- NAME [default code] ---`
//!                                   (PETRARCH-1 also writes `### GRANT ###`, no code)
//! HURRY {HURRIES HURRYING HURRIED}  <- verb with irregular forms; `[code]` may follow
//! +CORDON_OFF {...}              <- multi-word verb; `+` marks the verb word
//! - * (TO BORDER)  [154]  # RUSH <- pattern: tokens, then [code], then a comment
//! - * {RELIEF ASSISTANCE} [073]  <- `{}` noun phrase (last word is the head)
//! - $ * + (FOR AID) [070]        <- TABARI tokens: `$` source, `+` target, `%` both, `^` skip
//! ~ a (a b ATTACK) SAY = a b 015 <- transformation (PETRARCH-2, postfix form)
//! ```
//!
//! Codes are `[primary]`, `[primary:secondary]` (TABARI's two directions, e.g. visit/host
//! `[042:043]`) or `[:secondary]`; `---` is the null code (no event).
//!
//! Also accepted: `(P ...` groups from `newdict.txt`'s TABARI conversion, which mark a
//! prepositional phrase and are closed by the next `(P`, a `)` or the end of the pattern;
//! `*` and `**` both mark the verb; `_` joins tokens that must be consecutive (`*_OFF`).

use std::path::Path;

use super::{load_all, ContentLines, LineError, LoadError, Phrase};

/// A verb-pattern code: `[042:043]`, `[073]`, `[:173]`, `[---]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerbCode {
    /// The code for the pattern's direction (source → target); `None` for `---`/empty.
    pub primary: Option<String>,
    /// The code for the reverse direction (TABARI's `[a:b]`), if given.
    pub secondary: Option<String>,
}

impl VerbCode {
    /// True for `[---]`: the pattern produces no event.
    pub fn is_null(&self) -> bool {
        self.primary.is_none() && self.secondary.is_none()
    }

    /// Parses the inside of the brackets.
    pub fn parse(s: &str) -> Result<VerbCode, String> {
        let one = |p: &str| -> Result<Option<String>, String> {
            let p = p.trim();
            if p.is_empty() || p == "---" {
                Ok(None)
            } else if p.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(Some(p.to_ascii_uppercase()))
            } else {
                Err(format!("`{p}` is not an event code"))
            }
        };
        match s.split_once(':') {
            Some((a, b)) => Ok(VerbCode {
                primary: one(a)?,
                secondary: one(b)?,
            }),
            None => Ok(VerbCode {
                primary: one(s)?,
                secondary: None,
            }),
        }
    }
}

/// One member of a synset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SynsetMember {
    /// A word or consecutive words (`CEASE_FIRE`).
    Phrase(Phrase),
    /// Another synset, included (`+&CURRENCY`).
    Synset(String),
}

/// A synonym set (`&WEAPON`), usable anywhere a pattern has a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// The label without `&` or trailing `_` (`WEAPON`).
    pub label: String,
    /// The label ended with `_`: no plurals are generated for its members.
    pub no_plural: bool,
    /// Members in file order. PETRARCH reads a member's words as consecutive whether they
    /// are joined by `_` or by spaces.
    pub members: Vec<SynsetMember>,
    /// 1-based line of the label.
    pub line: usize,
}

/// One verb of a block: a single word or a multi-word verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// The words (`CORDON`, `OFF`), upper-cased, without `+`.
    pub words: Vec<String>,
    /// Index in `words` of the verb proper (marked `+` in multi-word verbs; 0 otherwise).
    pub verb_index: usize,
    /// Irregular forms from `{...}` (each may itself be multi-word, `+CORDONED_OFF`);
    /// `None` when the regular forms are to be generated.
    pub irregular: Option<Vec<String>>,
    /// The verb's own code, overriding the block's, if given.
    pub code: Option<VerbCode>,
    /// 1-based line.
    pub line: usize,
}

impl VerbForm {
    /// The verb's surface forms, each as upper-case words joined by spaces: the base form,
    /// then either the irregular forms from `{...}` or dyad's regular forms of the verb
    /// word (`S`/`ES`/`IES`, `ED`/`D`/`IED`, `ING` with a silent `E` dropped; no consonant
    /// doubling, which needs `{...}` as in PETRARCH's files). `WIRE_+TAP` gives
    /// `WIRE TAP`, `WIRE TAPS`, `WIRE TAPPED`... only when its forms are listed.
    pub fn forms(&self) -> Vec<String> {
        let mut out = vec![self.words.join(" ")];
        match &self.irregular {
            Some(list) => {
                for f in list {
                    let words: Vec<&str> = f
                        .split(|c: char| c == '_' || c.is_whitespace())
                        .map(|w| w.trim_start_matches('+'))
                        .filter(|w| !w.is_empty())
                        .collect();
                    if !words.is_empty() {
                        out.push(words.join(" "));
                    }
                }
            }
            None => {
                if let Some(verb) = self.words.get(self.verb_index) {
                    for inflected in regular_verb_forms(verb) {
                        let mut w = self.words.clone();
                        w[self.verb_index] = inflected;
                        out.push(w.join(" "));
                    }
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|f| seen.insert(f.clone()));
        out
    }
}

/// Regular English inflections of an upper-case verb: third person, past, gerund.
pub fn regular_verb_forms(verb: &str) -> [String; 3] {
    let vowel = |c: Option<char>| matches!(c, Some('A' | 'E' | 'I' | 'O' | 'U'));
    let mut rev = verb.chars().rev();
    let last = rev.next();
    let before_last = rev.next();
    let consonant_y = last == Some('Y') && !vowel(before_last) && before_last.is_some();
    let stem_y = || verb[..verb.len() - 1].to_string();
    let third = if consonant_y {
        format!("{}IES", stem_y())
    } else if ["S", "X", "Z", "CH", "SH"]
        .iter()
        .any(|e| verb.ends_with(e))
    {
        format!("{verb}ES")
    } else {
        format!("{verb}S")
    };
    let past = if last == Some('E') {
        format!("{verb}D")
    } else if consonant_y {
        format!("{}IED", stem_y())
    } else {
        format!("{verb}ED")
    };
    let gerund = if last == Some('E') && before_last != Some('E') && verb.len() > 2 {
        format!("{}ING", &verb[..verb.len() - 1])
    } else {
        format!("{verb}ING")
    };
    [third, past, gerund]
}

/// One token of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternToken {
    /// A word, upper-cased.
    Word(String),
    /// `&LABEL`: any member of the synset.
    Synset(String),
    /// `*` (or TABARI's `**`): the verb.
    Verb,
    /// `$`: the source actor (TABARI).
    Source,
    /// `+`: the target actor (TABARI).
    Target,
    /// `%`: a compound actor, both source and target (TABARI).
    Compound,
    /// `^`: skip a noun phrase (TABARI).
    Skip,
    /// `{...}`: a noun phrase; its last word is the head.
    NounPhrase(Vec<PatternItem>),
    /// `(...)`: a prepositional phrase: preposition, then its object.
    PrepPhrase(Vec<PatternItem>),
}

/// A token and how it attaches to the one before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternItem {
    /// The token.
    pub token: PatternToken,
    /// Written joined to the previous token with `_` (`*_OFF`): they must be consecutive.
    pub joined: bool,
}

/// One pattern line of a verb block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbPattern {
    /// The tokens, in order, with nesting for `{}` and `()`.
    pub items: Vec<PatternItem>,
    /// The code.
    pub code: VerbCode,
    /// The comment after `#` (PETRARCH files name the verb the pattern came from).
    pub comment: Option<String>,
    /// 1-based line.
    pub line: usize,
}

impl VerbPattern {
    /// True if the pattern has a verb marker (inside groups too: `newdict.txt` writes
    /// `- + ORDERED (P TO * [101]`).
    pub fn has_verb(&self) -> bool {
        contains_verb(&self.items)
    }
}

/// A verb block: synonymous verbs sharing a default code and a list of patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    /// The name in the `--- NAME [code] ---` header.
    pub name: String,
    /// The block's default code; `None` when the header has none (same as `[---]`).
    pub code: Option<VerbCode>,
    /// The verbs.
    pub verbs: Vec<VerbForm>,
    /// The patterns.
    pub patterns: Vec<VerbPattern>,
    /// 1-based line of the header.
    pub line: usize,
}

/// A transformation line (`~ a (a b ATTACK) SAY = a b 015`), kept as its two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    /// Left of `=`, whitespace normalised: `a (a b ATTACK) SAY`.
    pub pattern: String,
    /// Right of `=`: `a b 015`.
    pub result: String,
    /// 1-based line.
    pub line: usize,
}

/// A verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    /// Synsets in file order.
    pub synsets: Vec<Synset>,
    /// Verb blocks in file order.
    pub blocks: Vec<VerbBlock>,
    /// Transformations.
    pub transformations: Vec<Transformation>,
    /// Malformed lines.
    pub errors: Vec<LineError>,
}

enum Section {
    None,
    Synset,
    Block,
}

impl VerbDict {
    /// Loads and merges verb files.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<VerbDict, LoadError> {
        load_all(paths, |text, file, d: &mut VerbDict| {
            d.extend_from_str(text, file)
        })
    }

    /// Parses one file's text.
    pub fn parse_str(text: &str, file: &str) -> VerbDict {
        let mut d = VerbDict::default();
        d.extend_from_str(text, file);
        d
    }

    /// Adds the contents of one more file. Synsets may be defined anywhere in a file (or
    /// in an earlier file); once the file is read, every pattern that uses an undefined
    /// synset is reported (PETRARCH ignores such patterns; dyad keeps them, and they can
    /// never match).
    pub fn extend_from_str(&mut self, text: &str, file: &str) {
        let first_block = self.blocks.len();
        let first_error = self.errors.len();
        self.read_lines(text, file);
        let defined: std::collections::HashSet<&str> =
            self.synsets.iter().map(|s| s.label.as_str()).collect();
        let mut missing = Vec::new();
        for b in &self.blocks[first_block..] {
            for p in &b.patterns {
                let mut labels = Vec::new();
                synset_refs(&p.items, &mut labels);
                if let Some(l) = labels.into_iter().find(|l| !defined.contains(l.as_str())) {
                    missing.push(LineError::new(
                        file,
                        p.line,
                        format!("synset `&{l}` is not defined (PETRARCH ignores this pattern)"),
                    ));
                }
            }
        }
        self.errors.extend(missing);
        // This file's errors in line order (a stable sort keeps same-line errors in order).
        self.errors[first_error..].sort_by_key(|e| e.line);
    }

    fn read_lines(&mut self, text: &str, file: &str) {
        let mut section = Section::None;
        // Comments matter for patterns, so lines are split here rather than by
        // ContentLines' comment stripping.
        let raw_lines: Vec<&str> = crate::error::numbered_lines(text).map(|(_, l)| l).collect();
        for (n, content) in ContentLines::new(text, true) {
            let raw = raw_lines.get(n - 1).copied().unwrap_or("");
            let comment = raw
                .split_once('#')
                .map(|(_, c)| c.trim().to_string())
                .filter(|c| !c.is_empty());
            let t = content.trim();
            let err = |reason: String| LineError::new(file, n, reason);
            if let Some(name) = super::hash_header(t) {
                // PETRARCH-1 block header `### GRANT ###`: no block code.
                self.blocks.push(VerbBlock {
                    name: name.to_string(),
                    code: None,
                    verbs: Vec::new(),
                    patterns: Vec::new(),
                    line: n,
                });
                section = Section::Block;
            } else if t.starts_with("---") {
                // A bad code still opens the block (with no code), so that one typo in a
                // header does not turn every line of the block into an error.
                let (name, code, problem) = parse_header(t);
                if let Some(r) = problem {
                    self.errors.push(err(r));
                }
                match name {
                    Some(name) => {
                        self.blocks.push(VerbBlock {
                            name,
                            code,
                            verbs: Vec::new(),
                            patterns: Vec::new(),
                            line: n,
                        });
                        section = Section::Block;
                    }
                    None => section = Section::None,
                }
            } else if t.starts_with("--") {
                self.errors
                    .push(err("pattern starts with `--` (one `-` expected)".into()));
            } else if let Some(body) = t.strip_prefix('-') {
                let Some(block) = self
                    .blocks
                    .last_mut()
                    .filter(|_| matches!(section, Section::Block))
                else {
                    self.errors.push(err("pattern outside a verb block".into()));
                    continue;
                };
                match parse_pattern(body) {
                    Ok((items, code)) => block.patterns.push(VerbPattern {
                        items,
                        code,
                        comment,
                        line: n,
                    }),
                    Err(r) => self.errors.push(err(r)),
                }
            } else if let Some(body) = t.strip_prefix('~') {
                match body.split_once('=') {
                    Some((lhs, rhs)) if !lhs.trim().is_empty() && !rhs.trim().is_empty() => {
                        self.transformations.push(Transformation {
                            pattern: normalise_space(lhs),
                            result: normalise_space(rhs),
                            line: n,
                        })
                    }
                    _ => self
                        .errors
                        .push(err("transformation needs `pattern = result`".into())),
                }
            } else if let Some(label) = t.strip_prefix('&') {
                let label = label.trim();
                if label.is_empty() || label.contains(char::is_whitespace) {
                    self.errors
                        .push(err(format!("bad synset label `&{label}`")));
                    section = Section::None;
                    continue;
                }
                let no_plural = label.ends_with('_');
                self.synsets.push(Synset {
                    label: label.trim_end_matches('_').to_ascii_uppercase(),
                    no_plural,
                    members: Vec::new(),
                    line: n,
                });
                section = Section::Synset;
            } else if matches!(section, Section::Synset) {
                let Some(member) = t.strip_prefix('+') else {
                    self.errors
                        .push(err(format!("synset member `{t}` should start with `+`")));
                    continue;
                };
                let member = member.trim();
                let m = match member.strip_prefix('&') {
                    Some(other) => {
                        SynsetMember::Synset(other.trim_end_matches('_').to_ascii_uppercase())
                    }
                    None => SynsetMember::Phrase(Phrase::parse(member)),
                };
                if let Some(s) = self.synsets.last_mut() {
                    s.members.push(m);
                }
            } else if matches!(section, Section::Block) && t.starts_with('*') {
                self.errors
                    .push(err("pattern line must start with `- `".into()));
            } else if matches!(section, Section::Block) {
                match parse_verb(t, n) {
                    Ok(v) => {
                        if let Some(b) = self.blocks.last_mut() {
                            b.verbs.push(v);
                        }
                    }
                    Err(r) => self.errors.push(err(r)),
                }
            } else if t.starts_with('*') {
                self.errors
                    .push(err("pattern line must start with `- `".into()));
            } else {
                self.errors
                    .push(err(format!("`{t}` is outside any synset or verb block")));
            }
        }
    }

    /// The synset with this label (with or without `&`).
    pub fn synset(&self, label: &str) -> Option<&Synset> {
        let l = label
            .trim_start_matches('&')
            .trim_end_matches('_')
            .to_ascii_uppercase();
        self.synsets.iter().find(|s| s.label == l)
    }

    /// Every phrase a synset stands for, upper-case words joined by spaces: its members,
    /// members of included synsets (`+&OTHER`, cycles ignored), and the regular plural of
    /// each phrase's last word unless the synset label or the member ends with `_`.
    pub fn synset_phrases(&self, label: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut visiting = Vec::new();
        self.collect_synset(label, &mut visiting, &mut out);
        let mut seen = std::collections::HashSet::new();
        out.retain(|f| seen.insert(f.clone()));
        out
    }

    fn collect_synset(&self, label: &str, visiting: &mut Vec<String>, out: &mut Vec<String>) {
        let Some(set) = self.synset(label) else {
            return;
        };
        if visiting.contains(&set.label) {
            return;
        }
        visiting.push(set.label.clone());
        for m in &set.members {
            match m {
                SynsetMember::Synset(other) => self.collect_synset(other, visiting, out),
                SynsetMember::Phrase(p) if !p.is_empty() => {
                    out.push(p.key());
                    if !set.no_plural && !p.closed {
                        let mut words = p.words.clone();
                        if let Some(last) = words.last_mut() {
                            *last = super::agents::regular_plural(last);
                        }
                        out.push(words.join(" "));
                    }
                }
                SynsetMember::Phrase(_) => {}
            }
        }
        visiting.pop();
    }

    /// Number of patterns over all blocks.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// Number of verbs over all blocks.
    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.verbs.len()).sum()
    }
}

fn normalise_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `--- NAME [code] ---` → name, code, and what was wrong if anything.
fn parse_header(t: &str) -> (Option<String>, Option<VerbCode>, Option<String>) {
    let inner = t
        .trim_start_matches('-')
        .trim_end()
        .trim_end_matches('-')
        .trim();
    let (name, code, problem) = match inner.find('[') {
        Some(open) => match inner[open..].find(']') {
            Some(close) => match VerbCode::parse(&inner[open + 1..open + close]) {
                Ok(c) => (inner[..open].trim(), Some(c), None),
                Err(r) => (
                    inner[..open].trim(),
                    None,
                    Some(format!("block header: {r}")),
                ),
            },
            None => (
                inner[..open].trim(),
                None,
                Some("block header: `[` without `]`".to_string()),
            ),
        },
        None => (inner, None, None),
    };
    if name.is_empty() {
        return (None, None, Some("block header without a name".to_string()));
    }
    (Some(name.to_string()), code, problem)
}

/// `HURRY {HURRIES HURRYING HURRIED} [code]`, `+CORDON_OFF {...}`, `WIRE_+TAP`.
fn parse_verb(t: &str, n: usize) -> Result<VerbForm, String> {
    let head_end = t.find(['{', '[', ';']).unwrap_or(t.len());
    let head = t[..head_end].trim();
    let mut irregular = None;
    let mut code = None;
    let mut rest = &t[head_end..];
    while let Some(c) = rest.chars().next() {
        match c {
            '{' => {
                let close = rest
                    .find('}')
                    .ok_or_else(|| "`{` without a closing `}`".to_string())?;
                irregular = Some(
                    rest[1..close]
                        .split_whitespace()
                        .map(str::to_uppercase)
                        .collect(),
                );
                rest = rest[close + 1..].trim_start();
            }
            '[' => {
                let close = rest
                    .find(']')
                    .ok_or_else(|| "`[` without a closing `]`".to_string())?;
                code = Some(VerbCode::parse(&rest[1..close])?);
                rest = rest[close + 1..].trim_start();
            }
            // TABARI-era comments start with `;` (`SCRAP {...};shan 8/30/93`).
            ';' => break,
            _ => return Err(format!("unexpected `{rest}` after the verb")),
        }
    }
    if head.is_empty() {
        return Err("verb line without a verb".to_string());
    }
    let mut words = Vec::new();
    let mut verb_index = None;
    for (i, w) in head
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if let Some(v) = w.strip_prefix('+') {
            if verb_index.replace(i).is_some() {
                return Err(format!("`{head}` marks more than one word with `+`"));
            }
            words.push(v.to_uppercase());
        } else {
            words.push(w.to_uppercase());
        }
    }
    if words.iter().any(String::is_empty) || words.is_empty() {
        return Err(format!("bad verb `{head}`"));
    }
    if words.len() > 1 && verb_index.is_none() {
        return Err(format!(
            "multi-word verb `{head}` needs `+` before its verb word"
        ));
    }
    Ok(VerbForm {
        words,
        verb_index: verb_index.unwrap_or(0),
        irregular,
        code,
        line: n,
    })
}

/// Pattern body (after the leading `-`) → items and code.
fn parse_pattern(body: &str) -> Result<(Vec<PatternItem>, VerbCode), String> {
    let open = body
        .rfind('[')
        .ok_or_else(|| "pattern without a [code]".to_string())?;
    let close = body[open..]
        .find(']')
        .ok_or_else(|| "pattern code: `[` without `]`".to_string())?;
    let code = VerbCode::parse(&body[open + 1..open + close])?;
    let items = parse_tokens(&body[..open])?;
    if items.is_empty() {
        return Err("empty pattern".to_string());
    }
    if !contains_verb(&items) {
        return Err("pattern without the verb marker `*`".to_string());
    }
    Ok((items, code))
}

fn synset_refs(items: &[PatternItem], out: &mut Vec<String>) {
    for i in items {
        match &i.token {
            PatternToken::Synset(l) => out.push(l.trim_end_matches('_').to_string()),
            PatternToken::NounPhrase(inner) | PatternToken::PrepPhrase(inner) => {
                synset_refs(inner, out)
            }
            _ => {}
        }
    }
}

fn contains_verb(items: &[PatternItem]) -> bool {
    items.iter().any(|i| match &i.token {
        PatternToken::Verb => true,
        PatternToken::NounPhrase(inner) | PatternToken::PrepPhrase(inner) => contains_verb(inner),
        _ => false,
    })
}

#[derive(PartialEq)]
enum Group {
    Noun,
    Prep,
    /// newdict's open-ended `(P`.
    PrepOpen,
}

fn parse_tokens(text: &str) -> Result<Vec<PatternItem>, String> {
    // Lex: brackets are tokens of their own; other runs of non-space characters are words.
    let mut lexemes: Vec<&str> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let is_bracket = matches!(c, '(' | ')' | '{' | '}');
        if c.is_whitespace() || is_bracket {
            if let Some(s) = start.take() {
                lexemes.push(&text[s..i]);
            }
            if is_bracket {
                lexemes.push(&text[i..i + 1]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        lexemes.push(&text[s..]);
    }

    let mut stack: Vec<(Group, Vec<PatternItem>)> = vec![(Group::Prep, Vec::new())];
    let close_top = |stack: &mut Vec<(Group, Vec<PatternItem>)>| {
        if let Some((g, items)) = stack.pop() {
            let tok = match g {
                Group::Noun => PatternToken::NounPhrase(items),
                _ => PatternToken::PrepPhrase(items),
            };
            if let Some(parent) = stack.last_mut() {
                parent.1.push(PatternItem {
                    token: tok,
                    joined: false,
                });
            }
        }
    };
    let mut i = 0;
    while i < lexemes.len() {
        let lx = lexemes[i];
        match lx {
            "(" => {
                if lexemes.get(i + 1) == Some(&"P") {
                    if stack.len() > 1 && stack.last().is_some_and(|t| t.0 == Group::PrepOpen) {
                        close_top(&mut stack);
                    }
                    stack.push((Group::PrepOpen, Vec::new()));
                    i += 1;
                } else {
                    stack.push((Group::Prep, Vec::new()));
                }
            }
            "{" => stack.push((Group::Noun, Vec::new())),
            ")" | "}" => {
                let want = if lx == ")" { "(" } else { "{" };
                // Close open-ended `(P` groups first when a `)` or `}` ends their parent.
                while stack.len() > 1
                    && stack.last().is_some_and(|t| t.0 == Group::PrepOpen)
                    && lx == "}"
                {
                    close_top(&mut stack);
                }
                let ok = stack.len() > 1
                    && match stack.last().map(|t| &t.0) {
                        Some(Group::Noun) => lx == "}",
                        Some(_) => lx == ")",
                        None => false,
                    };
                if !ok {
                    return Err(format!("`{lx}` without a matching `{want}`"));
                }
                close_top(&mut stack);
            }
            word => {
                let items = &mut stack
                    .last_mut()
                    .ok_or_else(|| "unbalanced brackets".to_string())?
                    .1;
                for (k, part) in word.split('_').enumerate() {
                    if part.is_empty() {
                        continue;
                    }
                    // `*SCEPTICAL` (a missing space in CAMEO.2.0.txt): the verb, then the word.
                    let part = match part.strip_prefix('*') {
                        Some(rest) if !rest.is_empty() && rest != "*" => {
                            items.push(PatternItem {
                                token: PatternToken::Verb,
                                joined: k > 0,
                            });
                            items.push(PatternItem {
                                token: PatternToken::Word(rest.to_uppercase()),
                                joined: false,
                            });
                            continue;
                        }
                        _ => part,
                    };
                    let token = match part {
                        "*" | "**" => PatternToken::Verb,
                        "$" => PatternToken::Source,
                        "+" => PatternToken::Target,
                        "%" => PatternToken::Compound,
                        "^" => PatternToken::Skip,
                        p if p.starts_with('&') && p.len() > 1 => {
                            PatternToken::Synset(p[1..].to_ascii_uppercase())
                        }
                        p => PatternToken::Word(p.to_uppercase()),
                    };
                    items.push(PatternItem {
                        token,
                        joined: k > 0,
                    });
                }
            }
        }
        i += 1;
    }
    while stack.len() > 1 {
        if stack.last().is_some_and(|t| t.0 != Group::PrepOpen) {
            let open = if stack.last().is_some_and(|t| t.0 == Group::Noun) {
                "{"
            } else {
                "("
            };
            return Err(format!("`{open}` without a closing bracket"));
        }
        close_top(&mut stack);
    }
    Ok(stack.pop().map(|t| t.1).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use PatternToken::*;

    fn w(s: &str) -> PatternItem {
        PatternItem {
            token: Word(s.into()),
            joined: false,
        }
    }
    fn t(token: PatternToken) -> PatternItem {
        PatternItem {
            token,
            joined: false,
        }
    }

    #[test]
    fn patterns() {
        let (items, code) = parse_pattern(" * POLICE (TO BORDER)  [153]").unwrap();
        assert_eq!(
            items,
            [
                t(Verb),
                w("POLICE"),
                t(PrepPhrase(vec![w("TO"), w("BORDER")]))
            ]
        );
        assert_eq!(code.primary.as_deref(), Some("153"));
        let (items, _) = parse_pattern(" * (OF {&WEAPON ATTACK}) [151]").unwrap();
        assert_eq!(
            items[1],
            t(PrepPhrase(vec![
                w("OF"),
                t(NounPhrase(vec![t(Synset("WEAPON".into())), w("ATTACK")]))
            ]))
        );
        let (items, code) = parse_pattern(" $ *_OFF + [042:043]").unwrap();
        assert_eq!(items[0], t(Source));
        assert_eq!(
            items[2],
            PatternItem {
                token: Word("OFF".into()),
                joined: true
            }
        );
        assert_eq!(items[3], t(Target));
        assert_eq!(code.secondary.as_deref(), Some("043"));
        let (_, code) = parse_pattern(" * (BEFORE COURT) [:173]").unwrap();
        assert_eq!(
            (code.primary, code.secondary.as_deref()),
            (None, Some("173"))
        );
        assert!(parse_pattern(" * AID [---]").unwrap().1.is_null());
        // newdict's open-ended `(P` groups.
        let (items, _) = parse_pattern(" * (P TO DEPLOY &MILITARY (P TO PROTECT [053]").unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[2], t(PrepPhrase(vec![w("TO"), w("PROTECT")])));
        assert!(parse_pattern(" * (TO BORDER [154]").is_err());
        assert!(parse_pattern(" * TO) [154]").is_err());
        assert!(parse_pattern(" * TO").is_err());
        assert!(parse_pattern(" TIVILIAN [202]").is_err());
        let (items, _) = parse_pattern(" *SCEPTICAL [012]").unwrap();
        assert_eq!(items, [t(Verb), w("SCEPTICAL")]);
    }

    #[test]
    fn petrarch1_layout() {
        let d = VerbDict::parse_str(
            "####### SYNONYM SETS #######\n&CURRENCY\n+DOLLARS\n    +AUSTRIAN FLORIN\n\n### GRANT ###\nGRANT [070]\nGIVE {GAVE GIVEN }  # jw  11/14/91\n- ** &CURRENCY [903] # -PAS 12.01.12\n### - * EVACUATION [161]\n\n### EXPLAIN_VERBAL ###\nSAY  {SAID }\n- CONFIRMED ** OF BOMBINGS [010]  # REPORT\n",
            "p1",
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.synsets[0].members.len(), 2);
        let names: Vec<&str> = d.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["GRANT", "EXPLAIN_VERBAL"]);
        assert_eq!(
            d.blocks[0].verbs[0]
                .code
                .as_ref()
                .unwrap()
                .primary
                .as_deref(),
            Some("070")
        );
        assert_eq!(d.blocks[0].patterns.len(), 1);
        assert_eq!(d.blocks[1].patterns[0].items[1].token, Verb);
    }

    #[test]
    fn regular_forms() {
        let f = |v: &str| regular_verb_forms(v).to_vec();
        assert_eq!(f("ACCUSE"), ["ACCUSES", "ACCUSED", "ACCUSING"]);
        assert_eq!(f("DENY"), ["DENIES", "DENIED", "DENYING"]);
        assert_eq!(f("PLAY"), ["PLAYS", "PLAYED", "PLAYING"]);
        assert_eq!(f("REACH"), ["REACHES", "REACHED", "REACHING"]);
        assert_eq!(f("AGREE"), ["AGREES", "AGREED", "AGREEING"]);
        assert_eq!(f("FAX"), ["FAXES", "FAXED", "FAXING"]);
        let v = VerbForm {
            words: vec!["CORDON".into(), "OFF".into()],
            verb_index: 0,
            irregular: None,
            code: None,
            line: 1,
        };
        assert_eq!(
            v.forms(),
            ["CORDON OFF", "CORDONS OFF", "CORDONED OFF", "CORDONING OFF"]
        );
    }

    #[test]
    fn verbs_and_blocks() {
        let d = VerbDict::parse_str(
            "&CURRENCY\n+DOLLAR\n+&MONEY_\n\n---  ACCELERATE   [---]  ---\nHURRY {HURRIES HURRYING HURRIED }\nWIRE_+TAP {WIRE_+TAPS}\n- * AID   [070]   # RUSH\n~ a (a b ATTACK) SAY = a b 015\nBAD_VERB\n",
            "v",
        );
        assert_eq!(d.synsets[0].members.len(), 2);
        assert_eq!(
            d.synsets[0].members[1],
            SynsetMember::Synset("MONEY".into())
        );
        let b = &d.blocks[0];
        assert!(b.code.as_ref().unwrap().is_null());
        assert_eq!(b.verbs[0].irregular.as_ref().unwrap().len(), 3);
        assert_eq!(b.verbs[1].words, ["WIRE", "TAP"]);
        assert_eq!(b.verbs[1].verb_index, 1);
        assert_eq!(b.patterns[0].comment.as_deref(), Some("RUSH"));
        assert_eq!(d.transformations[0].result, "a b 015");
        assert_eq!(
            b.verbs[0].forms(),
            ["HURRY", "HURRIES", "HURRYING", "HURRIED"]
        );
        assert_eq!(b.verbs[1].forms(), ["WIRE TAP", "WIRE TAPS"]);
        assert_eq!(d.synset_phrases("&CURRENCY"), ["DOLLAR", "DOLLARS"]);
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.errors[0].line, 10);
    }
}
