//! The hand-written baseline of `benches/engine.rs` stays in step with the
//! law, and gives the engine's answer.
//!
//! `benches/engine/hand_written.rs` is generated from the embedded law by
//! `oversight::testing::hand_written::generate`; this test fails when the
//! checked-in file differs (rerun with `UPDATE_HAND_WRITTEN=1` to write it),
//! and compiles the file to check that, for thousands of generated complete
//! actions on both sides of every in-force boundary, it names exactly the
//! rules the engine finds apply.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[rustfmt::skip]
#[path = "../benches/engine/hand_written.rs"]
mod hand_written;

use oversight::engine::bits::Evaluator;
use oversight::engine::evaluate::evaluate_rules;
use oversight::engine::logic::Truth;
use oversight::input::rules_dir::load_rulebook;
use oversight::testing::hand_written::generate;
use oversight::testing::sample::Generator;

const FILE: &str = "benches/engine/hand_written.rs";

#[test]
fn the_checked_in_baseline_is_generated_from_the_embedded_law() {
    let book = load_rulebook(None).unwrap();
    let fresh = generate(&book);
    if std::env::var_os("UPDATE_HAND_WRITTEN").is_some() {
        std::fs::write(FILE, &fresh).unwrap();
    }
    let stored = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        stored == fresh,
        "{FILE} is out of date with the rules: run `UPDATE_HAND_WRITTEN=1 cargo test --test hand_written`"
    );
    assert_eq!(hand_written::RULES, book.rules.len());
}

#[test]
fn the_baseline_names_the_rules_the_engine_finds_apply() {
    let book = load_rulebook(None).unwrap();
    let mut generator = Generator::new(&book, 0xba5e);
    let mut evaluator = Evaluator::new(&book);
    let mut out = Vec::new();
    let mut before_horizon = 0;
    for i in 0..5_000 {
        let (action, as_of) = generator.action(&book);
        let facts = hand_written::facts(&action).unwrap();
        out.clear();
        hand_written::applying(&facts, as_of, &mut out);
        let reference: Vec<u16> = evaluate_rules(&book, &action, as_of)
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| **v == Truth::True)
            .map(|(ix, _)| u16::try_from(ix).unwrap())
            .collect();
        assert_eq!(out, reference, "action {i} as of {as_of}");
        evaluator.run(&action.facts, as_of);
        let engine: Vec<u16> = evaluator
            .applying()
            .map(|r| u16::try_from(r.0).unwrap())
            .collect();
        assert_eq!(engine, reference, "action {i} as of {as_of}");
        if evaluator.evaluation(as_of).values.contains(&Truth::Unknown) {
            before_horizon += 1;
        }
    }
    // Both of the baseline's paths are exercised.
    assert!(
        before_horizon > 100,
        "{before_horizon} actions before a horizon"
    );
}
