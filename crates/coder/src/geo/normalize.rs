//! Lookup keys for place names.
//!
//! News text spells the same place many ways: "U.S." / "US", "Sana'a" / "Sanaa",
//! "Zürich" / "Zurich", "Guinea-Bissau" split by the tokenizer into three tokens. Every name
//! in the gazetteer and every candidate span of text is reduced to a *key* before lookup:
//! lowercase, periods and apostrophes dropped, every other run of non-alphanumeric
//! characters turned into one space. [`exact_key`] keeps diacritics as written;
//! [`folded_key`] also folds Latin letters with diacritics to ASCII, so "Bogota" finds
//! "Bogotá". Non-Latin letters are kept (lowercased) in both.

/// The lookup key of `s` with diacritics kept ("Zürich" -> "zürich").
pub fn exact_key(s: &str) -> String {
    make_key(s, false)
}

/// The lookup key of `s` with Latin diacritics folded to ASCII ("Zürich" -> "zurich",
/// "İstanbul" -> "istanbul").
pub fn folded_key(s: &str) -> String {
    make_key(s, true)
}

fn make_key(s: &str, fold: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_dropped(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if fold {
                match fold_char(c) {
                    Some(f) => out.push_str(f),
                    None => out.extend(c.to_lowercase()),
                }
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// Characters removed without leaving a space: periods ("U.S."), apostrophes of every
/// kind ("Sana'a", "N'Djamena") and combining marks (decomposed diacritics).
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '.' | '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' | '\u{0300}'..='\u{036f}'
    )
}

/// ASCII lowercase spelling of a Latin letter with diacritics (Latin-1 Supplement, Latin
/// Extended-A and the common Extended-B letters); `None` for anything else.
pub fn fold_char(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
        const DIGITS: &str = "0123456789";
        let b = c as u8;
        return if b.is_ascii_alphabetic() {
            let i = usize::from(b.to_ascii_lowercase() - b'a');
            LOWER.get(i..i + 1)
        } else if b.is_ascii_digit() {
            let i = usize::from(b - b'0');
            DIGITS.get(i..i + 1)
        } else {
            None
        };
    }
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'Ā'..='ą' | 'Ǎ' | 'ǎ' | 'Ạ' | 'ạ' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć'..='č' => "c",
        'Ð' | 'ð' | 'Ď'..='đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē'..='ě' | 'Ẹ' | 'ẹ' | 'Ẽ' | 'ẽ' => "e",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ'..='ı' | 'Ǐ' | 'ǐ' | 'Ị' | 'ị' => "i",
        'Ñ' | 'ñ' | 'Ń'..='ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō'..='ő' | 'Ǒ' | 'ǒ' | 'Ọ' | 'ọ' | 'Ơ' | 'ơ' => {
            "o"
        }
        'Œ' | 'œ' => "oe",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ'..='ų' | 'Ǔ' | 'ǔ' | 'Ụ' | 'ụ' | 'Ư' | 'ư' => "u",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Þ' | 'þ' => "th",
        'ß' => "ss",
        'Ĝ'..='ģ' => "g",
        'Ĥ'..='ħ' | 'Ḩ' | 'ḩ' | 'Ḥ' | 'ḥ' => "h",
        'Ĳ' | 'ĳ' => "ij",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' | 'ĸ' => "k",
        'Ĺ'..='ł' => "l",
        'Ŕ'..='ř' => "r",
        'Ś'..='š' | 'Ș' | 'ș' | 'Ṣ' | 'ṣ' => "s",
        'Ţ'..='ŧ' | 'Ț' | 'ț' | 'Ṭ' | 'ṭ' => "t",
        'Ŵ' | 'ŵ' => "w",
        'Ź'..='ž' | 'Ẓ' | 'ẓ' => "z",
        'Ḏ' | 'ḏ' | 'Ḍ' | 'ḍ' => "d",
        'Ḑ' | 'ḑ' => "d",
        'Ḵ' | 'ḵ' => "k",
        'Ṯ' | 'ṯ' => "t",
        'Ẕ' | 'ẕ' => "z",
        _ => return None,
    })
}

/// True when every letter of `s` is Latin (ASCII or a letter [`fold_char`] knows), so the
/// name can be read by an English-language news reader.
pub fn is_latin_script(s: &str) -> bool {
    s.chars()
        .all(|c| !c.is_alphabetic() || c.is_ascii_alphabetic() || fold_char(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_periods_and_apostrophes() {
        assert_eq!(folded_key("U.S."), "us");
        assert_eq!(folded_key("US"), "us");
        assert_eq!(folded_key("Sana'a"), "sanaa");
        assert_eq!(folded_key("Guinea-Bissau"), "guinea bissau");
        assert_eq!(folded_key("  St. Petersburg "), "st petersburg");
        assert_eq!(folded_key("N’Djamena"), "ndjamena");
    }

    #[test]
    fn folding_removes_latin_diacritics_only() {
        assert_eq!(exact_key("Zürich"), "zürich");
        assert_eq!(folded_key("Zürich"), "zurich");
        assert_eq!(folded_key("İzmir"), "izmir");
        assert_eq!(folded_key("Khān Yūnis"), "khan yunis");
        assert_eq!(folded_key("Rafaḩ"), "rafah");
        assert_eq!(folded_key("Тегеран"), "тегеран");
        assert!(is_latin_script("Kraków"));
        assert!(!is_latin_script("Тегеран"));
    }
}
