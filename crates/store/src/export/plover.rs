//! PLOVER JSON: one event record per line (JSONL, which the PLOVER manual recommends), with the
//! field names of the manual's "PLOVER JSON" table and entity/location objects, the shape of
//! POLECAT's records. Field names come from `../shared/cameo/plover/PLOVER_MANUAL.tex`
//! (tables "PLOVER JSON", "Information object for entities", "Location object") and its actor
//! block example.
//!
//! | PLOVER field | from dyad |
//! | --- | --- |
//! | `id` | event id |
//! | `has_event` | true when the CAMEO code has a PLOVER type; false for codes PLOVER drops (CAMEO 01, 02), which are still written so nothing is lost |
//! | `date` | event date `YYYY-MM-DD` (story date when the event has none), null if neither |
//! | `actor`, `recipient` | a list of one entity (source, target), empty when the coder found none |
//! | `event` | `[PLOVER type]` (`["CONSULT"]`), `[]` when `has_event` is false |
//! | `mode` | `[mode]`, null when none (the manual: "left null") |
//! | `context` | list of contexts, null when none |
//! | `quad_code` | CAMEO quad class 1-4 |
//! | `event_text` | `[verb as written]`, null when none |
//! | `event_loc` | location object, null when not geocoded (below) |
//! | `text` | the evidence sentence |
//! | `text_info` | `{"sequence": sentence index in the article}` |
//! | `cite_info` | `{"citation": article id, "coder": "dyad <version>"}` |
//! | `coder` | `dyad <version>` |
//! | `story_date`, `cameo_code`, `cameo_name`, `goldstein` | extra named fields (the manual allows them): the CAMEO view of the same event |
//! | `mentions` | de-duplicated store events only: how many article sentences report it |
//!
//! Entity object (`actor`/`recipient` items), following the manual's actor block:
//!
//! | field | from dyad |
//! | --- | --- |
//! | `code` | the 3-letter top-level entity: the country (`RUS`) when the CAMEO code starts with one, else PLOVER's non-state code (`UNO` for `IGOUNO...`, `EUR` for `IGOEUR...`, `IGO`, `NGO`, `IMG`, `MNC`), else null |
//! | `country_name` | the country's name (`Russia`) or the non-state actor's (`United Nations`) |
//! | `sector_code` | the first PLOVER sector of the CAMEO code's groups, mapped (`GOV`; CAMEO `MED` media -> `JRN`, `HLH` health -> `MED`, `INS`/`SEP` -> `REB`, `HRI`/`ENV` -> `SOC`), null when none |
//! | `other_sector_codes` | the other sectors, joined with `;` (a string, as in the manual's example) |
//! | `entity_name` | the canonical name from the dictionary, null when the mention is not a named actor |
//! | `raw_text` | the words of the mention as written |
//! | `cameo_code` | dyad's full CAMEO actor code (`RUSGOVMIL`) |
//!
//! Location object (`event_loc`): `resolved_place` (place name), `lat`, `lon`, `country`
//! (country name), `country_code` (ISO 3166 alpha-3), `resolution` (1 country, 2 province/region,
//! 4 city, the manual's scale).

use super::{split_actor_code, EventSink, MentionsColumn};
use crate::StoreError;
use dyad_coder::{ActorRef, Event};
use serde_json::{json, Map, Value};
use std::io::Write;

/// CAMEO type codes and the PLOVER sector each stands for (PLOVER's sector table).
const SECTORS: [(&str, &str); 26] = [
    ("COP", "COP"),
    ("GOV", "GOV"),
    ("JUD", "JUD"),
    ("LEG", "LEG"),
    ("MIL", "MIL"),
    ("PRM", "PRM"),
    ("PTY", "PTY"),
    ("REB", "REB"),
    ("INS", "REB"),
    ("SEP", "REB"),
    ("SPY", "SPY"),
    ("UAF", "UAF"),
    ("AGR", "AGR"),
    ("BUS", "BUS"),
    ("CRM", "CRM"),
    ("CVL", "CVL"),
    ("EDU", "EDU"),
    ("ELI", "ELI"),
    ("MED", "JRN"),
    ("LAB", "LAB"),
    ("HLH", "MED"),
    ("REF", "REF"),
    ("OPP", "OPP"),
    ("REL", "REL"),
    ("HRI", "SOC"),
    ("ENV", "SOC"),
];

/// PLOVER's international non-state actors (its non-state actor table).
const NONSTATE: [(&str, &str); 7] = [
    ("UNO", "United Nations"),
    ("EUR", "European Union"),
    ("IGO", "International Governmental Organization"),
    ("NGO", "Non-governmental Organization"),
    ("ISM", "International Social Movement"),
    ("IMG", "Transnational Militarized Group"),
    ("MNC", "Multi-national Corporation"),
];

/// Writes events as PLOVER JSON lines.
pub struct PloverSink {
    out: Box<dyn Write + Send>,
    mentions: MentionsColumn,
}

impl PloverSink {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        PloverSink {
            out,
            mentions: MentionsColumn::default(),
        }
    }
}

impl EventSink for PloverSink {
    fn write(&mut self, event: &Event, mentions: Option<u32>) -> Result<(), StoreError> {
        self.mentions.accept(mentions)?;
        serde_json::to_writer(&mut self.out, &plover_record(event, mentions))
            .map_err(|e| StoreError::Export(format!("PLOVER JSON: {e}")))?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        self.out.flush()?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        self.out.flush()?;
        Ok(())
    }
}

/// The PLOVER entity object of an actor mention (see the module doc).
pub fn entity(a: &ActorRef) -> Value {
    let (country, groups) = split_actor_code(&a.code);
    let (code, name) = match country {
        Some(c) => (Some(c.iso3), Some(c.name)),
        None => {
            // IGOUNO... is the UN, IGOEUR... the EU; otherwise the first group if non-state.
            let lead = groups.first().copied();
            let specific = match (lead, groups.get(1).copied()) {
                (Some("IGO"), Some(g @ ("UNO" | "EUR"))) => Some(g),
                _ => lead,
            };
            match specific.and_then(|g| NONSTATE.iter().find(|(c, _)| *c == g)) {
                Some((c, n)) => (Some(*c), Some(*n)),
                None => (None, None),
            }
        }
    };
    let mut sectors: Vec<&str> = Vec::new();
    for g in &groups {
        if let Some((_, s)) = SECTORS.iter().find(|(c, _)| c == g) {
            if !sectors.contains(s) {
                sectors.push(s);
            }
        }
    }
    json!({
        "code": code,
        "country_name": name,
        "sector_code": sectors.first(),
        "other_sector_codes": sectors.get(1..).map(|s| s.join(";")).unwrap_or_default(),
        "entity_name": a.name,
        "raw_text": a.text,
        "cameo_code": a.code,
    })
}

/// One event as a PLOVER JSON record (see the module doc for the mapping).
pub fn plover_record(e: &Event, mentions: Option<u32>) -> Value {
    let coder = format!("dyad {}", env!("CARGO_PKG_VERSION"));
    let plover = e.plover.as_ref();
    let list = |v: Option<&String>| v.map(|s| json!([s])).unwrap_or(Value::Null);
    let location = e.place.as_ref().map(|p| {
        let country = p.country.as_deref().and_then(super::country);
        let resolution = match p.precision.as_str() {
            "country" => json!(1),
            "region" => json!(2),
            "city" => json!(4),
            _ => Value::Null,
        };
        json!({
            "resolved_place": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "country": country.map(|c| c.name),
            "country_code": p.country,
            "resolution": resolution,
        })
    });
    let mut r = Map::new();
    r.insert("id".into(), json!(e.id));
    r.insert("has_event".into(), json!(plover.is_some()));
    r.insert(
        "date".into(),
        json!(e.date.or(e.story_date).map(|d| d.to_string())),
    );
    r.insert(
        "actor".into(),
        Value::Array(e.source.iter().map(entity).collect()),
    );
    r.insert(
        "recipient".into(),
        Value::Array(e.target.iter().map(entity).collect()),
    );
    r.insert(
        "event".into(),
        json!(plover.map(|p| vec![&p.event_type]).unwrap_or_default()),
    );
    r.insert("mode".into(), list(plover.and_then(|p| p.mode.as_ref())));
    r.insert(
        "context".into(),
        match plover {
            Some(p) if !p.context.is_empty() => json!(p.context),
            _ => Value::Null,
        },
    );
    r.insert("quad_code".into(), json!(e.cameo.quad_class));
    r.insert("event_text".into(), list(e.verb.as_ref().map(|v| &v.text)));
    r.insert("event_loc".into(), location.unwrap_or(Value::Null));
    r.insert("text".into(), json!(e.sentence));
    r.insert("text_info".into(), json!({ "sequence": e.sentence_index }));
    r.insert(
        "cite_info".into(),
        json!({ "citation": e.article, "coder": coder }),
    );
    r.insert("coder".into(), json!(coder));
    r.insert(
        "story_date".into(),
        json!(e.story_date.map(|d| d.to_string())),
    );
    r.insert("cameo_code".into(), json!(e.cameo.code));
    r.insert("cameo_name".into(), json!(e.cameo.name));
    r.insert("goldstein".into(), json!(e.cameo.goldstein));
    if let Some(n) = mentions {
        r.insert("mentions".into(), json!(n));
    }
    Value::Object(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: &str, name: Option<&str>) -> ActorRef {
        ActorRef {
            code: code.into(),
            name: name.map(Into::into),
            text: "them".into(),
            start: 0,
            end: 4,
        }
    }

    #[test]
    fn entities_have_country_sector_and_names() {
        let e = entity(&actor("RUSGOVMED", Some("Vladimir Putin")));
        assert_eq!(e["code"], "RUS");
        assert_eq!(e["country_name"], "Russia");
        assert_eq!(e["sector_code"], "GOV");
        assert_eq!(e["other_sector_codes"], "JRN");
        assert_eq!(e["entity_name"], "Vladimir Putin");
        assert_eq!(e["raw_text"], "them");
        let un = entity(&actor("IGOUNOHLHWHO", None));
        assert_eq!(un["code"], "UNO");
        assert_eq!(un["country_name"], "United Nations");
        assert_eq!(un["sector_code"], "MED");
        assert_eq!(un["entity_name"], Value::Null);
        let unknown = entity(&actor("XYZ", None));
        assert_eq!(unknown["code"], Value::Null);
        assert_eq!(unknown["sector_code"], Value::Null);
        assert_eq!(unknown["other_sector_codes"], "");
    }
}
