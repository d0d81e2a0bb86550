//! Table: aligned columns for reading in a terminal (date, source, CAMEO code, target, verb,
//! the first 80 characters of the sentence), what `dyad code` prints on a terminal. Store
//! events get a `mentions` column before the sentence. Not meant to be parsed: use CSV or JSONL.

use super::{EventSink, MentionsColumn};
use crate::{StatsRow, StoreError};
use dyad_coder::{ActorRef, Event};
use std::io::Write;

/// Characters of the sentence shown per row.
const SENTENCE_CHARS: usize = 80;

/// Writes events as an aligned table.
pub struct TableSink {
    out: Box<dyn Write + Send>,
    mentions: MentionsColumn,
}

impl TableSink {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        TableSink {
            out,
            mentions: MentionsColumn::default(),
        }
    }

    fn header(&mut self, with_mentions: bool) -> std::io::Result<()> {
        write!(
            self.out,
            "{:<10}  {:<10}  {:<5}  {:<10}  {:<14}  ",
            "date", "source", "cameo", "target", "verb"
        )?;
        if with_mentions {
            write!(self.out, "{:>8}  ", "mentions")?;
        }
        writeln!(self.out, "sentence")
    }
}

impl EventSink for TableSink {
    fn write(&mut self, e: &Event, mentions: Option<u32>) -> Result<(), StoreError> {
        let (with_mentions, first) = self.mentions.accept(mentions)?;
        if first {
            self.header(with_mentions)?;
        }
        fn code(a: &Option<ActorRef>) -> &str {
            a.as_ref().map_or("-", |a| a.code.as_str())
        }
        let date = e.date.map(|d| d.to_string());
        let sentence: String = e.sentence.chars().take(SENTENCE_CHARS).collect();
        write!(
            self.out,
            "{:<10}  {:<10}  {:<5}  {:<10}  {:<14}  ",
            date.as_deref().unwrap_or("-"),
            code(&e.source),
            e.cameo.code,
            code(&e.target),
            e.verb.as_ref().map_or("-", |v| v.text.as_str()),
        )?;
        if with_mentions {
            match mentions {
                Some(n) => write!(self.out, "{n:>8}  ")?,
                None => write!(self.out, "{:>8}  ", "-")?,
            }
        }
        writeln!(self.out, "{sentence}")?;
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

/// Aggregate rows as an aligned table; the group columns are those any row sets.
pub fn write_stats(rows: &[StatsRow], mut out: Box<dyn Write + Send>) -> Result<(), StoreError> {
    let has_period = rows.iter().any(|r| r.period.is_some());
    let has_source = rows.iter().any(|r| r.source.is_some());
    let has_target = rows.iter().any(|r| r.target.is_some());
    let has_code = rows.iter().any(|r| r.code.is_some());
    let has_quad = rows.iter().any(|r| r.quad_class.is_some());
    let width = |f: &dyn Fn(&StatsRow) -> usize, title: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(title.len())
    };
    let ws = width(
        &|r| r.source.as_ref().map_or(1, |s| s.chars().count()),
        "source",
    );
    let wt = width(
        &|r| r.target.as_ref().map_or(1, |s| s.chars().count()),
        "target",
    );
    let wc = width(
        &|r| r.code.as_ref().map_or(1, |s| s.chars().count()),
        "code",
    );

    let mut head = String::new();
    if has_period {
        head.push_str(&format!("{:<10}  ", "period"));
    }
    if has_source {
        head.push_str(&format!("{:<ws$}  ", "source"));
    }
    if has_target {
        head.push_str(&format!("{:<wt$}  ", "target"));
    }
    if has_code {
        head.push_str(&format!("{:<wc$}  ", "code"));
    }
    if has_quad {
        head.push_str(&format!("{:>4}  ", "quad"));
    }
    head.push_str(&format!(
        "{:>8}  {:>10}  {:>9}  {:>7}  {:>7}  {:>7}  {:>7}",
        "count", "goldstein", "mean", "quad1", "quad2", "quad3", "quad4"
    ));
    writeln!(out, "{}", head.trim_end())?;
    for r in rows {
        let mut line = String::new();
        let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        if has_period {
            let p = r.period.map_or_else(|| "-".to_string(), |d| d.to_string());
            line.push_str(&format!("{p:<10}  "));
        }
        if has_source {
            line.push_str(&format!("{:<ws$}  ", text(&r.source)));
        }
        if has_target {
            line.push_str(&format!("{:<wt$}  ", text(&r.target)));
        }
        if has_code {
            line.push_str(&format!("{:<wc$}  ", text(&r.code)));
        }
        if has_quad {
            let q = r
                .quad_class
                .map_or_else(|| "-".to_string(), |q| q.to_string());
            line.push_str(&format!("{q:>4}  "));
        }
        line.push_str(&format!(
            "{:>8}  {:>10.2}  {:>9.2}  {:>7}  {:>7}  {:>7}  {:>7}",
            r.count, r.goldstein_sum, r.goldstein_mean, r.quad[0], r.quad[1], r.quad[2], r.quad[3]
        ));
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}
