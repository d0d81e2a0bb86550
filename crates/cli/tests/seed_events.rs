//! The seed article, coded end to end by the real binary with the committed models and
//! dictionaries. Each expected event below was checked by a person against the article text
//! (story date 2022-07-20); so were the non-events.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn seed_events() -> Option<Vec<serde_json::Value>> {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/examples/000_05a1120774ca292b.txt");
    if !seed.exists() {
        eprintln!(
            "skipping: {} not found (../shared is absent)",
            seed.display()
        );
        return None;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--format", "jsonl"])
        .arg(&seed)
        .output()
        .expect("dyad runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for e in &events {
        eprintln!(
            "{} {} {} {} | {}",
            e["source"]["code"], e["cameo"]["code"], e["target"]["code"], e["date"], e["sentence"]
        );
    }
    Some(events)
}

/// (source code, CAMEO code, target code) of each event.
fn triples(events: &[serde_json::Value]) -> BTreeSet<(String, String, String)> {
    events
        .iter()
        .map(|e| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
            (
                s(&e["source"]["code"]),
                s(&e["cameo"]["code"]),
                s(&e["target"]["code"]),
            )
        })
        .collect()
}

#[test]
fn seed_article_events() {
    let Some(events) = seed_events() else { return };
    let got = triples(&events);
    let expected = [
        // "Putin won staunch support from Iran on Tuesday": Iran endorses Russia.
        ("IRN", "051", "RUSGOV"),
        // "Putin conferred with Iranian President Ebrahim Raisi and Turkish President ... Erdogan"
        ("RUSGOV", "040", "IRNGOV"),
        ("RUSGOV", "040", "TURGOV"),
        // "NATO allies have ... provided Ukraine with weapons"
        ("IGOWSTNAT", "072", "UKR"),
        // "It [Turkey] has even sold lethal drones that Ukrainian forces have used"
        ("TUR", "072", "UKRMIL"),
        // "Putin thanked him [Erdogan] for his mediation"
        ("RUSGOV", "051", "TURGOV"),
        // "Erdogan praised what he described as Russia's ... approach"
        ("TURGOV", "051", "RUS"),
        // "U.S. President Joe Biden's visited Israel and Saudi Arabia"
        ("USAGOV", "042", "ISR"),
        ("USAGOV", "042", "SAU"),
        // "Biden urged Israel and Arab countries to push back on ... influence"
        ("USAGOV", "020", "ISR"),
        // "Fadahossein Maleki ... described Russia as Iran's most strategic partner on Monday"
        ("IRNLEG", "051", "RUS"),
        // "Russian officials ... visited an airfield in central Iran"
        ("RUSGOV", "042", "IRN"),
        // "..., the White House has alleged": the US accuses the Russian officials.
        ("USAGOV", "112", "RUSGOV"),
        // "former U.S. President Donald Trump abandoned Tehran's atomic accord ... and
        // reimposed crushing sanctions": the sanctions are on Iran (the accord's party).
        ("USAELI", "163", "IRNGOV"),
        // "he [Putin] offered strong support to Tehran"
        ("RUSGOV", "051", "IRNGOV"),
    ];
    let missing: Vec<_> = expected
        .iter()
        .filter(|(s, c, t)| !got.contains(&(s.to_string(), c.to_string(), t.to_string())))
        .collect();
    assert!(
        missing.is_empty(),
        "missing events {missing:?}; got {got:?}"
    );
}

#[test]
fn seed_article_non_events() {
    let Some(events) = seed_events() else { return };
    for e in &events {
        let sentence = e["sentence"].as_str().unwrap();
        assert!(
            !sentence.contains("hasn't imposed sanctions"),
            "negated: {e}"
        );
        assert!(
            !sentence.starts_with("Reaching the agreement would mark"),
            "hypothetical: {e}"
        );
    }
}

#[test]
fn evidence_spans_slice_the_sentence() {
    let Some(events) = seed_events() else { return };
    assert!(!events.is_empty());
    for e in &events {
        let sentence: Vec<char> = e["sentence"].as_str().unwrap().chars().collect();
        for part in ["source", "target", "verb"] {
            let p = &e[part];
            let (a, b) = (
                p["start"].as_u64().unwrap() as usize,
                p["end"].as_u64().unwrap() as usize,
            );
            let slice: String = sentence[a..b].iter().collect();
            assert_eq!(slice, p["text"].as_str().unwrap(), "{part} span of {e}");
        }
    }
}
