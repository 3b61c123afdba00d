//! Deterministic pseudo-random *complete* actions drawn from the vocabulary,
//! for the Rego differential test and the benchmarks: the same seed gives
//! the same actions on every machine.
//!
//! Values are chosen where the rules look: amounts at and around each
//! threshold a rule tests, countries from the country groups and the codes
//! rules name, and as-of dates on both sides of each in-force boundary.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::{Date, date};

use crate::countries::Country;
use crate::input::action::{Action, FactValue};
use crate::model::{Condition, FactKind, RuleBook};

/// Countries in no group, so that "not in the group" is drawn too.
const OUTSIDERS: [&str; 4] = ["BRA", "IND", "JPN", "ZAF"];

/// A small, fast generator (xorshift64*); not for anything secret.
#[derive(Debug, Clone)]
pub struct Generator {
    state: u64,
    amounts: Vec<u64>,
    countries: Vec<Country>,
    dates: Vec<Date>,
}

impl Generator {
    /// A generator for this rule book; a zero seed is replaced by a fixed one.
    pub fn new(book: &RuleBook, seed: u64) -> Self {
        let mut amounts = BTreeSet::from([0u64, 1, 1_000_000_000]);
        let mut countries: BTreeSet<String> = OUTSIDERS.iter().map(|c| (*c).to_string()).collect();
        for group in &book.vocabulary.country_groups {
            countries.extend(group.members.iter().cloned());
        }
        let mut dates = BTreeSet::from([date(2000, 1, 1), date(2025, 3, 12), date(2026, 11, 26)]);
        for rule in &book.rules {
            thresholds(&rule.condition, &mut amounts, &mut countries);
            let from = rule.in_force.from;
            dates.insert(from);
            dates.extend(from.checked_sub(1.day()).ok());
            if let Some(until) = rule.in_force.until {
                dates.insert(until);
                dates.extend(until.checked_add(1.day()).ok());
            }
        }
        Self {
            state: if seed == 0 {
                0x2545_F491_4F6C_DD1D
            } else {
                seed
            },
            amounts: amounts.into_iter().collect(),
            countries: countries
                .iter()
                .filter_map(|code| Country::from_code(code))
                .collect(),
            dates: dates.into_iter().collect(),
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    /// A complete action (every fact stated) and the date to judge it as of.
    pub fn action(&mut self, book: &RuleBook) -> (Action, Date) {
        let mut action = Action::empty(book, "generated");
        for (slot, def) in action.facts.iter_mut().zip(&book.vocabulary.facts) {
            *slot = match &def.kind {
                FactKind::Flag => Some(FactValue::Flag(self.next() & 1 == 1)),
                FactKind::Choice(values) => Some(FactValue::Choice(self.below(values.len()))),
                FactKind::ChoiceSet(values) => {
                    let width = values.len().min(64);
                    let mask = if width == 64 {
                        u64::MAX
                    } else {
                        (1u64 << width) - 1
                    };
                    Some(FactValue::Set(self.next() & mask))
                }
                FactKind::Country => {
                    let i = self.below(self.countries.len());
                    self.countries.get(i).copied().map(FactValue::Country)
                }
                FactKind::Amount => {
                    let i = self.below(self.amounts.len());
                    self.amounts.get(i).copied().map(FactValue::Amount)
                }
                FactKind::Date => {
                    let i = self.below(self.dates.len());
                    self.dates.get(i).copied().map(FactValue::Date)
                }
            };
        }
        let i = self.below(self.dates.len());
        let as_of = self.dates.get(i).copied().unwrap_or(date(2026, 11, 26));
        (action, as_of)
    }
}

/// Amounts at and beside each threshold, and the country codes rules name.
fn thresholds(
    condition: &Condition,
    amounts: &mut BTreeSet<u64>,
    countries: &mut BTreeSet<String>,
) {
    for node in condition.nodes() {
        match node {
            Condition::AtLeast(_, n) | Condition::MoreThan(_, n) => {
                amounts.insert(*n);
                amounts.insert(n.saturating_sub(1));
                amounts.insert(n.saturating_add(1));
            }
            Condition::CountryIn(_, codes) => countries.extend(codes.iter().cloned()),
            _ => {}
        }
    }
}
