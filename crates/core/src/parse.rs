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
            ParseError::TooLarge {
                mib: MAX_FILE_BYTES / (1024 * 1024),
            },
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
    let (problem, help) = match &error.code {
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            ParseError::UnknownField {
                found: found.clone(),
                within: in_outer(outer.as_deref()),
            },
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
            ParseError::UnknownKind {
                found: found.clone(),
                within: in_outer(outer.as_deref()),
            },
            Some(
                did_you_mean(found, expected)
                    .unwrap_or_else(|| format!("expected one of {}", quoted_list(expected))),
            ),
        ),
        ron::Error::ExceededRecursionLimit => (
            ParseError::TooDeep,
            Some(String::from(
                "no rule or action needs more than a few dozen levels of nesting; check for unbalanced brackets",
            )),
        ),
        ron::Error::MissingStructField { field, outer } => (
            ParseError::MissingField {
                field: field.to_string(),
                within: in_outer(outer.as_deref()),
            },
            Some(format!("add `{field}: ...` before the closing parenthesis")),
        ),
        ron::Error::DuplicateStructField { field, outer } => (
            ParseError::DuplicateField {
                field: field.to_string(),
                within: in_outer(outer.as_deref()),
            },
            Some(String::from("keep one of them")),
        ),
        ron::Error::ExpectedDifferentStructName { expected, found } => (
            ParseError::WrongTopLevel {
                expected: expected.to_string(),
                found: found.clone(),
            },
            Some(
                did_you_mean(found, &[*expected])
                    .unwrap_or_else(|| format!("this file holds one `{expected}(...)`")),
            ),
        ),
        ron::Error::ExpectedNamedStructLike(name) if is_blank(&file.text) => (
            ParseError::EmptyFile {
                expected: name.to_string(),
            },
            Some(format!(
                "this file holds one `{name}(...)`; the README and docs/RULES.md show each file's format"
            )),
        ),
        ron::Error::Eof => (ParseError::UnexpectedEnd, syntax_help(&error.code)),
        // `DaysBefore(30, "activity_start")`: a kind whose fields are named,
        // written with positions. ron's own words suggest a raw identifier.
        ron::Error::SuggestRawIdentifier(found) => (
            ParseError::Syntax {
                message: format!("expected a field name, found `{found}`"),
            },
            Some(named_form(kind_before(&file.text, span.start)).unwrap_or_else(|| {
                String::from("this kind takes named fields: write `name: value`, e.g. `days: 30`")
            })),
        ),
        // `form: "written"`: a kind written as text.
        ron::Error::ExpectedIdentifier => (
            ParseError::Syntax {
                message: String::from("expected a kind's name (without quotes)"),
            },
            field_before(&file.text, span.start).and_then(|field| {
                kinds_of_field(field).map(|kinds| {
                    let written = file
                        .text
                        .get(span.clone())
                        .unwrap_or("")
                        .trim_matches('"')
                        .to_string();
                    let closest = kinds
                        .iter()
                        .find(|k| k.eq_ignore_ascii_case(&written))
                        .copied()
                        .unwrap_or_else(|| kinds.first().copied().unwrap_or(""));
                    format!(
                        "write the kind without quotes, e.g. `{field}: {closest}`; `{field}` is one of {}",
                        quoted_list(kinds)
                    )
                })
            }),
        ),
        other => (
            ParseError::Syntax {
                message: lowercase_first(&other.to_string()),
            },
            syntax_help(other),
        ),
    };
    let diagnostic = Diagnostic::at(file, span, problem).with_label("here");
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic.with_help(
            "the README (\"Writing an action file\") and docs/RULES.md show each file's format",
        ),
    }
}

/// The name of the kind whose parentheses enclose `at`: `DaysBefore` for a
/// place inside `DaysBefore(30, ...)`.
fn kind_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?;
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' if depth > 0 => depth -= 1,
            '(' => {
                let head = before.get(..i)?;
                let start = head
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(0, |p| p + 1);
                return head.get(start..).filter(|name| !name.is_empty());
            }
            _ => {}
        }
    }
    None
}

/// The field a value at `at` belongs to: `form` for `form: "written"`.
fn field_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?.trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |p| p + 1);
    before.get(start..).filter(|name| !name.is_empty())
}

/// The kinds a field takes, for the fields whose values are kinds.
fn kinds_of_field(field: &str) -> Option<&'static [&'static str]> {
    Some(match field {
        "form" => &[
            "Written",
            "Oral",
            "OralThenWritten",
            "Certification",
            "Unspecified",
        ],
        "confidence" => &["Text", "Text2023", "Secondary", "Unconfirmed", "Proposal"],
        "adds" => &["NewSubsection", "NewSection"],
        _ => return None,
    })
}

/// The named form of a timing written with positions.
fn named_form(kind: Option<&str>) -> Option<String> {
    let example = match kind? {
        "DaysBefore" => "DaysBefore(days: 30, before: \"activity_start\")",
        "WithinDays" => "WithinDays(days: 30, after: \"activity_start\")",
        "WithinHours" => "WithinHours(hours: 48, after: \"decision\")",
        "WithinBusinessDays" => "WithinBusinessDays(days: 5, after: \"activity_start\")",
        "EveryDays" => "EveryDays(days: 180, after: \"activity_start\")",
        "AsSoonAsPossible" => "AsSoonAsPossible(after: \"approval\", before: \"initiation\")",
        "ByEndOfNextMonth" => "ByEndOfNextMonth(after: \"activity_start\")",
        "Promptly" | "Immediately" | "TimelyFashion" => {
            return Some(format!(
                "write `{}(after: \"decision\")`, or `{}()` when the statute names no event",
                kind?, kind?
            ));
        }
        _ => return None,
    };
    Some(format!("the fields are named: write `{example}`"))
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

/// A file that is not well-formed RON of the expected shape.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ParseError {
    /// The file is over the size limit.
    #[error("file is larger than the {mib} MiB limit")]
    #[diagnostic(code(oversight::parse::too_large))]
    TooLarge {
        /// The limit in MiB.
        mib: usize,
    },
    /// A field the type does not have.
    #[error("unknown field `{found}`{within}")]
    #[diagnostic(code(oversight::parse::unknown_field))]
    UnknownField {
        /// The field as written.
        found: String,
        /// `` in `Outer` `` or empty.
        within: String,
    },
    /// A kind (enum variant) the type does not have.
    #[error("unknown kind `{found}`{within}")]
    #[diagnostic(code(oversight::parse::unknown_kind))]
    UnknownKind {
        /// The kind as written.
        found: String,
        /// `` in `Outer` `` or empty.
        within: String,
    },
    /// Nesting past the parser's limit.
    #[error("values are nested too deeply")]
    #[diagnostic(code(oversight::parse::too_deep))]
    TooDeep,
    /// A required field left out.
    #[error("missing field `{field}`{within}")]
    #[diagnostic(code(oversight::parse::missing_field))]
    MissingField {
        /// The field.
        field: String,
        /// `` in `Outer` `` or empty.
        within: String,
    },
    /// A field given twice.
    #[error("field `{field}` is given twice{within}")]
    #[diagnostic(code(oversight::parse::duplicate_field))]
    DuplicateField {
        /// The field.
        field: String,
        /// `` in `Outer` `` or empty.
        within: String,
    },
    /// The file holds another kind of file.
    #[error("expected `{expected}(...)` but found `{found}`")]
    #[diagnostic(code(oversight::parse::wrong_top_level))]
    WrongTopLevel {
        /// What this file should hold.
        expected: String,
        /// What it opens with.
        found: String,
    },
    /// Nothing but white space and comments.
    #[error("the file is empty: expected `{expected}(...)`")]
    #[diagnostic(code(oversight::parse::empty_file))]
    EmptyFile {
        /// What this file should hold.
        expected: String,
    },
    /// The text stops inside a value.
    #[error("the file ends in the middle of a value")]
    #[diagnostic(code(oversight::parse::unexpected_end))]
    UnexpectedEnd,
    /// Any other syntax error, in the parser's words.
    #[error("{message}")]
    #[diagnostic(code(oversight::parse::syntax))]
    Syntax {
        /// The parser's message, lower-cased.
        message: String,
    },
}
