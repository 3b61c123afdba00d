//! Gap analysis: every gap found comes with a runnable witness in which the
//! concern holds and nothing specific is owed; every search finishes; and on
//! random small rule books the search agrees with brute force. Which concerns
//! are gaps under the real law is a legal claim: it lives in the `gaps@`
//! snapshot and the README's table, not here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use jiff::civil::date;
use oversight::analysis::gaps::{
    Budget, Concern, analyse, domains, embedded_concerns, load_concerns, search,
};
use oversight::assessment::Status;
use oversight::assessment::build::assess;
use oversight::compile::{RuleSources, compile};
use oversight::engine::evaluate::{condition_value, evaluate_rules};
use oversight::engine::logic::Truth;
use oversight::input::action::{Action, FactValue, load_action};
use oversight::input::rules_dir::{embedded_proposals, load_rulebook, load_rulebook_with};
use oversight::model::{FactIx, RuleBook};
use oversight::source::SourceFile;

fn concerns(book: &RuleBook) -> Vec<Concern> {
    load_concerns(book, &embedded_concerns().unwrap()).unwrap()
}

#[test]
fn every_gap_under_current_law_has_a_sound_witness() {
    let book = load_rulebook(None).unwrap();
    let concerns = concerns(&book);
    assert!(!concerns.is_empty());
    let as_of = date(2026, 11, 26);
    for (concern, gaps) in concerns.iter().zip(analyse(&book, &concerns, as_of)) {
        assert!(gaps.complete, "{}: the search did not finish", gaps.concern);
        assert_eq!(gaps.examples.len(), gaps.patterns.len());
        assert_eq!(gaps.gap, !gaps.patterns.is_empty(), "{}", gaps.concern);
        for example in &gaps.examples {
            // Each witness, run through the ordinary pipeline, shows the concern and nothing specific.
            let loaded =
                load_action(&book, SourceFile::new("witness.ron", example.clone())).unwrap();
            let evaluation = evaluate_rules(&book, &loaded.action, as_of);
            let holds = condition_value(
                &concern.condition,
                &loaded.action.facts,
                &evaluation.values,
                &book,
            );
            assert_eq!(holds, Truth::True, "{}", gaps.concern);
            let assessment = assess(
                &book,
                &loaded.action,
                as_of,
                oversight::assessment::AsOfSource::ActionFile,
            );
            for outcome in &assessment.outcomes {
                if book.rule(&outcome.texts.id).unwrap().is_specific() {
                    assert_eq!(
                        outcome.status,
                        Status::NotRequired,
                        "{}: {} in the witness",
                        gaps.concern,
                        outcome.texts.id
                    );
                }
            }
        }
    }
}

#[test]
fn the_search_finishes_for_every_concern_under_all_seed_proposals() {
    let book = load_rulebook_with(None, &embedded_proposals()).unwrap();
    let concerns = concerns(&book);
    for gaps in analyse(&book, &concerns, date(2026, 11, 26)) {
        // Finished: "closed" is then a proof, "GAP" comes with a witness.
        assert!(gaps.complete, "{}: the search did not finish", gaps.concern);
        assert_eq!(gaps.gap, !gaps.examples.is_empty(), "{}", gaps.concern);
    }
}

#[test]
fn the_gap_report_is_snapshotted() {
    let output = assert_cmd::Command::cargo_bin("oversight")
        .unwrap()
        .args([
            "gaps",
            "--as-of",
            "2026-11-26",
            "--with",
            "rel-to-reporting",
            "--with",
            "adversary-sharing-certification",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "gaps@law-and-two-proposals",
            String::from_utf8(output.stdout).unwrap()
        );
    });
}

/// A random small rule book over five flags: notices and standing duties
/// with random conditions, some exceptions.
fn random_book(seed: &mut u64) -> RuleBook {
    let mut next = || {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    };
    fn condition(depth: u32, next: &mut dyn FnMut() -> u64) -> String {
        let pick = next() % if depth > 2 { 2 } else { 5 };
        match pick {
            0 | 1 => format!("Fact(\"f{}\")", next() % 5),
            2 => format!("Not({})", condition(depth + 1, next)),
            3 => format!(
                "All([{}, {}])",
                condition(depth + 1, next),
                condition(depth + 1, next)
            ),
            _ => format!(
                "Any([{}, {}])",
                condition(depth + 1, next),
                condition(depth + 1, next)
            ),
        }
    }
    let mut rules = String::new();
    for i in 0..4 {
        let kind = if next() % 3 == 0 {
            "StandingDuty"
        } else {
            "Notice"
        };
        let when = condition(0, &mut next);
        if kind == "Notice" {
            rules.push_str(&format!("Notice(id: \"n{i}\", cite: \"(a)\", says: \"s\", when: {when}, by: \"x\", to: [\"one\"], what: \"w\", form: Written, due: NotStated),\n"));
        } else {
            rules.push_str(&format!("StandingDuty(id: \"n{i}\", cite: \"(a)\", says: \"s\", when: {when}, by: \"x\", to: [\"one\"], what: \"w\"),\n"));
        }
    }
    if next() % 2 == 0 {
        rules.push_str(&format!(
            "Exception(id: \"x\", cite: \"(b)\", says: \"s\", when: {}, overrides: [\"n0\"]),\n",
            condition(0, &mut next)
        ));
    }
    flag_book(5, &rules)
}

/// A law over `flags` flags `f0`, `f1`, ... with these rules, in one provision
/// in force from 2000, telling the one body `one`.
fn flag_book(flags: usize, rules: &str) -> RuleBook {
    oversight::testing::flag_law::flag_book(flags, rules)
        .unwrap_or_else(|d| panic!("{}\n{rules}", d.render(false)))
}

#[test]
fn the_search_agrees_with_brute_force_on_random_small_rule_books() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let as_of = date(2025, 1, 1);
    let (mut with_gap, mut without_gap, mut dead_seen) = (0, 0, 0);
    for round in 0..300 {
        let book = random_book(&mut seed);
        let concern_text = "Concerns(concerns: [(id: \"c\", title: \"t\", explains: \"e\", matters: \"m\", when: Any([Fact(\"f0\"), Fact(\"f1\")]))])";
        let concerns = load_concerns(&book, &SourceFile::new("c.ron", concern_text)).unwrap();
        let concern = &concerns[0];
        let found = search(&book, concern, &domains(&book, &concerns), as_of);
        assert!(found.complete);
        // Brute force over every assignment of the five flags.
        let mut brute = false;
        for mask in 0u32..32 {
            let mut action = Action::empty(&book, "brute");
            for f in 0..5 {
                action.facts[f] = Some(FactValue::Flag(mask & (1 << f) != 0));
            }
            let values = evaluate_rules(&book, &action, as_of).values;
            let holds =
                condition_value(&concern.condition, &action.facts, &values, &book) == Truth::True;
            let nothing_specific = book
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_specific())
                .all(|(i, _)| values[i] == Truth::False);
            brute |= holds && nothing_specific;
        }
        assert_eq!(
            found.witness.is_some(),
            brute,
            "round {round}: search and brute force disagree"
        );

        // The cover: which values of the concern's facts (f0, f1) have a gap behind them.
        let doms = domains(&book, &concerns);
        let found =
            oversight::analysis::gaps::regions(&book, concern, &doms, as_of, Budget::default());
        assert_eq!(found.stopped, None);
        let mut covered = Vec::new();
        for region in &found.regions {
            let values = |fact: usize| {
                region
                    .facts
                    .iter()
                    .find(|(f, _)| *f == FactIx(fact))
                    .map(|(_, v)| v.clone())
                    .unwrap()
            };
            for a in values(0) {
                for b in values(1) {
                    covered.push((doms[0][a].value.clone(), doms[1][b].value.clone()));
                }
            }
        }
        for f0 in [true, false] {
            for f1 in [true, false] {
                let mut any_gap = false;
                for rest in 0u32..8 {
                    let mut action = Action::empty(&book, "brute");
                    action.facts[0] = Some(FactValue::Flag(f0));
                    action.facts[1] = Some(FactValue::Flag(f1));
                    for f in 2..5 {
                        action.facts[f] = Some(FactValue::Flag(rest & (1 << (f - 2)) != 0));
                    }
                    let values = evaluate_rules(&book, &action, as_of).values;
                    let holds = condition_value(&concern.condition, &action.facts, &values, &book)
                        == Truth::True;
                    let nothing = book
                        .rules
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.is_specific())
                        .all(|(i, _)| values[i] == Truth::False);
                    any_gap |= holds && nothing;
                }
                let in_cover = covered.contains(&(FactValue::Flag(f0), FactValue::Flag(f1)));
                assert_eq!(
                    in_cover, any_gap,
                    "round {round}: cover and brute force disagree at f0={f0}, f1={f1}"
                );
            }
        }

        // Dead rules: never true under any assignment, by brute force and by lint.
        let brute_dead = brute_dead_rules(&book, 5, as_of);
        let linted = linted_dead_rules(&book, &doms);
        assert_eq!(linted, brute_dead, "round {round}: dead rules differ");
        if brute {
            with_gap += 1;
        } else {
            without_gap += 1;
        }
        dead_seen += brute_dead.len();
    }
    // The random books must exercise every case, or the comparison proves little.
    assert!(
        with_gap > 20 && without_gap > 20 && dead_seen > 5,
        "{with_gap} {without_gap} {dead_seen}"
    );
}

#[test]
fn before_a_horizon_no_gap_is_not_a_proof() {
    // A notice on f0 whose law before 2010 is not encoded: asked for 2009, a
    // concern on f0 has no witness, but that proves nothing.
    let sources = RuleSources {
        vocabulary: SourceFile::new(
            "v.ron",
            "Vocabulary(facts: [(name: \"f0\", kind: Flag, question: \"?\")], events: [])",
        ),
        bodies: SourceFile::new(
            "b.ron",
            "Bodies(bodies: [(id: \"one\", short: \"ONE\", name: \"One\")], groups: [])",
        ),
        law: vec![SourceFile::new(
            "law.ron",
            "Provision(act: \"A\", section: \"1\", usc: \"\", title: \"t\", in_force: (from: \"2000-01-01\", by: \"A\", encoded_from: \"2010-01-01\"), confidence: Text, sources: [], rules: [Notice(id: \"n\", cite: \"(a)\", says: \"s\", when: Fact(\"f0\"), by: \"x\", to: [\"one\"], what: \"w\", form: Written, due: NotStated)])",
        )],
        proposals: Vec::new(),
    };
    let book = compile(&sources).unwrap();
    let concern_text = "Concerns(concerns: [(id: \"c\", title: \"t\", explains: \"e\", matters: \"m\", when: Fact(\"f0\"))])";
    let concerns = load_concerns(&book, &SourceFile::new("c.ron", concern_text)).unwrap();
    let before = &analyse(&book, &concerns, date(2009, 12, 31))[0];
    assert!(!before.gap);
    assert!(!before.complete, "not a proof before the horizon");
    assert_eq!(before.not_encoded, ["n"]);
    let after = &analyse(&book, &concerns, date(2010, 1, 1))[0];
    assert!(
        !after.gap && after.complete,
        "closed, and proven, from the horizon"
    );
    assert!(after.not_encoded.is_empty());
}

/// A law over `flags` flags with one notice on `f0`, and one concern.
fn flag_law(flags: usize, concern: &str) -> (RuleBook, Vec<Concern>) {
    use oversight::testing::flag_law::{notice, one_concern};
    let book = flag_book(flags, &notice("n", "Fact(\"f0\")"));
    let concerns = one_concern(&book, concern).unwrap();
    (book, concerns)
}

fn all_flags(flags: usize, from: usize) -> String {
    let parts: Vec<String> = (from..flags).map(|i| format!("Fact(\"f{i}\")")).collect();
    format!("All([{}])", parts.join(", "))
}

#[test]
fn sixty_four_flags_never_give_a_proof_that_was_not_made() {
    // Before issue 18 the count of combinations (2^64) wrapped to 0: no
    // combination was searched, and the concern came out "closed" and
    // complete having visited nothing.
    let as_of = date(2025, 1, 1);
    let (book, concerns) = flag_law(64, &all_flags(64, 1));
    let gaps = &analyse(&book, &concerns, as_of)[0];
    // The concern holds with f0 false, when the only notice does not apply: a gap.
    assert!(gaps.gap, "{gaps:?}");
    assert!(gaps.complete);
    assert!(gaps.visited > 0);
    assert!(
        gaps.witnesses[0]
            .iter()
            .any(|s| s.to_string() == "f0 = false")
    );

    // With the notice's trigger part of the concern, there is no gap, and the
    // search proves it (it visits real partial actions to do so).
    let (book, concerns) = flag_law(64, &all_flags(64, 0));
    let gaps = &analyse(&book, &concerns, as_of)[0];
    assert!(!gaps.gap && gaps.complete && gaps.visited > 0, "{gaps:?}");
}

#[test]
fn a_budget_that_runs_out_gives_incomplete_with_how_far_it_got() {
    let as_of = date(2025, 1, 1);
    let parts: Vec<String> = (0..12).map(|i| format!("Fact(\"f{i}\")")).collect();
    let (book, concerns) = flag_law(12, &format!("Any([{}])", parts.join(", ")));
    let doms = domains(&book, &concerns);
    let tight = Budget {
        combinations: 1 << 12,
        visits: 5,
        ..Budget::default()
    };
    let found = oversight::analysis::gaps::regions(&book, &concerns[0], &doms, as_of, tight);
    let stopped = found.stopped.expect("the budget stops it");
    assert_eq!(stopped.of, Some(1 << 12));
    assert!(
        stopped.searched < 1 << 12 && stopped.visited >= 5,
        "{stopped:?}"
    );

    // Too many combinations to enumerate: one search of the whole space,
    // which here finishes and proves the concern closed.
    let (book, concerns) = flag_law(12, &all_flags(12, 0));
    let doms = domains(&book, &concerns);
    let few = Budget {
        combinations: 16,
        ..Budget::default()
    };
    let found = oversight::analysis::gaps::regions(&book, &concerns[0], &doms, as_of, few);
    assert_eq!(found.stopped, None);
    assert!(found.regions.is_empty() && found.visited > 0);
}

/// A random rule book over `flags` flags: notices (specific) and standing
/// duties (not) on random conditions, some exceptions, and a random concern
/// over a few flags; with its concern.
fn random_flag_law(seed: &mut u64, flags: u64) -> (RuleBook, Vec<Concern>) {
    let mut next = || {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    };
    fn condition(depth: u32, flags: u64, next: &mut dyn FnMut() -> u64) -> String {
        match next() % if depth > 2 { 2 } else { 5 } {
            0 | 1 => format!("Fact(\"f{}\")", next() % flags),
            2 => format!("Not({})", condition(depth + 1, flags, next)),
            3 => format!(
                "All([{}, {}])",
                condition(depth + 1, flags, next),
                condition(depth + 1, flags, next)
            ),
            _ => format!(
                "Any([{}, {}])",
                condition(depth + 1, flags, next),
                condition(depth + 1, flags, next)
            ),
        }
    }
    let mut rules = String::new();
    let count = 3 + next() % 5;
    for i in 0..count {
        let when = condition(0, flags, &mut next);
        if next() % 3 == 0 {
            rules.push_str(&format!("StandingDuty(id: \"n{i}\", cite: \"(a)\", says: \"s\", when: {when}, by: \"x\", to: [\"one\"], what: \"w\"),\n"));
        } else {
            rules.push_str(&format!("Notice(id: \"n{i}\", cite: \"(a)\", says: \"s\", when: {when}, by: \"x\", to: [\"one\"], what: \"w\", form: Written, due: NotStated),\n"));
        }
    }
    if next() % 2 == 0 {
        rules.push_str(&format!(
            "Exception(id: \"x\", cite: \"(b)\", says: \"s\", when: {}, overrides: [\"n0\"]),\n",
            condition(0, flags, &mut next)
        ));
    }
    let book = flag_book(flags as usize, &rules);
    let concern = condition(1, flags, &mut next);
    let concerns = oversight::testing::flag_law::one_concern(&book, &concern).unwrap();
    (book, concerns)
}

use oversight::testing::flag_law::is_gap;

/// The rules of a flag book that no total assignment of its `flags` flags
/// makes apply, found by brute force.
fn brute_dead_rules(book: &RuleBook, flags: usize, as_of: jiff::civil::Date) -> Vec<String> {
    let mut ever_true = vec![false; book.rules.len()];
    for mask in 0u32..1 << flags {
        let mut action = Action::empty(book, "brute");
        for f in 0..flags {
            action.facts[f] = Some(FactValue::Flag(mask & (1 << f) != 0));
        }
        for (i, v) in evaluate_rules(book, &action, as_of)
            .values
            .iter()
            .enumerate()
        {
            ever_true[i] |= *v == Truth::True;
        }
    }
    book.rules
        .iter()
        .zip(&ever_true)
        .filter(|(_, t)| !**t)
        .map(|(r, _)| r.id.clone())
        .collect()
}

/// The rules lint finds dead (never apply, or always overridden).
fn linted_dead_rules(
    book: &RuleBook,
    doms: &[Vec<oversight::engine::space::Choice>],
) -> Vec<String> {
    oversight::analysis::lint::lint(book, doms)
        .into_iter()
        .filter(|f| {
            matches!(
                f.kind,
                oversight::analysis::lint::FindingKind::NeverApplies
                    | oversight::analysis::lint::FindingKind::AlwaysOverridden
            )
        })
        .flat_map(|f| f.rules)
        .collect()
}

#[test]
fn the_solver_agrees_with_brute_force_on_random_books_of_up_to_fourteen_flags() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let as_of = date(2025, 1, 1);
    let (mut with_gap, mut without_gap, mut minimum_checked, mut dead_seen) = (0, 0, 0, 0);
    for round in 0..60u64 {
        let flags = 6 + round % 9; // 6 to 14 flags
        let (book, concerns) = random_flag_law(&mut seed, flags);
        let concern = &concerns[0];
        let doms = domains(&book, &concerns);
        let n = flags as usize;
        // Every total assignment: is it a gap?
        let gaps: Vec<bool> = (0u32..1 << n)
            .map(|mask| {
                let mut action = Action::empty(&book, "brute");
                for f in 0..n {
                    action.facts[f] = Some(FactValue::Flag(mask & (1 << f) != 0));
                }
                is_gap(&book, concern, &action, as_of)
            })
            .collect();
        let brute = gaps.iter().any(|g| *g);

        // The verdict, and a witness that really is a gap (facts it leaves
        // out unknown) under the engine's own evaluator.
        let found = search(&book, concern, &doms, as_of);
        assert!(found.complete);
        assert_eq!(
            found.witness.is_some(),
            brute,
            "round {round}: verdicts differ"
        );
        if let Some(witness) = &found.witness {
            let mut action = Action::empty(&book, "witness");
            for &(fact, index) in witness {
                action.facts[fact.0] = Some(doms[fact.0][index].value.clone());
            }
            assert!(
                is_gap(&book, concern, &action, as_of),
                "round {round}: {witness:?}"
            );
            // Fewest: no partial action with fewer facts true (presences), or
            // as few and fewer facts stated, is a gap (checked over all 3^n
            // partial actions where that is quick).
            if n <= 9 {
                let fewest = (0..3u32.pow(n as u32))
                    .filter_map(|code| {
                        let mut action = Action::empty(&book, "partial");
                        let (mut rest, mut present, mut stated) = (code, 0, 0);
                        for f in 0..n {
                            action.facts[f] = match rest % 3 {
                                0 => None,
                                1 => Some(FactValue::Flag(true)),
                                _ => Some(FactValue::Flag(false)),
                            };
                            present += usize::from(rest % 3 == 1);
                            stated += usize::from(rest % 3 != 0);
                            rest /= 3;
                        }
                        is_gap(&book, concern, &action, as_of).then_some((present, stated))
                    })
                    .min();
                let present = witness
                    .iter()
                    .filter(|&&(f, i)| doms[f.0][i].value == FactValue::Flag(true))
                    .count();
                assert_eq!(
                    Some((present, witness.len())),
                    fewest,
                    "round {round}: not the fewest presences, then facts"
                );
                minimum_checked += 1;
            }
        }

        // The cover over the concern's own facts, both ways of drawing it:
        // combination by combination, and from the gaps themselves.
        let own: Vec<usize> = {
            let mut facts: Vec<usize> = concern.condition.facts().iter().map(|f| f.0).collect();
            facts.sort_unstable();
            facts.dedup();
            facts
        };
        for budget in [
            Budget::default(),
            Budget {
                combinations: 1,
                ..Budget::default()
            },
        ] {
            let found = oversight::analysis::gaps::regions(&book, concern, &doms, as_of, budget);
            assert_eq!(found.stopped, None, "round {round}");
            for combination in 0u32..1 << own.len() {
                let value = |k: usize| combination & (1 << k) != 0;
                let any_gap = gaps.iter().enumerate().any(|(mask, gap)| {
                    *gap && own
                        .iter()
                        .enumerate()
                        .all(|(k, &f)| (mask & (1 << f) != 0) == value(k))
                });
                let covered = found.regions.iter().any(|region| {
                    region.facts.iter().all(|(fact, values)| {
                        let k = own.iter().position(|&f| f == fact.0).unwrap();
                        values
                            .iter()
                            .any(|&v| doms[fact.0][v].value == FactValue::Flag(value(k)))
                    })
                });
                assert_eq!(
                    covered, any_gap,
                    "round {round}, budget {budget:?}: cover and brute force disagree at {combination:b} over {own:?}"
                );
            }
        }
        // Rule health: the rules that never apply, by brute force and by lint.
        let brute_dead = brute_dead_rules(&book, n, as_of);
        let linted = linted_dead_rules(&book, &doms);
        assert_eq!(linted, brute_dead, "round {round}: dead rules differ");
        dead_seen += brute_dead.len();
        if brute {
            with_gap += 1;
        } else {
            without_gap += 1;
        }
    }
    assert!(
        with_gap > 10 && without_gap > 10 && minimum_checked > 5 && dead_seen > 3,
        "{with_gap} {without_gap} {minimum_checked} {dead_seen}"
    );
}

#[test]
fn generated_concerns_over_64_200_and_400_flags_get_a_real_gap_never_a_false_closed() {
    use oversight::testing::flag_law::scaling_law;
    let as_of = date(2025, 1, 1);
    for (flags, all) in [
        (64, true),
        (200, true),
        (400, true),
        (64, false),
        (200, false),
    ] {
        let (book, concerns) = scaling_law(flags, all).unwrap();
        let result = &analyse(&book, &concerns, as_of)[0];
        assert!(result.gap && result.complete, "{flags} {all}: {result:?}");
        // The witness is a gap under the engine's own evaluator, with f0
        // (the trigger of the plain notice) stated false.
        let doms = domains(&book, &concerns);
        let found = search(&book, &concerns[0], &doms, as_of);
        let witness = found.witness.unwrap();
        let mut action = Action::empty(&book, "witness");
        for &(fact, index) in &witness {
            action.facts[fact.0] = Some(doms[fact.0][index].value.clone());
        }
        assert!(is_gap(&book, &concerns[0], &action, as_of), "{flags} {all}");
        assert_eq!(action.facts[0], Some(FactValue::Flag(false)));
        if all {
            // Every flag of the concern, and f0: nothing fewer is a gap.
            assert_eq!(witness.len(), flags, "{flags}");
        }
    }
    // With f0 in an `All` concern the notice always applies: closed, by proof.
    let (book, concerns) = flag_law(200, &all_flags(200, 0));
    let result = &analyse(&book, &concerns, as_of)[0];
    assert!(!result.gap && result.complete && result.stopped.is_none());
}

#[test]
fn a_rule_that_needs_two_values_of_a_list_at_once_is_found_alive() {
    // Before issue 19 a list was tried only empty or with one value, so a
    // rule needing two values of one list at once looked dead to lint, and
    // a gap needing it was missed.
    let sources = RuleSources {
        vocabulary: SourceFile::new(
            "v.ron",
            "Vocabulary(facts: [(name: \"asked\", kind: ChoiceSet([\"a\", \"b\", \"c\"]), question: \"?\"), (name: \"f\", kind: Flag, question: \"?\")], events: [])",
        ),
        bodies: SourceFile::new(
            "b.ron",
            "Bodies(bodies: [(id: \"one\", short: \"ONE\", name: \"One\")], groups: [])",
        ),
        law: vec![SourceFile::new(
            "law.ron",
            "Provision(act: \"A\", section: \"1\", usc: \"\", title: \"t\", in_force: (from: \"2000-01-01\", by: \"A\"), confidence: Text, sources: [], rules: [StandingDuty(id: \"both\", cite: \"(a)\", says: \"s\", when: All([Is(\"asked\", \"a\"), Is(\"asked\", \"b\")]), by: \"x\", to: [\"one\"], what: \"w\"), Notice(id: \"n\", cite: \"(b)\", says: \"s\", when: All([Fact(\"f\"), Not(Ref(\"both\"))]), by: \"x\", to: [\"one\"], what: \"w\", form: Written, due: NotStated)])",
        )],
        proposals: Vec::new(),
    };
    let book = compile(&sources).unwrap();
    let concerns = oversight::testing::flag_law::one_concern(&book, "Fact(\"f\")").unwrap();
    let doms = domains(&book, &concerns);
    let labels: Vec<&str> = doms[0].iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["[]", "[a]", "[b]", "[a, b]"]);
    let findings = oversight::analysis::lint::lint(&book, &doms);
    assert!(findings.is_empty(), "{findings:?}");
    // The gap: f, with both values asked for (so the notice is displaced).
    let as_of = date(2025, 1, 1);
    let gaps = &analyse(&book, &concerns, as_of)[0];
    assert!(gaps.gap && gaps.complete, "{gaps:?}");
    let witness: Vec<String> = gaps.witnesses[0].iter().map(ToString::to_string).collect();
    assert_eq!(witness, ["asked = [a, b]", "f = true"]);
}
