//! Numbered byte lines from a stream, after a look at its first 8 KiB.

use std::io::{self, BufRead, Cursor, Read};

/// How much of a stream is looked at to tell text from binary data.
pub(crate) const SNIFF_BYTES: usize = 8 * 1024;

/// A buffer grown past this by a long line is given back after the line.
const KEEP_CAPACITY: usize = 1 << 20;

/// The rest of the input after the sniffed prefix, or the error that cut the prefix short
/// (returned once, at the point where it happened, then end of input).
enum Tail<R> {
    Reader(R),
    Failed(Option<io::Error>),
}

impl<R: Read> Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Tail::Reader(r) => r.read(buf),
            Tail::Failed(e) => e.take().map_or(Ok(0), Err),
        }
    }
}

impl<R: BufRead> BufRead for Tail<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Tail::Reader(r) => r.fill_buf(),
            Tail::Failed(e) => e.take().map_or(Ok(&[]), Err),
        }
    }

    fn consume(&mut self, n: usize) {
        if let Tail::Reader(r) = self {
            r.consume(n);
        }
    }
}

/// A read failed; `line` is the 1-based line being read.
pub(crate) struct LineError {
    pub line: u64,
    pub error: io::Error,
}

pub(crate) struct Lines<R> {
    inner: io::Chain<Cursor<Vec<u8>>, Tail<R>>,
    buf: Vec<u8>,
    line: u64,
    done: bool,
}

/// Why a stream whose first bytes are these is not text, if it is not.
pub(crate) fn not_text(prefix: &[u8]) -> Option<&'static str> {
    if prefix.starts_with(&[0x1f, 0x8b]) {
        Some("gzip-compressed data, not an article (name the file *.gz, or gunzip it)")
    } else if prefix.starts_with(&[0xff, 0xfe]) || prefix.starts_with(&[0xfe, 0xff]) {
        Some("UTF-16 text, not UTF-8 (convert it first, e.g. iconv -f UTF-16 -t UTF-8)")
    } else if prefix.contains(&0) {
        Some("binary file, not an article")
    } else {
        None
    }
}

impl<R: BufRead> Lines<R> {
    /// Look at the first [`SNIFF_BYTES`] of `input`: a line source, or why it is not text.
    pub fn open(mut input: R) -> Result<Self, &'static str> {
        let mut prefix = Vec::with_capacity(SNIFF_BYTES);
        let tail = match (&mut input)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)
        {
            Ok(_) => Tail::Reader(input),
            Err(e) => Tail::Failed(Some(e)),
        };
        if let Some(reason) = not_text(&prefix) {
            return Err(reason);
        }
        Ok(Lines {
            inner: Cursor::new(prefix).chain(tail),
            buf: Vec::new(),
            line: 0,
            done: false,
        })
    }

    /// The next line with its 1-based number, without its `\n` (nor a `\r` before it), and
    /// without a UTF-8 byte-order mark on line 1. After an error: `None`.
    pub fn next_line(&mut self) -> Option<Result<(u64, &[u8]), LineError>> {
        if self.done {
            return None;
        }
        self.buf.clear();
        match self.inner.read_until(b'\n', &mut self.buf) {
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(_) => {
                self.line += 1;
                let mut l = &self.buf[..];
                if let Some(rest) = l.strip_suffix(b"\n") {
                    l = rest.strip_suffix(b"\r").unwrap_or(rest);
                }
                if self.line == 1 {
                    l = l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l);
                }
                Some(Ok((self.line, l)))
            }
            Err(error) => {
                self.done = true;
                Some(Err(LineError {
                    line: self.line + 1,
                    error,
                }))
            }
        }
    }

    /// Give back the memory of an extremely long line.
    pub fn shrink(&mut self) {
        if self.buf.capacity() > KEEP_CAPACITY {
            self.buf = Vec::new();
        }
    }
}
