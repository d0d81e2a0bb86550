//! The SQLite backend: one database file, embedded (`rusqlite` with the bundled library).
//!
//! - [`schema`]: opening, connection settings (WAL, busy timeout), versioned migrations and
//!   the `meta` table (schema version, de-duplication rule fixed at creation).
//! - [`ingest`]: a batch in one transaction; article identity by id and content hash;
//!   de-duplication of mentions into events; the daily aggregate and actor tables.
//! - [`query`]: filters as parameterised SQL, newest-first keyset paging, articles, counts.
//! - [`stats`]: aggregates per group and period, the actor network, actor look-up.
//! - [`search`]: FTS5 full-text search with snippets and highlight ranges.
//!
//! See `crates/store/README.md` for the schema and the de-duplication rule.

mod ingest;
mod query;
mod schema;
mod search;
mod stats;

use crate::{
    ActorCount, ArticleRecord, CodedArticle, Counts, DedupRule, EventFilter, EventPage,
    IngestReport, MentionPage, Network, Page, SearchHit, StatsQuery, StatsRow, Store, StoreError,
    StoreOptions, TextQuery,
};

use rusqlite::{Connection, ErrorCode};
use std::path::Path;

/// A dyad store in a SQLite file. One connection; see [`Store`].
pub struct SqliteStore {
    conn: Connection,
    /// The file, for error messages.
    what: String,
    dedup: DedupRule,
    read_only: bool,
}

impl SqliteStore {
    /// Open the store at `path`: create it (with `options.dedup`) when missing unless
    /// `options.read_only`, migrate an older schema, refuse a newer one
    /// ([`StoreError::TooNew`]) or a file that is not a dyad store ([`StoreError::Open`]).
    pub fn open(path: &Path, options: &StoreOptions) -> Result<SqliteStore, StoreError> {
        schema::open(path, options)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        map_err(&self.what, e)
    }
}

/// Translate a SQLite failure: busy/locked -> [`StoreError::Locked`], a file that is not a
/// database or cannot be opened -> [`StoreError::Open`] naming it, anything else ->
/// [`StoreError::Database`] with SQLite's message.
pub(crate) fn map_err(what: &str, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, msg) = &e {
        let reason = msg.clone().unwrap_or_else(|| f.to_string());
        match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return StoreError::Locked {
                    what: what.to_string(),
                }
            }
            ErrorCode::NotADatabase => {
                return StoreError::Open {
                    what: what.to_string(),
                    reason: "the file is not a SQLite database".into(),
                }
            }
            ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                return StoreError::Open {
                    what: what.to_string(),
                    reason,
                }
            }
            ErrorCode::DiskFull => {
                return StoreError::Database(format!("{what}: the disk is full ({reason})"))
            }
            ErrorCode::ReadOnly => {
                return StoreError::Database(format!(
                    "{what} is read-only ({reason}); open it for writing to change it"
                ))
            }
            _ => return StoreError::Database(format!("{what}: {reason}")),
        }
    }
    StoreError::Database(format!("{what}: {e}"))
}

pub(crate) use crate::rows::{date_of, day_of, NO_DAY};

impl Store for SqliteStore {
    fn ingest(&mut self, batch: &[CodedArticle]) -> Result<IngestReport, StoreError> {
        ingest::ingest(self, batch)
    }

    fn events(&mut self, filter: &EventFilter, page: &Page) -> Result<EventPage, StoreError> {
        query::events(self, filter, page)
    }

    fn mentions(&mut self, filter: &EventFilter, page: &Page) -> Result<MentionPage, StoreError> {
        query::mentions(self, filter, page)
    }

    fn stats(&mut self, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError> {
        stats::stats(self, q)
    }

    fn network(&mut self, filter: &EventFilter) -> Result<Network, StoreError> {
        stats::network(self, filter)
    }

    fn article(&mut self, id: &str) -> Result<Option<ArticleRecord>, StoreError> {
        query::article(self, id)
    }

    fn search(&mut self, q: &TextQuery, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        search::search(self, q, limit)
    }

    fn actors(&mut self, prefix: &str, limit: usize) -> Result<Vec<ActorCount>, StoreError> {
        stats::actors(self, prefix, limit)
    }

    fn counts(&mut self) -> Result<Counts, StoreError> {
        query::counts(self)
    }

    fn dedup_rule(&self) -> DedupRule {
        self.dedup
    }
}
