//! Connecting to PostgreSQL and turning its errors into [`StoreError`]s that say what and why
//! without ever showing a password.

use crate::StoreError;
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};
use std::time::Duration;

/// How long a connection attempt may take before the store gives up: an unreachable host
/// (a firewall dropping packets) must become an error, not a hang.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The password of a `postgres://user:password@host/...` URL, when it has one.
fn password_of(url: &str) -> Option<&str> {
    let rest = &url[url.find("://")? + 3..];
    let userinfo = &rest[..rest.rfind('@')?];
    let (_, pw) = userinfo.split_once(':')?;
    (!pw.is_empty()).then_some(pw)
}

/// Remove the URL's password from a message, wherever a library might have echoed it.
pub fn redact(message: &str, url: &str) -> String {
    match password_of(url) {
        Some(pw) => message.replace(pw, "***"),
        None => message.to_string(),
    }
}

/// A PostgreSQL error with its causes: the driver's `Display` only names the kind ("db error",
/// "error connecting to server"), the server's message and the OS error are in the sources.
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = db.message().to_string();
        if let Some(d) = db.detail() {
            s.push_str(" (");
            s.push_str(d);
            s.push(')');
        }
        return s;
    }
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let c = cause.to_string();
        if !s.contains(&c) {
            s.push_str(": ");
            s.push_str(&c);
        }
        source = cause.source();
    }
    s
}

/// Map a PostgreSQL error met while using an open store.
pub fn db_error(e: postgres::Error) -> StoreError {
    match e.code() {
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE => StoreError::Locked {
            what: "PostgreSQL".into(),
        },
        Some(c) if *c == SqlState::DISK_FULL => StoreError::Database(format!(
            "the PostgreSQL server is out of disk space: {}",
            describe(&e)
        )),
        Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => StoreError::Database(format!(
            "the store is open for reading only: {}",
            describe(&e)
        )),
        _ if e.is_closed() => StoreError::Database(format!(
            "the connection to the PostgreSQL server was lost: {}",
            describe(&e)
        )),
        _ => StoreError::Database(describe(&e)),
    }
}

/// Connect to `url`. `what` is how errors name the database (the URL without its password).
pub fn connect(url: &str, what: &str) -> Result<Client, StoreError> {
    let open_err = |reason: String| StoreError::Open {
        what: what.to_string(),
        reason: redact(&reason, url),
    };
    let mut config: Config = url.parse().map_err(|e: postgres::Error| {
        open_err(format!("not a valid PostgreSQL URL: {}", describe(&e)))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("dyad");
    }
    config.connect(NoTls).map_err(|e| {
        let hint = if e.as_db_error().is_some() {
            ""
        } else {
            " (is the server running, and are host and port right?)"
        };
        open_err(format!("{}{hint}", describe(&e)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        let url = "postgres://ana:s3cret@db.example:5432/dyad";
        assert_eq!(password_of(url), Some("s3cret"));
        assert_eq!(
            redact("failed for ana:s3cret on db", url),
            "failed for ana:*** on db"
        );
        assert_eq!(password_of("postgres://ana@h/db"), None);
        assert_eq!(password_of("postgres://h/db"), None);
        // A password holding '@' : the last '@' ends the user information.
        assert_eq!(password_of("postgres://u:p@ss@h/db"), Some("p@ss"));
    }
}
