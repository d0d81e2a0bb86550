//! Sentence splitting for news English.
//!
//! [`segment`] tokenizes the whole text once ([`mod@crate::tokenize`]) and then decides, token by
//! token, where sentences end:
//! * a blank line (paragraph break) always ends a sentence;
//! * a run of `.`, `!`, `?`, `…` ends one unless the next token starts with a lowercase letter
//!   or is punctuation that continues the sentence (`,` `;` `:` `)` ...); closing quotes and
//!   brackets glued to the run stay in the ending sentence (`... Russia.”` ends after `”`);
//! * an abbreviation that keeps its period ("U.S.", "Inc.", "etc.") ends a sentence only when
//!   a typical sentence opener follows ("... in the U.S. The next day"); titles ("Mr.",
//!   "Gen.") never do.

use crate::document::{Sentence, Token};
use crate::tokenize::{expand, is_emoticon, is_final_punct, scan, Surface, ABBREV, TITLE};

/// Split `text` into sentences of tokens. All offsets are byte offsets into `text`, and each
/// token's `form` is the slice it covers. Never panics, whatever the input.
pub fn segment(text: &str) -> Vec<Sentence> {
    // The surface-token buffer is reused across calls on the same thread: one large
    // allocation per thread instead of one per document.
    thread_local! {
        static SCRATCH: std::cell::RefCell<Vec<Surface>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut surf) => {
            let sentences = segment_with(text, &mut surf);
            // Do not keep a huge buffer alive after one huge document (1M tokens = 32 MB).
            if surf.capacity() > 1 << 20 {
                *surf = Vec::new();
            }
            sentences
        }
        Err(_) => segment_with(text, &mut Vec::new()),
    })
}

fn segment_with(text: &str, surf: &mut Vec<Surface>) -> Vec<Sentence> {
    surf.clear();
    scan(text, 0, text.len(), surf);
    let surf = &surf[..];
    let mut sentences = Vec::with_capacity(surf.len() / 20 + 1);
    let mut first = 0;
    let n = surf.len();
    let mut k = 0;
    while k < n {
        let end_here = if k + 1 == n {
            true
        } else {
            match boundary_after(text, surf, first, k) {
                Some(last) => {
                    k = last;
                    true
                }
                None => false,
            }
        };
        if end_here {
            sentences.push(make_sentence(text, &surf[first..=k]));
            first = k + 1;
        }
        k += 1;
    }
    sentences
}

fn make_sentence(text: &str, surf: &[Surface]) -> Sentence {
    let mut s = Sentence {
        start: surf.first().map_or(0, |t| t.start),
        end: surf.last().map_or(0, |t| t.end),
        tokens: Vec::with_capacity(surf.len() + 2),
        multiwords: Vec::new(),
    };
    expand(text, surf, &mut s.tokens, &mut s.multiwords);
    split_final_abbreviation(text, surf, &mut s);
    s
}

/// When an abbreviation ends the sentence ("... in the U.S." / "..., etc."), its period is
/// also the sentence's full stop: EWT writes it as a separate `.` token (`etc` `.`), and the
/// tagger and parser trained on EWT expect a final punctuation token. Only closing quotes or
/// brackets may follow it; none of those are multiword tokens, so word indices before it do
/// not move.
fn split_final_abbreviation(text: &str, surf: &[Surface], s: &mut Sentence) {
    let mut back = 0;
    for t in surf.iter().rev() {
        if t.flags & ABBREV != 0 {
            break;
        }
        if !is_closer(form(text, t)) {
            return;
        }
        back += 1;
    }
    if back >= surf.len() || s.tokens.len() <= back {
        return;
    }
    let idx = s.tokens.len() - 1 - back;
    let tok = &mut s.tokens[idx];
    if tok.end <= tok.start + 1 || !tok.form.ends_with('.') {
        return;
    }
    let dot = tok.end - 1;
    tok.end = dot;
    tok.form.truncate(tok.form.len() - 1);
    s.tokens.insert(idx + 1, Token::new(".", dot, dot + 1));
}

/// The text of surface token `t`.
#[inline]
fn form<'a>(text: &'a str, t: &Surface) -> &'a str {
    &text[t.start..t.end]
}

/// Does a blank line separate token `k` from token `k + 1`?
#[inline]
fn paragraph_break(text: &str, surf: &[Surface], k: usize) -> bool {
    let gap = &text.as_bytes()[surf[k].end..surf[k + 1].start];
    gap.len() >= 2 && gap.iter().filter(|&&b| b == b'\n').count() >= 2
}

/// Is token `k + 1` glued to token `k` (no whitespace between)?
#[inline]
fn glued(surf: &[Surface], k: usize) -> bool {
    surf[k].end == surf[k + 1].start
}

/// Closing punctuation that stays with the sentence it follows when glued to it.
fn is_closer(f: &str) -> bool {
    matches!(
        f,
        "”" | "’" | "\"" | "'" | "''" | ")" | "]" | "}" | "»" | "’’"
    )
}

/// If a sentence ends at token `k` (or after closers following it), the index of its last
/// token. `k + 1` must exist; `first` is the first token of the current sentence.
fn boundary_after(text: &str, surf: &[Surface], first: usize, k: usize) -> Option<usize> {
    if paragraph_break(text, surf, k) {
        return Some(k);
    }
    let t = &surf[k];
    let f = form(text, t);
    let terminal = f.chars().all(is_final_punct) || is_emoticon(f);
    let abbrev = t.flags & ABBREV != 0;
    if !terminal && !abbrev {
        return weak_boundary(text, surf, k, f);
    }
    if t.flags & TITLE != 0 {
        return None;
    }
    // "2. Mountain views": a list number opening the sentence.
    if terminal && k == first + 1 && f == "." {
        let n = form(text, &surf[first]);
        if n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) && glued(surf, first) {
            return None;
        }
    }
    // Absorb closing quotes and brackets glued to the terminal.
    let mut last = k;
    while last + 1 < surf.len() && glued(surf, last) && is_closer(form(text, &surf[last + 1])) {
        last += 1;
        if last + 1 < surf.len() && paragraph_break(text, surf, last) {
            return Some(last);
        }
    }
    // A citation mark after the period belongs to the sentence: "... elegies. [25] Later".
    if last + 3 < surf.len()
        && form(text, &surf[last + 1]) == "["
        && form(text, &surf[last + 3]) == "]"
        && form(text, &surf[last + 2])
            .bytes()
            .all(|b| b.is_ascii_digit())
        && glued(surf, last + 1)
        && glued(surf, last + 2)
    {
        last += 3;
        if last + 1 < surf.len() && paragraph_break(text, surf, last) {
            return Some(last);
        }
    }
    if last + 1 >= surf.len() {
        return Some(last);
    }
    let next = form(text, &surf[last + 1]);
    let c = next.chars().next()?;
    // Spaced ellipses (". . .") and runs of "? ? ?" end only after their last part.
    if terminal && !abbrev && next.chars().all(is_final_punct) {
        return None;
    }
    if abbrev {
        return if is_sentence_opener(next) {
            Some(last)
        } else {
            None
        };
    }
    // Glued to what follows ("gottlie...@yahoo.com"): not a boundary.
    if glued(surf, last) {
        return None;
    }
    if c.is_lowercase() {
        // Web text often starts sentences in lowercase ("at best. the waitress"); news text
        // rarely has a lowercase word after a plain period, so a bare `.`/`?`/`!` ends the
        // sentence. Ellipses ("the region ... and") and quoted questions ("Why?" he asked)
        // do not.
        let plain = last == k && !f.contains(['…']) && !f.contains("..");
        return if plain { Some(last) } else { None };
    }
    // A hyphen after a sentence-final period usually starts a list item or a byline.
    if matches!(c, ',' | ';' | ':' | ')' | ']' | '}' | '%' | '–' | '—') {
        return None;
    }
    Some(last)
}

/// A boundary without sentence-final punctuation, seen in web text (EWT train: 49 of 74
/// after `>`) and harmless in news: after an e-mail quote marker run (`>>`) before a capital,
/// a digit or a dash.
fn weak_boundary(text: &str, surf: &[Surface], k: usize, f: &str) -> Option<usize> {
    if !f.bytes().all(|b| b == b'>') || glued(surf, k) {
        return None;
    }
    let c = surf.get(k + 1).and_then(|n| form(text, n).chars().next())?;
    (c.is_uppercase() || c.is_ascii_digit() || c == '-').then_some(k)
}

/// Words that typically start a sentence in news text; after an abbreviation such as
/// "U.S." they signal that the abbreviation's period also ended the sentence.
fn is_sentence_opener(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "But"
            | "And"
            | "Or"
            | "In"
            | "On"
            | "At"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "His"
            | "Her"
            | "Their"
            | "Its"
            | "Our"
            | "My"
            | "As"
            | "After"
            | "Before"
            | "If"
            | "When"
            | "While"
            | "However"
            | "Meanwhile"
            | "Also"
            | "So"
            | "Yet"
            | "Still"
            | "Some"
            | "Many"
            | "Most"
            | "For"
            | "With"
            | "Without"
            | "By"
            | "From"
            | "Under"
            | "According"
            | "Last"
            | "Next"
            | "Earlier"
            | "Later"
            | "Officials"
            | "Both"
            | "Each"
            | "Such"
            | "Other"
            | "Another"
            | "No"
            | "Not"
            | "Now"
            | "Then"
            | "Today"
            | "Yesterday"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Where"
            | "Which"
            | "Although"
            | "Though"
            | "Because"
            | "Since"
            | "Despite"
            | "During"
            | "Until"
            | "Even"
            | "Only"
            | "Several"
            | "All"
            | "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
            | "Thanks"
            | "Please"
            | "Let"
            | "Is"
            | "Are"
            | "Do"
            | "Does"
            | "Did"
            | "Can"
            | "Will"
            | "Would"
            | "Should"
            | "Could"
            | "\""
            | "“"
    )
}
