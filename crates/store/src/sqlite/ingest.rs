//! Ingest: a batch of coded articles in one immediate transaction.
//!
//! Per article: skip it when its id or content hash is stored already (including earlier in
//! the same batch); else store it, its full-text row, its sentences and one mention per event.
//! Each mention either joins the nearest stored event under the store's [`DedupRule`] or
//! starts a new event. The daily aggregate and the actor table are summed in memory over the
//! batch and written with one upsert per distinct key before the commit.

use super::{day_of, SqliteStore, NO_DAY};
use crate::{CodedArticle, IngestReport, StoreError};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use std::collections::HashSet;

/// Daily aggregate key: day, source ('' = none), target, code, quad.

pub(super) fn ingest(
    store: &mut SqliteStore,
    batch: &[CodedArticle],
) -> Result<IngestReport, StoreError> {
    if store.read_only {
        return Err(StoreError::Database(format!(
            "{} was opened read-only; ingest needs it opened for writing",
            store.what
        )));
    }
    let what = store.what.clone();
    let rule = store.dedup;
    let err = |e: rusqlite::Error| super::map_err(&what, e);
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(err)?;
    let mut report = IngestReport::default();
    let mut tallies = crate::rows::NewEventTallies::default();
    {
        // Mention rowids are assigned here so that a new event can point at its first mention
        // before that mention row exists; the immediate transaction holds the write lock.
        let mut next_mention: i64 = tx
            .query_row(
                "SELECT coalesce(max(rowid), 0) + 1 FROM mentions",
                [],
                |r| r.get(0),
            )
            .map_err(err)?;
        let mut exists = tx
            .prepare_cached(
                "SELECT 1 FROM articles WHERE id = ?1
                 UNION ALL SELECT 1 FROM articles WHERE ?2 IS NOT NULL AND content_hash = ?2
                 LIMIT 1",
            )
            .map_err(err)?;
        let mut insert_article = tx
            .prepare_cached(
                "INSERT INTO articles(id, content_hash, date, title, text, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(err)?;
        let mut insert_fts = tx
            .prepare_cached("INSERT INTO articles_fts(rowid, title, body) VALUES (?1, ?2, ?3)")
            .map_err(err)?;
        let mut insert_sentence = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO sentences(article, idx, start, end, text)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(err)?;
        let mut find_event = tx
            .prepare_cached(
                // No ORDER BY: the candidates are few (usually none or one) and picking the
                // nearest here avoids a temporary b-tree per mention.
                "SELECT rowid, day FROM events
                 WHERE source IS ?1 AND target IS ?2 AND dcode = ?3 AND day BETWEEN ?4 AND ?5",
            )
            .map_err(err)?;
        let mut bump_event = tx
            .prepare_cached("UPDATE events SET mentions = mentions + 1 WHERE rowid = ?1")
            .map_err(err)?;
        let mut insert_event = tx
            .prepare_cached(
                "INSERT INTO events(id, first_mention, source, source_name, target, target_name,
                    code, root, dcode, quad, goldstein, date, day, place_name, place_lc,
                    place_country, mentions)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1)",
            )
            .map_err(err)?;
        let mut insert_mention = tx
            .prepare_cached(
                "INSERT INTO mentions(rowid, id, event, article, sentence_index, source, target,
                    code, quad, goldstein, date, day, place_lc, place_country, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )
            .map_err(err)?;

        for article in batch {
            let hash = article.content_hash();
            let known = exists
                .query_row(params![article.id, hash], |_| Ok(()))
                .optional()
                .map_err(err)?
                .is_some();
            if known {
                report.skipped += 1;
                continue;
            }
            let story_date = article.date.map(|d| d.to_string());
            insert_article
                .execute(params![
                    article.id,
                    hash,
                    story_date,
                    article.title,
                    article.text,
                    article.origin
                ])
                .map_err(err)?;
            let article_rowid = tx.last_insert_rowid();
            report.articles += 1;

            // Articles stored without text are searchable by the sentences their events quote.
            let body = if article.text.is_empty() {
                article
                    .sentences
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                article.text.clone()
            };
            if !body.is_empty() || article.title.as_deref().is_some_and(|t| !t.is_empty()) {
                insert_fts
                    .execute(params![
                        article_rowid,
                        article.title.as_deref().unwrap_or(""),
                        body
                    ])
                    .map_err(err)?;
            }
            for s in &article.sentences {
                report.sentences += insert_sentence
                    .execute(params![
                        article_rowid,
                        to_i64(s.index),
                        s.start.map(to_i64),
                        s.end.map(to_i64),
                        s.text
                    ])
                    .map_err(err)? as u64;
            }

            // The same mention twice in one article (same sentence, actors and code: the same
            // stable id) is stored once.
            let mut seen: HashSet<&str> = HashSet::new();
            for e in &article.events {
                if !seen.insert(e.id.as_str()) {
                    continue;
                }
                let source = e.source.as_ref().map(|a| a.code.as_str());
                let target = e.target.as_ref().map(|a| a.code.as_str());
                let code = e.cameo.code.as_str();
                let root = code.get(..2).unwrap_or(code);
                let dcode = if rule.by_root { root } else { code };
                let date = e.date.or(e.story_date);
                let day = date.map(day_of).unwrap_or(NO_DAY);
                let place_lc = e.place.as_ref().map(|p| p.name.to_lowercase());
                let place_country = e.place.as_ref().and_then(|p| p.country.as_deref());
                let window = i64::from(rule.window_days);

                let found: Option<i64> = if day == NO_DAY {
                    None // no date, no window: never merged
                } else {
                    // The nearest date wins, then the oldest event.
                    let mut best: Option<(i64, i64)> = None; // (distance, rowid)
                    let mut rows = find_event
                        .query(params![source, target, dcode, day - window, day + window])
                        .map_err(err)?;
                    while let Some(row) = rows.next().map_err(err)? {
                        let rowid: i64 = row.get(0).map_err(err)?;
                        let d: i64 = row.get(1).map_err(err)?;
                        let key = ((d - day).abs(), rowid);
                        match best {
                            Some(b) if b <= key => {}
                            _ => best = Some(key),
                        }
                    }
                    best.map(|(_, rowid)| rowid)
                };
                let mention_rowid = next_mention;
                next_mention += 1;
                let event_rowid = match found {
                    Some(rowid) => {
                        bump_event.execute([rowid]).map_err(err)?;
                        report.merged += 1;
                        rowid
                    }
                    None => {
                        insert_event
                            .execute(params![
                                e.id,
                                mention_rowid,
                                source,
                                e.source.as_ref().and_then(|a| a.name.as_deref()),
                                target,
                                e.target.as_ref().and_then(|a| a.name.as_deref()),
                                code,
                                root,
                                dcode,
                                e.cameo.quad_class,
                                e.cameo.goldstein,
                                date.map(|d| d.to_string()),
                                day,
                                e.place.as_ref().map(|p| p.name.as_str()),
                                place_lc,
                                place_country,
                            ])
                            .map_err(err)?;
                        report.new_events += 1;
                        tallies.add(day, e);
                        tx.last_insert_rowid()
                    }
                };
                let json = serde_json::to_string(e).map_err(|x| {
                    StoreError::Database(format!("cannot serialise event {}: {x}", e.id))
                })?;
                insert_mention
                    .execute(params![
                        mention_rowid,
                        e.id,
                        event_rowid,
                        article_rowid,
                        to_i64(e.sentence_index),
                        source,
                        target,
                        code,
                        e.cameo.quad_class,
                        e.cameo.goldstein,
                        date.map(|d| d.to_string()),
                        day,
                        place_lc,
                        place_country,
                        json
                    ])
                    .map_err(err)?;
                report.mentions += 1;
            }
        }

        let mut upsert_daily = tx
            .prepare_cached(
                "INSERT INTO daily(day, source, target, code, quad, n, goldstein_sum)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(day, source, target, code, quad) DO UPDATE SET
                    n = n + excluded.n, goldstein_sum = goldstein_sum + excluded.goldstein_sum",
            )
            .map_err(err)?;
        for ((day, source, target, code, quad), (n, sum)) in &tallies.daily {
            upsert_daily
                .execute(params![day, source, target, code, quad, to_i64_u(*n), sum])
                .map_err(err)?;
        }
        let mut upsert_actor = tx
            .prepare_cached(
                "INSERT INTO actors(code, name, name_lc, events) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(code) DO UPDATE SET events = events + excluded.events,
                    name = coalesce(name, excluded.name),
                    name_lc = coalesce(name_lc, excluded.name_lc)",
            )
            .map_err(err)?;
        for (code, (name, n)) in &tallies.actors {
            upsert_actor
                .execute(params![
                    code,
                    name,
                    name.as_ref().map(|n| n.to_lowercase()),
                    to_i64_u(*n)
                ])
                .map_err(err)?;
        }
        // The unfiltered total of `events` pages (no row for stores made before it existed).
        tx.prepare_cached(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ?1 WHERE key = 'event_count'",
        )
        .and_then(|mut s| s.execute(params![to_i64_u(report.new_events)]))
        .map_err(err)?;
    }
    tx.commit().map_err(err)?;
    Ok(report)
}

/// Sentence indexes and offsets as SQLite integers (saturating: no usize reaches i64::MAX in
/// practice, and a wrong huge value must not panic).
fn to_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_i64_u(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
