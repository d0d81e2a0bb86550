//! Opening a SQLite store: connection settings, versioned migrations, and the `meta` table
//! that records the schema version and the de-duplication rule fixed at creation.

use super::{map_err, SqliteStore};
use crate::{DedupRule, StoreError, StoreOptions};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;
use std::time::Duration;

/// Migrations in order: version N is `MIGRATIONS[N - 1]`. A store records the last one applied
/// in `meta.schema_version`; opening applies the missing ones in one transaction.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_init.sql"),
    include_str!("../../migrations/sqlite/0002_indexes.sql"),
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a statement waits for another process's write lock before failing with
/// [`StoreError::Locked`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Open (and for writing, create or migrate) the store at `path`.
pub fn open(path: &Path, options: &StoreOptions) -> Result<SqliteStore, StoreError> {
    let what = path.display().to_string();
    let open_err = |reason: String| StoreError::Open {
        what: what.clone(),
        reason,
    };
    if options.read_only && !path.exists() {
        return Err(open_err(
            "no such file (a read-only open never creates a store)".into(),
        ));
    }
    if path.is_dir() {
        return Err(open_err("it is a directory, not a database file".into()));
    }
    let flags = if options.read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_failure(&what, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| open_failure(&what, e))?;
    conn.set_prepared_statement_cache_capacity(64);
    // The first read of the file: a file that is not a database fails here, by name.
    let has_meta: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(|e| open_failure(&what, e))?
        > 0;
    if !options.read_only {
        // WAL lets readers (the server) read while one ingest writes; NORMAL sync is durable
        // at each checkpoint and never corrupts on a crash, which is what the kill -9 promise
        // needs (a committed transaction survives a killed process).
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| open_failure(&what, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(open_err(format!(
                "cannot switch the journal to WAL mode (got {mode})"
            )));
        }
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;
             PRAGMA wal_autocheckpoint = 16384;",
        )
        .map_err(|e| open_failure(&what, e))?;
    } else {
        conn.execute_batch("PRAGMA cache_size = -65536;")
            .map_err(|e| open_failure(&what, e))?;
    }

    let version = if has_meta {
        read_version(&conn, &what)?
    } else {
        0
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            what,
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        if options.read_only {
            return Err(open_err("not a dyad store (it has no meta table)".into()));
        }
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| open_failure(&what, e))?;
        if tables > 0 {
            return Err(open_err(
                "it is a SQLite database of something else (tables but no dyad meta table)".into(),
            ));
        }
    } else if version < SCHEMA_VERSION && options.read_only {
        return Err(open_err(format!(
            "schema version {version} needs upgrading to {SCHEMA_VERSION}; open it once for writing (e.g. dyad ingest)"
        )));
    }
    if version < SCHEMA_VERSION {
        migrate(&conn, &what, version, &options.dedup)?;
    }
    let dedup = read_rule(&conn, &what)?;
    Ok(SqliteStore {
        conn,
        what,
        dedup,
        read_only: options.read_only,
    })
}

/// A failure while opening: locks are [`StoreError::Locked`], everything else names the file.
fn open_failure(what: &str, e: rusqlite::Error) -> StoreError {
    match map_err(what, e) {
        StoreError::Database(reason) => StoreError::Open {
            what: what.to_string(),
            reason,
        },
        other => other,
    }
}

fn meta_value(conn: &Connection, what: &str, key: &str) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(|e| open_failure(what, e))
}

fn read_version(conn: &Connection, what: &str) -> Result<i64, StoreError> {
    let v = meta_value(conn, what, "schema_version")?.ok_or_else(|| StoreError::Open {
        what: what.to_string(),
        reason: "the meta table has no schema_version".into(),
    })?;
    v.parse().map_err(|_| StoreError::Open {
        what: what.to_string(),
        reason: format!("schema_version {v:?} is not a number"),
    })
}

fn read_rule(conn: &Connection, what: &str) -> Result<DedupRule, StoreError> {
    let bad = |key: &str, v: &str| StoreError::Open {
        what: what.to_string(),
        reason: format!("meta {key} has an unreadable value {v:?}"),
    };
    let by_root = meta_value(conn, what, "dedup_by_root")?.unwrap_or_default();
    let window = meta_value(conn, what, "dedup_window_days")?.unwrap_or_default();
    Ok(DedupRule {
        by_root: match by_root.as_str() {
            "1" => true,
            "0" => false,
            v => return Err(bad("dedup_by_root", v)),
        },
        window_days: window
            .parse()
            .map_err(|_| bad("dedup_window_days", &window))?,
    })
}

/// Apply migrations `from + 1 ..= SCHEMA_VERSION` in one immediate transaction; a new store
/// also records the de-duplication rule.
fn migrate(conn: &Connection, what: &str, from: i64, rule: &DedupRule) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| open_failure(what, e))?;
    let result = (|| -> Result<(), rusqlite::Error> {
        // Another process may have created the store between our check and the lock.
        let has_meta: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )?;
        let current: i64 = if has_meta > 0 {
            conn.query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0)
        } else {
            0
        };
        let start = current.max(from);
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            let version = i as i64 + 1;
            if version > start {
                conn.execute_batch(sql)?;
            }
        }
        if start == 0 {
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('dedup_by_root', ?1), ('dedup_window_days', ?2)",
                (
                    if rule.by_root { "1" } else { "0" },
                    rule.window_days.to_string(),
                ),
            )?;
        }
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [SCHEMA_VERSION.to_string()],
        )?;
        Ok(())
    })();
    match result {
        Ok(()) => conn
            .execute_batch("COMMIT")
            .map_err(|e| open_failure(what, e)),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(open_failure(what, e))
        }
    }
}
