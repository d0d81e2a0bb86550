//! The article readers: plain dated text, JSONL, folders, gzip, streams, and their errors.

mod reader_common;

use chrono::NaiveDate;
use dyad_text::reader::{read_paths, read_stream, InputFormat, ReaderOptions};
use reader_common::{read, read_with, split, TempDir};
use serde_json::json;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "../../../shared/examples";
const NEWS: &str = "../../../shared/news";

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// (file stem, date, first words) of every file in shared/examples.
const EXAMPLE_FILES: [(&str, &str, &str); 9] = [
    (
        "000_05a1120774ca292b",
        "2022-07-20",
        "Russian President Vladimir Putin",
    ),
    ("reuters-03525", "1987-03-11", "BAGHDAD, March 11"),
    ("reuters-09209", "1987-03-25", "N'DJAMENA, March 25"),
    ("reuters-16366", "1987-04-13", "KUWAIT, April 13"),
    (
        "tempeval3-AFP_ENG_19970401.0099",
        "1997-04-01",
        "BEIJING, April 1,",
    ),
    (
        "tempeval3-APW19980820.1428",
        "1998-08-20",
        "WELLINGTON, New Zealand",
    ),
    (
        "tempeval3-XIN_ENG_20051122.0281",
        "2005-11-22",
        "UNITED NATIONS, Nov.",
    ),
    (
        "tempeval3-XIN_ENG_20061120.0285",
        "2006-11-20",
        "WASHINGTON, Nov. 20,",
    ),
    (
        "tempeval3-bbc_20130322_721",
        "2013-03-22",
        "Russian police and",
    ),
];

#[test]
fn every_example_file_reads() {
    let Some(dir) = shared(EXAMPLES) else { return };
    for (stem, day, words) in EXAMPLE_FILES {
        let path = dir.join(format!("{stem}.txt"));
        let (docs, errs) = split(read_paths(
            std::slice::from_ref(&path),
            &ReaderOptions::default(),
        ));
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(docs.len(), 1, "{stem}");
        let d = &docs[0];
        assert_eq!(d.id, stem);
        assert_eq!(d.date, date(day), "{stem}");
        assert!(
            d.text.starts_with(words),
            "{stem}: {}",
            first_words(&d.text, 5)
        );
        assert_eq!(d.title, None);
        assert_eq!(d.origin.path, path.display().to_string());
        assert_eq!(d.origin.line, 1);
        assert_eq!(d.text, d.text.trim());
        assert!(!d.text.contains('\r'));
        assert!(d.text.contains("\n\n"), "{stem}: paragraphs kept");
        assert!(d.extra.is_empty());
    }
}

#[test]
fn seed_article() {
    let Some(dir) = shared(EXAMPLES) else { return };
    let path = dir.join("000_05a1120774ca292b.txt");
    let docs: Vec<_> = read_paths(std::slice::from_ref(&path), &ReaderOptions::default())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, "000_05a1120774ca292b");
    assert_eq!(docs[0].date, date("2022-07-20"));
    assert!(docs[0]
        .text
        .starts_with("Russian President Vladimir Putin won staunch support from Iran"));
    // The text is the file's content after the date, trimmed, nothing else.
    let raw = std::fs::read_to_string(&path).unwrap();
    let after = raw
        .strip_prefix(" date 2022-07-20")
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(docs[0].text, after.trim());
}

#[test]
fn examples_folder_reads_in_sorted_order() {
    let Some(dir) = shared(EXAMPLES) else { return };
    let (docs, errs) = split(read_paths(&[dir], &ReaderOptions::default()));
    assert!(errs.is_empty(), "{errs:?}");
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
    let mut want: Vec<_> = EXAMPLE_FILES.iter().map(|e| e.0).collect();
    want.sort();
    assert_eq!(ids, want, "README.md is skipped, files come in name order");
}

#[test]
fn folders_are_walked_recursively_in_sorted_order() {
    let t = TempDir::new("walk");
    let art = |text: &str| format!(" date 2020-01-02\n{text}\n");
    t.write("b.txt", art("b").as_bytes());
    t.write("a.txt", art("a").as_bytes());
    t.write("c/z.txt", art("c/z").as_bytes());
    t.write("c/d/y.TXT", art("c/d/y").as_bytes());
    t.write(
        "c/a.jsonl",
        br#"{"id":"c/a","date":"2020-01-02","text":"c/a"}"#,
    );
    t.write_gz("d.txt.gz", art("d").as_bytes());
    t.write("README.md", b"# not an article");
    t.write("notes.csv", b"x,y");
    t.write(".hidden.txt", b"not read");
    t.write(".git/x.txt", b"not read");
    t.write("e/f.ndjson", br#"{"id":"e/f","text":"e/f"}"#);
    let (docs, errs) = split(read_paths(
        &[t.path().to_path_buf()],
        &ReaderOptions::default(),
    ));
    assert!(errs.is_empty(), "{errs:?}");
    let texts: Vec<_> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["a", "b", "c/a", "c/d/y", "c/z", "d", "e/f"]);
    assert_eq!(docs[3].id, "y");
    assert_eq!(docs[5].id, "d");
    assert_eq!(docs[6].date, None);
    assert!(docs[4].origin.path.ends_with("z.txt"));

    // A file named explicitly is read whatever its name.
    let readme = t.path().join("README.md");
    let (docs, errs) = split(read_paths(&[readme], &ReaderOptions::default()));
    assert!(docs.is_empty());
    assert_eq!(errs.len(), 1);
    assert!(errs[0].reason.starts_with("no date line"), "{}", errs[0]);
    assert_eq!(errs[0].line, 1);

    // Paths are read in the order given, folders and files mixed.
    let b = t.path().join("b.txt");
    let c = t.path().join("c");
    let (docs, _) = split(read_paths(&[b.clone(), c, b], &ReaderOptions::default()));
    let texts: Vec<_> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["b", "c/a", "c/d/y", "c/z", "b"]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_end() {
    let t = TempDir::new("loop");
    t.write("a/x.txt", b" date 2020-01-02 x");
    std::os::unix::fs::symlink(t.path().join("a"), t.path().join("a/loop")).unwrap();
    std::os::unix::fs::symlink(t.path().join("gone.txt"), t.path().join("a/dangling.txt")).unwrap();
    let (docs, errs) = split(read_paths(
        &[t.path().to_path_buf()],
        &ReaderOptions::default(),
    ));
    assert_eq!(docs.len(), 1);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].path.ends_with("dangling.txt"));
    assert_eq!(errs[0].line, 0);
}

#[test]
fn gzip_of_both_kinds() {
    let t = TempDir::new("gz");
    let text = " date 2021-05-06\nFirst.\n\n date 2021-05-07\nSecond.\n";
    let jsonl = "{\"id\":\"j1\",\"date\":\"2021-05-08\",\"text\":\"Third.\",\"lang\":\"en\"}\n\n{\"id\":\"j2\",\"date\":null,\"text\":\"Fourth.\"}\n";
    let a = t.write_gz("a.txt.gz", text.as_bytes());
    let b = t.write_gz("b.jsonl.gz", jsonl.as_bytes());
    // Several gzip members one after the other are one stream (as `cat x.gz y.gz` makes).
    let mut two = reader_common::gzip(b"{\"id\":\"m1\",\"text\":\"Fifth.\"}\n");
    two.extend(reader_common::gzip(
        b"{\"id\":\"m2\",\"text\":\"Sixth.\"}\n",
    ));
    let c = t.write("c.ndjson.GZ", &two);
    let (docs, errs) = split(read_paths(&[a.clone(), b, c], &ReaderOptions::default()));
    assert!(errs.is_empty(), "{errs:?}");
    let got: Vec<_> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("a", "First."),
            ("a#2", "Second."),
            ("j1", "Third."),
            ("j2", "Fourth."),
            ("m1", "Fifth."),
            ("m2", "Sixth.")
        ]
    );
    assert_eq!(docs[1].origin.line, 4);
    assert_eq!(docs[1].origin.path, a.display().to_string());
    assert_eq!(docs[2].extra.get("lang"), Some(&json!("en")));
    assert_eq!(docs[3].origin.line, 3);
    // A forced format applies inside gzip too.
    let opts = ReaderOptions {
        format: Some(InputFormat::Jsonl),
        ..Default::default()
    };
    let (docs, errs) = split(read_paths(&[a], &opts));
    assert!(docs.is_empty());
    assert_eq!(errs.len(), 4, "{errs:?}");
}

#[test]
fn damaged_gzip_ends_its_file_with_an_error() {
    let t = TempDir::new("badgz");
    let mut body = String::new();
    for i in 0..2000 {
        body.push_str(&format!(
            "{{\"id\":\"r{i}\",\"text\":\"Record number {i} with some words in it.\"}}\n"
        ));
    }
    let gz = reader_common::gzip(body.as_bytes());
    let cut = t.write("cut.jsonl.gz", &gz[..gz.len() / 2]);
    let mut flipped = gz.clone();
    let mid = flipped.len() / 2;
    for b in &mut flipped[mid..mid + 16] {
        *b ^= 0x5a;
    }
    let flipped = t.write("flipped.jsonl.gz", &flipped);
    let not_gz = t.write("plain.txt.gz", b" date 2020-01-01 not compressed");
    let good = t.write("good.txt", b" date 2020-01-01 fine");
    let (docs, errs) = split(read_paths(
        &[cut, not_gz, flipped, good],
        &ReaderOptions::default(),
    ));
    let gz_errs: Vec<_> = errs
        .iter()
        .filter(|e| e.reason.starts_with("corrupt gzip stream"))
        .collect();
    assert_eq!(gz_errs.len(), 3, "one per damaged file");
    assert!(gz_errs[0].path.ends_with("cut.jsonl.gz"));
    assert!(gz_errs[0].line > 100);
    assert_eq!(errs[0], *gz_errs[0], "nothing else wrong in a cut file");
    assert!(gz_errs[1].path.ends_with("plain.txt.gz"));
    assert_eq!(gz_errs[1].line, 1);
    assert_eq!(errs[1], *gz_errs[1]);
    // Damage inside a stream decodes to garbage lines (rejected one by one) until the checksum
    // at the end of the member says so; the checksum error is the file's last.
    assert!(gz_errs[2].path.ends_with("flipped.jsonl.gz"));
    assert!(gz_errs[2].reason.contains("checksum"), "{}", gz_errs[2]);
    assert_eq!(errs.last().unwrap(), gz_errs[2]);
    // The records before the damage are read, and nothing after it.
    let cut_docs: Vec<_> = docs
        .iter()
        .filter(|d| d.origin.path.ends_with("cut.jsonl.gz"))
        .collect();
    assert_eq!(cut_docs.len() as u64, gz_errs[0].line - 1);
    for (i, d) in cut_docs.iter().enumerate() {
        assert_eq!(d.id, format!("r{i}"));
    }
    assert_eq!(docs.last().unwrap().text, "fine");
}

#[test]
fn streams_like_stdin() {
    let input = b" date 2022-07-20 One.\n\nTwo.\n\n date 2022-07-21\r\nThree.\r\n\r\nFour.\r\n";
    let (docs, errs) = read("-", input, InputFormat::Text);
    assert!(errs.is_empty());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text, "One.\n\nTwo.");
    assert_eq!(docs[1].text, "Three.\n\nFour.");
    assert_eq!(docs[1].date, date("2022-07-21"));
    assert_eq!(docs[0].origin.path, "-");
    assert_eq!(docs[1].origin.line, 5);
    for d in &docs {
        let hex = d.id.strip_prefix("stdin-").unwrap();
        assert_eq!(hex.len(), 16);
        assert_eq!(
            u64::from_str_radix(hex, 16).unwrap(),
            dyad_text::reader::fnv1a64(d.text.as_bytes())
        );
    }
    // Stable: the same text gives the same id in another run.
    let (again, _) = read(
        "-",
        b"\n\n  date 2022-07-20\nOne.\n\nTwo.",
        InputFormat::Text,
    );
    assert_eq!(again[0].id, docs[0].id);
    assert_eq!(again[0].origin.line, 3);

    // Errors on stdin name it.
    let (_, errs) = read("-", b"no date here\n", InputFormat::Text);
    assert_eq!(errs[0].to_string().split(": ").next(), Some("<stdin>:1"));
    // JSONL on stdin: fallback ids use the line.
    let (docs, _) = read("-", b"\n{\"text\":\"x\"}\n", InputFormat::Jsonl);
    assert_eq!(docs[0].id, "stdin-2");
}

#[test]
fn several_articles_in_one_file() {
    let input = "\u{feff} date 2001-01-01\nA one.\n\nA two.\ndate 2001-01-05 stays in A\n\n\n date 2001-01-02 B same line.\n\n\t date 2001-01-03\n\nC.\n\n";
    let (docs, errs) = read("dir/f.txt", input.as_bytes(), InputFormat::Text);
    assert!(errs.is_empty(), "{errs:?}");
    let got: Vec<_> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.origin.line, d.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("f", 1, "A one.\n\nA two.\ndate 2001-01-05 stays in A"),
            ("f#2", 8, "B same line."),
            ("f#3", 10, "C."),
        ]
    );
    assert_eq!(docs[0].origin.path, "dir/f.txt");
}

#[test]
fn text_as_written() {
    // Inner whitespace, tabs, unicode and lone carriage returns stay; CRLF becomes LF.
    let input =
        " date 2022-07-20\r\n  Indented “quote”\t tab.  \r\n\r\n\r\n  Second\rpara.\u{a0}\r\n";
    let (docs, _) = read("x.txt", input.as_bytes(), InputFormat::Text);
    assert_eq!(
        docs[0].text,
        "Indented “quote”\t tab.  \n\n\n  Second\rpara."
    );
}

#[test]
fn jsonl_fields_extra_and_defaults() {
    let input = concat!(
        r#"{"id":"a","date":"2022-07-20","title":"T","text":"Body.","source":"x","tags":["p","q"],"n":3}"#,
        "\n",
        "\n   \n",
        r#"{"date":null,"text":"No id, null date."}"#,
        "\n",
        r#"{"id":17,"title":"","text":"Numeric id, empty title, no date."}"#,
        "\n",
        r#"{"id":"b","date":"2022-07-20T23:30:00-04:00","text":"  kept as given \n"}"#,
        "\n",
        r#"{"id":"c","date":"","text":"empty date"}"#,
        "\n",
    );
    let (docs, errs) = read("in/news.jsonl", input.as_bytes(), InputFormat::Jsonl);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0].title.as_deref(), Some("T"));
    let keys: Vec<_> = docs[0].extra.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["source", "tags", "n"],
        "extra fields carried in order"
    );
    assert_eq!(docs[0].extra["tags"], json!(["p", "q"]));
    assert_eq!(docs[1].id, "news-4");
    assert_eq!(docs[1].date, None);
    assert_eq!(docs[1].origin.line, 4);
    assert_eq!(docs[2].id, "17");
    assert_eq!(docs[2].title, None);
    assert_eq!(docs[3].date, date("2022-07-20"));
    assert_eq!(docs[3].text, "  kept as given \n");
    assert_eq!(docs[4].date, None);
    // A document serialises with its extra fields flattened into `extra`.
    let v = serde_json::to_value(&docs[0]).unwrap();
    assert_eq!(v["extra"]["n"], json!(3));
}

#[test]
fn custom_field_names() {
    let opts = ReaderOptions {
        id_field: "doc_id".into(),
        date_field: "published".into(),
        text_field: "body".into(),
        title_field: "headline".into(),
        ..Default::default()
    };
    let line = r#"{"doc_id":"x1","published":"2020-02-29","headline":"H","body":"B.","text":"not the text","id":"not the id"}"#;
    let (docs, errs) = read_with("f.jsonl", line.as_bytes(), InputFormat::Jsonl, &opts);
    assert!(errs.is_empty(), "{errs:?}");
    let d = &docs[0];
    assert_eq!(
        (d.id.as_str(), d.date, d.title.as_deref(), d.text.as_str()),
        ("x1", date("2020-02-29"), Some("H"), "B.")
    );
    assert_eq!(d.extra["text"], json!("not the text"));
    assert_eq!(d.extra["id"], json!("not the id"));
    let (_, errs) = read_with("f.jsonl", br#"{"text":"x"}"#, InputFormat::Jsonl, &opts);
    assert_eq!(errs[0].to_string(), "f.jsonl:1: missing \"body\" field");
}

#[test]
fn text_errors_name_their_line_and_the_batch_goes_on() {
    let input = concat!(
        "preamble without a date\n",   // 1: no date line
        "more of it\n",                // 2: skipped quietly
        "\n",                          // 3
        " date 2022-13-40\n",          // 4: bad date
        "text of the bad article\n",   // 5
        "\n",                          // 6
        " date 2022-01-01 good one\n", // 7: article f#3
        "\n",                          // 8
        " date 2022-01-02\n",          // 9: empty text
        "   \n",                       // 10
        "\n",                          // 11
        " date 2022-01-03\n",          // 12
        "fine\n",                      // 13
        "bad \u{1} bytes \u{2}\n",     // 14 (control bytes are text)
        "\n",                          // 15
        " date 2022-01-04 oops\n",     // 16
        "\n",                          // 17
        "INVALID\n",                   // 18: invalid UTF-8 (patched below)
        "\n",                          // 19
        " date 2022-01-05 last\n",     // 20: article f#6
    );
    let mut bytes = input.as_bytes().to_vec();
    let at = bytes.windows(7).position(|w| w == b"INVALID").unwrap();
    bytes[at + 3] = 0xff;
    let (docs, errs) = read("f.txt", &bytes, InputFormat::Text);
    let got: Vec<_> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        got,
        [
            "f.txt:1: no date line: an article starts with \" date YYYY-MM-DD\", found \"preamble without a date\"",
            "f.txt:4: bad date \"2022-13-40\" (expected YYYY-MM-DD)",
            "f.txt:9: empty text after the date line",
            "f.txt:18: invalid UTF-8 (bad byte at column 4 of the line)",
        ]
    );
    let got: Vec<_> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("f#2", "good one"),
            ("f#4", "fine\nbad \u{1} bytes \u{2}"),
            ("f#6", "last")
        ]
    );
}

#[test]
fn jsonl_errors_name_their_line_and_the_batch_goes_on() {
    let mut input = concat!(
        r#"{"id":"ok1","text":"one"}"#,
        "\n", // 1
        r#"{"id":"x","text":"unterminated}"#,
        "\n", // 2
        r#"["an","array"]"#,
        "\n", // 3
        r#"{"id":"x"}"#,
        "\n", // 4
        r#"{"id":"x","text":""}"#,
        "\n", // 5
        r#"{"id":"x","text":42}"#,
        "\n", // 6
        r#"{"id":"x","text":"t","date":"2022-13-40"}"#,
        "\n", // 7
        r#"{"id":"x","text":"t","date":20220101}"#,
        "\n",        // 8
        "INVALID\n", // 9
        r#"{"id":"ok2","text":"two"}"#,
        "\n",     // 10
        "null\n", // 11
        r#"{"id":"x","text":" \n\t "}"#,
        "\n", // 12
        r#"{"id":["x"],"text":"t"}"#,
        "\n", // 13
        r#"{"id":"x","text":"t","title":7}"#,
        "\n",                             // 14
        r#"{"id":"ok3","text":"three"}"#, // 15, no final newline
    )
    .as_bytes()
    .to_vec();
    let at = input.windows(7).position(|w| w == b"INVALID").unwrap();
    input[at] = 0xc3;
    let (docs, errs) = read("n.jsonl", &input, InputFormat::Jsonl);
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["ok1", "ok2", "ok3"]);
    let lines: Vec<_> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]);
    let reasons: Vec<_> = errs.iter().map(|e| e.reason.as_str()).collect();
    assert!(
        reasons[0].starts_with("bad JSON: EOF while parsing a string at line 1 column"),
        "{}",
        reasons[0]
    );
    assert_eq!(reasons[1], "not a JSON object: found an array");
    assert_eq!(reasons[2], "missing \"text\" field");
    assert_eq!(reasons[3], "empty \"text\" field");
    assert_eq!(reasons[4], "\"text\" must be a string, found a number");
    assert_eq!(
        reasons[5],
        "bad date \"2022-13-40\" in \"date\" (expected YYYY-MM-DD)"
    );
    assert_eq!(
        reasons[6],
        "\"date\" must be a YYYY-MM-DD string or null, found a number"
    );
    assert_eq!(
        reasons[7],
        "invalid UTF-8 (bad byte at column 1 of the line)"
    );
    assert_eq!(reasons[8], "not a JSON object: found null");
    assert_eq!(reasons[9], "empty \"text\" field");
    assert_eq!(
        reasons[10],
        "\"id\" must be a string or a number, found an array"
    );
    assert_eq!(reasons[11], "\"title\" must be a string, found a number");
}

#[test]
fn pretty_printed_json_gets_a_hint() {
    let (_, errs) = read("p.json", b"[\n  {\"text\": \"x\"}\n]\n", InputFormat::Jsonl);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0]
            .reason
            .ends_with("(JSON Lines needs each article on one line)"),
        "{}",
        errs[0]
    );
}

#[test]
fn binary_and_unreadable_files() {
    let t = TempDir::new("bin");
    let mut bin = b" date 2022-01-01 looks fine at first".to_vec();
    bin.extend([0u8; 4]);
    bin.extend(b"\n\n date 2022-01-02 and more\n");
    let bin = t.write("bin.txt", &bin);
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            " date 2022-01-01 x"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let utf16 = t.write("utf16.txt", &utf16);
    let binj = t.write(
        "bin.jsonl.gz",
        &reader_common::gzip(b"{\"text\":\"a\"}\n\0\0\0"),
    );
    let missing = t.path().join("missing.txt");
    let good = t.write("good.jsonl", b"{\"text\":\"fine\"}");
    let (docs, errs) = split(read_paths(
        &[bin, utf16, binj, missing, good],
        &ReaderOptions::default(),
    ));
    let got: Vec<_> = errs.iter().map(|e| (e.line, e.reason.as_str())).collect();
    assert_eq!(got[0], (1, "binary file, not an article"));
    assert_eq!(got[1].0, 1);
    assert!(got[1].1.starts_with("UTF-16 text"));
    assert_eq!(got[2], (1, "binary file, not an article"));
    assert_eq!(got[3].0, 0);
    assert!(got[3].1.starts_with("cannot read: "), "{}", got[3].1);
    assert!(errs[3].path.ends_with("missing.txt"));
    assert_eq!(errs.len(), 4);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, "good-1");
}

#[test]
fn nul_after_the_first_8_kib_is_not_binary() {
    let mut text = b" date 2022-01-01\n".to_vec();
    text.extend(std::iter::repeat_n(b'a', 9000));
    text.extend(b"\0\n");
    let (docs, errs) = read("late.txt", &text, InputFormat::Text);
    assert!(errs.is_empty());
    assert_eq!(docs[0].text.len(), 9001);
    // In JSONL a raw NUL is a JSON error of its own line only.
    let mut jsonl = Vec::new();
    for i in 0..200 {
        jsonl.extend(
            format!("{{\"id\":\"{i}\",\"text\":\"padding padding padding\"}}\n").as_bytes(),
        );
    }
    jsonl.extend(b"{\"text\":\"nul \0 here\"}\n{\"text\":\"after\"}\n");
    let (docs, errs) = read("late.jsonl", &jsonl, InputFormat::Jsonl);
    assert_eq!(docs.len(), 201);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, 201);
}

#[test]
fn extremely_long_lines() {
    let long = "word ".repeat(4_000_000); // 20 MB on one line
    let text = format!(" date 2022-01-01 {long}\n\n date 2022-01-02 short\n");
    let (docs, errs) = read("long.txt", text.as_bytes(), InputFormat::Text);
    assert!(errs.is_empty());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text.len(), long.len() - 1);
    let jsonl = format!("{{\"text\":\"{long}\"}}\n{{\"text\":\"{long}\n{{\"text\":\"short\"}}\n");
    let (docs, errs) = read("long.jsonl", jsonl.as_bytes(), InputFormat::Jsonl);
    assert_eq!(docs.len(), 2);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, 2);
}

#[test]
fn forced_format_and_extension_rules() {
    let t = TempDir::new("force");
    let j = t.write("a.data", br#"{"id":"q","text":"from a .data file"}"#);
    let x = t.write("b.json", b" date 2020-01-01 text in a .json file");
    let (docs, errs) = split(read_paths(
        std::slice::from_ref(&j),
        &ReaderOptions::default(),
    ));
    assert_eq!((docs.len(), errs.len()), (0, 1), "read as text by default");
    let jsonl = ReaderOptions {
        format: Some(InputFormat::Jsonl),
        ..Default::default()
    };
    let (docs, _) = split(read_paths(&[j], &jsonl));
    assert_eq!(docs[0].id, "q");
    let text = ReaderOptions {
        format: Some(InputFormat::Text),
        ..Default::default()
    };
    let (docs, _) = split(read_paths(&[x], &text));
    assert_eq!(docs[0].id, "b");
}

#[test]
fn stream_is_lazy() {
    // An endless source: the reader yields articles as they come.
    let article = b" date 2022-01-01\nSome text.\n\n".to_vec();
    let source = std::io::BufReader::new(Cycle {
        bytes: article,
        pos: 0,
    });
    let docs: Vec<_> = read_stream(
        "endless.txt",
        source,
        InputFormat::Text,
        &ReaderOptions::default(),
    )
    .take(1000)
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(docs.len(), 1000);
    assert_eq!(docs[999].id, "endless#1000");
}

struct Cycle {
    bytes: Vec<u8>,
    pos: usize,
}

impl std::io::Read for Cycle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.bytes.len() - self.pos);
        buf[..n].copy_from_slice(&self.bytes[self.pos..self.pos + n]);
        self.pos = (self.pos + n) % self.bytes.len();
        Ok(n)
    }
}

#[test]
fn failing_reader_gives_one_error() {
    struct Fails(usize);
    impl std::io::Read for Fails {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk on fire"));
            }
            let src = b" date 2022-01-01 a\n\n date 2022-01-02 b\n\n";
            let n = buf.len().min(src.len()).min(self.0);
            buf[..n].copy_from_slice(&src[..n]);
            self.0 -= n;
            Ok(n)
        }
    }
    let (docs, errs) = split(read_stream(
        "f.txt",
        std::io::BufReader::new(Fails(40)),
        InputFormat::Text,
        &ReaderOptions::default(),
    ));
    assert_eq!(docs.len(), 1, "the complete first article");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, 5);
    assert_eq!(errs[0].reason, "read error: disk on fire");
}

#[test]
fn shared_news_sets() {
    let Some(dir) = shared(NEWS) else { return };
    let (docs, errs) = split(read_paths(
        &[dir.join("tempeval3.jsonl")],
        &ReaderOptions::default(),
    ));
    assert!(errs.is_empty(), "{:?}", &errs[..errs.len().min(5)]);
    assert_eq!(docs.len(), 2724);
    assert!(docs
        .iter()
        .all(|d| d.date.is_some() && d.extra["source"] == json!("tempeval3")));
    let ids: std::collections::HashSet<_> = docs.iter().map(|d| &d.id).collect();
    assert_eq!(ids.len(), 2724);
    let bbc = dir.join("bbc.jsonl");
    if bbc.exists() {
        let (docs, errs) = split(read_paths(&[bbc], &ReaderOptions::default()));
        assert!(errs.is_empty());
        assert_eq!(docs.len(), 2225);
        assert!(docs.iter().all(|d| d.date.is_none()));
    }
}

#[test]
fn errors_display_as_path_line_reason() {
    let e = dyad_text::reader::ReadError {
        path: "a/b.txt".into(),
        line: 7,
        reason: "bad date".into(),
    };
    assert_eq!(e.to_string(), "a/b.txt:7: bad date");
    let o = ReaderOptions::default();
    assert_eq!(
        (
            o.format,
            o.id_field.as_str(),
            o.date_field.as_str(),
            o.text_field.as_str(),
            o.title_field.as_str()
        ),
        (None, "id", "date", "text", "title")
    );
}
