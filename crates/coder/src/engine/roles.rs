//! Reading roles off the dependency parse: subjects, targets, non-event clauses, and which
//! actor mention stands for a token.

use super::tree::Tree;
use crate::actors::Mention;

pub(super) struct Subjects {
    pub(super) active: Vec<usize>,
    pub(super) passive: Vec<usize>,
}

/// Prepositions that introduce places and times rather than the other party of an event.
pub(super) const CIRCUMSTANTIAL: [&str; 9] = [
    "in", "at", "during", "since", "after", "before", "near", "by", "across",
];

/// Targets of a pattern without a `T` or `S` slot: the direct object (and its conjuncts) when
/// an actor stands in it; otherwise the verb's prepositional dependents that are not places,
/// times or agents ("imposed sanctions on the Kremlin" with the PP on the verb).
pub(super) fn default_targets(tree: &Tree, actor_tokens: &[bool], v: usize) -> Vec<usize> {
    if let Some(o) = tree.kid_exact(v, "obj") {
        let conj = tree.with_conjuncts(o);
        if conj
            .iter()
            .any(|&c| subtree_has_actor(tree, actor_tokens, c))
        {
            return conj;
        }
    }
    let from_pps: Vec<usize> = tree
        .kids(v, "obl")
        .filter(|&o| !matches!(tree.rel(o), "obl:tmod" | "obl:agent" | "obl:npmod"))
        .filter(|&o| {
            tree.case_of(o)
                .is_some_and(|c| !CIRCUMSTANTIAL.contains(&c.as_str()))
        })
        .flat_map(|o| tree.with_conjuncts(o))
        .collect();
    if !from_pps.is_empty() {
        return from_pps;
    }
    // "refused to meet U.S. envoys": the other party sits in the controlled verb's phrase.
    match tree.kid_exact(v, "xcomp") {
        Some(x) if x != v => default_targets(tree, actor_tokens, x),
        _ => Vec::new(),
    }
}

pub(super) fn subtree_has_actor(tree: &Tree, actor_tokens: &[bool], i: usize) -> bool {
    let mut stack = vec![(i, 0)];
    while let Some((x, depth)) = stack.pop() {
        if actor_tokens.get(x).copied().unwrap_or(false) {
            return true;
        }
        if depth < 3 {
            stack.extend(tree.children[x].iter().map(|&c| (c, depth + 1)));
        }
    }
    false
}

/// Subjects of a verb, following conjunction ("Putin conferred ... and he used ...") and
/// control ("X urged Israel to push back": Israel is the subject of push).
pub(super) fn subjects_of(tree: &Tree, v: usize) -> Subjects {
    let mut verb = v;
    for _ in 0..4 {
        let active: Vec<usize> = tree
            .kids(verb, "nsubj")
            .filter(|&c| tree.rel(c) != "nsubj:pass")
            .flat_map(|s| tree.with_conjuncts(s))
            .collect();
        let passive: Vec<usize> = tree
            .kids(verb, "nsubj:pass")
            .flat_map(|s| tree.with_conjuncts(s))
            .collect();
        if !active.is_empty() || !passive.is_empty() {
            return Subjects { active, passive };
        }
        let rel = tree.rel(verb).to_string();
        let Some(h) = tree.head(verb) else { break };
        match rel.as_str() {
            "conj" => verb = h,
            "xcomp" => {
                if let Some(o) = tree.kid_exact(h, "obj") {
                    return Subjects {
                        active: tree.with_conjuncts(o),
                        passive: vec![],
                    };
                }
                verb = h;
            }
            // "drones that Ukrainian forces used": the relative clause's head noun.
            r if r.starts_with("acl") => {
                return Subjects {
                    active: vec![h],
                    passive: vec![],
                }
            }
            _ => break,
        }
    }
    Subjects {
        active: vec![],
        passive: vec![],
    }
}

/// Why a verb's clause states no actual event, if it does not.
pub(super) fn non_event_reason(tree: &Tree, v: usize, is_question: bool) -> Option<String> {
    if is_question {
        return Some("question".into());
    }
    for c in tree.children[v].iter().copied() {
        let lemma = tree.lemma(c);
        let rel = tree.rel(c);
        if rel == "advmod" && matches!(lemma.as_str(), "not" | "never" | "n't") {
            return Some(format!("negated (\"{}\")", tree.tokens[c].form));
        }
        if rel == "aux"
            && matches!(
                lemma.as_str(),
                "would" | "could" | "might" | "may" | "should"
            )
            && !(lemma == "would" && is_reported_future(tree, v))
        {
            return Some(format!("hypothetical (\"{}\")", tree.tokens[c].form));
        }
        if rel == "mark" && matches!(lemma.as_str(), "if" | "unless" | "whether") {
            return Some(format!("condition (\"{}\")", tree.tokens[c].form));
        }
    }
    // "refused to meet": the refusal is the event (REJECT), the meeting is not.
    if tree.rel(v) == "xcomp" {
        if let Some(h) = tree.head(v) {
            let governor = tree.lemma(h);
            if matches!(governor.as_str(), "refuse" | "decline" | "fail" | "reject") {
                return Some(format!("not done (\"{}\" to)", tree.tokens[h].form));
            }
        }
    }
    // A verb inside a conditional or hypothetical clause, or a wish ("hope a deal will be made").
    let mut x = v;
    for _ in 0..6 {
        let Some(h) = tree.head(x) else { break };
        let rel = tree.rel(x);
        if rel.starts_with("advcl")
            && tree
                .kids(x, "mark")
                .any(|m| matches!(tree.lemma(m).as_str(), "if" | "unless"))
        {
            return Some("inside a condition".into());
        }
        if rel.starts_with("csubj")
            || rel == "ccomp" && matches!(tree.lemma(h).as_str(), "hope" | "wish" | "want" | "deny")
        {
            return Some(format!("inside a clause of \"{}\"", tree.tokens[h].form));
        }
        x = h;
    }
    None
}

/// Verbs whose `to`-infinitive is an act not yet done but meant ("plans to attack", "agreed
/// to meet", "threatened to invade", "is set to sign", "is expected to visit").
const INTENT_GOVERNORS: [&str; 18] = [
    "plan", "intend", "aim", "prepare", "vow", "pledge", "promise", "threaten", "want", "hope",
    "seek", "expect", "agree", "offer", "set", "due", "schedule", "go",
];

/// Verbs of saying whose reported `would` is a future seen from the past ("Biden told
/// Netanyahu that Washington would support Israel"), not a hypothetical.
pub(super) const SPEECH_VERBS: [&str; 12] = [
    "say", "tell", "announce", "pledge", "promise", "vow", "warn", "insist", "state", "declare",
    "confirm", "assure",
];

/// "would" in a clause reported by a verb of saying.
pub(super) fn is_reported_future(tree: &Tree, v: usize) -> bool {
    tree.rel(v) == "ccomp"
        && tree
            .head(v)
            .is_some_and(|h| SPEECH_VERBS.contains(&tree.lemma(h).as_str()))
        && tree.children[v]
            .iter()
            .any(|&c| tree.rel(c) == "aux" && tree.lemma(c) == "would")
}

/// The act lies in the future (coded as an intent, not the act): "will meet", "shall
/// respond", "is to meet", "plans to attack", and a reported "would".
pub(super) fn is_future(tree: &Tree, v: usize) -> bool {
    let kids = &tree.children[v];
    if kids
        .iter()
        .any(|&c| tree.rel(c) == "aux" && matches!(tree.lemma(c).as_str(), "will" | "shall"))
    {
        return true;
    }
    // "Erdogan is to meet Putin": `be` + `to` on the verb itself.
    let has_be = kids
        .iter()
        .any(|&c| matches!(tree.rel(c), "aux" | "cop") && tree.lemma(c) == "be");
    let has_to = kids
        .iter()
        .any(|&c| tree.rel(c) == "mark" && tree.lemma(c) == "to");
    if has_be && has_to {
        return true;
    }
    if tree.rel(v) == "xcomp" {
        if let Some(h) = tree.head(v) {
            if INTENT_GOVERNORS.contains(&tree.lemma(h).as_str()) {
                return true;
            }
        }
    }
    is_reported_future(tree, v)
}

/// "imposed no sanctions": a `no` determiner on the object.
pub(super) fn pattern_object_negated(tree: &Tree, v: usize) -> bool {
    tree.kid_exact(v, "obj")
        .is_some_and(|o| tree.kids(o, "det").any(|d| tree.lemma(d) == "no"))
}

/// The mention that stands for token `i`: the one containing it, else one containing a
/// word of its noun phrase (compound, flat, amod, nmod:poss children).
pub(super) fn mention_for<'m>(
    tree: &Tree,
    mentions: &'m [Mention],
    i: usize,
) -> Option<&'m Mention> {
    let containing = |k: usize| {
        mentions
            .iter()
            .find(|m| m.start <= k && k < m.end && m.code.is_some())
    };
    containing(i).or_else(|| {
        tree.children[i]
            .iter()
            .copied()
            .filter(|&c| {
                matches!(
                    tree.rel(c),
                    "compound" | "flat" | "amod" | "nmod:poss" | "appos"
                ) || tree.rel(c).starts_with("flat")
            })
            // "its rice sales declined": a pronoun possessor is not the actor of the phrase.
            .filter(|&c| tree.tokens[c].upos.as_deref() != Some("PRON"))
            .find_map(containing)
    })
}

/// Actor mentions that may stand for the target token `i`, nearest first: the mention
/// containing it, those in its noun phrase, then those deeper in its phrase (breadth first,
/// three levels, not into clauses of speech).
pub(super) fn target_candidates<'m>(
    tree: &Tree,
    mentions: &'m [Mention],
    i: usize,
) -> Vec<&'m Mention> {
    let mut out: Vec<&Mention> = Vec::new();
    let push = |k: usize, out: &mut Vec<&'m Mention>| {
        for m in mentions
            .iter()
            .filter(|m| m.start <= k && k < m.end && m.code.is_some())
        {
            if !out.iter().any(|o| std::ptr::eq(*o, m)) {
                out.push(m);
            }
        }
    };
    push(i, &mut out);
    // "rejects the interference of ... Lebanon by Syria": the agent of an act named by the
    // noun is who the verb acts on, before anyone else in the phrase.
    // The by-phrase may hang on a noun inside ("the interference of internal affairs of
    // Lebanon by Syria"): look two levels down.
    let by_phrase = |x: usize| {
        tree.children[x]
            .iter()
            .copied()
            .filter(|&c| tree.rel(c).starts_with("nmod"))
            .collect::<Vec<_>>()
    };
    for level1 in std::iter::once(i).chain(by_phrase(i)) {
        for c in by_phrase(level1) {
            if tree.case_of(c).as_deref() == Some("by") {
                push(c, &mut out);
            }
        }
    }
    let mut frontier = vec![i];
    for _ in 0..3 {
        let mut next = Vec::new();
        for &x in &frontier {
            for &c in &tree.children[x] {
                let rel = tree.rel(c);
                // Stay inside the phrase: not into other clauses (a relative clause is part of
                // the phrase: "drones that Ukrainian forces used"), nor into coordination.
                let clause = matches!(
                    rel.split(':').next(),
                    Some(
                        "ccomp"
                            | "xcomp"
                            | "advcl"
                            | "csubj"
                            | "parataxis"
                            | "punct"
                            | "cc"
                            | "conj"
                            | "dep"
                    )
                ) || rel == "acl";
                if clause {
                    continue;
                }
                push(c, &mut out);
                next.push(c);
            }
        }
        frontier = next;
    }
    out
}

/// The verb whose clause a noun belongs to: its nearest verb ancestor.
pub(super) fn governing_verb(tree: &Tree, n: usize) -> Option<usize> {
    let mut x = n;
    for _ in 0..8 {
        x = tree.head(x)?;
        if tree.tokens[x].upos.as_deref() == Some("VERB") {
            return Some(x);
        }
    }
    None
}

/// Who acts in a nominal event: the noun's possessor, adjective or compound modifier that
/// names an actor ("Russia's invasion", "the Russian attack", "U.S. sanctions"), or its `by`
/// phrase ("attacks by Houthi rebels"). A meeting without one is the governing clause's
/// subject's ("Putin said at the start of the meeting with Raisi"); the flag says the
/// sources were borrowed so.
pub(super) fn nominal_sources(
    tree: &Tree,
    n: usize,
    clause: Option<usize>,
    code: &str,
) -> (Vec<usize>, bool) {
    let own: Vec<usize> = tree.children[n]
        .iter()
        .copied()
        .filter(|&c| {
            matches!(tree.rel(c), "nmod:poss" | "amod" | "compound")
                || tree.rel(c).starts_with("nmod") && tree.case_of(c).as_deref() == Some("by")
        })
        .filter(|&c| tree.actor.get(c).copied().unwrap_or(false))
        .collect();
    if !own.is_empty() || !code.starts_with("04") {
        return (own, false);
    }
    let borrowed = clause
        .map(|c| subjects_of(tree, c).active)
        .unwrap_or_default();
    (borrowed, true)
}

/// Why a nominal event is history rather than news, if it is: a `during`/`since` phrase or a
/// year on the noun ("Russia's occupation of Iran during World War II").
pub(super) fn historical_reference(tree: &Tree, n: usize) -> Option<String> {
    for &c in &tree.children[n] {
        if tree
            .case_of(c)
            .is_some_and(|p| p == "during" || p == "since")
        {
            return Some(format!(
                "a noun dated in the past (\"{}\")",
                tree.tokens[c].form
            ));
        }
        let form = &tree.tokens[c].form;
        if form.len() == 4
            && form.starts_with(['1', '2'])
            && form.chars().all(|d| d.is_ascii_digit())
        {
            return Some(format!("a noun dated in the past ({form})"));
        }
    }
    None
}

/// Acts that two conjoined subjects do to each other when no target is named: intents,
/// consultations, diplomatic and material cooperation, breaking relations or talks, and
/// clashes.
pub(super) fn is_mutual(code: &str, lemma: &str) -> bool {
    ["03", "04", "05", "06"].iter().any(|r| code.starts_with(r))
        || matches!(code, "161" | "164")
        || lemma == "clash"
}

/// The actors conjoined to a mention's head ("Gondor and Osgiliath", "Israel, Egypt and
/// Jordan"): the mentions of its `conj` dependents.
pub(super) fn conjoined_mentions<'m>(
    tree: &Tree,
    mentions: &'m [Mention],
    m: &Mention,
) -> Vec<&'m Mention> {
    // The head of the mention: its token whose head lies outside it.
    let Some(head) = (m.start..m.end.min(tree.tokens.len()))
        .find(|&k| tree.head(k).is_none_or(|h| h < m.start || h >= m.end))
    else {
        return Vec::new();
    };
    tree.with_conjuncts(head)
        .into_iter()
        .filter(|&c| c != head)
        .filter_map(|c| mention_for(tree, mentions, c))
        .filter(|c| c.code.is_some())
        .collect()
}
