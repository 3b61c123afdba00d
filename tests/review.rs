//! Reviewing a rule change: `diff --base` against a git revision or another
//! directory, and proposals given by path or found in a rules directory by
//! id, for every command that takes one. All on the small test law of
//! `tests/common`, so no test here depends on what the real law says.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

use assert_cmd::Command;

/// A notice to both test committees within 7 days after the start.
const NOTICE_TO_BOTH: &str = r#"        Notice(id: "n1", cite: "(a)", says: "Tell both.", when: Fact("a"),
            by: "the head", to: ["both"], what: "notice", form: Written,
            due: WithinDays(days: 7, after: "start")),"#;

/// A scenario of the test law in which `n1` applies.
const SCENARIO: &str = r#"Action(
    title: "A is true",
    facts: {"a": true},
    events: {"start": "2026-01-05T09:00"},
    expect: (told: ["one", "two"], applies: ["n1"]),
)"#;

fn oversight(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("oversight").unwrap();
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // No repository above the temporary directory may be found.
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap());
    command
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?} failed");
}

/// A repository holding `rules/` (the test law) and `scenarios/`, with one
/// commit, then a second that sends `n1` to committee one only.
fn repository_with_two_commits() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    common::write_test_rules(&repo.path().join("rules"), NOTICE_TO_BOTH);
    std::fs::create_dir(repo.path().join("scenarios")).unwrap();
    std::fs::write(repo.path().join("scenarios/a.ron"), SCENARIO).unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "the law"]);
    narrow_to_one(&repo.path().join("rules"));
    git(
        repo.path(),
        &["commit", "-q", "-am", "n1 to committee one only"],
    );
    repo
}

fn narrow_to_one(rules: &Path) {
    let law = rules.join("law/test.ron");
    let text = std::fs::read_to_string(&law).unwrap();
    std::fs::write(&law, text.replace(r#"to: ["both"]"#, r#"to: ["one"]"#)).unwrap();
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn diff_base_compares_the_rules_with_an_earlier_commit() {
    let repo = repository_with_two_commits();
    let output = oversight(repo.path())
        .args(["diff", "--base", "HEAD~1", "scenarios"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        text.starts_with("rules at HEAD~1 vs rules (working tree)\n"),
        "{text}"
    );
    assert!(text.contains("verdict: LOOSER"), "{text}");
    assert!(text.contains("1 scenarios changed, 0 unchanged"), "{text}");
    assert!(
        text.contains("      before:  required · to one, two"),
        "{text}"
    );
    assert!(text.contains("      after:   required · to one"), "{text}");
    assert!(text.contains("recipients [one, two] -> [one]"), "{text}");

    // Against HEAD itself nothing changed; an edit in the work tree shows.
    let same = oversight(repo.path())
        .args(["diff", "--base", "HEAD", "scenarios", "--fail-on-change"])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(stdout(&same).contains("verdict: EQUIVALENT"));
    let law = repo.path().join("rules/law/test.ron");
    let text = std::fs::read_to_string(&law).unwrap();
    std::fs::write(&law, text.replace("days: 7", "days: 3")).unwrap();
    let edited = oversight(repo.path())
        .args(["diff", "--base", "HEAD", "scenarios", "--fail-on-change"])
        .output()
        .unwrap();
    assert_eq!(edited.status.code(), Some(1), "--fail-on-change exits 1");
    assert!(
        stdout(&edited).contains("verdict: STRICTER"),
        "{}",
        stdout(&edited)
    );
}

#[test]
fn diff_base_writes_json_and_a_markdown_comment() {
    let repo = repository_with_two_commits();
    let json = oversight(repo.path())
        .args(["diff", "--base", "HEAD~1", "scenarios", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["schema"], "oversight.diff/1");
    assert_eq!(value["before"], "rules at HEAD~1");
    assert_eq!(value["after"], "rules (working tree)");
    assert_eq!(value["verdict"], "looser");
    let change = &value["scenarios"][0]["changes"][0];
    assert_eq!(change["rule"], "n1");
    assert_eq!(change["before"]["to"], serde_json::json!(["one", "two"]));
    assert_eq!(change["after"]["to"], serde_json::json!(["one"]));
    assert_eq!(change["after"]["confidence"], "TEXT");

    let markdown = oversight(repo.path())
        .args([
            "diff",
            "--base",
            "HEAD~1",
            "scenarios",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    let text = stdout(&markdown);
    assert!(text.starts_with("# What changes from rules at HEAD~1 to rules (working tree)\n"));
    assert!(text.contains("| change | rule | citation | before | after | what differs |"));
    assert!(text.contains("| changed | `n1` | Test Act §1(a), 99 U.S.C. 1(a) | required · to one, two · due by 2026-01-12 | required · to one · due by 2026-01-12 | recipients [one, two] -> [one] |"), "{text}");
}

#[test]
fn diff_base_reports_citation_and_confidence_changes() {
    let repo = repository_with_two_commits();
    let law = repo.path().join("rules/law/test.ron");
    let text = std::fs::read_to_string(&law).unwrap();
    let text = text
        .replace(r#"cite: "(a)""#, r#"cite: "(b)""#)
        .replace("confidence: Text,", "confidence: Secondary,");
    std::fs::write(&law, text).unwrap();
    let output = oversight(repo.path())
        .args(["diff", "--base", "HEAD", "scenarios"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("verdict: MIXED"), "{text}");
    assert!(
        text.contains("citation Test Act §1(a), 99 U.S.C. 1(a) -> Test Act §1(b), 99 U.S.C. 1(b)"),
        "{text}"
    );
    assert!(text.contains("confidence TEXT -> SECONDARY"), "{text}");
}

#[test]
fn diff_base_takes_another_directory() {
    let dir = tempfile::tempdir().unwrap();
    common::write_test_rules(&dir.path().join("old"), NOTICE_TO_BOTH);
    common::write_test_rules(&dir.path().join("new"), NOTICE_TO_BOTH);
    narrow_to_one(&dir.path().join("new"));
    std::fs::write(dir.path().join("a.ron"), SCENARIO).unwrap();
    let output = oversight(dir.path())
        .args(["diff", "--base", "old", "--rules", "new", "a.ron"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(text.starts_with("old vs new\n"), "{text}");
    assert!(text.contains("recipients [one, two] -> [one]"), "{text}");
}

#[test]
fn diff_base_with_a_revision_that_does_not_exist_exits_2() {
    let repo = repository_with_two_commits();
    let output = oversight(repo.path())
        .args(["diff", "--base", "no-such-branch", "scenarios"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("unknown revision `no-such-branch`"),
        "{message}"
    );
    assert!(message.contains("git log --oneline"), "{message}");
}

#[test]
fn diff_base_before_the_rules_existed_exits_2() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::write(repo.path().join("README"), "nothing yet").unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "empty"]);
    common::write_test_rules(&repo.path().join("rules"), NOTICE_TO_BOTH);
    std::fs::write(repo.path().join("a.ron"), SCENARIO).unwrap();
    let output = oversight(repo.path())
        .args(["diff", "--base", "HEAD", "a.ron"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`rules/` holds no rule files at revision `HEAD`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn diff_base_outside_a_repository_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    common::write_test_rules(&dir.path().join("rules"), NOTICE_TO_BOTH);
    std::fs::write(dir.path().join("a.ron"), SCENARIO).unwrap();
    let output = oversight(dir.path())
        .args(["diff", "--base", "HEAD", "--rules", "rules", "a.ron"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("`rules` is not inside a git repository"),
        "{message}"
    );
    assert!(message.contains("give `--base` a directory"), "{message}");
}

/// The test law's proposal: its file name (`tell-two.ron`) differs from its
/// id, and it adds a country group and a definition cited to another source.
const TELL_TWO: &str = "tests/test-law/rules/proposals/tell-two.ron";

/// `dir/rules` (the test law, with the proposal in `rules/proposals/`),
/// `dir/my-proposal.ron` (the same proposal) and `dir/scenarios/listed-state.ron`.
fn workspace_with_a_proposal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/test-law/rules"), &dir.path().join("rules"));
    std::fs::copy(TELL_TWO, dir.path().join("my-proposal.ron")).unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::copy(
        "tests/test-law/scenarios/listed-state.ron",
        dir.path().join("scenarios/listed-state.ron"),
    )
    .unwrap();
    dir
}

#[test]
fn a_proposal_adds_a_country_group_and_a_cited_definition_with_their_confidence() {
    let dir = workspace_with_a_proposal();
    let output = oversight(dir.path())
        .args(["check", "scenarios/listed-state.ron", "--rules", "rules"])
        .args(["--with", "my-proposal.ron", "--format", "json", "--explain"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let terms = value["terms"].as_array().unwrap();
    let definition = terms
        .iter()
        .find(|t| t["rule"] == "listed_recipient")
        .unwrap();
    assert_eq!(definition["value"], "true");
    assert_eq!(definition["citation"], "Test Regulations §4(a)");
    let outcomes = value["outcomes"].as_array().unwrap();
    let notice = outcomes.iter().find(|o| o["rule"] == "tell-two").unwrap();
    assert_eq!(notice["status"], "required");
    assert_eq!(notice["confidence"], "PROPOSAL");
    assert_eq!(notice["source"], "tell-two-of-listed-states");

    // The group is listed with its citation and confidence like the law's.
    let vocab = oversight(dir.path())
        .args(["vocab", "--rules", "rules"])
        .output()
        .unwrap();
    assert!(
        !stdout(&vocab).contains("listed_states"),
        "only with the proposal"
    );
}

#[test]
fn a_proposal_group_that_already_exists_or_has_a_bad_member_is_an_error() {
    let dir = workspace_with_a_proposal();
    let broken = std::fs::read_to_string(TELL_TWO)
        .unwrap()
        .replace(r#"name: "listed_states""#, r#"name: "adversaries""#)
        .replace(r#"["PRK", "IRN"]"#, r#"["PRK", "XXX"]"#);
    std::fs::write(dir.path().join("broken.ron"), &broken).unwrap();
    let output = oversight(dir.path())
        .args([
            "check",
            "scenarios/listed-state.ron",
            "--rules",
            "rules",
            "--with",
            "broken.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("broken.ron:16:"), "{message}");
    assert!(
        message.contains("country group `adversaries` already exists"),
        "{message}"
    );
}

#[test]
fn every_command_that_takes_a_proposal_takes_a_path_or_an_id_from_the_rules_directory() {
    let dir = workspace_with_a_proposal();
    let runs: [&[&str]; 9] = [
        &["check", "scenarios/listed-state.ron"],
        &[
            "explain",
            "scenarios/listed-state.ron",
            "--rule",
            "tell-two",
        ],
        &["diff", "scenarios"],
        &["lint"],
        &["export", "--rego"],
        &["ask", "scenarios/listed-state.ron"],
        &["render"],
        &["gaps"],
        &[
            "check",
            "scenarios/listed-state.ron",
            "--format",
            "outcomes",
        ],
    ];
    for proposal in ["my-proposal.ron", "tell-two-of-listed-states"] {
        for args in runs {
            let mut command = oversight(dir.path());
            command.args(args).args(["--rules", "rules"]);
            if args[0] == "render" {
                command.arg(proposal);
            } else {
                command.args(["--with", proposal]);
            }
            let output = command.write_stdin("").output().unwrap();
            let text = stdout(&output) + &stderr(&output);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{args:?} --with {proposal}: {text}"
            );
            assert!(
                !text.contains("no such proposal"),
                "{args:?} --with {proposal}: {text}"
            );
        }
    }
    // Without --rules, an id that is neither a file nor an embedded proposal
    // is an error naming the nearest embedded ones.
    let output = oversight(dir.path())
        .args([
            "check",
            "scenarios/listed-state.ron",
            "--with",
            "rel-to-reportin",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `rel-to-reporting`?"));
}

#[test]
fn test_runs_the_expectations_of_a_proposal_given_as_a_path() {
    let dir = workspace_with_a_proposal();
    let test = || {
        oversight(dir.path())
            .args(["test", "my-proposal.ron", "scenarios/listed-state.ron"])
            .args(["--rules", "rules"])
            .output()
            .unwrap()
    };
    let output = test();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert!(
        text.contains("ok    scenarios/listed-state.ron\n"),
        "{text}"
    );
    assert!(
        text.contains("ok    scenarios/listed-state.ron with tell-two-of-listed-states\n"),
        "{text}"
    );

    // A failing expectation of the proposal is named at its place in the file.
    let failing = std::fs::read_to_string(TELL_TWO)
        .unwrap()
        .replace(r#"expect: (told: ["two"]"#, r#"expect: (told: ["one"]"#);
    std::fs::write(dir.path().join("my-proposal.ron"), failing).unwrap();
    let output = test();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("my-proposal.ron:46:55: expected `one` to be told, but it is not told"),
        "{text}"
    );
}

#[test]
fn test_finds_proposals_under_the_folders_given_and_in_the_rules_directory() {
    let dir = workspace_with_a_proposal();
    std::fs::remove_file(dir.path().join("my-proposal.ron")).unwrap();
    // The rules directory's own proposals run when a folder is tested.
    let output = oversight(dir.path())
        .args(["test", "scenarios", "--rules", "rules"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert!(
        text.contains("ok    scenarios/listed-state.ron with tell-two-of-listed-states\n"),
        "{text}"
    );
    // A folder of proposals is searched too, each proposal run once.
    let output = oversight(dir.path())
        .args(["test", "scenarios", "rules/proposals", "--rules", "rules"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert_eq!(
        text.matches("with tell-two-of-listed-states").count(),
        1,
        "{text}"
    );
}
