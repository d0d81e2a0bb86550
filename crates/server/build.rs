//! Embeds every file of `assets/` (the dashboard) in the binary: writes `assets.rs` to OUT_DIR
//! with one `(name, bytes)` entry per file, each an `include_bytes!` of the file. A file
//! added to `assets/` is served without a code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    println!("cargo:rerun-if-changed=assets");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// The dashboard's files: (name, contents).\npub static ASSETS: &[(&str, &[u8])] = &[\n",
    );
    for n in &names {
        let path = dir.join(n);
        let _ = writeln!(
            code,
            "    ({n:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(e) = std::fs::write(Path::new(&out).join("assets.rs"), code) {
        println!("cargo:warning=cannot write the embedded assets list: {e}");
        std::process::exit(1);
    }
}
