//! Query-string parameters: parsed by hand so that every mistake is a 400 that names the
//! parameter and says what it should be (unknown names and repeated names included, which
//! catches typos that would otherwise silently widen a query).

use crate::error::ApiError;
use chrono::NaiveDate;
use dyad_store::{By, EventFilter, Every, TextQuery};
use std::collections::BTreeMap;

/// The filter parameters, named as the flags of `dyad events`.
pub const FILTER_PARAMS: [&str; 9] = [
    "source", "target", "actor", "code", "quad", "from", "to", "place", "q",
];

/// The longest cursor accepted (cursors the store hands out are far shorter).
const MAX_CURSOR_CHARS: usize = 512;

/// The parameters of one request, by name. Empty values count as absent (an empty form field).
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Parse `raw` (the query string without `?`), accepting only the names in `allowed`.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut values = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if !allowed.contains(&k.as_ref()) {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {:?}; this endpoint takes {}",
                    k,
                    allowed.join(", ")
                )));
            }
            if values.contains_key(k.as_ref()) {
                return Err(ApiError::BadRequest(format!(
                    "parameter {k:?} is given more than once"
                )));
            }
            values.insert(k.into_owned(), v.into_owned());
        }
        values.retain(|_, v| !v.trim().is_empty());
        Ok(Params { values })
    }

    /// The value of `name`, trimmed, when present and not empty.
    pub fn str(&self, name: &str) -> Option<String> {
        self.values.get(name).map(|v| v.trim().to_string())
    }

    /// A whole number in `min..=max`, or `default` when absent.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        match self.str(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::BadRequest(format!(
                    "{name} must be a whole number from {min} to {max}, not {v:?}"
                ))),
            },
        }
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        match self.str(name) {
            None => Ok(None),
            Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    ApiError::BadRequest(format!(
                        "{name} must be a date written YYYY-MM-DD, not {v:?}"
                    ))
                }),
        }
    }

    /// The event filter of the request, validated (actor codes, CAMEO code, quad, dates,
    /// place length, and the full-text query's syntax) before any database sees it.
    pub fn filter(&self) -> Result<EventFilter, ApiError> {
        let quad = match self.str("quad") {
            None => None,
            Some(v) => match v.parse::<u8>() {
                Ok(q) => Some(q),
                Err(_) => {
                    return Err(ApiError::BadRequest(format!(
                        "quad must be 1, 2, 3 or 4, not {v:?}"
                    )))
                }
            },
        };
        let text = match self.str("q") {
            None => None,
            Some(q) => Some(TextQuery::parse(&q)?),
        };
        let filter = EventFilter {
            source: self.str("source"),
            target: self.str("target"),
            actor: self.str("actor"),
            code: self.str("code"),
            quad,
            from: self.date("from")?,
            to: self.date("to")?,
            place: self.str("place"),
            text,
            event: None,
        };
        filter.validate()?;
        Ok(filter)
    }

    /// The page cursor (`next` of the previous page), when given.
    pub fn cursor(&self) -> Result<Option<String>, ApiError> {
        match self.str("cursor") {
            Some(c) if c.chars().count() > MAX_CURSOR_CHARS => Err(ApiError::BadRequest(
                format!("cursor is longer than {MAX_CURSOR_CHARS} characters; pass the `next` value of the previous page"),
            )),
            c => Ok(c),
        }
    }

    /// `by` of `/api/stats` (default `dyad`).
    pub fn by(&self) -> Result<By, ApiError> {
        Ok(match self.str("by").as_deref() {
            None | Some("dyad") => By::Dyad,
            Some("source") => By::Source,
            Some("target") => By::Target,
            Some("code") => By::Code,
            Some("root") => By::Root,
            Some("quad") => By::Quad,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "by must be one of dyad, source, target, code, root, quad, not {other:?}"
                )))
            }
        })
    }

    /// `every` of `/api/stats` (default `all`).
    pub fn every(&self) -> Result<Every, ApiError> {
        Ok(match self.str("every").as_deref() {
            None | Some("all") => Every::All,
            Some("day") => Every::Day,
            Some("week") => Every::Week,
            Some("month") => Every::Month,
            Some("year") => Every::Year,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "every must be one of day, week, month, year, all, not {other:?}"
                )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(q: &str) -> Result<EventFilter, ApiError> {
        let mut allowed = FILTER_PARAMS.to_vec();
        allowed.push("limit");
        Params::parse(Some(q), &allowed)?.filter()
    }

    #[test]
    fn filters_parse_and_empty_values_are_absent() {
        let f = filter("source=RUS&target=&code=04&quad=1&from=2024-01-01&to=2024-02-01")
            .expect("valid filter");
        assert_eq!(f.source.as_deref(), Some("RUS"));
        assert_eq!(f.target, None);
        assert_eq!(f.code.as_deref(), Some("04"));
        assert_eq!(f.quad, Some(1));
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2024, 1, 1));
    }

    #[test]
    fn bad_values_unknown_and_repeated_names_are_400_with_the_name() {
        for (q, needle) in [
            ("source=RUS'--", "source"),
            ("quad=7", "quad"),
            ("quad=x", "quad"),
            ("from=2024-13-01", "from"),
            ("from=2024-02-01&to=2024-01-01", "after"),
            ("sauce=RUS", "unknown parameter"),
            ("source=RUS&source=IRN", "more than once"),
            ("q=%22open", "quote"),
        ] {
            match filter(q) {
                Err(ApiError::BadRequest(msg)) => {
                    assert!(msg.contains(needle), "{q}: {msg:?} lacks {needle:?}")
                }
                other => panic!("{q}: expected a 400, got {other:?}"),
            }
        }
    }

    #[test]
    fn numbers_are_bounded() {
        let p = Params::parse(Some("limit=1001"), &["limit"]).expect("parse");
        assert!(p.number("limit", 50, 1, 1000).is_err());
        let p = Params::parse(Some("limit=0"), &["limit"]).expect("parse");
        assert!(p.number("limit", 50, 1, 1000).is_err());
        let p = Params::parse(None, &["limit"]).expect("parse");
        assert_eq!(p.number("limit", 50, 1, 1000).expect("default"), 50);
    }
}
