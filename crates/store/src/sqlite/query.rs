//! Filters as parameterised SQL, newest-first keyset paging, articles and counts.
//!
//! User values are only ever bound as parameters; the SQL text is built from fixed pieces.
//! Actor and code prefixes become half-open ranges (`RUS` -> `>= 'RUS' AND < 'RUT'`) that
//! the indexes serve.

use super::{date_of, SqliteStore, NO_DAY};
use crate::{
    ArticleRecord, Counts, EventFilter, EventPage, Mention, MentionPage, Page, SentenceRecord,
    StoreError, StoredEvent,
};
use chrono::NaiveDate;
use dyad_coder::Event;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};

/// Which table a filter is applied to; column names are the same in each, the alias differs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    /// `events e`
    Events,
    /// `mentions m`
    Mentions,
    /// `daily d` (no place or text columns: callers route those filters to `Events`)
    Daily,
}

/// A WHERE clause (always starting with `1`) and its parameters.
pub(super) struct Where {
    pub sql: String,
    pub params: Vec<Value>,
}

/// `[lower, upper)` bounds of the strings starting with an ASCII `prefix`.
fn prefix_range(prefix: &str) -> (String, String) {
    let mut upper = prefix.as_bytes().to_vec();
    if let Some(last) = upper.last_mut() {
        *last = last.saturating_add(1);
    }
    (
        prefix.to_string(),
        String::from_utf8_lossy(&upper).into_owned(),
    )
}

/// `alias.col` starts with `prefix`, as an index-friendly range; binds two parameters.
fn range(params: &mut Vec<Value>, alias: &str, col: &str, prefix: &str) -> String {
    let (lo, hi) = prefix_range(prefix);
    params.push(Value::Text(lo));
    params.push(Value::Text(hi));
    let n = params.len();
    format!("({alias}.{col} >= ?{} AND {alias}.{col} < ?{n})", n - 1)
}

/// The SQL condition of `filter` on `table`. Validates the filter first
/// ([`StoreError::BadQuery`]).
pub(super) fn build_where(filter: &EventFilter, table: Table) -> Result<Where, StoreError> {
    filter.validate()?;
    let a = match table {
        Table::Events => "e",
        Table::Mentions => "m",
        Table::Daily => "d",
    };
    let mut sql = String::from("1");
    let mut params: Vec<Value> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    if let Some(s) = &filter.source {
        parts.push(range(&mut params, a, "source", &s.to_ascii_uppercase()));
    }
    if let Some(t) = &filter.target {
        parts.push(range(&mut params, a, "target", &t.to_ascii_uppercase()));
    }
    if let Some(x) = &filter.actor {
        let x = x.to_ascii_uppercase();
        let s = range(&mut params, a, "source", &x);
        let t = range(&mut params, a, "target", &x);
        parts.push(format!("({s} OR {t})"));
    }
    if let Some(c) = &filter.code {
        parts.push(range(&mut params, a, "code", c));
    }
    if let Some(q) = filter.quad {
        params.push(Value::Integer(i64::from(q)));
        parts.push(format!("{a}.quad = ?{}", params.len()));
    }
    if let Some(f) = filter.from {
        params.push(Value::Integer(super::day_of(f)));
        parts.push(format!("{a}.day >= ?{}", params.len()));
    }
    if let Some(t) = filter.to {
        params.push(Value::Integer(super::day_of(t)));
        parts.push(format!(
            "{a}.day <= ?{} AND {a}.day > {NO_DAY}",
            params.len()
        ));
    }
    if let Some(p) = &filter.place {
        if table == Table::Daily {
            return Err(StoreError::Database(
                "internal: a place filter cannot run on the daily table".into(),
            ));
        }
        params.push(Value::Text(p.to_lowercase()));
        let n = params.len();
        params.push(Value::Text(p.to_uppercase()));
        parts.push(format!(
            "({a}.place_lc = ?{n} OR {a}.place_country = ?{})",
            n + 1
        ));
    }
    if let Some(id) = &filter.event {
        params.push(Value::Text(id.clone()));
        let n = params.len();
        match table {
            Table::Events => parts.push(format!("{a}.id = ?{n}")),
            Table::Mentions => parts.push(format!(
                "{a}.event IN (SELECT rowid FROM events WHERE id = ?{n})"
            )),
            Table::Daily => {
                return Err(StoreError::Database(
                    "internal: an event filter cannot run on the daily table".into(),
                ))
            }
        }
    }
    if let Some(q) = &filter.text {
        params.push(Value::Text(q.to_fts5()));
        let n = params.len();
        let matching = format!("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?{n}");
        match table {
            Table::Events => parts.push(format!(
                "{a}.rowid IN (SELECT mm.event FROM mentions mm WHERE mm.article IN ({matching}))"
            )),
            Table::Mentions => parts.push(format!("{a}.article IN ({matching})")),
            Table::Daily => {
                return Err(StoreError::Database(
                    "internal: a text filter cannot run on the daily table".into(),
                ))
            }
        }
    }
    for p in parts {
        sql.push_str(" AND ");
        sql.push_str(&p);
    }
    Ok(Where { sql, params })
}

use crate::rows::{cursor_of, parse_cursor};

fn parse_event(json: &str) -> Result<Event, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Database(format!("a stored event is not readable JSON: {e}")))
}

/// One page of `table` rows (events or mentions) matching `filter`, newest first; each row is
/// (day, id, rowid, payload) where the payload is read by `read`.
fn page_of<T>(
    store: &mut SqliteStore,
    filter: &EventFilter,
    page: &Page,
    table: Table,
    read: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<(Vec<T>, u64, Option<String>), StoreError> {
    crate::rows::check_limit(page.limit)?;
    let mut w = build_where(filter, table)?;
    // The page's rows are chosen on the filtered table alone (ORDER BY + LIMIT in a
    // subquery), and only those rows are joined to fetch their JSON: joining first would read
    // the JSON of every match before sorting.
    let (from, select) = match table {
        Table::Events => (
            "events e",
            "SELECT e.day, e.id, e.rowid, e.mentions, m.json FROM page
             JOIN events e ON e.rowid = page.r JOIN mentions m ON m.rowid = e.first_mention",
        ),
        _ => (
            "mentions m",
            "SELECT m.day, m.id, m.rowid, e.id, m.json FROM page
             JOIN mentions m ON m.rowid = page.r JOIN events e ON e.rowid = m.event",
        ),
    };
    let a = if table == Table::Events { "e" } else { "m" };
    // Every event: the count ingest keeps, instead of counting a million rows per page.
    let kept: Option<i64> = if table == Table::Events && w.params.is_empty() {
        store
            .conn
            .prepare_cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'event_count'")
            .and_then(|mut s| s.query_row([], |r| r.get(0)).optional())
            .map_err(|e| store.err(e))?
    } else {
        None
    };
    let total: i64 = match kept {
        Some(n) => n,
        None => store
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM {from} WHERE {}", w.sql))
            .and_then(|mut s| s.query_row(params_from_iter(w.params.iter()), |r| r.get(0)))
            .map_err(|e| store.err(e))?,
    };
    if let Some(c) = &page.cursor {
        let (day, id, rowid) = parse_cursor(c)?;
        w.params.push(Value::Integer(day));
        w.params.push(Value::Text(id));
        w.params.push(Value::Integer(rowid));
        let n = w.params.len();
        w.sql.push_str(&format!(
            " AND ({a}.day, {a}.id, {a}.rowid) < (?{}, ?{}, ?{n})",
            n - 2,
            n - 1
        ));
    }
    w.params
        .push(Value::Integer(i64::try_from(page.limit).unwrap_or(0) + 1));
    let order = format!("{a}.day DESC, {a}.id DESC, {a}.rowid DESC");
    let sql = format!(
        "WITH page(r) AS MATERIALIZED (SELECT {a}.rowid FROM {from} WHERE {} ORDER BY {order} LIMIT ?{})
         {select} ORDER BY {order}",
        w.sql,
        w.params.len()
    );
    let mut stmt = store.conn.prepare_cached(&sql).map_err(|e| store.err(e))?;
    let mut rows = stmt
        .query(params_from_iter(w.params.iter()))
        .map_err(|e| super::map_err(&store.what, e))?;
    let mut out = Vec::new();
    let mut last: Option<(i64, String, i64)> = None;
    let mut more = false;
    while let Some(row) = rows.next().map_err(|e| super::map_err(&store.what, e))? {
        if out.len() == page.limit {
            more = true;
            break;
        }
        let key = (|| Ok::<_, rusqlite::Error>((row.get(0)?, row.get(1)?, row.get(2)?)))()
            .map_err(|e| super::map_err(&store.what, e))?;
        last = Some(key);
        out.push(read(row).map_err(|e| super::map_err(&store.what, e))?);
    }
    let next = match (more, last) {
        (true, Some((day, id, rowid))) => Some(cursor_of(day, &id, rowid)),
        _ => None,
    };
    Ok((out, u64::try_from(total).unwrap_or(0), next))
}

pub(super) fn events(
    store: &mut SqliteStore,
    filter: &EventFilter,
    page: &Page,
) -> Result<EventPage, StoreError> {
    let (raw, total, next) = page_of(store, filter, page, Table::Events, |r| {
        Ok((r.get::<_, i64>(3)?, r.get::<_, String>(4)?))
    })?;
    let mut events = Vec::with_capacity(raw.len());
    for (mentions, json) in raw {
        events.push(StoredEvent {
            event: parse_event(&json)?,
            mentions: u32::try_from(mentions).unwrap_or(u32::MAX),
        });
    }
    Ok(EventPage {
        events,
        total,
        next,
    })
}

pub(super) fn mentions(
    store: &mut SqliteStore,
    filter: &EventFilter,
    page: &Page,
) -> Result<MentionPage, StoreError> {
    let (raw, total, next) = page_of(store, filter, page, Table::Mentions, |r| {
        Ok((r.get::<_, String>(3)?, r.get::<_, String>(4)?))
    })?;
    let mut mentions = Vec::with_capacity(raw.len());
    for (event_id, json) in raw {
        mentions.push(Mention {
            event: parse_event(&json)?,
            event_id,
        });
    }
    Ok(MentionPage {
        mentions,
        total,
        next,
    })
}

pub(super) fn parse_date(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    match s {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| StoreError::Database(format!("a stored date {s:?} is not YYYY-MM-DD"))),
    }
}

fn to_usize(v: Option<i64>) -> Option<usize> {
    v.and_then(|v| usize::try_from(v).ok())
}

pub(super) fn article(
    store: &mut SqliteStore,
    id: &str,
) -> Result<Option<ArticleRecord>, StoreError> {
    let row = store
        .conn
        .prepare_cached("SELECT rowid, id, date, title, text, origin FROM articles WHERE id = ?1")
        .and_then(|mut s| {
            s.query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .optional()
        })
        .map_err(|e| store.err(e))?;
    let Some((rowid, id, date, title, text, origin)) = row else {
        return Ok(None);
    };
    let sentences = store
        .conn
        .prepare_cached(
            "SELECT idx, start, end, text FROM sentences WHERE article = ?1 ORDER BY idx",
        )
        .and_then(|mut s| {
            s.query_map([rowid], |r| {
                Ok(SentenceRecord {
                    index: to_usize(r.get(0)?).unwrap_or(0),
                    start: to_usize(r.get(1)?),
                    end: to_usize(r.get(2)?),
                    text: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| store.err(e))?;
    let raw = store
        .conn
        .prepare_cached(
            "SELECT e.id, m.json FROM mentions m JOIN events e ON e.rowid = m.event
             WHERE m.article = ?1 ORDER BY m.sentence_index, m.rowid",
        )
        .and_then(|mut s| {
            s.query_map([rowid], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| store.err(e))?;
    let mut mentions = Vec::with_capacity(raw.len());
    for (event_id, json) in raw {
        mentions.push(Mention {
            event: parse_event(&json)?,
            event_id,
        });
    }
    Ok(Some(ArticleRecord {
        id,
        date: parse_date(date)?,
        title,
        text,
        origin,
        sentences,
        mentions,
    }))
}

pub(super) fn counts(store: &mut SqliteStore) -> Result<Counts, StoreError> {
    let n = |store: &SqliteStore, table: &str| -> Result<u64, StoreError> {
        let v: i64 = store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| store.err(e))?;
        Ok(u64::try_from(v).unwrap_or(0))
    };
    Ok(Counts {
        articles: n(store, "articles")?,
        sentences: n(store, "sentences")?,
        mentions: n(store, "mentions")?,
        events: n(store, "events")?,
    })
}

/// The date of an event row's `day`, for stats periods.
pub(super) fn day_date(day: i64) -> Option<NaiveDate> {
    date_of(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ranges_are_half_open() {
        assert_eq!(prefix_range("RUS"), ("RUS".into(), "RUT".into()));
        assert_eq!(prefix_range("04"), ("04".into(), "05".into()));
        assert_eq!(prefix_range("09"), ("09".into(), "0:".into()));
        assert!("RUSMIL" >= "RUS" && "RUSMIL" < "RUT");
    }

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let c = cursor_of(19000, "ab.cd", 42);
        assert_eq!(parse_cursor(&c).unwrap(), (19000, "ab.cd".to_string(), 42));
        for bad in ["", "x", "1.2", "a.2.x", "1.b.x"] {
            assert!(
                matches!(parse_cursor(bad), Err(StoreError::BadQuery(_))),
                "{bad}"
            );
        }
    }
}
