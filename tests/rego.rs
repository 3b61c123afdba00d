//! Differential test: the exported Rego policy, run by regorus (interpreter
//! and RVM bytecode VM), gives exactly the engine's applying rules and
//! obligations, for every complete scenario and for thousands of generated
//! complete actions, under the law and under the law plus each proposal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::Path;

use oversight::assessment::build::choose_as_of;
use oversight::engine::evaluate::evaluate_rules;
use oversight::input::action::{Action, load_action};
use oversight::input::rules_dir::{embedded_proposals, load_rulebook_with};
use oversight::model::{FactIx, RuleBook};
use oversight::output::rego::{Obligation, export, facts_read};
use oversight::source::SourceFile;
use oversight::testing::rego_oracle::{engine_answer, input_json};
use oversight::testing::sample::Generator;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::RegoVM;

/// Generated actions per rule book (law, and law plus each proposal).
const GENERATED: usize = 1_000;

/// Both regorus evaluators, loaded once with the exported policy.
struct Peers {
    engine: regorus::Engine,
    vm: RegoVM,
}

impl Peers {
    fn new(book: &RuleBook) -> Self {
        let policy = export(book);
        let mut engine = regorus::Engine::new();
        engine
            .add_policy("oversight.rego".to_string(), policy)
            .unwrap_or_else(|e| panic!("regorus rejects the exported policy: {e}"));
        let compiled = engine
            .compile_with_entrypoint(&"data.oversight.obligations".into())
            .unwrap();
        let program = Compiler::compile_from_policy(
            &compiled,
            &[
                "data.oversight.applies",
                "data.oversight.obligations",
                "data.oversight.complete",
            ],
        )
        .unwrap();
        let mut vm = RegoVM::new_with_policy(compiled);
        vm.load_program(program);
        vm.set_data(regorus::Value::new_object()).unwrap();
        Self { engine, vm }
    }

    /// (applies, obligations, complete) from the interpreter and from the VM.
    fn answers(&mut self, input: &str) -> [(BTreeSet<String>, BTreeSet<Obligation>, bool); 2] {
        let input = regorus::Value::from_json_str(input).unwrap();
        self.engine.set_input(input.clone());
        let interpreter = (
            strings(
                &self
                    .engine
                    .eval_rule("data.oversight.applies".to_string())
                    .unwrap(),
            ),
            obligations(
                &self
                    .engine
                    .eval_rule("data.oversight.obligations".to_string())
                    .unwrap(),
            ),
            self.engine
                .eval_rule("data.oversight.complete".to_string())
                .unwrap()
                == regorus::Value::Bool(true),
        );
        self.vm.set_input(input);
        let vm = (
            strings(
                &self
                    .vm
                    .execute_entry_point_by_name("data.oversight.applies")
                    .unwrap(),
            ),
            obligations(
                &self
                    .vm
                    .execute_entry_point_by_name("data.oversight.obligations")
                    .unwrap(),
            ),
            self.vm
                .execute_entry_point_by_name("data.oversight.complete")
                .unwrap()
                == regorus::Value::Bool(true),
        );
        [interpreter, vm]
    }
}

fn json(value: &regorus::Value) -> serde_json::Value {
    if *value == regorus::Value::Undefined {
        return serde_json::Value::Array(Vec::new());
    }
    serde_json::from_str(&value.to_json_str().unwrap()).unwrap()
}

fn strings(value: &regorus::Value) -> BTreeSet<String> {
    serde_json::from_value(json(value)).unwrap()
}

fn obligations(value: &regorus::Value) -> BTreeSet<Obligation> {
    serde_json::from_value(json(value)).unwrap()
}

/// Compares the engine and both peers on one complete action.
fn agree(
    peers: &mut Peers,
    book: &RuleBook,
    action: &Action,
    as_of: jiff::civil::Date,
    label: &str,
) {
    let evaluation = evaluate_rules(book, action, as_of);
    let (applies, owed) = engine_answer(book, &evaluation);
    let input = input_json(book, action, as_of).to_string();
    for (which, (rego_applies, rego_owed, complete)) in ["interpreter", "RVM"]
        .into_iter()
        .zip(peers.answers(&input))
    {
        // Before a rule's horizon the engine says "not encoded for this
        // date"; the policy says the same through `complete`, and is compared
        // no further.
        let encoded = !book
            .rules
            .iter()
            .any(|r| r.in_force.on(as_of) == oversight::model::InForceOn::NotEncoded);
        assert_eq!(
            complete, encoded,
            "{label}: the policy's `complete` is {complete} for an action with every fact stated, as of {as_of} ({which})"
        );
        if !encoded {
            continue;
        }
        assert_eq!(
            rego_applies, applies,
            "{label}: rules that apply differ ({which})\ninput: {input}"
        );
        assert_eq!(
            rego_owed, owed,
            "{label}: obligations differ ({which})\ninput: {input}"
        );
    }
}

fn is_complete(book: &RuleBook, action: &Action) -> bool {
    let read: BTreeSet<FactIx> = book
        .rules
        .iter()
        .flat_map(|r| facts_read(&r.condition))
        .collect();
    read.iter()
        .all(|&f| action.facts.get(f.0).is_some_and(Option::is_some))
}

fn books() -> Vec<(String, RuleBook)> {
    let mut books = vec![(String::from("law"), load_rulebook_with(None, &[]).unwrap())];
    for proposal in embedded_proposals() {
        let name = proposal.name.clone();
        books.push((name, load_rulebook_with(None, &[proposal]).unwrap()));
    }
    books
}

/// Every scenario, judged as of its own date, with the facts it leaves
/// unknown filled in three different ways from the generator.
#[test]
fn every_scenario_completed_gets_the_engines_answer_from_regorus() {
    let law = load_rulebook_with(None, &[]).unwrap();
    let mut peers = Peers::new(&law);
    let mut generator = Generator::new(&law, 0x0c0ffee);
    let mut files: Vec<_> = std::fs::read_dir("tests/scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 60, "the scenario corpus shrank");
    let mut decided = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let scenario = load_action(&law, SourceFile::new(&name, &text))
            .unwrap()
            .action;
        let (as_of, _) = choose_as_of(&scenario, None, jiff::civil::date(2026, 11, 26));
        // As written: where the engine decides every rule, the policy must
        // agree even though facts are missing (it reads them as undefined).
        let evaluation = evaluate_rules(&law, &scenario, as_of);
        if !evaluation
            .values
            .contains(&oversight::engine::logic::Truth::Unknown)
        {
            decided += 1;
            let (applies, owed) = engine_answer(&law, &evaluation);
            let input = input_json(&law, &scenario, as_of).to_string();
            for (rego_applies, rego_owed, _) in peers.answers(&input) {
                assert_eq!(
                    (rego_applies, rego_owed),
                    (applies.clone(), owed.clone()),
                    "{name} as written"
                );
            }
        }
        for round in 0..3 {
            let (mut action, _) = generator.action(&law);
            for (slot, stated) in action.facts.iter_mut().zip(&scenario.facts) {
                if stated.is_some() {
                    slot.clone_from(stated);
                }
            }
            assert!(is_complete(&law, &action));
            agree(
                &mut peers,
                &law,
                &action,
                as_of,
                &format!("{name}, completion {round}"),
            );
        }
    }
    assert!(decided >= 1, "no scenario is fully decided as written");
}

#[test]
fn generated_complete_actions_get_the_engines_answer_from_regorus() {
    for (name, book) in books() {
        let mut peers = Peers::new(&book);
        let mut generator = Generator::new(&book, 0x5eed);
        let mut applied = BTreeSet::new();
        for i in 0..GENERATED {
            let (action, as_of) = generator.action(&book);
            agree(
                &mut peers,
                &book,
                &action,
                as_of,
                &format!("{name}, action {i}"),
            );
            let (applies, _) = engine_answer(&book, &evaluate_rules(&book, &action, as_of));
            applied.extend(applies);
        }
        // The comparison means little if the generated actions never make rules apply.
        assert!(
            applied.len() * 2 >= book.rules.len(),
            "{name}: only {} of {} rules ever applied",
            applied.len(),
            book.rules.len()
        );
    }
}

#[test]
fn an_incomplete_action_is_flagged_incomplete_by_the_policy() {
    let law = load_rulebook_with(None, &[]).unwrap();
    let mut peers = Peers::new(&law);
    let text = std::fs::read_to_string(Path::new("tests/scenarios/covert-finding-dates-only.ron"))
        .unwrap();
    let loaded = load_action(&law, SourceFile::new("dates-only", &text)).unwrap();
    assert!(!is_complete(&law, &loaded.action));
    let input = input_json(&law, &loaded.action, jiff::civil::date(2025, 3, 12)).to_string();
    for (_, _, complete) in peers.answers(&input) {
        assert!(!complete, "missing facts must make `complete` false");
    }
}

#[test]
fn export_writes_the_policy_and_names_its_proposals() {
    // On the made-up test law, so that no real rule is hard-coded here.
    let output = assert_cmd::Command::cargo_bin("oversight")
        .unwrap()
        .args(["export", "--rego", "--rules", "tests/test-law/rules"])
        .args(["--with", "tell-two"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let policy = String::from_utf8(output.stdout).unwrap();
    assert!(policy.contains("package oversight\n\nimport rego.v1\n"));
    assert!(policy.contains("# With the proposals: tell-two-of-listed-states.\n"));
    assert!(policy.contains(
        "obligations contains {\"rule\": \"n1\", \"kind\": \"notice\", \"bodies\": [\"one\", \"two\"]} if applies_n1\n"
    ));
    assert!(policy.contains("displaced_m1 if applies_m1_adversary\n"));
    assert!(policy.contains("group_listed_states := {\"IRN\", \"PRK\"}\n"));
    assert!(policy.contains("\"rule\": \"tell-two\""));
    // Rego is the only format, and the default: `--rego` is kept as a
    // synonym, and an unknown format is a usage error.
    let export = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("oversight")
            .unwrap()
            .args(["export", "--rules", "tests/test-law/rules"])
            .args(args)
            .output()
            .unwrap()
    };
    let bare = export(&[]);
    assert_eq!(bare.status.code(), Some(0));
    assert_eq!(bare.stdout, export(&["--rego"]).stdout);
    assert_eq!(bare.stdout, export(&["--format", "rego"]).stdout);
    assert_eq!(export(&["--format", "cedar"]).status.code(), Some(2));
}
