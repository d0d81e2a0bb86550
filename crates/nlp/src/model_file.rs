//! The on-disk container shared by every dyad model (tagger, lemmatizer, parser).
//!
//! A model file is one JSON header line (what made the model and how good it is, readable
//! with `head -1`) followed by the component's binary payload:
//!
//! ```text
//! {"format":"dyad-model","kind":"tagger","version":1,"command":"dyad train tagger ...", ...}\n
//! <payload bytes>
//! ```
//!
//! The payload layout belongs to each component; [`ByteWriter`]/[`ByteReader`] give them
//! little-endian primitives so that no component needs its own serializer.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Errors when reading or writing a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a dyad model file: {reason}")]
    Format { path: String, reason: String },
    #[error("{path}: a {found} model, expected a {expected} model")]
    Kind {
        path: String,
        found: String,
        expected: String,
    },
    #[error("model payload is truncated or corrupt: {0}")]
    Payload(String),
}

/// The header line: provenance and scores of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelHeader {
    /// Always `dyad-model`.
    pub format: String,
    /// `tagger`, `lemmatizer` or `parser`.
    pub kind: String,
    /// Payload layout version of that kind.
    pub version: u32,
    /// The command line that trained the model.
    pub command: String,
    /// The training and dev files used (file names only).
    pub data: Vec<String>,
    /// Seed of the training run.
    pub seed: u64,
    /// Dev-set scores, e.g. {"upos": 96.9}.
    pub scores: serde_json::Map<String, serde_json::Value>,
    /// dyad version that wrote the model.
    pub dyad_version: String,
}

impl ModelHeader {
    pub fn new(kind: &str, version: u32) -> Self {
        ModelHeader {
            format: "dyad-model".into(),
            kind: kind.into(),
            version,
            command: String::new(),
            data: Vec::new(),
            seed: 0,
            scores: serde_json::Map::new(),
            dyad_version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// Write a header line and payload to `path`.
pub fn write_model(path: &Path, header: &ModelHeader, payload: &[u8]) -> Result<(), ModelError> {
    let io = |source| ModelError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut bytes = serde_json::to_vec(header).map_err(|e| ModelError::Format {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    bytes.push(b'\n');
    bytes.extend_from_slice(payload);
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
    }
    std::fs::write(path, bytes).map_err(io)
}

/// Read a model file, checking that it is of the `expected` kind.
pub fn read_model(path: &Path, expected: &str) -> Result<(ModelHeader, Vec<u8>), ModelError> {
    let p = path.display().to_string();
    let mut bytes = std::fs::read(path).map_err(|source| ModelError::Io {
        path: p.clone(),
        source,
    })?;
    let nl = bytes
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| ModelError::Format {
            path: p.clone(),
            reason: "no header line".into(),
        })?;
    let header: ModelHeader =
        serde_json::from_slice(&bytes[..nl]).map_err(|e| ModelError::Format {
            path: p.clone(),
            reason: e.to_string(),
        })?;
    if header.format != "dyad-model" {
        return Err(ModelError::Format {
            path: p,
            reason: format!("format {:?}", header.format),
        });
    }
    if header.kind != expected {
        return Err(ModelError::Kind {
            path: p,
            found: header.kind,
            expected: expected.into(),
        });
    }
    bytes.drain(..=nl);
    Ok((header, bytes))
}

/// Appends little-endian primitives to a payload.
#[derive(Default)]
pub struct ByteWriter {
    pub buf: Vec<u8>,
}

impl ByteWriter {
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn f32s(&mut self, v: &[f32]) {
        self.u64(v.len() as u64);
        for x in v {
            self.f32(*x);
        }
    }
    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
}

/// Reads little-endian primitives back; every read is bounds-checked.
pub struct ByteReader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        ByteReader { buf, pos: 0 }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| {
                ModelError::Payload(format!("wanted {n} bytes at offset {}", self.pos))
            })?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|e| ModelError::Payload(e.to_string()))
    }
    pub fn f32s(&mut self) -> Result<Vec<f32>, ModelError> {
        let n = self.u64()? as usize;
        let b = self.take(
            n.checked_mul(4)
                .ok_or_else(|| ModelError::Payload("length".into()))?,
        )?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.u32()? as usize;
        (0..n).map(|_| self.str()).collect()
    }
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_kind_check() {
        let dir = std::env::temp_dir().join(format!("dyad-model-test-{}", std::process::id()));
        let path = dir.join("m.bin");
        let mut h = ModelHeader::new("tagger", 1);
        h.scores.insert("upos".into(), serde_json::json!(97.1));
        let mut w = ByteWriter::default();
        w.str("NOUN");
        w.f32s(&[1.5, -2.0]);
        write_model(&path, &h, &w.buf).unwrap();
        let (h2, payload) = read_model(&path, "tagger").unwrap();
        assert_eq!(h2, h);
        let mut r = ByteReader::new(&payload);
        assert_eq!(r.str().unwrap(), "NOUN");
        assert_eq!(r.f32s().unwrap(), vec![1.5, -2.0]);
        assert!(
            r.u32().is_err(),
            "reading past the end must fail, not panic"
        );
        assert!(matches!(
            read_model(&path, "parser"),
            Err(ModelError::Kind { .. })
        ));
        std::fs::remove_dir_all(&dir).ok();
    }
}
