//! The compact outcome listing: only the legal outcome of an action, one
//! line per rule, as the scenario snapshots record it.
//!
//! A reviewer reads a rule change as a diff of these listings, so they hold
//! what a change to the law can move (status, recipients, actor, deadline,
//! form, citation, confidence, why a rule did not apply, the open questions)
//! and nothing a change of wording alone would move (summaries, the `what`
//! of a notice, the reason's detailed text). Rewording a rule therefore
//! touches no snapshot; changing who is told touches exactly the scenarios
//! where that rule applies or may apply.

use std::fmt::Write as _;

use crate::assessment::{Assessment, Outcome, Reason, RuleSource, Status, TermValue};
use crate::engine::logic::Truth;

/// Renders the compact outcome listing.
pub(crate) fn render(assessment: &Assessment) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", assessment.action.title);
    let _ = writeln!(
        out,
        "as of {} ({}) · {}",
        assessment.as_of.date, assessment.as_of.source, assessment.action.timezone
    );
    if !assessment.proposals.is_empty() {
        let _ = writeln!(out, "with {}", assessment.proposals.join(" + "));
    }

    let live: Vec<&Outcome> = assessment
        .outcomes
        .iter()
        .filter(|o| o.status != Status::NotRequired)
        .collect();
    let _ = writeln!(out, "\nAPPLIES OR DEPENDS ({})", live.len());
    if live.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for outcome in &live {
        write_live(&mut out, outcome);
    }

    let held: Vec<&TermValue> = assessment
        .terms
        .iter()
        .filter(|t| t.value != Truth::False)
        .collect();
    let _ = writeln!(out, "\nTERMS THAT HOLD OR DEPEND ({})", held.len());
    if held.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for term in &held {
        let value = match (term.value, &term.reason) {
            (Truth::True, _) => "holds",
            (_, Some(Reason::NotEncoded { .. })) => "not enc.",
            _ => "depends",
        };
        let _ = writeln!(
            out,
            "  {value:<8} {} · {:?} · {}",
            term.texts.id, term.kind, term.texts.citation
        );
    }

    let not_applying: Vec<(&str, Option<&Reason>)> = assessment
        .outcomes
        .iter()
        .filter(|o| o.status == Status::NotRequired)
        .map(|o| (&*o.texts.id, o.reason.as_ref()))
        .chain(
            assessment
                .terms
                .iter()
                .filter(|t| t.value == Truth::False)
                .map(|t| (&*t.texts.id, t.reason.as_ref())),
        )
        .collect();
    let _ = writeln!(out, "\nDOES NOT APPLY ({})", not_applying.len());
    for (rule, reason) in not_applying {
        let _ = writeln!(out, "  {rule} · {}", reason_kind(reason));
    }

    let _ = writeln!(out, "\nOPEN QUESTIONS ({})", assessment.questions.len());
    if assessment.questions.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for question in &assessment.questions {
        let _ = writeln!(
            out,
            "  {} · bears on {}",
            question.fact,
            question.matters_for.join(", ")
        );
    }
    out
}

/// One rule that applies or may apply, with everything a change of the law can move.
fn write_live(out: &mut String, outcome: &Outcome) {
    let status = match outcome.status {
        Status::Required => "REQUIRED",
        Status::Depends => "DEPENDS",
        Status::NotRequired => "NOT REQUIRED",
        Status::NotEncoded => "NOT ENCODED",
    };
    let _ = writeln!(
        out,
        "  {status:<8} {} · {:?} · {} [{}]{}",
        outcome.texts.id,
        outcome.kind,
        outcome.texts.citation,
        outcome.confidence,
        if let RuleSource::Law = outcome.source() {
            String::new()
        } else {
            format!(" · proposed by {}", outcome.source().as_str())
        }
    );
    let mut facets: Vec<String> = Vec::new();
    if let Some(by) = &outcome.texts.by {
        facets.push(format!("by: {by}"));
    }
    if !outcome.texts.to.is_empty() {
        facets.push(format!("to: {}", outcome.texts.to.join(", ")));
    }
    if let Some(form) = &outcome.texts.form {
        facets.push(format!("form: {form}"));
    }
    if let Some(deadline) = &outcome.deadline {
        let due = deadline.due_text.as_deref().unwrap_or("no concrete point");
        let mut line = format!("due: {due} ({})", deadline.rule);
        if let Some(days) = deadline.repeats_every_days {
            let _ = write!(line, ", repeats every {days} days");
        }
        facets.push(line);
    }
    if let Some(alternative) = &outcome.texts.alternative {
        facets.push(format!("or instead to: {}", alternative.to.join(", ")));
    }
    if !outcome.displaces.is_empty() {
        facets.push(format!("displaces: {}", outcome.displaces.join(", ")));
    }
    if let Some(Reason::Unknown { facts }) = &outcome.reason {
        facets.push(format!("depends on: {}", facts.join(", ")));
    }
    for facet in facets {
        let _ = writeln!(out, "           {facet}");
    }
}

/// The kind of reason a rule did not apply, without its wording: which
/// rules displaced it, or since when it is in force, but not the text of the
/// condition that failed.
fn reason_kind(reason: Option<&Reason>) -> String {
    match reason {
        Some(Reason::ConditionFalse { .. }) => String::from("condition not met"),
        Some(Reason::Displaced { by, .. }) => format!("displaced by {}", by.join(", ")),
        Some(Reason::NotInForce { from, until, .. }) => match until {
            Some(until) => format!("not in force (in force {from} to {until})"),
            None => format!("not in force (in force from {from})"),
        },
        Some(Reason::Unknown { facts }) => format!("depends on {}", facts.join(", ")),
        Some(Reason::NotEncoded { horizon, rule, .. }) => {
            format!("not encoded (horizon of {rule}: {horizon})")
        }
        None => String::from("not applying"),
    }
}
