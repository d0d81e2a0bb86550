//! Builds dyad's compact gazetteer (`data/geo/gazetteer.tsv`) from GeoNames extracts
//! (CC BY 4.0, credit GeoNames); see `dyad_coder::geo::build` for what goes in.
//!
//! ```text
//! cargo run --release -p dyad-coder --example build_gazetteer -- /work/shared/geo data/geo/gazetteer.tsv
//! ```

use std::path::Path;

use dyad_coder::geo::build::build_gazetteer_tsv;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: build_gazetteer <geonames dir> <output gazetteer.tsv>");
        std::process::exit(2);
    }
    let out_path = Path::new(&args[2]);
    let built = match build_gazetteer_tsv(Path::new(&args[1])) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for w in &built.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(parent) = out_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("error: {}: {e}", parent.display());
            std::process::exit(1);
        }
    }
    if let Err(e) = std::fs::write(out_path, built.text.as_bytes()) {
        eprintln!("error: {}: {e}", out_path.display());
        std::process::exit(1);
    }
    eprintln!(
        "wrote {} ({} bytes): {} countries, {} regions, {} cities",
        out_path.display(),
        built.text.len(),
        built.countries,
        built.regions,
        built.cities
    );
}
