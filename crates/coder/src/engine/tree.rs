//! A parsed sentence as a tree: children lists and relation helpers for the role rules.

use dyad_text::Token;

/// One sentence's tokens with their children lists, so role look-ups are cheap.
pub(super) struct Tree<'a> {
    pub(super) tokens: &'a [Token],
    pub(super) children: Vec<Vec<usize>>,
    /// `actor[i]`: token `i` is inside a resolved actor mention (set once mentions are known).
    pub(super) actor: Vec<bool>,
}

impl<'a> Tree<'a> {
    pub(super) fn new(tokens: &'a [Token]) -> Self {
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

    pub(super) fn rel(&self, i: usize) -> &str {
        self.tokens[i].deprel.as_deref().unwrap_or("")
    }

    pub(super) fn lemma(&self, i: usize) -> String {
        let t = &self.tokens[i];
        t.lemma
            .clone()
            .unwrap_or_else(|| t.form.clone())
            .to_lowercase()
    }

    pub(super) fn head(&self, i: usize) -> Option<usize> {
        self.tokens[i]
            .head
            .filter(|&h| h >= 1 && h <= self.tokens.len())
            .map(|h| h - 1)
    }

    /// Children of `i` whose relation is `rel` or a subtype of it (`obl` matches `obl:tmod`).
    pub(super) fn kids<'b>(&'b self, i: usize, rel: &'b str) -> impl Iterator<Item = usize> + 'b {
        self.children[i].iter().copied().filter(move |&c| {
            let r = self.rel(c);
            r == rel
                || r.strip_prefix(rel)
                    .is_some_and(|rest| rest.starts_with(':'))
        })
    }

    pub(super) fn kid_exact(&self, i: usize, rel: &str) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| self.rel(c) == rel)
    }

    /// `i` and the words conjoined to it ("Raisi and Erdogan").
    pub(super) fn with_conjuncts(&self, i: usize) -> Vec<usize> {
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
    pub(super) fn case_of(&self, i: usize) -> Option<String> {
        self.kids(i, "case")
            .next()
            .map(|c| self.tokens[c].form.to_lowercase())
    }

    /// The preposition or subordinator introducing a dependent: its `case`, else its `mark`
    /// ("described Russia as Iran's partner" is often parsed with "as" as a mark).
    pub(super) fn introducer_of(&self, i: usize) -> Option<String> {
        self.case_of(i).or_else(|| {
            self.kids(i, "mark")
                .next()
                .map(|c| self.tokens[c].form.to_lowercase())
        })
    }
}
