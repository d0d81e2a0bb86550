//! The [`Event`] record and its JSON schema.
//!
//! One line of `dyad code --format jsonl` is one `Event` serialised with serde, exactly:
//!
//! ```json
//! {"id": "<stable hash of article id + sentence index + source + target + code>",
//!  "article": "<article id>", "sentence_index": 0, "sentence": "<the sentence text>",
//!  "date": "YYYY-MM-DD", "story_date": "YYYY-MM-DD",
//!  "source": {"code": "RUSGOV", "name": "Vladimir Putin", "text": "Russian President Vladimir Putin",
//!             "start": 0, "end": 32},
//!  "target": {"code": "IRNGOV", "name": null, "text": "...", "start": 0, "end": 0},
//!  "cameo": {"code": "040", "name": "Consult, not specified below", "goldstein": 1.0, "quad_class": 1},
//!  "plover": {"type": "CONSULT", "mode": null, "context": []},
//!  "verb": {"text": "conferred", "start": 0, "end": 0},
//!  "place": {"name": "Tehran", "country": "IRN", "lat": 35.69, "lon": 51.42, "precision": "city"}}
//! ```
//!
//! `start`/`end` are **character** offsets into `sentence` (not bytes), so that Python,
//! JavaScript and SQL users can slice with them. A field the coder cannot fill is `null`
//! (`source`, `target`, `date`, `place`, `plover`, and inner `name`s).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One coded event: who did what to whom, when, where, and the sentence that says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id: see [`Event::stable_id`].
    pub id: String,
    /// The article's id.
    pub article: String,
    /// 0-based index of the sentence in the article.
    pub sentence_index: usize,
    /// The evidence sentence, verbatim.
    pub sentence: String,
    /// The event's own date (resolved from "on Tuesday" etc.), else the story date.
    pub date: Option<NaiveDate>,
    /// The article's publication date.
    pub story_date: Option<NaiveDate>,
    pub source: Option<ActorRef>,
    pub target: Option<ActorRef>,
    pub cameo: Cameo,
    pub plover: Option<Plover>,
    pub verb: Option<Span>,
    pub place: Option<Place>,
}

/// An actor mention: its code, canonical name, and where it stands in the sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRef {
    /// CAMEO actor code, e.g. `RUSGOV`.
    pub code: String,
    /// Canonical name from the dictionary entry, when the mention is a named actor.
    pub name: Option<String>,
    /// The words of the mention as written.
    pub text: String,
    /// Character offset into the sentence.
    pub start: usize,
    /// Character offset just past the mention.
    pub end: usize,
}

/// The CAMEO event code with its attributes from the codebook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cameo {
    pub code: String,
    pub name: String,
    pub goldstein: f64,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
}

/// The PLOVER event type, mode and context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plover {
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
}

/// A span of the sentence (the verb or trigger phrase), in character offsets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A geocoded place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `city`, `region` or `country`.
    pub precision: String,
}

impl Event {
    /// The stable event id: the first 16 hex digits of SHA-256 over
    /// `article \x1f sentence_index \x1f source code \x1f target code \x1f cameo code`
    /// (empty strings for missing actors). Same input, same id, on every machine and run.
    pub fn stable_id(
        article: &str,
        sentence_index: usize,
        source: Option<&str>,
        target: Option<&str>,
        code: &str,
    ) -> String {
        let mut h = Sha256::new();
        for (i, part) in [
            article,
            &sentence_index.to_string(),
            source.unwrap_or(""),
            target.unwrap_or(""),
            code,
        ]
        .iter()
        .enumerate()
        {
            if i > 0 {
                h.update([0x1f]);
            }
            h.update(part.as_bytes());
        }
        let digest = h.finalize();
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Column names of the flat (CSV) form of an [`Event`], in order.
pub const CSV_COLUMNS: [&str; 24] = [
    "id",
    "article",
    "sentence_index",
    "date",
    "story_date",
    "source_code",
    "source_name",
    "source_text",
    "target_code",
    "target_name",
    "target_text",
    "cameo_code",
    "cameo_name",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
    "plover_context",
    "verb",
    "place_name",
    "place_country",
    "place_lat",
    "place_lon",
    "sentence",
];

impl Event {
    /// The event flattened to [`CSV_COLUMNS`]; missing values are empty strings and
    /// PLOVER contexts are joined with `;`.
    pub fn csv_record(&self) -> Vec<String> {
        fn opt<T: ToString>(v: Option<T>) -> String {
            v.map(|x| x.to_string()).unwrap_or_default()
        }
        let actor = |a: &Option<ActorRef>| {
            (
                opt(a.as_ref().map(|a| a.code.clone())),
                opt(a.as_ref().and_then(|a| a.name.clone())),
                opt(a.as_ref().map(|a| a.text.clone())),
            )
        };
        let (sc, sn, st) = actor(&self.source);
        let (tc, tn, tt) = actor(&self.target);
        vec![
            self.id.clone(),
            self.article.clone(),
            self.sentence_index.to_string(),
            opt(self.date),
            opt(self.story_date),
            sc,
            sn,
            st,
            tc,
            tn,
            tt,
            self.cameo.code.clone(),
            self.cameo.name.clone(),
            self.cameo.goldstein.to_string(),
            self.cameo.quad_class.to_string(),
            opt(self.plover.as_ref().map(|p| p.event_type.clone())),
            opt(self.plover.as_ref().and_then(|p| p.mode.clone())),
            opt(self.plover.as_ref().map(|p| p.context.join(";"))),
            opt(self.verb.as_ref().map(|v| v.text.clone())),
            opt(self.place.as_ref().map(|p| p.name.clone())),
            opt(self.place.as_ref().and_then(|p| p.country.clone())),
            opt(self.place.as_ref().and_then(|p| p.lat)),
            opt(self.place.as_ref().and_then(|p| p.lon)),
            self.sentence.clone(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Event {
        Event {
            id: Event::stable_id("a1", 3, Some("RUSGOV"), Some("IRNGOV"), "040"),
            article: "a1".into(),
            sentence_index: 3,
            sentence: "Putin conferred with Raisi.".into(),
            date: NaiveDate::from_ymd_opt(2022, 7, 19),
            story_date: NaiveDate::from_ymd_opt(2022, 7, 20),
            source: Some(ActorRef {
                code: "RUSGOV".into(),
                name: Some("Vladimir Putin".into()),
                text: "Putin".into(),
                start: 0,
                end: 5,
            }),
            target: None,
            cameo: Cameo {
                code: "040".into(),
                name: "Consult, not specified below".into(),
                goldstein: 1.0,
                quad_class: 1,
            },
            plover: Some(Plover {
                event_type: "CONSULT".into(),
                mode: None,
                context: vec![],
            }),
            verb: Some(Span {
                text: "conferred".into(),
                start: 6,
                end: 15,
            }),
            place: None,
        }
    }

    #[test]
    fn json_schema_field_order_and_nulls() {
        let json = serde_json::to_string(&sample()).unwrap();
        let keys = [
            "\"id\"",
            "\"article\"",
            "\"sentence_index\"",
            "\"sentence\"",
            "\"date\"",
            "\"story_date\"",
            "\"source\"",
            "\"target\"",
            "\"cameo\"",
            "\"plover\"",
            "\"verb\"",
            "\"place\"",
        ];
        let positions: Vec<usize> = keys.iter().map(|k| json.find(k).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{json}");
        assert!(json.contains("\"target\":null"));
        assert!(json.contains("\"date\":\"2022-07-19\""));
        assert!(json.contains("\"plover\":{\"type\":\"CONSULT\",\"mode\":null,\"context\":[]}"));
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn stable_id_depends_on_every_part() {
        let base = Event::stable_id("a1", 3, Some("RUSGOV"), Some("IRNGOV"), "040");
        assert_eq!(base.len(), 16);
        assert_eq!(
            base,
            Event::stable_id("a1", 3, Some("RUSGOV"), Some("IRNGOV"), "040")
        );
        for other in [
            Event::stable_id("a2", 3, Some("RUSGOV"), Some("IRNGOV"), "040"),
            Event::stable_id("a1", 4, Some("RUSGOV"), Some("IRNGOV"), "040"),
            Event::stable_id("a1", 3, Some("IRNGOV"), Some("RUSGOV"), "040"),
            Event::stable_id("a1", 3, Some("RUSGOV"), None, "040"),
            Event::stable_id("a1", 3, Some("RUSGOV"), Some("IRNGOV"), "042"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn csv_record_matches_columns() {
        let rec = sample().csv_record();
        assert_eq!(rec.len(), CSV_COLUMNS.len());
        assert_eq!(rec[5], "RUSGOV");
        assert_eq!(rec[8], "", "missing target is an empty field");
        assert_eq!(rec[18], "conferred");
    }
}
