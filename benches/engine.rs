//! The engine against a real peer: the same 10,000 generated complete
//! actions through the engine and through regorus (interpreter and RVM
//! bytecode VM) on the exported Rego policy, in one run.
//! Run with `cargo bench --bench engine`; figures are in docs/PERFORMANCE.md.
//!
//! Before divan's table, `main` prints assessments per second for each
//! engine over the whole batch (median of 5 passes) and the ratios, so the
//! comparison is made in one process on one machine state.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Instant;

use jiff::civil::{Date, date};
use oversight::assessment::AsOfSource;
use oversight::assessment::build::assess;
use oversight::engine::evaluate::evaluate_rules;
use oversight::input::action::Action;
use oversight::input::rules_dir::load_rulebook;
use oversight::model::RuleBook;
use oversight::output::rego::export;
use oversight::testing::rego_oracle::{applying_obligations, engine_answer, input_json};
use oversight::testing::sample::Generator;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::RegoVM;

const BATCH: usize = 10_000;
const ENTRY: &str = "data.oversight.obligations";
const ENGINE_PASSES: usize = 21;
const PEER_PASSES: usize = 5;

fn main() {
    let book = load_rulebook(None).unwrap();
    let batch = batch(&book);
    let inputs = rego_inputs(&book, &batch);
    let (mut engine, mut vm) = peers(&book);

    // The engine's passes take tens of milliseconds, so take the median of
    // many; regorus's take seconds, and five suffice.
    let per_second = |label: &str, passes: usize, run: &mut dyn FnMut() -> usize| -> f64 {
        let mut times: Vec<f64> = (0..passes)
            .map(|_| {
                let start = Instant::now();
                let checksum = run();
                std::hint::black_box(checksum);
                start.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let rate = BATCH as f64 / times[passes / 2];
        eprintln!("{label:<48} {:>12.0} assessments/s", rate);
        rate
    };
    eprintln!(
        "{BATCH} generated complete actions, median of {ENGINE_PASSES} passes (engine, {PEER_PASSES} for the full assessment) and {PEER_PASSES} (regorus):"
    );
    let core = per_second(
        "engine: evaluate rules (three-valued pass)",
        ENGINE_PASSES,
        &mut || {
            batch
                .iter()
                .map(|(a, d)| evaluate_rules(&book, a, *d).values.len())
                .sum()
        },
    );
    let same = per_second(
        "engine: rules + applying obligations (indices)",
        ENGINE_PASSES,
        &mut || {
            batch
                .iter()
                .map(|(a, d)| applying_obligations(&book, &evaluate_rules(&book, a, *d)).count())
                .sum()
        },
    );
    let text = per_second(
        "engine: + obligations as text (Rego's shape)",
        ENGINE_PASSES,
        &mut || obligations_as_text(&book, &batch),
    );
    let full = per_second(
        "engine: full assessment (reasons, deadlines)",
        PEER_PASSES,
        &mut || full_assessments(&book, &batch),
    );
    let rvm = per_second("regorus RVM: obligations", PEER_PASSES, &mut || {
        rvm_batch(&mut vm, &inputs)
    });
    let interpreter = per_second("regorus interpreter: obligations", PEER_PASSES, &mut || {
        interpreter_batch(&mut engine, &inputs)
    });
    eprintln!(
        "ratios to regorus RVM: obligations (indices) {:.0}x, obligations as text {:.0}x, three-valued pass {:.0}x, full assessment {:.1}x; to the interpreter: obligations (indices) {:.0}x",
        same / rvm,
        text / rvm,
        core / rvm,
        full / rvm,
        same / interpreter
    );
    divan::main();
}

/// The engine's answer in Rego's shape (obligations as text) for each action.
fn obligations_as_text(book: &RuleBook, batch: &[(Action, Date)]) -> usize {
    batch
        .iter()
        .map(|(a, d)| engine_answer(book, &evaluate_rules(book, a, *d)).1.len())
        .sum()
}

/// The full assessment of each action.
fn full_assessments(book: &RuleBook, batch: &[(Action, Date)]) -> usize {
    batch
        .iter()
        .map(|(a, d)| assess(book, a, *d, AsOfSource::CommandLine).outcomes.len())
        .sum()
}

/// The exported policy's obligations for each input, by the regorus RVM.
fn rvm_batch(vm: &mut RegoVM, inputs: &[regorus::Value]) -> usize {
    inputs
        .iter()
        .map(|input| {
            vm.set_input(input.clone());
            usize::from(vm.execute_entry_point_by_name(ENTRY).is_ok())
        })
        .sum()
}

/// The same by the regorus interpreter.
fn interpreter_batch(engine: &mut regorus::Engine, inputs: &[regorus::Value]) -> usize {
    inputs
        .iter()
        .map(|input| {
            engine.set_input(input.clone());
            usize::from(engine.eval_rule(ENTRY.to_string()).is_ok())
        })
        .sum()
}

/// The benchmark batch: varied complete actions, each with its as-of date.
fn batch(book: &RuleBook) -> Vec<(Action, Date)> {
    let mut generator = Generator::new(book, 0x2545_F491_4F6C_DD1D);
    (0..BATCH).map(|_| generator.action(book)).collect()
}

/// The batch as regorus values, converted before any timing.
fn rego_inputs(book: &RuleBook, batch: &[(Action, Date)]) -> Vec<regorus::Value> {
    batch
        .iter()
        .map(|(a, d)| regorus::Value::from_json_str(&input_json(book, a, *d).to_string()).unwrap())
        .collect()
}

/// The exported policy loaded in both regorus evaluators.
fn peers(book: &RuleBook) -> (regorus::Engine, RegoVM) {
    let mut engine = regorus::Engine::new();
    engine
        .add_policy("oversight.rego".to_string(), export(book))
        .unwrap();
    let compiled = engine.compile_with_entrypoint(&ENTRY.into()).unwrap();
    let program = Compiler::compile_from_policy(&compiled, &[ENTRY]).unwrap();
    let mut vm = RegoVM::new_with_policy(compiled);
    vm.load_program(program);
    vm.set_data(regorus::Value::new_object()).unwrap();
    (engine, vm)
}

/// What every run does: load the law `build.rs` compiled into the binary.
#[divan::bench]
fn load_precompiled_law() -> RuleBook {
    load_rulebook(None).unwrap()
}

/// What a run with `--with` or `--rules` does: parse and compile the RON files.
#[divan::bench]
fn compile_embedded_rule_book_from_ron() -> RuleBook {
    oversight::compile::compile(&oversight::input::rules_dir::embedded_sources().unwrap()).unwrap()
}

#[divan::bench]
fn one_full_assessment(bencher: divan::Bencher) {
    let book = load_rulebook(None).unwrap();
    let text =
        std::fs::read_to_string("tests/scenarios/covert-finding-limited-access-gang-of-eight.ron")
            .unwrap();
    let loaded = oversight::input::action::load_action(
        &book,
        oversight::source::SourceFile::new("s.ron", text),
    )
    .unwrap();
    bencher.bench(|| {
        assess(
            &book,
            &loaded.action,
            date(2025, 3, 12),
            AsOfSource::CommandLine,
        )
    });
}

#[divan::bench(sample_count = 10)]
fn batch_engine_obligations_as_text(bencher: divan::Bencher) {
    let book = load_rulebook(None).unwrap();
    let batch = batch(&book);
    bencher.bench(|| obligations_as_text(&book, &batch));
}

#[divan::bench(sample_count = 10)]
fn batch_engine_full_assessment(bencher: divan::Bencher) {
    let book = load_rulebook(None).unwrap();
    let batch = batch(&book);
    bencher.bench(|| full_assessments(&book, &batch));
}

#[divan::bench(sample_count = 3)]
fn batch_regorus_rvm(bencher: divan::Bencher) {
    let book = load_rulebook(None).unwrap();
    let inputs = rego_inputs(&book, &batch(&book));
    let (_, mut vm) = peers(&book);
    bencher.bench_local(|| rvm_batch(&mut vm, &inputs));
}

#[divan::bench(sample_count = 3)]
fn batch_regorus_interpreter(bencher: divan::Bencher) {
    let book = load_rulebook(None).unwrap();
    let inputs = rego_inputs(&book, &batch(&book));
    let (mut engine, _) = peers(&book);
    bencher.bench_local(|| interpreter_batch(&mut engine, &inputs));
}
