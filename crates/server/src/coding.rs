//! Coding articles posted to `POST /api/ingest`: the same pipeline as `dyad code` (split,
//! tag, lemmatize, parse, code events), turning each article into a [`CodedArticle`].

use crate::error::ApiError;
use dyad_store::{CodedArticle, SentenceRecord};
use dyad_text::reader::{read_stream, InputFormat, ReaderOptions};
use dyad_text::Document;

/// Turns one article into what the store keeps. Shared by the server's worker threads.
pub trait ArticleCoder: Send + Sync {
    fn code(&self, doc: &Document) -> CodedArticle;
}

/// dyad's own NLP pipeline and event coder, loaded once (see `dyad serve --data`).
pub struct PipelineCoder {
    pub pipeline: dyad_nlp::pipeline::Pipeline,
    pub coder: dyad_coder::engine::EventCoder,
}

impl ArticleCoder for PipelineCoder {
    fn code(&self, doc: &Document) -> CodedArticle {
        let sentences = self.pipeline.annotate(&doc.text);
        let coded = self.coder.code(&doc.id, &doc.text, doc.date, &sentences);
        let records = sentences
            .iter()
            .enumerate()
            .map(|(index, s)| SentenceRecord {
                index,
                start: Some(dyad_text::char_offset(&doc.text, s.start)),
                end: Some(dyad_text::char_offset(&doc.text, s.end)),
                text: doc.text.get(s.start..s.end).unwrap_or("").to_string(),
            })
            .collect();
        CodedArticle {
            id: doc.id.clone(),
            date: doc.date,
            title: doc.title.clone(),
            text: doc.text.clone(),
            origin: Some(format!("{}:{}", doc.origin.path, doc.origin.line)),
            sentences: records,
            events: coded.events,
        }
    }
}

/// How many line errors a 400 answer lists before it says "and N more".
const LISTED_ERRORS: usize = 10;

/// The articles of a JSONL request body (one article object a line: `id`, `date`, `title`,
/// `text`, as `dyad code --input-format jsonl` reads them). Any bad line rejects the whole
/// request, with every reason as `line N: reason`, so a batch is stored whole or not at all.
pub fn read_articles(body: &[u8]) -> Result<Vec<Document>, ApiError> {
    let stream = read_stream(
        "request body",
        std::io::Cursor::new(body),
        InputFormat::Jsonl,
        &ReaderOptions::default(),
    );
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for item in stream {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(format!("line {}: {}", e.line, e.reason)),
        }
    }
    if !errors.is_empty() {
        let n = errors.len();
        let mut listed: Vec<String> = errors.into_iter().take(LISTED_ERRORS).collect();
        if n > LISTED_ERRORS {
            listed.push(format!("and {} more", n - LISTED_ERRORS));
        }
        return Err(ApiError::BadRequest(format!(
            "{n} bad article line(s), nothing stored: {}",
            listed.join("; ")
        )));
    }
    if docs.is_empty() {
        return Err(ApiError::BadRequest(
            "the body holds no article: send JSON Lines, one {\"id\", \"date\", \"title\", \"text\"} object a line".into(),
        ));
    }
    Ok(docs)
}
