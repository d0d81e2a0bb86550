//! Tokenizer behaviour on hand-written news-style sentences.

use dyad_text::{segment, tokenize, Sentence};

/// Surface tokens of the whole text, multiword tokens written `surface{w1|w2}`.
fn surface(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in segment(text) {
        out.extend(surface_of(text, &s));
    }
    out
}

fn surface_of(text: &str, s: &Sentence) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut mw = s.multiwords.iter().peekable();
    while i < s.tokens.len() {
        if let Some(m) = mw.peek().filter(|m| m.first == i).copied() {
            let words: Vec<&str> = s.tokens[m.first..=m.last]
                .iter()
                .map(|t| t.form.as_str())
                .collect();
            out.push(format!(
                "{}{{{}}}",
                &text[s.tokens[m.first].start..s.tokens[m.last].end],
                words.join("|")
            ));
            i = m.last + 1;
            mw.next();
        } else {
            out.push(s.tokens[i].form.clone());
            i += 1;
        }
    }
    out
}

fn toks(text: &str) -> String {
    surface(text).join(" ")
}

#[test]
fn clitics_are_multiword_tokens_as_in_ewt() {
    assert_eq!(
        toks("She hasn't left, and they're sure it's fine."),
        "She hasn't{has|n't} left , and they're{they|'re} sure it's{it|'s} fine ."
    );
    assert_eq!(
        toks("We can't and won't go"),
        "We can't{ca|n't} and won't{wo|n't} go"
    );
    assert_eq!(
        toks("I'm sure we've seen I'd say you'll"),
        "I'm{I|'m} sure we've{we|'ve} seen I'd{I|'d} say you'll{you|'ll}"
    );
    assert_eq!(
        toks("They're gonna vote"),
        "They're{They|'re} gonna{gon|na} vote"
    );
    assert_eq!(toks("The minister cannot"), "The minister cannot{can|not}");
}

#[test]
fn curly_apostrophes_split_like_straight_ones() {
    assert_eq!(
        toks("Kyiv’s mayor didn’t"),
        "Kyiv’s{Kyiv|’s} mayor didn’t{did|n’t}"
    );
}

#[test]
fn possessives_including_plural() {
    assert_eq!(toks("the country's army"), "the country's{country|'s} army");
    assert_eq!(
        toks("the ministers' talks"),
        "the ministers'{ministers|'} talks"
    );
    // An apostrophe inside a name is not a clitic.
    assert_eq!(toks("O'Brien said"), "O'Brien said");
}

#[test]
fn abbreviations_keep_their_periods() {
    assert_eq!(
        toks("Mr. Smith met Gen. Jones and Sen. Lee of Acme Corp. on Jan. 5 in St. Louis, Mo."),
        "Mr. Smith met Gen. Jones and Sen. Lee of Acme Corp. on Jan. 5 in St. Louis , Mo ."
    );
    assert_eq!(toks("the U.S. and U.K. envoys"), "the U.S. and U.K. envoys");
    assert_eq!(toks("J. R. R. Tolkien wrote"), "J. R. R. Tolkien wrote");
    assert_eq!(toks("at 9 a.m. local time"), "at 9 a.m. local time");
    assert_eq!(toks("No. 10 Downing Street"), "No. 10 Downing Street");
}

#[test]
fn abbreviation_with_hyphen_stays_one_token() {
    assert_eq!(toks("a U.N.-backed plan"), "a U.N.-backed plan");
    assert_eq!(toks("the U.S.-led coalition"), "the U.S.-led coalition");
}

#[test]
fn hyphens_split_except_after_prefixes_and_in_phone_numbers() {
    assert_eq!(
        toks("a long-term, so-called plan"),
        "a long - term , so - called plan"
    );
    assert_eq!(
        toks("an e-mail to the co-founder"),
        "an e-mail to the co-founder"
    );
    assert_eq!(
        toks("non-aligned anti-war pre-election"),
        "non-aligned anti-war pre-election"
    );
    assert_eq!(
        toks("won 3-4 on call 555-1234"),
        "won 3 - 4 on call 555-1234"
    );
}

#[test]
fn numbers_money_and_percentages() {
    assert_eq!(
        toks("It cost $1.13bn, or 1,000.5 times 76% of the 22 million"),
        "It cost $ 1.13 bn , or 1,000.5 times 76 % of the 22 million"
    );
    assert_eq!(
        toks("at 10:30 on 11/28/2000 after 9/11"),
        "at 10:30 on 11/28/2000 after 9/11"
    );
    assert_eq!(
        toks("the 1990s and 21st century at 5pm"),
        "the 1990s and 21st century at 5 pm"
    );
}

#[test]
fn punctuation_quotes_dashes_ellipses() {
    assert_eq!(
        toks("“Peace,” he said — again… (maybe) -- or... not!?"),
        "“ Peace , ” he said — again … ( maybe ) -- or ... not !?"
    );
    assert_eq!(toks("and/or either"), "and / or either");
}

#[test]
fn urls_and_emails_are_one_token() {
    assert_eq!(
        toks("See https://example.org/a-b?x=1, or mail press@example.com."),
        "See https://example.org/a-b?x=1 , or mail press@example.com ."
    );
    assert_eq!(toks("(www.example.com)"), "( www.example.com )");
}

#[test]
fn tokenize_a_span_uses_text_offsets() {
    let text = "Ignore this. Tokens here aren't many.";
    let start = text.find("Tokens").unwrap();
    let (tokens, mwts) = tokenize(text, start, text.len());
    let forms: Vec<&str> = tokens.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(forms, ["Tokens", "here", "are", "n't", "many", "."]);
    assert_eq!(mwts.len(), 1);
    assert_eq!((mwts[0].first, mwts[0].last), (2, 3));
    for t in &tokens {
        assert_eq!(&text[t.start..t.end], t.form);
    }
    // Out-of-range and mid-character bounds are clamped, never a panic.
    let (t, _) = tokenize("é ok", 1, 99);
    assert!(t.iter().all(|t| t.form == "ok" || t.form == "é"));
}

#[test]
fn hyphenated_word_ending_in_an_abbreviation() {
    assert_eq!(toks("Doe, R-Ariz., said"), "Doe , R - Ariz. , said");
}

#[test]
fn an_abbreviation_ending_a_sentence_gives_up_its_period() {
    // EWT writes the full stop separately ("etc" "."); mid-sentence the period stays.
    assert_eq!(
        toks("Talks stalled in the U.S. The next day, etc., envoys left, etc."),
        "Talks stalled in the U.S . The next day , etc. , envoys left , etc ."
    );
    assert_eq!(
        toks("He joined “Acme Inc.” Then he left."),
        "He joined “ Acme Inc . ” Then he left ."
    );
}

#[test]
fn url_keeps_its_own_brackets() {
    assert_eq!(
        toks("(see https://en.wikipedia.org/wiki/Foo_(bar)) now"),
        "( see https://en.wikipedia.org/wiki/Foo_(bar) ) now"
    );
}
