//! Backend-independent behaviour of a [`Store`]: plain functions that take a freshly created,
//! empty store and panic on any difference from the contract. `tests/sqlite.rs` runs each on a
//! temporary SQLite file and `tests/postgres.rs` on a fresh PostgreSQL database.
//!
//! The events are written here by hand: our own sentences about a few 2022 meetings,
//! sanctions and attacks, coded the way `dyad code` codes them (`Event` values with
//! character-offset spans), so every expected figure can be checked by reading this file.
//!
//! [`ALL`] lists every check for a store created with the default rule; [`dedup_by_root`]
//! needs a store created with [`by_root_options`].

#![allow(dead_code)]

use chrono::NaiveDate;
use dyad_coder::{ActorRef, Cameo, Event, Place, Plover, Span};
use dyad_store::{
    By, CodedArticle, DedupRule, EventFilter, Every, Page, SentenceRecord, StatsQuery, Store,
    StoreError, StoreOptions, TextQuery,
};
use std::collections::{BTreeMap, BTreeSet};

/// A conformance check: takes a freshly created, empty store; panics on a difference.
pub type Check = fn(Box<dyn Store>);

/// Every check that runs on a store created with the default options, by name.
pub const ALL: &[(&str, Check)] = &[
    ("ingest_is_idempotent", ingest_is_idempotent),
    (
        "same_text_under_another_id_is_skipped",
        same_text_under_another_id_is_skipped,
    ),
    (
        "dedup_merges_a_day_apart_not_three",
        dedup_merges_a_day_apart_not_three,
    ),
    ("filters_narrow_as_documented", filters_narrow_as_documented),
    (
        "paging_covers_every_event_once",
        paging_covers_every_event_once,
    ),
    ("stats_by_dyad_and_week", stats_by_dyad_and_week),
    ("stats_by_other_groups", stats_by_other_groups),
    ("network_and_actors", network_and_actors),
    ("search_words_phrases_and_or", search_words_phrases_and_or),
    ("article_round_trip", article_round_trip),
    ("mentions_stay_queryable", mentions_stay_queryable),
    ("bad_filters_are_bad_queries", bad_filters_are_bad_queries),
    (
        "injection_strings_find_nothing",
        injection_strings_find_nothing,
    ),
];

/// Options of the store [`dedup_by_root`] needs.
pub fn by_root_options() -> StoreOptions {
    StoreOptions {
        dedup: DedupRule {
            by_root: true,
            window_days: 1,
        },
        read_only: false,
    }
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// CAMEO attributes of the codes used here (name, Goldstein, quad class, PLOVER type).
fn cameo(code: &str) -> (Cameo, Plover) {
    let (name, goldstein, quad, plover) = match code {
        "040" => ("Consult, not specified below", 1.0, 1, "CONSULT"),
        "042" => ("Make a visit", 1.9, 1, "CONSULT"),
        "043" => ("Host a visit", 2.8, 1, "CONSULT"),
        "057" => ("Sign formal agreement", 8.0, 2, "AGREE"),
        "061" => ("Cooperate economically", 6.4, 2, "COOPERATE"),
        "112" => ("Accuse, not specified below", -2.0, 3, "ACCUSE"),
        "163" => ("Impose embargo, boycott, or sanctions", -8.0, 4, "SANCTION"),
        "190" => ("Use conventional military force", -10.0, 4, "ASSAULT"),
        other => panic!("no test attributes for CAMEO code {other}"),
    };
    (
        Cameo {
            code: code.into(),
            name: name.into(),
            goldstein,
            quad_class: quad,
        },
        Plover {
            event_type: plover.into(),
            mode: None,
            context: vec![],
        },
    )
}

/// The character span of the first occurrence of `part` in `sentence`.
fn span_of(sentence: &str, part: &str) -> (usize, usize) {
    let byte = sentence
        .find(part)
        .unwrap_or_else(|| panic!("{part:?} is not in {sentence:?}"));
    let start = sentence[..byte].chars().count();
    (start, start + part.chars().count())
}

/// An actor as `dyad code` writes it: code, name, and the words of the sentence.
fn actor(sentence: &str, code: &str, name: Option<&str>, words: &str) -> ActorRef {
    let (start, end) = span_of(sentence, words);
    ActorRef {
        code: code.into(),
        name: name.map(str::to_string),
        text: words.into(),
        start,
        end,
    }
}

/// One actor of a test event: (code, name, words in the sentence).
pub type A<'a> = (&'a str, Option<&'a str>, &'a str);

/// One event of `sentence`, with the stable id `dyad code` gives it.
#[allow(clippy::too_many_arguments)]
pub fn event(
    article: &str,
    index: usize,
    sentence: &str,
    event_date: &str,
    story_date: &str,
    source: Option<A>,
    target: Option<A>,
    code: &str,
    verb: &str,
    place: Option<(&str, &str, f64, f64)>,
) -> Event {
    let source = source.map(|(c, n, w)| actor(sentence, c, n, w));
    let target = target.map(|(c, n, w)| actor(sentence, c, n, w));
    let (cameo, plover) = cameo(code);
    let (vs, ve) = span_of(sentence, verb);
    Event {
        id: Event::stable_id(
            article,
            index,
            source.as_ref().map(|a| a.code.as_str()),
            target.as_ref().map(|a| a.code.as_str()),
            code,
        ),
        article: article.into(),
        sentence_index: index,
        sentence: sentence.into(),
        date: Some(date(event_date)),
        story_date: Some(date(story_date)),
        source,
        target,
        cameo,
        plover: Some(plover),
        verb: Some(Span {
            text: verb.into(),
            start: vs,
            end: ve,
        }),
        place: place.map(|(name, country, lat, lon)| Place {
            name: name.into(),
            country: Some(country.into()),
            lat: Some(lat),
            lon: Some(lon),
            precision: "city".into(),
        }),
    }
}

/// An article whose text is its sentences joined by single spaces, with character spans.
pub fn article(
    id: &str,
    story_date: &str,
    title: &str,
    sentences: &[&str],
    events: Vec<Event>,
) -> CodedArticle {
    let mut text = String::new();
    let mut records = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let start = text.chars().count();
        text.push_str(s);
        records.push(SentenceRecord {
            index: i,
            start: Some(start),
            end: Some(start + s.chars().count()),
            text: s.to_string(),
        });
    }
    CodedArticle {
        id: id.into(),
        date: Some(date(story_date)),
        title: Some(title.into()),
        text,
        origin: Some(format!("conformance.jsonl:{}", id.len())),
        sentences: records,
        events,
    }
}

const ERDOGAN: A = (
    "TURGOV",
    Some("Recep Tayyip Erdogan"),
    "Recep Tayyip Erdogan",
);
const SOCHI: Option<(&str, &str, f64, f64)> = Some(("Sochi", "RUS", 43.6, 39.73));

/// The Sochi meeting of 5 August 2022 as three stories tell it: Anadolu on the day, a Moscow
/// paper the next day (one day apart: the same event), and an Istanbul weekly three days later
/// about a new call between the two (three days apart: another event).
pub fn sochi_stories() -> Vec<CodedArticle> {
    let s1 = "Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Sochi on Friday.";
    let s2 = "The two leaders discussed grain exports through the Black Sea.";
    let a1 = article(
        "aa-2022-08-05-sochi",
        "2022-08-05",
        "Erdogan and Putin meet in Sochi",
        &[s1, s2],
        vec![event(
            "aa-2022-08-05-sochi",
            0,
            s1,
            "2022-08-05",
            "2022-08-05",
            Some(ERDOGAN),
            Some((
                "RUSGOV",
                Some("Vladimir Putin"),
                "Russian President Vladimir Putin",
            )),
            "040",
            "met",
            SOCHI,
        )],
    );
    let t1 = "Kremlin officials said on Saturday that Recep Tayyip Erdogan had held talks with Vladimir Putin in the Black Sea resort of Sochi.";
    let a2 = article(
        "kommersant-2022-08-06",
        "2022-08-06",
        "Sochi talks: what the Kremlin said",
        &[t1],
        vec![event(
            "kommersant-2022-08-06",
            0,
            t1,
            "2022-08-06",
            "2022-08-06",
            Some(ERDOGAN),
            Some(("RUSGOV", Some("Vladimir Putin"), "Vladimir Putin")),
            "040",
            "held talks",
            SOCHI,
        )],
    );
    let u1 = "Recep Tayyip Erdogan consulted Vladimir Putin again by telephone on Monday about the grain corridor.";
    let a3 = article(
        "hurriyet-2022-08-08",
        "2022-08-08",
        "Erdogan calls Putin on grain",
        &[u1],
        vec![event(
            "hurriyet-2022-08-08",
            0,
            u1,
            "2022-08-08",
            "2022-08-08",
            Some(ERDOGAN),
            Some(("RUSGOV", Some("Vladimir Putin"), "Vladimir Putin")),
            "040",
            "consulted",
            None,
        )],
    );
    vec![a1, a2, a3]
}

/// Five more stories with one event each, across codes, quad classes, places and months.
pub fn other_stories() -> Vec<CodedArticle> {
    let s = "The European Union imposed new sanctions on Russian military intelligence officers in Brussels on Monday.";
    let eu = article(
        "reuters-2022-07-25-eu",
        "2022-07-25",
        "EU sanctions Russian officers",
        &[s],
        vec![event(
            "reuters-2022-07-25-eu",
            0,
            s,
            "2022-07-25",
            "2022-07-25",
            Some(("EUR", Some("European Union"), "The European Union")),
            Some(("RUSMIL", None, "Russian military intelligence officers")),
            "163",
            "imposed new sanctions",
            Some(("Brussels", "BEL", 50.85, 4.35)),
        )],
    );
    let s = "Russian President Vladimir Putin visited Tehran on Tuesday for talks with Iranian President Ebrahim Raisi.";
    let tehran = article(
        "irna-2022-07-19",
        "2022-07-19",
        "Putin in Tehran",
        &[s],
        vec![event(
            "irna-2022-07-19",
            0,
            s,
            "2022-07-19",
            "2022-07-19",
            Some((
                "RUSGOV",
                Some("Vladimir Putin"),
                "Russian President Vladimir Putin",
            )),
            Some((
                "IRNGOV",
                Some("Ebrahim Raisi"),
                "Iranian President Ebrahim Raisi",
            )),
            "042",
            "visited",
            Some(("Tehran", "IRN", 35.69, 51.42)),
        )],
    );
    let s = "Iranian Foreign Minister Hossein Amir-Abdollahian accused Israel of sabotage at the Natanz site.";
    let natanz = article(
        "presstv-2022-09-12",
        "2022-09-12",
        "Tehran blames Israel for Natanz incident",
        &[s],
        vec![event(
            "presstv-2022-09-12",
            0,
            s,
            "2022-09-12",
            "2022-09-12",
            Some((
                "IRNGOV",
                Some("Hossein Amir-Abdollahian"),
                "Iranian Foreign Minister Hossein Amir-Abdollahian",
            )),
            Some(("ISR", Some("Israel"), "Israel")),
            "112",
            "accused",
            Some(("Natanz", "IRN", 33.51, 51.92)),
        )],
    );
    let s = "Russian forces shelled Kharkiv overnight, Ukrainian officials said.";
    let kharkiv = article(
        "ukrinform-2022-09-13",
        "2022-09-13",
        "Overnight shelling of Kharkiv",
        &[s],
        vec![event(
            "ukrinform-2022-09-13",
            0,
            s,
            "2022-09-13",
            "2022-09-13",
            Some(("RUSMIL", None, "Russian forces")),
            Some(("UKR", Some("Ukraine"), "Kharkiv")),
            "190",
            "shelled",
            Some(("Kharkiv", "UKR", 49.99, 36.23)),
        )],
    );
    let s = "Ukraine and Turkey signed an agreement on drone production in Kyiv on Tuesday.";
    let kyiv = article(
        "kyivindependent-2022-09-20",
        "2022-09-20",
        "Kyiv and Ankara sign drone deal",
        &[s],
        vec![event(
            "kyivindependent-2022-09-20",
            0,
            s,
            "2022-09-20",
            "2022-09-20",
            Some(("UKRGOV", Some("Ukraine"), "Ukraine")),
            Some(("TURGOV", Some("Turkey"), "Turkey")),
            "057",
            "signed an agreement",
            Some(("Kyiv", "UKR", 50.45, 30.52)),
        )],
    );
    vec![eu, tehran, natanz, kharkiv, kyiv]
}

/// All eight stories: 8 articles, 8 mentions, 7 events (the two Sochi reports merge).
pub fn all_stories() -> Vec<CodedArticle> {
    let mut v = sochi_stories();
    v.extend(other_stories());
    v
}

fn ids(store: &mut dyn Store, filter: EventFilter) -> BTreeSet<String> {
    let page = store
        .events(&filter, &Page::first(Page::MAX_LIMIT))
        .unwrap_or_else(|e| panic!("{filter:?}: {e}"));
    assert_eq!(page.total as usize, page.events.len(), "{filter:?}");
    page.events.into_iter().map(|e| e.event.article).collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------

/// The same batch twice stores nothing new; so does a batch that repeats an article.
pub fn ingest_is_idempotent(mut store: Box<dyn Store>) {
    let batch = all_stories();
    let first = store.ingest(&batch).unwrap();
    assert_eq!(first.articles, 8);
    assert_eq!(first.skipped, 0);
    assert_eq!(first.sentences, 9);
    assert_eq!(first.mentions, 8);
    assert_eq!(first.new_events, 7);
    assert_eq!(first.merged, 1);
    let counts = store.counts().unwrap();
    assert_eq!(
        (
            counts.articles,
            counts.sentences,
            counts.mentions,
            counts.events
        ),
        (8, 9, 8, 7)
    );
    let again = store.ingest(&batch).unwrap();
    assert_eq!(again.skipped, 8);
    assert_eq!(
        (
            again.articles,
            again.sentences,
            again.mentions,
            again.new_events,
            again.merged
        ),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(store.counts().unwrap(), counts);
    // An article repeated inside one batch is stored once.
    let mut dup = other_stories();
    dup[0].id = "reuters-2022-07-25-eu-copy".into();
    dup[0]
        .text
        .push_str(" Officials in Moscow called the measures illegal.");
    let r = store.ingest(&[dup[0].clone(), dup[0].clone()]).unwrap();
    assert_eq!((r.articles, r.skipped), (1, 1));
    assert_eq!(store.counts().unwrap().articles, 9);
    // The events of the re-ingested stories did not grow their mention counts.
    let sochi = store
        .events(
            &EventFilter {
                place: Some("Sochi".into()),
                ..Default::default()
            },
            &Page::first(10),
        )
        .unwrap();
    assert_eq!(sochi.events.len(), 1);
    assert_eq!(sochi.events[0].mentions, 2);
}

/// The same text under another id is the same article (content hash); articles without text
/// (pre-coded events) are identified by id alone.
pub fn same_text_under_another_id_is_skipped(mut store: Box<dyn Store>) {
    let batch = other_stories();
    store.ingest(&batch[..1]).unwrap();
    let mut copy = batch[0].clone();
    copy.id = "eu-sanctions-syndicated".into();
    for e in &mut copy.events {
        e.article = copy.id.clone();
    }
    let r = store.ingest(&[copy]).unwrap();
    assert_eq!((r.articles, r.skipped, r.mentions), (0, 1, 0));
    assert_eq!(store.counts().unwrap().articles, 1);

    // Pre-coded events: no text, no hash; two ids are two articles, one id twice is one.
    let events: Vec<Event> = sochi_stories().into_iter().flat_map(|a| a.events).collect();
    let pre = CodedArticle::from_events(events);
    assert!(pre.iter().all(|a| a.text.is_empty()));
    let r = store.ingest(&pre).unwrap();
    assert_eq!((r.articles, r.skipped, r.mentions), (3, 0, 3));
    let r = store.ingest(&pre).unwrap();
    assert_eq!((r.articles, r.skipped), (0, 3));
    assert_eq!(store.counts().unwrap().articles, 4);
}

/// Two reports of one meeting a day apart are one event with two mentions; a third three days
/// later is another event. The event keeps its first mention's id and date.
pub fn dedup_merges_a_day_apart_not_three(mut store: Box<dyn Store>) {
    assert_eq!(store.dedup_rule(), DedupRule::default());
    let stories = sochi_stories();
    // One story per batch: merging works across batches, not only within one.
    let r1 = store.ingest(&stories[..1]).unwrap();
    let r2 = store.ingest(&stories[1..2]).unwrap();
    let r3 = store.ingest(&stories[2..]).unwrap();
    assert_eq!((r1.new_events, r1.merged), (1, 0));
    assert_eq!((r2.new_events, r2.merged), (0, 1));
    assert_eq!((r3.new_events, r3.merged), (1, 0));
    let page = store
        .events(&EventFilter::default(), &Page::first(10))
        .unwrap();
    assert_eq!(page.total, 2);
    let newest = &page.events[0];
    assert_eq!(newest.event.date, Some(date("2022-08-08")));
    assert_eq!(newest.mentions, 1);
    let meeting = &page.events[1];
    assert_eq!(meeting.mentions, 2);
    assert_eq!(
        meeting.event, stories[0].events[0],
        "the first mention is the event"
    );
    assert_eq!(meeting.event.date, Some(date("2022-08-05")));

    // The raw mentions stay: both Sochi reports point at the one event.
    let mentions = store
        .mentions(&EventFilter::default(), &Page::first(10))
        .unwrap();
    assert_eq!(mentions.total, 3);
    let of_meeting: BTreeSet<String> = mentions
        .mentions
        .iter()
        .filter(|m| m.event_id == meeting.event.id)
        .map(|m| m.event.article.clone())
        .collect();
    assert_eq!(
        of_meeting,
        set(&["aa-2022-08-05-sochi", "kommersant-2022-08-06"])
    );

    // A different code on the same dyad and day is another event under the default rule.
    let s = "Recep Tayyip Erdogan visited Vladimir Putin at his Sochi residence on Friday.";
    let visit = article(
        "trt-2022-08-05",
        "2022-08-05",
        "Erdogan visits Sochi",
        &[s],
        vec![event(
            "trt-2022-08-05",
            0,
            s,
            "2022-08-05",
            "2022-08-05",
            Some(ERDOGAN),
            Some(("RUSGOV", Some("Vladimir Putin"), "Vladimir Putin")),
            "042",
            "visited",
            SOCHI,
        )],
    );
    let r = store.ingest(&[visit]).unwrap();
    assert_eq!((r.new_events, r.merged), (1, 0));
    // The reversed dyad is another event too (source and target are not interchangeable).
    let s = "Vladimir Putin met Recep Tayyip Erdogan in Sochi.";
    let reversed = article(
        "tass-2022-08-05",
        "2022-08-05",
        "Putin receives Erdogan",
        &[s],
        vec![event(
            "tass-2022-08-05",
            0,
            s,
            "2022-08-05",
            "2022-08-05",
            Some(("RUSGOV", Some("Vladimir Putin"), "Vladimir Putin")),
            Some(ERDOGAN),
            "040",
            "met",
            SOCHI,
        )],
    );
    let r = store.ingest(&[reversed]).unwrap();
    assert_eq!((r.new_events, r.merged), (1, 0));
    assert_eq!(store.counts().unwrap().events, 4);
}

/// With `by_root`, a consultation (040) and a visit (042) of the same dyad a day apart are
/// one event (root 04); an accusation (112) is not. Needs [`by_root_options`].
pub fn dedup_by_root(mut store: Box<dyn Store>) {
    assert_eq!(store.dedup_rule(), by_root_options().dedup);
    let stories = sochi_stories();
    store.ingest(&stories[..1]).unwrap();
    let s = "Recep Tayyip Erdogan visited Vladimir Putin at his Sochi residence on Saturday.";
    let visit = article(
        "trt-2022-08-06",
        "2022-08-06",
        "Erdogan visits Sochi",
        &[s],
        vec![event(
            "trt-2022-08-06",
            0,
            s,
            "2022-08-06",
            "2022-08-06",
            Some(ERDOGAN),
            Some(("RUSGOV", Some("Vladimir Putin"), "Vladimir Putin")),
            "042",
            "visited",
            SOCHI,
        )],
    );
    let r = store.ingest(&[visit]).unwrap();
    assert_eq!(
        (r.new_events, r.merged),
        (0, 1),
        "040 and 042 share root 04"
    );
    let s = "Recep Tayyip Erdogan accused Vladimir Putin of delaying grain ships on Saturday.";
    let accuse = article(
        "cumhuriyet-2022-08-06",
        "2022-08-06",
        "Erdogan accuses Putin",
        &[s],
        vec![event(
            "cumhuriyet-2022-08-06",
            0,
            s,
            "2022-08-06",
            "2022-08-06",
            Some(ERDOGAN),
            Some(("RUSGOV", Some("Vladimir Putin"), "Vladimir Putin")),
            "112",
            "accused",
            None,
        )],
    );
    let r = store.ingest(&[accuse]).unwrap();
    assert_eq!((r.new_events, r.merged), (1, 0));
    let page = store
        .events(
            &EventFilter {
                code: Some("04".into()),
                ..Default::default()
            },
            &Page::first(10),
        )
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.events[0].mentions, 2);
    assert_eq!(
        page.events[0].event.cameo.code, "040",
        "the first mention's code"
    );
}

/// Every filter field, alone and combined, on the eight stories.
pub fn filters_narrow_as_documented(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let f = EventFilter::default;
    assert_eq!(ids(&mut *store, f()).len(), 7);
    // Actor prefixes: RUS matches RUSGOV and RUSMIL; a full code only itself.
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                source: Some("RUS".into()),
                ..f()
            }
        ),
        set(&["irna-2022-07-19", "ukrinform-2022-09-13"])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                target: Some("RUS".into()),
                ..f()
            }
        ),
        set(&[
            "reuters-2022-07-25-eu",
            "aa-2022-08-05-sochi",
            "hurriyet-2022-08-08"
        ])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                target: Some("RUSMIL".into()),
                ..f()
            }
        ),
        set(&["reuters-2022-07-25-eu"])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                actor: Some("TUR".into()),
                ..f()
            }
        ),
        set(&[
            "aa-2022-08-05-sochi",
            "hurriyet-2022-08-08",
            "kyivindependent-2022-09-20"
        ])
    );
    // A prefix is a prefix of the code, not a substring of it.
    assert!(ids(
        &mut *store,
        EventFilter {
            actor: Some("GOV".into()),
            ..f()
        }
    )
    .is_empty());
    // CAMEO code prefixes.
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                code: Some("04".into()),
                ..f()
            }
        ),
        set(&[
            "irna-2022-07-19",
            "aa-2022-08-05-sochi",
            "hurriyet-2022-08-08"
        ])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                code: Some("042".into()),
                ..f()
            }
        ),
        set(&["irna-2022-07-19"])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                code: Some("1".into()),
                ..f()
            }
        ),
        set(&[
            "reuters-2022-07-25-eu",
            "presstv-2022-09-12",
            "ukrinform-2022-09-13"
        ])
    );
    // Quad classes.
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                quad: Some(4),
                ..f()
            }
        ),
        set(&["reuters-2022-07-25-eu", "ukrinform-2022-09-13"])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                quad: Some(2),
                ..f()
            }
        ),
        set(&["kyivindependent-2022-09-20"])
    );
    // Dates are inclusive on both ends.
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                from: Some(date("2022-08-05")),
                to: Some(date("2022-09-12")),
                ..f()
            }
        ),
        set(&[
            "aa-2022-08-05-sochi",
            "hurriyet-2022-08-08",
            "presstv-2022-09-12"
        ])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                to: Some(date("2022-07-19")),
                ..f()
            }
        ),
        set(&["irna-2022-07-19"])
    );
    // Place: a name in any case, or an ISO3 country.
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                place: Some("sochi".into()),
                ..f()
            }
        ),
        set(&["aa-2022-08-05-sochi"])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                place: Some("IRN".into()),
                ..f()
            }
        ),
        set(&["irna-2022-07-19", "presstv-2022-09-12"])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                place: Some("KHARKIV".into()),
                ..f()
            }
        ),
        set(&["ukrinform-2022-09-13"])
    );
    // Text: events whose article matches, through any of its mentions (the Sochi event's
    // second report is the one that says "Kremlin").
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                text: Some(TextQuery::parse("Kremlin").unwrap()),
                ..f()
            }
        ),
        set(&["aa-2022-08-05-sochi"])
    );
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                text: Some(TextQuery::parse("grain").unwrap()),
                ..f()
            }
        ),
        set(&["aa-2022-08-05-sochi", "hurriyet-2022-08-08"])
    );
    // Everything at once.
    assert_eq!(
        ids(
            &mut *store,
            EventFilter {
                source: Some("TUR".into()),
                target: Some("RUS".into()),
                actor: Some("RUSGOV".into()),
                code: Some("040".into()),
                quad: Some(1),
                from: Some(date("2022-08-01")),
                to: Some(date("2022-08-31")),
                place: Some("RUS".into()),
                text: Some(TextQuery::parse("\"grain exports\" OR Kremlin").unwrap()),
                event: None,
            }
        ),
        set(&["aa-2022-08-05-sochi"])
    );
    assert!(ids(
        &mut *store,
        EventFilter {
            source: Some("ISR".into()),
            quad: Some(3),
            ..f()
        }
    )
    .is_empty());
}

/// `n` pre-coded events over the days after 2021-01-01 (several on one day, so the id breaks
/// date ties), each in its own article, none merging (distinct sources).
pub fn many_events(n: usize) -> Vec<CodedArticle> {
    let codes = ["040", "042", "057", "112", "163", "190"];
    let events = (0..n).map(|i| {
        let article = format!("wire-{i:05}");
        let sentence = format!(
            "Delegation {i} of ACT{i:04} met officials of GOV{:04} on the day.",
            i % 17
        );
        let day = date("2021-01-01") + chrono::Duration::days((i / 3) as i64);
        let d = day.to_string();
        event(
            &article,
            0,
            &sentence,
            &d,
            &d,
            Some((&format!("ACT{i:04}"), None, &format!("ACT{i:04}"))),
            Some((
                &format!("GOV{:04}", i % 17),
                None,
                &format!("GOV{:04}", i % 17),
            )),
            codes[i % codes.len()],
            "met",
            None,
        )
    });
    CodedArticle::from_events(events.collect::<Vec<_>>())
}

/// Following `next` from the first page visits every event exactly once, newest first, with
/// `total` the same on every page; with a filter too.
pub fn paging_covers_every_event_once(mut store: Box<dyn Store>) {
    let batch = many_events(250);
    store.ingest(&batch).unwrap();
    for (filter, expected) in [
        (EventFilter::default(), 250usize),
        (
            EventFilter {
                code: Some("1".into()),
                ..Default::default()
            },
            // codes cycle 040 042 057 112 163 190: i % 6 in 3..=5 over i < 250
            124,
        ),
    ] {
        let mut seen: Vec<(NaiveDate, String)> = Vec::new();
        let mut page = Page::first(7);
        let mut pages = 0;
        loop {
            let p = store.events(&filter, &page).unwrap();
            assert_eq!(p.total as usize, expected);
            assert!(p.events.len() <= 7);
            seen.extend(
                p.events
                    .iter()
                    .map(|e| (e.event.date.unwrap(), e.event.id.clone())),
            );
            pages += 1;
            match p.next {
                Some(c) => page.cursor = Some(c),
                None => break,
            }
            assert!(pages < 100, "paging does not end");
        }
        assert_eq!(seen.len(), expected);
        let distinct: BTreeSet<&String> = seen.iter().map(|(_, id)| id).collect();
        assert_eq!(distinct.len(), expected, "an event came twice");
        assert!(
            seen.windows(2).all(|w| w[0] > w[1]),
            "not newest first by (date, id)"
        );
        assert_eq!(pages, expected.div_ceil(7));
    }
    // Mentions page the same way.
    let mut page = Page::first(100);
    let mut n = 0;
    loop {
        let p = store.mentions(&EventFilter::default(), &page).unwrap();
        n += p.mentions.len();
        match p.next {
            Some(c) => page.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(n, 250);
    // A page of 0 rows still counts.
    let p = store
        .events(&EventFilter::default(), &Page::first(0))
        .unwrap();
    assert_eq!((p.events.len(), p.total), (0, 250));
    // A forged cursor is a bad query, not a crash.
    let bad = Page {
        limit: 5,
        cursor: Some("'; DROP TABLE events; --".into()),
    };
    assert!(matches!(
        store.events(&EventFilter::default(), &bad),
        Err(StoreError::BadQuery(_))
    ));
}

/// Weekly figures per dyad over de-duplicated events: ISO weeks start on Monday; the two
/// Sochi reports count once.
pub fn stats_by_dyad_and_week(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let rows = store
        .stats(&StatsQuery {
            by: By::Dyad,
            every: Every::Week,
            filter: EventFilter::default(),
        })
        .unwrap();
    let total: u64 = rows.iter().map(|r| r.count).sum();
    assert_eq!(total, 7);
    let key = |r: &dyad_store::StatsRow| {
        (
            r.period.unwrap().to_string(),
            r.source.clone().unwrap_or_default(),
            r.target.clone().unwrap_or_default(),
        )
    };
    let by: BTreeMap<_, _> = rows.iter().map(|r| (key(r), r)).collect();
    // 2022-08-05 (Friday) is in the week of Monday 2022-08-01; 2022-08-08 is a Monday.
    let sochi = by[&("2022-08-01".into(), "TURGOV".into(), "RUSGOV".into())];
    assert_eq!(sochi.count, 1, "two reports, one event");
    assert_eq!(sochi.quad, [1, 0, 0, 0]);
    assert!((sochi.goldstein_sum - 1.0).abs() < 1e-9);
    let call = by[&("2022-08-08".into(), "TURGOV".into(), "RUSGOV".into())];
    assert_eq!(call.count, 1);
    // 2022-07-25 is a Monday; 2022-09-13 a Tuesday (week of 2022-09-12).
    let eu = by[&("2022-07-25".into(), "EUR".into(), "RUSMIL".into())];
    assert_eq!(eu.quad, [0, 0, 0, 1]);
    assert!((eu.goldstein_mean + 8.0).abs() < 1e-9);
    assert!(by.contains_key(&("2022-09-12".into(), "RUSMIL".into(), "UKR".into())));
    assert!(by.contains_key(&("2022-09-12".into(), "IRNGOV".into(), "ISR".into())));
    assert_eq!(rows.len(), 7);
    // Periods come in order.
    assert!(rows.windows(2).all(|w| w[0].period <= w[1].period));

    // All of it in one period: sums over every quad class.
    let all = store
        .stats(&StatsQuery {
            by: By::Quad,
            every: Every::All,
            filter: EventFilter::default(),
        })
        .unwrap();
    let per_quad: BTreeMap<u8, u64> = all
        .iter()
        .map(|r| (r.quad_class.unwrap(), r.count))
        .collect();
    assert_eq!(per_quad, BTreeMap::from([(1, 3), (2, 1), (3, 1), (4, 2)]));
    assert!(all.iter().all(|r| r.period.is_none()));
    let sum: f64 = all.iter().map(|r| r.goldstein_sum).sum();
    // 1.0 + 1.0 (the two Sochi-related events) + 1.9 + 8.0 - 2.0 - 8.0 - 10.0
    assert!((sum - (-8.1)).abs() < 1e-9, "{sum}");

    // A text or place filter gives the figures of the matching events only.
    let grain = store
        .stats(&StatsQuery {
            by: By::Dyad,
            every: Every::Month,
            filter: EventFilter {
                text: Some(TextQuery::parse("grain").unwrap()),
                ..Default::default()
            },
        })
        .unwrap();
    assert_eq!(grain.len(), 1);
    assert_eq!(grain[0].period, Some(date("2022-08-01")));
    assert_eq!(grain[0].count, 2);
    let ukraine = store
        .stats(&StatsQuery {
            by: By::Source,
            every: Every::Year,
            filter: EventFilter {
                place: Some("UKR".into()),
                ..Default::default()
            },
        })
        .unwrap();
    let sources: BTreeMap<String, u64> = ukraine
        .iter()
        .map(|r| (r.source.clone().unwrap(), r.count))
        .collect();
    assert_eq!(
        sources,
        BTreeMap::from([("RUSMIL".into(), 1), ("UKRGOV".into(), 1)])
    );
    assert!(ukraine.iter().all(|r| r.period == Some(date("2022-01-01"))));
}

/// Grouping by source, target, code, root, by day and month, with filters.
pub fn stats_by_other_groups(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let q = |by, every, filter| StatsQuery { by, every, filter };
    let roots = store
        .stats(&q(By::Root, Every::All, EventFilter::default()))
        .unwrap();
    let roots: BTreeMap<String, u64> = roots
        .iter()
        .map(|r| (r.code.clone().unwrap(), r.count))
        .collect();
    assert_eq!(
        roots,
        BTreeMap::from([
            ("04".into(), 3),
            ("05".into(), 1),
            ("11".into(), 1),
            ("16".into(), 1),
            ("19".into(), 1)
        ])
    );
    let codes = store
        .stats(&q(
            By::Code,
            Every::Month,
            EventFilter {
                code: Some("04".into()),
                ..Default::default()
            },
        ))
        .unwrap();
    let codes: Vec<(String, String, u64)> = codes
        .iter()
        .map(|r| {
            (
                r.period.unwrap().to_string(),
                r.code.clone().unwrap(),
                r.count,
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            ("2022-07-01".into(), "042".into(), 1),
            ("2022-08-01".into(), "040".into(), 2)
        ]
    );
    let targets = store
        .stats(&q(
            By::Target,
            Every::Day,
            EventFilter {
                source: Some("TUR".into()),
                ..Default::default()
            },
        ))
        .unwrap();
    let targets: Vec<(String, String)> = targets
        .iter()
        .map(|r| (r.period.unwrap().to_string(), r.target.clone().unwrap()))
        .collect();
    assert_eq!(
        targets,
        vec![
            ("2022-08-05".into(), "RUSGOV".into()),
            ("2022-08-08".into(), "RUSGOV".into())
        ]
    );
    let sources = store
        .stats(&q(
            By::Source,
            Every::All,
            EventFilter {
                from: Some(date("2022-09-01")),
                ..Default::default()
            },
        ))
        .unwrap();
    let sources: BTreeSet<String> = sources.iter().map(|r| r.source.clone().unwrap()).collect();
    assert_eq!(sources, set(&["IRNGOV", "RUSMIL", "UKRGOV"]));
    // Grouping fields other than the one asked for stay empty.
    let by_code = store
        .stats(&q(By::Code, Every::All, EventFilter::default()))
        .unwrap();
    assert!(by_code
        .iter()
        .all(|r| r.source.is_none() && r.target.is_none() && r.quad_class.is_none()));
}

/// Nodes are actors with their event counts and most frequent names; edges are dyads.
pub fn network_and_actors(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let net = store.network(&EventFilter::default()).unwrap();
    let nodes: BTreeMap<String, (u64, Option<String>)> = net
        .nodes
        .iter()
        .map(|n| (n.code.clone(), (n.events, n.name.clone())))
        .collect();
    assert_eq!(nodes["RUSGOV"].0, 3, "Sochi, the call, Tehran");
    assert_eq!(nodes["RUSGOV"].1.as_deref(), Some("Vladimir Putin"));
    assert_eq!(nodes["TURGOV"].0, 3);
    assert_eq!(nodes["RUSMIL"], (2, None));
    assert_eq!(nodes.len(), 8);
    assert_eq!(net.nodes[0].events, 3, "most active first");
    let edge = net
        .edges
        .iter()
        .find(|e| e.source == "TURGOV" && e.target == "RUSGOV")
        .unwrap();
    assert_eq!(edge.count, 2);
    assert!((edge.goldstein_mean - 1.0).abs() < 1e-9);
    assert_eq!(net.edges.len(), 6);
    assert_eq!(net.edges[0].count, 2, "heaviest edge first");
    // A filtered network.
    let conflict = store
        .network(&EventFilter {
            quad: Some(4),
            ..Default::default()
        })
        .unwrap();
    let codes: BTreeSet<String> = conflict.nodes.iter().map(|n| n.code.clone()).collect();
    assert_eq!(codes, set(&["EUR", "RUSMIL", "UKR"]));

    // Actors by code prefix or name prefix, any case.
    let rus = store.actors("rus", 10).unwrap();
    let got: Vec<(String, u64)> = rus.iter().map(|a| (a.code.clone(), a.events)).collect();
    assert_eq!(got, vec![("RUSGOV".into(), 3), ("RUSMIL".into(), 2)]);
    let by_name = store.actors("vladimir", 10).unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].code, "RUSGOV");
    assert_eq!(by_name[0].name.as_deref(), Some("Vladimir Putin"));
    assert_eq!(store.actors("Ebrahim R", 10).unwrap()[0].code, "IRNGOV");
    assert_eq!(store.actors("", 3).unwrap().len(), 3);
    assert!(store.actors("zz", 10).unwrap().is_empty());
    assert!(
        store.actors("%", 10).unwrap().is_empty(),
        "no LIKE wildcards"
    );
    assert!(
        store.actors("_", 10).unwrap().is_empty(),
        "no LIKE wildcards"
    );
}

/// Words (stemmed), phrases, OR, AND; snippets with highlight ranges; best first.
pub fn search_words_phrases_and_or(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let hits = |store: &mut dyn Store, q: &str| -> Vec<String> {
        store
            .search(&TextQuery::parse(q).unwrap(), 20)
            .unwrap()
            .into_iter()
            .map(|h| h.article)
            .collect()
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    // "sanction" finds "sanctions" (stemming).
    assert_eq!(hits(&mut *store, "sanction"), vec!["reuters-2022-07-25-eu"]);
    // A phrase needs its words in a row.
    assert_eq!(
        sorted(hits(&mut *store, "\"Black Sea\"")),
        vec!["aa-2022-08-05-sochi", "kommersant-2022-08-06"]
    );
    assert!(hits(&mut *store, "\"Sea Black\"").is_empty());
    // OR and AND.
    assert_eq!(
        sorted(hits(&mut *store, "Tehran OR Natanz")),
        vec!["irna-2022-07-19", "presstv-2022-09-12"]
    );
    assert_eq!(
        hits(&mut *store, "Erdogan AND telephone"),
        vec!["hurriyet-2022-08-08"]
    );
    assert_eq!(
        hits(&mut *store, "(Kyiv OR Kharkiv) drone"),
        vec!["kyivindependent-2022-09-20"]
    );
    assert!(hits(&mut *store, "Beijing").is_empty());
    // Titles are searched too.
    assert_eq!(hits(&mut *store, "blames"), vec!["presstv-2022-09-12"]);

    let found = store
        .search(&TextQuery::parse("Sochi").unwrap(), 10)
        .unwrap();
    assert_eq!(found.len(), 2);
    assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
    for h in &found {
        assert!(!h.highlights.is_empty(), "{h:?}");
        let chars: Vec<char> = h.snippet.chars().collect();
        for [s, e] in &h.highlights {
            let word: String = chars[*s..*e].iter().collect();
            assert_eq!(word.to_lowercase(), "sochi", "{h:?}");
        }
        assert!(!h.snippet.contains('\u{E000}'));
    }
    assert_eq!(found[0].date.map(|d| d.to_string()).unwrap().len(), 10);
    assert!(
        store
            .search(&TextQuery::parse("Sochi").unwrap(), 1)
            .unwrap()
            .len()
            == 1
    );
}

/// An article comes back with its text, sentences and mentions; each mention's Event is the
/// one ingested, field for field.
pub fn article_round_trip(mut store: Box<dyn Store>) {
    let batch = all_stories();
    store.ingest(&batch).unwrap();
    for a in &batch {
        let back = store.article(&a.id).unwrap().unwrap();
        assert_eq!(back.id, a.id);
        assert_eq!(back.date, a.date);
        assert_eq!(back.title, a.title);
        assert_eq!(back.text, a.text);
        assert_eq!(back.origin, a.origin);
        assert_eq!(back.sentences, a.sentences);
        let events: Vec<&Event> = back.mentions.iter().map(|m| &m.event).collect();
        let expected: Vec<&Event> = a.events.iter().collect();
        assert_eq!(events, expected);
        // The character spans still slice the sentence.
        for m in &back.mentions {
            let src = m.event.source.as_ref().unwrap();
            let chars: Vec<char> = m.event.sentence.chars().collect();
            assert_eq!(
                chars[src.start..src.end].iter().collect::<String>(),
                src.text
            );
        }
    }
    let kommersant = store.article("kommersant-2022-08-06").unwrap().unwrap();
    let aa = store.article("aa-2022-08-05-sochi").unwrap().unwrap();
    assert_eq!(
        kommersant.mentions[0].event_id, aa.mentions[0].event.id,
        "the later report belongs to the first report's event"
    );
    assert!(store.article("no-such-article").unwrap().is_none());
    assert!(store.article("' OR 1=1 --").unwrap().is_none());

    // A pre-coded article (no text) keeps the sentences its events quote, with no offsets.
    let mut ev = other_stories()[1].events[0].clone();
    ev.article = "precoded-1".into();
    ev.place = None;
    ev.plover = None;
    ev.date = None;
    store
        .ingest(&CodedArticle::from_events(vec![ev.clone()]))
        .unwrap();
    let back = store.article("precoded-1").unwrap().unwrap();
    assert_eq!(back.text, "");
    assert_eq!(back.sentences.len(), 1);
    assert_eq!(back.sentences[0].start, None);
    assert_eq!(back.mentions[0].event, ev, "nulls come back as nulls");
}

/// Raw mentions are filtered like events and say which event they belong to.
pub fn mentions_stay_queryable(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let all = store
        .mentions(&EventFilter::default(), &Page::first(100))
        .unwrap();
    assert_eq!(all.total, 8);
    let sochi = store
        .mentions(
            &EventFilter {
                place: Some("Sochi".into()),
                ..Default::default()
            },
            &Page::first(100),
        )
        .unwrap();
    assert_eq!(sochi.total, 2);
    assert_eq!(sochi.mentions[0].event_id, sochi.mentions[1].event_id);
    let kremlin = store
        .mentions(
            &EventFilter {
                text: Some(TextQuery::parse("Kremlin").unwrap()),
                ..Default::default()
            },
            &Page::first(100),
        )
        .unwrap();
    assert_eq!(kremlin.total, 1, "only the report whose article matches");
    assert_eq!(kremlin.mentions[0].event.article, "kommersant-2022-08-06");

    // One event by its id: the event itself, and exactly its mentions.
    let meeting = sochi.mentions[0].event_id.clone();
    let by_id = EventFilter {
        event: Some(meeting.clone()),
        ..Default::default()
    };
    let events = store.events(&by_id, &Page::first(10)).unwrap();
    assert_eq!(events.total, 1);
    assert_eq!(events.events[0].event.id, meeting);
    assert_eq!(events.events[0].mentions, 2);
    let reports = store.mentions(&by_id, &Page::first(10)).unwrap();
    assert_eq!(reports.total, 2);
    assert!(reports.mentions.iter().all(|m| m.event_id == meeting));
    let none = EventFilter {
        event: Some("0000000000000000".into()),
        ..Default::default()
    };
    assert_eq!(store.mentions(&none, &Page::first(10)).unwrap().total, 0);
    let bad = EventFilter {
        event: Some("1 OR 1=1".into()),
        ..Default::default()
    };
    assert!(matches!(
        store.mentions(&bad, &Page::first(10)),
        Err(StoreError::BadQuery(_))
    ));
}

/// Values that cannot be right are `BadQuery`, before any SQL runs.
pub fn bad_filters_are_bad_queries(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let f = EventFilter::default;
    let bad = [
        EventFilter {
            source: Some("RUS GOV".into()),
            ..f()
        },
        EventFilter {
            target: Some(String::new()),
            ..f()
        },
        EventFilter {
            actor: Some("A".repeat(31)),
            ..f()
        },
        EventFilter {
            code: Some("04x".into()),
            ..f()
        },
        EventFilter {
            code: Some("04211".into()),
            ..f()
        },
        EventFilter {
            quad: Some(0),
            ..f()
        },
        EventFilter {
            quad: Some(5),
            ..f()
        },
        EventFilter {
            place: Some(String::new()),
            ..f()
        },
        EventFilter {
            place: Some("x".repeat(201)),
            ..f()
        },
        EventFilter {
            from: Some(date("2022-09-01")),
            to: Some(date("2022-08-01")),
            ..f()
        },
    ];
    for filter in bad {
        let is_bad = |r: Result<(), StoreError>| matches!(r, Err(StoreError::BadQuery(_)));
        assert!(
            is_bad(store.events(&filter, &Page::first(10)).map(|_| ())),
            "{filter:?}"
        );
        assert!(
            is_bad(store.mentions(&filter, &Page::first(10)).map(|_| ())),
            "{filter:?}"
        );
        assert!(is_bad(store.network(&filter).map(|_| ())), "{filter:?}");
        let q = StatsQuery {
            by: By::Dyad,
            every: Every::Week,
            filter: filter.clone(),
        };
        assert!(is_bad(store.stats(&q).map(|_| ())), "{filter:?}");
    }
    assert!(matches!(
        store.events(&f(), &Page::first(Page::MAX_LIMIT + 1)),
        Err(StoreError::BadQuery(_))
    ));
    // The store still works afterwards.
    assert_eq!(store.counts().unwrap().events, 7);
}

/// SQL and FTS syntax in every free-text field is rejected or matches nothing; the store is
/// intact afterwards.
pub fn injection_strings_find_nothing(mut store: Box<dyn Store>) {
    store.ingest(&all_stories()).unwrap();
    let attacks = [
        "' OR '1'='1",
        "RUS' OR 1=1 --",
        "\"; DROP TABLE events; --",
        "%",
        "_",
        "RUS%",
        "*",
        "') UNION SELECT id FROM articles --",
        "\\",
        "IRN\0",
    ];
    let f = EventFilter::default;
    for a in attacks {
        let filters = [
            EventFilter {
                source: Some(a.into()),
                ..f()
            },
            EventFilter {
                target: Some(a.into()),
                ..f()
            },
            EventFilter {
                actor: Some(a.into()),
                ..f()
            },
            EventFilter {
                code: Some(a.into()),
                ..f()
            },
            EventFilter {
                place: Some(a.into()),
                ..f()
            },
        ];
        for filter in filters {
            match store.events(&filter, &Page::first(10)) {
                Err(StoreError::BadQuery(_)) => {}
                Ok(p) => assert_eq!(p.total, 0, "{filter:?} matched {:?}", p.events),
                Err(e) => panic!("{filter:?}: {e}"),
            }
            let q = StatsQuery {
                by: By::Dyad,
                every: Every::All,
                filter: filter.clone(),
            };
            match store.stats(&q) {
                Err(StoreError::BadQuery(_)) => {}
                Ok(rows) => assert!(rows.is_empty(), "{filter:?}: {rows:?}"),
                Err(e) => panic!("{filter:?}: {e}"),
            }
        }
        // Full-text: the query language has no operators beyond words, phrases, AND/OR.
        match TextQuery::parse(a) {
            Err(StoreError::BadQuery(_)) => {}
            Ok(q) => {
                let hits = store.search(&q, 10).unwrap();
                assert!(hits.is_empty(), "{a:?} found {hits:?}");
                let p = store
                    .events(
                        &EventFilter {
                            text: Some(q),
                            ..f()
                        },
                        &Page::first(10),
                    )
                    .unwrap();
                assert_eq!(p.total, 0, "{a:?}");
            }
            Err(e) => panic!("{a:?}: {e}"),
        }
        assert!(store.actors(a, 10).unwrap().is_empty(), "actors({a:?})");
    }
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.events), (8, 7));
}
