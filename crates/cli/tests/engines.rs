//! dyad inside other engines: GNU parallel's --pipe gives the same events as one process.

use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn gnu_parallel_pipe_equals_one_process() {
    let news = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/news/tempeval3.jsonl");
    if !news.exists() {
        eprintln!(
            "skipping: {} not found (../shared is absent)",
            news.display()
        );
        return;
    }
    if Command::new("parallel")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        eprintln!("skipping: GNU parallel is not installed (scripts/test.sh installs it)");
        return;
    }
    let dyad = env!("CARGO_BIN_EXE_dyad");
    let input = || std::fs::File::open(&news).unwrap();
    let one = Command::new(dyad)
        .args([
            "code",
            "--threads",
            "1",
            "--input-format",
            "jsonl",
            "--format",
            "jsonl",
            "-",
        ])
        .stdin(input())
        .output()
        .unwrap();
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/code-parallel.sh");
    let two = Command::new("bash")
        .arg(&script)
        .arg("2")
        .env("DYAD", dyad)
        .stdin(input())
        .output()
        .unwrap();
    assert!(
        two.status.success(),
        "{}",
        String::from_utf8_lossy(&two.stderr)
    );
    let events = String::from_utf8(one.stdout).unwrap();
    assert!(
        events.lines().count() > 100,
        "TempEval-3 world news gives events"
    );
    assert!(
        String::from_utf8(two.stdout).unwrap() == events,
        "parallel --pipe output differs from one process"
    );
    // And the multithreaded single process gives the same output too.
    let threads = Command::new(dyad)
        .args([
            "code",
            "--threads",
            "2",
            "--input-format",
            "jsonl",
            "--format",
            "jsonl",
            "-",
        ])
        .stdin(input())
        .output()
        .unwrap();
    assert!(
        String::from_utf8(threads.stdout).unwrap() == events,
        "--threads 2 output differs"
    );
}
