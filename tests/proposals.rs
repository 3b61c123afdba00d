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
use oversight::diff::{Verdict, diff_files, render_text};
use oversight::render::{check_draft_text, render_amendment};
use oversight::rules_dir::{embedded_proposals, load_rulebook, load_rulebook_with};
use oversight::scenario::check_proposal;
use oversight::source::SourceFile;

/// Every scenario under the law and under the amended law, read as of 2026-01-01.
fn diff_scenarios(
    law: &oversight::model::RuleBook,
    amended: &oversight::model::RuleBook,
) -> oversight::diff::DiffReport {
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
fn there_are_five_seed_proposals() {
    let names: Vec<String> = embedded_proposals().iter().map(stem).collect();
    assert_eq!(
        names,
        [
            "adversary-exchange-notice",
            "adversary-liaison-channel-report",
            "adversary-sharing-certification",
            "allied-curtailment-notice",
            "rel-to-reporting",
        ]
    );
}

#[test]
fn the_rel_to_proposal_only_adds_notices_to_the_intelligence_committees_on_rel_to_scenarios() {
    let law = load_rulebook(None).unwrap();
    let proposal = embedded_proposals()
        .into_iter()
        .find(|p| stem(p) == "rel-to-reporting")
        .unwrap();
    let amended = load_rulebook_with(None, &[proposal]).unwrap();
    let report = diff_scenarios(&law, &amended);
    assert_eq!(report.verdict, Verdict::Stricter);
    let changed: Vec<&str> = report
        .scenarios
        .iter()
        .map(|s| s.scenario.as_str())
        .collect();
    assert!(!changed.is_empty());
    for scenario in &report.scenarios {
        assert!(
            scenario.scenario.contains("/rel-to-"),
            "{} changed",
            scenario.scenario
        );
        for change in &scenario.changes {
            assert_eq!(change.change, "gained");
            assert_eq!(change.source, "rel-to-reporting");
            assert_eq!(change.after.as_ref().unwrap().to, ["ssci", "hpsci"]);
        }
    }
    let rel_to_scenarios = common::ron_files("tests/scenarios")
        .iter()
        .filter(|p| p.to_string_lossy().contains("/rel-to-"))
        .count();
    assert_eq!(report.changed, rel_to_scenarios);
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
    let ids: Vec<String> = amended
        .provisions
        .iter()
        .filter_map(|p| p.proposal.clone())
        .collect();
    assert_eq!(ids.len(), 5);
}

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
    let law = load_rulebook(None).unwrap();
    let text = format!("{HEAD}    changes: [RepealRule(\"3092-b\")],\n)");
    let amended = load_rulebook_with(None, &[proposal(&text)]).unwrap();
    let files = vec![PathBuf::from(
        "tests/scenarios/cia-liaison-channel-with-svr.ron",
    )];
    let report = diff_files(&law, &amended, &files, date(2026, 1, 1)).unwrap();
    assert_eq!(report.verdict, Verdict::Looser);
    assert_eq!(report.scenarios[0].changes[0].rule, "3092-b");
    assert_eq!(report.scenarios[0].changes[0].change, "lost");
}

#[test]
fn a_wrong_number_in_the_draft_text_fails_with_its_span() {
    let file = embedded_proposals()
        .into_iter()
        .find(|p| stem(p) == "rel-to-reporting")
        .unwrap();
    let wrong = file.text.replace(
        "not later than 7 days after",
        "not later than 15 days after",
    );
    assert_ne!(wrong, *file.text);
    let wrong = SourceFile::new("wrong.ron", wrong);
    let amended = load_rulebook_with(None, std::slice::from_ref(&wrong)).unwrap();
    let problems = check_draft_text(&amended, &wrong).unwrap();
    assert_eq!(
        problems.len(),
        1,
        "{:?}",
        problems.iter().map(|p| &p.message).collect::<Vec<_>>()
    );
    assert_eq!(
        problems[0].message,
        "the draft text says `15 days`, but no rule of the proposal has that period"
    );
    let line = wrong.text.lines().nth(problems[0].line - 1).unwrap();
    let column = problems[0].column - 1;
    assert_eq!(&line[column..column + 7], "15 days");
}

#[test]
fn a_body_in_the_text_but_not_in_the_rules_is_a_mismatch() {
    let file = embedded_proposals()
        .into_iter()
        .find(|p| stem(p) == "rel-to-reporting")
        .unwrap();
    let wrong = file.text.replace(
        "shall submit to the congressional intelligence committees",
        "shall submit to the congressional intelligence committees and the Committee on Foreign Relations of the Senate",
    );
    let wrong = SourceFile::new("wrong.ron", wrong);
    let amended = load_rulebook_with(None, std::slice::from_ref(&wrong)).unwrap();
    let messages: Vec<String> = check_draft_text(&amended, &wrong)
        .unwrap()
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert_eq!(
        messages,
        [
            "the draft text names `Committee on Foreign Relations of the Senate`, but no rule of the proposal notifies `sfrc`"
        ]
    );
}

#[test]
fn replace_group_membership_and_in_force_changes_take_effect() {
    let law = load_rulebook(None).unwrap();
    let text = format!(
        "{HEAD}{}",
        r#"    changes: [
        ReplaceRule(id: "1244", with: Notice(
            id: "1244", cite: "", says: "Notice within 24 hours.",
            when: All([Fact("sharing_paused_or_curtailed"), Is("recipient_country", "UKR")]),
            by: "the Secretary of Defense", to: ["congressional_intelligence_committees"],
            what: "notice of the pause", form: Written, due: WithinHours(hours: 24, after: "pause"))),
        RemoveMembers(group: "five_eyes", members: ["GBR"]),
        AddMembers(group: "gang_of_eight", members: ["sfrc"]),
        SetInForce(rule: "3109-a", in_force: (from: "2030-01-01")),
    ],
)"#
    );
    let amended = load_rulebook_with(None, &[proposal(&text)]).unwrap();
    let rule = amended.rule("1244").unwrap();
    assert_eq!(amended.short_citation(rule), "50 U.S.C. 3092");
    let five_eyes = amended
        .vocabulary
        .country_groups
        .iter()
        .find(|g| g.name == "five_eyes")
        .unwrap();
    assert!(!five_eyes.members.contains(&String::from("GBR")));
    let gang = amended
        .body_groups
        .iter()
        .find(|g| g.id == "gang_of_eight")
        .unwrap();
    assert_eq!(gang.members.len(), 9);
    assert_eq!(
        amended.rule("3109-a").unwrap().in_force.from,
        date(2030, 1, 1)
    );
    let files = vec![PathBuf::from(
        "tests/scenarios/ukraine-intelligence-sharing-paused-2026.ron",
    )];
    let report = diff_files(&law, &amended, &files, date(2026, 1, 1)).unwrap();
    assert_eq!(report.verdict, Verdict::Mixed, "{}", render_text(&report));
    let change = &report.scenarios[0].changes[0];
    assert_eq!(change.rule, "1244");
    assert_eq!(change.change, "changed");
    assert!(
        change
            .details
            .iter()
            .any(|d| d.starts_with("recipients [congress_unconfirmed] -> [ssci, hpsci]")),
        "{:?}",
        change.details
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
