//! Fuzz `dyad_text::segment` and `dyad_text::tokenize` with arbitrary UTF-8: they must never
//! panic, and every offset must slice the input on char boundaries, in order, losslessly
//! modulo whitespace.
//!
//!   cargo +nightly fuzz run tokenize      # from /work/main/fuzz (or RUSTC_BOOTSTRAP=1)

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut prev_end = 0;
    let mut concat = String::with_capacity(text.len());
    for s in dyad_text::segment(text) {
        assert!(s.start >= prev_end && s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let mut tok_end = s.start;
        for t in &s.tokens {
            assert!(t.start >= tok_end && t.start < t.end && t.end <= s.end);
            assert_eq!(text.get(t.start..t.end), Some(t.form.as_str()));
            tok_end = t.end;
            concat.push_str(&t.form);
        }
        for m in &s.multiwords {
            assert!(m.first < m.last && m.last < s.tokens.len());
        }
        prev_end = s.end;
    }
    let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(concat, expected);

    // The span tokenizer agrees on offsets for an arbitrary (clamped) span.
    let mid = text.len() / 2;
    let (tokens, mwts) = dyad_text::tokenize(text, mid, text.len());
    for t in &tokens {
        assert_eq!(text.get(t.start..t.end), Some(t.form.as_str()));
    }
    for m in &mwts {
        assert!(m.first < m.last && m.last < tokens.len());
    }
});
