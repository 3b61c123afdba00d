//! The command line: exit codes 0/1/2, error messages naming file:line:column
//! with the nearest valid name, cycles, deterministic output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const COVERT: &str = "tests/scenarios/covert-finding-liaison-support.ron";

fn oversight() -> Command {
    let mut command = Command::cargo_bin("oversight").unwrap();
    command.env("RUST_BACKTRACE", "0").env("NO_COLOR", "1");
    command
}

/// A copy of `rules/` in a temporary directory, with one text replaced in one file.
fn patched_rules(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("rules"), dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

fn write_temp(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("action.ron");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn check_names_both_committees_with_the_concrete_deadline_and_exits_zero() {
    oversight()
        .args(["check", COVERT])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SSCI · Senate Select Committee on Intelligence · earliest: before 2025-03-20 09:00 EDT"))
        .stdout(predicate::str::contains("HPSCI · House Permanent Select Committee on Intelligence · earliest: before 2025-03-20 09:00 EDT"))
        .stdout(predicate::str::contains("copy of the finding signed by the President"))
        .stdout(predicate::str::contains("National Security Act of 1947 §504(c), 50 U.S.C. 3094(c)"));
}

#[test]
fn the_oral_emergency_finding_is_due_48_hours_after_the_decision() {
    oversight()
        .args([
            "check",
            "tests/scenarios/oral-emergency-finding-48-hours.ron",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "\"due\": \"2025-03-13T14:00:00-04:00[America/New_York]\"",
        ));
}

#[test]
fn json_output_carries_the_schema_version() {
    let output = oversight()
        .args(["check", COVERT, "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["schema"], "oversight.assessment/1");
    let bodies: Vec<&str> = value["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["ssci", "hpsci", "ssci_chair", "hpsci_chair"]);
}

#[test]
fn markdown_output_has_a_table_per_body() {
    oversight()
        .args(["check", COVERT, "--format", "markdown"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "### Senate Select Committee on Intelligence (SSCI)",
        ))
        .stdout(predicate::str::contains(
            "| Status | What | By | Deadline | Citation |",
        ));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    for format in ["text", "json", "markdown"] {
        let first = oversight()
            .args(["check", COVERT, "--format", format])
            .output()
            .unwrap();
        let second = oversight()
            .args(["check", COVERT, "--format", format])
            .output()
            .unwrap();
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}

#[test]
fn as_of_before_a_provision_takes_effect_changes_the_answer() {
    oversight()
        .args([
            "check",
            "tests/scenarios/covert-finding-limited-access-gang-of-eight.ron",
            "--as-of",
            "2010-10-06",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("as of 2010-10-06 (command line)"))
        .stdout(predicate::str::contains(
            "not in force on the as-of date (in force from 2010-10-07; Pub. L. 111-259 §331(c))",
        ));
}

#[test]
fn a_typo_in_an_action_fact_exits_2_with_the_place_and_the_suggestion() {
    let (_dir, path) =
        write_temp("Action(\n    title: \"t\",\n    facts: {\"finding_aproved\": true},\n)\n");
    oversight()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "action.ron:3:13: unknown fact `finding_aproved`",
        ))
        .stderr(predicate::str::contains("did you mean `finding_approved`?"));
}

#[test]
fn a_syntax_error_in_an_action_exits_2_with_the_place() {
    let (_dir, path) = write_temp("Action(\n    titel: \"t\",\n)\n");
    oversight()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "action.ron:2:5: unknown field `titel` in `Action`",
        ))
        .stderr(predicate::str::contains("did you mean `title`?"));
}

#[test]
fn a_typo_in_a_rule_file_exits_2_for_check_and_1_for_validate() {
    let rules = patched_rules(
        "law/50-usc-3093.ron",
        "Fact(\"oral_emergency_finding\")",
        "Fact(\"oral_emergency_findng\")",
    );
    let dir = rules.path().to_str().unwrap();
    oversight()
        .args(["check", COVERT, "--rules", dir])
        .assert()
        .code(2)
        .stderr(
            predicate::str::is_match(
                r"50-usc-3093\.ron:\d+:\d+: unknown fact `oral_emergency_findng`",
            )
            .unwrap(),
        )
        .stderr(predicate::str::contains(
            "did you mean `oral_emergency_finding`?",
        ));
    oversight()
        .args(["validate", "--rules", dir])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown fact"));
}

#[test]
fn a_cycle_between_rules_is_printed() {
    let rules = patched_rules(
        "law/50-usc-3093.ron",
        "when: All([Fact(\"influences_conditions_abroad\"), Fact(\"us_role_hidden\")]),",
        "when: All([Fact(\"influences_conditions_abroad\"), Not(Ref(\"limited_access\"))]),",
    );
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rules depend on each other in a cycle: ",
        ))
        .stderr(predicate::str::contains("covert_action"))
        .stderr(predicate::str::contains("limited_access"));
}

#[test]
fn validate_accepts_the_embedded_rules() {
    oversight()
        .arg("validate")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ok: "));
}

#[test]
fn test_passes_on_the_scenarios_and_fails_with_the_expectation_named() {
    oversight()
        .args(["test", "tests/scenarios"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" passed, 0 failed"));
    let text = std::fs::read_to_string(COVERT)
        .unwrap()
        .replace("told: [\"ssci\", \"hpsci\",", "told: [\"sasc\", \"hpsci\",");
    let (_dir, path) = write_temp(&text);
    oversight()
        .args(["test", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(
            predicate::str::is_match(
                r"action\.ron:\d+:\d+: expected `sasc` to be told, but it is not told",
            )
            .unwrap(),
        )
        .stdout(predicate::str::contains("0 passed, 1 failed"));
}

#[test]
fn an_unknown_rule_in_an_expectation_is_bad_input() {
    let text = std::fs::read_to_string(COVERT)
        .unwrap()
        .replace("\"3093-c-4\", \"3093-a-4\"", "\"3093-c-44\", \"3093-a-4\"");
    let (_dir, path) = write_temp(&text);
    oversight()
        .args(["test", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule id `3093-c-44`"))
        .stderr(predicate::str::contains("did you mean `3093-c-4`?"));
}

#[test]
fn a_missing_file_and_a_bad_date_are_bad_input() {
    oversight()
        .args(["check", "no-such-file.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no-such-file.ron: cannot read file",
        ));
    oversight()
        .args(["check", COVERT, "--as-of", "2025-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid date `2025-02-30`"));
}

#[test]
fn bad_usage_exits_2() {
    oversight()
        .args(["chek", COVERT])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a similar subcommand exists: 'check'",
        ));
    oversight()
        .args(["check", COVERT, "--format", "yaml"])
        .assert()
        .code(2);
}

#[test]
fn vocab_lists_facts_with_their_questions() {
    oversight()
        .arg("vocab")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("us_role_hidden: true | false"))
        .stdout(predicate::str::contains(
            "covered_nations: Covered nations (10 U.S.C. 4872(d)(2)) [TEXT-2023]",
        ));
    let output = oversight()
        .args(["vocab", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["schema"], "oversight.vocabulary/1");
}

#[test]
fn completions_are_generated() {
    oversight()
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("oversight"));
}

#[test]
fn coverage_passes_on_the_corpus_and_fails_when_a_rule_is_not_exercised() {
    oversight()
        .args(["coverage", "tests/scenarios"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(r"\d+ rules over \d+ scenarios: \d+ covered both ways, 0 not")
                .unwrap(),
        );
    oversight()
        .args(["coverage", COVERT])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("3093-c-2")
                .and(predicate::str::contains("<- not covered both ways")),
        );
}

#[test]
fn validate_rejects_a_malformed_pinpoint_and_an_empty_summary() {
    let rules = patched_rules("law/50-usc-3093.ron", "cite: \"(c)(3)\",", "cite: \"c3\",");
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "malformed pinpoint `c3` in rule `3093-c-3`",
        ));
    let rules = patched_rules(
        "law/50-usc-3094.ron",
        "says: \"No funds may be spent on an intelligence activity for which Congress has denied funds.\",",
        "says: \"  \",",
    );
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("rule `3094-b` has no summary"));
    let rules = patched_rules(
        "law/50-usc-3095.ron",
        "usc: \"50 U.S.C. 3095\",",
        "usc: \"50 USC 3095\",",
    );
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "malformed U.S. Code citation `50 USC 3095`",
        ));
}

#[test]
fn a_syntax_error_in_one_rule_file_is_reported_alone() {
    let rules = patched_rules(
        "law/50-usc-3093.ron",
        "            form: Written,\n            due: WithinHours",
        "            frm: Written,\n            due: WithinHours",
    );
    let output = oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown field `frm` in `Duty`") && stderr.contains("did you mean `form`?"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("unknown rule id"),
        "a parse error must not cascade into name errors: {stderr}"
    );
}

#[test]
fn check_with_a_proposal_marks_the_proposed_lines() {
    oversight()
        .args([
            "check",
            "tests/scenarios/rel-to-add-rus-ct-finished-intel.ron",
            "--with",
            "rules/proposals/rel-to-reporting.ron",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "with proposals applied: rel-to-reporting",
        ))
        .stdout(predicate::str::contains(
            "rule rel-to-d-2 · PROPOSED by `rel-to-reporting`",
        ))
        .stdout(predicate::str::contains(
            "due: by 2026-11-16 (at least 7 days before the start of the activity)",
        ));
    oversight()
        .args(["check", COVERT, "--with", "rel-to-reportng"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `rel-to-reporting`?"));
}

#[test]
fn diff_exits_zero_and_one_with_fail_on_change() {
    oversight()
        .args([
            "diff",
            "--with",
            "rules/proposals/rel-to-reporting.ron",
            "tests/scenarios",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: STRICTER"));
    oversight()
        .args([
            "diff",
            "--with",
            "rel-to-reporting",
            "tests/scenarios",
            "--fail-on-change",
        ])
        .assert()
        .code(1);
    oversight()
        .args([
            "diff",
            "--with",
            "rel-to-reporting",
            COVERT,
            "--fail-on-change",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: EQUIVALENT"));
    let output = oversight()
        .args(["diff", "--with", "rel-to-reporting", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["schema"], "oversight.diff/1");
    assert_eq!(value["verdict"], "stricter");
}

#[test]
fn render_exits_one_and_shows_the_span_for_a_wrong_draft() {
    oversight()
        .args(["render", "rel-to-reporting"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("draft text check: ok"));
    let text = std::fs::read_to_string("rules/proposals/rel-to-reporting.ron")
        .unwrap()
        .replace(
            "not later than 7 days after",
            "not later than 15 days after",
        );
    let (_dir, path) = write_temp(&text);
    oversight()
        .args(["render", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("draft text check: 1 mismatch(es)"))
        .stderr(predicate::str::is_match(r"action\.ron:\d+:\d+: the draft text says `15 days`, but no rule of the proposal has that period").unwrap())
        .stderr(predicate::str::contains("the rules say 7 days (`rel-to-d-1`), 7 days (`rel-to-d-2`)"));
}

#[test]
fn gaps_reports_every_concern_and_writes_runnable_examples() {
    let dir = tempfile::tempdir().unwrap();
    oversight()
        .args([
            "gaps",
            "--as-of",
            "2026-11-26",
            "--emit-examples",
            dir.path().to_str().unwrap(),
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "adversary_added_to_rel_to               GAP",
        ));
    let example = dir.path().join("gap-adversary_added_to_rel_to-1.ron");
    oversight()
        .args(["check", example.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "No specific notice to any committee or member is required",
        ));
    oversight()
        .args(["gaps", "--concern", "shared_with_adversry"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `shared_with_adversary`?",
        ));
}

#[test]
fn lint_passes_on_the_law_and_fails_on_a_rule_that_can_never_apply() {
    oversight()
        .arg("lint")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "0 never apply, 0 always overridden, 0 ineffective exceptions",
        ));
    let rules = patched_rules(
        "law/50-usc-3093.ron",
        "when: All([Ref(\"covert_action\"), Fact(\"aims_to_influence_us_politics\")]),",
        "when: All([Fact(\"aims_to_influence_us_politics\"), Not(Fact(\"aims_to_influence_us_politics\"))]),",
    );
    oversight()
        .args(["lint", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("never_applies: `3093-f` can never apply: its condition is unsatisfiable under the vocabulary"));
}

const TWO_MISTAKES: &str = "Action(\n    title: \"bad\",\n    facts: { \"us_role_hiden\": true, \"finding_approved\": 3 },\n)\n";

fn check_errors(action_text: &str, extra: &[&str]) -> (Option<i32>, String) {
    let (_dir, path) = write_temp(action_text);
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("check")
        .arg(&path)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let name = path.display().to_string();
    (output.status.code(), stderr.replace(&name, "action.ron"))
}

#[test]
fn plain_error_format_gives_one_line_per_problem_with_help_below() {
    let (code, stderr) = check_errors(TWO_MISTAKES, &["--error-format", "plain"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "action.ron:3:14: error: unknown fact `us_role_hiden`\n  help: did you mean `us_role_hidden`?\n\
         action.ron:3:57: error: fact `finding_approved` is a flag (true or false), but this value is not\n  help: write it as `true` or `false`\n"
    );
}

#[test]
fn json_error_format_lists_every_problem_with_its_position() {
    let (code, stderr) = check_errors(TWO_MISTAKES, &["--error-format", "json"]);
    assert_eq!(code, Some(2));
    let errors: serde_json::Value = serde_json::from_str(&stderr).unwrap();
    let errors = errors.as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["column"], 14);
    assert_eq!(errors[0]["message"], "unknown fact `us_role_hiden`");
    assert_eq!(errors[0]["help"], "did you mean `us_role_hidden`?");
    assert_eq!(errors[1]["column"], 57);
}

#[test]
fn deep_nesting_is_an_error_with_a_position_not_a_stack_overflow() {
    let deep = format!(
        "Action(title: \"x\", facts: {{\"a\": {}{}}})\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (code, stderr) = check_errors(&deep, &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: action.ron:1:"),
        "located: {}",
        &stderr[..200.min(stderr.len())]
    );
    assert!(stderr.contains("values are nested too deeply"));
    assert!(
        !stderr.contains("serde_stacker"),
        "no advice meant for programmers"
    );
    assert!(stderr.len() < 1_000, "a giant line is located, not printed");
}
