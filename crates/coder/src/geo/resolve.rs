//! Finding and resolving an event's place.
//!
//! * [`Gazetteer::sentence_place`] looks for a locative phrase ("in Tehran", "at the
//!   Syrian port of Tartus", "near Kyiv", "in central Iran") tied to the event verb. With a
//!   dependency parse (every token has a `head`) the phrase must be an `obl`/`nmod` of the
//!   verb's clause whose `case` child is a locative preposition; without one, the nearest
//!   "preposition + capitalised words" pattern in the sentence is used.
//! * [`Gazetteer::dateline_place`] reads the article's dateline ("BAGHDAD, March 11 -").
//! * [`Gazetteer::resolve_place`] is the coder's entry point: the sentence's place, else the
//!   dateline's.
//! * [`Gazetteer::countries_mentioned`] lists the countries an article names (country names,
//!   demonyms, regions), which [`Gazetteer::choose`] prefers when a name is ambiguous.

use dyad_text::Token;

use super::{Candidate, Entry, Gazetteer, Kind};
use crate::event::Place;

/// What the resolver knows about the article beyond the sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlaceContext<'a> {
    /// ISO3 codes of the countries the article mentions (see
    /// [`Gazetteer::countries_mentioned`]); ambiguous names resolve inside them first
    /// ("Paris" in an article about Texas is Paris, Texas).
    pub article_countries: &'a [String],
    /// Names of the regions (US states, "Crimea") the article mentions (see
    /// [`Gazetteer::regions_mentioned`]): a city inside one of them wins over namesakes.
    pub article_regions: &'a [String],
    /// The article's dateline place ([`Gazetteer::dateline_place`]), used when the sentence
    /// names no place.
    pub dateline: Option<&'a Place>,
}

/// How a place was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceSource {
    /// A locative phrase attached to the event verb in the dependency parse.
    Dependency,
    /// A "preposition + capitalised words" pattern (no parse available).
    Surface,
}

/// A place found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch {
    pub place: Place,
    /// Indices into the sentence's tokens of the place name: `first..end` (exclusive).
    pub first: usize,
    pub end: usize,
    pub source: PlaceSource,
}

/// Prepositions that introduce where something happened. "from" is accepted only for
/// cities and regions: "support from Iran" names an actor, "fled from Mariupol" a place.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
    "from",
];

/// Words between the preposition and the name that do not change which place is meant
/// ("in the far north of", "in central", "near the southern").
const SKIPPABLE: &[&str] = &[
    "the",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "far",
    "downtown",
    "coastal",
    "rural",
    "occupied",
    "war-torn",
    "neighbouring",
    "neighboring",
];

/// Nouns followed by "of <Name>": "the city of Mariupol", "the port of Tartus".
const OF_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "port",
    "province",
    "region",
    "district",
    "state",
    "capital",
    "island",
    "enclave",
    "suburb",
    "outskirts",
    "north",
    "south",
    "east",
    "west",
    "centre",
    "center",
    "heart",
    "streets",
    "border",
];

/// Nouns after a demonym that mean "the country itself" ("Iranian territory") or its
/// capital ("the Syrian capital").
const COUNTRY_NOUNS: &[&str] = &["territory", "soil", "waters", "airspace", "capital"];

/// Cities smaller than this are accepted only in a country the article mentions: many
/// small towns are named like English words ("Bell", "Holiday", "Dome").
pub(crate) const SMALL_CITY: u64 = 100_000;

/// Nouns for gatherings and sites whose own "in X" locates the event they are an argument
/// of ("a ceremony in Istanbul", "an airfield in central Iran").
const VENUE_NOUNS: &[&str] = &[
    "meeting",
    "meetings",
    "summit",
    "talks",
    "ceremony",
    "conference",
    "rally",
    "visit",
    "trip",
    "session",
    "gathering",
    "protest",
    "protests",
    "demonstration",
    "funeral",
    "forum",
    "airfield",
    "base",
    "airport",
    "port",
    "embassy",
    "consulate",
    "headquarters",
    "palace",
    "office",
    "village",
    "town",
    "city",
    "camp",
    "hospital",
    "school",
    "market",
    "checkpoint",
    "border",
    "crossing",
    "hotel",
];

/// Lowercase words that may follow a place name without making it an attribute.
const TIME_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "now",
    "last",
    "next",
    "this",
    "earlier",
    "later",
    "overnight",
    "morning",
    "afternoon",
    "evening",
    "night",
];

/// Capitalised words that are never places in a locative phrase.
const NOT_PLACES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn lower(t: &Token) -> String {
    t.form.to_lowercase()
}

fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The text of tokens `first..end` as written (so "Guinea-Bissau" keeps its hyphen), or
/// their forms joined by spaces when the offsets do not slice `text`.
fn span_text(tokens: &[Token], text: &str, first: usize, end: usize) -> String {
    let slice = tokens
        .get(first)
        .zip(tokens.get(end.wrapping_sub(1)))
        .and_then(|(a, b)| text.get(a.start..b.end));
    match slice {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => tokens
            .get(first..end)
            .unwrap_or(&[])
            .iter()
            .map(|t| t.form.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The universal part of a dependency relation ("obl:tmod" -> "obl").
fn base_rel(t: &Token) -> &str {
    t.deprel
        .as_deref()
        .and_then(|d| d.split(':').next())
        .unwrap_or("")
}

/// 0-based index of a token's head, `None` for the root or when unparsed/out of range.
fn head_of(tokens: &[Token], i: usize) -> Option<usize> {
    match tokens.get(i)?.head? {
        0 => None,
        h if h <= tokens.len() => Some(h - 1),
        _ => None,
    }
}

/// True when `node` is `root` or below it in the tree (bounded walk: a malformed parse
/// with a cycle cannot loop forever).
fn in_subtree(tokens: &[Token], node: usize, root: usize) -> bool {
    let mut cur = Some(node);
    for _ in 0..=tokens.len() {
        match cur {
            Some(c) if c == root => return true,
            Some(c) => cur = head_of(tokens, c),
            None => return false,
        }
    }
    false
}

impl Gazetteer {
    /// The longest gazetteer name starting at token `p` (capitalised first and last word,
    /// at most [`Gazetteer::max_words`] tokens): its exclusive end and candidates.
    fn name_at(&self, tokens: &[Token], text: &str, p: usize) -> Option<(usize, Vec<Candidate>)> {
        let first = tokens.get(p)?;
        if !is_capitalised(&first.form) || NOT_PLACES.contains(&lower(first).as_str()) {
            return None;
        }
        let max = (self.max_words() + 2).min(tokens.len() - p);
        for n in (1..=max).rev() {
            let last = &tokens[p + n - 1];
            if !is_capitalised(&last.form) {
                continue;
            }
            let cands = self.lookup(&span_text(tokens, text, p, p + n));
            if !cands.is_empty() {
                return Some((p + n, cands));
            }
        }
        None
    }

    /// A demonym starting at token `p` ("Iranian", "North Korean"): its end and ISO3.
    fn demonym_at(&self, tokens: &[Token], text: &str, p: usize) -> Option<(usize, String)> {
        if !is_capitalised(&tokens.get(p)?.form) {
            return None;
        }
        let max = 3.min(tokens.len() - p);
        (1..=max).rev().find_map(|n| {
            self.demonym(&span_text(tokens, text, p, p + n))
                .map(|iso| (p + n, iso.to_string()))
        })
    }

    /// Resolves the locative phrase whose words start at token `p` (just after the
    /// preposition): skips "the" and direction words, understands "the city of X" and
    /// "the Iranian capital", and resolves a name followed by ", <country or state>"
    /// inside that country. Returns the place and the token span of the name.
    fn phrase_at(
        &self,
        tokens: &[Token],
        text: &str,
        mut p: usize,
        ctx: &PlaceContext<'_>,
    ) -> Option<(Place, usize, usize)> {
        // Direction words and "the" are skipped only as written in lowercase: "West
        // Germany", "North America" and "The Hague" are names.
        let skippable = |t: &Token| {
            let l = lower(t);
            t.form == l && SKIPPABLE.contains(&l.as_str())
        };
        let mut after_the = false;
        while p < tokens.len() && skippable(&tokens[p]) {
            after_the |= tokens[p].form == "the";
            p += 1;
        }
        // "the Iranian capital", "Iranian territory".
        if let Some((e, iso)) = self.demonym_at(tokens, text, p) {
            if let Some(noun) = tokens.get(e).map(lower) {
                if noun == "capital" {
                    let cap = self.capital(&iso)?;
                    return Some((cap.to_place(), p, e + 1));
                }
                if COUNTRY_NOUNS.contains(&noun.as_str()) {
                    let c = self.country(&iso)?;
                    return Some((c.to_place(), p, e + 1));
                }
                // "the Syrian city of Aleppo": the demonym is only a hint for the name.
                if OF_NOUNS.contains(&noun.as_str())
                    && tokens.get(e + 1).is_some_and(|t| lower(t) == "of")
                {
                    let countries = vec![iso];
                    let hint = PlaceContext {
                        article_countries: &countries,
                        ..*ctx
                    };
                    return self.phrase_at(tokens, text, e + 2, &hint);
                }
            }
        }
        // "the city of Mariupol", "the north of Iraq".
        if tokens
            .get(p)
            .is_some_and(|t| t.form == lower(t) && OF_NOUNS.contains(&t.form.as_str()))
            && tokens.get(p + 1).is_some_and(|t| t.form == "of")
        {
            p += 2;
            after_the = false;
            while p < tokens.len() && skippable(&tokens[p]) {
                after_the |= tokens[p].form == "the";
                p += 1;
            }
        }
        let (end, cands) = self.name_at(tokens, text, p)?;
        // A longer proper name that merely starts with a place ("the New York Stock
        // Exchange", "the Iran-Iraq war", "the White House") is not a place phrase.
        if let Some(next) = tokens.get(end) {
            let glued_hyphen = next.form == "-" && next.start == tokens[end - 1].end;
            let capitalised_word = is_capitalised(&next.form)
                && next.form.chars().next().is_some_and(char::is_alphabetic)
                && !NOT_PLACES.contains(&lower(next).as_str());
            // "in Iran's offensive", "trust in Turkey's mediation": a possessor, not a place.
            let possessive = matches!(next.form.as_str(), "'s" | "’s" | "'" | "’");
            // "at the US military base": with tags, a following noun or adjective makes
            // the name an attribute (time words aside: "in Istanbul today").
            let attributive = matches!(next.upos.as_deref(), Some("NOUN" | "ADJ"))
                && !TIME_WORDS.contains(&lower(next).as_str());
            if glued_hyphen || capitalised_word || possessive || attributive {
                return None;
            }
        }
        // "Paris, Texas" / "Tripoli, Lebanon": the qualifier fixes the country (and the
        // region).
        let qualifier = if tokens.get(end).is_some_and(|t| t.form == ",") {
            self.name_at(tokens, text, end + 1)
                .and_then(|(_, q)| self.country_or_region(&q))
        } else {
            None
        };
        let within = qualifier.map(|q| q.country.clone());
        let regions: Vec<String> = qualifier
            .filter(|q| q.kind == Kind::Region)
            .map(|q| vec![q.name.clone()])
            .unwrap_or_default();
        let narrowed = PlaceContext {
            article_regions: if regions.is_empty() {
                ctx.article_regions
            } else {
                &regions
            },
            ..*ctx
        };
        let entry = self
            .choose(&cands, &narrowed, within.as_deref())
            .or_else(|| self.choose(&cands, ctx, None))?;
        if entry.kind == Kind::City {
            let written = span_text(tokens, text, p, end);
            let letters = written.chars().filter(|c| c.is_alphabetic()).count();
            let acronym = letters <= 4 && !written.chars().any(char::is_lowercase);
            let known_country = within.is_some()
                || super::country_mentioned(ctx, &entry.country)
                || entry
                    .region
                    .as_ref()
                    .is_some_and(|r| ctx.article_regions.contains(r));
            // "the Paris summit" is an attribute, "the ICO" an acronym; a town under
            // 100,000 people ("Bell", "Dome", "Holiday") counts only in a country the
            // article is about.
            if after_the || acronym || (entry.population < SMALL_CITY && !known_country) {
                return None;
            }
        }
        Some((entry.to_place(), p, end))
    }

    /// The place of the event whose verb is token `verb` (0-based index into `tokens`),
    /// from the sentence alone. `text` is the text the token offsets index (the document
    /// text). `None` when the sentence names no place for the event.
    pub fn sentence_place(
        &self,
        tokens: &[Token],
        text: &str,
        verb: usize,
        ctx: &PlaceContext<'_>,
    ) -> Option<PlaceMatch> {
        if tokens.is_empty() {
            return None;
        }
        // The dateline's country counts as mentioned.
        let mut countries = ctx.article_countries.to_vec();
        if let Some(c) = ctx.dateline.and_then(|d| d.country.clone()) {
            if !countries.contains(&c) {
                countries.push(c);
            }
        }
        let ctx = PlaceContext {
            article_countries: &countries,
            ..*ctx
        };
        let parsed = tokens.iter().all(|t| t.head.is_some());
        if parsed {
            self.dependency_place(tokens, text, verb, &ctx)
        } else {
            self.surface_place(tokens, text, verb, &ctx)
        }
    }

    /// The event's place: [`Gazetteer::sentence_place`], else the article's dateline place
    /// from `ctx`.
    pub fn resolve_place(
        &self,
        tokens: &[Token],
        text: &str,
        verb: usize,
        ctx: &PlaceContext<'_>,
    ) -> Option<Place> {
        self.sentence_place(tokens, text, verb, ctx)
            .map(|m| m.place)
            .or_else(|| ctx.dateline.cloned())
    }

    /// "from X" only locates an event when X is a city or region.
    fn acceptable(prep: &str, place: &Place) -> bool {
        prep != "from" || place.precision != Kind::Country.as_str()
    }

    fn dependency_place(
        &self,
        tokens: &[Token],
        text: &str,
        verb: usize,
        ctx: &PlaceContext<'_>,
    ) -> Option<PlaceMatch> {
        // The verb's clause: the verb, and the verb it depends on when it is an xcomp,
        // conj or advcl ("arrived in Tehran to meet Raisi": the place of "meet").
        let mut anchors = vec![verb];
        if matches!(base_rel(tokens.get(verb)?), "xcomp" | "conj" | "advcl") {
            if let Some(h) = head_of(tokens, verb) {
                anchors.push(h);
            }
        }
        // Third choice: a *city* under any argument ("signed agreements in Istanbul"):
        // topics are mostly countries ("the war in Ukraine"), venues mostly cities.
        let any_args: Vec<usize> = (0..tokens.len())
            .filter(|&i| {
                head_of(tokens, i).is_some_and(|h| anchors.contains(&h))
                    && matches!(base_rel(&tokens[i]), "nsubj" | "obj" | "iobj" | "obl")
            })
            .collect();
        // Second choice: a place attached to an argument of the verb that names a
        // gathering or a site ("signed documents at a ceremony in Istanbul"). Other nouns
        // are topics, not venues: "conferred on the conflict in Syria" happened in Tehran.
        let args: Vec<usize> = (0..tokens.len())
            .filter(|&i| {
                head_of(tokens, i).is_some_and(|h| anchors.contains(&h))
                    && matches!(base_rel(&tokens[i]), "nsubj" | "obj" | "iobj" | "obl")
                    && VENUE_NOUNS.contains(
                        &tokens[i]
                            .lemma
                            .clone()
                            .unwrap_or_else(|| lower(&tokens[i]))
                            .to_lowercase()
                            .as_str(),
                    )
            })
            .collect();
        let mut found: Vec<(u8, usize, PlaceMatch)> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if !matches!(base_rel(t), "obl" | "nmod")
                || matches!(
                    t.deprel.as_deref(),
                    Some("obl:tmod" | "nmod:tmod" | "obl:npmod")
                )
            {
                continue;
            }
            let Some(h) = head_of(tokens, i) else {
                continue;
            };
            let level = if anchors.contains(&h) {
                0
            } else if args.contains(&h) {
                1
            } else if any_args.contains(&h) {
                2
            } else {
                continue;
            };
            let Some(case) = (0..tokens.len()).find(|&c| {
                head_of(tokens, c) == Some(i)
                    && base_rel(&tokens[c]) == "case"
                    && LOCATIVE.contains(&lower(&tokens[c]).as_str())
            }) else {
                continue;
            };
            let Some((place, first, end)) = self.phrase_at(tokens, text, case + 1, ctx) else {
                continue;
            };
            // The name must belong to this phrase, not to whatever follows it, and be its
            // head ("in Bagram", not "at the US military center"), unless the head is a
            // word like "city" or "capital" ("in the city of Mariupol").
            let head_word = lower(&tokens[i]);
            let named_head = (first..end).contains(&i)
                || OF_NOUNS.contains(&head_word.as_str())
                || COUNTRY_NOUNS.contains(&head_word.as_str());
            if !named_head || !(first..end).any(|k| in_subtree(tokens, k, i)) {
                continue;
            }
            if !Self::acceptable(&lower(&tokens[case]), &place)
                || (level == 2 && place.precision != Kind::City.as_str())
            {
                continue;
            }
            let m = PlaceMatch {
                place,
                first,
                end,
                source: PlaceSource::Dependency,
            };
            found.push((level, i.abs_diff(verb), m));
        }
        found
            .into_iter()
            .min_by_key(|(level, dist, m)| (*level, *dist, m.first))
            .map(|(_, _, m)| m)
    }

    fn surface_place(
        &self,
        tokens: &[Token],
        text: &str,
        verb: usize,
        ctx: &PlaceContext<'_>,
    ) -> Option<PlaceMatch> {
        let mut best: Option<((usize, bool), PlaceMatch)> = None;
        for (i, t) in tokens.iter().enumerate() {
            let prep = lower(t);
            if !LOCATIVE.contains(&prep.as_str()) {
                continue;
            }
            let Some((place, first, end)) = self.phrase_at(tokens, text, i + 1, ctx) else {
                continue;
            };
            if !Self::acceptable(&prep, &place) {
                continue;
            }
            // Nearest to the verb; on a tie, the phrase after the verb.
            let key = (i.abs_diff(verb), i < verb);
            if best.iter().all(|(k, _)| key < *k) {
                best = Some((
                    key,
                    PlaceMatch {
                        place,
                        first,
                        end,
                        source: PlaceSource::Surface,
                    },
                ));
            }
        }
        best.map(|(_, m)| m)
    }

    /// The place named by the article's dateline: "BAGHDAD, March 11 - ...",
    /// "WASHINGTON, Dec 11 -- ...", "MOSCOW (Reuters) - ...", "PARIS, Texas (AP) — ...".
    /// The dateline is an upper-case name at the very start of the text (after dyad's
    /// plain-format ` date YYYY-MM-DD` header, if present), followed by a dash within
    /// the first line (a Title Case name, "Chicago, March 5 -", needs a date or agency tag
    /// before the dash). A second comma part that names a country or US state ("Texas",
    /// "Pa.", "Belgium") picks the place inside it, and is the place itself (region or
    /// country precision) when the town is not in the gazetteer ("BALA CYNWYD, Pa.").
    /// `None` when there is no dateline or its name is not in the gazetteer.
    pub fn dateline_place(&self, article_text: &str) -> Option<Place> {
        let mut s = article_text.trim_start();
        if let Some(rest) = s.strip_prefix("date ") {
            let date = rest.get(..10)?;
            if date.bytes().filter(|b| b.is_ascii_digit()).count() == 8 {
                s = rest.get(10..)?.trim_start();
            }
        }
        let line = s.lines().next()?;
        // Dash separators: "-", "--", "—", "–" surrounded by spaces (or the long dashes
        // glued to the name).
        let sep = [" - ", " -- ", " — ", " – ", "—", "–"]
            .iter()
            .filter_map(|d| line.find(d))
            .min()?;
        if sep > 100 {
            return None;
        }
        let full = &line[..sep];
        let head = full.split('(').next().unwrap_or(full);
        let mut parts = head.split(',').map(str::trim);
        let name = parts.next()?;
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = !letters.iter().any(|c| c.is_lowercase());
        // "Chicago, March 5 -" / "London (Reuters) -": a Title Case name needs the date
        // or agency tag after it, so an ordinary first sentence is never a dateline.
        let title_case = name.split_whitespace().all(is_capitalised)
            && full[name.len()..]
                .chars()
                .any(|c| c.is_ascii_digit() || c == '(');
        if letters.len() < 3
            || !(all_caps || title_case)
            || name.split_whitespace().count() > 4
            || !name
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '’'))
        {
            return None;
        }
        let qualifier = parts.next().and_then(|q| {
            if q.chars().any(|c| c.is_ascii_digit()) {
                return None; // "March 11": a date, not a qualifier
            }
            self.country_or_region(&self.lookup(q))
        });
        let within = qualifier.map(|q| q.country.as_str());
        let regions: Vec<String> = qualifier
            .filter(|q| q.kind == Kind::Region)
            .map(|q| vec![q.name.clone()])
            .unwrap_or_default();
        let ctx = PlaceContext {
            article_regions: &regions,
            ..PlaceContext::default()
        };
        let cands = self.lookup(name);
        self.choose(&cands, &ctx, within)
            .or(qualifier)
            .map(Entry::to_place)
    }

    /// The country (preferred) or region among `cands`.
    fn country_or_region(&self, cands: &[Candidate]) -> Option<&Entry> {
        let entries: Vec<&Entry> = cands.iter().filter_map(|c| self.entry(c.id)).collect();
        entries
            .iter()
            .find(|e| e.kind == Kind::Country)
            .or_else(|| entries.iter().find(|e| e.kind == Kind::Region))
            .copied()
    }

    /// ISO3 codes of the countries `text` mentions by name ("Iran", "the U.S."), demonym
    /// ("Iranian") or region ("Texas" -> USA), in order of first mention, each once. City
    /// names are not counted: "Paris" would otherwise vote for France in an article about
    /// Paris, Texas.
    pub fn countries_mentioned(&self, text: &str) -> Vec<String> {
        self.mentions(text).0
    }

    /// Names of the regions `text` mentions ("Texas", "Crimea"), as the gazetteer writes
    /// them, in order of first mention, each once.
    pub fn regions_mentioned(&self, text: &str) -> Vec<String> {
        self.mentions(text).1
    }

    /// One pass over `text` for [`Gazetteer::countries_mentioned`] and
    /// [`Gazetteer::regions_mentioned`]: longest capitalised word sequences that are a
    /// demonym, a country name or a region name.
    pub fn mentions(&self, text: &str) -> (Vec<String>, Vec<String>) {
        let words = words(text);
        let mut countries: Vec<String> = Vec::new();
        let mut regions: Vec<String> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (s, _) = words[i];
            if !is_capitalised(&text[s..]) {
                i += 1;
                continue;
            }
            let mut advanced = false;
            let max = self.max_words().min(words.len() - i);
            for n in (1..=max).rev() {
                let (_, e) = words[i + n - 1];
                let gap_ok = (i..i + n - 1).all(|k| {
                    let between = &text[words[k].1..words[k + 1].0];
                    between.chars().all(|c| c == ' ' || c == '-')
                });
                if !gap_ok {
                    continue;
                }
                let phrase = &text[s..e];
                let cands = self.lookup(phrase);
                // "Washington" in news is the capital (and the US government), not the
                // state: a name shared with a large city counts for its country only.
                let big_city = cands
                    .iter()
                    .filter_map(|c| self.entry(c.id))
                    .any(|e| e.kind == Kind::City && e.population >= SMALL_CITY);
                let (iso, region) = match self.demonym(phrase) {
                    Some(iso) => (Some(iso.to_string()), None),
                    None => match self.country_or_region(&cands) {
                        Some(e) if e.kind == Kind::Region => {
                            (Some(e.country.clone()), (!big_city).then(|| e.name.clone()))
                        }
                        Some(e) => (Some(e.country.clone()), None),
                        None => (None, None),
                    },
                };
                if let Some(iso) = iso {
                    if !countries.contains(&iso) {
                        countries.push(iso);
                    }
                    if let Some(r) = region {
                        if !regions.contains(&r) {
                            regions.push(r);
                        }
                    }
                    i += n;
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                i += 1;
            }
        }
        (countries, regions)
    }
}

/// Byte spans of the words of `text`: runs of letters and digits, with inner periods,
/// apostrophes and hyphens kept ("U.S.", "Sana'a", "Guinea-Bissau"); a final period is
/// kept only in abbreviations with an inner period ("U.S." but not "Iran."), and a
/// possessive "'s" is dropped ("France's" -> "France").
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_alnum_end = 0;
    let glue = |c: char| matches!(c, '.' | '\'' | '’' | '-');
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            last_alnum_end = i + c.len_utf8();
        } else if glue(c) && start.is_some() {
            continue;
        } else if let Some(s) = start.take() {
            out.push(finish_word(text, s, last_alnum_end, i));
        }
    }
    if let Some(s) = start {
        out.push(finish_word(text, s, last_alnum_end, text.len()));
    }
    out
}

fn finish_word(text: &str, start: usize, alnum_end: usize, end: usize) -> (usize, usize) {
    let inner = &text[start..alnum_end];
    // Possessives: "France's" names France.
    for poss in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = inner.strip_suffix(poss) {
            if !stem.is_empty() {
                return (start, start + stem.len());
            }
        }
    }
    if inner.contains('.') && text[alnum_end..end].starts_with('.') {
        (start, alnum_end + 1)
    } else {
        (start, alnum_end)
    }
}
