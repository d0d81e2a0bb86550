//! Rule-based tokenizer for news English, following the UD English EWT conventions.
//!
//! The scanner walks the text once, char by char (ASCII fast path), and emits *surface
//! tokens*: byte spans of the text. A surface token may carry one split point, which makes
//! it a UD multiword token of two syntactic words ("hasn't" = `has` + `n't`,
//! "Putin's" = `Putin` + `'s`, "gonna" = `gon` + `na`). Every word is a slice of the
//! input, so the tokenization is lossless modulo whitespace.
//!
//! The conventions were measured on the EWT train and dev sets (UD v2.16):
//! * punctuation is split off, runs of one punctuation character stay together
//!   (`...`, `!!`, `--`), and runs of `.`/`!`/`?`/`…` are one token (`?!`);
//! * hyphenated compounds are split (`long - term`) except after a few prefixes
//!   (`e-mail`, `non-`, `pre-`, `anti-`, `co-` ...) and in phone-number-like digit groups;
//!   an abbreviation with periods followed by a hyphen stays whole (`U.N.-backed`), which is
//!   a product requirement for news;
//! * slashes split words (`and / or`) but not numbers (`9/11`, `11/28/2000`);
//! * `$` and `%` are their own tokens, `5pm` is `5` `pm`, `1,000.5` and `10:30` are whole;
//! * URLs and e-mail addresses are one token;
//! * clitics and possessives are multiword tokens, as EWT v2.16 marks them (possessive
//!   `'s` included).

use crate::document::{MultiWord, Token};

/// A surface token: a byte span of the text, optionally split into two syntactic words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Surface {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Byte offset where the second word of a multiword token starts; 0 when not split.
    pub split: usize,
    /// [`ABBREV`], [`TITLE`] bits.
    pub flags: u8,
}

/// The token is a word whose final period belongs to it (an abbreviation: "U.S.", "Jan.").
pub(crate) const ABBREV: u8 = 1;
/// The abbreviation precedes a name and never ends a sentence ("Mr.", "Gen.", "St.").
pub(crate) const TITLE: u8 = 2;

/// Tokenize the byte span `start..end` of `text` into syntactic words and multiword tokens.
///
/// The tokens are those [`crate::segment`] makes, except that without sentence context an
/// abbreviation at the end keeps its period (`segment` gives a sentence-final "etc." a
/// separate `.`). Offsets in the result are byte offsets into `text` (not into the span).
/// Out-of-range or non-boundary `start`/`end` are clamped to the nearest char boundary inside
/// the text, so the function never panics. [`MultiWord`] indices refer to the returned token
/// vector.
pub fn tokenize(text: &str, start: usize, end: usize) -> (Vec<Token>, Vec<MultiWord>) {
    let end = floor_boundary(text, end.min(text.len()));
    let start = floor_boundary(text, start.min(end));
    let mut surf = Vec::new();
    scan(text, start, end, &mut surf);
    let mut tokens = Vec::with_capacity(surf.len() + 4);
    let mut mwts = Vec::new();
    expand(text, &surf, &mut tokens, &mut mwts);
    (tokens, mwts)
}

/// The largest char boundary `<= i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Turn surface tokens into words (`tokens`) and multiword ranges (`mwts`), appending.
/// Multiword indices are relative to the start of `tokens` as passed in.
pub(crate) fn expand(
    text: &str,
    surf: &[Surface],
    tokens: &mut Vec<Token>,
    mwts: &mut Vec<MultiWord>,
) {
    for s in surf {
        let (a, b, m) = (s.start, s.end, s.split);
        if m > a && m < b {
            let first = tokens.len();
            tokens.push(Token::new(&text[a..m], a, m));
            tokens.push(Token::new(&text[m..b], m, b));
            mwts.push(MultiWord {
                first,
                last: first + 1,
            });
        } else {
            tokens.push(Token::new(&text[a..b], a, b));
        }
    }
}

/// The char starting at byte `i` (which must be a char boundary below `text.len()`).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        b as char
    } else {
        text[i..].chars().next().unwrap_or('\u{FFFD}')
    }
}

/// The char at byte `i` if `i < end`.
#[inline]
fn char_opt(text: &str, i: usize, end: usize) -> Option<char> {
    if i < end {
        Some(char_at(text, i))
    } else {
        None
    }
}

/// Letters, digits and combining marks: the stuff words are made of.
#[inline]
fn is_wordish(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// Combining diacritical marks (enough for decomposed Latin text).
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Sentence-final punctuation characters; runs of them form one token.
#[inline]
pub(crate) fn is_final_punct(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Scan `start..end` of `text` (both char boundaries) and append surface tokens to `out`.
pub(crate) fn scan(text: &str, start: usize, end: usize, out: &mut Vec<Surface>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if b == b' ' || b == b'\n' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if let Some(e) = url_end(text, i, end) {
            push(out, i, e, 0, 0);
            i = e;
        } else if is_wordish(c) {
            i = scan_word(text, i, end, out);
        } else {
            i = scan_punct(text, i, end, c, out);
        }
    }
}

#[inline]
fn push(out: &mut Vec<Surface>, start: usize, end: usize, split: usize, flags: u8) {
    out.push(Surface {
        start,
        end,
        split,
        flags,
    });
}

/// If a URL starts at `i`, the byte offset where it ends (trailing punctuation excluded).
fn url_end(text: &str, i: usize, end: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..end];
    if !matches!(
        rest.first(),
        Some(b'h' | b'H' | b'w' | b'W' | b'f' | b'F' | b'm' | b'M')
    ) {
        return None;
    }
    let starts = |p: &[u8]| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://")
        || starts(b"https://")
        || starts(b"ftp://")
        || starts(b"www.")
        || starts(b"mailto:"))
    {
        return None;
    }
    let mut j = i;
    while j < end {
        let c = char_at(text, j);
        if c.is_whitespace() {
            break;
        }
        j += c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence, not the address; a closing bracket
    // stays when the address opened one ("https://en.wikipedia.org/wiki/Foo_(bar)").
    let url = &text.as_bytes()[i..j];
    let opened = url.iter().filter(|&&b| b == b'(').count();
    let mut closed = url.iter().filter(|&&b| b == b')').count();
    while j > i {
        let c = text[..j].chars().next_back().unwrap_or(' ');
        if c == ')' {
            if opened >= closed {
                break;
            }
            closed -= 1;
        }
        if matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | ']'
                | '}'
                | '"'
                | '\''
                | '”'
                | '’'
                | '>'
                | '»'
        ) {
            j -= c.len_utf8();
        } else {
            break;
        }
    }
    if j - i < 5 {
        None
    } else {
        Some(j)
    }
}

/// Emoticons kept whole (EWT tokenizes them as one token).
const EMOTICONS: &[&str] = &[
    ":-)", ":-(", ";-)", ":)", ":(", ";)", ":D", ":P", ":p", ":/",
];

/// Is `f` one of the emoticons the tokenizer keeps whole? They end sentences like `!` does.
pub(crate) fn is_emoticon(f: &str) -> bool {
    matches!(f.as_bytes().first(), Some(b':' | b';')) && EMOTICONS.contains(&f)
}

/// Scan punctuation or a symbol starting at `i`; returns where scanning continues.
fn scan_punct(text: &str, i: usize, end: usize, c: char, out: &mut Vec<Surface>) -> usize {
    if c == ':' || c == ';' {
        let rest = &text[i..end];
        for e in EMOTICONS {
            if rest.starts_with(e) {
                let j = i + e.len();
                let after = char_opt(text, j, end);
                if !after.is_some_and(|a| !a.is_whitespace() && !is_final_punct(a)) {
                    push(out, i, j, 0, 0);
                    return j;
                }
            }
        }
    }
    let mut j = i + c.len_utf8();
    if is_final_punct(c) {
        while let Some(d) = char_opt(text, j, end) {
            if is_final_punct(d) {
                j += d.len_utf8();
            } else {
                break;
            }
        }
    } else if !matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '"' | '“' | '”') {
        // Runs of one character: "--", "**", "''", ">>".
        while let Some(d) = char_opt(text, j, end) {
            if d == c {
                j += d.len_utf8();
            } else {
                break;
            }
        }
    }
    push(out, i, j, 0, 0);
    j
}

/// Scan a word starting at `i` (a letter or digit) with its internal punctuation, then cut
/// it into surface tokens. Returns the byte offset after the word.
fn scan_word(text: &str, i: usize, end: usize, out: &mut Vec<Surface>) -> usize {
    let mut j = i;
    let mut has_at = false;
    let mut has_period = false;
    let mut keep_whole = false;
    let mut prev = ' ';
    let mut shape = Shape::default();
    let bytes = text.as_bytes();
    loop {
        // Letters and digits; ASCII bytes fast, other chars decoded.
        while j < end {
            let b = bytes[j];
            if b.is_ascii_alphanumeric() {
                prev = b as char;
                j += 1;
            } else if b < 0x80 {
                break;
            } else {
                let c = char_at(text, j);
                if !is_wordish(c) {
                    break;
                }
                prev = c;
                j += c.len_utf8();
            }
        }
        let Some(d) = char_opt(text, j, end) else {
            break;
        };
        let k = j + d.len_utf8();
        let next = char_opt(text, k, end);
        let next_wordish = next.is_some_and(is_wordish);
        let join = match d {
            '.' => next_wordish,
            '\'' | '’' => next.is_some_and(|n| n.is_alphabetic()),
            '-' | '‐' | '/' | '_' | '@' => next_wordish,
            ',' => {
                // Thousands separator: digit , three digits.
                prev.is_ascii_digit()
                    && k + 3 <= end
                    && bytes[k..k + 3].iter().all(u8::is_ascii_digit)
                    && !(k + 3 < end && bytes[k + 3].is_ascii_digit())
            }
            ':' => prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
            '&' => prev.is_alphabetic() && next.is_some_and(|n| n.is_alphabetic()),
            _ => false,
        };
        if !join {
            break;
        }
        match d {
            '@' => has_at = true,
            '.' => has_period = true,
            '-' | '‐' => shape.hyphen = true,
            '/' => shape.slash = true,
            '\'' | '’' => shape.apostrophe = true,
            _ => {}
        }
        j = k;
    }

    // A final period that belongs to an abbreviation.
    let mut flags = 0u8;
    if char_opt(text, j, end) == Some('.') {
        // "No. 5", "c. 1818", "p. 12", "Vol. 3": abbreviations only before a number.
        let number_sign = {
            let mut buf = [0u8; 4];
            matches!(
                lower_ascii(&text[i..j], &mut buf),
                Some("no" | "nos" | "c" | "ca" | "p" | "art" | "sec" | "ch")
            ) && text[j + 1..end]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
        };
        let class = if number_sign {
            Some(AbbrevClass::Title)
        } else {
            // "R-Ariz.": a hyphenated word ending in an abbreviation (split later at the hyphen).
            let w = &text[i..j];
            let tail = if shape.hyphen && !has_period {
                w.rsplit(['-', '‐']).next().unwrap_or(w)
            } else {
                w
            };
            abbreviation(tail, has_period)
        };
        if let Some(class) = class {
            j += 1;
            flags = ABBREV
                | if class == AbbrevClass::Title {
                    TITLE
                } else {
                    0
                };
            // "U.N.-backed": an abbreviation with periods glued to a hyphenated word is one token.
            if has_period
                && char_opt(text, j, end) == Some('-')
                && char_opt(text, j + 1, end).is_some_and(is_wordish)
            {
                j += 1;
                keep_whole = true;
                while let Some(c) = char_opt(text, j, end) {
                    let next_wordish =
                        char_opt(text, j + c.len_utf8(), end).is_some_and(is_wordish);
                    if is_wordish(c) || (matches!(c, '-' | '.') && next_wordish) {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                flags = 0;
            }
        }
    }
    // Plural possessive: "parents'" is a multiword token `parents` + `'`.
    let mut poss_end = 0;
    if flags == 0 && !keep_whole {
        if let Some(a) = char_opt(text, j, end) {
            if is_apostrophe(a) && matches!(prev, 's' | 'S') {
                let after = char_opt(text, j + a.len_utf8(), end);
                if !after.is_some_and(char::is_alphanumeric) && j - i > 1 {
                    poss_end = j + a.len_utf8();
                }
            }
        }
    }
    if flags != 0 && shape.hyphen && !has_period && !has_at {
        // "R-Ariz.": split at the hyphen, the abbreviation keeps its period and flags.
        split_word(text, i, j, shape, out);
        if let Some(last) = out.last_mut() {
            last.flags = flags;
        }
        return j;
    }
    if keep_whole || has_at || flags != 0 {
        push(out, i, j, 0, flags);
        return j;
    }
    split_word(text, i, j, shape, out);
    if poss_end > 0 {
        if let Some(last) = out.last_mut() {
            if last.end == j && last.split == 0 {
                last.split = j;
                last.end = poss_end;
                return poss_end;
            }
        }
        push(out, j, poss_end, 0, 0);
        return poss_end;
    }
    j
}

/// Which joiners a scanned word contains (so later steps skip work for plain words).
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    hyphen: bool,
    slash: bool,
    apostrophe: bool,
}

/// Cut a scanned word at hyphens and slashes (when UD EWT does) and split clitics.
fn split_word(text: &str, i: usize, j: usize, shape: Shape, out: &mut Vec<Surface>) {
    let w = &text[i..j];
    let wb = w.as_bytes();
    let (has_hyphen, has_slash) = (shape.hyphen, shape.slash);
    if !has_hyphen && !has_slash {
        split_part(text, i, j, shape.apostrophe, out);
        return;
    }
    // Digit groups joined by hyphens or slashes: phone numbers and dates stay whole,
    // ranges like "3-4" split.
    if wb
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.' | b',' | b':'))
    {
        let groups = w.split(['-', '/']).count();
        let phone = w.split('-').map(str::len).collect::<SmallLens>();
        if has_slash && !has_hyphen {
            push(out, i, j, 0, 0);
            return;
        }
        if groups >= 3 || phone.is_phone() {
            push(out, i, j, 0, 0);
            return;
        }
    }
    let mut a = i;
    let mut k = i;
    while k < j {
        let c = char_at(text, k);
        let cl = c.len_utf8();
        if c == '-' || c == '‐' || c == '/' {
            let part = &text[a..k];
            let keep = (c != '/' && is_hyphen_prefix(part))
                || (c == '/' && is_digits(part) && is_digits(next_part(text, k + cl, j)));
            if !keep {
                split_part(text, a, k, shape.apostrophe, out);
                push(out, k, k + cl, 0, 0);
                a = k + cl;
            }
        }
        k += cl;
    }
    split_part(text, a, j, shape.apostrophe, out);
}

/// The text from `k` up to the next hyphen or slash (or `j`).
fn next_part(text: &str, k: usize, j: usize) -> &str {
    let rest = &text[k..j];
    let e = rest.find(['-', '/', '‐']).unwrap_or(rest.len());
    &rest[..e]
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Lengths of up to two hyphen-separated groups, to recognise "555-1234".
struct SmallLens(usize, Option<usize>, Option<usize>);

impl FromIterator<usize> for SmallLens {
    fn from_iter<T: IntoIterator<Item = usize>>(iter: T) -> Self {
        let mut it = iter.into_iter();
        SmallLens(it.next().unwrap_or(0), it.next(), it.next())
    }
}

impl SmallLens {
    fn is_phone(&self) -> bool {
        self.0 == 3 && self.1 == Some(4) && self.2.is_none()
    }
}

/// Prefixes that EWT keeps attached to the following word ("e-mail", "non-stop", "co-founder").
fn is_hyphen_prefix(part: &str) -> bool {
    let mut buf = [0u8; 8];
    let Some(p) = lower_ascii(part, &mut buf) else {
        return false;
    };
    matches!(
        p,
        "e" | "non"
            | "pre"
            | "anti"
            | "mid"
            | "re"
            | "post"
            | "co"
            | "over"
            | "pro"
            | "multi"
            | "sub"
            | "ex"
            | "semi"
            | "neo"
            | "counter"
            | "cross"
            | "inter"
            | "intra"
            | "micro"
            | "macro"
            | "mini"
            | "ultra"
            | "quasi"
            | "pseudo"
            | "hyper"
            | "mega"
            | "bi"
            | "tri"
            | "un"
            | "de"
    )
}

/// Emit one hyphen-free part: clitic splits (multiword tokens) and number+unit splits.
/// `apostrophe` says whether the word may contain one (a cheap pre-check).
fn split_part(text: &str, a: usize, b: usize, apostrophe: bool, out: &mut Vec<Surface>) {
    if a >= b {
        return;
    }
    let w = &text[a..b];
    let wb = w.as_bytes();
    // Only words with an apostrophe, or 4-8 letters ending in t/a ("cannot", "gonna"),
    // can split.
    let maybe_clitic = apostrophe
        || ((4..=8).contains(&wb.len()) && matches!(wb[wb.len() - 1], b't' | b'T' | b'a' | b'A'));
    if maybe_clitic {
        if let Some(m) = clitic_split(w) {
            push(out, a, b, a + m, 0);
            return;
        }
    }
    // "5pm", "1.13bn", "65k": number then unit, two tokens.
    if wb[0].is_ascii_digit() {
        let n = wb
            .iter()
            .position(|c| !(c.is_ascii_digit() || matches!(c, b'.' | b',' | b':')));
        if let Some(n) = n {
            let mut buf = [0u8; 8];
            if let Some(unit) = lower_ascii(&w[n..], &mut buf) {
                if matches!(
                    unit,
                    "am" | "pm" | "bn" | "mn" | "m" | "k" | "b" | "tn" | "mln" | "bln"
                ) && wb[n - 1].is_ascii_digit()
                {
                    push(out, a, a + n, 0, 0);
                    push(out, a + n, b, 0, 0);
                    return;
                }
            }
        }
    }
    push(out, a, b, 0, 0);
}

/// Where a word splits into two syntactic words, as a byte offset into `w`.
fn clitic_split(w: &str) -> Option<usize> {
    let wb = w.as_bytes();
    let n = wb.len();
    if n < 2 {
        return None;
    }
    // n't / n’t
    for (suf, len) in [("n't", 3usize), ("n’t", 5)] {
        if n > len && ends_with_ci(w, suf) {
            return Some(n - len);
        }
    }
    // 's 'm 'd 're 've 'll with ' or ’
    for ap in ["'", "’"] {
        let al = ap.len();
        for cl in ["s", "m", "d", "re", "ve", "ll"] {
            let len = al + cl.len();
            if n > len && w.is_char_boundary(n - len) {
                let tail = &w[n - len..];
                if tail.starts_with(ap) && tail[al..].eq_ignore_ascii_case(cl) {
                    let stem = &w[..n - len];
                    // "1970's" stays whole in EWT; only words take clitics.
                    if stem.chars().next_back().is_some_and(char::is_alphabetic) {
                        return Some(n - len);
                    }
                }
            }
        }
    }
    // Apostrophe-less forms that EWT splits.
    let mut buf = [0u8; 12];
    let lw = lower_ascii(w, &mut buf)?;
    match lw {
        "cannot" => Some(3),
        "gonna" | "wanna" => Some(3),
        "gotta" => Some(3),
        "dont" | "didnt" | "doesnt" | "isnt" | "wasnt" | "arent" | "werent" | "couldnt"
        | "wouldnt" | "shouldnt" | "hasnt" | "havent" | "hadnt" => Some(n - 2),
        _ => None,
    }
}

fn ends_with_ci(w: &str, suf: &str) -> bool {
    let (wb, sb) = (w.as_bytes(), suf.as_bytes());
    wb.len() >= sb.len() && wb[wb.len() - sb.len()..].eq_ignore_ascii_case(sb)
}

/// Lowercase an ASCII word into `buf`; `None` if it is too long or not ASCII.
fn lower_ascii<'a, const N: usize>(w: &str, buf: &'a mut [u8; N]) -> Option<&'a str> {
    let wb = w.as_bytes();
    if wb.len() > N || !w.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(wb) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..wb.len()]).ok()
}

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Precedes a name or number: never ends a sentence ("Mr.", "Gen.", "No.").
    Title,
    /// May end a sentence when a typical sentence opener follows ("U.S.", "Inc.", "etc.").
    Other,
}

/// Is `w` (the word before a period, without it) an abbreviation whose period it keeps?
/// `has_period` says whether `w` contains an internal period ("U.S", "e.g").
pub(crate) fn abbreviation(w: &str, has_period: bool) -> Option<AbbrevClass> {
    if has_period {
        // "U.S", "e.g", "a.m", "Ph.D", "J.R.R": letters and periods, short last piece.
        let last = w.rsplit('.').next().unwrap_or("");
        let all_letters = w.chars().all(|c| c == '.' || c.is_alphabetic());
        if all_letters && !last.is_empty() && last.chars().count() <= 2 {
            // "e.g." and "i.e." introduce something; they do not end sentences.
            let mut buf = [0u8; 4];
            return match lower_ascii(w, &mut buf) {
                Some("e.g" | "i.e") => Some(AbbrevClass::Title),
                _ => Some(AbbrevClass::Other),
            };
        }
        return None;
    }
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // Initials: "J. R. R. Tolkien", "George W. Bush".
        return if c.is_uppercase() {
            Some(AbbrevClass::Other)
        } else {
            None
        };
    }
    // US state abbreviations that are also words: only capitalized ("Belvidere, Ill. plant").
    // At a sentence end they give their period back (see `split`), so "attended Mass." is safe.
    if matches!(
        w,
        "Ill"
            | "Wash"
            | "Mass"
            | "Ore"
            | "Ind"
            | "Cal"
            | "Del"
            | "Mo"
            | "Miss"
            | "Mont"
            | "Ark"
            | "Wyo"
            | "Vt"
            | "Ida"
            | "Nebr"
            | "Wisc"
    ) {
        return Some(AbbrevClass::Other);
    }
    let mut buf = [0u8; 8];
    let lw = lower_ascii(w, &mut buf)?;
    match lw {
        "mr" | "mrs" | "ms" | "messrs" | "dr" | "prof" | "gen" | "sen" | "rep" | "reps" | "gov"
        | "lt" | "col" | "capt" | "cpt" | "sgt" | "maj" | "adm" | "cmdr" | "rev" | "hon"
        | "pres" | "st" | "mt" | "ft" | "supt" | "insp" | "det" | "cpl" | "pvt" | "brig"
        | "lieut" | "gens" | "sens" | "drs" | "ext" | "vol" | "vols" | "pp" | "fig" | "figs"
        | "para" => Some(AbbrevClass::Title),
        "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov"
        | "dec" | "inc" | "corp" | "ltd" | "co" | "bros" | "plc" | "llc" | "etc" | "vs"
        | "approx" | "dept" | "univ" | "ave" | "blvd" | "tue" | "tues" | "thu" | "thur"
        | "thurs" | "cf" | "govt" | "intl" | "assn" | "mfg" | "pct" | "yr" | "yrs" | "mln"
        | "bln" | "calif" | "conn" | "ariz" | "colo" | "fla" | "mich" | "minn" | "tenn"
        | "okla" | "ky" | "va" | "pa" | "md" | "ga" | "ala" | "tex" | "nev" | "neb" | "kan"
        | "sr" | "jr" | "sts" | "esp" | "al" => Some(AbbrevClass::Other),
        _ => None,
    }
}
