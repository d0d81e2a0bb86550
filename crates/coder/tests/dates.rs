//! Event-date resolution on real and constructed sentences.

use chrono::NaiveDate;
use dyad_coder::dates::{resolve_date, DatePrecision, ResolvedDate};
use dyad_text::Token;

const SHARED_EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/examples");

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Story date of the tests: Wednesday 20 July 2022 (the seed article's date).
fn story() -> NaiveDate {
    ymd(2022, 7, 20)
}

fn toks(text: &str) -> Vec<Token> {
    dyad_text::tokenize::tokenize(text, 0, text.len()).0
}

/// Resolves `text` with `verb` (a word of the sentence) as the event verb, no parse.
fn date(text: &str, verb: &str) -> Option<ResolvedDate> {
    let t = toks(text);
    let v = t
        .iter()
        .position(|t| t.form == verb)
        .unwrap_or_else(|| panic!("{verb} in {text}"));
    resolve_date(&t, text, Some(v), story())
}

fn check(text: &str, verb: &str, want: NaiveDate, precision: DatePrecision) {
    let d = date(text, verb).unwrap_or_else(|| panic!("no date in {text:?}"));
    assert_eq!(
        (d.date, d.precision),
        (want, precision),
        "{text:?} -> {d:?}"
    );
    assert_eq!(&text[d.start..d.stop], d.text);
}

#[test]
fn weekdays_point_back_from_the_story_date() {
    use DatePrecision::Day;
    check("Putin met Raisi on Tuesday.", "met", ymd(2022, 7, 19), Day);
    check(
        "Erdogan arrived on Monday.",
        "arrived",
        ymd(2022, 7, 18),
        Day,
    );
    check(
        "The talks ended on Wednesday.",
        "ended",
        ymd(2022, 7, 20),
        Day,
    );
    check(
        "Drones struck the port Tuesday night.",
        "struck",
        ymd(2022, 7, 19),
        Day,
    );
    check(
        "Protesters gathered on Sunday.",
        "gathered",
        ymd(2022, 7, 17),
        Day,
    );
    check(
        "Protesters gathered last Wednesday.",
        "gathered",
        ymd(2022, 7, 13),
        Day,
    );
    let d = date("Putin met Raisi on Tuesday.", "met").unwrap();
    assert_eq!(d.text, "on Tuesday");
    assert_eq!((d.first, d.end), (3, 5));
}

#[test]
fn future_verbs_point_forward() {
    use DatePrecision::*;
    check(
        "The leaders will meet on Friday.",
        "meet",
        ymd(2022, 7, 22),
        Day,
    );
    check(
        "The leaders will meet on Wednesday.",
        "meet",
        ymd(2022, 7, 20),
        Day,
    );
    check(
        "Talks are due to resume on Monday.",
        "resume",
        ymd(2022, 7, 25),
        Day,
    );
    check(
        "Ankara will host the next round in December.",
        "host",
        ymd(2022, 12, 1),
        Month,
    );
    check(
        "The ministers will meet next week.",
        "meet",
        ymd(2022, 7, 27),
        Week,
    );
    check(
        "Officials will sign the deal tomorrow.",
        "sign",
        ymd(2022, 7, 21),
        Day,
    );
    check("They will meet on July 25.", "meet", ymd(2022, 7, 25), Day);
    check(
        "On Friday, he would be briefed on the plan.",
        "briefed",
        ymd(2022, 7, 22),
        Day,
    );
    check(
        "On Friday, he was to tour the port.",
        "tour",
        ymd(2022, 7, 22),
        Day,
    );
}

#[test]
fn relative_expressions() {
    use DatePrecision::*;
    check(
        "Iran attacked the border last week.",
        "attacked",
        ymd(2022, 7, 13),
        Week,
    );
    check(
        "Iraq said today its forces had crushed an attack.",
        "said",
        ymd(2022, 7, 20),
        Day,
    );
    check(
        "The attack was repelled yesterday.",
        "repelled",
        ymd(2022, 7, 19),
        Day,
    );
    check("Envoys met two days ago.", "met", ymd(2022, 7, 18), Day);
    check(
        "The treaty was signed three years ago.",
        "signed",
        ymd(2019, 1, 1),
        Year,
    );
    check(
        "Sanctions were imposed last month.",
        "imposed",
        ymd(2022, 6, 1),
        Month,
    );
    check(
        "Russian officials visited earlier this month.",
        "visited",
        ymd(2022, 7, 1),
        Month,
    );
    check(
        "Turkey sold drones to Ukraine last year.",
        "sold",
        ymd(2021, 1, 1),
        Year,
    );
    check(
        "The army withdrew a week ago.",
        "withdrew",
        ymd(2022, 7, 13),
        Week,
    );
}

#[test]
fn calendar_expressions() {
    use DatePrecision::*;
    check(
        "Russia launched the offensive in February.",
        "launched",
        ymd(2022, 2, 1),
        Month,
    );
    check(
        "The ministers met on July 19.",
        "met",
        ymd(2022, 7, 19),
        Day,
    );
    check("The ministers met July 19.", "met", ymd(2022, 7, 19), Day);
    check("The ministers met 19 July.", "met", ymd(2022, 7, 19), Day);
    check(
        "The ministers met on July 19, 2021.",
        "met",
        ymd(2021, 7, 19),
        Day,
    );
    check(
        "The accord was signed in 2019.",
        "signed",
        ymd(2019, 1, 1),
        Year,
    );
    check(
        "Troops crossed the border in early March.",
        "crossed",
        ymd(2022, 3, 1),
        Month,
    );
    check(
        "Elections were held in December.",
        "held",
        ymd(2021, 12, 1),
        Month,
    );
    check(
        "The offensive began on Jan. 9.",
        "began",
        ymd(2022, 1, 9),
        Day,
    );
    check(
        "The pact was signed in May 2015.",
        "signed",
        ymd(2015, 5, 1),
        Month,
    );
    // Unknown tense: a day within two weeks ahead is upcoming, otherwise past.
    let t = toks("The summit on July 25 and the vote on July 30.");
    let d = resolve_date(
        &t,
        "The summit on July 25 and the vote on July 30.",
        None,
        story(),
    );
    assert_eq!(d.unwrap().date, ymd(2022, 7, 25));
}

#[test]
fn no_date_means_none() {
    assert_eq!(
        date("Putin conferred with Raisi in Tehran.", "conferred"),
        None
    );
    // "may" and "march" are words before they are months.
    assert_eq!(
        date("Officials may meet to march on the capital.", "meet"),
        None
    );
    // A bare month needs a cue.
    assert_eq!(date("Sanctions hit May Day parades.", "hit"), None);
    assert_eq!(resolve_date(&[], "", None, story()), None);
}

/// Tokens with a hand-made UD parse: `(head, deprel)` per token, heads 1-based.
fn parsed(text: &str, tree: &[(usize, &str)]) -> Vec<Token> {
    let mut t = toks(text);
    assert_eq!(
        t.len(),
        tree.len(),
        "{:?}",
        t.iter().map(|t| &t.form).collect::<Vec<_>>()
    );
    for (tok, (h, rel)) in t.iter_mut().zip(tree) {
        tok.head = Some(*h);
        tok.deprel = Some(rel.to_string());
    }
    t
}

#[test]
fn the_parse_picks_the_verbs_own_date() {
    // Putin , who invaded Ukraine in February , met Raisi on Tuesday .
    //   1   2   3     4      5    6     7     8  9   10   11    12    13
    let s = "Putin, who invaded Ukraine in February, met Raisi on Tuesday.";
    let tree = [
        (9, "nsubj"),
        (4, "punct"),
        (4, "nsubj"),
        (1, "acl:relcl"),
        (4, "obj"),
        (7, "case"),
        (4, "obl"),
        (4, "punct"),
        (0, "root"),
        (9, "obj"),
        (12, "case"),
        (9, "obl"),
        (9, "punct"),
    ];
    let t = parsed(s, &tree);
    let d = resolve_date(&t, s, Some(8), story()).unwrap();
    assert_eq!((d.date, d.text.as_str()), (ymd(2022, 7, 19), "on Tuesday"));
    // The relative clause's own verb gets February.
    let d = resolve_date(&t, s, Some(3), story()).unwrap();
    assert_eq!(d.date, ymd(2022, 2, 1));
    // Without a parse the first expression wins.
    let bare = toks(s);
    assert_eq!(
        resolve_date(&bare, s, Some(8), story()).unwrap().date,
        ymd(2022, 2, 1)
    );

    // Putin , who invaded Ukraine in February , met Raisi .
    let s = "Putin, who invaded Ukraine in February, met Raisi.";
    let tree = [
        (9, "nsubj"),
        (4, "punct"),
        (4, "nsubj"),
        (1, "acl:relcl"),
        (4, "obj"),
        (7, "case"),
        (4, "obl"),
        (4, "punct"),
        (0, "root"),
        (9, "obj"),
        (9, "punct"),
    ];
    let t = parsed(s, &tree);
    assert_eq!(
        resolve_date(&t, s, Some(8), story()),
        None,
        "February dates the invasion"
    );

    // Iraq said on Monday its forces had crushed an attack .
    //  1    2   3    4     5    6     7     8     9    10   11
    let s = "Iraq said on Monday its forces had crushed an attack.";
    let tree = [
        (2, "nsubj"),
        (0, "root"),
        (4, "case"),
        (2, "obl"),
        (6, "nmod:poss"),
        (8, "nsubj"),
        (8, "aux"),
        (2, "ccomp"),
        (10, "det"),
        (8, "obj"),
        (2, "punct"),
    ];
    let t = parsed(s, &tree);
    let d = resolve_date(&t, s, Some(7), story()).unwrap();
    assert_eq!(
        d.date,
        ymd(2022, 7, 18),
        "the report's date governs the reported event"
    );

    // Erdogan will visit Moscow on Friday .
    let s = "Erdogan will visit Moscow on Friday.";
    let tree = [
        (3, "nsubj"),
        (3, "aux"),
        (0, "root"),
        (3, "obj"),
        (6, "case"),
        (3, "obl"),
        (3, "punct"),
    ];
    let t = parsed(s, &tree);
    assert_eq!(
        resolve_date(&t, s, Some(2), story()).unwrap().date,
        ymd(2022, 7, 22)
    );
}

#[test]
fn governing_clauses_lend_their_date_and_tense_but_adverbial_ones_do_not() {
    // Putin won support on Tuesday , saying the West opposes Russia .
    //   1    2     3     4     5    6   7     8   9     10      11   12
    let s = "Putin won support on Tuesday, saying the West opposes Russia.";
    let tree = [
        (2, "nsubj"),
        (0, "root"),
        (2, "obj"),
        (5, "case"),
        (2, "obl"),
        (7, "punct"),
        (2, "advcl"),
        (9, "det"),
        (10, "nsubj"),
        (7, "ccomp"),
        (10, "obj"),
        (2, "punct"),
    ];
    let mut t = parsed(s, &tree);
    t[1].xpos = Some("VBD".into());
    t[9].xpos = Some("VBZ".into());
    // "opposes" is present tense, but the date is the past "won"'s.
    let d = resolve_date(&t, s, Some(9), story()).unwrap();
    assert_eq!(d.date, ymd(2022, 7, 19));

    // dyad's parser made the "since" clause the root here; its February stays its own.
    // Since Russia launched the action in February , Putin conferred with Raisi .
    //   1     2       3      4    5    6     7     8   9      10      11   12  13
    let s = "Since Russia launched the action in February, Putin conferred with Raisi.";
    let tree = [
        (3, "mark"),
        (3, "nsubj"),
        (0, "root"),
        (5, "det"),
        (3, "obj"),
        (7, "case"),
        (3, "obl"),
        (3, "punct"),
        (10, "nsubj"),
        (3, "conj"),
        (12, "case"),
        (10, "obl"),
        (3, "punct"),
    ];
    let t = parsed(s, &tree);
    assert_eq!(resolve_date(&t, s, Some(9), story()), None);
    assert_eq!(
        resolve_date(&t, s, Some(2), story()).unwrap().date,
        ymd(2022, 2, 1)
    );
}

/// Reads a dyad plain-format example: ` date YYYY-MM-DD` then the text.
fn example(name: &str) -> Option<(NaiveDate, String)> {
    let path = format!("{SHARED_EXAMPLES}/{name}");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {path} not found (shared data absent)");
        return None;
    };
    let rest = raw.trim_start().strip_prefix("date ").unwrap();
    let story = NaiveDate::parse_from_str(&rest[..10], "%Y-%m-%d").unwrap();
    Some((story, rest[10..].trim_start().to_string()))
}

/// The sentence of `text` containing every string in `needles`, segmented by dyad's own
/// sentence splitter, and the index of its `verb`.
fn sentence_with(text: &str, needles: &[&str], verb: &str) -> (Vec<Token>, usize) {
    let sentences = dyad_text::split::segment(text);
    let s = sentences
        .into_iter()
        .find(|s| needles.iter().all(|n| s.text(text).contains(n)))
        .unwrap_or_else(|| panic!("no sentence with {needles:?}"));
    let v = s.tokens.iter().position(|t| t.form == verb).unwrap();
    (s.tokens, v)
}

#[test]
fn seed_article_tuesday_and_monday() {
    let Some((story, text)) = example("000_05a1120774ca292b.txt") else {
        return;
    };
    assert_eq!(story, ymd(2022, 7, 20));
    let (t, v) = sentence_with(&text, &["won staunch support", "on Tuesday"], "won");
    let d = resolve_date(&t, &text, Some(v), story).unwrap();
    assert_eq!(
        (d.date, d.precision, d.text.as_str()),
        (ymd(2022, 7, 19), DatePrecision::Day, "on Tuesday")
    );
    let (t, v) = sentence_with(&text, &["described Russia", "on Monday"], "described");
    let d = resolve_date(&t, &text, Some(v), story).unwrap();
    assert_eq!((d.date, d.text.as_str()), (ymd(2022, 7, 18), "on Monday"));
    // "last week's grain talks in Istanbul"
    let (t, v) = sentence_with(&text, &["last week's grain talks"], "praised");
    assert_eq!(
        resolve_date(&t, &text, Some(v), story).unwrap().date,
        ymd(2022, 7, 13)
    );
}

#[test]
fn reuters_1987_iraq_iran() {
    let Some((story, text)) = example("reuters-03525.txt") else {
        return;
    };
    assert_eq!(story, ymd(1987, 3, 11)); // a Wednesday
    let (t, v) = sentence_with(&text, &["Muhsen, said on Monday"], "said");
    assert_eq!(
        resolve_date(&t, &text, Some(v), story).unwrap().date,
        ymd(1987, 3, 9)
    );
    let (t, v) = sentence_with(&text, &["Iran attacked across"], "attacked");
    let d = resolve_date(&t, &text, Some(v), story).unwrap();
    assert_eq!(
        (d.date, d.precision),
        (ymd(1987, 3, 4), DatePrecision::Week)
    );
    let (t, v) = sentence_with(&text, &["launched on January 9"], "followed");
    assert_eq!(
        resolve_date(&t, &text, Some(v), story).unwrap().date,
        ymd(1987, 1, 9)
    );
    let (t, v) = sentence_with(&text, &["attack was repelled yesterday"], "repelled");
    assert_eq!(
        resolve_date(&t, &text, Some(v), story).unwrap().date,
        ymd(1987, 3, 10)
    );
}

#[test]
fn tags_and_spans() {
    // A tagged present-tense verb with a weekday is a schedule ...
    let s = "Arafat meets Albright on Monday.";
    let mut t = toks(s);
    t[1].xpos = Some("VBZ".into());
    assert_eq!(
        resolve_date(&t, s, Some(1), story()).unwrap().date,
        ymd(2022, 7, 25)
    );
    // ... a tagged past-tense one is not; a reporting verb in the present is not either.
    t[1].xpos = Some("VBD".into());
    assert_eq!(
        resolve_date(&t, s, Some(1), story()).unwrap().date,
        ymd(2022, 7, 18)
    );
    let s = "The ministry says on Monday talks failed.";
    let mut t = toks(s);
    t[2].xpos = Some("VBZ".into());
    assert_eq!(
        resolve_date(&t, s, Some(2), story()).unwrap().date,
        ymd(2022, 7, 18)
    );
    // The span keeps only a preposition that belongs to the date.
    let d = date("Denmark stepped in Saturday with a motion.", "stepped").unwrap();
    assert_eq!((d.text.as_str(), d.date), ("Saturday", ymd(2022, 7, 16)));
    let d = date(
        "The guidelines, published in early August, matter.",
        "matter",
    )
    .unwrap();
    assert_eq!(d.text, "in early August");
    // Unknown tense: next month is upcoming, later months are last year's.
    assert_eq!(d.date, ymd(2022, 8, 1));
    let d = date(
        "The guidelines, published in early September, matter.",
        "matter",
    )
    .unwrap();
    assert_eq!(d.date, ymd(2021, 9, 1));
}

#[test]
fn dateline_dates_and_future_passives() {
    // The dateline's date is skipped; the sentence's own expression is used.
    let s = "BEIJING, July 20, 2022 (Xinhua) -- Officials met on Monday.";
    let t = toks(s);
    let d = resolve_date(&t, s, None, story()).unwrap();
    assert_eq!((d.text.as_str(), d.date), ("on Monday", ymd(2022, 7, 18)));
    // "is to be kicked off": a participle under "be"/"to" is not past.
    let s = "The festival is to be kicked off on July 25.";
    let mut t = toks(s);
    let v = t.iter().position(|t| t.form == "kicked").unwrap();
    t[v].xpos = Some("VBN".into());
    assert_eq!(
        resolve_date(&t, s, Some(v), story()).unwrap().date,
        ymd(2022, 7, 25)
    );
    // A plain past participle is past.
    let s = "The accord, signed on July 25, collapsed.";
    let mut t = toks(s);
    t[3].xpos = Some("VBN".into());
    assert_eq!(
        resolve_date(&t, s, Some(3), story()).unwrap().date,
        ymd(2021, 7, 25)
    );
}

#[test]
fn a_date_on_a_noun_ignores_the_verbs_tense() {
    // They reviewed the agenda for the meeting on July 25 .
    //   1     2      3    4     5   6    7     8   9   10 11
    let s = "They reviewed the agenda for the meeting on July 25.";
    let tree = [
        (2, "nsubj"),
        (0, "root"),
        (4, "det"),
        (2, "obj"),
        (7, "case"),
        (7, "det"),
        (4, "nmod"),
        (9, "case"),
        (7, "nmod"),
        (9, "nummod"),
        (2, "punct"),
    ];
    let mut t = parsed(s, &tree);
    t[1].xpos = Some("VBD".into());
    // Past "reviewed" would say 2021; the meeting five days ahead is upcoming.
    assert_eq!(
        resolve_date(&t, s, Some(1), story()).unwrap().date,
        ymd(2022, 7, 25)
    );
}
