//! The coverage table (`oversight coverage`) as text.

use std::fmt::Write as _;

use crate::analysis::coverage::RuleCoverage;

/// The coverage table as text, with a closing summary line.
pub fn render(rows: &[RuleCoverage], scenarios: usize) -> String {
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(4).max(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  applies  not  depends  not encoded  citation",
        "rule"
    );
    for row in rows {
        let flag = if row.both_ways() {
            ""
        } else {
            "  <- not covered both ways"
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:>7}  {:>3}  {:>7}  {:>11}  {}{flag}",
            row.rule, row.applies, row.does_not_apply, row.depends, row.not_encoded, row.cite
        );
    }
    let missing = rows.iter().filter(|r| !r.both_ways()).count();
    let _ = writeln!(
        out,
        "\n{} rules over {scenarios} scenarios: {} covered both ways, {missing} not",
        rows.len(),
        rows.len() - missing
    );
    out
}

/// The coverage table as JSON (`oversight.coverage/1`): every rule's counts,
/// and the number of scenarios.
pub fn render_json(rows: &[RuleCoverage], scenarios: usize) -> String {
    super::json::pretty(&serde_json::json!({
        "schema": "oversight.coverage/1",
        "scenarios": scenarios,
        "rules": rows,
        "covered_both_ways": rows.iter().all(RuleCoverage::both_ways),
    }))
}
