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
}

impl SourceFile {
    /// Wraps a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: Arc::new(text.into()),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// The byte offset of a 1-based line and character column, as ron reports them.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut offset = 0;
        for (index, text) in self.text.split_inclusive('\n').enumerate() {
            if index + 1 == line {
                let prefix: usize = text
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                return offset + prefix;
            }
            offset += text.len();
        }
        self.text.len()
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
