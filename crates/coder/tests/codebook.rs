//! The shipped CAMEO codebook and PLOVER mapping (data/cameo/), and their loaders.

use dyad_coder::codebook::{quad_class_of_root, Codebook};
use dyad_coder::{Cameo, Plover, PloverMap};

const CODES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/cameo/cameo_codes.tsv"
);
const PLOVER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/cameo/cameo_plover.tsv"
);
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/cameo");

#[test]
fn all_316_codes_load_cleanly() {
    let book = Codebook::load(CODES).unwrap();
    assert!(book.errors.is_empty(), "{:?}", book.errors);
    // 20 roots + every 3- and 4-digit child of CAMEO 1.1b3.
    assert_eq!(book.len(), 316);
    assert_eq!(book.iter().filter(|c| c.code.len() == 2).count(), 20);
}

#[test]
fn consult_040() {
    let book = Codebook::load(CODES).unwrap();
    let c = book.get("040").unwrap();
    assert_eq!(c.goldstein, 1.0);
    assert_eq!(c.quad_class, 1);
    assert_eq!(c.root, "04");
    assert_eq!(c.parent.as_deref(), Some("04"));
    assert_eq!(
        book.cameo("040"),
        Some(Cameo {
            code: "040".into(),
            name: "Consult, not specified below".into(),
            goldstein: 1.0,
            quad_class: 1
        })
    );
    assert!(book.get("999").is_none());
    assert!(book.cameo("40").is_none());
}

#[test]
fn names_are_sentence_case_and_parents_exist() {
    let book = Codebook::load(CODES).unwrap();
    assert_eq!(book.get("01").unwrap().name, "Make public statement");
    assert_eq!(
        book.get("20").unwrap().name,
        "Use unconventional mass violence"
    );
    assert_eq!(book.get("1385").unwrap().name, "Threaten attack with WMD");
    assert_eq!(
        book.get("044").unwrap().name,
        "Meet at a \"third\" location"
    );
    for c in book.iter() {
        let first = c.name.chars().next().unwrap();
        assert!(first.is_uppercase(), "{}: {}", c.code, c.name);
        assert!(c.name.chars().any(|ch| ch.is_lowercase()), "{}", c.code);
        if let Some(p) = &c.parent {
            assert!(book.get(p).is_some(), "{} has unknown parent {p}", c.code);
        }
    }
}

#[test]
fn every_quad_matches_its_root() {
    let book = Codebook::load(CODES).unwrap();
    for c in book.iter() {
        assert_eq!(
            Some(c.quad_class),
            quad_class_of_root(&c.root),
            "{}",
            c.code
        );
        assert_eq!(c.quad_class, book.get(&c.root).unwrap().quad_class);
    }
    assert_eq!(book.get("0874").unwrap().quad_class, 2);
    assert_eq!(book.get("130").unwrap().quad_class, 3);
    assert_eq!(book.get("160").unwrap().quad_class, 4);
}

#[test]
fn goldstein_is_gdelt_with_five_inherited() {
    let book = Codebook::load(CODES).unwrap();
    // Where GDELT and Phoenix disagree, we ship GDELT.
    assert_eq!(book.get("016").unwrap().goldstein, -2.0);
    assert_eq!(book.get("163").unwrap().goldstein, -8.0);
    assert_eq!(book.get("20").unwrap().goldstein, -10.0);
    let inherited: Vec<&str> = book
        .iter()
        .filter(|c| c.goldstein_note.is_some())
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(inherited, ["155", "176", "1834", "1951", "1952"]);
    assert_eq!(
        book.get("155").unwrap().goldstein,
        book.get("15").unwrap().goldstein
    );
}

#[test]
fn bad_lines_are_reported_and_the_rest_loads() {
    let text = "# comment\n\
code\tname\tgoldstein\tquad_class\troot\tparent\tgoldstein_note\n\
040\tConsult, not specified below\t1.0\t1\t04\t04\t\n\
041\tDiscuss by telephone\tone\t1\t04\t04\t\n\
042\tMake a visit\t1.9\t4\t04\t04\t\n\
2X\tBad\t0.0\t1\t2X\t\t\n\
043\tHost a visit\t2.8\t1\t04\t04\t\n\
043\tHost a visit again\t2.8\t1\t04\t04\t\n\
044\tToo few\n";
    let book = Codebook::parse_str(text, "mem.tsv").unwrap();
    assert_eq!(book.len(), 2);
    assert!(book.get("043").is_some());
    let msgs: Vec<String> = book.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(msgs.len(), 5, "{msgs:?}");
    assert!(
        msgs[0].starts_with("mem.tsv:4: code 041: goldstein"),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].starts_with("mem.tsv:5: code 042: quad_class 4"),
        "{}",
        msgs[1]
    );
    assert!(msgs[2].starts_with("mem.tsv:6: `2X`"), "{}", msgs[2]);
    assert_eq!(msgs[3], "mem.tsv:8: duplicate code 043");
    assert!(
        msgs[4].starts_with("mem.tsv:9: expected at least 6"),
        "{}",
        msgs[4]
    );
    // A file without the header is refused as a whole.
    assert!(Codebook::parse_str("040\tx\t1.0\t1\t04\t04\n", "h.tsv").is_err());
    assert!(Codebook::load("/nonexistent/cameo_codes.tsv").is_err());
}

#[test]
fn shipped_codebook_is_up_to_date() {
    let src = format!("{SHARED}/codebook/cameo_codebook.tsv");
    let Ok(table) = std::fs::read_to_string(&src) else {
        eprintln!("SKIP: {src} not found (shared reference data absent)");
        return;
    };
    let built = dyad_coder::codebook::build_codebook_tsv(
        &table,
        "shared/cameo/codebook/cameo_codebook.tsv",
    )
    .unwrap();
    assert_eq!(
        built,
        std::fs::read_to_string(CODES).unwrap(),
        "rerun the build_codebook example"
    );
}

fn p(event: &str, mode: Option<&str>, context: &[&str]) -> Plover {
    Plover {
        event_type: event.into(),
        mode: mode.map(str::to_string),
        context: context.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn plover_mapping() {
    let map = PloverMap::load(PLOVER).unwrap();
    assert!(map.errors.is_empty(), "{:?}", map.errors);
    // 316 codes - 39 in roots 01/02 - the bare root 08, + 1213 and 1214 from the table.
    assert_eq!(map.len(), 278);
    assert_eq!(map.plover_for("040"), Some(p("CONSULT", None, &[])));
    assert_eq!(
        map.plover_for("042"),
        Some(p("CONSULT", Some("visit"), &[]))
    );
    assert_eq!(
        map.plover_for("1124"),
        Some(p("ACCUSE", Some("allege"), &["military", "legal"]))
    );
    assert_eq!(
        map.plover_for("163"),
        Some(p("COERCE", Some("restrict"), &["diplomatic"]))
    );
    assert_eq!(
        map.plover_for("175"),
        Some(p("ASSAULT", None, &["pro_autocracy", "military"]))
    );
    assert_eq!(
        map.plover_for("0841"),
        Some(p("RETREAT", Some("release"), &["legal"]))
    );
    assert_eq!(map.plover_for("081").unwrap().event_type, "CONCEDE");
    assert_eq!(map.plover_for("1213").unwrap().event_type, "REJECT");
    // Dropped or undecidable.
    assert_eq!(map.plover_for("010"), None);
    assert_eq!(map.plover_for("0211"), None);
    assert_eq!(map.plover_for("08"), None);
    // Inherited: GDELT-less 1.1b3 codes missing from the table.
    let r = map.row("1951").unwrap();
    assert_eq!(r.source, "inherited from 195");
    assert_eq!(r.plover, p("ASSAULT", Some("heavy-weapons"), &["military"]));
    assert_eq!(map.plover_for("155"), Some(p("MOBILIZE", None, &[])));
    // Every mapped codebook code's event is one of the 16 types.
    let book = Codebook::load(CODES).unwrap();
    for c in book.iter() {
        if let Some(pl) = map.plover_for(&c.code) {
            assert!(dyad_coder::plover::PLOVER_EVENT_TYPES.contains(&pl.event_type.as_str()));
        } else {
            assert!(
                ["01", "02", "08"].contains(&c.code.as_str())
                    || ["01", "02"].contains(&c.root.as_str()),
                "{}",
                c.code
            );
        }
    }
}

#[test]
fn plover_bad_rows() {
    let text = "code\tevent\tmode\tcontext\tsource\n\
040\tCONSULT\t\t\ttable\n\
041\tTALK\t\t\ttable\n\
99\tCONSULT\t\t\ttable\n\
042\tCONSULT\tvisit\ta; b\ttable\n";
    let map = PloverMap::parse_str(text, "p.tsv").unwrap();
    assert_eq!(map.len(), 2);
    assert_eq!(map.plover_for("042").unwrap().context, ["a", "b"]);
    let msgs: Vec<String> = map.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        msgs,
        [
            "p.tsv:3: code 041: `TALK` is not a PLOVER event type",
            "p.tsv:4: `99` is not a CAMEO event code"
        ]
    );
}

#[test]
fn shipped_plover_is_up_to_date() {
    let src = format!("{SHARED}/plover/CAMEO2PLOVER-2021.txt");
    let Ok(table) = std::fs::read_to_string(&src) else {
        eprintln!("SKIP: {src} not found (shared reference data absent)");
        return;
    };
    let col = |file: &str, i: usize| -> Vec<String> {
        std::fs::read_to_string(format!("{SHARED}/plover/derived/{file}"))
            .unwrap()
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').nth(i).map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    };
    let book = Codebook::load(CODES).unwrap();
    let built = dyad_coder::plover::build_plover_tsv(
        &table,
        "shared/cameo/plover/CAMEO2PLOVER-2021.txt",
        &book,
        &col("plover_modes.tsv", 1),
        &col("plover_contexts.tsv", 0),
    )
    .unwrap();
    assert_eq!(
        built,
        std::fs::read_to_string(PLOVER).unwrap(),
        "rerun the build_codebook example"
    );
    assert!(built.contains("not in the manual's mode list: assassinate, ban, cleansing, ease, massacre, political, return"));
}
