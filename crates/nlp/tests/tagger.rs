//! The committed tagger model: accuracy on UD English EWT test, tags of news sentences of our
//! own, a model-file round trip, and corrupt files failing cleanly.

use dyad_nlp::model_file::{ModelError, ModelHeader};
use dyad_nlp::tagger::{evaluate, Tagger};
use dyad_text::Token;
use std::path::{Path, PathBuf};

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/tagger.bin");
const EWT_TEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/ud/en_ewt-ud-test.conllu"
);

fn model() -> Tagger {
    Tagger::load(Path::new(MODEL)).expect("committed tagger model loads")
}

/// Tag a whitespace-separated sentence, returning (form, UPOS, XPOS, FEATS).
fn tag(t: &Tagger, sentence: &str) -> Vec<(String, String, String, String)> {
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
    tokens
        .into_iter()
        .map(|k| {
            (
                k.form,
                k.upos.unwrap_or_default(),
                k.xpos.unwrap_or_default(),
                k.feats.unwrap_or_default(),
            )
        })
        .collect()
}

fn find<'a>(
    tagged: &'a [(String, String, String, String)],
    form: &str,
) -> &'a (String, String, String, String) {
    tagged.iter().find(|t| t.0 == form).unwrap()
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
    let s = evaluate(&model(), &gold);
    eprintln!(
        "EWT test: UPOS {:.2} XPOS {:.2} UFeats {:.2}",
        s.upos, s.xpos, s.ufeats
    );
    assert!(s.words > 25_000);
    assert!(s.upos >= 95.5, "UPOS {:.2} below 95.5", s.upos);
    assert!(s.xpos >= 94.5, "XPOS {:.2}", s.xpos);
    assert!(s.ufeats >= 95.0, "UFeats {:.2}", s.ufeats);
}

#[test]
fn tags_news_sentences() {
    let t = model();
    let s = tag(
        &t,
        "Putin conferred with the Iranian president on Tuesday .",
    );
    let w = find(&s, "conferred");
    assert_eq!((w.1.as_str(), w.2.as_str()), ("VERB", "VBD"), "{s:?}");
    assert!(w.3.contains("Tense=Past"), "{s:?}");
    assert_eq!(find(&s, "Putin").1, "PROPN");
    assert_eq!(find(&s, "the").2, "DT");
    assert_eq!(find(&s, "president").2, "NN");

    let s = tag(
        &t,
        "The sanctions were imposed by the European Union in 2014 .",
    );
    let w = find(&s, "imposed");
    assert_eq!((w.1.as_str(), w.2.as_str()), ("VERB", "VBN"), "{s:?}");
    assert!(w.3.contains("Voice=Pass"), "{s:?}");
    assert_eq!(find(&s, "were").1, "AUX");
    assert_eq!(find(&s, "sanctions").3, "Number=Plur");
    assert_eq!(find(&s, "2014").1, "NUM");

    let s = tag(
        &t,
        "Protesters urged the government to release the journalists .",
    );
    assert_eq!(find(&s, "urged").2, "VBD", "{s:?}");
    assert_eq!(find(&s, "to").1, "PART", "{s:?}");
    assert_eq!(find(&s, "release").2, "VB", "{s:?}");

    let s = tag(&t, "The minister has n't visited Kabul since the talks .");
    assert_eq!(find(&s, "has").1, "AUX", "{s:?}");
    assert_eq!(find(&s, "n't").1, "PART", "{s:?}");
    assert_eq!(find(&s, "visited").2, "VBN", "{s:?}");
    assert_eq!(find(&s, "Kabul").1, "PROPN", "{s:?}");
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    let t = model();
    t.tag(&mut []);
    assert!(t.tag_forms(&[]).is_empty());
    let odd = [
        "",
        " ",
        "\u{200b}",
        "日本",
        "x".repeat(500).leak(),
        "-",
        "'''",
    ];
    assert_eq!(t.tag_forms(&odd).len(), odd.len());
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("dyad-tagger-test-{}-{name}", std::process::id()))
}

#[test]
fn model_file_round_trip() {
    let t = model();
    let path = temp_path("round-trip.bin");
    let mut header = ModelHeader::new("tagger", 1);
    header.command = "test".into();
    t.save(&path, header).unwrap();
    let t2 = Tagger::load(&path).unwrap();
    let forms = [
        "Iran", "hailed", "the", "grain", "deal", "signed", "in", "Istanbul", ".",
    ];
    assert_eq!(t.tag_forms(&forms), t2.tag_forms(&forms));
    std::fs::remove_file(&path).ok();
}

#[test]
fn corrupt_model_files_are_errors() {
    let bytes = std::fs::read(MODEL).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    let path = temp_path("corrupt.bin");
    // Truncated payloads, at several places.
    for cut in [nl + 1, nl + 9, nl + 1000, bytes.len() / 2, bytes.len() - 3] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        assert!(Tagger::load(&path).is_err(), "truncated at {cut} must fail");
    }
    // Garbage payload after a valid header.
    let mut garbage = bytes[..=nl].to_vec();
    garbage.extend((0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&path, &garbage).unwrap();
    assert!(Tagger::load(&path).is_err());
    // Not a model at all.
    std::fs::write(&path, b"hello\nworld").unwrap();
    assert!(matches!(
        Tagger::load(&path),
        Err(ModelError::Format { .. })
    ));
    std::fs::remove_file(&path).ok();
    // A model of another kind.
    let lem = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/models/lemmatizer.bin"
    );
    if Path::new(lem).exists() {
        assert!(matches!(
            Tagger::load(Path::new(lem)),
            Err(ModelError::Kind { .. })
        ));
    }
}
