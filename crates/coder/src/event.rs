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
