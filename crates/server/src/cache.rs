//! A short-lived cache of successful GET answers, keyed by path and query string.
//!
//! A dashboard asks the same questions again and again (the timeline of one dyad, the first
//! page of events), and each is a scan over the store. Answers are kept for a short time
//! (`--cache-ms`, default 2 s): long enough to absorb bursts, short enough that data ingested by
//! another process shows up almost at once. A successful `POST /api/ingest` on this server
//! empties the cache. Only 200 answers up to [`MAX_CACHED_BYTES`] are kept, at most
//! [`MAX_ENTRIES`] of them and
//! [`MAX_TOTAL_BYTES`] in all.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The largest answer kept.
pub const MAX_CACHED_BYTES: usize = 2 * 1024 * 1024;
/// The most answers kept at once.
pub const MAX_ENTRIES: usize = 2048;
/// The most bytes kept in all.
pub const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;

struct Entry {
    at: Instant,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    bytes: usize,
}

pub struct Cache {
    ttl: Duration,
    entries: Mutex<Entries>,
    /// One lock per key being computed: concurrent misses of one query wait for the first
    /// instead of all scanning the store at once.
    computing: Mutex<HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>,
}

impl Cache {
    pub fn new(ttl: Duration) -> Cache {
        Cache {
            ttl,
            entries: Mutex::new(Entries::default()),
            computing: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // Entries are replaced whole: a panic elsewhere cannot leave one half-written.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn get(&self, key: &str) -> Option<Response> {
        let entries = self.lock();
        let e = entries.map.get(key).filter(|e| e.at.elapsed() < self.ttl)?;
        let mut r = Body::from(e.body.clone()).into_response();
        if let Some(ct) = &e.content_type {
            r.headers_mut().insert(header::CONTENT_TYPE, ct.clone());
        }
        Some(r)
    }

    fn put(&self, key: String, content_type: Option<HeaderValue>, body: Bytes) {
        let mut entries = self.lock();
        if entries.map.len() >= MAX_ENTRIES || entries.bytes + body.len() > MAX_TOTAL_BYTES {
            let ttl = self.ttl;
            entries.map.retain(|_, e| e.at.elapsed() < ttl);
            if entries.map.len() >= MAX_ENTRIES
                || entries.map.values().map(|e| e.body.len()).sum::<usize>() + body.len()
                    > MAX_TOTAL_BYTES
            {
                entries.map.clear();
            }
            entries.bytes = entries.map.values().map(|e| e.body.len()).sum();
        }
        entries.bytes += body.len();
        let old = entries.map.insert(
            key,
            Entry {
                at: Instant::now(),
                content_type,
                body,
            },
        );
        if let Some(old) = old {
            entries.bytes -= old.body.len();
        }
    }

    /// Forget every answer (after a write).
    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.map.clear();
        entries.bytes = 0;
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }
}

/// The middleware: answer from the cache, or run the request and keep a 200 answer.
pub async fn layer(
    State(cache): State<std::sync::Arc<Cache>>,
    req: Request,
    next: Next,
) -> Response {
    if !cache.enabled() || req.method() != Method::GET {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    if let Some(hit) = cache.get(&key) {
        return hit;
    }
    let gate = {
        let mut computing = cache.computing.lock().unwrap_or_else(|p| p.into_inner());
        std::sync::Arc::clone(computing.entry(key.clone()).or_default())
    };
    let _turn = gate.lock().await;
    // Forget the gate however this ends (a client that hangs up drops this future midway).
    let _forget = Forget(&cache, &key);
    // Whoever held the gate before us may have just cached the answer.
    if let Some(hit) = cache.get(&key) {
        return hit;
    }
    answer(&cache, key.clone(), next.run(req).await).await
}

/// Removes a key's gate from [`Cache::computing`] when dropped.
struct Forget<'a>(&'a Cache, &'a str);

impl Drop for Forget<'_> {
    fn drop(&mut self) {
        self.0
            .computing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(self.1);
    }
}

/// Keep `resp` when it can be replayed, and hand it on.
async fn answer(cache: &Cache, key: String, resp: Response) -> Response {
    if resp.status() != StatusCode::OK {
        return resp;
    }
    // Our handlers answer with whole bodies of known size; anything else passes uncached.
    let size = axum::body::HttpBody::size_hint(resp.body()).exact();
    match size {
        Some(n) if n as usize <= MAX_CACHED_BYTES => {}
        _ => return resp,
    }
    let (parts, body) = resp.into_parts();
    match axum::body::to_bytes(body, MAX_CACHED_BYTES).await {
        Ok(bytes) => {
            cache.put(
                key,
                parts.headers.get(header::CONTENT_TYPE).cloned(),
                bytes.clone(),
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        // A body of known size that fails to read cannot be replayed: say so instead of
        // sending a truncated answer.
        Err(e) => {
            crate::error::ApiError::Internal(format!("answer to {key} failed: {e}")).into_response()
        }
    }
}
