//! Explanations: derivation trees, why / why not with a counterfactual.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    common::oversight_stdout(None, args)
}

const LIMITED: &str = "tests/scenarios/covert-finding-limited-access-gang-of-eight.ron";
const REL_TO: &str = "tests/scenarios/rel-to-add-rus-ct-finished-intel.ron";

#[test]
fn the_explain_tree_is_the_same_in_text_and_json_and_is_snapshotted() {
    // The limited-access finding: (c)(2) displaces (c)(1), both cited (the
    // snapshot holds the tree; a rule change shows as its diff).
    let text = run(&["check", LIMITED, "--explain"]);
    let json: serde_json::Value =
        serde_json::from_str(&run(&["check", LIMITED, "--explain", "--format", "json"])).unwrap();
    let trees = json["derivations"].as_array().unwrap();
    assert!(!trees.is_empty(), "something applies in this scenario");
    for tree in trees {
        let label = tree["label"].as_str().unwrap();
        let value = tree["value"].as_str().unwrap();
        assert!(
            text.contains(&format!("{label} = {value}")),
            "the text tree lacks the JSON root `{label} = {value}`"
        );
    }
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("explain-tree@limited-access", text));
}

#[test]
fn explain_rule_says_what_displaced_a_rule() {
    let text = run(&["explain", LIMITED, "--rule", "3093-c-1"]);
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("explain-rule@limited-access-3093-c-1", text));
}

#[test]
fn explain_rule_on_rel_to_shows_the_failed_conditions_and_the_counterfactual() {
    let text = run(&["explain", REL_TO, "--rule", "3093-c-1"]);
    assert!(text.contains("\nwhy: "), "{text}");
    assert!(
        text.contains("smallest change that makes it apply ("),
        "{text}"
    );
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("explain-rule@rel-to-3093-c-1", text));
}

#[test]
fn explain_rule_with_an_unknown_id_suggests_the_nearest() {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .args(["explain", REL_TO, "--rule", "3093-c-11"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `3093-c-1`?"));
}

#[test]
fn graph_around_3093_c_1_shows_the_overrides_and_the_values_for_an_action() {
    let text = run(&["graph", "--rule", "3093-c-1", LIMITED]);
    assert!(text.starts_with("flowchart LR\n"));
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("graph-mermaid@3093-c-1-limited-access", text));
}

#[test]
fn graph_in_dot_draws_the_same_edges_as_mermaid_with_overrides_dashed() {
    let dot = run(&["graph", "--rule", "3093-c-1", "--format", "dot"]);
    let mermaid = run(&["graph", "--rule", "3093-c-1"]);
    assert!(dot.starts_with("digraph rules {\n"));
    assert!(!dot.contains(" = true"), "no values without an action");
    let mut overrides = 0;
    for line in mermaid.lines() {
        if let Some((from, to)) = line.trim().split_once(" -. overrides .-> ") {
            overrides += 1;
            assert!(
                dot.contains(&format!(
                    "{from} -> {to} [style=dashed, label=\"overrides\"];"
                )),
                "{line}"
            );
        } else if let Some((from, to)) = line.trim().split_once(" --> ") {
            assert!(dot.contains(&format!("{from} -> {to};")), "{line}");
        }
    }
    assert!(overrides > 0, "the graph around 3093-c-1 has overrides");
}

#[test]
fn graph_with_an_unknown_rule_suggests_the_nearest_and_exits_2() {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["graph", "--rule", "3093-c-x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown rule id `3093-c-x`"));
    assert!(stderr.contains("`3093-c-1`"));
}

/// The law version line with its digest replaced, so the memo snapshot
/// changes when an outcome changes, not whenever any rule file is touched.
fn without_digest(memo: &str) -> String {
    let at = memo.find("; law ").unwrap() + "; law ".len();
    let digest = &memo[at..at + 16];
    assert!(
        digest.chars().all(|c| c.is_ascii_hexdigit()),
        "law version is 16 hex digits, got {digest}"
    );
    memo.replacen(digest, "<digest>", 1)
}

#[test]
fn the_memo_names_the_law_version_and_flags_secondary_source_rules() {
    let scenario = "tests/scenarios/svr-liaison-as-new-cap-compartment.ron";
    let memo = run(&[
        "check",
        scenario,
        "--format",
        "markdown",
        "--prepared",
        "2026-12-01",
    ]);
    // Every line that applies or depends on a SECONDARY or UNCONFIRMED source
    // gets a note, in every scenario's memo.
    let mut notes = 0;
    for path in common::ron_files("tests/scenarios") {
        let path = path.to_str().unwrap();
        let memo = run(&["check", path, "--format", "markdown"]);
        let json: serde_json::Value =
            serde_json::from_str(&run(&["check", path, "--format", "json"])).unwrap();
        for outcome in json["outcomes"].as_array().unwrap() {
            let weak = matches!(
                outcome["confidence"].as_str(),
                Some("SECONDARY" | "UNCONFIRMED")
            );
            if !weak || outcome["status"] == "not_required" {
                continue;
            }
            let note = format!(
                "- `{}` ({}) is {}: it rests on",
                outcome["rule"].as_str().unwrap(),
                outcome["citation"].as_str().unwrap(),
                outcome["confidence"].as_str().unwrap()
            );
            assert!(
                memo.contains(&note),
                "{path}: missing confidence note: {note}"
            );
            notes += 1;
        }
    }
    assert!(
        notes > 0,
        "some scenario shows a rule from a secondary source"
    );
    assert!(memo.contains("as encoded in oversight "));
    assert!(memo.ends_with("---\nGenerated by oversight 0.1.0.\n"));
    let validate = run(&["validate"]);
    let version = &memo[memo.find("; law ").unwrap() + 2..][..20];
    assert!(
        validate.trim_end().ends_with(version),
        "validate prints the same law version: {validate}"
    );
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "memo@svr-liaison-as-new-cap-compartment",
            without_digest(&memo)
        )
    });
}

#[test]
fn the_law_version_changes_when_a_rule_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(std::path::Path::new("rules"), dir.path());
    let before = run(&["validate", "--rules", dir.path().to_str().unwrap()]);
    let bodies = dir.path().join("bodies.ron");
    let text = std::fs::read_to_string(&bodies).unwrap();
    std::fs::write(&bodies, format!("// edited\n{text}")).unwrap();
    let after = run(&["validate", "--rules", dir.path().to_str().unwrap()]);
    assert_ne!(before, after);
    assert_eq!(run(&["validate"]), run(&["validate", "--rules", "rules"]));
}
