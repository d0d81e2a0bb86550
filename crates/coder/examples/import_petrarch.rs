//! Converts the PETRARCH2 / Phoenix dictionaries into dyad's own dictionary formats (the
//! future `dyad dict import-petrarch`).
//!
//! ```sh
//! cargo run --release -p dyad-coder --example import_petrarch -- /work/shared/cameo data/dict/petrarch
//! ```
//!
//! The first argument is the shared `cameo` folder (or its `petrarch2/dictionaries`); the
//! second is the output folder. Prints the figures that go into the files' headers.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use dyad_coder::import::import_petrarch;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, dir] = args.as_slice() else {
        eprintln!("usage: import_petrarch <shared cameo folder> <output folder>");
        return ExitCode::from(2);
    };
    let report = match import_petrarch(&PathBuf::from(src)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("import_petrarch: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = report.write_to(&PathBuf::from(dir)) {
        eprintln!("import_petrarch: {e}");
        return ExitCode::FAILURE;
    }
    // Printed in one write so that a closed pipe (`| head`) is not a panic.
    let mut out = String::new();
    for (source, s) in &report.actors {
        let _ = writeln!(
            out,
            "{source}: {} entries -> {} written ({:?}), {} aliases, {} dated codes; skipped {} `---`, {} no code, {} names taken; {} duplicate names, {} comma names, {} codes dropped, {} source line errors",
            s.entries, s.written, s.kinds, s.aliases, s.dated_codes, s.not_actor, s.no_code,
            s.all_names_taken, s.duplicate_names, s.comma_names, s.codes_dropped, s.source_line_errors
        );
    }
    let a = &report.agents;
    let _ = writeln!(
        out,
        "agents: {} entries -> {} written, {} aliases; skipped {} prepended, {} forms taken; {} duplicate forms, {} source line errors",
        a.entries, a.written, a.aliases, a.prepended, a.all_forms_taken, a.duplicate_forms, a.source_line_errors
    );
    let _ = writeln!(out, "verbs: {:#?}", report.verbs);
    for f in &report.files {
        let _ = writeln!(out, "wrote {}/{} ({} bytes)", dir, f.name, f.text.len());
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}
