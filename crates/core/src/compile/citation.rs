//! Citation checks: well-formed pinpoints and Code citations, and rule text that a staffer can read.

use super::err::CompileError;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;
use crate::syntax::{ProvisionFile, RuleDecl};

/// True for a pinpoint such as `(c)(1)`, `(c)(5)(B)`, `(a)(1)-(2)`,
/// `(d)(1) and (c)(2)`, `§1.3(b)(4)` (orders), or empty (the whole section).
pub fn is_well_formed_pinpoint(cite: &str) -> bool {
    fn paragraph_chain(part: &str) -> bool {
        // One or more "(x)" groups, optionally followed by "-(y)..." for a range.
        let mut rest = part;
        let mut groups = 0;
        while let Some(after_open) = rest.strip_prefix('(') {
            let Some(close) = after_open.find(')') else {
                return false;
            };
            let label = after_open.get(..close).unwrap_or("");
            if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
                return false;
            }
            groups += 1;
            rest = after_open.get(close + 1..).unwrap_or("");
            if let Some(range) = rest.strip_prefix('-') {
                rest = range;
            }
        }
        groups > 0 && rest.is_empty()
    }
    fn part(part: &str) -> bool {
        match part.strip_prefix('§') {
            Some(section) => {
                let digits_end = section.find('(').unwrap_or(section.len());
                let number = section.get(..digits_end).unwrap_or("");
                !number.is_empty()
                    && number.chars().all(|c| c.is_ascii_digit() || c == '.')
                    && (digits_end == section.len()
                        || paragraph_chain(section.get(digits_end..).unwrap_or("")))
            }
            None => paragraph_chain(part),
        }
    }
    cite.is_empty() || cite.split(" and ").flat_map(|p| p.split(", ")).all(part)
}

/// True for a U.S. Code classification such as `50 U.S.C. 3093` or `10 U.S.C. 130f`.
pub fn is_well_formed_usc(usc: &str) -> bool {
    let Some((title, section)) = usc.split_once(" U.S.C. ") else {
        return false;
    };
    !title.is_empty()
        && title.chars().all(|c| c.is_ascii_digit())
        && section.chars().next().is_some_and(|c| c.is_ascii_digit())
        && section.chars().all(|c| c.is_ascii_alphanumeric())
}

pub(super) fn check_provision_citation(
    file: &SourceFile,
    provision: &ProvisionFile,
    diagnostics: &mut Diagnostics,
) {
    let whole = 0..file.text.len().min(1);
    let usc = provision.usc.as_str();
    if !usc.is_empty() && !is_well_formed_usc(usc) {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                &provision.usc,
                CompileError::MalformedUsc {
                    usc: usc.to_string(),
                },
            )
            .with_label("not a U.S. Code citation")
            .with_help(
                "write it as `50 U.S.C. 3093`, or leave `usc` empty for an uncodified section",
            ),
        );
    }
    for entry in &provision.structure {
        // A structure entry is one unit: `(c)` or `(c)(1)`, never a range.
        let one_unit = !entry.as_str().contains([' ', '-', ',', '§']);
        if entry.as_str().is_empty() || !one_unit || !is_well_formed_pinpoint(entry.as_str()) {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    entry,
                    CompileError::MalformedStructure {
                        entry: entry.value.clone(),
                    },
                )
                .with_label("not one unit's pinpoint")
                .with_help("list each subsection and paragraph once, as `(a)`, `(a)(1)`, `(b)`"),
            );
        }
    }
    if provision.act.trim().is_empty() && usc.trim().is_empty() {
        diagnostics.push(
            Diagnostic::at(file, whole, CompileError::ProvisionWithoutCitation).with_help(
                "set `act` (e.g. `National Security Act of 1947`) or `usc` (e.g. `10 U.S.C. 130f`)",
            ),
        );
    }
}

pub(super) fn check_rule_text(file: &SourceFile, decl: &RuleDecl, diagnostics: &mut Diagnostics) {
    let head = decl.head();
    if !is_well_formed_pinpoint(head.cite().as_str()) {
        let problem = CompileError::MalformedPinpoint {
            cite: head.cite().value.clone(),
            rule: head.id().value.clone(),
        };
        diagnostics.push(
            Diagnostic::at_value(file, head.cite(), problem)
                .with_label("not a pinpoint")
                .with_help("write pinpoints as `(c)(1)`, `(a)(1)-(2)`, `(d)(1) and (c)(2)`, or `§1.3(b)(4)` for an order"),
        );
    }
    if head.says().trim().is_empty() {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                head.id(),
                CompileError::RuleWithoutSummary {
                    rule: head.id().value.clone(),
                },
            )
            .with_label("this rule")
            .with_help("`says` gives the rule in plain words, for staffers"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinpoints_and_code_citations_are_checked() {
        for good in [
            "",
            "(c)(1)",
            "(c)(5)(B)",
            "(a)(1)-(2)",
            "(d)(1) and (c)(2)",
            "(e)",
            "§1.3(b)(4)",
            "§1.7(a)(5)-(6)",
            "(a)(1), (b)",
        ] {
            assert!(is_well_formed_pinpoint(good), "{good}");
        }
        for bad in ["c1", "(c", "(c)1", "()", "(c)(1) or (2)", "§(b)", "(c) (1)"] {
            assert!(!is_well_formed_pinpoint(bad), "{bad}");
        }
        assert!(is_well_formed_usc("50 U.S.C. 3093") && is_well_formed_usc("10 U.S.C. 130f"));
        assert!(!is_well_formed_usc("50 USC 3093") && !is_well_formed_usc("U.S.C. 3093"));
    }
}
