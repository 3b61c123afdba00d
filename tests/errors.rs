//! The error gallery: one broken input per kind of mistake, each with its
//! full rendered diagnostic in `snapshots/error@*.snap`.
//!
//! - `tests/errors/action/*.ron` are checked with `oversight check FILE`;
//! - `tests/errors/law/*.ron` are added to a copy of `rules/law/` and checked
//!   with `oversight validate --rules DIR`;
//! - `tests/errors/proposal/*.ron` are overlaid with `oversight check --with FILE`;
//! - `tests/errors/draft/*.ron` are proposals whose draft text disagrees with
//!   their rules in one way each, checked with `oversight render FILE` (exit 1);
//! - mistakes in `vocabulary.ron` and `bodies.ron` are the `PATCHES` below,
//!   each one text replaced in a copy of the real file.
//!
//! Every case must name `file:line:column`, and a wrong name must come with
//! the nearest valid names.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const ACTION: &str = "tests/scenarios/covert-finding-liaison-support.ron";

/// (case name, rules file, text replaced, replacement)
const PATCHES: &[(&str, &str, &str, &str)] = &[
    (
        "vocabulary-duplicate-fact",
        "vocabulary.ron",
        "    facts: [\n",
        "    facts: [\n        (name: \"us_role_hidden\", kind: Flag, question: \"Is it hidden?\"),\n",
    ),
    (
        "vocabulary-invalid-fact-name",
        "vocabulary.ron",
        "    facts: [\n",
        "    facts: [\n        (name: \"Role Hidden\", kind: Flag, question: \"Is it hidden?\"),\n",
    ),
    (
        "vocabulary-choice-listed-twice",
        "vocabulary.ron",
        "    facts: [\n",
        "    facts: [\n        (name: \"gallery_channel\", kind: Choice([\"liaison\", \"liaison\"]), question: \"Which channel?\"),\n",
    ),
    (
        "vocabulary-unknown-fact-kind",
        "vocabulary.ron",
        "    facts: [\n",
        "    facts: [\n        (name: \"gallery_flag\", kind: Flg, question: \"Is it so?\"),\n",
    ),
    (
        "vocabulary-unknown-country-in-group",
        "vocabulary.ron",
        "    country_groups: [\n",
        "    country_groups: [\n        (name: \"gallery_group\", title: \"Gallery\", cite: \"test\", confidence: Text, members: [\"PRK\", \"IRAN\"]),\n",
    ),
    (
        "vocabulary-unknown-statutory-clause",
        "vocabulary.ron",
        "    facts: [\n",
        "    facts: [\n        (name: \"gallery_flag\", kind: Flag, question: \"Is it so?\", statutory: (clauses: {\"yse\": \"it is so\"})),\n",
    ),
    (
        "vocabulary-term-without-definition",
        "vocabulary.ron",
        "    terms: [\n",
        "    terms: [\n        (term: \"gallery term\"),\n",
    ),
    (
        "vocabulary-group-with-unknown-term",
        "vocabulary.ron",
        "    country_groups: [\n",
        "    country_groups: [\n        (name: \"gallery_group\", title: \"Gallery\", cite: \"test\", confidence: Text, members: [\"PRK\"], term: \"foreign adversry\"),\n",
    ),
    (
        "bodies-unknown-member",
        "bodies.ron",
        "    groups: [\n",
        "    groups: [\n        (id: \"gallery_group\", title: \"gallery\", cite: \"test\", confidence: Text, members: [\"ssci\", \"hpcsi\"]),\n",
    ),
    (
        "bodies-duplicate-id",
        "bodies.ron",
        "    bodies: [\n",
        "    bodies: [\n        (id: \"hpsci\", short: \"HPSCI\", name: \"House intelligence committee, again\"),\n",
    ),
];

fn oversight() -> Command {
    let mut command = Command::cargo_bin("oversight").unwrap();
    command.env("RUST_BACKTRACE", "0").env("NO_COLOR", "1");
    command
}

fn cases(folder: &str) -> Vec<PathBuf> {
    common::ron_files(Path::new("tests/errors").join(folder))
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The command line as a reader would type it, the exit code and the full
/// error text, with temporary paths written as `rules/`.
fn record(command_line: &str, output: &Output, temp: Option<&Path>) -> String {
    let mut stderr = String::from_utf8(output.stderr.clone()).unwrap();
    if let Some(temp) = temp {
        stderr = stderr.replace(&format!("{}/", temp.display()), "rules/");
    }
    format!(
        "$ {command_line}\nexit code: {}\n\n{stderr}",
        output.status.code().unwrap()
    )
}

/// What every gallery entry must show: a position, and for a wrong name the
/// nearest valid names (or the full list, or a pointer to it).
fn assert_pointed(case: &str, text: &str) {
    let located = regex_like_location(text);
    assert!(located, "{case}: no file:line:column in\n{text}");
    if text.contains(": unknown ") {
        assert!(
            text.contains("did you mean")
                || text.contains("expected one of")
                || text.contains("lists them"),
            "{case}: a wrong name without suggestions\n{text}"
        );
    }
}

/// True when some `error: NAME.ron:LINE:COLUMN:` heading has a real position.
fn regex_like_location(text: &str) -> bool {
    text.lines()
        .filter_map(|line| line.strip_prefix("error["))
        .filter_map(|line| line.split_once("]: ").map(|(_, rest)| rest))
        .any(|rest| {
            let Some(at) = rest.find(".ron:") else {
                return false;
            };
            let mut parts = rest[at + 5..].splitn(3, ':');
            let line = parts.next().and_then(|l| l.parse::<usize>().ok());
            let column = parts.next().and_then(|c| c.parse::<usize>().ok());
            matches!((line, column), (Some(l), Some(c)) if l > 0 && c > 0)
        })
}

fn snapshot(case: &str, text: &str) {
    assert_pointed(case, text);
    common::snapshot_settings().bind(|| insta::assert_snapshot!(format!("error@{case}"), text));
}

#[test]
fn broken_actions() {
    let files = cases("action");
    assert!(
        files.len() >= 20,
        "the action gallery shrank: {}",
        files.len()
    );
    for file in files {
        let name = format!("action/{}.ron", stem(&file));
        let output = oversight()
            .current_dir("tests/errors")
            .args(["check", &name])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}: bad input exits 2");
        snapshot(
            &format!("action-{}", stem(&file)),
            &record(&format!("oversight check {name}"), &output, None),
        );
    }
}

/// Copies `rules/`, lets `edit` break the copy, and records `validate` on it
/// (a rule-file mistake is what `validate` exists to find: exit 1).
fn validate_broken_copy(case: &str, what_changed: &str, edit: impl FnOnce(&Path)) {
    let rules = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("rules"), rules.path());
    edit(rules.path());
    let output = oversight()
        .args(["validate", "--rules"])
        .arg(rules.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{case}: validation fails with 1"
    );
    let text = record(
        &format!("oversight validate --rules rules   # {what_changed}"),
        &output,
        Some(rules.path()),
    );
    snapshot(case, &text);
}

#[test]
fn broken_law_files() {
    let files = cases("law");
    assert!(files.len() >= 20, "the law gallery shrank: {}", files.len());
    for file in files {
        let name = format!("{}.ron", stem(&file));
        validate_broken_copy(
            &format!("law-{}", stem(&file)),
            &format!("with law/{name} added"),
            |rules| {
                std::fs::copy(&file, rules.join("law").join(&name)).unwrap();
            },
        );
    }
}

#[test]
fn broken_proposals() {
    let files = cases("proposal");
    assert!(
        files.len() >= 5,
        "the proposal gallery shrank: {}",
        files.len()
    );
    for file in files {
        let name = format!("tests/errors/proposal/{}.ron", stem(&file));
        let output = oversight()
            .args(["check", "--with", &name, ACTION])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}: bad input exits 2");
        let text = record(
            &format!("oversight check --with {name} {ACTION}"),
            &output,
            None,
        );
        snapshot(&format!("proposal-{}", stem(&file)), &text);
    }
}

#[test]
fn broken_vocabulary_and_bodies() {
    for (case, file, from, to) in PATCHES {
        let what_changed = format!(
            "{file}: `{}` -> `{}`",
            from.trim(),
            to.trim().replace('\n', " ")
        );
        validate_broken_copy(case, &what_changed, |rules| {
            let path = rules.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{case}: `{from}` not in {file}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        });
    }
}

/// One proposal per kind of disagreement between a draft text and its
/// rules; each file's `// expect:` line names the error the check must
/// report, and nothing else may be reported.
#[test]
fn broken_drafts() {
    let files = cases("draft");
    assert!(
        files.len() >= 15,
        "the draft gallery shrank: {}",
        files.len()
    );
    for file in files {
        let name = format!("draft/{}.ron", stem(&file));
        let text = std::fs::read_to_string(&file).unwrap();
        let expected = text
            .lines()
            .find_map(|l| l.strip_prefix("// expect: "))
            .unwrap_or_else(|| panic!("{name} names no expected error"));
        let output = oversight()
            .current_dir("tests/errors")
            .args(["render", &name])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name}: a disagreeing draft exits 1"
        );
        let stderr = String::from_utf8(output.stderr.clone()).unwrap();
        assert!(
            stderr.contains(&format!("error[{expected}]: {name}:")),
            "{name}: expected {expected}\n{stderr}"
        );
        let codes: Vec<&str> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("error["))
            .filter_map(|l| l.split(']').next())
            .collect();
        assert!(
            codes.iter().all(|c| c.starts_with("oversight::draft::")),
            "{name}: only draft-check errors: {codes:?}"
        );
        snapshot(
            &format!("draft-{}", stem(&file)),
            &record(&format!("oversight render {name}"), &output, None),
        );
    }
}
