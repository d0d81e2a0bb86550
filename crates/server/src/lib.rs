//! `dyad serve`: the JSON API over an event store, and the embedded dashboard.
//!
//! [`router`] builds the axum application over an [`AppState`] (a pool of store connections,
//! the write token, the article coder); [`serve`] runs it on a listener until a shutdown
//! signal. Every endpoint is described in `openapi.json` (served at `/api/openapi.json`), and
//! the integration tests check each answer against it.
//!
//! Safety rules, in one place:
//! - reads only, unless a write token was configured; `POST /api/ingest` then needs
//!   `Authorization: Bearer <token>`, compared in constant time (401 without, 403 when wrong);
//! - every parameter is parsed and validated here before a store sees it (400 with the
//!   reason), and stores bind values as SQL parameters;
//! - bodies above the limit are refused with 413 before they are read whole;
//! - errors are JSON `{"error": "..."}`; a 500 never carries database internals.

pub mod cache;
pub mod coding;
pub mod error;
pub mod params;
pub mod pool;

pub use coding::{ArticleCoder, PipelineCoder};
pub use error::ApiError;
pub use pool::{Opener, Pool};

use axum::body::Body;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dyad_store::{MentionPage, Page, StatsQuery, TextQuery};
use params::{Params, FILTER_PARAMS};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;

mod assets {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// The OpenAPI 3 description of this API, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Default body limit of `POST /api/ingest`: 16 MiB of JSONL.
pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024 * 1024;
/// Default time a GET answer is served from memory (see [`cache`]).
pub const DEFAULT_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);
/// Default and largest page of `/api/events`.
pub const DEFAULT_EVENTS_LIMIT: usize = 50;
pub const MAX_EVENTS_LIMIT: usize = 1000;
/// Default and largest answer of `/api/search`.
pub const DEFAULT_SEARCH_LIMIT: usize = 20;
pub const MAX_SEARCH_LIMIT: usize = 200;
/// Default and largest answer of `/api/actors`.
pub const DEFAULT_ACTORS_LIMIT: usize = 20;
pub const MAX_ACTORS_LIMIT: usize = 1000;
/// The most mentions of one event listed.
pub const MAX_EVENT_MENTIONS: usize = 1000;
/// The longest ids accepted in paths.
const MAX_ID_CHARS: usize = 500;

/// How the server behaves, apart from where its store is.
#[derive(Clone)]
pub struct Config {
    /// Store connections kept (and queries run at once). One per core is plenty for SQLite.
    pub connections: usize,
    /// Writes are allowed only with this bearer token; `None` is a read-only server.
    pub write_token: Option<String>,
    /// The largest `POST /api/ingest` body, in bytes.
    pub body_limit: usize,
    /// What codes posted articles; needed for writes.
    pub coder: Option<Arc<dyn ArticleCoder>>,
    /// How long a GET answer is served again from memory; zero turns the cache off.
    pub cache_ttl: std::time::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            connections: std::thread::available_parallelism().map_or(2, |n| n.get()),
            write_token: None,
            body_limit: DEFAULT_BODY_LIMIT,
            coder: None,
            cache_ttl: DEFAULT_CACHE_TTL,
        }
    }
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Pool>,
    /// SHA-256 of the write token: comparing digests takes the same time whatever the
    /// lengths, and the token itself is not kept around.
    token_digest: Option<[u8; 32]>,
    coder: Option<Arc<dyn ArticleCoder>>,
    body_limit: usize,
    cache: Arc<cache::Cache>,
}

impl AppState {
    /// State over connections made by `opener` (each call opens one connection).
    pub fn new(opener: Opener, config: Config) -> AppState {
        AppState {
            pool: Arc::new(Pool::new(opener, config.connections)),
            token_digest: config
                .write_token
                .as_deref()
                .map(|t| Sha256::digest(t.as_bytes()).into()),
            coder: config.coder,
            body_limit: config.body_limit,
            cache: Arc::new(cache::Cache::new(config.cache_ttl)),
        }
    }

    /// Open one connection now, so that a store that cannot be opened fails at start.
    pub fn warm_up(&self) -> Result<(), dyad_store::StoreError> {
        self.pool.warm_up()
    }
}

/// The whole application: API routes, the dashboard, JSON 404/405 answers.
pub fn router(state: AppState) -> Router {
    // The store's answers go through the cache; the rest is static or must be live.
    let queries = Router::new()
        .route("/api/events", get(events))
        .route("/api/events/{id}/mentions", get(event_mentions))
        .route("/api/stats", get(stats))
        .route("/api/network", get(network))
        .route("/api/articles/{id}", get(article))
        .route("/api/search", get(search))
        .route("/api/actors", get(actors))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state.cache),
            cache::layer,
        ));
    Router::new()
        .route("/", get(index))
        .route("/assets/{name}", get(asset))
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(openapi))
        .route("/api/ingest", post(ingest))
        .merge(queries)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// Serve `state` on `listener` until `shutdown` resolves; requests in flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Bind `addr` and serve `state` on a runtime of our own until Ctrl-C or SIGTERM, for callers
/// without one (the `dyad` binary). `on_ready` gets the bound address (port 0 picks one).
pub fn serve_blocking(
    addr: &str,
    state: AppState,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        on_ready(listener.local_addr()?);
        serve(listener, state, shutdown_signal()).await
    })
}

/// Resolves on Ctrl-C or SIGTERM (what `kill` and service managers send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

fn json_bytes(content_type: &'static str, bytes: &'static [u8]) -> Response {
    let mut r = Body::from(bytes).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The media type of a dashboard file, by extension.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn find_asset(name: &str) -> Option<&'static [u8]> {
    assets::ASSETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
}

async fn index() -> Result<Response, ApiError> {
    find_asset("index.html")
        .map(|b| json_bytes(content_type("index.html"), b))
        .ok_or_else(|| ApiError::NotFound("this build has no dashboard (assets/index.html)".into()))
}

async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    find_asset(&name)
        .map(|b| json_bytes(content_type(&name), b))
        .ok_or_else(|| ApiError::NotFound(format!("no asset named {name:?}")))
}

async fn openapi() -> Response {
    json_bytes("application/json", OPENAPI.as_bytes())
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no such path: {}", uri.path()))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    let body = serde_json::json!({
        "error": format!("{method} is not allowed on {}", uri.path())
    });
    (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response()
}

/// Liveness and a cheap check that a store connection answers.
async fn healthz(State(s): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let rule = s.pool.run(|st| Ok(st.dedup_rule())).await?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "writable": s.token_digest.is_some(),
        "dedup": rule,
    })))
}

fn with_filters(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v = FILTER_PARAMS.to_vec();
    v.extend_from_slice(extra);
    v
}

async fn events(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<dyad_store::EventPage>, ApiError> {
    let p = Params::parse(q.as_deref(), &with_filters(&["limit", "cursor"]))?;
    let filter = p.filter()?;
    let page = Page {
        limit: p.number("limit", DEFAULT_EVENTS_LIMIT, 1, MAX_EVENTS_LIMIT)?,
        cursor: p.cursor()?,
    };
    Ok(Json(s.pool.run(move |st| st.events(&filter, &page)).await?))
}

fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Err(ApiError::BadRequest(format!(
            "{what} id must be 1-{MAX_ID_CHARS} characters"
        )));
    }
    Ok(())
}

/// The raw mentions (article sentences) of one de-duplicated event, found by the event's id
/// (an indexed look-up); other filters given narrow them further.
async fn event_mentions(
    State(s): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<MentionPage>, ApiError> {
    check_id("event", &id)?;
    let p = Params::parse(q.as_deref(), &FILTER_PARAMS)?;
    let mut filter = p.filter()?;
    filter.event = Some(id.clone());
    filter.validate()?;
    let found = s
        .pool
        .run(move |st| {
            let got = st.mentions(&filter, &Page::first(MAX_EVENT_MENTIONS))?;
            Ok(got.mentions)
        })
        .await?;
    if found.is_empty() {
        return Err(ApiError::NotFound(format!(
            "no event {id:?} among the mentions matching the filters"
        )));
    }
    Ok(Json(MentionPage {
        total: found.len() as u64,
        mentions: found,
        next: None,
    }))
}

async fn stats(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Vec<dyad_store::StatsRow>>, ApiError> {
    let p = Params::parse(q.as_deref(), &with_filters(&["by", "every"]))?;
    let query = StatsQuery {
        by: p.by()?,
        every: p.every()?,
        filter: p.filter()?,
    };
    Ok(Json(s.pool.run(move |st| st.stats(&query)).await?))
}

async fn network(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<dyad_store::Network>, ApiError> {
    let p = Params::parse(q.as_deref(), &FILTER_PARAMS)?;
    let filter = p.filter()?;
    Ok(Json(s.pool.run(move |st| st.network(&filter)).await?))
}

async fn article(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<dyad_store::ArticleRecord>, ApiError> {
    check_id("article", &id)?;
    let key = id.clone();
    match s.pool.run(move |st| st.article(&key)).await? {
        Some(a) => Ok(Json(a)),
        None => Err(ApiError::NotFound(format!("no article {id:?}"))),
    }
}

async fn search(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Vec<dyad_store::SearchHit>>, ApiError> {
    let p = Params::parse(q.as_deref(), &["q", "limit"])?;
    let text = p
        .str("q")
        .ok_or_else(|| ApiError::BadRequest("q (the search query) is required".into()))?;
    let query = TextQuery::parse(&text)?;
    let limit = p.number("limit", DEFAULT_SEARCH_LIMIT, 1, MAX_SEARCH_LIMIT)?;
    Ok(Json(s.pool.run(move |st| st.search(&query, limit)).await?))
}

async fn actors(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Vec<dyad_store::ActorCount>>, ApiError> {
    let p = Params::parse(q.as_deref(), &["prefix", "limit"])?;
    let prefix = p.str("prefix").unwrap_or_default();
    if prefix.chars().count() > 100 {
        return Err(ApiError::BadRequest(
            "prefix must be at most 100 characters".into(),
        ));
    }
    let limit = p.number("limit", DEFAULT_ACTORS_LIMIT, 1, MAX_ACTORS_LIMIT)?;
    Ok(Json(s.pool.run(move |st| st.actors(&prefix, limit)).await?))
}

/// Check `Authorization: Bearer <token>` against the configured token.
fn authorize(s: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = &s.token_digest else {
        return Err(ApiError::Forbidden(
            "this server is read-only: start it with --write-token to accept writes".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim().to_string())
        });
    let Some(given) = given else {
        return Err(ApiError::Unauthorized(
            "writes need an `Authorization: Bearer <token>` header".into(),
        ));
    };
    let digest: [u8; 32] = Sha256::digest(given.as_bytes()).into();
    if bool::from(digest.ct_eq(expected)) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("wrong write token".into()))
    }
}

/// `POST /api/ingest`: articles as JSON Lines, coded with dyad's pipeline and stored in one
/// transaction. The token is checked before the body is read.
async fn ingest(
    State(s): State<AppState>,
    req: Request,
) -> Result<Json<dyad_store::IngestReport>, ApiError> {
    authorize(&s, req.headers())?;
    let Some(coder) = s.coder.clone() else {
        return Err(ApiError::Internal(
            "write token set but no article coder loaded".into(),
        ));
    };
    let too_large = || {
        ApiError::TooLarge(format!(
            "request body over the limit of {} bytes; send the articles in smaller batches",
            s.body_limit
        ))
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > s.body_limit as u64) {
        return Err(too_large());
    }
    let body = axum::body::to_bytes(req.into_body(), s.body_limit)
        .await
        .map_err(|_| too_large())?;
    let batch = tokio::task::spawn_blocking(move || {
        let docs = coding::read_articles(&body)?;
        Ok::<_, ApiError>(docs.iter().map(|d| coder.code(d)).collect::<Vec<_>>())
    })
    .await
    .map_err(|e| ApiError::Internal(format!("coding task failed: {e}")))??;
    let report = s.pool.run(move |st| st.ingest(&batch)).await?;
    s.cache.clear();
    Ok(Json(report))
}
