//! Segment text from stdin and print one sentence per line, tokens separated by spaces
//! (multiword tokens as `surface{word|word}`), or with `--spans` the byte span of each
//! sentence as `S start end` followed by `T start end` for each surface token (for comparing against other segmentations).
//!
//! `echo "It's 5pm in the U.S. The end." | cargo run --release -p dyad-text --example segment`

use std::io::Read;

fn main() -> std::io::Result<()> {
    let spans = std::env::args().any(|a| a == "--spans");
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    for s in dyad_text::segment(&text) {
        if spans {
            println!("S {} {}", s.start, s.end);
            let mut i = 0;
            for m in s.multiwords.iter().map(Some).chain([None]) {
                let upto = m.map_or(s.tokens.len(), |m| m.first);
                for t in &s.tokens[i..upto.min(s.tokens.len())] {
                    println!("T {} {}", t.start, t.end);
                }
                if let Some(m) = m {
                    println!("T {} {}", s.tokens[m.first].start, s.tokens[m.last].end);
                    i = m.last + 1;
                }
            }
            continue;
        }
        let mut line = String::new();
        let mut mw = s.multiwords.iter().peekable();
        let mut i = 0;
        while i < s.tokens.len() {
            if !line.is_empty() {
                line.push(' ');
            }
            match mw.peek() {
                Some(m) if m.first == i => {
                    line.push_str(&text[s.tokens[m.first].start..s.tokens[m.last].end]);
                    line.push('{');
                    let words: Vec<&str> = s.tokens[m.first..=m.last]
                        .iter()
                        .map(|t| t.form.as_str())
                        .collect();
                    line.push_str(&words.join("|"));
                    line.push('}');
                    i = m.last + 1;
                    mw.next();
                }
                _ => {
                    line.push_str(&s.tokens[i].form);
                    i += 1;
                }
            }
        }
        println!("{line}");
    }
    Ok(())
}
