//! Generated laws over many flags, for the gap analysis's tests and
//! benchmarks: how it scales with the number of facts a concern has.

use jiff::civil::Date;

use crate::analysis::gaps::{Concern, load_concerns};
use crate::compile::{RuleSources, compile};
use crate::diagnostic::Diagnostics;
use crate::engine::evaluate::{condition_value, evaluate_rules};
use crate::engine::logic::Truth;
use crate::input::action::Action;
use crate::model::RuleBook;
use crate::source::SourceFile;

/// A law over `flags` flags `f0`, `f1`, ... with these rules (RON rule
/// declarations, comma-separated), in one provision in force from 2000,
/// telling the one body `one`.
pub fn flag_book(flags: usize, rules: &str) -> Result<RuleBook, Diagnostics> {
    let facts: String = (0..flags)
        .map(|i| format!("(name: \"f{i}\", kind: Flag, question: \"?\"),"))
        .collect();
    let sources = RuleSources {
        vocabulary: SourceFile::new("v.ron", format!("Vocabulary(facts: [{facts}], events: [])")),
        bodies: SourceFile::new(
            "b.ron",
            "Bodies(bodies: [(id: \"one\", short: \"ONE\", name: \"One\")], groups: [])",
        ),
        law: vec![SourceFile::new(
            "law.ron",
            format!(
                "Provision(act: \"A\", section: \"1\", usc: \"\", title: \"t\", in_force: (from: \"2000-01-01\", by: \"A\"), confidence: Text, sources: [], rules: [{rules}])"
            ),
        )],
        proposals: Vec::new(),
    };
    compile(&sources)
}

/// One concern with id `c` holding `when` (a RON condition), compiled
/// against `book`.
pub fn one_concern(book: &RuleBook, when: &str) -> Result<Vec<Concern>, Diagnostics> {
    let text = format!(
        "Concerns(concerns: [(id: \"c\", title: \"t\", explains: \"e\", matters: \"m\", when: {when})])"
    );
    load_concerns(book, &SourceFile::new("c.ron", text))
}

/// A notice to `one` with this id and condition, as a RON declaration.
pub fn notice(id: &str, when: &str) -> String {
    format!(
        "Notice(id: \"{id}\", cite: \"(a)\", says: \"s\", when: {when}, by: \"x\", to: [\"one\"], what: \"w\", form: Written, due: NotStated),"
    )
}

/// The scaling law: `flags` flags, a notice on `f0` and one on every
/// seventh pair (`fi` without `fi+1`), so that a gap must set some flags
/// false; and one concern, `All` over every flag but `f0`, or `Any` over
/// the first 120 (or all, when fewer).
pub fn scaling_law(flags: usize, all: bool) -> Result<(RuleBook, Vec<Concern>), Diagnostics> {
    let mut rules = notice("n", "Fact(\"f0\")");
    for i in (1..flags.saturating_sub(1)).step_by(7) {
        rules.push_str(&notice(
            &format!("n{i}"),
            &format!("All([Fact(\"f{i}\"), Not(Fact(\"f{}\"))])", i + 1),
        ));
    }
    let book = flag_book(flags, &rules)?;
    let (kind, range) = if all {
        ("All", 1..flags)
    } else {
        ("Any", 0..flags.min(120))
    };
    let parts: Vec<String> = range.map(|i| format!("Fact(\"f{i}\")")).collect();
    let concerns = one_concern(&book, &format!("{kind}([{}])", parts.join(", ")))?;
    Ok((book, concerns))
}

/// Whether this (partial) action is a gap of the concern: in three-valued
/// logic the concern definitely holds and every specific rule is definitely
/// false. The engine's own evaluator, for checking what the solver says.
pub fn is_gap(book: &RuleBook, concern: &Concern, action: &Action, as_of: Date) -> bool {
    let values = evaluate_rules(book, action, as_of).values;
    condition_value(&concern.condition, &action.facts, &values, book) == Truth::True
        && book
            .rules
            .iter()
            .zip(&values)
            .filter(|(rule, _)| rule.is_specific())
            .all(|(_, value)| *value == Truth::False)
}
