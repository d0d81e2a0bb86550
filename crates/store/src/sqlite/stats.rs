//! Aggregates, the actor network and actor look-up.
//!
//! `stats` reads the `daily` table (one row per day and source/target/code/quad, maintained on
//! ingest) unless the filter needs a place or text match, which only the `events` table can
//! answer; both give the same figures. Grouping into periods is done here, in Rust, over the
//! rows the filter selects: a week starts on Monday, a month on the 1st, a year on 1 January.

use super::query::{build_where, day_date, Table};
use super::{SqliteStore, NO_DAY};
use crate::rows::NetworkBuilder;
use crate::{ActorCount, By, EventFilter, Every, Network, StatsQuery, StatsRow, StoreError};
use chrono::{Datelike, NaiveDate};
use rusqlite::params_from_iter;
use rusqlite::types::ValueRef;
use std::collections::HashMap;

/// The first day of the period holding `day` (days since 1970-01-01); `None` for
/// [`Every::All`]. 1970-01-01 was a Thursday, so Monday-based weeks start 3 days before.
fn period_start(day: i64, every: Every) -> Option<i64> {
    match every {
        Every::All => None,
        Every::Day => Some(day),
        Every::Week => Some(day - (day + 3).rem_euclid(7)),
        Every::Month | Every::Year => {
            let d = day_date(day)?;
            let first = if every == Every::Month {
                NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
            } else {
                NaiveDate::from_ymd_opt(d.year(), 1, 1)
            }?;
            Some(super::day_of(first))
        }
    }
}

/// Aggregate key: period (i64::MIN for all), two interned group strings, quad class.
type Key = (i64, u32, u32, u8);

#[derive(Default)]
struct Acc {
    count: u64,
    sum: f64,
    quad: [u64; 4],
}

/// A multiply-rotate hasher for the small integer keys of aggregation (SipHash's protection
/// against chosen keys is not needed for codes read from our own database, and it is several
/// times slower on a million rows).
#[derive(Default, Clone, Copy)]
struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type IntMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IntHasher>>;

/// Strings seen while aggregating, numbered, so that a million rows hash small integer keys
/// instead of allocating strings (0 is the empty string: no actor / not grouped).
struct Interner {
    ids: HashMap<Vec<u8>, u32, std::hash::BuildHasherDefault<IntHasher>>,
    strings: Vec<String>,
}

impl Interner {
    fn new() -> Interner {
        Interner {
            ids: [(Vec::new(), 0)].into_iter().collect(),
            strings: vec![String::new()],
        }
    }

    fn id(&mut self, s: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_vec(), id);
        self.strings.push(String::from_utf8_lossy(s).into_owned());
        id
    }

    fn get(&self, id: u32) -> Option<String> {
        self.strings
            .get(id as usize)
            .filter(|s| !s.is_empty())
            .cloned()
    }
}

fn bytes(v: ValueRef<'_>) -> &[u8] {
    match v {
        ValueRef::Text(t) => t,
        _ => b"",
    }
}

pub(super) fn stats(store: &mut SqliteStore, q: &StatsQuery) -> Result<Vec<StatsRow>, StoreError> {
    let use_events =
        q.filter.place.is_some() || q.filter.text.is_some() || q.filter.event.is_some();
    let (table, sql) = if use_events {
        (
            Table::Events,
            "SELECT e.day, e.source, e.target, e.code, e.quad, 1, e.goldstein FROM events e",
        )
    } else {
        (
            Table::Daily,
            "SELECT d.day, d.source, d.target, d.code, d.quad, d.n, d.goldstein_sum FROM daily d",
        )
    };
    let w = build_where(&q.filter, table)?;
    let sql = format!("{sql} WHERE {}", w.sql);
    let mut acc: IntMap<Key, Acc> = IntMap::default();
    let mut names = Interner::new();
    // The last period computed, to skip the date arithmetic for runs of the same day.
    let mut last_day = (i64::MIN, i64::MIN);
    {
        let mut stmt = store.conn.prepare_cached(&sql).map_err(|e| store.err(e))?;
        let mut rows = stmt
            .query(params_from_iter(w.params.iter()))
            .map_err(|e| super::map_err(&store.what, e))?;
        while let Some(row) = rows.next().map_err(|e| super::map_err(&store.what, e))? {
            let get = |i: usize| row.get_ref(i).map_err(|e| super::map_err(&store.what, e));
            let day = get(0)?.as_i64().unwrap_or(NO_DAY);
            let period = if q.every == Every::All {
                i64::MIN
            } else if day == NO_DAY {
                continue; // an undated event belongs to no period
            } else if day == last_day.0 {
                last_day.1
            } else {
                match period_start(day, q.every) {
                    Some(p) => {
                        last_day = (day, p);
                        p
                    }
                    None => continue,
                }
            };
            let quad = get(4)?.as_i64().unwrap_or(0);
            let quad = u8::try_from(quad).unwrap_or(0);
            let key: Key = match q.by {
                By::Dyad => (
                    period,
                    names.id(bytes(get(1)?)),
                    names.id(bytes(get(2)?)),
                    0,
                ),
                By::Source => (period, names.id(bytes(get(1)?)), 0, 0),
                By::Target => (period, names.id(bytes(get(2)?)), 0, 0),
                By::Code => (period, names.id(bytes(get(3)?)), 0, 0),
                By::Root => {
                    let code = bytes(get(3)?);
                    (period, names.id(code.get(..2).unwrap_or(code)), 0, 0)
                }
                By::Quad => (period, 0, 0, quad),
            };
            let n = u64::try_from(get(5)?.as_i64().unwrap_or(0)).unwrap_or(0);
            let sum = match get(6)? {
                ValueRef::Real(f) => f,
                ValueRef::Integer(i) => i as f64,
                _ => 0.0,
            };
            let slot = acc.entry(key).or_default();
            slot.count += n;
            slot.sum += sum;
            if (1..=4).contains(&quad) {
                slot.quad[usize::from(quad - 1)] += n;
            }
        }
    }
    // Order: periods, then the group by its strings (missing actors first). Sorting the
    // integer keys by the strings' ranks avoids comparing strings a million times.
    let mut order: Vec<u32> = (0..names.strings.len() as u32).collect();
    order.sort_by(|a, b| names.strings[*a as usize].cmp(&names.strings[*b as usize]));
    let mut rank = vec![0u32; order.len()];
    for (r, id) in order.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    let mut keyed: Vec<(Key, Acc)> = acc.into_iter().collect();
    keyed.sort_unstable_by_key(|((period, a, b, quad), _)| {
        (*period, rank[*a as usize], rank[*b as usize], *quad)
    });
    let rows: Vec<StatsRow> = keyed
        .into_iter()
        .map(|((period, a, b, quad), v)| {
            let mut row = StatsRow {
                period: if period == i64::MIN {
                    None
                } else {
                    day_date(period)
                },
                source: None,
                target: None,
                code: None,
                quad_class: None,
                count: v.count,
                goldstein_sum: v.sum,
                goldstein_mean: if v.count > 0 {
                    v.sum / v.count as f64
                } else {
                    0.0
                },
                quad: v.quad,
            };
            match q.by {
                By::Dyad => {
                    row.source = names.get(a);
                    row.target = names.get(b);
                }
                By::Source => row.source = names.get(a),
                By::Target => row.target = names.get(a),
                By::Code | By::Root => row.code = names.get(a),
                By::Quad => row.quad_class = Some(quad),
            }
            row
        })
        .collect();
    Ok(rows)
}

pub(super) fn network(
    store: &mut SqliteStore,
    filter: &EventFilter,
) -> Result<Network, StoreError> {
    let w = build_where(filter, Table::Events)?;
    let sql = format!(
        "SELECT e.source, e.source_name, e.target, e.target_name, e.goldstein FROM events e
         WHERE {} AND (e.source IS NOT NULL OR e.target IS NOT NULL)",
        w.sql
    );
    let mut network = NetworkBuilder::default();
    {
        let mut stmt = store.conn.prepare_cached(&sql).map_err(|e| store.err(e))?;
        let mut rows = stmt
            .query(params_from_iter(w.params.iter()))
            .map_err(|e| super::map_err(&store.what, e))?;
        while let Some(row) = rows.next().map_err(|e| super::map_err(&store.what, e))? {
            let (source, source_name, target, target_name, goldstein) = (|| {
                Ok::<_, rusqlite::Error>((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, f64>(4)?,
                ))
            })()
            .map_err(|e| super::map_err(&store.what, e))?;
            network.add(source, source_name, target, target_name, goldstein);
        }
    }
    Ok(network.finish())
}

pub(super) fn actors(
    store: &mut SqliteStore,
    prefix: &str,
    limit: usize,
) -> Result<Vec<ActorCount>, StoreError> {
    crate::rows::check_actors_query(prefix, limit)?;
    let lower = prefix.to_lowercase();
    let upper = prefix.to_uppercase();
    let mut stmt = store
        .conn
        .prepare_cached(
            "SELECT code, name, events FROM actors
             WHERE substr(code, 1, ?1) = ?2 OR substr(name_lc, 1, ?3) = ?4
             ORDER BY events DESC, code LIMIT ?5",
        )
        .map_err(|e| store.err(e))?;
    let rows = stmt
        .query_map(
            rusqlite::params![
                i64::try_from(upper.chars().count()).unwrap_or(0),
                upper,
                i64::try_from(lower.chars().count()).unwrap_or(0),
                lower,
                i64::try_from(limit).unwrap_or(0)
            ],
            |r| {
                Ok(ActorCount {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    events: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                })
            },
        )
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
    rows.map_err(|e| super::map_err(&store.what, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i64 {
        super::super::day_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn periods_start_on_monday_the_first_and_new_year() {
        // 2022-07-21 is a Thursday; its ISO week starts Monday 2022-07-18.
        assert_eq!(
            period_start(day(2022, 7, 21), Every::Week),
            Some(day(2022, 7, 18))
        );
        assert_eq!(
            period_start(day(2022, 7, 18), Every::Week),
            Some(day(2022, 7, 18))
        );
        assert_eq!(
            period_start(day(2022, 7, 24), Every::Week),
            Some(day(2022, 7, 18))
        );
        assert_eq!(
            period_start(day(1970, 1, 1), Every::Week),
            Some(day(1969, 12, 29))
        );
        assert_eq!(
            period_start(day(2022, 7, 21), Every::Month),
            Some(day(2022, 7, 1))
        );
        assert_eq!(
            period_start(day(2022, 7, 21), Every::Year),
            Some(day(2022, 1, 1))
        );
        assert_eq!(
            period_start(day(2022, 7, 21), Every::Day),
            Some(day(2022, 7, 21))
        );
        assert_eq!(period_start(day(2022, 7, 21), Every::All), None);
    }
}
