//! dyad's event store: every article, sentence and event in a real database.
//!
//! Two backends behind one trait, [`Store`]: SQLite embedded (the default, a file `dyad.db`) and
//! PostgreSQL for teams (`postgres://...`). Both have the same schema (versioned migrations), the
//! same de-duplication rule and the same query language, and the same conformance tests run on
//! both (`tests/`).
//!
//! - **Ingest** ([`Store::ingest`]): a batch of coded articles in one transaction. An article
//!   already stored (same id, or same content hash) is skipped, so ingesting twice stores nothing
//!   new and a killed ingest loses nothing it committed.
//! - **De-duplication** ([`DedupRule`]): one real-world event reported by several stories (same
//!   source and target codes, same CAMEO code or root, event dates within a window) is one event
//!   with several mentions. Raw mentions stay queryable ([`Store::mentions`]).
//! - **Query** ([`EventFilter`]), **aggregates** ([`StatsQuery`]), the **actor network**,
//!   **full-text search** over articles ([`TextQuery`]: words, "phrases", AND/OR, the same on
//!   both backends).
//! - **Export** ([`export`]): JSONL, CSV, table, Parquet, GDELT-style TSV, PLOVER JSON.
//!
//! The types here are the contract between the backends, the `dyad` commands and the server.

pub mod error;
pub mod export;
pub mod model;
mod postgres;
mod rows;
mod sqlite;
pub mod text_query;

pub use error::StoreError;
pub use model::*;
pub use text_query::TextQuery;

use std::path::PathBuf;

/// Where a store lives, parsed from `--db` / `DYAD_DB`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file (`dyad.db`, `sqlite:path/to.db`).
    Sqlite(PathBuf),
    /// A PostgreSQL connection string (`postgres://user@host:port/db` or `postgresql://...`).
    Postgres(String),
}

impl Location {
    /// `postgres://` and `postgresql://` URLs are PostgreSQL; `sqlite:` prefixes are stripped;
    /// anything else is a SQLite file path.
    pub fn parse(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_string())
        } else {
            let path = s
                .strip_prefix("sqlite://")
                .or_else(|| s.strip_prefix("sqlite:"))
                .unwrap_or(s);
            Location::Sqlite(PathBuf::from(path))
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "{}", p.display()),
            // Never print a password: keep the scheme and what follows the '@'.
            Location::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(i), Some(at)) if at > i => {
                    write!(f, "{}://***@{}", &url[..i], &url[at + 1..])
                }
                _ => write!(f, "{url}"),
            },
        }
    }
}

/// Open the store at `location`: a SQLite file (created when missing unless
/// `options.read_only`) or a PostgreSQL database.
pub fn open(location: &Location, options: &StoreOptions) -> Result<Box<dyn Store>, StoreError> {
    match location {
        Location::Sqlite(path) => Ok(Box::new(sqlite::SqliteStore::open(path, options)?)),
        Location::Postgres(url) => Ok(Box::new(postgres::PgStore::open(url, options)?)),
    }
}

/// The store interface: one implementation per backend.
///
/// A `Store` is one connection: `Send` but not shared between threads; a server keeps one per
/// worker. Every method is one statement or one transaction.
pub trait Store: Send {
    /// Store a batch of coded articles in one transaction: articles, sentences, mentions, and
    /// events after de-duplication. Articles already stored are skipped (counted in the report).
    /// Either the whole batch is committed or nothing is.
    fn ingest(&mut self, batch: &[CodedArticle]) -> Result<IngestReport, StoreError>;

    /// De-duplicated events matching `filter`, newest first (date, then id), one page.
    fn events(&mut self, filter: &EventFilter, page: &Page) -> Result<EventPage, StoreError>;

    /// Raw mentions (one per article sentence that reported an event) matching `filter`.
    fn mentions(&mut self, filter: &EventFilter, page: &Page) -> Result<MentionPage, StoreError>;

    /// Aggregates: counts, Goldstein sum and mean and quad-class counts per group and period.
    fn stats(&mut self, query: &StatsQuery) -> Result<Vec<StatsRow>, StoreError>;

    /// Actors as nodes and dyads as weighted edges, for the events matching `filter`.
    fn network(&mut self, filter: &EventFilter) -> Result<Network, StoreError>;

    /// One article with its sentences and the mentions coded in it.
    fn article(&mut self, id: &str) -> Result<Option<ArticleRecord>, StoreError>;

    /// Full-text search over article text (and titles); best matches first.
    fn search(&mut self, query: &TextQuery, limit: usize) -> Result<Vec<SearchHit>, StoreError>;

    /// Actor codes whose code or name starts with `prefix` (case-insensitive), with how many
    /// events they take part in, most frequent first.
    fn actors(&mut self, prefix: &str, limit: usize) -> Result<Vec<ActorCount>, StoreError>;

    /// How many articles, sentences, mentions and events the store holds.
    fn counts(&mut self) -> Result<Counts, StoreError>;

    /// The de-duplication rule this store was created with.
    fn dedup_rule(&self) -> DedupRule;
}
