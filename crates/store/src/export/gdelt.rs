//! GDELT 2.0 Event table TSV: the 61 columns of GDELT's event export files
//! (`*.export.CSV`, "THE GDELT EVENT DATABASE DATA FORMAT CODEBOOK V2.0"), in their order, so
//! that tools and SQL written for GDELT run on dyad's events (load with GDELT's own schema:
//! `read_csv(..., delim='\t', header=false, names=[...])`, BigQuery's GDELT table schema...).
//!
//! One event per line, fields separated by tabs, no quoting (GDELT has none): tabs, CR and LF
//! inside a value become spaces. **No header line** by default, like GDELT's files, so dyad's
//! files concatenate with GDELT's and load with the same schema; [`GdeltSink::new`] can write
//! [`GDELT_COLUMNS`] as a first line for readers that want one.
//!
//! Mapping (columns not listed are left empty: dyad does not know them):
//!
//! | # | GDELT column | from dyad |
//! | --- | --- | --- |
//! | 1 | GLOBALEVENTID | the event id (16 hex digits) read as a number, top bit cleared so it fits a signed INT64; ids that are not 16 hex digits: the first 8 bytes of their SHA-256, same treatment |
//! | 2 | SQLDATE | event date `YYYYMMDD` (story date when the event has none) |
//! | 3 | MonthYear | `YYYYMM` of that date |
//! | 4 | Year | `YYYY` |
//! | 5 | FractionDate | year + (day of year - 1) / days in the year, 4 decimals (GDELT's 2015-02-18 is 2015.1315) |
//! | 6 | Actor1Code | source actor code (`RUSGOV`) |
//! | 7 | Actor1Name | source actor's canonical name, else its words as written |
//! | 8 | Actor1CountryCode | the first 3 letters when they are a country code (`countries.tsv`) |
//! | 9 | Actor1KnownGroupCode | the first 3-letter group that is neither a type, a region nor a religion (`IGOUNO` -> `UNO`) |
//! | 10 | Actor1EthnicCode | empty |
//! | 11-12 | Actor1Religion1Code, Actor1Religion2Code | CAMEO religion groups in the code (`MOS`, `SHI`...) |
//! | 13-15 | Actor1Type1Code .. Type3Code | CAMEO type/agent groups in the code, in order (`GOV`, `MIL`, `IGO`...) |
//! | 16-25 | Actor2... | the same for the target actor |
//! | 26 | IsRootEvent | 1 when coded in the article's first sentence (GDELT: its lead paragraph), else 0 |
//! | 27 | EventCode | CAMEO code (`042`) |
//! | 28 | EventBaseCode | its first three digits |
//! | 29 | EventRootCode | its first two digits |
//! | 30 | QuadClass | quad class 1-4 |
//! | 31 | GoldsteinScale | Goldstein weight of the code |
//! | 32 | NumMentions | mentions of a store event; 1 for a coded event |
//! | 33 | NumSources | empty (dyad does not know the outlets) |
//! | 34 | NumArticles | 1 for a coded event; empty for a store event (mentions may share an article) |
//! | 35 | AvgTone | empty |
//! | 36-43 | Actor1Geo_* | empty (dyad geocodes the event, not each actor) |
//! | 44-51 | Actor2Geo_* | empty |
//! | 52 | ActionGeo_Type | place precision: country 1; region 2 (US state) or 5; city 3 (US) or 4 |
//! | 53 | ActionGeo_FullName | place name, then `, country name` for cities and regions (`Tehran, Iran`) |
//! | 54 | ActionGeo_CountryCode | the place's country as a FIPS 10-4 code (GDELT's convention; `IR` for IRN) |
//! | 55 | ActionGeo_ADM1Code | the FIPS code for country-level places (as GDELT does), else empty |
//! | 56 | ActionGeo_ADM2Code | empty |
//! | 57-58 | ActionGeo_Lat, ActionGeo_Long | latitude, longitude |
//! | 59 | ActionGeo_FeatureID | empty (dyad keeps no GeoNames id) |
//! | 60 | DATEADDED | story date (else event date) as `YYYYMMDD000000`: dyad has no time of coding that stays the same between runs |
//! | 61 | SOURCEURL | the article id (a URL when the articles' ids are URLs) |

use super::{split_actor_code, EventSink};
use crate::StoreError;
use chrono::{Datelike, NaiveDate};
use dyad_coder::{ActorRef, Event};
use sha2::{Digest, Sha256};
use std::io::Write;

/// The 61 column names of GDELT 2.0's Event table, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// CAMEO type (role/agent) codes: these fill the Type1-3 columns.
const TYPE_CODES: [&str; 35] = [
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO",
    "IMG", "INS", "INT", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP",
    "RAD", "REB", "REF", "REL", "SEP", "SET", "SPY", "UAF", "UIS",
];

/// CAMEO religion codes: these fill the Religion1-2 columns.
const RELIGION_CODES: [&str; 24] = [
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "ITR",
    "JAN", "JEW", "MOS", "PAG", "PRO", "SHI", "SHN", "SIK", "SUN", "TAO", "ZRO",
];

/// CAMEO region codes: neither a country nor a known group, left out of the columns.
const REGION_CODES: [&str; 29] = [
    "AFR", "ASA", "BLK", "BLT", "CAF", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR",
    "LAM", "MDT", "MEA", "NAF", "NAM", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "SOT",
    "WAF", "WEU", "WST",
];

/// Writes events as GDELT 2.0 Event table lines.
pub struct GdeltSink {
    out: Box<dyn Write + Send>,
    header: bool,
    started: bool,
}

impl GdeltSink {
    /// `header`: write [`GDELT_COLUMNS`] as the first line (GDELT's own files have none).
    pub fn new(out: Box<dyn Write + Send>, header: bool) -> Self {
        GdeltSink {
            out,
            header,
            started: false,
        }
    }

    fn start(&mut self) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            if self.header {
                writeln!(self.out, "{}", GDELT_COLUMNS.join("\t"))?;
            }
        }
        Ok(())
    }
}

impl EventSink for GdeltSink {
    fn write(&mut self, event: &Event, mentions: Option<u32>) -> Result<(), StoreError> {
        self.start()?;
        let fields = gdelt_record(event, mentions);
        writeln!(self.out, "{}", fields.join("\t"))?;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        self.out.flush()?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        self.start()?;
        self.out.flush()?;
        Ok(())
    }
}

/// GLOBALEVENTID: a non-negative INT64 derived from the event id (see the module doc).
pub fn global_event_id(id: &str) -> i64 {
    let n = if id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        u64::from_str_radix(id, 16).unwrap_or(0)
    } else {
        let digest = Sha256::digest(id.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    };
    (n & (i64::MAX as u64)) as i64
}

/// A value without the characters that would break a TSV line.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The actor's ten columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode,
/// Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code.
fn actor_columns(a: Option<&ActorRef>) -> [String; 10] {
    let mut cols: [String; 10] = Default::default();
    let Some(a) = a else { return cols };
    cols[0] = clean(&a.code);
    cols[1] = clean(a.name.as_deref().unwrap_or(&a.text));
    let (country, groups) = split_actor_code(&a.code);
    if let Some(c) = country {
        cols[2] = c.iso3.to_string();
    }
    let (mut religions, mut types) = (5, 7);
    for g in groups {
        if TYPE_CODES.contains(&g) {
            if types < 10 {
                cols[types] = g.to_string();
                types += 1;
            }
        } else if RELIGION_CODES.contains(&g) {
            if religions < 7 {
                cols[religions] = g.to_string();
                religions += 1;
            }
        } else if !REGION_CODES.contains(&g) && cols[3].is_empty() && g.len() == 3 {
            cols[3] = clean(g);
        }
    }
    cols
}

/// The fraction of the year completed before `d` starts, GDELT's FractionDate.
fn fraction_date(d: NaiveDate) -> String {
    let days = if NaiveDate::from_ymd_opt(d.year(), 2, 29).is_some() {
        366.0
    } else {
        365.0
    };
    format!(
        "{:.4}",
        f64::from(d.year()) + f64::from(d.ordinal0()) / days
    )
}

/// One event as the 61 GDELT fields (see the module doc for the mapping).
pub fn gdelt_record(e: &Event, mentions: Option<u32>) -> Vec<String> {
    let mut f: Vec<String> = vec![String::new(); GDELT_COLUMNS.len()];
    f[0] = global_event_id(&e.id).to_string();
    if let Some(d) = e.date.or(e.story_date) {
        f[1] = d.format("%Y%m%d").to_string();
        f[2] = d.format("%Y%m").to_string();
        f[3] = d.year().to_string();
        f[4] = fraction_date(d);
    }
    for (start, actor) in [(5, &e.source), (15, &e.target)] {
        for (i, v) in actor_columns(actor.as_ref()).into_iter().enumerate() {
            f[start + i] = v;
        }
    }
    f[25] = if e.sentence_index == 0 { "1" } else { "0" }.to_string();
    let code = clean(&e.cameo.code);
    f[27] = code.chars().take(3).collect();
    f[28] = code.chars().take(2).collect();
    f[26] = code;
    f[29] = e.cameo.quad_class.to_string();
    f[30] = e.cameo.goldstein.to_string();
    f[31] = mentions.unwrap_or(1).to_string();
    if mentions.is_none() {
        f[33] = "1".to_string();
    }
    if let Some(p) = &e.place {
        let country = p.country.as_deref().and_then(super::country);
        let us = p.country.as_deref() == Some("USA");
        f[51] = match p.precision.as_str() {
            "country" => "1",
            "region" if us => "2",
            "region" => "5",
            "city" if us => "3",
            "city" => "4",
            _ => "",
        }
        .to_string();
        f[52] = match country {
            Some(c) if p.precision != "country" && !c.name.is_empty() => {
                clean(&format!("{}, {}", p.name, c.name))
            }
            _ => clean(&p.name),
        };
        if let Some(c) = country {
            f[53] = c.fips.to_string();
            if p.precision == "country" {
                f[54] = c.fips.to_string();
            }
        }
        f[56] = p.lat.map(|x| x.to_string()).unwrap_or_default();
        f[57] = p.lon.map(|x| x.to_string()).unwrap_or_default();
    }
    if let Some(d) = e.story_date.or(e.date) {
        f[59] = d.format("%Y%m%d000000").to_string();
    }
    f[60] = clean(&e.article);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_event_id_is_the_hex_id_within_int64() {
        assert_eq!(global_event_id("00000000000000ff"), 255);
        assert_eq!(global_event_id("ffffffffffffffff"), i64::MAX);
        let other = global_event_id("not-hex-id");
        assert!(other >= 0);
        assert_eq!(other, global_event_id("not-hex-id"));
        assert_ne!(other, global_event_id("not-hex-id2"));
    }

    #[test]
    fn fraction_date_matches_gdelt() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(fraction_date(d(2015, 2, 18)), "2015.1315");
        assert_eq!(fraction_date(d(2015, 1, 1)), "2015.0000");
        assert_eq!(fraction_date(d(2016, 12, 31)), "2016.9973");
    }

    #[test]
    fn actor_code_groups_go_to_their_columns() {
        let a = |code: &str| ActorRef {
            code: code.into(),
            name: None,
            text: "the\tactor".into(),
            start: 0,
            end: 0,
        };
        let c = actor_columns(Some(&a("RUSGOVMIL")));
        assert_eq!(&c[..3], ["RUSGOVMIL", "the actor", "RUS"]);
        assert_eq!(&c[7..], ["GOV", "MIL", ""]);
        let c = actor_columns(Some(&a("IGOEUREEC")));
        assert_eq!(
            (c[2].as_str(), c[3].as_str(), c[7].as_str()),
            ("", "EEC", "IGO")
        );
        let c = actor_columns(Some(&a("IRQMOSSHI")));
        assert_eq!((c[5].as_str(), c[6].as_str()), ("MOS", "SHI"));
        assert_eq!(actor_columns(None), <[String; 10]>::default());
    }
}
