//! Behaviour of the committed parser model (`data/models/parser.bin`): accuracy on EWT test,
//! well-formed trees on every input, and the analyses of a few political news sentences.

use dyad_nlp::parser::{evaluate, Parser};
use dyad_nlp::tagger::Tagger;
use dyad_text::conllu::read_file;
use dyad_text::Token;
use std::path::Path;

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/parser.bin");
const TAGGER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/tagger.bin");
const EWT_TEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/ud/en_ewt-ud-test.conllu"
);

fn parser() -> Parser {
    Parser::load(Path::new(MODEL)).expect("committed parser model loads")
}

/// Exactly one root, every head in range, no cycles.
fn assert_tree(tokens: &[Token]) {
    let n = tokens.len();
    let heads: Vec<usize> = tokens
        .iter()
        .map(|t| t.head.expect("every token gets a head"))
        .collect();
    assert!(tokens
        .iter()
        .all(|t| t.deprel.as_deref().is_some_and(|d| !d.is_empty())));
    assert_eq!(
        heads.iter().filter(|&&h| h == 0).count(),
        1,
        "exactly one root: {heads:?}"
    );
    for (i, &h) in heads.iter().enumerate() {
        assert!(h <= n, "head {h} out of range");
        assert_ne!(h, i + 1, "self loop");
        let root_word = tokens.iter().position(|t| t.head == Some(0)).unwrap();
        assert_eq!(tokens[root_word].deprel.as_deref(), Some("root"));
        let (mut k, mut steps) = (i + 1, 0);
        while k != 0 {
            k = heads[k - 1];
            steps += 1;
            assert!(steps <= n, "cycle through word {}", i + 1);
        }
    }
}

#[test]
fn ewt_test_attachment_scores_with_gold_tags() {
    if !Path::new(EWT_TEST).exists() {
        eprintln!("SKIP: {EWT_TEST} absent");
        return;
    }
    let gold = read_file(Path::new(EWT_TEST)).unwrap();
    let scores = evaluate(&parser(), &gold);
    eprintln!(
        "EWT test, gold tags: UAS {:.2} LAS {:.2} (full labels {:.2})",
        scores.uas, scores.las, scores.las_full
    );
    assert!(scores.words > 20_000);
    assert!(scores.uas >= 87.0, "UAS {:.2}", scores.uas);
    assert!(scores.las >= 84.0, "LAS {:.2}", scores.las);
    assert!(scores.las_full <= scores.las && scores.las <= scores.uas);
}

#[test]
fn ewt_test_attachment_scores_with_predicted_tags() {
    if !Path::new(EWT_TEST).exists() || !Path::new(TAGGER).exists() {
        eprintln!("SKIP: {EWT_TEST} or {TAGGER} absent");
        return;
    }
    let gold = read_file(Path::new(EWT_TEST)).unwrap();
    let tagger = Tagger::load(Path::new(TAGGER)).unwrap();
    let pred = dyad_nlp::parser::retag(&tagger, &gold);
    let beam = evaluate(&parser(), &pred);
    let greedy = evaluate(&parser().with_beam(1, 30.0, 2.0), &pred);
    eprintln!(
        "EWT test, predicted tags: beam UAS {:.2} LAS {:.2}, greedy UAS {:.2} LAS {:.2}",
        beam.uas, beam.las, greedy.uas, greedy.las
    );
    assert!(beam.uas >= 87.0, "UAS {:.2}", beam.uas);
    assert!(beam.las >= 84.0, "LAS {:.2}", beam.las);
    assert!(beam.uas > greedy.uas && beam.las > greedy.las);
}

#[test]
fn every_ewt_test_sentence_gets_a_tree() {
    if !Path::new(EWT_TEST).exists() {
        eprintln!("SKIP: {EWT_TEST} absent");
        return;
    }
    let p = parser();
    for s in read_file(Path::new(EWT_TEST)).unwrap() {
        let mut tokens = s.to_tokens();
        for (t, w) in tokens.iter_mut().zip(&s.words) {
            t.upos = Some(w.upos.clone());
            t.xpos = Some(w.xpos.clone());
        }
        p.parse(&mut tokens);
        assert_tree(&tokens);
    }
}

#[test]
fn random_token_sequences_get_trees() {
    let p = parser();
    let words = [
        "the",
        "of",
        ",",
        "Iran",
        "said",
        "talks",
        "(",
        "will",
        "not",
        "7",
        "and",
        ".",
        "who",
        "Ωμέγα",
        "",
    ];
    let tags = [
        ("DT", "DET"),
        ("IN", "ADP"),
        (",", "PUNCT"),
        ("NNP", "PROPN"),
        ("VBD", "VERB"),
        ("NNS", "NOUN"),
        ("-LRB-", "PUNCT"),
        ("MD", "AUX"),
        ("RB", "PART"),
        ("CD", "NUM"),
        ("CC", "CCONJ"),
        (".", "PUNCT"),
        ("WP", "PRON"),
        ("XX", "X"),
        ("", ""),
    ];
    let mut seed = 12345u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2000 {
        let n = 1 + (next() % 60) as usize;
        let mut tokens: Vec<Token> = (0..n)
            .map(|i| {
                let mut t = Token::new(words[(next() % words.len() as u64) as usize], i, i + 1);
                let (x, u) = tags[(next() % tags.len() as u64) as usize];
                // Some tokens come untagged: the parser must cope.
                if next() % 10 != 0 {
                    t.xpos = Some(x.into());
                    t.upos = Some(u.into());
                }
                t
            })
            .collect();
        p.parse(&mut tokens);
        assert_tree(&tokens);
    }
    let mut empty: Vec<Token> = Vec::new();
    p.parse(&mut empty);
}

#[test]
fn any_beam_setting_gives_trees() {
    let base = parser();
    let forms = ["Iran", "said", "the", "talks", "will", "not", "resume", "."];
    let tags = [
        ("NNP", "PROPN"),
        ("VBD", "VERB"),
        ("DT", "DET"),
        ("NNS", "NOUN"),
        ("MD", "AUX"),
        ("RB", "PART"),
        ("VB", "VERB"),
        (".", "PUNCT"),
    ];
    for (k, t, m) in [
        (1, 30.0, 2.0),
        (2, 1.0, 0.0),
        (8, 1000.0, f32::INFINITY),
        (64, f32::NAN, -1.0),
        (0, 0.0, f32::NAN),
    ] {
        let p = base.clone().with_beam(k, t, m);
        for n in 1..=forms.len() {
            let mut tokens: Vec<Token> = (0..n)
                .map(|i| {
                    let mut tok = Token::new(forms[i], i, i + 1);
                    tok.xpos = Some(tags[i].0.into());
                    tok.upos = Some(tags[i].1.into());
                    tok
                })
                .collect();
            p.parse(&mut tokens);
            assert_tree(&tokens);
        }
    }
}

/// Tokenize (dyad's tokenizer), tag (committed tagger) and parse one sentence, or `None` (with
/// a message) when the tagger model is absent.
fn analyse(text: &str) -> Option<Vec<Token>> {
    let tagger = match Tagger::load(Path::new(TAGGER)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("SKIP: no committed tagger ({e})");
            return None;
        }
    };
    let mut sentences = dyad_text::segment(text);
    assert_eq!(sentences.len(), 1, "one sentence expected in {text:?}");
    let mut tokens = sentences.remove(0).tokens;
    tagger.tag(&mut tokens);
    parser().parse(&mut tokens);
    assert_tree(&tokens);
    Some(tokens)
}

/// (head form, deprel) of the word `form`.
fn arc<'a>(tokens: &'a [Token], form: &str) -> (&'a str, &'a str) {
    let t = tokens
        .iter()
        .find(|t| t.form == form)
        .unwrap_or_else(|| panic!("no word {form}"));
    let head = match t.head {
        Some(0) | None => "ROOT",
        Some(h) => tokens[h - 1].form.as_str(),
    };
    (head, t.deprel.as_deref().unwrap_or(""))
}

fn show(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| {
            format!(
                "{}/{}<-{}:{}",
                t.form,
                t.upos.as_deref().unwrap_or("?"),
                t.head.unwrap_or(99),
                t.deprel.as_deref().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The head of the name a word belongs to. UD English (EWT) heads a multiword name with its
/// first word and hangs the rest on it as `flat` ("Ebrahim <-flat- Raisi"), and a title such as
/// "President" is `nmod:desc` of the name, so "Raisi is obl of conferred" means: the head of
/// the name "Ebrahim Raisi" is obl of conferred.
fn name_head(tokens: &[Token], form: &str) -> usize {
    let mut i = tokens
        .iter()
        .position(|t| t.form == form)
        .unwrap_or_else(|| panic!("no word {form}"));
    while tokens[i].deprel.as_deref() == Some("flat") {
        match tokens[i].head {
            Some(h) if h > 0 => i = h - 1,
            _ => break,
        }
    }
    i
}

#[test]
fn putin_confers_with_raisi_and_erdogan() {
    let text = "Putin conferred with Iranian President Ebrahim Raisi and Turkish President Recep Tayyip Erdogan on the conflict in Syria.";
    let Some(t) = analyse(text) else { return };
    let why = show(&t);
    let conferred = t.iter().position(|x| x.form == "conferred").unwrap();
    assert_eq!(t[conferred].head, Some(0), "{why}");
    assert_eq!(t[conferred].upos.as_deref(), Some("VERB"), "{why}");
    assert_eq!(arc(&t, "Putin"), ("conferred", "nsubj"), "{why}");
    let raisi = name_head(&t, "Raisi");
    assert_eq!(
        t[raisi].head,
        Some(conferred + 1),
        "Raisi's name attaches to conferred: {why}"
    );
    assert_eq!(t[raisi].deprel.as_deref(), Some("obl"), "{why}");
    let with = t.iter().position(|x| x.form == "with").unwrap();
    assert_eq!(
        (t[with].head, t[with].deprel.as_deref()),
        (Some(raisi + 1), Some("case")),
        "{why}"
    );
    let erdogan = name_head(&t, "Erdogan");
    assert_eq!(
        t[erdogan].head,
        Some(raisi + 1),
        "Erdogan's name is a conjunct of Raisi's: {why}"
    );
    assert_eq!(t[erdogan].deprel.as_deref(), Some("conj"), "{why}");
}

#[test]
fn un_condemns_attack_on_embassy() {
    let Some(t) = analyse("The United Nations condemned the attack on the embassy in Kabul.")
    else {
        return;
    };
    let why = show(&t);
    assert_eq!(arc(&t, "condemned"), ("ROOT", "root"), "{why}");
    assert_eq!(arc(&t, "Nations"), ("condemned", "nsubj"), "{why}");
    assert_eq!(arc(&t, "attack"), ("condemned", "obj"), "{why}");
    assert_eq!(arc(&t, "embassy"), ("attack", "nmod"), "{why}");
    assert_eq!(arc(&t, "on"), ("embassy", "case"), "{why}");
    assert_eq!(arc(&t, "."), ("condemned", "punct"), "{why}");
}

#[test]
fn passive_with_agent() {
    let Some(t) = analyse("Two soldiers were killed by rebels near the border on Sunday.") else {
        return;
    };
    let why = show(&t);
    assert_eq!(arc(&t, "killed"), ("ROOT", "root"), "{why}");
    assert_eq!(arc(&t, "soldiers"), ("killed", "nsubj:pass"), "{why}");
    assert_eq!(arc(&t, "were"), ("killed", "aux:pass"), "{why}");
    assert_eq!(arc(&t, "rebels"), ("killed", "obl:agent"), "{why}");
    assert_eq!(arc(&t, "Two"), ("soldiers", "nummod"), "{why}");
}

#[test]
fn accusation_with_gerund_clause() {
    let Some(t) = analyse("The government accused the rebels of attacking a convoy of aid trucks.")
    else {
        return;
    };
    let why = show(&t);
    assert_eq!(arc(&t, "accused"), ("ROOT", "root"), "{why}");
    assert_eq!(arc(&t, "government"), ("accused", "nsubj"), "{why}");
    assert_eq!(arc(&t, "rebels"), ("accused", "obj"), "{why}");
    assert_eq!(arc(&t, "attacking"), ("accused", "advcl"), "{why}");
    assert_eq!(arc(&t, "convoy"), ("attacking", "obj"), "{why}");
    assert_eq!(arc(&t, "trucks"), ("convoy", "nmod"), "{why}");
}

#[test]
fn coordinated_subject_and_reported_speech() {
    let Some(t) = analyse("Israel and Hamas agreed to extend the truce for two days, Qatar said.")
    else {
        return;
    };
    let why = show(&t);
    // UD English: the reported clause is the root, "said" its parataxis.
    assert_eq!(arc(&t, "agreed"), ("ROOT", "root"), "{why}");
    assert_eq!(arc(&t, "Israel"), ("agreed", "nsubj"), "{why}");
    assert_eq!(arc(&t, "Hamas"), ("Israel", "conj"), "{why}");
    assert_eq!(arc(&t, "extend"), ("agreed", "xcomp"), "{why}");
    assert_eq!(arc(&t, "truce"), ("extend", "obj"), "{why}");
    assert_eq!(arc(&t, "days"), ("extend", "obl"), "{why}");
    assert_eq!(arc(&t, "said"), ("agreed", "parataxis"), "{why}");
    assert_eq!(arc(&t, "Qatar"), ("said", "nsubj"), "{why}");
}

#[test]
fn damaged_model_files_give_errors_not_panics() {
    let bytes = std::fs::read(MODEL).unwrap();
    let dir = std::env::temp_dir().join(format!("dyad-parser-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    // Truncated at several points of the payload, and the payload replaced by garbage.
    for cut in [nl + 1, nl + 5, nl + 1000, bytes.len() / 2, bytes.len() - 3] {
        let path = dir.join("cut.bin");
        std::fs::write(&path, &bytes[..cut]).unwrap();
        assert!(
            Parser::load(&path).is_err(),
            "truncated at {cut} must not load"
        );
    }
    let mut garbage = bytes[..=nl].to_vec();
    garbage.extend((0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    let path = dir.join("garbage.bin");
    std::fs::write(&path, &garbage).unwrap();
    assert!(Parser::load(&path).is_err());
    // A tagger model is not a parser model.
    if Path::new(TAGGER).exists() {
        assert!(Parser::load(Path::new(TAGGER)).is_err());
    }
    assert!(Parser::load(&dir.join("missing.bin")).is_err());
    std::fs::remove_dir_all(&dir).ok();
}
