//! CSV (RFC 4180): a header line of [`CSV_COLUMNS`] (+ `mentions` for store events), then one
//! record per event ([`Event::csv_record`]: missing values empty, PLOVER contexts joined with
//! `;`). A field is quoted when it holds a comma, a quote, CR or LF, quotes doubled; lines end
//! with LF (RFC 4180 says CRLF; every reader we know takes both, and LF is what `dyad code`
//! has always printed, so files stay byte-identical across versions).
//!
//! The header is written with the first event (it depends on whether events carry a mention
//! count), or by `finish` when there was none, so an empty export is still a valid CSV file.

use super::{EventSink, MentionsColumn, STATS_COLUMNS};
use crate::{StatsRow, StoreError};
use dyad_coder::{Event, CSV_COLUMNS};
use std::io::Write;

/// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled.
pub fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Write one record: fields quoted as needed, separated by commas, ended by LF.
fn write_record<S: AsRef<str>>(out: &mut dyn Write, fields: &[S]) -> std::io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_field(f.as_ref()).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// Writes events as CSV.
pub struct CsvSink {
    out: Box<dyn Write + Send>,
    mentions: MentionsColumn,
}

impl CsvSink {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        CsvSink {
            out,
            mentions: MentionsColumn::default(),
        }
    }

    fn header(&mut self, with_mentions: bool) -> std::io::Result<()> {
        let mut cols: Vec<&str> = CSV_COLUMNS.to_vec();
        if with_mentions {
            cols.push("mentions");
        }
        write_record(&mut self.out, &cols)
    }
}

impl EventSink for CsvSink {
    fn write(&mut self, event: &Event, mentions: Option<u32>) -> Result<(), StoreError> {
        let (with_mentions, first) = self.mentions.accept(mentions)?;
        if first {
            self.header(with_mentions)?;
        }
        let mut rec = event.csv_record();
        if with_mentions {
            rec.push(mentions.map(|n| n.to_string()).unwrap_or_default());
        }
        write_record(&mut self.out, &rec)?;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        self.out.flush()?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        if !self.mentions.started() {
            self.header(false)?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// The fields of one aggregate row in [`STATS_COLUMNS`] order (empty when not set).
pub(crate) fn stats_record(r: &StatsRow) -> Vec<String> {
    fn opt<T: ToString>(v: &Option<T>) -> String {
        v.as_ref().map(|x| x.to_string()).unwrap_or_default()
    }
    vec![
        opt(&r.period),
        opt(&r.source),
        opt(&r.target),
        opt(&r.code),
        opt(&r.quad_class),
        r.count.to_string(),
        r.goldstein_sum.to_string(),
        r.goldstein_mean.to_string(),
        r.quad[0].to_string(),
        r.quad[1].to_string(),
        r.quad[2].to_string(),
        r.quad[3].to_string(),
    ]
}

/// Aggregate rows as CSV with a [`STATS_COLUMNS`] header.
pub fn write_stats(rows: &[StatsRow], mut out: Box<dyn Write + Send>) -> Result<(), StoreError> {
    write_record(&mut out, &STATS_COLUMNS)?;
    for r in rows {
        write_record(&mut out, &stats_record(r))?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_quoting_follows_rfc4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\r"), "\"cr\r\"");
    }
}
