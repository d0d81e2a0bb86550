//! Full-text search with FTS5: `TextQuery::to_fts5` as the MATCH expression (bound as a
//! parameter), bm25 ranking, and a snippet whose matched words come back as character ranges.

use super::query::parse_date;
use super::SqliteStore;
use crate::{Page, SearchHit, StoreError, TextQuery};

/// Private-use characters FTS5 puts around matched words in the snippet; removed from the
/// text we return and turned into [`SearchHit::highlights`].
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Words of context in a snippet.
const SNIPPET_TOKENS: i64 = 24;

/// Strip the markers from a snippet: the plain text and the character ranges between them.
fn unmark(marked: &str) -> (String, Vec<[usize; 2]>) {
    crate::rows::split_highlights(marked, OPEN, CLOSE)
}

pub(super) fn search(
    store: &mut SqliteStore,
    query: &TextQuery,
    limit: usize,
) -> Result<Vec<SearchHit>, StoreError> {
    if limit > Page::MAX_LIMIT {
        return Err(StoreError::BadQuery(format!(
            "limit {limit} is above the maximum {}",
            Page::MAX_LIMIT
        )));
    }
    let mut stmt = store
        .conn
        .prepare_cached(
            "SELECT a.id, a.date, a.title,
                    snippet(articles_fts, -1, ?3, ?4, '…', ?5), bm25(articles_fts)
             FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?1
             ORDER BY bm25(articles_fts), a.id LIMIT ?2",
        )
        .map_err(|e| store.err(e))?;
    let rows = stmt
        .query_map(
            rusqlite::params![
                query.to_fts5(),
                i64::try_from(limit).unwrap_or(0),
                OPEN.to_string(),
                CLOSE.to_string(),
                SNIPPET_TOKENS
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, f64>(4)?,
                ))
            },
        )
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| super::map_err(&store.what, e))?;
    let mut hits = Vec::with_capacity(rows.len());
    for (article, date, title, marked, bm25) in rows {
        let (snippet, highlights) = unmark(&marked);
        hits.push(SearchHit {
            article,
            date: parse_date(date)?,
            title: title.filter(|t| !t.is_empty()),
            snippet,
            highlights,
            // bm25() is lower for better matches; the contract wants higher = better.
            score: -bm25,
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_char_ranges() {
        let (t, r) = unmark("Erdoğan \u{E000}met\u{E001} Putin in \u{E000}Sochi\u{E001}.");
        assert_eq!(t, "Erdoğan met Putin in Sochi.");
        assert_eq!(r, vec![[8, 11], [21, 26]]);
        let chars: Vec<char> = t.chars().collect();
        assert_eq!(chars[21..26].iter().collect::<String>(), "Sochi");
    }
}
