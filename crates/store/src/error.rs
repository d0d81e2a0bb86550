//! Store errors: what went wrong and where, never a panic.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A query parameter that cannot be right (bad actor code, quad 7, unbalanced quote...).
    /// Servers answer 400 with this message.
    #[error("bad query: {0}")]
    BadQuery(String),
    /// The database could not be opened or reached (`what` names it without a password).
    #[error("cannot open {what}: {reason}")]
    Open { what: String, reason: String },
    /// The database is locked by another writer for longer than the busy timeout.
    #[error("database {what} is locked by another process; try again when it has finished")]
    Locked { what: String },
    /// The database was made by a newer dyad (schema version above what this one knows).
    #[error("database {what} has schema version {found}, newer than this dyad knows ({known}); upgrade dyad")]
    TooNew {
        what: String,
        found: i64,
        known: i64,
    },
    /// Any other database failure, with the backend's message.
    #[error("database error: {0}")]
    Database(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Writing an export failed (Parquet, CSV...).
    #[error("export: {0}")]
    Export(String),
}
