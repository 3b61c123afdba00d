//! The law at one date as a propositional formula, answered by a SAT solver:
//! the exact replacement for enumerating the fact space (issue 19).
//!
//! **Encoding.** Each fact gets one variable per value of its domain (the
//! same value classes [`space::domains`](crate::engine::space::domains)
//! gives the search), at most one of them true; none true means the fact is
//! unknown. A model is therefore a partial action, and the number of true
//! value variables is the number of facts it states.
//!
//! Three-valued logic is encoded with two "rails" per condition: `holds`
//! (definitely true) and `fails` (definitely false); unknown is neither.
//! For a leaf, `holds` is the disjunction of the value variables whose value
//! makes the leaf true (decided by the engine's own evaluator, so the
//! meanings cannot drift) and `fails` of those that make it false. `All` is
//! a conjunction of `holds` and a disjunction of `fails`, `Any` the dual, and
//! `Not` swaps the rails. A rule's rails follow the evaluator exactly: out
//! of force it fails; not encoded for the date it can only fail (when its
//! condition does); and it is displaced when an overrider definitely holds,
//! kept only when every overrider definitely fails.
//!
//! Both rails are monotone in the value variables and every query asserts
//! rails positively (a concern holds, a rule fails, a rule holds), so each
//! gate needs only the implication from its variable to its definition
//! (Plaisted-Greenbaum): a model of the clauses is a partial action under
//! which the asserted rails hold in Kleene logic, and unsatisfiable means no
//! partial action (hence no total one) does it: a proof.

use jiff::civil::Date;
use rustsat::encodings::card::{BoundUpper, Totalizer};
use rustsat::instances::{BasicVarManager, ManageVars};
use rustsat::solvers::{Solve, SolveIncremental, SolverResult};
use rustsat::types::{Clause, Lit, TernaryVal};
use rustsat_batsat::BasicSolver;

use crate::engine::evaluate::condition_value;
use crate::engine::logic::Truth;
use crate::engine::search::Pattern;
use crate::engine::space::Choice;
use crate::input::action::FactValue;
use crate::model::{Condition, FactIx, InForceOn, RuleBook, RuleIx};

/// The two rails of a condition: definitely true, definitely false.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rails {
    /// True in a model only if the condition is definitely true there.
    pub(crate) holds: Lit,
    /// True in a model only if the condition is definitely false there.
    pub(crate) fails: Lit,
}

/// The solver failed (it ran out of memory, or was used out of order): a
/// bug or a machine limit, never an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SolverFailed(pub(crate) String);

impl<E: std::fmt::Display> From<E> for SolverFailed {
    fn from(error: E) -> Self {
        Self(error.to_string())
    }
}

/// A rule book at one date, encoded; ask it with [`Symbolic::find`] and
/// [`Symbolic::fewest`].
pub(crate) struct Symbolic {
    solver: BasicSolver,
    vars: BasicVarManager,
    /// A variable fixed true (so `!top` is false).
    top: Lit,
    /// Per fact, per index of its domain, the variable "the fact has this value".
    values: Vec<Vec<Lit>>,
    /// Per fact with a domain, a variable implied by each of its values: the
    /// facts stated, which [`fewest`](Symbolic::fewest) counts.
    stated: Vec<Lit>,
    /// Per rule index, its final rails (after in-force dates and overrides).
    rules: Vec<Rails>,
    /// Per fact, per value: whether it is a presence (anything but a flag
    /// that is false or an empty list). Among witnesses with the fewest facts, the one with
    /// the fewest presences reads best: "nothing else is going on".
    presence: Vec<Vec<bool>>,
    /// The value variables that are presences.
    present: Vec<Lit>,
    /// Per fact, its "stated" variable (none for a fact with no values).
    stated_of: Vec<Option<Lit>>,
    /// Per fact, the leaves encoded over it (to find the class of a value).
    leaves: Vec<Vec<Condition>>,
    /// The counts of facts stated and of presences, encoded as far as
    /// bounds have been asked for (built on first use, extended later).
    counters: Option<(Totalizer, Totalizer)>,
    /// Solver calls made so far.
    pub(crate) calls: usize,
}

impl Symbolic {
    /// Encodes every rule of `book` as in force (or not) on `as_of`, over
    /// the value classes `domains` (one list per fact).
    pub(crate) fn new(
        book: &RuleBook,
        domains: &[Vec<Choice>],
        as_of: Date,
    ) -> Result<Self, SolverFailed> {
        let mut vars = BasicVarManager::default();
        let mut solver = BasicSolver::default();
        let top = vars.new_lit();
        solver.add_clause(Clause::from([top]))?;
        let mut encoding = Self {
            solver,
            vars,
            top,
            values: Vec::with_capacity(domains.len()),
            stated: Vec::new(),
            rules: Vec::new(),
            presence: Vec::with_capacity(domains.len()),
            present: Vec::new(),
            stated_of: Vec::with_capacity(domains.len()),
            leaves: vec![Vec::new(); domains.len()],
            counters: None,
            calls: 0,
        };
        for domain in domains {
            let lits: Vec<Lit> = domain.iter().map(|_| encoding.vars.new_lit()).collect();
            encoding.at_most_one(&lits)?;
            if lits.is_empty() {
                encoding.stated_of.push(None);
            } else {
                let stated = encoding.vars.new_lit();
                for &lit in &lits {
                    encoding.solver.add_clause(Clause::from([!lit, stated]))?;
                }
                encoding.stated.push(stated);
                encoding.stated_of.push(Some(stated));
            }
            let presence: Vec<bool> = domain
                .iter()
                .map(|choice| !matches!(choice.value, FactValue::Flag(false) | FactValue::Set(0)))
                .collect();
            encoding.present.extend(
                lits.iter()
                    .zip(&presence)
                    .filter(|(_, present)| **present)
                    .map(|(lit, _)| *lit),
            );
            encoding.presence.push(presence);
            encoding.values.push(lits);
        }
        let off = Rails {
            holds: !top,
            fails: top,
        };
        encoding.rules = vec![off; book.rules.len()];
        for &ix in &book.order {
            let Some(rule) = book.rules.get(ix.0) else {
                continue;
            };
            let own = match rule.in_force.on(as_of) {
                InForceOn::Yes => encoding.condition(book, domains, &rule.condition)?,
                InForceOn::No => off,
                InForceOn::NotEncoded => {
                    let condition = encoding.condition(book, domains, &rule.condition)?;
                    Rails {
                        holds: !top,
                        fails: condition.fails,
                    }
                }
            };
            let overriders: Vec<Rails> = rule
                .overridden_by
                .iter()
                .filter_map(|o| encoding.rules.get(o.0).copied())
                .collect();
            let displaced = encoding.or(overriders.iter().map(|r| r.holds).collect())?;
            let kept = encoding.and(overriders.iter().map(|r| r.fails).collect())?;
            let rails = Rails {
                holds: encoding.and(vec![own.holds, kept])?,
                fails: encoding.or(vec![own.fails, displaced])?,
            };
            if let Some(slot) = encoding.rules.get_mut(ix.0) {
                *slot = rails;
            }
        }
        Ok(encoding)
    }

    /// The rails of rule `rule`.
    pub(crate) fn rule(&self, rule: RuleIx) -> Rails {
        self.rules.get(rule.0).copied().unwrap_or(Rails {
            holds: !self.top,
            fails: self.top,
        })
    }

    /// The rails of a condition (a concern, or a goal built for lint), over
    /// the rules' final values for `Ref`.
    pub(crate) fn condition(
        &mut self,
        book: &RuleBook,
        domains: &[Vec<Choice>],
        condition: &Condition,
    ) -> Result<Rails, SolverFailed> {
        match condition {
            Condition::Always => Ok(Rails {
                holds: self.top,
                fails: !self.top,
            }),
            Condition::Ref(rule) => Ok(self.rule(*rule)),
            Condition::All(parts) | Condition::Any(parts) => {
                let mut holds = Vec::with_capacity(parts.len());
                let mut fails = Vec::with_capacity(parts.len());
                for part in parts {
                    let rails = self.condition(book, domains, part)?;
                    holds.push(rails.holds);
                    fails.push(rails.fails);
                }
                if matches!(condition, Condition::All(_)) {
                    Ok(Rails {
                        holds: self.and(holds)?,
                        fails: self.or(fails)?,
                    })
                } else {
                    Ok(Rails {
                        holds: self.or(holds)?,
                        fails: self.and(fails)?,
                    })
                }
            }
            Condition::Not(inner) => {
                let rails = self.condition(book, domains, inner)?;
                Ok(Rails {
                    holds: rails.fails,
                    fails: rails.holds,
                })
            }
            leaf => self.leaf(book, domains, leaf),
        }
    }

    /// A test of one fact: which of its values make it true, which false.
    fn leaf(
        &mut self,
        book: &RuleBook,
        domains: &[Vec<Choice>],
        leaf: &Condition,
    ) -> Result<Rails, SolverFailed> {
        let Some(fact) = leaf.fact() else {
            return Ok(Rails {
                holds: !self.top,
                fails: !self.top,
            });
        };
        if let Some(seen) = self.leaves.get_mut(fact.0) {
            seen.push(leaf.clone());
        }
        let (mut holds, mut fails) = (Vec::new(), Vec::new());
        let mut facts: Vec<Option<FactValue>> = vec![None; domains.len()];
        let choices = domains.get(fact.0).map(Vec::as_slice).unwrap_or_default();
        for (index, choice) in choices.iter().enumerate() {
            let Some(lit) = self.value(fact, index) else {
                continue;
            };
            if let Some(slot) = facts.get_mut(fact.0) {
                *slot = Some(choice.value.clone());
            }
            match condition_value(leaf, &facts, &[], book) {
                Truth::True => holds.push(lit),
                Truth::False => fails.push(lit),
                Truth::Unknown => {}
            }
        }
        Ok(Rails {
            holds: self.or(holds)?,
            fails: self.or(fails)?,
        })
    }

    /// The variable "fact `fact` has the value at `index` of its domain".
    pub(crate) fn value(&self, fact: FactIx, index: usize) -> Option<Lit> {
        self.values
            .get(fact.0)
            .and_then(|lits| lits.get(index))
            .copied()
    }

    /// A model in which every literal of `assume` is true, as the partial
    /// action it describes; `None` proves there is none.
    pub(crate) fn find(&mut self, assume: &[Lit]) -> Result<Option<Pattern>, SolverFailed> {
        self.calls += 1;
        match self.solver.solve_assumps(assume)? {
            SolverResult::Sat => Ok(Some(self.pattern()?)),
            SolverResult::Unsat => Ok(None),
            SolverResult::Interrupted => Err(SolverFailed(String::from("interrupted"))),
        }
    }

    /// As [`find`](Symbolic::find), with the fewest presences (facts that
    /// say something happens: anything but a flag that is false or an empty
    /// list) any model can have, and among those the fewest facts stated: a
    /// model, then tighter and tighter bounds until the solver says no. (Fewest facts
    /// alone reads worse: on the embedded law every gap witness then leaned
    /// on an unrelated exception, a consented training exercise, that
    /// displaces two notices at the price of one fact.)
    pub(crate) fn fewest(&mut self, assume: &[Lit]) -> Result<Option<Pattern>, SolverFailed> {
        let Some(mut best) = self.find(assume)? else {
            return Ok(None);
        };
        let (mut stated, mut present) = match self.counters.take() {
            Some(counters) => counters,
            None => (
                Totalizer::from(self.stated.clone()),
                Totalizer::from(self.present.clone()),
            ),
        };
        let result = self
            .tighten(assume, &mut present, &mut best, Self::presences)
            .and_then(|fewest| {
                let mut assume = assume.to_vec();
                present.encode_ub(fewest..=fewest, &mut self.solver, &mut self.vars)?;
                assume.extend(present.enforce_ub(fewest)?);
                let facts = self.tighten(&assume, &mut stated, &mut best, |_, p| p.len())?;
                stated.encode_ub(facts..=facts, &mut self.solver, &mut self.vars)?;
                assume.extend(stated.enforce_ub(facts)?);
                self.settle(&assume, &mut best)
            });
        self.counters = Some((stated, present));
        result?;
        Ok(Some(best))
    }

    /// Among equally small models, the one whose choices, countries,
    /// amounts and lists take the earliest values of their domains, fact by
    /// fact: so that a witness does not change with the solver's whims, and
    /// a snapshot changes only when the law does. (Flags are left as found:
    /// a lower value there is a presence, which the bounds already rule on.)
    fn settle(&mut self, assume: &[Lit], best: &mut Pattern) -> Result<(), SolverFailed> {
        let mut fixed = assume.to_vec();
        for fact in 0..self.values.len() {
            let fact = FactIx(fact);
            let Some(&(_, index)) = best.iter().find(|(f, _)| *f == fact) else {
                continue;
            };
            let is_flag = self
                .presence
                .get(fact.0)
                .is_some_and(|p| p.len() == 2 && p == &[true, false]);
            let mut settled = index;
            if !is_flag {
                for lower in 0..index {
                    let Some(lit) = self.value(fact, lower) else {
                        continue;
                    };
                    let mut trial = fixed.clone();
                    trial.push(lit);
                    if let Some(model) = self.find(&trial)? {
                        *best = model;
                        settled = lower;
                        break;
                    }
                }
            }
            if let Some(lit) = self.value(fact, settled) {
                fixed.push(lit);
            }
        }
        Ok(())
    }

    /// The presences a pattern states.
    fn presences(&self, pattern: &Pattern) -> usize {
        pattern
            .iter()
            .filter(|&&(fact, index)| {
                self.presence
                    .get(fact.0)
                    .and_then(|p| p.get(index))
                    .copied()
                    .unwrap_or(true)
            })
            .count()
    }

    /// Lowers `best` while a model with a lower `count` (kept by `counter`)
    /// exists; returns the count reached.
    fn tighten(
        &mut self,
        assume: &[Lit],
        counter: &mut Totalizer,
        best: &mut Pattern,
        count: impl Fn(&Self, &Pattern) -> usize,
    ) -> Result<usize, SolverFailed> {
        loop {
            let reached = count(self, best);
            if reached == 0 {
                return Ok(0);
            }
            let bound = reached - 1;
            counter.encode_ub(bound..=bound, &mut self.solver, &mut self.vars)?;
            let mut tighter = assume.to_vec();
            tighter.extend(counter.enforce_ub(bound)?);
            match self.find(&tighter)? {
                Some(better) => *best = better,
                None => return Ok(reached),
            }
        }
    }

    /// The "stated" variable of a fact (true in a model that gives it a value).
    pub(crate) fn stated(&self, fact: FactIx) -> Option<Lit> {
        self.stated_of.get(fact.0).copied().flatten()
    }

    /// The index of the value class of `domains[fact]` that `value` falls
    /// in: the one every encoded test of the fact judges as it judges
    /// `value`. `None` when no class does (a list of several values where
    /// the classes fall back to empty or single values).
    pub(crate) fn class_of(
        &self,
        book: &RuleBook,
        domains: &[Vec<Choice>],
        fact: FactIx,
        value: &FactValue,
    ) -> Option<usize> {
        let leaves = self.leaves.get(fact.0)?;
        let mut facts: Vec<Option<FactValue>> = vec![None; domains.len()];
        let mut judge = |value: &FactValue| -> Vec<Truth> {
            if let Some(slot) = facts.get_mut(fact.0) {
                *slot = Some(value.clone());
            }
            leaves
                .iter()
                .map(|leaf| condition_value(leaf, &facts, &[], book))
                .collect()
        };
        let wanted = judge(value);
        domains
            .get(fact.0)?
            .iter()
            .position(|choice| judge(&choice.value) == wanted)
    }

    /// A fresh variable.
    pub(crate) fn fresh(&mut self) -> Lit {
        self.vars.new_lit()
    }

    /// Adds a clause.
    pub(crate) fn clause(&mut self, lits: &[Lit]) -> Result<(), SolverFailed> {
        self.solver.add_clause(lits.iter().copied().collect())?;
        Ok(())
    }

    /// A model with `assume` true and as few of `counted` true as possible,
    /// at most `max`: its partial action and which of `counted` are true.
    /// `None` when no model has `max` or fewer.
    pub(crate) fn fewest_of(
        &mut self,
        assume: &[Lit],
        counted: &[Lit],
        max: usize,
    ) -> Result<Option<(Pattern, Vec<bool>)>, SolverFailed> {
        let mut counter = Totalizer::from(counted.to_vec());
        let mut best = None;
        let mut bound = max;
        loop {
            counter.encode_ub(bound..=bound, &mut self.solver, &mut self.vars)?;
            let mut bounded = assume.to_vec();
            bounded.extend(counter.enforce_ub(bound)?);
            let Some(pattern) = self.find(&bounded)? else {
                return Ok(best);
            };
            let mut truths = Vec::with_capacity(counted.len());
            for &lit in counted {
                truths.push(self.solver.lit_val(lit)? == TernaryVal::True);
            }
            let count = truths.iter().filter(|t| **t).count();
            best = Some((pattern, truths));
            if count == 0 {
                return Ok(best);
            }
            bound = count - 1;
        }
    }

    /// Adds a clause that forbids every model stating all of `pattern`.
    pub(crate) fn exclude(&mut self, pattern: &Pattern) -> Result<(), SolverFailed> {
        let clause: Clause = pattern
            .iter()
            .filter_map(|&(fact, index)| self.value(fact, index))
            .map(|lit| !lit)
            .collect();
        self.solver.add_clause(clause)?;
        Ok(())
    }

    /// The partial action of the current model.
    fn pattern(&self) -> Result<Pattern, SolverFailed> {
        let mut pattern = Pattern::new();
        for (fact, lits) in self.values.iter().enumerate() {
            for (index, &lit) in lits.iter().enumerate() {
                if self.solver.lit_val(lit)? == TernaryVal::True {
                    pattern.push((FactIx(fact), index));
                    break;
                }
            }
        }
        Ok(pattern)
    }

    /// A fresh variable `g` with `g → (a ∧ b ∧ …)`.
    fn and(&mut self, lits: Vec<Lit>) -> Result<Lit, SolverFailed> {
        let lits: Vec<Lit> = lits.into_iter().filter(|&l| l != self.top).collect();
        if lits.contains(&!self.top) {
            return Ok(!self.top);
        }
        match lits.as_slice() {
            [] => Ok(self.top),
            [one] => Ok(*one),
            _ => {
                let gate = self.vars.new_lit();
                for lit in lits {
                    self.solver.add_clause(Clause::from([!gate, lit]))?;
                }
                Ok(gate)
            }
        }
    }

    /// A fresh variable `g` with `g → (a ∨ b ∨ …)`.
    fn or(&mut self, lits: Vec<Lit>) -> Result<Lit, SolverFailed> {
        let lits: Vec<Lit> = lits.into_iter().filter(|&l| l != !self.top).collect();
        if lits.contains(&self.top) {
            return Ok(self.top);
        }
        match lits.as_slice() {
            [] => Ok(!self.top),
            [one] => Ok(*one),
            _ => {
                let gate = self.vars.new_lit();
                let mut clause = vec![!gate];
                clause.extend(lits);
                self.solver.add_clause(clause.into_iter().collect())?;
                Ok(gate)
            }
        }
    }

    /// At most one of `lits` (a sequential counter: linear in their number).
    fn at_most_one(&mut self, lits: &[Lit]) -> Result<(), SolverFailed> {
        if lits.len() <= 4 {
            for (i, &a) in lits.iter().enumerate() {
                for &b in lits.iter().skip(i + 1) {
                    self.solver.add_clause(Clause::from([!a, !b]))?;
                }
            }
            return Ok(());
        }
        // s_i: one of the first i+1 literals is true.
        let mut previous: Option<Lit> = None;
        for &lit in lits {
            let seen = self.vars.new_lit();
            self.solver.add_clause(Clause::from([!lit, seen]))?;
            if let Some(before) = previous {
                self.solver.add_clause(Clause::from([!before, seen]))?;
                self.solver.add_clause(Clause::from([!before, !lit]))?;
            }
            previous = Some(seen);
        }
        Ok(())
    }
}
