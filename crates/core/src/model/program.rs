//! The rule book flattened for bit-parallel three-valued evaluation.
//!
//! Every value the evaluator computes (a fact test, a part of a condition, a
//! rule's own value, a rule's final value) is a *slot*: one bit in each of
//! two bitsets, "known true" and "known false" (neither: unknown). A strong
//! Kleene `All` over slots is then word operations: it is true when every
//! positive part's true bit and every negated part's false bit is set, false
//! when any positive part's false bit or negated part's true bit is set.
//! `Any` is compiled by De Morgan as the negation of an `All` of its negated
//! parts, so the executor has one kind of gate and no branch on it.
//!
//! Conditions become a flat array of gates in topological order, each gate a
//! list of terms (`word`, `pos` mask, `neg` mask), one per word its parts
//! live in. Whether a rule is in force is the same for every date between
//! two boundaries (its first day, the day after its last, its horizon), so
//! the dates are cut into epochs and each epoch holds two bitsets over rules:
//! in force, and certainly not in force.
//!
//! The executor is `oversight::engine::bits`; the reference evaluator it is
//! tested against is `oversight::engine::evaluate`.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Condition, FactIx, InForceOn, RuleBook, RuleIx};

/// One three-valued cell: a bit position in both bitsets.
pub type Slot = u32;

/// What an atom tests of its fact. An unstated fact leaves the atom unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Test {
    /// The flag is true.
    Flag,
    /// The choice is one of these bits.
    Choice(u64),
    /// The set holds any of these bits.
    SetAny(u64),
    /// The country is one of these, as a bitmap over ISO 3166 positions.
    Countries([u64; 4]),
    /// The amount is at least this.
    AtLeast(u64),
    /// The amount is more than this.
    MoreThan(u64),
}

/// A test of one fact: the leaves of every condition, each distinct test once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// The fact read.
    pub fact: FactIx,
    /// Its fact's position in [`Program::read`].
    pub input: u32,
    /// For a test of a fact that is not a flag: its position among the
    /// read facts that are not flags (an encoded action holds a value for
    /// each; flags are bits).
    pub value: u32,
    /// What is tested.
    pub test: Test,
}

/// The parts of a gate that live in one word of the bitsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Which word.
    pub word: u32,
    /// Parts taken as they are.
    pub pos: u64,
    /// Parts taken negated.
    pub neg: u64,
}

/// One part of a gate, for the many-actions executor: a slot, taken as it
/// is or negated (after De Morgan for an `Any`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The slot.
    pub slot: Slot,
    /// Taken negated.
    pub negated: bool,
}

/// How a condition combines its parts (before `Any` becomes a negated `All`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connective {
    /// Kleene conjunction (`All`; a single part is a conjunction of one).
    All,
    /// Kleene disjunction (`Any`).
    Any,
}

/// One instruction: combine the next `terms` terms into slot `out`.
///
/// Laid out so that the executor never branches on a gate's data: a gate
/// that is not a rule's own condition is masked by an in-force bit that is
/// always set, and one with no second output writes `out` twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// Every gate is a Kleene `All` of its terms; an `Any` is compiled by
    /// De Morgan as the negation of an `All` of its negated parts, and has
    /// this set: its result is negated (true and false swapped).
    pub negated: bool,
    /// How many terms it has: they follow the previous gate's in [`Program::terms`].
    pub terms: u32,
    /// How many parts it has: they follow the previous gate's in
    /// [`Program::parts`] (the same parts as the terms, one by one).
    pub parts: u32,
    /// Where the result goes.
    pub out: Slot,
    /// Where it goes too: a rule nothing overrides has its own value as its
    /// final value. `out` when there is no second place.
    pub also: Slot,
    /// The bit of the epoch bitsets that masks the result: for a rule's own
    /// condition, the rule's index (not in force: false; before its
    /// horizon: unknown unless false); otherwise [`Program::always_in_force`].
    pub force: u32,
}

/// The rules in force, and those certainly not in force, between two
/// boundary dates: bitsets over rule indices and [`Program::always_in_force`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epoch {
    /// One bit per rule index: in force.
    pub in_force: Vec<u64>,
    /// One bit per rule index: not in force, and the encoding says so.
    pub not_in_force: Vec<u64>,
}

/// The whole rule book as atoms, gates and epochs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The facts the atoms read, each once, in vocabulary order: an action
    /// is encoded as one value per entry (see `oversight::engine::bits`).
    pub read: Vec<FactIx>,
    /// Atom `i` lives in slot `i`.
    pub atoms: Vec<Atom>,
    /// The slot that is always true.
    pub always: Slot,
    /// Rule `i`'s own value (condition and in-force) lives in `base_slot + i`.
    pub base_slot: Slot,
    /// Rule `i`'s final value (after overrides) lives in `value_slot + i`; a
    /// multiple of 64, so the values are whole words.
    pub value_slot: Slot,
    /// Words in each bitset.
    pub words: usize,
    /// Gates in evaluation order.
    pub gates: Vec<Gate>,
    /// The terms of every gate.
    pub terms: Vec<Term>,
    /// The parts of every gate, one by one.
    pub parts: Vec<Part>,
    /// Epoch `k` covers the dates from `boundaries[k - 1]` (inclusive) to
    /// `boundaries[k]` (exclusive); epoch 0 everything before the first.
    pub boundaries: Vec<Date>,
    /// One per epoch: `boundaries.len() + 1`.
    pub epochs: Vec<Epoch>,
    /// The bit of the epoch bitsets that is in force on every date (the
    /// one after the last rule's): what masks gates that are not a rule's
    /// own condition.
    pub always_in_force: u32,
}

impl Program {
    /// The epoch a date falls in.
    pub fn epoch(&self, date: Date) -> Option<&Epoch> {
        let k = self.boundaries.partition_point(|b| *b <= date);
        self.epochs.get(k)
    }

    /// Flattens a compiled rule book.
    pub fn compile(book: &RuleBook) -> Self {
        let rules = book.rules.len();
        let mut builder = Builder {
            book,
            atoms: Vec::new(),
            atom_index: BTreeMap::new(),
            gates: Vec::new(),
            terms: Vec::new(),
            next_temp: 0,
        };
        // Atoms first: their number fixes where the other regions start.
        for rule in &book.rules {
            rule.condition.visit(&mut |node| {
                if let Some(atom) = builder.atom_of(node) {
                    builder.intern(atom);
                }
                true
            });
        }
        let always = to_slot(builder.atoms.len());
        let base_slot = always + 1;
        let temps = base_slot + to_slot(rules);
        // Temporaries are counted while the gates are built; the values go
        // after them, so they are laid out last (see `relocate`).
        for &ix in &book.order {
            let Some(rule) = book.rules.get(ix.0) else {
                continue;
            };
            let base = base_slot + to_slot(ix.0);
            let overridden = !rule.overridden_by.is_empty();
            let value = Place::Value(ix);
            builder.root(
                &rule.condition,
                Place::Slot(base),
                Some(ix),
                (!overridden).then_some(value),
            );
            if overridden {
                // Final value: own value, and no displacing rule applies.
                let mut parts = vec![(Place::Slot(base), false)];
                parts.extend(rule.overridden_by.iter().map(|&o| (Place::Value(o), true)));
                builder.gate(Connective::All, parts, value, None, None);
            }
        }
        let value_slot = (temps + builder.next_temp).div_ceil(64) * 64;
        let words = usize::try_from(value_slot)
            .unwrap_or(0)
            .saturating_add(rules)
            .div_ceil(64);
        let (gates, terms, parts) = builder.finish(temps, value_slot);
        let (boundaries, epochs) = epochs(book);
        let mut atoms = std::mem::take(&mut builder.atoms);
        let mut read: Vec<FactIx> = atoms.iter().map(|a| a.fact).collect();
        read.sort_unstable();
        read.dedup();
        let is_flag = |f: &FactIx| {
            matches!(
                book.vocabulary.facts.get(f.0).map(|d| &d.kind),
                Some(super::FactKind::Flag)
            )
        };
        let valued: Vec<FactIx> = read.iter().copied().filter(|f| !is_flag(f)).collect();
        for atom in &mut atoms {
            atom.input = to_slot(read.partition_point(|f| *f < atom.fact));
            atom.value = to_slot(valued.partition_point(|f| *f < atom.fact));
        }
        Self {
            read,
            atoms,
            always,
            base_slot,
            value_slot,
            words,
            gates,
            terms,
            parts,
            boundaries,
            epochs,
            always_in_force: to_slot(rules),
        }
    }
}

fn to_slot(n: usize) -> Slot {
    Slot::try_from(n).unwrap_or(Slot::MAX)
}

/// The atom a leaf condition is, if it tests a fact.
fn atom_of(book: &RuleBook, node: &Condition) -> Option<Atom> {
    let (fact, test) = match node {
        Condition::Flag(f) => (*f, Test::Flag),
        Condition::ChoiceIn(f, mask) => (*f, Test::Choice(*mask)),
        Condition::SetAny(f, mask) => (*f, Test::SetAny(*mask)),
        Condition::AtLeast(f, n) => (*f, Test::AtLeast(*n)),
        Condition::MoreThan(f, n) => (*f, Test::MoreThan(*n)),
        Condition::CountryIn(f, codes) => {
            (*f, Test::Countries(super::texts::country_bitmap(codes)))
        }
        Condition::InGroup(f, group) => (
            *f,
            Test::Countries(super::texts::country_bitmap(
                book.vocabulary
                    .country_groups
                    .get(group.0)
                    .map_or(&[][..], |g| g.members.as_slice()),
            )),
        ),
        Condition::Always
        | Condition::Ref(_)
        | Condition::All(_)
        | Condition::Any(_)
        | Condition::Not(_) => return None,
    };
    Some(Atom {
        fact,
        input: 0,
        value: 0,
        test,
    })
}

/// Where a part lives before the final layout is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A fixed slot (atom, always, a rule's own value).
    Slot(Slot),
    /// The n-th temporary (a nested `All` or `Any`).
    Temp(Slot),
    /// A rule's final value.
    Value(RuleIx),
}

/// A gate before layout.
struct PendingGate {
    connective: Connective,
    parts: Vec<(Place, bool)>,
    out: Place,
    rule: Option<RuleIx>,
    also: Option<Place>,
}

struct Builder<'b> {
    book: &'b RuleBook,
    atoms: Vec<Atom>,
    atom_index: BTreeMap<(FactIx, Test), Slot>,
    gates: Vec<PendingGate>,
    terms: Vec<Term>,
    next_temp: Slot,
}

impl Builder<'_> {
    fn atom_of(&self, node: &Condition) -> Option<Atom> {
        atom_of(self.book, node)
    }

    fn intern(&mut self, atom: Atom) -> Slot {
        let key = (atom.fact, atom.test.clone());
        if let Some(&slot) = self.atom_index.get(&key) {
            return slot;
        }
        let slot = to_slot(self.atoms.len());
        self.atoms.push(atom);
        self.atom_index.insert(key, slot);
        slot
    }

    /// A rule's condition as a gate writing `out` (and `also`).
    fn root(
        &mut self,
        condition: &Condition,
        out: Place,
        rule: Option<RuleIx>,
        also: Option<Place>,
    ) {
        let (connective, parts) = match condition {
            Condition::All(parts) => (Connective::All, self.parts(parts)),
            Condition::Any(parts) => (Connective::Any, self.parts(parts)),
            other => (Connective::All, vec![self.part(other)]),
        };
        self.gate(connective, parts, out, rule, also);
    }

    fn parts(&mut self, parts: &[Condition]) -> Vec<(Place, bool)> {
        parts.iter().map(|p| self.part(p)).collect()
    }

    /// Where a part's value lives, and whether it is taken negated; nested
    /// combinations become gates of their own, emitted before their parent.
    fn part(&mut self, condition: &Condition) -> (Place, bool) {
        match condition {
            Condition::Always => (Place::Slot(to_slot(self.atoms.len())), false),
            Condition::Ref(rule) => (Place::Value(*rule), false),
            Condition::Not(inner) => {
                let (place, negated) = self.part(inner);
                (place, !negated)
            }
            Condition::All(parts) | Condition::Any(parts) => {
                let connective = if matches!(condition, Condition::All(_)) {
                    Connective::All
                } else {
                    Connective::Any
                };
                let parts = self.parts(parts);
                let temp = Place::Temp(self.next_temp);
                self.next_temp += 1;
                self.gate(connective, parts, temp, None, None);
                (temp, false)
            }
            leaf => {
                let slot = match self.atom_of(leaf) {
                    Some(atom) => self.intern(atom),
                    None => to_slot(self.atoms.len()),
                };
                (Place::Slot(slot), false)
            }
        }
    }

    fn gate(
        &mut self,
        connective: Connective,
        parts: Vec<(Place, bool)>,
        out: Place,
        rule: Option<RuleIx>,
        also: Option<Place>,
    ) {
        self.gates.push(PendingGate {
            connective,
            parts,
            out,
            rule,
            also,
        });
    }

    /// Lays the temporaries and values out and merges each gate's parts into
    /// one term per word.
    fn finish(&mut self, temps: Slot, value_slot: Slot) -> (Vec<Gate>, Vec<Term>, Vec<Part>) {
        let locate = |place: Place| match place {
            Place::Slot(slot) => slot,
            Place::Temp(n) => temps + n,
            Place::Value(rule) => value_slot + to_slot(rule.0),
        };
        let mut gates = Vec::with_capacity(self.gates.len());
        let mut parts = Vec::new();
        for pending in &self.gates {
            let first_part = parts.len();
            let start = to_slot(self.terms.len());
            let mut merged: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
            let any = pending.connective == Connective::Any;
            for &(place, negated) in &pending.parts {
                let negated = negated != any;
                let slot = locate(place);
                parts.push(Part { slot, negated });
                let entry = merged.entry(slot / 64).or_default();
                let bit = 1u64 << (slot % 64);
                if negated {
                    entry.1 |= bit;
                } else {
                    entry.0 |= bit;
                }
            }
            self.terms.extend(
                merged
                    .into_iter()
                    .map(|(word, (pos, neg))| Term { word, pos, neg }),
            );
            let out = locate(pending.out);
            gates.push(Gate {
                negated: any,
                terms: to_slot(self.terms.len()) - start,
                parts: to_slot(parts.len() - first_part),
                out,
                also: pending.also.map_or(out, locate),
                force: pending
                    .rule
                    .map_or(to_slot(self.book.rules.len()), |r| to_slot(r.0)),
            });
        }
        (gates, std::mem::take(&mut self.terms), parts)
    }
}

/// The dates at which some rule's in-force state changes, and each epoch's
/// two bitsets over rules.
fn epochs(book: &RuleBook) -> (Vec<Date>, Vec<Epoch>) {
    let mut boundaries: Vec<Date> = Vec::new();
    for rule in &book.rules {
        let span = &rule.in_force;
        boundaries.push(span.from);
        boundaries.push(span.encoded_from);
        if let Some(after) = span.until.and_then(|u| u.checked_add(1.day()).ok()) {
            boundaries.push(after);
        }
    }
    boundaries.sort_unstable();
    boundaries.dedup();
    let always = book.rules.len();
    let words = (always + 1).div_ceil(64);
    // Each epoch's state is read at its first day (epoch 0: the earliest date).
    let starts = std::iter::once(Date::MIN).chain(boundaries.iter().copied());
    let epochs = starts
        .map(|day| {
            let mut epoch = Epoch {
                in_force: vec![0; words],
                not_in_force: vec![0; words],
            };
            if let Some(word) = epoch.in_force.get_mut(always / 64) {
                *word |= 1 << (always % 64);
            }
            for (ix, rule) in book.rules.iter().enumerate() {
                let set = match rule.in_force.on(day) {
                    InForceOn::Yes => &mut epoch.in_force,
                    InForceOn::No => &mut epoch.not_in_force,
                    InForceOn::NotEncoded => continue,
                };
                if let Some(word) = set.get_mut(ix / 64) {
                    *word |= 1 << (ix % 64);
                }
            }
            epoch
        })
        .collect();
    (boundaries, epochs)
}
