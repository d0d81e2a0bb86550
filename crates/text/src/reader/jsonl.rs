//! JSON Lines: one article object per line.

use super::{parse_ymd, snippet, ArticleResult, Ctx};
use crate::document::Document;
use chrono::NaiveDate;
use serde_json::Value;

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `YYYY-MM-DD`, or an ISO 8601 / RFC 3339 date-time (`2022-07-20T10:00:00Z`,
/// `2022-07-20 10:00:00`) whose date, as written, is taken.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = parse_ymd(s) {
        return Some(d);
    }
    let day = parse_ymd(s.get(..10)?)?;
    if !matches!(s.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let ok = chrono::DateTime::parse_from_rfc3339(s).is_ok()
        || [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .any(|f| chrono::NaiveDateTime::parse_from_str(s, f).is_ok())
        || chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z").is_ok()
        || chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z").is_ok();
    ok.then_some(day)
}

/// One line: `None` for a blank line, else an article or the reason it is rejected.
pub(super) fn parse_line(ctx: &Ctx, num: u64, line: &[u8]) -> Option<ArticleResult> {
    let s = match std::str::from_utf8(line) {
        Ok(s) => s,
        Err(e) => {
            let reason = format!(
                "invalid UTF-8 (bad byte at column {} of the line)",
                e.valid_up_to() + 1
            );
            return Some(Err(ctx.error(num, reason)));
        }
    };
    if s.trim().is_empty() {
        return None;
    }
    Some(parse_record(ctx, num, s).map_err(|reason| ctx.error(num, reason)))
}

fn parse_record(ctx: &Ctx, num: u64, s: &str) -> Result<Document, String> {
    let opts = &ctx.opts;
    let value: Value = serde_json::from_str(s).map_err(|e| {
        let t = s.trim();
        if matches!(t, "[" | "{") || (e.is_eof() && num == 1) {
            format!("bad JSON: {e} (JSON Lines needs each article on one line)")
        } else {
            format!("bad JSON: {e}")
        }
    })?;
    let Value::Object(mut map) = value else {
        return Err(format!("not a JSON object: found {}", kind(&value)));
    };
    let field = |name: &str| format!("{name:?}");

    let text = match map.shift_remove(&opts.text_field) {
        Some(Value::String(t)) if !t.trim().is_empty() => t,
        Some(Value::String(_)) => return Err(format!("empty {} field", field(&opts.text_field))),
        None | Some(Value::Null) => {
            return Err(format!("missing {} field", field(&opts.text_field)))
        }
        Some(v) => {
            return Err(format!(
                "{} must be a string, found {}",
                field(&opts.text_field),
                kind(&v)
            ))
        }
    };
    let date = match map.shift_remove(&opts.date_field) {
        None | Some(Value::Null) => None,
        Some(Value::String(d)) if d.trim().is_empty() => None,
        Some(Value::String(d)) => match parse_date(&d) {
            Some(date) => Some(date),
            None => {
                return Err(format!(
                    "bad date {} in {} (expected YYYY-MM-DD)",
                    snippet(d.as_bytes()),
                    field(&opts.date_field)
                ))
            }
        },
        Some(v) => {
            return Err(format!(
                "{} must be a YYYY-MM-DD string or null, found {}",
                field(&opts.date_field),
                kind(&v)
            ))
        }
    };
    let id = match map.shift_remove(&opts.id_field) {
        Some(Value::String(id)) if !id.is_empty() => id,
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => format!("{}-{num}", ctx.stem),
        Some(v) => {
            return Err(format!(
                "{} must be a string or a number, found {}",
                field(&opts.id_field),
                kind(&v)
            ))
        }
    };
    let title = match map.shift_remove(&opts.title_field) {
        Some(Value::String(t)) if !t.is_empty() => Some(t),
        None | Some(Value::Null) | Some(Value::String(_)) => None,
        Some(v) => {
            return Err(format!(
                "{} must be a string, found {}",
                field(&opts.title_field),
                kind(&v)
            ))
        }
    };
    Ok(Document {
        id,
        date,
        title,
        text,
        origin: ctx.origin(num),
        extra: map,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2022, 7, 20);
        for ok in [
            "2022-07-20",
            " 2022-07-20 ",
            "2022-07-20T10:11:12Z",
            "2022-07-20T23:59:59-05:00",
            "2022-07-20T10:11:12.345",
            "2022-07-20 10:11:12",
            "2022-07-20 10:11",
        ] {
            assert_eq!(parse_date(ok), d, "{ok}");
        }
        for bad in [
            "2022-13-40",
            "20220720",
            "July 20, 2022",
            "2022-07-20Tnonsense",
            "2022-07-20x",
            "2022-07-2é",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
