//! End-to-end tests of the `dyad` binary: real processes, real files, real output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found (../shared is absent)", p.display());
        None
    }
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("dyad runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-cli-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn split_seed_article_sentences_and_tokens() {
    let Some(seed) = shared("examples/000_05a1120774ca292b.txt") else {
        return;
    };
    let out = run(dyad().arg("split").arg(&seed));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines.len() > 25,
        "the seed article has about 30 sentences, got {}",
        lines.len()
    );
    let first = lines[0]["text"].as_str().unwrap();
    assert!(first.starts_with("Russian President Vladimir Putin won staunch support"));
    assert!(
        first.ends_with("Russia."),
        "first sentence ends at 'Russia.': {first:?}"
    );
    let forms = |v: &serde_json::Value| -> Vec<String> {
        v["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["form"].as_str().unwrap().to_string())
            .collect()
    };
    let all: Vec<Vec<String>> = lines.iter().map(forms).collect();
    assert!(
        all.iter().flatten().any(|f| f == "U.N.-backed"),
        "U.N.-backed stays one token"
    );
    let ankara = all
        .iter()
        .find(|s| s.contains(&"Ankara".to_string()))
        .unwrap();
    let i = ankara.iter().position(|f| f == "has").unwrap();
    assert_eq!(ankara[i + 1], "n't", "hasn't -> has n't: {ankara:?}");
    // Offsets are characters into the article text and slice each token exactly.
    let text = std::fs::read_to_string(&seed).unwrap();
    let body: Vec<char> = text
        .trim_start()
        .trim_start_matches("date 2022-07-20")
        .trim()
        .chars()
        .collect();
    for s in &lines {
        for t in s["tokens"].as_array().unwrap() {
            let (a, b) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            let slice: String = body[a..b].iter().collect();
            assert_eq!(slice, t["form"].as_str().unwrap());
        }
    }
}

#[test]
fn split_conllu_output_reads_back() {
    let out = run(dyad()
        .args(["split", "--format", "conllu"])
        .arg(repo("examples")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let sents: Vec<_> = dyad_text::conllu::ConlluReader::new(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("valid CoNLL-U");
    assert!(sents.len() >= 8);
    assert!(text.starts_with("# newdoc id = 2022-07-23_istanbul_grain_deal"));
    // "wasn't" is split as UD does, with a multiword range line for the surface token.
    assert!(sents.iter().any(|s| s
        .words
        .windows(2)
        .any(|w| w[0].form == "was" && w[1].form == "n't")
        && s.multiwords().any(|(_, _, form)| form == "wasn't")));
}

#[test]
fn bad_input_is_reported_and_the_batch_goes_on() {
    let dir = temp_dir("bad");
    std::fs::write(
        dir.join("a_good.txt"),
        " date 2022-07-20\nTurkey praised Russia on Tuesday.\n",
    )
    .unwrap();
    std::fs::write(dir.join("b_nodate.txt"), "No date line here.\n").unwrap();
    std::fs::write(dir.join("c_baddate.txt"), " date 2022-13-40\nText.\n").unwrap();
    std::fs::write(
        dir.join("d.jsonl"),
        "{\"id\":\"x1\",\"date\":\"2022-07-20\",\"text\":\"Iran thanked Russia.\"}\n{not json}\n{\"id\":\"x2\",\"date\":\"2022-07-21\",\"text\":\"Israel met Egypt.\"}\n",
    )
    .unwrap();
    let out = run(dyad().arg("split").arg(&dir));
    assert_eq!(
        out.status.code(),
        Some(3),
        "exit code 3 says some input was rejected"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b_nodate.txt:1:"), "{err}");
    assert!(err.contains("c_baddate.txt:1:"), "{err}");
    assert!(err.contains("d.jsonl:2:"), "{err}");
    let text = stdout(&out);
    let articles: std::collections::BTreeSet<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["article"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        articles.into_iter().collect::<Vec<_>>(),
        vec!["a_good", "x1", "x2"]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn code_runs_on_examples_and_writes_the_csv_header() {
    let out = run(dyad()
        .args(["code", "--format", "csv"])
        .arg(repo("examples")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert_eq!(
        text.lines().next().unwrap(),
        dyad_coder::CSV_COLUMNS.join(",")
    );
}

#[test]
fn stdin_jsonl_streaming() {
    let mut child = dyad()
        .args(["split", "--input-format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(
            stdin,
            "{{\"id\":\"s1\",\"date\":\"2022-07-20\",\"text\":\"Putin met Raisi. They talked.\"}}"
        )
        .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let n = stdout(&out).lines().count();
    assert_eq!(n, 2, "two sentences");
}

#[test]
fn help_explains_commands_with_examples() {
    let out = run(dyad().arg("--help"));
    let text = stdout(&out);
    for cmd in ["code", "split", "parse", "eval", "train"] {
        assert!(text.contains(cmd), "--help lists {cmd}");
    }
    assert!(text.contains("Examples:"));
    let out = run(dyad().args(["code", "--help"]));
    assert!(stdout(&out).contains("--format"));
}

#[test]
fn actors_lookup_depends_on_the_date_and_check_is_clean() {
    let out = run(dyad().args(["actors", "Joe Biden", "--date", "2019-06-01"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("on 2019-06-01: USAELI"),
        "{}",
        stdout(&out)
    );
    let out = run(dyad().args(["actors", "Biden", "--date", "2022-07-20"]));
    assert!(
        stdout(&out).contains("on 2022-07-20: USAGOV"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("leaders.actors:"),
        "names the entry's file and line"
    );
    let out = run(dyad().args(["actors", "--check"]));
    assert!(out.status.success(), "{}", stdout(&out));
    // A user's own dictionary with a bad line: reported with file:line, the check fails.
    let dir = temp_dir("actors");
    let bad = dir.join("mine.actors");
    std::fs::write(
        &bad,
        "person | Jane Doe | Doe | XYZGOV 2020-01-01.. | f\nperson | Broken | | lowercase |\n",
    )
    .unwrap();
    let out = run(dyad().args(["actors", "--check", "--actors"]).arg(&bad));
    assert!(!out.status.success());
    assert!(stdout(&out).contains("mine.actors:2:"), "{}", stdout(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dict_import_petrarch_reproduces_the_committed_files() {
    let Some(cameo) = shared("cameo") else { return };
    let dir = temp_dir("import");
    let out = run(dyad()
        .args(["dict", "import-petrarch"])
        .arg(&cameo)
        .arg("--out")
        .arg(&dir));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "countries.actors",
        "international.actors",
        "nonstate.actors",
        "agents.actors",
        "cameo.verbs",
    ] {
        let made = std::fs::read(dir.join(f)).unwrap();
        let committed = std::fs::read(repo("data/dict/petrarch").join(f)).unwrap();
        assert!(
            made == committed,
            "{f} differs from data/dict/petrarch/{f}: rerun the import"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn train_lemmatizer_writes_a_model_with_its_provenance() {
    let (Some(train), Some(dev)) = (
        shared("ud/en_ewt-ud-train.conllu"),
        shared("ud/en_ewt-ud-dev.conllu"),
    ) else {
        return;
    };
    let dir = temp_dir("train");
    let model = dir.join("lemmatizer.bin");
    let out = run(dyad()
        .args(["train", "lemmatizer", "--train"])
        .arg(&train)
        .arg("--dev")
        .arg(&dev)
        .arg("--out")
        .arg(&model));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&model).unwrap();
    let header_line = bytes.split(|&b| b == b'\n').next().unwrap();
    let header: serde_json::Value = serde_json::from_slice(header_line).unwrap();
    assert_eq!(header["kind"], "lemmatizer");
    assert!(header["command"]
        .as_str()
        .unwrap()
        .contains("train lemmatizer"));
    assert_eq!(header["data"][0], "en_ewt-ud-train.conllu");
    assert!(header["scores"]["dev_lemma_gold_tags"].as_f64().unwrap() > 97.0);
    let lem = dyad_nlp::lemma::Lemmatizer::load(&model).expect("the model loads");
    let mut tokens = vec![dyad_text::Token {
        upos: Some("VERB".into()),
        xpos: Some("VBD".into()),
        ..dyad_text::Token::new("sold", 0, 4)
    }];
    lem.lemmatize(&mut tokens);
    assert_eq!(tokens[0].lemma.as_deref(), Some("sell"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn code_our_example_article() {
    // examples/2022-07-23_istanbul_grain_deal.txt, checked by a person: the signing with
    // Turkish and U.N. officials, and Kyiv's accusation against Moscow.
    let out = run(dyad()
        .args(["code", "--format", "jsonl"])
        .arg(repo("examples")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: std::collections::BTreeSet<(String, String, String)> = stdout(&out)
        .lines()
        .map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
            (
                s(&e["source"]["code"]),
                s(&e["cameo"]["code"]),
                s(&e["target"]["code"]),
            )
        })
        .collect();
    for want in [
        ("RUSGOV", "057", "TURGOV"),
        ("UKRGOV", "057", "IGOUNO"),
        ("UKRGOV", "112", "RUSGOV"),
    ] {
        let want = (want.0.to_string(), want.1.to_string(), want.2.to_string());
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    // "The Kremlin denied that its forces had hit..." and "Moscow wasn't involved" are no events.
    assert!(!got
        .iter()
        .any(|(s, c, _)| s == "RUSGOV" && c.starts_with("19")));
}

#[test]
fn a_users_petrarch_dictionary_loads_as_it_is_with_its_dates() {
    let dir = temp_dir("userdict");
    let dict = dir.join("my.actors.txt");
    // PETRARCH format: primary phrase, `+` synonym, TAB-indented dated restrictions (inclusive).
    std::fs::write(
        &dict,
        "ELIZA_QUILL_\n+SENATOR_QUILL\n\t[ZZZOPP 150101-201231]\n\t[ZZZGOV >210101]\nBROKEN [\n",
    )
    .unwrap();
    let article = |date: &str| {
        let p = dir.join(format!("{date}.txt"));
        std::fs::write(&p, format!(" date {date}\nEliza Quill thanked Russia.\n")).unwrap();
        p
    };
    let code_of = |date: &str| {
        let out = run(dyad()
            .args(["code", "--format", "jsonl", "--actors"])
            .arg(&dict)
            .arg(article(date)));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        let e: serde_json::Value =
            serde_json::from_str(stdout(&out).lines().next().expect("one event")).unwrap();
        (e["source"]["code"].as_str().unwrap().to_string(), err)
    };
    let (before, err) = code_of("2019-07-20");
    assert_eq!(before, "ZZZOPP");
    assert!(
        err.contains("my.actors.txt:5:"),
        "the bad line is reported with file:line: {err}"
    );
    assert_eq!(code_of("2022-07-20").0, "ZZZGOV");
    std::fs::remove_dir_all(&dir).ok();
}

/// Code one article written here (dated text) with the real binary; the events as JSON.
fn code_article(name: &str, article: &str) -> Vec<serde_json::Value> {
    let dir = temp_dir(name);
    let f = dir.join(format!("{name}.txt"));
    std::fs::write(&f, article).unwrap();
    let out = run(dyad().args(["code", "--format", "jsonl"]).arg(&f));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn future_acts_are_coded_as_intents() {
    let events = code_article(
        "future",
        " date 2022-07-20\nPutin will meet Erdogan on Friday.\n\nRussia will attack Ukraine.\n\nIsrael will urge Egypt.\n",
    );
    let codes: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["cameo"]["code"].as_str().unwrap(),
                e["date"].as_str().unwrap(),
            )
        })
        .collect();
    // Intent to meet, dated to the coming Friday; a threat of force; no intent code for appeals.
    assert_eq!(codes, vec![("036", "2022-07-22"), ("138", "2022-07-20")]);
}

#[test]
fn a_refusal_is_a_rejection_and_not_the_refused_act() {
    let events = code_article(
        "refuse",
        " date 2022-07-20\nIran refused to meet U.S. envoys in Vienna.\n",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["cameo"]["code"], "120");
    assert_eq!(events[0]["source"]["code"], "IRN");
    assert_eq!(events[0]["target"]["code"], "USAGOV");
}

#[test]
fn the_dateline_is_not_an_actor() {
    let events = code_article(
        "dateline",
        " date 1987-03-11\nBAGHDAD, March 11 - Gunmen attacked Iranian diplomats, witnesses said.\n",
    );
    for e in &events {
        assert_ne!(
            e["source"]["text"], "BAGHDAD",
            "the dateline city became the source: {e}"
        );
    }
}

#[test]
fn a_bare_surname_is_the_person_named_before_with_a_role() {
    // A fictional minister, so that only the article says who he is.
    let events = code_article(
        "surname",
        " date 2022-07-20\nIranian Foreign Minister Zarko Velimir met Russian officials in Moscow.\n\nVelimir praised Russia on Tuesday.\n",
    );
    let praise = events
        .iter()
        .find(|e| e["cameo"]["code"] == "051")
        .expect("the praise is coded");
    assert_eq!(praise["source"]["code"], "IRNGOV");
    assert_eq!(praise["source"]["text"], "Velimir");
    assert_eq!(praise["source"]["name"], "Zarko Velimir");
}

/// (source, code, target) of each event, for short assertions.
fn triples_of(events: &[serde_json::Value]) -> Vec<(String, String, String)> {
    events
        .iter()
        .map(|e| {
            let code = |side: &str| e[side]["code"].as_str().unwrap_or("-").to_string();
            (
                code("source"),
                e["cameo"]["code"].as_str().unwrap_or("-").to_string(),
                code("target"),
            )
        })
        .collect()
}

#[test]
fn an_accusation_in_reported_speech_targets_who_the_clause_is_about() {
    let events = code_article(
        "alleged",
        " date 2023-03-14\nTurkish troops shelled a village in northern Iraq on Monday, the Iraqi government alleged.\n\nThe Iraqi government alleged that Turkish troops had shelled a village.\n\nThe Iraqi government said that Turkish troops had shelled a village.\n",
    );
    let alleged: Vec<_> = events
        .iter()
        .filter(|e| e["verb"]["text"] == "alleged")
        .collect();
    assert_eq!(alleged.len(), 2, "{:?}", triples_of(&events));
    for e in alleged {
        assert_eq!(e["source"]["code"], "IRQGOV");
        assert_eq!(e["cameo"]["code"], "112");
        assert_eq!(e["target"]["code"], "TURMIL");
    }
    // "said" is not an accusation: no 112 from the third sentence.
    assert!(
        !events
            .iter()
            .any(|e| e["sentence_index"] == 2 && e["cameo"]["code"] == "112"),
        "{:?}",
        triples_of(&events)
    );
}

#[test]
fn a_conjoined_verb_shares_its_subject_and_target() {
    let events = code_article(
        "conj-target",
        " date 2023-03-14\nThe European Union condemned Belarus and imposed new sanctions.\n\nGermany criticized Poland, and France imposed new sanctions.\n",
    );
    let got = triples_of(&events);
    assert!(
        got.contains(&("IGOEUREEC".into(), "111".into(), "BLR".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("IGOEUREEC".into(), "163".into(), "BLR".into())),
        "{got:?}"
    );
    // France has a subject of its own: its sanctions are not on Poland.
    assert!(
        !got.iter().any(|(s, c, _)| s == "FRA" && c == "163"),
        "{got:?}"
    );
}

/// The curated verb dictionary on sentences of our own, one pattern family each; a person
/// checked every expected code against the CAMEO codebook.
#[test]
fn curated_patterns_code_common_news_verbs() {
    let article = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/curated_verbs.txt"),
    )
    .unwrap();
    let events = code_article("curated-verbs", &article);
    let got = triples_of(&events);
    let expected = [
        ("POL", "114", "RUSGOV"), // summoned the Russian ambassador: official complaint
        ("DEU", "111", "HUN"),    // slammed
        ("NLD", "111", "HUN"),    // rebuked (unseen by the lemmatizer: "rebuk")
        ("USAMIL", "190", "SYR"), // launched missile strikes against militant camps in Syria
        ("ISR", "195", "LBNREB"), // carried out airstrikes on Hezbollah positions
        ("TUR", "018", "JPN"),    // offered its condolences to Japan
        ("UKR", "0232", "DEU"),   // asked Germany for more tanks
        ("LTU", "161", "BLR"),    // recalled its ambassador from Belarus
        ("USA", "162", "NER"),    // suspended military aid to Niger
        ("ARM", "164", "AZE"),    // broke off talks with
        ("RWA", "050", "BDI"),    // "Rwanda and Burundi restored diplomatic ties": mutual
        ("BDI", "050", "RWA"),
        ("QAT", "051", "RWA"),  // congratulated
        ("RUS", "0841", "UKR"), // freed two Ukrainian prisoners
        ("CHN", "139", "PHL"),  // issued an ultimatum to
        ("IRN", "0841", "USA"), // released 5 American prisoners
    ];
    for (s, c, t) in expected {
        assert!(
            got.contains(&(s.to_string(), c.to_string(), t.to_string())),
            "missing {s} {c} {t}; got {got:?}"
        );
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "unexpected extra events: {got:?}"
    );
}

#[test]
fn planned_and_scheduled_acts_are_intents() {
    let events = code_article(
        "intents",
        " date 2024-03-08\nErdogan is to meet Putin in Sochi.\n\nIran plans to attack Israel.\n\nChina intends to sanction Lithuania.\n\nBiden told Netanyahu that Washington would support Israel.\n\nThe United States would support Israel if it asked.\n",
    );
    let got = triples_of(&events);
    assert_eq!(
        got,
        vec![
            ("TURGOV".into(), "036".into(), "RUSGOV".into()), // intent to meet
            ("IRN".into(), "138".into(), "ISR".into()),       // threaten with military force
            ("CHN".into(), "1312".into(), "LTU".into()),      // threaten with sanctions
            ("USAGOV".into(), "032".into(), "ISR".into()),    // reported "would": intent
        ],
        "the conditional last sentence codes nothing"
    );
}

#[test]
fn first_person_in_quotes_is_the_speaker_and_its_troops_are_the_country_s() {
    let events = code_article(
        "quotes",
        " date 2024-03-08\n“We will support Ukraine for as long as it takes,” Scholz said.\n\n“Our forces struck Ukrainian positions,” the Russian defence ministry said.\n\nBiden spoke in Delaware. He said: “We strongly condemn Hamas.”\n\nIran said its troops had shelled Iraqi border villages.\n\nTurkey said its rice sales to Iraq had declined.\n",
    );
    let got = triples_of(&events);
    for want in [
        ("DEUGOV", "032", "UKR"),
        ("RUSMIL", "190", "UKR"),
        ("USAGOV", "111", "PSEREBHMS"),
        ("IRNMIL", "194", "IRQ"),
    ] {
        assert!(
            got.contains(&(want.0.into(), want.1.into(), want.2.into())),
            "missing {want:?}; got {got:?}"
        );
    }
    assert_eq!(got.len(), 4, "{got:?}");
}

/// Nominal events on sentences of our own: the noun's possessor/adjective/compound is the
/// source, its preposition phrase the target; history, hypotheticals and denials code nothing.
#[test]
fn nominal_events_code_nouns_that_report_acts() {
    let article = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nominal_events.txt"),
    )
    .unwrap();
    let events = code_article("nominal", &article);
    let got: Vec<(String, String, String, String)> = events
        .iter()
        .zip(triples_of(&events))
        .map(|(e, (s, c, t))| (s, c, t, e["verb"]["text"].as_str().unwrap().to_string()))
        .collect();
    let expected = [
        ("IRN", "051", "RUS", "support"),       // Iran's support for Russia
        ("USAGOV", "111", "RUS", "condemned"),  // the verb's own event
        ("RUS", "192", "UKR", "invasion"),      // Russia's invasion of Ukraine
        ("USA", "163", "IRN", "sanctions"),     // U.S. sanctions on Iran
        ("RUSGOV", "042", "IRNGOV", "visit"),   // Putin's visit to Tehran
        ("RUSGOV", "040", "IRNGOV", "meeting"), // the meeting with Raisi, Putin said
        ("USA", "190", "IRN", "attack"),        // a U.S. attack on an Iranian oil platform
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(s, c, t, v)| (s.to_string(), c.to_string(), t.to_string(), v.to_string()))
        .collect();
    // Not coded: the occupation "during World War II", the attack NATO "would have" made,
    // the attack Israel "denied".
    assert_eq!(got, expected);
}

#[test]
fn a_present_tense_claim_about_another_actor_is_not_its_act() {
    let events = code_article(
        "claims",
        " date 2024-03-08\nKhamenei said that the West opposes Russia.\n\nThe United States said it opposes Iran.\n\nMacron said France had sent tanks to Ukraine.\n",
    );
    assert_eq!(
        triples_of(&events),
        vec![
            ("USA".into(), "120".into(), "IRN".into()), // the speaker's own stance
            ("FRA".into(), "072".into(), "UKR".into()), // a reported past act
        ]
    );
}

#[test]
fn the_turkish_leader_is_the_turkish_leader_named_before() {
    let events = code_article(
        "leader",
        " date 2022-07-20\nErdogan met Putin in Tehran. The Turkish leader praised Russia.\n\nMacron met Scholz. The French prime minister thanked Germany.\n",
    );
    let source = |i: usize| {
        (
            events[i]["source"]["code"].as_str().unwrap().to_string(),
            events[i]["source"]["name"].as_str().map(str::to_string),
        )
    };
    assert_eq!(events.len(), 4, "{:?}", triples_of(&events));
    assert_eq!(
        source(1),
        ("TURGOV".into(), Some("Recep Tayyip Erdogan".into()))
    );
    // Another office of the same government is not the person named before.
    assert_eq!(source(3), ("FRAGOV".into(), None));
}

#[test]
fn conjoined_subjects_of_a_mutual_act_act_on_each_other() {
    let events = code_article(
        "mutual",
        " date 2024-03-08\nPutin and Erdogan met in Sochi.\n\nRussia and China sold weapons.\n\nJapan welcomed the resumption of talks between Armenia and Azerbaijan.\n",
    );
    assert_eq!(
        triples_of(&events),
        vec![
            ("RUSGOV".into(), "040".into(), "TURGOV".into()),
            ("TURGOV".into(), "040".into(), "RUSGOV".into()),
            // Not mutual: selling weapons has a buyer, not named here.
            // The nearest actor of the phrase and those conjoined to it.
            ("JPN".into(), "051".into(), "ARM".into()),
            ("JPN".into(), "051".into(), "AZE".into()),
        ]
    );
}
