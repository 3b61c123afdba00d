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
    let memo = run(&[
        "check",
        "tests/scenarios/svr-liaison-as-new-cap-compartment.ron",
        "--format",
        "markdown",
    ]);
    assert!(memo.contains(
        "## Confidence notes\n\n- `3091a-funding` (50 U.S.C. 3091a) is SECONDARY: it rests on"
    ));
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

#[test]
fn the_readme_memo_excerpt_is_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "<!-- memo excerpt: ";
    let rest = &readme[readme.find(marker).unwrap() + marker.len()..];
    let (action, rest) = rest.split_once(" -->").unwrap();
    let block = rest
        .split_once("```markdown\n")
        .unwrap()
        .1
        .split_once("```")
        .unwrap()
        .0;
    let memo = without_digest(&run(&["check", action, "--format", "markdown"]));
    let memo_lines: Vec<&str> = memo.lines().collect();
    for line in block.lines().filter(|l| *l != "...") {
        assert!(
            memo_lines.contains(&line),
            "README memo line is not in the output: {line}"
        );
    }
}
