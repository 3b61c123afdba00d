//! Every scenario under `tests/scenarios/`: its own expectations must hold,
//! and its full JSON and text reports are snapshot-tested into `snapshots/`,
//! so a rule change arrives as a reviewable diff of legal outcomes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

use oversight::action::load_action;
use oversight::evaluate::{assess, choose_as_of};
use oversight::report::{Format, render};
use oversight::rules_dir::load_rulebook;
use oversight::scenario::{check_expectations, validate_expectations};
use oversight::source::SourceFile;

fn load(path: &Path) -> (oversight::model::RuleBook, oversight::action::LoadedAction) {
    let book = load_rulebook(None).expect("embedded rules compile");
    let name = format!(
        "tests/scenarios/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    let text = std::fs::read_to_string(path).unwrap();
    let loaded = load_action(&book, SourceFile::new(name, text))
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
    validate_expectations(&book, &loaded).unwrap_or_else(|d| panic!("{}", d.render(false)));
    (book, loaded)
}

#[test]
fn every_scenario_meets_its_expectations_and_matches_its_snapshots() {
    common::snapshot_settings().bind(|| {
        insta::glob!("scenarios/*.ron", |path| {
            let (book, loaded) = load(path);
            assert!(
                loaded.expect.is_some(),
                "{} has no expect block",
                path.display()
            );
            // The clock must never reach a snapshot: every scenario fixes its as-of date.
            let today = jiff::civil::date(1900, 1, 1);
            let (as_of, source) = choose_as_of(&loaded.action, None, today);
            assert_ne!(
                source,
                "today",
                "{} has no events and no as_of",
                path.display()
            );
            let assessment = assess(&book, &loaded.action, as_of, source);
            let failures = check_expectations(&loaded, &assessment);
            assert!(failures.is_empty(), "{}: {failures:#?}", path.display());
            insta::assert_snapshot!("json", render(&assessment, Format::Json));
            insta::assert_snapshot!("text", render(&assessment, Format::Text));
        });
    });
}

#[test]
fn there_are_at_least_twelve_scenarios() {
    let count = std::fs::read_dir("tests/scenarios")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ron")
        })
        .count();
    assert!(count >= 12, "only {count} scenarios");
}
