//! Exports: events and aggregates written in the formats analysts load elsewhere.
//!
//! One sink per format behind [`EventSink`], used by `dyad code` (events as they are coded,
//! `mentions: None`) and by the store's commands and server (de-duplicated events with their
//! number of mentions). Sinks stream: memory does not grow with the number of events (Parquet
//! keeps at most one row group of ~64k rows).
//!
//! | format | what | module |
//! | --- | --- | --- |
//! | [`Format::Jsonl`] | one [`Event`] per line, `dyad code`'s schema (+ `"mentions"`) | [`jsonl`] |
//! | [`Format::Csv`] | RFC 4180, header [`dyad_coder::CSV_COLUMNS`] (+ `mentions`), LF line ends | [`csv`] |
//! | [`Format::Table`] | aligned columns for a terminal | [`table`] |
//! | [`Format::Parquet`] | typed columns, snappy, row groups of 65,536 rows | [`parquet`] |
//! | [`Format::Gdelt`] | GDELT 2.0 Event table TSV, its 61 columns | [`gdelt`] |
//! | [`Format::Plover`] | PLOVER JSON records (JSONL), as POLECAT publishes them | [`plover`] |
//!
//! Aggregates ([`StatsRow`]) are written by [`write_stats`] in JSONL, CSV, table and Parquet
//! with the same flat columns in each: `period, source, target, code, quad_class, count,
//! goldstein_sum, goldstein_mean, quad1, quad2, quad3, quad4`.

pub mod csv;
pub mod gdelt;
pub mod jsonl;
pub mod parquet;
pub mod plover;
pub mod table;

use crate::{StatsRow, StoreError};
use dyad_coder::Event;
use std::io::Write;

/// An output format of events (all six) or aggregates (JSONL, CSV, table, Parquet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jsonl,
    Csv,
    Table,
    Parquet,
    Gdelt,
    Plover,
}

impl Format {
    /// Every format, in the order the help text lists them.
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Csv,
        Format::Table,
        Format::Parquet,
        Format::Gdelt,
        Format::Plover,
    ];

    /// The name used on the command line and in URLs (`jsonl`, `csv`...).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Table => "table",
            Format::Parquet => "parquet",
            Format::Gdelt => "gdelt",
            Format::Plover => "plover",
        }
    }

    /// Whether the format is binary (Parquet), which callers should not print to a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Parquet
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = StoreError;

    /// Case-insensitive name; `json` is accepted for JSONL and `tsv` for GDELT.
    fn from_str(s: &str) -> Result<Format, StoreError> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "jsonl" | "json" | "ndjson" => return Ok(Format::Jsonl),
            "tsv" => return Ok(Format::Gdelt),
            _ => {}
        }
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                StoreError::BadQuery(format!(
                    "unknown output format {s:?}: expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// Where events go, one format each. Call [`write`](EventSink::write) per event,
/// [`flush`](EventSink::flush) after each article (streaming consumers then see its events),
/// and [`finish`](EventSink::finish) once at the end: a sink that is dropped without
/// `finish` may leave a truncated file (Parquet has no footer then).
pub trait EventSink {
    /// `mentions`: Some(n) for de-duplicated store events (adds a `mentions` field/column), None for `dyad code`.
    ///
    /// Whether the output has a `mentions` column is decided by the first event written; a later
    /// `Some` when the first was `None` is an error (the header is already out), a later `None`
    /// when the first was `Some` leaves the field empty.
    fn write(&mut self, event: &Event, mentions: Option<u32>) -> Result<(), StoreError>;
    /// Make what was written so far visible (streaming: called after each article); no-op for Parquet.
    fn flush(&mut self) -> Result<(), StoreError>;
    /// Write what is still pending (headers of an empty output, Parquet footer) and flush.
    fn finish(self: Box<Self>) -> Result<(), StoreError>;
}

/// The sink of `format` writing to `out`. GDELT has no header line (see [`gdelt`]).
pub fn event_sink(
    format: Format,
    out: Box<dyn Write + Send>,
) -> Result<Box<dyn EventSink>, StoreError> {
    Ok(match format {
        Format::Jsonl => Box::new(jsonl::JsonlSink::new(out)),
        Format::Csv => Box::new(csv::CsvSink::new(out)),
        Format::Table => Box::new(table::TableSink::new(out)),
        Format::Parquet => Box::new(parquet::ParquetSink::new(out)?),
        Format::Gdelt => Box::new(gdelt::GdeltSink::new(out, false)),
        Format::Plover => Box::new(plover::PloverSink::new(out)),
    })
}

/// Write aggregate rows in `format`: JSONL, CSV, table or Parquet; GDELT and PLOVER are
/// event formats and give a [`StoreError::BadQuery`] that says so.
pub fn write_stats(
    format: Format,
    rows: &[StatsRow],
    out: Box<dyn Write + Send>,
) -> Result<(), StoreError> {
    match format {
        Format::Jsonl => jsonl::write_stats(rows, out),
        Format::Csv => csv::write_stats(rows, out),
        Format::Table => table::write_stats(rows, out),
        Format::Parquet => parquet::write_stats(rows, out),
        Format::Gdelt | Format::Plover => Err(StoreError::BadQuery(format!(
            "aggregates cannot be written as {format}: {format} is an event format; use jsonl, csv, table or parquet"
        ))),
    }
}

/// Column names of aggregate rows, in every stats format.
pub const STATS_COLUMNS: [&str; 12] = [
    "period",
    "source",
    "target",
    "code",
    "quad_class",
    "count",
    "goldstein_sum",
    "goldstein_mean",
    "quad1",
    "quad2",
    "quad3",
    "quad4",
];

/// Tracks whether an output has a `mentions` column, decided by the first event written.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct MentionsColumn {
    decided: Option<bool>,
}

impl MentionsColumn {
    /// Record this event's `mentions`; returns whether the output has the column and whether
    /// this is the first event (time to write a header). Errors on `Some` after a first `None`.
    pub(crate) fn accept(&mut self, mentions: Option<u32>) -> Result<(bool, bool), StoreError> {
        match self.decided {
            None => {
                let has = mentions.is_some();
                self.decided = Some(has);
                Ok((has, true))
            }
            Some(false) if mentions.is_some() => Err(StoreError::Export(
                "an event with a mention count after events without one: the columns are already \
                 written without `mentions`; write store events and coded events to separate outputs"
                    .into(),
            )),
            Some(has) => Ok((has, false)),
        }
    }

    /// Whether anything was written yet.
    pub(crate) fn started(&self) -> bool {
        self.decided.is_some()
    }
}

/// A country of the CAMEO/ISO 3166 alpha-3 list: its FIPS 10-4 code (empty for the few
/// territories without one) and English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub iso3: &'static str,
    pub fips: &'static str,
    pub name: &'static str,
}

const COUNTRIES_TSV: &str = include_str!("countries.tsv");

/// The country whose CAMEO code is `iso3` (exact, upper case), from `countries.tsv`.
pub fn country(iso3: &str) -> Option<Country> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, Country>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            COUNTRIES_TSV
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(|l| {
                    let mut parts = l.split('\t');
                    let iso3 = parts.next().unwrap_or("");
                    let fips = parts.next().unwrap_or("");
                    let name = parts.next().unwrap_or("");
                    (iso3, Country { iso3, fips, name })
                })
                .collect()
        })
        .get(iso3)
        .copied()
}

/// A CAMEO actor code split into its country (when the first three letters are one) and
/// the 3-letter role/type groups after it (`RUSGOVMIL` -> RUS, [GOV, MIL]; `IGOUNO` -> no
/// country, [IGO, UNO]). A trailing group shorter than three letters is kept as it is.
pub(crate) fn split_actor_code(code: &str) -> (Option<Country>, Vec<&str>) {
    let head = code.get(..3).and_then(country);
    let rest = if head.is_some() {
        code.get(3..).unwrap_or("")
    } else {
        code
    };
    let mut groups = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let end = (i + 3).min(rest.len());
        match rest.get(i..end) {
            Some(g) => groups.push(g),
            // A non-ASCII code cannot be cut in threes: keep the rest whole.
            None => {
                groups.push(&rest[i..]);
                break;
            }
        }
        i = end;
    }
    (head, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_and_unknown_is_explained() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().ok(), Some(f));
            assert_eq!(f.to_string().to_uppercase().parse::<Format>().ok(), Some(f));
        }
        let err = "xlsx".parse::<Format>().err().map(|e| e.to_string());
        let msg = err.unwrap_or_default();
        assert!(
            msg.contains("\"xlsx\"") && msg.contains("parquet, gdelt, plover"),
            "{msg}"
        );
    }

    #[test]
    fn countries_and_actor_codes() {
        let rus = country("RUS");
        assert_eq!(rus.map(|c| (c.fips, c.name)), Some(("RS", "Russia")));
        assert_eq!(country("KSV").map(|c| c.fips), Some("KV"));
        assert_eq!(country("GOV"), None);
        assert_eq!(country("IGO"), None);
        let (c, groups) = split_actor_code("RUSGOVMIL");
        assert_eq!(c.map(|c| c.iso3), Some("RUS"));
        assert_eq!(groups, ["GOV", "MIL"]);
        let (c, groups) = split_actor_code("IGOUNO");
        assert_eq!(c, None);
        assert_eq!(groups, ["IGO", "UNO"]);
        let (_, groups) = split_actor_code("USAGOVX");
        assert_eq!(groups, ["GOV", "X"]);
        let (c, groups) = split_actor_code("É");
        assert_eq!((c, groups), (None, vec!["É"]));
    }

    #[test]
    fn mentions_column_is_decided_by_the_first_event() {
        let mut m = MentionsColumn::default();
        assert!(!m.started());
        assert_eq!(m.accept(Some(2)).ok(), Some((true, true)));
        assert_eq!(m.accept(None).ok(), Some((true, false)));
        let mut m = MentionsColumn::default();
        assert_eq!(m.accept(None).ok(), Some((false, true)));
        assert!(m.accept(Some(1)).is_err());
    }
}
