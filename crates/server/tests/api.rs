//! The API end to end: a real SQLite store filled through `Store::ingest` with events written
//! here, the real server on 127.0.0.1:0, and HTTP requests to it. Every answer is checked
//! against the response schema that `openapi.json` gives for its path and status.

use chrono::NaiveDate;
use dyad_coder::{ActorRef, Cameo, Event, Place, Plover, Span};
use dyad_server::{AppState, Config, Opener};
use dyad_store::{CodedArticle, Location, SentenceRecord, StoreOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

// ---------- test data ----------

struct Verb {
    code: &'static str,
    words: &'static str,
    name: &'static str,
    goldstein: f64,
    quad: u8,
    plover: &'static str,
}

const VERBS: [Verb; 5] = [
    Verb {
        code: "040",
        words: "met with",
        name: "Consult, not specified below",
        goldstein: 1.0,
        quad: 1,
        plover: "CONSULT",
    },
    Verb {
        code: "042",
        words: "visited",
        name: "Make a visit",
        goldstein: 1.9,
        quad: 1,
        plover: "CONSULT",
    },
    Verb {
        code: "112",
        words: "accused",
        name: "Accuse, not specified below",
        goldstein: -2.0,
        quad: 3,
        plover: "ACCUSE",
    },
    Verb {
        code: "190",
        words: "attacked",
        name: "Use conventional military force",
        goldstein: -10.0,
        quad: 4,
        plover: "FIGHT",
    },
    Verb {
        code: "071",
        words: "sent aid to",
        name: "Provide economic aid",
        goldstein: 7.4,
        quad: 2,
        plover: "AID",
    },
];

const ACTORS: [(&str, &str, &str); 5] = [
    ("RUSGOV", "Vladimir Putin", "Russian officials"),
    ("IRNGOV", "Ebrahim Raisi", "Iranian officials"),
    ("USAGOV", "Joe Biden", "American officials"),
    ("CHNMIL", "", "Chinese troops"),
    ("TURGOV", "Recep Tayyip Erdogan", "Turkish officials"),
];

fn actor_ref(sentence: &str, actor: (&str, &str, &str)) -> ActorRef {
    let start = sentence
        .find(actor.2)
        .expect("actor words are in the sentence");
    ActorRef {
        code: actor.0.into(),
        name: (!actor.1.is_empty()).then(|| actor.1.to_string()),
        text: actor.2.into(),
        start,
        end: start + actor.2.len(),
    }
}

/// One event: `source verb target in place.` as sentence `index` of `article`.
fn event(
    article: &str,
    index: usize,
    date: NaiveDate,
    source: (&str, &str, &str),
    verb: &Verb,
    target: (&str, &str, &str),
    place: &str,
) -> Event {
    let sentence = format!("{} {} {} in {}.", source.2, verb.words, target.2, place);
    let vstart = source.2.len() + 1;
    Event {
        id: Event::stable_id(article, index, Some(source.0), Some(target.0), verb.code),
        article: article.into(),
        sentence_index: index,
        date: Some(date),
        story_date: Some(date),
        source: Some(actor_ref(&sentence, source)),
        target: Some(actor_ref(&sentence, target)),
        cameo: Cameo {
            code: verb.code.into(),
            name: verb.name.into(),
            goldstein: verb.goldstein,
            quad_class: verb.quad,
        },
        plover: Some(Plover {
            event_type: verb.plover.into(),
            mode: None,
            context: vec![],
        }),
        verb: Some(Span {
            text: verb.words.into(),
            start: vstart,
            end: vstart + verb.words.len(),
        }),
        place: (place == "Tehran").then(|| Place {
            name: "Tehran".into(),
            country: Some("IRN".into()),
            lat: Some(35.69),
            lon: Some(51.42),
            precision: "city".into(),
        }),
        sentence,
    }
}

/// An article whose text is its events' sentences, one after another.
fn article(id: &str, date: NaiveDate, events: Vec<Event>) -> CodedArticle {
    let mut text = String::new();
    let mut sentences = Vec::new();
    for e in &events {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.chars().count();
        text.push_str(&e.sentence);
        sentences.push(SentenceRecord {
            index: e.sentence_index,
            start: Some(start),
            end: Some(text.chars().count()),
            text: e.sentence.clone(),
        });
    }
    // A closing sentence without events makes every text unique (the store takes the same
    // text under another id for the same article).
    let tag: String = id
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => (b'a' + d as u8) as char,
            None => c,
        })
        .collect();
    let closing = format!("Filed by desk {tag}.");
    text.push(' ');
    let start = text.chars().count();
    text.push_str(&closing);
    sentences.push(SentenceRecord {
        index: sentences.len(),
        start: Some(start),
        end: Some(text.chars().count()),
        text: closing,
    });
    CodedArticle {
        id: id.into(),
        date: Some(date),
        title: Some("Diplomatic report".into()),
        text,
        origin: Some(format!("api-test:{id}")),
        sentences,
        events,
    }
}

/// 30 articles of two events each over January-April 2024, plus the same Russia-Iran meeting
/// reported by two more articles on one day (one event, two mentions). No digit appears in
/// any text, so the injection strings below cannot match by their words.
fn corpus() -> Vec<CodedArticle> {
    let places = ["Tehran", "Moscow", "Geneva"];
    let mut out = Vec::new();
    for i in 0..30usize {
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")
            + chrono::Duration::days(i as i64 * 4);
        let id = format!("art-{i:02}");
        let a = ACTORS[i % 5];
        let b = ACTORS[(i + 1 + i / 5) % 5];
        let b = if b.0 == a.0 { ACTORS[(i + 2) % 5] } else { b };
        let events = vec![
            event(&id, 0, date, a, &VERBS[i % 5], b, places[i % 3]),
            event(&id, 1, date, b, &VERBS[(i + 2) % 5], a, places[(i + 1) % 3]),
        ];
        out.push(article(&id, date, events));
    }
    let day = NaiveDate::from_ymd_opt(2024, 6, 3).expect("date");
    for id in ["dup-a", "dup-b"] {
        out.push(article(
            id,
            day,
            vec![event(id, 0, day, ACTORS[0], &VERBS[0], ACTORS[1], "Tehran")],
        ));
    }
    out
}

// ---------- server ----------

struct Server {
    base: String,
    db: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A store at `dir/dyad.db` holding `corpus()`.
fn make_store(dir: &Path) -> PathBuf {
    let db = dir.join("dyad.db");
    let mut store = dyad_store::open(&Location::Sqlite(db.clone()), &StoreOptions::default())
        .expect("create the test store");
    let report = store.ingest(&corpus()).expect("ingest the test corpus");
    assert_eq!(report.articles, 32);
    assert_eq!(report.mentions, 62);
    assert_eq!(
        report.merged, 1,
        "the two reports of one meeting are one event"
    );
    db
}

/// Start the server over a fresh store; `config` says whether it takes writes.
fn start(config: Config) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = make_store(dir.path());
    let served = db.clone();
    let read_only = config.write_token.is_none();
    let opener: Opener = Arc::new(move || {
        dyad_store::open(
            &Location::Sqlite(db.clone()),
            &StoreOptions {
                read_only,
                ..Default::default()
            },
        )
    });
    let state = AppState::new(opener, config);
    state.warm_up().expect("open the store read-only");
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind 127.0.0.1:0");
            let port = listener.local_addr().expect("local addr").port();
            port_tx.send(port).expect("send port");
            dyad_server::serve(listener, state, async {
                let _ = stop_rx.await;
            })
            .await
            .expect("serve");
        });
    });
    let port = port_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("server started");
    Server {
        base: format!("http://127.0.0.1:{port}"),
        db: served,
        stop: Some(stop_tx),
        thread: Some(thread),
        _dir: dir,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    fn get(&self, path_and_query: &str) -> Answer {
        let mut r = agent()
            .get(&format!("{}{}", self.base, path_and_query))
            .call()
            .unwrap_or_else(|e| panic!("GET {path_and_query}: {e}"));
        Answer {
            status: r.status().as_u16(),
            content_type: r
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string(),
            body: r.body_mut().read_to_string().expect("read body"),
        }
    }

    fn post(&self, path: &str, token: Option<&str>, body: &str) -> Answer {
        let mut req = agent()
            .post(&format!("{}{}", self.base, path))
            .header("content-type", "application/x-ndjson");
        if let Some(t) = token {
            req = req.header("authorization", &format!("Bearer {t}"));
        }
        let mut r = req
            .send(body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        Answer {
            status: r.status().as_u16(),
            content_type: String::new(),
            body: r.body_mut().read_to_string().expect("read body"),
        }
    }

    /// GET, check the status, and check the JSON body against the OpenAPI schema of
    /// `template` (the documented path) for that status.
    fn checked(&self, template: &str, path_and_query: &str, status: u16) -> Value {
        let a = self.get(path_and_query);
        assert_eq!(a.status, status, "GET {path_and_query}: {}", a.body);
        assert!(
            a.content_type.starts_with("application/json"),
            "GET {path_and_query}: content type {:?}",
            a.content_type
        );
        let v = a.json();
        conforms(&v, template, "get", status)
            .unwrap_or_else(|e| panic!("GET {path_and_query} does not match openapi.json: {e}"));
        v
    }
}

// ---------- OpenAPI conformance ----------

fn openapi() -> Value {
    serde_json::from_str(dyad_server::OPENAPI).expect("openapi.json is JSON")
}

/// Check `v` against the response schema of `method template` for `status`.
fn conforms(v: &Value, template: &str, method: &str, status: u16) -> Result<(), String> {
    let doc = openapi();
    let schema = doc
        .pointer(&format!(
            "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
            template.replace('~', "~0").replace('/', "~1")
        ))
        .ok_or_else(|| format!("openapi.json documents no {status} for {method} {template}"))?;
    check(&doc, schema, v, "$")
}

/// A JSON Schema check of the keywords openapi.json uses: $ref, type (one or a list), oneOf,
/// required, properties (and no property that is not documented), items, enum, minimum,
/// maximum, minItems, maxItems, format date.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = doc
            .pointer(r.trim_start_matches('#'))
            .ok_or_else(|| format!("{at}: dangling $ref {r}"))?;
        return check(doc, target, v, at);
    }
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        let ok = alts.iter().filter(|s| check(doc, s, v, at).is_ok()).count();
        if ok != 1 {
            let why: Vec<String> = alts
                .iter()
                .filter_map(|s| check(doc, s, v, at).err())
                .collect();
            return Err(format!("{at}: matches {ok} of oneOf ({})", why.join(" | ")));
        }
        return Ok(());
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => return Err(format!("{at}: bad type keyword")),
        };
        let actual = match v {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits = types
            .iter()
            .any(|t| *t == actual || (*t == "number" && actual == "integer"));
        if !fits {
            return Err(format!(
                "{at}: {actual} where the schema says {types:?}: {v}"
            ));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} is not one of {e:?}"));
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if n < min {
                return Err(format!("{at}: {n} < minimum {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            if n > max {
                return Err(format!("{at}: {n} > maximum {max}"));
            }
        }
    }
    if let (Some(s), Some("date")) = (v.as_str(), schema.get("format").and_then(Value::as_str)) {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| format!("{at}: {s:?} is not a date"))?;
    }
    if let Value::Object(map) = v {
        if let Some(req) = schema.get("required").and_then(Value::as_array) {
            for r in req.iter().filter_map(Value::as_str) {
                if !map.contains_key(r) {
                    return Err(format!("{at}: required field {r:?} missing"));
                }
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, val) in map {
                let s = props
                    .get(k)
                    .ok_or_else(|| format!("{at}: field {k:?} is not documented"))?;
                check(doc, s, val, &format!("{at}.{k}"))?;
            }
        }
    }
    if let Value::Array(items) = v {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                return Err(format!("{at}: {} items < minItems {min}", items.len()));
            }
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
            if (items.len() as u64) > max {
                return Err(format!("{at}: {} items > maxItems {max}", items.len()));
            }
        }
        if let Some(s) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(doc, s, item, &format!("{at}[{i}]"))?;
            }
        }
    }
    Ok(())
}

#[test]
fn the_schema_checker_rejects_what_does_not_fit() {
    let doc = openapi();
    let row = serde_json::json!({"code": "RUSGOV", "name": null, "events": 3});
    let schema = serde_json::json!({"$ref": "#/components/schemas/ActorCount"});
    assert!(check(&doc, &schema, &row, "$").is_ok());
    for bad in [
        serde_json::json!({"code": "RUSGOV", "name": null}),
        serde_json::json!({"code": "RUSGOV", "name": 5, "events": 3}),
        serde_json::json!({"code": "RUSGOV", "name": null, "events": -1}),
        serde_json::json!({"code": "RUSGOV", "name": null, "events": 3, "extra": 1}),
    ] {
        assert!(check(&doc, &schema, &bad, "$").is_err(), "{bad} passed");
    }
}

// ---------- the tests ----------

fn enc(s: &str) -> String {
    form_encode(s)
}

/// Percent-encode a query value (everything but unreserved characters).
fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn total(v: &Value) -> u64 {
    v["total"].as_u64().expect("total is a number")
}

#[test]
fn every_endpoint_answers_as_openapi_json_says() {
    let s = start(Config::default());
    let doc = openapi();

    let h = s.checked("/healthz", "/healthz", 200);
    assert_eq!(h["writable"], false);

    let api = s.get("/api/openapi.json");
    assert_eq!(api.status, 200);
    assert_eq!(api.json(), doc);

    let all = s.checked("/api/events", "/api/events", 200);
    assert_eq!(total(&all), 61, "62 mentions, two of them one event");
    assert_eq!(
        all["events"].as_array().map(Vec::len),
        Some(50),
        "default limit 50"
    );

    let rus_irn = s.checked(
        "/api/events",
        "/api/events?source=RUS&target=IRN&limit=1000",
        200,
    );
    let events = rus_irn["events"].as_array().expect("events");
    assert!(!events.is_empty());
    for e in events {
        assert!(
            e["source"]["code"]
                .as_str()
                .unwrap_or("")
                .starts_with("RUS"),
            "{e}"
        );
        assert!(
            e["target"]["code"]
                .as_str()
                .unwrap_or("")
                .starts_with("IRN"),
            "{e}"
        );
    }
    let merged = events
        .iter()
        .find(|e| e["mentions"] == 2)
        .expect("the meeting reported twice is one event with two mentions");

    // Filters narrow as documented.
    let quad4 = s.checked("/api/events", "/api/events?quad=4&limit=1000", 200);
    assert!(total(&quad4) > 0);
    for e in quad4["events"].as_array().expect("events") {
        assert_eq!(e["cameo"]["quad_class"], 4);
    }
    let feb = s.checked(
        "/api/events",
        "/api/events?from=2024-02-01&to=2024-02-29&limit=1000",
        200,
    );
    for e in feb["events"].as_array().expect("events") {
        let d = e["date"].as_str().expect("date");
        assert!(("2024-02-01"..="2024-02-29").contains(&d), "{d}");
    }
    let tehran = s.checked("/api/events", "/api/events?place=tehran&limit=1000", 200);
    assert!(total(&tehran) > 0);
    for e in tehran["events"].as_array().expect("events") {
        assert_eq!(e["place"]["name"], "Tehran");
    }

    // The mentions of the merged event: both articles.
    let id = merged["id"].as_str().expect("id");
    let m = s.checked(
        "/api/events/{id}/mentions",
        &format!(
            "/api/events/{}/mentions?source=RUSGOV&target=IRNGOV&code=040",
            enc(id)
        ),
        200,
    );
    let arts: BTreeSet<&str> = m["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|x| {
            assert_eq!(x["event_id"], id);
            x["article"].as_str().expect("article")
        })
        .collect();
    assert_eq!(arts, BTreeSet::from(["dup-a", "dup-b"]));
    let unfiltered = s.checked(
        "/api/events/{id}/mentions",
        &format!("/api/events/{}/mentions", enc(id)),
        200,
    );
    assert_eq!(unfiltered["total"], 2);
    s.checked(
        "/api/events/{id}/mentions",
        "/api/events/nosuchevent/mentions",
        404,
    );

    // Stats: the week rows of a dyad add up to its events.
    let rows = s.checked(
        "/api/stats",
        "/api/stats?by=dyad&every=week&source=RUS&target=IRN",
        200,
    );
    let rows = rows.as_array().expect("rows");
    let sum: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap_or(0)).sum();
    assert_eq!(sum, total(&rus_irn));
    for r in rows {
        let d = NaiveDate::parse_from_str(r["period"].as_str().expect("period"), "%Y-%m-%d")
            .expect("date");
        assert_eq!(
            chrono::Datelike::weekday(&d),
            chrono::Weekday::Mon,
            "weeks start on Monday"
        );
    }
    let by_quad = s.checked("/api/stats", "/api/stats?by=quad", 200);
    let n: u64 = by_quad
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(n, 61);
    for by in ["source", "target", "code", "root"] {
        for every in ["day", "month", "year", "all"] {
            s.checked(
                "/api/stats",
                &format!("/api/stats?by={by}&every={every}"),
                200,
            );
        }
    }

    // Network: every edge's count adds up to the events (all have both actors).
    let net = s.checked("/api/network", "/api/network", 200);
    let edges: u64 = net["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(edges, 61);
    let codes: BTreeSet<&str> = net["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["code"].as_str())
        .collect();
    assert_eq!(codes, ACTORS.iter().map(|a| a.0).collect());
    s.checked(
        "/api/network",
        "/api/network?from=2024-03-01&to=2024-03-31",
        200,
    );

    // Article: text, sentences with spans that slice the text, mentions with their spans.
    let a = s.checked("/api/articles/{id}", "/api/articles/art-03", 200);
    let text: Vec<char> = a["text"].as_str().expect("text").chars().collect();
    for sent in a["sentences"].as_array().expect("sentences") {
        let (st, en) = (
            sent["start"].as_u64().expect("start") as usize,
            sent["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            text[st..en].iter().collect::<String>(),
            sent["text"].as_str().expect("text")
        );
    }
    let mentions = a["mentions"].as_array().expect("mentions");
    assert_eq!(mentions.len(), 2);
    for m in mentions {
        let sentence: Vec<char> = m["sentence"].as_str().expect("sentence").chars().collect();
        let span = |x: &Value| {
            sentence
                [x["start"].as_u64().unwrap_or(0) as usize..x["end"].as_u64().unwrap_or(0) as usize]
                .iter()
                .collect::<String>()
        };
        assert_eq!(
            span(&m["source"]),
            m["source"]["text"].as_str().expect("text")
        );
        assert_eq!(span(&m["verb"]), m["verb"]["text"].as_str().expect("text"));
    }
    s.checked("/api/articles/{id}", "/api/articles/no-such-article", 404);

    // Search: hits with highlights inside their snippets.
    let hits = s.checked("/api/search", "/api/search?q=Tehran&limit=5", 200);
    let hits = hits.as_array().expect("hits");
    assert_eq!(hits.len(), 5);
    for hit in hits {
        let snippet: Vec<char> = hit["snippet"].as_str().expect("snippet").chars().collect();
        let hl = hit["highlights"].as_array().expect("highlights");
        assert!(!hl.is_empty());
        for r in hl {
            let (st, en) = (
                r[0].as_u64().unwrap_or(0) as usize,
                r[1].as_u64().unwrap_or(0) as usize,
            );
            let word: String = snippet[st..en].iter().collect();
            assert_eq!(word.to_lowercase(), "tehran", "{hit}");
        }
    }
    s.checked(
        "/api/search",
        "/api/search?q=Tehran%20OR%20Geneva%20attacked",
        200,
    );
    s.checked("/api/search", "/api/search", 400);

    // Actors: autocomplete by code or name prefix, most frequent first.
    let ac = s.checked("/api/actors", "/api/actors?prefix=ru", 200);
    assert_eq!(ac[0]["code"], "RUSGOV");
    let ac = s.checked("/api/actors", "/api/actors?prefix=Vladimir", 200);
    assert_eq!(ac[0]["code"], "RUSGOV", "names match too");
    let top = s.checked("/api/actors", "/api/actors?limit=3", 200);
    assert_eq!(top.as_array().map(Vec::len), Some(3));

    // Every documented path was exercised above (ingest has its own test).
    let documented: BTreeSet<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        documented,
        BTreeSet::from([
            "/healthz",
            "/api/openapi.json",
            "/api/events",
            "/api/events/{id}/mentions",
            "/api/stats",
            "/api/network",
            "/api/articles/{id}",
            "/api/search",
            "/api/actors",
            "/api/ingest",
        ])
    );
}

#[test]
fn pagination_covers_every_event_exactly_once() {
    let s = start(Config::default());
    for (filter, expected) in [("", 61u64), ("actor=RUS&", 0)] {
        let mut seen = BTreeMap::new();
        let mut cursor: Option<String> = None;
        let mut reported_total = None;
        let mut pages = 0;
        loop {
            let url = match &cursor {
                Some(c) => format!("/api/events?{filter}limit=7&cursor={}", enc(c)),
                None => format!("/api/events?{filter}limit=7"),
            };
            let page = s.checked("/api/events", &url, 200);
            pages += 1;
            assert!(pages < 100, "pagination does not end");
            let t = total(&page);
            assert_eq!(
                *reported_total.get_or_insert(t),
                t,
                "total changes between pages"
            );
            let events = page["events"].as_array().expect("events");
            assert!(events.len() <= 7);
            for e in events {
                let id = e["id"].as_str().expect("id").to_string();
                let date = e["date"].as_str().unwrap_or("").to_string();
                assert!(seen.insert(id.clone(), date).is_none(), "{id} on two pages");
            }
            match page["next"].as_str() {
                Some(n) => cursor = Some(n.to_string()),
                None => break,
            }
        }
        let t = reported_total.unwrap_or(0);
        assert_eq!(
            seen.len() as u64,
            t,
            "filter {filter:?}: pages hold every event once"
        );
        if expected > 0 {
            assert_eq!(t, expected);
        } else {
            assert!(t > 0 && t < 61, "actor=RUS narrows: {t}");
        }
    }
    // Newest first across pages.
    let all = s.checked("/api/events", "/api/events?limit=1000", 200);
    let dates: Vec<&str> = all["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["date"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

/// Strings that break out of quotes, comment out the rest of a statement, add statements, or
/// use LIKE wildcards and FTS operators.
const INJECTIONS: [&str; 9] = [
    "' OR '1'='1",
    "RUS' OR 1=1--",
    "x'; DROP TABLE events; --",
    "\" OR \"\"=\"",
    "1) OR (1=1",
    "%",
    "_",
    "RUS%",
    "zzz' UNION SELECT * FROM articles --",
];

/// An answer to an injected value: 400 with a reason, or 200 with nothing in it. Never a 500.
fn refused_or_empty(s: &Server, template: &str, url: &str) {
    let a = s.get(url);
    match a.status {
        400 => {
            let v = a.json();
            conforms(&v, template, "get", 400).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(!v["error"].as_str().unwrap_or("").is_empty());
        }
        200 => {
            let v = a.json();
            conforms(&v, template, "get", 200).unwrap_or_else(|e| panic!("{url}: {e}"));
            let empty = match &v {
                Value::Array(a) => a.is_empty(),
                Value::Object(o) if o.contains_key("events") => total(&v) == 0,
                Value::Object(o) if o.contains_key("nodes") => {
                    v["nodes"].as_array().is_some_and(Vec::is_empty)
                }
                _ => false,
            };
            assert!(empty, "{url} returned rows: {}", a.body);
        }
        404 if template.contains("{id}") => {}
        other => panic!("{url}: status {other}: {}", a.body),
    }
}

#[test]
fn injection_strings_in_every_filter_are_refused_or_match_nothing() {
    let s = start(Config::default());
    for inj in INJECTIONS {
        let v = enc(inj);
        for name in [
            "source", "target", "actor", "code", "quad", "from", "to", "place", "q",
        ] {
            refused_or_empty(&s, "/api/events", &format!("/api/events?{name}={v}"));
            refused_or_empty(
                &s,
                "/api/stats",
                &format!("/api/stats?by=dyad&every=week&{name}={v}"),
            );
            refused_or_empty(&s, "/api/network", &format!("/api/network?{name}={v}"));
        }
        for (name, url) in [
            ("by", format!("/api/stats?by={v}")),
            ("every", format!("/api/stats?every={v}")),
            ("limit", format!("/api/events?limit={v}")),
            ("cursor", format!("/api/events?cursor={v}")),
        ] {
            assert_eq!(s.get(&url).status, 400, "{name}={inj:?}");
        }
        refused_or_empty(&s, "/api/search", &format!("/api/search?q={v}"));
        refused_or_empty(&s, "/api/actors", &format!("/api/actors?prefix={v}"));
        refused_or_empty(&s, "/api/articles/{id}", &format!("/api/articles/{v}"));
        refused_or_empty(
            &s,
            "/api/events/{id}/mentions",
            &format!("/api/events/{v}/mentions"),
        );
    }
    // The store is intact afterwards.
    assert_eq!(total(&s.checked("/api/events", "/api/events", 200)), 61);
}

#[test]
fn bad_parameters_are_400_with_the_reason_and_unknown_paths_404() {
    let s = start(Config::default());
    for (url, needle) in [
        ("/api/events?limit=1001", "limit"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?from=2024-02-30", "from"),
        ("/api/events?from=yesterday", "YYYY-MM-DD"),
        ("/api/events?from=2024-03-01&to=2024-02-01", "after"),
        ("/api/events?quad=5", "quad"),
        ("/api/events?code=4a", "code"),
        ("/api/events?sauce=RUS", "unknown parameter"),
        ("/api/events?source=RUS&source=IRN", "more than once"),
        ("/api/events?q=%22unclosed", "quote"),
        ("/api/events?cursor=garbage", "cursor"),
        ("/api/stats?by=country", "by must be"),
        ("/api/stats?every=fortnight", "every must be"),
        ("/api/search?q=a&limit=100000", "limit"),
        ("/api/actors?limit=-1", "limit"),
    ] {
        let a = s.get(url);
        assert_eq!(a.status, 400, "{url}: {}", a.body);
        let template = url.split('?').next().unwrap_or(url);
        let v = a.json();
        conforms(&v, template, "get", 400).unwrap_or_else(|e| panic!("{url}: {e}"));
        let msg = v["error"].as_str().unwrap_or("");
        assert!(
            msg.contains(needle),
            "{url}: {msg:?} does not say {needle:?}"
        );
    }
    let a = s.get("/api/nothing-here");
    assert_eq!(a.status, 404);
    assert!(a.json()["error"]
        .as_str()
        .unwrap_or("")
        .contains("/api/nothing-here"));
    let a = s.post("/api/events", None, "");
    assert_eq!(a.status, 405, "{}", a.body);
    assert!(a.json()["error"].is_string());
}

#[test]
fn the_dashboard_is_served_from_the_binary() {
    let s = start(Config::default());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let index = s.get("/");
    assert_eq!(index.status, 200);
    assert!(
        index.content_type.starts_with("text/html"),
        "{}",
        index.content_type
    );
    assert_eq!(
        index.body,
        std::fs::read_to_string(root.join("index.html")).expect("index.html")
    );
    for (name, ctype) in [("app.js", "text/javascript"), ("app.css", "text/css")] {
        let a = s.get(&format!("/assets/{name}"));
        assert_eq!(a.status, 200, "{name}");
        assert!(
            a.content_type.starts_with(ctype),
            "{name}: {}",
            a.content_type
        );
        assert_eq!(
            a.body,
            std::fs::read_to_string(root.join(name)).expect("asset")
        );
    }
    assert_eq!(s.get("/assets/nope.js").status, 404);
    assert_eq!(s.get("/assets/..%2FCargo.toml").status, 404);
}

// ---------- writes ----------

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn pipeline_coder() -> Arc<dyn dyad_server::ArticleCoder> {
    let data = data_dir();
    let pipeline = dyad_nlp::pipeline::Pipeline::load(&data.join("models")).expect("NLP models");
    let (coder, _) = dyad_coder::engine::EventCoder::load_with(&data, &Default::default())
        .expect("dictionaries");
    Arc::new(dyad_server::PipelineCoder { pipeline, coder })
}

const LIMIT: usize = 64 * 1024;

/// POST over a raw socket, for bodies the server refuses before reading them: write the
/// request on one thread (ignoring a reset), read the answer on this one.
fn raw_post(base: &str, headers: &str, body: Vec<u8>) -> (u16, String) {
    let addr = base.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut writer = stream.try_clone().expect("clone");
    let head = format!("POST /api/ingest HTTP/1.1\r\nHost: {addr}\r\n{headers}\r\n");
    let t = std::thread::spawn(move || {
        let _ = writer.write_all(head.as_bytes());
        let _ = writer.write_all(&body);
    });
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if let Some(end) = find(&buf, b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if buf.len() >= end + 4 + len {
                        break;
                    }
                }
            }
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = t.join();
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn writes_need_the_right_token_and_a_body_within_the_limit() {
    let article = serde_json::json!({
        "id": "posted-1",
        "date": "2024-05-02",
        "title": "Talks",
        "text": "Russian President Vladimir Putin met Iranian President Ebrahim Raisi in Tehran on Tuesday.",
    })
    .to_string()
        + "\n";

    // A read-only server refuses every write, token or not.
    let ro = start(Config::default());
    for token in [None, Some("anything")] {
        let a = ro.post("/api/ingest", token, &article);
        assert_eq!(a.status, 403, "{}", a.body);
        assert!(a.json()["error"]
            .as_str()
            .unwrap_or("")
            .contains("read-only"));
    }
    drop(ro);

    let s = start(Config {
        write_token: Some("s3cret-token".into()),
        body_limit: LIMIT,
        coder: Some(pipeline_coder()),
        ..Config::default()
    });
    let check = |a: &Answer, status: u16| {
        assert_eq!(a.status, status, "{}", a.body);
        conforms(&a.json(), "/api/ingest", "post", status).unwrap_or_else(|e| panic!("{e}"));
    };
    assert_eq!(total(&s.checked("/api/events", "/api/events", 200)), 61);
    check(&s.post("/api/ingest", None, &article), 401);
    check(&s.post("/api/ingest", Some("s3cret-tokem"), &article), 403);
    check(
        &s.post("/api/ingest", Some("s3cret-token-and-more"), &article),
        403,
    );
    check(&s.post("/api/ingest", Some(""), &article), 401);
    // Nothing was written by the refused requests.
    s.checked("/api/articles/{id}", "/api/articles/posted-1", 404);

    // A bad line rejects the whole batch.
    let bad = format!("{article}{{\"id\": \"x\", \"date\": \"2024-05-02\"}}\n");
    let a = s.post("/api/ingest", Some("s3cret-token"), &bad);
    check(&a, 400);
    assert!(
        a.json()["error"].as_str().unwrap_or("").contains("line 2"),
        "{}",
        a.body
    );
    s.checked("/api/articles/{id}", "/api/articles/posted-1", 404);

    let a = s.post("/api/ingest", Some("s3cret-token"), &article);
    check(&a, 200);
    let report = a.json();
    assert_eq!(report["articles"], 1);
    assert!(
        report["mentions"].as_u64().unwrap_or(0) >= 1,
        "the meeting is coded: {report}"
    );
    let stored = s.checked("/api/articles/{id}", "/api/articles/posted-1", 200);
    assert!(
        stored["mentions"]
            .as_array()
            .is_some_and(|m| m.iter().any(|m| m["source"]["code"]
                .as_str()
                .unwrap_or("")
                .starts_with("RUS"))),
        "{stored}"
    );
    assert_eq!(
        total(&s.checked("/api/events", "/api/events", 200)),
        61 + report["new_events"].as_u64().unwrap_or(0)
    );
    // The same article again is skipped.
    let again = s.post("/api/ingest", Some("s3cret-token"), &article).json();
    assert_eq!(
        (again["articles"].as_u64(), again["skipped"].as_u64()),
        (Some(0), Some(1))
    );

    // Over the limit: refused with 413 whether the length is declared or streamed, and
    // without a token the answer is 401 before any of the body is read.
    let big = vec![b'x'; LIMIT + 1];
    let auth = "Authorization: Bearer s3cret-token\r\n";
    let (st, text) = raw_post(
        &s.base,
        &format!("{auth}Content-Length: {}\r\n", big.len()),
        big.clone(),
    );
    assert_eq!(st, 413, "{text}");
    assert!(text.contains("\"error\""), "{text}");
    let mut chunked = format!("{:x}\r\n", big.len()).into_bytes();
    chunked.extend_from_slice(&big);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let (st, text) = raw_post(
        &s.base,
        &format!("{auth}Transfer-Encoding: chunked\r\n"),
        chunked,
    );
    assert_eq!(st, 413, "{text}");
    let (st, _) = raw_post(&s.base, &format!("Content-Length: {}\r\n", big.len()), big);
    assert_eq!(st, 401);
}

#[test]
fn answers_are_cached_for_the_configured_time_only() {
    // Another process writes to the store while the server runs: a server with a long cache
    // keeps answering what it saw, one without a cache sees the new event at once.
    let extra = |db: &Path, id: &str| {
        let day = NaiveDate::from_ymd_opt(2024, 8, 1).expect("date");
        let mut store = dyad_store::open(
            &Location::Sqlite(db.to_path_buf()),
            &StoreOptions::default(),
        )
        .expect("open for writing");
        let e = event(id, 0, day, ACTORS[2], &VERBS[3], ACTORS[3], "Geneva");
        let r = store.ingest(&[article(id, day, vec![e])]).expect("ingest");
        assert_eq!(r.new_events, 1);
    };
    let cached = start(Config {
        cache_ttl: Duration::from_secs(600),
        ..Config::default()
    });
    assert_eq!(
        total(&cached.checked("/api/events", "/api/events", 200)),
        61
    );
    extra(&cached.db, "late-a");
    assert_eq!(
        total(&cached.checked("/api/events", "/api/events", 200)),
        61,
        "served from the cache"
    );
    assert_eq!(
        total(&cached.checked("/api/events", "/api/events?limit=50", 200)),
        62,
        "another query is not"
    );

    let live = start(Config {
        cache_ttl: Duration::ZERO,
        ..Config::default()
    });
    assert_eq!(total(&live.checked("/api/events", "/api/events", 200)), 61);
    extra(&live.db, "late-b");
    assert_eq!(total(&live.checked("/api/events", "/api/events", 200)), 62);
}
