//! The event coder: from a parsed sentence and its actor mentions to [`Event`]s.
//!
//! For each verb with patterns in the [`VerbDictionary`], the coder reads roles off the
//! Universal Dependencies parse: `nsubj` is the source, the pattern's slot (`obj`, or an `obl`
//! with the pattern's preposition) the target; passive `nsubj:pass` is the target and
//! `obl:agent` the source; conjoined subjects and objects give one event each; a verb
//! conjoined to another without its own subject shares that verb's subject.
//!
//! Candidates are dropped, with a reason that `--explain` shows, when the verb is negated
//! ("hasn't imposed", "never", "no sanctions"), hypothetical or conditional ("would", "could",
//! "might", "if ..."), in a question, or when an actor is missing or source equals target.

use crate::actors::{ActorDictionary, Gender, Kind};
use crate::actors::{Mention, Resolver};
use crate::codebook::Codebook;
use crate::dates::resolve_date;
use crate::error::{LineError, LoadError};
use crate::event::{ActorRef, Event, Span};
use crate::geo::{Gazetteer, PlaceContext};
use crate::plover::PloverMap;
use crate::verbs::{SlotValue, VerbDictionary, VerbPattern};
use chrono::NaiveDate;
use dyad_text::{char_offset, Sentence, Token};
use std::path::{Path, PathBuf};

/// The files of `dir` ending in `.ext`, in name order.
fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, LoadError> {
    let io = |source| LoadError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    Ok(files)
}

/// Everything the coder needs, loaded once per process.
pub struct EventCoder {
    pub actors: Resolver,
    pub verbs: VerbDictionary,
    pub codebook: Codebook,
    pub plover: PloverMap,
    pub gazetteer: Gazetteer,
}

/// A candidate event that was not kept, and why (for `dyad code --explain`).
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub sentence_index: usize,
    pub verb: String,
    pub reason: String,
}

/// What the coder knows of the document while it codes its sentences.
struct DocContext<'a> {
    article: &'a str,
    text: &'a str,
    story_date: Option<NaiveDate>,
    places: PlaceContext<'a>,
}

/// Why an event was coded: the pattern and the tokens that filled its roles.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub event_id: String,
    pub pattern: String,
    pub origin: String,
}

/// The result of coding one document.
#[derive(Debug, Default)]
pub struct Coded {
    pub events: Vec<Event>,
    pub dropped: Vec<Dropped>,
    pub explanations: Vec<Explanation>,
}

/// One sentence's tokens with their children lists, so role look-ups are cheap.
struct Tree<'a> {
    tokens: &'a [Token],
    children: Vec<Vec<usize>>,
    /// `actor[i]`: token `i` is inside a resolved actor mention (set once mentions are known).
    actor: Vec<bool>,
}

impl<'a> Tree<'a> {
    fn new(tokens: &'a [Token]) -> Self {
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if let Some(h) = t.head {
                if h >= 1 && h <= tokens.len() && h - 1 != i {
                    children[h - 1].push(i);
                }
            }
        }
        Tree {
            tokens,
            children,
            actor: vec![false; tokens.len()],
        }
    }

    fn rel(&self, i: usize) -> &str {
        self.tokens[i].deprel.as_deref().unwrap_or("")
    }

    fn lemma(&self, i: usize) -> String {
        let t = &self.tokens[i];
        t.lemma
            .clone()
            .unwrap_or_else(|| t.form.clone())
            .to_lowercase()
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.tokens[i]
            .head
            .filter(|&h| h >= 1 && h <= self.tokens.len())
            .map(|h| h - 1)
    }

    /// Children of `i` whose relation is `rel` or a subtype of it (`obl` matches `obl:tmod`).
    fn kids<'b>(&'b self, i: usize, rel: &'b str) -> impl Iterator<Item = usize> + 'b {
        self.children[i].iter().copied().filter(move |&c| {
            let r = self.rel(c);
            r == rel
                || r.strip_prefix(rel)
                    .is_some_and(|rest| rest.starts_with(':'))
        })
    }

    fn kid_exact(&self, i: usize, rel: &str) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| self.rel(c) == rel)
    }

    /// `i` and the words conjoined to it ("Raisi and Erdogan").
    fn with_conjuncts(&self, i: usize) -> Vec<usize> {
        let mut v = vec![i];
        let mut k = 0;
        while k < v.len() {
            let x = v[k];
            v.extend(
                self.kids(x, "conj")
                    .filter(|&c| self.tokens[c].upos.as_deref() != Some("VERB")),
            );
            k += 1;
        }
        v
    }

    /// The case marker (preposition) of a nominal dependent, lower-cased.
    fn case_of(&self, i: usize) -> Option<String> {
        self.kids(i, "case")
            .next()
            .map(|c| self.tokens[c].form.to_lowercase())
    }

    /// The preposition or subordinator introducing a dependent: its `case`, else its `mark`
    /// ("described Russia as Iran's partner" is often parsed with "as" as a mark).
    fn introducer_of(&self, i: usize) -> Option<String> {
        self.case_of(i).or_else(|| {
            self.kids(i, "mark")
                .next()
                .map(|c| self.tokens[c].form.to_lowercase())
        })
    }
}

/// Roles found for one verb.
struct Roles {
    sources: Vec<usize>,
    targets: Vec<usize>,
}

impl EventCoder {
    /// Load the coder's data from a data folder: `dict/*.actors`, `dict/*.verbs`,
    /// `cameo/cameo_codes.tsv`, `cameo/cameo_plover.tsv` and the gazetteer in `geo/`. Bad dictionary lines are returned
    /// (as `file:line: reason`) next to the coder, which loads without them.
    pub fn load(data: &Path) -> Result<(EventCoder, Vec<LineError>), LoadError> {
        let dict = data.join("dict");
        let actors = ActorDictionary::load_dir(&dict)?;
        let verb_files = files_with_extension(&dict, "verbs")?;
        let verbs = VerbDictionary::load(&verb_files)?;
        let mut errors = actors.errors.clone();
        errors.extend(verbs.errors.iter().cloned());
        let coder = EventCoder {
            actors: Resolver::new(actors),
            verbs,
            codebook: Codebook::load(data.join("cameo").join("cameo_codes.tsv"))?,
            plover: PloverMap::load(data.join("cameo").join("cameo_plover.tsv"))?,
            gazetteer: Gazetteer::load(&data.join("geo")).map_err(|e| LoadError::Invalid {
                path: data.join("geo").display().to_string(),
                reason: e.to_string(),
            })?,
        };
        Ok((coder, errors))
    }

    /// Code all sentences of a document. `sentences` must be tagged and parsed; `story_date`
    /// decides which actor codes hold.
    pub fn code(
        &self,
        article: &str,
        text: &str,
        story_date: Option<NaiveDate>,
        sentences: &[Sentence],
    ) -> Coded {
        let mut out = Coded::default();
        let mut history: Vec<Antecedent> = Vec::new();
        let (countries, regions) = self.gazetteer.mentions(text);
        let dateline = self.gazetteer.dateline_place(text);
        let doc = DocContext {
            article,
            text,
            story_date,
            places: PlaceContext {
                article_countries: &countries,
                article_regions: &regions,
                dateline: dateline.as_ref(),
            },
        };
        for (si, s) in sentences.iter().enumerate() {
            self.code_sentence(&doc, si, s, &mut history, &mut out);
        }
        out
    }

    fn code_sentence(
        &self,
        doc: &DocContext<'_>,
        si: usize,
        s: &Sentence,
        history: &mut Vec<Antecedent>,
        out: &mut Coded,
    ) {
        let (article, text, story_date) = (doc.article, doc.text, doc.story_date);
        let mut tree = Tree::new(&s.tokens);
        let mut mentions = self.actors.mentions(&s.tokens, story_date);
        self.add_pronouns(&tree, &mut mentions, history);
        for m in mentions.iter().filter(|m| m.code.is_some()) {
            for k in m.start..m.end.min(tree.actor.len()) {
                tree.actor[k] = true;
            }
        }
        let tree = tree;
        let sentence_text = s.text(text);
        let is_question = sentence_text
            .trim_end_matches(['"', '”', '’', '\'', ' '])
            .ends_with('?');
        for v in 0..s.tokens.len() {
            if s.tokens[v].upos.as_deref() != Some("VERB") {
                continue;
            }
            let lemma = tree.lemma(v);
            let patterns = self.verbs.patterns(&lemma);
            if patterns.is_empty() {
                continue;
            }
            let drop = |reason: &str, out: &mut Coded| {
                out.dropped.push(Dropped {
                    sentence_index: si,
                    verb: s.tokens[v].form.clone(),
                    reason: reason.into(),
                })
            };
            if let Some(reason) = non_event_reason(&tree, v, is_question) {
                drop(&reason, out);
                continue;
            }
            let Some((pattern, roles)) = patterns
                .iter()
                .find_map(|p| self.match_pattern(&tree, v, p).map(|r| (p, r)))
            else {
                drop("no pattern of this verb matches its dependents", out);
                continue;
            };
            if pattern_object_negated(&tree, v) {
                drop("negated object (\"no ...\")", out);
                continue;
            }
            let Some(cameo) = self.codebook.cameo(&pattern.code) else {
                drop(
                    &format!("pattern code {} is not in the codebook", pattern.code),
                    out,
                );
                continue;
            };
            // "on Tuesday" attached to the verb dates the event; else the story date.
            let event_date = story_date
                .and_then(|sd| resolve_date(&s.tokens, text, Some(v), sd).map(|d| d.date))
                .or(story_date);
            let place = self
                .gazetteer
                .resolve_place(&s.tokens, text, v, &doc.places);
            let mut made = false;
            for &src in &roles.sources {
                let Some(sm) = mention_for(&tree, &mentions, src) else {
                    continue;
                };
                let Some(sc) = &sm.code else { continue };
                for &tgt in &roles.targets {
                    // The target may sit deeper in its phrase ("visited an airfield in central
                    // Iran"): take the nearest actor in the phrase that is not the source.
                    let Some(tm) = target_candidates(&tree, &mentions, tgt)
                        .into_iter()
                        .find(|m| m.code.as_ref().is_some_and(|c| c != sc))
                    else {
                        continue;
                    };
                    let Some(tc) = &tm.code else { continue };
                    let id = Event::stable_id(article, si, Some(sc), Some(tc), &pattern.code);
                    if out.events.iter().any(|e| e.id == id) {
                        continue;
                    }
                    let actor = |m: &Mention, code: &str| actor_ref(text, s, m, code);
                    let verb_tok = &s.tokens[v];
                    out.explanations.push(Explanation {
                        event_id: id.clone(),
                        pattern: format!(
                            "{} | {} | {}",
                            pattern.lemma,
                            slots_text(pattern),
                            pattern.code
                        ),
                        origin: pattern.origin.clone(),
                    });
                    out.events.push(Event {
                        id,
                        article: article.to_string(),
                        sentence_index: si,
                        sentence: sentence_text.to_string(),
                        date: event_date,
                        story_date,
                        source: Some(actor(sm, sc)),
                        target: Some(actor(tm, tc)),
                        cameo: cameo.clone(),
                        plover: self.plover.plover_for(&pattern.code),
                        verb: Some(Span {
                            text: verb_tok.form.clone(),
                            start: char_offset(
                                sentence_text,
                                verb_tok.start.saturating_sub(s.start),
                            ),
                            end: char_offset(sentence_text, verb_tok.end.saturating_sub(s.start)),
                        }),
                        place: place.clone(),
                    });
                    made = true;
                }
            }
            if !made {
                drop("no actor found for the source or the target", out);
            }
        }
    }

    /// Check a pattern's slots against the verb's dependents; on success return the roles.
    fn match_pattern(&self, tree: &Tree, v: usize, p: &VerbPattern) -> Option<Roles> {
        let mut role_slot: Option<(usize, bool)> = None; // (token, is_source)
        for slot in &p.slots {
            let dep = self.find_slot(tree, v, &slot.name)?;
            let ok = match &slot.value {
                SlotValue::Target => {
                    role_slot = Some((dep, false));
                    true
                }
                SlotValue::Source => {
                    role_slot = Some((dep, true));
                    true
                }
                SlotValue::Any => true,
                SlotValue::Lemma(w) => tree.lemma(dep) == *w,
                SlotValue::Set(set) => self.verbs.in_set(set, &tree.lemma(dep)),
            };
            if !ok {
                return None;
            }
        }
        let subjects = subjects_of(tree, v);
        let (sources, targets) = match role_slot {
            Some((t, false)) => (subjects.active, tree.with_conjuncts(t)),
            Some((s, true)) => (tree.with_conjuncts(s), subjects.active),
            None => (subjects.active, default_targets(tree, &tree.actor, v)),
        };
        // Passive: "sanctions were imposed on Iran by the U.S." (nsubj:pass is the patient).
        let (sources, targets) = if subjects.passive.is_empty() {
            (sources, targets)
        } else {
            let agents: Vec<usize> = tree
                .kids(v, "obl")
                .filter(|&o| tree.rel(o) == "obl:agent" || tree.case_of(o).as_deref() == Some("by"))
                .collect();
            let agents = agents
                .into_iter()
                .flat_map(|a| tree.with_conjuncts(a))
                .collect();
            if role_slot.is_some() {
                (agents, targets)
            } else {
                (agents, subjects.passive)
            }
        };
        Some(Roles { sources, targets })
    }

    /// The dependent of `v` that fills a slot.
    fn find_slot(&self, tree: &Tree, v: usize, name: &str) -> Option<usize> {
        match name {
            // A lone object is sometimes parsed as iobj ("urged Israel to ..."): accept it.
            "obj" => tree
                .kid_exact(v, "obj")
                .or_else(|| tree.kids(v, "iobj").next()),
            "iobj" => tree.kid_exact(v, "iobj"),
            "prt" => tree.kid_exact(v, "compound:prt"),
            prep => {
                let on_verb = tree.children[v].iter().copied().find(|&c| {
                    matches!(
                        tree.rel(c).split(':').next(),
                        Some("obl" | "nmod" | "advcl")
                    ) && tree.introducer_of(c).as_deref() == Some(prep)
                });
                // "imposed sanctions on the Kremlin": the prepositional phrase may hang on the object.
                on_verb.or_else(|| {
                    let obj = tree.kid_exact(v, "obj")?;
                    tree.kids(obj, "nmod")
                        .find(|&c| tree.case_of(c).as_deref() == Some(prep))
                })
            }
        }
    }
}

struct Subjects {
    active: Vec<usize>,
    passive: Vec<usize>,
}

/// Prepositions that introduce places and times rather than the other party of an event.
const CIRCUMSTANTIAL: [&str; 9] = [
    "in", "at", "during", "since", "after", "before", "near", "by", "across",
];

/// Targets of a pattern without a `T` or `S` slot: the direct object (and its conjuncts) when
/// an actor stands in it; otherwise the verb's prepositional dependents that are not places,
/// times or agents ("imposed sanctions on the Kremlin" with the PP on the verb).
fn default_targets(tree: &Tree, actor_tokens: &[bool], v: usize) -> Vec<usize> {
    if let Some(o) = tree.kid_exact(v, "obj") {
        let conj = tree.with_conjuncts(o);
        if conj
            .iter()
            .any(|&c| subtree_has_actor(tree, actor_tokens, c))
        {
            return conj;
        }
    }
    tree.kids(v, "obl")
        .filter(|&o| !matches!(tree.rel(o), "obl:tmod" | "obl:agent" | "obl:npmod"))
        .filter(|&o| {
            tree.case_of(o)
                .is_some_and(|c| !CIRCUMSTANTIAL.contains(&c.as_str()))
        })
        .flat_map(|o| tree.with_conjuncts(o))
        .collect()
}

fn subtree_has_actor(tree: &Tree, actor_tokens: &[bool], i: usize) -> bool {
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
fn subjects_of(tree: &Tree, v: usize) -> Subjects {
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
fn non_event_reason(tree: &Tree, v: usize, is_question: bool) -> Option<String> {
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
        {
            return Some(format!("hypothetical (\"{}\")", tree.tokens[c].form));
        }
        if rel == "aux" && matches!(lemma.as_str(), "will" | "shall") {
            return Some("future (intent is not coded as the act)".into());
        }
        if rel == "mark" && matches!(lemma.as_str(), "if" | "unless" | "whether") {
            return Some(format!("condition (\"{}\")", tree.tokens[c].form));
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

/// "imposed no sanctions": a `no` determiner on the object.
fn pattern_object_negated(tree: &Tree, v: usize) -> bool {
    tree.kid_exact(v, "obj")
        .is_some_and(|o| tree.kids(o, "det").any(|d| tree.lemma(d) == "no"))
}

/// The mention that stands for token `i`: the one containing it, else one containing a
/// word of its noun phrase (compound, flat, amod, nmod:poss children).
fn mention_for<'m>(tree: &Tree, mentions: &'m [Mention], i: usize) -> Option<&'m Mention> {
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
            .find_map(containing)
    })
}

fn actor_ref(text: &str, s: &Sentence, m: &Mention, code: &str) -> ActorRef {
    let sentence_text = s.text(text);
    let (a, b) = (s.tokens[m.start].start, s.tokens[m.end - 1].end);
    ActorRef {
        code: code.to_string(),
        name: m.name.clone(),
        text: text.get(a..b).unwrap_or("").to_string(),
        start: char_offset(sentence_text, a.saturating_sub(s.start)),
        end: char_offset(sentence_text, b.saturating_sub(s.start)),
    }
}

fn slots_text(p: &VerbPattern) -> String {
    p.slots
        .iter()
        .map(|s| {
            let v = match &s.value {
                SlotValue::Target => "T".to_string(),
                SlotValue::Source => "S".to_string(),
                SlotValue::Any => "*".to_string(),
                SlotValue::Lemma(w) => w.clone(),
                SlotValue::Set(n) => format!("&{n}"),
            };
            format!("{}={v}", s.name)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Gender and number of an actor mention, for pronoun agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    /// A person of unknown gender: "he" or "she".
    Person(Option<Gender>),
    /// A state, organisation or place: "it".
    Neuter,
    /// Several: "they".
    Plural,
}

/// A mention earlier in the document that a pronoun may point back to.
#[derive(Debug, Clone)]
pub(crate) struct Antecedent {
    code: String,
    name: Option<String>,
    agreement: Agreement,
    /// The mention was the subject of its clause: pronouns prefer those.
    subject: bool,
}

impl Agreement {
    fn of_pronoun(lemma: &str) -> Option<Agreement> {
        Some(match lemma {
            "he" | "him" | "his" | "himself" => Agreement::Person(Some(Gender::Male)),
            "she" | "her" | "hers" | "herself" => Agreement::Person(Some(Gender::Female)),
            "it" | "its" | "itself" => Agreement::Neuter,
            "they" | "them" | "their" | "themselves" => Agreement::Plural,
            _ => return None,
        })
    }

    fn accepts(self, antecedent: Agreement) -> bool {
        match (self, antecedent) {
            (Agreement::Person(want), Agreement::Person(have)) => have.is_none() || have == want,
            (a, b) => a == b,
        }
    }
}

impl EventCoder {
    fn agreement(&self, tokens: &[Token], m: &Mention) -> Agreement {
        let entries = &self.actors.dictionary().entries;
        if let Some(person) = m
            .entries
            .iter()
            .map(|&e| &entries[e])
            .find(|e| e.kind == Kind::Person)
        {
            return Agreement::Person(
                person
                    .gender
                    .filter(|g| matches!(g, Gender::Male | Gender::Female)),
            );
        }
        let last = &tokens[m.end - 1];
        if last
            .xpos
            .as_deref()
            .is_some_and(|x| x == "NNS" || x == "NNPS")
        {
            Agreement::Plural
        } else {
            Agreement::Neuter
        }
    }

    /// Resolve third-person pronouns to the nearest earlier compatible mention (in this
    /// sentence first, then earlier sentences), and remember this sentence's mentions.
    fn add_pronouns(
        &self,
        tree: &Tree,
        mentions: &mut Vec<Mention>,
        history: &mut Vec<Antecedent>,
    ) {
        let tokens = tree.tokens;
        let mut extra = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.upos.as_deref() != Some("PRON") {
                continue;
            }
            let Some(want) = Agreement::of_pronoun(&t.form.to_lowercase()) else {
                continue;
            };
            // An object pronoun does not point to its own verb's subject ("Putin thanked him").
            let own_subjects: Vec<usize> = match (tree.rel(i).split(':').next(), tree.head(i)) {
                (Some("obj" | "iobj" | "obl"), Some(h)) => tree.kids(h, "nsubj").collect(),
                _ => Vec::new(),
            };
            let here = mentions
                .iter()
                .rev()
                .filter(|m| m.end <= i && m.code.is_some())
                .filter(|m| !own_subjects.iter().any(|&s| m.start <= s && s < m.end))
                .find(|m| want.accepts(self.agreement(tokens, m)))
                .map(|m| (m.code.clone(), m.name.clone()));
            // Across sentences, the nearest compatible subject, else the nearest compatible one.
            let earlier = || {
                let compatible = || history.iter().rev().filter(|a| want.accepts(a.agreement));
                compatible()
                    .find(|a| a.subject)
                    .or_else(|| compatible().next())
                    .map(|a| (Some(a.code.clone()), a.name.clone()))
            };
            if let Some((code, name)) = here.or_else(earlier) {
                extra.push(Mention {
                    start: i,
                    end: i + 1,
                    code,
                    name,
                    entries: Vec::new(),
                });
            }
        }
        for m in mentions
            .iter()
            .filter(|m| m.code.is_some() && !m.entries.is_empty())
        {
            let subject = (m.start..m.end).any(|k| tree.rel(k).starts_with("nsubj"));
            history.push(Antecedent {
                code: m.code.clone().unwrap_or_default(),
                name: m.name.clone(),
                agreement: self.agreement(tokens, m),
                subject,
            });
        }
        mentions.extend(extra);
        mentions.sort_by_key(|m| m.start);
    }
}

/// Actor mentions that may stand for the target token `i`, nearest first: the mention
/// containing it, those in its noun phrase, then those deeper in its phrase (breadth first,
/// three levels, not into clauses of speech).
fn target_candidates<'m>(tree: &Tree, mentions: &'m [Mention], i: usize) -> Vec<&'m Mention> {
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
