//! The gazetteer: place names to countries and coordinates, and the resolution of an event's
//! place from its sentence ("in Tehran", "in central Iran") or its article's dateline
//! ("ISTANBUL, July 23 -").
//!
//! The data is one compact text file, `data/geo/gazetteer.tsv`, built by our own program
//! (`cargo run --release -p dyad-coder --example build_gazetteer -- /work/shared/geo
//! data/geo/gazetteer.tsv`) from GeoNames extracts (CC BY 4.0, credit GeoNames), plus our
//! own curated list of demonyms, `data/geo/demonyms.tsv` ("Iranian" -> IRN).
//!
//! Gazetteer file format: `#` lines are comments; every other line is one place with
//! tab-separated columns `name kind country lat lon population aliases capital region`,
//! where
//! `kind` is `city`, `region` or `country`, `country` is ISO 3166-1 alpha-3, `lat`/`lon` may
//! be empty (regions and countries: GeoNames gives no centroid and a capital's coordinates
//! would claim city precision we do not have), `aliases` are separated by `|`, and
//! `capital` (countries only, may be empty) names the capital's city row, and `region`
//! (cities only, may be empty; filled for US cities) names the region row they lie in.
//!
//! Lookup is case-insensitive by normalised key (see [`normalize`]): each name is indexed
//! under its key with diacritics as written and under its ASCII-folded key, so both
//! "Zürich" and "Zurich" find the same place.

pub mod build;
pub mod normalize;
mod resolve;

pub use resolve::{PlaceContext, PlaceMatch, PlaceSource};

use std::collections::HashMap;
use std::path::Path;

use crate::event::Place;
use normalize::{exact_key, folded_key};

/// Why a gazetteer or demonym file could not be (fully) loaded.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// One line is malformed; it was skipped and the rest loaded.
    #[error("{path}:{line}: {reason}")]
    Line {
        path: String,
        line: usize,
        reason: String,
    },
}

/// What a gazetteer row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A populated place (GeoNames cities with more than 15,000 people).
    City,
    /// A first-level division or well-known region (US states, "Crimea").
    Region,
    /// A country or territory with an ISO 3166-1 code.
    Country,
}

impl Kind {
    /// The word used in the file and in [`Place::precision`].
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::City => "city",
            Kind::Region => "region",
            Kind::Country => "country",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        match s {
            "city" => Some(Kind::City),
            "region" => Some(Kind::Region),
            "country" => Some(Kind::Country),
            _ => None,
        }
    }
}

/// One row of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The canonical (English) name, diacritics as GeoNames writes them.
    pub name: String,
    pub kind: Kind,
    /// ISO 3166-1 alpha-3 country code.
    pub country: String,
    /// Latitude; `None` for countries and regions (see the module docs).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Population (0 when unknown).
    pub population: u64,
    /// Other spellings ("Kiev" for Kyiv, "U.S." for the United States).
    pub aliases: Vec<String>,
    /// For countries: the capital's name, when the gazetteer has it.
    pub capital: Option<String>,
    /// For cities: the first-level region they lie in, when the gazetteer has it (US
    /// cities: the state's name, so "Paris" in an article about Texas is Paris, Texas).
    pub region: Option<String>,
}

impl Entry {
    /// The entry as an event [`Place`], precision = its kind.
    pub fn to_place(&self) -> Place {
        Place {
            name: self.name.clone(),
            country: Some(self.country.clone()),
            lat: self.lat,
            lon: self.lon,
            precision: self.kind.as_str().to_string(),
        }
    }
}

/// One way a looked-up name matched an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the entry in the gazetteer.
    pub id: u32,
    /// True when the name is the entry's own name, false for an alias. Own names win over
    /// aliases: "Mexico" is the country before it is an alternate name of Mexico City.
    pub primary: bool,
}

/// The loaded gazetteer and demonym list, indexed for lookup by normalised name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    index: HashMap<String, Vec<Candidate>>,
    demonyms: HashMap<String, String>,
    countries: HashMap<String, u32>,
    capitals: HashMap<String, u32>,
    max_words: usize,
    problems: Vec<GeoError>,
}

/// Former states (ISO 3166-3 codes, as CAMEO/Phoenix actor codes use them) and the
/// countries that now hold their territory: a 1987 article about the Soviet Union
/// prefers Moscow, Russia to Moscow, Idaho.
const SUCCESSORS: &[(&str, &[&str])] = &[
    (
        "SUN",
        &[
            "RUS", "UKR", "BLR", "KAZ", "UZB", "GEO", "AZE", "ARM", "MDA", "KGZ", "TJK", "TKM",
            "LTU", "LVA", "EST",
        ],
    ),
    ("YUG", &["SRB", "HRV", "BIH", "SVN", "MKD", "MNE", "XKX"]),
    ("CSK", &["CZE", "SVK"]),
    ("DDR", &["DEU"]),
];

/// Name of the gazetteer file inside a data directory.
pub const GAZETTEER_FILE: &str = "gazetteer.tsv";
/// Name of the demonym file inside a data directory.
pub const DEMONYMS_FILE: &str = "demonyms.tsv";

impl Gazetteer {
    /// Loads `dir/gazetteer.tsv` and `dir/demonyms.tsv` (e.g. the repository's `data/geo`).
    /// Malformed lines are skipped and reported by [`Gazetteer::problems`]; an unreadable
    /// file is an error.
    pub fn load(dir: &Path) -> Result<Gazetteer, GeoError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map(|text| (path.display().to_string(), text))
                .map_err(|source| GeoError::Io {
                    path: path.display().to_string(),
                    source,
                })
        };
        let (gpath, gtext) = read(GAZETTEER_FILE)?;
        let (dpath, dtext) = read(DEMONYMS_FILE)?;
        let mut g = Gazetteer::default();
        g.add_gazetteer_text(&gpath, &gtext);
        g.add_demonym_text(&dpath, &dtext);
        Ok(g)
    }

    /// Builds a gazetteer from in-memory text in the two file formats (for tests and for
    /// callers that embed their own data). `label`s are used in line diagnostics.
    pub fn from_text(gazetteer: &str, demonyms: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        g.add_gazetteer_text("<gazetteer>", gazetteer);
        g.add_demonym_text("<demonyms>", demonyms);
        g
    }

    fn add_gazetteer_text(&mut self, path: &str, text: &str) {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_row(line) {
                Ok(entry) => self.push(entry),
                Err(reason) => self.problems.push(GeoError::Line {
                    path: path.to_string(),
                    line: i + 1,
                    reason,
                }),
            }
        }
        // Capitals: resolve each country's capital name to its city row now, once.
        let mut capitals = HashMap::new();
        for (iso3, &cid) in &self.countries {
            let Some(cap) = self.entries[cid as usize].capital.as_deref() else {
                continue;
            };
            let best = self
                .lookup(cap)
                .into_iter()
                .filter(|c| {
                    let e = &self.entries[c.id as usize];
                    e.kind == Kind::City && &e.country == iso3
                })
                .max_by_key(|c| (c.primary, self.entries[c.id as usize].population));
            if let Some(c) = best {
                capitals.insert(iso3.clone(), c.id);
            }
        }
        self.capitals = capitals;
    }

    fn add_demonym_text(&mut self, path: &str, text: &str) {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some(word), Some(iso3)) if !word.trim().is_empty() && iso3.trim().len() == 3 => {
                    let iso3 = iso3.trim().to_string();
                    let key = folded_key(word);
                    self.max_words = self.max_words.max(key.split(' ').count());
                    self.demonyms.insert(key, iso3);
                }
                _ => self.problems.push(GeoError::Line {
                    path: path.to_string(),
                    line: i + 1,
                    reason: "expected `demonym<TAB>ISO3`".into(),
                }),
            }
        }
    }

    fn push(&mut self, entry: Entry) {
        let id = self.entries.len() as u32;
        let add = |name: &str, primary: bool, index: &mut HashMap<String, Vec<Candidate>>| {
            let exact = exact_key(name);
            let folded = folded_key(name);
            let mut keys = vec![exact, folded];
            // "The Netherlands", "The Gambia": also findable without the article.
            for k in keys.clone() {
                if let Some(rest) = k.strip_prefix("the ") {
                    keys.push(rest.to_string());
                }
            }
            keys.sort();
            keys.dedup();
            for k in keys {
                if k.is_empty() {
                    continue;
                }
                let list = index.entry(k).or_default();
                match list.iter_mut().find(|c| c.id == id) {
                    Some(c) => c.primary |= primary,
                    None => list.push(Candidate { id, primary }),
                }
            }
        };
        add(&entry.name, true, &mut self.index);
        for a in &entry.aliases {
            add(a, false, &mut self.index);
        }
        let words = std::iter::once(&entry.name)
            .chain(entry.aliases.iter())
            .map(|n| folded_key(n).split(' ').count())
            .max()
            .unwrap_or(1);
        self.max_words = self.max_words.max(words);
        if entry.kind == Kind::Country {
            self.countries.entry(entry.country.clone()).or_insert(id);
        }
        self.entries.push(entry);
    }

    /// Lines that were skipped while loading, with the reason.
    pub fn problems(&self) -> &[GeoError] {
        &self.problems
    }

    /// Number of places loaded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry with index `id` (from a [`Candidate`]).
    pub fn entry(&self, id: u32) -> Option<&Entry> {
        self.entries.get(id as usize)
    }

    /// The longest name (in words) in the gazetteer or the demonym list: how far a
    /// multi-word match needs to look.
    pub fn max_words(&self) -> usize {
        self.max_words.max(1)
    }

    /// Every entry whose name or alias has the same key as `name` (case-insensitive; the
    /// key with diacritics as written first, then the ASCII-folded key; a leading "the" is
    /// optional). Empty when nothing matches.
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        let exact = exact_key(name);
        if let Some(c) = self.index.get(&exact) {
            return c.clone();
        }
        let folded = folded_key(name);
        if let Some(c) = self.index.get(&folded) {
            return c.clone();
        }
        if let Some(rest) = folded.strip_prefix("the ") {
            if let Some(c) = self.index.get(rest) {
                return c.clone();
            }
        }
        Vec::new()
    }

    /// The ISO3 country of a demonym or nationality word ("Iranian", "Iranians", "North
    /// Korean"), from our curated list.
    pub fn demonym(&self, word: &str) -> Option<&str> {
        self.demonyms.get(&folded_key(word)).map(String::as_str)
    }

    /// The country row for an ISO3 code.
    pub fn country(&self, iso3: &str) -> Option<&Entry> {
        self.countries.get(iso3).and_then(|&id| self.entry(id))
    }

    /// The capital city row of a country (ISO3), when the gazetteer has it.
    pub fn capital(&self, iso3: &str) -> Option<&Entry> {
        self.capitals.get(iso3).and_then(|&id| self.entry(id))
    }

    /// Picks the most likely entry among `candidates`:
    /// * only those in `within` (an ISO3 code, from "Paris, Texas") when given;
    /// * then those in a region the article names (`ctx.article_regions`: "Texas");
    /// * then those in a country the article names (`ctx.article_countries`; a former
    ///   state such as the Soviet Union counts for its successors), unless the candidate
    ///   is a town under 100,000 people dwarfed (5x) by a namesake elsewhere: "Paris" in
    ///   a US business story is still the French capital;
    /// * then the larger population, an alias counting for a tenth of its entry's
    ///   population, and own names before aliases.
    ///
    /// A country whose own-name city holds at least half its people (Singapore,
    /// Djibouti) resolves to the city, which has coordinates.
    pub fn choose(
        &self,
        candidates: &[Candidate],
        ctx: &PlaceContext<'_>,
        within: Option<&str>,
    ) -> Option<&Entry> {
        let mentioned = |e: &Entry| country_mentioned(ctx, &e.country);
        let in_region = |e: &Entry| {
            e.region
                .as_ref()
                .is_some_and(|r| ctx.article_regions.iter().any(|x| x == r))
        };
        let pool: Vec<(&Candidate, &Entry)> = candidates
            .iter()
            .filter_map(|c| self.entry(c.id).map(|e| (c, e)))
            .filter(|(_, e)| within.iter().all(|w| e.country == *w))
            .collect();
        let largest = pool.iter().map(|(_, e)| e.population).max().unwrap_or(0);
        let best = pool.iter().max_by_key(|(c, e)| {
            let dwarfed = e.kind == Kind::City
                && e.population < resolve::SMALL_CITY
                && e.population.saturating_mul(5) < largest;
            // An alias counts for a tenth of its population: "Mexico" is the country,
            // not Mexico City, but "New York" is the city (8.8M) before the state (0).
            // A region (no population in the data) weighs like a 100,000-people town:
            // "incorporated in Delaware" is the state, not Delaware, Ohio (40,000), while
            // "in Washington" is still the capital (690,000).
            let pop = if e.kind == Kind::Region {
                e.population.max(resolve::SMALL_CITY)
            } else {
                e.population
            };
            let weight = if c.primary { pop } else { pop / 10 };
            (
                in_region(e),
                mentioned(e) && !dwarfed,
                weight,
                c.primary,
                std::cmp::Reverse(c.id),
            )
        })?;
        let entry = best.1;
        if entry.kind == Kind::Country {
            let city_state = candidates
                .iter()
                .filter(|c| c.primary)
                .filter_map(|c| self.entry(c.id))
                .find(|e| {
                    e.kind == Kind::City
                        && e.country == entry.country
                        && e.population.saturating_mul(2) >= entry.population
                });
            if let Some(city) = city_state {
                return Some(city);
            }
        }
        Some(entry)
    }
}

/// True when the article (per `ctx`) mentions `iso3`, directly or through a former state
/// it succeeded.
pub(crate) fn country_mentioned(ctx: &PlaceContext<'_>, iso3: &str) -> bool {
    ctx.article_countries.iter().any(|c| {
        c == iso3
            || SUCCESSORS
                .iter()
                .any(|(old, new)| c == old && new.contains(&iso3))
    })
}

/// Parses one data row of the gazetteer file.
fn parse_row(line: &str) -> Result<Entry, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() < 6 {
        return Err(format!(
            "expected at least 6 tab-separated columns, found {}",
            cols.len()
        ));
    }
    let name = cols[0].trim();
    if name.is_empty() {
        return Err("empty name".into());
    }
    let kind = Kind::parse(cols[1].trim())
        .ok_or_else(|| format!("kind must be city, region or country, not {:?}", cols[1]))?;
    let country = cols[2].trim();
    if country.len() != 3 {
        return Err(format!("country must be an ISO3 code, not {country:?}"));
    }
    let coord = |s: &str, what: &str, limit: f64| -> Result<Option<f64>, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Ok(Some(v)),
            _ => Err(format!("bad {what} {s:?}")),
        }
    };
    let lat = coord(cols[3], "latitude", 90.0)?;
    let lon = coord(cols[4], "longitude", 180.0)?;
    let population = match cols[5].trim() {
        "" => 0,
        p => p
            .parse::<u64>()
            .map_err(|_| format!("bad population {p:?}"))?,
    };
    let aliases = cols
        .get(6)
        .map(|a| {
            a.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let opt = |i: usize| {
        cols.get(i)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .map(String::from)
    };
    let capital = opt(7);
    let region = opt(8);
    Ok(Entry {
        name: name.to_string(),
        kind,
        country: country.to_string(),
        lat,
        lon,
        population,
        aliases,
        capital,
        region,
    })
}
