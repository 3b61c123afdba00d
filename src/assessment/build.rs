//! The assessment of an action: which date's law governs each rule, the
//! evaluation at each such date, and the outcomes, terms, bodies, questions
//! and currency a report shows.

use jiff::civil::Date;

use crate::assessment::{
    ActionInfo, AsOf, AsOfSource, Assessment, BodyObligation, BodySummary, LawOf, Outcome,
    Question, Reason, SCHEMA, Status, TermValue,
};
use crate::engine::bits::{EncodedFacts, Evaluator};
use crate::engine::evaluate::{Evaluation, Explainer, condition_value, refine_by_cases};
use crate::engine::logic::Truth;
use crate::engine::timing::{Deadline, deadline};
use crate::input::action::{Action, FactValue};
use crate::model::texts::{RuleTexts, Text};
use crate::model::{Effect, EventIx, FactIx, Rule, RuleBook, RuleIx, RuleKind};

/// Picks the as-of date: the command line, else the action file, else the
/// earliest event, else today. Returns the date and where it came from.
pub fn choose_as_of(
    action: &Action,
    command_line: Option<Date>,
    today: Date,
) -> (Date, AsOfSource) {
    if let Some(date) = command_line {
        (date, AsOfSource::CommandLine)
    } else if let Some(date) = action.as_of {
        (date, AsOfSource::ActionFile)
    } else if let Some(date) = action.earliest_event_date() {
        (date, AsOfSource::EarliestEvent)
    } else {
        (today, AsOfSource::Today)
    }
}

/// One evaluation of the whole rule book at one date, with what the report
/// needs from it: each undecided rule's deciding unknowns, and the rules a
/// case split decided.
struct Dated {
    date: Date,
    evaluation: Evaluation,
    unknowns: Vec<Vec<FactIx>>,
    decided_by_cases: Vec<Option<Vec<FactIx>>>,
    /// The words for why each referred-to rule does not apply, once worked out.
    memo: std::cell::RefCell<Vec<Option<super::words::Words>>>,
}

impl Dated {
    fn at(
        book: &RuleBook,
        action: &Action,
        evaluator: &mut Evaluator<'_>,
        facts: &EncodedFacts,
        date: Date,
    ) -> Self {
        evaluator.run_encoded(facts, date);
        let mut evaluation = evaluator.evaluation(date);
        let mut unknowns = Explainer {
            book,
            action,
            evaluation: &evaluation,
            memo: None,
        }
        .unknown_facts_per_rule();
        let decided_by_cases = refine_by_cases(book, action, date, &mut evaluation, &mut unknowns);
        Self {
            date,
            evaluation,
            unknowns,
            decided_by_cases,
            memo: std::cell::RefCell::new(vec![None; book.rules.len()]),
        }
    }
}

/// The date whose law governs a rule's outcome for this action. For a
/// notice or duty: the date of the event it arises on (named by the rule,
/// else its timing's events in order) when the action dates it, else the
/// action's earliest dated event, since the duty arises from the action;
/// else the as-of date. Gates, prohibitions, standing duties, authorities
/// and duties owed on request are judged at the as-of date. A duty that an event creates is governed by
/// the law in force at that event (docs/DESIGN.md, "The law in time").
pub(crate) fn law_of(book: &RuleBook, action: &Action, rule: RuleIx, as_of: Date) -> LawOf {
    law_of_given(book, action, rule, as_of, &earliest_event(book, action))
}

/// The action's earliest dated event, with its label.
fn earliest_event(book: &RuleBook, action: &Action) -> Option<(Date, Text)> {
    let labels = &book.prepared().event_labels;
    action
        .events
        .iter()
        .zip(labels)
        .filter_map(|(time, label)| Some((time.as_ref()?.date(), label.clone())))
        .min_by_key(|(date, _)| *date)
}

/// [`law_of`], the action's earliest dated event worked out once for all rules.
fn law_of_given(
    book: &RuleBook,
    action: &Action,
    rule: RuleIx,
    as_of: Date,
    earliest: &Option<(Date, Text)>,
) -> LawOf {
    let prepared = book.prepared();
    let dated = |event: EventIx| {
        let time = action.events.get(event.0)?.as_ref()?;
        Some((time.date(), prepared.event_labels.get(event.0)?.clone()))
    };
    let anchored = prepared
        .judged_at_events
        .get(rule.0)
        .copied()
        .flatten()
        .and_then(|anchors| {
            anchors
                .into_iter()
                .flatten()
                .find_map(dated)
                .or_else(|| earliest.clone())
        });
    match anchored {
        Some((date, label)) => LawOf {
            date,
            basis: "event",
            event: Some(label),
        },
        None => LawOf {
            date: as_of,
            basis: "as_of",
            event: None,
        },
    }
}

/// Applies the law to an action and builds the full assessment. Each
/// outcome is judged by the law of its own date (see `law_of`); terms and
/// questions by the as-of date and the outcomes' dates.
pub fn assess(
    book: &RuleBook,
    action: &Action,
    as_of: Date,
    as_of_source: AsOfSource,
) -> Assessment {
    let earliest = earliest_event(book, action);
    let laws: Vec<LawOf> = (0..book.rules.len())
        .map(|ix| law_of_given(book, action, RuleIx(ix), as_of, &earliest))
        .collect();
    // One encoding of the facts, evaluated at each date some rule is judged at.
    let mut evaluator = Evaluator::new(book);
    let facts = evaluator.encode(&action.facts);
    let at_as_of = Dated::at(book, action, &mut evaluator, &facts, as_of);
    let mut dates: Vec<Date> = laws
        .iter()
        .map(|l| l.date)
        .filter(|d| *d != as_of)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let others: Vec<Dated> = dates
        .iter()
        .map(|&date| Dated::at(book, action, &mut evaluator, &facts, date))
        .collect();
    let at = |law: &LawOf| {
        others
            .iter()
            .find(|d| d.date == law.date)
            .unwrap_or(&at_as_of)
    };
    // Each rule's value and deciding unknowns, taken from its own date.
    let mut values = at_as_of.evaluation.values.clone();
    let mut unknowns = at_as_of.unknowns.clone();

    let obligations = book.rules.iter().filter(|r| r.kind.is_obligation()).count();
    let mut outcomes = Vec::with_capacity(obligations);
    let mut terms = Vec::with_capacity(book.rules.len() - obligations);
    // One law per rule, in rule order: moved into each outcome, not copied.
    for ((ix, rule), law) in book.rules.iter().enumerate().zip(laws) {
        let own = if rule.kind.is_obligation() {
            at(&law)
        } else {
            &at_as_of
        };
        let explainer = Explainer {
            book,
            action,
            evaluation: &own.evaluation,
            memo: Some(&own.memo),
        };
        let value = own
            .evaluation
            .values
            .get(ix)
            .copied()
            .unwrap_or(Truth::False);
        // The composite starts as the as-of evaluation: only a rule judged
        // at another date changes it.
        if !std::ptr::eq(own, &at_as_of) {
            if let (Some(slot), Some(facts)) = (unknowns.get_mut(ix), own.unknowns.get(ix)) {
                slot.clone_from(facts);
            }
            if let Some(slot) = values.get_mut(ix) {
                *slot = value;
            }
        }
        let not_encoded = own.evaluation.not_encoded.get(ix).copied().flatten();
        let reason = match (
            not_encoded,
            own.decided_by_cases.get(ix).and_then(Option::as_ref),
        ) {
            (Some(source), _) => Some(Reason::NotEncoded {
                judged_at: own.date,
                horizon: book
                    .rules
                    .get(source.0)
                    .map_or(own.date, |r| r.in_force.encoded_from),
                rule: book
                    .texts(source)
                    .map_or_else(|| Text::from(""), |t| t.id.clone()),
            }),
            (None, Some(facts)) if value == Truth::False => Some(Reason::ConditionFalse {
                detail: format!(
                    "does not apply whatever the answer to {} (checked case by case)",
                    quoted(book, facts)
                )
                .into(),
            }),
            _ => explainer.reason(RuleIx(ix), rule, &own.unknowns),
        };
        if rule.kind.is_obligation()
            && let Some(texts) = book.texts(RuleIx(ix))
        {
            // Built in place: an outcome is large, and moving each one
            // twice showed in the profile.
            outcomes.push(outcome(
                book,
                action,
                &own.evaluation,
                (RuleIx(ix), rule, texts),
                Judged {
                    value,
                    reason,
                    law_of: law,
                },
            ));
            let Some(out) = outcomes.last_mut() else {
                continue;
            };
            if not_encoded.is_some() {
                out.status = Status::NotEncoded;
                // Keep the plain count: moving it to the encoded rule's first
                // day would claim a law we do not have for that date.
                if let Effect::Notice { due, .. } = &rule.effect {
                    out.deadline = Some(deadline(book, action, due, &timing_words(texts)));
                }
            }
        } else if let Some(texts) = book.texts(RuleIx(ix)) {
            terms.push(TermValue {
                ix: RuleIx(ix),
                texts,
                kind: rule.kind,
                value,
                reason,
            });
        }
    }
    // The as-of evaluation is not read again: its vectors move into the
    // composite rather than being copied.
    let Evaluation {
        base,
        in_force,
        not_encoded,
        before_horizon,
        ..
    } = at_as_of.evaluation;
    let composite = Evaluation {
        date: as_of,
        values,
        base,
        in_force,
        not_encoded,
        before_horizon,
    };
    // The latest date any outcome is judged at: a later amendment matters to it.
    let latest = outcomes
        .iter()
        .map(|o| o.law_of.date)
        .chain([as_of])
        .max()
        .unwrap_or(as_of);
    let bodies = body_summaries(book, &outcomes);
    let questions = questions(book, &composite, &unknowns);
    let summary = super::summary::summarize(book, action, &outcomes, &bodies, &terms, &questions);
    Assessment {
        schema: SCHEMA,
        action: ActionInfo {
            title: action.title.clone(),
            file: action.file.clone(),
            timezone: action.timezone_name.clone(),
            summary: action.summary.clone(),
            facts: stated_facts(book, action),
        },
        summary,
        as_of: AsOf {
            date: as_of.to_string(),
            source: as_of_source,
        },
        proposals: book.proposal_ids(),
        outcomes,
        bodies,
        terms,
        questions,
        warnings: action.warnings.clone(),
        currency: currency(book, latest),
        derivations: None,
        law_version: book.law_version.clone(),
    }
}

/// The law's provisions in force on `as_of` (the latest date any outcome is
/// judged at) whose check for amendments stops before it, grouped by how far
/// they were checked.
fn currency(book: &RuleBook, as_of: Date) -> Vec<crate::assessment::Currency> {
    let mut groups: Vec<crate::assessment::Currency> = Vec::new();
    let prepared = book.prepared();
    for (ix, provision) in book.provisions.iter().enumerate() {
        let in_force = prepared
            .provision_spans
            .get(ix)
            .is_some_and(|spans| spans.iter().any(|span| span.covers(as_of)));
        if provision.proposal.is_some() || !in_force {
            continue;
        }
        let law = prepared.provision_read.get(ix).cloned().flatten();
        let (through, on) = match (&provision.read_through, law) {
            (Some((_, on)), _) if *on >= as_of => continue,
            (Some((_, on)), Some(law)) => (law, Some(*on)),
            _ => (Text::Borrowed("not recorded"), None),
        };
        let Some(name) = prepared.provision_names.get(ix).cloned() else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|g| g.through == through && g.on == on)
        {
            Some(group) => group.provisions.push(name),
            None => groups.push(crate::assessment::Currency {
                through,
                on,
                provisions: vec![name],
            }),
        }
    }
    groups
}

fn quoted(book: &RuleBook, facts: &[FactIx]) -> String {
    let names: Vec<String> = facts
        .iter()
        .filter_map(|&f| book.vocabulary.facts.get(f.0))
        .map(|f| format!("`{}`", f.name))
        .collect();
    names.join(", ")
}

/// What the assessment found for one rule.
struct Judged {
    value: Truth,
    reason: Option<Reason>,
    law_of: LawOf,
}

fn outcome(
    book: &RuleBook,
    action: &Action,
    evaluation: &Evaluation,
    (ix, rule, texts): (RuleIx, &Rule, &'static RuleTexts),
    judged: Judged,
) -> Outcome {
    let Judged {
        value,
        reason,
        law_of,
    } = judged;
    let status = Status::from_truth(value);
    // Only a rule that applies displaces anything; an undecided one merely might.
    let displaces = if value == Truth::True {
        rule.overrides
            .iter()
            .filter(|&&t| evaluation.base.get(t.0).is_some_and(|v| *v != Truth::False))
            .filter_map(|&t| book.texts(t))
            .map(|t| t.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    Outcome {
        ix,
        texts,
        kind: rule.kind,
        status,
        confidence: rule.confidence,
        deadline: match &rule.effect {
            Effect::Notice { due, .. } => Some(
                deadline(book, action, due, &timing_words(texts)).not_before(rule.in_force.from),
            ),
            _ => None,
        },
        near_miss: match reason {
            Some(Reason::Displaced { .. }) => true,
            Some(Reason::NotInForce { .. }) => {
                condition_value(&rule.condition, &action.facts, &evaluation.values, book)
                    != Truth::False
            }
            _ => false,
        },
        displaces,
        reason,
        law_of,
    }
}

/// A notice's timing in words, built once per rule book.
fn timing_words(texts: &RuleTexts) -> Text {
    texts.timing.clone().unwrap_or_else(|| Text::from(""))
}

/// A stated value as an action file writes it; flags, choices and
/// countries from words built once per rule book.
fn written(book: &RuleBook, fact: FactIx, value: &FactValue) -> Text {
    let prepared = book.prepared();
    let built = match value {
        FactValue::Flag(b) => Some(Text::Borrowed(if *b { "true" } else { "false" })),
        FactValue::Choice(c) => prepared
            .written_choices
            .get(fact.0)
            .and_then(|values| values.get(*c))
            .cloned(),
        FactValue::Country(c) => prepared
            .written_countries
            .get(usize::from(c.position()))
            .cloned(),
        FactValue::Set(bits) => prepared.written_choices.get(fact.0).map(|values| {
            // `["imagery", "raw_signals"]`, in one allocation.
            let mut out = String::from("[");
            let chosen = values
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 64 && bits & (1u64 << i) != 0);
            for (n, (_, value)) in chosen.enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(value);
            }
            out.push(']');
            Text::from(out)
        }),
        _ => None,
    };
    built.unwrap_or_else(|| Text::from(super::explain::show(book, fact, value)))
}

/// The facts the action states, in vocabulary order.
fn stated_facts(book: &RuleBook, action: &Action) -> Vec<super::StatedFact> {
    let texts = &book.prepared().facts;
    // Sized once: growing it fact by fact showed in the profile.
    let mut stated = Vec::with_capacity(action.facts.iter().flatten().count());
    for (ix, (texts, value)) in texts.iter().zip(&action.facts).enumerate() {
        if let Some(value) = value {
            stated.push(super::StatedFact {
                fact: texts.name.clone(),
                question: texts.question.clone(),
                value: written(book, FactIx(ix), value),
            });
        }
    }
    stated
}

fn body_summaries(book: &RuleBook, outcomes: &[Outcome]) -> Vec<BodySummary> {
    let bodies = &book.prepared().bodies;
    // One pass over the outcomes, each owed one filed under its bodies.
    // Body ids are interned, so matching one is a pointer comparison.
    let mut owed: Vec<Vec<(&Outcome, Status)>> = vec![Vec::new(); bodies.len()];
    for o in outcomes {
        // A gate's recipients are told too: what lifts it (a certification)
        // goes to them.
        if o.status == Status::NotRequired
            || !matches!(o.kind, RuleKind::Notice | RuleKind::Duty | RuleKind::Gate)
        {
            continue;
        }
        for to in o.texts.to {
            if let Some(slot) = bodies
                .iter()
                .position(|[id, ..]| id == to)
                .and_then(|b| owed.get_mut(b))
            {
                slot.push((o, o.status));
            }
        }
    }
    let mut summaries = Vec::new();
    for (mut obligations, texts) in owed.into_iter().zip(bodies) {
        if obligations.is_empty() {
            continue;
        }
        obligations.sort_by_key(|(o, status)| {
            (
                *status != Status::Required,
                sort_key(o.deadline.as_ref()).is_none(),
                sort_key(o.deadline.as_ref()),
            )
        });
        let earliest = obligations
            .iter()
            .filter(|(_, s)| *s == Status::Required)
            .filter_map(|(o, _)| o.deadline.as_ref().and_then(|d| d.sort_key.map(|k| (k, d))))
            .min_by_key(|(k, _)| *k)
            .and_then(|(_, d)| d.due_text.clone());
        let [id, short, name] = texts.clone();
        summaries.push(BodySummary {
            id,
            short,
            name,
            required: obligations.iter().any(|(_, s)| *s == Status::Required),
            earliest_due: earliest,
            obligations: obligations
                .into_iter()
                .map(|(o, status)| BodyObligation {
                    rule: o.texts.id.clone(),
                    status,
                })
                .collect(),
        });
    }
    summaries
}

fn sort_key(deadline: Option<&Deadline>) -> Option<jiff::civil::DateTime> {
    deadline.and_then(|d| d.sort_key)
}

fn questions(book: &RuleBook, evaluation: &Evaluation, unknowns: &[Vec<FactIx>]) -> Vec<Question> {
    let mut per_fact: Vec<Vec<RuleIx>> = vec![Vec::new(); book.vocabulary.facts.len()];
    for (ix, rule) in book.rules.iter().enumerate() {
        if !rule.kind.is_obligation() || evaluation.values.get(ix) != Some(&Truth::Unknown) {
            continue;
        }
        for &fact in unknowns.get(ix).map_or(&[][..], Vec::as_slice) {
            if let Some(rules) = per_fact.get_mut(fact.0) {
                rules.push(RuleIx(ix));
            }
        }
    }
    let mut questions: Vec<(usize, Question)> = per_fact
        .into_iter()
        .enumerate()
        .filter(|(_, rules)| !rules.is_empty())
        .filter_map(|(fact, rules)| {
            // Every text from the rule book's prepared texts: pointers, no formatting.
            let def = book.prepared().facts.get(fact)?;
            let texts: Vec<&RuleTexts> = rules.iter().filter_map(|&r| book.texts(r)).collect();
            Some((
                fact,
                Question {
                    fact: def.name.clone(),
                    question: def.question.clone(),
                    decides: texts.len(),
                    matters_for: texts.iter().map(|t| t.id.clone()).collect(),
                    cites: texts.iter().map(|t| t.short_citation.clone()).collect(),
                },
            ))
        })
        .collect();
    questions.sort_by(|(fa, a), (fb, b)| b.decides.cmp(&a.decides).then(fa.cmp(fb)));
    questions.into_iter().map(|(_, q)| q).collect()
}
