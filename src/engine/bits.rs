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
use crate::model::program::{Epoch, Program, Slot, Test};
use crate::model::{FactKind, RuleBook, RuleIx};

/// An action's facts in the form the program reads, in one allocation:
/// a bit per fact the rules read saying whether it is stated, a bit per
/// such fact for flags (true or false), and a 64-bit value for each other
/// (a choice's index, a set's bits, a country's ISO 3166 position, an
/// amount). Encode once, evaluate at as many dates as needed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncodedFacts {
    /// Stated bits, then flag bits (each `read.len()` bits, whole words),
    /// then the values.
    words: Vec<u64>,
}

/// Evaluates actions against one rule book, reusing its buffers.
#[derive(Debug, Clone)]
pub struct Evaluator<'b> {
    book: &'b RuleBook,
    program: &'b Program,
    /// Per word of slots: (known true, known false).
    bits: Vec<[u64; 2]>,
    /// The facts of the last action [`Self::run`] encoded.
    encoded: EncodedFacts,
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
            bits: vec![[0; 2]; program.words],
            encoded: EncodedFacts::default(),
            epoch: None,
        }
    }

    /// Encodes an action's facts for [`Self::run_encoded`].
    pub fn encode(&self, facts: &[Option<FactValue>]) -> EncodedFacts {
        let mut encoded = EncodedFacts::default();
        self.encode_into(facts, &mut encoded);
        encoded
    }

    /// Encodes an action's facts into `encoded`, reusing its buffer.
    pub fn encode_into(&self, facts: &[Option<FactValue>], encoded: &mut EncodedFacts) {
        let read = &self.program.read;
        let bits = read.len().div_ceil(64);
        let words = &mut encoded.words;
        words.clear();
        words.resize(2 * bits, 0);
        let kinds = &self.book.vocabulary.facts;
        for (position, fact) in read.iter().enumerate() {
            let kind = kinds.get(fact.0).map(|d| &d.kind);
            // A value of another type than the fact's is unknown, as in the reference.
            let value = match (facts.get(fact.0), kind) {
                (Some(Some(FactValue::Flag(b))), Some(FactKind::Flag)) => {
                    if let Some(word) = words.get_mut(bits + position / 64) {
                        *word |= u64::from(*b) << (position % 64);
                    }
                    None
                }
                (Some(Some(FactValue::Choice(c))), Some(FactKind::Choice(_))) => {
                    Some(u64::try_from(*c).unwrap_or(u64::MAX))
                }
                (Some(Some(FactValue::Set(bits))), Some(FactKind::ChoiceSet(_))) => Some(*bits),
                (Some(Some(FactValue::Country(c))), Some(FactKind::Country)) => {
                    Some(u64::from(c.position()))
                }
                (Some(Some(FactValue::Amount(n))), Some(FactKind::Amount)) => Some(*n),
                // Unstated: a flag has no value to hold a place for.
                (_, Some(FactKind::Flag)) => continue,
                (_, _) => {
                    words.push(0);
                    continue;
                }
            };
            if let Some(value) = value {
                words.push(value);
            }
            if let Some(word) = words.get_mut(position / 64) {
                *word |= 1 << (position % 64);
            }
        }
    }

    /// Evaluates every rule for these facts as of a date. Read the result
    /// with [`Self::value`], [`Self::applying`] or [`Self::evaluation`].
    pub fn run(&mut self, facts: &[Option<FactValue>], as_of: Date) {
        let mut encoded = std::mem::take(&mut self.encoded);
        self.encode_into(facts, &mut encoded);
        self.run_encoded(&encoded, as_of);
        self.encoded = encoded;
    }

    /// Evaluates every rule for facts encoded by [`Self::encode`] as of a date.
    pub fn run_encoded(&mut self, facts: &EncodedFacts, as_of: Date) {
        self.bits.fill([0; 2]);
        self.load_atoms(facts);
        set(&mut self.bits, self.program.always, true);
        self.epoch = self.program.epoch(as_of);
        let program = self.program;
        let (in_force, not_in_force) = self.epoch.map_or((&[][..], &[][..]), |e| {
            (&e.in_force[..], &e.not_in_force[..])
        });
        let mut terms = program.terms.as_slice();
        for gate in &program.gates {
            let Some((mine, rest)) = terms.split_at_checked(gate.terms as usize) else {
                break;
            };
            terms = rest;
            let mut all = true;
            let mut some_against = false;
            for term in mine {
                let [y, n] = self.bits.get(term.word as usize).copied().unwrap_or([0; 2]);
                all &= ((y & term.pos) == term.pos) & ((n & term.neg) == term.neg);
                some_against |= (n & term.pos) | (y & term.neg) != 0;
            }
            // An `Any` is a negated `All` (see the program's docs).
            let (is_true, is_false) = if gate.negated {
                (some_against, all)
            } else {
                (all, some_against)
            };
            let force = gate.force as usize;
            let is_true = is_true & bit(in_force, force);
            let is_false = is_false | bit(not_in_force, force);
            put(&mut self.bits, gate.out, is_true, is_false);
            put(&mut self.bits, gate.also, is_true, is_false);
        }
    }

    fn load_atoms(&mut self, facts: &EncodedFacts) {
        let bits = self.program.read.len().div_ceil(64);
        let (stated, rest) = facts.words.split_at(bits.min(facts.words.len()));
        let (flags, values) = rest.split_at(bits.min(rest.len()));
        for (slot, atom) in self.program.atoms.iter().enumerate() {
            let input = atom.input as usize;
            if !bit(stated, input) {
                continue;
            }
            let value = values.get(atom.value as usize).copied().unwrap_or(0);
            let holds = match &atom.test {
                Test::Flag => bit(flags, input),
                Test::Choice(mask) => value < 64 && mask & (1u64 << value) != 0,
                Test::SetAny(mask) => value & mask != 0,
                Test::Countries(map) => usize::try_from(value).is_ok_and(|v| bit(map, v)),
                Test::AtLeast(n) => value >= *n,
                Test::MoreThan(n) => value > *n,
            };
            set(
                &mut self.bits,
                Slot::try_from(slot).unwrap_or(Slot::MAX),
                holds,
            );
        }
    }

    fn slot_value(&self, slot: Slot) -> Truth {
        let position = slot as usize;
        let pair = self.bits.get(position / 64).copied().unwrap_or([0; 2]);
        match (
            pair[0] & (1 << (position % 64)) != 0,
            pair[1] & (1 << (position % 64)) != 0,
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
        self.bits
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .flat_map(move |(w, &[word, _])| {
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
        evaluation_of(self.book, self.epoch, as_of, |slot| self.slot_value(slot))
    }
}

/// An evaluation in the reference evaluator's form, read from an
/// executor's slots (`value_of`) and the epoch of its date.
fn evaluation_of(
    book: &RuleBook,
    epoch: Option<&Epoch>,
    as_of: Date,
    value_of: impl Fn(Slot) -> Truth,
) -> Evaluation {
    let program = book.program();
    let count = book.rules.len();
    let in_force_bit = |ix: usize| epoch.is_some_and(|e| bit(&e.in_force, ix));
    let not_in_force_bit = |ix: usize| epoch.is_some_and(|e| bit(&e.not_in_force, ix));
    let values: Vec<Truth> = (0..count)
        .map(|ix| value_of(program.value_slot + to_slot(ix)))
        .collect();
    let base = (0..count)
        .map(|ix| value_of(program.base_slot + to_slot(ix)))
        .collect();
    let in_force: Vec<bool> = (0..count).map(in_force_bit).collect();
    let before_horizon: Vec<bool> = (0..count)
        .map(|ix| !in_force_bit(ix) && !not_in_force_bit(ix))
        .collect();
    let not_encoded = if values.contains(&Truth::Unknown) {
        not_encoded_sources(book, &values, &before_horizon)
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

/// Sets a slot's two bits without branching on them.
fn put(words: &mut [[u64; 2]], slot: Slot, is_true: bool, is_false: bool) {
    let position = slot as usize;
    if let Some(pair) = words.get_mut(position / 64) {
        pair[0] |= u64::from(is_true) << (position % 64);
        pair[1] |= u64::from(is_false) << (position % 64);
    }
}

/// Marks a slot known true (`true`) or known false.
fn set(words: &mut [[u64; 2]], slot: Slot, truth: bool) {
    let position = slot as usize;
    if let Some(pair) = words.get_mut(position / 64)
        && let Some(w) = pair.get_mut(usize::from(!truth))
    {
        *w |= 1 << (position % 64);
    }
}

/// How many actions [`Lanes`] evaluates at once: one per bit of a word.
pub const LANES: usize = 64;

/// Evaluates up to [`LANES`] actions (or one action at several dates, or
/// several answers to the same unknowns) at once: bit `i` of every word is
/// lane `i`, so a Kleene `All` of a part is two word operations for 64
/// actions. The slots are those of the single-action [`Evaluator`]; the
/// buffers are kept between runs.
#[derive(Debug, Clone)]
pub struct Lanes<'b> {
    book: &'b RuleBook,
    program: &'b Program,
    /// Per slot: (known true, known false), one bit per lane.
    slots: Vec<[u64; 2]>,
    /// Per epoch-bitset bit: (in force, certainly not in force), one bit per lane.
    force: Vec<[u64; 2]>,
    /// Each lane's epoch, for [`Self::evaluation`].
    epochs: Vec<Option<&'b Epoch>>,
    /// Per fact read: the lanes that state it.
    stated: Vec<u64>,
    /// Per fact read: the lanes where it is a true flag.
    flags: Vec<u64>,
    /// Per fact read that is not a flag: its value in each lane.
    columns: Vec<[u64; 64]>,
}

impl<'b> Lanes<'b> {
    /// An evaluator of many actions at once for this rule book.
    pub fn new(book: &'b RuleBook) -> Self {
        let program = book.program();
        Self {
            book,
            program,
            slots: vec![[0; 2]; program.words * 64],
            force: vec![[0; 2]; program.always_in_force as usize + 1],
            epochs: Vec::with_capacity(LANES),
            stated: Vec::new(),
            flags: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// Evaluates every rule for each (facts, date) pair, one per lane; pairs
    /// past the [`LANES`]th are ignored.
    pub fn run(&mut self, batch: &[(&EncodedFacts, Date)]) {
        let batch = batch.get(..batch.len().min(LANES)).unwrap_or(batch);
        self.load_atoms(batch);
        self.load_force(batch);
        let program = self.program;
        let all_lanes = lane_mask(batch.len());
        if let Some(always) = self.slots.get_mut(program.always as usize) {
            *always = [all_lanes, 0];
        }
        let mut parts = program.parts.as_slice();
        for gate in &program.gates {
            let Some((mine, rest)) = parts.split_at_checked(gate.parts as usize) else {
                break;
            };
            parts = rest;
            let mut all = all_lanes;
            let mut some_against = 0;
            for part in mine {
                let [t, f] = self
                    .slots
                    .get(part.slot as usize)
                    .copied()
                    .unwrap_or([0; 2]);
                let (yes, no) = if part.negated { (f, t) } else { (t, f) };
                all &= yes;
                some_against |= no;
            }
            let (is_true, is_false) = if gate.negated {
                (some_against, all)
            } else {
                (all, some_against)
            };
            let [in_force, not_in_force] = self
                .force
                .get(gate.force as usize)
                .copied()
                .unwrap_or([0; 2]);
            let value = [is_true & in_force, is_false | not_in_force];
            for slot in [gate.out, gate.also] {
                if let Some(cell) = self.slots.get_mut(slot as usize) {
                    *cell = value;
                }
            }
        }
    }

    /// Every atom as lanes. The facts are turned from one row per action
    /// into one word of lanes per fact first (a 64 by 64 bit transpose for
    /// the stated and flag bits, a column of values for the rest), so that
    /// a flag atom is two word operations and any other one compare per lane
    /// with no branch.
    fn load_atoms(&mut self, batch: &[(&EncodedFacts, Date)]) {
        let read = self.program.read.len();
        let bits = read.div_ceil(64);
        let valued = batch
            .iter()
            .map(|(facts, _)| facts.words.len().saturating_sub(2 * bits))
            .max()
            .unwrap_or(0);
        self.stated.clear();
        self.flags.clear();
        for word in 0..bits {
            for (half, out) in [(0, &mut self.stated), (bits, &mut self.flags)] {
                let mut matrix = [0u64; 64];
                for (row, (facts, _)) in matrix.iter_mut().zip(batch) {
                    *row = facts.words.get(half + word).copied().unwrap_or(0);
                }
                transpose(&mut matrix);
                out.extend_from_slice(&matrix);
            }
        }
        self.columns.clear();
        self.columns.resize(valued, [0; 64]);
        for (lane, (facts, _)) in batch.iter().enumerate() {
            for (column, value) in self
                .columns
                .iter_mut()
                .zip(facts.words.get(2 * bits..).unwrap_or(&[]))
            {
                if let Some(cell) = column.get_mut(lane) {
                    *cell = *value;
                }
            }
        }
        let empty = [0u64; 64];
        for (slot, atom) in self.program.atoms.iter().enumerate() {
            let input = atom.input as usize;
            let known = self.stated.get(input).copied().unwrap_or(0);
            let column = self.columns.get(atom.value as usize).unwrap_or(&empty);
            let holds = match &atom.test {
                Test::Flag => self.flags.get(input).copied().unwrap_or(0),
                Test::Choice(mask) => lanes_where(column, |v| v < 64 && mask & (1u64 << v) != 0),
                Test::SetAny(mask) => lanes_where(column, |v| v & mask != 0),
                Test::Countries(map) => {
                    lanes_where(column, |v| usize::try_from(v).is_ok_and(|v| bit(map, v)))
                }
                Test::AtLeast(n) => lanes_where(column, |v| v >= *n),
                Test::MoreThan(n) => lanes_where(column, |v| v > *n),
            };
            if let Some(cell) = self.slots.get_mut(slot) {
                *cell = [known & holds, known & !holds];
            }
        }
    }

    /// Each epoch-bitset bit as lanes: the lanes whose date puts the rule in
    /// force, and those whose date certainly does not.
    fn load_force(&mut self, batch: &[(&EncodedFacts, Date)]) {
        self.force.fill([0; 2]);
        self.epochs.clear();
        self.epochs
            .extend(batch.iter().map(|(_, date)| self.program.epoch(*date)));
        // Lanes sharing an epoch are set together.
        let mut done = 0u64;
        for (lane, epoch) in self.epochs.iter().enumerate() {
            if done & (1 << lane) != 0 {
                continue;
            }
            let Some(epoch) = epoch else { continue };
            let lanes = self
                .epochs
                .iter()
                .enumerate()
                .filter(|(_, e)| e.is_some_and(|e| std::ptr::eq(e, *epoch)))
                .fold(0u64, |m, (l, _)| m | 1 << l);
            done |= lanes;
            for (which, words) in [&epoch.in_force, &epoch.not_in_force]
                .into_iter()
                .enumerate()
            {
                for (w, &word) in words.iter().enumerate() {
                    let mut rest = word;
                    while rest != 0 {
                        let b = rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        if let Some(cell) = self.force.get_mut(w * 64 + b)
                            && let Some(side) = cell.get_mut(which)
                        {
                            *side |= lanes;
                        }
                    }
                }
            }
        }
    }

    /// A rule's final value in a lane after the last [`Self::run`].
    pub fn value(&self, lane: usize, rule: RuleIx) -> Truth {
        let slot = self.program.value_slot as usize + rule.0;
        let [t, f] = self.slots.get(slot).copied().unwrap_or([0; 2]);
        lane_truth(t, f, lane)
    }

    /// For each lane, the rules that apply, in rule-index order, appended to
    /// `out[lane]`.
    pub fn applying_into(&self, out: &mut [Vec<u16>]) {
        let first = self.program.value_slot as usize;
        let rules = self.book.rules.len();
        for (rule, [t, _]) in self
            .slots
            .get(first..first + rules)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let mut lanes = *t;
            while lanes != 0 {
                let lane = lanes.trailing_zeros() as usize;
                lanes &= lanes - 1;
                if let Some(list) = out.get_mut(lane) {
                    list.push(u16::try_from(rule).unwrap_or(u16::MAX));
                }
            }
        }
    }

    /// One lane's whole evaluation after the last [`Self::run`], in the
    /// reference evaluator's form.
    pub fn evaluation(&self, lane: usize, as_of: Date) -> Evaluation {
        let epoch = self.epochs.get(lane).copied().flatten();
        evaluation_of(self.book, epoch, as_of, |slot| {
            let [t, f] = self.slots.get(slot as usize).copied().unwrap_or([0; 2]);
            lane_truth(t, f, lane)
        })
    }
}

/// The lanes whose value passes a test, as a word.
fn lanes_where(column: &[u64; 64], test: impl Fn(u64) -> bool) -> u64 {
    column
        .iter()
        .enumerate()
        .fold(0, |lanes, (lane, &v)| lanes | u64::from(test(v)) << lane)
}

/// Transposes a 64 by 64 bit matrix in place: bit `j` of row `i` becomes
/// bit `i` of row `j` (rows are words, bit 0 the least significant).
fn transpose(matrix: &mut [u64; 64]) {
    let mut width = 32;
    let mut mask: u64 = 0x0000_0000_ffff_ffff;
    while width != 0 {
        for block in matrix.chunks_exact_mut(2 * width) {
            let (upper, lower) = block.split_at_mut(width);
            for (a, b) in upper.iter_mut().zip(lower) {
                let t = ((*a >> width) ^ *b) & mask;
                *a ^= t << width;
                *b ^= t;
            }
        }
        width >>= 1;
        mask ^= mask << width;
    }
}

/// The lowest `n` bits set.
fn lane_mask(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

fn lane_truth(t: u64, f: u64, lane: usize) -> Truth {
    match ((t >> lane) & 1, (f >> lane) & 1) {
        (1, _) => Truth::True,
        (_, 1) => Truth::False,
        _ => Truth::Unknown,
    }
}
