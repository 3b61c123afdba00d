//! Every scenario under `tests/scenarios/`: its own expectations must hold,
//! and its legal outcome is snapshot-tested into `snapshots/outcome@*.snap`,
//! so a rule change arrives as a reviewable diff of legal outcomes.
//!
//! One run shows every change: every scenario is checked and every pending
//! snapshot written before the test fails, and every failed expectation is
//! reported with its `file:line:column`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::Path;

use oversight::analysis::scenario::{check_expectations, validate_expectations};
use oversight::assessment::Assessment;
use oversight::assessment::build::{assess, choose_as_of};
use oversight::input::rules_dir::load_rulebook;
use oversight::output::{Format, render};
use oversight::source::SourceFile;

/// Scenarios whose full JSON and text reports are also kept as snapshots,
/// guarding the shape of the whole report. Every other scenario keeps only
/// its compact outcome (the JSON Schema test checks every JSON output).
const CANONICAL: [&str; 2] = [
    "covert-finding-liaison-support.ron",
    "covert-finding-limited-access-role-unknown.ron",
];

/// Loads and assesses one scenario, or says in one line why it cannot be.
fn assess_scenario(
    book: &oversight::model::RuleBook,
    path: &Path,
) -> Result<(Assessment, Vec<String>), String> {
    let name = format!(
        "tests/scenarios/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let loaded = oversight::input::action::load_action(book, SourceFile::new(name.clone(), text))
        .map_err(|d| d.render(false))?;
    validate_expectations(book, &loaded).map_err(|d| d.render(false))?;
    if loaded.expect.is_none() {
        return Err(format!("{name} has no expect block"));
    }
    // The clock must never reach a snapshot: every scenario fixes its as-of date.
    let (as_of, source) = choose_as_of(&loaded.action, None, jiff::civil::date(1900, 1, 1));
    if source == oversight::assessment::AsOfSource::Today {
        return Err(format!("{name} has no events and no as_of"));
    }
    let assessment = assess(book, &loaded.action, as_of, source);
    let failures = check_expectations(&loaded, &assessment)
        .into_iter()
        .map(|f| format!("{}: {}", f.location, f.message))
        .collect();
    Ok((assessment, failures))
}

#[test]
fn every_scenario_meets_its_expectations_and_matches_its_snapshots() {
    let book = load_rulebook(None).expect("embedded rules compile");
    let mut problems: Vec<String> = Vec::new();
    // insta's glob! runs every file and fails once at the end; expectations
    // are collected the same way, so one run shows every change.
    let snapshots = catch_unwind(AssertUnwindSafe(|| {
        common::snapshot_settings().bind(|| {
            insta::glob!("scenarios/*.ron", |path| {
                match assess_scenario(&book, path) {
                    Ok((assessment, failures)) => {
                        problems.extend(failures);
                        insta::assert_snapshot!("outcome", render(&assessment, Format::Outcomes));
                        let file = path.file_name().unwrap().to_string_lossy();
                        if CANONICAL.contains(&file.as_ref()) {
                            insta::assert_snapshot!("json", render(&assessment, Format::Json));
                            insta::assert_snapshot!("text", render(&assessment, Format::Text));
                        }
                    }
                    Err(problem) => problems.push(problem),
                }
            });
        });
    }));
    assert!(
        problems.is_empty(),
        "{} scenario expectation(s) failed (pending snapshots, if any, are written):\n{}",
        problems.len(),
        problems.join("\n")
    );
    if let Err(panic) = snapshots {
        resume_unwind(panic);
    }
}

#[test]
fn there_are_at_least_twelve_scenarios() {
    let count = common::ron_files("tests/scenarios").len();
    assert!(count >= 12, "only {count} scenarios");
}
