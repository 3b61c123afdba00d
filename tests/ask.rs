//! `oversight ask`: the interview, driven by piped standard input, on the
//! made-up law of `tests/test-law/` (so no test here depends on what the real
//! law says; the README's transcript on the real law is checked by
//! `tests/readme.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use assert_cmd::Command;

const DRAFT: &str = "tests/test-law/drafts/open-questions.ron";
const TEST_RULES: &str = "tests/test-law/rules";

fn oversight(args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(args)
        .args(["--rules", TEST_RULES])
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn ask(stdin: &str, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["ask", DRAFT];
    args.extend_from_slice(extra);
    oversight(&args, stdin)
}

/// The open questions `check` lists for a file, most decisive first.
fn questions_of(path: &str) -> Vec<(String, u64)> {
    let (_, json) = oversight(&["check", path, "--format", "json"], "");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["fact"].as_str().unwrap().to_string(),
                q["decides"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_interview_asks_the_most_decisive_question_first_and_completes_the_action() {
    let dir = tempfile::tempdir().unwrap();
    let done = dir.path().join("done.ron");
    // A: yes; a bad answer is asked again; B: yes; C: no.
    let (code, transcript) = ask("y\nmaybe\ny\nn\n", &["--write", done.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{transcript}");
    // The interview asks in the order `check` ranks the questions: A decides
    // two notices, B and C one each.
    let ranked = questions_of(DRAFT);
    assert_eq!(
        ranked,
        [
            (String::from("a"), 2),
            (String::from("b"), 1),
            (String::from("c"), 1)
        ]
    );
    let positions: Vec<usize> = ranked
        .iter()
        .map(|(fact, _)| transcript.find(&format!("fact `{fact}`")).unwrap())
        .collect();
    assert!(positions.is_sorted(), "{transcript}");
    assert!(transcript.contains("decides 2 obligations under 99 U.S.C. 1(a), 99 U.S.C. 2(a)"));
    assert!(transcript.contains(
        "not a valid answer: fact `b` is a flag (true or false), but this value is not; asked again"
    ));
    assert!(transcript.contains("no open questions: every obligation is decided."));

    // The completed file is a valid action with the answers in it, and it
    // leaves nothing open: both committees are owed the notice of A.
    let written = std::fs::read_to_string(&done).unwrap();
    assert!(written.contains("\"a\": true, // answered in `oversight ask`"));
    assert!(written.contains("\"b\": true, // answered in `oversight ask`"));
    assert!(written.contains("\"c\": false, // answered in `oversight ask`"));
    assert!(questions_of(done.to_str().unwrap()).is_empty());
    let (_, json) = oversight(&["check", done.to_str().unwrap(), "--format", "json"], "");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n1 = json["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "n1")
        .unwrap();
    assert_eq!(n1["status"], "required");
    assert_eq!(n1["to"], serde_json::json!(["one", "two"]));
}

#[test]
fn stopping_early_keeps_the_answers_so_far_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("partial.ron");
    let (code, transcript) = ask("skip\ny\nq\n", &["--write", partial.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{transcript}");
    assert!(transcript.contains("stopped with 2 question(s) open."));
    assert!(transcript.contains("wrote 1 answer(s) to"));
    let written = std::fs::read_to_string(&partial).unwrap();
    assert!(written.contains("\"b\": true, // answered in `oversight ask`"));
    assert!(!written.contains("\"a\""), "a skipped fact stays unknown");
}

#[test]
fn end_of_input_stops_the_interview_without_writing_an_answer() {
    let (code, transcript) = ask("", &[]);
    assert_eq!(code, Some(1));
    assert!(transcript.contains("stopped with 3 question(s) open."));
}

#[test]
fn an_interview_on_the_real_law_is_snapshotted() {
    // The real law's questions for a draft covert-action finding: a change
    // to the rules that changes the interview shows as a snapshot diff.
    let dir = tempfile::tempdir().unwrap();
    let done = dir.path().join("done.ron");
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args([
            "ask",
            "tests/ask/finding-with-open-questions.ron",
            "--write",
        ])
        .arg(&done)
        .write_stdin("y\nmaybe\ny\nn\n")
        .output()
        .unwrap();
    let transcript = String::from_utf8(output.stdout)
        .unwrap()
        .replace(done.to_str().unwrap(), "DONE");
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("ask@finding-with-open-questions", transcript));
}

#[test]
fn lines_not_encoded_for_their_date_are_named_at_the_end_of_the_interview() {
    // The test law with section 1 encoded only from 2030: for the draft's
    // 2026 event its notices are "not encoded". An answer can still rule a
    // line out (its condition false in the form encoded); what is left after
    // the interview is named.
    let rules = tempfile::tempdir().unwrap();
    common::copy_dir(std::path::Path::new(TEST_RULES), rules.path());
    let law = rules.path().join("law/test-act-1.ron");
    let text = std::fs::read_to_string(&law).unwrap().replace(
        r#"in_force: (from: "2000-01-01", by: "Test Act"),"#,
        r#"in_force: (from: "2000-01-01", by: "Test Act", encoded_from: "2030-01-01"),"#,
    );
    std::fs::write(&law, text).unwrap();
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["ask", DRAFT, "--rules"])
        .arg(rules.path())
        .write_stdin("y\nn\n")
        .output()
        .unwrap();
    let transcript = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{transcript}");
    assert!(
        transcript.ends_with(
            "no open questions.\nstill not encoded for their date (check by hand): n1\n"
        ),
        "{transcript}"
    );
}

#[test]
fn write_replaces_another_existing_file_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.ron");
    std::fs::write(&other, "keep me").unwrap();
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["ask", DRAFT, "--write", other.to_str().unwrap()])
        .args(["--rules", TEST_RULES])
        .write_stdin("y\nmaybe\ny\nn\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("error[oversight::cli::would_overwrite]")
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep me");

    let (code, _) = ask(
        "y\nmaybe\ny\nn\n",
        &["--write", other.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, Some(0));
    assert!(std::fs::read_to_string(&other).unwrap().contains("Action("));
    // The answers went in whole, through a temporary file that is gone.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![String::from("other.ron")]);
}

#[test]
fn a_reader_who_closes_the_pipe_loses_no_answers() {
    // `ask ... | head -1`: the questions stop reaching anyone, but the
    // answers still go into `--write`'s file and nothing panics.
    use std::io::Write as _;
    use std::process::{Command as Std, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let done = dir.path().join("done.ron");
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("oversight"))
        .env("NO_COLOR", "1")
        .args([
            "ask",
            DRAFT,
            "--write",
            done.to_str().unwrap(),
            "--rules",
            TEST_RULES,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end of its output at once: every write it makes fails with a broken pipe.
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"y\nmaybe\ny\nn\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(&done).unwrap();
    assert!(
        written.contains("// answered in `oversight ask`"),
        "{written}"
    );
}

#[test]
fn an_answer_that_is_more_than_one_value_is_refused_not_pasted() {
    // Pasted as text, `true, "c": true` would have answered a second fact.
    let dir = tempfile::tempdir().unwrap();
    let done = dir.path().join("done.ron");
    let (_, transcript) = ask(
        "true, \"c\": true\ny\nmaybe\ny\nn\n",
        &["--write", done.to_str().unwrap()],
    );
    assert!(
        transcript.contains("not a valid answer: expected one value (y or n); asked again"),
        "{transcript}"
    );
    let written = std::fs::read_to_string(&done).unwrap();
    assert!(!written.contains("\"c\": true"), "{written}");
}
