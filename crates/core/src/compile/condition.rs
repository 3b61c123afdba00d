//! Conditions from the syntax tree to the model: every name resolved and type-checked against the vocabulary.

use super::err::CompileError;
use super::in_force::resolve_in_force;
use super::{MAX_CONDITION_DEPTH, kind_of};
use crate::countries::{country_code_problem, is_country_code};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Condition, Effect, EventIx, FactIx, FactKind, InForce, ProvisionIx, Recipient, Rule, RuleBook,
    RuleKind, Timing,
};
use crate::source::SourceFile;
use crate::syntax::{ConditionDecl, Confidence, Name, RuleDecl, TimingDecl};

/// Compiles a condition written in `file` against a compiled rule book (for
/// files read after the law, such as `concerns.ron`).
pub fn compile_condition(
    book: &RuleBook,
    file: &SourceFile,
    decl: &ConditionDecl,
) -> Result<Condition, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let condition = Resolver {
        book,
        file,
        diagnostics: &mut diagnostics,
    }
    .condition(decl, 0);
    match condition {
        Some(condition) if diagnostics.is_empty() => Ok(condition),
        _ => Err(diagnostics),
    }
}

/// Resolves the names inside one rule file.
pub(super) struct Resolver<'a> {
    book: &'a RuleBook,
    file: &'a SourceFile,
    diagnostics: &'a mut Diagnostics,
}

impl<'a> Resolver<'a> {
    /// A resolver for names written in `file`, reporting into `diagnostics`.
    pub(super) fn new(
        book: &'a RuleBook,
        file: &'a SourceFile,
        diagnostics: &'a mut Diagnostics,
    ) -> Self {
        Self {
            book,
            file,
            diagnostics,
        }
    }

    /// The rule `decl` declares, resolved, or `None` after reporting why not.
    pub(super) fn rule(
        &mut self,
        decl: &RuleDecl,
        provision: usize,
        confidence: Confidence,
        in_force: &InForce,
    ) -> Option<Rule> {
        let head = decl.head();
        let kind = kind_of(decl);
        let (id, cite, says, when) = (head.id(), head.cite(), head.says(), head.when());
        let (rule_in_force, rule_confidence, note) =
            (head.in_force(), head.confidence(), head.note());
        let condition = self.condition(when, 0);
        let in_force = match rule_in_force {
            Some(decl) => resolve_in_force(
                self.file,
                decl,
                Some(in_force.encoded_from),
                self.diagnostics,
            ),
            None => Some(in_force.clone()),
        };
        let effect = match decl {
            RuleDecl::Definition(_) | RuleDecl::Exception(_) => Some(Effect::None),
            RuleDecl::Notice(n) | RuleDecl::Duty(n) => {
                let to = self.recipients(&n.to);
                if kind == RuleKind::Notice && n.to.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            &n.id,
                            CompileError::NoticeWithoutRecipient {
                                id: n.id.value.clone(),
                            },
                        )
                        .with_label("this notice")
                        .with_help(
                            "give `to: [...]`, or make it a `Duty` if nobody in Congress is told",
                        ),
                    );
                }
                let due = self.timing(&n.due);
                let alternative = n
                    .alternative
                    .as_ref()
                    .map(|a| (self.recipients(&a.to), a.what.clone()));
                let arises_on = n.arises_on.as_ref().and_then(|e| self.event(e));
                due.map(|due| Effect::Notice {
                    by: n.by.clone(),
                    to,
                    what: n.what.clone(),
                    form: n.form,
                    due,
                    alternative,
                    arises_on,
                })
            }
            RuleDecl::Gate(g) => Some(Effect::Gate {
                by: g.by.clone(),
                to: self.recipients(&g.to),
                blocks: g.blocks.clone(),
                until: g.until.clone(),
            }),
            RuleDecl::Prohibition(p) => Some(Effect::Prohibition {
                bars: p.bars.clone(),
            }),
            RuleDecl::StandingDuty(s) => Some(Effect::Standing {
                by: s.by.clone(),
                to: self.recipients(&s.to),
                what: s.what.clone(),
            }),
            RuleDecl::Authority(a) => Some(Effect::Authority {
                holder: a.holder.clone(),
                what: a.what.clone(),
            }),
        };
        Some(Rule {
            id: id.value.clone(),
            kind,
            provision: ProvisionIx(provision),
            pinpoint: cite.value.clone(),
            says: says.to_string(),
            condition: condition?,
            overrides: Vec::new(),
            overridden_by: Vec::new(),
            in_force: in_force?,
            confidence: rule_confidence.unwrap_or(confidence),
            note: note.map(str::to_string),
            sources: head.sources().to_vec(),
            heading: head.heading().map(str::to_string),
            effect: effect?,
        })
    }

    fn recipients(&mut self, names: &[Name]) -> Vec<Recipient> {
        let mut out = Vec::new();
        for name in names {
            if let Some(&ix) = self.book.body_index.get(name.as_str()) {
                out.push(Recipient::Body(ix));
            } else if let Some(&ix) = self.book.body_group_index.get(name.as_str()) {
                out.push(Recipient::Group(ix));
            } else {
                let candidates: Vec<&str> = self
                    .book
                    .bodies
                    .iter()
                    .map(|b| b.id.as_str())
                    .chain(self.book.body_groups.iter().map(|g| g.id.as_str()))
                    .collect();
                self.diagnostics.push(
                    Diagnostic::at_value(
                        self.file,
                        name,
                        CompileError::UnknownRecipient {
                            name: name.value.clone(),
                        },
                    )
                    .with_label("not in bodies.ron")
                    .with_suggestion(
                        name.as_str(),
                        candidates,
                        "body or group",
                    ),
                );
            }
        }
        out
    }

    fn event(&mut self, name: &Name) -> Option<EventIx> {
        let found = self.book.vocabulary.event_index.get(name.as_str()).copied();
        if found.is_none() {
            let names: Vec<&str> = self
                .book
                .vocabulary
                .events
                .iter()
                .map(|e| e.name.as_str())
                .collect();
            self.diagnostics.push(
                Diagnostic::at_value(
                    self.file,
                    name,
                    CompileError::UnknownEvent {
                        name: name.value.clone(),
                    },
                )
                .with_label("not in the vocabulary's events")
                .with_suggestion(name.as_str(), names, "event"),
            );
        }
        found
    }

    fn optional_event(&mut self, name: Option<&Name>) -> Option<Option<EventIx>> {
        match name {
            Some(name) => self.event(name).map(Some),
            None => Some(None),
        }
    }

    fn timing(&mut self, decl: &TimingDecl) -> Option<Timing> {
        Some(match decl {
            TimingDecl::Before(event) => Timing::Before(self.event(event)?),
            TimingDecl::WithinHours { hours, after } => {
                Timing::WithinHours(*hours, self.event(after)?)
            }
            TimingDecl::WithinDays { days, after } => Timing::WithinDays(*days, self.event(after)?),
            TimingDecl::WithinBusinessDays { days, after } => {
                Timing::WithinBusinessDays(*days, self.event(after)?)
            }
            TimingDecl::DaysBefore { days, before } => {
                Timing::DaysBefore(*days, self.event(before)?)
            }
            TimingDecl::AsSoonAsPossible { after, before } => {
                let after = self.event(after);
                let before = self.optional_event(before.as_ref());
                Timing::AsSoonAsPossible(after?, before?)
            }
            TimingDecl::Promptly { after } => {
                Timing::Promptly(self.optional_event(after.as_ref())?)
            }
            TimingDecl::Immediately { after } => {
                Timing::Immediately(self.optional_event(after.as_ref())?)
            }
            TimingDecl::TimelyFashion { after } => {
                Timing::TimelyFashion(self.optional_event(after.as_ref())?)
            }
            TimingDecl::EveryDays { days, after } => Timing::EveryDays(*days, self.event(after)?),
            TimingDecl::ByEndOfNextMonth { after } => Timing::ByEndOfNextMonth(self.event(after)?),
            TimingDecl::OnRequest => Timing::OnRequest,
            TimingDecl::NotStated => Timing::NotStated,
        })
    }

    fn fact(&mut self, name: &Name) -> Option<(FactIx, FactKind)> {
        let vocabulary = &self.book.vocabulary;
        match vocabulary.fact_index.get(name.as_str()) {
            Some(&ix) => vocabulary.facts.get(ix.0).map(|f| (ix, f.kind.clone())),
            None => {
                let names: Vec<&str> = vocabulary.facts.iter().map(|f| f.name.as_str()).collect();
                self.diagnostics.push(
                    Diagnostic::at_value(
                        self.file,
                        name,
                        CompileError::UnknownFact {
                            name: name.value.clone(),
                        },
                    )
                    .with_label("not in vocabulary.ron")
                    .with_suggestion(name.as_str(), names, "fact"),
                );
                None
            }
        }
    }

    fn wrong_kind(&mut self, name: &Name, kind: &FactKind, operator: &str, needs: &str) {
        self.diagnostics.push(
            Diagnostic::at_value(
                self.file,
                name,
                CompileError::WrongFactKind {
                    operator: operator.to_string(),
                    needs: needs.to_string(),
                    fact: name.value.clone(),
                    kind: kind.describe().to_string(),
                },
            )
            .with_label("wrong type of fact")
            .with_help(match kind {
                FactKind::Flag => format!("test a flag with `Fact(\"{}\")`", name.as_str()),
                FactKind::Amount => format!(
                    "test an amount with `AtLeast(\"{}\", N)` or `MoreThan`",
                    name.as_str()
                ),
                FactKind::Country => "test a country with `Is`, `In` or `InGroup`".to_string(),
                _ => "test a choice with `Is` or `In`".to_string(),
            }),
        );
    }

    /// Bits for the named values of a choice fact; reports unknown values.
    fn choice_mask(&mut self, fact: &Name, choices: &[String], values: &[&Name]) -> Option<u64> {
        let mut mask = 0u64;
        let mut ok = true;
        for value in values {
            match choices.iter().position(|c| c == value.as_str()) {
                Some(bit) => mask |= 1u64 << bit,
                None => {
                    ok = false;
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            value,
                            CompileError::UnknownValue {
                                value: value.value.clone(),
                                fact: fact.value.clone(),
                            },
                        )
                        .with_label("unknown value")
                        .with_suggestion(
                            value.as_str(),
                            choices.iter().map(String::as_str),
                            "value",
                        ),
                    );
                }
            }
        }
        ok.then_some(mask)
    }

    fn values(&mut self, fact: &Name, values: &[&Name], operator: &str) -> Option<Condition> {
        let (ix, kind) = self.fact(fact)?;
        match &kind {
            FactKind::Choice(choices) => self
                .choice_mask(fact, choices, values)
                .map(|m| Condition::ChoiceIn(ix, m)),
            FactKind::ChoiceSet(choices) => self
                .choice_mask(fact, choices, values)
                .map(|m| Condition::SetAny(ix, m)),
            FactKind::Country => {
                let mut codes = Vec::new();
                for value in values {
                    if is_country_code(value.as_str()) {
                        codes.push(value.value.clone());
                    } else {
                        self.diagnostics
                            .push(country_code_problem(self.file, value));
                    }
                }
                (codes.len() == values.len()).then_some(Condition::CountryIn(ix, codes))
            }
            other => {
                self.wrong_kind(fact, other, operator, "a choice, set or country fact");
                None
            }
        }
    }

    fn condition(&mut self, decl: &ConditionDecl, depth: usize) -> Option<Condition> {
        if depth > MAX_CONDITION_DEPTH {
            self.diagnostics.push(Diagnostic::in_file(
                &self.file.name,
                CompileError::ConditionTooDeep {
                    limit: MAX_CONDITION_DEPTH,
                },
            ));
            return None;
        }
        Some(match decl {
            ConditionDecl::Always => Condition::Always,
            ConditionDecl::Fact(name) => {
                let (ix, kind) = self.fact(name)?;
                if kind != FactKind::Flag {
                    self.wrong_kind(name, &kind, "Fact", "a flag");
                    return None;
                }
                Condition::Flag(ix)
            }
            ConditionDecl::Is(fact, value) => self.values(fact, &[value], "Is")?,
            ConditionDecl::In(fact, values) => {
                let values: Vec<&Name> = values.iter().collect();
                self.values(fact, &values, "In")?
            }
            ConditionDecl::InGroup(fact, group) => {
                let fact_ix = self.fact(fact);
                let group_ix = self
                    .book
                    .vocabulary
                    .country_group_index
                    .get(group.as_str())
                    .copied();
                if group_ix.is_none() {
                    let names: Vec<&str> = self
                        .book
                        .vocabulary
                        .country_groups
                        .iter()
                        .map(|g| g.name.as_str())
                        .collect();
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            group,
                            CompileError::UnknownCountryGroup {
                                name: group.value.clone(),
                            },
                        )
                        .with_label("not in vocabulary.ron")
                        .with_suggestion(
                            group.as_str(),
                            names,
                            "country group",
                        ),
                    );
                }
                let (fact_ix, kind) = fact_ix?;
                if kind != FactKind::Country {
                    self.wrong_kind(fact, &kind, "InGroup", "a country fact");
                    return None;
                }
                Condition::InGroup(fact_ix, group_ix?)
            }
            ConditionDecl::AtLeast(fact, amount) | ConditionDecl::MoreThan(fact, amount) => {
                let (ix, kind) = self.fact(fact)?;
                let operator = if matches!(decl, ConditionDecl::AtLeast(..)) {
                    "AtLeast"
                } else {
                    "MoreThan"
                };
                if kind != FactKind::Amount {
                    self.wrong_kind(fact, &kind, operator, "an amount fact");
                    return None;
                }
                if operator == "AtLeast" {
                    Condition::AtLeast(ix, *amount)
                } else {
                    Condition::MoreThan(ix, *amount)
                }
            }
            ConditionDecl::Ref(id) => match self.book.rule_index.get(id.as_str()) {
                Some(&ix) => Condition::Ref(ix),
                None => {
                    let ids: Vec<&str> = self.book.rule_index.keys().map(String::as_str).collect();
                    let mut ids = ids;
                    ids.sort_unstable();
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            id,
                            CompileError::UnknownRule {
                                id: id.value.clone(),
                                place: String::from(" in `Ref`"),
                            },
                        )
                        .with_label("no rule has this id")
                        .with_suggestion(id.as_str(), ids, "rule"),
                    );
                    return None;
                }
            },
            ConditionDecl::All(parts) | ConditionDecl::Any(parts) => {
                let parts: Vec<Option<Condition>> =
                    parts.iter().map(|p| self.condition(p, depth + 1)).collect();
                let parts: Option<Vec<Condition>> = parts.into_iter().collect();
                if matches!(decl, ConditionDecl::All(_)) {
                    Condition::All(parts?)
                } else {
                    Condition::Any(parts?)
                }
            }
            ConditionDecl::Not(inner) => {
                Condition::Not(Box::new(self.condition(inner, depth + 1)?))
            }
        })
    }
}
