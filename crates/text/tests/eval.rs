//! Segmentation scoring: a hand-made treebank with known answers, and the regression gate on
//! UD English EWT test (skipped when the treebank is not present).

use std::path::Path;

use dyad_text::conllu::ConlluReader;
use dyad_text::eval::{evaluate, evaluate_file, raw_text};
use dyad_text::segment;

const TINY: &str = "# newdoc id = d1\n# newpar id = p1\n# text = It isn't here.\n1\tIt\tit\tPRON\t_\t_\t0\troot\t_\t_\n2-3\tisn't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tis\t_\t_\t_\t_\t0\troot\t_\t_\n3\tn't\t_\t_\t_\t_\t0\troot\t_\t_\n4\there\t_\t_\t_\t_\t0\troot\t_\t_\n5\t.\t_\t_\t_\t_\t0\troot\t_\t_\n\n# text = Go now.\n1\tGo\t_\t_\t_\t_\t0\troot\t_\t_\n2\tnow\t_\t_\t_\t_\t0\troot\t_\t_\n3\t.\t_\t_\t_\t_\t0\troot\t_\t_\n\n# newpar id = p2\n# text = New part\n1\tNew\t_\t_\t_\t_\t0\troot\t_\t_\n2\tpart\t_\t_\t_\t_\t0\troot\t_\t_\n\n";

#[test]
fn raw_text_joins_sentences_and_paragraphs() {
    let gold: Vec<_> = ConlluReader::new(TINY.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        raw_text(&gold).unwrap(),
        "It isn't here. Go now.\n\nNew part"
    );
}

#[test]
fn perfect_segmentation_scores_100() {
    let gold: Vec<_> = ConlluReader::new(TINY.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let text = raw_text(&gold).unwrap();
    let s = evaluate(&gold, &text, &segment(&text)).unwrap();
    assert_eq!(
        (s.tokens.gold, s.tokens.system, s.tokens.correct),
        (9, 9, 9)
    );
    assert_eq!(
        (s.words.gold, s.words.system, s.words.correct),
        (10, 10, 10)
    );
    assert_eq!((s.sentences.gold, s.sentences.correct), (3, 3));
    assert_eq!(s.sentences.f1(), 1.0);
}

#[test]
fn errors_are_counted() {
    let gold: Vec<_> = ConlluReader::new(TINY.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let text = raw_text(&gold).unwrap();
    // A system that sees one sentence per paragraph and does not split "isn't".
    let mut sys = segment(&text);
    let second = sys.remove(1);
    sys[0].end = second.end;
    sys[0].tokens.extend(second.tokens);
    sys[0].multiwords.clear();
    let s = evaluate(&gold, &text, &sys).unwrap();
    assert_eq!(
        (s.sentences.gold, s.sentences.system, s.sentences.correct),
        (3, 2, 1)
    );
    // "is"+"n't" as two plain tokens: the surface token "isn't" is missed, two extra made.
    assert_eq!(
        (s.tokens.gold, s.tokens.system, s.tokens.correct),
        (9, 10, 8)
    );
    // The words still align by form inside the multiword stretch.
    assert_eq!(
        (s.words.gold, s.words.system, s.words.correct),
        (10, 10, 10)
    );
}

#[test]
fn gold_forms_that_do_not_spell_the_text_are_an_error() {
    let gold: Vec<_> = ConlluReader::new(TINY.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let err = evaluate(&gold, "Something else entirely", &[]).unwrap_err();
    assert!(err.to_string().contains("do not spell"), "{err}");
}

const EWT_TEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/ud/en_ewt-ud-test.conllu"
);

#[test]
fn ewt_test_meets_the_targets() {
    if !Path::new(EWT_TEST).exists() {
        eprintln!("skipping: {EWT_TEST} not found");
        return;
    }
    let s = evaluate_file(Path::new(EWT_TEST)).unwrap();
    let (tok, sent) = (100.0 * s.tokens.f1(), 100.0 * s.sentences.f1());
    eprintln!(
        "EWT test: tokens F1 {tok:.2}, words F1 {:.2}, sentences F1 {sent:.2}",
        100.0 * s.words.f1()
    );
    assert!(tok >= 99.0, "token F1 {tok:.2} < 99.0");
    assert!(sent >= 85.0, "sentence F1 {sent:.2} < 85.0");
}

#[test]
fn alignment_pairs_point_at_gold_and_system_words() {
    use dyad_text::eval::align;
    let gold: Vec<_> = ConlluReader::new(TINY.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let text = raw_text(&gold).unwrap();
    let sys = segment(&text);
    let a = align(&gold, &text, &sys).unwrap();
    assert_eq!(a.pairs.len(), 10);
    for p in &a.pairs {
        let g = &gold[p.gold.0].words[p.gold.1].form;
        let s = &sys[p.system.0].tokens[p.system.1].form;
        assert_eq!(g.to_lowercase(), s.to_lowercase());
    }
    // "n't" of "isn't" is gold word 3 (index 2) of sentence 0.
    assert!(a
        .pairs
        .iter()
        .any(|p| p.gold == (0, 2) && p.system == (0, 2)));
    assert_eq!(
        a.scores,
        dyad_text::eval::evaluate(&gold, &text, &sys).unwrap()
    );
    // The table prints one row per metric.
    let table = a.scores.to_string();
    assert!(table.contains("Tokens") && table.contains("Sentences") && table.contains("100.00"));
}
