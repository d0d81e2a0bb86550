//! The committed lemmatizer model: accuracy on UD English EWT test with predicted and gold
//! tags, verbs of news sentences of our own in context, a model-file round trip, and corrupt
//! files failing cleanly.

use dyad_nlp::lemma::{evaluate, Lemmatizer};
use dyad_nlp::model_file::{ModelError, ModelHeader};
use dyad_nlp::tagger::Tagger;
use dyad_text::Token;
use std::path::{Path, PathBuf};

const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/models/lemmatizer.bin"
);
const TAGGER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/tagger.bin");
const EWT_TEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/ud/en_ewt-ud-test.conllu"
);

fn models() -> (Tagger, Lemmatizer) {
    (
        Tagger::load(Path::new(TAGGER)).expect("committed tagger loads"),
        Lemmatizer::load(Path::new(MODEL)).expect("committed lemmatizer loads"),
    )
}

/// Tag and lemmatize a whitespace-separated sentence: (form, UPOS, XPOS, lemma).
fn analyse(sentence: &str) -> Vec<(String, String, String, String)> {
    let (t, l) = models();
    let mut pos = 0;
    let mut tokens: Vec<Token> = sentence
        .split(' ')
        .map(|w| {
            let tok = Token::new(w, pos, pos + w.len());
            pos += w.len() + 1;
            tok
        })
        .collect();
    t.tag(&mut tokens);
    l.lemmatize(&mut tokens);
    tokens
        .into_iter()
        .map(|k| {
            let u = k.upos.unwrap_or_default();
            let x = k.xpos.unwrap_or_default();
            (k.form, u, x, k.lemma.unwrap_or_default())
        })
        .collect()
}

/// Assert that `form` in `sentence` is tagged `upos` and lemmatized to `lemma`.
fn check(sentence: &str, form: &str, upos: &str, lemma: &str) {
    let a = analyse(sentence);
    let w = a.iter().find(|w| w.0 == form).unwrap();
    assert_eq!(
        (w.1.as_str(), w.3.as_str()),
        (upos, lemma),
        "{form} in {sentence:?}: {a:?}"
    );
}

#[test]
fn ewt_test_accuracy() {
    let path = Path::new(EWT_TEST);
    if !path.exists() {
        eprintln!(
            "SKIP: {} not found (UD English EWT is not in this checkout)",
            path.display()
        );
        return;
    }
    let gold = dyad_text::conllu::read_file(path).unwrap();
    let (t, l) = models();
    let pred = evaluate(&l, &gold, Some(&t));
    let with_gold = evaluate(&l, &gold, None);
    eprintln!(
        "EWT test lemma: {:.2} (predicted tags), {:.2} (gold tags)",
        pred.lemma, with_gold.lemma
    );
    assert!(pred.words > 25_000);
    assert!(
        pred.lemma >= 97.0,
        "lemma with predicted tags {:.2}",
        pred.lemma
    );
    assert!(
        with_gold.lemma >= 98.0,
        "lemma with gold tags {:.2}",
        with_gold.lemma
    );
}

#[test]
fn news_verbs_in_context() {
    check(
        "Putin conferred with the Iranian president on Tuesday .",
        "conferred",
        "VERB",
        "confer",
    );
    check(
        "The company sold its stake in the refinery last year .",
        "sold",
        "VERB",
        "sell",
    );
    check(
        "The agreement bolstered hopes of a ceasefire in the region .",
        "bolstered",
        "VERB",
        "bolster",
    );
    check(
        "The sanctions were imposed by the European Union in 2014 .",
        "imposed",
        "VERB",
        "impose",
    );
    check(
        "Erdogan hailed the grain deal as a victory for diplomacy .",
        "hailed",
        "VERB",
        "hail",
    );
    check(
        "The minister visited Kabul last week .",
        "visited",
        "VERB",
        "visit",
    );
    check(
        "Protesters urged the government to release the journalists .",
        "urged",
        "VERB",
        "urge",
    );
    check(
        "The army has withdrawn from the city .",
        "has",
        "AUX",
        "have",
    );
    check(
        "The rebels did n't accept the offer .",
        "n't",
        "PART",
        "not",
    );
    check("He 's the new foreign minister .", "'s", "AUX", "be");
    check("Iran has nuclear ambitions .", "has", "VERB", "have");
    check("The talks were held in Geneva .", "were", "AUX", "be");
    check(
        "Putin conferred with the Iranian president on Tuesday .",
        "Putin",
        "PROPN",
        "Putin",
    );
    check(
        "Two soldiers were killed in the clashes .",
        "soldiers",
        "NOUN",
        "soldier",
    );
    check(
        "The Governments of both countries signed the deal .",
        "Governments",
        "NOUN",
        "government",
    );
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("dyad-lemma-test-{}-{name}", std::process::id()))
}

#[test]
fn model_file_round_trip() {
    let (_, l) = models();
    let path = temp_path("round-trip.bin");
    l.save(&path, ModelHeader::new("lemmatizer", 1)).unwrap();
    let l2 = Lemmatizer::load(&path).unwrap();
    for (f, u, x) in [
        ("conferred", "VERB", "VBD"),
        ("mice", "NOUN", "NNS"),
        ("Kyiv", "PROPN", "NNP"),
    ] {
        assert_eq!(l.lemma(f, u, x), l2.lemma(f, u, x));
    }
    std::fs::remove_file(&path).ok();
}

#[test]
fn corrupt_model_files_are_errors() {
    let bytes = std::fs::read(MODEL).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    let path = temp_path("corrupt.bin");
    for cut in [nl + 1, nl + 5, nl + 100, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        assert!(
            Lemmatizer::load(&path).is_err(),
            "truncated at {cut} must fail"
        );
    }
    let mut garbage = bytes[..=nl].to_vec();
    garbage.extend((0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&path, &garbage).unwrap();
    assert!(Lemmatizer::load(&path).is_err());
    std::fs::write(&path, b"{}\n").unwrap();
    assert!(matches!(
        Lemmatizer::load(&path),
        Err(ModelError::Format { .. })
    ));
    std::fs::remove_file(&path).ok();
    assert!(matches!(
        Lemmatizer::load(Path::new(TAGGER)),
        Err(ModelError::Kind { .. })
    ));
}

#[test]
fn odd_words_do_not_panic() {
    let (_, l) = models();
    for f in ["", "\u{200b}", "ß", "İstanbul", "'", "日本語", "12,000"] {
        for u in ["NOUN", "VERB", "PROPN", "", "X"] {
            let _ = l.lemma(f, u, "NN");
        }
    }
    // EWT writes number lemmas without thousands separators.
    assert_eq!(l.lemma("12,000", "NUM", "CD"), "12000");
}
