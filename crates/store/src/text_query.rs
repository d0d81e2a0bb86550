//! The full-text query language, the same on SQLite (FTS5) and PostgreSQL (`tsvector`).
//!
//! A query is words and `"quoted phrases"`; terms side by side must all match (AND, also
//! written `AND`), `OR` between two terms makes either enough. `OR` binds tighter than AND:
//! `Iran OR Tehran sanctions` means (Iran OR Tehran) AND sanctions. Case does not matter and
//! both backends stem English words (FTS5 `porter`, PostgreSQL `english`), so `sanction`
//! finds "sanctions". Anything else is not syntax: punctuation separates words, so no input
//! can inject backend query operators.

use crate::StoreError;

/// One term: a single word or a phrase (words in a row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lowercased words; one word for a plain term.
    pub words: Vec<String>,
}

/// A parsed query: a conjunction of disjunctions of terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    /// Every group must match; within a group one term is enough.
    pub groups: Vec<Vec<Term>>,
}

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

impl TextQuery {
    /// Parse a user's query. Errors: empty query, unbalanced quote, `OR` without a term on
    /// each side, over [`MAX_QUERY_CHARS`].
    pub fn parse(input: &str) -> Result<TextQuery, StoreError> {
        if input.chars().count() > MAX_QUERY_CHARS {
            return Err(StoreError::BadQuery(format!(
                "search query longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        if input.matches('"').count() % 2 == 1 {
            return Err(StoreError::BadQuery(format!(
                "unbalanced quote in search query {input:?}"
            )));
        }
        // Lex: phrases, the operators OR/AND (upper case only, as typed), words.
        enum Lex {
            Term(Term),
            Or,
        }
        let mut lexed = Vec::new();
        for (i, part) in input.split('"').enumerate() {
            if i % 2 == 1 {
                let words = words_of(part);
                if !words.is_empty() {
                    lexed.push(Lex::Term(Term { words }));
                }
                continue;
            }
            for raw in part.split_whitespace() {
                match raw {
                    "OR" | "|" => lexed.push(Lex::Or),
                    "AND" | "&" => {}
                    _ => {
                        for w in words_of(raw) {
                            lexed.push(Lex::Term(Term { words: vec![w] }));
                        }
                    }
                }
            }
        }
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut pending_or = false;
        for item in lexed {
            match item {
                Lex::Or => {
                    if groups.is_empty() || pending_or {
                        return Err(StoreError::BadQuery(format!(
                            "OR needs a term on each side in {input:?}"
                        )));
                    }
                    pending_or = true;
                }
                Lex::Term(t) => {
                    match groups.last_mut() {
                        Some(g) if pending_or => g.push(t),
                        _ => groups.push(vec![t]),
                    }
                    pending_or = false;
                }
            }
        }
        if pending_or {
            return Err(StoreError::BadQuery(format!(
                "OR needs a term on each side in {input:?}"
            )));
        }
        if groups.is_empty() {
            return Err(StoreError::BadQuery("empty search query".into()));
        }
        Ok(TextQuery { groups })
    }

    /// The query as an SQLite FTS5 MATCH expression: every term double-quoted (a quoted FTS5
    /// string is a phrase and has no operators inside), groups joined with AND.
    pub fn to_fts5(&self) -> String {
        let group = |g: &Vec<Term>| {
            let terms: Vec<String> = g
                .iter()
                .map(|t| format!("\"{}\"", t.words.join(" ")))
                .collect();
            if terms.len() == 1 {
                terms[0].clone()
            } else {
                format!("({})", terms.join(" OR "))
            }
        };
        self.groups
            .iter()
            .map(group)
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// Every term's text in order, for backends that bind each as a parameter (PostgreSQL
    /// `phraseto_tsquery('english', $n)`, combined with `||` within a group and `&&` between).
    pub fn terms(&self) -> impl Iterator<Item = String> + '_ {
        self.groups.iter().flatten().map(|t| t.words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(q: &str) -> Vec<Vec<String>> {
        TextQuery::parse(q)
            .unwrap()
            .groups
            .iter()
            .map(|g| g.iter().map(|t| t.words.join(" ")).collect())
            .collect()
    }

    #[test]
    fn words_phrases_and_or() {
        assert_eq!(shape("Putin Tehran"), vec![vec!["putin"], vec!["tehran"]]);
        assert_eq!(
            shape("\"grain deal\" Istanbul"),
            vec![vec!["grain deal"], vec!["istanbul"]]
        );
        assert_eq!(
            shape("Iran OR Tehran sanctions"),
            vec![vec!["iran", "tehran"], vec!["sanctions"]]
        );
        assert_eq!(
            shape("drones AND Turkey"),
            vec![vec!["drones"], vec!["turkey"]]
        );
        // Lower-case "or" is a word, not an operator.
        assert_eq!(
            shape("war or peace"),
            vec![vec!["war"], vec!["or"], vec!["peace"]]
        );
    }

    #[test]
    fn punctuation_cannot_inject_operators() {
        let q = TextQuery::parse("Iran* NEAR(x y) col:val ' ; DROP TABLE articles; --").unwrap();
        let fts = q.to_fts5();
        assert_eq!(
            fts,
            "\"iran\" AND \"near\" AND \"x\" AND \"y\" AND \"col\" AND \"val\" AND \"drop\" AND \"table\" AND \"articles\""
        );
        assert_eq!(
            TextQuery::parse("Iran OR Tehran").unwrap().to_fts5(),
            "(\"iran\" OR \"tehran\")"
        );
    }

    #[test]
    fn errors_say_why() {
        for bad in [
            "",
            "   ",
            "\"open",
            "OR Iran",
            "Iran OR",
            "Iran OR OR Tehran",
            "!!!",
        ] {
            let e = TextQuery::parse(bad).unwrap_err().to_string();
            assert!(e.starts_with("bad query:"), "{bad:?}: {e}");
        }
    }
}
