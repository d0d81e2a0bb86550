//! Property tests of the article readers: arbitrary input never panics, and what comes out is
//! a trimmed slice of what went in.

mod reader_common;

use dyad_text::reader::InputFormat;
use proptest::prelude::*;
use reader_common::read;
use serde_json::json;

fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// Strings rich in what the reader reacts to: newlines, CRs, blanks, date lines, unicode.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => any::<String>(),
        2 => "[a-z ]{0,12}",
        2 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("\n\n".to_string()),
        1 => Just(" date 2021-02-03 ".to_string()),
        1 => Just("date 2021-02-30".to_string()),
        1 => Just("\u{feff}".to_string()),
        1 => Just("\u{2028}\u{a0}\t".to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn text_after_a_date_line_is_a_trimmed_substring(s in tricky_text(), same_line in any::<bool>()) {
        let head = if same_line { " date 2022-07-20 " } else { " date 2022-07-20\n" };
        let input = format!("{head}{s}");
        let (docs, errs) = read("p.txt", input.as_bytes(), InputFormat::Text);
        let norm = normalise(&input);
        for d in &docs {
            prop_assert!(!d.text.is_empty());
            prop_assert_eq!(d.text.as_str(), d.text.trim());
            prop_assert!(norm.contains(&d.text), "{:?} not in {:?}", d.text, norm);
            prop_assert!(d.origin.line >= 1);
        }
        let lines = input.split('\n').count() as u64;
        for e in &errs {
            prop_assert!(e.line >= 1 && e.line <= lines, "{}", e);
        }
        if input.as_bytes()[..input.len().min(8192)].contains(&0) {
            prop_assert!(docs.is_empty());
            prop_assert_eq!(errs.len(), 1);
        } else if !s.contains("date") {
            // One article: everything after the date, as written, trimmed.
            let want = normalise(&s);
            let want = want.trim();
            if want.is_empty() {
                prop_assert_eq!(errs.len(), 1);
                prop_assert!(docs.is_empty());
            } else {
                prop_assert!(errs.is_empty(), "{:?}", errs);
                prop_assert_eq!(docs.len(), 1);
                prop_assert_eq!(docs[0].text.as_str(), want);
                prop_assert_eq!(docs[0].date, "2022-07-20".parse().ok());
                prop_assert_eq!(docs[0].origin.line, 1);
                prop_assert_eq!(docs[0].id.as_str(), "p");
            }
        } else {
            prop_assert!(!docs.is_empty() || !errs.is_empty());
            for d in &docs {
                prop_assert!(d.id == "p" || d.id.strip_prefix("p#").is_some_and(|n| n.parse::<u32>().is_ok()));
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let lines = bytes.split(|&b| b == b'\n').count() as u64;
        for format in [InputFormat::Text, InputFormat::Jsonl] {
            let (docs, errs) = read("b", &bytes, format);
            for e in &errs {
                prop_assert!(e.line >= 1 && e.line <= lines, "{}", e);
            }
            for d in &docs {
                prop_assert!(!d.text.trim().is_empty());
            }
        }
    }

    #[test]
    fn jsonl_round_trips_any_text(text in any::<String>(), extra in any::<String>(), n in any::<i64>()) {
        let line = json!({"id": "x", "date": null, "text": text, "k": extra, "n": n}).to_string();
        let (docs, errs) = read("r.jsonl", line.as_bytes(), InputFormat::Jsonl);
        if text.trim().is_empty() {
            prop_assert_eq!(errs.len(), 1);
            prop_assert_eq!(errs[0].reason.as_str(), "empty \"text\" field");
        } else {
            prop_assert!(errs.is_empty(), "{:?}", errs);
            prop_assert_eq!(&docs[0].text, &text);
            prop_assert_eq!(&docs[0].extra["k"], &json!(extra));
            prop_assert_eq!(&docs[0].extra["n"], &json!(n));
        }
    }
}
