//! Plain dated text: ` date YYYY-MM-DD`, then the article, several articles per stream.

use super::{fnv1a64, parse_ymd, snippet, ArticleResult, Ctx};
use crate::document::Document;
use chrono::NaiveDate;
use std::collections::VecDeque;

/// An article being read.
struct Building {
    /// Line of its date line.
    line: u64,
    /// Its rank among the date lines of the stream (1-based).
    n: u64,
    date: NaiveDate,
    text: String,
}

/// Line-by-line state of the plain-text format.
pub(super) struct TextParser {
    /// The previous line was blank, or there was none: a date line here starts an article.
    prev_blank: bool,
    /// After a rejected article (or text without a date line): ignore lines up to the next
    /// date line, so that one bad article gives one error.
    skipping: bool,
    cur: Option<Building>,
    /// Date lines seen so far.
    starts: u64,
}

impl Default for TextParser {
    fn default() -> Self {
        TextParser {
            prev_blank: true,
            skipping: false,
            cur: None,
            starts: 0,
        }
    }
}

/// `[ \t]*date[ \t]+TOKEN REST` where TOKEN starts with a digit: (TOKEN, REST).
fn date_line(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let start = line.iter().position(|&b| b != b' ' && b != b'\t')?;
    let rest = line[start..].strip_prefix(b"date")?;
    let gap = rest.iter().position(|&b| b != b' ' && b != b'\t')?;
    if gap == 0 || !rest[gap].is_ascii_digit() {
        return None;
    }
    let rest = &rest[gap..];
    let end = rest
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Some((&rest[..end], &rest[end..]))
}

fn utf8_reason(e: std::str::Utf8Error) -> String {
    format!(
        "invalid UTF-8 (bad byte at column {} of the line)",
        e.valid_up_to() + 1
    )
}

/// `s` without its outer whitespace, in place.
fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
}

impl TextParser {
    pub(super) fn line(
        &mut self,
        ctx: &Ctx,
        num: u64,
        line: &[u8],
        out: &mut VecDeque<ArticleResult>,
    ) {
        let text = std::str::from_utf8(line);
        let blank = matches!(text, Ok(s) if s.trim().is_empty());
        if self.prev_blank {
            if let Some((token, rest)) = date_line(line) {
                self.finish(ctx, out);
                self.prev_blank = false;
                self.skipping = true;
                self.starts += 1;
                let date = std::str::from_utf8(token).ok().and_then(parse_ymd);
                let Some(date) = date else {
                    let reason = format!("bad date {} (expected YYYY-MM-DD)", snippet(token));
                    out.push_back(Err(ctx.error(num, reason)));
                    return;
                };
                match std::str::from_utf8(rest) {
                    Ok(rest) => {
                        let mut text = String::with_capacity(rest.len() + 1);
                        text.push_str(rest);
                        text.push('\n');
                        self.cur = Some(Building {
                            line: num,
                            n: self.starts,
                            date,
                            text,
                        });
                        self.skipping = false;
                    }
                    Err(e) => {
                        let col = e.valid_up_to() + (line.len() - rest.len()) + 1;
                        let reason =
                            format!("invalid UTF-8 (bad byte at column {col} of the line)");
                        out.push_back(Err(ctx.error(num, reason)));
                    }
                }
                return;
            }
        }
        self.prev_blank = blank;
        if let Some(cur) = &mut self.cur {
            match text {
                Ok(s) => {
                    cur.text.push_str(s);
                    cur.text.push('\n');
                }
                Err(e) => {
                    out.push_back(Err(ctx.error(num, utf8_reason(e))));
                    self.cur = None;
                    self.skipping = true;
                }
            }
        } else if !self.skipping && !blank {
            let reason = format!(
                "no date line: an article starts with \" date YYYY-MM-DD\", found {}",
                snippet(line)
            );
            out.push_back(Err(ctx.error(num, reason)));
            self.skipping = true;
        }
    }

    /// The article being read is complete.
    pub(super) fn finish(&mut self, ctx: &Ctx, out: &mut VecDeque<ArticleResult>) {
        let Some(Building {
            line,
            n,
            date,
            mut text,
        }) = self.cur.take()
        else {
            return;
        };
        trim_in_place(&mut text);
        if text.is_empty() {
            out.push_back(Err(ctx.error(line, "empty text after the date line")));
            return;
        }
        let id = if ctx.stdin {
            format!("stdin-{:016x}", fnv1a64(text.as_bytes()))
        } else if n == 1 {
            ctx.stem.clone()
        } else {
            format!("{}#{n}", ctx.stem)
        };
        out.push_back(Ok(Document {
            id,
            date: Some(date),
            title: None,
            text,
            origin: ctx.origin(line),
            extra: serde_json::Map::new(),
        }));
    }

    /// The stream broke off: drop the article being read.
    pub(super) fn abort(&mut self) {
        self.cur = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_date_lines() {
        assert_eq!(
            date_line(b" date 2022-07-20"),
            Some((&b"2022-07-20"[..], &b""[..]))
        );
        assert_eq!(
            date_line(b"date\t2022-07-20 Text"),
            Some((&b"2022-07-20"[..], &b" Text"[..]))
        );
        assert_eq!(
            date_line(b"  date  2022-13-40."),
            Some((&b"2022-13-40."[..], &b""[..]))
        );
        assert_eq!(date_line(b"date palms grow"), None);
        assert_eq!(date_line(b"date2022-07-20"), None);
        assert_eq!(date_line(b"Date 2022-07-20"), None);
        assert_eq!(date_line(b"date "), None);
        assert_eq!(date_line(b""), None);
    }

    #[test]
    fn trims_in_place() {
        let mut s = String::from("\n\t a b \n\n");
        trim_in_place(&mut s);
        assert_eq!(s, "a b");
        let mut s = String::from(" \u{3000} ");
        trim_in_place(&mut s);
        assert_eq!(s, "");
    }
}
