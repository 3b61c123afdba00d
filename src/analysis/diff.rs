//! What a proposal or a rule change changes: each scenario assessed under
//! one rule book and under another (the law and the law plus proposals, or
//! the rules at a base revision and the rules under review), compared rule
//! by rule, with a verdict like Cedar's policy comparison.

use serde::Serialize;

use crate::assessment::{Assessment, Outcome, Status};

/// The schema name and version of `oversight diff --format json`.
pub const SCHEMA: &str = "oversight.diff/1";

/// Which way a change (or a set of changes) moves the duties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing changes.
    Equivalent,
    /// Only adds or tightens duties.
    Stricter,
    /// Only removes or loosens duties.
    Looser,
    /// Some of each, or changes that are neither.
    Mixed,
}

impl Verdict {
    /// Combines two verdicts.
    #[must_use]
    pub(crate) fn and(self, other: Self) -> Self {
        match (self, other) {
            (Self::Equivalent, v) | (v, Self::Equivalent) => v,
            (a, b) if a == b => a,
            _ => Self::Mixed,
        }
    }

    /// How the verdict reads in a report.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Self::Equivalent => "EQUIVALENT (nothing changes)",
            Self::Stricter => "STRICTER (only adds or tightens duties)",
            Self::Looser => "LOOSER (only removes or loosens duties)",
            Self::Mixed => "MIXED (adds some duties and removes or alters others)",
        }
    }
}

/// An obligation as it stands on one side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Status.
    pub status: Status,
    /// Bodies told.
    pub to: Vec<String>,
    /// Concrete due point, if any.
    pub due: Option<String>,
    /// The due point for people, e.g. `by 2026-03-08 19:00 EDT`.
    pub due_text: Option<String>,
    /// The timing in words.
    pub timing: Option<String>,
    /// Form.
    pub form: Option<String>,
    /// Full dual citation.
    pub citation: String,
    /// Confidence tag of its source (`TEXT-2023`, `SECONDARY`, ...).
    pub confidence: &'static str,
}

/// One rule whose outcome differs.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Rule id.
    pub rule: String,
    /// `gained`, `lost` or `changed`.
    pub change: &'static str,
    /// Rule kind, e.g. `notice`.
    pub kind: String,
    /// Citation.
    pub citation: String,
    /// `law` or the proposal id.
    pub source: String,
    /// Under the law (absent if the rule does not exist there or does not apply).
    pub before: Option<Side>,
    /// Under the amended law.
    pub after: Option<Side>,
    /// Which way it moves duties.
    pub verdict: Verdict,
    /// What differs, in words.
    pub details: Vec<String>,
}

/// One scenario's differences.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioDiff {
    /// Scenario file.
    pub scenario: String,
    /// The scenario's title, from its action file.
    pub title: String,
    /// Whether the change adds, removes or alters duties in this scenario.
    pub verdict: Verdict,
    /// Its changes, in rule order.
    pub changes: Vec<Change>,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// What the comparison starts from: `law`, or the base rules of
    /// `diff --base` (e.g. `rules at HEAD~1`).
    pub before: String,
    /// What it compares with: `law + PROPOSAL`, or the rules under review.
    pub after: String,
    /// Proposals applied, in order.
    pub proposals: Vec<String>,
    /// Overall verdict.
    pub verdict: Verdict,
    /// Scenarios that changed.
    pub changed: usize,
    /// Scenarios that did not.
    pub unchanged: usize,
    /// Scenarios that show a stricter change.
    pub stricter_in: Vec<String>,
    /// Scenarios that show a looser change.
    pub looser_in: Vec<String>,
    /// Every changed scenario.
    pub scenarios: Vec<ScenarioDiff>,
    /// True for a comparison of two rule directories (`diff --base`), whose
    /// sides read "before" and "after" rather than "law" and "amended".
    #[serde(skip)]
    pub rule_change: bool,
}

fn side(outcome: &Outcome) -> Side {
    Side {
        status: outcome.status,
        to: outcome.texts.to.iter().map(ToString::to_string).collect(),
        due: outcome.deadline.as_ref().and_then(|d| d.due.clone()),
        due_text: outcome.deadline.as_ref().and_then(|d| d.due_text.clone()),
        timing: outcome.deadline.as_ref().map(|d| d.rule.to_string()),
        form: outcome.texts.form.as_deref().map(str::to_string),
        citation: outcome.texts.citation.to_string(),
        confidence: outcome.confidence.tag(),
    }
}

/// How much a status owes, for ordering a change; `None` for "not encoded
/// for this date", which is neither more nor less than any other.
fn rank(status: Status) -> Option<u8> {
    match status {
        Status::NotRequired => Some(0),
        Status::Depends => Some(1),
        Status::Required => Some(2),
        Status::NotEncoded => None,
    }
}

/// Compares one obligation that applies on both sides.
fn compare(before: &Outcome, after: &Outcome) -> Option<(Verdict, Vec<String>)> {
    let mut verdict = Verdict::Equivalent;
    let mut details = Vec::new();
    if before.status != after.status {
        verdict = verdict.and(match (rank(before.status), rank(after.status)) {
            (Some(b), Some(a)) if a > b => Verdict::Stricter,
            (Some(_), Some(_)) => Verdict::Looser,
            _ => Verdict::Mixed,
        });
        details.push(format!("status {:?} -> {:?}", before.status, after.status));
    }
    if before.texts.to != after.texts.to {
        let added = before.texts.to.iter().all(|b| after.texts.to.contains(b));
        let removed = after.texts.to.iter().all(|b| before.texts.to.contains(b));
        verdict = verdict.and(match (added, removed) {
            (true, false) => Verdict::Stricter,
            (false, true) => Verdict::Looser,
            _ => Verdict::Mixed,
        });
        details.push(format!(
            "recipients [{}] -> [{}]",
            before.texts.to.join(", "),
            after.texts.to.join(", ")
        ));
    }
    let (b_due, a_due) = (before.deadline.as_ref(), after.deadline.as_ref());
    let b_timing = b_due.map(|d| (&d.rule, &d.due));
    let a_timing = a_due.map(|d| (&d.rule, &d.due));
    if b_timing != a_timing {
        let keys = (
            b_due.and_then(|d| d.sort_key),
            a_due.and_then(|d| d.sort_key),
        );
        verdict = verdict.and(match keys {
            (Some(b), Some(a)) if a < b => Verdict::Stricter,
            (Some(b), Some(a)) if a > b => Verdict::Looser,
            _ => Verdict::Mixed,
        });
        let words = |d: Option<&crate::engine::timing::Deadline>| {
            d.map(|d| d.due_text.clone().unwrap_or_else(|| d.rule.to_string()))
                .unwrap_or_default()
        };
        details.push(format!("deadline {} -> {}", words(b_due), words(a_due)));
    }
    if before.texts.form != after.texts.form {
        verdict = verdict.and(Verdict::Mixed);
        details.push(format!(
            "form {} -> {}",
            before.texts.form.as_deref().unwrap_or("none"),
            after.texts.form.as_deref().unwrap_or("none")
        ));
    }
    if before.kind != after.kind {
        verdict = verdict.and(Verdict::Mixed);
        details.push(format!("kind {:?} -> {:?}", before.kind, after.kind));
    }
    // A new citation or confidence moves no duty either way, but a reviewer
    // must see it: it is what the report tells a committee to rely on.
    if before.texts.citation != after.texts.citation {
        verdict = verdict.and(Verdict::Mixed);
        details.push(format!(
            "citation {} -> {}",
            before.texts.citation, after.texts.citation
        ));
    }
    if before.confidence != after.confidence {
        verdict = verdict.and(Verdict::Mixed);
        details.push(format!(
            "confidence {} -> {}",
            before.confidence, after.confidence
        ));
    }
    (verdict != Verdict::Equivalent).then_some((verdict, details))
}

fn kind_name(outcome: &Outcome) -> String {
    serde_json::to_value(outcome.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Compares one scenario's assessment under the law with the amended one.
pub(crate) fn diff_scenario(
    scenario: &str,
    law: &Assessment,
    amended: &Assessment,
) -> ScenarioDiff {
    let live = |o: &&Outcome| o.status != Status::NotRequired;
    let mut changes = Vec::new();
    for after in &amended.outcomes {
        let before = law.outcomes.iter().find(|o| o.texts.id == after.texts.id);
        let change = match (before.filter(live), Some(after).filter(live)) {
            (None, None) => None,
            (None, Some(a)) => Some(("gained", Verdict::Stricter, None, Some(a), Vec::new())),
            (Some(b), None) => Some(("lost", Verdict::Looser, Some(b), None, Vec::new())),
            (Some(b), Some(a)) => compare(b, a).map(|(v, d)| ("changed", v, Some(b), Some(a), d)),
        };
        if let Some((change, verdict, before, after_side, details)) = change {
            changes.push(Change {
                rule: after.texts.id.to_string(),
                change,
                kind: kind_name(after),
                citation: after.texts.citation.to_string(),
                source: after.source().as_str().to_string(),
                before: before.map(side),
                after: after_side.map(side),
                verdict,
                details,
            });
        }
    }
    for before in law.outcomes.iter().filter(live) {
        if !amended
            .outcomes
            .iter()
            .any(|o| o.texts.id == before.texts.id)
        {
            changes.push(Change {
                rule: before.texts.id.to_string(),
                change: "lost",
                kind: kind_name(before),
                citation: before.texts.citation.to_string(),
                source: String::from("law (repealed)"),
                before: Some(side(before)),
                after: None,
                verdict: Verdict::Looser,
                details: vec![String::from("repealed")],
            });
        }
    }
    let verdict = changes
        .iter()
        .fold(Verdict::Equivalent, |v, c| v.and(c.verdict));
    ScenarioDiff {
        scenario: scenario.to_string(),
        title: law.action.title.clone(),
        verdict,
        changes,
    }
}

/// Puts the scenario comparisons together; `labels` name the two sides.
pub(crate) fn report(
    labels: (String, String),
    proposals: Vec<String>,
    diffs: Vec<ScenarioDiff>,
) -> DiffReport {
    let total = diffs.len();
    let changed: Vec<ScenarioDiff> = diffs
        .into_iter()
        .filter(|d| d.verdict != Verdict::Equivalent)
        .collect();
    let verdict = changed
        .iter()
        .fold(Verdict::Equivalent, |v, d| v.and(d.verdict));
    let names = |wanted: Verdict| -> Vec<String> {
        changed
            .iter()
            .filter(|d| {
                d.changes.iter().any(|c| {
                    c.verdict == wanted || c.verdict == Verdict::Mixed && wanted == Verdict::Mixed
                })
            })
            .map(|d| d.scenario.clone())
            .collect()
    };
    DiffReport {
        schema: SCHEMA,
        before: labels.0,
        after: labels.1,
        proposals,
        verdict,
        changed: changed.len(),
        unchanged: total - changed.len(),
        stricter_in: names(Verdict::Stricter),
        looser_in: names(Verdict::Looser),
        scenarios: changed,
        rule_change: false,
    }
}

impl DiffReport {
    /// What the two sides are called on each changed line: `law` and
    /// `amended` for proposals, `before` and `after` for a rule change.
    pub(crate) fn side_names(&self) -> (&'static str, &'static str) {
        if self.rule_change {
            ("before", "after")
        } else {
            ("law", "amended")
        }
    }
}

/// Assesses every scenario file under the law (`law`) and under the amended
/// law (`amended`) and compares them.
pub fn diff_files(
    law: &crate::model::RuleBook,
    amended: &crate::model::RuleBook,
    files: &[std::path::PathBuf],
    today: jiff::civil::Date,
) -> Result<DiffReport, crate::diagnostic::Diagnostics> {
    use crate::diagnostic::{Diagnostic, Diagnostics};
    let mut sources = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let text = crate::source::read_path(path)
            .map_err(|problem| Diagnostics::one(Diagnostic::in_file(&name, problem)))?;
        sources.push(crate::source::SourceFile::new(name, text));
    }
    diff_sources(law, amended, sources, today)
}

/// Assesses action files already in memory (scenarios, or an action sent to
/// the web API) under the law and under the amended law, and compares them.
pub(crate) fn diff_sources(
    law: &crate::model::RuleBook,
    amended: &crate::model::RuleBook,
    sources: Vec<crate::source::SourceFile>,
    today: jiff::civil::Date,
) -> Result<DiffReport, crate::diagnostic::Diagnostics> {
    use crate::assessment::build::{assess, choose_as_of};
    use crate::input::action::load_action;
    let mut diffs = Vec::new();
    for source in sources {
        let name = source.name.clone();
        let before = load_action(law, source.clone())?;
        let after = load_action(amended, source)?;
        let (date, origin) = choose_as_of(&before.action, None, today);
        diffs.push(diff_scenario(
            &name,
            &assess(law, &before.action, date, origin),
            &assess(amended, &after.action, date, origin),
        ));
    }
    let ids = amended.proposal_ids();
    let after = if ids.is_empty() {
        String::from("law")
    } else {
        format!("law + {}", ids.join(" + "))
    };
    // `diff --base` renames the two sides after the rule directories compared.
    Ok(report((String::from("law"), after), ids, diffs))
}
