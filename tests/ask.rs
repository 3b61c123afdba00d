//! `oversight ask`: the interview, driven by piped standard input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use assert_cmd::Command;

const DRAFT: &str = "tests/ask/finding-with-open-questions.ron";

fn ask(stdin: &str, extra: &[&str]) -> (Option<i32>, String) {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("ask")
        .arg(DRAFT)
        .args(extra)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn the_interview_asks_the_most_decisive_question_first_and_completes_the_action() {
    let dir = tempfile::tempdir().unwrap();
    let done = dir.path().join("done.ron");
    // Role hidden: yes; a bad answer is asked again; finding approved: yes;
    // access limited: no.
    let (code, transcript) = ask("y\nmaybe\ny\nn\n", &["--write", done.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{transcript}");
    let first = transcript.find("fact `us_role_hidden`").unwrap();
    let second = transcript.find("fact `finding_approved`").unwrap();
    let third = transcript.find("fact `access_limited`").unwrap();
    assert!(
        first < second && second < third,
        "ranked by obligations decided"
    );
    assert!(transcript.contains("decides 11 obligations"));
    assert!(transcript.contains(
        "not a valid answer: fact `finding_approved` is a flag (true or false), but this value is not; asked again"
    ));
    assert!(transcript.contains("no open questions: every obligation is decided."));
    let transcript = transcript.replace(done.to_str().unwrap(), "DONE");
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("ask@finding-with-open-questions", transcript));

    // The completed file is a valid action with the answers in it, and it
    // now gives the full-committee notice of 3093(c)(1) with nothing open.
    let written = std::fs::read_to_string(&done).unwrap();
    assert!(written.contains("\"us_role_hidden\": true, // answered in `oversight ask`"));
    assert!(written.contains("\"finding_approved\": true,"));
    assert!(written.contains("\"access_limited\": false,"));
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .args(["check", done.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["questions"].as_array().unwrap().len(), 0);
    let c1 = json["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "3093-c-1")
        .unwrap();
    assert_eq!(c1["status"], "required");
    assert_eq!(c1["to"], serde_json::json!(["ssci", "hpsci"]));
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
    assert!(written.contains("\"finding_approved\": true, // answered in `oversight ask`"));
    assert!(
        !written.contains("\"us_role_hidden\""),
        "a skipped fact stays unknown"
    );
}

#[test]
fn end_of_input_stops_the_interview_without_writing_an_answer() {
    let (code, transcript) = ask("", &[]);
    assert_eq!(code, Some(1));
    assert!(transcript.contains("stopped with 3 question(s) open."));
}

#[test]
fn the_readme_shows_a_real_interview() {
    let (code, transcript) = ask("y\ny\nn\n", &[]);
    assert_eq!(code, Some(0));
    let readme = std::fs::read_to_string("README.md").unwrap();
    let shown = format!("$ printf 'y\\ny\\nn\\n' | oversight ask {DRAFT}\n{transcript}```");
    assert!(
        readme.contains(&shown),
        "README interview drifted; paste:\n{shown}"
    );
}
