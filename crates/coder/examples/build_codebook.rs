//! Rebuilds dyad's CAMEO data files from the shared reference folder:
//!
//! ```text
//! cargo run --release -p dyad-coder --example build_codebook -- /work/shared/cameo data/cameo
//! ```
//!
//! reads `<shared>/codebook/cameo_codebook.tsv`, `<shared>/plover/CAMEO2PLOVER-2021.txt`
//! and `<shared>/plover/derived/plover_{modes,contexts}.tsv`, and writes `<out>/cameo_codes.tsv` and
//! `<out>/cameo_plover.tsv`. The same functions will back `dyad dict build-codebook`.

use std::path::PathBuf;
use std::process::ExitCode;

use dyad_coder::codebook::{build_codebook_tsv, Codebook};
use dyad_coder::plover::build_plover_tsv;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shared = PathBuf::from(args.first().map_or("/work/shared/cameo", String::as_str));
    let out = PathBuf::from(args.get(1).map_or("data/cameo", String::as_str));
    match run(&shared, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build_codebook: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(shared: &std::path::Path, out: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let src = shared.join("codebook/cameo_codebook.tsv");
    let table = std::fs::read_to_string(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let codes = build_codebook_tsv(&table, "shared/cameo/codebook/cameo_codebook.tsv")?;
    std::fs::create_dir_all(out)?;
    let codes_path = out.join("cameo_codes.tsv");
    std::fs::write(&codes_path, &codes)?;
    let book = Codebook::parse_str(&codes, &codes_path.display().to_string())?;
    if let Some(e) = book.errors.first() {
        return Err(format!("generated codebook does not reload cleanly: {e}").into());
    }
    eprintln!("wrote {} ({} codes)", codes_path.display(), book.len());

    let map_src = shared.join("plover/CAMEO2PLOVER-2021.txt");
    let mapping =
        std::fs::read_to_string(&map_src).map_err(|e| format!("{}: {e}", map_src.display()))?;
    let modes_src = shared.join("plover/derived/plover_modes.tsv");
    let modes: Vec<String> = std::fs::read_to_string(&modes_src)
        .map_err(|e| format!("{}: {e}", modes_src.display()))?
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    let ctx_src = shared.join("plover/derived/plover_contexts.tsv");
    let contexts: Vec<String> = std::fs::read_to_string(&ctx_src)
        .map_err(|e| format!("{}: {e}", ctx_src.display()))?
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    let plover = build_plover_tsv(
        &mapping,
        "shared/cameo/plover/CAMEO2PLOVER-2021.txt",
        &book,
        &modes,
        &contexts,
    )?;
    let plover_path = out.join("cameo_plover.tsv");
    std::fs::write(&plover_path, &plover)?;
    let map = dyad_coder::PloverMap::parse_str(&plover, &plover_path.display().to_string())?;
    if let Some(e) = map.errors.first() {
        return Err(format!("generated PLOVER map does not reload cleanly: {e}").into());
    }
    eprintln!(
        "wrote {} ({} codes mapped)",
        plover_path.display(),
        map.len()
    );
    Ok(())
}
