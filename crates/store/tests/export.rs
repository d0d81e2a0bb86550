//! Every export format written from events built on real data and read back by a real reader:
//! CSV with the `csv` crate, JSONL with serde into `Event`, GDELT TSV by its 61 columns,
//! PLOVER JSON by its field names, Parquet with pyarrow AND DuckDB (a Python venv made by
//! `scripts/python-env.sh`).
//!
//! The events: sentences of the first Reuters-21578 articles in `../shared/news` (real quotes,
//! commas and line breaks), with their article ids and dates, CAMEO codes, Goldstein weights and
//! PLOVER types from dyad's own `data/cameo` tables, places from dyad's gazetteer, and actor codes
//! of every shape (country + agent, IGO chains, agent only, none). Tests skip with a message when
//! `../shared` is absent.

use chrono::NaiveDate;
use dyad_coder::geo::Gazetteer;
use dyad_coder::{ActorRef, Codebook, Event, Place, PloverMap, Span, CSV_COLUMNS};
use dyad_store::export::gdelt::{GdeltSink, GDELT_COLUMNS};
use dyad_store::export::{event_sink, write_stats, EventSink, Format, STATS_COLUMNS};
use dyad_store::{StatsRow, StoredEvent};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("news/reuters21578.jsonl").is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {} not found (the shared news data is absent)",
            p.join("news/reuters21578.jsonl").display()
        );
        None
    }
}

/// A `Write` whose bytes the test can read after the sink is finished.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Write `events` through the sink of `format`, flushing per article as `dyad code` does.
fn export(format: Format, events: &[Event], mentions: &dyn Fn(usize) -> Option<u32>) -> Buffer {
    let buf = Buffer::default();
    let mut sink = event_sink(format, Box::new(buf.clone())).unwrap();
    for (i, e) in events.iter().enumerate() {
        sink.write(e, mentions(i)).unwrap();
        let last_of_article = match events.get(i + 1) {
            Some(next) => next.article != e.article,
            None => true,
        };
        if last_of_article {
            sink.flush().unwrap();
        }
    }
    sink.finish().unwrap();
    buf
}

/// Events on real sentences (see the module doc); at most `limit`.
fn real_events(shared: &Path, limit: usize) -> Vec<Event> {
    let data = repo().join("data");
    let codebook = Codebook::load(data.join("cameo/cameo_codes.tsv")).unwrap();
    let plover = PloverMap::load(data.join("cameo/cameo_plover.tsv")).unwrap();
    let gazetteer = Gazetteer::load(&data.join("geo")).unwrap();
    let codes: Vec<String> = codebook.iter().map(|c| c.code.clone()).collect();
    assert!(codes.len() > 200, "codebook has {} codes", codes.len());
    let mut places: Vec<Option<Place>> = vec![None];
    for iso3 in ["IRN", "RUS", "USA", "BRA", "JPN", "CIV"] {
        places.push(gazetteer.capital(iso3).map(|e| e.to_place()));
        places.push(gazetteer.country(iso3).map(|e| e.to_place()));
    }
    let actors: [Option<(&str, Option<&str>)>; 9] = [
        Some(("RUSGOV", Some("Vladimir Putin"))),
        Some(("IRNGOV", None)),
        Some(("USAMIL", None)),
        Some(("IGOUNOHLHWHO", Some("World Health Organization"))),
        Some(("BRABUS", None)),
        Some(("GOV", None)),
        Some(("IGOEUREEC", Some("European Union"))),
        Some(("JPNGOVMED", None)),
        None,
    ];
    let text = std::fs::read_to_string(shared.join("news/reuters21578.jsonl")).unwrap();
    let mut events = Vec::new();
    for line in text.lines() {
        let a: Value = serde_json::from_str(line).unwrap();
        let id = a["id"].as_str().unwrap();
        let date = a["date"].as_str().and_then(|d| d.parse::<NaiveDate>().ok());
        let body = a["text"].as_str().unwrap();
        // Sentences cut at ". " only: they keep the article's inner line breaks.
        for (si, sentence) in body.split(". ").enumerate().take(4) {
            if sentence.split_whitespace().count() < 5 {
                continue;
            }
            let n = events.len();
            let code = &codes[n % codes.len()];
            let actor = |k: usize| {
                actors[k % actors.len()].map(|(code, name)| {
                    let words: Vec<&str> = sentence.split_whitespace().take(2).collect();
                    ActorRef {
                        code: code.to_string(),
                        name: name.map(String::from),
                        text: words.join(" "),
                        start: 0,
                        end: words.join(" ").chars().count(),
                    }
                })
            };
            let source = actor(n);
            let target = actor(n * 7 + 3);
            let verb = sentence.split_whitespace().nth(2).map(|w| Span {
                text: w.to_string(),
                start: 0,
                end: w.chars().count(),
            });
            events.push(Event {
                id: Event::stable_id(
                    id,
                    si,
                    source.as_ref().map(|a| a.code.as_str()),
                    target.as_ref().map(|a| a.code.as_str()),
                    code,
                ),
                article: id.to_string(),
                sentence_index: si,
                sentence: sentence.to_string(),
                // Every fifth event has no date of its own (the story date stands in).
                date: if n % 5 == 4 {
                    None
                } else {
                    date.and_then(|d| d.checked_add_days(chrono::Days::new((n % 3) as u64)))
                },
                story_date: if n % 11 == 10 { None } else { date },
                source,
                target,
                cameo: codebook.cameo(code).unwrap(),
                plover: plover.plover_for(code),
                verb,
                place: places[n % places.len()].clone(),
            });
            if events.len() == limit {
                return events;
            }
        }
    }
    events
}

/// The mention counts given to store events in these tests.
fn mentions_of(i: usize) -> Option<u32> {
    Some((i % 4) as u32 + 1)
}

#[test]
fn csv_reads_back_with_the_csv_crate() {
    let Some(shared) = shared() else { return };
    let mut events = real_events(&shared, 2000);
    // Make sure the hard cases are there, whatever the news file holds.
    events[0].sentence = "He said \"no, never\",\nthen left.\r\nEnd".into();
    assert!(events.iter().any(|e| e.sentence.contains('\n')));
    assert!(events.iter().filter(|e| e.sentence.contains(',')).count() > 100);
    assert!(events.iter().any(|e| e.sentence.contains('"')));

    for with_mentions in [false, true] {
        let mentions = |i| if with_mentions { mentions_of(i) } else { None };
        let out = export(Format::Csv, &events, &mentions).text();
        let mut reader = csv::ReaderBuilder::new().from_reader(out.as_bytes());
        let mut header: Vec<String> = CSV_COLUMNS.iter().map(|s| s.to_string()).collect();
        if with_mentions {
            header.push("mentions".into());
        }
        let got_header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(got_header, header);
        let mut n = 0;
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.unwrap();
            let mut want = events[i].csv_record();
            if with_mentions {
                want.push(mentions_of(i).unwrap().to_string());
            }
            let got: Vec<&str> = rec.iter().collect();
            assert_eq!(got, want, "record {i}");
            n += 1;
        }
        assert_eq!(n, events.len());
    }
    // An export of no events is still a CSV file: the header alone.
    let empty = export(Format::Csv, &[], &|_| None).text();
    assert_eq!(empty, format!("{}\n", CSV_COLUMNS.join(",")));
}

#[test]
fn jsonl_round_trips_into_events_and_stored_events() {
    let Some(shared) = shared() else { return };
    let events = real_events(&shared, 2000);
    let plain = export(Format::Jsonl, &events, &|_| None).text();
    let lines: Vec<&str> = plain.lines().collect();
    assert_eq!(lines.len(), events.len());
    for (line, e) in lines.iter().zip(&events) {
        // Exactly `dyad code`'s schema: serde of Event, nothing else.
        assert_eq!(*line, serde_json::to_string(e).unwrap());
        let back: Event = serde_json::from_str(line).unwrap();
        assert_eq!(&back, e);
    }
    let stored = export(Format::Jsonl, &events, &mentions_of).text();
    for (i, (line, e)) in stored.lines().zip(&events).enumerate() {
        let back: StoredEvent = serde_json::from_str(line).unwrap();
        assert_eq!(&back.event, e);
        assert_eq!(Some(back.mentions), mentions_of(i));
        let obj: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap();
        assert_eq!(obj.keys().next_back().map(String::as_str), Some("mentions"));
        // Event's deserializer ignores the extra field: the line is still an Event.
        let as_event: Event = serde_json::from_str(line).unwrap();
        assert_eq!(&as_event, e);
    }
}

#[test]
fn gdelt_lines_have_61_columns_and_the_mapped_values() {
    let Some(shared) = shared() else { return };
    let mut events = real_events(&shared, 2000);
    events[1].article = "article\twith a tab".into();
    let out = export(Format::Gdelt, &events, &mentions_of).text();
    let lines: Vec<&str> = out.split('\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), events.len(), "one line per event, no header");
    let mut geocoded = 0;
    for (i, (line, e)) in lines.iter().zip(&events).enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 61, "line {i}: {line}");
        let col = |name: &str| f[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(
            col("GLOBALEVENTID"),
            (u64::from_str_radix(&e.id, 16).unwrap() & (i64::MAX as u64)).to_string()
        );
        let date = e.date.or(e.story_date);
        assert_eq!(
            col("SQLDATE"),
            date.map(|d| d.format("%Y%m%d").to_string())
                .unwrap_or_default()
        );
        assert_eq!(
            col("Year"),
            date.map(|d| d.format("%Y").to_string()).unwrap_or_default()
        );
        assert_eq!(
            col("Actor1Code"),
            e.source.as_ref().map_or("", |a| a.code.as_str())
        );
        assert_eq!(
            col("Actor2Code"),
            e.target.as_ref().map_or("", |a| a.code.as_str())
        );
        assert_eq!(col("EventCode"), e.cameo.code);
        assert_eq!(col("EventRootCode"), &e.cameo.code[..2]);
        assert_eq!(col("QuadClass"), e.cameo.quad_class.to_string());
        assert_eq!(
            col("GoldsteinScale").parse::<f64>().unwrap(),
            e.cameo.goldstein
        );
        assert_eq!(col("NumMentions"), mentions_of(i).unwrap().to_string());
        assert_eq!(col("SOURCEURL"), e.article.replace('\t', " "));
        if let Some(p) = &e.place {
            geocoded += 1;
            assert_eq!(
                col("ActionGeo_Lat"),
                p.lat.map(|x| x.to_string()).unwrap_or_default()
            );
            assert!(col("ActionGeo_FullName").starts_with(&p.name));
        } else {
            assert_eq!(col("ActionGeo_Type"), "");
        }
    }
    assert!(geocoded > 100);
    // Specific values of the mapping on known codes.
    let f: Vec<String> = dyad_store::export::gdelt::gdelt_record(&events[0], None);
    assert_eq!(f[31], "1", "a coded event is one mention");
    assert_eq!(f[33], "1", "of one article");
    let tehran = events
        .iter()
        .find(|e| e.place.as_ref().is_some_and(|p| p.name == "Tehran"));
    let f = dyad_store::export::gdelt::gdelt_record(tehran.unwrap(), None);
    assert_eq!(
        (f[51].as_str(), f[52].as_str(), f[53].as_str()),
        ("4", "Tehran, Iran", "IR")
    );
    let who = events
        .iter()
        .find(|e| e.source.as_ref().is_some_and(|a| a.code == "IGOUNOHLHWHO"));
    let f = dyad_store::export::gdelt::gdelt_record(who.unwrap(), None);
    assert_eq!(
        (f[7].as_str(), f[8].as_str(), f[12].as_str(), f[13].as_str()),
        ("", "UNO", "IGO", "HLH")
    );
    // The header is offered, not written by default.
    let buf = Buffer::default();
    let mut sink: Box<dyn EventSink> = Box::new(GdeltSink::new(Box::new(buf.clone()), true));
    sink.write(&events[0], None).unwrap();
    sink.finish().unwrap();
    let text = buf.text();
    let first = text.lines().next().unwrap();
    assert_eq!(first.split('\t').collect::<Vec<_>>(), GDELT_COLUMNS);
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn plover_records_carry_the_plover_fields() {
    let Some(shared) = shared() else { return };
    let events = real_events(&shared, 2000);
    let out = export(Format::Plover, &events, &|_| None).text();
    let mut without_type = 0;
    let mut with_context = 0;
    for (line, e) in out.lines().zip(&events) {
        let r: Value = serde_json::from_str(line).unwrap();
        assert_eq!(r["id"], e.id.as_str());
        assert_eq!(
            r["date"],
            serde_json::json!(e.date.or(e.story_date).map(|d| d.to_string()))
        );
        assert_eq!(r["text"], e.sentence.as_str());
        assert_eq!(r["quad_code"], e.cameo.quad_class);
        assert_eq!(r["cameo_code"], e.cameo.code.as_str());
        assert_eq!(r["text_info"]["sequence"], e.sentence_index);
        assert_eq!(r["cite_info"]["citation"], e.article.as_str());
        assert!(r.get("mentions").is_none());
        match &e.plover {
            Some(p) => {
                assert_eq!(r["has_event"], true);
                assert_eq!(r["event"], serde_json::json!([p.event_type]));
                assert_eq!(
                    r["mode"],
                    serde_json::json!(p.mode.as_ref().map(|m| vec![m]))
                );
                if p.context.is_empty() {
                    assert_eq!(r["context"], Value::Null);
                } else {
                    with_context += 1;
                    assert_eq!(r["context"], serde_json::json!(p.context));
                }
            }
            None => {
                without_type += 1;
                assert_eq!(r["has_event"], false);
                assert_eq!(r["event"], serde_json::json!([]));
            }
        }
        for (field, actor) in [("actor", &e.source), ("recipient", &e.target)] {
            let list = r[field].as_array().unwrap();
            match actor {
                Some(a) => {
                    assert_eq!(list.len(), 1);
                    assert_eq!(list[0]["cameo_code"], a.code.as_str());
                    assert_eq!(list[0]["raw_text"], a.text.as_str());
                    assert_eq!(list[0]["entity_name"], serde_json::json!(a.name));
                    if a.code.starts_with("RUS") {
                        assert_eq!(list[0]["code"], "RUS");
                        assert_eq!(list[0]["country_name"], "Russia");
                        assert_eq!(list[0]["sector_code"], "GOV");
                    }
                }
                None => assert!(list.is_empty()),
            }
        }
        match &e.place {
            Some(p) => {
                assert_eq!(r["event_loc"]["resolved_place"], p.name.as_str());
                assert_eq!(r["event_loc"]["lat"], serde_json::json!(p.lat));
                assert_eq!(r["event_loc"]["lon"], serde_json::json!(p.lon));
                assert_eq!(r["event_loc"]["country_code"], serde_json::json!(p.country));
            }
            None => assert_eq!(r["event_loc"], Value::Null),
        }
        assert_eq!(
            r["event_text"],
            serde_json::json!(e.verb.as_ref().map(|v| vec![&v.text]))
        );
    }
    assert_eq!(out.lines().count(), events.len());
    assert!(
        without_type > 0,
        "CAMEO 01/02 events (no PLOVER type) are exported too"
    );
    assert!(with_context > 0, "some PLOVER types carry contexts");
    let stored = export(Format::Plover, &events, &mentions_of).text();
    let first: Value = serde_json::from_str(stored.lines().next().unwrap()).unwrap();
    assert_eq!(first["mentions"], 1);
}

#[test]
fn table_shows_one_row_per_event() {
    let Some(shared) = shared() else { return };
    let events = real_events(&shared, 50);
    let out = export(Format::Table, &events, &|_| None).text();
    let lines: Vec<&str> = out.lines().collect();
    // The header, without a mentions column for coded events.
    assert!(lines[0].starts_with("date") && lines[0].ends_with("sentence"));
    assert!(!lines[0].contains("mentions"));
    let stored = export(Format::Table, &events, &mentions_of).text();
    assert!(stored.lines().next().unwrap().contains("mentions"));
    let first = stored.lines().nth(1).unwrap();
    assert!(first.contains(&events[0].cameo.code), "{first}");
}

/// The venv's python, or None (with a message) when python3 is missing.
fn python() -> Option<PathBuf> {
    let script = repo().join("scripts/python-env.sh");
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping the Parquet read-back: python3 is not installed");
        return None;
    }
    let out = std::process::Command::new("bash")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    Some(PathBuf::from(path))
}

/// What pyarrow and DuckDB read from `file` (see tests/readback/parquet.py).
fn read_back(python: &Path, file: &Path, summary: bool) -> Value {
    let helper = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readback/parquet.py");
    let mut cmd = std::process::Command::new(python);
    cmd.arg(&helper).arg(file);
    if summary {
        cmd.arg("--summary");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "read-back failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An event's row as both readers should give it.
fn expected_row(e: &Event, mentions: Option<u32>) -> Value {
    let actor = |a: &Option<ActorRef>| {
        (
            a.as_ref().map(|a| a.code.clone()),
            a.as_ref().and_then(|a| a.name.clone()),
            a.as_ref().map(|a| a.text.clone()),
        )
    };
    let (sc, sn, st) = actor(&e.source);
    let (tc, tn, tt) = actor(&e.target);
    let p = e.plover.as_ref();
    let place = e.place.as_ref();
    let mut row = serde_json::json!({
        "id": e.id, "article": e.article, "sentence_index": e.sentence_index,
        "date": e.date.map(|d| d.to_string()), "story_date": e.story_date.map(|d| d.to_string()),
        "source_code": sc, "source_name": sn, "source_text": st,
        "target_code": tc, "target_name": tn, "target_text": tt,
        "cameo_code": e.cameo.code, "cameo_name": e.cameo.name,
        "goldstein": e.cameo.goldstein, "quad_class": e.cameo.quad_class,
        "plover_type": p.map(|p| p.event_type.clone()),
        "plover_mode": p.and_then(|p| p.mode.clone()),
        "plover_context": p.map(|p| p.context.clone()),
        "verb": e.verb.as_ref().map(|v| v.text.clone()),
        "place_name": place.map(|p| p.name.clone()),
        "place_country": place.and_then(|p| p.country.clone()),
        "place_lat": place.and_then(|p| p.lat), "place_lon": place.and_then(|p| p.lon),
        "sentence": e.sentence,
    });
    if let Some(n) = mentions {
        row["mentions"] = serde_json::json!(n);
    }
    row
}

#[test]
fn parquet_reads_back_with_pyarrow_and_duckdb() {
    let Some(shared) = shared() else { return };
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let events = real_events(&shared, 3000);
    assert!(events.iter().any(|e| e.plover.is_none()));
    assert!(events.iter().any(|e| e.date.is_none()));
    for with_mentions in [false, true] {
        let mentions = |i| if with_mentions { mentions_of(i) } else { None };
        let bytes = export(Format::Parquet, &events, &mentions);
        let file = dir.path().join(format!("events-{with_mentions}.parquet"));
        std::fs::write(&file, bytes.0.lock().unwrap().as_slice()).unwrap();
        let got = read_back(&python, &file, false);
        let pa = &got["pyarrow"];
        assert_eq!(pa["num_rows"], events.len());
        assert_eq!(pa["compression"], serde_json::json!(["SNAPPY"]));
        assert_eq!(pa["schema"]["date"], "date32[day]");
        assert_eq!(pa["schema"]["goldstein"], "double");
        assert_eq!(pa["schema"]["quad_class"], "int32");
        assert_eq!(pa["schema"]["place_lat"], "double");
        assert_eq!(
            pa["schema"]["plover_context"],
            "list<element: string not null>"
        );
        let dk = &got["duckdb"];
        assert_eq!(dk["types"]["date"], "DATE");
        assert_eq!(dk["types"]["plover_context"], "VARCHAR[]");
        assert_eq!(dk["types"]["goldstein"], "DOUBLE");
        assert_eq!(dk["types"]["sentence_index"], "BIGINT");
        let want: Vec<Value> = events
            .iter()
            .enumerate()
            .map(|(i, e)| expected_row(e, mentions(i)))
            .collect();
        for reader in ["pyarrow", "duckdb"] {
            let rows = got[reader]["rows"].as_array().unwrap();
            assert_eq!(rows.len(), want.len(), "{reader}");
            for (i, (row, w)) in rows.iter().zip(&want).enumerate() {
                assert_eq!(row, w, "{reader} row {i}");
            }
        }
    }
}

#[test]
fn parquet_writes_row_groups_of_65536_rows() {
    let Some(shared) = shared() else { return };
    let Some(python) = python() else { return };
    let base = real_events(&shared, 1000);
    // 150,000 rows: two full row groups and a partial one, written as a stream.
    let n = 150_000;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.parquet");
    let mut sink = event_sink(
        Format::Parquet,
        Box::new(std::io::BufWriter::new(
            std::fs::File::create(&file).unwrap(),
        )),
    )
    .unwrap();
    let mut goldstein_sum = 0.0;
    for i in 0..n {
        let mut e = base[i % base.len()].clone();
        e.id = format!("{:016x}", i);
        goldstein_sum += e.cameo.goldstein;
        sink.write(&e, Some(1)).unwrap();
    }
    sink.finish().unwrap();
    let got = read_back(&python, &file, true);
    assert_eq!(
        got["pyarrow"]["row_group_rows"],
        serde_json::json!([65_536, 65_536, n - 2 * 65_536])
    );
    for reader in ["pyarrow", "duckdb"] {
        assert_eq!(got[reader]["num_rows"], n, "{reader}");
        assert_eq!(got[reader]["distinct_ids"], n, "{reader}");
        let sum = got[reader]["goldstein_sum"].as_f64().unwrap();
        assert!(
            (sum - goldstein_sum).abs() < 1e-6,
            "{reader}: {sum} vs {goldstein_sum}"
        );
    }
}

fn stats_rows() -> Vec<StatsRow> {
    let d = |m, day| NaiveDate::from_ymd_opt(2022, m, day);
    vec![
        StatsRow {
            period: d(7, 18),
            source: Some("RUS".into()),
            target: Some("IRN".into()),
            code: None,
            quad_class: None,
            count: 12,
            goldstein_sum: 21.5,
            goldstein_mean: 21.5 / 12.0,
            quad: [8, 2, 1, 1],
        },
        StatsRow {
            period: d(7, 25),
            source: Some("USA".into()),
            target: Some("IGOUNO, \"quoted\"".into()),
            code: None,
            quad_class: None,
            count: 3,
            goldstein_sum: -17.0,
            goldstein_mean: -17.0 / 3.0,
            quad: [0, 0, 1, 2],
        },
        StatsRow {
            period: None,
            source: None,
            target: None,
            code: Some("042".into()),
            quad_class: Some(1),
            count: 5_000_000_000,
            goldstein_sum: 1.9,
            goldstein_mean: 1.9 / 5e9,
            quad: [5_000_000_000, 0, 0, 0],
        },
    ]
}

/// A stats row as every format should give it back.
fn expected_stats(r: &StatsRow) -> Value {
    serde_json::json!({
        "period": r.period.map(|d| d.to_string()), "source": r.source, "target": r.target,
        "code": r.code, "quad_class": r.quad_class, "count": r.count,
        "goldstein_sum": r.goldstein_sum, "goldstein_mean": r.goldstein_mean,
        "quad1": r.quad[0], "quad2": r.quad[1], "quad3": r.quad[2], "quad4": r.quad[3],
    })
}

fn stats(format: Format) -> Result<String, dyad_store::StoreError> {
    let buf = Buffer::default();
    write_stats(format, &stats_rows(), Box::new(buf.clone()))?;
    Ok(buf.text())
}

#[test]
fn stats_in_jsonl_csv_and_table() {
    let rows = stats_rows();
    let jsonl = stats(Format::Jsonl).unwrap();
    let got: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let want: Vec<Value> = rows.iter().map(expected_stats).collect();
    assert_eq!(got, want);
    let first: serde_json::Map<String, Value> =
        serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first.keys().collect::<Vec<_>>(), STATS_COLUMNS);

    let csv_text = stats(Format::Csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        STATS_COLUMNS
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), rows.len());
    assert_eq!(&records[1][2], "IGOUNO, \"quoted\"");
    assert_eq!(
        records[0][7].parse::<f64>().unwrap(),
        rows[0].goldstein_mean
    );
    assert_eq!(&records[2][0], "", "no period over the whole range");
    assert_eq!(&records[2][5], "5000000000");

    let table = stats(Format::Table).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("period") && lines[0].contains("goldstein"));
    assert!(lines[1].contains("RUS") && lines[1].contains("21.50"));

    for f in [Format::Gdelt, Format::Plover] {
        let err = stats(f).unwrap_err().to_string();
        assert!(err.contains("event format"), "{err}");
    }
}

#[test]
fn stats_parquet_reads_back_with_pyarrow_and_duckdb() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stats.parquet");
    write_stats(
        Format::Parquet,
        &stats_rows(),
        Box::new(std::fs::File::create(&file).unwrap()),
    )
    .unwrap();
    let got = read_back(&python, &file, false);
    assert_eq!(got["pyarrow"]["schema"]["period"], "date32[day]");
    assert_eq!(got["pyarrow"]["schema"]["count"], "int64");
    assert_eq!(got["duckdb"]["types"]["goldstein_mean"], "DOUBLE");
    let want: Vec<Value> = stats_rows().iter().map(expected_stats).collect();
    for reader in ["pyarrow", "duckdb"] {
        assert_eq!(got[reader]["rows"], serde_json::json!(want), "{reader}");
    }
}

#[test]
fn format_names_parse_and_bad_ones_say_what_is_expected() {
    assert_eq!("parquet".parse::<Format>().unwrap(), Format::Parquet);
    assert_eq!("GDELT".parse::<Format>().unwrap(), Format::Gdelt);
    let err = "excel".parse::<Format>().unwrap_err().to_string();
    assert!(err.contains("excel") && err.contains("jsonl, csv, table, parquet, gdelt, plover"));
}
