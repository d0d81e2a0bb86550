//! Golden events over the shared example articles: `dyad code` must print exactly the events
//! of `tests/golden/examples.tsv`, a file a person checked line by line (see its header).
//! A change to the coder that adds, drops or alters an event fails here with the new lines,
//! so that someone reviews them and updates the file with a verdict for each.

use std::path::Path;
use std::process::Command;

const GOLDEN: &str = "tests/golden/examples.tsv";

/// One event as the golden file writes it: the first seven columns.
fn event_line(e: &serde_json::Value) -> String {
    let code = |side: &str| e[side]["code"].as_str().unwrap_or("-").to_string();
    [
        e["article"].as_str().unwrap_or("-").to_string(),
        e["sentence_index"].to_string(),
        code("source"),
        e["cameo"]["code"].as_str().unwrap_or("-").to_string(),
        code("target"),
        e["date"].as_str().unwrap_or("-").to_string(),
        e["verb"]["text"].as_str().unwrap_or("-").to_string(),
    ]
    .join("\t")
}

#[test]
fn shared_examples_code_the_reviewed_events() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = manifest.join("../../../shared/examples");
    if !examples.is_dir() {
        eprintln!("skipped: {} is absent", examples.display());
        return;
    }
    let mut files: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--format", "jsonl", "--threads", "1"])
        .args(&files)
        .output()
        .expect("dyad runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| event_line(&serde_json::from_str(l).unwrap()))
        .collect();

    let golden_text = std::fs::read_to_string(manifest.join(GOLDEN)).unwrap();
    let rows: Vec<(String, String)> = golden_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 8, "golden line without 8 columns: {l:?}");
            (cols[..7].join("\t"), cols[7].to_string())
        })
        .collect();
    for (line, verdict) in &rows {
        assert!(
            verdict == "ok" || verdict.starts_with("wrong: "),
            "unreviewed golden line (verdict must be `ok` or `wrong: why`): {line}\t{verdict}"
        );
    }
    let expected: Vec<String> = rows.iter().map(|(l, _)| l.clone()).collect();
    if got != expected {
        // The lines to review: verdicts carried over, `?` where a person must judge.
        let proposal: Vec<String> = got
            .iter()
            .map(|l| {
                let verdict = rows
                    .iter()
                    .find(|(g, _)| g == l)
                    .map_or("?", |(_, v)| v.as_str());
                format!("{l}\t{verdict}")
            })
            .collect();
        let gone: Vec<&String> = expected.iter().filter(|l| !got.contains(l)).collect();
        panic!(
            "dyad's events over the shared examples changed.\nNo longer coded:\n{}\n\nReview these lines and put them in {GOLDEN} (keep its comments):\n{}",
            gone.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("\n"),
            proposal.join("\n")
        );
    }
    let ok = rows.iter().filter(|(_, v)| v == "ok").count();
    eprintln!(
        "golden examples: {} events, {ok} right ({:.0}% precision by a person's review)",
        rows.len(),
        100.0 * ok as f64 / rows.len() as f64
    );
}
