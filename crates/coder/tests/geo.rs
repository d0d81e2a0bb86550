//! Place resolution on real sentences, against the committed gazetteer (data/geo).

use std::path::Path;
use std::sync::OnceLock;

use dyad_coder::geo::{Gazetteer, Kind, PlaceContext, PlaceSource};
use dyad_text::Token;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/geo");
const SHARED_EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/examples");
const OWN_EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load(Path::new(DATA)).unwrap())
}

/// Tokens of `text` from dyad's own tokenizer (offsets index `text`).
fn toks(text: &str) -> Vec<Token> {
    dyad_text::tokenize::tokenize(text, 0, text.len()).0
}

/// Tokens with a dependency parse assigned by hand: `(head, deprel)` per token, heads
/// 1-based and 0 for the root, as UD English would attach them.
fn parsed(text: &str, tree: &[(usize, &str)]) -> Vec<Token> {
    let mut t = toks(text);
    let forms: Vec<&str> = t.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(t.len(), tree.len(), "token count for {forms:?}");
    for (tok, (h, rel)) in t.iter_mut().zip(tree) {
        tok.head = Some(*h);
        tok.deprel = Some(rel.to_string());
    }
    t
}

fn index_of(tokens: &[Token], form: &str) -> usize {
    tokens.iter().position(|t| t.form == form).unwrap()
}

fn place(text: &str, verb: &str, countries: &[String]) -> Option<dyad_coder::Place> {
    let t = toks(text);
    let ctx = PlaceContext {
        article_countries: countries,
        ..Default::default()
    };
    gaz().resolve_place(&t, text, index_of(&t, verb), &ctx)
}

#[test]
fn committed_gazetteer_loads_cleanly() {
    let g = gaz();
    assert!(
        g.problems().is_empty(),
        "{:?}",
        &g.problems()[..g.problems().len().min(5)]
    );
    assert!(g.len() > 30_000, "{} places", g.len());
    let usa = g.country("USA").unwrap();
    assert_eq!(usa.kind, Kind::Country);
    assert_eq!(g.capital("IRN").unwrap().name, "Tehran");
    assert_eq!(g.capital("UKR").unwrap().name, "Kyiv");
    assert_eq!(g.demonym("Iranian"), Some("IRN"));
    assert_eq!(g.demonym("Turkish"), Some("TUR"));
    assert_eq!(g.demonym("North Korean"), Some("PRK"));
    // Old and new spellings, with or without diacritics, any case.
    for (name, want) in [
        ("Kiev", "Kyiv"),
        ("Teheran", "Tehran"),
        ("ISTANBUL", "Istanbul"),
        ("Bogota", "Bogotá"),
        ("Izmir", "İzmir"),
        ("Basra", "Basrah"),
    ] {
        let c = g.lookup(name);
        let e = g
            .choose(&c, &PlaceContext::default(), None)
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(e.name, want, "{name}");
    }
    for (name, iso) in [
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("America", "USA"),
        ("Britain", "GBR"),
        ("UK", "GBR"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("South Korea", "KOR"),
        ("Netherlands", "NLD"),
    ] {
        let e = g
            .choose(&g.lookup(name), &PlaceContext::default(), None)
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!((e.kind, e.country.as_str()), (Kind::Country, iso), "{name}");
    }
}

#[test]
fn in_tehran_is_the_city() {
    let p = place("Putin met Raisi in Tehran on Tuesday.", "met", &[]).unwrap();
    assert_eq!(p.name, "Tehran");
    assert_eq!(p.country.as_deref(), Some("IRN"));
    assert_eq!(p.precision, "city");
    assert!((p.lat.unwrap() - 35.69).abs() < 0.01 && (p.lon.unwrap() - 51.42).abs() < 0.01);
}

#[test]
fn in_istanbul_is_turkey() {
    let s = "Russia and Ukraine signed agreements in Istanbul on Friday that would reopen ports.";
    let p = place(s, "signed", &[]).unwrap();
    assert_eq!(
        (p.name.as_str(), p.country.as_deref()),
        ("Istanbul", Some("TUR"))
    );
}

#[test]
fn in_central_iran_is_country_precision() {
    let s = "Russian officials in recent weeks visited an airfield in central Iran at least twice.";
    let p = place(s, "visited", &[]).unwrap();
    assert_eq!(p.country.as_deref(), Some("IRN"));
    assert_eq!(p.precision, "country");
    assert_eq!(p.lat, None, "countries carry no coordinates");
}

#[test]
fn demonym_phrases() {
    let p = place(
        "Protesters gathered in the Iranian capital on Saturday.",
        "gathered",
        &[],
    )
    .unwrap();
    assert_eq!((p.name.as_str(), p.precision.as_str()), ("Tehran", "city"));
    let p = place(
        "The drone crashed on Turkish soil, near the Syrian city of Aleppo.",
        "crashed",
        &[],
    )
    .unwrap();
    assert_eq!(
        (p.name.as_str(), p.country.as_deref()),
        ("Aleppo", Some("SYR"))
    );
    let p = place(
        "Troops were deployed inside Iraqi territory.",
        "deployed",
        &[],
    )
    .unwrap();
    assert_eq!(
        (p.country.as_deref(), p.precision.as_str()),
        (Some("IRQ"), "country")
    );
}

#[test]
fn ambiguous_paris_follows_the_article() {
    let g = gaz();
    let s = "Ministers met in Paris on Monday.";
    let t = toks(s);
    let verb = index_of(&t, "met");
    let resolve = |article: &str| {
        let (countries, regions) = g.mentions(article);
        let ctx = PlaceContext {
            article_countries: &countries,
            article_regions: &regions,
            dateline: None,
        };
        g.resolve_place(&t, s, verb, &ctx).unwrap()
    };
    assert_eq!(
        g.mentions("Washington warned Beijing."),
        (vec!["USA".to_string()], vec![]),
        "Washington is the capital, not a mention of the state"
    );
    let french = "France's president hosted the talks. Ministers met in Paris on Monday.";
    let texan = "Storms hit northeast Texas this week. Ministers met in Paris on Monday.";
    let business = "U.S. stocks fell. Ministers met in Paris on Monday.";
    assert_eq!(g.countries_mentioned(french), vec!["FRA".to_string()]);
    assert_eq!(
        g.mentions(texan),
        (vec!["USA".to_string()], vec!["Texas".to_string()])
    );
    assert_eq!(resolve(french).country.as_deref(), Some("FRA"));
    let p = resolve(texan);
    assert_eq!(p.country.as_deref(), Some("USA"));
    assert!((p.lat.unwrap() - 33.66).abs() < 0.01, "Paris, Texas: {p:?}");
    // Naming the US alone does not pull "Paris" to a town of 25,000 ...
    assert_eq!(resolve(business).country.as_deref(), Some("FRA"));
    // ... nor does no context at all; an explicit qualifier overrides everything.
    assert_eq!(
        place(s, "met", &[]).unwrap().country.as_deref(),
        Some("FRA")
    );
    let fr = vec!["FRA".to_string()];
    let p = place("A rally was held in Paris, Texas, on Sunday.", "held", &fr).unwrap();
    assert_eq!(p.country.as_deref(), Some("USA"));
    // A former state counts for its successors: Moscow, Russia, not Moscow, Idaho.
    let (c, _) = g.mentions("The Soviet Union bought U.S. grain. Talks were held in Moscow.");
    assert_eq!(c, vec!["SUN".to_string(), "USA".to_string()]);
    let p = place("Talks were held in Moscow.", "held", &c).unwrap();
    assert_eq!(p.country.as_deref(), Some("RUS"));
}

#[test]
fn proper_names_that_start_with_a_place_are_not_places() {
    let us = vec!["USA".to_string()];
    for (s, verb) in [
        ("Shares rose in New York Stock Exchange trading.", "rose"),
        ("He worked in the White House for years.", "worked"),
        ("Oil fell in the Iran-Iraq war zone.", "fell"),
        ("Rates rose at the Federal Reserve meeting.", "rose"),
        ("He spoke in West Virginia Tuesday.", "spoke"),
    ] {
        let got = place(s, verb, &us);
        let ok = match s {
            _ if s.contains("West Virginia") => {
                got.as_ref().map(|p| p.name.as_str()) == Some("West Virginia")
            }
            _ => got.is_none(),
        };
        assert!(ok, "{s:?} -> {got:?}");
    }
    // With tags, a name followed by a noun is an attribute ("the US military base").
    let s = "Two men died at the US military base.";
    let mut t = toks(s);
    let k = index_of(&t, "military");
    t[k].upos = Some("ADJ".into());
    let ctx = PlaceContext::default();
    assert_eq!(gaz().resolve_place(&t, s, 2, &ctx), None);
    let s = "Talks resumed in Istanbul today.";
    let mut t = toks(s);
    let k = index_of(&t, "today");
    t[k].upos = Some("NOUN".into());
    assert_eq!(
        gaz().resolve_place(&t, s, 1, &ctx).unwrap().name,
        "Istanbul"
    );
    // A possessor is not a place.
    assert_eq!(
        place(
            "Erdogan thanked them for their trust in Turkey's mediation.",
            "thanked",
            &[]
        ),
        None
    );
    // Lowercase direction words are skipped, capitalised ones are part of the name.
    let p = place("Fighting flared in northern Iraq.", "flared", &[]).unwrap();
    assert_eq!(p.country.as_deref(), Some("IRQ"));
    let p = place("Prices rose in West Germany.", "rose", &[]).unwrap();
    assert_eq!(p.country.as_deref(), Some("DEU"));
    assert_eq!(place("Demand grew in North America.", "grew", &[]), None);
}

#[test]
fn article_countries_from_the_seed_article() {
    let path = format!("{SHARED_EXAMPLES}/000_05a1120774ca292b.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {path} not found (shared data absent)");
        return;
    };
    let c = gaz().countries_mentioned(&text);
    for want in ["RUS", "IRN", "UKR", "TUR", "SYR", "USA", "ISR", "SAU"] {
        assert!(c.iter().any(|x| x == want), "{want} missing from {c:?}");
    }
    assert_eq!(
        &c[..2],
        &["RUS".to_string(), "IRN".to_string()],
        "order of first mention"
    );
}

#[test]
fn dependency_parse_attaches_the_place_to_the_verb() {
    // Putin met Raisi in Tehran .
    let s = "Putin met Raisi in Tehran.";
    let t = parsed(
        s,
        &[
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (5, "case"),
            (2, "obl"),
            (2, "punct"),
        ],
    );
    let ctx = PlaceContext::default();
    let m = gaz().sentence_place(&t, s, 1, &ctx).unwrap();
    assert_eq!(m.source, PlaceSource::Dependency);
    assert_eq!((m.place.name.as_str(), m.first, m.end), ("Tehran", 4, 5));

    // Putin , who arrived from Moscow , met Raisi to discuss the war in Ukraine .
    //   1   2  3    4      5     6    7  8   9    10   11    12  13  14   15    16
    let s = "Putin, who arrived from Moscow, met Raisi to discuss the war in Ukraine.";
    let t = parsed(
        s,
        &[
            (8, "nsubj"),
            (4, "punct"),
            (4, "nsubj"),
            (1, "acl:relcl"),
            (6, "case"),
            (4, "obl"),
            (4, "punct"),
            (0, "root"),
            (8, "obj"),
            (11, "mark"),
            (8, "advcl"),
            (13, "det"),
            (11, "obj"),
            (15, "case"),
            (13, "nmod"),
            (8, "punct"),
        ],
    );
    let met = index_of(&t, "met");
    // The parse says neither place is where the meeting happened ...
    assert_eq!(gaz().sentence_place(&t, s, met, &ctx), None);
    // ... so the dateline decides; while the surface pattern alone takes the nearest.
    let dl = gaz()
        .dateline_place("TEHRAN, July 19 - Putin, who ...")
        .unwrap();
    let ctx_dl = PlaceContext {
        dateline: Some(&dl),
        ..Default::default()
    };
    assert_eq!(
        gaz().resolve_place(&t, s, met, &ctx_dl).unwrap().name,
        "Tehran"
    );
    let bare = toks(s);
    let m = gaz().sentence_place(&bare, s, met, &ctx).unwrap();
    assert_eq!(m.source, PlaceSource::Surface);
    assert_eq!(m.place.name, "Moscow");

    // Shoigu signed documents at a ceremony in Istanbul .
    //   1      2        3      4  5   6       7   8      9
    let s = "Shoigu signed documents at a ceremony in Istanbul.";
    let t = parsed(
        s,
        &[
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (6, "case"),
            (6, "det"),
            (2, "obl"),
            (8, "case"),
            (6, "nmod"),
            (2, "punct"),
        ],
    );
    let m = gaz().sentence_place(&t, s, 1, &ctx).unwrap();
    assert_eq!(m.place.country.as_deref(), Some("TUR"));

    // dyad's parser attaches "in Istanbul" to the object: a city there still counts,
    // a country ("discussed the war in Ukraine") does not.
    // Russia signed agreements in Istanbul .
    //   1      2        3      4     5     6
    let s = "Russia signed agreements in Istanbul.";
    let t = parsed(
        s,
        &[
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (5, "case"),
            (3, "nmod"),
            (2, "punct"),
        ],
    );
    let m = gaz().sentence_place(&t, s, 1, &ctx).unwrap();
    assert_eq!(m.place.name, "Istanbul");
    let s = "Putin discussed the war in Ukraine.";
    let t = parsed(
        s,
        &[
            (2, "nsubj"),
            (0, "root"),
            (4, "det"),
            (2, "obj"),
            (6, "case"),
            (4, "nmod"),
            (2, "punct"),
        ],
    );
    assert_eq!(gaz().sentence_place(&t, s, 1, &ctx), None);

    // Multi-word name under the obl: in Saudi Arabia (compound + head).
    // Biden visited Israel and later landed in Saudi Arabia .
    //   1      2      3    4    5     6     7   8     9    10
    let s = "Biden visited Israel and later landed in Saudi Arabia.";
    let t = parsed(
        s,
        &[
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (6, "cc"),
            (6, "advmod"),
            (2, "conj"),
            (9, "case"),
            (9, "compound"),
            (6, "obl"),
            (2, "punct"),
        ],
    );
    let m = gaz().sentence_place(&t, s, 5, &ctx).unwrap();
    assert_eq!(
        (m.place.name.as_str(), m.place.precision.as_str()),
        ("Saudi Arabia", "country")
    );
    // "from Iran" is an actor, not a place: a country after "from" is not accepted.
    let s = "Putin won support from Iran.";
    let t = parsed(
        s,
        &[
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (5, "case"),
            (2, "obl"),
            (2, "punct"),
        ],
    );
    assert_eq!(gaz().sentence_place(&t, s, 1, &ctx), None);
}

#[test]
fn datelines() {
    let g = gaz();
    for (text, name, iso) in [
        (
            "WASHINGTON, Dec 11 -- The Senate voted ...",
            "Washington",
            "USA",
        ),
        ("MOSCOW (Reuters) - Russia said ...", "Moscow", "RUS"),
        ("KYIV, Ukraine (AP) — Russian forces ...", "Kyiv", "UKR"),
        ("PARIS, Texas (AP) — A tornado ...", "Paris", "USA"),
        ("Chicago, March 5 - Delegates ...", "Chicago", "USA"),
        (
            "BALA CYNWYD, Pa., March 5 - The company ...",
            "Pennsylvania",
            "USA",
        ),
        ("ZEEBRUGGE, Belgium, March 7 - Divers ...", "Belgium", "BEL"),
    ] {
        let p = g.dateline_place(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(
            (p.name.as_str(), p.country.as_deref()),
            (name, Some(iso)),
            "{text}"
        );
    }
    assert_eq!(
        g.dateline_place("Russia and Ukraine signed agreements - officials said"),
        None
    );
    assert_eq!(
        g.dateline_place("UNITED NATIONS, March 3 - The council ..."),
        None
    );

    let own = format!("{OWN_EXAMPLES}/2022-07-23_istanbul_grain_deal.txt");
    let text = std::fs::read_to_string(&own).unwrap();
    let p = g.dateline_place(&text).unwrap();
    assert_eq!(
        (p.name.as_str(), p.country.as_deref(), p.precision.as_str()),
        ("Istanbul", Some("TUR"), "city")
    );

    let path = format!("{SHARED_EXAMPLES}/reuters-03525.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let p = g.dateline_place(&text).unwrap();
            assert_eq!(
                (p.name.as_str(), p.country.as_deref()),
                ("Baghdad", Some("IRQ"))
            );
            assert!((p.lat.unwrap() - 33.34).abs() < 0.05);
        }
        Err(_) => eprintln!("SKIP: {path} not found (shared data absent)"),
    }
}

#[test]
fn shipped_gazetteer_is_up_to_date() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/geo");
    if !Path::new(shared).join("cities15000.json").exists() {
        eprintln!("SKIP: {shared} not found (shared data absent)");
        return;
    }
    let built = dyad_coder::geo::build::build_gazetteer_tsv(Path::new(shared)).unwrap();
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    let committed = std::fs::read_to_string(format!("{DATA}/gazetteer.tsv")).unwrap();
    assert!(
        built.text == committed,
        "data/geo/gazetteer.tsv is stale: rerun the command in data/geo/README.md"
    );
    assert!(committed.len() < 4_000_000, "keep the gazetteer small");
    assert!(committed.contains("GeoNames") && committed.contains("CC BY 4.0"));
}

#[test]
fn malformed_lines_are_reported_not_fatal() {
    let gaz = "# comment\n\
        Tehran\tcity\tIRN\t35.69\t51.42\t7153309\tTeheran\t\n\
        Nowhere\tvillage\tXXX\t1\t2\t3\n\
        Badlat\tcity\tIRN\t135\t51\t10\n\
        Iran\tcountry\tIRN\t\t\t80000000\tPersia\tTehran\n";
    let g = Gazetteer::from_text(gaz, "Iranian\tIRN\nbroken line\n");
    assert_eq!(g.len(), 2);
    assert_eq!(g.problems().len(), 3, "{:?}", g.problems());
    let msg = g.problems()[0].to_string();
    assert!(msg.contains(":3:") && msg.contains("kind"), "{msg}");
    assert_eq!(g.capital("IRN").unwrap().name, "Tehran");
    assert_eq!(g.demonym("iranian"), Some("IRN"));
    let missing = Gazetteer::load(Path::new("/nonexistent/geo")).unwrap_err();
    assert!(missing.to_string().contains("cannot read"));
}

#[test]
fn malformed_input_never_panics() {
    let g = gaz();
    let text = "In Tehran , Putin met Raisi on Tuesday in Saudi Arabia — ÉTÉ, İ 😀 - U.S.";
    let mut t = toks(text);
    // Heads that form cycles, point past the end, or are missing for some tokens.
    for (i, tok) in t.iter_mut().enumerate() {
        tok.head = Some(match i % 4 {
            0 => i + 2,
            1 => i,
            2 => 999,
            _ => 0,
        });
        tok.deprel = Some(["obl", "case", "nmod", "root"][i % 4].to_string());
    }
    let ctx = PlaceContext::default();
    for verb in [0, 3, t.len() - 1, t.len(), usize::MAX] {
        let _ = g.resolve_place(&t, text, verb, &ctx);
        let _ = g.resolve_place(&t, "", verb, &ctx); // offsets that do not slice the text
        let _ = dyad_coder::dates::resolve_date(
            &t,
            text,
            Some(verb),
            chrono::NaiveDate::from_ymd_opt(2022, 7, 20).unwrap(),
        );
    }
    assert_eq!(g.resolve_place(&[], "", 0, &ctx), None);
    for s in [
        "",
        " date ",
        " date 2022-07-2",
        "—",
        "A—B",
        "ÉÉÉ, March 3 - x",
        "(X) - y",
        "\u{0}",
    ] {
        let _ = g.dateline_place(s);
        let _ = g.mentions(s);
    }
}
