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

/// The small made-up law of `tests/test-law/`: tests of the command line's
/// mechanics run on it, so none of them depends on what the real law says.
const TEST_RULES: &str = "tests/test-law/rules";
/// A test-law scenario in which A holds: both committees are told.
const NOTICE_OF_A: &str = "tests/test-law/scenarios/notice-of-a.ron";

fn oversight() -> Command {
    let mut command = Command::cargo_bin("oversight").unwrap();
    command.env("RUST_BACKTRACE", "0").env("NO_COLOR", "1");
    command
}

/// `oversight ARGS --rules tests/test-law/rules`.
fn on_test_law(args: &[&str]) -> Command {
    let mut command = oversight();
    command.args(args).args(["--rules", TEST_RULES]);
    command
}

/// A copy of the test law's rules in a temporary directory, with one text
/// replaced in one file.
fn patched_rules(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new(TEST_RULES), dir.path());
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
fn check_lists_each_body_told_with_its_earliest_deadline_and_exits_zero() {
    on_test_law(&["check", NOTICE_OF_A])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ONE · Committee one · earliest: immediately after 2026-01-05 09:00 EST",
        ))
        .stdout(predicate::str::contains(
            "TWO · Committee two · earliest: by 2026-01-12",
        ))
        .stdout(predicate::str::contains(
            "cite: Test Act §1(a), 99 U.S.C. 1(a) [TEXT] · rule n1",
        ));
}

#[test]
fn outcomes_format_is_the_compact_listing_of_the_scenario_snapshots() {
    on_test_law(&["check", NOTICE_OF_A, "--format", "outcomes"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "  REQUIRED n1 · Notice · Test Act §1(a), 99 U.S.C. 1(a) [TEXT]\n           by: the head of the agency\n           to: one, two\n           form: in writing\n           due: by 2026-01-12 (within 7 days after the start)\n",
        ))
        .stdout(predicate::str::contains("  n2 · condition not met\n"));
}

#[test]
fn json_output_carries_the_schema_version() {
    let output = on_test_law(&["check", NOTICE_OF_A, "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["schema"], "oversight.assessment/2");
    let bodies: Vec<&str> = value["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["one", "two"]);
}

#[test]
fn markdown_output_has_a_table_per_body() {
    on_test_law(&["check", NOTICE_OF_A, "--format", "markdown"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("### Committee one (ONE)"))
        .stdout(predicate::str::contains("### Committee two (TWO)"))
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
fn an_event_before_a_provision_takes_effect_owes_nothing_under_it_whatever_the_as_of_date() {
    let event = |day: &str| {
        write_temp(&format!(
            "Action(title: \"B and C\", facts: {{\"a\": false, \"b\": true, \"c\": true}}, events: {{\"start\": \"{day}T09:00\"}})"
        ))
    };
    let (_dir, before) = event("2019-12-31");
    on_test_law(&["check", before.to_str().unwrap(), "--as-of", "2026-12-01"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("as of 2026-12-01 (command line)"))
        .stdout(predicate::str::contains(
            "not in force on 2019-12-31 (in force from 2020-01-01; Test Act Amendments of 2019)",
        ));
    let (_dir, after) = event("2020-01-01");
    on_test_law(&["check", after.to_str().unwrap(), "--as-of", "2019-06-01"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ONE · Committee one · earliest: by 2020-01-03 09:00 EST",
        ))
        .stdout(predicate::str::contains(
            "judged by the law of 2020-01-01 (the start)",
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
            "action.ron:3:13\n  × unknown fact `finding_aproved`",
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
            "action.ron:2:5\n  × unknown field `titel` in `Action`",
        ))
        .stderr(predicate::str::contains("did you mean `title`?"));
}

#[test]
fn a_typo_in_a_rule_file_exits_2_for_check_and_1_for_validate() {
    let rules = patched_rules(
        "law/test-act-1.ron",
        "when: Fact(\"a\"),",
        "when: Fact(\"aa\"),",
    );
    let dir = rules.path().to_str().unwrap();
    oversight()
        .args(["check", NOTICE_OF_A, "--rules", dir])
        .assert()
        .code(2)
        .stderr(predicate::str::is_match(r"test-act-1\.ron:17:24\n  × unknown fact `aa`").unwrap())
        .stderr(predicate::str::contains("did you mean `a`?"));
    oversight()
        .args(["validate", "--rules", dir])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown fact"));
}

#[test]
fn a_cycle_between_rules_is_printed() {
    let rules = patched_rules(
        "law/test-act-1.ron",
        "when: All([Fact(\"b\"), Fact(\"c\")]),",
        "when: All([Fact(\"b\"), Ref(\"n2\")]),",
    );
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rules depend on each other in a cycle: ",
        ))
        .stderr(predicate::str::contains("b-and-c"))
        .stderr(predicate::str::contains("n2"));
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
    on_test_law(&["test", "tests/test-law/scenarios"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("3 passed, 0 failed"));
    let text = std::fs::read_to_string(NOTICE_OF_A).unwrap().replace(
        "told: [\"one\", \"two\"],",
        "told: [\"one\"], not_told: [\"two\"],",
    );
    let (_dir, path) = write_temp(&text);
    on_test_law(&["test", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "action.ron:7:35: expected `two` not to be told, but it is under n1",
        ))
        .stdout(predicate::str::contains("0 passed, 1 failed"));
}

#[test]
fn a_proposals_lines_are_explained_under_sources() {
    // The PROPOSAL tag is explained like the others (it used to print empty).
    on_test_law(&[
        "check",
        "tests/test-law/scenarios/listed-state.ron",
        "--with",
        "tell-two",
    ])
    .assert()
    .code(0)
    .stdout(predicate::str::contains(
        "SOURCES\n  [PROPOSAL] proposed amendment, not law\n",
    ));
}

#[test]
fn a_wrong_citation_in_an_expectation_fails_with_the_citation_found() {
    let text = std::fs::read_to_string(NOTICE_OF_A).unwrap().replace(
        "cites: {\"n1\": \"Test Act §1(a), 99 U.S.C. 1(a)\"},",
        "cites: {\"n1\": \"Test Act §1(b), 99 U.S.C. 1(b)\"},",
    );
    let (_dir, path) = write_temp(&text);
    on_test_law(&["test", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "action.ron:11:17: expected rule `n1` to be cited as `Test Act §1(b), 99 U.S.C. 1(b)`, but it is cited as `Test Act §1(a), 99 U.S.C. 1(a)`",
        ));
}

#[test]
fn an_unknown_rule_in_an_expectation_is_bad_input() {
    let text = std::fs::read_to_string(NOTICE_OF_A)
        .unwrap()
        .replace("applies: [\"n1\", \"m1\"],", "applies: [\"n11\", \"m1\"],");
    let (_dir, path) = write_temp(&text);
    on_test_law(&["test", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule id `n11`"))
        .stderr(predicate::str::contains("did you mean `n1`?"));
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
    on_test_law(&["vocab"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("  a: true | false\n      A?\n"))
        .stdout(predicate::str::contains(
            "  adversaries: Adversaries (test) [TEXT]\n      CHN, RUS\n",
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
    on_test_law(&["coverage", NOTICE_OF_A])
        .assert()
        .code(1)
        .stdout(
            predicate::str::is_match(
                r"\nn1 +1 +0 +0 +0  99 U\.S\.C\. 1\(a\)  <- not covered both ways\n",
            )
            .unwrap(),
        );
}

#[test]
fn validate_rejects_a_malformed_pinpoint_and_an_empty_summary() {
    let rules = patched_rules("law/test-act-1.ron", "cite: \"(c)\",", "cite: \"c\",");
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "malformed pinpoint `c` in rule `n2`",
        ));
    let rules = patched_rules(
        "law/test-act-1.ron",
        "says: \"B and C together.\",",
        "says: \"  \",",
    );
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("rule `b-and-c` has no summary"));
    let rules = patched_rules(
        "law/test-act-2.ron",
        "usc: \"99 U.S.C. 2\",",
        "usc: \"99 USC 2\",",
    );
    oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "malformed U.S. Code citation `99 USC 2`",
        ));
}

#[test]
fn a_syntax_error_in_one_rule_file_is_reported_alone() {
    let rules = patched_rules(
        "law/test-act-2.ron",
        "            form: Unspecified,",
        "            frm: Unspecified,",
    );
    let output = oversight()
        .args(["validate", "--rules", rules.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown field `frm` in `Notice`")
            && stderr.contains("did you mean `form`?"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("unknown rule id"),
        "a parse error must not cascade into name errors: {stderr}"
    );
}

#[test]
fn check_with_a_proposal_marks_the_proposed_lines() {
    on_test_law(&[
        "check",
        "tests/test-law/scenarios/listed-state.ron",
        "--with",
        "tests/test-law/rules/proposals/tell-two.ron",
    ])
    .assert()
    .code(0)
    .stdout(predicate::str::contains(
        "with proposals applied: tell-two-of-listed-states",
    ))
    .stdout(predicate::str::contains(
        "rule tell-two · PROPOSED by `tell-two-of-listed-states`",
    ))
    .stdout(predicate::str::contains(
        "due: by 2026-01-12 (within 7 days after the start)",
    ));
    on_test_law(&["check", NOTICE_OF_A, "--with", "tell-tw"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `tell-two`?"));
}

#[test]
fn diff_exits_zero_and_one_with_fail_on_change() {
    let diff = |extra: &[&str]| {
        let mut command = oversight();
        command
            .args(["diff", "--rules", TEST_RULES, "--with", "tell-two"])
            .args(extra);
        command
    };
    diff(&["tests/test-law/scenarios"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "law vs law + tell-two-of-listed-states",
        ))
        .stdout(predicate::str::contains("verdict: STRICTER"))
        .stdout(predicate::str::contains("1 scenarios changed, 1 unchanged"));
    diff(&["tests/test-law/scenarios", "--fail-on-change"])
        .assert()
        .code(1);
    diff(&[NOTICE_OF_A, "--fail-on-change"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: EQUIVALENT"));
    let output = diff(&["tests/test-law/scenarios", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["schema"], "oversight.diff/1");
    assert_eq!(value["verdict"], "stricter");
    assert_eq!(value["before"], "law");
    assert_eq!(value["after"], "law + tell-two-of-listed-states");
}

#[test]
fn render_exits_one_and_shows_the_span_for_a_wrong_draft() {
    on_test_law(&["render", "tell-two"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("draft text check: ok"));
    let text = std::fs::read_to_string("tests/test-law/rules/proposals/tell-two.ron")
        .unwrap()
        .replace(
            "not later than 7 days after",
            "not later than 15 days after",
        );
    let (_dir, path) = write_temp(&text);
    on_test_law(&["render", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("draft text check: 2 mismatch(es)"))
        .stderr(predicate::str::contains("action.ron:11:89\n  × the draft text says `15 days`, but no rule of the proposal has that period"))
        .stderr(predicate::str::contains("the rules say 7 days after (`tell-two`)"));
}

#[test]
fn gaps_reports_every_concern_and_writes_runnable_examples() {
    let dir = tempfile::tempdir().unwrap();
    on_test_law(&["gaps", "--as-of", "2026-01-01"])
        .args(["--emit-examples", dir.path().to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("with_adversary  GAP"))
        // A pattern names the group its country class stands for; the
        // example is one concrete member.
        .stdout(predicate::str::contains(
            "  pattern 1: country = a country in adversaries\n    example: country = CHN (adversaries)\n    and none of: a, b\n",
        ));
    let example = dir.path().join("gap-with_adversary-1.ron");
    on_test_law(&["check", example.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "No specific notice to any committee or member is required",
        ));
    on_test_law(&["gaps", "--concern", "with_adversry"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `with_adversary`?"));
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
        "law/test-act-1.ron",
        "when: All([Fact(\"b\"), Fact(\"c\")]),",
        "when: All([Fact(\"b\"), Not(Fact(\"b\"))]),",
    );
    oversight()
        .args(["lint", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "never_applies: `b-and-c` can never apply: its condition is unsatisfiable under the vocabulary",
        ));
}

#[test]
fn lint_reports_an_overlap_but_exits_zero() {
    // Overlaps are often deliberate (two statutes telling one committee of the
    // same event); lint names them for review and fails only on dead rules
    // and exceptions that never matter.
    on_test_law(&["lint"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "rule health: 0 never apply, 0 always overridden, 0 ineffective exceptions, 1 overlaps",
        ))
        .stdout(predicate::str::contains(
            "overlap: `n1` (99 U.S.C. 1(a)) and `m1` (99 U.S.C. 2(a)) tell one about the same situation",
        ));
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
        "action.ron:3:14: error[oversight::input::unknown_fact]: unknown fact `us_role_hiden`\n  help: did you mean `us_role_hidden`?\n\
         action.ron:3:57: error[oversight::input::wrong_type]: fact `finding_approved` is a flag (true or false), but this value is not\n  help: write it as `true` or `false`\n"
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
    assert_eq!(errors[0]["code"], "oversight::input::unknown_fact");
    assert_eq!(errors[1]["code"], "oversight::input::wrong_type");
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
        stderr.starts_with("error[oversight::parse::too_deep]: action.ron:1:"),
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

#[test]
fn control_characters_from_the_input_never_reach_the_terminal() {
    // An ESC sequence in a title would retitle the terminal or hide the rest
    // of the report; in a fact name it would do the same inside an error.
    let (_dir, path) =
        write_temp("Action(\n    title: \"t\u{1b}]0;pwned\u{7}\u{1b}[2J\",\n    facts: {},\n)\n");
    let output = oversight()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("t?]0;pwned??[2J"), "{stdout}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'));

    let (_dir, path) =
        write_temp("Action(\n    title: \"t\",\n    facts: {\"a\u{1b}[8m\": true},\n)\n");
    let output = oversight()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown fact `a?[8m`"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

#[test]
fn an_endless_file_is_refused_at_the_size_limit_without_reading_on() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    oversight()
        .args(["check", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[oversight::file::too_large]: /dev/zero",
        ))
        .stderr(predicate::str::contains(
            "file is larger than the 4 MiB limit",
        ));
}

#[test]
fn a_byte_order_mark_is_accepted_and_dash_reads_standard_input() {
    let text = std::fs::read_to_string(COVERT).unwrap();
    let expected = oversight()
        .args(["check", "--format", "outcomes", COVERT])
        .output()
        .unwrap();
    assert!(expected.status.success());
    let (_dir, path) = write_temp(&format!("\u{feff}{text}"));
    let with_bom = oversight()
        .args(["check", "--format", "outcomes", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        with_bom.status.success(),
        "{}",
        String::from_utf8_lossy(&with_bom.stderr)
    );
    let from_stdin = oversight()
        .args(["check", "--format", "outcomes", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(
        from_stdin.status.success(),
        "{}",
        String::from_utf8_lossy(&from_stdin.stderr)
    );
    // The outcome listing names the action file; the legal lines must match.
    let lines = |out: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(out)
            .lines()
            .filter(|l| !l.contains(".ron") && !l.contains("standard input"))
            .map(String::from)
            .collect()
    };
    assert_eq!(lines(&with_bom.stdout), lines(&expected.stdout));
    assert_eq!(lines(&from_stdin.stdout), lines(&expected.stdout));
}

#[test]
fn emitted_examples_replace_their_own_old_files_and_nothing_else_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("gap-a_concern_since_removed-1.ron");
    std::fs::write(&stale, "stale").unwrap();
    on_test_law(&["gaps", "--as-of", "2026-01-01"])
        .args(["--emit-examples", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
    assert!(
        !stale.exists(),
        "the examples of an earlier run are replaced"
    );
    assert!(dir.path().join("gap-with_adversary-1.ron").exists());
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("gap-") && n.ends_with(".ron")),
        "{names:?}"
    );

    // A folder with someone else's file is refused, and the file kept.
    let mine = dir.path().join("notes.txt");
    std::fs::write(&mine, "mine").unwrap();
    on_test_law(&["gaps", "--as-of", "2026-01-01"])
        .args(["--emit-examples", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[oversight::cli::folder_not_empty]",
        ));
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    on_test_law(&["gaps", "--as-of", "2026-01-01", "--force"])
        .args(["--emit-examples", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
}

#[test]
fn a_concern_id_cannot_name_a_path() {
    let rules = patched_rules(
        "concerns.ron",
        "id: \"with_adversary\"",
        "id: \"../escape\"",
    );
    oversight()
        .args(["gaps", "--rules", rules.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[oversight::analysis::invalid_concern_id]",
        ))
        .stderr(predicate::str::contains("invalid concern id `../escape`"));
}

#[test]
fn thousands_of_mistakes_are_reported_fifty_at_a_time_with_a_count_of_the_rest() {
    // Before issue 18 each of 20,000 unknown facts rescanned the file for
    // its line and column and was rendered in full: 51 s and megabytes.
    let facts: String = (0..20_000)
        .map(|i| format!("\n    \"no_such_fact_{i}\": true,"))
        .collect();
    let (_dir, path) = write_temp(&format!("Action(title: \"t\", facts: {{{facts}}})\n"));
    let output = oversight()
        .args(["check", path.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches("× unknown fact").count(), 50);
    assert!(
        stderr.contains("... and 19950 more problems not shown\n20000 errors\n"),
        "{}",
        &stderr[stderr.len().saturating_sub(300)..]
    );
    let json = oversight()
        .args(["check", "--error-format", "json", path.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&json.stderr).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 51);
    assert_eq!(items[50]["code"], "oversight::more_problems");
    assert_eq!(items[50]["message"], "19950 more problems not shown");
}

#[test]
fn an_as_of_time_and_an_empty_law_folder_are_errors_not_silent_defaults() {
    oversight()
        .args(["check", "--as-of", "2025-03-08T10:00", COVERT])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[oversight::cli::as_of_with_time]: --as-of: `--as-of` takes a date, not a time: `2025-03-08T10:00`",
        ));
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new(TEST_RULES), dir.path());
    for entry in std::fs::read_dir(dir.path().join("law")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    oversight()
        .args(["validate", "--rules", dir.path().to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "error[oversight::input::no_law_files]",
        ))
        .stdout(predicate::str::contains("ok").not());
}

/// The peak resident memory (VmHWM, in KiB) of `oversight coverage` over
/// `copies` copies of the scenario corpus, read from /proc while it runs (the
/// kernel keeps the peak, so the last reading before it exits is the peak).
#[cfg(target_os = "linux")]
fn coverage_peak_kib(copies: usize) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = common::ron_files("tests/scenarios");
    for copy in 0..copies {
        for path in &scenarios {
            let name = format!("{copy}-{}", path.file_name().unwrap().to_string_lossy());
            std::fs::copy(path, dir.path().join(name)).unwrap();
        }
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_oversight"))
        .arg("coverage")
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kib) = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak = kib;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    peak
}

#[cfg(target_os = "linux")]
#[test]
fn coverage_memory_does_not_grow_with_the_number_of_scenarios() {
    // Issue 18, item 10: coverage kept every assessment until the end (845 MB
    // for 6,900 scenarios, about 120 KB each). Counting scenario by scenario,
    // ten times the scenarios need no more memory than once.
    let once = coverage_peak_kib(1);
    let ten_times = coverage_peak_kib(10);
    assert!(once > 0 && ten_times > 0);
    assert!(
        ten_times < once + 40 * 1024,
        "peak memory {once} KiB for one copy of the corpus, {ten_times} KiB for ten"
    );
}
