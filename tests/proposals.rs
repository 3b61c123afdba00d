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
use oversight::drafting::{check_draft_text, render_amendment};
use oversight::input::rules_dir::{embedded_proposals, load_rulebook, load_rulebook_with};
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
    amends: (act: "Test Act", section: "2", usc: "99 U.S.C. 2"),
    text: r#"Section 2 of the Test Act (99 U.S.C. 2) is amended."#,
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
            id: "n1", cite: "(a)", says: "Tell committee one within 2 days.",
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
    // A replacement stays where the rule it replaces was.
    assert_eq!(amended.short_citation(rule), "99 U.S.C. 1(a)");
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
        TEST_HEAD.replace("usc: \"99 U.S.C. 2\"", "usc: \"U.S.C. 9\"")
    );
    let errors = load_rulebook_with(Some(TEST_RULES.as_ref()), &[proposal(&text)]).unwrap_err();
    let rendered = errors.render(false);
    assert!(
        rendered.contains("error[oversight::compile::malformed_usc]: draft.ron:5:50\n  × malformed U.S. Code citation `U.S.C. 9`"),
        "{rendered}"
    );
}

/// A proposal on the real law, amending section 503 (50 U.S.C. 3093).
fn on_503(changes: &str) -> SourceFile {
    proposal(&format!(
        r##"Proposal(
    id: "draft",
    title: "Changes to section 503",
    summary: "s",
    amends: (act: "National Security Act of 1947", section: "503", usc: "50 U.S.C. 3093"),
    text: r#"TEXT"#,
    changes: [{changes}],
)"##
    ))
}

/// The proposal with its draft text replaced by `text`.
fn with_text(file: &SourceFile, text: &str) -> SourceFile {
    SourceFile::new(
        &file.name,
        file.text.replace("r#\"TEXT\"#", &format!("r#\"{text}\"#")),
    )
}

/// Renders a proposal on the real law: its bare amendment text, and the
/// draft check of a copy whose draft text is that rendered text.
fn render_on_law(file: &SourceFile) -> (String, Vec<String>, Vec<String>) {
    let amended = load_rulebook_with(None, std::slice::from_ref(file)).unwrap();
    let drafted = oversight::drafting::draft_all(&amended).pop().unwrap();
    let text = oversight::drafting::print::bare_text(&drafted);
    let echoed = with_text(file, &text);
    let amended = load_rulebook_with(None, std::slice::from_ref(&echoed)).unwrap();
    let problems = check_draft_text(&amended, &echoed)
        .unwrap()
        .into_iter()
        .map(|p| p.message)
        .collect();
    (text, problems, drafted.notes)
}

#[test]
fn a_repeal_strikes_the_unit_and_redesignates_the_units_after_it() {
    let (text, problems, notes) =
        render_on_law(&on_503(r#"RepealRule("3093-f"), RepealRule("3093-c-4")"#));
    assert_eq!(
        text,
        "(a) Section 503 of the National Security Act of 1947 (50 U.S.C. 3093) is amended—\n    (1) by striking subsection (f); and\n    (2) by redesignating subsections (g) and (h) as subsections (f) and (g), respectively.\n\n(b) Section 503(c) of the National Security Act of 1947 (50 U.S.C. 3093(c)) is amended—\n    (1) by striking paragraph (4); and\n    (2) by redesignating paragraph (5) as paragraph (4).\n\n"
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn a_repeal_of_one_of_two_rules_in_a_unit_is_left_to_the_drafter() {
    let (text, _, notes) = render_on_law(&on_503(r#"RepealRule("3093-c-3")"#));
    assert_eq!(text, "");
    assert_eq!(
        notes,
        [
            "The repeal of `3093-c-3` leaves (c)(3) standing: it also makes `3093-c-3-not-limited`. Strike only the words that make `3093-c-3`."
        ]
    );
}

#[test]
fn a_phrase_replacement_is_a_strike_and_insert_and_the_struck_words_are_no_claim() {
    let file = on_503(
        r#"ReplaceRule(
            id: "3093-c-1",
            strike: "congressional intelligence committees",
            insert: "Select Committee on Intelligence of the Senate",
            with: Notice(
                id: "3093-c-1", cite: "(c)(1)", says: "Only SSCI gets the written report of an approved finding.",
                when: All([Ref("covert_action"), Fact("finding_approved")]),
                by: "the President", to: ["ssci"], what: "report of the finding", form: Written,
                due: AsSoonAsPossible(after: "approval", before: "initiation"),
            ),
        )"#,
    );
    let (text, problems, notes) = render_on_law(&file);
    assert_eq!(
        text,
        "Section 503(c)(1) of the National Security Act of 1947 (50 U.S.C. 3093(c)(1)) is amended by\n  striking \"congressional intelligence committees\" and inserting \"Select Committee on\n  Intelligence of the Senate\".\n\n"
    );
    // The struck committees are not read as a recipient the rules lack, and
    // the words the draft leaves unchanged (the President, the timing) are
    // not asked for.
    assert!(problems.is_empty(), "{problems:?}");
    assert!(notes.is_empty(), "{notes:?}");
    // The same instruction naming a committee the rule does not notify is caught.
    let wrong = with_text(
        &file,
        "Section 503(c)(1) of the National Security Act of 1947 (50 U.S.C. 3093(c)(1)) is amended by striking \"congressional intelligence committees\" and inserting \"Committee on Armed Services of the Senate\".",
    );
    let amended = load_rulebook_with(None, std::slice::from_ref(&wrong)).unwrap();
    let messages: Vec<String> = check_draft_text(&amended, &wrong)
        .unwrap()
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert_eq!(
        messages,
        [
            "the draft text names `Committee on Armed Services of the Senate`, but no rule of the proposal notifies `sasc`"
        ]
    );
}

#[test]
fn a_replacement_in_full_amends_the_paragraph_to_read_as_follows() {
    let file = on_503(
        r#"ReplaceRule(
            id: "3093-c-1",
            with: Notice(
                id: "3093-c-1", cite: "(c)(1)", heading: "Reports of findings",
                says: "An approved finding is reported in writing within 48 hours.",
                when: Fact("finding_approved"),
                by: "the President", to: ["congressional_intelligence_committees"],
                what: "written report of the finding", form: Written,
                due: WithinHours(hours: 48, after: "approval"),
            ),
        )"#,
    );
    let (text, problems, notes) = render_on_law(&file);
    assert_eq!(
        text,
        "Section 503(c) of the National Security Act of 1947 (50 U.S.C. 3093(c)) is amended by\n  amending paragraph (1) to read as follows:\n    \"(1) REPORTS OF FINDINGS.—Not later than 48 hours after the President approves the\n      finding, the President shall submit to the congressional intelligence committees a\n      written report of the finding if the President has approved a finding.\".\n\n"
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn the_rendered_text_of_every_seed_proposal_passes_its_own_draft_check() {
    for file in embedded_proposals() {
        let amended = load_rulebook_with(None, std::slice::from_ref(&file)).unwrap();
        let drafted = oversight::drafting::draft_all(&amended).pop().unwrap();
        assert!(
            drafted.notes.is_empty(),
            "{}: {:?}",
            file.name,
            drafted.notes
        );
        let text = oversight::drafting::print::bare_text(&drafted);
        let start = file.text.find("text: r#\"").unwrap() + "text: r#\"".len();
        let end = start + file.text[start..].find("\"#,").unwrap();
        let echoed = SourceFile::new(
            &file.name,
            format!("{}{text}{}", &file.text[..start], &file.text[end..]),
        );
        let amended = load_rulebook_with(None, std::slice::from_ref(&echoed)).unwrap();
        let problems: Vec<String> = check_draft_text(&amended, &echoed)
            .unwrap()
            .into_iter()
            .map(|p| p.message)
            .collect();
        assert!(problems.is_empty(), "{}: {problems:?}\n{text}", file.name);
    }
}

#[test]
fn proposals_rendered_together_take_consecutive_letters_and_conflicting_drafts_are_reported() {
    let files = embedded_proposals();
    let amended = load_rulebook_with(None, &files).unwrap();
    let places: Vec<String> = amended
        .amendments
        .iter()
        .map(|a| match &a.placement {
            oversight::model::Placement::Subsection {
                section, letter, ..
            } => format!("{} {}({letter})", a.proposal, section.usc),
            oversight::model::Placement::Section { .. } => format!("{} new section", a.proposal),
            oversight::model::Placement::Nothing => format!("{} nothing", a.proposal),
        })
        .collect();
    assert_eq!(
        places,
        [
            "adversary-exchange-notice 50 U.S.C. 3092(d)",
            "adversary-liaison-channel-report 50 U.S.C. 3092(e)",
            "adversary-sharing-certification new section",
            "allied-curtailment-notice new section",
            "rel-to-reporting 50 U.S.C. 3092(f)",
        ]
    );
    let conflicts: Vec<String> = files
        .iter()
        .flat_map(|f| check_draft_text(&amended, f).unwrap())
        .map(|p| p.message)
        .collect();
    assert_eq!(
        conflicts,
        [
            "the draft text inserts subsection (d), but the next free letter is (e)",
            "the draft text inserts subsection (d), but the next free letter is (f)",
        ]
    );
}

#[test]
fn a_condition_on_a_fact_with_no_statutory_words_is_named_and_not_drafted_as_syntax() {
    let file = proposal(
        r##"Proposal(
    id: "draft",
    title: "Notice of hidden activities",
    summary: "s",
    amends: (act: "National Security Act of 1947", section: "502", usc: "50 U.S.C. 3092"),
    text: r#"x"#,
    changes: [AddRule(Notice(
        id: "hidden-notice", cite: "", says: "s",
        when: Fact("us_role_hidden"),
        by: "the President", to: ["congressional_intelligence_committees"],
        what: "written notice", form: Written, due: WithinDays(days: 7, after: "activity_start"),
    ))],
)"##,
    );
    let amended = load_rulebook_with(None, std::slice::from_ref(&file)).unwrap();
    let drafted = oversight::drafting::draft_all(&amended).pop().unwrap();
    assert_eq!(
        drafted.notes,
        [
            "No statutory words for fact `us_role_hidden`: add a `yes` clause in its `statutory` words in vocabulary.ron."
        ]
    );
    let text = oversight::drafting::print::bare_text(&drafted);
    assert!(
        !text.contains("us_role_hidden") && !text.contains('`'),
        "{text}"
    );
    // The CLI refuses it: exit 1.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.ron");
    std::fs::write(&path, file.text.as_str()).unwrap();
    let status = assert_cmd::Command::cargo_bin("oversight")
        .unwrap()
        .args(["render", path.to_str().unwrap()])
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
}
