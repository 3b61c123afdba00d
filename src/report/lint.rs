//! Rule-health findings (`oversight lint`) as text.

use std::fmt::Write as _;

use crate::lint::{Finding, FindingKind};

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
            let _ = writeln!(out, "  witness: {}", finding.witness.join("; "));
        }
    }
    out
}
