//! CoNLL-U reading and writing (<https://universaldependencies.org/format.html>).
//!
//! A [`ConlluSentence`] keeps its comment lines, its syntactic words (integer ids) and its
//! multiword-token range lines (`3-4 don't`), so that a file read and written back keeps every
//! column we do not predict. Empty nodes (`8.1`) belong to enhanced dependencies only and are
//! kept verbatim but never tagged or parsed.

use crate::document::{Sentence, Token};
use std::io::{self, BufRead, Write};

/// A bad line in a CoNLL-U file.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    #[error("line {line}: {reason}")]
    Format { line: u64, reason: String },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// One syntactic word line (integer id). Columns are kept as strings; `_` means empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConlluWord {
    pub id: usize,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 = root; `None` when the column is `_`.
    pub head: Option<usize>,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

/// A line that is not a syntactic word: a multiword-token range or an empty node.
#[derive(Debug, Clone, PartialEq)]
pub struct ConlluExtra {
    /// Index of the word this line stands before (0-based into `words`).
    pub before: usize,
    /// The line verbatim (without newline).
    pub line: String,
    /// For range lines `a-b`: the range (1-based ids) and the surface form.
    pub range: Option<(usize, usize, String)>,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConlluSentence {
    pub comments: Vec<String>,
    pub words: Vec<ConlluWord>,
    pub extras: Vec<ConlluExtra>,
    /// 1-based line number where the sentence starts in its file.
    pub line: u64,
}

impl ConlluSentence {
    /// The `# text = ...` comment, if any.
    pub fn text(&self) -> Option<&str> {
        self.comments
            .iter()
            .find_map(|c| c.strip_prefix("# text = "))
    }

    /// Multiword tokens as (first id, last id, surface form), 1-based ids.
    pub fn multiwords(&self) -> impl Iterator<Item = (usize, usize, &str)> {
        self.extras
            .iter()
            .filter_map(|e| e.range.as_ref().map(|(a, b, f)| (*a, *b, f.as_str())))
    }

    /// Write the sentence in CoNLL-U, followed by the blank line that ends it.
    pub fn write<W: Write>(&self, w: &mut W) -> io::Result<()> {
        for c in &self.comments {
            writeln!(w, "{c}")?;
        }
        let mut extras = self.extras.iter().peekable();
        for (i, word) in self.words.iter().enumerate() {
            while let Some(e) = extras.peek() {
                if e.before > i {
                    break;
                }
                writeln!(w, "{}", e.line)?;
                extras.next();
            }
            let head = word
                .head
                .map(|h| h.to_string())
                .unwrap_or_else(|| "_".into());
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                word.id,
                or_blank(&word.form),
                or_blank(&word.lemma),
                or_blank(&word.upos),
                or_blank(&word.xpos),
                or_blank(&word.feats),
                head,
                or_blank(&word.deprel),
                or_blank(&word.deps),
                or_blank(&word.misc)
            )?;
        }
        for e in extras {
            writeln!(w, "{}", e.line)?;
        }
        writeln!(w)
    }
}

impl ConlluSentence {
    /// A CoNLL-U block for a sentence of `text` (the document text its offsets point into).
    ///
    /// Columns the tokens do not carry yet are `_`; `SpaceAfter=No` is set from the offsets;
    /// multiword tokens become range lines, as in the UD treebanks.
    pub fn from_sentence(s: &Sentence, text: &str, sent_id: &str) -> ConlluSentence {
        let sentence_text: String = s
            .text(text)
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let comments = vec![
            format!("# sent_id = {sent_id}"),
            format!("# text = {sentence_text}"),
        ];
        let no_space_after = |i: usize| {
            s.tokens
                .get(i + 1)
                .is_some_and(|next| next.start == s.tokens[i].end)
        };
        let words = s
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let in_mwt = s.multiwords.iter().any(|m| m.first <= i && i <= m.last);
                ConlluWord {
                    id: i + 1,
                    form: t.form.clone(),
                    lemma: t.lemma.clone().unwrap_or_default(),
                    upos: t.upos.clone().unwrap_or_default(),
                    xpos: t.xpos.clone().unwrap_or_default(),
                    feats: t.feats.clone().unwrap_or_default(),
                    head: t.head,
                    deprel: t.deprel.clone().unwrap_or_default(),
                    deps: String::new(),
                    misc: if !in_mwt && no_space_after(i) {
                        "SpaceAfter=No".into()
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let extras = s
            .multiwords
            .iter()
            .filter(|m| m.first <= m.last && m.last < s.tokens.len())
            .map(|m| {
                let form = text
                    .get(s.tokens[m.first].start..s.tokens[m.last].end)
                    .unwrap_or("");
                let misc = if no_space_after(m.last) {
                    "SpaceAfter=No"
                } else {
                    "_"
                };
                ConlluExtra {
                    before: m.first,
                    line: format!(
                        "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                        m.first + 1,
                        m.last + 1,
                        form,
                        misc
                    ),
                    range: Some((m.first + 1, m.last + 1, form.to_string())),
                }
            })
            .collect();
        ConlluSentence {
            comments,
            words,
            extras,
            line: 0,
        }
    }

    /// The words as bare [`Token`]s (gold tokenization), with offsets into the string made by
    /// joining the forms with single spaces. Used to tag and parse a treebank's own words.
    pub fn to_tokens(&self) -> Vec<Token> {
        let mut pos = 0;
        self.words
            .iter()
            .map(|w| {
                let t = Token::new(w.form.clone(), pos, pos + w.form.len());
                pos += w.form.len() + 1;
                t
            })
            .collect()
    }

    /// Overwrite the predicted columns (LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL) from `tokens`,
    /// word by word; DEPS (enhanced graph, not predicted) is cleared.
    pub fn set_predictions(&mut self, tokens: &[Token]) {
        for (w, t) in self.words.iter_mut().zip(tokens) {
            w.lemma = t.lemma.clone().unwrap_or_default();
            w.upos = t.upos.clone().unwrap_or_default();
            w.xpos = t.xpos.clone().unwrap_or_default();
            w.feats = t.feats.clone().unwrap_or_default();
            w.head = t.head;
            w.deprel = t.deprel.clone().unwrap_or_default();
            w.deps = String::new();
        }
        // Empty nodes belong to the enhanced graph we do not predict.
        self.extras.retain(|e| e.range.is_some());
    }
}

fn or_blank(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

fn col(s: &str) -> String {
    if s == "_" {
        String::new()
    } else {
        s.to_string()
    }
}

/// Streams sentences from a CoNLL-U source.
pub struct ConlluReader<R> {
    input: R,
    line_no: u64,
    buf: String,
}

impl<R: BufRead> ConlluReader<R> {
    pub fn new(input: R) -> Self {
        ConlluReader {
            input,
            line_no: 0,
            buf: String::new(),
        }
    }

    fn parse_word(&self, line: &str) -> Result<ConlluWord, ConlluError> {
        let bad = |reason: String| ConlluError::Format {
            line: self.line_no,
            reason,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad(format!(
                "expected 10 tab-separated columns, found {}",
                cols.len()
            )));
        }
        let id = cols[0]
            .parse()
            .map_err(|_| bad(format!("bad word id {:?}", cols[0])))?;
        let head = match cols[6] {
            "_" => None,
            h => Some(h.parse().map_err(|_| bad(format!("bad head {h:?}")))?),
        };
        // A literal "_" form or lemma is a real underscore when the other columns are filled.
        let form = cols[1].to_string();
        let lemma = if cols[2] == "_" && cols[1] != "_" {
            String::new()
        } else {
            cols[2].into()
        };
        Ok(ConlluWord {
            id,
            form,
            lemma,
            upos: col(cols[3]),
            xpos: col(cols[4]),
            feats: col(cols[5]),
            head,
            deprel: col(cols[7]),
            deps: col(cols[8]),
            misc: col(cols[9]),
        })
    }

    /// The next sentence, `Ok(None)` at the end of input.
    pub fn next_sentence(&mut self) -> Result<Option<ConlluSentence>, ConlluError> {
        let mut sent = ConlluSentence::default();
        loop {
            self.buf.clear();
            let n = self.input.read_line(&mut self.buf)?;
            if n == 0 {
                return Ok(if sent.words.is_empty() && sent.comments.is_empty() {
                    None
                } else {
                    Some(sent)
                });
            }
            self.line_no += 1;
            let line = self.buf.trim_end_matches(['\n', '\r']).to_string();
            if sent.line == 0 {
                sent.line = self.line_no;
            }
            if line.trim().is_empty() {
                if sent.words.is_empty() && sent.comments.is_empty() {
                    sent.line = 0;
                    continue;
                }
                return Ok(Some(sent));
            }
            if line.starts_with('#') {
                sent.comments.push(line);
                continue;
            }
            let id = line.split('\t').next().unwrap_or("");
            if let Some((a, b)) = id.split_once('-') {
                let bad = || ConlluError::Format {
                    line: self.line_no,
                    reason: format!("bad range id {id:?}"),
                };
                let a: usize = a.parse().map_err(|_| bad())?;
                let b: usize = b.parse().map_err(|_| bad())?;
                let form = line.split('\t').nth(1).unwrap_or("").to_string();
                sent.extras.push(ConlluExtra {
                    before: sent.words.len(),
                    line,
                    range: Some((a, b, form)),
                });
            } else if id.contains('.') {
                sent.extras.push(ConlluExtra {
                    before: sent.words.len(),
                    line,
                    range: None,
                });
            } else {
                let word = self.parse_word(&line)?;
                sent.words.push(word);
            }
        }
    }
}

impl<R: BufRead> Iterator for ConlluReader<R> {
    type Item = Result<ConlluSentence, ConlluError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_sentence().transpose()
    }
}

/// Read a whole CoNLL-U file into memory (treebanks are small: EWT train is 14 MB).
pub fn read_file(path: &std::path::Path) -> Result<Vec<ConlluSentence>, ConlluError> {
    let f = std::fs::File::open(path)?;
    ConlluReader::new(io::BufReader::new(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = It isn't.\n1\tIt\tit\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tisn't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tis\tbe\tAUX\tVBZ\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_ranges_and_round_trips() {
        let sents: Vec<_> = ConlluReader::new(SAMPLE.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(sents.len(), 1);
        let s = &sents[0];
        assert_eq!(s.text(), Some("It isn't."));
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[2].form, "n't");
        assert_eq!(s.words[1].head, Some(0));
        assert_eq!(s.multiwords().collect::<Vec<_>>(), vec![(2, 3, "isn't")]);
        let mut out = Vec::new();
        s.write(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), SAMPLE);
    }

    #[test]
    fn bad_line_names_its_line() {
        let err = ConlluReader::new("# x\n1\tonly\n\n".as_bytes())
            .next()
            .unwrap()
            .unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
    }
}
