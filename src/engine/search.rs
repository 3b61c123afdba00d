//! The search of the fact space behind the explainer's counterfactual ("the
//! smallest change that makes a rule apply"): depth first over partial
//! assignments, evaluating the law in three-valued logic at every step so
//! that a branch ends as soon as its answer is settled. Facts not yet
//! assigned are unknown; by Kleene logic a verdict reached with unknowns
//! holds for every value they could take, so a witness leaves them as
//! wildcards. (Gap analysis and rule health used it too until issue 19 moved
//! them to the SAT solver, `engine::symbolic`; the counterfactual is next.)
//!
//! What is looked for is a [`Goal`]: it judges each partial assignment
//! (prune, witness, or branch on these facts) and may order a fact's values.

use jiff::civil::Date;

use crate::engine::evaluate::{Evaluation, evaluate_rules};
use crate::engine::space::Choice;
use crate::input::action::Action;
use crate::model::{FactIx, RuleBook};

/// A partial assignment: each listed fact takes the value at that index of
/// its domain; every other fact is unknown (a wildcard).
pub type Pattern = Vec<(FactIx, usize)>;

/// What a goal makes of one partial assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing below this assignment can be a witness.
    Prune,
    /// This assignment is a witness.
    Witness,
    /// Undecided: branch on the first of these facts (an empty list ends the branch).
    Branch(Vec<FactIx>),
}

/// What the search looks for.
pub trait Goal {
    /// Judges a partial action (unassigned facts unknown) and its evaluation.
    fn step(&self, action: &Action, evaluation: &Evaluation) -> Step;

    /// The order in which a fact's values are tried, as indices into
    /// `choices` (by default, all of them, as listed).
    fn order(&self, _fact: FactIx, choices: &[Choice]) -> Vec<usize> {
        (0..choices.len()).collect()
    }
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The first witness found (sorted by fact), if any.
    pub witness: Option<Pattern>,
    /// Partial assignments visited.
    pub visited: usize,
    /// False when the visit limit stopped the search before it finished;
    /// then "no witness" proves nothing.
    pub complete: bool,
}

/// The search's fixed inputs.
#[derive(Debug, Clone, Copy)]
pub struct Space<'a> {
    /// The law.
    pub book: &'a RuleBook,
    /// The values worth trying for each fact.
    pub domains: &'a [Vec<Choice>],
    /// The date whose law is applied.
    pub as_of: Date,
    /// The search gives up after this many partial assignments.
    pub max_visits: usize,
}

impl Space<'_> {
    /// Looks for a witness of `goal`, starting from an action as stated;
    /// the witness lists only the facts the search assigned.
    pub(crate) fn find_from(&self, action: Action, goal: &impl Goal) -> Found {
        self.search(action, Vec::new(), goal)
    }

    fn search(&self, action: Action, assigned: Pattern, goal: &impl Goal) -> Found {
        let mut walk = Walk {
            space: self,
            goal,
            action,
            assigned,
            found: Found {
                witness: None,
                visited: 0,
                complete: true,
            },
        };
        walk.explore();
        walk.found
    }
}

/// The mutable state of one search.
struct Walk<'s, 'a, G> {
    space: &'s Space<'a>,
    goal: &'s G,
    action: Action,
    assigned: Pattern,
    found: Found,
}

impl<G: Goal> Walk<'_, '_, G> {
    fn explore(&mut self) {
        if self.found.witness.is_some() {
            return; // one witness is enough
        }
        if self.found.visited >= self.space.max_visits {
            self.found.complete = false;
            return;
        }
        self.found.visited += 1;
        let evaluation = evaluate_rules(self.space.book, &self.action, self.space.as_of);
        let candidates = match self.goal.step(&self.action, &evaluation) {
            Step::Prune => return,
            Step::Witness => {
                let mut pattern = self.assigned.clone();
                pattern.sort_unstable();
                self.found.witness = Some(pattern);
                return;
            }
            Step::Branch(candidates) => candidates,
        };
        let Some(&fact) = candidates.first() else {
            return;
        };
        let Some(choices) = self.space.domains.get(fact.0) else {
            return;
        };
        for index in self.goal.order(fact, choices) {
            let Some(choice) = choices.get(index) else {
                continue;
            };
            if let Some(slot) = self.action.facts.get_mut(fact.0) {
                *slot = Some(choice.value.clone());
            }
            self.assigned.push((fact, index));
            self.explore();
            self.assigned.pop();
            if self.found.witness.is_some() {
                break;
            }
        }
        if let Some(slot) = self.action.facts.get_mut(fact.0) {
            *slot = None;
        }
    }
}
