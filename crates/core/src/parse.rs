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

/// The name a RON file opens with (`Action`, `Proposal`, ...), skipping
/// white space and comments; `None` when it opens with anything else. Lets a
/// command that takes several kinds of file tell them apart before parsing.
pub fn top_level_name(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, next)| next);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, next)| next);
        } else if let Some(after) = rest.strip_prefix("#!") {
            rest = after.split_once('\n').map_or("", |(_, next)| next);
        } else {
            break;
        }
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = rest.get(..end)?;
    (!name.is_empty()).then_some(name)
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
        ron::Error::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}(...)` but found `{found}`"),
            Some(
                did_you_mean(found, &[*expected])
                    .unwrap_or_else(|| format!("this file holds one `{expected}(...)`")),
            ),
        ),
        ron::Error::ExpectedNamedStructLike(name) if is_blank(&file.text) => (
            format!("the file is empty: expected `{name}(...)`"),
            Some(format!(
                "this file holds one `{name}(...)`; the README and docs/RULES.md show each file's format"
            )),
        ),
        ron::Error::Eof => (
            String::from("the file ends in the middle of a value"),
            syntax_help(&error.code),
        ),
        other => (lowercase_first(&other.to_string()), syntax_help(other)),
    };
    let diagnostic = Diagnostic::at(file, span, message).with_label("here");
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic.with_help(
            "the README (\"Writing an action file\") and docs/RULES.md show each file's format",
        ),
    }
}

/// What to do about the commonest slips, in the words of someone reading
/// the file rather than of the parser.
fn syntax_help(error: &ron::Error) -> Option<String> {
    let help = match error {
        ron::Error::ExpectedComma => "put a `,` after each entry of a list, map or field list",
        ron::Error::Eof => "each `(`, `[` and `{` needs its closing partner",
        ron::Error::ExpectedStringEnd => "close the text with a `\"`",
        ron::Error::ExpectedInteger | ron::Error::InvalidIntegerDigit { .. } => {
            "write a whole number without quotes, e.g. `7`"
        }
        ron::Error::IntegerOutOfBounds => "the number is too large",
        ron::Error::ExpectedBoolean => "write `true` or `false` without quotes",
        ron::Error::ExpectedString => "write text in double quotes, e.g. `\"ssci\"`",
        ron::Error::ExpectedArray => {
            "write a list in square brackets, e.g. `[\"ssci\", \"hpsci\"]`"
        }
        ron::Error::ExpectedArrayEnd => "a list ends with `]`; check for a missing `,` or `]`",
        ron::Error::ExpectedMap => "write a map in braces, e.g. `{ \"finding_approved\": true }`",
        ron::Error::ExpectedMapColon => "put a `:` between a key and its value",
        ron::Error::ExpectedMapEnd => "a map ends with `}`; check for a missing `,` or `}`",
        ron::Error::ExpectedStructLikeEnd => {
            "a field list ends with `)`; check for a missing `,` or `)`"
        }
        ron::Error::UnclosedBlockComment => "close the comment with `*/`",
        ron::Error::TrailingCharacters => {
            "the file holds one value; remove what follows its closing parenthesis"
        }
        ron::Error::UnexpectedChar(_) => "check the character at this place",
        _ => return None,
    };
    Some(help.to_string())
}

/// True when the text holds nothing but white space and `//` comments.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with("//"))
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
