//! Throughput of `segment` (sentence splitting + tokenization) on the shared news corpus.
//!
//! `cargo bench -p dyad-text --bench split` reads every `/work/shared/news/*.jsonl` (path
//! relative to the workspace: `../../../shared/news`), takes each record's `"text"`, and
//! segments all texts on one thread, printing MB/s, sentences/s and tokens/s. JSON parsing is
//! timed separately and not counted in the segmentation figures. Best of three passes.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/news"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();

    let t0 = Instant::now();
    let mut texts = Vec::new();
    for f in &files {
        let Ok(data) = std::fs::read_to_string(f) else {
            eprintln!("skipping unreadable {}", f.display());
            continue;
        };
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                }
            }
        }
    }
    let read_secs = t0.elapsed().as_secs_f64();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "read+parse {} files, {} texts, {:.1} MB in {:.2} s",
        files.len(),
        texts.len(),
        bytes as f64 / 1e6,
        read_secs
    );

    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let (mut sentences, mut tokens) = (0usize, 0usize);
    for _ in 0..3 {
        let t = Instant::now();
        let cpu0 = thread_cpu_secs();
        let (mut s_count, mut t_count) = (0, 0);
        for text in &texts {
            let sents = dyad_text::segment(text);
            s_count += sents.len();
            t_count += sents.iter().map(|s| s.tokens.len()).sum::<usize>();
        }
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu0, thread_cpu_secs()) {
            best_cpu = best_cpu.min(b - a);
        }
        (sentences, tokens) = (s_count, t_count);
    }
    println!(
        "segment: {:.2} s  {:.1} MB/s  {:.0} sentences/s  {:.0} tokens/s  ({} sentences, {} tokens; one thread, best of 3)",
        best,
        bytes as f64 / 1e6 / best,
        sentences as f64 / best,
        tokens as f64 / best,
        sentences,
        tokens
    );
    if best_cpu.is_finite() {
        println!(
            "segment, on-CPU time only (robust to a busy machine): {:.2} s  {:.1} MB/s  {:.0} tokens/s",
            best_cpu,
            bytes as f64 / 1e6 / best_cpu,
            tokens as f64 / best_cpu
        );
    }
    println!(
        "read+parse+segment: {:.1} MB/s",
        bytes as f64 / 1e6 / (best + read_secs)
    );
}

/// Seconds this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`), so that the
/// figure is not diluted when other processes share the cores.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
