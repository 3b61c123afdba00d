//! Provision coverage: for every rule, how many scenarios make it apply and
//! how many make it not apply. A rule that no scenario exercises both ways is
//! a rule nobody has checked.

use crate::assessment::{Assessment, Status};
use crate::engine::logic::Truth;
use crate::model::RuleBook;

/// How often one rule applied and did not apply across scenarios.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCoverage {
    /// Rule id.
    pub rule: String,
    /// Short citation.
    pub cite: String,
    /// Scenarios in which it applies.
    pub applies: usize,
    /// Scenarios in which it does not apply.
    pub does_not_apply: usize,
    /// Scenarios in which it depends on unknown facts.
    pub depends: usize,
    /// Scenarios whose date is before its encoding's horizon.
    pub not_encoded: usize,
}

impl RuleCoverage {
    /// True when some scenario makes it apply and some makes it not apply.
    pub fn both_ways(&self) -> bool {
        self.applies > 0 && self.does_not_apply > 0
    }
}

/// The coverage table being counted, one assessment at a time, so that
/// memory stays flat however many scenarios there are (each assessment can
/// be dropped once it is counted).
pub struct Coverage<'b> {
    book: &'b RuleBook,
    rows: Vec<RuleCoverage>,
    scenarios: usize,
}

impl<'b> Coverage<'b> {
    /// An empty count, one row per rule in rule-file order.
    pub fn new(book: &'b RuleBook) -> Self {
        let rows = book
            .rules
            .iter()
            .map(|rule| RuleCoverage {
                rule: rule.id.clone(),
                cite: book.short_citation(rule),
                applies: 0,
                does_not_apply: 0,
                depends: 0,
                not_encoded: 0,
            })
            .collect();
        Self {
            book,
            rows,
            scenarios: 0,
        }
    }

    /// Counts how one scenario's assessment came out.
    pub fn add(&mut self, assessment: &Assessment) {
        self.scenarios += 1;
        let outcomes = assessment.outcomes.iter().map(|o| (&*o.texts.id, o.status));
        let terms = assessment.terms.iter().map(|t| {
            let status = match t.value {
                Truth::True => Status::Required,
                Truth::Unknown => Status::Depends,
                Truth::False => Status::NotRequired,
            };
            (&*t.texts.id, status)
        });
        for (rule, status) in outcomes.chain(terms) {
            let Some(row) = self
                .book
                .rule_index
                .get(rule)
                .and_then(|&ix| self.rows.get_mut(ix.0))
            else {
                continue;
            };
            match status {
                Status::Required => row.applies += 1,
                Status::NotRequired => row.does_not_apply += 1,
                Status::Depends => row.depends += 1,
                Status::NotEncoded => row.not_encoded += 1,
            }
        }
    }

    /// The rows, and how many scenarios were counted.
    pub fn finish(self) -> (Vec<RuleCoverage>, usize) {
        (self.rows, self.scenarios)
    }
}
