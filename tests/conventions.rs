//! Command-line conventions (issue 21, point 5): `--version` names the law,
//! `man` pages, completions that know the rule book, `--color`, `-` for
//! standard input, JSON from every command that reports, `vocab` lists the
//! proposals, and every `--help` example that names real files runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

fn oversight() -> Command {
    let mut command = Command::cargo_bin("oversight").unwrap();
    command.env("RUST_BACKTRACE", "0");
    command
}

fn stdout(args: &[&str]) -> String {
    let output = oversight().args(args).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn version_names_the_embedded_law() {
    let version = stdout(&["--version"]);
    let validate = stdout(&["validate"]);
    let digest = validate.split("; law ").nth(1).unwrap().trim();
    assert!(
        version.contains(&format!("embedded law: law {digest} (")),
        "{version}"
    );
    assert!(
        version.contains("provisions checked for amendments through 2025-12-18"),
        "{version}"
    );
}

#[test]
fn man_pages_for_the_tool_and_each_command() {
    let main = stdout(&["man"]);
    assert!(
        main.contains(".TH oversight 1") && main.contains(".SH NAME"),
        "{main}"
    );
    let check = stdout(&["man", "check"]);
    assert!(
        check.contains(".TH oversight-check 1") && check.contains("brief"),
        "{check}"
    );
    let wrong = oversight().args(["man", "chek"]).output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("did you mean `check`?"));
}

#[test]
fn completions_offer_rule_proposal_and_concern_ids_from_the_rule_book() {
    let complete = |args: &[&str]| {
        let output = oversight()
            .env("COMPLETE", "fish")
            .arg("--")
            .arg("oversight")
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let rules = complete(&["explain", "a.ron", "--rule", "3093-c-"]);
    assert!(
        rules.lines().any(|l| l == "3093-c-1\t50 U.S.C. 3093(c)(1)"),
        "{rules}"
    );
    let proposals = complete(&["check", "a.ron", "--with", "rel"]);
    assert_eq!(
        proposals,
        "rel-to-reporting\tReports on changes to standing release decisions\n"
    );
    let facts = complete(&["vocab", "us_role"]);
    assert!(facts.starts_with("us_role_hidden\t"), "{facts}");
    let concerns = complete(&["gaps", "--concern", "adversary_added"]);
    assert!(
        concerns.starts_with("adversary_added_to_rel_to\t"),
        "{concerns}"
    );
    let script = stdout(&["completions", "bash"]);
    assert!(
        script.contains("COMPLETE=\"bash\"") || script.contains("COMPLETE=bash"),
        "{script}"
    );
}

#[test]
fn color_is_chosen_by_flag_as_well_as_by_no_color() {
    let broken = "tests/errors/action/amount-given-a-string.ron";
    let always = oversight()
        .args(["--color", "always", "check", broken])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&always.stderr).contains('\u{1b}'));
    let never = oversight()
        .args(["--color", "never", "check", broken])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&never.stderr).contains('\u{1b}'));
}

#[test]
fn a_dash_reads_the_action_from_standard_input() {
    let action =
        std::fs::read_to_string("tests/scenarios/covert-finding-liaison-support.ron").unwrap();
    let from_stdin = oversight()
        .args(["explain", "-", "--rule", "3093-c-1"])
        .write_stdin(action)
        .output()
        .unwrap();
    assert_eq!(from_stdin.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&from_stdin.stdout).starts_with("rule 3093-c-1 · "));
}

#[test]
fn every_command_that_reports_writes_json() {
    for args in [
        vec![
            "explain",
            "tests/scenarios/covert-finding-liaison-support.ron",
            "--rule",
            "3093-c-1",
            "--format",
            "json",
        ],
        vec![
            "render",
            "adversary-liaison-channel-report",
            "--format",
            "json",
        ],
        vec![
            "test",
            "tests/scenarios/covert-finding-liaison-support.ron",
            "--format",
            "json",
        ],
        vec!["coverage", "--format", "json"],
        vec!["vocab", "--format", "json"],
        // lint, gaps and diff have had JSON, tested with their reports.
    ] {
        let text = stdout(&args);
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"));
        assert!(value.is_object() || value.is_array(), "{args:?}");
    }
    let explain: serde_json::Value = serde_json::from_str(&stdout(&[
        "explain",
        "tests/scenarios/clandestine-military-cyber-operation-not-covert-action.ron",
        "--rule",
        "3093-c-1",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(explain["schema"], "oversight.explanation/1");
    assert_eq!(
        explain["to_depend"],
        serde_json::json!(["finding_approved", "clandestine_military_cyber_operation"])
    );
}

#[test]
fn vocab_lists_the_proposals() {
    let text = stdout(&["vocab"]);
    assert!(
        text.contains("\nPROPOSALS (apply with --with ID)\n  adversary-exchange-notice: "),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["vocab", "--format", "json"])).unwrap();
    assert_eq!(json["proposals"].as_array().unwrap().len(), 5);
}

#[test]
fn every_help_example_that_names_real_files_runs() {
    let commands = [
        "check",
        "explain",
        "vocab",
        "validate",
        "test",
        "diff",
        "render",
        "gaps",
        "lint",
        "ask",
        "graph",
        "coverage",
        "export",
        "completions",
        "serve",
        "man",
    ];
    let mut ran = 0;
    for command in commands {
        let help = stdout(&[command, "--help"]);
        let examples = help
            .split("Examples:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("`{command} --help` has no examples"));
        for line in examples
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("oversight "))
        {
            // Examples with placeholders, redirections, pipes or a server
            // are read, not run.
            let words: Vec<&str> = line.split_whitespace().skip(1).collect();
            let placeholder = words.iter().any(|w| {
                w.ends_with(".ron") && !std::path::Path::new(w).exists()
                    || w.contains('>')
                    || w.contains('|')
                    || w.ends_with('/')
            });
            // Long runs (gaps, diff, coverage and lint over the whole law, the
            // test suite) are run by their own tests.
            let slow =
                ["gaps", "diff", "coverage", "lint"].contains(&command) || line == "oversight test";
            if placeholder || slow || line.contains(" > ") || command == "serve" || command == "ask"
            {
                continue;
            }
            let output = oversight().args(&words).output().unwrap();
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "`{line}` exits {:?}: {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 8, "only {ran} examples ran");
}
