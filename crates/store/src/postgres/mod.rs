//! The PostgreSQL backend: the same schema, de-duplication rule and query results as the
//! SQLite backend, for teams sharing one server.
//!
//! - **Schema**: versioned migrations in `migrations/postgres/`, embedded in the binary and
//!   applied on open under an advisory lock (two dyads opening a new database at once do not
//!   race); the version and the de-duplication rule are kept in `meta`, as in SQLite.
//! - **Ingest**: one transaction per batch holding an advisory lock, so concurrent ingests
//!   (several analysts, GNU parallel) de-duplicate against each other's committed events;
//!   rows go in with `COPY ... FROM STDIN` (text format), which is what makes 30,000+ events/s.
//! - **Full text**: a generated `tsvector` column (title + text, `english`) with a GIN index;
//!   queries are built from [`TextQuery`](crate::TextQuery) terms bound as parameters.
//!
//! Every statement is parameterised; no user value is ever spliced into SQL.

mod conn;
mod copy;
mod ingest;
mod query;
mod search;

use crate::{DedupRule, StoreError, StoreOptions};
use postgres::Client;

/// The migrations, in order: version `i + 1` is `MIGRATIONS[i]`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_init.sql"),
    include_str!("../../migrations/postgres/0002_indexes.sql"),
];

/// The schema version this dyad writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory lock key taken while migrating and while ingesting ("dyad" in ASCII).
const LOCK_KEY: i64 = 0x6479_6164;

pub(crate) use crate::rows::{date_of, day_of, NO_DAY};

/// A store in a PostgreSQL database.
pub struct PgStore {
    client: Client,
    /// The URL without its password, for error messages.
    what: String,
    rule: DedupRule,
    read_only: bool,
}

impl PgStore {
    /// Connect to `url` (a `postgres://` URL), create or upgrade the schema (unless
    /// `read_only`), and read the de-duplication rule the store was created with.
    pub fn open(url: &str, options: &StoreOptions) -> Result<PgStore, StoreError> {
        let what = crate::Location::Postgres(url.to_string()).to_string();
        let mut client = conn::connect(url, &what)?;
        let open_err = |reason: String| StoreError::Open {
            what: what.clone(),
            reason: conn::redact(&reason, url),
        };
        let rule = migrate(&mut client, options, &what).map_err(|e| match e {
            StoreError::Database(reason) => open_err(reason),
            other => other,
        })?;
        if options.read_only {
            client
                .batch_execute("SET default_transaction_read_only = on")
                .map_err(|e| open_err(conn::describe(&e)))?;
        }
        Ok(PgStore {
            client,
            what,
            rule,
            read_only: options.read_only,
        })
    }
}

/// Apply the migrations this database lacks and return its de-duplication rule (written from
/// `options` when the store is new). The schema version and the rule live in `meta`, as in
/// SQLite. Everything happens in one transaction under the store's advisory lock, so two
/// processes opening a new database at once create it once.
fn migrate(
    client: &mut Client,
    options: &StoreOptions,
    what: &str,
) -> Result<DedupRule, StoreError> {
    let open_err = |reason: String| StoreError::Open {
        what: what.to_string(),
        reason,
    };
    let mut tx = client.transaction().map_err(conn::db_error)?;
    if !options.read_only {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
            .map_err(conn::db_error)?;
    }
    let has_meta: bool = tx
        .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])
        .map_err(conn::db_error)?
        .get(0);
    let version: i64 = if has_meta {
        let v: Option<String> = tx
            .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])
            .map_err(conn::db_error)?
            .map(|r| r.get(0));
        let v = v.ok_or_else(|| open_err("the meta table has no schema_version".into()))?;
        v.parse()
            .map_err(|_| open_err(format!("schema_version {v:?} is not a number")))?
    } else {
        0
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            what: what.to_string(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        if options.read_only {
            return Err(open_err(
                "no dyad store in this database (it has no meta table; ingest something first)"
                    .into(),
            ));
        }
        let tables: i64 = tx
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                &[],
            )
            .map_err(conn::db_error)?
            .get(0);
        if tables > 0 {
            return Err(open_err(
                "the database schema holds tables of something else (tables but no dyad meta table); use an empty database or schema".into(),
            ));
        }
    } else if version < SCHEMA_VERSION && options.read_only {
        return Err(open_err(format!(
            "schema version {version} needs upgrading to {SCHEMA_VERSION}; open it once for writing (e.g. dyad ingest)"
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.batch_execute(sql)
            .map_err(|e| open_err(format!("migration {}: {}", i + 1, conn::describe(&e))))?;
    }
    if version == 0 {
        let rule = options.dedup;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('dedup_by_root', $1), ('dedup_window_days', $2)",
            &[
                &(if rule.by_root { "1" } else { "0" }),
                &rule.window_days.to_string(),
            ],
        )
        .map_err(conn::db_error)?;
    }
    if version < SCHEMA_VERSION {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&SCHEMA_VERSION.to_string()],
        )
        .map_err(conn::db_error)?;
    }
    let value = |tx: &mut postgres::Transaction<'_>, key: &str| -> Result<String, StoreError> {
        Ok(tx
            .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])
            .map_err(conn::db_error)?
            .map(|r| r.get(0))
            .unwrap_or_default())
    };
    let by_root = value(&mut tx, "dedup_by_root")?;
    let window = value(&mut tx, "dedup_window_days")?;
    let bad = |key: &str, v: &str| open_err(format!("meta {key} has an unreadable value {v:?}"));
    let rule = DedupRule {
        by_root: match by_root.as_str() {
            "1" => true,
            "0" => false,
            v => return Err(bad("dedup_by_root", v)),
        },
        window_days: window
            .parse()
            .map_err(|_| bad("dedup_window_days", &window))?,
    };
    tx.commit().map_err(conn::db_error)?;
    Ok(rule)
}

impl crate::Store for PgStore {
    fn ingest(&mut self, batch: &[crate::CodedArticle]) -> Result<crate::IngestReport, StoreError> {
        if self.read_only {
            return Err(StoreError::Database(format!(
                "{} is open for reading only; cannot ingest",
                self.what
            )));
        }
        ingest::ingest(&mut self.client, self.rule, batch)
    }

    fn events(
        &mut self,
        filter: &crate::EventFilter,
        page: &crate::Page,
    ) -> Result<crate::EventPage, StoreError> {
        query::events(&mut self.client, filter, page)
    }

    fn mentions(
        &mut self,
        filter: &crate::EventFilter,
        page: &crate::Page,
    ) -> Result<crate::MentionPage, StoreError> {
        query::mentions(&mut self.client, filter, page)
    }

    fn stats(&mut self, q: &crate::StatsQuery) -> Result<Vec<crate::StatsRow>, StoreError> {
        query::stats(&mut self.client, q)
    }

    fn network(&mut self, filter: &crate::EventFilter) -> Result<crate::Network, StoreError> {
        query::network(&mut self.client, filter)
    }

    fn article(&mut self, id: &str) -> Result<Option<crate::ArticleRecord>, StoreError> {
        query::article(&mut self.client, id)
    }

    fn search(
        &mut self,
        q: &crate::TextQuery,
        limit: usize,
    ) -> Result<Vec<crate::SearchHit>, StoreError> {
        search::search(&mut self.client, q, limit)
    }

    fn actors(&mut self, prefix: &str, limit: usize) -> Result<Vec<crate::ActorCount>, StoreError> {
        query::actors(&mut self.client, prefix, limit)
    }

    fn counts(&mut self) -> Result<crate::Counts, StoreError> {
        query::counts(&mut self.client)
    }

    fn dedup_rule(&self) -> DedupRule {
        self.rule
    }
}
