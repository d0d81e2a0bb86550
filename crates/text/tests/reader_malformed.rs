//! Generated malformed input (fixed seed): thousands of streams mixing good articles with bad
//! records of every kind, in both formats, in memory and through files, folders and gzip.
//!
//! For the mixed streams the generator knows what it wrote, so the test asserts exactly: one
//! error per bad record, on the right `path:line`, and every good article around them read
//! with the right id, date, origin and text. Truncated and random inputs assert what can be
//! known: no panic, errors that name a real line, articles that are slices of the input.

mod reader_common;

use chrono::NaiveDate;
use dyad_text::reader::{read_paths, InputFormat, ReaderOptions};
use reader_common::{read, split, TempDir};
use serde_json::{json, Map, Value};

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "talks",
    "with",
    "Iran",
    "would",
    "resume",
    "café",
    "naïve",
    "Δελτίο",
    "東京",
    "😀",
    "“quoted”",
    "—",
    "U.S.",
    "3.5%",
    "{braces}",
    "\"q\"",
    "back\\slash",
    "tab\there",
    "date",
    "palms",
    "2022-07-20",
    "x\u{a0}y",
    "\u{1}ctl",
    "'",
];

/// 1 to `max` random words.
fn words(rng: &mut Rng, max: usize) -> String {
    let mut out = Vec::new();
    for _ in 0..1 + rng.below(max) {
        out.push(rng.pick(WORDS));
    }
    // A text line never starts with `date` followed by a digit token by accident.
    if out[0] == "date" {
        out[0] = "Date";
    }
    out.join(" ")
}

fn random_date(rng: &mut Rng) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap();
    base + chrono::Duration::days(rng.below(20_000) as i64)
}

const BAD_DATES: &[&str] = &[
    "2022-13-40",
    "2021-02-29",
    "2022-7-20",
    "2022-07-20x",
    "1999-00-10",
    "9999-99-99",
    "20220720",
    "2022/07/20",
    "2022-07-2",
    "0-0-0",
    "2022-07-20.",
];

const BAD_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x80\x80",
];

/// What a stream should give.
#[derive(Default)]
struct Expect {
    /// (id, date, origin line, text)
    docs: Vec<(String, Option<NaiveDate>, u64, String)>,
    /// Lines of the errors, in order.
    errors: Vec<u64>,
}

/// A byte stream written line by line, counting lines.
struct Out {
    bytes: Vec<u8>,
    lines: u64,
    eol: &'static [u8],
}

impl Out {
    fn new(eol: &'static [u8]) -> Out {
        Out {
            bytes: Vec::new(),
            lines: 0,
            eol,
        }
    }
    /// Write one line; returns its number.
    fn line(&mut self, content: &[u8]) -> u64 {
        self.bytes.extend_from_slice(content);
        self.bytes.extend_from_slice(self.eol);
        self.lines += 1;
        self.lines
    }
    fn next_line(&self) -> u64 {
        self.lines + 1
    }
    /// Drop the final line ending (a file without a trailing newline).
    fn chop_eol(&mut self) {
        let n = self.eol.len();
        if self.bytes.ends_with(self.eol) {
            self.bytes.truncate(self.bytes.len() - n);
        }
    }
}

fn blank_line(rng: &mut Rng) -> &'static str {
    rng.pick(&["", "", "", " ", "\t", "  \t "])
}

/// Paragraph lines of a good article (never empty), as `(line, is_blank)`.
fn paragraphs(rng: &mut Rng, huge: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let n = 1 + rng.below(4);
    for p in 0..n {
        if p > 0 {
            lines.push(blank_line(rng).to_string());
        }
        for l in 0..1 + rng.below(3) {
            let mut line = String::new();
            if rng.chance(10) {
                line.push_str("  ");
            }
            line.push_str(&words(rng, 12));
            // Inside a paragraph (not after a blank line) a date line is just text.
            if l > 0 && rng.chance(5) {
                line = format!(" date 2020-01-01 {line}");
            }
            lines.push(line);
        }
    }
    if huge {
        let big = "huge ".repeat(50_000 + rng.below(50_000));
        lines.push(String::new());
        lines.push(big.trim_end().to_string());
    }
    lines
}

/// A plain-text stream of good and bad articles; the first record may be text without a date.
fn text_stream(rng: &mut Rng, stem: &str, huge: bool) -> (Vec<u8>, Expect) {
    let eol: &'static [u8] = if rng.chance(30) { b"\r\n" } else { b"\n" };
    let mut out = Out::new(eol);
    let mut exp = Expect::default();
    if rng.chance(5) {
        out.bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    for _ in 0..rng.below(3) {
        out.line(blank_line(rng).as_bytes());
    }
    if rng.chance(15) {
        // Text before any date line: one error on its first line, all of it skipped.
        let lines = paragraphs(rng, false);
        exp.errors.push(out.next_line());
        for l in lines {
            out.line(l.as_bytes());
        }
        out.line(b"");
    }
    let records = 1 + rng.below(12);
    let mut starts = 0;
    let huge_at = if huge { rng.below(records) } else { usize::MAX };
    for r in 0..records {
        if r > 0 {
            for _ in 0..1 + rng.below(2) {
                out.line(blank_line(rng).as_bytes());
            }
        }
        starts += 1;
        let id = if starts == 1 {
            stem.to_string()
        } else {
            format!("{stem}#{starts}")
        };
        let indent = rng.pick(&[" ", " ", "", "\t", "   "]);
        let gap = rng.pick(&[" ", " ", "  ", "\t"]);
        match rng.below(10) {
            // Good article.
            0..=5 => {
                let date = random_date(rng);
                let body = paragraphs(rng, r == huge_at);
                let same_line = rng.chance(40);
                let head = format!("{indent}date{gap}{date}");
                let line = if same_line {
                    out.line(format!("{head} {}", body[0]).as_bytes())
                } else {
                    out.line(head.as_bytes())
                };
                for l in &body[usize::from(same_line)..] {
                    out.line(l.as_bytes());
                }
                let text = body.join("\n").trim().to_string();
                exp.docs.push((id, Some(date), line, text));
            }
            // Bad date.
            6 => {
                let bad = rng.pick(BAD_DATES);
                exp.errors
                    .push(out.line(format!("{indent}date{gap}{bad}").as_bytes()));
                for l in paragraphs(rng, false) {
                    out.line(l.as_bytes());
                }
            }
            // Invalid UTF-8 on some line of the article: the error names that line.
            7 => {
                let body = paragraphs(rng, false);
                let head = format!("{indent}date{gap}{}", random_date(rng));
                let bad_at = rng.below(body.len() + 1); // 0: on the date line itself
                let mut bad_line = 0;
                // Junk goes after the date on a date line (else it would not be one).
                let mut emit =
                    |out: &mut Out, mut line: Vec<u8>, bad: bool, from: usize, rng: &mut Rng| {
                        if bad {
                            let at = from + rng.below(line.len() - from + 1);
                            let junk = rng.pick(BAD_UTF8);
                            line.splice(at..at, junk.iter().copied());
                        }
                        let n = out.line(&line);
                        if bad {
                            bad_line = n;
                        }
                    };
                if bad_at == 0 {
                    let from = head.len() + 1;
                    emit(
                        &mut out,
                        format!("{head} {}", body[0]).into_bytes(),
                        true,
                        from,
                        rng,
                    );
                    for l in &body[1..] {
                        emit(&mut out, l.clone().into_bytes(), false, 0, rng);
                    }
                } else {
                    emit(&mut out, head.into_bytes(), false, 0, rng);
                    for (i, l) in body.iter().enumerate() {
                        emit(&mut out, l.clone().into_bytes(), i + 1 == bad_at, 0, rng);
                    }
                }
                exp.errors.push(bad_line);
            }
            // A date and no text.
            _ => {
                let tail = rng.pick(&["", " ", "\t  "]);
                exp.errors.push(
                    out.line(format!("{indent}date{gap}{}{tail}", random_date(rng)).as_bytes()),
                );
                for _ in 0..rng.below(3) {
                    out.line(blank_line(rng).as_bytes());
                }
            }
        }
    }
    for _ in 0..rng.below(3) {
        out.line(blank_line(rng).as_bytes());
    }
    if rng.chance(30) {
        out.chop_eol();
    }
    (out.bytes, exp)
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 4 } else { 6 }) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(rng.below(1_000_000) as f64 / 7.0),
        3 => json!(words(rng, 4)),
        4 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for i in 0..rng.below(4) {
                m.insert(format!("k{i}"), random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// A good JSONL record (with the document it should give, less its line).
fn good_record(
    rng: &mut Rng,
    huge: bool,
) -> (
    Map<String, Value>,
    Option<String>,
    Option<NaiveDate>,
    String,
) {
    let mut text = paragraphs(rng, huge).join(if rng.chance(50) { "\n\n" } else { "\n" });
    if rng.chance(10) {
        text = format!("  {text}\r\n");
    }
    let id = rng
        .chance(85)
        .then(|| format!("doc-{}", rng.next() % 1_000_000));
    let date = rng.chance(80).then(|| random_date(rng));
    let mut m = Map::new();
    let mut fields: Vec<(&str, Value)> = Vec::new();
    if let Some(id) = &id {
        fields.push(("id", json!(id)));
    }
    match (date, rng.below(3)) {
        (Some(d), _) => fields.push(("date", json!(d.to_string()))),
        (None, 0) => fields.push(("date", Value::Null)),
        (None, 1) => fields.push(("date", json!(""))),
        (None, _) => {}
    }
    if rng.chance(60) {
        fields.push(("title", json!(words(rng, 3))));
    }
    fields.push(("text", json!(text)));
    for i in 0..rng.below(3) {
        fields.push((["source", "lang", "meta"][i], random_value(rng, 0)));
    }
    // Field order does not matter to the reader.
    for i in (1..fields.len()).rev() {
        fields.swap(i, rng.below(i + 1));
    }
    for (k, v) in fields {
        m.insert(k.to_string(), v);
    }
    (m, id, date, text)
}

/// A JSONL stream of good and bad records and blank lines.
fn jsonl_stream(rng: &mut Rng, stem: &str, huge: bool) -> (Vec<u8>, Expect) {
    let eol: &'static [u8] = if rng.chance(20) { b"\r\n" } else { b"\n" };
    let mut out = Out::new(eol);
    let mut exp = Expect::default();
    let records = 1 + rng.below(15);
    let huge_at = if huge { rng.below(records) } else { usize::MAX };
    for r in 0..records {
        if rng.chance(15) {
            out.line(blank_line(rng).as_bytes());
        }
        let (mut m, id, date, text) = good_record(rng, r == huge_at);
        let kind = if rng.chance(55) { 0 } else { 1 + rng.below(9) };
        let line: Vec<u8> = match kind {
            0 => {
                let n = out.next_line();
                let id = id.unwrap_or_else(|| format!("{stem}-{n}"));
                exp.docs.push((id, date, n, text));
                serde_json::to_vec(&m).unwrap()
            }
            // Truncated JSON.
            1 => {
                let s = serde_json::to_vec(&m).unwrap();
                s[..1 + rng.below(s.len() - 1)].to_vec()
            }
            // Valid JSON, not an object.
            2 => rng
                .pick(&[
                    "[1,2]",
                    "42",
                    "\"text\"",
                    "true",
                    "null",
                    "[{\"text\":\"x\"}]",
                ])
                .as_bytes()
                .to_vec(),
            // Text missing, empty, blank or not a string.
            3 => {
                match rng.below(5) {
                    0 => {
                        m.shift_remove("text");
                    }
                    1 => {
                        m.insert("text".into(), json!(""));
                    }
                    2 => {
                        m.insert("text".into(), json!(" \n\t "));
                    }
                    3 => {
                        m.insert("text".into(), Value::Null);
                    }
                    _ => {
                        m.insert("text".into(), json!(["a", "b"]));
                    }
                }
                serde_json::to_vec(&m).unwrap()
            }
            // A bad date.
            4 => {
                let bad = if rng.chance(80) {
                    json!(rng.pick(BAD_DATES))
                } else {
                    json!(20220720)
                };
                m.insert("date".into(), bad);
                serde_json::to_vec(&m).unwrap()
            }
            // Invalid UTF-8 inside a string.
            5 => {
                let s = serde_json::to_vec(&m).unwrap();
                let at = s.iter().position(|&b| b == b'"').unwrap() + 1;
                let mut s = s;
                let junk = rng.pick(BAD_UTF8);
                s.splice(at..at, junk.iter().copied());
                s
            }
            // A raw control character inside a string (a raw NUL only past the sniffed prefix).
            6 => {
                let s = serde_json::to_vec(&m).unwrap();
                let text_at = find(&s, b"\"text\":\"").unwrap() + 8;
                let c = if out.bytes.len() > 9000 {
                    0
                } else {
                    1 + rng.below(31) as u8
                };
                let c = if c == b'\n' || c == b'\r' { 2 } else { c };
                let mut s = s;
                s.insert(text_at, c);
                s
            }
            // Garbage and trailing characters.
            7 => {
                let mut s = serde_json::to_vec(&m).unwrap();
                s.extend_from_slice(rng.pick(&[&b"}"[..], b" x", b",", b"{}"]));
                s
            }
            // Wrong-typed id or title.
            _ => {
                let key = if rng.chance(50) { "id" } else { "title" };
                m.insert(key.into(), json!([1]));
                serde_json::to_vec(&m).unwrap()
            }
        };
        let n = out.line(&line);
        if kind != 0 {
            exp.errors.push(n);
        }
    }
    if rng.chance(30) {
        out.chop_eol();
    }
    (out.bytes, exp)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn check(
    name: &str,
    bytes: &[u8],
    format: InputFormat,
    exp: &Expect,
    case: usize,
) -> (usize, usize) {
    let (docs, errs) = read(name, bytes, format);
    check_results(name, &docs, &errs, exp, case);
    (docs.len(), errs.len())
}

fn check_results(
    path: &str,
    docs: &[dyad_text::Document],
    errs: &[dyad_text::reader::ReadError],
    exp: &Expect,
    case: usize,
) {
    let err_lines: Vec<_> = errs.iter().map(|e| e.line).collect();
    assert_eq!(
        err_lines, exp.errors,
        "case {case} {path}: error lines; errors: {errs:?}"
    );
    for e in errs {
        assert_eq!(e.path, path, "case {case}");
        assert!(e.to_string().starts_with(&format!("{path}:{}: ", e.line)));
    }
    assert_eq!(
        docs.len(),
        exp.docs.len(),
        "case {case} {path}: article count"
    );
    for (d, (id, date, line, text)) in docs.iter().zip(&exp.docs) {
        assert_eq!(&d.id, id, "case {case} {path}");
        assert_eq!(&d.date, date, "case {case} {path} {id}");
        assert_eq!(d.origin.line, *line, "case {case} {path} {id}");
        assert_eq!(d.origin.path, path, "case {case}");
        assert!(
            d.text == *text,
            "case {case} {path} {id}: text {:?} != {:?}",
            short(&d.text),
            short(text)
        );
    }
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

#[test]
fn mixed_good_and_bad_records_in_memory() {
    let mut rng = Rng(0x0d1a_d5ee_d000_0001);
    let (mut cases, mut good, mut bad) = (0, 0, 0);
    for case in 0..1200 {
        let huge = case % 97 == 5;
        let format = if case % 2 == 0 {
            InputFormat::Text
        } else {
            InputFormat::Jsonl
        };
        let name = format!(
            "gen/case-{case}.{}",
            if format == InputFormat::Text {
                "txt"
            } else {
                "jsonl"
            }
        );
        let stem = format!("case-{case}");
        let (bytes, exp) = match format {
            InputFormat::Text => text_stream(&mut rng, &stem, huge),
            InputFormat::Jsonl => jsonl_stream(&mut rng, &stem, huge),
        };
        let (d, e) = check(&name, &bytes, format, &exp, case);
        cases += 1;
        good += d;
        bad += e;
    }
    eprintln!("{cases} streams, {good} good articles, {bad} bad records");
    assert!(bad >= 1000, "at least a thousand malformed records ({bad})");
    assert!(good >= 2000);
}

#[test]
fn mixed_streams_through_files_folders_and_gzip() {
    let mut rng = Rng(0x0d1a_d5ee_d000_0002);
    let mut total_bad = 0;
    for case in 0..40 {
        let t = TempDir::new("gen");
        let mut expected = Vec::new();
        for f in 0..2 + rng.below(4) {
            let jsonl = rng.chance(50);
            let gz = rng.chance(40);
            let sub = if rng.chance(30) { "sub/" } else { "" };
            let stem = format!("f{f}");
            let (bytes, exp) = if jsonl {
                jsonl_stream(&mut rng, &stem, false)
            } else {
                text_stream(&mut rng, &stem, false)
            };
            let ext = if jsonl { "jsonl" } else { "txt" };
            let rel = format!("{sub}{stem}.{ext}{}", if gz { ".gz" } else { "" });
            let path = if gz {
                t.write_gz(&rel, &bytes)
            } else {
                t.write(&rel, &bytes)
            };
            expected.push((path.display().to_string(), exp));
        }
        // A binary file and a file that is not read in the folder too.
        t.write("sub/zz-binary.txt", b"\x00\x01\x02 date 2020-01-01 x");
        t.write("notes.md", b"not an article");
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let (docs, errs) = split(read_paths(
            &[t.path().to_path_buf()],
            &ReaderOptions::default(),
        ));
        let mut di = docs.iter().peekable();
        let mut ei = errs.iter().peekable();
        for (path, exp) in &expected {
            let mine_d: Vec<_> =
                std::iter::from_fn(|| di.next_if(|d| &d.origin.path == path).cloned()).collect();
            let mine_e: Vec<_> =
                std::iter::from_fn(|| ei.next_if(|e| &e.path == path).cloned()).collect();
            check_results(path, &mine_d, &mine_e, exp, case);
            total_bad += mine_e.len();
        }
        let rest: Vec<_> = ei.collect();
        assert_eq!(rest.len(), 1, "case {case}: {rest:?}");
        assert!(
            rest[0].path.ends_with("zz-binary.txt")
                && rest[0].reason == "binary file, not an article"
        );
        assert!(di.next().is_none());
    }
    assert!(total_bad > 100);
}

#[test]
fn binary_streams_are_one_error() {
    let mut rng = Rng(0x0d1a_d5ee_d000_0003);
    for case in 0..150 {
        let format = if case % 2 == 0 {
            InputFormat::Text
        } else {
            InputFormat::Jsonl
        };
        let (mut bytes, _) = match format {
            InputFormat::Text => text_stream(&mut rng, "b", false),
            InputFormat::Jsonl => jsonl_stream(&mut rng, "b", false),
        };
        let at = rng.below(bytes.len().min(8192));
        for _ in 0..1 + rng.below(4) {
            bytes.insert(at, 0);
        }
        let (docs, errs) = read("bin.dat", &bytes, format);
        assert!(docs.is_empty(), "case {case}");
        assert_eq!(errs.len(), 1, "case {case}");
        assert_eq!(
            errs[0].to_string(),
            "bin.dat:1: binary file, not an article"
        );
    }
}

#[test]
fn truncated_streams() {
    let mut rng = Rng(0x0d1a_d5ee_d000_0004);
    for case in 0..300 {
        let format = if case % 2 == 0 {
            InputFormat::Text
        } else {
            InputFormat::Jsonl
        };
        let (bytes, _) = match format {
            InputFormat::Text => text_stream(&mut rng, "t", false),
            InputFormat::Jsonl => jsonl_stream(&mut rng, "t", false),
        };
        let (full_docs, full_errs) = read("t", &bytes, format);
        let cut = rng.below(bytes.len() + 1);
        let (docs, errs) = read("t", &bytes[..cut], format);
        // Everything that ended before the cut reads the same; at most the last article or two
        // change (cut short, or joined by a cut-off date line) and at most one more error.
        let keep = docs.len().saturating_sub(2);
        assert_eq!(docs[..keep], full_docs[..keep], "case {case}");
        assert!(docs.len() <= full_docs.len() + 1, "case {case}");
        assert!(errs.len() <= full_errs.len() + 1, "case {case}");
        let lines = bytes[..cut].split(|&b| b == b'\n').count() as u64;
        for e in &errs {
            assert!(e.line >= 1 && e.line <= lines, "case {case}: {e}");
        }
        for d in &docs {
            assert!(!d.text.is_empty());
            if format == InputFormat::Text {
                assert_eq!(d.text, d.text.trim());
            }
        }
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0x0d1a_d5ee_d000_0005);
    let pieces: &[&[u8]] = &[
        b"\n",
        b"\n\n",
        b"\r\n",
        b" date ",
        b"date\t",
        b"2022-07-20",
        b"2022-13-40",
        b"{",
        b"}",
        b"\"text\":",
        b"\"",
        b"\\",
        b":",
        b",",
        b"[",
        b"]",
        b"null",
        b"\xff",
        b"\xc3",
        b"\xe2\x80",
        b"\xef\xbb\xbf",
        b" ",
        b"\t",
        b"word",
        b"\xe2\x80\x9c",
    ];
    for case in 0..400 {
        let mut bytes = Vec::new();
        for _ in 0..rng.below(300) {
            if rng.chance(50) {
                bytes.extend_from_slice(rng.pick(pieces));
            } else {
                // Random bytes, but no NUL in the sniffed prefix (that case is tested above).
                let b = (rng.next() & 0xff) as u8;
                bytes.push(if b == 0 { b'0' } else { b });
            }
        }
        let lines = bytes.split(|&b| b == b'\n').count() as u64;
        for format in [InputFormat::Text, InputFormat::Jsonl] {
            let (docs, errs) = read("r", &bytes, format);
            for e in &errs {
                assert!(e.line >= 1 && e.line <= lines, "case {case}: {e}");
            }
            for d in &docs {
                assert!(!d.text.trim().is_empty(), "case {case}");
                if format == InputFormat::Text {
                    assert_eq!(d.text, d.text.trim());
                    let normalised = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
                    assert!(normalised.contains(&d.text), "case {case}");
                }
            }
        }
    }
}
