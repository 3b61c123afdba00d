//! Rule health: rules that can never apply, exceptions that never change an
//! outcome, and notices that overlap (the same body told about the same
//! action with a different deadline or form). Each finding comes with a
//! witness action, or rests on the SAT solver's proof (`engine::symbolic`).

use jiff::civil::Date;
use serde::Serialize;

use std::collections::BTreeMap;

use crate::engine::search::Pattern;
use crate::engine::space::{Choice, Setting, describe_pattern};
use crate::engine::symbolic::Symbolic;
use crate::model::{BodyIx, Condition, Effect, RuleBook, RuleIx, RuleKind};

/// The outcome of looking for an action that makes a goal condition true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Satisfied {
    /// This assignment makes it true (facts not listed are unknown).
    Yes(Pattern),
    /// No action makes it true: the solver proved it.
    Never,
    /// The solver failed (out of memory): nothing is claimed.
    Unknown,
}

/// Answers "can this condition hold?" with the SAT solver, keeping one
/// encoding of the book per date asked about (each rule is examined as of
/// its own first day in force, and many share a day).
pub(crate) struct Satisfier<'a> {
    book: &'a RuleBook,
    domains: &'a [Vec<Choice>],
    by_date: BTreeMap<Date, Option<Symbolic>>,
}

impl<'a> Satisfier<'a> {
    /// A satisfier over these value classes (see [`crate::engine::space::domains`]).
    pub(crate) fn new(book: &'a RuleBook, domains: &'a [Vec<Choice>]) -> Self {
        Self {
            book,
            domains,
            by_date: BTreeMap::new(),
        }
    }

    /// An action (with the fewest presences, then facts) that makes `goal`
    /// true as of a date, or the proof that none does.
    pub(crate) fn satisfy(&mut self, goal: &Condition, as_of: Date) -> Satisfied {
        let (book, domains) = (self.book, self.domains);
        let encoding = self
            .by_date
            .entry(as_of)
            .or_insert_with(|| Symbolic::new(book, domains, as_of).ok());
        let Some(symbolic) = encoding.as_mut() else {
            return Satisfied::Unknown;
        };
        let found = symbolic
            .condition(book, domains, goal)
            .and_then(|rails| symbolic.fewest(&[rails.holds]));
        match found {
            Ok(Some(pattern)) => Satisfied::Yes(pattern),
            Ok(None) => Satisfied::Never,
            Err(_) => Satisfied::Unknown,
        }
    }
}

/// What kind of rule-health finding it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The rule's condition can never hold.
    NeverApplies,
    /// Whenever the rule's condition holds, a rule that overrides it applies.
    AlwaysOverridden,
    /// An exception whose targets never apply when it does.
    IneffectiveException,
    /// Two notices tell the same body about the same situation differently.
    Overlap,
}

impl FindingKind {
    /// The kind as written in reports and JSON (`never_applies`, ...).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::NeverApplies => "never_applies",
            Self::AlwaysOverridden => "always_overridden",
            Self::IneffectiveException => "ineffective_exception",
            Self::Overlap => "overlap",
        }
    }

    /// True for findings that make `lint` fail (every kind but overlaps,
    /// which are reported only).
    pub fn fails(self) -> bool {
        self != Self::Overlap
    }
}

/// One rule-health finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// What kind of finding.
    pub kind: FindingKind,
    /// The rules concerned.
    pub rules: Vec<String>,
    /// What is wrong, in words.
    pub message: String,
    /// A witness action (`fact = value`), where there is one.
    pub witness: Vec<Setting>,
}

/// Every finding, in rule order. Each rule is examined as of the first day
/// it is in force, so that dates never make a rule look dead.
pub fn lint(book: &RuleBook, domains: &[Vec<Choice>]) -> Vec<Finding> {
    let mut solver = Satisfier::new(book, domains);
    let mut findings = Vec::new();
    for (ix, rule) in book.rules.iter().enumerate() {
        // The first day the rule is both in force and encoded.
        let as_of = rule.in_force.from.max(rule.in_force.encoded_from);
        if solver.satisfy(&Condition::Ref(RuleIx(ix)), as_of) != Satisfied::Never {
            continue;
        }
        let own = solver.satisfy(&rule.condition, as_of);
        let (kind, message) = if own == Satisfied::Never {
            (
                FindingKind::NeverApplies,
                format!(
                    "`{}` can never apply: its condition is unsatisfiable under the vocabulary",
                    rule.id
                ),
            )
        } else {
            (
                FindingKind::AlwaysOverridden,
                format!(
                    "`{}` can never apply: whenever its condition holds, a rule that overrides it applies",
                    rule.id
                ),
            )
        };
        findings.push(Finding {
            kind,
            rules: vec![rule.id.clone()],
            message,
            witness: Vec::new(),
        });
    }
    for (ix, rule) in book.rules.iter().enumerate() {
        if rule.overrides.is_empty()
            || !matches!(rule.kind, RuleKind::Exception | RuleKind::Definition)
        {
            continue;
        }
        // It matters only if, somewhere, it applies while a rule it overrides would otherwise hold.
        let targets: Vec<Condition> = rule
            .overrides
            .iter()
            .filter_map(|&t| book.rules.get(t.0))
            .map(|t| t.condition.clone())
            .collect();
        let goal = Condition::All(vec![Condition::Ref(RuleIx(ix)), Condition::Any(targets)]);
        let as_of = rule.in_force.from.max(rule.in_force.encoded_from);
        if solver.satisfy(&goal, as_of) == Satisfied::Never {
            let names: Vec<String> = rule
                .overrides
                .iter()
                .filter_map(|&t| book.rules.get(t.0))
                .map(|t| format!("`{}`", t.id))
                .collect();
            findings.push(Finding {
                kind: FindingKind::IneffectiveException,
                rules: vec![rule.id.clone()],
                message: format!(
                    "`{}` never changes an outcome: it never applies while {} would",
                    rule.id,
                    names.join(" or ")
                ),
                witness: Vec::new(),
            });
        }
    }
    findings.extend(overlaps(book, domains, &mut solver));
    findings
}

/// Pairs of notices from different provisions that tell a shared body about
/// the same situation (whenever one applies, so does the other) with a
/// different timing or form.
fn overlaps(book: &RuleBook, domains: &[Vec<Choice>], solver: &mut Satisfier) -> Vec<Finding> {
    let notices: Vec<(RuleIx, Vec<BodyIx>, String, String)> = book
        .rules
        .iter()
        .enumerate()
        .filter_map(|(ix, r)| match &r.effect {
            Effect::Notice { to, form, due, .. } if !to.is_empty() => Some((
                RuleIx(ix),
                book.expand(to),
                format!("{form:?}"),
                format!("{due:?}"),
            )),
            _ => None,
        })
        .collect();
    let mut findings = Vec::new();
    for (i, (a, bodies_a, form_a, due_a)) in notices.iter().enumerate() {
        for (b, bodies_b, form_b, due_b) in notices.iter().skip(i + 1) {
            let (Some(rule_a), Some(rule_b)) = (book.rules.get(a.0), book.rules.get(b.0)) else {
                continue;
            };
            if rule_a.provision == rule_b.provision || (form_a == form_b && due_a == due_b) {
                continue;
            }
            let shared: Vec<&str> = bodies_a
                .iter()
                .filter(|x| bodies_b.contains(x))
                .filter_map(|&x| book.bodies.get(x.0))
                .map(|x| x.id.as_str())
                .collect();
            if shared.is_empty() {
                continue;
            }
            let as_of = [rule_a, rule_b]
                .iter()
                .map(|r| r.in_force.from.max(r.in_force.encoded_from))
                .max()
                .unwrap_or(rule_a.in_force.from);
            // "The same situation": whenever one applies, so does the other.
            let mut implies = |x: RuleIx, y: RuleIx| {
                let goal = Condition::All(vec![
                    Condition::Ref(x),
                    Condition::Not(Box::new(Condition::Ref(y))),
                ]);
                solver.satisfy(&goal, as_of) == Satisfied::Never
            };
            if !implies(*a, *b) && !implies(*b, *a) {
                continue;
            }
            let goal = Condition::All(vec![Condition::Ref(*a), Condition::Ref(*b)]);
            if let Satisfied::Yes(pattern) = solver.satisfy(&goal, as_of) {
                findings.push(Finding {
                    kind: FindingKind::Overlap,
                    rules: vec![rule_a.id.clone(), rule_b.id.clone()],
                    message: format!(
                        "`{}` ({}) and `{}` ({}) tell {} about the same situation with a different deadline or form",
                        rule_a.id,
                        book.short_citation(rule_a),
                        rule_b.id,
                        book.short_citation(rule_b),
                        shared.join(", ")
                    ),
                    witness: describe_pattern(book, domains, &pattern),
                });
            }
        }
    }
    findings
}
