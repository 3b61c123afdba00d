//! Rule-health findings (`oversight lint`) as text.

use std::fmt::Write as _;

use crate::analysis::lint::{Finding, FindingKind};

/// Findings for people.
pub fn render_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    let count = |kind: FindingKind| findings.iter().filter(|f| f.kind == kind).count();
    let _ = writeln!(
        out,
        "rule health: {} never apply, {} always overridden, {} ineffective exceptions, {} overlaps",
        count(FindingKind::NeverApplies),
        count(FindingKind::AlwaysOverridden),
        count(FindingKind::IneffectiveException),
        count(FindingKind::Overlap)
    );
    for finding in findings {
        let _ = writeln!(out, "\n{}: {}", finding.kind.name(), finding.message);
        if !finding.witness.is_empty() {
            let witness: Vec<String> = finding.witness.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "  witness: {}", witness.join("; "));
        }
    }
    out
}

/// The findings as JSON (`oversight.lint/1`) with a final newline.
pub fn render_json(findings: &[Finding]) -> String {
    super::json::pretty(&serde_json::json!({"schema": "oversight.lint/1", "findings": findings}))
}
