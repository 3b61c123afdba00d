//! The words for why a rule came out as it did: the reason a report gives
//! for each rule that did not apply or depends on unknown facts, and a
//! condition written out for people. Kept apart from the evaluator, which
//! only computes truth values.

use crate::assessment::Reason;
use crate::engine::evaluate::Explainer;
use crate::engine::logic::Truth;
use crate::engine::space::thousands;
use crate::input::action::FactValue;
use std::sync::Arc;

use crate::assessment::words::Words;
use crate::model::texts::{FalseKey, Text, ValueKey, country_bitmap};
use crate::model::{Condition, FactIx, Rule, RuleBook, RuleIx};

impl Explainer<'_> {
    pub(crate) fn reason(
        &self,
        ix: RuleIx,
        rule: &Rule,
        unknowns: &[Vec<FactIx>],
    ) -> Option<Reason> {
        let value = self
            .evaluation
            .values
            .get(ix.0)
            .copied()
            .unwrap_or(Truth::False);
        let prepared = self.book.prepared();
        match value {
            Truth::True => None,
            Truth::Unknown => Some(Reason::Unknown {
                facts: unknowns
                    .get(ix.0)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .filter_map(|&f| prepared.facts.get(f.0))
                    .map(|f| f.name.clone())
                    .collect(),
            }),
            Truth::False => {
                if self.evaluation.before_horizon.get(ix.0) == Some(&true)
                    && self.evaluation.base.get(ix.0) == Some(&Truth::False)
                {
                    return Some(Reason::ConditionFalse {
                        detail: Words::from(format!(
                            "{}; the law of {} is not encoded, but in the form encoded the facts rule this rule out",
                            self.why_false(&rule.condition),
                            self.evaluation.date
                        )),
                    });
                }
                if !self.evaluation.in_force.get(ix.0).copied().unwrap_or(false) {
                    return Some(Reason::NotInForce {
                        on: self.evaluation.date,
                        from: rule.in_force.from,
                        until: rule.in_force.until,
                        by: self.book.texts(ix).and_then(|t| t.in_force_by.clone()),
                    });
                }
                if self.evaluation.base.get(ix.0) == Some(&Truth::False) {
                    return Some(Reason::ConditionFalse {
                        detail: self.why_false(&rule.condition),
                    });
                }
                let by: Vec<_> = rule
                    .overridden_by
                    .iter()
                    .filter(|&&o| self.evaluation.values.get(o.0) == Some(&Truth::True))
                    .filter_map(|&o| self.book.texts(o))
                    .collect();
                Some(Reason::Displaced {
                    by: by.iter().map(|t| t.id.clone()).collect(),
                    cites: by.iter().map(|t| t.short_citation.clone()).collect(),
                })
            }
        }
    }

    /// The part of a false condition that makes it false, in words. The
    /// words for a flag stated false, the commonest reason, are built once
    /// per rule book.
    fn why_false(&self, condition: &Condition) -> Words {
        let prepared = self.book.prepared();
        let name = |f: FactIx| prepared.facts.get(f.0).map_or("?", |d| &*d.name);
        let stated = |f: FactIx| self.action.facts.get(f.0).and_then(Option::as_ref);
        let masked = |f: FactIx, mask: u64| {
            prepared
                .mask_names
                .get(&(f, mask))
                .map_or("", |names| &**names)
        };
        if let Some(words) = self.built_false_words(condition) {
            return Words::Text(words);
        }
        if let Some(words) = self.value_false_words(condition) {
            return words;
        }
        let text: String = match condition {
            Condition::Always => String::from("never false"),
            Condition::Flag(f) => {
                return Words::Text(
                    prepared
                        .facts
                        .get(f.0)
                        .map_or_else(|| Text::from("?"), |d| d.is_false.clone()),
                );
            }
            Condition::SetAny(f, mask) => format!(
                "`{}` is {}, which includes none of [{}]",
                name(*f),
                self.show_value(*f, stated(*f)),
                masked(*f, *mask)
            ),
            Condition::ChoiceIn(f, mask) => format!(
                "`{}` is {}, not one of [{}]",
                name(*f),
                self.show_value(*f, stated(*f)),
                masked(*f, *mask)
            ),
            Condition::CountryIn(f, codes) => {
                let codes: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
                format!(
                    "`{}` is {}, not one of [{}]",
                    name(*f),
                    self.show_value(*f, stated(*f)),
                    codes.join(", ")
                )
            }
            Condition::InGroup(f, g) => format!(
                "`{}` is {}, which is not in `{}`",
                name(*f),
                self.show_value(*f, stated(*f)),
                self.book
                    .vocabulary
                    .country_groups
                    .get(g.0)
                    .map_or("?", |g| g.name.as_str())
            ),
            Condition::AtLeast(f, n) => format!(
                "`{}` is {}, below ${}",
                name(*f),
                self.show_value(*f, stated(*f)),
                thousands(*n)
            ),
            Condition::MoreThan(f, n) => format!(
                "`{}` is {}, not more than ${}",
                name(*f),
                self.show_value(*f, stated(*f)),
                thousands(*n)
            ),
            Condition::Ref(rule) => return self.why_not_applying(*rule),
            Condition::All(parts) => {
                return parts
                    .iter()
                    .find(|p| self.value(p) == Truth::False)
                    .map_or_else(|| Words::Text(Text::from("")), |p| self.why_false(p));
            }
            Condition::Any(parts) => {
                return Words::List(
                    Text::Borrowed("none holds: "),
                    parts.iter().map(|p| self.why_false(p)).collect(),
                );
            }
            Condition::Not(inner) => format!("{} holds", describe(self.book, inner)),
        };
        Words::from(text)
    }

    /// Why a referred-to rule does not apply, worked out once per evaluation
    /// (many rules refer to the same definition): its fixed opening words
    /// (`` `x` does not apply: ``) before its own reason.
    fn why_not_applying(&self, rule: RuleIx) -> Words {
        let known = self
            .memo
            .and_then(|memo| memo.borrow().get(rule.0).cloned().flatten());
        if let Some(words) = known {
            return words;
        }
        let (Some(target), Some(texts)) = (self.book.rules.get(rule.0), self.book.texts(rule))
        else {
            return Words::Text(Text::from(""));
        };
        let rest = match self.reason(rule, target, &[]) {
            Some(Reason::ConditionFalse { detail }) => detail,
            other => Words::from(other.map(|r| r.text()).unwrap_or_default()),
        };
        let words = Words::Then(texts.does_not_apply.clone(), Arc::new(rest));
        if let Some(slot) = self
            .memo
            .and_then(|memo| memo.try_borrow_mut().ok())
            .as_mut()
            .and_then(|memo| memo.get_mut(rule.0))
        {
            *slot = Some(words.clone());
        }
        words
    }

    /// The words for a false amount or set test: fixed words built once per
    /// rule book around the stated value, joined only when written.
    fn value_false_words(&self, condition: &Condition) -> Option<Words> {
        let prepared = self.book.prepared();
        let stated = |f: FactIx| self.action.facts.get(f.0).and_then(Option::as_ref);
        let around = |key: ValueKey| prepared.value_words.get(&key).cloned();
        match condition {
            Condition::AtLeast(f, n) | Condition::MoreThan(f, n) => {
                let key = if matches!(condition, Condition::AtLeast(..)) {
                    ValueKey::AtLeast(*f, *n)
                } else {
                    ValueKey::MoreThan(*f, *n)
                };
                let FactValue::Amount(amount) = stated(*f)? else {
                    return None;
                };
                let (before, after) = around(key)?;
                Some(Words::Amount(before, *amount, after))
            }
            Condition::SetAny(f, mask) => {
                let FactValue::Set(bits) = stated(*f)? else {
                    return None;
                };
                let (before, after) = around(ValueKey::SetAny(*f, *mask))?;
                let names = prepared.set_names.get(f.0)?;
                Some(Words::Set(before, *bits, names, after))
            }
            _ => None,
        }
    }

    /// The words for a false choice or country-group test, built once per
    /// rule book for every value (`RuleBook::prepared`).
    fn built_false_words(&self, condition: &Condition) -> Option<Text> {
        let words = &self.book.prepared().false_words;
        let stated = |f: FactIx| self.action.facts.get(f.0).and_then(Option::as_ref);
        match condition {
            Condition::ChoiceIn(f, mask) => match stated(*f)? {
                FactValue::Choice(c) => words.get(&FalseKey::Choice(*f, *mask))?.get(*c).cloned(),
                _ => None,
            },
            Condition::InGroup(f, g) => match stated(*f)? {
                FactValue::Country(c) => words
                    .get(&FalseKey::Group(*f, *g))?
                    .get(usize::from(c.position()))
                    .cloned(),
                _ => None,
            },
            Condition::CountryIn(f, codes) => match stated(*f)? {
                FactValue::Country(c) => words
                    .get(&FalseKey::Codes(*f, country_bitmap(codes)))?
                    .get(usize::from(c.position()))
                    .cloned(),
                _ => None,
            },
            _ => None,
        }
    }

    fn show_value(&self, fact: FactIx, value: Option<&FactValue>) -> String {
        let def = self.book.vocabulary.facts.get(fact.0);
        match (value, def.map(|d| &d.kind)) {
            (Some(FactValue::Flag(b)), _) => b.to_string(),
            (Some(FactValue::Choice(c)), Some(crate::model::FactKind::Choice(names))) => {
                format!("`{}`", names.get(*c).map_or("?", String::as_str))
            }
            (Some(FactValue::Set(bits)), Some(crate::model::FactKind::ChoiceSet(names))) => {
                let chosen: Vec<String> = crate::model::chosen(names, *bits)
                    .map(|n| format!("`{n}`"))
                    .collect();
                format!("[{}]", chosen.join(", "))
            }
            (Some(FactValue::Country(code)), _) => format!("`{code}`"),
            (Some(FactValue::Amount(n)), _) => format!("${}", thousands(*n)),
            (Some(FactValue::Date(d)), _) => d.to_string(),
            _ => String::from("unknown"),
        }
    }
}

/// A condition in words, for explanations.
pub(crate) fn describe(book: &RuleBook, condition: &Condition) -> String {
    let facts = &book.vocabulary.facts;
    let name = |f: FactIx| facts.get(f.0).map_or("?", |d| d.name.as_str());
    let choices = |f: FactIx, mask: u64| -> String {
        let names: Vec<String> = match facts.get(f.0).map(|d| &d.kind) {
            Some(
                crate::model::FactKind::Choice(names) | crate::model::FactKind::ChoiceSet(names),
            ) => crate::model::chosen(names, mask)
                .map(|n| format!("`{n}`"))
                .collect(),
            _ => Vec::new(),
        };
        names.join(", ")
    };
    match condition {
        Condition::Always => String::from("always"),
        Condition::Flag(f) => format!("`{}`", name(*f)),
        Condition::ChoiceIn(f, mask) => {
            format!("`{}` is one of [{}]", name(*f), choices(*f, *mask))
        }
        Condition::SetAny(f, mask) => {
            format!("`{}` includes any of [{}]", name(*f), choices(*f, *mask))
        }
        Condition::CountryIn(f, codes) => {
            let codes: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
            format!("`{}` is one of [{}]", name(*f), codes.join(", "))
        }
        Condition::InGroup(f, g) => format!(
            "`{}` is in `{}`",
            name(*f),
            book.vocabulary
                .country_groups
                .get(g.0)
                .map_or("?", |g| g.name.as_str())
        ),
        Condition::AtLeast(f, n) => format!("`{}` is at least ${}", name(*f), thousands(*n)),
        Condition::MoreThan(f, n) => format!("`{}` is more than ${}", name(*f), thousands(*n)),
        Condition::Ref(r) => format!(
            "`{}` applies",
            book.rules.get(r.0).map_or("?", |r| r.id.as_str())
        ),
        Condition::All(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| describe(book, p)).collect();
            format!("all of ({})", parts.join(", "))
        }
        Condition::Any(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| describe(book, p)).collect();
            format!("any of ({})", parts.join(", "))
        }
        Condition::Not(inner) => format!("not {}", describe(book, inner)),
    }
}
