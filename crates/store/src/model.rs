//! The values that go into and come out of a [`Store`](crate::Store).

use crate::{StoreError, TextQuery};
use chrono::NaiveDate;
use dyad_coder::Event;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One article with what the pipeline made of it, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodedArticle {
    /// The article id (`Document::id`).
    pub id: String,
    /// Story date.
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// The article text; empty when only pre-coded events were ingested.
    pub text: String,
    /// Where it was read from (`path:line`), for provenance.
    pub origin: Option<String>,
    /// The sentences, as character spans of `text` (index = sentence index of the events).
    /// When `text` is empty, the sentences known from the events, with their text.
    pub sentences: Vec<SentenceRecord>,
    /// Events coded in the article (each is one *mention*).
    pub events: Vec<Event>,
}

impl CodedArticle {
    /// SHA-256 (hex) of the text, the second identity of an article: the same text under
    /// another id is the same article. `None` when the article has no text.
    pub fn content_hash(&self) -> Option<String> {
        if self.text.is_empty() {
            return None;
        }
        let digest = Sha256::digest(self.text.as_bytes());
        Some(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Articles rebuilt from pre-coded events (`dyad code --format jsonl` output), grouped by
    /// article id in order of first appearance: no text, the sentences the events quote.
    pub fn from_events(events: impl IntoIterator<Item = Event>) -> Vec<CodedArticle> {
        let mut out: Vec<CodedArticle> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        for e in events {
            let i = *index.entry(e.article.clone()).or_insert_with(|| {
                out.push(CodedArticle {
                    id: e.article.clone(),
                    date: e.story_date,
                    title: None,
                    text: String::new(),
                    origin: None,
                    sentences: Vec::new(),
                    events: Vec::new(),
                });
                out.len() - 1
            });
            let a = &mut out[i];
            if !a.sentences.iter().any(|s| s.index == e.sentence_index) {
                a.sentences.push(SentenceRecord {
                    index: e.sentence_index,
                    start: None,
                    end: None,
                    text: e.sentence.clone(),
                });
            }
            a.events.push(e);
        }
        out
    }
}

/// A sentence of a stored article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRecord {
    /// 0-based index in the article.
    pub index: usize,
    /// Character offset in the article text (`None` for articles stored without text).
    pub start: Option<usize>,
    /// Character offset just past the sentence.
    pub end: Option<usize>,
    pub text: String,
}

/// What one [`Store::ingest`](crate::Store::ingest) call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Articles stored by this batch.
    pub articles: u64,
    /// Articles skipped because they were already stored (same id or same content hash).
    pub skipped: u64,
    pub sentences: u64,
    /// Mentions stored (one per event coded in a stored article).
    pub mentions: u64,
    /// Mentions that started a new event.
    pub new_events: u64,
    /// Mentions merged into an event already stored (or earlier in the batch).
    pub merged: u64,
}

impl std::ops::AddAssign for IngestReport {
    fn add_assign(&mut self, o: IngestReport) {
        self.articles += o.articles;
        self.skipped += o.skipped;
        self.sentences += o.sentences;
        self.mentions += o.mentions;
        self.new_events += o.new_events;
        self.merged += o.merged;
    }
}

/// How mentions merge into events: same source code, same target code (missing = missing),
/// same CAMEO code (or the same root, the first two digits, when `by_root`), and event dates at
/// most `window_days` apart (from the event's first mention). Fixed when the store is created
/// and kept in it, so a store never mixes two rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DedupRule {
    pub by_root: bool,
    pub window_days: u32,
}

impl Default for DedupRule {
    fn default() -> Self {
        DedupRule {
            by_root: false,
            window_days: 1,
        }
    }
}

/// Options used when a store is opened; `dedup` only matters when the store is created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreOptions {
    pub dedup: DedupRule,
    /// Open for reading only (the server's default): `ingest` fails, and a missing SQLite
    /// file is an error instead of a new store.
    pub read_only: bool,
}

/// Which events a query wants. Every field narrows; `None` means any.
///
/// Actor filters match code *prefixes* (`RUS` matches `RUSGOV` and `RUSMIL`); `code` is a CAMEO
/// code prefix (`04` matches 040-046, `042` only 042); `place` is a place name (any case) or an
/// ISO3 country code; `text` is a full-text query over the article text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventFilter {
    pub source: Option<String>,
    pub target: Option<String>,
    /// Either side.
    pub actor: Option<String>,
    pub code: Option<String>,
    pub quad: Option<u8>,
    /// First event date included.
    pub from: Option<NaiveDate>,
    /// Last event date included.
    pub to: Option<NaiveDate>,
    pub place: Option<String>,
    #[serde(skip)]
    pub text: Option<TextQuery>,
    /// One de-duplicated event by its id (its first mention's id): the event itself, or its
    /// mentions.
    pub event: Option<String>,
}

impl EventFilter {
    /// Reject values that cannot be what they claim to be, with the reason, before any SQL:
    /// actor codes are 1-30 letters/digits, CAMEO codes 1-4 digits, quad 1-4, place names
    /// at most 200 characters, `from` <= `to`.
    pub fn validate(&self) -> Result<(), StoreError> {
        for (name, v) in [
            ("source", &self.source),
            ("target", &self.target),
            ("actor", &self.actor),
        ] {
            if let Some(v) = v {
                if v.is_empty() || v.len() > 30 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(StoreError::BadQuery(format!(
                        "{name} must be an actor code prefix of letters and digits (e.g. RUS, IRNGOV), not {v:?}"
                    )));
                }
            }
        }
        if let Some(c) = &self.code {
            if c.is_empty() || c.len() > 4 || !c.chars().all(|c| c.is_ascii_digit()) {
                return Err(StoreError::BadQuery(format!(
                    "code must be a CAMEO code or prefix of 1-4 digits (e.g. 04, 042), not {c:?}"
                )));
            }
        }
        if let Some(q) = self.quad {
            if !(1..=4).contains(&q) {
                return Err(StoreError::BadQuery(format!(
                    "quad must be 1, 2, 3 or 4, not {q}"
                )));
            }
        }
        if let Some(p) = &self.place {
            if p.is_empty() || p.chars().count() > 200 {
                return Err(StoreError::BadQuery(
                    "place must be 1-200 characters".into(),
                ));
            }
        }
        if let Some(e) = &self.event {
            if e.is_empty() || e.len() > 64 || !e.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(StoreError::BadQuery(format!(
                    "event must be an event id of letters and digits, not {e:?}"
                )));
            }
        }
        if let (Some(f), Some(t)) = (self.from, self.to) {
            if f > t {
                return Err(StoreError::BadQuery(format!(
                    "from ({f}) is after to ({t})"
                )));
            }
        }
        Ok(())
    }
}

/// One page of a listing: at most `limit` rows after `cursor` (the `next` of the previous page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub limit: usize,
    pub cursor: Option<String>,
}

impl Page {
    /// The largest page a caller may ask for.
    pub const MAX_LIMIT: usize = 10_000;

    pub fn first(limit: usize) -> Page {
        Page {
            limit,
            cursor: None,
        }
    }
}

/// A de-duplicated event: its first mention (the schema of `dyad code`) and how many mentions
/// (article sentences) report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    #[serde(flatten)]
    pub event: Event,
    pub mentions: u32,
}

/// One page of events, the total number matching the filter, and the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    pub events: Vec<StoredEvent>,
    pub total: u64,
    pub next: Option<String>,
}

/// One raw mention: an event as one article's sentence coded it, and the id of the
/// de-duplicated event it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    #[serde(flatten)]
    pub event: Event,
    pub event_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionPage {
    pub mentions: Vec<Mention>,
    pub total: u64,
    pub next: Option<String>,
}

/// How to group aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Source and target codes.
    Dyad,
    Source,
    Target,
    /// Full CAMEO code.
    Code,
    /// CAMEO root (first two digits).
    Root,
    Quad,
}

/// The period of aggregates: ISO weeks start on Monday, months on the 1st; `All` is one
/// period over the whole range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Day,
    Week,
    Month,
    Year,
    All,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsQuery {
    pub by: By,
    pub every: Every,
    pub filter: EventFilter,
}

/// One aggregate row: the group (only the fields of [`By`] are set), the first day of the
/// period (`None` for [`Every::All`]), and the figures over the de-duplicated events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsRow {
    pub period: Option<NaiveDate>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: Option<String>,
    pub quad_class: Option<u8>,
    pub count: u64,
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
    /// Events per quad class 1..4 (index 0 = quad class 1).
    pub quad: [u64; 4],
}

/// Actors and dyads of a set of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Network {
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkNode {
    pub code: String,
    /// A name seen for the code (the most frequent), when any.
    pub name: Option<String>,
    /// Events the actor takes part in (either side).
    pub events: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkEdge {
    pub source: String,
    pub target: String,
    pub count: u64,
    pub goldstein_mean: f64,
}

/// A stored article with its sentences and the mentions coded in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub text: String,
    pub origin: Option<String>,
    pub sentences: Vec<SentenceRecord>,
    pub mentions: Vec<Mention>,
}

/// A full-text search result: the article, and a snippet of its text with the matched words
/// as character ranges of `snippet`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub article: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
    /// Higher is better; comparable within one result list only.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorCount {
    pub code: String,
    pub name: Option<String>,
    pub events: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub articles: u64,
    pub sentences: u64,
    pub mentions: u64,
    pub events: u64,
}
