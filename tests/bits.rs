//! Differential test: the bit-parallel evaluator (`engine::bits`) gives
//! exactly the reference evaluator's `Evaluation` (values, own values,
//! in-force states, horizons and their sources) on every scenario, and on
//! generated actions with unknown facts, under the law, under each proposal
//! and under all of them, and on generated laws of nested conditions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jiff::civil::date;
use oversight::assessment::build::choose_as_of;
use oversight::engine::bits::{Evaluator, LANES, Lanes, evaluate_fast};
use oversight::engine::evaluate::evaluate_rules;
use oversight::engine::logic::Truth;
use oversight::input::action::{Action, load_action};
use oversight::input::rules_dir::{embedded_proposals, load_rulebook_with};
use oversight::model::RuleBook;
use oversight::source::SourceFile;
use oversight::testing::flag_law::scaling_law;
use oversight::testing::sample::Generator;

/// Generated actions per rule book.
const GENERATED: usize = 2_000;

fn books() -> Vec<(String, RuleBook)> {
    let mut books = vec![(String::from("law"), load_rulebook_with(None, &[]).unwrap())];
    let proposals = embedded_proposals();
    for proposal in &proposals {
        books.push((
            proposal.name.clone(),
            load_rulebook_with(None, std::slice::from_ref(proposal)).unwrap(),
        ));
    }
    books.push((
        String::from("all proposals"),
        load_rulebook_with(None, &proposals).unwrap(),
    ));
    for flags in [10, 60] {
        for all in [true, false] {
            books.push((
                format!("scaling law, {flags} flags, all={all}"),
                scaling_law(flags, all).unwrap().0,
            ));
        }
    }
    books
}

fn same(book: &RuleBook, action: &Action, as_of: jiff::civil::Date, label: &str) {
    let reference = evaluate_rules(book, action, as_of);
    let fast = evaluate_fast(book, &action.facts, as_of);
    if reference != fast {
        for (ix, rule) in book.rules.iter().enumerate() {
            assert_eq!(
                (
                    reference.values[ix],
                    reference.base[ix],
                    reference.in_force[ix],
                    reference.not_encoded[ix],
                    reference.before_horizon[ix]
                ),
                (
                    fast.values[ix],
                    fast.base[ix],
                    fast.in_force[ix],
                    fast.not_encoded[ix],
                    fast.before_horizon[ix]
                ),
                "{label}: rule `{}` (value, own, in force, not encoded, before horizon) differs",
                rule.id
            );
        }
        panic!("{label}: evaluations differ");
    }
}

/// A deterministic choice for each fact: keep, or leave unknown.
fn blank_some(action: &mut Action, seed: &mut u64, one_in: u64) {
    for slot in &mut action.facts {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        if (*seed).is_multiple_of(one_in) {
            *slot = None;
        }
    }
}

#[test]
fn every_scenario_gets_the_reference_evaluation() {
    for (name, book) in books().into_iter().take(7) {
        let mut files: Vec<_> = std::fs::read_dir("tests/scenarios")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(files.len() >= 60, "the scenario corpus shrank");
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let label = format!("{name}: {}", path.display());
            let scenario = load_action(&book, SourceFile::new(&label, &text))
                .unwrap()
                .action;
            let (as_of, _) = choose_as_of(&scenario, None, date(2026, 11, 26));
            same(&book, &scenario, as_of, &label);
            // And at every date the scenario's events name.
            for event in scenario.events.iter().flatten() {
                same(&book, &scenario, event.date(), &label);
            }
        }
    }
}

#[test]
fn generated_actions_with_unknowns_get_the_reference_evaluation() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for (name, book) in books() {
        let mut generator = Generator::new(&book, 0xb175);
        let mut seen = [0usize; 3];
        for i in 0..GENERATED {
            let (mut action, as_of) = generator.action(&book);
            // From complete actions to ones where most facts are unknown.
            blank_some(&mut action, &mut seed, [1_000_000, 8, 3, 2][i % 4]);
            same(&book, &action, as_of, &format!("{name}, action {i}"));
            for value in evaluate_rules(&book, &action, as_of).values {
                seen[value as usize] += 1;
            }
        }
        // The comparison means little unless all three values occur.
        assert!(
            seen.iter().all(|&n| n > 0),
            "{name}: values seen (false, unknown, true) {seen:?}"
        );
    }
}

#[test]
fn a_reused_evaluator_gives_each_action_its_own_answer() {
    let book = load_rulebook_with(None, &[]).unwrap();
    let mut generator = Generator::new(&book, 0x5eed);
    let mut evaluator = Evaluator::new(&book);
    for _ in 0..500 {
        let (action, as_of) = generator.action(&book);
        evaluator.run(&action.facts, as_of);
        let reference = evaluate_rules(&book, &action, as_of);
        let applying: Vec<usize> = evaluator.applying().map(|r| r.0).collect();
        let expected: Vec<usize> = (0..book.rules.len())
            .filter(|&ix| reference.values[ix] == Truth::True)
            .collect();
        assert_eq!(applying, expected);
        assert_eq!(evaluator.evaluation(as_of), reference);
    }
}

#[test]
fn many_actions_at_once_get_the_reference_evaluation_in_every_lane() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for (name, book) in books() {
        let mut generator = Generator::new(&book, 0x1a7e);
        let single = Evaluator::new(&book);
        let mut lanes = Lanes::new(&book);
        // Full blocks, then a partial one: lanes past the batch stay out.
        for (block, size) in [LANES, LANES, 37, 1].into_iter().enumerate() {
            let actions: Vec<(Action, jiff::civil::Date)> = (0..size)
                .map(|i| {
                    let (mut action, as_of) = generator.action(&book);
                    blank_some(&mut action, &mut seed, [1_000_000, 8, 3, 2][i % 4]);
                    (action, as_of)
                })
                .collect();
            let encoded: Vec<_> = actions
                .iter()
                .map(|(a, _)| single.encode(&a.facts))
                .collect();
            let batch: Vec<_> = encoded
                .iter()
                .zip(&actions)
                .map(|(e, (_, d))| (e, *d))
                .collect();
            lanes.run(&batch);
            let mut applying = vec![Vec::new(); LANES];
            lanes.applying_into(&mut applying);
            for (lane, (action, as_of)) in actions.iter().enumerate() {
                let reference = evaluate_rules(&book, action, *as_of);
                assert_eq!(
                    lanes.evaluation(lane, *as_of),
                    reference,
                    "{name}, block {block}, lane {lane}"
                );
                let expected: Vec<u16> = (0..book.rules.len())
                    .filter(|&ix| reference.values[ix] == Truth::True)
                    .map(|ix| u16::try_from(ix).unwrap())
                    .collect();
                assert_eq!(
                    applying[lane], expected,
                    "{name}, block {block}, lane {lane}"
                );
            }
            assert!(
                applying[size..].iter().all(Vec::is_empty),
                "{name}: an empty lane applies rules"
            );
        }
    }
}
