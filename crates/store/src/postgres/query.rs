//! Reading the store with the SQLite backend's semantics: filters as parameterised SQL,
//! newest-first keyset paging with the same cursors, articles, counts, aggregates, the actor
//! network and actor look-up. User values are only ever bound; the SQL text is built from
//! fixed pieces. Text comparisons that decide an order use `COLLATE "C"` (byte order, as
//! SQLite's), whatever the database's default collation.

use super::conn::db_error;
use super::search::tsquery_sql;
use super::{date_of, NO_DAY};
use crate::rows::NetworkBuilder;
use crate::{
    ActorCount, ArticleRecord, By, Counts, EventFilter, EventPage, Every, Mention, MentionPage,
    Network, Page, SentenceRecord, StatsQuery, StatsRow, StoreError, StoredEvent,
};
use chrono::NaiveDate;
use dyad_coder::Event;
use postgres::types::ToSql;
use postgres::Client;

/// Parameters of a statement being built.
pub type Params = Vec<Box<dyn ToSql + Sync>>;

/// Add a parameter and return its placeholder (`$n`).
pub fn bind(params: &mut Params, v: impl ToSql + Sync + 'static) -> String {
    params.push(Box::new(v));
    format!("${}", params.len())
}

pub fn refs(params: &Params) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// Which table a filter is applied to (the columns have the same names in each).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `events e`
    Events,
    /// `mentions m`
    Mentions,
    /// `daily d`: no place or text columns; callers route those filters to `Events`.
    Daily,
}

/// The SQL condition of `filter` on `table` (always starting with `TRUE`), after validating
/// the filter ([`StoreError::BadQuery`]). Actor prefixes are upper-cased, like SQLite's.
pub fn build_where(
    filter: &EventFilter,
    table: Table,
    params: &mut Params,
) -> Result<String, StoreError> {
    filter.validate()?;
    let a = match table {
        Table::Events => "e",
        Table::Mentions => "m",
        Table::Daily => "d",
    };
    let mut sql = String::from("TRUE");
    let mut parts: Vec<String> = Vec::new();
    // validate() allows only letters and digits in prefixes: no LIKE wildcard can get in.
    // On events the source is matched as `coalesce(source, '')`, the expression the
    // events_dedup index holds (the same rows: '' never starts with a non-empty prefix).
    let prefix = |params: &mut Params, col: &str, p: &str| {
        let col = if col == "source" && table == Table::Events {
            "coalesce(e.source, '')".to_string()
        } else {
            format!("{a}.{col}")
        };
        format!("{col} LIKE {}", bind(params, format!("{p}%")))
    };
    if let Some(s) = &filter.source {
        parts.push(prefix(params, "source", &s.to_ascii_uppercase()));
    }
    if let Some(t) = &filter.target {
        parts.push(prefix(params, "target", &t.to_ascii_uppercase()));
    }
    if let Some(x) = &filter.actor {
        let x = x.to_ascii_uppercase();
        let s = prefix(params, "source", &x);
        let t = prefix(params, "target", &x);
        parts.push(format!("({s} OR {t})"));
    }
    if let Some(c) = &filter.code {
        parts.push(prefix(params, "code", c));
    }
    if let Some(q) = filter.quad {
        parts.push(format!("{a}.quad = {}", bind(params, i16::from(q))));
    }
    if let Some(f) = filter.from {
        parts.push(format!("{a}.day >= {}", bind(params, day_param(f))));
    }
    if let Some(t) = filter.to {
        parts.push(format!(
            "{a}.day <= {} AND {a}.day > {NO_DAY}",
            bind(params, day_param(t))
        ));
    }
    if let Some(p) = &filter.place {
        if table == Table::Daily {
            return Err(StoreError::Database(
                "internal: a place filter cannot run on the daily table".into(),
            ));
        }
        if p.contains('\0') {
            // PostgreSQL text cannot hold NUL, so no stored place has one: nothing matches
            // (and binding it would be an encoding error, not an answer).
            parts.push("FALSE".into());
        } else {
            let lc = bind(params, p.to_lowercase());
            let uc = bind(params, p.to_uppercase());
            parts.push(format!("({a}.place_lc = {lc} OR {a}.place_country = {uc})"));
        }
    }
    if let Some(id) = &filter.event {
        let id = bind(params, id.clone());
        match table {
            Table::Events => parts.push(format!("{a}.id = {id}")),
            Table::Mentions => parts.push(format!(
                "{a}.event IN (SELECT rowid FROM events WHERE id = {id})"
            )),
            Table::Daily => {
                return Err(StoreError::Database(
                    "internal: an event filter cannot run on the daily table".into(),
                ))
            }
        }
    }
    if let Some(q) = &filter.text {
        let tsq = tsquery_sql(q, params);
        let matching = format!("SELECT rowid FROM articles WHERE search @@ {tsq}");
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
    Ok(sql)
}

/// A date as the INTEGER `day` column compares with.
fn day_param(d: NaiveDate) -> i32 {
    let day = super::day_of(d);
    day.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

use crate::rows::cursor_of;

/// The key of a cursor, whose day must also fit the INTEGER `day` column.
fn parse_cursor(c: &str) -> Result<(i64, String, i64), StoreError> {
    let (day, id, rowid) = crate::rows::parse_cursor(c)?;
    if i32::try_from(day).is_err() {
        return Err(StoreError::BadQuery(format!(
            "cursor {c:?} is not one this store gave out"
        )));
    }
    Ok((day, id, rowid))
}

fn parse_event(json: &str) -> Result<Event, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Database(format!("a stored event is not readable JSON: {e}")))
}

/// One page of events or mentions matching `filter`, newest first: rows of
/// (day, id, rowid, event id or mention count, event JSON), the total and the next cursor.
type RawPage = (Vec<(Option<String>, i32, String)>, u64, Option<String>);

fn page_of(
    client: &mut Client,
    filter: &EventFilter,
    page: &Page,
    table: Table,
) -> Result<RawPage, StoreError> {
    crate::rows::check_limit(page.limit)?;
    let mut params = Params::new();
    let cond = build_where(filter, table, &mut params)?;
    let (from, select, a) = match table {
        Table::Events => (
            "events e",
            "SELECT e.day, e.id, e.rowid, NULL::TEXT, e.mentions, m.json FROM events e
             JOIN mentions m ON m.rowid = e.first_mention",
            "e",
        ),
        _ => (
            "mentions m",
            "SELECT m.day, m.id, m.rowid, e.id, 0, m.json FROM mentions m
             JOIN events e ON e.rowid = m.event",
            "m",
        ),
    };
    let total: i64 = client
        .query_one(
            &format!("SELECT count(*) FROM {from} WHERE {cond}"),
            &refs(&params),
        )
        .map_err(db_error)?
        .get(0);
    let mut sql = format!("{select} WHERE {cond}");
    if let Some(c) = &page.cursor {
        let (day, id, rowid) = parse_cursor(c)?;
        let d = bind(&mut params, day as i32);
        let i = bind(&mut params, id);
        let r = bind(&mut params, rowid);
        sql.push_str(&format!(
            " AND ({a}.day, {a}.id COLLATE \"C\", {a}.rowid) < ({d}, {i} COLLATE \"C\", {r})"
        ));
    }
    let lim = bind(&mut params, i64::try_from(page.limit).unwrap_or(0) + 1);
    sql.push_str(&format!(
        " ORDER BY {a}.day DESC, {a}.id COLLATE \"C\" DESC, {a}.rowid DESC LIMIT {lim}"
    ));
    let rows = client.query(&sql, &refs(&params)).map_err(db_error)?;
    let more = rows.len() > page.limit;
    let mut out = Vec::with_capacity(rows.len().min(page.limit));
    let mut last = None;
    for row in rows.iter().take(page.limit) {
        let day: i32 = row.get(0);
        let id: String = row.get(1);
        let rowid: i64 = row.get(2);
        last = Some((day, id, rowid));
        out.push((row.get(3), row.get(4), row.get(5)));
    }
    let next = match (more, last) {
        (true, Some((day, id, rowid))) => Some(cursor_of(i64::from(day), &id, rowid)),
        _ => None,
    };
    Ok((out, u64::try_from(total).unwrap_or(0), next))
}

pub fn events(
    client: &mut Client,
    filter: &EventFilter,
    page: &Page,
) -> Result<EventPage, StoreError> {
    let (raw, total, next) = page_of(client, filter, page, Table::Events)?;
    let mut events = Vec::with_capacity(raw.len());
    for (_, mentions, json) in raw {
        events.push(StoredEvent {
            event: parse_event(&json)?,
            mentions: u32::try_from(mentions).unwrap_or(0),
        });
    }
    Ok(EventPage {
        events,
        total,
        next,
    })
}

pub fn mentions(
    client: &mut Client,
    filter: &EventFilter,
    page: &Page,
) -> Result<MentionPage, StoreError> {
    let (raw, total, next) = page_of(client, filter, page, Table::Mentions)?;
    let mut mentions = Vec::with_capacity(raw.len());
    for (event_id, _, json) in raw {
        mentions.push(Mention {
            event: parse_event(&json)?,
            event_id: event_id.unwrap_or_default(),
        });
    }
    Ok(MentionPage {
        mentions,
        total,
        next,
    })
}

pub fn parse_date(s: Option<&str>) -> Result<Option<NaiveDate>, StoreError> {
    match s {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| StoreError::Database(format!("a stored date {s:?} is not YYYY-MM-DD"))),
    }
}

fn to_usize(v: Option<i32>) -> Option<usize> {
    v.and_then(|v| usize::try_from(v).ok())
}

pub fn article(client: &mut Client, id: &str) -> Result<Option<ArticleRecord>, StoreError> {
    if id.contains('\0') {
        return Ok(None); // no stored id holds NUL (PostgreSQL text cannot)
    }
    let Some(a) = client
        .query_opt(
            "SELECT rowid, id, to_char(date, 'YYYY-MM-DD'), title, text, origin
             FROM articles WHERE id = $1",
            &[&id],
        )
        .map_err(db_error)?
    else {
        return Ok(None);
    };
    let rowid: i64 = a.get(0);
    let sentences = client
        .query(
            "SELECT idx, start_char, end_char, text FROM sentences WHERE article = $1 ORDER BY idx",
            &[&rowid],
        )
        .map_err(db_error)?
        .into_iter()
        .map(|r| SentenceRecord {
            index: to_usize(r.get(0)).unwrap_or(0),
            start: to_usize(r.get(1)),
            end: to_usize(r.get(2)),
            text: r.get(3),
        })
        .collect();
    let rows = client
        .query(
            "SELECT e.id, m.json FROM mentions m JOIN events e ON e.rowid = m.event
             WHERE m.article = $1 ORDER BY m.sentence_index, m.rowid",
            &[&rowid],
        )
        .map_err(db_error)?;
    let mut mentions = Vec::with_capacity(rows.len());
    for r in &rows {
        mentions.push(Mention {
            event: parse_event(r.get(1))?,
            event_id: r.get(0),
        });
    }
    Ok(Some(ArticleRecord {
        id: a.get(1),
        date: parse_date(a.get(2))?,
        title: a.get(3),
        text: a.get(4),
        origin: a.get(5),
        sentences,
        mentions,
    }))
}

pub fn counts(client: &mut Client) -> Result<Counts, StoreError> {
    let r = client
        .query_one(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sentences),
                    (SELECT count(*) FROM mentions), (SELECT count(*) FROM events)",
            &[],
        )
        .map_err(db_error)?;
    let n = |i: usize| u64::try_from(r.get::<_, i64>(i)).unwrap_or(0);
    Ok(Counts {
        articles: n(0),
        sentences: n(1),
        mentions: n(2),
        events: n(3),
    })
}

/// Aggregates: read from `daily` (maintained on ingest) unless the filter needs a place or
/// text match, which only `events` can answer; both give the same figures. A week starts on
/// Monday (1970-01-01 was a Thursday), a month on the 1st, a year on 1 January; undated
/// events belong to no period (only to [`Every::All`]).
pub fn stats(client: &mut Client, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError> {
    let use_events =
        q.filter.place.is_some() || q.filter.text.is_some() || q.filter.event.is_some();
    let (table, from, n, sum) = if use_events {
        (Table::Events, "events e", "1", "e.goldstein")
    } else {
        (Table::Daily, "daily d", "d.n", "d.goldstein_sum")
    };
    let a = if use_events { "e" } else { "d" };
    let mut params = Params::new();
    let cond = build_where(&q.filter, table, &mut params)?;
    let day = format!("{a}.day");
    let period = match q.every {
        Every::All => "0".to_string(),
        Every::Day => day.clone(),
        Every::Week => format!("({day} - ((({day} + 3) % 7) + 7) % 7)"),
        Every::Month => {
            format!("(date_trunc('month', DATE '1970-01-01' + {day})::DATE - DATE '1970-01-01')")
        }
        Every::Year => {
            format!("(date_trunc('year', DATE '1970-01-01' + {day})::DATE - DATE '1970-01-01')")
        }
    };
    let dated = if q.every == Every::All {
        "TRUE".to_string()
    } else {
        format!("{day} > {NO_DAY}")
    };
    let (s, t) = (
        format!("coalesce({a}.source, '')"),
        format!("coalesce({a}.target, '')"),
    );
    let code = format!("{a}.code");
    let root = format!("left({a}.code, 2)");
    let quad = format!("{a}.quad");
    let (g1, g2, gq) = match q.by {
        By::Dyad => (s.as_str(), t.as_str(), "0"),
        By::Source => (s.as_str(), "''", "0"),
        By::Target => (t.as_str(), "''", "0"),
        By::Code => (code.as_str(), "''", "0"),
        By::Root => (root.as_str(), "''", "0"),
        By::Quad => ("''", "''", quad.as_str()),
    };
    let sql = format!(
        "SELECT * FROM (SELECT {period}::BIGINT AS p, {g1}::TEXT AS g1, {g2}::TEXT AS g2, ({gq})::SMALLINT AS gq,
                sum({n})::BIGINT, sum({sum})::FLOAT8,
                coalesce(sum({n}) FILTER (WHERE {quad} = 1), 0)::BIGINT,
                coalesce(sum({n}) FILTER (WHERE {quad} = 2), 0)::BIGINT,
                coalesce(sum({n}) FILTER (WHERE {quad} = 3), 0)::BIGINT,
                coalesce(sum({n}) FILTER (WHERE {quad} = 4), 0)::BIGINT
         FROM {from} WHERE {cond} AND {dated}
         GROUP BY 1, 2, 3, 4) s
         ORDER BY p, g1 COLLATE \"C\", g2 COLLATE \"C\", gq"
    );
    let rows = client.query(&sql, &refs(&params)).map_err(db_error)?;
    let some = |s: String| if s.is_empty() { None } else { Some(s) };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let count = u64::try_from(r.get::<_, i64>(4)).unwrap_or(0);
        let goldstein_sum: f64 = r.get(5);
        let qn = |i: usize| u64::try_from(r.get::<_, i64>(i)).unwrap_or(0);
        let (g1, g2): (String, String) = (r.get(1), r.get(2));
        let mut row = StatsRow {
            period: if q.every == Every::All {
                None
            } else {
                date_of(r.get(0))
            },
            source: None,
            target: None,
            code: None,
            quad_class: None,
            count,
            goldstein_sum,
            goldstein_mean: if count > 0 {
                goldstein_sum / count as f64
            } else {
                0.0
            },
            quad: [qn(6), qn(7), qn(8), qn(9)],
        };
        match q.by {
            By::Dyad => {
                row.source = some(g1);
                row.target = some(g2);
            }
            By::Source => row.source = some(g1),
            By::Target => row.target = some(g1),
            By::Code | By::Root => row.code = some(g1),
            By::Quad => row.quad_class = u8::try_from(r.get::<_, i16>(3)).ok(),
        }
        out.push(row);
    }
    Ok(out)
}

/// Actors (either side of the matching events; an event counts once for an actor on both
/// sides) with their most frequent name, and dyads with their count and mean Goldstein.
/// Events are read in row order so that sums are added in the same order as SQLite's.
pub fn network(client: &mut Client, filter: &EventFilter) -> Result<Network, StoreError> {
    let mut params = Params::new();
    let cond = build_where(filter, Table::Events, &mut params)?;
    let sql = format!(
        "SELECT e.source, e.source_name, e.target, e.target_name, e.goldstein FROM events e
         WHERE {cond} AND (e.source IS NOT NULL OR e.target IS NOT NULL)
         ORDER BY e.rowid"
    );
    let rows = client.query(&sql, &refs(&params)).map_err(db_error)?;
    let mut network = NetworkBuilder::default();
    for r in rows {
        network.add(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
    }
    Ok(network.finish())
}

/// Actor codes starting with `prefix` (upper-cased) or names starting with it (lower-cased),
/// from the `actors` table maintained on ingest; most events first.
pub fn actors(
    client: &mut Client,
    prefix: &str,
    limit: usize,
) -> Result<Vec<ActorCount>, StoreError> {
    crate::rows::check_actors_query(prefix, limit)?;
    if prefix.contains('\0') {
        return Ok(Vec::new()); // no stored code or name holds NUL (PostgreSQL text cannot)
    }
    let lower = prefix.to_lowercase();
    let upper = prefix.to_uppercase();
    let rows = client
        .query(
            "SELECT code, name, events FROM actors
             WHERE substr(code, 1, $1) = $2 OR substr(name_lc, 1, $3) = $4
             ORDER BY events DESC, code COLLATE \"C\" LIMIT $5",
            &[
                &i32::try_from(upper.chars().count()).unwrap_or(0),
                &upper,
                &i32::try_from(lower.chars().count()).unwrap_or(0),
                &lower,
                &i64::try_from(limit).unwrap_or(0),
            ],
        )
        .map_err(db_error)?;
    Ok(rows
        .into_iter()
        .map(|r| ActorCount {
            code: r.get(0),
            name: r.get(1),
            events: u64::try_from(r.get::<_, i64>(2)).unwrap_or(0),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let c = cursor_of(19000, "ab.cd", 42);
        assert_eq!(parse_cursor(&c).unwrap(), (19000, "ab.cd".to_string(), 42));
        for bad in ["", "x", "1.2", "a.2.x", "1.b.x", "99999999999.1.x"] {
            assert!(
                matches!(parse_cursor(bad), Err(StoreError::BadQuery(_))),
                "{bad}"
            );
        }
    }
}
