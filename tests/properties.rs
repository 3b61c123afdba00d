//! Property tests: mutated input never panics and is always located;
//! three-valued answers are sound and "depends" is real; output is stable.
//!
//! Case counts are modest so CI stays fast; raise them for a deeper run with
//! `PROPTEST_CASES=2000 cargo test --test properties`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use jiff::civil::Date;
use oversight::assessment::Status;
use oversight::assessment::build::{assess, choose_as_of};
use oversight::compile::compile;
use oversight::input::action::{Action, load_action};
use oversight::input::rules_dir::{embedded_proposals, embedded_sources, load_rulebook};
use oversight::model::RuleBook;
use oversight::source::SourceFile;
use proptest::prelude::*;
use proptest::sample::Index;

/// One edit of a text: delete a span, insert junk, duplicate a span or cut
/// the file short, always on character boundaries.
fn mutate(text: &str, at: Index, len: usize, kind: u8, junk: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = at.index(chars.len().max(1)).min(chars.len());
    let end = (start + len).min(chars.len());
    let (head, rest) = chars.split_at(start);
    let tail = &rest[end - start..];
    let head: String = head.iter().collect();
    let span: String = rest[..end - start].iter().collect();
    let tail: String = tail.iter().collect();
    match kind % 4 {
        0 => format!("{head}{tail}"),
        1 => format!("{head}{junk}{span}{tail}"),
        2 => format!("{head}{span}{span}{tail}"),
        _ => head,
    }
}

/// 96 cases each unless `PROPTEST_CASES` says otherwise. A failure prints
/// its minimal input; nothing is written to the source tree.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 96;
    }
    config
}

/// Characters that break RON in interesting ways, and name-like junk.
const JUNK: &str = "[\\[\\](){}:,\"'/\\\\a-z_0-9 \n-]{1,12}";

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_mutated_action_never_panics_and_every_error_is_located(
        file in any::<Index>(), at in any::<Index>(), len in 0usize..24, kind in any::<u8>(), junk in JUNK,
    ) {
        let book = load_rulebook(None).unwrap();
        let files = common::ron_files("tests/scenarios");
        let path = file.get(&files);
        let text = std::fs::read_to_string(path).unwrap();
        let mutated = mutate(&text, at, len, kind, &junk);
        if let Err(errors) = load_action(&book, SourceFile::new("action.ron", mutated)) {
            prop_assert!(!errors.0.is_empty());
            for error in &errors.0 {
                prop_assert!(error.line > 0, "error without a position: {}", error.message);
                prop_assert!(!error.message.is_empty());
            }
        }
    }

    #[test]
    fn a_mutated_rule_file_never_panics_and_every_error_is_located(
        file in any::<Index>(), at in any::<Index>(), len in 0usize..24, kind in any::<u8>(), junk in JUNK,
    ) {
        let mut sources = embedded_sources().unwrap();
        sources.proposals = embedded_proposals();
        let count = 2 + sources.law.len() + sources.proposals.len();
        let which = file.index(count);
        let target = match which {
            0 => &mut sources.vocabulary,
            1 => &mut sources.bodies,
            n if n - 2 < sources.law.len() => &mut sources.law[n - 2],
            n => {
                let law = sources.law.len();
                &mut sources.proposals[n - 2 - law]
            }
        };
        let mutated = mutate(target.text.as_str(), at, len, kind, &junk);
        *target = SourceFile::new(target.name.clone(), mutated);
        if let Err(errors) = compile(&sources) {
            prop_assert!(!errors.0.is_empty());
            for error in &errors.0 {
                prop_assert!(
                    error.line > 0,
                    "error without a position in {}: {}",
                    error.file,
                    error.message
                );
            }
        }
    }

    #[test]
    fn definite_answers_survive_every_completion_and_depends_is_real(
        file in any::<Index>(), blanks in prop::collection::vec(any::<Index>(), 1..=3),
    ) {
        let book = load_rulebook(None).unwrap();
        let domains = oversight::analysis::gaps::domains(&book, &[]);
        let files = common::ron_files("tests/scenarios");
        let path = file.get(&files);
        let source = SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).unwrap());
        let full = load_action(&book, source).unwrap().action;
        let (date, origin) = choose_as_of(&full, None, Date::constant(2026, 11, 26));
        let stated: Vec<usize> = (0..full.facts.len()).filter(|&f| full.facts[f].is_some()).collect();
        prop_assume!(!stated.is_empty());
        let mut blanked: Vec<usize> = blanks.iter().map(|i| *i.get(&stated)).collect();
        blanked.sort_unstable();
        blanked.dedup();
        prop_assume!(blanked.iter().all(|&f| !domains[f].is_empty()));
        let mut partial = full.clone();
        for &f in &blanked {
            partial.facts[f] = None;
        }
        let answer = assess(&book, &partial, date, origin);
        let completions = completions(&partial, &blanked, &domains);
        let statuses: Vec<Vec<Status>> = completions
            .iter()
            .map(|c| assess(&book, c, date, origin).outcomes.iter().map(|o| o.status).collect())
            .collect();
        for (i, outcome) in answer.outcomes.iter().enumerate() {
            let seen: Vec<Status> = statuses.iter().map(|s| s[i]).collect();
            match outcome.status {
                Status::Required | Status::NotRequired => prop_assert!(
                    seen.iter().all(|s| *s == outcome.status),
                    "`{}` is {:?} with {:?} unknown, but a completion disagrees",
                    outcome.texts.id, outcome.status, names(&book, &blanked)
                ),
                // Scenarios may leave other facts unknown too, so a completion of the
                // blanked facts can itself still depend; what must never happen is
                // that every completion gives the same definite answer.
                Status::Depends => prop_assert!(
                    !(seen.iter().all(|s| *s == Status::Required)
                        || seen.iter().all(|s| *s == Status::NotRequired)),
                    "`{}` depends on {:?}, but every completion gives {:?}",
                    outcome.texts.id, names(&book, &blanked), seen.first()
                ),
                // Before a horizon the tool makes no claim to check.
                Status::NotEncoded => {}
            }
        }
    }
}

use oversight::testing::flag_law::is_gap;

/// The corpus with or without the five seed proposals, its concerns, their
/// value classes, and what the solver found for each (a witness, or `None`:
/// proved closed). Computed once per test binary.
struct SolvedCorpus {
    book: RuleBook,
    concerns: Vec<oversight::analysis::gaps::Concern>,
    domains: Vec<Vec<oversight::engine::space::Choice>>,
    found: Vec<Option<oversight::engine::search::Pattern>>,
}

fn solved_corpus(with_proposals: bool) -> &'static SolvedCorpus {
    use oversight::analysis::gaps::{domains, embedded_concerns, load_concerns, search};
    use oversight::input::rules_dir::load_rulebook_with;
    static CORPORA: std::sync::OnceLock<[SolvedCorpus; 2]> = std::sync::OnceLock::new();
    let corpora = CORPORA.get_or_init(|| {
        [false, true].map(|with| {
            let proposals = if with {
                embedded_proposals()
            } else {
                Vec::new()
            };
            let book = load_rulebook_with(None, &proposals).unwrap();
            let concerns = load_concerns(&book, &embedded_concerns().unwrap()).unwrap();
            let domains = domains(&book, &concerns);
            let found = concerns
                .iter()
                .map(|concern| {
                    let found = search(&book, concern, &domains, GAPS_AS_OF);
                    assert!(found.complete, "{}", concern.id);
                    found.witness
                })
                .collect();
            SolvedCorpus {
                book,
                concerns,
                domains,
                found,
            }
        })
    });
    &corpora[usize::from(with_proposals)]
}

const GAPS_AS_OF: Date = Date::constant(2026, 11, 26);

proptest! {
    #![proptest_config(config())]

    /// On the real corpus, with and without the five seed proposals: every
    /// completion of a gap witness (its unknown facts given random values)
    /// is still a gap, and no random action is a gap of a concern the solver
    /// proved closed.
    #[test]
    fn gap_witnesses_survive_completion_and_proofs_survive_random_actions(
        with_proposals in any::<bool>(),
        picks in prop::collection::vec(any::<Index>(), 90),
    ) {
        let corpus = solved_corpus(with_proposals);
        let (book, doms) = (&corpus.book, &corpus.domains);
        let random = |start: Action, skip: &dyn Fn(usize) -> bool| {
            let mut action = start;
            for (fact, domain) in doms.iter().enumerate() {
                if !domain.is_empty() && !skip(fact) {
                    action.facts[fact] = Some(picks[fact % picks.len()].get(domain).value.clone());
                }
            }
            action
        };
        for (concern, found) in corpus.concerns.iter().zip(&corpus.found) {
            match found {
                Some(witness) => {
                    let mut action = Action::empty(book, "witness");
                    for &(fact, index) in witness {
                        action.facts[fact.0] = Some(doms[fact.0][index].value.clone());
                    }
                    let stated = |fact: usize| witness.iter().any(|(f, _)| f.0 == fact);
                    let completed = random(action, &stated);
                    prop_assert!(
                        is_gap(book, concern, &completed, GAPS_AS_OF),
                        "{}: a completion of the witness is not a gap", concern.id
                    );
                }
                None => {
                    // Most random actions miss the concern altogether; the
                    // telling ones start from the law's gap for it (which the
                    // proposals are meant to close), completed at random.
                    let law = solved_corpus(false);
                    let start = law
                        .concerns
                        .iter()
                        .position(|c| c.id == concern.id)
                        .and_then(|i| law.found[i].as_ref())
                        .filter(|_| with_proposals);
                    let mut action = Action::empty(book, "random");
                    if let Some(witness) = start {
                        for &(fact, index) in witness {
                            action.facts[fact.0] = Some(law.domains[fact.0][index].value.clone());
                        }
                    }
                    let stated = |fact: usize| start.is_some_and(|w| w.iter().any(|(f, _)| f.0 == fact));
                    let action = random(action, &stated);
                    prop_assert!(
                        !is_gap(book, concern, &action, GAPS_AS_OF),
                        "{}: proved closed, but this action is a gap", concern.id
                    );
                }
            }
        }
    }
}

/// Every way to fill the blanked facts from their domains (the gap search's
/// domains: every value the rules distinguish, one country per class).
fn completions(
    partial: &Action,
    blanked: &[usize],
    domains: &[Vec<oversight::engine::space::Choice>],
) -> Vec<Action> {
    let mut out = vec![partial.clone()];
    for &fact in blanked {
        out = out
            .into_iter()
            .flat_map(|action| {
                domains[fact].iter().map(move |choice| {
                    let mut next = action.clone();
                    next.facts[fact] = Some(choice.value.clone());
                    next
                })
            })
            .collect();
    }
    out
}

fn names(book: &RuleBook, facts: &[usize]) -> Vec<String> {
    facts
        .iter()
        .map(|&f| book.vocabulary.facts[f].name.clone())
        .collect()
}

#[test]
fn check_output_is_byte_identical_across_runs_and_rule_file_order() {
    use assert_cmd::Command;
    let run = |rules: &str| {
        let output = Command::cargo_bin("oversight")
            .unwrap()
            .args([
                "check",
                "tests/scenarios/covert-finding-limited-access-gang-of-eight.ron",
                "--format",
                "json",
                "--explain",
                "--rules",
                rules,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        output.stdout
    };
    let first = run("rules");
    assert_eq!(first, run("rules"), "two runs differ");
    // The same files created in reverse order: directory order on disk must
    // not matter.
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![PathBuf::from("rules")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files.reverse();
    for file in &files {
        let target = dir.path().join(file.strip_prefix("rules").unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(file, &target).unwrap();
    }
    assert_eq!(
        first,
        run(dir.path().to_str().unwrap()),
        "file order changed the output"
    );
}

/// The law in time: over generated actions dated on each side of every
/// in-force boundary (and every scenario), no outcome that is required or
/// depends comes from a rule not in force on the date its law is judged at,
/// and no deadline falls before the rule took effect.
#[test]
fn no_outcome_comes_from_a_law_not_in_force_at_its_event() {
    use jiff::ToSpan as _;
    use oversight::input::action::EventTime;
    let book =
        oversight::input::rules_dir::load_rulebook_with(None, &embedded_proposals()).unwrap();
    let mut days: Vec<Date> = Vec::new();
    for rule in &book.rules {
        for day in [Some(rule.in_force.from), rule.in_force.until]
            .into_iter()
            .flatten()
        {
            days.push(day);
            days.extend(day.checked_sub(1.day()).ok());
            days.extend(day.checked_add(1.day()).ok());
        }
    }
    days.sort_unstable();
    days.dedup();
    let check = |action: &Action, as_of: Date, what: &str| {
        let assessment = assess(
            &book,
            action,
            as_of,
            oversight::assessment::AsOfSource::CommandLine,
        );
        for outcome in &assessment.outcomes {
            if !matches!(outcome.status, Status::Required | Status::Depends) {
                continue;
            }
            let rule = book.rule(&outcome.texts.id).unwrap();
            let judged: Date = outcome.law_of.date;
            assert!(
                rule.in_force.covers(judged),
                "{what}: `{}` is {:?} but not in force on {judged}",
                outcome.texts.id,
                outcome.status
            );
            if let Some(key) = outcome.deadline.as_ref().and_then(|d| d.sort_key) {
                assert!(
                    key.date() >= rule.in_force.from,
                    "{what}: `{}` is due {key}, before it took effect on {}",
                    outcome.texts.id,
                    rule.in_force.from
                );
            }
        }
    };
    let mut sample = oversight::testing::sample::Generator::new(&book, 11);
    for (n, day) in days.iter().enumerate() {
        let (mut action, as_of) = sample.action(&book);
        for (i, slot) in action.events.iter_mut().enumerate() {
            let shifted = day
                .checked_add(i64::try_from(i % 3).unwrap().days())
                .unwrap();
            let zoned = shifted
                .at(12, 0, 0, 0)
                .to_zoned_datetime(action.timezone.clone())
                .unwrap();
            *slot = Some(if n % 2 == 0 {
                EventTime::At(zoned)
            } else {
                EventTime::OnDay(shifted)
            });
        }
        check(
            &action,
            as_of,
            &format!("generated action with events from {day}"),
        );
    }
    for path in common::ron_files("tests/scenarios") {
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = load_action(&book, SourceFile::new(path.display().to_string(), text)).unwrap();
        let (as_of, _) = choose_as_of(&loaded.action, None, jiff::civil::date(2026, 12, 1));
        check(&loaded.action, as_of, &path.display().to_string());
    }
}
