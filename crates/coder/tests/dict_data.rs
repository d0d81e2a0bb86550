//! The shipped actor dictionaries (data/dict/*.actors): they load without line errors, pass
//! the curator's consistency check, and give the right codes on dates we are sure of.

use chrono::NaiveDate;
use dyad_coder::actors::{ActorDictionary, Entry, Gender, Kind, Resolver};
use std::collections::HashSet;
use std::path::Path;

const DICT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dict");

fn dict() -> ActorDictionary {
    ActorDictionary::load_dir(Path::new(DICT)).expect("data/dict is readable")
}

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    Some(NaiveDate::from_ymd_opt(y, m, day).unwrap())
}

/// The one entry of `kind` named `name` (name or alias).
fn one<'a>(dict: &'a ActorDictionary, kind: Kind, name: &str) -> &'a Entry {
    let found: Vec<&Entry> = dict
        .lookup(name)
        .into_iter()
        .filter(|e| e.kind == kind)
        .collect();
    assert_eq!(found.len(), 1, "{name:?} as {kind:?}: {found:?}");
    found[0]
}

fn person_on(dict: &ActorDictionary, name: &str, date: Option<NaiveDate>) -> Option<String> {
    one(dict, Kind::Person, name)
        .code_on(date)
        .map(String::from)
}

#[test]
fn loads_cleanly_and_passes_the_check() {
    let dict = dict();
    let errors: Vec<String> = dict.errors.iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "line errors:\n{}", errors.join("\n"));
    let problems = dict.check();
    assert!(
        problems.is_empty(),
        "check problems:\n{}",
        problems.join("\n")
    );
    assert!(dict.entries.len() > 900, "{} entries", dict.entries.len());
}

#[test]
fn every_code_is_well_formed() {
    let dict = dict();
    for e in &dict.entries {
        for c in &e.codes {
            match e.kind {
                Kind::Agent => assert_eq!(c.code.len(), 3, "{}: agent code {}", e.origin, c.code),
                Kind::Country | Kind::Demonym => {
                    assert_eq!(c.code.len(), 3, "{}: {}", e.origin, c.code)
                }
                _ => assert!(
                    c.code.len() >= 3 && c.code.len() % 3 == 0,
                    "{}: {}",
                    e.origin,
                    c.code
                ),
            }
        }
    }
}

#[test]
fn every_person_has_a_gender_for_pronouns() {
    let dict = dict();
    for e in dict.entries.iter().filter(|e| e.kind == Kind::Person) {
        assert!(
            matches!(e.gender, Some(Gender::Male | Gender::Female)),
            "{}: {}",
            e.origin,
            e.name
        );
    }
}

#[test]
fn every_un_member_and_the_four_others_are_there() {
    let dict = dict();
    // Region entries (regions.actors) use CAMEO region codes, not state codes.
    let regions: HashSet<&str> = [
        "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EAF", "EEU", "EUR", "LAM", "MEA",
        "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "ESH", "USA",
        "AUS",
    ]
    .into_iter()
    .collect();
    let states: HashSet<&str> = dict
        .entries
        .iter()
        .filter(|e| e.kind == Kind::Country && e.origin.contains("countries.actors"))
        .map(|e| e.codes[0].code.as_str())
        .collect();
    // 193 UN members + Palestine, Kosovo, Taiwan, the Holy See.
    assert_eq!(states.len(), 197, "{states:?}");
    for code in [
        "PSE", "KSV", "TWN", "VAT", "TMP", "ROU", "SSD", "COD", "COG", "PRK", "KOR",
    ] {
        assert!(states.contains(code), "{code}");
    }
    assert!(regions.contains("WST"));
}

#[test]
fn names_from_the_seed_article_on_its_date() {
    // /work/shared/examples/000_05a1120774ca292b.txt, dated 2022-07-20.
    let dict = dict();
    let day = d(2022, 7, 20);
    let expect = [
        ("Vladimir Putin", "RUSGOV"),
        ("Putin", "RUSGOV"),
        ("Ebrahim Raisi", "IRNGOV"),
        ("Ali Khamenei", "IRNGOV"),
        ("Khamenei", "IRNGOV"),
        ("Recep Tayyip Erdogan", "TURGOV"),
        ("Erdoğan", "TURGOV"),
        ("Joe Biden", "USAGOV"),
        ("Donald Trump", "USAELI"),
        ("Hossein Amirabdollahian", "IRNGOV"),
        ("Amir-Abdollahian", "IRNGOV"),
        ("Fadahossein Maleki", "IRNLEG"),
    ];
    for (name, code) in expect {
        assert_eq!(
            person_on(&dict, name, day).as_deref(),
            Some(code),
            "{name} on 2022-07-20"
        );
    }
}

#[test]
fn offices_change_on_the_right_days() {
    let dict = dict();
    // Putin, in office without a break since 1999.
    assert_eq!(
        person_on(&dict, "Putin", d(2022, 7, 20)).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(
        person_on(&dict, "Putin", d(2010, 1, 1)).as_deref(),
        Some("RUSGOV"),
        "as prime minister"
    );
    // Biden: out of office 2017-2021, president 2021-2025.
    assert_eq!(
        person_on(&dict, "Biden", d(2019, 6, 1)).as_deref(),
        Some("USAELI")
    );
    assert_eq!(
        person_on(&dict, "Biden", d(2022, 7, 20)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        person_on(&dict, "Biden", d(2025, 1, 19)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        person_on(&dict, "Biden", d(2025, 1, 20)).as_deref(),
        Some("USAELI")
    );
    // Trump, the other way round.
    assert_eq!(
        person_on(&dict, "Trump", d(2019, 6, 1)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        person_on(&dict, "Trump", d(2025, 1, 20)).as_deref(),
        Some("USAGOV")
    );
    // Raisi died on 2024-05-19: no government code after.
    assert_eq!(
        person_on(&dict, "Raisi", d(2022, 7, 20)).as_deref(),
        Some("IRNGOV")
    );
    assert_eq!(
        person_on(&dict, "Raisi", d(2024, 5, 18)).as_deref(),
        Some("IRNGOV")
    );
    let after = person_on(&dict, "Raisi", d(2024, 6, 1));
    assert!(
        !after.as_deref().unwrap_or("").ends_with("GOV"),
        "Raisi on 2024-06-01: {after:?}"
    );
    assert_eq!(person_on(&dict, "Amirabdollahian", d(2024, 6, 1)), None);
    // Erdogan: prime minister in 2012, president in 2022.
    assert_eq!(
        person_on(&dict, "Erdogan", d(2012, 1, 1)).as_deref(),
        Some("TURGOV")
    );
    assert_eq!(
        person_on(&dict, "Erdogan", d(2022, 7, 20)).as_deref(),
        Some("TURGOV")
    );
    // Germany: Scholz handed over to Merz on 2025-05-06.
    assert_eq!(
        person_on(&dict, "Scholz", d(2025, 5, 5)).as_deref(),
        Some("DEUGOV")
    );
    assert_ne!(
        person_on(&dict, "Scholz", d(2025, 5, 6)).as_deref(),
        Some("DEUGOV")
    );
    assert_eq!(
        person_on(&dict, "Merz", d(2025, 5, 5)).as_deref(),
        Some("DEUOPP")
    );
    assert_eq!(
        person_on(&dict, "Merz", d(2025, 5, 6)).as_deref(),
        Some("DEUGOV")
    );
    // The Taliban: rebels, then the government of Afghanistan from 2021-08-15.
    let taliban = one(&dict, Kind::Group, "Taliban");
    assert_eq!(taliban.code_on(d(2021, 8, 14)), Some("AFGREB"));
    assert_eq!(taliban.code_on(d(2021, 8, 15)), Some("AFGGOV"));
    // HTS: in power in Syria from 2024-12-08.
    let hts = one(&dict, Kind::Group, "HTS");
    assert_eq!(hts.code_on(d(2024, 12, 7)), Some("SYRREB"));
    assert_eq!(hts.code_on(d(2024, 12, 8)), Some("SYRGOV"));
}

#[test]
fn demonyms_agents_capitals_and_organisations() {
    let dict = dict();
    assert_eq!(
        one(&dict, Kind::Demonym, "Iranian").code_on(None),
        Some("IRN")
    );
    assert_eq!(
        one(&dict, Kind::Demonym, "Americans").code_on(None),
        Some("USA")
    );
    assert_eq!(
        one(&dict, Kind::Demonym, "Britons").code_on(None),
        Some("GBR")
    );
    assert_eq!(
        one(&dict, Kind::Demonym, "Turks").code_on(None),
        Some("TUR")
    );
    assert_eq!(one(&dict, Kind::Agent, "forces").code_on(None), Some("MIL"));
    assert_eq!(
        one(&dict, Kind::Agent, "president").code_on(None),
        Some("GOV")
    );
    assert_eq!(one(&dict, Kind::Agent, "rebels").code_on(None), Some("REB"));
    assert_eq!(
        one(&dict, Kind::Agent, "lawmakers").code_on(None),
        Some("LEG")
    );
    assert_eq!(
        one(&dict, Kind::Capital, "Kremlin").code_on(None),
        Some("RUSGOV")
    );
    assert_eq!(
        one(&dict, Kind::Capital, "Tehran").code_on(None),
        Some("IRNGOV")
    );
    assert_eq!(
        one(&dict, Kind::Capital, "White House").code_on(None),
        Some("USAGOV")
    );
    assert_eq!(
        one(&dict, Kind::Capital, "Kiev").code_on(None),
        Some("UKRGOV")
    );
    assert_eq!(one(&dict, Kind::Country, "U.S.").code_on(None), Some("USA"));
    assert_eq!(
        one(&dict, Kind::Country, "Britain").code_on(None),
        Some("GBR")
    );
    assert_eq!(one(&dict, Kind::Country, "West").code_on(None), Some("WST"));
    assert_eq!(
        one(&dict, Kind::Org, "NATO").code_on(None),
        Some("IGOWSTNAT")
    );
    assert_eq!(one(&dict, Kind::Org, "U.N.").code_on(None), Some("IGOUNO"));
}

#[test]
fn the_seed_article_resolves() {
    let resolver = Resolver::new(dict());
    let date = d(2022, 7, 20);
    let codes = |s: &str| -> Vec<(String, Option<String>)> {
        let (tokens, _) = dyad_text::tokenize(s, 0, s.len());
        resolver
            .mentions(&tokens, date)
            .into_iter()
            .map(|m| {
                let text: Vec<&str> = tokens[m.start..m.end]
                    .iter()
                    .map(|t| t.form.as_str())
                    .collect();
                (text.join(" "), m.code)
            })
            .collect()
    };
    let pair = |t: &str, c: &str| (t.to_string(), Some(c.to_string()));
    assert_eq!(
        codes("Russian President Vladimir Putin won staunch support from Iran on Tuesday."),
        vec![
            pair("Russian President Vladimir Putin", "RUSGOV"),
            pair("Iran", "IRN")
        ]
    );
    assert_eq!(
        codes("Putin conferred with Iranian President Ebrahim Raisi and Turkish President Recep Tayyip Erdogan."),
        vec![
            pair("Putin", "RUSGOV"),
            pair("Iranian President Ebrahim Raisi", "IRNGOV"),
            pair("Turkish President Recep Tayyip Erdogan", "TURGOV"),
        ]
    );
    assert_eq!(
        codes("Ukrainian forces have used them to attack Russian troops."),
        vec![
            pair("Ukrainian forces", "UKRMIL"),
            pair("Russian troops", "RUSMIL")
        ]
    );
    assert_eq!(
        codes("But Ankara hasn't imposed sanctions on the Kremlin."),
        vec![pair("Ankara", "TURGOV"), pair("the Kremlin", "RUSGOV")]
    );
    assert_eq!(
        codes("It comes just days after U.S. President Joe Biden visited Israel and Saudi Arabia."),
        vec![
            pair("U.S. President Joe Biden", "USAGOV"),
            pair("Israel", "ISR"),
            pair("Saudi Arabia", "SAU")
        ]
    );
    assert_eq!(
        codes("Backed into a corner by the West."),
        vec![pair("West", "WST")]
    );
    assert_eq!(
        codes("Iranian Foreign Minister Hossein Amirabdollahian wrote on Twitter."),
        vec![pair(
            "Iranian Foreign Minister Hossein Amirabdollahian",
            "IRNGOV"
        )]
    );
}
