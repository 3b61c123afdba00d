//! Applies a rule book to an action: three-valued logic over the rule graph
//! in topological order, with overrides and in-force dates; the unknown
//! facts that decide each rule; case splits. It computes truth values only:
//! the words for why (`assessment/reasons.rs`) and the assessment a report
//! shows (`assessment/build.rs`) are built from them.

use jiff::civil::Date;

use crate::engine::logic::Truth;
use crate::input::action::{Action, FactValue};
use crate::model::{Condition, FactIx, InForceOn, RuleBook, RuleIx};

/// The truth of every rule for one action, before any report is built.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    let mut before_horizon = vec![false; count];
    for &ix in &book.order {
        let Some(rule) = book.rules.get(ix.0) else {
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
                .map(|&o| values.get(o.0).copied().unwrap_or(Truth::False)),
        );
        let value = own.and(!displaced);
        if let Some(slot) = in_force.get_mut(ix.0) {
            *slot = on == InForceOn::Yes;
        }
        if let Some(slot) = before_horizon.get_mut(ix.0) {
            *slot = on == InForceOn::NotEncoded;
        }
        if let Some(slot) = base.get_mut(ix.0) {
            *slot = own;
        }
        if let Some(slot) = values.get_mut(ix.0) {
            *slot = value;
        }
    }
    let not_encoded = not_encoded_sources(book, &values, &before_horizon);
    Evaluation {
        date: as_of,
        values,
        base,
        in_force,
        not_encoded,
        before_horizon,
    }
}

/// For each rule whose value is unknown only because a date is before an
/// encoding's horizon, the rule whose horizon it is: itself when its own
/// date is before its horizon, else the first rule it is unknown through
/// (a displacing rule, then a rule its condition refers to).
pub(crate) fn not_encoded_sources(
    book: &RuleBook,
    values: &[Truth],
    before_horizon: &[bool],
) -> Vec<Option<RuleIx>> {
    let mut sources: Vec<Option<RuleIx>> = vec![None; book.rules.len()];
    for &ix in &book.order {
        let (Some(rule), Some(Truth::Unknown)) = (book.rules.get(ix.0), values.get(ix.0)) else {
            continue;
        };
        let source = if before_horizon.get(ix.0) == Some(&true) {
            Some(ix)
        } else {
            let via = |r: RuleIx| {
                (values.get(r.0) == Some(&Truth::Unknown))
                    .then(|| sources.get(r.0).copied().flatten())
                    .flatten()
            };
            rule.overridden_by
                .iter()
                .find_map(|&o| via(o))
                .or_else(|| first_ref(&rule.condition, &via))
        };
        if let Some(slot) = sources.get_mut(ix.0) {
            *slot = source;
        }
    }
    sources
}

/// The first rule a condition refers to for which `pick` gives something.
fn first_ref(condition: &Condition, pick: &impl Fn(RuleIx) -> Option<RuleIx>) -> Option<RuleIx> {
    let mut found = None;
    condition.visit(&mut |node| {
        if found.is_none()
            && let Condition::Ref(rule) = node
        {
            found = pick(*rule);
        }
        found.is_none()
    });
    found
}

/// The value of a condition given the facts and the rules already evaluated.
pub fn condition_value(
    condition: &Condition,
    facts: &[Option<FactValue>],
    rules: &[Truth],
    book: &RuleBook,
) -> Truth {
    let fact = |ix: FactIx| facts.get(ix.0).and_then(Option::as_ref);
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
            Some(FactValue::Country(code)) => Truth::from_bool(
                book.vocabulary
                    .country_groups
                    .get(group.0)
                    .is_some_and(|g| {
                        g.members
                            .binary_search_by(|m| m.as_str().cmp(code.code()))
                            .is_ok()
                    }),
            ),
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
        Condition::Ref(rule) => rules.get(rule.0).copied().unwrap_or(Truth::Unknown),
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

/// Case splits are tried only when the unknown flags and choices that decide
/// a rule have at most as many combinations as this many flags (2^12).
pub(crate) const MAX_CASE_SPLIT_FLAGS: usize = 12;

/// Kleene logic is sound but not complete: `covert and not covert` is
/// unknown when `covert` is. So for each undecided rule whose deciding
/// unknowns are all flags or choices (with few combinations), evaluate every
/// way of answering them; if the rule comes out the same in all of them, it is
/// decided. Returns, per rule, the facts a decided-by-cases rule was checked
/// over.
pub(crate) fn refine_by_cases(
    book: &RuleBook,
    action: &Action,
    as_of: Date,
    evaluation: &mut Evaluation,
    unknowns: &mut [Vec<FactIx>],
) -> Vec<Option<Vec<FactIx>>> {
    let mut decided = vec![None; book.rules.len()];
    // The values a fact can take, for the facts a split can cover: flags and
    // choices (sets, countries, amounts and dates have too many values).
    let values_of = |f: &FactIx| -> Option<Vec<FactValue>> {
        match book.vocabulary.facts.get(f.0).map(|d| &d.kind) {
            Some(crate::model::FactKind::Flag) => {
                Some(vec![FactValue::Flag(false), FactValue::Flag(true)])
            }
            Some(crate::model::FactKind::Choice(values)) => {
                Some((0..values.len()).map(FactValue::Choice).collect())
            }
            _ => None,
        }
    };
    let mut resolved: Vec<(RuleIx, Truth)> = Vec::new();
    for (ix, facts) in unknowns.iter().enumerate() {
        if evaluation.values.get(ix) != Some(&Truth::Unknown) || facts.is_empty() {
            continue;
        }
        let Some(domains) = facts.iter().map(values_of).collect::<Option<Vec<_>>>() else {
            continue;
        };
        // As many evaluations as 12 flags would take, at most.
        let cases = domains
            .iter()
            .try_fold(1usize, |n, d| n.checked_mul(d.len()))
            .filter(|&n| n <= 1 << MAX_CASE_SPLIT_FLAGS);
        let Some(cases) = cases else {
            continue;
        };
        let mut agreed: Option<Truth> = None;
        let mut complete = action.clone();
        for case in 0..cases {
            // The case number read in mixed radix: one digit per fact.
            let mut rest = case;
            for (&fact, values) in facts.iter().zip(&domains) {
                let digit = rest % values.len().max(1);
                rest /= values.len().max(1);
                if let (Some(slot), Some(value)) =
                    (complete.facts.get_mut(fact.0), values.get(digit))
                {
                    *slot = Some(value.clone());
                }
            }
            let value = evaluate_rules(book, &complete, as_of)
                .values
                .get(ix)
                .copied()
                .unwrap_or(Truth::Unknown);
            match agreed {
                None if case == 0 => agreed = Some(value),
                Some(previous) if previous == value => {}
                _ => {
                    agreed = None;
                    break;
                }
            }
        }
        if let Some(value) = agreed.filter(|v| *v != Truth::Unknown) {
            resolved.push((RuleIx(ix), value));
        }
    }
    for (ix, value) in resolved {
        if let Some(slot) = evaluation.values.get_mut(ix.0) {
            *slot = value;
        }
        // Decided whatever the answers: no longer "not encoded" either.
        if let Some(slot) = evaluation.not_encoded.get_mut(ix.0) {
            *slot = None;
        }
        if let (Some(facts), Some(slot)) = (unknowns.get_mut(ix.0), decided.get_mut(ix.0)) {
            *slot = Some(std::mem::take(facts));
        }
    }
    decided
}

/// Works out why rules came out as they did, and which unknown facts
/// decide them (used by the assessment and by the derivation trees of
/// `assessment/explain.rs`).
pub(crate) struct Explainer<'a> {
    pub(crate) book: &'a RuleBook,
    pub(crate) action: &'a Action,
    pub(crate) evaluation: &'a Evaluation,
    /// Where the words for "rule X does not apply" are kept once worked out
    /// for this evaluation, by rule index: many rules refer to the same
    /// definition, and its reason is the same for all of them.
    pub(crate) memo: Option<&'a std::cell::RefCell<Vec<Option<crate::assessment::words::Words>>>>,
}

impl Explainer<'_> {
    /// The value of a condition for this action and evaluation.
    pub(crate) fn value(&self, condition: &Condition) -> Truth {
        condition_value(
            condition,
            &self.action.facts,
            &self.evaluation.values,
            self.book,
        )
    }

    /// For each rule whose value is unknown, the unknown facts that decide it,
    /// found by walking back only through parts that are themselves unknown.
    pub(crate) fn unknown_facts_per_rule(&self) -> Vec<Vec<FactIx>> {
        let mut sets: Vec<Vec<FactIx>> = vec![Vec::new(); self.book.rules.len()];
        for &ix in &self.book.order {
            let Some(rule) = self.book.rules.get(ix.0) else {
                continue;
            };
            if self.evaluation.values.get(ix.0) != Some(&Truth::Unknown) {
                continue;
            }
            let mut facts = Vec::new();
            if self.evaluation.base.get(ix.0) == Some(&Truth::Unknown) {
                self.collect_unknowns(&rule.condition, &sets, &mut facts);
            }
            for &over in &rule.overridden_by {
                if self.evaluation.values.get(over.0) == Some(&Truth::Unknown) {
                    facts.extend(sets.get(over.0).map_or(&[][..], Vec::as_slice));
                }
            }
            facts.sort_unstable();
            facts.dedup();
            if let Some(slot) = sets.get_mut(ix.0) {
                *slot = facts;
            }
        }
        sets
    }

    fn collect_unknowns(&self, condition: &Condition, sets: &[Vec<FactIx>], out: &mut Vec<FactIx>) {
        // Only undecided parts can be decided by an unknown fact.
        condition.visit(&mut |node| {
            if self.value(node) != Truth::Unknown {
                return false;
            }
            if let Some(fact) = node.fact() {
                out.push(fact);
            } else if let Condition::Ref(rule) = node {
                out.extend(sets.get(rule.0).map_or(&[][..], Vec::as_slice));
            }
            true
        });
    }
}
