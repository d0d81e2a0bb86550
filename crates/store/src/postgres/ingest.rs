//! Ingest: one batch of coded articles in one transaction, with the SQLite backend's rules.
//!
//! Per article: skip it when its id or content hash is stored already (including earlier in
//! the same batch); else store it, its sentences and one mention per event (the same stable
//! id twice in one article is stored once). Each dated mention joins the nearest stored event
//! of its key (source, target, CAMEO code or root) whose day is within the window, the oldest
//! event on a tie; otherwise, and always when undated, it starts a new event. The daily
//! aggregate and the actor table are summed over the batch and upserted once.
//!
//! The transaction takes the store's advisory lock first, so two ingests into one database
//! run one after the other and de-duplicate against each other's committed events; under the
//! lock the ingest hands out row ids itself (the next after the largest). A batch costs a
//! handful of round trips whatever its size: which articles exist, the largest row ids, which
//! events could absorb the batch's mentions, one `COPY` per table, three set-based updates.

use super::conn::db_error;
use super::copy::Rows;
use super::{day_of, LOCK_KEY, NO_DAY};
use crate::{CodedArticle, DedupRule, IngestReport, StoreError};
use postgres::Client;
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// The de-duplication key: source and target codes ('' when missing) and the compared code.
type Key = (String, String, String);

/// Daily aggregate key: day, source ('' = none), target, code, quad.

/// An event the batch may merge mentions into.
struct Candidate {
    rowid: i64,
    day: i64,
}

/// A new event, as its row.
struct NewEvent<'a> {
    rowid: i64,
    first_mention: i64,
    event: &'a dyad_coder::Event,
    dcode: String,
    day: i64,
    mentions: i64,
}

pub fn ingest(
    client: &mut Client,
    rule: DedupRule,
    batch: &[CodedArticle],
) -> Result<IngestReport, StoreError> {
    let mut report = IngestReport::default();
    if batch.is_empty() {
        return Ok(report);
    }
    let mut tx = client.transaction().map_err(db_error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .map_err(db_error)?;

    // Articles already stored, by id or content hash; then the batch's own repeats.
    let hashes: Vec<Option<String>> = batch.iter().map(|a| a.content_hash()).collect();
    // Ids as PostgreSQL stores them: text cannot hold NUL, which COPY drops (see copy.rs).
    let ids: Vec<String> = batch.iter().map(|a| a.id.replace('\0', "")).collect();
    let some_hashes: Vec<&str> = hashes.iter().flatten().map(|h| h.as_str()).collect();
    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut seen_hashes: HashSet<String> = HashSet::new();
    for row in tx
        .query(
            "SELECT id, content_hash FROM articles WHERE id = ANY($1) OR content_hash = ANY($2)",
            &[&ids, &some_hashes],
        )
        .map_err(db_error)?
    {
        seen_ids.insert(row.get(0));
        if let Some(h) = row.get::<_, Option<String>>(1) {
            seen_hashes.insert(h);
        }
    }
    let mut kept: Vec<(&CodedArticle, Option<&String>)> = Vec::new();
    for ((a, h), id) in batch.iter().zip(&hashes).zip(&ids) {
        let dup_hash = h.as_ref().is_some_and(|h| seen_hashes.contains(h));
        if seen_ids.contains(id) || dup_hash {
            report.skipped += 1;
            continue;
        }
        seen_ids.insert(id.clone());
        if let Some(h) = h {
            seen_hashes.insert(h.clone());
        }
        kept.push((a, h.as_ref()));
    }
    if kept.is_empty() {
        tx.commit().map_err(db_error)?;
        return Ok(report);
    }

    let window = i64::from(rule.window_days);
    let dcode_of = |code: &str| -> String {
        let root = code.get(..2).unwrap_or(code);
        if rule.by_root { root } else { code }.to_string()
    };
    let key_of = |e: &dyad_coder::Event| -> Key {
        (
            e.source
                .as_ref()
                .map(|a| a.code.clone())
                .unwrap_or_default(),
            e.target
                .as_ref()
                .map(|a| a.code.clone())
                .unwrap_or_default(),
            dcode_of(&e.cameo.code),
        )
    };

    // Stored events the batch's dated mentions could merge into: for each distinct (key, day)
    // of the batch, the events of that key whose day is within the window of it. (Per-key
    // ranges would fetch a whole year of events for a batch spanning a year.)
    let mut wanted: HashSet<(Key, i64)> = HashSet::new();
    for (a, _) in &kept {
        for e in &a.events {
            if let Some(d) = e.date.or(e.story_date) {
                wanted.insert((key_of(e), day_of(d)));
            }
        }
    }
    let mut by_key: HashMap<Key, Vec<Candidate>> = HashMap::new();
    if !wanted.is_empty() {
        let (mut ks, mut kt, mut kc, mut lo, mut hi) = (vec![], vec![], vec![], vec![], vec![]);
        for ((s, t, c), day) in &wanted {
            ks.push(s.as_str());
            kt.push(t.as_str());
            kc.push(c.as_str());
            lo.push(clamp_i32(day - window));
            hi.push(clamp_i32(day + window));
        }
        let rows = tx
            .query(
                // LATERAL: one probe of the events_dedup index per (key, day), whatever the
                // size of the store (a hash join would read every event); OFFSET 0 keeps the
                // planner from flattening the subquery into such a join.
                "SELECT DISTINCT e.rowid, k.s, k.t, k.c, e.day
                 FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::INTEGER[], $5::INTEGER[])
                      AS k(s, t, c, lo, hi),
                 LATERAL (SELECT rowid, day FROM events
                          WHERE coalesce(source, '') = k.s AND coalesce(target, '') = k.t
                            AND dcode = k.c AND day BETWEEN k.lo AND k.hi OFFSET 0) e",
                &[&ks, &kt, &kc, &lo, &hi],
            )
            .map_err(db_error)?;
        for row in rows {
            by_key
                .entry((row.get(1), row.get(2), row.get(3)))
                .or_default()
                .push(Candidate {
                    rowid: row.get(0),
                    day: i64::from(row.get::<_, i32>(4)),
                });
        }
    }
    let next: (i64, i64, i64) = {
        let r = tx
            .query_one(
                "SELECT (SELECT coalesce(max(rowid), 0) + 1 FROM articles),
                        (SELECT coalesce(max(rowid), 0) + 1 FROM events),
                        (SELECT coalesce(max(rowid), 0) + 1 FROM mentions)",
                &[],
            )
            .map_err(db_error)?;
        (r.get(0), r.get(1), r.get(2))
    };
    let (mut next_article, mut next_event, mut next_mention) = next;

    let mut articles = Rows::new();
    let mut sentences = Rows::new();
    let mut mentions = Rows::new();
    let mut new_events: Vec<NewEvent> = Vec::new();
    let first_new_event = next_event;
    // Stored events that gained mentions: rowid -> added.
    let mut bumped: HashMap<i64, i64> = HashMap::new();
    let mut tallies = crate::rows::NewEventTallies::default();
    let first_article = next_article;
    for (a, hash) in &kept {
        let article_rowid = next_article;
        next_article += 1;
        report.articles += 1;
        articles.num(article_rowid);
        articles.text(&a.id);
        articles.opt_text(hash.map(|h| h.as_str()));
        articles.opt_date(a.date);
        articles.opt_text(a.title.as_deref());
        articles.text(&a.text);
        articles.opt_text(a.origin.as_deref());
        // Articles stored without text are searchable by the sentences their events quote.
        if a.text.is_empty() {
            let body: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
            articles.text(&body.join("\n"));
        } else {
            articles.null();
        }
        articles.end_row();

        let mut indexes: HashSet<usize> = HashSet::new();
        for s in &a.sentences {
            if !indexes.insert(s.index) {
                continue; // a repeated index: the first one stands
            }
            report.sentences += 1;
            sentences.num(article_rowid);
            sentences.num(s.index);
            sentences.opt_num(s.start);
            sentences.opt_num(s.end);
            sentences.text(&s.text);
            sentences.end_row();
        }
    }

    // Send the articles now: the server computes their tsvectors (the costliest part of a
    // batch) while the de-duplication and the mention rows are worked out here.
    let mut articles_copy = tx
        .copy_in(
            "COPY articles (rowid, id, content_hash, date, title, text, origin, fts_body) FROM STDIN",
        )
        .map_err(db_error)?;
    send(&mut articles_copy, &articles)?;

    for (i, (a, _)) in kept.iter().enumerate() {
        let article_rowid = first_article + i as i64;
        let mut seen: HashSet<&str> = HashSet::new();
        for e in &a.events {
            if !seen.insert(e.id.as_str()) {
                continue;
            }
            let key = key_of(e);
            let date = e.date.or(e.story_date);
            let day = date.map(day_of).unwrap_or(NO_DAY);
            let list = by_key.entry(key).or_default();
            let found = if day == NO_DAY {
                None // no date, no window: never merged
            } else {
                list.iter()
                    .filter(|c| (c.day - day).abs() <= window)
                    .min_by_key(|c| ((c.day - day).abs(), c.rowid))
                    .map(|c| c.rowid)
            };
            let mention_rowid = next_mention;
            next_mention += 1;
            let event_rowid = match found {
                Some(rowid) => {
                    report.merged += 1;
                    if rowid >= first_new_event {
                        let i = (rowid - first_new_event) as usize;
                        if let Some(ev) = new_events.get_mut(i) {
                            ev.mentions += 1;
                        }
                    } else {
                        *bumped.entry(rowid).or_default() += 1;
                    }
                    rowid
                }
                None => {
                    let rowid = next_event;
                    next_event += 1;
                    report.new_events += 1;
                    list.push(Candidate { rowid, day });
                    new_events.push(NewEvent {
                        rowid,
                        first_mention: mention_rowid,
                        event: e,
                        dcode: dcode_of(&e.cameo.code),
                        day,
                        mentions: 1,
                    });
                    tallies.add(day, e);
                    rowid
                }
            };
            let json = serde_json::to_string(e).map_err(|x| {
                StoreError::Database(format!("cannot serialise event {}: {x}", e.id))
            })?;
            mentions.num(mention_rowid);
            mentions.text(&e.id);
            mentions.num(event_rowid);
            mentions.num(article_rowid);
            mentions.num(e.sentence_index);
            mentions.opt_text(e.source.as_ref().map(|a| a.code.as_str()));
            mentions.opt_text(e.target.as_ref().map(|a| a.code.as_str()));
            mentions.text(&e.cameo.code);
            mentions.num(e.cameo.quad_class);
            mentions.num(e.cameo.goldstein);
            mentions.opt_date(date);
            mentions.num(day);
            mentions.opt_text(e.place.as_ref().map(|p| p.name.to_lowercase()).as_deref());
            mentions.opt_text(e.place.as_ref().and_then(|p| p.country.as_deref()));
            mentions.text(&json);
            mentions.end_row();
            report.mentions += 1;
        }
    }

    let mut events = Rows::new();
    for ev in &new_events {
        let e = ev.event;
        let code = e.cameo.code.as_str();
        events.num(ev.rowid);
        events.text(&e.id);
        events.num(ev.first_mention);
        events.opt_text(e.source.as_ref().map(|a| a.code.as_str()));
        events.opt_text(e.source.as_ref().and_then(|a| a.name.as_deref()));
        events.opt_text(e.target.as_ref().map(|a| a.code.as_str()));
        events.opt_text(e.target.as_ref().and_then(|a| a.name.as_deref()));
        events.text(code);
        events.text(code.get(..2).unwrap_or(code));
        events.text(&ev.dcode);
        events.num(e.cameo.quad_class);
        events.num(e.cameo.goldstein);
        events.opt_date(e.date.or(e.story_date));
        events.num(ev.day);
        events.opt_text(e.place.as_ref().map(|p| p.name.as_str()));
        events.opt_text(e.place.as_ref().map(|p| p.name.to_lowercase()).as_deref());
        events.opt_text(e.place.as_ref().and_then(|p| p.country.as_deref()));
        events.num(ev.mentions);
        events.end_row();
    }

    articles_copy.finish().map_err(db_error)?;
    copy(
        &mut tx,
        "COPY sentences (article, idx, start_char, end_char, text) FROM STDIN",
        &sentences,
    )?;
    copy(
        &mut tx,
        "COPY events (rowid, id, first_mention, source, source_name, target, target_name, code,
             root, dcode, quad, goldstein, date, day, place_name, place_lc, place_country, mentions)
         FROM STDIN",
        &events,
    )?;
    copy(
        &mut tx,
        "COPY mentions (rowid, id, event, article, sentence_index, source, target, code, quad,
             goldstein, date, day, place_lc, place_country, json) FROM STDIN",
        &mentions,
    )?;
    // Mention counts of stored events: one indexed UPDATE per distinct increment (nearly
    // always just +1 and +2).
    let mut by_added: HashMap<i64, Vec<i64>> = HashMap::new();
    for (rowid, added) in bumped {
        by_added.entry(added).or_default().push(rowid);
    }
    for (added, rowids) in by_added {
        tx.execute(
            "UPDATE events SET mentions = mentions + $1::BIGINT WHERE rowid = ANY($2)",
            &[&added, &rowids],
        )
        .map_err(db_error)?;
    }
    if !tallies.daily.is_empty() {
        let (mut days, mut sources, mut targets) = (vec![], vec![], vec![]);
        let (mut codes, mut quads, mut ns, mut sums) = (vec![], vec![], vec![], vec![]);
        for ((day, s, t, c, q), (count, sum)) in tallies.daily {
            days.push(clamp_i32(day));
            sources.push(s);
            targets.push(t);
            codes.push(c);
            quads.push(i16::from(q));
            ns.push(i64::try_from(count).unwrap_or(i64::MAX));
            sums.push(sum);
        }
        tx.execute(
            "INSERT INTO daily (day, source, target, code, quad, n, goldstein_sum)
             SELECT * FROM unnest($1::INTEGER[], $2::TEXT[], $3::TEXT[], $4::TEXT[],
                                  $5::SMALLINT[], $6::BIGINT[], $7::FLOAT8[])
             ON CONFLICT (day, source, target, code, quad) DO UPDATE SET
                 n = daily.n + excluded.n,
                 goldstein_sum = daily.goldstein_sum + excluded.goldstein_sum",
            &[&days, &sources, &targets, &codes, &quads, &ns, &sums],
        )
        .map_err(db_error)?;
    }
    if !tallies.actors.is_empty() {
        let (mut codes, mut names, mut lcs, mut ns) = (vec![], vec![], vec![], vec![]);
        for (code, (name, n)) in tallies.actors {
            codes.push(code);
            lcs.push(name.as_ref().map(|n| n.to_lowercase()));
            names.push(name);
            ns.push(i64::try_from(n).unwrap_or(i64::MAX));
        }
        tx.execute(
            "INSERT INTO actors (code, name, name_lc, events)
             SELECT * FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::BIGINT[])
             ON CONFLICT (code) DO UPDATE SET events = actors.events + excluded.events,
                 name = coalesce(actors.name, excluded.name),
                 name_lc = coalesce(actors.name_lc, excluded.name_lc)",
            &[&codes, &names, &lcs, &ns],
        )
        .map_err(db_error)?;
    }
    tx.commit().map_err(db_error)?;
    Ok(report)
}

/// Days as PostgreSQL INTEGERs (every real date fits; absurd ones saturate, never panic).
fn clamp_i32(v: i64) -> i32 {
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// Send one table's rows with `COPY ... FROM STDIN`.
fn copy(tx: &mut postgres::Transaction<'_>, sql: &str, rows: &Rows) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut w = tx.copy_in(sql).map_err(db_error)?;
    send(&mut w, rows)?;
    w.finish().map_err(db_error)?;
    Ok(())
}

/// Write rows into an open COPY.
fn send(w: &mut postgres::CopyInWriter<'_>, rows: &Rows) -> Result<(), StoreError> {
    w.write_all(rows.as_bytes()).map_err(|e| {
        StoreError::Database(format!("sending rows to the PostgreSQL server failed: {e}"))
    })
}
