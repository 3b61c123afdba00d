//! Choosing the symbolic engine by measurement (issue 19): the same gap
//! question (does the concern hold with nothing specific owed, and with how
//! few facts stated?) answered by the SAT solver the tool uses
//! (`gaps::search`: batsat through rustsat) and by binary decision diagrams
//! (biodivine-lib-bdd: the conjunction as one diagram, then its valuation
//! with the fewest variables true). Runs alternate A B A B on each case and
//! report the median of five. The verdicts must agree; the witnesses may
//! differ in size, since the tool's witness has the fewest presences first
//! and the diagram's valuation simply the fewest facts (shown as SAT / BDD).
//! Run with `cargo bench --bench solvers`; figures are in docs/DESIGN.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

use biodivine_lib_bdd::{Bdd, BddVariable, BddVariableSet};
use jiff::civil::{Date, date};
use oversight::analysis::gaps::{Concern, domains, embedded_concerns, load_concerns, search};
use oversight::engine::evaluate::condition_value;
use oversight::engine::logic::Truth;
use oversight::engine::space::Choice;
use oversight::input::action::FactValue;
use oversight::input::rules_dir::{embedded_proposals, load_rulebook_with};
use oversight::model::{Condition, InForceOn, RuleBook};
use oversight::testing::flag_law::scaling_law;

fn main() {
    let as_of = date(2026, 11, 26);
    println!(
        "{:<46} {:>11} {:>11} {:>10} {:>10}",
        "case", "SAT median", "BDD median", "BDD nodes", "facts"
    );
    for flags in [10, 25, 50, 100, 200, 400] {
        for kind in ["All", "Any"] {
            let (book, concerns) = scaling_law(flags, kind == "All").unwrap();
            compare(
                &format!("{kind} over {flags} flags"),
                &book,
                &concerns,
                as_of,
            );
        }
    }
    let book = load_rulebook_with(None, &embedded_proposals()).unwrap();
    let concerns = load_concerns(&book, &embedded_concerns().unwrap()).unwrap();
    for concern in &concerns {
        compare(
            &format!("corpus: {}", concern.id),
            &book,
            std::slice::from_ref(concern),
            as_of,
        );
    }
}

fn compare(label: &str, book: &RuleBook, concerns: &[Concern], as_of: Date) {
    let doms = domains(book, concerns);
    let concern = &concerns[0];
    let (mut sat, mut bdd) = (Vec::new(), Vec::new());
    let (mut sat_answer, mut bdd_answer, mut nodes) = (None, None, 0);
    for _ in 0..5 {
        let started = Instant::now();
        let found = search(book, concern, &doms, as_of);
        sat.push(started.elapsed());
        sat_answer = Some(found.witness.map(|w| w.len()));
        let started = Instant::now();
        let (answer, size) = bdd_fewest(book, concern, &doms, as_of);
        bdd.push(started.elapsed());
        bdd_answer = Some(answer);
        nodes = size;
    }
    let (sat_answer, bdd_answer) = (sat_answer.flatten(), bdd_answer.flatten());
    assert_eq!(
        sat_answer.is_some(),
        bdd_answer.is_some(),
        "{label}: the engines disagree on the verdict"
    );
    let facts = match (sat_answer, bdd_answer) {
        (Some(sat), Some(bdd)) => {
            assert!(sat >= bdd, "{label}: fewer facts than the minimum");
            format!("{sat} / {bdd}")
        }
        _ => String::from("closed"),
    };
    println!(
        "{label:<46} {:>11} {:>11} {nodes:>10} {facts:>10}",
        show(median(sat)),
        show(median(bdd))
    );
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn show(time: Duration) -> String {
    format!("{:.2} ms", time.as_secs_f64() * 1000.0)
}

/// The gap question as one decision diagram over the value variables (one
/// per value of each fact's domain): the concern definitely holds, every
/// specific rule definitely fails, at most one value per fact. Returns the
/// number of facts in its valuation with the fewest variables true (`None`
/// when the diagram is empty: no gap), and the diagram's size.
fn bdd_fewest(
    book: &RuleBook,
    concern: &Concern,
    doms: &[Vec<Choice>],
    as_of: Date,
) -> (Option<usize>, usize) {
    let mut first = Vec::with_capacity(doms.len());
    let mut count = 0usize;
    for domain in doms {
        first.push(count);
        count += domain.len();
    }
    let vars = BddVariableSet::new_anonymous(u16::try_from(count).unwrap());
    let value =
        |fact: usize, index: usize| vars.mk_var(BddVariable::from_index(first[fact] + index));
    let mut encoder = Encoder {
        book,
        doms,
        vars: &vars,
        value: &value,
        rules: vec![(vars.mk_false(), vars.mk_true()); book.rules.len()],
    };
    for &ix in &book.order {
        let rule = &book.rules[ix.0];
        let own = match rule.in_force.on(as_of) {
            InForceOn::Yes => encoder.rails(&rule.condition),
            InForceOn::No => (vars.mk_false(), vars.mk_true()),
            InForceOn::NotEncoded => (vars.mk_false(), encoder.rails(&rule.condition).1),
        };
        let mut displaced = vars.mk_false();
        let mut kept = vars.mk_true();
        for o in &rule.overridden_by {
            let (holds, fails) = &encoder.rules[o.0];
            displaced = displaced.or(holds);
            kept = kept.and(fails);
        }
        encoder.rules[ix.0] = (own.0.and(&kept), own.1.or(&displaced));
    }
    let mut gap = encoder.rails(&concern.condition).0;
    for (i, rule) in book.rules.iter().enumerate() {
        if rule.is_specific() {
            gap = gap.and(&encoder.rules[i].1);
        }
    }
    for (fact, domain) in doms.iter().enumerate() {
        for a in 0..domain.len() {
            for b in a + 1..domain.len() {
                gap = gap.and(&value(fact, a).and(&value(fact, b)).not());
            }
        }
    }
    let size = gap.size();
    let fewest = gap.most_negative_valuation().map(|valuation| {
        (0..count)
            .filter(|&v| valuation.value(BddVariable::from_index(v)))
            .count()
    });
    (fewest, size)
}

struct Encoder<'a, F: Fn(usize, usize) -> Bdd> {
    book: &'a RuleBook,
    doms: &'a [Vec<Choice>],
    vars: &'a BddVariableSet,
    value: &'a F,
    rules: Vec<(Bdd, Bdd)>,
}

impl<F: Fn(usize, usize) -> Bdd> Encoder<'_, F> {
    /// (definitely true, definitely false) as diagrams.
    fn rails(&self, condition: &Condition) -> (Bdd, Bdd) {
        match condition {
            Condition::Always => (self.vars.mk_true(), self.vars.mk_false()),
            Condition::Ref(rule) => self.rules[rule.0].clone(),
            Condition::All(parts) => parts.iter().fold(
                (self.vars.mk_true(), self.vars.mk_false()),
                |(t, f), part| {
                    let (pt, pf) = self.rails(part);
                    (t.and(&pt), f.or(&pf))
                },
            ),
            Condition::Any(parts) => parts.iter().fold(
                (self.vars.mk_false(), self.vars.mk_true()),
                |(t, f), part| {
                    let (pt, pf) = self.rails(part);
                    (t.or(&pt), f.and(&pf))
                },
            ),
            Condition::Not(inner) => {
                let (t, f) = self.rails(inner);
                (f, t)
            }
            leaf => {
                let fact = leaf.fact().unwrap();
                let mut facts: Vec<Option<FactValue>> = vec![None; self.doms.len()];
                let (mut t, mut f) = (self.vars.mk_false(), self.vars.mk_false());
                for (index, choice) in self.doms[fact.0].iter().enumerate() {
                    facts[fact.0] = Some(choice.value.clone());
                    match condition_value(leaf, &facts, &[], self.book) {
                        Truth::True => t = t.or(&(self.value)(fact.0, index)),
                        Truth::False => f = f.or(&(self.value)(fact.0, index)),
                        Truth::Unknown => {}
                    }
                }
                (t, f)
            }
        }
    }
}
