//! Event dates resolved from the sentence: "on Tuesday", "yesterday", "last week",
//! "in February", "on July 19, 2021", "three years ago", ...
//!
//! News reports events relative to the story (publication) date. [`resolve_date`] finds the
//! date expressions of a sentence, picks the one that belongs to the event verb, and turns
//! it into a calendar date with a precision:
//!
//! * a weekday means the latest such day on or before the story date ("on Tuesday" in a
//!   Wednesday story is the day before; the story's own weekday is the story date), or the
//!   next one on or after it when the verb is future ("will meet on Friday");
//! * "last week" / "next week" shift the story date by 7 days (precision week);
//! * a month without a year ("in February") is the latest such month on or before the
//!   story's month (the next one for a future verb); a day and month without a year
//!   ("on July 19") is the latest such day on or before the story date for a past verb,
//!   the next one for a future verb, and, when the tense is unknown, the next one if it is
//!   at most two weeks ahead, else the latest one;
//! * month- and year-precision dates are the first day of the month or year ("in February
//!   2022" -> 2022-02-01, "three years ago" -> 2019-01-01); week-precision dates are not
//!   truncated.
//!
//! With a dependency parse, only expressions in the verb's own clause (or in a clause that
//! governs it: "said on Monday that ...") count: "since Russia launched the war in
//! February, Putin met ..." gives no date for "met". Without a parse, the first expression
//! of the sentence is used. `None` means "use the story date".

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use dyad_text::Token;

/// How much of a [`ResolvedDate::date`] is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// The exact day.
    Day,
    /// Some day in the week around the date ("last week").
    Week,
    /// The month: the date is its first day.
    Month,
    /// The year: the date is January 1.
    Year,
}

impl DatePrecision {
    /// Lowercase name: `day`, `week`, `month`, `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A date expression of the sentence, resolved against the story date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedDate {
    pub date: NaiveDate,
    pub precision: DatePrecision,
    /// Token indices of the expression: `first..end` (exclusive), including a leading
    /// preposition ("on Tuesday").
    pub first: usize,
    pub end: usize,
    /// Byte offsets of the expression in the text the tokens index.
    pub start: usize,
    pub stop: usize,
    /// The expression as written.
    pub text: String,
}

/// The tense that decides which way an unanchored date points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// What an expression says before it is anchored to the story date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expr {
    /// Days from the story date ("yesterday" = -1).
    Days(i64, DatePrecision),
    /// Months from the story month ("last month" = -1).
    Months(i32),
    /// Years from the story year.
    Years(i32),
    /// A weekday, with "last"/"next"/"this"/none, and the precision to report (a weekend
    /// is its Saturday, precision week).
    Weekday(Weekday, Rel, DatePrecision),
    /// A day of a month, with the year when written.
    MonthDay(u32, u32, Option<i32>),
    /// A month, with the year when written.
    Month(u32, Option<i32>, Rel),
    /// A year.
    Year(i32),
}

/// A "last"/"next"/"this" modifier on a weekday or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    None,
    Last,
    Next,
    This,
}

const MONTHS: [(&str, u32); 23] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Parts of the day that may follow a weekday ("Tuesday night").
const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night"];

fn month_of(w: &str, form: &str) -> Option<u32> {
    // Month names must be capitalised: "may" and "march" are also ordinary words.
    if !form.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let w = w.trim_end_matches('.');
    if w == "dec" {
        return Some(12);
    }
    MONTHS.iter().find(|(n, _)| *n == w).map(|&(_, m)| m)
}

fn weekday_of(w: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(n, _)| *n == w).map(|&(_, d)| d)
}

/// A day of the month: "19", "19th", "1st".
fn day_of(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

/// A four-digit year between 1900 and 2100.
fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        w.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y))
    } else {
        None
    }
}

/// A small count: "a", "one", ..., "twelve", or digits.
fn count_of(w: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match w {
        "a" | "an" => Some(1),
        _ => WORDS
            .iter()
            .position(|n| *n == w)
            .map(|i| i as i64)
            .or_else(|| w.parse::<i64>().ok().filter(|n| (0..=1000).contains(n))),
    }
}

/// Finds the date expression of the sentence that dates the event of `verb` and resolves
/// it against `story_date`.
///
/// `tokens` are the sentence's tokens, `text` the text their offsets index (the document
/// text), `verb` the 0-based index of the event verb (or trigger noun) when known.
/// Returns `None` when the sentence has no usable date expression: the event then takes
/// the story date.
pub fn resolve_date(
    tokens: &[Token],
    text: &str,
    verb: Option<usize>,
    story_date: NaiveDate,
) -> Option<ResolvedDate> {
    let found = find_dates(tokens, text, verb, story_date);
    let parsed = !tokens.is_empty() && tokens.iter().all(|t| t.head.is_some());
    match verb.filter(|&v| parsed && v < tokens.len()) {
        Some(v) => {
            let (level, governor, d) = found
                .into_iter()
                .filter_map(|d| attachment(tokens, &d, v).map(|(l, g)| (l, g, d)))
                .min_by_key(|(l, _, d)| (*l, d.first.abs_diff(v)))?;
            // A date on a noun of the clause ("reviewed the agenda for the meeting on
            // November 18") is not bound by the verb's tense; a date from a governing
            // clause takes that clause's tense ("won support on Tuesday, saying the West
            // opposes ..." dates "opposes" to the past Tuesday).
            let tense_verb = match level {
                0 => return Some(d),
                1 => None,
                _ => Some(governor),
            };
            find_dates(tokens, text, tense_verb, story_date)
                .into_iter()
                .find(|x| x.first == d.first)
                .or(Some(d))
        }
        None => found.into_iter().next(),
    }
}

/// The date expression attached to `trigger` itself (a noun's own "on Tuesday"), resolved
/// against `story_date`; dates of the clause around it do not date it ("said Friday in
/// response to U.S. missile attacks": Friday is the saying's, not the attacks').
pub fn resolve_own_date(
    tokens: &[Token],
    text: &str,
    trigger: usize,
    story_date: NaiveDate,
) -> Option<ResolvedDate> {
    if trigger >= tokens.len() || !tokens.iter().all(|t| t.head.is_some()) {
        return None;
    }
    find_dates(tokens, text, None, story_date)
        .into_iter()
        .find(|d| attachment(tokens, d, trigger).is_some_and(|(level, _)| level == 0))
}

/// Every date expression of the sentence, in order, resolved against `story_date` with
/// the tense of `verb` (or of the sentence when `verb` is `None`).
pub fn find_dates(
    tokens: &[Token],
    text: &str,
    verb: Option<usize>,
    story_date: NaiveDate,
) -> Vec<ResolvedDate> {
    let words: Vec<String> = tokens.iter().map(|t| t.form.to_lowercase()).collect();
    let mut out = Vec::new();
    // The date of a dateline ("BEIJING, Nov. 8, 2005 (Xinhua) --") is the story's, not
    // the event's: start after it.
    let mut i = dateline_end(tokens);
    while i < tokens.len() {
        let Some((mut first, end, expr)) = match_at(tokens, &words, i) else {
            i += 1;
            continue;
        };
        // Keep a leading preposition only where it belongs to the expression: "on
        // Tuesday", "in February", but not the "in" of "stepped in Saturday".
        let lead = words[first].as_str();
        let fits = match expr {
            Expr::Month(..) | Expr::Year(..) => matches!(lead, "in" | "during"),
            _ => lead == "on",
        };
        if matches!(lead, "on" | "in" | "during") && !fits && first + 1 < end {
            first += 1;
        }
        let tense = tense(tokens, &words, verb, first);
        if let Some((date, precision)) = anchor(expr, tense, story_date) {
            let start = tokens[first].start;
            let stop = tokens[end - 1].end;
            out.push(ResolvedDate {
                date,
                precision,
                first,
                end,
                start,
                stop,
                text: text
                    .get(start..stop)
                    .map(String::from)
                    .unwrap_or_else(|| words[first..end].join(" ")),
            });
        }
        i = end.max(i + 1);
    }
    out
}

/// Index of the first token after a dateline that opens the sentence: an upper-case
/// first word and a dash within the first 20 tokens. 0 when there is none.
fn dateline_end(tokens: &[Token]) -> usize {
    let Some(first) = tokens.first() else {
        return 0;
    };
    let letters = first.form.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || first.form.chars().any(char::is_lowercase) {
        return 0;
    }
    tokens
        .iter()
        .take(20)
        .position(|t| matches!(t.form.as_str(), "-" | "--" | "—" | "–"))
        .map_or(0, |k| k + 1)
}

/// Matches a date expression starting at token `i`: returns its token span (including a
/// leading "on"/"in"/"during") and what it says.
fn match_at(tokens: &[Token], w: &[String], i: usize) -> Option<(usize, usize, Expr)> {
    let get = |k: usize| w.get(k).map(String::as_str).unwrap_or("");
    let form = |k: usize| tokens.get(k).map(|t| t.form.as_str()).unwrap_or("");
    let prep = matches!(get(i), "on" | "in" | "during");
    let j = if prep { i + 1 } else { i };
    let first = i;
    let single = |d: i64, p: DatePrecision| Some((first, j + 1, Expr::Days(d, p)));
    match get(j) {
        "today" | "tonight" => return single(0, DatePrecision::Day),
        "yesterday" => return single(-1, DatePrecision::Day),
        "tomorrow" => return single(1, DatePrecision::Day),
        _ => {}
    }
    // "the day before yesterday", "the day after tomorrow"
    if get(j) == "the" && get(j + 1) == "day" {
        match (get(j + 2), get(j + 3)) {
            ("before", "yesterday") => {
                return Some((first, j + 4, Expr::Days(-2, DatePrecision::Day)))
            }
            ("after", "tomorrow") => {
                return Some((first, j + 4, Expr::Days(2, DatePrecision::Day)))
            }
            _ => {}
        }
    }
    // "earlier this week", "later this month", "this year", "last week", "next month"
    let (k, lead) = match get(j) {
        "earlier" | "later" if get(j + 1) == "this" => (j + 2, Rel::This),
        "this" => (j + 1, Rel::This),
        "last" => (j + 1, Rel::Last),
        "next" | "coming" => (j + 1, Rel::Next),
        _ => (j, Rel::None),
    };
    if lead != Rel::None {
        let shift = match lead {
            Rel::Last => -1,
            Rel::Next => 1,
            _ => 0,
        };
        match get(k) {
            "week" => {
                return Some((
                    first,
                    k + 1,
                    Expr::Days(7 * shift as i64, DatePrecision::Week),
                ))
            }
            "month" => return Some((first, k + 1, Expr::Months(shift))),
            "year" => return Some((first, k + 1, Expr::Years(shift))),
            "night" if lead == Rel::Last => {
                return Some((first, k + 1, Expr::Days(-1, DatePrecision::Day)))
            }
            "morning" | "afternoon" | "evening" if lead == Rel::This => {
                return Some((first, k + 1, Expr::Days(0, DatePrecision::Day)))
            }
            "weekend" => {
                return Some((
                    first,
                    k + 1,
                    Expr::Weekday(Weekday::Sat, lead, DatePrecision::Week),
                ));
            }
            _ => {}
        }
        if let Some(d) = weekday_of(get(k)) {
            let end = if DAY_PARTS.contains(&get(k + 1)) {
                k + 2
            } else {
                k + 1
            };
            return Some((first, end, Expr::Weekday(d, lead, DatePrecision::Day)));
        }
        if let Some(m) = month_of(get(k), form(k)) {
            return Some((first, k + 1, Expr::Month(m, None, lead)));
        }
    }
    // "over the weekend", "at the weekend"
    if matches!(get(i), "over" | "at") && get(i + 1) == "the" && get(i + 2) == "weekend" {
        return Some((
            i,
            i + 3,
            Expr::Weekday(Weekday::Sat, Rel::None, DatePrecision::Week),
        ));
    }
    // "three days ago", "a year ago"
    if let Some(n) = count_of(get(j)) {
        let unit = get(j + 1);
        if get(j + 2) == "ago" {
            let e = match unit {
                "day" | "days" => Some(Expr::Days(-n, DatePrecision::Day)),
                "week" | "weeks" => Some(Expr::Days(-7 * n, DatePrecision::Week)),
                "month" | "months" => Some(Expr::Months(-(n as i32))),
                "year" | "years" => Some(Expr::Years(-(n as i32))),
                _ => None,
            };
            if let Some(e) = e {
                return Some((j, j + 3, e));
            }
        }
    }
    // Weekday, optionally "Tuesday night".
    if let Some(d) = weekday_of(get(j)) {
        let end = if DAY_PARTS.contains(&get(j + 1)) {
            j + 2
        } else {
            j + 1
        };
        return Some((first, end, Expr::Weekday(d, Rel::None, DatePrecision::Day)));
    }
    // "early/mid/late February", "mid-February" (one token or three)
    let (m_at, modified) = match (get(j), get(j + 1)) {
        ("mid", "-") => (j + 2, true),
        ("early" | "mid" | "late", _) => (j + 1, true),
        (s, _) if s.starts_with("mid-") => (j, true),
        _ => (j, false),
    };
    let m_word = get(m_at).strip_prefix("mid-").unwrap_or(get(m_at));
    let m_form = form(m_at).strip_prefix("mid-").unwrap_or(form(m_at));
    if let Some(m) = month_of(m_word, m_form) {
        // Skip a lone period token after an abbreviation ("Jan .").
        let mut k = m_at + 1;
        if get(k) == "." && m_word.len() <= 4 {
            k += 1;
        }
        // "July 19", "July 19, 2021", "July 19 2021"
        if let Some(d) = day_of(get(k)) {
            let mut end = k + 1;
            let mut year = None;
            let y_at = if get(end) == "," { end + 1 } else { end };
            if let Some(y) = year_of(get(y_at)) {
                year = Some(y);
                end = y_at + 1;
            }
            return Some((first, end, Expr::MonthDay(m, d, year)));
        }
        // "July 2021"
        if let Some(y) = year_of(get(k)) {
            return Some((first, k + 1, Expr::Month(m, Some(y), Rel::None)));
        }
        // A bare month needs a cue: a preposition or early/mid/late ("may" is a verb).
        if prep || modified {
            return Some((first, m_at + 1, Expr::Month(m, None, Rel::None)));
        }
        return None;
    }
    // "19 July", "19 July 2021"
    if let Some(d) = day_of(get(j)) {
        if let Some(m) = month_of(get(j + 1), form(j + 1)) {
            if let Some(y) = year_of(get(j + 2)) {
                return Some((first, j + 3, Expr::MonthDay(m, d, Some(y))));
            }
            return Some((first, j + 2, Expr::MonthDay(m, d, None)));
        }
    }
    // "in 2019", "in early 2019"
    if prep && get(i) != "on" {
        let y_at = if matches!(get(j), "early" | "mid" | "late") {
            j + 1
        } else {
            j
        };
        if let Some(y) = year_of(get(y_at)) {
            return Some((first, y_at + 1, Expr::Year(y)));
        }
    }
    None
}

/// Is the event future, past or unknown? Uses the verb when known (its auxiliaries in the
/// parse, or the words just before it), else any "will" before the expression.
fn tense(tokens: &[Token], w: &[String], verb: Option<usize>, expr_at: usize) -> Tense {
    // "would" is the future of reported speech ("said he would meet on Friday").
    let is_will = |s: &str| matches!(s, "will" | "'ll" | "’ll" | "shall" | "wo" | "would");
    let Some(v) = verb.filter(|&v| v < tokens.len()) else {
        return if w[..expr_at.min(w.len())].iter().any(|s| is_will(s)) {
            Tense::Future
        } else {
            Tense::Unknown
        };
    };
    // Auxiliaries of the verb in the parse.
    let aux: Vec<usize> = (0..tokens.len())
        .filter(|&k| {
            tokens[k].head == Some(v + 1)
                && tokens[k]
                    .deprel
                    .as_deref()
                    .is_some_and(|d| d.starts_with("aux"))
        })
        .collect();
    if aux.iter().any(|&k| is_will(&w[k])) {
        return Tense::Future;
    }
    // The words before the verb: "will meet", "will not meet", "is due to meet".
    let mut k = v;
    let mut steps = 0;
    while k > 0 && steps < 4 {
        k -= 1;
        steps += 1;
        let s = w[k].as_str();
        if is_will(s) {
            return Tense::Future;
        }
        if s == "to" {
            let before = k.checked_sub(1).map(|b| w[b].as_str()).unwrap_or("");
            if matches!(
                before,
                "due"
                    | "expected"
                    | "set"
                    | "scheduled"
                    | "going"
                    | "plans"
                    | "plan"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "aims"
                    | "intends"
                    | "hopes"
                    | "wants"
                    | "planning"
            ) {
                return Tense::Future;
            }
            break;
        }
        if !matches!(
            s,
            "not"
                | "n't"
                | "also"
                | "then"
                | "likely"
                | "probably"
                | "soon"
                | "again"
                | "still"
                | "be"
        ) {
            if matches!(s, "has" | "have" | "had" | "was" | "were" | "did") {
                return Tense::Past;
            }
            break;
        }
    }
    let t = &tokens[v];
    // A past participle is past unless "be"/"will"/"to" make it a future passive ("is to
    // be kicked off on December 11").
    let future_passive = (0..tokens.len()).any(|k| {
        tokens[k].head == Some(v + 1)
            && matches!(w[k].as_str(), "be" | "being" | "will" | "to" | "shall")
    });
    let past_tag = t.xpos.as_deref() == Some("VBD")
        || (t.xpos.as_deref() == Some("VBN") && !future_passive)
        || t.feats.as_deref().is_some_and(|f| f.contains("Tense=Past"));
    // A finite present-tense verb with a date is a schedule in news text ("Arafat meets
    // Albright on Monday"), except for reporting verbs ("the ministry says").
    let present_tag = t.xpos.as_deref().is_some_and(|x| x == "VBP" || x == "VBZ")
        || t.feats
            .as_deref()
            .is_some_and(|f| f.contains("Tense=Pres") && f.contains("VerbForm=Fin"));
    let lemma = t.lemma.clone().unwrap_or_else(|| w[v].clone());
    let reporting = matches!(
        lemma.as_str(),
        "say"
            | "says"
            | "tell"
            | "tells"
            | "report"
            | "reports"
            | "claim"
            | "claims"
            | "announce"
            | "announces"
            | "be"
            | "is"
            | "are"
            | "have"
            | "has"
    );
    if present_tag && !reporting && aux.is_empty() {
        return Tense::Future;
    }
    if past_tag
        || aux.iter().any(|&k| {
            matches!(
                w[k].as_str(),
                "has" | "have" | "had" | "was" | "were" | "did"
            )
        })
    {
        return Tense::Past;
    }
    Tense::Unknown
}

fn first_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// Anchors an expression to the story date.
fn anchor(expr: Expr, tense: Tense, story: NaiveDate) -> Option<(NaiveDate, DatePrecision)> {
    use DatePrecision::*;
    let month_start = first_of_month(story.year(), story.month())?;
    Some(match expr {
        Expr::Days(n, p) => (story.checked_add_signed(Duration::days(n))?, p),
        Expr::Months(n) => {
            let d = if n >= 0 {
                month_start.checked_add_months(Months::new(n.unsigned_abs()))?
            } else {
                month_start.checked_sub_months(Months::new(n.unsigned_abs()))?
            };
            (d, Month)
        }
        Expr::Years(n) => (
            NaiveDate::from_ymd_opt(story.year().checked_add(n)?, 1, 1)?,
            Year,
        ),
        Expr::Year(y) => (NaiveDate::from_ymd_opt(y, 1, 1)?, Year),
        Expr::Weekday(d, rel, precision) => {
            let today = story.weekday().num_days_from_monday() as i64;
            let target = d.num_days_from_monday() as i64;
            let back = (today - target).rem_euclid(7); // days since the latest such day
            let ahead = (target - today).rem_euclid(7); // days to the next such day
            let offset = match rel {
                Rel::Last => -(if back == 0 { 7 } else { back }),
                Rel::Next => {
                    if ahead == 0 {
                        7
                    } else {
                        ahead
                    }
                }
                _ if tense == Tense::Future => ahead,
                _ => -back,
            };
            (story.checked_add_signed(Duration::days(offset))?, precision)
        }
        Expr::MonthDay(m, d, Some(y)) => (NaiveDate::from_ymd_opt(y, m, d)?, Day),
        Expr::MonthDay(m, d, None) => {
            let y = story.year();
            let this = NaiveDate::from_ymd_opt(y, m, d);
            let prev = NaiveDate::from_ymd_opt(y - 1, m, d);
            let next = NaiveDate::from_ymd_opt(y + 1, m, d);
            let past = [this, prev].into_iter().flatten().find(|x| *x <= story);
            let future = [this, next].into_iter().flatten().find(|x| *x >= story);
            let pick = match tense {
                Tense::Past => past,
                Tense::Future => future,
                // News mostly reports what happened: the past one, unless the next one
                // is at most two weeks ahead ("the summit on July 25" in a July 20 story).
                Tense::Unknown => match (past, future) {
                    (_, Some(f)) if (f - story).num_days() <= 14 => Some(f),
                    (p, f) => p.or(f),
                },
            };
            (pick?, Day)
        }
        Expr::Month(m, Some(y), _) => (first_of_month(y, m)?, Month),
        Expr::Month(m, None, rel) => {
            let y = story.year();
            let this = first_of_month(y, m)?;
            let d = match rel {
                Rel::Last => {
                    if this < month_start {
                        this
                    } else {
                        first_of_month(y - 1, m)?
                    }
                }
                Rel::Next => {
                    if this > month_start {
                        this
                    } else {
                        first_of_month(y + 1, m)?
                    }
                }
                _ if tense == Tense::Future => {
                    if this >= month_start {
                        this
                    } else {
                        first_of_month(y + 1, m)?
                    }
                }
                // Unknown tense: next month is upcoming ("guidelines to be published in
                // early November" in an October story); any later month is last year's.
                _ if tense == Tense::Unknown
                    && month_start.checked_add_months(Months::new(1)) == Some(this) =>
                {
                    this
                }
                _ => {
                    if this <= month_start {
                        this
                    } else {
                        first_of_month(y - 1, m)?
                    }
                }
            };
            (d, Month)
        }
    })
}

/// 0-based head index of token `i`, `None` for the root or unparsed tokens.
fn head_of(tokens: &[Token], i: usize) -> Option<usize> {
    match tokens.get(i)?.head? {
        0 => None,
        h if h <= tokens.len() => Some(h - 1),
        _ => None,
    }
}

/// Relations that open a new clause: a date below one of them dates that clause's event.
fn opens_clause(t: &Token) -> bool {
    let rel = t.deprel.as_deref().unwrap_or("");
    let base = rel.split(':').next().unwrap_or("");
    matches!(
        base,
        "acl" | "advcl" | "ccomp" | "csubj" | "xcomp" | "parataxis" | "conj"
    )
}

/// How closely a date expression belongs to the verb `v` in the parse, and the verb
/// whose tense anchors it: level 0 = a dependent of the verb itself, 1 = inside the verb's
/// clause (e.g. under its object), 2 = a dependent of a clause governing the verb ("said
/// on Monday that ... attacked"; anchored with the governing verb's tense); `None` = in
/// some other clause ("since Russia launched the war in February"). A governing clause
/// that is itself adverbial ("since ...", "after ...") does not lend its date: parsers
/// sometimes make such a clause the root.
fn attachment(tokens: &[Token], d: &ResolvedDate, v: usize) -> Option<(u8, usize)> {
    // The expression's own head: the token of the span whose head lies outside it.
    let inside = |k: usize| (d.first..d.end).contains(&k);
    let root = (d.first..d.end).find(|&k| head_of(tokens, k).iter().all(|&h| !inside(h)))?;
    let attach = head_of(tokens, root)?;
    if attach == v {
        return Some((0, v));
    }
    // Walk up from the attachment point to the verb without leaving the clause.
    let mut cur = attach;
    for _ in 0..tokens.len() {
        if cur == v {
            return Some((1, v));
        }
        if opens_clause(&tokens[cur]) {
            break;
        }
        match head_of(tokens, cur) {
            Some(h) => cur = h,
            None => break,
        }
    }
    // Is the attachment point an ancestor of the verb, and a main clause?
    let subordinate = (0..tokens.len()).any(|k| {
        head_of(tokens, k) == Some(attach)
            && tokens[k].deprel.as_deref() == Some("mark")
            && SUBORDINATORS.contains(&tokens[k].form.to_lowercase().as_str())
    });
    let mut cur = head_of(tokens, v);
    for _ in 0..tokens.len() {
        match cur {
            Some(c) if c == attach => return (!subordinate).then_some((2, attach)),
            Some(c) => cur = head_of(tokens, c),
            None => break,
        }
    }
    None
}

/// Conjunctions that make a clause adverbial (its date is its own).
const SUBORDINATORS: &[&str] = &[
    "since", "after", "before", "when", "while", "because", "although", "though", "if", "until",
    "once", "unless", "whereas", "as",
];
