//! The engine's answers in the terms of the exported Rego policy, for the
//! differential test against regorus and the benchmarks: the policy's input
//! built from an action, and what the engine decided, as the policy says it.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::engine::bits::Evaluator;
use crate::engine::evaluate::Evaluation;
use crate::engine::logic::Truth;
use crate::input::action::Action;
use crate::model::texts::Text;
use crate::model::{RuleBook, RuleIx};
use crate::output::rego::{Obligation, obligation_of};

/// What the engine decided for a complete action, in the policy's terms:
/// every rule that applies, and the obligations among them.
pub fn engine_answer(
    book: &RuleBook,
    evaluation: &Evaluation,
) -> (BTreeSet<String>, BTreeSet<Obligation>) {
    let mut applies = BTreeSet::new();
    let mut obligations = BTreeSet::new();
    for (rule, value) in book.rules.iter().zip(&evaluation.values) {
        if *value != Truth::True {
            continue;
        }
        applies.insert(rule.id.clone());
        if rule.kind.is_obligation() {
            obligations.insert(obligation_of(book, rule));
        }
    }
    (applies, obligations)
}

/// The applying obligations as rule indices, without building any text:
/// the engine's own form of the policy's `obligations` (each rule's kind and
/// bodies are fixed when the book is compiled).
pub fn applying_obligations<'e>(
    book: &'e RuleBook,
    evaluation: &'e Evaluation,
) -> impl Iterator<Item = RuleIx> + 'e {
    book.rules
        .iter()
        .zip(&evaluation.values)
        .enumerate()
        .filter(|(_, (rule, value))| **value == Truth::True && rule.kind.is_obligation())
        .map(|(ix, _)| RuleIx(ix))
}

/// One applying obligation with the policy's fields, borrowed from the
/// texts the rule book built once: what the engine returns when asked for
/// the policy's output without copying a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObligationRef<'b> {
    /// The rule id.
    pub rule: &'b str,
    /// The kind as the policy spells it.
    pub kind: &'static str,
    /// Body ids told, groups expanded, in the order the rule names them.
    pub bodies: &'b [Text],
}

impl ObligationRef<'_> {
    /// The same obligation with owned strings, as the policy's JSON reads.
    pub fn to_owned(&self) -> Obligation {
        Obligation {
            rule: self.rule.to_string(),
            kind: self.kind.to_string(),
            bodies: self.bodies.iter().map(ToString::to_string).collect(),
        }
    }
}

/// The applying obligations after `evaluator` ran, with the policy's fields.
pub fn obligations<'b, 'e>(
    book: &'b RuleBook,
    evaluator: &'e Evaluator<'b>,
) -> impl Iterator<Item = ObligationRef<'b>> + 'e
where
    'b: 'e,
{
    obligations_among(book, evaluator.applying())
}

/// The obligations among rules that apply, with the policy's fields.
pub fn obligations_among<'b>(
    book: &'b RuleBook,
    applying: impl Iterator<Item = RuleIx>,
) -> impl Iterator<Item = ObligationRef<'b>> {
    applying.filter_map(move |ix| {
        let rule = book.rules.get(ix.0)?;
        if !rule.kind.is_obligation() {
            return None;
        }
        let texts = book.texts(ix)?;
        Some(ObligationRef {
            rule: &texts.id,
            kind: rule.kind.key(),
            bodies: texts.to,
        })
    })
}

/// The policy's input for an action read as of a date: stated facts only,
/// each as JSON of its natural type.
pub fn input_json(book: &RuleBook, action: &Action, as_of: Date) -> Value {
    let facts = crate::output::json::facts_json(book, action);
    json!({"as_of": as_of.to_string(), "facts": facts})
}
