//! Pronoun resolution: he/she/it/they to the nearest earlier compatible actor mention.

use super::tree::Tree;
use super::EventCoder;
use crate::actors::{Gender, Kind, Mention};
use dyad_text::Token;

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
        // "The United States ... it", "the Netherlands ... it": a country is one, whatever
        // the number of its name.
        if m.entries.iter().any(|&e| entries[e].kind == Kind::Country) {
            return Agreement::Neuter;
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
    pub(super) fn add_pronouns(
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

/// Verbs that introduce a quotation's speaker ("..., Putin said", "Putin added: ...").
pub(super) const QUOTING_VERBS: [&str; 16] = [
    "say", "add", "tell", "write", "note", "stress", "insist", "declare", "state", "warn",
    "announce", "tweet", "explain", "continue", "argue", "claim",
];

/// Whether each token stands inside quotation marks (curly or straight).
fn quoted_tokens(tokens: &[Token]) -> Vec<bool> {
    let mut inside = false;
    tokens
        .iter()
        .map(|t| match t.form.as_str() {
            "\u{201c}" => {
                inside = true;
                false
            }
            "\u{201d}" => {
                inside = false;
                false
            }
            "\"" | "``" | "''" => {
                inside = !inside;
                false
            }
            _ => inside,
        })
        .collect()
}

impl EventCoder {
    /// "“We will never accept this,” Putin said": first-person pronouns inside quotation
    /// marks stand for the speaker, the actor subject of a verb of saying outside them.
    pub(super) fn add_quoted_first_person(&self, tree: &Tree, mentions: &mut Vec<Mention>) {
        let tokens = tree.tokens;
        let quoted = quoted_tokens(tokens);
        if !quoted.iter().any(|&q| q) {
            return;
        }
        let speaker = (0..tokens.len())
            .filter(|&v| !quoted[v] && QUOTING_VERBS.contains(&tree.lemma(v).as_str()))
            .flat_map(|v| tree.kids(v, "nsubj").collect::<Vec<_>>())
            .find_map(|subj| {
                mentions
                    .iter()
                    .find(|m| m.start <= subj && subj < m.end && m.code.is_some())
                    .map(|m| (m.code.clone(), m.name.clone()))
            });
        let Some((code, name)) = speaker else { return };
        let mut extra = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let first_person = matches!(
                t.form.to_lowercase().as_str(),
                "i" | "me" | "my" | "we" | "us" | "our" | "ours"
            );
            let free = !mentions.iter().any(|m| m.start <= i && i < m.end);
            if quoted[i] && first_person && t.upos.as_deref() == Some("PRON") && free {
                extra.push(Mention {
                    start: i,
                    end: i + 1,
                    code: code.clone(),
                    name: name.clone(),
                    entries: Vec::new(),
                });
            }
        }
        mentions.extend(extra);
        mentions.sort_by_key(|m| m.start);
    }

    /// "its troops", "our forces": an agent with a pronoun possessor takes the possessor's
    /// country (Russia ... its troops -> `RUSMIL`).
    pub(super) fn join_possessor_agents(
        &self,
        tree: &Tree,
        mentions: &mut [Mention],
        date: Option<chrono::NaiveDate>,
    ) {
        for k in 0..mentions.len() {
            let Some(agent) = self.actors.agent_only(&mentions[k], date) else {
                continue;
            };
            let head = mentions[k].end - 1;
            let possessor_code = tree
                .kids(head, "nmod:poss")
                .filter(|&c| tree.tokens[c].upos.as_deref() == Some("PRON"))
                .find_map(|c| {
                    mentions
                        .iter()
                        .find(|m| m.start <= c && c < m.end)
                        .and_then(|m| m.code.clone())
                });
            let Some(possessor) = possessor_code else {
                continue;
            };
            if let Some(country) = self.actors.country_of(&possessor, date) {
                mentions[k].code = Some(format!("{country}{agent}"));
            }
        }
    }
}

impl EventCoder {
    /// "Erdogan met Putin. The Turkish leader praised Russia.": "the <demonym> leader", with
    /// no name of its own, is the person of the same code named most recently in the
    /// article, and carries that person's name.
    pub(super) fn name_definite_roles(
        &self,
        tree: &Tree,
        mentions: &mut [Mention],
        history: &[Antecedent],
    ) {
        let entries = &self.actors.dictionary().entries;
        for m in mentions.iter_mut() {
            let Some(code) = &m.code else { continue };
            let role_only = !m.entries.is_empty()
                && m.entries.iter().any(|&e| entries[e].kind == Kind::Agent)
                && m.entries.iter().all(|&e| {
                    matches!(entries[e].kind, Kind::Agent | Kind::Demonym | Kind::Country)
                });
            let definite = m.start > 0 && tree.lemma(m.start - 1) == "the";
            // Only the generic "leader": "the French prime minister" after Macron is another
            // person of the same code, and "the supreme leader" is not the president.
            let words: Vec<String> = (m.start..m.end)
                .map(|k| tree.tokens[k].form.to_lowercase())
                .collect();
            let generic = words
                .last()
                .is_some_and(|w| matches!(w.as_str(), "leader" | "ruler" | "strongman"))
                && !words.iter().any(|w| w == "supreme");
            if !role_only || !definite || !generic {
                continue;
            }
            if let Some(person) = history.iter().rev().find(|a| {
                matches!(a.agreement, Agreement::Person(_)) && &a.code == code && a.name.is_some()
            }) {
                m.name = person.name.clone();
            }
        }
    }
}
