//! A Markdown memo: the same sections as the text report, as tables.

use std::fmt::Write as _;

use super::table::{MarkdownTable, escape as cell};
use super::{Sections, View, deadline_line, find, nothing_specific};
use crate::assessment::Assessment;
use crate::assessment::summary::{and_list, group_bodies};
use crate::model::Confidence;

/// Renders the memo: the bottom line first.
pub(crate) fn render(assessment: &Assessment, view: &View) -> String {
    let mut out = String::new();
    let sections = Sections::of(assessment);
    if let Some(banner) = &view.banner {
        let _ = writeln!(out, "**{}**\n", cell(banner));
    }
    let _ = writeln!(out, "# {}\n", cell(&assessment.action.title));
    let prepared = view
        .prepared
        .as_ref()
        .map(|d| format!("Prepared {d}. "))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{prepared}The law as of {} ({}); time zone {}; action file `{}`; {} as encoded in oversight {}.\n",
        assessment.as_of.date,
        assessment.as_of.source.explain(),
        assessment.action.timezone,
        assessment.action.file,
        assessment.law_version,
        env!("CARGO_PKG_VERSION")
    );
    if let Some(summary) = &assessment.action.summary {
        let _ = writeln!(out, "## The action\n\n{}\n", cell(summary));
    }
    if !assessment.proposals.is_empty() {
        let _ = writeln!(
            out,
            "Proposals applied: {}. Lines marked PROPOSED are not law.\n",
            assessment.proposals.join(", ")
        );
    }
    if !assessment.warnings.is_empty() {
        let _ = writeln!(out, "## Warnings\n");
        for warning in &assessment.warnings {
            let _ = writeln!(out, "- {}", cell(warning));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Bottom line\n");
    for statement in super::summary::lines(&assessment.summary) {
        let _ = writeln!(out, "- {}", cell(&statement));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "## Bodies to tell\n");
    if assessment.bodies.is_empty() {
        let _ = writeln!(out, "{}\n", nothing_specific(&sections));
    }
    for (group, _) in group_bodies(&assessment.bodies) {
        let Some(body) = group.first() else {
            continue;
        };
        let names: Vec<String> = group.iter().map(|b| b.name.to_string()).collect();
        let shorts: Vec<String> = group.iter().map(|b| b.short.to_string()).collect();
        let _ = writeln!(
            out,
            "### {} ({})\n",
            cell(&and_list(&names)),
            cell(&and_list(&shorts))
        );
        if view.brief {
            continue;
        }
        let mut table = MarkdownTable::new(&["Status", "What", "By", "Deadline", "Citation"]);
        for line in &body.obligations {
            if view.only.is_some_and(|only| only != line.status) {
                continue;
            }
            let Some(o) = find(assessment, &line.rule) else {
                continue;
            };
            let what = match (&o.texts.what, &o.texts.until) {
                (None, Some(until)) => format!("what lifts the gate: {until}"),
                _ => format!(
                    "{} ({})",
                    o.texts.what.as_deref().unwrap_or_default(),
                    o.texts.form.as_deref().unwrap_or_default()
                ),
            };
            table.row(&[
                o.status.word(o.kind).to_string(),
                what,
                o.texts.by.as_deref().unwrap_or_default().to_string(),
                when(o, &assessment.as_of.date),
                format!("{} [{}]", o.texts.citation, o.confidence),
            ]);
        }
        out.push_str(&table.finish());
        let _ = writeln!(out);
    }
    let mut list = |title: &str, items: &[&crate::assessment::Outcome]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "## {title}\n");
        for o in items {
            let head = o
                .texts
                .blocks
                .as_deref()
                .or(o.texts.bars.as_deref())
                .or(o.texts.what.as_deref())
                .unwrap_or(&o.texts.says);
            let until = o
                .texts
                .until
                .as_deref()
                .map(|u| format!(" until {u}"))
                .unwrap_or_default();
            let due = Some(when(o, &assessment.as_of.date))
                .filter(|d| !d.is_empty())
                .map(|d| format!("; due {d}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}**: {}{}{} ({} [{}])",
                o.status.word(o.kind),
                cell(head),
                cell(&until),
                cell(&due),
                cell(&o.texts.citation),
                o.confidence
            );
        }
        let _ = writeln!(out);
    };
    list("Gates and prohibitions", &sections.barriers);
    list("Other duties", &sections.other_duties);
    list("Standing duties", &sections.standing);
    list(
        "Governing authorities (no congressional notice attaches)",
        &sections.authorities,
    );
    if !sections.not_applying.is_empty() || !sections.untouched_provisions.is_empty() {
        let _ = writeln!(out, "## Not applying\n");
        for o in &sections.not_applying {
            let reason = o.reason.as_ref().map(|r| r.text()).unwrap_or_default();
            let _ = writeln!(
                out,
                "- `{}` ({}): {}",
                o.texts.id,
                cell(&o.texts.citation),
                cell(&reason)
            );
        }
        if !sections.untouched_provisions.is_empty() {
            let _ = writeln!(
                out,
                "- Nothing applies under {}.",
                cell(&sections.untouched_provisions.join("; "))
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Open questions\n");
    if assessment.questions.is_empty() {
        let _ = writeln!(out, "None.\n");
    }
    for (n, q) in assessment.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {} (`{}`; bears on {})",
            n + 1,
            cell(&q.question),
            q.fact,
            super::distinct(&q.cites)
        );
    }
    if !assessment.questions.is_empty() {
        let _ = writeln!(out);
    }
    confidence_notes(&mut out, assessment);
    currency_notes(&mut out, assessment);
    if !sections.confidence_notes.is_empty() {
        let _ = writeln!(out, "## Sources\n");
        for (tag, meaning) in &sections.confidence_notes {
            let _ = writeln!(out, "- `{tag}`: {meaning}");
        }
        let _ = writeln!(out);
    }
    facts_stated(&mut out, assessment);
    let _ = writeln!(
        out,
        "---\nGenerated by oversight {}.",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(banner) = &view.banner {
        let _ = writeln!(out, "\n**{}**", cell(banner));
    }
    out
}

/// What the memo rests on: every fact the action states, with its question.
fn facts_stated(out: &mut String, assessment: &Assessment) {
    let _ = writeln!(out, "## Facts stated\n");
    if assessment.action.facts.is_empty() {
        let _ = writeln!(out, "None: every fact is open.\n");
        return;
    }
    let mut table = MarkdownTable::new(&["Fact", "Question", "Stated"]);
    for fact in &assessment.action.facts {
        table.row(&[
            format!("`{}`", fact.fact),
            fact.question.to_string(),
            fact.value.to_string(),
        ]);
    }
    out.push_str(&table.finish());
    let _ = writeln!(out);
}

/// Every line the memo relies on (owed or undecided) whose rule rests on a
/// secondary or unconfirmed source, with that source, so no reader mistakes
/// it for verified statute.
fn confidence_notes(out: &mut String, assessment: &Assessment) {
    let weak: Vec<_> = assessment
        .outcomes
        .iter()
        .filter(|o| o.status != crate::assessment::Status::NotRequired)
        .filter(|o| {
            matches!(
                o.confidence,
                Confidence::Secondary | Confidence::Unconfirmed
            )
        })
        .collect();
    if weak.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Confidence notes\n");
    for o in weak {
        let _ = writeln!(
            out,
            "- `{}` ({}) is {}: it rests on {}. Check the statute text before relying on it.",
            o.texts.id,
            cell(&o.texts.citation),
            o.confidence,
            cell(&o.texts.sources.join("; "))
        );
    }
    let _ = writeln!(out);
}

fn currency_notes(out: &mut String, assessment: &Assessment) {
    if assessment.currency.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Currency\n");
    let _ = writeln!(
        out,
        "{}\n",
        crate::assessment::Currency::preamble(&assessment.as_of.date)
    );
    for group in &assessment.currency {
        let _ = writeln!(out, "- {}", cell(&group.text()));
    }
    let _ = writeln!(out);
}

/// The deadline cell: the deadline, or for a line not encoded for its date
/// the reason; and the date whose law governs it when that is not the as-of date.
fn when(o: &crate::assessment::Outcome, as_of: &str) -> String {
    let mut text = match (o.status, &o.reason) {
        (crate::assessment::Status::NotEncoded, Some(reason)) => reason.text(),
        _ => deadline_line(o).unwrap_or_default(),
    };
    if o.law_of.date.to_string() != as_of {
        text.push_str(&format!(" (judged by {})", o.law_of.text()));
    }
    text
}
