//! Applies a rule book to an action: three-valued logic over the rule graph
//! in topological order, with overrides, in-force dates and deadlines.

use jiff::civil::Date;

use crate::action::{Action, FactValue};
use crate::assessment::{
    ActionInfo, Alternative, AsOf, AsOfSource, Assessment, BodyObligation, BodySummary, LawOf,
    Outcome, Question, Reason, RuleSource, SCHEMA, Status, TermValue,
};
use crate::logic::Truth;
use crate::model::{Condition, Effect, FactIx, InForceOn, Rule, RuleBook, RuleIx, RuleKind};
use crate::timing::{Deadline, deadline};

/// The truth of every rule for one action, before any report is built.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The date whose law was applied.
    pub date: Date,
    /// Final value of each rule (after overrides), by rule index.
    pub values: Vec<Truth>,
    /// Value of each rule's own condition (false when out of force).
    pub base: Vec<Truth>,
    /// Whether each rule is in force on the as-of date.
    pub in_force: Vec<bool>,
    /// For each rule, the rule whose horizon makes it "not encoded for this
    /// date": itself when the date is before its own horizon, or a rule it
    /// depends on when its value is unknown only through that rule.
    pub not_encoded: Vec<Option<RuleIx>>,
    /// Whether the date is before each rule's horizon (whatever its value).
    pub before_horizon: Vec<bool>,
}

/// Evaluates every rule for an action as of a date. This is the hot path:
/// one pass in topological order over dense indices, no allocation per condition.
pub fn evaluate_rules(book: &RuleBook, action: &Action, as_of: Date) -> Evaluation {
    let count = book.rules.len();
    let mut values = vec![Truth::False; count];
    let mut base = vec![Truth::False; count];
    let mut in_force = vec![false; count];
    let mut not_encoded: Vec<Option<RuleIx>> = vec![None; count];
    let mut before_horizon = vec![false; count];
    for &ix in &book.order {
        let Some(rule) = book.rules.get(ix) else {
            continue;
        };
        let on = rule.in_force.on(as_of);
        // Before the horizon the law is not known: unknown, never false -
        // unless the facts rule out the kind of action the rule concerns in
        // the form encoded (docs/DESIGN.md, "The law in time").
        let own = match on {
            InForceOn::Yes => condition_value(&rule.condition, &action.facts, &values, book),
            InForceOn::No => Truth::False,
            InForceOn::NotEncoded => {
                match condition_value(&rule.condition, &action.facts, &values, book) {
                    Truth::False => Truth::False,
                    _ => Truth::Unknown,
                }
            }
        };
        let displaced = Truth::any(
            rule.overridden_by
                .iter()
                .map(|&o| values.get(o).copied().unwrap_or(Truth::False)),
        );
        let value = own.and(!displaced);
        // Unknown only through a rule that is itself not encoded for the date.
        let inherited = || {
            let via = |r: RuleIx| {
                (values.get(r) == Some(&Truth::Unknown))
                    .then(|| not_encoded.get(r).copied().flatten())
                    .flatten()
            };
            rule.overridden_by
                .iter()
                .find_map(|&o| via(o))
                .or_else(|| first_ref(&rule.condition, &via))
        };
        let source = match (on, value) {
            (InForceOn::NotEncoded, Truth::Unknown) => Some(ix),
            (_, Truth::Unknown) => inherited(),
            _ => None,
        };
        if let Some(slot) = not_encoded.get_mut(ix) {
            *slot = source;
        }
        if let Some(slot) = in_force.get_mut(ix) {
            *slot = on == InForceOn::Yes;
        }
        if let Some(slot) = before_horizon.get_mut(ix) {
            *slot = on == InForceOn::NotEncoded;
        }
        if let Some(slot) = base.get_mut(ix) {
            *slot = own;
        }
        if let Some(slot) = values.get_mut(ix) {
            *slot = value;
        }
    }
    Evaluation {
        date: as_of,
        values,
        base,
        in_force,
        not_encoded,
        before_horizon,
    }
}

/// The first rule a condition refers to for which `pick` gives something.
fn first_ref(condition: &Condition, pick: &impl Fn(RuleIx) -> Option<RuleIx>) -> Option<RuleIx> {
    match condition {
        Condition::Ref(ix) => pick(*ix),
        Condition::All(parts) | Condition::Any(parts) => {
            parts.iter().find_map(|p| first_ref(p, pick))
        }
        Condition::Not(inner) => first_ref(inner, pick),
        _ => None,
    }
}

/// The value of a condition given the facts and the rules already evaluated.
pub fn condition_value(
    condition: &Condition,
    facts: &[Option<FactValue>],
    rules: &[Truth],
    book: &RuleBook,
) -> Truth {
    let fact = |ix: FactIx| facts.get(ix).and_then(Option::as_ref);
    match condition {
        Condition::Always => Truth::True,
        Condition::Flag(ix) => match fact(*ix) {
            Some(FactValue::Flag(value)) => Truth::from_bool(*value),
            _ => Truth::Unknown,
        },
        Condition::ChoiceIn(ix, mask) => match fact(*ix) {
            Some(FactValue::Choice(choice)) => {
                Truth::from_bool(*choice < 64 && mask & (1u64 << choice) != 0)
            }
            _ => Truth::Unknown,
        },
        Condition::SetAny(ix, mask) => match fact(*ix) {
            Some(FactValue::Set(bits)) => Truth::from_bool(bits & mask != 0),
            _ => Truth::Unknown,
        },
        Condition::CountryIn(ix, codes) => match fact(*ix) {
            Some(FactValue::Country(code)) => {
                Truth::from_bool(codes.iter().any(|c| c == code.code()))
            }
            _ => Truth::Unknown,
        },
        Condition::InGroup(ix, group) => match fact(*ix) {
            Some(FactValue::Country(code)) => {
                Truth::from_bool(book.vocabulary.country_groups.get(*group).is_some_and(|g| {
                    g.members
                        .binary_search_by(|m| m.as_str().cmp(code.code()))
                        .is_ok()
                }))
            }
            _ => Truth::Unknown,
        },
        Condition::AtLeast(ix, threshold) => match fact(*ix) {
            Some(FactValue::Amount(amount)) => Truth::from_bool(amount >= threshold),
            _ => Truth::Unknown,
        },
        Condition::MoreThan(ix, threshold) => match fact(*ix) {
            Some(FactValue::Amount(amount)) => Truth::from_bool(amount > threshold),
            _ => Truth::Unknown,
        },
        Condition::Ref(rule) => rules.get(*rule).copied().unwrap_or(Truth::Unknown),
        Condition::All(parts) => {
            let mut value = Truth::True;
            for part in parts {
                value = value.and(condition_value(part, facts, rules, book));
                if value == Truth::False {
                    break;
                }
            }
            value
        }
        Condition::Any(parts) => {
            let mut value = Truth::False;
            for part in parts {
                value = value.or(condition_value(part, facts, rules, book));
                if value == Truth::True {
                    break;
                }
            }
            value
        }
        Condition::Not(inner) => !condition_value(inner, facts, rules, book),
    }
}

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
}

impl Dated {
    fn at(book: &RuleBook, action: &Action, date: Date) -> Self {
        let mut evaluation = evaluate_rules(book, action, date);
        let mut unknowns = Explainer {
            book,
            action,
            evaluation: &evaluation,
        }
        .unknown_facts_per_rule();
        let decided_by_cases = refine_by_cases(book, action, date, &mut evaluation, &mut unknowns);
        Self {
            date,
            evaluation,
            unknowns,
            decided_by_cases,
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
pub fn law_of(book: &RuleBook, action: &Action, rule: &Rule, as_of: Date) -> LawOf {
    let dated = |event: usize| {
        let time = action.events.get(event)?.as_ref()?;
        Some((time.date(), book.event_label(event).to_string()))
    };
    let anchored = if rule.effect.is_duty() && !rule.effect.is_on_request() {
        rule.effect
            .anchor_events()
            .into_iter()
            .find_map(dated)
            .or_else(|| {
                (0..action.events.len())
                    .filter_map(dated)
                    .min_by_key(|(date, _)| *date)
            })
    } else {
        None
    };
    match anchored {
        Some((date, label)) => LawOf {
            date: date.to_string(),
            basis: "event",
            event: Some(label),
        },
        None => LawOf {
            date: as_of.to_string(),
            basis: "as_of",
            event: None,
        },
    }
}

/// Applies the law to an action and builds the full assessment. Each
/// outcome is judged by the law of its own date (see [`law_of`]); terms and
/// questions by the as-of date and the outcomes' dates.
pub fn assess(
    book: &RuleBook,
    action: &Action,
    as_of: Date,
    as_of_source: AsOfSource,
) -> Assessment {
    let laws: Vec<LawOf> = book
        .rules
        .iter()
        .map(|rule| law_of(book, action, rule, as_of))
        .collect();
    let at_as_of = Dated::at(book, action, as_of);
    let mut dates: Vec<Date> = laws
        .iter()
        .filter_map(|l| l.date.parse::<Date>().ok())
        .filter(|d| *d != as_of)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let others: Vec<Dated> = dates
        .iter()
        .map(|&date| Dated::at(book, action, date))
        .collect();
    let at = |law: &LawOf| {
        let date = law.date.parse::<Date>().unwrap_or(as_of);
        others.iter().find(|d| d.date == date).unwrap_or(&at_as_of)
    };
    // Each rule's value and deciding unknowns, taken from its own date.
    let mut values = at_as_of.evaluation.values.clone();
    let mut unknowns = at_as_of.unknowns.clone();

    let mut outcomes = Vec::new();
    let mut terms = Vec::new();
    for (ix, rule) in book.rules.iter().enumerate() {
        let law = laws
            .get(ix)
            .cloned()
            .unwrap_or_else(|| law_of(book, action, rule, as_of));
        let own = if rule.kind.is_obligation() {
            at(&law)
        } else {
            &at_as_of
        };
        let explainer = Explainer {
            book,
            action,
            evaluation: &own.evaluation,
        };
        let value = own
            .evaluation
            .values
            .get(ix)
            .copied()
            .unwrap_or(Truth::False);
        if let (Some(slot), Some(facts)) = (unknowns.get_mut(ix), own.unknowns.get(ix)) {
            slot.clone_from(facts);
        }
        if let Some(slot) = values.get_mut(ix) {
            *slot = value;
        }
        let not_encoded = own.evaluation.not_encoded.get(ix).copied().flatten();
        let reason = match (
            not_encoded,
            own.decided_by_cases.get(ix).and_then(Option::as_ref),
        ) {
            (Some(source), _) => Some(Reason::NotEncoded {
                judged_at: own.date.to_string(),
                horizon: book
                    .rules
                    .get(source)
                    .map(|r| r.in_force.encoded_from.to_string())
                    .unwrap_or_default(),
                rule: book
                    .rules
                    .get(source)
                    .map(|r| r.id.clone())
                    .unwrap_or_default(),
            }),
            (None, Some(facts)) if value == Truth::False => Some(Reason::ConditionFalse {
                detail: format!(
                    "does not apply whatever the answer to {} (checked case by case)",
                    quoted(book, facts)
                ),
            }),
            _ => explainer.reason(ix, rule, &own.unknowns),
        };
        if rule.kind.is_obligation() {
            let mut out = outcome(book, action, &own.evaluation, rule, value, reason, law);
            if not_encoded.is_some() {
                out.status = Status::NotEncoded;
                // Keep the plain count: moving it to the encoded rule's first
                // day would claim a law we do not have for that date.
                if let Effect::Notice { due, .. } = &rule.effect {
                    out.deadline = Some(deadline(book, action, due));
                }
            }
            outcomes.push(out);
        } else {
            terms.push(TermValue {
                rule: rule.id.clone(),
                kind: rule.kind,
                value,
                citation: book.citation(rule),
                reason,
            });
        }
    }
    let composite = Evaluation {
        date: as_of,
        values,
        base: at_as_of.evaluation.base.clone(),
        in_force: at_as_of.evaluation.in_force.clone(),
        not_encoded: at_as_of.evaluation.not_encoded.clone(),
        before_horizon: at_as_of.evaluation.before_horizon.clone(),
    };
    // The latest date any outcome is judged at: a later amendment matters to it.
    let latest = outcomes
        .iter()
        .filter_map(|o| o.law_of.date.parse::<Date>().ok())
        .chain([as_of])
        .max()
        .unwrap_or(as_of);
    let bodies = body_summaries(book, &outcomes);
    let questions = questions(book, &composite, &unknowns);
    Assessment {
        schema: SCHEMA,
        action: ActionInfo {
            title: action.title.clone(),
            file: action.file.clone(),
            timezone: action.timezone_name.clone(),
        },
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
    for (ix, provision) in book.provisions.iter().enumerate() {
        let in_force = book
            .rules
            .iter()
            .any(|r| r.provision == ix && r.in_force.covers(as_of));
        if provision.proposal.is_some() || !in_force {
            continue;
        }
        let (through, on) = match &provision.read_through {
            Some((_, on)) if *on >= as_of => continue,
            Some((law, on)) => (law.clone(), Some(on.to_string())),
            None => (String::from("not recorded"), None),
        };
        let name = match (provision.usc.is_empty(), provision.section.is_empty()) {
            (false, _) => provision.usc.clone(),
            (true, false) => format!("{} §{}", provision.act, provision.section),
            (true, true) => provision.act.trim_end_matches(',').to_string(),
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

/// For each rule whose value is unknown, the unknown facts that decide it.
pub fn deciding_unknowns(
    book: &RuleBook,
    action: &Action,
    evaluation: &Evaluation,
) -> Vec<Vec<FactIx>> {
    Explainer {
        book,
        action,
        evaluation,
    }
    .unknown_facts_per_rule()
}

/// The unknown facts that decide a condition, given the per-rule sets of
/// [`deciding_unknowns`].
pub fn condition_unknowns(
    book: &RuleBook,
    action: &Action,
    evaluation: &Evaluation,
    condition: &Condition,
    sets: &[Vec<FactIx>],
) -> Vec<FactIx> {
    let mut out = Vec::new();
    Explainer {
        book,
        action,
        evaluation,
    }
    .collect_unknowns(condition, sets, &mut out);
    out
}

/// Case splits are tried only over this many unknown flags (2^12 evaluations).
pub const MAX_CASE_SPLIT_FLAGS: usize = 12;

/// Kleene logic is sound but not complete: `covert and not covert` is
/// unknown when `covert` is. So for each undecided rule whose deciding
/// unknowns are all flags (and few), evaluate every way of answering them;
/// if the rule comes out the same in all of them, it is decided. Returns,
/// per rule, the facts a decided-by-cases rule was checked over.
fn refine_by_cases(
    book: &RuleBook,
    action: &Action,
    as_of: Date,
    evaluation: &mut Evaluation,
    unknowns: &mut [Vec<FactIx>],
) -> Vec<Option<Vec<FactIx>>> {
    let mut decided = vec![None; book.rules.len()];
    let is_flag = |f: &FactIx| {
        book.vocabulary
            .facts
            .get(*f)
            .is_some_and(|d| d.kind == crate::model::FactKind::Flag)
    };
    let mut resolved: Vec<(RuleIx, Truth)> = Vec::new();
    for (ix, facts) in unknowns.iter().enumerate() {
        if evaluation.values.get(ix) != Some(&Truth::Unknown)
            || facts.is_empty()
            || facts.len() > MAX_CASE_SPLIT_FLAGS
            || !facts.iter().all(is_flag)
        {
            continue;
        }
        let mut agreed: Option<Truth> = None;
        let mut complete = action.clone();
        for mask in 0u32..(1u32 << facts.len()) {
            for (bit, &fact) in facts.iter().enumerate() {
                if let Some(slot) = complete.facts.get_mut(fact) {
                    *slot = Some(FactValue::Flag(mask & (1 << bit) != 0));
                }
            }
            let value = evaluate_rules(book, &complete, as_of)
                .values
                .get(ix)
                .copied()
                .unwrap_or(Truth::Unknown);
            match agreed {
                None if mask == 0 => agreed = Some(value),
                Some(previous) if previous == value => {}
                _ => {
                    agreed = None;
                    break;
                }
            }
        }
        if let Some(value) = agreed.filter(|v| *v != Truth::Unknown) {
            resolved.push((ix, value));
        }
    }
    for (ix, value) in resolved {
        if let Some(slot) = evaluation.values.get_mut(ix) {
            *slot = value;
        }
        // Decided whatever the answers: no longer "not encoded" either.
        if let Some(slot) = evaluation.not_encoded.get_mut(ix) {
            *slot = None;
        }
        if let (Some(facts), Some(slot)) = (unknowns.get_mut(ix), decided.get_mut(ix)) {
            *slot = Some(std::mem::take(facts));
        }
    }
    decided
}

fn quoted(book: &RuleBook, facts: &[FactIx]) -> String {
    let names: Vec<String> = facts
        .iter()
        .filter_map(|&f| book.vocabulary.facts.get(f))
        .map(|f| format!("`{}`", f.name))
        .collect();
    names.join(", ")
}

fn ids(book: &RuleBook, bodies: &[usize]) -> Vec<String> {
    bodies
        .iter()
        .filter_map(|&b| book.bodies.get(b))
        .map(|b| b.id.clone())
        .collect()
}

fn outcome(
    book: &RuleBook,
    action: &Action,
    evaluation: &Evaluation,
    rule: &Rule,
    value: Truth,
    reason: Option<Reason>,
    law_of: LawOf,
) -> Outcome {
    let status = Status::from_truth(value);
    // Only a rule that applies displaces anything; an undecided one merely might.
    let displaces = if value == Truth::True {
        rule.overrides
            .iter()
            .filter(|&&t| evaluation.base.get(t).is_some_and(|v| *v != Truth::False))
            .filter_map(|&t| book.rules.get(t))
            .map(|t| t.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    let mut out = Outcome {
        rule: rule.id.clone(),
        kind: rule.kind,
        status,
        citation: book.citation(rule),
        provision: book.provision_name(rule),
        source: book
            .provision_of(rule)
            .and_then(|p| p.proposal.clone())
            .map_or(RuleSource::Law, RuleSource::Proposal),
        confidence: rule.confidence,
        says: rule.says.clone(),
        by: None,
        to: ids(book, &book.expand(rule.effect.recipients())),
        recipients: None,
        what: None,
        form: None,
        deadline: None,
        alternative: None,
        blocks: None,
        until: None,
        bars: None,
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
        note: rule.note.clone(),
        sources: book
            .provision_of(rule)
            .map(|p| p.sources.iter().chain(&rule.sources).cloned().collect())
            .unwrap_or_else(|| rule.sources.clone()),
    };
    if !rule.effect.recipients().is_empty() {
        out.recipients = Some(book.describe_recipients(rule.effect.recipients()));
    }
    match &rule.effect {
        Effect::None => {}
        Effect::Notice {
            by,
            what,
            form,
            due,
            alternative,
            ..
        } => {
            out.by = Some(by.clone());
            out.what = Some(what.clone());
            out.form = Some(form.describe().to_string());
            out.deadline = Some(deadline(book, action, due).not_before(rule.in_force.from));
            out.alternative = alternative.as_ref().map(|(to, what)| Alternative {
                to: ids(book, &book.expand(to)),
                recipients: book.describe_recipients(to),
                what: what.clone(),
            });
        }
        Effect::Gate {
            by, blocks, until, ..
        } => {
            out.by = Some(by.clone());
            out.blocks = Some(blocks.clone());
            out.until = Some(until.clone());
        }
        Effect::Prohibition { bars } => out.bars = Some(bars.clone()),
        Effect::Authority { holder, what } => {
            out.by = Some(holder.clone());
            out.what = Some(what.clone());
        }
        Effect::Standing { by, what, .. } => {
            out.by = Some(by.clone());
            out.what = Some(what.clone());
        }
    }
    out
}

fn body_summaries(book: &RuleBook, outcomes: &[Outcome]) -> Vec<BodySummary> {
    let mut summaries = Vec::new();
    for body in &book.bodies {
        let mut obligations: Vec<(&Outcome, Status)> = outcomes
            .iter()
            .filter(|o| matches!(o.kind, RuleKind::Notice | RuleKind::Duty))
            .filter(|o| o.status != Status::NotRequired && o.to.contains(&body.id))
            .map(|o| (o, o.status))
            .collect();
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
        summaries.push(BodySummary {
            id: body.id.clone(),
            short: body.short.clone(),
            name: body.name.clone(),
            required: obligations.iter().any(|(_, s)| *s == Status::Required),
            earliest_due: earliest,
            obligations: obligations
                .into_iter()
                .map(|(o, status)| BodyObligation {
                    rule: o.rule.clone(),
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
            if let Some(rules) = per_fact.get_mut(fact) {
                rules.push(ix);
            }
        }
    }
    let mut questions: Vec<(usize, Question)> = per_fact
        .into_iter()
        .enumerate()
        .filter(|(_, rules)| !rules.is_empty())
        .filter_map(|(fact, rules)| {
            let def = book.vocabulary.facts.get(fact)?;
            let rules: Vec<&Rule> = rules.iter().filter_map(|&r| book.rules.get(r)).collect();
            Some((
                fact,
                Question {
                    fact: def.name.clone(),
                    question: def.question.clone(),
                    decides: rules.len(),
                    matters_for: rules.iter().map(|r| r.id.clone()).collect(),
                    cites: rules.iter().map(|r| book.short_citation(r)).collect(),
                },
            ))
        })
        .collect();
    questions.sort_by(|(fa, a), (fb, b)| b.decides.cmp(&a.decides).then(fa.cmp(fb)));
    questions.into_iter().map(|(_, q)| q).collect()
}

/// Works out why rules came out as they did.
struct Explainer<'a> {
    book: &'a RuleBook,
    action: &'a Action,
    evaluation: &'a Evaluation,
}

impl Explainer<'_> {
    fn value(&self, condition: &Condition) -> Truth {
        condition_value(
            condition,
            &self.action.facts,
            &self.evaluation.values,
            self.book,
        )
    }

    /// For each rule whose value is unknown, the unknown facts that decide it,
    /// found by walking back only through parts that are themselves unknown.
    fn unknown_facts_per_rule(&self) -> Vec<Vec<FactIx>> {
        let mut sets: Vec<Vec<FactIx>> = vec![Vec::new(); self.book.rules.len()];
        for &ix in &self.book.order {
            let Some(rule) = self.book.rules.get(ix) else {
                continue;
            };
            if self.evaluation.values.get(ix) != Some(&Truth::Unknown) {
                continue;
            }
            let mut facts = Vec::new();
            if self.evaluation.base.get(ix) == Some(&Truth::Unknown) {
                self.collect_unknowns(&rule.condition, &sets, &mut facts);
            }
            for &over in &rule.overridden_by {
                if self.evaluation.values.get(over) == Some(&Truth::Unknown) {
                    facts.extend(sets.get(over).map_or(&[][..], Vec::as_slice));
                }
            }
            facts.sort_unstable();
            facts.dedup();
            if let Some(slot) = sets.get_mut(ix) {
                *slot = facts;
            }
        }
        sets
    }

    fn collect_unknowns(&self, condition: &Condition, sets: &[Vec<FactIx>], out: &mut Vec<FactIx>) {
        if self.value(condition) != Truth::Unknown {
            return;
        }
        match condition {
            Condition::Always => {}
            Condition::Flag(f)
            | Condition::ChoiceIn(f, _)
            | Condition::SetAny(f, _)
            | Condition::CountryIn(f, _)
            | Condition::InGroup(f, _)
            | Condition::AtLeast(f, _)
            | Condition::MoreThan(f, _) => out.push(*f),
            Condition::Ref(rule) => out.extend(sets.get(*rule).map_or(&[][..], Vec::as_slice)),
            Condition::All(parts) | Condition::Any(parts) => {
                for part in parts {
                    self.collect_unknowns(part, sets, out);
                }
            }
            Condition::Not(inner) => self.collect_unknowns(inner, sets, out),
        }
    }

    fn reason(&self, ix: RuleIx, rule: &Rule, unknowns: &[Vec<FactIx>]) -> Option<Reason> {
        let value = self
            .evaluation
            .values
            .get(ix)
            .copied()
            .unwrap_or(Truth::False);
        match value {
            Truth::True => None,
            Truth::Unknown => Some(Reason::Unknown {
                facts: unknowns
                    .get(ix)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .filter_map(|&f| self.book.vocabulary.facts.get(f))
                    .map(|f| f.name.clone())
                    .collect(),
            }),
            Truth::False => {
                if self.evaluation.before_horizon.get(ix) == Some(&true)
                    && self.evaluation.base.get(ix) == Some(&Truth::False)
                {
                    return Some(Reason::ConditionFalse {
                        detail: format!(
                            "{}; the law of {} is not encoded, but in the form encoded the facts rule this rule out",
                            self.why_false(&rule.condition),
                            self.evaluation.date
                        ),
                    });
                }
                if !self.evaluation.in_force.get(ix).copied().unwrap_or(false) {
                    return Some(Reason::NotInForce {
                        on: self.evaluation.date.to_string(),
                        from: rule.in_force.from.to_string(),
                        until: rule.in_force.until.map(|d| d.to_string()),
                        by: rule.in_force.by.clone(),
                    });
                }
                if self.evaluation.base.get(ix) == Some(&Truth::False) {
                    return Some(Reason::ConditionFalse {
                        detail: self.why_false(&rule.condition),
                    });
                }
                let by: Vec<&Rule> = rule
                    .overridden_by
                    .iter()
                    .filter(|&&o| self.evaluation.values.get(o) == Some(&Truth::True))
                    .filter_map(|&o| self.book.rules.get(o))
                    .collect();
                Some(Reason::Displaced {
                    by: by.iter().map(|r| r.id.clone()).collect(),
                    cites: by.iter().map(|r| self.book.short_citation(r)).collect(),
                })
            }
        }
    }

    /// The part of a false condition that makes it false, in words.
    fn why_false(&self, condition: &Condition) -> String {
        let facts = &self.book.vocabulary.facts;
        let name = |f: FactIx| facts.get(f).map_or("?", |d| d.name.as_str());
        let stated = |f: FactIx| self.action.facts.get(f).and_then(Option::as_ref);
        match condition {
            Condition::Always => String::from("never false"),
            Condition::Flag(f) => format!("`{}` is false", name(*f)),
            Condition::SetAny(f, mask) => format!(
                "`{}` is {}, which includes none of [{}]",
                name(*f),
                self.show_value(*f, stated(*f)),
                value_names(self.book, *f, *mask)
            ),
            Condition::ChoiceIn(f, mask) => format!(
                "`{}` is {}, not one of [{}]",
                name(*f),
                self.show_value(*f, stated(*f)),
                value_names(self.book, *f, *mask)
            ),
            Condition::CountryIn(f, codes) => {
                let codes: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
                format!(
                    "`{}` is {}, not one of [{}]",
                    name(*f),
                    self.show_value(*f, stated(*f)),
                    codes.join(", ")
                )
            }
            Condition::InGroup(f, g) => format!(
                "`{}` is {}, which is not in `{}`",
                name(*f),
                self.show_value(*f, stated(*f)),
                self.book
                    .vocabulary
                    .country_groups
                    .get(*g)
                    .map_or("?", |g| g.name.as_str())
            ),
            Condition::AtLeast(f, n) => format!(
                "`{}` is {}, below ${}",
                name(*f),
                self.show_value(*f, stated(*f)),
                thousands(*n)
            ),
            Condition::MoreThan(f, n) => format!(
                "`{}` is {}, not more than ${}",
                name(*f),
                self.show_value(*f, stated(*f)),
                thousands(*n)
            ),
            Condition::Ref(rule) => {
                let Some(target) = self.book.rules.get(*rule) else {
                    return String::new();
                };
                let why = self
                    .reason(*rule, target, &[])
                    .map(|r| r.text())
                    .unwrap_or_default();
                format!("`{}` does not apply: {why}", target.id)
            }
            Condition::All(parts) => parts
                .iter()
                .find(|p| self.value(p) == Truth::False)
                .map(|p| self.why_false(p))
                .unwrap_or_default(),
            Condition::Any(parts) => {
                let reasons: Vec<String> = parts.iter().map(|p| self.why_false(p)).collect();
                format!("none holds: {}", reasons.join("; "))
            }
            Condition::Not(inner) => format!("{} holds", describe(self.book, inner)),
        }
    }

    fn show_value(&self, fact: FactIx, value: Option<&FactValue>) -> String {
        let def = self.book.vocabulary.facts.get(fact);
        match (value, def.map(|d| &d.kind)) {
            (Some(FactValue::Flag(b)), _) => b.to_string(),
            (Some(FactValue::Choice(c)), Some(crate::model::FactKind::Choice(names))) => {
                format!("`{}`", names.get(*c).map_or("?", String::as_str))
            }
            (Some(FactValue::Set(bits)), Some(crate::model::FactKind::ChoiceSet(names))) => {
                let chosen: Vec<String> = crate::model::chosen(names, *bits)
                    .map(|n| format!("`{n}`"))
                    .collect();
                format!("[{}]", chosen.join(", "))
            }
            (Some(FactValue::Country(code)), _) => format!("`{code}`"),
            (Some(FactValue::Amount(n)), _) => format!("${}", thousands(*n)),
            (Some(FactValue::Date(d)), _) => d.to_string(),
            _ => String::from("unknown"),
        }
    }
}

/// The names of the values whose bits are set, in backticks.
fn value_names(book: &RuleBook, fact: FactIx, mask: u64) -> String {
    let names: Vec<String> = match book.vocabulary.facts.get(fact).map(|d| &d.kind) {
        Some(crate::model::FactKind::Choice(names) | crate::model::FactKind::ChoiceSet(names)) => {
            crate::model::chosen(names, mask)
                .map(|n| format!("`{n}`"))
                .collect()
        }
        _ => Vec::new(),
    };
    names.join(", ")
}

/// A dollar amount with thousands separators.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A condition in words, for explanations.
pub fn describe(book: &RuleBook, condition: &Condition) -> String {
    let facts = &book.vocabulary.facts;
    let name = |f: FactIx| facts.get(f).map_or("?", |d| d.name.as_str());
    let choices = |f: FactIx, mask: u64| -> String {
        let names: Vec<String> = match facts.get(f).map(|d| &d.kind) {
            Some(
                crate::model::FactKind::Choice(names) | crate::model::FactKind::ChoiceSet(names),
            ) => crate::model::chosen(names, mask)
                .map(|n| format!("`{n}`"))
                .collect(),
            _ => Vec::new(),
        };
        names.join(", ")
    };
    match condition {
        Condition::Always => String::from("always"),
        Condition::Flag(f) => format!("`{}`", name(*f)),
        Condition::ChoiceIn(f, mask) => {
            format!("`{}` is one of [{}]", name(*f), choices(*f, *mask))
        }
        Condition::SetAny(f, mask) => {
            format!("`{}` includes any of [{}]", name(*f), choices(*f, *mask))
        }
        Condition::CountryIn(f, codes) => {
            let codes: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
            format!("`{}` is one of [{}]", name(*f), codes.join(", "))
        }
        Condition::InGroup(f, g) => format!(
            "`{}` is in `{}`",
            name(*f),
            book.vocabulary
                .country_groups
                .get(*g)
                .map_or("?", |g| g.name.as_str())
        ),
        Condition::AtLeast(f, n) => format!("`{}` is at least ${}", name(*f), thousands(*n)),
        Condition::MoreThan(f, n) => format!("`{}` is more than ${}", name(*f), thousands(*n)),
        Condition::Ref(r) => format!(
            "`{}` applies",
            book.rules.get(*r).map_or("?", |r| r.id.as_str())
        ),
        Condition::All(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| describe(book, p)).collect();
            format!("all of ({})", parts.join(", "))
        }
        Condition::Any(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| describe(book, p)).collect();
            format!("any of ({})", parts.join(", "))
        }
        Condition::Not(inner) => format!("not {}", describe(book, inner)),
    }
}
