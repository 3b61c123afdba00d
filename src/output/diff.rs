//! The diff report (`oversight diff`) as text, Markdown and JSON.

use std::fmt::Write as _;

use super::table::{MarkdownTable, escape};
use crate::analysis::diff::{DiffReport, Side};
use crate::assessment::Status;

fn side_text(side: &Side) -> String {
    let status = match side.status {
        Status::Required => "required",
        Status::Depends => "depends on unknown facts",
        Status::NotRequired => "not required",
        Status::NotEncoded => "not encoded for its date",
    };
    let to = if side.to.is_empty() {
        String::new()
    } else {
        format!(" · to {}", side.to.join(", "))
    };
    let due = side
        .due_text
        .clone()
        .or_else(|| side.timing.clone())
        .map(|d| format!(" · due {d}"))
        .unwrap_or_default();
    format!("{status}{to}{due}")
}

/// The report for people.
pub fn render_text(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} vs {}", report.before, report.after);
    let _ = writeln!(out, "verdict: {}", report.verdict.words());
    let _ = writeln!(
        out,
        "{} scenarios changed, {} unchanged",
        report.changed, report.unchanged
    );
    for scenario in &report.scenarios {
        let _ = writeln!(
            out,
            "\n{} · {}: {:?}",
            scenario.scenario, scenario.title, scenario.verdict
        );
        for change in &scenario.changes {
            let mark = match change.change {
                "gained" => '+',
                "lost" => '-',
                _ => '~',
            };
            let _ = writeln!(
                out,
                "  {mark} {} {} ({}) [{}]",
                change.kind, change.rule, change.citation, change.source
            );
            let (before_name, after_name) = report.side_names();
            if let Some(before) = &change.before {
                let _ = writeln!(
                    out,
                    "      {:<9}{}",
                    format!("{before_name}:"),
                    side_text(before)
                );
            }
            if let Some(after) = &change.after {
                let _ = writeln!(
                    out,
                    "      {:<9}{}",
                    format!("{after_name}:"),
                    side_text(after)
                );
            }
            for detail in &change.details {
                let _ = writeln!(out, "      {detail}");
            }
        }
    }
    out
}

/// The report as a Markdown section.
pub fn render_markdown(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What changes from {} to {}\n",
        report.before, report.after
    );
    let _ = writeln!(
        out,
        "**Verdict:** {}. {} scenarios changed, {} unchanged.\n",
        report.verdict.words(),
        report.changed,
        report.unchanged
    );
    for scenario in &report.scenarios {
        let _ = writeln!(
            out,
            "## {} ({:?})\n",
            escape(&scenario.title),
            scenario.verdict
        );
        let _ = writeln!(out, "`{}`\n", scenario.scenario);
        let (before_name, after_name) = report.side_names();
        let mut table = MarkdownTable::new(&[
            "change",
            "rule",
            "citation",
            before_name,
            after_name,
            "what differs",
        ]);
        for change in &scenario.changes {
            let cell = |side: &Option<Side>| {
                side.as_ref()
                    .map(side_text)
                    .unwrap_or_else(|| String::from("-"))
            };
            table.row(&[
                change.change.to_string(),
                format!("`{}`", change.rule),
                change.citation.clone(),
                cell(&change.before),
                cell(&change.after),
                change.details.join("; "),
            ]);
        }
        out.push_str(&table.finish());
        let _ = writeln!(out);
    }
    out
}

/// The report as JSON with a final newline.
pub fn render_json(report: &DiffReport) -> String {
    super::json::pretty(report)
}
