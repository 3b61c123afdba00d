//! Property tests: mutated input never panics and is always located;
//! three-valued answers are sound and "depends" is real; output is stable.
//!
//! Case counts are modest so CI stays fast; raise them for a deeper run with
//! `PROPTEST_CASES=2000 cargo test --test properties`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use jiff::civil::Date;
use oversight::action::{Action, load_action};
use oversight::assessment::Status;
use oversight::compile::compile;
use oversight::evaluate::{assess, choose_as_of};
use oversight::model::RuleBook;
use oversight::rules_dir::{embedded_proposals, embedded_sources, load_rulebook};
use oversight::source::SourceFile;
use proptest::prelude::*;
use proptest::sample::Index;

/// One edit of a text: delete a span, insert junk, duplicate a span or cut
/// the file short, always on character boundaries.
fn mutate(text: &str, at: Index, len: usize, kind: u8, junk: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = at.index(chars.len().max(1)).min(chars.len());
    let end = (start + len).min(chars.len());
    let (head, rest) = chars.split_at(start);
    let tail = &rest[end - start..];
    let head: String = head.iter().collect();
    let span: String = rest[..end - start].iter().collect();
    let tail: String = tail.iter().collect();
    match kind % 4 {
        0 => format!("{head}{tail}"),
        1 => format!("{head}{junk}{span}{tail}"),
        2 => format!("{head}{span}{span}{tail}"),
        _ => head,
    }
}

/// 96 cases each unless `PROPTEST_CASES` says otherwise. A failure prints
/// its minimal input; nothing is written to the source tree.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 96;
    }
    config
}

/// Characters that break RON in interesting ways, and name-like junk.
const JUNK: &str = "[\\[\\](){}:,\"'/\\\\a-z_0-9 \n-]{1,12}";

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_mutated_action_never_panics_and_every_error_is_located(
        file in any::<Index>(), at in any::<Index>(), len in 0usize..24, kind in any::<u8>(), junk in JUNK,
    ) {
        let book = load_rulebook(None).unwrap();
        let files = common::ron_files("tests/scenarios");
        let path = file.get(&files);
        let text = std::fs::read_to_string(path).unwrap();
        let mutated = mutate(&text, at, len, kind, &junk);
        if let Err(errors) = load_action(&book, SourceFile::new("action.ron", mutated)) {
            prop_assert!(!errors.0.is_empty());
            for error in &errors.0 {
                prop_assert!(error.line > 0, "error without a position: {}", error.message);
                prop_assert!(!error.message.is_empty());
            }
        }
    }

    #[test]
    fn a_mutated_rule_file_never_panics_and_every_error_is_located(
        file in any::<Index>(), at in any::<Index>(), len in 0usize..24, kind in any::<u8>(), junk in JUNK,
    ) {
        let mut sources = embedded_sources().unwrap();
        sources.proposals = embedded_proposals();
        let count = 2 + sources.law.len() + sources.proposals.len();
        let which = file.index(count);
        let target = match which {
            0 => &mut sources.vocabulary,
            1 => &mut sources.bodies,
            n if n - 2 < sources.law.len() => &mut sources.law[n - 2],
            n => {
                let law = sources.law.len();
                &mut sources.proposals[n - 2 - law]
            }
        };
        let mutated = mutate(target.text.as_str(), at, len, kind, &junk);
        *target = SourceFile::new(target.name.clone(), mutated);
        if let Err(errors) = compile(&sources) {
            prop_assert!(!errors.0.is_empty());
            for error in &errors.0 {
                prop_assert!(
                    error.line > 0,
                    "error without a position in {}: {}",
                    error.file,
                    error.message
                );
            }
        }
    }

    #[test]
    fn definite_answers_survive_every_completion_and_depends_is_real(
        file in any::<Index>(), blanks in prop::collection::vec(any::<Index>(), 1..=3),
    ) {
        let book = load_rulebook(None).unwrap();
        let domains = oversight::gaps::domains(&book, &[]);
        let files = common::ron_files("tests/scenarios");
        let path = file.get(&files);
        let source = SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).unwrap());
        let full = load_action(&book, source).unwrap().action;
        let (date, origin) = choose_as_of(&full, None, Date::constant(2026, 11, 26));
        let stated: Vec<usize> = (0..full.facts.len()).filter(|&f| full.facts[f].is_some()).collect();
        prop_assume!(!stated.is_empty());
        let mut blanked: Vec<usize> = blanks.iter().map(|i| *i.get(&stated)).collect();
        blanked.sort_unstable();
        blanked.dedup();
        prop_assume!(blanked.iter().all(|&f| !domains[f].is_empty()));
        let mut partial = full.clone();
        for &f in &blanked {
            partial.facts[f] = None;
        }
        let answer = assess(&book, &partial, date, origin);
        let completions = completions(&partial, &blanked, &domains);
        let statuses: Vec<Vec<Status>> = completions
            .iter()
            .map(|c| assess(&book, c, date, origin).outcomes.iter().map(|o| o.status).collect())
            .collect();
        for (i, outcome) in answer.outcomes.iter().enumerate() {
            let seen: Vec<Status> = statuses.iter().map(|s| s[i]).collect();
            match outcome.status {
                Status::Required | Status::NotRequired => prop_assert!(
                    seen.iter().all(|s| *s == outcome.status),
                    "`{}` is {:?} with {:?} unknown, but a completion disagrees",
                    outcome.rule, outcome.status, names(&book, &blanked)
                ),
                // Scenarios may leave other facts unknown too, so a completion of the
                // blanked facts can itself still depend; what must never happen is
                // that every completion gives the same definite answer.
                Status::Depends => prop_assert!(
                    !(seen.iter().all(|s| *s == Status::Required)
                        || seen.iter().all(|s| *s == Status::NotRequired)),
                    "`{}` depends on {:?}, but every completion gives {:?}",
                    outcome.rule, names(&book, &blanked), seen.first()
                ),
            }
        }
    }
}

/// Every way to fill the blanked facts from their domains (the gap search's
/// domains: every value the rules distinguish, one country per class).
fn completions(
    partial: &Action,
    blanked: &[usize],
    domains: &[Vec<oversight::gaps::Choice>],
) -> Vec<Action> {
    let mut out = vec![partial.clone()];
    for &fact in blanked {
        out = out
            .into_iter()
            .flat_map(|action| {
                domains[fact].iter().map(move |choice| {
                    let mut next = action.clone();
                    next.facts[fact] = Some(choice.value.clone());
                    next
                })
            })
            .collect();
    }
    out
}

fn names(book: &RuleBook, facts: &[usize]) -> Vec<String> {
    facts
        .iter()
        .map(|&f| book.vocabulary.facts[f].name.clone())
        .collect()
}

#[test]
fn check_output_is_byte_identical_across_runs_and_rule_file_order() {
    use assert_cmd::Command;
    let run = |rules: &str| {
        let output = Command::cargo_bin("oversight")
            .unwrap()
            .args([
                "check",
                "tests/scenarios/covert-finding-limited-access-gang-of-eight.ron",
                "--format",
                "json",
                "--explain",
                "--rules",
                rules,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        output.stdout
    };
    let first = run("rules");
    assert_eq!(first, run("rules"), "two runs differ");
    // The same files created in reverse order: directory order on disk must
    // not matter.
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![PathBuf::from("rules")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files.reverse();
    for file in &files {
        let target = dir.path().join(file.strip_prefix("rules").unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(file, &target).unwrap();
    }
    assert_eq!(
        first,
        run(dir.path().to_str().unwrap()),
        "file order changed the output"
    );
}
