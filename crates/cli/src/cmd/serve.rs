//! `dyad serve`: the JSON API and the dashboard over an event store (crate `dyad-server`).

use super::Outcome;
use anyhow::{bail, Context, Result};
use dyad_store::{Location, StoreOptions};
use std::path::PathBuf;
use std::sync::Arc;

/// The shortest write token accepted: a short token can be guessed over the network.
const MIN_TOKEN_CHARS: usize = 16;

/// Serve the event store as a JSON API with a web dashboard.
///
/// Read-only unless a write token is given: then `POST /api/ingest` codes and stores articles
/// (JSON Lines) sent with `Authorization: Bearer TOKEN`. The API is described at
/// `/api/openapi.json`; the dashboard is at `/`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  dyad serve                                   dyad.db on http://127.0.0.1:8080\n  dyad serve --db events.db --addr 0.0.0.0:8080\n  DYAD_WRITE_TOKEN=$(openssl rand -hex 24) dyad serve   also accept POST /api/ingest"
)]
pub struct Args {
    /// The event store: a SQLite file (`dyad.db`, `sqlite:path`) or a `postgres://` URL.
    #[arg(long, env = "DYAD_DB", default_value = "dyad.db")]
    db: String,
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Accept writes from requests bearing this token (at least 16 characters). Prefer the
    /// environment variable: a flag is visible to every user of the machine in `ps`.
    #[arg(long, env = "DYAD_WRITE_TOKEN", hide_env_values = true)]
    write_token: Option<String>,
    /// Store connections, i.e. queries run at once (default: one per core).
    #[arg(long)]
    connections: Option<usize>,
    /// Largest `POST /api/ingest` body, in MiB.
    #[arg(long, default_value_t = 16)]
    max_body_mib: usize,
    /// How long, in milliseconds, a query's answer is served again from memory (0: never).
    /// Data written by another process shows up after at most this long.
    #[arg(long, default_value_t = 2000)]
    cache_ms: u64,
    /// Data folder with models/, dict/ and cameo/, to code posted articles (default: the
    /// checkout's data/; see README).
    #[arg(long, env = "DYAD_DATA")]
    data: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let location = Location::parse(&args.db);
    if let Some(t) = &args.write_token {
        if t.chars().count() < MIN_TOKEN_CHARS {
            bail!("the write token must be at least {MIN_TOKEN_CHARS} characters (e.g. `openssl rand -hex 24`)");
        }
    }
    if args.max_body_mib == 0 {
        bail!("--max-body-mib must be at least 1");
    }
    let coder: Option<Arc<dyn dyad_server::ArticleCoder>> = match &args.write_token {
        None => None,
        Some(_) => {
            let data = crate::models::data_dir(args.data.as_deref());
            let pipeline = crate::models::load_pipeline(&data)?;
            let coder = crate::models::load_coder(&data, &Default::default())?;
            Some(Arc::new(dyad_server::PipelineCoder { pipeline, coder }))
        }
    };
    let writable = args.write_token.is_some();
    let options = StoreOptions {
        read_only: !writable,
        ..Default::default()
    };
    let opened = location.clone();
    let opener: dyad_server::Opener = Arc::new(move || dyad_store::open(&opened, &options));
    let mut config = dyad_server::Config {
        write_token: args.write_token,
        body_limit: args.max_body_mib.saturating_mul(1024 * 1024),
        coder,
        cache_ttl: std::time::Duration::from_millis(args.cache_ms),
        ..Default::default()
    };
    if let Some(n) = args.connections {
        config.connections = n.max(1);
    }
    let state = dyad_server::AppState::new(opener, config);
    state
        .warm_up()
        .with_context(|| format!("cannot open the store {location}"))?;
    dyad_server::serve_blocking(&args.addr, state, |addr| {
        eprintln!(
            "dyad serve: http://{addr}/ (store {location}, {})",
            if writable {
                "writes with the token"
            } else {
                "read-only"
            }
        );
    })?;
    Ok(Outcome::Clean)
}
