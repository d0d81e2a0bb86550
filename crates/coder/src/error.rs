//! Error types shared by the data loaders.
//!
//! Loaders distinguish two kinds of failure:
//!
//! * a [`LoadError`] means the file as a whole could not be used (missing, unreadable,
//!   wrong header) and nothing was loaded;
//! * a [`LineError`] means one line was malformed. It is collected next to what did load,
//!   so that one typo in a 50,000-line user dictionary never stops the rest from loading.

use std::path::Path;

/// One malformed line: `file:line: reason`, like a compiler diagnostic, so editors can jump
/// straight to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct LineError {
    /// The file name (as given to the loader) or a label for in-memory text.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with the line, in words.
    pub reason: String,
}

impl LineError {
    /// Builds an error for `line` (1-based) of `file`.
    pub fn new(file: &str, line: usize, reason: impl Into<String>) -> Self {
        LineError {
            file: file.to_string(),
            line,
            reason: reason.into(),
        }
    }
}

/// A failure that prevents a whole file from loading.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but cannot be used at all (e.g. a missing header row).
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

/// Reads a text file, accepting UTF-8 and falling back to Latin-1 for legacy dictionaries
/// (TABARI-era files were often edited in 8-bit encodings). Each byte of a non-UTF-8 file
/// becomes the code point of the same value, so no line is lost to a decoding error.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

/// The files of `dir` whose names end in `.ext`, in name order (dictionary folders).
pub(crate) fn files_with_extension(
    dir: &Path,
    ext: &str,
) -> Result<Vec<std::path::PathBuf>, LoadError> {
    let io = |source| LoadError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    Ok(files)
}

/// Iterates over `(1-based line number, line)` with any trailing `\r` removed, so files with
/// Windows line endings (two of the universal_petrarch files) parse like the others.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}
