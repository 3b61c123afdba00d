//! The engine's semantics on small rule books written inline: Kleene logic
//! through overrides, exceptions to exceptions, in-force dates, deadlines,
//! and the compile errors an author can cause.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use jiff::civil::{Date, date};

use oversight::assessment::build::assess;
use oversight::assessment::{Assessment, Status};
use oversight::compile::{RuleSources, compile};
use oversight::countries::Country;
use oversight::diagnostic::Diagnostics;
use oversight::engine::evaluate::evaluate_rules;
use oversight::engine::logic::Truth;
use oversight::input::action::{Action, FactValue, load_action};
use oversight::input::rules_dir::load_rulebook;
use oversight::model::RuleBook;
use oversight::source::SourceFile;

fn sources(rules: &str) -> RuleSources {
    RuleSources {
        vocabulary: SourceFile::new("rules/vocabulary.ron", common::VOCABULARY),
        bodies: SourceFile::new("rules/bodies.ron", common::BODIES),
        law: vec![SourceFile::new(
            "rules/law/test.ron",
            common::provision(rules),
        )],
        proposals: Vec::new(),
    }
}

fn book(rules: &str) -> RuleBook {
    compile(&sources(rules)).unwrap_or_else(|d| panic!("{}", d.render(false)))
}

fn errors(rules: &str) -> Diagnostics {
    match compile(&sources(rules)) {
        Ok(_) => panic!("expected a compile error"),
        Err(d) => d,
    }
}

fn action(book: &RuleBook, facts: &str, events: &str) -> Action {
    let text = format!("Action(title: \"t\", facts: {{{facts}}}, events: {{{events}}})");
    load_action(book, SourceFile::new("action.ron", text))
        .unwrap_or_else(|d| panic!("{}", d.render(false)))
        .action
}

fn value(book: &RuleBook, action: &Action, id: &str) -> Truth {
    let evaluation = evaluate_rules(book, action, date(2025, 6, 1));
    evaluation.values[(book.rule_index[id]).0]
}

fn run(book: &RuleBook, action: &Action, as_of: Date) -> Assessment {
    assess(
        book,
        action,
        as_of,
        oversight::assessment::AsOfSource::CommandLine,
    )
}

const NOTICE_AND_EXCEPTION: &str = r#"
        Notice(id: "n", cite: "(a)", says: "s", when: Fact("a"), by: "x", to: ["both"], what: "w", form: Written, due: Before("end")),
        Exception(id: "x", cite: "(b)", says: "s", when: Fact("b"), overrides: ["n"]),
"#;

#[test]
fn an_override_follows_kleene_logic() {
    let book = book(NOTICE_AND_EXCEPTION);
    let cases = [
        ("\"a\": true, \"b\": false", Truth::True),
        ("\"a\": true, \"b\": true", Truth::False),
        ("\"a\": true", Truth::Unknown),
        ("\"a\": false", Truth::False),
        ("\"b\": true", Truth::False),
        ("\"b\": false", Truth::Unknown),
    ];
    for (facts, expected) in cases {
        let action = action(&book, facts, "");
        assert_eq!(value(&book, &action, "n"), expected, "facts {facts}");
    }
}

#[test]
fn a_displaced_rule_names_what_displaced_it() {
    let book = book(NOTICE_AND_EXCEPTION);
    let assessment = run(
        &book,
        &action(&book, "\"a\": true, \"b\": true", ""),
        date(2025, 1, 1),
    );
    let n = assessment
        .outcomes
        .iter()
        .find(|o| &*o.texts.id == "n")
        .unwrap();
    assert_eq!(n.status, Status::NotRequired);
    assert_eq!(
        n.reason.as_ref().unwrap().text(),
        "displaced by `x` (99 U.S.C. 1(b))"
    );
}

#[test]
fn an_exception_to_an_exception_restores_the_rule() {
    let book = book(
        r#"
        Prohibition(id: "bar", cite: "(a)", says: "s", when: Fact("a"), bars: "it"),
        Exception(id: "lift", cite: "(b)", says: "s", when: Fact("b"), overrides: ["bar"]),
        Exception(id: "unlift", cite: "(c)", says: "s", when: Fact("c"), overrides: ["lift"]),
"#,
    );
    let both = action(&book, "\"a\": true, \"b\": true, \"c\": false", "");
    assert_eq!(value(&book, &both, "bar"), Truth::False);
    let restored = action(&book, "\"a\": true, \"b\": true, \"c\": true", "");
    assert_eq!(value(&book, &restored, "lift"), Truth::False);
    assert_eq!(value(&book, &restored, "bar"), Truth::True);
    let open = action(&book, "\"a\": true, \"b\": true", "");
    assert_eq!(value(&book, &open, "bar"), Truth::Unknown);
}

#[test]
fn a_definition_exclusion_makes_the_term_false_for_its_users() {
    let book = book(
        r#"
        Definition(id: "term", cite: "(a)", says: "s", when: Fact("a")),
        Definition(id: "excluded", cite: "(a)(1)", says: "s", when: Fact("b"), overrides: ["term"]),
        Notice(id: "n", cite: "(b)", says: "s", when: Ref("term"), by: "x", to: ["one"], what: "w", form: Written, due: NotStated),
"#,
    );
    let action = action(&book, "\"a\": true, \"b\": true", "");
    let assessment = run(&book, &action, date(2025, 1, 1));
    let n = assessment
        .outcomes
        .iter()
        .find(|o| &*o.texts.id == "n")
        .unwrap();
    assert_eq!(n.status, Status::NotRequired);
    assert_eq!(
        n.reason.as_ref().unwrap().text(),
        "`term` does not apply: displaced by `excluded` (99 U.S.C. 1(a)(1))"
    );
}

#[test]
fn country_choice_set_and_amount_conditions() {
    let book = book(
        r#"
        Definition(id: "adversary", cite: "(a)", says: "s", when: InGroup("country", "adversaries")),
        Definition(id: "by_marking", cite: "(b)", says: "s", when: Is("channel", "marking")),
        Definition(id: "imagery", cite: "(c)", says: "s", when: In("kinds", ["imagery"])),
        Definition(id: "big", cite: "(d)", says: "s", when: MoreThan("value", 1000000)),
        Definition(id: "at_least", cite: "(e)", says: "s", when: AtLeast("value", 1000000)),
"#,
    );
    let a = action(
        &book,
        r#""country": "RUS", "channel": "liaison", "kinds": ["signals", "imagery"], "value": 1_000_000"#,
        "",
    );
    assert_eq!(value(&book, &a, "adversary"), Truth::True);
    assert_eq!(value(&book, &a, "by_marking"), Truth::False);
    assert_eq!(value(&book, &a, "imagery"), Truth::True);
    assert_eq!(value(&book, &a, "big"), Truth::False);
    assert_eq!(value(&book, &a, "at_least"), Truth::True);
    let b = action(&book, r#""country": "GBR", "kinds": []"#, "");
    assert_eq!(value(&book, &b, "adversary"), Truth::False);
    assert_eq!(value(&book, &b, "imagery"), Truth::False);
    assert_eq!(value(&book, &b, "by_marking"), Truth::Unknown);
    assert_eq!(value(&book, &b, "big"), Truth::Unknown);
}

#[test]
fn rules_out_of_force_do_not_apply_and_say_why() {
    let book = book(
        r#"
        Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w", form: Written,
               due: NotStated, in_force: (from: "2010-10-07", until: "2028-12-31", by: "Test Act amendments")),
"#,
    );
    let action = action(&book, "", "");
    let before = run(&book, &action, date(2010, 10, 6));
    let n = &before.outcomes[0];
    assert_eq!(n.status, Status::NotRequired);
    assert_eq!(
        n.reason.as_ref().unwrap().text(),
        "not in force on 2010-10-06 (in force 2010-10-07 to 2028-12-31; Test Act amendments)"
    );
    assert_eq!(
        run(&book, &action, date(2010, 10, 7)).outcomes[0].status,
        Status::Required
    );
    assert_eq!(
        run(&book, &action, date(2028, 12, 31)).outcomes[0].status,
        Status::Required
    );
    assert_eq!(
        run(&book, &action, date(2029, 1, 1)).outcomes[0].status,
        Status::NotRequired
    );
}

fn due_of(timing: &str, events: &str) -> (Option<String>, Option<String>) {
    let book = book(&format!(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w", form: Written, due: {timing}),"#
    ));
    let action = action(&book, "", events);
    let assessment = run(&book, &action, date(2025, 1, 1));
    let deadline = assessment.outcomes[0].deadline.clone().unwrap();
    (deadline.due, deadline.due_text)
}

#[test]
fn calendar_days_cross_month_ends() {
    let (due, _) = due_of(
        r#"WithinDays(days: 30, after: "start")"#,
        r#""start": "2025-01-31T12:00""#,
    );
    assert_eq!(due.as_deref(), Some("2025-03-02"));
    let (due, _) = due_of(
        r#"WithinDays(days: 1, after: "start")"#,
        r#""start": "2024-02-28""#,
    );
    assert_eq!(due.as_deref(), Some("2024-02-29"));
}

#[test]
fn hours_are_elapsed_time_across_daylight_saving_changes() {
    // Clocks go back at 02:00 on 2 November 2025: 24 hours after 12:00 EDT is 11:00 EST.
    let (due, text) = due_of(
        r#"WithinHours(hours: 24, after: "start")"#,
        r#""start": "2025-11-01T12:00""#,
    );
    assert_eq!(
        due.as_deref(),
        Some("2025-11-02T11:00:00-05:00[America/New_York]")
    );
    assert_eq!(text.as_deref(), Some("by 2025-11-02 11:00 EST"));
}

#[test]
fn business_days_skip_weekends_and_federal_holidays() {
    // Wednesday 26 November 2025 + 2 business days: Thanksgiving and the weekend are skipped.
    let (due, _) = due_of(
        r#"WithinBusinessDays(days: 2, after: "start")"#,
        r#""start": "2025-11-26T09:00""#,
    );
    assert_eq!(due.as_deref(), Some("2025-12-01"));
    // Friday 3 July 2026 is the observed Independence Day.
    let (due, _) = due_of(
        r#"WithinBusinessDays(days: 1, after: "start")"#,
        r#""start": "2026-07-02""#,
    );
    assert_eq!(due.as_deref(), Some("2026-07-06"));
}

#[test]
fn days_before_and_repeating_deadlines() {
    let (due, _) = due_of(
        r#"DaysBefore(days: 14, before: "end")"#,
        r#""end": "2025-03-10T09:00""#,
    );
    assert_eq!(due.as_deref(), Some("2025-02-24"));
    let (due, text) = due_of(
        r#"EveryDays(days: 180, after: "start")"#,
        r#""start": "2025-08-31""#,
    );
    assert_eq!(due.as_deref(), Some("2026-02-27"));
    assert_eq!(text.as_deref(), Some("first by 2026-02-27"));
}

#[test]
fn a_case_split_over_a_choice_decides_what_kleene_logic_cannot() {
    // A notice displaced whenever it would apply: with the channel unknown,
    // three-valued logic says "unknown", but every channel gives "not
    // required" (found by the property test on 10 U.S.C. 127e(d)(1), whose
    // 48-hour alternative displaces it).
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Is("channel", "liaison"), by: "x", to: ["one"], what: "w", form: Written, due: NotStated),
        Notice(id: "m", cite: "(b)", says: "s", when: All([Is("channel", "liaison"), Fact("a")]), by: "x", to: ["one"], what: "w", form: Written, due: NotStated, overrides: ["n"]),
        Notice(id: "k", cite: "(c)", says: "s", when: Is("channel", "liaison"), by: "x", to: ["two"], what: "w", form: Written, due: NotStated),"#,
    );
    let unknown_channel = action(&book, r#""a": true"#, "");
    let assessment = run(&book, &unknown_channel, date(2025, 6, 1));
    let status = |id: &str| {
        assessment
            .outcomes
            .iter()
            .find(|o| &*o.texts.id == id)
            .map(|o| o.status)
    };
    // Displaced in every case where it would apply: decided.
    assert_eq!(status("n"), Some(Status::NotRequired));
    // Really depends on the channel: still undecided.
    assert_eq!(status("k"), Some(Status::Depends));
    assert_eq!(status("m"), Some(Status::Depends));
}

#[test]
fn a_monthly_report_is_due_by_the_end_of_the_following_month() {
    // Signed on 31 January: the report covering January is due by 28 February.
    let (due, text) = due_of(
        r#"ByEndOfNextMonth(after: "start")"#,
        r#""start": "2026-01-31T16:00""#,
    );
    assert_eq!(due.as_deref(), Some("2026-02-28"));
    assert_eq!(text.as_deref(), Some("by 2026-02-28"));
    // A December event runs into the next year; a leap February keeps its 29th.
    let (due, _) = due_of(
        r#"ByEndOfNextMonth(after: "start")"#,
        r#""start": "2025-12-02""#,
    );
    assert_eq!(due.as_deref(), Some("2026-01-31"));
    let (due, _) = due_of(
        r#"ByEndOfNextMonth(after: "start")"#,
        r#""start": "2028-01-15""#,
    );
    assert_eq!(due.as_deref(), Some("2028-02-29"));
}

#[test]
fn qualitative_deadlines_stay_in_words() {
    let (due, text) = due_of("Promptly()", r#""start": "2025-01-01""#);
    assert_eq!((due, text), (None, None));
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w", form: Written, due: TimelyFashion(after: "start")),"#,
    );
    let deadline = run(&book, &action(&book, "", ""), date(2025, 1, 1)).outcomes[0]
        .deadline
        .clone()
        .unwrap();
    assert!(deadline.qualitative);
    assert_eq!(&*deadline.rule, "in a timely fashion after the start");
}

#[test]
fn an_undated_anchor_keeps_the_deadline_relative() {
    let (due, text) = due_of(r#"WithinHours(hours: 48, after: "start")"#, "");
    assert_eq!((due, text), (None, None));
}

#[test]
fn each_body_is_listed_once_with_its_earliest_deadline() {
    let book = book(
        r#"
        Notice(id: "late", cite: "(a)", says: "s", when: Always, by: "x", to: ["both"], what: "w", form: Written, due: WithinDays(days: 30, after: "start")),
        Notice(id: "early", cite: "(b)", says: "s", when: Always, by: "x", to: ["one"], what: "w", form: Written, due: WithinHours(hours: 48, after: "start")),
"#,
    );
    let assessment = run(
        &book,
        &action(&book, "", r#""start": "2025-05-01T10:00""#),
        date(2025, 5, 1),
    );
    let one: Vec<_> = assessment.bodies.iter().filter(|b| b.id == "one").collect();
    assert_eq!(one.len(), 1);
    assert_eq!(
        one[0].earliest_due.as_deref(),
        Some("by 2025-05-03 10:00 EDT")
    );
    let rules: Vec<&str> = one[0].obligations.iter().map(|o| &*o.rule).collect();
    assert_eq!(rules, ["early", "late"]);
    let two = assessment.bodies.iter().find(|b| b.id == "two").unwrap();
    assert_eq!(two.earliest_due.as_deref(), Some("by 2025-05-31"));
}

#[test]
fn questions_are_ranked_by_how_many_obligations_they_decide() {
    let book = book(
        r#"
        Notice(id: "n1", cite: "(a)", says: "s", when: All([Fact("a"), Fact("b")]), by: "x", to: ["one"], what: "w", form: Written, due: NotStated),
        Notice(id: "n2", cite: "(b)", says: "s", when: Fact("b"), by: "x", to: ["two"], what: "w", form: Written, due: NotStated),
        Notice(id: "n3", cite: "(c)", says: "s", when: All([Fact("c"), Fact("b")]), by: "x", to: ["two"], what: "w", form: Written, due: NotStated),
"#,
    );
    let assessment = run(&book, &action(&book, "", ""), date(2025, 1, 1));
    let order: Vec<(&str, usize)> = assessment
        .questions
        .iter()
        .map(|q| (&*q.fact, q.decides))
        .collect();
    assert_eq!(order, [("b", 3), ("a", 1), ("c", 1)]);
    assert_eq!(assessment.questions[0].question, "B?");
}

fn first_error(rules: &str) -> String {
    let d = errors(rules);
    let first = &d.0[0];
    format!(
        "{}: {} | {}",
        first.location(),
        first.message,
        first.help.clone().unwrap_or_default()
    )
}

#[test]
fn an_unknown_fact_in_a_rule_file_points_at_it_and_suggests_the_name() {
    let message =
        first_error(r#"Definition(id: "d", cite: "(a)", says: "s", when: Fact("chanel")),"#);
    assert_eq!(
        message,
        "rules/law/test.ron:5:56: unknown fact `chanel` | did you mean `channel`?"
    );
}

#[test]
fn wrong_types_unknown_values_bodies_events_and_groups_are_all_reported() {
    let d = errors(
        r#"
        Definition(id: "d1", cite: "(a)", says: "s", when: Fact("country")),
        Definition(id: "d2", cite: "(b)", says: "s", when: Is("channel", "markng")),
        Definition(id: "d3", cite: "(c)", says: "s", when: InGroup("country", "adversary")),
        Definition(id: "d4", cite: "(d)", says: "s", when: Is("country", "RUZ")),
        Notice(id: "n", cite: "(e)", says: "s", when: Always, by: "x", to: ["boht"], what: "w", form: Written, due: Before("ned")),
"#,
    );
    let messages: Vec<String> =
        d.0.iter()
            .map(|e| format!("{} | {}", e.message, e.help.clone().unwrap_or_default()))
            .collect();
    assert_eq!(
        messages,
        [
            "`Fact` needs a flag, but `country` is a country code | test a country with `Is`, `In` or `InGroup`",
            "`markng` is not a value of `channel` | did you mean `marking`?",
            "unknown country group `adversary` | did you mean `adversaries`?",
            "unknown country code `RUZ` | did you mean `RUS`?",
            "unknown body or group `boht` | did you mean `both`?",
            "unknown event `ned` | did you mean `end`?",
        ]
    );
}

#[test]
fn duplicate_ids_and_bad_overrides_are_rejected() {
    let message = first_error(
        r#"
        Definition(id: "d", cite: "(a)", says: "s", when: Always),
        Definition(id: "d", cite: "(b)", says: "s", when: Always),
"#,
    );
    assert!(message.starts_with("rules/law/test.ron:7:24: duplicate rule id `d` | the first definition is at rules/law/test.ron:6:24"), "{message}");
    let message = first_error(
        r#"
        Definition(id: "d", cite: "(a)", says: "s", when: Always, overrides: ["n"]),
        Notice(id: "n", cite: "(b)", says: "s", when: Always, by: "x", to: ["one"], what: "w", form: Written, due: NotStated),
"#,
    );
    assert!(
        message.contains("`d` (Definition) cannot override `n` (Notice)"),
        "{message}"
    );
    let message = first_error(
        r#"Exception(id: "e", cite: "(a)", says: "s", when: Always, overrides: ["nn"]),"#,
    );
    assert!(
        message.contains("unknown rule id `nn` in `overrides`"),
        "{message}"
    );
}

#[test]
fn a_cycle_is_printed_as_a_path_of_rule_ids() {
    let d = errors(
        r#"
        Definition(id: "first", cite: "(a)", says: "s", when: Ref("third")),
        Definition(id: "second", cite: "(b)", says: "s", when: Ref("first")),
        Definition(id: "third", cite: "(c)", says: "s", when: Ref("second")),
"#,
    );
    let e = &d.0[0];
    assert!(
        e.message
            .starts_with("rules depend on each other in a cycle: "),
        "{}",
        e.message
    );
    let path = e
        .message
        .trim_start_matches("rules depend on each other in a cycle: ");
    let ids: Vec<&str> = path.split(" -> ").collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(ids.first(), ids.last());
    for id in ["first", "second", "third"] {
        assert!(ids.contains(&id), "{path}");
    }
    assert!(
        e.help
            .as_deref()
            .unwrap_or_default()
            .contains("rules/law/test.ron:"),
        "{:?}",
        e.help
    );
}

#[test]
fn an_in_force_range_that_ends_before_it_starts_is_rejected() {
    let message = first_error(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w", form: Written, due: NotStated, in_force: (from: "2020-01-01", until: "2019-12-31", by: "Test Act")),"#,
    );
    assert!(
        message.contains("in-force range ends on 2019-12-31, before it starts on 2020-01-01"),
        "{message}"
    );
}

#[test]
fn bad_action_values_are_reported_together() {
    let book = book(r#"Definition(id: "d", cite: "(a)", says: "s", when: Always),"#);
    let text = r#"Action(
    title: "t",
    facts: {"a": "yes", "country": "rus", "channel": "liason", "valu": 3, "signed_on": "2025-02-30"},
    events: {"strat": "2025-01-01", "end": "2025-13-01"},
    timezone: "America/NewYork",
)"#;
    let d = load_action(&book, SourceFile::new("bad.ron", text)).unwrap_err();
    let mut lines: Vec<String> =
        d.0.iter()
            .map(|e| {
                format!(
                    "{} {} | {}",
                    e.location(),
                    e.message,
                    e.help.clone().unwrap_or_default()
                )
            })
            .collect();
    // In file order: the time zone (line 5) comes after the events (line 4).
    let timezone = lines.pop().unwrap();
    assert_eq!(
        timezone,
        "bad.ron:5:15 unknown time zone `America/NewYork` | did you mean `America/New_York`?"
    );
    let last = lines.pop().unwrap();
    assert!(
        last.starts_with("bad.ron:4:44 invalid event time `2025-13-01` | write `YYYY-MM-DDTHH:MM`"),
        "{last}"
    );
    assert_eq!(
        lines,
        [
            "bad.ron:3:18 fact `a` is a flag (true or false), but this value is not | write it as `true` or `false`",
            "bad.ron:3:36 unknown country `rus` | country codes are upper case: did you mean `RUS`?",
            "bad.ron:3:54 `liason` is not a value of `channel` | did you mean `liaison`?",
            "bad.ron:3:64 unknown fact `valu` | did you mean `value`?",
            "bad.ron:3:88 fact `signed_on` is a date, but this value is not | write it as `\"2025-03-11\"`",
            "bad.ron:4:14 unknown event `strat` | did you mean `start`?",
        ]
    );
}

#[test]
fn an_action_names_a_country_by_code_or_by_name() {
    let book = book(r#"Definition(id: "d", cite: "(a)", says: "s", when: Is("country", "RUS")),"#);
    for spelling in [
        "RUS",
        "Russia",
        "Russian Federation",
        "the russian federation",
    ] {
        let text = format!(r#"Action(title: "t", facts: {{"country": "{spelling}"}})"#);
        let loaded = load_action(&book, SourceFile::new("a.ron", &text)).unwrap();
        let country = loaded.action.facts.iter().flatten().find_map(|v| match v {
            FactValue::Country(c) => Some(*c),
            _ => None,
        });
        assert_eq!(country, Country::from_code("RUS"), "{spelling}");
    }
    let text = r#"Action(title: "t", facts: {"country": "Rusia"})"#;
    let d = load_action(&book, SourceFile::new("a.ron", text)).unwrap_err();
    let error = &d.0[0];
    assert_eq!(error.message, "unknown country `Rusia`");
    assert_eq!(error.help.as_deref(), Some("did you mean `Russia`?"));
    assert_eq!((error.line, error.column), (1, 39));
}

/// Soundness of three-valued evaluation on the real rules: whenever an
/// obligation is decided with some facts unknown, every completion of those
/// facts gives the same answer; and an undecided one really differs between
/// two completions.
#[test]
fn decided_outcomes_hold_under_every_completion_of_the_unknowns() {
    let book = load_rulebook(None).unwrap();
    let flags: Vec<usize> = book
        .vocabulary
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == oversight::model::FactKind::Flag)
        .map(|(i, _)| i)
        .collect();
    let as_of = date(2025, 6, 1);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut partial = Action::empty(&book, "random");
        // Facts other than flags are fixed; the flags are what varies.
        for (ix, fact) in book.vocabulary.facts.iter().enumerate() {
            partial.facts[ix] = match &fact.kind {
                oversight::model::FactKind::Flag => None,
                oversight::model::FactKind::Choice(_) => Some(FactValue::Choice(0)),
                oversight::model::FactKind::ChoiceSet(_) => Some(FactValue::Set(next() % 4)),
                oversight::model::FactKind::Country => {
                    Country::from_code("RUS").map(FactValue::Country)
                }
                oversight::model::FactKind::Amount => Some(FactValue::Amount(next() % 3_000_000)),
                oversight::model::FactKind::Date => Some(FactValue::Date(as_of)),
            };
        }
        let mut unknown = Vec::new();
        for &f in &flags {
            match next() % 3 {
                0 => unknown.push(f),
                1 => partial.facts[f] = Some(FactValue::Flag(true)),
                _ => partial.facts[f] = Some(FactValue::Flag(false)),
            }
        }
        unknown.truncate(6);
        for &f in &flags {
            if partial.facts[f].is_none() && !unknown.contains(&f) {
                partial.facts[f] = Some(FactValue::Flag(false));
            }
        }
        let values_of = |a: &Action| -> Vec<Truth> {
            let assessment = assess(
                &book,
                a,
                as_of,
                oversight::assessment::AsOfSource::CommandLine,
            );
            let mut values: Vec<Truth> = assessment
                .outcomes
                .iter()
                .map(|o| match o.status {
                    Status::Required => Truth::True,
                    Status::Depends => Truth::Unknown,
                    Status::NotRequired => Truth::False,
                    Status::NotEncoded => Truth::Unknown,
                })
                .collect();
            values.extend(assessment.terms.iter().map(|t| t.value));
            values
        };
        let base = values_of(&partial);
        let raw = evaluate_rules(&book, &partial, as_of).values;
        let mut seen: Vec<Vec<Truth>> = vec![Vec::new(); base.len()];
        for mask in 0..(1u32 << unknown.len()) {
            let mut complete = partial.clone();
            for (bit, &f) in unknown.iter().enumerate() {
                complete.facts[f] = Some(FactValue::Flag(mask & (1 << bit) != 0));
            }
            let complete_raw = evaluate_rules(&book, &complete, as_of).values;
            for (ix, v) in complete_raw.iter().enumerate() {
                if raw[ix] != Truth::Unknown {
                    assert_eq!(
                        *v, raw[ix],
                        "Kleene value of {} changed under a completion",
                        book.rules[ix].id
                    );
                }
            }
            for (ix, v) in values_of(&complete).into_iter().enumerate() {
                assert_ne!(
                    v,
                    Truth::Unknown,
                    "an outcome is still undecided with every fact known"
                );
                if base[ix] != Truth::Unknown {
                    assert_eq!(v, base[ix], "outcome {ix} changed under a completion");
                }
                seen[ix].push(v);
            }
        }
        for (ix, values) in seen.iter().enumerate() {
            if base[ix] == Truth::Unknown {
                assert!(
                    values.contains(&Truth::True) && values.contains(&Truth::False),
                    "outcome {ix} is undecided but never differs"
                );
            }
        }
    }
}

/// The test law with one provision whose horizon is `encoded_from`.
fn book_with_horizon(encoded_from: &str, rules: &str) -> RuleBook {
    let provision = common::provision(rules).replace(
        r#"by: "Test Act")"#,
        &format!(r#"by: "Test Act", encoded_from: "{encoded_from}")"#),
    );
    let sources = RuleSources {
        vocabulary: SourceFile::new("rules/vocabulary.ron", common::VOCABULARY),
        bodies: SourceFile::new("rules/bodies.ron", common::BODIES),
        law: vec![SourceFile::new("rules/law/test.ron", provision)],
        proposals: Vec::new(),
    };
    compile(&sources).unwrap_or_else(|d| panic!("{}", d.render(false)))
}

#[test]
fn a_duty_is_judged_by_the_law_of_its_event_not_the_as_of_date() {
    // A notice enacted in 2014 creates no duty for an activity begun in 2013,
    // even asked in 2026; an activity begun after enactment owes it.
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Fact("a"), by: "x", to: ["one"], what: "w",
               form: Written, due: WithinDays(days: 30, after: "start"),
               in_force: (from: "2014-07-07", by: "Test Act amendments")),"#,
    );
    let before = action(&book, r#""a": true"#, r#""start": "2013-06-01T09:00""#);
    let n = &run(&book, &before, date(2026, 12, 1)).outcomes[0];
    assert_eq!(n.status, Status::NotRequired);
    assert_eq!(n.law_of.date.to_string(), "2013-06-01");
    assert_eq!(n.law_of.basis, "event");
    assert_eq!(
        n.reason.as_ref().unwrap().text(),
        "not in force on 2013-06-01 (in force from 2014-07-07; Test Act amendments)"
    );
    let after = action(&book, r#""a": true"#, r#""start": "2015-06-01T09:00""#);
    let n = &run(&book, &after, date(2026, 12, 1)).outcomes[0];
    assert_eq!(n.status, Status::Required);
    assert_eq!(
        n.deadline.as_ref().unwrap().due.as_deref(),
        Some("2015-07-01")
    );
    // A repealed version still governs an event of its time.
    let book = book_with_horizon(
        "1990-01-01",
        r#"Notice(id: "old", cite: "(a)", says: "s", when: Fact("a"), by: "x", to: ["one"], what: "w",
               form: Written, due: WithinDays(days: 30, after: "start"),
               in_force: (from: "2000-01-01", until: "2019-12-31", by: "Test Act")),
           Notice(id: "new", cite: "(a)", says: "s", when: Fact("a"), by: "x", to: ["one"], what: "w",
               form: Written, due: WithinHours(hours: 48, after: "start"),
               in_force: (from: "2020-01-01", by: "Test Act amendments")),"#,
    );
    let old_event = action(&book, r#""a": true"#, r#""start": "2019-12-31T09:00""#);
    let outcomes = run(&book, &old_event, date(2026, 12, 1)).outcomes;
    assert_eq!(
        outcomes[0].status,
        Status::Required,
        "the version of its day"
    );
    assert_eq!(outcomes[1].status, Status::NotRequired);
    let new_event = action(&book, r#""a": true"#, r#""start": "2020-01-01T09:00""#);
    let outcomes = run(&book, &new_event, date(2026, 12, 1)).outcomes;
    assert_eq!(outcomes[0].status, Status::NotRequired);
    assert_eq!(outcomes[1].status, Status::Required);
}

#[test]
fn a_notice_is_judged_by_the_event_it_arises_on_else_the_earliest_dated_event() {
    // Like 10 U.S.C. 130f(b)(3): a notice of a disclosure is governed by the
    // law of the operation disclosed (`start`), not the disclosure (`end`).
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Unspecified, due: Immediately(after: "end"), arises_on: "start",
               in_force: (from: "2016-12-23", by: "Test Act amendments")),
           Notice(id: "m", cite: "(b)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: NotStated,
               in_force: (from: "2016-12-23", by: "Test Act amendments")),"#,
    );
    let old_operation = action(
        &book,
        "",
        r#""start": "2015-06-01T09:00", "end": "2017-03-01T09:00""#,
    );
    let outcomes = run(&book, &old_operation, date(2026, 12, 1)).outcomes;
    assert_eq!(outcomes[0].law_of.date.to_string(), "2015-06-01");
    assert_eq!(outcomes[0].law_of.event.as_deref(), Some("the start"));
    assert_eq!(outcomes[0].status, Status::NotRequired);
    // A duty with no event of its own takes the action's earliest dated event.
    assert_eq!(outcomes[1].law_of.date.to_string(), "2015-06-01");
    assert_eq!(outcomes[1].law_of.basis, "event");
    assert_eq!(outcomes[1].status, Status::NotRequired);
    // The operation undated: the notice falls back to its timing's event
    // (the disclosure), not to an unrelated earlier event of the action.
    let only_disclosure = action(
        &book,
        "",
        r#""meeting": "2010-01-05T09:00", "end": "2017-03-01T09:00""#,
    );
    let outcomes = run(&book, &only_disclosure, date(2026, 12, 1)).outcomes;
    assert_eq!(outcomes[0].law_of.date.to_string(), "2017-03-01");
    assert_eq!(outcomes[0].status, Status::Required);
    assert_eq!(
        outcomes[1].law_of.date.to_string(),
        "2010-01-05",
        "no event of its own"
    );
    // No event dated: the as-of date.
    let undated = action(&book, "", "");
    let outcomes = run(&book, &undated, date(2016, 12, 22)).outcomes;
    assert_eq!(outcomes[0].law_of.basis, "as_of");
    assert_eq!(outcomes[0].law_of.date.to_string(), "2016-12-22");
    assert_eq!(outcomes[0].status, Status::NotRequired);
}

#[test]
fn a_duty_owed_on_request_is_judged_at_the_as_of_date() {
    // The request is not an event of the action: an old activity asked about
    // now is answered under today's law.
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: OnRequest,
               in_force: (from: "2016-12-23", by: "Test Act amendments")),"#,
    );
    let old = action(&book, "", r#""start": "2005-06-01T09:00""#);
    let n = &run(&book, &old, date(2026, 12, 1)).outcomes[0];
    assert_eq!(n.law_of.basis, "as_of");
    assert_eq!(n.status, Status::Required);
}

#[test]
fn event_times_may_carry_a_critical_zone_an_annotation_or_an_offset_as_zone() {
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: WithinHours(hours: 24, after: "start")),"#,
    );
    for written in [
        "2025-06-01T12:00[!Europe/Berlin]",
        "2025-06-01T12:00[Europe/Berlin][u-ca=iso8601]",
        "2025-06-01T12:00+02:00[+02:00]",
    ] {
        let text = format!(r#"Action(title: "t", facts: {{}}, events: {{"start": "{written}"}})"#);
        let loaded = load_action(&book, SourceFile::new("action.ron", text))
            .unwrap_or_else(|d| panic!("{written}: {}", d.render(false)));
        let deadline = run(&book, &loaded.action, date(2025, 6, 1)).outcomes[0]
            .deadline
            .clone()
            .unwrap();
        assert_eq!(
            deadline.due.as_deref(),
            Some("2025-06-02T06:00:00-04:00[America/New_York]"),
            "{written}"
        );
    }
}

#[test]
fn a_local_time_in_a_named_zone_that_the_clocks_skip_is_read_early_with_a_warning() {
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: WithinHours(hours: 48, after: "start")),"#,
    );
    // 02:30 on 30 March 2025 does not exist in Berlin (clocks jump 02:00 -> 03:00).
    let text =
        r#"Action(title: "t", facts: {}, events: {"start": "2025-03-30T02:30[Europe/Berlin]"})"#;
    let loaded = load_action(&book, SourceFile::new("action.ron", text)).unwrap();
    let warning = loaded
        .warnings
        .0
        .first()
        .map(|w| w.message.clone())
        .unwrap_or_default();
    assert!(
        warning.starts_with(
            "2025-03-30T02:30[Europe/Berlin] does not exist in Europe/Berlin: read as"
        ),
        "{warning}"
    );
    // The earlier instant is 02:30 CEST = 01:30 CET = 00:30 UTC; 48 hours on,
    // shown in the action's zone.
    let deadline = run(&book, &loaded.action, date(2025, 4, 1)).outcomes[0]
        .deadline
        .clone()
        .unwrap();
    assert_eq!(
        deadline.due.as_deref(),
        Some("2025-03-31T20:30:00-04:00[America/New_York]")
    );
    // With an offset the instant is exact and nothing is warned.
    let exact = r#"Action(title: "t", facts: {}, events: {"start": "2025-03-30T03:30+02:00[Europe/Berlin]"})"#;
    let loaded = load_action(&book, SourceFile::new("action.ron", exact)).unwrap();
    assert!(loaded.warnings.0.is_empty());
}

#[test]
fn before_the_horizon_the_answer_is_not_encoded_and_spreads_to_what_depends_on_it() {
    let rules = r#"
        Definition(id: "d", cite: "(a)", says: "s", when: Fact("a")),
        Notice(id: "n", cite: "(b)", says: "s", when: Ref("d"), by: "x", to: ["one"], what: "w",
               form: Written, due: NotStated,
               in_force: (from: "2000-01-01", by: "Test Act", encoded_from: "1990-01-01")),"#;
    let book = book_with_horizon("2010-01-01", rules);
    let early = action(&book, r#""a": true"#, "");
    let assessment = run(&book, &early, date(2009, 12, 31));
    let n = &assessment.outcomes[0];
    assert_eq!(n.status, Status::NotEncoded);
    assert_eq!(
        n.reason.as_ref().unwrap().text(),
        "not encoded for 2009-12-31: the encoding of `d` starts on 2010-01-01; check the law of that date by hand"
    );
    assert!(assessment.questions.is_empty(), "no fact would decide it");
    assert_eq!(
        assessment.bodies[0].obligations[0].status,
        Status::NotEncoded
    );
    assert!(!assessment.bodies[0].required);
    // When the facts rule the rule out in the form encoded, it does not apply.
    let ruled_out = action(&book, r#""a": false"#, "");
    let n = &run(&book, &ruled_out, date(2009, 12, 31)).outcomes[0];
    assert_eq!(n.status, Status::NotRequired);
    assert_eq!(
        run(&book, &early, date(2010, 1, 1)).outcomes[0].status,
        Status::Required
    );
}

#[test]
fn no_deadline_falls_before_the_law_that_sets_it() {
    let book = book(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: DaysBefore(days: 7, before: "start"),
               in_force: (from: "2026-01-03", by: "Test Act amendments")),"#,
    );
    let soon = action(&book, "", r#""start": "2026-01-05T09:00""#);
    let deadline = run(&book, &soon, date(2026, 1, 5)).outcomes[0]
        .deadline
        .clone()
        .unwrap();
    assert_eq!(deadline.due.as_deref(), Some("2026-01-03"));
    assert_eq!(deadline.due_text.as_deref(), Some("by 2026-01-03"));
    assert_eq!(
        deadline.missing.as_deref(),
        Some(
            "the count gives by 2025-12-29, before the law took effect on 2026-01-03; due on its first day"
        )
    );
}

#[test]
fn a_line_not_encoded_for_its_date_keeps_its_plain_deadline() {
    // Before the horizon the encoded rule's start says nothing about the law
    // of that date, so the count is not moved to it.
    let book = book_with_horizon(
        "2026-01-03",
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: DaysBefore(days: 7, before: "start"),
               in_force: (from: "2026-01-03", by: "Test Act")),"#,
    );
    let early = action(&book, "", r#""start": "2026-01-02T09:00""#);
    let n = &run(&book, &early, date(2026, 1, 2)).outcomes[0];
    assert_eq!(n.status, Status::NotEncoded);
    let deadline = n.deadline.clone().unwrap();
    assert_eq!(deadline.due.as_deref(), Some("2025-12-26"));
    assert_eq!(deadline.missing, None);
}

#[test]
fn a_version_carries_its_own_sources_after_the_provisions() {
    let book = book(
        r#"Notice(id: "n@2000", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: NotStated,
               in_force: (from: "2000-01-01", until: "2009-12-31", by: "Test Act"),
               sources: ["Test Act as enacted, page 1"]),"#,
    );
    let outcome = &run(&book, &action(&book, "", ""), date(2005, 1, 1)).outcomes[0];
    assert_eq!(
        outcome
            .texts
            .sources
            .iter()
            .map(|s| &**s)
            .collect::<Vec<_>>(),
        ["Test Act as enacted, page 1"]
    );
}

#[test]
fn a_start_date_without_an_enacting_law_is_an_error() {
    let errors = errors(
        r#"Notice(id: "n", cite: "(a)", says: "s", when: Always, by: "x", to: ["one"], what: "w",
               form: Written, due: NotStated, in_force: (from: "2020-01-01")),"#,
    );
    assert!(
        errors
            .0
            .iter()
            .any(|e| e.message == "no enacting law or order for this start date"),
        "{}",
        errors.render(false)
    );
}
