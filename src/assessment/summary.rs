//! The bottom line of an assessment, computed once for every report: how
//! many obligations are required and how many depend on open facts, the
//! bodies to tell grouped where their obligations are the same, the
//! earliest concrete deadline, gates and prohibitions in one line each, the
//! terms that applied, facts that contradict each other, and the most
//! decisive open question.

use serde::Serialize;

use super::{BodySummary, Outcome, Question, Status, TermValue};
use crate::diagnostic::push_list;
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
    pub barriers_may_apply: Vec<Text>,
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
    pub ids: Vec<Text>,
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
    pub rule: Text,
    /// Its citation.
    pub citation: Text,
}

/// The most decisive open question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopQuestion {
    /// The fact.
    pub fact: Text,
    /// The question.
    pub question: Text,
    /// How many obligations it decides.
    pub decides: usize,
}

/// `a`, `a and b`, `a, b and c` (report style, no serial comma).
pub(crate) fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    push_list(&mut out, items.iter().map(AsRef::as_ref), "", " and ");
    out
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
        ids: group.iter().map(|b| b.id.clone()).collect(),
        names: and_list(&group.iter().map(|b| &*b.short).collect::<Vec<&str>>()),
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
    // One pass over the outcomes (each is large: several passes showed in
    // the profile as cache misses).
    let mut required = 0;
    let mut depends = 0;
    let mut earliest: Option<(jiff::civil::DateTime, &Outcome)> = None;
    let mut barriers = Vec::new();
    let mut barriers_may_apply = Vec::new();
    for o in outcomes {
        let to_congress = !o.texts.to.is_empty() && o.kind != RuleKind::StandingDuty;
        match o.status {
            Status::Required if to_congress => required += 1,
            Status::Depends if to_congress => depends += 1,
            _ => {}
        }
        if o.status == Status::Required && !o.texts.to.is_empty() {
            let due = o
                .deadline
                .as_ref()
                .and_then(|d| Some((d.sort_key?, d.due_text.as_ref()?)));
            if let Some((key, _)) = due
                && earliest.is_none_or(|(best, _)| key < best)
            {
                earliest = Some((key, o));
            }
        }
        if matches!(o.kind, RuleKind::Gate | RuleKind::Prohibition) {
            match o.status {
                // Built once per rule book (`RuleTexts::barrier`).
                Status::Required => barriers.extend(o.texts.barrier.clone()),
                Status::Depends => barriers_may_apply.push(o.texts.id.clone()),
                _ => {}
            }
        }
    }
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
    let earliest = earliest.and_then(|(_, o)| {
        Some(Earliest {
            due: o.deadline.as_ref()?.due_text.clone()?,
            rule: o.texts.id.clone(),
            citation: o.texts.citation.clone(),
        })
    });
    let terms_applied = terms
        .iter()
        .filter(|t| t.value == Truth::True && t.kind == RuleKind::Definition)
        .map(|t| t.texts.term.clone())
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
    // The rules with an outcome that is in force, by rule index, worked out
    // once (an outcome is large; scanning them per reader showed in the profile).
    let mut in_force: Option<Vec<bool>> = None;
    for (ix, fact) in book.vocabulary.facts.iter().enumerate() {
        if action.facts.get(ix) != Some(&Some(FactValue::Flag(true))) {
            continue;
        }
        let Some(term) = fact
            .presupposes
            .as_ref()
            .and_then(|t| book.rule_index.get(t.as_str()))
            .and_then(|&ix| terms.iter().find(|v| v.ix == ix))
            .filter(|t| t.value == Truth::False)
        else {
            continue;
        };
        let in_force = in_force.get_or_insert_with(|| {
            let mut rules = vec![false; book.rules.len()];
            for o in outcomes {
                if let Some(slot) = rules.get_mut(o.ix.0)
                    && !matches!(o.reason, Some(super::Reason::NotInForce { .. }))
                {
                    *slot = true;
                }
            }
            rules
        });
        // The rules in force that read the flag: each ignores it. Written
        // piece by piece into one string: `format!` and a string per name
        // showed in the profile.
        let readers: Vec<&str> = book
            .prepared()
            .readers
            .get(ix)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|r| in_force.get(r.0).copied().unwrap_or(false))
            .filter_map(|&r| book.texts(r))
            .map(|t| &*t.id)
            .collect();
        let mut line = String::with_capacity(160 + 16 * readers.len());
        for piece in [
            "`",
            &fact.name,
            "` is stated true, but `",
            &term.texts.id,
            "` (",
            &term.texts.citation,
            ") does not hold",
        ] {
            line.push_str(piece);
        }
        if !readers.is_empty() {
            line.push_str(", so ");
            push_list(&mut line, readers.into_iter(), "`", " and ");
            line.push_str(" ignore it");
        }
        found.push(line);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{and_list, push_list};

    #[test]
    fn lists_join_with_and_before_the_last_and_no_serial_comma() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["SSCI"]), "SSCI");
        assert_eq!(and_list(&["SSCI", "HPSCI"]), "SSCI and HPSCI");
        assert_eq!(and_list(&["SSCI", "HPSCI", "SASC"]), "SSCI, HPSCI and SASC");
        let mut ids = String::from("so ");
        push_list(
            &mut ids,
            ["3093-c-1", "3093-c-2", "3093-h"].into_iter(),
            "`",
            " and ",
        );
        assert_eq!(ids, "so `3093-c-1`, `3093-c-2` and `3093-h`");
    }
}
