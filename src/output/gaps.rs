//! The gap report (`oversight gaps`) as text, Markdown and JSON.

use std::fmt::Write as _;

use super::table::MarkdownTable;
use crate::analysis::gaps::{ConcernGaps, GapReport, Stopped};
use crate::engine::space::Setting;

fn status(gaps: &ConcernGaps) -> String {
    String::from(match (gaps.gap, gaps.complete) {
        (true, _) if !gaps.not_encoded.is_empty() => "GAP (law partly not encoded)",
        (true, _) => "GAP",
        (false, true) => "closed",
        (false, false) if !gaps.not_encoded.is_empty() => "unknown (law not encoded)",
        (false, false) => return incomplete(gaps),
    })
}

/// An analysis a budget stopped: INCOMPLETE, and how far it got.
fn incomplete(gaps: &ConcernGaps) -> String {
    match gaps.stopped {
        Some(Stopped {
            searched,
            of: Some(of),
            visited,
        }) => format!("INCOMPLETE ({searched} of {of} combinations, {visited} solver queries)"),
        Some(Stopped {
            searched, visited, ..
        }) => {
            format!(
                "INCOMPLETE ({searched} patterns found, then the limit; {visited} solver queries)"
            )
        }
        None => String::from("INCOMPLETE (search limit)"),
    }
}

/// A witness in words: the facts that hold, then the triggers that are absent.
fn witness_words(witness: &[Setting]) -> (Vec<String>, Vec<String>) {
    let (absent, holds): (Vec<&Setting>, Vec<&Setting>) = witness.iter().partition(|s| s.absent);
    (
        holds.iter().map(|s| s.to_string()).collect(),
        absent.iter().map(|s| s.fact.clone()).collect(),
    )
}

/// The report for people.
pub fn render_text(report: &GapReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Gaps as of {}: actions where a concern holds and no specific notice, gate or",
        report.as_of
    );
    let _ = writeln!(
        out,
        "prohibition is required (standing duties do not count).\n"
    );
    let width = report
        .law
        .iter()
        .map(|g| g.concern.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let with = if report.proposals.is_empty() {
        String::new()
    } else {
        format!("  with {}", report.proposals.join(" + "))
    };
    let _ = writeln!(out, "{:<width$}  {:<14}{with}", "concern", "under the law");
    for (ix, gaps) in report.law.iter().enumerate() {
        let amended = report
            .amended
            .as_ref()
            .and_then(|a| a.get(ix))
            .map(|a| format!("  {}", status(a)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<width$}  {:<14}{amended}",
            gaps.concern,
            status(gaps)
        );
    }
    for (label, results) in std::iter::once(("under the law", &report.law))
        .chain(report.amended.as_ref().map(|a| ("with the proposals", a)))
    {
        for gaps in results.iter().filter(|g| g.gap) {
            let _ = writeln!(out, "\n{} · {} ({label})", gaps.concern, gaps.title);
            for (n, (pattern, witness)) in gaps.patterns.iter().zip(&gaps.witnesses).enumerate() {
                let pattern: Vec<String> = pattern.iter().map(Setting::to_string).collect();
                let _ = writeln!(out, "  pattern {}: {}", n + 1, pattern.join("; "));
                let (holds, absent) = witness_words(witness);
                let _ = writeln!(out, "    example: {}", holds.join("; "));
                if !absent.is_empty() {
                    let _ = writeln!(out, "    and none of: {}", absent.join(", "));
                }
            }
            if gaps.stopped.is_some() {
                let _ = writeln!(
                    out,
                    "  (the first {} patterns; the gaps go on beyond them)",
                    gaps.patterns.len()
                );
            }
        }
    }
    out
}

/// The report as a Markdown table.
pub fn render_markdown(report: &GapReport) -> String {
    let mut out = String::new();
    let under_law = format!("under the law (as of {})", report.as_of);
    let with = format!("with {}", report.proposals.join(" + "));
    let mut headers = vec!["concern", under_law.as_str()];
    if !report.proposals.is_empty() {
        headers.push(with.as_str());
    }
    let mut table = MarkdownTable::new(&headers);
    for (ix, gaps) in report.law.iter().enumerate() {
        let mut row = vec![gaps.title.clone(), status(gaps).to_string()];
        if let Some(amended) = report.amended.as_ref().and_then(|a| a.get(ix)) {
            row.push(status(amended).to_string());
        }
        table.row(&row);
    }
    out.push_str(&table.finish());
    out
}

/// The report as JSON with a final newline.
pub fn render_json(report: &GapReport) -> String {
    super::json::pretty(report)
}
