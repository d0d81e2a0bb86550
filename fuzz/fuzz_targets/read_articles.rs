//! Bytes in, articles out: the text and JSONL readers (and gzip) must never panic, hang or
//! return something that is not in the input.
#![no_main]

use dyad_text::reader::{read_stream, InputFormat, ReaderOptions};
use libfuzzer_sys::fuzz_target;
use std::io::Read;

fn check(name: &str, input: impl std::io::BufRead, format: InputFormat, data: &[u8]) {
    let lines = data.split(|&b| b == b'\n').count() as u64;
    let norm = String::from_utf8_lossy(data).replace("\r\n", "\n");
    for item in read_stream(name, input, format, &ReaderOptions::default()) {
        match item {
            Ok(doc) => {
                assert!(!doc.text.trim().is_empty(), "empty text returned");
                assert!(doc.origin.line >= 1 && doc.origin.line <= lines);
                if format == InputFormat::Text {
                    assert_eq!(doc.text, doc.text.trim(), "text not trimmed");
                    assert!(norm.contains(&doc.text), "text not from the input");
                    assert!(doc.date.is_some());
                }
            }
            Err(e) => {
                assert!(
                    e.line >= 1 && e.line <= lines,
                    "error line out of range: {e}"
                );
                let shown = if name == "-" { "<stdin>" } else { name };
                assert!(e.to_string().starts_with(&format!("{shown}:{}: ", e.line)));
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check("fuzz.txt", data, InputFormat::Text, data);
    check("fuzz.jsonl", data, InputFormat::Jsonl, data);
    check("-", data, InputFormat::Text, data);
    // The same bytes as a gzip stream (mostly corrupt): errors, never a panic. Decompressed
    // size is bounded to keep a run fast; the checks above do not apply to decoded bytes.
    if data.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::read::MultiGzDecoder::new(data).take(1 << 20);
        let reader = std::io::BufReader::new(gz);
        for item in read_stream(
            "fuzz.jsonl.gz",
            reader,
            InputFormat::Jsonl,
            &ReaderOptions::default(),
        ) {
            let _ = item;
        }
    }
});
