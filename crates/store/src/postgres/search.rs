//! Full-text search with PostgreSQL's `tsvector`: the generated column `articles.search`
//! (title + text, `english` configuration, GIN index) matched against a `tsquery` built from
//! the [`TextQuery`] terms, each bound as a parameter of `phraseto_tsquery('english', $n)`
//! (a one-word phrase is the word): terms of an OR group are joined with `||`, groups with `&&`.
//! Snippets come from `ts_headline` with private-use characters as highlight markers, which
//! are then taken out and turned into character ranges, the shape SQLite gives.

use super::conn::db_error;
use super::query::{bind, parse_date, refs, Params};
use crate::{Page, SearchHit, StoreError, TextQuery};
use postgres::Client;

/// Markers `ts_headline` puts around matched words (Unicode private-use characters, which
/// news text does not contain).
const START: char = '\u{E000}';
const STOP: char = '\u{E001}';

/// How long snippets are, in words (`ts_headline`'s MinWords / MaxWords): at most the 24
/// tokens of SQLite's snippets.
const SNIPPET_MIN_WORDS: u32 = 12;
const SNIPPET_MAX_WORDS: u32 = 24;

/// The tsquery expression of `q`, its terms bound as parameters.
pub fn tsquery_sql(q: &TextQuery, params: &mut Params) -> String {
    let groups: Vec<String> = q
        .groups
        .iter()
        .map(|g| {
            let terms: Vec<String> = g
                .iter()
                .map(|t| {
                    format!(
                        "phraseto_tsquery('english', {})",
                        bind(params, t.words.join(" "))
                    )
                })
                .collect();
            format!("({})", terms.join(" || "))
        })
        .collect();
    format!("({})", groups.join(" && "))
}

/// Take the markers out of a headline: the plain snippet and the character ranges that were
/// between a START and a STOP.
pub fn split_highlights(marked: &str) -> (String, Vec<[usize; 2]>) {
    crate::rows::split_highlights(marked, START, STOP)
}

/// Put FTS5's ellipsis (`…`) where the snippet cuts the text, as SQLite's snippets have it,
/// shifting the highlights after a leading one.
fn with_ellipses(
    full: &str,
    snippet: String,
    mut highlights: Vec<[usize; 2]>,
) -> (String, Vec<[usize; 2]>) {
    let (Some(pos), false) = (full.find(snippet.as_str()), snippet.is_empty()) else {
        return (snippet, highlights);
    };
    let cut_before = !full[..pos].trim().is_empty();
    let cut_after = !full[pos + snippet.len()..].trim().is_empty();
    let mut out = String::with_capacity(snippet.len() + 6);
    if cut_before {
        out.push('…');
        for h in &mut highlights {
            h[0] += 1;
            h[1] += 1;
        }
    }
    out.push_str(&snippet);
    if cut_after {
        out.push('…');
    }
    (out, highlights)
}

pub fn search(
    client: &mut Client,
    q: &TextQuery,
    limit: usize,
) -> Result<Vec<SearchHit>, StoreError> {
    if limit > Page::MAX_LIMIT {
        return Err(StoreError::BadQuery(format!(
            "limit {limit} is above the maximum {}",
            Page::MAX_LIMIT
        )));
    }
    let mut params = Params::new();
    let tsq = tsquery_sql(q, &mut params);
    let lim = bind(&mut params, i64::try_from(limit).unwrap_or(0));
    let opts = bind(
        &mut params,
        format!(
            "StartSel={START}, StopSel={STOP}, MinWords={SNIPPET_MIN_WORDS}, MaxWords={SNIPPET_MAX_WORDS}"
        ),
    );
    // Rank first, then make headlines for the hits only (ts_headline re-parses the text).
    // Like FTS5's snippet(-1), the snippet comes from the body unless only the title matched.
    let sql = format!(
        "WITH q AS (SELECT {tsq} AS q),
         hits AS (SELECT a.id, a.date, a.title, coalesce(nullif(a.text, ''), a.fts_body, '') AS body,
                         ts_rank_cd(a.search, q.q)::FLOAT8 AS score
                  FROM articles a, q WHERE a.search @@ q.q
                  ORDER BY score DESC, a.id COLLATE \"C\" LIMIT {lim})
         SELECT h.id, to_char(h.date, 'YYYY-MM-DD'), h.title, h.body,
                ts_headline('english', h.body, q.q, {opts}),
                ts_headline('english', coalesce(h.title, ''), q.q, {opts}), h.score
         FROM hits h, q ORDER BY h.score DESC, h.id COLLATE \"C\""
    );
    let rows = client.query(&sql, &refs(&params)).map_err(db_error)?;
    let mut hits = Vec::with_capacity(rows.len());
    for r in rows {
        let title: Option<String> = r.get(2);
        let body: &str = r.get(3);
        let (mut snippet, mut highlights) = split_highlights(r.get(4));
        let mut full = body;
        if highlights.is_empty() {
            let (t, th) = split_highlights(r.get(5));
            if !th.is_empty() {
                (snippet, highlights) = (t, th);
                full = title.as_deref().unwrap_or("");
            }
        }
        let (snippet, highlights) = with_ellipses(full, snippet, highlights);
        hits.push(SearchHit {
            article: r.get(0),
            date: parse_date(r.get(1))?,
            title: title.filter(|t| !t.is_empty()),
            snippet,
            highlights,
            score: r.get(6),
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_character_ranges_of_the_snippet() {
        let marked = format!("Der {START}Präsident{STOP} traf {START}Iran{STOP}s Führung");
        let (s, h) = split_highlights(&marked);
        assert_eq!(s, "Der Präsident traf Irans Führung");
        assert_eq!(h, vec![[4, 13], [19, 23]]);
        let chars: Vec<char> = s.chars().collect();
        assert_eq!(chars[4..13].iter().collect::<String>(), "Präsident");
    }

    #[test]
    fn ellipses_mark_cut_text() {
        let full = "One two three four five.";
        let (s, h) = with_ellipses(full, "two three".into(), vec![[4, 9]]);
        assert_eq!(s, "…two three…");
        assert_eq!(h, vec![[5, 10]]);
        let (s, _) = with_ellipses(full, full.into(), vec![]);
        assert_eq!(s, full);
    }

    #[test]
    fn terms_are_bound_not_spliced() {
        let q = TextQuery::parse("Iran OR \"grain deal\" sanctions").unwrap();
        let mut p = Params::new();
        let sql = tsquery_sql(&q, &mut p);
        assert_eq!(
            sql,
            "((phraseto_tsquery('english', $1) || phraseto_tsquery('english', $2)) && (phraseto_tsquery('english', $3)))"
        );
        assert_eq!(p.len(), 3);
    }
}
