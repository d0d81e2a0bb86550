//! Lemmatizer: (form, UPOS, XPOS) -> lemma through learned edit scripts.
//!
//! A lemma is written as an [`Script`] applied to the form: optionally lowercase it, strip `k`
//! characters from the end, append a string ("conferred" -> lowercase, strip 3, append "";
//! "sold" -> strip 3, append "ell"). From the treebank we learn
//!
//! * an **exception table**: for every (lowercase form, UPOS, XPOS) seen in training, its most
//!   frequent script (with a (form, UPOS) backoff). This covers irregular and frequent words
//!   ("has" -> have, "n't" -> not, "'s" as AUX -> be).
//! * a **suffix model** for unseen words: per (UPOS, XPOS) and word-final suffix of 0..=7
//!   characters, the most frequent script among the word *types* with that suffix. Lookup
//!   backs off from the longest suffix seen with at least `min_types` types, so "bolstered"
//!   follows "registered" (strip "ed") and "conferred" follows "referred" (strip "red").
//!
//! Unseen proper nouns keep their form.

use crate::model_file::{read_model, write_model, ByteReader, ByteWriter, ModelError, ModelHeader};
use crate::perceptron::{feat3, hash_str, IdMap};
use crate::tagger::Tagger;
use dyad_text::conllu::ConlluSentence;
use dyad_text::Token;
use std::collections::HashMap;
use std::path::Path;

/// Model kind in the file header.
pub const KIND: &str = "lemmatizer";
/// Payload layout version.
pub const VERSION: u32 = 2;

/// One edit script.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Script {
    /// Lowercase the form first.
    pub lower: bool,
    /// Characters removed from the end.
    pub strip: u32,
    /// Appended after stripping.
    pub append: String,
}

impl Script {
    /// The script that turns `form` into `lemma`; lowercasing is chosen when it needs no more
    /// stripping than keeping the case (so that "Governments" and "governments" share one).
    pub fn learn(form: &str, lemma: &str) -> Script {
        let make = |base: &str, lower: bool| {
            let lcp = base
                .chars()
                .zip(lemma.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let strip = (base.chars().count() - lcp) as u32;
            let append: String = lemma.chars().skip(lcp).collect();
            Script {
                lower,
                strip,
                append,
            }
        };
        let keep = make(form, false);
        let low = make(&form.to_lowercase(), true);
        if low.strip <= keep.strip {
            low
        } else {
            keep
        }
    }

    /// The script from an already lowercased form: always lowercases, so that every casing of
    /// the form gives the same lemma.
    pub fn learn_from_lower(lower: &str, lemma: &str) -> Script {
        let lcp = lower
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let strip = (lower.chars().count() - lcp) as u32;
        Script {
            lower: true,
            strip,
            append: lemma.chars().skip(lcp).collect(),
        }
    }

    /// Apply to `form`; a script that strips more than the word has leaves the form as is.
    pub fn apply(&self, form: &str) -> String {
        let base = if self.lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let n = base.chars().count();
        if self.strip as usize > n {
            return form.to_string();
        }
        let cut = base
            .char_indices()
            .nth(n - self.strip as usize)
            .map_or(base.len(), |(i, _)| i);
        let mut out = String::with_capacity(cut + self.append.len());
        out.push_str(&base[..cut]);
        out.push_str(&self.append);
        if out.is_empty() {
            form.to_string()
        } else {
            out
        }
    }
}

/// A trained lemmatizer.
pub struct Lemmatizer {
    scripts: Vec<Script>,
    /// (lowercase form, UPOS, XPOS) and (lowercase form, UPOS) -> script id.
    table: IdMap<u32>,
    /// (suffix, UPOS, XPOS) -> script id, for suffixes of 0..=max_suffix characters.
    suffixes: IdMap<u32>,
    /// Lowercase lemmas seen in training (values unused): among the candidate scripts for an
    /// unseen word, one that yields a known lemma wins ("hottest" -> hot, not "hott").
    lemmas: IdMap<u32>,
    max_suffix: u32,
}

/// Training settings. `epochs` and `seed` are accepted for the common `dyad train` shape; the
/// counting model is deterministic and needs neither.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Longest suffix the unseen-word model looks at.
    pub max_suffix: u32,
    /// A suffix class is trusted when at least this many word types share it.
    pub min_types: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 1,
            seed: 1,
            max_suffix: 7,
            min_types: 1,
        }
    }
}

/// Lemma accuracy in percent over all words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LemmaScores {
    pub words: usize,
    pub lemma: f64,
    /// Accuracy on words whose lowercase form was not in the training table.
    pub unseen: f64,
    pub unseen_words: usize,
}

const T_FULL: u32 = 1;
const T_UPOS: u32 = 2;
const T_SUFFIX: u32 = 3;

fn key_full(lower: &str, upos: &str, xpos: &str) -> u64 {
    feat3(T_FULL, hash_str(lower), hash_str(upos), hash_str(xpos))
}
fn key_upos(lower: &str, upos: &str) -> u64 {
    feat3(T_UPOS, hash_str(lower), hash_str(upos), 0)
}
fn key_suffix(suffix: &str, upos: &str, xpos: &str) -> u64 {
    feat3(T_SUFFIX, hash_str(suffix), hash_str(upos), hash_str(xpos))
}

/// Suffixes of `lower` of 0..=max characters, longest first.
fn suffixes(lower: &str, max: u32) -> impl Iterator<Item = &str> {
    let n = lower.chars().count();
    let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
    (0..=max.min(n as u32) as usize)
        .rev()
        .map(move |k| &lower[starts.get(n - k).copied().unwrap_or(lower.len())..])
}

impl Lemmatizer {
    /// Load a lemmatizer model file.
    pub fn load(path: &Path) -> Result<Lemmatizer, ModelError> {
        let (header, payload) = read_model(path, KIND)?;
        if header.version != VERSION {
            return Err(ModelError::Format {
                path: path.display().to_string(),
                reason: format!(
                    "lemmatizer version {} (this build reads {VERSION})",
                    header.version
                ),
            });
        }
        Lemmatizer::from_payload(&payload)
    }

    /// Save to `path`; `header` carries command/data/seed/scores filled by the caller.
    pub fn save(&self, path: &Path, mut header: ModelHeader) -> Result<(), ModelError> {
        header.kind = KIND.into();
        header.version = VERSION;
        let mut w = ByteWriter::default();
        w.u32(self.max_suffix);
        w.u32(self.scripts.len() as u32);
        for s in &self.scripts {
            w.u32(u32::from(s.lower));
            w.u32(s.strip);
            w.str(&s.append);
        }
        for map in [&self.table, &self.suffixes, &self.lemmas] {
            let mut v: Vec<(u64, u32)> = map.iter().map(|(&k, &s)| (k, s)).collect();
            v.sort_unstable();
            w.u64(v.len() as u64);
            for (k, s) in v {
                w.u64(k);
                w.u32(s);
            }
        }
        write_model(path, &header, &w.buf)
    }

    fn from_payload(payload: &[u8]) -> Result<Lemmatizer, ModelError> {
        let bad = |m: &str| ModelError::Payload(format!("lemmatizer: {m}"));
        let mut r = ByteReader::new(payload);
        let max_suffix = r.u32()?;
        if max_suffix > 32 {
            return Err(bad("suffix length"));
        }
        let n = r.u32()? as usize;
        if n == 0 || n > payload.len() {
            return Err(bad("script count"));
        }
        let mut scripts = Vec::with_capacity(n);
        for _ in 0..n {
            let lower = match r.u32()? {
                0 => false,
                1 => true,
                _ => return Err(bad("script case flag")),
            };
            let strip = r.u32()?;
            let append = r.str()?;
            scripts.push(Script {
                lower,
                strip,
                append,
            });
        }
        let mut maps = [IdMap::default(), IdMap::default(), IdMap::default()];
        for (which, map) in maps.iter_mut().enumerate() {
            let m = r.u64()? as usize;
            if m > payload.len() {
                return Err(bad("table size"));
            }
            map.reserve(m);
            for _ in 0..m {
                let k = r.u64()?;
                let s = r.u32()?;
                // Suffix classes hold two script ids (0xFFFF: none); lemmas hold nothing.
                let ok = match which {
                    0 => (s as usize) < n,
                    1 => {
                        ((s & 0xFFFF) as usize) < n
                            && (s >> 16 == 0xFFFF || ((s >> 16) as usize) < n)
                    }
                    _ => true,
                };
                if !ok {
                    return Err(bad("script id"));
                }
                map.insert(k, s);
            }
        }
        if !r.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let [table, suffixes, lemmas] = maps;
        Ok(Lemmatizer {
            scripts,
            table,
            suffixes,
            lemmas,
            max_suffix,
        })
    }

    /// Is (form, UPOS) in the exception table?
    pub fn is_known(&self, form: &str, upos: &str) -> bool {
        self.table
            .contains_key(&key_upos(&form.to_lowercase(), upos))
    }

    /// The lemma of one word given its tags.
    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        let lower = form.to_lowercase();
        let hit = self
            .table
            .get(&key_full(&lower, upos, xpos))
            .or_else(|| self.table.get(&key_upos(&lower, upos)));
        if let Some(&s) = hit {
            let lemma = self.scripts[s as usize].apply(form);
            // Proper nouns keep the case they are written in when the lemma is the form.
            if upos == "PROPN" && lemma.to_lowercase() == lower {
                return form.to_string();
            }
            return lemma;
        }
        if upos == "PROPN" {
            return form.to_string();
        }
        // Numbers are written without thousands separators in EWT lemmas.
        if upos == "NUM"
            && form.contains(',')
            && form
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return form.replace(',', "");
        }
        // The longest suffix class seen decides: its second script wins only when it makes
        // a known lemma and the best script does not.
        let mut first: Option<String> = None;
        for suf in suffixes(&lower, self.max_suffix) {
            if let Some(&v) = self.suffixes.get(&key_suffix(suf, upos, xpos)) {
                for id in [v & 0xFFFF, v >> 16] {
                    let Some(script) = self.scripts.get(id as usize) else {
                        continue;
                    };
                    let cand = script.apply(form);
                    if self.lemmas.contains_key(&hash_str(&cand.to_lowercase())) {
                        return cand;
                    }
                    first.get_or_insert(cand);
                }
                break;
            }
        }
        first.unwrap_or_else(|| form.to_string())
    }

    /// Fill `lemma` of each token from its form and (already predicted) UPOS/XPOS.
    pub fn lemmatize(&self, tokens: &mut [Token]) {
        for t in tokens {
            let lemma = self.lemma(
                &t.form,
                t.upos.as_deref().unwrap_or(""),
                t.xpos.as_deref().unwrap_or(""),
            );
            t.lemma = Some(lemma);
        }
    }
}

/// Learn the exception table and the suffix model from `train`; `log` gets dev accuracy
/// (gold tags).
pub fn train(
    cfg: &TrainConfig,
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    log: &mut dyn FnMut(&str),
) -> Lemmatizer {
    let mut script_ids: HashMap<Script, u32> = HashMap::new();
    let mut scripts: Vec<Script> = Vec::new();
    let mut id_of = |s: Script| -> u32 {
        *script_ids.entry(s.clone()).or_insert_with(|| {
            scripts.push(s);
            (scripts.len() - 1) as u32
        })
    };
    // Token counts per key, and the word types for the suffix model.
    let mut full: HashMap<(String, String, String), HashMap<u32, u32>> = HashMap::new();
    let mut by_upos: HashMap<(String, String), HashMap<u32, u32>> = HashMap::new();
    let mut suffix_scripts: HashMap<(String, String, String), HashMap<u32, u32>> = HashMap::new();
    for s in train {
        for w in &s.words {
            if w.lemma.is_empty() {
                continue;
            }
            let lower = w.form.to_lowercase();
            // The table is keyed by the lowercase form, so its scripts start from it too
            // ("i" and "I" both give "I"; "google" and "Google" as PROPN give "Google").
            let id = id_of(Script::learn_from_lower(&lower, &w.lemma));
            let sid = id_of(Script::learn(&w.form, &w.lemma));
            let key = (lower.clone(), w.upos.clone(), w.xpos.clone());
            *full.entry(key.clone()).or_default().entry(id).or_default() += 1;
            *by_upos
                .entry((lower, w.upos.clone()))
                .or_default()
                .entry(id)
                .or_default() += 1;
            *suffix_scripts
                .entry(key)
                .or_default()
                .entry(sid)
                .or_default() += 1;
        }
    }
    let best = |m: &HashMap<u32, u32>| -> u32 {
        m.iter()
            .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
            .map_or(0, |(id, _)| *id)
    };
    let mut table = IdMap::default();
    let mut suffix_counts: HashMap<(String, String, String), HashMap<u32, u32>> = HashMap::new();
    let mut sorted_full: Vec<_> = full.iter().collect();
    sorted_full.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for ((lower, upos, xpos), counts) in sorted_full {
        table.insert(key_full(lower, upos, xpos), best(counts));
        let key = (lower.clone(), upos.clone(), xpos.clone());
        let id = suffix_scripts.get(&key).map_or(0, best);
        // One vote per word type: unseen words look like rare types, not like frequent tokens.
        for suf in suffixes(lower, cfg.max_suffix) {
            *suffix_counts
                .entry((suf.to_string(), upos.clone(), xpos.clone()))
                .or_default()
                .entry(id)
                .or_default() += 1;
        }
    }
    for ((lower, upos), counts) in &by_upos {
        table.insert(key_upos(lower, upos), best(counts));
    }
    let mut known_lemmas = IdMap::default();
    for s in train {
        for w in &s.words {
            if !w.lemma.is_empty() {
                known_lemmas.insert(hash_str(&w.lemma.to_lowercase()), 0);
            }
        }
    }
    let mut suffix_map = IdMap::default();
    for ((suf, upos, xpos), counts) in &suffix_counts {
        let types: u32 = counts.values().sum();
        if types >= cfg.min_types || suf.is_empty() {
            let b = best(counts);
            let second = counts
                .iter()
                .filter(|(id, _)| **id != b)
                .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
                .map_or(0xFFFF, |(id, _)| *id);
            suffix_map.insert(key_suffix(suf, upos, xpos), b | (second << 16));
        }
    }
    let lem = Lemmatizer {
        scripts,
        table,
        suffixes: suffix_map,
        lemmas: known_lemmas,
        max_suffix: cfg.max_suffix,
    };
    let s = evaluate(&lem, dev, None);
    log(&format!(
        "{} scripts, {} table keys, {} suffix classes; dev lemma (gold tags) {:.2}, unseen words {:.2} of {}",
        lem.scripts.len(),
        lem.table.len(),
        lem.suffixes.len(),
        s.lemma,
        s.unseen,
        s.unseen_words
    ));
    lem
}

/// Lemma accuracy on `gold`: with the gold UPOS/XPOS when `tagger` is `None`, else with the
/// tags `tagger` predicts (the realistic pipeline figure).
pub fn evaluate(lem: &Lemmatizer, gold: &[ConlluSentence], tagger: Option<&Tagger>) -> LemmaScores {
    let (mut n, mut ok, mut un, mut un_ok) = (0usize, 0usize, 0usize, 0usize);
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags: Vec<(&str, &str)> = match tagger {
            Some(t) => t
                .tag_forms(&forms)
                .into_iter()
                .map(|(u, x, _)| (u, x))
                .collect(),
            None => s
                .words
                .iter()
                .map(|w| (w.upos.as_str(), w.xpos.as_str()))
                .collect(),
        };
        for (w, (u, x)) in s.words.iter().zip(tags) {
            let right = lem.lemma(&w.form, u, x) == w.lemma;
            n += 1;
            ok += usize::from(right);
            if !lem.is_known(&w.form, u) {
                un += 1;
                un_ok += usize::from(right);
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    LemmaScores {
        words: n,
        lemma: pct(ok, n),
        unseen: pct(un_ok, un),
        unseen_words: un,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_learn_and_apply() {
        for (form, lemma) in [
            ("conferred", "confer"),
            ("sold", "sell"),
            ("Governments", "government"),
            ("Putin", "Putin"),
            ("n't", "not"),
            ("'s", "be"),
            ("été", "être"),
        ] {
            let s = Script::learn(form, lemma);
            assert_eq!(s.apply(form), lemma, "{form} -> {lemma} via {s:?}");
        }
        assert!(Script::learn("Governments", "government").lower);
        assert!(!Script::learn("Putin", "Putin").lower);
        let s = Script {
            lower: false,
            strip: 9,
            append: String::new(),
        };
        assert_eq!(s.apply("ab"), "ab", "over-long strip leaves the form");
        assert_eq!(
            suffixes("héllo", 3).collect::<Vec<_>>(),
            vec!["llo", "lo", "o", ""]
        );
    }
}
