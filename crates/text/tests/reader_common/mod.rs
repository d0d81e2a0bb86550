//! Helpers shared by the reader tests.
#![allow(dead_code)]

use dyad_text::reader::{read_stream, InputFormat, ReadError, ReaderOptions};
use dyad_text::Document;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A fresh folder under the system temp folder, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("dyad-reader-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Write `bytes` to `rel` (creating folders), returning the full path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Write `bytes` gzip-compressed to `rel`.
    pub fn write_gz(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        self.write(rel, &gzip(bytes))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Read a whole in-memory stream, splitting articles from errors.
pub fn read(name: &str, input: &[u8], format: InputFormat) -> (Vec<Document>, Vec<ReadError>) {
    read_with(name, input, format, &ReaderOptions::default())
}

pub fn read_with(
    name: &str,
    input: &[u8],
    format: InputFormat,
    opts: &ReaderOptions,
) -> (Vec<Document>, Vec<ReadError>) {
    split(read_stream(name, input, format, opts))
}

pub fn split(
    items: impl Iterator<Item = Result<Document, ReadError>>,
) -> (Vec<Document>, Vec<ReadError>) {
    let (mut docs, mut errs) = (Vec::new(), Vec::new());
    for item in items {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}
