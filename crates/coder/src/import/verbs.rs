//! Verb dictionaries: CAMEO.2.0 verb blocks and patterns to dyad `.verbs` lines and synonym sets.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use crate::petrarch::{PatternItem, PatternToken, SynsetMember, VerbDict, VerbPattern};

use super::*;

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
pub(crate) const PARTICLE_WORDS: [&str; 15] = [
    "UP", "DOWN", "OUT", "OFF", "BACK", "AWAY", "OVER", "ON", "IN", "AROUND", "ASIDE", "FORWARD",
    "THROUGH", "TOGETHER", "APART",
];

/// Prepositions that may follow a noun in a pattern written without parentheses
/// (`IDEA_OF`).
pub(crate) const BARE_PREPOSITIONS: [&str; 24] = [
    "OF", "TO", "FOR", "WITH", "ON", "IN", "AT", "FROM", "BY", "AGAINST", "ABOUT", "INTO", "OVER",
    "BETWEEN", "TOWARD", "TOWARDS", "UPON", "AMONG", "UNDER", "THROUGH", "WITHOUT", "DURING",
    "AFTER", "BEFORE",
];

/// Plurals whose `s` is not a plural ending, kept as they are.
pub(crate) const NOT_PLURAL: [&str; 8] = [
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
pub(crate) type SlotText = (String, String);

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
pub(crate) fn post_verb_slots(items: &[PatternItem]) -> Result<Vec<SlotText>, PatternSkip> {
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

pub(crate) fn is_preposition(w: &str) -> bool {
    BARE_PREPOSITIONS.contains(&w.to_uppercase().as_str())
}

pub(crate) fn is_particle(w: &str) -> bool {
    PARTICLE_WORDS.contains(&w.to_uppercase().as_str())
}

/// How many items from the start are one noun: a run of bare words (not prepositions)
/// and synsets, or a single `{...}`, `+`, `$` or `^`.
pub(crate) fn noun_run(items: &[PatternItem]) -> usize {
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
pub(crate) fn run_value(run: &[PatternItem]) -> Result<String, PatternSkip> {
    match run.last() {
        Some(last) => noun_value(&last.token),
        None => Err(PatternSkip::Unmappable("a missing noun".into())),
    }
}

/// The slot value of a noun-like token: a word's singular, a synset, a noun phrase's head,
/// `T` or `S`, and `*` for `^` (any noun phrase).
pub(crate) fn noun_value(t: &PatternToken) -> Result<String, PatternSkip> {
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
pub(crate) fn merge_slots(own: &[SlotText], pattern: &[SlotText]) -> Option<Vec<SlotText>> {
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

pub(crate) fn code_text(c: Option<&crate::petrarch::VerbCode>) -> String {
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

pub(crate) fn emit(
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
pub(crate) fn collect_members(
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
