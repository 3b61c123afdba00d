//! Reports a staffer can act on (issue 21): the bottom line first, bodies
//! with the same obligations grouped, `--brief` and `--only`, an honest
//! headline (gate recipients are bodies to tell; definitions that applied
//! are named; contradictory facts are flagged).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use assert_cmd::Command;

fn check(args: &[&str]) -> String {
    String::from_utf8(check_bytes(args)).unwrap()
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
    // The whole sentence, the report's line breaks aside: every rule in force
    // that reads the flag, listed with "and" before the last.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "does not hold, so `3093-a-3`, `3093-a-4`, `3093-c-1`, `3093-c-2`, `3093-c-3`, \
             `3093-c-4`, `3093-g-3-A` and `3093-h` ignore it"
        ),
        "{text}"
    );
    let plain =
        check(&["tests/scenarios/clandestine-military-cyber-operation-not-covert-action.ron"]);
    assert!(
        !plain.contains("Contradictory facts"),
        "no contradiction without the finding"
    );
}

fn check_bytes(args: &[&str]) -> Vec<u8> {
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
    output.stdout
}

/// Every piece of text in a Word document, paragraph by paragraph (table
/// cells included), read back with the crate that wrote it.
fn docx_text(bytes: &[u8]) -> Vec<String> {
    fn paragraph_text(p: &docx_rs::Paragraph) -> String {
        p.children
            .iter()
            .filter_map(|c| match c {
                docx_rs::ParagraphChild::Run(run) => Some(
                    run.children
                        .iter()
                        .filter_map(|r| match r {
                            docx_rs::RunChild::Text(t) => Some(t.text.clone()),
                            _ => None,
                        })
                        .collect::<String>(),
                ),
                _ => None,
            })
            .collect()
    }
    let docx = docx_rs::read_docx(bytes).unwrap();
    let mut out = Vec::new();
    for child in &docx.document.children {
        match child {
            docx_rs::DocumentChild::Paragraph(p) => out.push(paragraph_text(p)),
            docx_rs::DocumentChild::Table(t) => {
                for row in &t.rows {
                    let docx_rs::TableChild::TableRow(row) = row;
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|cell| {
                            let docx_rs::TableRowChild::TableCell(cell) = cell;
                            cell.children
                                .iter()
                                .filter_map(|c| match c {
                                    docx_rs::TableCellContent::Paragraph(p) => {
                                        Some(paragraph_text(p))
                                    }
                                    _ => None,
                                })
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect();
                    out.push(cells.join(" | "));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_memo_rests_on_its_facts_and_the_word_document_says_the_same() {
    let scenario = "tests/scenarios/covert-finding-liaison-support.ron";
    let args = ["--prepared", "2026-12-01", "--banner", "UNCLASSIFIED//FOUO"];
    let markdown = check(&[&[scenario, "--format", "markdown"][..], &args[..]].concat());
    assert!(markdown.starts_with("**UNCLASSIFIED//FOUO**\n\n# Covert action finding"));
    assert!(markdown.trim_end().ends_with("**UNCLASSIFIED//FOUO**"));
    assert!(markdown.contains(
        "Prepared 2026-12-01. The law as of 2025-03-12 (the date of the action's earliest event)"
    ));
    assert!(markdown.contains("## Facts stated\n"));
    assert!(markdown.contains("| `us_role_hidden` | Is the U.S. Government's role meant to stay hidden, neither apparent nor publicly acknowledged? | true |"));
    let docx = docx_text(&check_bytes(
        &[&[scenario, "--format", "docx"][..], &args[..]].concat(),
    ));
    assert_eq!(docx.first().map(String::as_str), Some("UNCLASSIFIED//FOUO"));
    assert_eq!(docx.last().map(String::as_str), Some("UNCLASSIFIED//FOUO"));
    assert!(docx.contains(&String::from("Bottom line")), "{docx:?}");
    assert!(
        docx.iter()
            .any(|p| p.starts_with("• Tell now: SSCI and HPSCI (1 obligation each)"))
    );
    assert!(docx.contains(&String::from(
        "us_role_hidden | Is the U.S. Government's role meant to stay hidden, neither apparent nor publicly acknowledged? | true"
    )), "{docx:?}");
    // No Markdown marks reach the Word reader.
    assert!(docx.iter().all(|p| !p.contains("**") && !p.contains('`')));
}

#[test]
fn a_word_document_is_not_written_to_a_terminal_but_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memo.docx");
    Command::cargo_bin("oversight")
        .unwrap()
        .args([
            "check",
            "tests/scenarios/covert-finding-liaison-support.ron",
            "--format",
            "docx",
            "--output",
        ])
        .arg(&path)
        .assert()
        .code(0);
    let text = docx_text(&std::fs::read(&path).unwrap());
    assert!(
        text.iter().any(|p| p
            == "Covert action finding: intelligence support through a foreign liaison service")
    );
}

#[test]
fn the_calendar_has_one_event_per_concrete_deadline_with_an_alarm() {
    let ics = String::from_utf8(check_bytes(&[
        "tests/scenarios/covert-finding-liaison-support.ron",
        "--format",
        "ics",
        "--prepared",
        "2026-12-01",
    ]))
    .unwrap();
    assert!(ics.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    assert!(ics.contains("\r\n"));
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 1, "one concrete deadline: 3093-c-1");
    let event = events[0];
    let prop = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.as_str().to_string())
            .unwrap()
    };
    assert_eq!(
        prop("DTSTART"),
        "20250320T130000Z",
        "before 2025-03-20 09:00 EDT"
    );
    assert_eq!(
        prop("SUMMARY"),
        "Due: report of the finding to the congressional intelligence committees"
    );
    assert!(prop("DESCRIPTION").contains("50 U.S.C. 3093(c)(1) [TEXT-2023] (rule 3093-c-1)"));
    assert_eq!(prop("DTSTAMP"), "20261201T000000Z");
    let alarm = event
        .components
        .iter()
        .find(|c| c.name == "VALARM")
        .unwrap();
    assert!(
        alarm
            .properties
            .iter()
            .any(|p| p.name == "TRIGGER" && p.val.as_str() == "-P1D")
    );
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "ics@covert-finding-liaison-support",
            ics.replace("\r\n", "\n")
        )
    });
}

#[test]
fn ask_takes_n_and_enter_as_its_prompt_says_and_never_loops_on_piped_input() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("action.ron");
    std::fs::copy("tests/reports/nsa-fsb-liaison.ron", &draft).unwrap();
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("ask")
        .arg(&draft)
        .arg("--write")
        .arg(&draft)
        .write_stdin("n\n".repeat(400))
        .output()
        .unwrap();
    let transcript = String::from_utf8(output.stdout).unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{transcript}");
    // A question is never asked more than three times.
    let again = transcript.matches("asked again").count();
    let skipped = transcript
        .matches("three answers were not accepted")
        .count();
    assert!(
        again <= 2 * (skipped + 1),
        "{again} re-asks for {skipped} skipped questions"
    );
    // Each prompt names each citation once.
    for line in transcript.lines().filter(|l| l.contains(" under ")) {
        let cites: Vec<&str> = line.split(" under ").nth(1).unwrap().split(", ").collect();
        let mut unique = cites.clone();
        unique.dedup();
        assert_eq!(cites.len(), unique.len(), "{line}");
    }
    // `n` to a list question is the empty list, as the prompt says.
    let written = std::fs::read_to_string(&draft).unwrap();
    assert!(
        written.contains("\"information_requested_by\": [],"),
        "{written}"
    );
}

#[test]
fn explain_gives_the_smallest_change_to_depend_beside_the_smallest_to_apply() {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .args([
            "explain",
            "tests/scenarios/clandestine-military-cyber-operation-not-covert-action.ron",
            "--rule",
            "3093-c-1",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("\nsmallest change that makes it apply (2 facts), as an action diff:\n"),
        "{text}"
    );
    assert!(text.ends_with(
        "\nsmallest change that makes it depend on open facts (2 facts left unstated):\n-   \"finding_approved\": false,\n-   \"clandestine_military_cyber_operation\": true,\n"
    ), "{text}");
}
