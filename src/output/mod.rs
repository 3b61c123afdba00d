//! Renders an [`crate::assessment::Assessment`] for people or programs.
//!
//! Every renderer is a pure function of the assessment, so the same input
//! always gives the same bytes.

pub mod coverage;
pub mod diff;
pub mod docx;
pub mod gaps;
pub mod graph;
pub mod ics;
pub mod json;
pub mod lint;
pub mod markdown;
pub mod outcomes;
pub mod rego;
pub(crate) mod summary;
pub mod table;
pub mod text;
pub mod vocab;

use crate::assessment::{Assessment, Outcome, Status};
use crate::model::{Confidence, RuleKind};

/// Output formats of `oversight check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Versioned JSON.
    Json,
    /// A Markdown memo.
    Markdown,
    /// The compact outcome listing the scenario snapshots record.
    Outcomes,
}

/// What part of a report to show, and what to print around it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    /// Only the bottom line, the bodies grouped (one line each) and the top
    /// three questions.
    pub brief: bool,
    /// Only obligations with this status in the bodies' lists.
    pub only: Option<Status>,
    /// A marking printed at the top and the bottom (a classification line).
    pub banner: Option<String>,
    /// The date the report is prepared (`YYYY-MM-DD`), printed in the memo.
    pub prepared: Option<String>,
}

/// Renders in the chosen format.
pub fn render(assessment: &Assessment, format: Format) -> String {
    render_view(assessment, format, &View::default())
}

/// Renders in the chosen format, showing what `view` asks for (text and
/// Markdown; JSON and the outcome listing are always whole).
pub fn render_view(assessment: &Assessment, format: Format, view: &View) -> String {
    match format {
        Format::Text => text::render(assessment, view),
        Format::Json => json::render(assessment),
        Format::Markdown => markdown::render(assessment, view),
        Format::Outcomes => outcomes::render(assessment),
    }
}

/// The sections a report is made of, shared by the text and Markdown renderers.
pub(crate) struct Sections<'a> {
    /// Gates and prohibitions that are required or undecided.
    pub barriers: Vec<&'a Outcome>,
    /// Duties with no congressional recipient that are required or undecided.
    pub other_duties: Vec<&'a Outcome>,
    /// Standing duties that apply or are undecided.
    pub standing: Vec<&'a Outcome>,
    /// Authorities that govern the action or may.
    pub authorities: Vec<&'a Outcome>,
    /// Rules not required, in provisions where something applies or is undecided.
    pub not_applying: Vec<&'a Outcome>,
    /// Provisions in which nothing applies or is undecided.
    pub untouched_provisions: Vec<&'a str>,
    /// Confidence tags used by lines shown, with their meaning.
    pub confidence_notes: Vec<(&'static str, &'static str)>,
}

impl<'a> Sections<'a> {
    pub(crate) fn of(assessment: &'a Assessment) -> Self {
        let live = |o: &&Outcome| o.status != Status::NotRequired;
        let barriers = assessment
            .outcomes
            .iter()
            .filter(live)
            .filter(|o| matches!(o.kind, RuleKind::Gate | RuleKind::Prohibition))
            .collect();
        let other_duties = assessment
            .outcomes
            .iter()
            .filter(live)
            .filter(|o| {
                matches!(o.kind, RuleKind::Duty | RuleKind::Notice) && o.texts.to.is_empty()
            })
            .collect();
        let standing = assessment
            .outcomes
            .iter()
            .filter(live)
            .filter(|o| o.kind == RuleKind::StandingDuty)
            .collect();
        let authorities = assessment
            .outcomes
            .iter()
            .filter(live)
            .filter(|o| o.kind == RuleKind::Authority)
            .collect();
        // A provision where a definition or exception holds is
        // in play too: "nothing applies" there would hide it.
        let in_play: Vec<&str> = assessment
            .outcomes
            .iter()
            .filter(|o| live(o) || o.near_miss)
            .map(|o| &*o.texts.provision)
            .chain(
                assessment
                    .terms
                    .iter()
                    .filter(|t| t.value == crate::engine::logic::Truth::True)
                    .map(|t| &*t.texts.provision),
            )
            .collect();
        // A version of a rule that ended before its date is left out (the
        // version in force speaks for it), and so is one not yet in force
        // unless its condition holds (a near miss worth knowing).
        let not_applying = assessment
            .outcomes
            .iter()
            .filter(|o| o.status == Status::NotRequired && in_play.contains(&&*o.texts.provision))
            .filter(|o| match &o.reason {
                Some(crate::assessment::Reason::NotInForce { on, until, .. }) => {
                    o.near_miss && until.as_ref().is_none_or(|until| until >= on)
                }
                _ => true,
            })
            .collect();
        let mut untouched_provisions: Vec<&str> = Vec::new();
        for outcome in &assessment.outcomes {
            let name = &*outcome.texts.provision;
            if !in_play.contains(&name) && !untouched_provisions.contains(&name) {
                untouched_provisions.push(name);
            }
        }
        let mut tags: Vec<Confidence> = assessment
            .outcomes
            .iter()
            .filter(live)
            .map(|o| o.confidence)
            .collect();
        tags.sort_unstable_by_key(|c| c.tag());
        tags.dedup();
        let confidence_notes = tags.into_iter().map(|c| (c.tag(), c.explain())).collect();
        Self {
            barriers,
            other_duties,
            standing,
            authorities,
            not_applying,
            untouched_provisions,
            confidence_notes,
        }
    }
}

/// The plain statement when no body is owed anything specific.
pub(crate) fn nothing_specific(sections: &Sections<'_>) -> &'static str {
    if sections.standing.is_empty() {
        "No specific notice to any committee or member is required under the law encoded here."
    } else {
        "No specific notice to any committee or member is required under the law encoded here. \
         Only the standing duties below apply: they set no deadline and require no particular report."
    }
}

/// Citations once each, in order ("50 U.S.C. 3092(a)(2)" covers both per-committee rules).
pub(crate) fn distinct(cites: &[crate::model::texts::Text]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for cite in cites {
        if !seen.contains(&&**cite) {
            seen.push(cite);
        }
    }
    seen.join(", ")
}

/// The outcome with this rule id.
pub(crate) fn find<'a>(assessment: &'a Assessment, rule: &str) -> Option<&'a Outcome> {
    assessment.outcomes.iter().find(|o| *o.texts.id == *rule)
}

/// The deadline of an outcome in one line: concrete point first, then the rule's words.
pub(crate) fn deadline_line(outcome: &Outcome) -> Option<String> {
    let deadline = outcome.deadline.as_ref()?;
    let mut line = match &deadline.due_text {
        Some(due) => format!("{due} ({})", deadline.rule),
        None => deadline.rule.to_string(),
    };
    if let Some(every) = deadline.repeats_every_days {
        line.push_str(&format!("; repeats every {every} days"));
    }
    if let Some(missing) = &deadline.missing {
        line.push_str(&format!("; {missing}"));
    }
    Some(line)
}
