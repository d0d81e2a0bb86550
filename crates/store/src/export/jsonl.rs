//! JSONL: one event per line, exactly `dyad code`'s schema (the serde form of
//! [`dyad_coder::Event`], see its doc), with `"mentions": n` appended as the last field for
//! de-duplicated store events. Reading a line back with serde gives the same `Event` (the extra
//! `mentions` field is ignored by `Event`'s deserializer, or read with [`crate::StoredEvent`]).

use super::{EventSink, MentionsColumn, STATS_COLUMNS};
use crate::{StatsRow, StoreError};
use dyad_coder::Event;
use serde::Serialize;
use std::io::Write;

/// An event followed by its mention count: serde writes the event's fields, then `mentions`.
#[derive(Serialize)]
struct WithMentions<'a> {
    #[serde(flatten)]
    event: &'a Event,
    mentions: u32,
}

/// Writes events as JSON lines.
pub struct JsonlSink {
    out: Box<dyn Write + Send>,
    mentions: MentionsColumn,
}

impl JsonlSink {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        JsonlSink {
            out,
            mentions: MentionsColumn::default(),
        }
    }
}

fn json_error(e: serde_json::Error) -> StoreError {
    if e.is_io() {
        StoreError::Io(e.into())
    } else {
        StoreError::Export(format!("JSON: {e}"))
    }
}

impl EventSink for JsonlSink {
    fn write(&mut self, event: &Event, mentions: Option<u32>) -> Result<(), StoreError> {
        self.mentions.accept(mentions)?;
        match mentions {
            Some(n) => serde_json::to_writer(&mut self.out, &WithMentions { event, mentions: n }),
            None => serde_json::to_writer(&mut self.out, event),
        }
        .map_err(json_error)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        self.out.flush()?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        self.out.flush()?;
        Ok(())
    }
}

/// One aggregate row as a JSON object with [`STATS_COLUMNS`] as keys, in that order
/// (`period` as `YYYY-MM-DD` or null, group fields null when not grouped by them).
pub(crate) fn stats_json(r: &StatsRow) -> serde_json::Value {
    let values = [
        serde_json::json!(r.period.map(|d| d.to_string())),
        serde_json::json!(r.source),
        serde_json::json!(r.target),
        serde_json::json!(r.code),
        serde_json::json!(r.quad_class),
        serde_json::json!(r.count),
        serde_json::json!(r.goldstein_sum),
        serde_json::json!(r.goldstein_mean),
        serde_json::json!(r.quad[0]),
        serde_json::json!(r.quad[1]),
        serde_json::json!(r.quad[2]),
        serde_json::json!(r.quad[3]),
    ];
    let map: serde_json::Map<String, serde_json::Value> = STATS_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .zip(values)
        .collect();
    serde_json::Value::Object(map)
}

/// Aggregate rows as JSON lines (see [`stats_json`]).
pub fn write_stats(rows: &[StatsRow], mut out: Box<dyn Write + Send>) -> Result<(), StoreError> {
    for r in rows {
        serde_json::to_writer(&mut out, &stats_json(r)).map_err(json_error)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
