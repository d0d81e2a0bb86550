//! A small pool of store connections for the async server.
//!
//! A [`Store`] is `Send` but not `Sync` (one SQLite or PostgreSQL connection), and its calls
//! block. So the server keeps at most `size` connections, opened lazily by the caller's opener,
//! hands one to each query on a blocking thread (`spawn_blocking`), and takes it back after.
//! A semaphore bounds the queries in flight to the number of connections, so a burst of
//! requests queues instead of opening connections without end.

use crate::error::ApiError;
use dyad_store::{Store, StoreError};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Opens one new store connection; called when the pool needs one more.
pub type Opener = Arc<dyn Fn() -> Result<Box<dyn Store>, StoreError> + Send + Sync>;

pub struct Pool {
    opener: Opener,
    idle: Mutex<Vec<Box<dyn Store>>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    /// A pool of at most `size` connections (at least one).
    pub fn new(opener: Opener, size: usize) -> Pool {
        Pool {
            opener,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(size.max(1))),
        }
    }

    /// Open one connection now and keep it, so that a store that cannot be opened fails at
    /// start instead of at the first request.
    pub fn warm_up(&self) -> Result<(), StoreError> {
        let conn = (self.opener)()?;
        self.idle_list().push(conn);
        Ok(())
    }

    fn idle_list(&self) -> std::sync::MutexGuard<'_, Vec<Box<dyn Store>>> {
        // A panic while the list was held cannot leave it half-changed (push/pop only).
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Run `f` with a connection on a blocking thread. A connection whose call failed at the
    /// connection level (cannot open, I/O) is dropped; the next call opens a fresh one.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Internal("connection pool closed".into()))?;
        let pool = Arc::clone(self);
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let popped = pool.idle_list().pop();
            let mut conn = match popped {
                Some(c) => c,
                None => (pool.opener)()?,
            };
            let result = f(conn.as_mut());
            if !matches!(
                result,
                Err(StoreError::Open { .. }) | Err(StoreError::Io(_))
            ) {
                pool.idle_list().push(conn);
            }
            result
        })
        .await;
        match joined {
            Ok(r) => r.map_err(ApiError::from),
            Err(e) => Err(ApiError::Internal(format!("store task failed: {e}"))),
        }
    }
}
