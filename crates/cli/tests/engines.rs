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

/// Spark in local mode (PySpark from PyPI, Java from Debian) pipes TempEval-3 articles through
/// streaming dyad processes (`rdd.pipe`): the same multiset of event lines as one process; and
/// dyad's Parquet of those events reads back in Spark and DuckDB with the same event ids.
/// scripts/spark/run.sh does the work; it says "skipping: <reason>" when Java, Python or PyPI
/// cannot be had.
#[test]
fn spark_pipe_equals_one_process_and_parquet_reads_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if !root.join("../shared/news/tempeval3.jsonl").exists() {
        eprintln!("skipping: ../shared/news/tempeval3.jsonl not found (../shared is absent)");
        return;
    }
    for (tool, arg) in [("python3", "--version"), ("java", "-version")] {
        let found = Command::new(tool)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        if !found {
            eprintln!("skipping: {tool} is not installed (Spark needs Java 17+ and Python 3)");
            return;
        }
    }
    let dyad = env!("CARGO_BIN_EXE_dyad");
    let run = Command::new("bash")
        .arg(root.join("scripts/spark/run.sh"))
        .arg("300")
        .env("DYAD", dyad)
        .output()
        .expect("bash runs scripts/spark/run.sh");
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "scripts/spark/run.sh failed:\n{out}\n{err}"
    );
    if let Some(reason) = out.lines().find(|l| l.starts_with("skipping:")) {
        eprintln!("{reason}");
        return;
    }
    assert!(
        out.contains("articles in 4 partitions piped through dyad"),
        "no Spark pipe line:\n{out}"
    );
    assert!(
        out.contains("the same multiset of event lines as the pipe"),
        "Spark's pipe and one process were not compared:\n{out}"
    );
    let help = Command::new(dyad)
        .args(["code", "--help"])
        .output()
        .expect("dyad code --help runs");
    if String::from_utf8_lossy(&help.stdout)
        .to_lowercase()
        .contains("parquet")
    {
        assert!(
            out.contains("OK:") && out.contains("duckdb"),
            "dyad writes Parquet but Spark and DuckDB did not read it back:\n{out}"
        );
    } else {
        eprintln!("note: dyad code has no --format parquet yet; the Parquet read-back was not run");
    }
}
