//! Source files, byte spans, and finding the `.ron` files under a folder.
//!
//! Every name a user writes in a rule or action file is read as a [`Spanned`]
//! value, so that later stages (name resolution, type checks, scenario
//! expectations) can point at the exact place in the file, long after the RON
//! text has been parsed.

use std::ops::Range;
use std::sync::Arc;

use ron::value::RawValue;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};

/// A file the user gave us (or one embedded in the binary), with its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in messages, e.g. `rules/law/50-usc-3093.ron`.
    pub name: String,
    /// The whole text of the file.
    pub text: Arc<String>,
    /// The byte offset where each line starts, built on first use, so that
    /// placing many diagnostics costs O(log n) each, not a rescan of the text.
    line_starts: Arc<std::sync::OnceLock<Vec<usize>>>,
    /// The text as errors show it (control characters made visible), built
    /// once however many errors quote it.
    shown: Arc<std::sync::OnceLock<Arc<String>>>,
}

impl SourceFile {
    /// Wraps a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: Arc::new(text.into()),
            line_starts: Arc::default(),
            shown: Arc::default(),
        }
    }

    /// The text as an error shows it under its message: control characters
    /// replaced byte for byte (see [`crate::diagnostic::visible`]), so spans
    /// still fit. Computed once per file.
    pub fn shown_text(&self) -> Arc<String> {
        Arc::clone(
            self.shown
                .get_or_init(|| match crate::diagnostic::visible(&self.text) {
                    std::borrow::Cow::Borrowed(_) => Arc::clone(&self.text),
                    std::borrow::Cow::Owned(safe) => Arc::new(safe),
                }),
        )
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }

    /// The length in bytes of a 1-based line, without its line break.
    pub fn line_length(&self, line: usize) -> usize {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return 0;
        };
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        end.saturating_sub(start)
    }

    /// The byte offset of a 1-based line and character column, as ron reports them.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let starts = self.line_starts();
        let Some(&start) = line.checked_sub(1).and_then(|l| starts.get(l)) else {
            return self.text.len();
        };
        // The line with its line break, as the column may point just past it.
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        let rest = self.text.get(start..end).unwrap_or("");
        let prefix: usize = rest
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + prefix
    }
}

/// A value read from RON together with where it stood in the source text.
///
/// The position is kept as the address of the borrowed source slice; it is
/// turned into a byte range with [`Spanned::span_in`] against the file it
/// came from. Equality and hashing look at the value only.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    /// The parsed value.
    pub value: T,
    address: usize,
    len: usize,
}

impl<T> Spanned<T> {
    /// A value that was not read from any file (built by code or tests).
    pub fn detached(value: T) -> Self {
        Self {
            value,
            address: 0,
            len: 0,
        }
    }

    /// The byte range of this value within `file`, if it was read from it.
    pub fn span_in(&self, file: &SourceFile) -> Option<Range<usize>> {
        let base = file.text.as_ptr() as usize;
        let start = self.address.checked_sub(base)?;
        let end = start.checked_add(self.len)?;
        (end <= file.text.len() && self.address != 0).then_some(start..end)
    }
}

impl<T> Spanned<T> {
    /// The same position with another value (a converted form of this one).
    pub fn map_to<U>(&self, value: U) -> Spanned<U> {
        Spanned {
            value,
            address: self.address,
            len: self.len,
        }
    }
}

impl Spanned<String> {
    /// The string value.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // ron hands a raw value out as a slice of the input it is parsing, so
        // the slice's address tells us where the value stands in the file.
        let raw: &RawValue = <&RawValue>::deserialize(deserializer)?;
        let raw = raw.trim();
        let text = raw.get_ron();
        let value = raw
            .into_rust::<T>()
            .map_err(|error| D::Error::custom(error.code))?;
        Ok(Self {
            value,
            address: text.as_ptr() as usize,
            len: text.len(),
        })
    }
}

/// The `.ron` files in `dir`, sorted by path; with `recursive`, those in its
/// subfolders too (symbolic links followed, through `walkdir`). The one
/// directory walker: the build script, the rules folder, the scenario
/// folders and the tests all use it.
pub fn ron_files(
    dir: &std::path::Path,
    recursive: bool,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    let depth = if recursive { usize::MAX } else { 1 };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(depth)
        .follow_links(true)
    {
        let entry = entry.map_err(std::io::Error::from)?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "ron") {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

/// Reads a rule or action file for the tool: at most
/// [`crate::parse::MAX_FILE_BYTES`] are read (a longer file, or a device
/// such as `/dev/zero`, is refused before more is read), and a UTF-8 byte
/// order mark is dropped. The one file reader: the rules folder, action
/// files, scenarios and proposals all come through it.
pub fn read_text(reader: impl std::io::Read) -> Result<String, FileError> {
    use std::io::Read as _;
    let limit = crate::parse::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    reader
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| FileError::Read {
            reason: error.to_string().to_lowercase(),
        })?;
    if bytes.len() > limit {
        return Err(FileError::TooLarge {
            mib: limit / (1024 * 1024),
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| FileError::Read {
        reason: String::from("stream did not contain valid utf-8"),
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Reads the file at `path` with [`read_text`].
pub fn read_path(path: &std::path::Path) -> Result<String, FileError> {
    let file = std::fs::File::open(path).map_err(|error| FileError::Read {
        reason: error.to_string().to_lowercase(),
    })?;
    read_text(file)
}

/// Writes a file so that it is either all there or not changed: the text
/// goes to a temporary file in the same folder, is flushed to disk, and is
/// then renamed over `path` (a rename within a folder is atomic). A kill at
/// any moment leaves the old file or the new one, never a truncated one.
pub fn write_atomically(path: &std::path::Path, text: &str) -> Result<(), FileError> {
    use std::io::Write as _;
    let write_error = |error: std::io::Error| FileError::Write {
        reason: error.to_string().to_lowercase(),
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = renamed {
        let _ = std::fs::remove_file(&temporary);
        return Err(write_error(error));
    }
    Ok(())
}

/// A file or directory that could not be read or written; every stage
/// that touches the file system reports these.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum FileError {
    /// A file that could not be read.
    #[error("cannot read file: {reason}")]
    #[diagnostic(code(oversight::file::read))]
    Read {
        /// What the system said.
        reason: String,
    },
    /// A directory that could not be listed.
    #[error("cannot read directory: {reason}")]
    #[diagnostic(code(oversight::file::read_dir))]
    ReadDir {
        /// What the system said.
        reason: String,
    },
    /// A directory that could not be created.
    #[error("cannot create directory: {reason}")]
    #[diagnostic(code(oversight::file::create_dir))]
    CreateDir {
        /// What the system said.
        reason: String,
    },
    /// A file that could not be written.
    #[error("cannot write file: {reason}")]
    #[diagnostic(code(oversight::file::write))]
    Write {
        /// What the system said.
        reason: String,
    },
    /// A file over the size limit.
    #[error("file is larger than the {mib} MiB limit")]
    #[diagnostic(code(oversight::file::too_large))]
    TooLarge {
        /// The limit in MiB.
        mib: usize,
    },
    /// A path that names nothing.
    #[error("no such file or directory")]
    #[diagnostic(code(oversight::file::not_found))]
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let file = SourceFile::new("x.ron", "ab\né€x\n");
        assert_eq!(file.line_col(0), (1, 1));
        let x = file.text.find('x').unwrap_or_default();
        assert_eq!(file.line_col(x), (2, 3));
        assert_eq!(file.offset_of(2, 3), x);
    }

    #[test]
    fn spanned_strings_know_where_they_stood() {
        let file = SourceFile::new("x.ron", r#"(a: "first", b:   "second")"#);
        #[derive(serde::Deserialize)]
        struct Pair {
            a: Spanned<String>,
            b: Spanned<String>,
        }
        let pair: Pair = ron::from_str(&file.text).unwrap_or_else(|e| panic!("{e}"));
        let span = pair.b.span_in(&file).unwrap_or_default();
        assert_eq!(&file.text[span], "\"second\"");
        assert_eq!(pair.a.as_str(), "first");
    }
}
