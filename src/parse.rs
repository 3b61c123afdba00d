//! RON text to syntax types, with ron's errors turned into diagnostics.

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, did_you_mean, quoted_list};
use crate::source::SourceFile;

/// Input larger than this is refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Parses a whole file. Authors never write `Some(...)` and may write a rule
/// as `Notice(id: ...)` rather than `Notice((id: ...))`.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    if file.text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::in_file(
            &file.name,
            format!(
                "file is larger than the {} MiB limit",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES);
    options
        .from_str::<T>(&file.text)
        .map_err(|error| syntax_diagnostic(file, &error))
}

/// Turns a ron error into a diagnostic with a span and, where ron knows the
/// valid names, a did-you-mean.
fn syntax_diagnostic(file: &SourceFile, error: &ron::error::SpannedError) -> Diagnostic {
    let start = file.offset_of(error.span.start.line, error.span.start.col);
    let end = file
        .offset_of(error.span.end.line, error.span.end.col)
        .max(start);
    let span = if end > start {
        start..end
    } else {
        start..(start + 1).min(file.text.len()).max(start)
    };
    let (message, help) = match &error.code {
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!("unknown field `{found}`{}", in_outer(outer.as_deref())),
            Some(
                did_you_mean(found, expected)
                    .unwrap_or_else(|| format!("expected one of {}", quoted_list(expected))),
            ),
        ),
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!("unknown kind `{found}`{}", in_outer(outer.as_deref())),
            Some(
                did_you_mean(found, expected)
                    .unwrap_or_else(|| format!("expected one of {}", quoted_list(expected))),
            ),
        ),
        ron::Error::ExceededRecursionLimit => (
            String::from("values are nested too deeply"),
            Some(String::from(
                "no rule or action needs more than a few dozen levels of nesting; check for unbalanced brackets",
            )),
        ),
        ron::Error::MissingStructField { field, outer } => (
            format!("missing field `{field}`{}", in_outer(outer.as_deref())),
            Some(format!("add `{field}: ...` before the closing parenthesis")),
        ),
        ron::Error::DuplicateStructField { field, outer } => (
            format!(
                "field `{field}` is given twice{}",
                in_outer(outer.as_deref())
            ),
            Some(String::from("keep one of them")),
        ),
        other => (lowercase_first(&other.to_string()), None),
    };
    let diagnostic = Diagnostic::at(file, span, message).with_label("here");
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic.with_help("see the rule-file format in the README"),
    }
}

fn in_outer(outer: Option<&str>) -> String {
    outer.map(|o| format!(" in `{o}`")).unwrap_or_default()
}

fn lowercase_first(text: &str) -> String {
    let trimmed = text.trim_end_matches('.');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
