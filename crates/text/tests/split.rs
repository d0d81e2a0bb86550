//! Sentence splitting: the seed article, hand-written hard cases, and properties that must
//! hold for any input.

use dyad_text::segment;
use proptest::prelude::*;

fn sentences(text: &str) -> Vec<&str> {
    segment(text)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/examples/000_05a1120774ca292b.txt"
);

#[test]
fn seed_article() {
    let Ok(raw) = std::fs::read_to_string(SEED) else {
        eprintln!("skipping: {SEED} not found");
        return;
    };
    // The file starts with " date YYYY-MM-DD "; the article follows.
    let body = raw
        .trim_start()
        .strip_prefix("date ")
        .map(|r| &r[11..])
        .unwrap_or(&raw);
    let sents = segment(body);
    let first = &body[sents[0].start..sents[0].end];
    assert!(
        first.starts_with("Russian President Vladimir Putin"),
        "{first}"
    );
    assert!(
        first.ends_with("“independent and strong” Russia."),
        "{first}"
    );
    assert!(sents.len() > 30, "{} sentences", sents.len());

    let forms: Vec<&str> = sents
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| t.form.as_str()))
        .collect();
    let has_seq = |seq: &[&str]| forms.windows(seq.len()).any(|w| w == seq);
    assert!(has_seq(&["a", "U.N.-backed", "proposal"]));
    assert!(has_seq(&["Ankara", "has", "n't", "imposed"]));
    assert!(has_seq(&["echoed", "Putin", "'s", "own"]));
    assert!(has_seq(&["22", "million", "tons"]));
    assert!(has_seq(&["region", "...", "and"]));
    assert!(has_seq(&["Arabia", "—", "Tehran"]));

    // "hasn't" and "Putin's" are multiword tokens of two words each.
    for s in &sents {
        for m in &s.multiwords {
            assert_eq!(m.last, m.first + 1);
            let surface = &body[s.tokens[m.first].start..s.tokens[m.last].end];
            assert!(surface.contains(['\'', '’']), "{surface}");
        }
    }
    // Every sentence of the article ends with its final punctuation (or a closing quote).
    for s in &sents {
        let t = &body[s.start..s.end];
        assert!(t.ends_with(['.', '”', '?', '!']), "{t}");
    }
}

#[test]
fn abbreviation_then_sentence_opener_ends_the_sentence() {
    assert_eq!(
        sentences("Talks stalled in the U.S. The next day, envoys left."),
        ["Talks stalled in the U.S.", "The next day, envoys left."]
    );
    // ... but not before a name.
    assert_eq!(
        sentences("He met U.S. President Joe Biden."),
        ["He met U.S. President Joe Biden."]
    );
    assert_eq!(
        sentences("Shares of Acme Inc. rose. Mr. Smith said so."),
        ["Shares of Acme Inc. rose.", "Mr. Smith said so."]
    );
    assert_eq!(
        sentences("Dr. Jones and Gen. Smith met on Feb. 3 in St. Paul."),
        ["Dr. Jones and Gen. Smith met on Feb. 3 in St. Paul."]
    );
    assert_eq!(
        sentences("Ask J. R. R. Tolkien."),
        ["Ask J. R. R. Tolkien."]
    );
}

#[test]
fn closing_quotes_stay_with_their_sentence() {
    assert_eq!(
        sentences("He called it “a disaster.” Then he left."),
        ["He called it “a disaster.”", "Then he left."]
    );
    assert_eq!(
        sentences("She said: \"We will win.\" Crowds cheered."),
        ["She said: \"We will win.\"", "Crowds cheered."]
    );
    // A quoted question inside a sentence does not end it.
    assert_eq!(sentences("“Why?” he asked."), ["“Why?” he asked."]);
    assert_eq!(
        sentences("(The vote was close.) It passed."),
        ["(The vote was close.)", "It passed."]
    );
}

#[test]
fn ellipses_numbers_and_lowercase_continuations() {
    assert_eq!(
        sentences(
            "He spoke of the region ... and food. Prices rose 2.5 percent to $1,000.50 today."
        ),
        [
            "He spoke of the region ... and food.",
            "Prices rose 2.5 percent to $1,000.50 today."
        ]
    );
    assert_eq!(
        sentences("Wait… What happened?"),
        ["Wait…", "What happened?"]
    );
    assert_eq!(sentences("Really?! Yes."), ["Really?!", "Yes."]);
}

#[test]
fn paragraph_breaks_always_end_a_sentence() {
    assert_eq!(
        sentences("A headline without a period\n\nThe story begins here\n \nAnd ends"),
        [
            "A headline without a period",
            "The story begins here",
            "And ends"
        ]
    );
    // A single line break (hard-wrapped text) does not.
    assert_eq!(sentences("A wrapped\nline."), ["A wrapped\nline."]);
}

#[test]
fn empty_and_blank_input() {
    assert!(segment("").is_empty());
    assert!(segment(" \n\n\t ").is_empty());
}

/// Check every invariant of a segmentation of `text`.
fn check_invariants(text: &str) {
    let sents = segment(text);
    let mut prev_end = 0;
    let mut concat = String::new();
    for s in &sents {
        assert!(s.start < s.end, "empty sentence in {text:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start >= prev_end, "sentences overlap in {text:?}");
        assert!(!s.tokens.is_empty());
        assert_eq!(s.tokens[0].start, s.start);
        assert_eq!(s.tokens.last().map(|t| t.end), Some(s.end));
        let mut tok_end = s.start;
        for t in &s.tokens {
            assert!(t.start < t.end, "empty token in {text:?}");
            assert!(t.start >= tok_end, "tokens out of order in {text:?}");
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert_eq!(&text[t.start..t.end], t.form);
            tok_end = t.end;
            concat.push_str(&t.form);
        }
        for m in &s.multiwords {
            assert!(m.first < m.last && m.last < s.tokens.len());
            for w in m.first..m.last {
                assert_eq!(
                    s.tokens[w].end,
                    s.tokens[w + 1].start,
                    "multiword token has a gap"
                );
            }
        }
        prev_end = s.end;
    }
    let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(concat, expected, "not lossless for {text:?}");
}

#[test]
fn invariants_on_tricky_strings() {
    for t in [
        "U.N.-",
        "U.S.",
        "...",
        "'s",
        "n't",
        "a'",
        "s'",
        "$",
        "1,000,",
        "1,00",
        "10:",
        "http://",
        "www.x",
        "a@b",
        "é.É",
        "x\u{301}y's",
        ":-)",
        "''\"",
        "Mr.",
        "no. 5",
        "No.",
        "—–-",
        "\u{2028}a",
        "e-",
        "-e",
        "3-4-",
        "co-",
        "1/2/",
        "a.b.c.",
        "..x",
        "x..",
        "?!?",
        "5pm",
        "5p",
        "0bn",
        "''s",
    ] {
        check_invariants(t);
        check_invariants(&format!("{t} {t}. {t}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_hold_for_arbitrary_strings(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn tokenize_any_span_slices_the_text(text in any::<String>(), a in 0usize..200, b in 0usize..200) {
        let (tokens, mwts) = dyad_text::tokenize(&text, a, b);
        let mut prev = 0;
        for t in &tokens {
            prop_assert!(t.start >= prev && t.start < t.end);
            prop_assert_eq!(text.get(t.start..t.end), Some(t.form.as_str()));
            prev = t.end;
        }
        for m in &mwts {
            prop_assert!(m.first < m.last && m.last < tokens.len());
        }
    }

    #[test]
    fn invariants_hold_for_newsy_strings(text in "[A-Za-z0-9 .,'’\"“”!?:;$%@/&()\\-—…\n]{0,80}") {
        check_invariants(&text);
    }
}

#[test]
fn news_datelines_times_and_companies() {
    assert_eq!(
        sentences("The deal was signed on Jan. 5. The next day it collapsed."),
        [
            "The deal was signed on Jan. 5.",
            "The next day it collapsed."
        ]
    );
    assert_eq!(
        sentences("It ended at 5 p.m. The talks resume at 9 a.m. Monday."),
        ["It ended at 5 p.m.", "The talks resume at 9 a.m. Monday."]
    );
    assert_eq!(
        sentences("Apple Inc. and Google Inc. agreed, e.g. The Times said."),
        ["Apple Inc. and Google Inc. agreed, e.g. The Times said."]
    );
    assert_eq!(
        sentences("WASHINGTON (Reuters) - Sen. Jane Doe, R-Ariz., said so. She left."),
        [
            "WASHINGTON (Reuters) - Sen. Jane Doe, R-Ariz., said so.",
            "She left."
        ]
    );
}

#[test]
fn state_abbreviations_that_are_words() {
    assert_eq!(
        sentences("He works at the Belvidere, Ill. plant. She attended Mass. The end."),
        [
            "He works at the Belvidere, Ill. plant.",
            "She attended Mass.",
            "The end."
        ]
    );
}

#[test]
fn pathological_inputs_stay_linear() {
    // Long runs that could make a careless scanner quadratic; each must finish in well under
    // a second in --release.
    let n = 200_000;
    for text in [
        format!("http://x.org/{}", ")".repeat(n)),
        ".\"".repeat(n),
        "no. ".repeat(n),
        format!("a{}", "'s".repeat(n)),
        "U.".repeat(n),
        "-a".repeat(n),
        "\n \n".repeat(n),
    ] {
        let t = std::time::Instant::now();
        let sents = segment(&text);
        assert!(
            t.elapsed().as_secs_f64() < 2.0,
            "slow on {:?}...",
            &text[..20]
        );
        assert!(!sents.is_empty() || text.trim().is_empty());
    }
}
