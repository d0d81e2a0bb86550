//! Backend-independent pieces of the answers both backends give: day numbers, page cursors,
//! snippet highlights and the actor network. One implementation, so that SQLite and
//! PostgreSQL cannot drift apart on what the conformance tests compare.

use crate::{Network, NetworkEdge, NetworkNode, Page, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The `day` of events without any date: before every real date, so `(day, id)` paging and
/// date ranges need no NULL cases.
pub(crate) const NO_DAY: i64 = -9_999_999;

/// Days since 1970-01-01.
pub(crate) fn day_of(d: NaiveDate) -> i64 {
    d.signed_duration_since(NaiveDate::default()).num_days()
}

/// The date of a `day` (`None` for [`NO_DAY`] or out of range).
pub(crate) fn date_of(day: i64) -> Option<NaiveDate> {
    if day == NO_DAY {
        return None;
    }
    NaiveDate::default().checked_add_signed(chrono::Duration::try_days(day)?)
}

/// The opaque cursor of a row: its (day, id, rowid) key.
pub(crate) fn cursor_of(day: i64, id: &str, rowid: i64) -> String {
    format!("{day}.{rowid}.{id}")
}

/// The (day, id, rowid) key of a cursor [`cursor_of`] made; anything else is a bad query.
pub(crate) fn parse_cursor(c: &str) -> Result<(i64, String, i64), StoreError> {
    let bad = || StoreError::BadQuery(format!("cursor {c:?} is not one this store gave out"));
    if c.len() > 300 {
        return Err(bad());
    }
    let mut parts = c.splitn(3, '.');
    let day = parts.next().and_then(|d| d.parse().ok()).ok_or_else(bad)?;
    let rowid = parts.next().and_then(|r| r.parse().ok()).ok_or_else(bad)?;
    let id = parts.next().ok_or_else(bad)?.to_string();
    Ok((day, id, rowid))
}

/// A page no larger than [`Page::MAX_LIMIT`].
pub(crate) fn check_limit(limit: usize) -> Result<(), StoreError> {
    if limit > Page::MAX_LIMIT {
        return Err(StoreError::BadQuery(format!(
            "page limit {limit} is above the maximum {}",
            Page::MAX_LIMIT
        )));
    }
    Ok(())
}

/// The longest actor prefix accepted, in characters.
const MAX_PREFIX_CHARS: usize = 200;

/// The arguments of `Store::actors`: a prefix of at most [`MAX_PREFIX_CHARS`] characters and
/// a limit no larger than [`Page::MAX_LIMIT`].
pub(crate) fn check_actors_query(prefix: &str, limit: usize) -> Result<(), StoreError> {
    if prefix.chars().count() > MAX_PREFIX_CHARS {
        return Err(StoreError::BadQuery(format!(
            "actor prefix longer than {MAX_PREFIX_CHARS} characters"
        )));
    }
    if limit > Page::MAX_LIMIT {
        return Err(StoreError::BadQuery(format!(
            "limit {limit} is above the maximum {}",
            Page::MAX_LIMIT
        )));
    }
    Ok(())
}

/// Take the markers out of a snippet the database marked: the plain text and the character
/// ranges that were between an `open` and a `close`. Marker characters already in the
/// article text are dropped too.
pub(crate) fn split_highlights(marked: &str, open: char, close: char) -> (String, Vec<[usize; 2]>) {
    let mut text = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut chars = 0usize;
    let mut opened: Option<usize> = None;
    for c in marked.chars() {
        if c == open {
            opened = Some(chars);
        } else if c == close {
            if let Some(start) = opened.take() {
                if chars > start {
                    ranges.push([start, chars]);
                }
            }
        } else {
            text.push(c);
            chars += 1;
        }
    }
    (text, ranges)
}

/// What a batch's new events add to the `daily` aggregates and the `actors` table, summed in
/// memory so that each key is written once per batch.
#[derive(Default)]
pub(crate) struct NewEventTallies {
    /// (day, source, target, code, quad) -> (events, Goldstein sum); missing actors are "".
    pub(crate) daily: HashMap<(i64, String, String, String, u8), (u64, f64)>,
    /// code -> (first name seen, events it takes part in, once per event).
    pub(crate) actors: HashMap<String, (Option<String>, u64)>,
}

impl NewEventTallies {
    /// Count an event that starts a new de-duplicated event on `day`.
    pub(crate) fn add(&mut self, day: i64, e: &dyad_coder::Event) {
        let source = e.source.as_ref().map(|a| a.code.as_str());
        let slot = self
            .daily
            .entry((
                day,
                source.unwrap_or("").to_string(),
                e.target
                    .as_ref()
                    .map(|a| a.code.clone())
                    .unwrap_or_default(),
                e.cameo.code.clone(),
                e.cameo.quad_class,
            ))
            .or_insert((0, 0.0));
        slot.0 += 1;
        slot.1 += e.cameo.goldstein;
        let mut count_actor = |a: &dyad_coder::ActorRef| {
            let slot = self.actors.entry(a.code.clone()).or_insert((None, 0));
            slot.1 += 1;
            if slot.0.is_none() {
                slot.0 = a.name.clone();
            }
        };
        if let Some(a) = &e.source {
            count_actor(a);
        }
        if let Some(a) = &e.target {
            if Some(a.code.as_str()) != source {
                count_actor(a);
            }
        }
    }
}

/// Actors and dyads counted event by event: an event counts once for each of its actors
/// (once only when source and target are the same), and once for its dyad.
#[derive(Default)]
pub(crate) struct NetworkBuilder {
    /// code -> (events, name -> times seen)
    nodes: HashMap<String, (u64, HashMap<String, u64>)>,
    /// (source, target) -> (count, goldstein sum)
    edges: HashMap<(String, String), (u64, f64)>,
}

impl NetworkBuilder {
    /// Count one event.
    pub(crate) fn add(
        &mut self,
        source: Option<String>,
        source_name: Option<String>,
        target: Option<String>,
        target_name: Option<String>,
        goldstein: f64,
    ) {
        let mut node = |code: &str, name: Option<String>| {
            let slot = self.nodes.entry(code.to_string()).or_default();
            slot.0 += 1;
            if let Some(n) = name {
                *slot.1.entry(n).or_default() += 1;
            }
        };
        if let Some(s) = &source {
            node(s, source_name);
        }
        if let Some(t) = &target {
            if source.as_ref() != Some(t) {
                node(t, target_name);
            }
        }
        if let (Some(s), Some(t)) = (source, target) {
            let slot = self.edges.entry((s, t)).or_insert((0, 0.0));
            slot.0 += 1;
            slot.1 += goldstein;
        }
    }

    /// Nodes with their most frequent name (the alphabetically first among equals), most
    /// events first; edges with their mean Goldstein, most events first.
    pub(crate) fn finish(self) -> Network {
        let mut nodes: Vec<NetworkNode> = self
            .nodes
            .into_iter()
            .map(|(code, (events, names))| {
                let name = names
                    .into_iter()
                    .min_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)))
                    .map(|(n, _)| n);
                NetworkNode { code, name, events }
            })
            .collect();
        nodes.sort_by(|x, y| y.events.cmp(&x.events).then_with(|| x.code.cmp(&y.code)));
        let mut edges: Vec<NetworkEdge> = self
            .edges
            .into_iter()
            .map(|((source, target), (count, sum))| NetworkEdge {
                source,
                target,
                count,
                goldstein_mean: sum / count as f64,
            })
            .collect();
        edges.sort_by(|x, y| {
            y.count
                .cmp(&x.count)
                .then_with(|| x.source.cmp(&y.source))
                .then_with(|| x.target.cmp(&y.target))
        });
        Network { nodes, edges }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_cursors_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2022, 7, 19), (1969, 12, 29), (2100, 2, 28)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_of(day_of(date)), Some(date));
        }
        assert_eq!(day_of(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
        assert_eq!(date_of(NO_DAY), None);
        let d = NaiveDate::from_ymd_opt(2022, 7, 19).unwrap();
        let c = cursor_of(day_of(d), "a.b", 7);
        assert_eq!(parse_cursor(&c).unwrap(), (day_of(d), "a.b".to_string(), 7));
        for bad in ["", "x.1.a", "1.x.a", "1.2", &"9".repeat(301)] {
            assert!(
                matches!(parse_cursor(bad), Err(StoreError::BadQuery(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn highlights_are_character_ranges() {
        let (text, ranges) =
            split_highlights("the \u{2}grain\u{3} déal \u{2}\u{3}", '\u{2}', '\u{3}');
        assert_eq!(text, "the grain déal ");
        assert_eq!(ranges, vec![[4, 9]]);
    }

    #[test]
    fn network_counts_each_event_once_per_actor() {
        let mut b = NetworkBuilder::default();
        let s = |x: &str| Some(x.to_string());
        b.add(s("RUS"), s("Russia"), s("IRN"), None, 4.0);
        b.add(s("RUS"), s("Moscow"), s("IRN"), None, 2.0);
        b.add(s("RUS"), s("Moscow"), s("RUS"), None, 1.0);
        b.add(None, None, s("IRN"), s("Iran"), 0.0);
        let n = b.finish();
        let node = |c: &str| n.nodes.iter().find(|x| x.code == c).unwrap();
        assert_eq!(
            (node("RUS").events, node("RUS").name.as_deref()),
            (3, Some("Moscow"))
        );
        assert_eq!(
            (node("IRN").events, node("IRN").name.as_deref()),
            (3, Some("Iran"))
        );
        assert_eq!(n.edges[0].source, "RUS");
        assert_eq!((n.edges[0].count, n.edges[0].goldstein_mean), (2, 3.0));
    }
}
