//! Reports a staffer can act on (issue 21): the bottom line first, bodies
//! with the same obligations grouped, `--brief` and `--only`, an honest
//! headline (gate recipients are bodies to tell; definitions that applied
//! are named; contradictory facts are flagged).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use assert_cmd::Command;

fn check(args: &[&str]) -> String {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_trial_action_fits_one_screen_with_brief_and_opens_with_the_bottom_line() {
    let brief = check(&["tests/reports/nsa-fsb-liaison.ron", "--brief"]);
    assert!(
        brief.lines().count() <= 40,
        "{} lines:\n{brief}",
        brief.lines().count()
    );
    let lines: Vec<&str> = brief.lines().collect();
    assert_eq!(lines.get(3), Some(&"BOTTOM LINE"));
    assert!(brief.contains("  0 obligations required · 40 depend on open facts\n"));
    assert!(brief.contains(
        "Tell now: no committee or member is owed a specific notice on the facts given."
    ));
    // SSCI and HPSCI owe the same: one line, not two identical blocks.
    assert!(
        brief.contains("\n  SSCI and HPSCI: 0 required, 20 depend\n"),
        "{brief}"
    );
    assert!(brief.contains("OPEN QUESTIONS (the 3 most decisive of"));
    common::snapshot_settings().bind(|| insta::assert_snapshot!("brief@nsa-fsb-liaison", brief));
}

#[test]
fn only_depends_lists_no_required_line_and_the_full_report_groups_bodies() {
    let full = check(&["tests/scenarios/covert-finding-liaison-support.ron"]);
    assert!(full.contains("\nSSCI and HPSCI · Senate Select Committee on Intelligence; House Permanent Select Committee on Intelligence"));
    assert_eq!(
        full.matches("rule 3093-c-1\n").count(),
        1,
        "one block for both committees"
    );
    let only = check(&[
        "tests/scenarios/covert-finding-liaison-support.ron",
        "--only",
        "depends",
    ]);
    let bodies = only
        .split("BODIES TO TELL")
        .nth(1)
        .unwrap()
        .split("\nGATES AND PROHIBITIONS")
        .next()
        .unwrap();
    assert!(!bodies.contains("REQUIRED"), "{bodies}");
    assert!(
        full.split("BODIES TO TELL")
            .nth(1)
            .unwrap()
            .split("\nGATES")
            .next()
            .unwrap()
            .contains("REQUIRED")
    );
}

#[test]
fn a_gates_recipients_are_bodies_to_tell_in_the_headline_and_the_json() {
    let text = check(&["tests/scenarios/un-peacekeeping-mission-intelligence.ron"]);
    assert!(
        text.contains("Tell now: SSCI, HPSCI, SFRC and HFAC (1 obligation each)"),
        "{text}"
    );
    assert!(!text.contains("No specific notice to any committee"));
    let json: serde_json::Value = serde_json::from_str(&check(&[
        "tests/scenarios/un-peacekeeping-mission-intelligence.ron",
        "--format",
        "json",
    ]))
    .unwrap();
    let bodies: Vec<&str> = json["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["ssci", "hpsci", "sfrc", "hfac"]);
    assert_eq!(
        json["summary"]["tell"][0]["names"],
        "SSCI, HPSCI, SFRC and HFAC"
    );
}

#[test]
fn a_deeming_definition_that_applied_is_named_not_hidden_under_nothing_applies() {
    let text = check(&["tests/scenarios/equipment-transfer-over-one-million-to-liaison.ron"]);
    let bottom = text.split("BODIES TO TELL").next().unwrap();
    assert!(
        bottom.contains("Terms that applied:") && bottom.contains("3095-a-1"),
        "{bottom}"
    );
    let json: serde_json::Value = serde_json::from_str(&check(&[
        "tests/scenarios/equipment-transfer-over-one-million-to-liaison.ron",
        "--format",
        "json",
    ]))
    .unwrap();
    let terms: Vec<&str> = json["summary"]["terms_applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        terms
            .contains(&"3095-a-1 (National Security Act of 1947 §505(a)(1), 50 U.S.C. 3095(a)(1))"),
        "{terms:?}"
    );
    let nothing = text
        .split("Nothing applies under")
        .nth(1)
        .unwrap()
        .split("(every reason")
        .next()
        .unwrap();
    assert!(
        !nothing.contains("50 U.S.C. 3095"),
        "3095 is in play, not 'nothing applies':\n{nothing}"
    );
    assert!(text.contains("  3095-denied-activity · National Security Act of 1947 §505(a)(3)"));
}

#[test]
fn a_fact_that_contradicts_a_definition_is_flagged_with_the_rules_that_ignore_it() {
    let text = check(&["tests/reports/finding-on-a-military-cyber-operation.ron"]);
    assert!(
        text.contains("Contradictory facts: `finding_approved` is stated true, but `covert_action` (National Security"),
        "{text}"
    );
    assert!(text.contains("`3093-c-1`"));
    let plain =
        check(&["tests/scenarios/clandestine-military-cyber-operation-not-covert-action.ron"]);
    assert!(
        !plain.contains("Contradictory facts"),
        "no contradiction without the finding"
    );
}
