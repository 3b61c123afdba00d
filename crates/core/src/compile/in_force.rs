//! Dates in rule files and the in-force windows of provisions, versions and rules.

use jiff::civil::Date;

use super::err::CompileError;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::InForce;
use crate::source::{SourceFile, Spanned};
use crate::syntax::InForceDecl;

/// Parses a `YYYY-MM-DD` date written in a file.
pub fn parse_date(file: &SourceFile, text: &Spanned<String>) -> Result<Date, Diagnostic> {
    text.as_str().parse::<Date>().map_err(|error| {
        Diagnostic::at_value(
            file,
            text,
            CompileError::InvalidDate {
                text: text.value.clone(),
            },
        )
        .with_label("not a date")
        .with_help(format!(
            "dates are written `YYYY-MM-DD`, e.g. `2025-03-11` ({error})"
        ))
    })
}

/// The `until` date of an in-force declaration, when it parses.
pub(super) fn until_of(decl: &InForceDecl, file: &SourceFile) -> Option<Date> {
    decl.until.as_ref().and_then(|u| parse_date(file, u).ok())
}

/// Resolves in-force dates. `inherited_horizon` is the provision's horizon
/// for a rule's own dates (`None` for a provision, whose horizon defaults
/// to its `from`).
pub(super) fn resolve_in_force(
    file: &SourceFile,
    decl: &InForceDecl,
    inherited_horizon: Option<Date>,
    diagnostics: &mut Diagnostics,
) -> Option<InForce> {
    let from = parse_date(file, &decl.from)
        .map_err(|d| diagnostics.push(d))
        .ok()?;
    let encoded_from = match &decl.encoded_from {
        Some(text) => parse_date(file, text)
            .map_err(|d| diagnostics.push(d))
            .ok()?,
        None => inherited_horizon.unwrap_or(from),
    };
    if let (Some(until), Some(text)) = (until_of(decl, file), &decl.encoded_from)
        && encoded_from > until
    {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                text,
                CompileError::HorizonAfterUntil {
                    horizon: encoded_from.to_string(),
                    until: until.to_string(),
                },
            )
            .with_label("after `until`")
            .with_help("a horizon after the rule's last day would make it \"not encoded\" on days it was not in force; set `encoded_from` no later than `until`"),
        );
    }
    if decl.by.as_deref().is_none_or(|by| by.trim().is_empty()) {
        diagnostics.push(
            Diagnostic::at_value(file, &decl.from, CompileError::StartWithoutEnactment)
                .with_label("starts here, by what?")
                .with_help(
                    "add `by: \"Pub. L. 113-126 §309 (7 Jul 2014)\"` (or the order); where the enactment is not confirmed, say so and set `encoded_from` to the earliest date you can confirm",
                ),
        );
    }
    let until = match &decl.until {
        Some(until) => Some(
            parse_date(file, until)
                .map_err(|d| diagnostics.push(d))
                .ok()?,
        ),
        None => None,
    };
    if let (Some(until_date), Some(until_text)) = (until, &decl.until)
        && until_date < from
    {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                until_text,
                CompileError::EndsBeforeStart {
                    until: until_date.to_string(),
                    from: from.to_string(),
                },
            )
            .with_label("ends before it starts")
            .with_help("`until` is the last day in force and must not be before `from`"),
        );
        return None;
    }
    Some(InForce {
        from,
        until,
        by: decl.by.clone(),
        encoded_from,
    })
}
