//! The bottom line of an assessment, computed once for every report: how
//! many obligations are required and how many depend on open facts, the
//! bodies to tell grouped where their obligations are the same, the
//! earliest concrete deadline, gates and prohibitions in one line each, the
//! terms that applied, facts that contradict each other, and the most
//! decisive open question.

use serde::Serialize;

use super::{BodySummary, Outcome, Question, Status, TermValue};
use crate::engine::logic::Truth;
use crate::input::action::{Action, FactValue};
use crate::model::texts::Text;
use crate::model::{RuleBook, RuleKind};

/// The bottom line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Obligations to tell Congress owed whatever the open facts are.
    pub required: usize,
    /// Obligations that depend on open facts.
    pub depends: usize,
    /// Groups of bodies owed something for certain, same obligations together.
    pub tell: Vec<BodyGroup>,
    /// Groups of bodies that may be owed something, if open facts go one way.
    pub may_tell: Vec<BodyGroup>,
    /// The earliest concrete deadline of a required obligation.
    pub earliest: Option<Earliest>,
    /// Gates and prohibitions that hold, one statement each.
    pub barriers: Vec<Text>,
    /// Rules of the gates and prohibitions that may hold, depending on open facts.
    pub barriers_may_apply: Vec<String>,
    /// Definitions and exceptions that hold, each with its citation.
    pub terms_applied: Vec<Text>,
    /// Facts stated that a rule ignores because another fact contradicts
    /// them, each naming the rule that ignores it.
    pub contradictions: Vec<String>,
    /// The open question that decides the most obligations.
    pub top_question: Option<TopQuestion>,
}

/// Bodies with the same obligations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyGroup {
    /// Body ids.
    pub ids: Vec<String>,
    /// Their short names joined for reading: `SSCI and HPSCI`.
    pub names: String,
    /// Obligations owed to each of them for certain.
    pub required: usize,
    /// Obligations that depend on open facts.
    pub depends: usize,
    /// The earliest concrete due point, if any.
    pub earliest_due: Option<String>,
}

/// The earliest concrete deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Earliest {
    /// The due point for people.
    pub due: String,
    /// The rule.
    pub rule: String,
    /// Its citation.
    pub citation: String,
}

/// The most decisive open question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopQuestion {
    /// The fact.
    pub fact: String,
    /// The question.
    pub question: String,
    /// How many obligations it decides.
    pub decides: usize,
}

/// `a`, `a and b`, `a, b and c` (report style, no serial comma).
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Bodies grouped where their obligations (rule and status) are identical,
/// in the order of the first body of each group.
pub(crate) fn group_bodies(bodies: &[BodySummary]) -> Vec<(Vec<&BodySummary>, bool)> {
    let mut groups: Vec<Vec<&BodySummary>> = Vec::new();
    for body in bodies {
        let same = |other: &&BodySummary| {
            other.obligations.len() == body.obligations.len()
                && other
                    .obligations
                    .iter()
                    .zip(&body.obligations)
                    .all(|(a, b)| a.rule == b.rule && a.status == b.status)
        };
        match groups.iter_mut().find(|g| g.first().is_some_and(same)) {
            Some(group) => group.push(body),
            None => groups.push(vec![body]),
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let required = g.first().is_some_and(|b| b.required);
            (g, required)
        })
        .collect()
}

fn body_group(group: &[&BodySummary]) -> BodyGroup {
    let first = group.first();
    let count = |status: Status| {
        first.map_or(0, |b| {
            b.obligations.iter().filter(|o| o.status == status).count()
        })
    };
    BodyGroup {
        ids: group.iter().map(|b| b.id.to_string()).collect(),
        names: and_list(
            &group
                .iter()
                .map(|b| b.short.to_string())
                .collect::<Vec<_>>(),
        ),
        required: count(Status::Required),
        depends: count(Status::Depends),
        earliest_due: first.and_then(|b| b.earliest_due.clone()),
    }
}

/// Builds the bottom line.
pub(crate) fn summarize(
    book: &RuleBook,
    action: &Action,
    outcomes: &[Outcome],
    bodies: &[BodySummary],
    terms: &[TermValue],
    questions: &[Question],
) -> Summary {
    let to_congress = |o: &&Outcome| !o.to.is_empty() && o.kind != RuleKind::StandingDuty;
    let required = outcomes
        .iter()
        .filter(to_congress)
        .filter(|o| o.status == Status::Required)
        .count();
    let depends = outcomes
        .iter()
        .filter(to_congress)
        .filter(|o| o.status == Status::Depends)
        .count();
    let mut tell = Vec::new();
    let mut may_tell = Vec::new();
    for (group, is_required) in group_bodies(bodies) {
        let line = body_group(&group);
        if is_required {
            tell.push(line);
        } else if line.depends > 0 {
            may_tell.push(line);
        }
    }
    let earliest = outcomes
        .iter()
        .filter(|o| o.status == Status::Required && !o.to.is_empty())
        .filter_map(|o| {
            let d = o.deadline.as_ref()?;
            Some((d.sort_key?, d.due_text.clone()?, o))
        })
        .min_by_key(|(key, _, _)| *key)
        .map(|(_, due, o)| Earliest {
            due,
            rule: o.rule.to_string(),
            citation: o.citation.to_string(),
        });
    let is_barrier = |o: &&Outcome| matches!(o.kind, RuleKind::Gate | RuleKind::Prohibition);
    let barriers = outcomes
        .iter()
        .filter(is_barrier)
        .filter(|o| o.status == Status::Required)
        // Built once per rule book (`RuleTexts::barrier`).
        .filter_map(|o| book.texts(o.ix)?.barrier.clone())
        .collect();
    let barriers_may_apply = outcomes
        .iter()
        .filter(is_barrier)
        .filter(|o| o.status == Status::Depends)
        .map(|o| o.rule.to_string())
        .collect();
    let terms_applied = terms
        .iter()
        .filter(|t| t.value == Truth::True && t.kind == RuleKind::Definition)
        .filter_map(|t| Some(book.texts(t.ix)?.term.clone()))
        .collect();
    let contradictions = contradictions(book, action, terms, outcomes);
    let top_question = questions.first().map(|q| TopQuestion {
        fact: q.fact.clone(),
        question: q.question.clone(),
        decides: q.decides,
    });
    Summary {
        required,
        depends,
        tell,
        may_tell,
        earliest,
        barriers,
        barriers_may_apply,
        terms_applied,
        contradictions,
        top_question,
    }
}

/// A flag stated true whose presupposed definition does not hold
/// (`finding_approved` on an action that is not covert action), naming the
/// definition and the rules that therefore ignore the flag.
fn contradictions(
    book: &RuleBook,
    action: &Action,
    terms: &[TermValue],
    outcomes: &[Outcome],
) -> Vec<String> {
    let mut found = Vec::new();
    for (ix, fact) in book.vocabulary.facts.iter().enumerate() {
        if action.facts.get(ix) != Some(&Some(FactValue::Flag(true))) {
            continue;
        }
        let Some(term) = fact
            .presupposes
            .as_ref()
            .and_then(|t| terms.iter().find(|v| *v.rule == **t))
            .filter(|t| t.value == Truth::False)
        else {
            continue;
        };
        // The rules in force that read the flag: each ignores it.
        let readers: Vec<String> = book
            .prepared()
            .readers
            .get(ix)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|&&r| {
                outcomes.iter().any(|o| {
                    o.ix == r && !matches!(o.reason, Some(super::Reason::NotInForce { .. }))
                })
            })
            .filter_map(|r| book.rules.get(r.0))
            .map(|r| format!("`{}`", r.id))
            .collect();
        let ignored = if readers.is_empty() {
            String::new()
        } else {
            format!(", so {} ignore it", and_list(&readers))
        };
        found.push(format!(
            "`{}` is stated true, but `{}` ({}) does not hold{ignored}",
            fact.name, term.rule, term.citation
        ));
    }
    found
}
