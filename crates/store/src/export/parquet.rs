//! Parquet: the CSV columns with their real types, for DuckDB, pandas/pyarrow, Spark and
//! BigQuery (`bq load --source_format=PARQUET --parquet_enable_list_inference`).
//!
//! | column | Arrow / Parquet type | null when |
//! | --- | --- | --- |
//! | `id`, `article` | Utf8 (STRING) | never |
//! | `sentence_index` | Int64 | never |
//! | `date`, `story_date` | Date32 (DATE) | unknown |
//! | `source_code`, `source_name`, `source_text` (same for `target_`) | Utf8 | no actor / no name |
//! | `cameo_code`, `cameo_name` | Utf8 | never |
//! | `goldstein` | Float64 | never |
//! | `quad_class` | Int32 | never |
//! | `plover_type`, `plover_mode` | Utf8 | no PLOVER type / no mode |
//! | `plover_context` | List<Utf8> (LIST of STRING) | no PLOVER type (empty list: no context) |
//! | `verb`, `place_name`, `place_country` | Utf8 | not found |
//! | `place_lat`, `place_lon` | Float64 | not geocoded |
//! | `sentence` | Utf8 | never |
//! | `mentions` (store events only) | Int64 | never |
//!
//! Choices, and why:
//! - **Signed integers only.** Spark has no unsigned types (it widens them, and old versions
//!   refuse them) and BigQuery's INT64 is signed, so quad classes are Int32 and counts Int64
//!   rather than UInt8/UInt32.
//! - **Contexts as a list of strings**, not a `;`-joined string: DuckDB reads it as
//!   `VARCHAR[]`, Spark as `array<string>`, pyarrow as `list<string>`, BigQuery (with list
//!   inference) as `ARRAY<STRING>`, so `'economic' IN plover_context` / `array_contains` /
//!   `UNNEST` work without splitting strings. The list is written with the Parquet
//!   specification's standard three-level layout (`list` / `element`), which is the one
//!   BigQuery's list inference and Spark recognise.
//! - **Row groups of 65,536 rows**, snappy compressed: small enough that the writer holds one
//!   row group in memory whatever the size of the export, large enough for column statistics
//!   to prune by date or code. Dates are DATE (days), not strings, so date filters push down.
//!
//! The file is complete only after [`EventSink::finish`] (the footer is written last); the
//! stream needs no seeking, so a pipe works too.

use super::{EventSink, MentionsColumn, STATS_COLUMNS};
use crate::{StatsRow, StoreError};
use arrow_array::builder::{
    Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::{Datelike, NaiveDate};
use dyad_coder::Event;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group (and per Arrow batch handed to the writer).
pub const ROW_GROUP_ROWS: usize = 65_536;

fn parquet_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Export(format!("Parquet: {e}"))
}

fn writer_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_size(ROW_GROUP_ROWS)
        .set_coerce_types(true)
        .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Days since 1970-01-01, Parquet's DATE.
fn date32(d: NaiveDate) -> i32 {
    /// `num_days_from_ce` of 1970-01-01.
    const EPOCH_FROM_CE: i32 = 719_163;
    d.num_days_from_ce() - EPOCH_FROM_CE
}

/// The name of a list's items in the Parquet standard layout.
const LIST_ITEM: &str = "element";

/// The Arrow schema of an event export (see the module doc).
pub fn event_schema(with_mentions: bool) -> SchemaRef {
    let s = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let mut fields = vec![
        s("id", false),
        s("article", false),
        Field::new("sentence_index", DataType::Int64, false),
        Field::new("date", DataType::Date32, true),
        Field::new("story_date", DataType::Date32, true),
        s("source_code", true),
        s("source_name", true),
        s("source_text", true),
        s("target_code", true),
        s("target_name", true),
        s("target_text", true),
        s("cameo_code", false),
        s("cameo_name", false),
        Field::new("goldstein", DataType::Float64, false),
        Field::new("quad_class", DataType::Int32, false),
        s("plover_type", true),
        s("plover_mode", true),
        Field::new(
            "plover_context",
            DataType::List(Arc::new(Field::new(LIST_ITEM, DataType::Utf8, false))),
            true,
        ),
        s("verb", true),
        s("place_name", true),
        s("place_country", true),
        Field::new("place_lat", DataType::Float64, true),
        Field::new("place_lon", DataType::Float64, true),
        s("sentence", false),
    ];
    if with_mentions {
        fields.push(Field::new("mentions", DataType::Int64, false));
    }
    Arc::new(Schema::new(fields))
}

/// Column builders of one row group of events.
struct EventColumns {
    id: StringBuilder,
    article: StringBuilder,
    sentence_index: Int64Builder,
    date: Date32Builder,
    story_date: Date32Builder,
    actor: [StringBuilder; 6],
    cameo_code: StringBuilder,
    cameo_name: StringBuilder,
    goldstein: Float64Builder,
    quad_class: Int32Builder,
    plover_type: StringBuilder,
    plover_mode: StringBuilder,
    plover_context: ListBuilder<StringBuilder>,
    verb: StringBuilder,
    place_name: StringBuilder,
    place_country: StringBuilder,
    place_lat: Float64Builder,
    place_lon: Float64Builder,
    sentence: StringBuilder,
    mentions: Int64Builder,
    rows: usize,
}

impl EventColumns {
    fn new() -> Self {
        EventColumns {
            id: StringBuilder::new(),
            article: StringBuilder::new(),
            sentence_index: Int64Builder::new(),
            date: Date32Builder::new(),
            story_date: Date32Builder::new(),
            actor: std::array::from_fn(|_| StringBuilder::new()),
            cameo_code: StringBuilder::new(),
            cameo_name: StringBuilder::new(),
            goldstein: Float64Builder::new(),
            quad_class: Int32Builder::new(),
            plover_type: StringBuilder::new(),
            plover_mode: StringBuilder::new(),
            plover_context: ListBuilder::new(StringBuilder::new())
                .with_field(Arc::new(Field::new(LIST_ITEM, DataType::Utf8, false))),
            verb: StringBuilder::new(),
            place_name: StringBuilder::new(),
            place_country: StringBuilder::new(),
            place_lat: Float64Builder::new(),
            place_lon: Float64Builder::new(),
            sentence: StringBuilder::new(),
            mentions: Int64Builder::new(),
            rows: 0,
        }
    }

    fn push(&mut self, e: &Event, mentions: Option<u32>) {
        self.id.append_value(&e.id);
        self.article.append_value(&e.article);
        self.sentence_index
            .append_value(i64::try_from(e.sentence_index).unwrap_or(i64::MAX));
        self.date.append_option(e.date.map(date32));
        self.story_date.append_option(e.story_date.map(date32));
        for (i, a) in [&e.source, &e.target].into_iter().enumerate() {
            self.actor[3 * i].append_option(a.as_ref().map(|a| &a.code));
            self.actor[3 * i + 1].append_option(a.as_ref().and_then(|a| a.name.as_ref()));
            self.actor[3 * i + 2].append_option(a.as_ref().map(|a| &a.text));
        }
        self.cameo_code.append_value(&e.cameo.code);
        self.cameo_name.append_value(&e.cameo.name);
        self.goldstein.append_value(e.cameo.goldstein);
        self.quad_class.append_value(i32::from(e.cameo.quad_class));
        let p = e.plover.as_ref();
        self.plover_type.append_option(p.map(|p| &p.event_type));
        self.plover_mode
            .append_option(p.and_then(|p| p.mode.as_ref()));
        match p {
            Some(p) => {
                for c in &p.context {
                    self.plover_context.values().append_value(c);
                }
                self.plover_context.append(true);
            }
            None => self.plover_context.append(false),
        }
        self.verb.append_option(e.verb.as_ref().map(|v| &v.text));
        let place = e.place.as_ref();
        self.place_name.append_option(place.map(|p| &p.name));
        self.place_country
            .append_option(place.and_then(|p| p.country.as_ref()));
        self.place_lat.append_option(place.and_then(|p| p.lat));
        self.place_lon.append_option(place.and_then(|p| p.lon));
        self.sentence.append_value(&e.sentence);
        self.mentions.append_value(i64::from(mentions.unwrap_or(0)));
        self.rows += 1;
    }

    /// The rows so far as one batch of `schema`; the builders are empty afterwards.
    fn batch(&mut self, schema: &SchemaRef) -> Result<RecordBatch, StoreError> {
        let [sc, sn, st, tc, tn, tt] = &mut self.actor;
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.article.finish()),
            Arc::new(self.sentence_index.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.story_date.finish()),
            Arc::new(sc.finish()),
            Arc::new(sn.finish()),
            Arc::new(st.finish()),
            Arc::new(tc.finish()),
            Arc::new(tn.finish()),
            Arc::new(tt.finish()),
            Arc::new(self.cameo_code.finish()),
            Arc::new(self.cameo_name.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(self.quad_class.finish()),
            Arc::new(self.plover_type.finish()),
            Arc::new(self.plover_mode.finish()),
            Arc::new(self.plover_context.finish()),
            Arc::new(self.verb.finish()),
            Arc::new(self.place_name.finish()),
            Arc::new(self.place_country.finish()),
            Arc::new(self.place_lat.finish()),
            Arc::new(self.place_lon.finish()),
            Arc::new(self.sentence.finish()),
        ];
        let mentions = self.mentions.finish();
        if schema.fields().len() > columns.len() {
            columns.push(Arc::new(mentions));
        }
        self.rows = 0;
        RecordBatch::try_new(schema.clone(), columns).map_err(parquet_error)
    }
}

/// Writes events as a Parquet file. The Arrow writer is made with the first event (the schema
/// depends on whether events carry mention counts).
pub struct ParquetSink {
    out: Option<Box<dyn Write + Send>>,
    writer: Option<(ArrowWriter<Box<dyn Write + Send>>, SchemaRef)>,
    columns: EventColumns,
    mentions: MentionsColumn,
}

impl ParquetSink {
    pub fn new(out: Box<dyn Write + Send>) -> Result<Self, StoreError> {
        Ok(ParquetSink {
            out: Some(out),
            writer: None,
            columns: EventColumns::new(),
            mentions: MentionsColumn::default(),
        })
    }

    fn start(&mut self, with_mentions: bool) -> Result<(), StoreError> {
        let out = self
            .out
            .take()
            .ok_or_else(|| StoreError::Export("Parquet writer started twice".into()))?;
        let schema = event_schema(with_mentions);
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(writer_properties()))
            .map_err(parquet_error)?;
        self.writer = Some((writer, schema));
        Ok(())
    }

    /// Hand the buffered rows to the writer (which writes a row group when it has a full one).
    fn write_batch(&mut self) -> Result<(), StoreError> {
        if self.columns.rows == 0 {
            return Ok(());
        }
        let (writer, schema) = self
            .writer
            .as_mut()
            .ok_or_else(|| StoreError::Export("Parquet rows before the writer started".into()))?;
        let batch = self.columns.batch(schema)?;
        writer.write(&batch).map_err(parquet_error)
    }
}

impl EventSink for ParquetSink {
    fn write(&mut self, event: &Event, mentions: Option<u32>) -> Result<(), StoreError> {
        let (with_mentions, first) = self.mentions.accept(mentions)?;
        if first {
            self.start(with_mentions)?;
        }
        self.columns.push(event, mentions);
        if self.columns.rows >= ROW_GROUP_ROWS {
            self.write_batch()?;
        }
        Ok(())
    }

    /// Parquet cannot show part of a file (the footer comes last): nothing to do.
    fn flush(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        if self.writer.is_none() {
            self.start(false)?;
        }
        self.write_batch()?;
        if let Some((writer, _)) = self.writer.take() {
            let mut out = writer.into_inner().map_err(parquet_error)?;
            out.flush()?;
        }
        Ok(())
    }
}

/// The Arrow schema of an aggregate export: [`STATS_COLUMNS`] with `period` a DATE, group
/// fields strings (quad class Int32), counts Int64, Goldstein sums and means Float64.
pub fn stats_schema() -> SchemaRef {
    let types = [
        DataType::Date32,
        DataType::Utf8,
        DataType::Utf8,
        DataType::Utf8,
        DataType::Int32,
        DataType::Int64,
        DataType::Float64,
        DataType::Float64,
        DataType::Int64,
        DataType::Int64,
        DataType::Int64,
        DataType::Int64,
    ];
    let fields: Vec<Field> = STATS_COLUMNS
        .iter()
        .zip(types)
        .enumerate()
        .map(|(i, (name, t))| Field::new(*name, t, i < 5))
        .collect();
    Arc::new(Schema::new(fields))
}

/// Aggregate rows as a Parquet file (one row group per 65,536 rows).
pub fn write_stats(rows: &[StatsRow], out: Box<dyn Write + Send>) -> Result<(), StoreError> {
    let schema = stats_schema();
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(writer_properties()))
        .map_err(parquet_error)?;
    let count = |n: u64| {
        i64::try_from(n).map_err(|_| StoreError::Export(format!("count {n} exceeds Parquet INT64")))
    };
    for chunk in rows.chunks(ROW_GROUP_ROWS) {
        let mut period = Date32Builder::new();
        let mut group: [StringBuilder; 3] = std::array::from_fn(|_| StringBuilder::new());
        let mut quad_class = Int32Builder::new();
        let mut counts: [Int64Builder; 5] = std::array::from_fn(|_| Int64Builder::new());
        let mut sum = Float64Builder::new();
        let mut mean = Float64Builder::new();
        for r in chunk {
            period.append_option(r.period.map(date32));
            group[0].append_option(r.source.as_ref());
            group[1].append_option(r.target.as_ref());
            group[2].append_option(r.code.as_ref());
            quad_class.append_option(r.quad_class.map(i32::from));
            counts[0].append_value(count(r.count)?);
            sum.append_value(r.goldstein_sum);
            mean.append_value(r.goldstein_mean);
            for q in 0..4 {
                counts[q + 1].append_value(count(r.quad[q])?);
            }
        }
        let [c, q1, q2, q3, q4] = &mut counts;
        let [s, t, code] = &mut group;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(period.finish()),
            Arc::new(s.finish()),
            Arc::new(t.finish()),
            Arc::new(code.finish()),
            Arc::new(quad_class.finish()),
            Arc::new(c.finish()),
            Arc::new(sum.finish()),
            Arc::new(mean.finish()),
            Arc::new(q1.finish()),
            Arc::new(q2.finish()),
            Arc::new(q3.finish()),
            Arc::new(q4.finish()),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(parquet_error)?;
        writer.write(&batch).map_err(parquet_error)?;
    }
    let mut out = writer.into_inner().map_err(parquet_error)?;
    out.flush()?;
    Ok(())
}
