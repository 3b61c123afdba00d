//! Which kind of rule may override which, and linking overrides once every rule is resolved.

use super::err::CompileError;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{RuleBook, RuleIx, RuleKind};
use crate::source::SourceFile;
use crate::syntax::{Name, ProvisionFile};

/// Why `source` may not override `target`, if it may not.
///
/// A Definition may only exclude another Definition (3093(e)(1)-(4) exclude
/// activities from "covert action"). An Exception may displace any rule but a
/// Definition (that is an exclusion, written as a Definition). An obligation
/// may displace an obligation of the same kind, as 3093(c)(2) displaces (c)(1).
pub fn override_kind_problem(source: RuleKind, target: RuleKind) -> Option<String> {
    use RuleKind::{Authority, Definition, Exception};
    match (source, target) {
        (Definition, Definition) => None,
        (Definition, _) => Some(String::from(
            "a Definition can only exclude another Definition; write the exception as an `Exception` rule",
        )),
        (Exception, Definition) => Some(String::from(
            "an Exception displaces obligations; to narrow a defined term, write the exclusion as a `Definition` that overrides it",
        )),
        (Exception, _) => None,
        (_, Definition | Exception) => Some(String::from(
            "an obligation cannot switch off a definition or an exception; give the exclusion its own `Definition` or `Exception` rule",
        )),
        (s, t) if s == t => None,
        (Authority, _) | (_, Authority) => Some(String::from(
            "an Authority and an obligation never displace each other: an authority says who governs, not what is owed",
        )),
        (s, t) => Some(format!(
            "a {} can only displace another {}; a {} needs an `Exception` rule to displace it",
            s.name(),
            s.name(),
            t.name()
        )),
    }
}

/// The overrides one rule declares, waiting for every rule to be resolved.
pub(super) struct PendingOverrides {
    /// The overriding rule.
    pub(super) rule: RuleIx,
    /// Index of its file among the law files.
    pub(super) file: usize,
    /// The rule ids it names in `overrides`.
    pub(super) names: Vec<Name>,
}

/// Links every declared override both ways, checking that the target exists
/// and that its kind may be overridden by the source's kind.
pub(super) fn link_overrides(
    book: &mut RuleBook,
    provisions: &[(&SourceFile, ProvisionFile)],
    pending: &[PendingOverrides],
) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    for PendingOverrides {
        rule: ix,
        file,
        names,
    } in pending
    {
        let Some((file, _)) = provisions.get(*file) else {
            continue;
        };
        for name in names {
            let Some(&target) = book.rule_index.get(name.as_str()) else {
                let ids: Vec<&str> = book.rules.iter().map(|r| r.id.as_str()).collect();
                diagnostics.push(
                    Diagnostic::at_value(
                        file,
                        name,
                        CompileError::UnknownRule {
                            id: name.value.clone(),
                            place: String::from(" in `overrides`"),
                        },
                    )
                    .with_label("no rule has this id")
                    .with_suggestion(name.as_str(), ids, "rule"),
                );
                continue;
            };
            let (Some(source), Some(target_rule)) =
                (book.rules.get(ix.0), book.rules.get(target.0))
            else {
                continue;
            };
            if let Some(problem) = override_kind_problem(source.kind, target_rule.kind) {
                diagnostics.push(
                    Diagnostic::at_value(
                        file,
                        name,
                        CompileError::BadOverride {
                            source_rule: source.id.clone(),
                            source_kind: source.kind.name().to_string(),
                            target: target_rule.id.clone(),
                            target_kind: target_rule.kind.name().to_string(),
                        },
                    )
                    .with_label("overridden here")
                    .with_help(problem),
                );
                continue;
            }
            if let Some(rule) = book.rules.get_mut(ix.0) {
                rule.overrides.push(target);
            }
            if let Some(rule) = book.rules.get_mut(target.0) {
                rule.overridden_by.push(*ix);
            }
        }
    }
    diagnostics.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_kinds_are_checked() {
        use RuleKind::*;
        assert!(override_kind_problem(Definition, Definition).is_none());
        assert!(override_kind_problem(Notice, Notice).is_none());
        assert!(override_kind_problem(Exception, Prohibition).is_none());
        assert!(override_kind_problem(Exception, Exception).is_none());
        assert!(override_kind_problem(Definition, Notice).is_some());
        assert!(override_kind_problem(Notice, Gate).is_some());
        assert!(override_kind_problem(Notice, Definition).is_some());
        assert!(override_kind_problem(Exception, Definition).is_some());
    }
}
