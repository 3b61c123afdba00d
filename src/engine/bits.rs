//! The fast evaluator: the rule book's [`Program`] run over two bitsets
//! ("known true", "known false"), so that Kleene connectives are word
//! operations (see `oversight_core::model::program`). It computes the same
//! values as the reference evaluator, [`crate::engine::evaluate::evaluate_rules`],
//! and is tested against it on every scenario and on generated actions with
//! unknowns (`tests/bits.rs`).
//!
//! An [`Evaluator`] keeps its buffers between actions: evaluating allocates
//! nothing.

use jiff::civil::Date;

use crate::engine::evaluate::{Evaluation, not_encoded_sources};
use crate::engine::logic::Truth;
use crate::input::action::FactValue;
use crate::model::program::{Connective, Epoch, Program, Slot, Test};
use crate::model::{RuleBook, RuleIx};

/// Evaluates actions against one rule book, reusing its buffers.
#[derive(Debug, Clone)]
pub struct Evaluator<'b> {
    book: &'b RuleBook,
    program: &'b Program,
    /// Known true, one bit per slot.
    truth: Vec<u64>,
    /// Known false, one bit per slot.
    falsity: Vec<u64>,
    /// The epoch of the last date evaluated.
    epoch: Option<&'b Epoch>,
}

impl<'b> Evaluator<'b> {
    /// An evaluator for this rule book.
    pub fn new(book: &'b RuleBook) -> Self {
        let program = book.program();
        Self {
            book,
            program,
            truth: vec![0; program.words],
            falsity: vec![0; program.words],
            epoch: None,
        }
    }

    /// Evaluates every rule for these facts as of a date. Read the result
    /// with [`Self::value`], [`Self::applying`] or [`Self::evaluation`].
    pub fn run(&mut self, facts: &[Option<FactValue>], as_of: Date) {
        self.truth.fill(0);
        self.falsity.fill(0);
        self.load_atoms(facts);
        set(&mut self.truth, self.program.always);
        self.epoch = self.program.epoch(as_of);
        let empty = Epoch {
            in_force: Vec::new(),
            not_in_force: Vec::new(),
        };
        let epoch = self.epoch.unwrap_or(&empty);
        let program = self.program;
        for gate in &program.gates {
            let terms = program
                .terms
                .get(gate.terms.0 as usize..gate.terms.1 as usize)
                .unwrap_or(&[]);
            // `Any` is `All` with true and false swapped, in and out.
            let (ins, outs) = match gate.connective {
                Connective::All => ((&self.truth, &self.falsity), false),
                Connective::Any => ((&self.falsity, &self.truth), true),
            };
            let mut all = true;
            let mut some_against = false;
            for term in terms {
                let word = term.word as usize;
                let yes = ins.0.get(word).copied().unwrap_or(0);
                let no = ins.1.get(word).copied().unwrap_or(0);
                all &= (yes & term.pos) == term.pos && (no & term.neg) == term.neg;
                some_against |= (no & term.pos) | (yes & term.neg) != 0;
            }
            let (mut is_true, mut is_false) = if outs {
                (some_against, all)
            } else {
                (all, some_against)
            };
            if let Some(rule) = gate.rule {
                is_true &= bit(&epoch.in_force, rule.0);
                is_false |= bit(&epoch.not_in_force, rule.0);
            }
            for slot in std::iter::once(gate.out).chain(gate.also) {
                if is_true {
                    set(&mut self.truth, slot);
                }
                if is_false {
                    set(&mut self.falsity, slot);
                }
            }
        }
    }

    fn load_atoms(&mut self, facts: &[Option<FactValue>]) {
        for (slot, atom) in self.program.atoms.iter().enumerate() {
            let Some(Some(value)) = facts.get(atom.fact.0) else {
                continue;
            };
            let holds = match (&atom.test, value) {
                (Test::Flag, FactValue::Flag(b)) => *b,
                (Test::Choice(mask), FactValue::Choice(c)) => *c < 64 && mask & (1u64 << c) != 0,
                (Test::SetAny(mask), FactValue::Set(bits)) => bits & mask != 0,
                (Test::Countries(map), FactValue::Country(country)) => {
                    let position = usize::from(country.position());
                    map.get(position / 64)
                        .is_some_and(|w| w & (1 << (position % 64)) != 0)
                }
                (Test::AtLeast(n), FactValue::Amount(amount)) => amount >= n,
                (Test::MoreThan(n), FactValue::Amount(amount)) => amount > n,
                // A value of the wrong type is unknown, as in the reference.
                _ => continue,
            };
            let slot = Slot::try_from(slot).unwrap_or(Slot::MAX);
            if holds {
                set(&mut self.truth, slot);
            } else {
                set(&mut self.falsity, slot);
            }
        }
    }

    fn slot_value(&self, slot: Slot) -> Truth {
        match (
            bit(&self.truth, slot as usize),
            bit(&self.falsity, slot as usize),
        ) {
            (true, _) => Truth::True,
            (false, true) => Truth::False,
            (false, false) => Truth::Unknown,
        }
    }

    /// A rule's final value after the last [`Self::run`].
    pub fn value(&self, rule: RuleIx) -> Truth {
        self.slot_value(self.program.value_slot + to_slot(rule.0))
    }

    /// The rules that apply (final value true), in rule-index order, after
    /// the last [`Self::run`]. Reads whole words of the value region.
    pub fn applying(&self) -> impl Iterator<Item = RuleIx> + '_ {
        let first = self.program.value_slot as usize / 64;
        let rules = self.book.rules.len();
        self.truth
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .flat_map(move |(w, &word)| {
                let mut bits = word;
                std::iter::from_fn(move || {
                    (bits != 0).then(|| {
                        let b = bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        RuleIx(w * 64 + b)
                    })
                })
            })
            .take_while(move |r| r.0 < rules)
    }

    /// The whole evaluation after the last [`Self::run`], in the reference
    /// evaluator's form (which rules are in force, which are unknown only
    /// because a date is before an encoding's horizon).
    pub fn evaluation(&self, as_of: Date) -> Evaluation {
        let count = self.book.rules.len();
        let epoch = self.epoch;
        let in_force_bit = |ix: usize| epoch.is_some_and(|e| bit(&e.in_force, ix));
        let not_in_force_bit = |ix: usize| epoch.is_some_and(|e| bit(&e.not_in_force, ix));
        let values: Vec<Truth> = (0..count).map(|ix| self.value(RuleIx(ix))).collect();
        let base = (0..count)
            .map(|ix| self.slot_value(self.program.base_slot + to_slot(ix)))
            .collect();
        let in_force: Vec<bool> = (0..count).map(in_force_bit).collect();
        let before_horizon: Vec<bool> = (0..count)
            .map(|ix| !in_force_bit(ix) && !not_in_force_bit(ix))
            .collect();
        let not_encoded = if values.contains(&Truth::Unknown) {
            not_encoded_sources(self.book, &values, &before_horizon)
        } else {
            vec![None; count]
        };
        Evaluation {
            date: as_of,
            values,
            base,
            in_force,
            not_encoded,
            before_horizon,
        }
    }
}

/// Evaluates every rule for an action as of a date with a fresh
/// [`Evaluator`]; the same result as the reference evaluator.
pub fn evaluate_fast(book: &RuleBook, facts: &[Option<FactValue>], as_of: Date) -> Evaluation {
    let mut evaluator = Evaluator::new(book);
    evaluator.run(facts, as_of);
    evaluator.evaluation(as_of)
}

fn to_slot(n: usize) -> Slot {
    Slot::try_from(n).unwrap_or(Slot::MAX)
}

fn bit(words: &[u64], position: usize) -> bool {
    words
        .get(position / 64)
        .is_some_and(|w| w & (1 << (position % 64)) != 0)
}

fn set(words: &mut [u64], slot: Slot) {
    let position = slot as usize;
    if let Some(w) = words.get_mut(position / 64) {
        *w |= 1 << (position % 64);
    }
}
