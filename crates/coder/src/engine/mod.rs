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

use crate::actors::ActorDictionary;
use crate::actors::{Mention, Resolver};
use crate::codebook::Codebook;
use crate::dates::{resolve_date, resolve_own_date};
use crate::error::{files_with_extension, read_text, LineError, LoadError};
use crate::event::{ActorRef, Event, Span};
use crate::geo::{Gazetteer, PlaceContext};
use crate::plover::PloverMap;
use crate::verbs::{SlotValue, VerbDictionary, VerbPattern};
mod pronouns;
mod roles;
mod tree;

use chrono::NaiveDate;
use dyad_text::{char_offset, Sentence};
use pronouns::Antecedent;
use roles::{
    conjoined_mentions, default_targets, governing_verb, historical_reference, is_future,
    is_mutual, mention_for, nominal_sources, non_event_reason, pattern_object_negated, subjects_of,
    target_candidates,
};
use std::path::{Path, PathBuf};
use tree::Tree;

/// Token index just past an article's dateline ("BAGHDAD, March 11 -", "MANILA, Philippines
/// (AP) --"): a capitalised first word and a dash within the first 20 tokens; 0 when the
/// first sentence has no dateline.
fn dateline_end(tokens: &[dyad_text::Token]) -> usize {
    let starts_upper = tokens.first().is_some_and(|t| {
        t.form.chars().any(char::is_alphabetic) && !t.form.chars().any(char::is_lowercase)
    });
    if !starts_upper {
        return 0;
    }
    tokens
        .iter()
        .take(20)
        .position(|t| matches!(t.form.as_str(), "-" | "--" | "—" | "–"))
        .map_or(0, |i| {
            let mut end = i + 1;
            while end < tokens.len() && matches!(tokens[end].form.as_str(), "-" | "--") {
                end += 1;
            }
            end
        })
}

/// The CAMEO code for the announced intent to do `code`: meeting -> 036, diplomatic
/// cooperation -> 032, material cooperation -> 031, aid -> 033, yielding -> 034; sanctions,
/// coercion and force become threats (1312, 137, 138). `None` for acts with no intent code
/// (statements, appeals, demands, criticism...).
pub fn intent_code(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "034",
        "16" => "1312",
        "17" => "137",
        "18" | "19" | "20" => "138",
        _ => return None,
    })
}

/// A user's own dictionary files, added to the shipped ones (see [`EventCoder::load_with`]).
#[derive(Debug, Clone, Default)]
pub struct UserDictionaries {
    pub actors: Vec<PathBuf>,
    pub agents: Vec<PathBuf>,
    pub verbs: Vec<PathBuf>,
}

/// Everything the coder needs, loaded once per process.
pub struct EventCoder {
    pub actors: Resolver,
    pub verbs: VerbDictionary,
    pub codebook: Codebook,
    pub plover: PloverMap,
    pub gazetteer: Gazetteer,
    /// Code a future act ("will meet") as the intent to do it (03x, 13x): dyad's rule and
    /// the default. `false` codes it as the act itself, PETRARCH's convention, which its
    /// validation suites expect.
    pub future_as_intent: bool,
}

/// A candidate event that was not kept, and why (for `dyad code --explain`).
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub sentence_index: usize,
    pub verb: String,
    pub reason: String,
}

/// What the coder remembers from earlier sentences of the same document.
#[derive(Default)]
struct DocMemory {
    /// Mentions a pronoun may point back to.
    antecedents: Vec<Antecedent>,
    /// Surnames of people named after a role ("Iranian President Ebrahim Raisi"), so that a
    /// later bare "Raisi" is the same actor: surname -> (code, full name).
    surnames: std::collections::HashMap<String, (String, String)>,
}

impl EventCoder {
    /// Remember the people this sentence names after a role, and resolve bare surnames of
    /// people named so earlier in the document.
    fn add_short_names(
        &self,
        tokens: &[dyad_text::Token],
        mentions: &mut Vec<Mention>,
        memory: &mut DocMemory,
    ) {
        let title_case = |t: &dyad_text::Token| {
            t.form.chars().next().is_some_and(char::is_uppercase)
                && t.form.chars().skip(1).any(char::is_lowercase)
        };
        let mut found = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if !title_case(t) || mentions.iter().any(|m| m.start <= i && i < m.end) {
                continue;
            }
            if let Some((code, name)) = memory.surnames.get(&t.form) {
                found.push(Mention {
                    start: i,
                    end: i + 1,
                    code: Some(code.clone()),
                    name: Some(name.clone()),
                    entries: Vec::new(),
                });
            }
        }
        for m in mentions.iter().filter(|m| self.actors.ends_with_role(m)) {
            let Some(code) = &m.code else { continue };
            // The name is the run of title-case, non-role words that ends the mention.
            let mut start = m.end;
            while start > m.start
                && title_case(&tokens[start - 1])
                && !self.actors.is_role_word(&tokens[start - 1].form)
            {
                start -= 1;
            }
            if start < m.end && start > m.start {
                let name: Vec<&str> = tokens[start..m.end]
                    .iter()
                    .map(|t| t.form.as_str())
                    .collect();
                memory.surnames.insert(
                    tokens[m.end - 1].form.clone(),
                    (code.clone(), name.join(" ")),
                );
            }
        }
        for m in mentions
            .iter_mut()
            .filter(|m| m.name.is_none() && self.actors.ends_with_role(m))
        {
            if let Some((_, name)) = memory.surnames.get(&tokens[m.end - 1].form) {
                m.name = Some(name.clone());
            }
        }
        if !found.is_empty() {
            mentions.extend(found);
            mentions.sort_by_key(|m| m.start);
        }
    }
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
        Self::load_with(data, &UserDictionaries::default())
    }

    /// [`EventCoder::load`] plus a user's own dictionaries, which take precedence over the
    /// shipped ones: files ending `.actors`/`.verbs` are in dyad's format, any other file is
    /// read as a PETRARCH/Phoenix dictionary as it is and converted on the fly.
    pub fn load_with(
        data: &Path,
        user: &UserDictionaries,
    ) -> Result<(EventCoder, Vec<LineError>), LoadError> {
        let dict = data.join("dict");
        let mut errors = Vec::new();
        let mut actors = ActorDictionary::default();
        let mut verbs = VerbDictionary::default();
        let ours = |p: &Path, ext: &str| p.extension().is_some_and(|x| x == ext);
        let mut seen = std::collections::HashSet::new();
        for f in &user.actors {
            if ours(f, "actors") {
                actors.extend_from_str(&read_text(f)?, &f.display().to_string());
            } else {
                let p = crate::petrarch::ActorDict::load(std::slice::from_ref(f))?;
                errors.extend(p.errors.iter().cloned());
                let label = f.display().to_string();
                let (text, _) = crate::import::convert_actors(
                    &p,
                    &label,
                    crate::import::FileKind::Countries,
                    &mut seen,
                );
                actors.extend_from_str(&text, &format!("{label} (converted)"));
            }
        }
        for f in &user.agents {
            if ours(f, "actors") {
                actors.extend_from_str(&read_text(f)?, &f.display().to_string());
            } else {
                let p = crate::petrarch::AgentDict::load(std::slice::from_ref(f))?;
                errors.extend(p.errors.iter().cloned());
                let label = f.display().to_string();
                let (text, _) = crate::import::convert_agents(&p, &label);
                actors.extend_from_str(&text, &format!("{label} (converted)"));
            }
        }
        for f in &user.verbs {
            if ours(f, "verbs") {
                verbs.extend_from_str(&read_text(f)?, &f.display().to_string());
            } else {
                let p = crate::petrarch::VerbDict::load(std::slice::from_ref(f))?;
                errors.extend(p.errors.iter().cloned());
                let label = f.display().to_string();
                let (text, _) = crate::import::convert_verbs(&p, &label);
                verbs.extend_from_str(&text, &format!("{label} (converted)"));
            }
        }
        // The shipped dictionaries come after the user's: user entries win ties, and a verb
        // the user defines is theirs alone.
        for f in files_with_extension(&dict, "actors")? {
            actors.extend_from_str(&read_text(&f)?, &f.display().to_string());
        }
        let mut shipped = VerbDictionary::default();
        for f in files_with_extension(&dict, "verbs")? {
            shipped.extend_from_str(&read_text(&f)?, &f.display().to_string());
        }
        verbs.add_defaults(shipped);
        errors.extend(actors.errors.iter().cloned());
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
            future_as_intent: true,
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
        let mut memory = DocMemory::default();
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
            self.code_sentence(&doc, si, s, &mut memory, &mut out);
        }
        out
    }

    fn code_sentence(
        &self,
        doc: &DocContext<'_>,
        si: usize,
        s: &Sentence,
        memory: &mut DocMemory,
        out: &mut Coded,
    ) {
        let (article, text, story_date) = (doc.article, doc.text, doc.story_date);
        let mut tree = Tree::new(&s.tokens);
        let mut mentions = self.actors.mentions(&s.tokens, story_date);
        if si == 0 {
            // "WASHINGTON, April 4 (AFP) -- Albright met ...": the dateline names where the story
            // was filed, not an actor of its first sentence.
            let end = dateline_end(&s.tokens);
            mentions.retain(|m| m.start >= end);
        }
        self.add_short_names(&s.tokens, &mut mentions, memory);
        self.add_pronouns(&tree, &mut mentions, &mut memory.antecedents);
        self.name_definite_roles(&tree, &mut mentions, &memory.antecedents);
        self.add_quoted_first_person(&tree, &mut mentions);
        self.join_possessor_agents(&tree, &mut mentions, story_date);
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
            let nominal = match s.tokens[v].upos.as_deref() {
                Some("VERB") => false,
                Some("NOUN") => true,
                _ => continue,
            };
            let lemma = tree.lemma(v);
            let patterns = if nominal {
                self.verbs.patterns(&format!("noun:{lemma}"))
            } else {
                self.verbs.patterns_for_verb(&lemma, &s.tokens[v].form)
            };
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
            // A noun's event stands or falls with the clause it is part of ("would have faced
            // an attack from NATO" is no attack).
            let clause = if nominal {
                governing_verb(&tree, v)
            } else {
                Some(v)
            };
            if let Some(reason) = clause.and_then(|c| non_event_reason(&tree, c, is_question)) {
                drop(&reason, out);
                continue;
            }
            if nominal {
                if clause.is_some_and(|c| is_future(&tree, c)) {
                    drop("a noun in a clause about the future", out);
                    continue;
                }
                if let Some(c) = clause
                    .filter(|&c| matches!(tree.lemma(c).as_str(), "deny" | "refute" | "dismiss"))
                {
                    drop(&format!("a noun under \"{}\"", s.tokens[c].form), out);
                    continue;
                }
                if let Some(why) = historical_reference(&tree, v) {
                    drop(&why, out);
                    continue;
                }
            }
            let Some((pattern, mut roles)) = patterns
                .iter()
                .find_map(|p| self.match_pattern(&tree, v, p).map(|r| (p, r)))
            else {
                drop("no pattern of this verb matches its dependents", out);
                continue;
            };
            if nominal {
                let (sources, borrowed) = nominal_sources(&tree, v, clause, &pattern.code);
                roles.sources = sources;
                // "have expressed their support for ...", "broke off talks with ...": the
                // noun's actor is the verb's subject again (a pronoun, or borrowed from the
                // clause), and the verb's own pattern codes the event.
                let subject_again = borrowed
                    || roles
                        .sources
                        .iter()
                        .any(|&src| s.tokens[src].upos.as_deref() == Some("PRON"));
                let verb_codes_it = subject_again
                    && tree.rel(v) == "obj"
                    && tree.head(v).is_some_and(|h| {
                        self.verbs
                            .patterns_for_verb(&tree.lemma(h), &s.tokens[h].form)
                            .iter()
                            .any(|p| self.match_pattern(&tree, h, p).is_some())
                    });
                if verb_codes_it {
                    drop("the noun's verb codes the event", out);
                    continue;
                }
            }
            if let Some(why) = self.reported_claim(&tree, &mentions, v) {
                drop(&why, out);
                continue;
            }
            if pattern_object_negated(&tree, v) {
                drop("negated object (\"no ...\")", out);
                continue;
            }
            // A future act ("will meet") is coded as the intent to do it (03x, or a threat
            // for conflictual acts), never as the act itself.
            let code = if self.future_as_intent && !nominal && is_future(&tree, v) {
                match intent_code(&pattern.code) {
                    Some(c) => c.to_string(),
                    None => {
                        drop("future act with no intent code", out);
                        continue;
                    }
                }
            } else {
                pattern.code.clone()
            };
            let Some(cameo) = self.codebook.cameo(&code) else {
                drop(&format!("pattern code {code} is not in the codebook"), out);
                continue;
            };
            // "on Tuesday" attached to the verb dates the event; else the story date.
            let event_date = story_date
                .and_then(|sd| {
                    if nominal {
                        resolve_own_date(&s.tokens, text, v, sd)
                    } else {
                        resolve_date(&s.tokens, text, Some(v), sd)
                    }
                })
                .map(|d| d.date)
                .or(story_date);
            let place = self
                .gazetteer
                .resolve_place(&s.tokens, text, v, &doc.places);
            let mut made = false;
            // "Putin and Erdogan met", "Gondor and Osgiliath renewed ties": with no target,
            // conjoined subjects of a mutual act act on each other.
            let reciprocal =
                roles.targets.is_empty() && roles.sources.len() >= 2 && is_mutual(&code, &lemma);
            for &src in &roles.sources {
                let Some(sm) = mention_for(&tree, &mentions, src) else {
                    continue;
                };
                let Some(sc) = &sm.code else { continue };
                let mut target_mentions: Vec<&Mention> = Vec::new();
                if reciprocal {
                    target_mentions.extend(
                        roles
                            .sources
                            .iter()
                            .filter(|&&o| o != src)
                            .filter_map(|&o| mention_for(&tree, &mentions, o)),
                    );
                }
                for &tgt in &roles.targets {
                    // The target may sit deeper in its phrase ("visited an airfield in central
                    // Iran"): take the nearest actor in the phrase that is not the source,
                    // and the actors conjoined to it ("ties between Gondor and Osgiliath").
                    let Some(tm) = target_candidates(&tree, &mentions, tgt)
                        .into_iter()
                        .find(|m| m.code.as_ref().is_some_and(|c| c != sc))
                    else {
                        continue;
                    };
                    target_mentions.push(tm);
                    target_mentions.extend(conjoined_mentions(&tree, &mentions, tm));
                }
                for tm in target_mentions {
                    let Some(tc) = &tm.code else { continue };
                    if tc == sc {
                        continue;
                    }
                    let id = Event::stable_id(article, si, Some(sc), Some(tc), &code);
                    if out.events.iter().any(|e| e.id == id) {
                        continue;
                    }
                    let actor = |m: &Mention, code: &str| actor_ref(text, s, m, code);
                    let verb_tok = &s.tokens[v];
                    out.explanations.push(Explanation {
                        event_id: id.clone(),
                        pattern: if code == pattern.code {
                            format!("{} | {} | {}", pattern.lemma, slots_text(pattern), code)
                        } else {
                            format!(
                                "{} | {} | {}` as future intent `{code}",
                                pattern.lemma,
                                slots_text(pattern),
                                pattern.code
                            )
                        },
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
                        plover: self.plover.plover_for(&code),
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

    /// "Khamenei saying the West opposes a strong Russia": a present-tense statement about
    /// another actor, reported by a speaker, is the speaker's claim, not an act of that actor
    /// (a speaker's own stance, "it rejects", "we condemn", stays an event).
    fn reported_claim(&self, tree: &Tree, mentions: &[Mention], v: usize) -> Option<String> {
        let speech = tree.head(v).filter(|_| tree.rel(v) == "ccomp")?;
        if !pronouns::QUOTING_VERBS.contains(&tree.lemma(speech).as_str()) {
            return None;
        }
        let present = matches!(tree.tokens[v].xpos.as_deref(), Some("VBZ" | "VBP"))
            && !tree.children[v]
                .iter()
                .any(|&c| tree.rel(c).starts_with("aux"));
        if !present {
            return None;
        }
        let actor_of = |verb: usize| {
            tree.kids(verb, "nsubj")
                .find_map(|s| mention_for(tree, mentions, s))
                .and_then(|m| m.code.clone())
        };
        let claimed = actor_of(v)?;
        match actor_of(speech) {
            Some(speaker) if speaker == claimed => None,
            _ => Some(format!(
                "a present-tense claim reported by \"{}\"",
                tree.tokens[speech].form
            )),
        }
    }

    /// Check a pattern's slots against the verb's dependents; on success return the roles.
    fn match_pattern(&self, tree: &Tree, v: usize, p: &VerbPattern) -> Option<Roles> {
        let mut role_slot: Option<(usize, bool)> = None; // (token, is_source)
                                                         // Targets a conjoined verb shares with the verb it is conjoined to.
        let mut shared_targets: Option<Vec<usize>> = None;
        for slot in &p.slots {
            let Some(dep) = self.find_slot(tree, v, &slot.name) else {
                // "Trump abandoned Tehran's accord and reimposed crushing sanctions": a verb
                // conjoined to another, sharing its subject and without the target slot of
                // its own, acts on the other verb's target.
                if slot.value == SlotValue::Target
                    && tree.rel(v) == "conj"
                    && tree.kids(v, "nsubj").next().is_none()
                {
                    let head = tree.head(v)?;
                    let shared = default_targets(tree, &tree.actor, head);
                    if !shared.is_empty() {
                        shared_targets = Some(shared);
                        continue;
                    }
                }
                return None;
            };
            let ok = match &slot.value {
                SlotValue::Target if slot.name == "ccomp" => {
                    // "..., the White House has alleged": the target is who the reported
                    // clause is about, its subject.
                    let about = subjects_of(tree, dep);
                    let subject = about.active.first().or(about.passive.first());
                    match subject {
                        Some(&subj) => {
                            role_slot = Some((subj, false));
                            true
                        }
                        None => false,
                    }
                }
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
        let (sources, targets) = match (role_slot, shared_targets) {
            (Some((t, false)), _) => (subjects.active, tree.with_conjuncts(t)),
            (Some((s, true)), _) => (tree.with_conjuncts(s), subjects.active),
            (None, Some(shared)) => (subjects.active, shared),
            (None, None) => (subjects.active, default_targets(tree, &tree.actor, v)),
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
            "xcomp" => tree.kid_exact(v, "xcomp"),
            // The clause the verb reports: its complement ("alleged that Russia sent ..."), or
            // the clause a parenthetical speech verb stands in ("Russia sent ..., the White
            // House alleged"; the parser sometimes calls that a `conj`, but one with no "and").
            "ccomp" => tree.kid_exact(v, "ccomp").or_else(|| {
                let parenthetical = tree.rel(v) == "parataxis"
                    || tree.rel(v) == "conj" && tree.kids(v, "cc").next().is_none();
                if parenthetical {
                    tree.head(v)
                } else {
                    None
                }
            }),
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
