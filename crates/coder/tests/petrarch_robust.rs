//! The dictionary and table loaders never panic, whatever the input: every line is either
//! loaded or reported as `file:line: reason` with a line number inside the text.

use dyad_coder::petrarch::*;
use dyad_coder::{Codebook, PloverMap};
use proptest::prelude::*;

/// Lines built from the pieces dictionaries are made of, so that the generator reaches
/// the parsers' interesting branches (brackets, dates, markers) and not only junk.
fn dictionary_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("(P".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just("---".to_string()),
        Just("*".to_string()),
        Just("$".to_string()),
        Just("%".to_string()),
        Just("^".to_string()),
        Just("&".to_string()),
        Just("~".to_string()),
        Just("!".to_string()),
        Just("=".to_string()),
        Just(":".to_string()),
        Just("#".to_string()),
        Just(";".to_string()),
        Just("_".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("0x1F".to_string()),
        Just("<ISSUE CATEGORY=\"X\">".to_string()),
        Just("</ISSUE>".to_string()),
        "[0-9]{1,10}",
        "[A-Za-z]{1,8}",
        "\\PC{1,3}",
    ];
    let line = prop::collection::vec(piece, 0..12).prop_map(|p| p.concat());
    prop::collection::vec(line, 0..30).prop_map(|l| l.join("\n"))
}

fn check(errors: &[LineError], text: &str) {
    let lines = text.split('\n').count();
    for e in errors {
        assert!(e.line >= 1 && e.line <= lines, "{e} outside 1..={lines}");
        assert!(e.to_string().starts_with(&format!("f:{}: ", e.line)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parsers_never_panic(text in dictionary_text()) {
        let date = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        let a = ActorDict::parse_str(&text, "f");
        check(&a.errors, &text);
        for e in &a.entries {
            let _ = e.codes_on(date);
            prop_assert!(!e.names.is_empty());
        }
        let g = AgentDict::parse_str(&text, "f");
        check(&g.errors, &text);
        for e in &g.entries {
            let _ = g.forms(e);
        }
        let v = VerbDict::parse_str(&text, "f");
        check(&v.errors, &text);
        for b in &v.blocks {
            for f in &b.verbs {
                let _ = f.forms();
            }
        }
        for s in &v.synsets {
            let _ = v.synset_phrases(&s.label);
        }
        let d = DiscardList::parse_str(&text, "f");
        check(&d.errors, &text);
        let i = IssueDict::parse_str(&text, "f");
        check(&i.errors, &text);
        for e in &i.entries {
            let _ = e.forms();
        }
        let w = WordList::parse_str(&text, "f");
        check(&w.errors, &text);
        let p = PicoTable::parse_str(&text, "f");
        check(&p.errors, &text);
    }

    #[test]
    fn tables_never_panic(rows in prop::collection::vec("[0-9A-Za-z\\t.,; -]{0,40}", 0..20)) {
        let codes = format!("code\tname\tgoldstein\tquad_class\troot\tparent\n{}", rows.join("\n"));
        let book = Codebook::parse_str(&codes, "f").unwrap();
        check(&book.errors, &codes);
        let plover = format!("code\tevent\tmode\tcontext\n{}", rows.join("\n"));
        let map = PloverMap::parse_str(&plover, "f").unwrap();
        check(&map.errors, &plover);
    }
}
