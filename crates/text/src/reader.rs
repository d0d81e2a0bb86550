//! Reading dated articles: plain dated text, JSON Lines, folders, gzip and stdin.
//!
//! [`read_paths`] turns a list of paths into a stream of [`Document`]s. It never holds the
//! corpus in memory: files are read line by line, folders are listed one at a time as the walk
//! reaches them. Bad input never stops the batch: each bad record becomes one [`ReadError`]
//! (`path:line: reason`) and reading goes on with the next line, article or file.
//!
//! # Plain dated text
//!
//! ```text
//!  date 2022-07-20 Russian President Vladimir Putin won staunch support ...
//!
//! Khamenei said that ...
//! ```
//!
//! An article starts with a *date line*: optional spaces or tabs, the word `date`, spaces, and a
//! `YYYY-MM-DD` date. The text follows on the same line or the next ones, paragraphs separated by
//! blank lines, up to the next date line that follows a blank line (or the end of the input), so
//! one file may hold several articles. The text is kept as written except that `\r\n` becomes
//! `\n` and the outer whitespace is trimmed. A date line is recognised by its shape (`date`, then
//! a token that starts with a digit), so a malformed date such as `date 2022-13-40` is reported
//! rather than taken as text.
//!
//! Ids: the file stem (`000_05a1120774ca292b`), then `stem#2`, `stem#3` for later articles of the
//! same file (counting every date line, so one bad article does not renumber the next); on stdin
//! `stdin-` and 16 hex digits of the FNV-1a hash of the text.
//!
//! # JSON Lines
//!
//! One object per line: `{"id": ..., "date": ..., "title": ..., "text": ..., ...}` (field names
//! from [`ReaderOptions`]). Other fields go to [`Document::extra`] in their order. The text is
//! kept exactly as given (so offsets others computed into it still hold). `date` may be null,
//! absent or `""` (then [`Document::date`] is `None`); otherwise it must be `YYYY-MM-DD` or an
//! ISO 8601 date-time whose date part is taken (`2022-07-20T10:00:00Z`). A missing id becomes
//! `<file stem>-<line>`; an empty title becomes `None`. Blank lines are skipped.
//!
//! # Which format, which files
//!
//! `.jsonl`, `.ndjson` and `.json` are JSON Lines, everything else is plain text; `.gz` is
//! decompressed and the name inside decides (`news.jsonl.gz`). [`ReaderOptions::format`] forces
//! one format for every input. `-` is stdin, plain text unless forced. Named files are always
//! read; inside folders (walked recursively, entries sorted by name) only files ending `.txt`,
//! `.jsonl`, `.ndjson`, `.json` or `.gz` (any case) are read, and names starting with `.` are
//! skipped.
//!
//! # Errors
//!
//! `line` is 1-based; `0` means the file as a whole (it could not be opened or listed). A file
//! whose first 8 KiB hold a NUL byte is rejected as `binary file, not an article`. A read error
//! or a corrupt gzip stream ends its file with one error at the line being read (the article
//! being read is dropped). Damage inside a gzip member decodes to garbage lines, each rejected,
//! until the member's checksum fails at its end. The crate README lists every message.

mod jsonl;
mod lines;
mod text;

use crate::document::{Document, Origin};
use lines::{LineError, Lines};
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The two article formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain dated text: ` date YYYY-MM-DD`, then the text.
    Text,
    /// JSON Lines, one article object per line.
    Jsonl,
}

impl InputFormat {
    /// The names [`FromStr`] accepts, for help texts and value lists.
    pub const NAMES: [&'static str; 2] = ["text", "jsonl"];

    /// The format a file name implies: `.jsonl`, `.ndjson`, `.json` (also under `.gz`) are
    /// JSON Lines, anything else plain text.
    pub fn for_path(path: &Path) -> InputFormat {
        let inner = strip_gz(path);
        match extension(&inner).as_deref() {
            Some("jsonl" | "ndjson" | "json") => InputFormat::Jsonl,
            _ => InputFormat::Text,
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
        })
    }
}

/// An input format name other than `text` or `jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown input format {0:?} (expected text or jsonl)")]
pub struct ParseFormatError(pub String);

impl FromStr for InputFormat {
    type Err = ParseFormatError;
    /// `text` or `jsonl`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "text" => Ok(InputFormat::Text),
            "jsonl" => Ok(InputFormat::Jsonl),
            _ => Err(ParseFormatError(s.to_string())),
        }
    }
}

/// How to read articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderOptions {
    /// Force this format for every input; `None`: by extension (stdin: text).
    pub format: Option<InputFormat>,
    /// JSONL field holding the article id (default `id`).
    pub id_field: String,
    /// JSONL field holding the story date (default `date`).
    pub date_field: String,
    /// JSONL field holding the article text (default `text`).
    pub text_field: String,
    /// JSONL field holding the headline (default `title`).
    pub title_field: String,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            format: None,
            id_field: "id".into(),
            date_field: "date".into(),
            text_field: "text".into(),
            title_field: "title".into(),
        }
    }
}

/// One rejected record (or file): `path:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {reason}")]
pub struct ReadError {
    /// The file as named (folder walk: folder joined with the entry), `<stdin>` for stdin.
    pub path: String,
    /// 1-based line the problem is on; 0 when it concerns the whole file.
    pub line: u64,
    pub reason: String,
}

/// One item of an article stream.
pub type ArticleResult = Result<Document, ReadError>;

/// Where a stream's articles come from, for ids, origins and errors.
#[derive(Debug, Clone)]
struct Ctx {
    /// Shown in errors.
    path: String,
    /// Stored in [`Origin::path`].
    origin: String,
    /// Base of generated ids.
    stem: String,
    stdin: bool,
    opts: ReaderOptions,
}

impl Ctx {
    fn new(name: &str, opts: &ReaderOptions) -> Ctx {
        let stdin = name == "-";
        let stem = if stdin {
            "stdin".to_string()
        } else {
            strip_gz(Path::new(name))
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| name.to_string())
        };
        Ctx {
            path: if stdin { "<stdin>".into() } else { name.into() },
            origin: name.into(),
            stem,
            stdin,
            opts: opts.clone(),
        }
    }

    fn error(&self, line: u64, reason: impl Into<String>) -> ReadError {
        ReadError {
            path: self.path.clone(),
            line,
            reason: reason.into(),
        }
    }

    fn origin(&self, line: u64) -> Origin {
        Origin {
            path: self.origin.clone(),
            line,
        }
    }
}

enum State<R> {
    Unopened(R),
    Open(Lines<R>),
    Done,
}

/// Articles read from one stream (a file, or stdin); see [`read_stream`].
pub struct ArticleStream<R> {
    state: State<R>,
    ctx: Ctx,
    format: InputFormat,
    text: text::TextParser,
    out: VecDeque<ArticleResult>,
}

/// Read articles of one format from any buffered input, lazily. `name` is the path shown in
/// errors and origins and the base of generated ids; `-` means stdin (errors say `<stdin>`,
/// plain-text ids are `stdin-<hash of the text>`, JSONL fallback ids `stdin-<line>`).
pub fn read_stream<R: BufRead>(
    name: &str,
    input: R,
    format: InputFormat,
    opts: &ReaderOptions,
) -> ArticleStream<R> {
    ArticleStream {
        state: State::Unopened(input),
        ctx: Ctx::new(name, opts),
        format,
        text: text::TextParser::default(),
        out: VecDeque::new(),
    }
}

impl<R: BufRead> Iterator for ArticleStream<R> {
    type Item = ArticleResult;

    fn next(&mut self) -> Option<ArticleResult> {
        loop {
            if let Some(item) = self.out.pop_front() {
                return Some(item);
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Unopened(input) => match Lines::open(input) {
                    Ok(lines) => self.state = State::Open(lines),
                    Err(reason) => self.out.push_back(Err(self.ctx.error(1, reason))),
                },
                State::Open(mut lines) => match lines.next_line() {
                    None => {
                        if self.format == InputFormat::Text {
                            self.text.finish(&self.ctx, &mut self.out);
                        }
                    }
                    Some(Err(LineError { line, error })) => {
                        // A failed read ends the stream: what follows cannot be trusted, and
                        // retrying a failing reader could loop forever. The article being
                        // built is dropped (it is likely cut short); the error reports it.
                        self.text.abort();
                        self.out
                            .push_back(Err(self.ctx.error(line, io_reason(&error))));
                    }
                    Some(Ok((num, line))) => {
                        match self.format {
                            InputFormat::Text => {
                                self.text.line(&self.ctx, num, line, &mut self.out)
                            }
                            InputFormat::Jsonl => {
                                if let Some(item) = jsonl::parse_line(&self.ctx, num, line) {
                                    self.out.push_back(item);
                                }
                            }
                        }
                        lines.shrink();
                        self.state = State::Open(lines);
                    }
                },
            }
        }
    }
}

impl<R: BufRead> std::iter::FusedIterator for ArticleStream<R> {}

/// Marks an I/O error as coming from a gzip decoder, so it is reported as a corrupt stream.
#[derive(Debug)]
struct CorruptGzip(io::Error);

impl fmt::Display for CorruptGzip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "corrupt gzip stream: {}", self.0)
    }
}

impl std::error::Error for CorruptGzip {}

/// A gzip decoder whose errors say so.
struct Gunzip<R>(flate2::read::MultiGzDecoder<R>);

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| match e.kind() {
            io::ErrorKind::Interrupted => e,
            kind => io::Error::new(kind, CorruptGzip(e)),
        })
    }
}

fn io_reason(e: &io::Error) -> String {
    match e.get_ref() {
        Some(inner) if inner.is::<CorruptGzip>() => inner.to_string(),
        _ => format!("read error: {e}"),
    }
}

/// The path without a final `.gz` (any case).
fn strip_gz(path: &Path) -> PathBuf {
    if extension(path).as_deref() == Some("gz") {
        path.with_extension("")
    } else {
        path.to_path_buf()
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Extensions read inside folders.
const FOLDER_EXTENSIONS: [&str; 5] = ["txt", "jsonl", "ndjson", "json", "gz"];

enum Pending {
    /// A path as the caller named it (`-` is stdin).
    Named(PathBuf),
    /// A file or folder found by walking a folder.
    Found(PathBuf),
}

type BoxedInput = Box<dyn BufRead + Send>;

/// The articles of a list of paths, in order; see [`read_paths`].
pub struct Articles {
    queue: VecDeque<Pending>,
    current: Option<ArticleStream<BoxedInput>>,
    opts: ReaderOptions,
    /// Folders already walked under the current named path (symbolic-link loops).
    visited: HashSet<FolderKey>,
    /// Errors found while listing a folder, reported before its files.
    errors: VecDeque<ReadError>,
}

/// Read every article of `paths` (files, folders, `-` for stdin) lazily; see the module docs.
pub fn read_paths(paths: &[PathBuf], opts: &ReaderOptions) -> Articles {
    Articles {
        queue: paths.iter().cloned().map(Pending::Named).collect(),
        current: None,
        opts: opts.clone(),
        visited: HashSet::new(),
        errors: VecDeque::new(),
    }
}

impl Iterator for Articles {
    type Item = ArticleResult;

    fn next(&mut self) -> Option<ArticleResult> {
        loop {
            if let Some(e) = self.errors.pop_front() {
                return Some(Err(e));
            }
            if let Some(stream) = &mut self.current {
                match stream.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.queue.pop_front()? {
                Pending::Named(path) => {
                    self.visited.clear();
                    if path.as_os_str() == "-" {
                        let input: BoxedInput = Box::new(BufReader::new(io::stdin()));
                        let format = self.opts.format.unwrap_or(InputFormat::Text);
                        self.current = Some(read_stream("-", input, format, &self.opts));
                    } else {
                        self.open(path);
                    }
                }
                Pending::Found(path) => self.open(path),
            }
        }
    }
}

impl std::iter::FusedIterator for Articles {}

impl Articles {
    fn file_error(&mut self, path: &Path, reason: String) {
        self.errors.push_back(ReadError {
            path: path.display().to_string(),
            line: 0,
            reason,
        });
    }

    /// Start reading a file, or queue a folder's entries.
    fn open(&mut self, path: PathBuf) {
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return self.file_error(&path, format!("cannot read: {e}")),
        };
        if meta.is_dir() {
            return self.list(path);
        }
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => return self.file_error(&path, format!("cannot open: {e}")),
        };
        let input: BoxedInput = if extension(&path).as_deref() == Some("gz") {
            Box::new(BufReader::new(Gunzip(flate2::read::MultiGzDecoder::new(
                file,
            ))))
        } else {
            Box::new(BufReader::with_capacity(64 * 1024, file))
        };
        let format = self
            .opts
            .format
            .unwrap_or_else(|| InputFormat::for_path(&path));
        let name = path.display().to_string();
        self.current = Some(read_stream(&name, input, format, &self.opts));
    }

    /// Queue a folder's readable files and subfolders, sorted by name, before what follows.
    fn list(&mut self, dir: PathBuf) {
        match folder_key(&dir) {
            Ok(key) => {
                if !self.visited.insert(key) {
                    // Reached again through a symbolic link: already read, or a loop.
                    return;
                }
            }
            Err(e) => return self.file_error(&dir, format!("cannot read folder: {e}")),
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => return self.file_error(&dir, format!("cannot read folder: {e}")),
        };
        let mut found = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.file_error(&dir, format!("cannot read folder: {e}"));
                    // A failing listing may keep failing: stop listing this folder.
                    break;
                }
            };
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => fs::metadata(&path).map(|m| m.file_type()),
                other => other,
            };
            let wanted = match kind {
                Ok(t) if t.is_dir() => true,
                Ok(t) if t.is_file() => {
                    extension(&path).is_some_and(|e| FOLDER_EXTENSIONS.contains(&e.as_str()))
                }
                // Sockets, fifos, devices: never read from inside a folder.
                Ok(_) => false,
                // A dangling link or an entry that vanished: report it if it looks like input.
                Err(_) => extension(&path).is_some_and(|e| FOLDER_EXTENSIONS.contains(&e.as_str())),
            };
            if wanted {
                found.push((name, path));
            }
        }
        found.sort();
        for (_, path) in found.into_iter().rev() {
            self.queue.push_front(Pending::Found(path));
        }
    }
}

/// What identifies a folder however it is reached: device and inode where there are such,
/// else the canonical path.
#[cfg(unix)]
type FolderKey = (u64, u64);
#[cfg(not(unix))]
type FolderKey = PathBuf;

#[cfg(unix)]
fn folder_key(dir: &Path) -> io::Result<FolderKey> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(dir)?;
    Ok((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_key(dir: &Path) -> io::Result<FolderKey> {
    fs::canonicalize(dir)
}

/// 64-bit FNV-1a of `bytes`: stable across runs, platforms and versions.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Short, printable rendering of possibly bad input for error messages.
fn snippet(bytes: &[u8]) -> String {
    const MAX: usize = 40;
    let s = String::from_utf8_lossy(bytes);
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    format!("{out:?}")
}

/// `YYYY-MM-DD`, exactly, naming a real calendar day.
fn parse_ymd(s: &str) -> Option<chrono::NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn strict_dates() {
        assert_eq!(
            parse_ymd("2022-07-20"),
            chrono::NaiveDate::from_ymd_opt(2022, 7, 20)
        );
        for bad in [
            "2022-13-40",
            "2022-02-30",
            "2022-7-20",
            "22-07-20",
            "2022-07-20x",
            "+202-07-20",
            "2022-0a-20",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
    }

    #[test]
    fn format_names() {
        assert_eq!("text".parse(), Ok(InputFormat::Text));
        assert_eq!("JSONL".parse(), Ok(InputFormat::Jsonl));
        assert!("csv"
            .parse::<InputFormat>()
            .unwrap_err()
            .to_string()
            .contains("csv"));
        for name in InputFormat::NAMES {
            assert_eq!(name.parse::<InputFormat>().unwrap().to_string(), name);
        }
        assert_eq!(
            InputFormat::for_path(Path::new("a/b.JSONL.gz")),
            InputFormat::Jsonl
        );
        assert_eq!(
            InputFormat::for_path(Path::new("a/b.ndjson")),
            InputFormat::Jsonl
        );
        assert_eq!(
            InputFormat::for_path(Path::new("a/b.gz")),
            InputFormat::Text
        );
        assert_eq!(
            InputFormat::for_path(Path::new("README.md")),
            InputFormat::Text
        );
    }

    #[test]
    fn stems() {
        let o = ReaderOptions::default();
        assert_eq!(Ctx::new("dir/x.jsonl.gz", &o).stem, "x");
        assert_eq!(Ctx::new("dir/x.txt", &o).stem, "x");
        assert_eq!(Ctx::new("x", &o).stem, "x");
        assert_eq!(Ctx::new("-", &o).stem, "stdin");
        assert_eq!(Ctx::new("-", &o).path, "<stdin>");
    }

    #[test]
    fn streams_are_send() {
        fn send<T: Send>() {}
        send::<Articles>();
        send::<ArticleStream<&[u8]>>();
    }
}
