//! Explanations: the derivation tree behind each outcome, why a rule did or
//! did not apply, and the smallest change of facts that would make it apply.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::reasons::describe;
use crate::engine::evaluate::{Evaluation, Explainer, evaluate_rules};
use crate::engine::logic::Truth;
use crate::engine::search::{Goal, Pattern, Space, Step};
use crate::engine::space::Choice;
use crate::engine::symbolic::{SolverFailed, Symbolic};
use crate::input::action::{Action, FactValue};
use crate::model::{Condition, FactIx, RuleBook, RuleIx};
use rustsat::types::Lit;

// The tree is part of the output model (an outcome may carry it), so it is
// defined there; explain only builds it.
pub(crate) use crate::assessment::Node;

/// How deep a derivation tree goes before it stops expanding rules.
pub(crate) const MAX_DEPTH: usize = 12;

fn fact_label(book: &RuleBook, action: &Action, fact: FactIx) -> String {
    let name = book
        .vocabulary
        .facts
        .get(fact.0)
        .map_or("?", |f| f.name.as_str());
    match action.facts.get(fact.0).and_then(Option::as_ref) {
        Some(value) => format!("`{name}` = {} (stated)", show(book, fact, value)),
        None => format!("`{name}` is not stated"),
    }
}

/// A stated value as it is written in an action file.
pub(crate) fn show(book: &RuleBook, fact: FactIx, value: &FactValue) -> String {
    book.vocabulary
        .facts
        .get(fact.0)
        .and_then(|f| value.written(&f.kind))
        .unwrap_or_else(|| String::from("?"))
}

struct Builder<'a> {
    /// The action, its evaluation and the law, as the assessment reads them.
    at: Explainer<'a>,
    /// Rules already expanded in this tree: shown again only by name.
    expanded: std::cell::RefCell<Vec<RuleIx>>,
}

impl Builder<'_> {
    fn value(&self, condition: &Condition) -> Truth {
        self.at.value(condition)
    }

    fn rule(&self, ix: RuleIx, depth: usize) -> Node {
        let Some(rule) = self.at.book.rules.get(ix.0) else {
            return Node {
                label: String::from("?"),
                value: Truth::Unknown,
                cite: None,
                children: Vec::new(),
                law_of: None,
            };
        };
        let value = self
            .at
            .evaluation
            .values
            .get(ix.0)
            .copied()
            .unwrap_or(Truth::Unknown);
        let mut children = Vec::new();
        let seen = self.expanded.borrow().contains(&ix);
        if seen {
            return Node {
                label: format!("`{}` applies (as above)", rule.id),
                value,
                cite: None,
                children,
                law_of: None,
            };
        }
        self.expanded.borrow_mut().push(ix);
        if depth < MAX_DEPTH {
            let date = self.at.evaluation.date;
            let before_horizon = self.at.evaluation.before_horizon.get(ix.0) == Some(&true);
            if before_horizon {
                children.push(Node {
                    label: format!(
                        "not encoded for {date} (the encoding starts on {})",
                        rule.in_force.encoded_from
                    ),
                    value: Truth::Unknown,
                    cite: None,
                    children: Vec::new(),
                    law_of: None,
                });
            } else if !self
                .at
                .evaluation
                .in_force
                .get(ix.0)
                .copied()
                .unwrap_or(true)
            {
                let span = match rule.in_force.until {
                    Some(until) => format!("in force {} to {until}", rule.in_force.from),
                    None => format!("in force from {}", rule.in_force.from),
                };
                children.push(Node {
                    label: format!("not in force on {date} ({span})"),
                    value: Truth::False,
                    cite: None,
                    children: Vec::new(),
                    law_of: None,
                });
            }
            let own = self.value(&rule.condition);
            children.push(self.condition(&rule.condition, depth + 1));
            // Overrides matter only where the rule's own condition does not already fail.
            for &over in rule.overridden_by.iter().filter(|_| own != Truth::False) {
                let mut node = self.rule(over, depth + 1);
                node.label = format!("unless {}", node.label);
                children.push(node);
            }
        }
        if value == Truth::True {
            for &target in &rule.overrides {
                let (Some(displaced), Some(base)) = (
                    self.at.book.rules.get(target.0),
                    self.at.evaluation.base.get(target.0),
                ) else {
                    continue;
                };
                if *base != Truth::False {
                    children.push(Node {
                        label: format!("displaces `{}`", displaced.id),
                        value: Truth::True,
                        cite: Some(self.at.book.citation(displaced)),
                        children: Vec::new(),
                        law_of: None,
                    });
                }
            }
        }
        Node {
            label: format!("`{}` applies", rule.id),
            value,
            cite: Some(self.at.book.citation(rule)),
            children,
            law_of: None,
        }
    }

    fn condition(&self, condition: &Condition, depth: usize) -> Node {
        let value = self.value(condition);
        let leaf = |label: String| Node {
            label,
            value,
            cite: None,
            children: Vec::new(),
            law_of: None,
        };
        match condition {
            Condition::Ref(ix) => self.rule(*ix, depth),
            Condition::All(parts) | Condition::Any(parts) => Node {
                label: String::from(if matches!(condition, Condition::All(_)) {
                    "all of"
                } else {
                    "any of"
                }),
                value,
                cite: None,
                children: parts.iter().map(|p| self.condition(p, depth + 1)).collect(),
                law_of: None,
            },
            Condition::Not(inner) => Node {
                label: String::from("not"),
                value,
                cite: None,
                children: vec![self.condition(inner, depth + 1)],
                law_of: None,
            },
            Condition::Flag(f)
            | Condition::ChoiceIn(f, _)
            | Condition::SetAny(f, _)
            | Condition::CountryIn(f, _)
            | Condition::InGroup(f, _)
            | Condition::AtLeast(f, _)
            | Condition::MoreThan(f, _) => {
                if matches!(condition, Condition::Flag(_)) {
                    let name = self
                        .at
                        .book
                        .vocabulary
                        .facts
                        .get(f.0)
                        .map_or("?", |d| d.name.as_str());
                    let stated = if self
                        .at
                        .action
                        .facts
                        .get(f.0)
                        .and_then(Option::as_ref)
                        .is_some()
                    {
                        "stated"
                    } else {
                        "not stated"
                    };
                    leaf(format!("`{name}` ({stated})"))
                } else {
                    let test = describe(self.at.book, condition);
                    leaf(format!(
                        "{test} · {}",
                        fact_label(self.at.book, self.at.action, *f)
                    ))
                }
            }
            Condition::Always => leaf(String::from("always")),
        }
    }
}

/// The derivation tree of one rule for an action.
pub(crate) fn derivation(
    book: &RuleBook,
    action: &Action,
    evaluation: &Evaluation,
    rule: RuleIx,
) -> Node {
    Builder {
        at: Explainer {
            book,
            action,
            evaluation,
            memo: None,
        },
        expanded: std::cell::RefCell::new(Vec::new()),
    }
    .rule(rule, 0)
}

fn word(value: Truth) -> &'static str {
    match value {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Unknown => "unknown",
    }
}

/// A tree as indented text.
pub(crate) fn render_tree(node: &Node, out: &mut String, indent: usize) {
    let cite = node
        .cite
        .as_deref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    let law = node
        .law_of
        .as_deref()
        .map(|l| format!(" · judged by {l}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}{} = {}{cite}{law}",
        "  ".repeat(indent),
        node.label,
        word(node.value)
    );
    for child in &node.children {
        render_tree(child, out, indent + 1);
    }
}

/// The facts that can affect a rule: those in its condition and in the
/// conditions of the rules it refers to or is overridden by, transitively.
pub(crate) fn relevant_facts(book: &RuleBook, rule: RuleIx) -> Vec<FactIx> {
    let mut facts = Vec::new();
    let mut seen = Vec::new();
    let mut stack = vec![rule];
    while let Some(ix) = stack.pop() {
        if seen.contains(&ix) {
            continue;
        }
        seen.push(ix);
        let Some(r) = book.rules.get(ix.0) else {
            continue;
        };
        facts.extend(r.condition.facts());
        stack.extend(r.condition.referenced_rules());
        stack.extend(r.overridden_by.iter().copied());
    }
    facts.sort_unstable();
    facts.dedup();
    facts
}

/// One fact changed by a counterfactual: its value before (None: unknown) and after.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Fact name.
    pub fact: String,
    /// As stated, written as in an action file (None when not stated).
    pub before: Option<String>,
    /// The value that makes the rule apply.
    pub after: String,
}

/// The smallest set of fact changes (up to `max` facts) that makes the rule
/// apply as of the date; `None` if none of that size does.
///
/// Asked of the SAT solver (`engine::symbolic`): every relevant fact may
/// change (a stated one to another value, one not stated to any value),
/// every other fact keeps what the action says, and the number of changes is
/// bounded and lowered until the solver proves no smaller change exists.
/// A stated value that falls in no value class (a list fact tested against
/// more than 12 kinds of mask, whose classes fall back to empty or single
/// values) sends the question to the search instead.
pub(crate) fn counterfactual(
    book: &RuleBook,
    action: &Action,
    rule: RuleIx,
    domains: &[Vec<Choice>],
    as_of: Date,
    max: usize,
) -> Option<Vec<Change>> {
    if evaluate_rules(book, action, as_of).values.get(rule.0) == Some(&Truth::True) {
        return Some(Vec::new());
    }
    let question = Question {
        book,
        action,
        rule,
        domains,
        as_of,
        max,
    };
    match counterfactual_by_solver(&question) {
        Ok(answer) => answer,
        Err(_) => counterfactual_by_search(&question),
    }
}

/// A counterfactual question: which change of at most `max` facts of
/// `action` makes `rule` apply on `as_of`.
struct Question<'a> {
    book: &'a RuleBook,
    action: &'a Action,
    rule: RuleIx,
    domains: &'a [Vec<Choice>],
    as_of: Date,
    max: usize,
}

/// Why the solver cannot take a counterfactual question.
enum NotForSolver {
    /// A stated value outside the value classes.
    Unclassed,
    /// The solver failed.
    Failed,
}

impl From<SolverFailed> for NotForSolver {
    fn from(_: SolverFailed) -> Self {
        Self::Failed
    }
}

fn counterfactual_by_solver(question: &Question) -> Result<Option<Vec<Change>>, NotForSolver> {
    let (book, action, rule) = (question.book, question.action, question.rule);
    let (domains, as_of, max) = (question.domains, question.as_of, question.max);
    let mut symbolic = Symbolic::new(book, domains, as_of)?;
    let relevant = relevant_facts(book, rule);
    let assume = [symbolic.rule(rule).holds];
    // One literal per relevant fact: "this fact changes".
    let mut changed = Vec::with_capacity(relevant.len());
    for &fact in &relevant {
        let Some(stated) = symbolic.stated(fact) else {
            continue;
        };
        match action.facts.get(fact.0).and_then(Option::as_ref) {
            None => changed.push((fact, stated)),
            Some(value) => {
                let class = symbolic
                    .class_of(book, domains, fact, value)
                    .ok_or(NotForSolver::Unclassed)?;
                let Some(kept) = symbolic.value(fact, class) else {
                    continue;
                };
                // Unchanged: the stated class. Changed: another value.
                let change = symbolic.fresh();
                symbolic.clause(&[change, kept])?;
                let mut other = vec![!change];
                other.extend(
                    (0..domains.get(fact.0).map_or(0, Vec::len))
                        .filter(|&i| i != class)
                        .filter_map(|i| symbolic.value(fact, i)),
                );
                symbolic.clause(&other)?;
                changed.push((fact, change));
            }
        }
    }
    // Facts outside the rule's neighbourhood cannot change its value; they
    // are left free.
    let counted: Vec<Lit> = changed.iter().map(|&(_, lit)| lit).collect();
    let Some((pattern, truths)) = symbolic.fewest_of(&assume, &counted, max)? else {
        return Ok(None);
    };
    let witness: Pattern = pattern
        .into_iter()
        .filter(|(fact, _)| {
            changed
                .iter()
                .zip(&truths)
                .any(|((f, _), changed)| *changed && f == fact)
        })
        .collect();
    Ok(Some(changes(book, action, domains, &witness)))
}

/// The counterfactual by the search, trying sizes 1, 2, ... in turn.
///
/// For each set of relevant facts of a size, in order, the shared search
/// looks for new values of exactly those facts (each different from the value
/// stated) that make the rule apply. It branches on the highest fact first and
/// tries values in domain order, so the first change it finds is the first in
/// the order of an exhaustive enumeration; three-valued pruning only skips
/// branches that cannot apply.
fn counterfactual_by_search(question: &Question) -> Option<Vec<Change>> {
    let (book, action) = (question.book, question.action);
    let facts = relevant_facts(book, question.rule);
    let space = Space {
        book,
        domains: question.domains,
        as_of: question.as_of,
        max_visits: COUNTERFACTUAL_VISITS,
    };
    for size in 1..=question.max.min(facts.len()) {
        for subset in subsets(&facts, size) {
            let mut start = action.clone();
            for &fact in &subset {
                if let Some(slot) = start.facts.get_mut(fact.0) {
                    *slot = None;
                }
            }
            let goal = Flip {
                rule: question.rule,
                subset: &subset,
                before: action,
            };
            if let Some(witness) = space.find_from(start, &goal).witness {
                return Some(changes(book, action, question.domains, &witness));
            }
        }
    }
    None
}

/// The counterfactual search gives up on one set of facts after this many
/// partial assignments (far more than the relevant facts' values allow).
const COUNTERFACTUAL_VISITS: usize = 1_000_000;

/// The goal of the counterfactual: the rule applies, with every fact of the
/// set changed from its stated value.
struct Flip<'a> {
    rule: RuleIx,
    subset: &'a [FactIx],
    before: &'a Action,
}

impl Goal for Flip<'_> {
    fn step(&self, action: &Action, evaluation: &Evaluation) -> Step {
        match evaluation.values.get(self.rule.0) {
            Some(Truth::True) => Step::Witness,
            Some(Truth::Unknown) => Step::Branch(
                self.subset
                    .iter()
                    .rev()
                    .copied()
                    .filter(|f| action.facts.get(f.0).is_some_and(Option::is_none))
                    .collect(),
            ),
            _ => Step::Prune,
        }
    }

    fn order(&self, fact: FactIx, choices: &[Choice]) -> Vec<usize> {
        let before = self.before.facts.get(fact.0).and_then(Option::as_ref);
        (0..choices.len())
            .filter(|&i| choices.get(i).is_some_and(|c| Some(&c.value) != before))
            .collect()
    }
}

/// Every set of `size` facts, as ascending positions in `facts`, in
/// lexicographic order.
fn subsets(facts: &[FactIx], size: usize) -> Vec<Vec<FactIx>> {
    let n = facts.len();
    let mut picks: Vec<usize> = (0..size).collect();
    let mut out = Vec::new();
    if size == 0 || size > n {
        return out;
    }
    loop {
        out.push(
            picks
                .iter()
                .filter_map(|&p| facts.get(p).copied())
                .collect(),
        );
        let mut i = size;
        while i > 0 && picks.get(i - 1).copied() == Some(n - size + i - 1) {
            i -= 1;
        }
        if i == 0 {
            return out;
        }
        if let Some(p) = picks.get_mut(i - 1) {
            *p += 1;
        }
        for j in i..size {
            let previous = picks.get(j - 1).copied().unwrap_or(0);
            if let Some(p) = picks.get_mut(j) {
                *p = previous + 1;
            }
        }
    }
}

/// The witness as changes from the action as stated, in fact order.
fn changes(
    book: &RuleBook,
    action: &Action,
    domains: &[Vec<Choice>],
    witness: &Pattern,
) -> Vec<Change> {
    witness
        .iter()
        .filter_map(|&(fact, index)| {
            let choice = domains.get(fact.0)?.get(index)?;
            let before = action.facts.get(fact.0).and_then(Option::as_ref);
            Some(Change {
                fact: book
                    .vocabulary
                    .facts
                    .get(fact.0)
                    .map_or_else(String::new, |f| f.name.clone()),
                before: before.map(|v| show(book, fact, v)),
                after: show(book, fact, &choice.value),
            })
        })
        .collect()
}

/// The facts a rule's value can turn on: those its condition tests, and
/// those of the rules it refers to or that displace it, transitively.
fn cone(book: &RuleBook, rule: RuleIx) -> Vec<crate::model::FactIx> {
    let mut seen_rules = vec![rule];
    let mut facts = Vec::new();
    let mut next = 0;
    while let Some(&ix) = seen_rules.get(next) {
        next += 1;
        let Some(r) = book.rules.get(ix.0) else {
            continue;
        };
        for fact in r.condition.facts() {
            if !facts.contains(&fact) {
                facts.push(fact);
            }
        }
        for other in r
            .condition
            .referenced_rules()
            .into_iter()
            .chain(r.overridden_by.iter().copied())
        {
            if !seen_rules.contains(&other) {
                seen_rules.push(other);
            }
        }
    }
    facts
}

/// The fewest stated facts (up to `max`) that, left unstated, make a rule
/// that does not apply depend on open facts: what the answer rests on.
/// `None` when no such set exists (the rule is decided whatever is open).
pub(crate) fn depends_counterfactual(
    book: &RuleBook,
    action: &Action,
    rule: RuleIx,
    as_of: Date,
    max: usize,
) -> Option<Vec<String>> {
    let stated: Vec<crate::model::FactIx> = cone(book, rule)
        .into_iter()
        .filter(|f| action.facts.get(f.0).is_some_and(Option::is_some))
        .collect();
    let undecided = |unstated: &[crate::model::FactIx]| {
        let mut trial = action.clone();
        for fact in unstated {
            if let Some(slot) = trial.facts.get_mut(fact.0) {
                *slot = None;
            }
        }
        evaluate_rules(book, &trial, as_of).values.get(rule.0) == Some(&Truth::Unknown)
    };
    // Subsets by size, in the order the facts appear: the first found is
    // the smallest and the same on every run.
    fn subsets(
        n: usize,
        k: usize,
        start: usize,
        current: &mut Vec<usize>,
        visit: &mut dyn FnMut(&[usize]) -> bool,
    ) -> bool {
        if current.len() == k {
            return visit(current);
        }
        for i in start..n {
            current.push(i);
            if subsets(n, k, i + 1, current, visit) {
                return true;
            }
            current.pop();
        }
        false
    }
    for size in 1..=max.min(stated.len()) {
        let mut found: Option<Vec<crate::model::FactIx>> = None;
        subsets(stated.len(), size, 0, &mut Vec::new(), &mut |picked| {
            let facts: Vec<crate::model::FactIx> = picked
                .iter()
                .filter_map(|&i| stated.get(i).copied())
                .collect();
            if undecided(&facts) {
                found = Some(facts);
                true
            } else {
                false
            }
        });
        if let Some(facts) = found {
            return Some(
                facts
                    .iter()
                    .filter_map(|f| book.vocabulary.facts.get(f.0).map(|d| d.name.clone()))
                    .collect(),
            );
        }
    }
    None
}

/// Everything `oversight explain` says about one rule.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Always `oversight.explanation/1`.
    pub schema: &'static str,
    /// The rule's id.
    pub rule: String,
    /// Its citation.
    pub citation: String,
    /// Its confidence tag.
    pub confidence: String,
    /// What it says, in our words.
    pub says: String,
    /// The as-of date and how it was chosen.
    pub as_of: String,
    /// Its status (REQUIRED, DEPENDS, NOT REQUIRED, ...; TRUE/FALSE/UNKNOWN for a term).
    pub status: String,
    /// Its value at the date whose law judges it.
    pub value: Truth,
    /// Whose law judges it.
    pub judged_by: String,
    /// Why, when it does not apply or depends.
    pub why: Option<String>,
    /// The derivation tree.
    pub derivation: Node,
    /// The smallest change of facts that makes it apply (None: none of up
    /// to four facts does; empty when it applies already).
    pub to_apply: Option<Vec<Change>>,
    /// For a rule that does not apply: the fewest stated facts that, left
    /// unstated, make it depend on open facts (None: none of up to four).
    pub to_depend: Option<Vec<String>>,
}

/// Works out the explanation of one rule.
pub fn explanation(
    book: &RuleBook,
    action: &Action,
    ix: RuleIx,
    date: jiff::civil::Date,
    source: crate::assessment::AsOfSource,
) -> Option<Explanation> {
    let assessment = crate::assessment::build::assess(book, action, date, source);
    let rule = book.rules.get(ix.0)?;
    // The derivation and the counterfactual are worked at the date whose
    // law governs this rule (its event's date, else the as-of date).
    let law = crate::assessment::build::law_of(book, action, ix, date);
    let as_of = date;
    let date = law.date;
    let evaluation = crate::engine::evaluate::evaluate_rules(book, action, date);
    let id = rule.id.as_str();
    let (status, why) = match assessment.outcomes.iter().find(|o| *o.texts.id == *id) {
        Some(o) => (
            o.status.word(o.kind).to_string(),
            o.reason.as_ref().map(|r| r.text()),
        ),
        None => {
            let term = assessment.terms.iter().find(|t| *t.texts.id == *id);
            (
                term.map_or_else(String::new, |t| format!("{:?}", t.value).to_uppercase()),
                term.and_then(|t| t.reason.as_ref()).map(|r| r.text()),
            )
        }
    };
    let value = evaluation.values.get(ix.0).copied();
    let to_apply = (value != Some(Truth::True)).then(|| {
        let domains = crate::engine::space::domains(book, &[]);
        counterfactual(book, action, ix, &domains, date, 4)
    });
    let to_depend =
        (value == Some(Truth::False)).then(|| depends_counterfactual(book, action, ix, date, 4));
    Some(Explanation {
        schema: "oversight.explanation/1",
        rule: rule.id.clone(),
        citation: book.citation(rule),
        confidence: rule.confidence.tag().to_string(),
        says: rule.says.clone(),
        as_of: format!("{as_of} ({source})"),
        status,
        value: value.unwrap_or(Truth::False),
        judged_by: law.text(),
        why,
        derivation: derivation(book, action, &evaluation, ix),
        to_apply: to_apply.flatten(),
        to_depend: to_depend.flatten(),
    })
}

/// The whole explanation `oversight explain` prints for one rule: what it
/// says, its status and why, its derivation tree and, when it does not
/// apply, the smallest change of facts that would make it apply and the
/// fewest facts that, left unstated, would make it depend on open facts.
pub fn explain_rule(
    book: &RuleBook,
    action: &Action,
    ix: RuleIx,
    date: jiff::civil::Date,
    source: crate::assessment::AsOfSource,
) -> String {
    let Some(e) = explanation(book, action, ix, date, source) else {
        return String::new();
    };
    let mut out = format!(
        "rule {} · {} [{}]\n{}\n\n",
        e.rule, e.citation, e.confidence, e.says
    );
    out.push_str(&format!("as of {}: {}\n", e.as_of, e.status));
    out.push_str(&format!("judged by {}\n", e.judged_by));
    if let Some(why) = &e.why {
        out.push_str(&format!("why: {why}\n"));
    }
    out.push_str("\nderivation:\n");
    render_tree(&e.derivation, &mut out, 1);
    if e.value != Truth::True {
        match &e.to_apply {
            Some(changes) => {
                let plural = if changes.len() == 1 { "" } else { "s" };
                out.push_str(&format!(
                    "\nsmallest change that makes it apply ({} fact{plural}), as an action diff:\n",
                    changes.len()
                ));
                for change in changes {
                    match &change.before {
                        Some(before) => {
                            out.push_str(&format!("-   {:?}: {before},\n", change.fact))
                        }
                        None => out.push_str(&format!("    // {:?} not stated\n", change.fact)),
                    }
                    out.push_str(&format!("+   {:?}: {},\n", change.fact, change.after));
                }
            }
            None => out.push_str("\nno change of up to 4 facts makes it apply on this date\n"),
        }
    }
    if e.value == Truth::False {
        match &e.to_depend {
            Some(facts) => {
                let plural = if facts.len() == 1 { "" } else { "s" };
                out.push_str(&format!(
                    "\nsmallest change that makes it depend on open facts ({} fact{plural} left unstated):\n",
                    facts.len()
                ));
                for fact in facts {
                    let before = book
                        .vocabulary
                        .fact_index
                        .get(fact)
                        .and_then(|f| {
                            action
                                .facts
                                .get(f.0)
                                .cloned()
                                .flatten()
                                .map(|v| show(book, *f, &v))
                        })
                        .unwrap_or_default();
                    out.push_str(&format!("-   {fact:?}: {before},\n"));
                }
            }
            None => {
                out.push_str("\nno fact left unstated (up to 4) makes it depend on open facts\n")
            }
        }
    }
    out
}

/// Adds the derivation tree of every rule that is not plainly not required
/// (what `check --explain` shows).
pub fn attach_derivations(
    book: &RuleBook,
    action: &Action,
    assessment: &mut crate::assessment::Assessment,
) {
    // Each tree is worked at the date whose law governs its outcome.
    let mut evaluations: Vec<(jiff::civil::Date, crate::engine::evaluate::Evaluation)> = Vec::new();
    let mut trees = Vec::new();
    for outcome in &assessment.outcomes {
        if outcome.status == crate::assessment::Status::NotRequired {
            continue;
        }
        let Some(&ix) = book.rule_index.get(&*outcome.texts.id) else {
            continue;
        };
        let law_date = outcome.law_of.date;
        if !evaluations.iter().any(|(d, _)| *d == law_date) {
            evaluations.push((
                law_date,
                crate::engine::evaluate::evaluate_rules(book, action, law_date),
            ));
        }
        if let Some((_, evaluation)) = evaluations.iter().find(|(d, _)| *d == law_date) {
            let mut tree = derivation(book, action, evaluation, ix);
            tree.law_of = Some(outcome.law_of.text());
            trees.push(tree);
        }
    }
    assessment.derivations = Some(trees);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::space::domains;
    use crate::input::rules_dir::load_rulebook;

    /// The counterfactual as an exhaustive enumeration: every set of facts by
    /// size, every combination of new values (first fact fastest), the first
    /// that makes the rule apply. The search must give the same answer.
    fn enumerated(question: &Question) -> Option<Vec<Change>> {
        let (book, action, rule) = (question.book, question.action, question.rule);
        let (domains, as_of, max) = (question.domains, question.as_of, question.max);
        let applies = |candidate: &Action| {
            evaluate_rules(book, candidate, as_of).values.get(rule.0) == Some(&Truth::True)
        };
        if applies(action) {
            return Some(Vec::new());
        }
        let facts = relevant_facts(book, rule);
        for size in 1..=max.min(facts.len()) {
            for chosen in subsets(&facts, size) {
                let sizes: Vec<usize> = chosen.iter().map(|f| domains[f.0].len()).collect();
                for combination in 0..sizes.iter().product::<usize>() {
                    let mut rest = combination;
                    let mut candidate = action.clone();
                    let mut changed = 0;
                    for (&fact, &n) in chosen.iter().zip(&sizes) {
                        let choice = &domains[fact.0][rest % n];
                        rest /= n;
                        if action.facts[fact.0].as_ref() != Some(&choice.value) {
                            changed += 1;
                            candidate.facts[fact.0] = Some(choice.value.clone());
                        }
                    }
                    if changed == size && applies(&candidate) {
                        let witness: Pattern = chosen
                            .iter()
                            .map(|&f| {
                                let value = candidate.facts[f.0].clone();
                                let index = domains[f.0]
                                    .iter()
                                    .position(|c| Some(&c.value) == value.as_ref())
                                    .unwrap();
                                (f, index)
                            })
                            .collect();
                        return Some(changes(book, action, domains, &witness));
                    }
                }
            }
        }
        None
    }

    #[test]
    fn the_search_finds_the_same_smallest_change_as_enumeration() {
        let book = load_rulebook(None).unwrap();
        let domains = domains(&book, &[]);
        let as_of = jiff::civil::date(2026, 1, 1);
        let mut with_flags = Action::empty(&book, "flags false");
        for (slot, fact) in with_flags.facts.iter_mut().zip(&book.vocabulary.facts) {
            if fact.kind == crate::model::FactKind::Flag {
                *slot = Some(FactValue::Flag(false));
            }
        }
        let mut found = 0;
        for action in [Action::empty(&book, "nothing stated"), with_flags] {
            for ix in (0..book.rules.len()).step_by(2).map(RuleIx) {
                let question = Question {
                    book: &book,
                    action: &action,
                    rule: ix,
                    domains: &domains,
                    as_of,
                    max: 2,
                };
                let expected = enumerated(&question);
                let words = |c: &Option<Vec<Change>>| format!("{c:?}");
                let searched = if evaluate_rules(&book, &action, as_of).values[ix.0] == Truth::True
                {
                    Some(Vec::new())
                } else {
                    counterfactual_by_search(&question)
                };
                let id = &book.rules[ix.0].id;
                assert_eq!(words(&searched), words(&expected), "rule {id}");
                // The solver's change: as small, and it really makes the rule
                // apply (among changes of one size it may pick another).
                let solved = counterfactual(&book, &action, ix, &domains, as_of, 2);
                assert_eq!(
                    solved.as_ref().map(Vec::len),
                    expected.as_ref().map(Vec::len),
                    "rule {id}: {solved:?}"
                );
                if let Some(changes) = &solved {
                    let mut candidate = action.clone();
                    for change in changes {
                        let fact = book.vocabulary.fact_index[&change.fact];
                        let before = action.facts[fact.0].as_ref();
                        let choice = domains[fact.0]
                            .iter()
                            .find(|c| show(&book, fact, &c.value) == change.after)
                            .unwrap();
                        assert_ne!(before, Some(&choice.value), "rule {id}: not a change");
                        candidate.facts[fact.0] = Some(choice.value.clone());
                    }
                    assert_eq!(
                        evaluate_rules(&book, &candidate, as_of).values[ix.0],
                        Truth::True,
                        "rule {id}: {changes:?}"
                    );
                }
                found += usize::from(searched.is_some_and(|c| !c.is_empty()));
            }
        }
        assert!(
            found > 10,
            "the comparison must cover real changes, found {found}"
        );
    }
}
