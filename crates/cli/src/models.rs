//! Where dyad finds its data files (models, dictionaries) at run time.
//!
//! Order: the `--data` flag, the `DYAD_DATA` environment variable, `data/` beside the
//! repository the binary was built in (so `cargo run` and `target/release/dyad` work from a
//! checkout), `data/` next to the executable, and finally `./data`.

use std::path::{Path, PathBuf};

/// Resolve the data folder (the one holding `models/`, `dict/`, `cameo/`).
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("DYAD_DATA") {
        return PathBuf::from(p);
    }
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    if built_in.join("models").is_dir() {
        return built_in.canonicalize().unwrap_or(built_in);
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent() {
            let beside = dir.join("data");
            if beside.join("models").is_dir() {
                return beside;
            }
        }
    }
    PathBuf::from("data")
}

/// Load the tagger, lemmatizer and parser from `<data>/models/`.
pub fn load_pipeline(data: &Path) -> anyhow::Result<dyad_nlp::pipeline::Pipeline> {
    use anyhow::Context;
    let dir = data.join("models");
    dyad_nlp::pipeline::Pipeline::load(&dir).with_context(|| {
        format!(
            "cannot load the NLP models from {} (set --data or DYAD_DATA)",
            dir.display()
        )
    })
}

/// Load the event coder's dictionaries and codebook from `<data>/dict` and `<data>/cameo`,
/// reporting bad dictionary lines on stderr (the rest loads).
pub fn load_coder(
    data: &Path,
    user: &dyad_coder::engine::UserDictionaries,
) -> anyhow::Result<dyad_coder::engine::EventCoder> {
    use anyhow::Context;
    let (coder, errors) = dyad_coder::engine::EventCoder::load_with(data, user)
        .with_context(|| format!("cannot load the dictionaries from {}", data.display()))?;
    for e in errors {
        eprintln!("{e}");
    }
    Ok(coder)
}

/// The user's own dictionaries, loaded over the shipped ones: the flags `dyad code` and
/// `dyad ingest` share.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DictArgs {
    /// Your own actor dictionary (repeatable): dyad's format (`.actors`) or a PETRARCH/Phoenix
    /// actors file as it is, with its date restrictions. Your entries win over the shipped ones.
    #[arg(long = "actors", value_name = "FILE")]
    pub user_actors: Vec<PathBuf>,
    /// Your own agents dictionary (repeatable): `.actors` or PETRARCH agents format.
    #[arg(long = "agents", value_name = "FILE")]
    pub user_agents: Vec<PathBuf>,
    /// Your own verb patterns (repeatable): dyad's `.verbs` or a PETRARCH verbs file (CAMEO.2.0).
    #[arg(long = "verbs", value_name = "FILE")]
    pub user_verbs: Vec<PathBuf>,
}

impl DictArgs {
    pub fn user(&self) -> dyad_coder::engine::UserDictionaries {
        dyad_coder::engine::UserDictionaries {
            actors: self.user_actors.clone(),
            agents: self.user_agents.clone(),
            verbs: self.user_verbs.clone(),
        }
    }
}
