//! Time and peak memory to load the PETRARCH dictionaries.
//!
//! ```text
//! cargo bench -p dyad-coder --bench load_dicts [-- /path/to/shared/cameo]
//! ```
//!
//! Loads PETRARCH2's default set (the verb dictionary `CAMEO.2.0.txt`, the three Phoenix
//! actor files, the agents, discards and issues: what `PETR_config.ini` names), then
//! every dictionary file in the shared folder. Prints wall time (best and median of 5
//! runs), on-CPU time (best; steadier on a shared machine) and the process's peak
//! resident memory (`VmHWM` in /proc/self/status), which a
//! fresh bench process attributes to the loads. Issue target: < 300 ms and < 200 MB.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dyad_coder::petrarch::*;

const RUNS: usize = 5;

fn vm_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or("n/a".to_string(), |k| {
        format!("{:.1} MB", k as f64 / 1024.0)
    })
}

/// Loads the PETRARCH2 default dictionary set, as its `PETR_config.ini` names it;
/// returns a size figure so the work is used.
fn load_default(root: &Path) -> Result<usize, LoadError> {
    let set = DictionarySet::from_config(
        root.join("petrarch2/config/PETR_config.ini"),
        &[root.join("petrarch2/dictionaries")],
    )?;
    Ok(set.verbs.pattern_count()
        + set.actors.len()
        + set.agents.len()
        + set.discards.map_or(0, |d| d.len())
        + set.issues.map_or(0, |d| d.len()))
}

/// Loads every dictionary file of the shared folder (each kind with its parser).
fn load_everything(root: &Path) -> Result<usize, LoadError> {
    let p = |s: &str| root.join(s);
    let mut n = load_default(root)?;
    let v = VerbDict::load(&[
        p("petrarch2/dictionaries/CAMEO.2.0_unsorted.txt"),
        p("petrarch2/dictionaries/newdict.txt"),
        p("petrarch2/dictionaries/CAMEO.verbpatterns.150430.txt"),
        p("petrarch2/dictionaries/PETR.Validate.verbs.txt"),
        p("universal_petrarch/dictionaries/PETR.Validate.verbs.2.0.txt"),
        p("universal_petrarch/validate_dictionaries/PETR_Validate_verbs_2_02.txt"),
    ])?;
    n += v.pattern_count();
    n += ActorDict::load(&[
        p("petrarch2/dictionaries/PETR.Validate.actors.txt"),
        p("universal_petrarch/validate_dictionaries/PETR_Validate_actors_2_02.txt"),
    ])?
    .len();
    n += AgentDict::load(&[
        p("petrarch2/dictionaries/PETR.Validate.agents.txt"),
        p("universal_petrarch/validate_dictionaries/PETR_Validate_agents_2_02.txt"),
        p("ngec/assets/PLOVER_agents.txt"),
    ])?
    .len();
    n += DiscardList::load(&[
        p("petrarch2/dictionaries/PETR.Validate.discards.txt"),
        p("universal_petrarch/validate_dictionaries/PETR_Validate_discards_2_02.txt"),
    ])?
    .len();
    n += WordList::load(p("petrarch2/dictionaries/Phoenix.prepositions.txt"))?
        .words
        .len();
    for pico in [
        "universal_petrarch/dictionaries/PETR.Internal.Coding.Ontology.txt",
        "universal_petrarch/validate_dictionaries/PETR_Validate_Internal_Coding_Ontology_1_01.txt",
    ] {
        n += PicoTable::load(p(pico))?.len();
    }
    Ok(n)
}

/// Loads dyad's own actor and verb dictionaries (optionally with the converted PETRARCH
/// ones) and builds the token index the resolver matches with.
fn load_ours(dict: &Path, with_petrarch: bool) -> Result<usize, LoadError> {
    use dyad_coder::actors::{ActorDictionary, Resolver};
    use dyad_coder::verbs::VerbDictionary;
    let mut actors = ActorDictionary::load_dir(dict)?;
    let mut verb_files = vec![dict.join("curated.verbs")];
    if with_petrarch {
        let more = ActorDictionary::load_dir(&dict.join("petrarch"))?;
        actors.entries.extend(more.entries);
        verb_files.push(dict.join("petrarch/cameo.verbs"));
    }
    let n = actors.entries.len();
    let resolver = Resolver::new(actors);
    let verbs = VerbDictionary::load(&verb_files)?;
    Ok(n + verbs.len() + resolver.dictionary().entries.len())
}

/// Nanoseconds this (single) thread has spent on a CPU, from /proc/self/schedstat: on a
/// machine shared with other jobs, on-CPU time is steadier than wall time.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn time(label: &str, f: impl Fn() -> Result<usize, LoadError>) {
    let mut times: Vec<Duration> = Vec::new();
    let mut cpu: Vec<u64> = Vec::new();
    let mut size = 0;
    for _ in 0..RUNS {
        let c = cpu_ns();
        let t = Instant::now();
        match f() {
            Ok(n) => size = n,
            Err(e) => {
                eprintln!("{label}: {e}");
                return;
            }
        }
        times.push(t.elapsed());
        if let (Some(a), Some(b)) = (c, cpu_ns()) {
            cpu.push(b.saturating_sub(a));
        }
    }
    times.sort();
    cpu.sort();
    let cpu_text = cpu
        .first()
        .map_or("n/a".to_string(), |c| format!("{:.1} ms", *c as f64 / 1e6));
    println!(
        "{label}: wall best {:.1} ms, median {:.1} ms; on-CPU best {cpu_text} over {RUNS} runs ({size} items); peak RSS so far {}",
        times[0].as_secs_f64() * 1e3,
        times[RUNS / 2].as_secs_f64() * 1e3,
        mb(vm_kb("VmHWM:")),
    );
}

fn main() {
    let root: PathBuf = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/cameo"
            ))
        });
    if !root.join("petrarch2/dictionaries/CAMEO.2.0.txt").exists() {
        eprintln!("SKIP: no PETRARCH dictionaries under {}", root.display());
        return;
    }
    println!("baseline peak RSS {}", mb(vm_kb("VmHWM:")));
    // dyad's own dictionaries, indexed for matching, as `dyad code` loads them, and the same
    // plus the converted PETRARCH/Phoenix files (data/dict/petrarch/).
    let dict = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dict"));
    time(
        "dyad's own dictionaries (data/dict: actors indexed + verbs)",
        || load_ours(&dict, false),
    );
    time(
        "dyad's own + converted PETRARCH dictionaries (data/dict + data/dict/petrarch)",
        || load_ours(&dict, true),
    );
    time(
        "PETRARCH2 default set (verbs, 3 actor files, agents, discards, issues)",
        || load_default(&root),
    );
    time("every shared dictionary file (23 files)", || {
        load_everything(&root)
    });
}
