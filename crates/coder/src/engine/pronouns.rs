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
