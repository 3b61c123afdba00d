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
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

const LIMITED: &str = "tests/scenarios/covert-finding-limited-access-gang-of-eight.ron";
const REL_TO: &str = "tests/scenarios/rel-to-add-rus-ct-finished-intel.ron";

#[test]
fn the_explain_tree_shows_c2_displacing_c1_with_both_paragraphs_cited() {
    let text = run(&["check", LIMITED, "--explain"]);
    assert!(text.contains(
        "`3093-c-2` applies = true [National Security Act of 1947 §503(c)(2), 50 U.S.C. 3093(c)(2)]"
    ));
    assert!(text.contains("displaces `3093-c-1` = true [National Security Act of 1947 §503(c)(1), 50 U.S.C. 3093(c)(1)]"));
    let json: serde_json::Value =
        serde_json::from_str(&run(&["check", LIMITED, "--explain", "--format", "json"])).unwrap();
    let trees = json["derivations"].as_array().unwrap();
    assert!(
        trees
            .iter()
            .any(|t| t["label"] == "`3093-c-2` applies" && t["value"] == "true")
    );
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("explain-tree@limited-access", text));
}

#[test]
fn explain_rule_says_c1_was_displaced_and_by_what() {
    let text = run(&["explain", LIMITED, "--rule", "3093-c-1"]);
    assert!(
        text.contains("why: displaced by `3093-c-2` (50 U.S.C. 3093(c)(2))"),
        "{text}"
    );
    assert!(text.contains("unless `3093-c-2` applies = true"), "{text}");
}

#[test]
fn explain_rule_on_rel_to_shows_the_failed_covert_action_conditions_and_the_counterfactual() {
    let text = run(&["explain", REL_TO, "--rule", "3093-c-1"]);
    assert!(
        text.contains(
            "why: `covert_action` does not apply: `influences_conditions_abroad` is false"
        ),
        "{text}"
    );
    assert!(text.contains("`covert_action` applies = false"));
    assert!(text.contains("smallest change that makes it apply (3 facts), as an action diff:"));
    assert!(text.contains("+   \"us_role_hidden\": true,"));
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
    assert!(text.contains("r_3093_c_2 -. overrides .-> r_3093_c_1"));
    assert!(text.contains("r_3093_c_3 -. overrides .-> r_3093_c_2"));
    assert!(text.contains("r_3093_c_2[\"3093-c-2 · 50 U.S.C. 3093(c)(2) = true\"]:::notice"));
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("graph-mermaid@3093-c-1-limited-access", text));
}

#[test]
fn graph_in_dot_draws_overrides_as_dashed_edges() {
    let text = run(&["graph", "--rule", "3093-c-1", "--format", "dot"]);
    assert!(text.starts_with("digraph rules {\n"));
    assert!(text.contains("r_3093_c_2 -> r_3093_c_1 [style=dashed, label=\"overrides\"];"));
    assert!(text.contains("r_covert_action -> r_3093_c_1;"));
    assert!(!text.contains(" = true"), "no values without an action");
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
