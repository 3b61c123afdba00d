//! Proposals: overlays compile like the law, `diff` shows what they change,
//! `render` checks the draft text, and their own expectations hold. Every
//! seed proposal's diff over the whole corpus and its render output are
//! snapshot-tested, so a change to a proposal is a reviewable diff too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use jiff::civil::date;
use oversight::analysis::diff::{Verdict, diff_files};
use oversight::analysis::scenario::check_proposal;
use oversight::input::rules_dir::{embedded_proposals, load_rulebook, load_rulebook_with};
use oversight::output::amendment::{check_draft_text, render_amendment};
use oversight::output::diff::render_text;
use oversight::source::SourceFile;

/// Every scenario under the law and under the amended law, read as of 2026-01-01.
fn diff_scenarios(
    law: &oversight::model::RuleBook,
    amended: &oversight::model::RuleBook,
) -> oversight::analysis::diff::DiffReport {
    diff_files(
        law,
        amended,
        &common::ron_files("tests/scenarios"),
        date(2026, 1, 1),
    )
    .unwrap()
}

fn stem(file: &SourceFile) -> String {
    file.name
        .trim_start_matches("rules/proposals/")
        .trim_end_matches(".ron")
        .to_string()
}

#[test]
fn every_seed_proposal_renders_with_a_consistent_draft_and_its_diff_and_render_are_snapshotted() {
    let law = load_rulebook(None).unwrap();
    common::snapshot_settings().bind(|| {
        for proposal in embedded_proposals() {
            let name = stem(&proposal);
            let amended = load_rulebook_with(None, std::slice::from_ref(&proposal)).unwrap();
            let problems = check_draft_text(&amended, &proposal).unwrap();
            assert!(
                problems.is_empty(),
                "{name}: {:?}",
                problems
                    .iter()
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
            );
            let id = amended
                .provisions
                .iter()
                .rev()
                .find_map(|p| p.proposal.clone())
                .unwrap();
            insta::assert_snapshot!(format!("render@{name}"), render_amendment(&amended, &id));
            let report = diff_scenarios(&law, &amended);
            assert_ne!(
                report.verdict,
                Verdict::Equivalent,
                "{name} changes nothing in the corpus"
            );
            insta::assert_snapshot!(format!("diff@{name}"), render_text(&report));
        }
    });
}

#[test]
fn every_seed_proposal_meets_its_own_expectations() {
    let in_corpus = |name: &str| {
        let path = std::path::Path::new("tests/scenarios").join(format!("{name}.ron"));
        path.is_file().then_some(path)
    };
    // Every failure of every proposal at once, each with file:line:column.
    let mut failures = Vec::new();
    for proposal in embedded_proposals() {
        let checks = check_proposal(None, &proposal, &in_corpus, date(2026, 1, 1)).unwrap();
        assert!(
            !checks.is_empty(),
            "{} states no expectations",
            proposal.name
        );
        for check in checks {
            for failure in check.failures {
                failures.push(format!(
                    "{} on {}: {}: {}",
                    check.proposal, check.scenario, failure.location, failure.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn all_seed_proposals_apply_together_in_order() {
    let amended = load_rulebook_with(None, &embedded_proposals()).unwrap();
    let ids: Vec<String> = embedded_proposals()
        .iter()
        .map(|file| oversight::input::rules_dir::proposal_id(file).unwrap())
        .collect();
    assert_eq!(amended.proposal_ids(), ids);
}

/// The made-up law of `tests/test-law/`, for tests of proposal mechanics
/// that must not depend on what the real law says.
const TEST_RULES: &str = "tests/test-law/rules";
const NOTICE_OF_A: &str = "tests/test-law/scenarios/notice-of-a.ron";
const TELL_TWO: &str = "tests/test-law/rules/proposals/tell-two.ron";

/// The head of a draft proposal to the test law.
const TEST_HEAD: &str = r##"Proposal(
    id: "draft",
    title: "t",
    summary: "s",
    amends: (act: "Test Act", section: "9", usc: "99 U.S.C. 9"),
    text: r#"Section 9 of the Test Act (99 U.S.C. 9) is amended."#,
"##;

fn proposal(text: &str) -> SourceFile {
    SourceFile::new("draft.ron", text)
}

const HEAD: &str = r##"Proposal(
    id: "draft",
    title: "t",
    summary: "s",
    amends: (act: "National Security Act of 1947", section: "502", usc: "50 U.S.C. 3092"),
    text: r#"Section 502 of the National Security Act of 1947 (50 U.S.C. 3092) is amended."#,
"##;

#[test]
fn replacing_or_repealing_an_unknown_id_is_an_error_with_a_suggestion() {
    let text = format!("{HEAD}    changes: [RepealRule(\"3092-bb\")],\n)");
    let errors = load_rulebook_with(None, &[proposal(&text)]).unwrap_err();
    let first = &errors.0[0];
    assert_eq!(
        first.message,
        "cannot repeal `3092-bb`: no rule has this id"
    );
    assert_eq!(first.help.as_deref(), Some("did you mean `3092-b`?"));
    assert_eq!(first.location(), "draft.ron:7:26");
}

#[test]
fn a_repeal_shows_as_a_looser_change() {
    let law = load_rulebook(Some(TEST_RULES.as_ref())).unwrap();
    let text = format!("{TEST_HEAD}    changes: [RepealRule(\"n1\")],\n)");
    let amended = load_rulebook_with(Some(TEST_RULES.as_ref()), &[proposal(&text)]).unwrap();
    let files = vec![PathBuf::from(NOTICE_OF_A)];
    let report = diff_files(&law, &amended, &files, date(2026, 1, 1)).unwrap();
    assert_eq!(report.verdict, Verdict::Looser);
    assert_eq!(report.scenarios[0].changes[0].rule, "n1");
    assert_eq!(report.scenarios[0].changes[0].change, "lost");
}

#[test]
fn a_wrong_number_in_the_draft_text_fails_with_its_span() {
    let wrong = std::fs::read_to_string(TELL_TWO).unwrap().replace(
        "not later than 7 days after",
        "not later than 15 days after",
    );
    let wrong = SourceFile::new("wrong.ron", wrong);
    let amended =
        load_rulebook_with(Some(TEST_RULES.as_ref()), std::slice::from_ref(&wrong)).unwrap();
    let problems = check_draft_text(&amended, &wrong).unwrap();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the draft text says `15 days`, but no rule of the proposal has that period",
            "rule `tell-two` has a period of 7 days that the draft text never states",
        ]
    );
    let line = wrong.text.lines().nth(problems[0].line - 1).unwrap();
    let column = problems[0].column - 1;
    assert_eq!(&line[column..column + 7], "15 days");
}

#[test]
fn a_body_in_the_text_but_not_in_the_rules_is_a_mismatch() {
    let wrong = std::fs::read_to_string(TELL_TWO).unwrap().replace(
        "shall notify the Committee on Two",
        "shall notify the Committee on Two and the Committee on One",
    );
    let wrong = SourceFile::new("wrong.ron", wrong);
    let amended =
        load_rulebook_with(Some(TEST_RULES.as_ref()), std::slice::from_ref(&wrong)).unwrap();
    let messages: Vec<String> = check_draft_text(&amended, &wrong)
        .unwrap()
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert_eq!(
        messages,
        ["the draft text names `Committee on One`, but no rule of the proposal notifies `one`"]
    );
}

#[test]
fn replace_group_membership_and_in_force_changes_take_effect() {
    let rules = Some(std::path::Path::new(TEST_RULES));
    let law = load_rulebook(rules).unwrap();
    let text = format!(
        "{TEST_HEAD}{}",
        r#"    changes: [
        ReplaceRule(id: "n1", with: Notice(
            id: "n1", cite: "", says: "Tell committee one within 2 days.",
            when: Fact("a"), by: "the head of the agency", to: ["one"],
            what: "notice of A", form: Written, due: WithinDays(days: 2, after: "start"))),
        RemoveMembers(group: "adversaries", members: ["CHN"]),
        AddMembers(group: "both", members: ["one"]),
        SetInForce(rule: "n2", in_force: (from: "2030-01-01", by: "draft")),
    ],
)"#
    );
    let amended = load_rulebook_with(rules, &[proposal(&text)]).unwrap();
    let rule = amended.rule("n1").unwrap();
    assert_eq!(amended.short_citation(rule), "99 U.S.C. 9");
    let adversaries = amended
        .vocabulary
        .country_groups
        .iter()
        .find(|g| g.name == "adversaries")
        .unwrap();
    assert_eq!(adversaries.members, ["RUS"]);
    let both = amended.body_groups.iter().find(|g| g.id == "both").unwrap();
    assert_eq!(
        both.members.len(),
        2,
        "adding a member already there changes nothing"
    );
    assert_eq!(amended.rule("n2").unwrap().in_force.from, date(2030, 1, 1));
    let files = vec![PathBuf::from(NOTICE_OF_A)];
    let report = diff_files(&law, &amended, &files, date(2026, 1, 1)).unwrap();
    assert_eq!(report.verdict, Verdict::Mixed, "{}", render_text(&report));
    let change = &report.scenarios[0].changes[0];
    assert_eq!(change.rule, "n1");
    assert_eq!(change.change, "changed");
    assert_eq!(
        change.details,
        [
            "recipients [one, two] -> [one]",
            "deadline by 2026-01-12 -> by 2026-01-07",
            "citation Test Act §1(a), 99 U.S.C. 1(a) -> Test Act §9, 99 U.S.C. 9",
            "confidence TEXT -> PROPOSAL",
        ]
    );
}

#[test]
fn a_replacement_must_keep_the_id_and_unknown_groups_are_named() {
    let text = format!(
        "{HEAD}{}",
        r#"    changes: [
        ReplaceRule(id: "1244", with: Definition(id: "1244b", cite: "", says: "s", when: Always)),
        AddMembers(group: "five_eye", members: ["NZL"]),
    ],
)"#
    );
    let errors = load_rulebook_with(None, &[proposal(&text)]).unwrap_err();
    let messages: Vec<String> = errors
        .0
        .iter()
        .map(|e| format!("{} | {}", e.message, e.help.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        messages,
        [
            "the replacement of `1244` has another id | a replacement keeps the id of the rule it replaces, so references to it still hold",
            "unknown group `five_eye` | did you mean `five_eyes`?",
        ]
    );
}

#[test]
fn a_proposal_dates_its_rules_without_an_enacting_law_and_has_no_horizon() {
    let rules = Some(std::path::Path::new(TEST_RULES));
    let text = format!(
        "{TEST_HEAD}{}",
        r#"    in_force: (from: "2030-01-01"),
    changes: [
        AddRule(Notice(
            id: "n9", cite: "", says: "Tell committee one of A.",
            when: Fact("a"), by: "the head of the agency", to: ["one"],
            what: "notice of A", form: Written, due: WithinDays(days: 2, after: "start"))),
        SetInForce(rule: "n2", in_force: (from: "2031-01-01")),
    ],
)"#
    );
    let law = load_rulebook(rules).unwrap();
    let amended = load_rulebook_with(rules, &[proposal(&text)]).unwrap();
    for id in ["n9", "n2"] {
        assert_eq!(
            amended.rule(id).unwrap().in_force.by.as_deref(),
            Some("proposal `draft` (not law)"),
            "{id}"
        );
    }
    // The proposal's own rule has no horizon: an early date is "not in
    // force", never "not encoded". A rule of the law keeps the law's horizon.
    assert_eq!(
        amended.rule("n9").unwrap().in_force.encoded_from,
        date(1900, 1, 1)
    );
    assert_eq!(
        amended.rule("n2").unwrap().in_force.encoded_from,
        law.rule("n2").unwrap().in_force.encoded_from
    );
    assert_eq!(amended.rule("n9").unwrap().in_force.from, date(2030, 1, 1));
    assert_eq!(amended.rule("n2").unwrap().in_force.from, date(2031, 1, 1));
    // A replacement dated without an enacting law compiles too.
    let replaced = format!(
        "{TEST_HEAD}{}",
        r#"    changes: [
        ReplaceRule(id: "n1", with: Notice(
            id: "n1", cite: "", says: "Tell committee one of A.",
            when: Fact("a"), by: "the head of the agency", to: ["one"],
            what: "notice of A", form: Written, due: WithinDays(days: 2, after: "start"),
            in_force: (from: "2030-01-01"))),
    ],
)"#
    );
    let amended = load_rulebook_with(rules, &[proposal(&replaced)]).unwrap();
    let in_force = &amended.rule("n1").unwrap().in_force;
    assert_eq!(in_force.by.as_deref(), Some("proposal `draft` (not law)"));
    assert_eq!(in_force.from, date(2030, 1, 1));
}

#[test]
fn a_malformed_citation_of_the_amended_section_points_at_it() {
    let text = format!(
        "{}    changes: [RepealRule(\"n1\")],\n)",
        TEST_HEAD.replace("usc: \"99 U.S.C. 9\"", "usc: \"U.S.C. 9\"")
    );
    let errors = load_rulebook_with(Some(TEST_RULES.as_ref()), &[proposal(&text)]).unwrap_err();
    let rendered = errors.render(false);
    assert!(
        rendered.contains("error[oversight::compile::malformed_usc]: draft.ron:5:50\n  × malformed U.S. Code citation `U.S.C. 9`"),
        "{rendered}"
    );
}
