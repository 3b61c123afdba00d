//! The engine measured like for like, in one process, interleaved.
//!
//! Three comparisons, each run as alternating rounds (engine, peer, engine,
//! peer, ...) over the same generated complete actions, so that a change in
//! the machine's load falls on both sides:
//!
//! - `vs_hand_written`: the rules that apply, as rule numbers, by the engine
//!   (bit-parallel evaluator, buffers reused) and by a hand-written-style
//!   Rust encoding generated from the same law (`engine/hand_written.rs`).
//!   The ratio is engine time over hand-written time (lower is better).
//!   Each side reads its own form of the facts, converted before timing:
//!   typed fields for the hand-written code, [`EncodedFacts`] for the engine.
//!   `vs_hand_written_from_actions` times the conversions too.
//! - `same_output_vs_regorus_rvm`: the applying obligations with the Rego
//!   policy's fields (rule id, kind, body ids: strings included), by the
//!   engine and by the regorus RVM on the exported policy. The ratio is
//!   regorus time over engine time (higher is better).
//! - `full_assessment_vs_regorus_rvm`: the engine's full assessment (what
//!   `check` computes before printing: reasons, deadlines, questions, the
//!   bottom line) against the same regorus RVM obligations.
//!
//! Inputs are converted to each side's form before timing (typed facts for
//! the hand-written code, `regorus::Value` for regorus), and both sides'
//! answers are checked equal before anything is timed.
//!
//! `cargo bench --bench engine -- --ratios-only` prints one
//! `ratio NAME=VALUE` line per comparison and nothing else on stdout;
//! without it, the medians and spreads go to stderr and divan's table of
//! the smaller benchmarks follows. `-- --loop NAME SECONDS` runs one
//! workload (`bits`, `single`, `reference`, `hand`, `actions`, `obligations`, `full`, `rvm`) for a
//! profiler. Figures are in docs/PERFORMANCE.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[rustfmt::skip]
#[path = "engine/hand_written.rs"]
mod hand_written;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use jiff::civil::{Date, date};
use oversight::assessment::AsOfSource;
use oversight::assessment::build::assess;
use oversight::engine::bits::{EncodedFacts, Evaluator, LANES, Lanes};
use oversight::engine::evaluate::evaluate_rules;
use oversight::input::action::Action;
use oversight::input::rules_dir::load_rulebook;
use oversight::model::RuleBook;
use oversight::model::RuleIx;
use oversight::output::rego::{Obligation, export};
use oversight::testing::rego_oracle::{ObligationRef, input_json, obligations, obligations_among};
use oversight::testing::sample::Generator;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::RegoVM;

/// Actions per round against the hand-written code.
const BATCH: usize = 10_000;
/// Actions per round against regorus (a round of its takes about 0.2 s),
/// all at dates where every rule's law is encoded.
const REGO_BATCH: usize = 1_000;
const ENTRY: &str = "data.oversight.obligations";
/// Rounds per side: the hand-written comparison, and those against regorus.
const ROUNDS: usize = 41;
const REGO_ROUNDS: usize = 15;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let book = load_rulebook(None).unwrap();
    let batch = batch(&book, BATCH);
    let typed: Vec<(hand_written::Facts, Date)> = batch
        .iter()
        .map(|(a, d)| (hand_written::facts(a).unwrap(), *d))
        .collect();
    let rego_batch = &encoded_batch(&book, REGO_BATCH);
    let inputs = rego_inputs(&book, rego_batch);
    let mut vm = rvm(&book);
    let mut engine = Engine::new(&book);
    let encoded: Vec<(EncodedFacts, Date)> = batch
        .iter()
        .map(|(a, d)| (engine.evaluator.encode(&a.facts), *d))
        .collect();
    let mut hand = Vec::with_capacity(book.rules.len());

    check_same_answers(&book, &batch, &typed, rego_batch, &inputs, &mut vm);
    // The timed paths evaluate 64 actions at once: the same answers again.
    for chunk in batch.chunks(LANES) {
        engine.lanes_of(chunk);
        for ((action, as_of), lanes) in chunk.iter().zip(&engine.lists) {
            engine.evaluator.run(&action.facts, *as_of);
            let one: Vec<u16> = engine.evaluator.applying().map(|r| r.0 as u16).collect();
            assert_eq!(
                &one, lanes,
                "one at a time and 64 at once differ as of {as_of}"
            );
        }
    }

    if let Some(at) = args.iter().position(|a| a == "--loop") {
        let name = args.get(at + 1).map_or("bits", String::as_str);
        let seconds: u64 = args.get(at + 2).and_then(|s| s.parse().ok()).unwrap_or(10);
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut passes = 0usize;
        while Instant::now() < deadline {
            let n = match name {
                "reference" => batch
                    .iter()
                    .map(|(a, d)| evaluate_rules(&book, a, *d).values.len())
                    .sum(),
                "hand" => hand_rule_numbers(&typed, &mut hand),
                "actions" => engine.rule_numbers_from_actions(&batch),
                "single" => engine.rule_numbers_one_by_one(&encoded),
                "obligations" => engine.obligations(rego_batch),
                "full" => full_assessments(&book, rego_batch),
                "rvm" => rvm_batch(&mut vm, &inputs),
                _ => engine.rule_numbers(&encoded),
            };
            std::hint::black_box(n);
            passes += 1;
        }
        eprintln!("{name}: {passes} passes in {seconds} s");
        return;
    }

    let ratios_only = args.iter().any(|a| a == "--ratios-only");
    eprintln!(
        "{BATCH} generated complete actions ({REGO_BATCH} against regorus), {ROUNDS} and {REGO_ROUNDS} interleaved rounds; time per action, median [p25, p75]"
    );
    let hand_ratio = interleaved(
        "vs_hand_written",
        ("engine: rule numbers", "hand-written Rust: rule numbers"),
        ROUNDS,
        BATCH,
        &mut || engine.rule_numbers(&encoded),
        &mut || hand_rule_numbers(&typed, &mut hand),
        Better::Lower,
    );
    let from_actions = interleaved(
        "vs_hand_written_from_actions",
        (
            "engine: encode the action, rule numbers",
            "hand-written Rust: type the action, rule numbers",
        ),
        ROUNDS,
        BATCH,
        &mut || engine.rule_numbers_from_actions(&batch),
        &mut || hand_rule_numbers_from_actions(&batch, &mut hand),
        Better::Lower,
    );
    let same = interleaved(
        "same_output_vs_regorus_rvm",
        (
            "engine: obligations with the policy's fields",
            "regorus RVM: obligations",
        ),
        REGO_ROUNDS,
        REGO_BATCH,
        &mut || engine.obligations(rego_batch),
        &mut || rvm_batch(&mut vm, &inputs),
        Better::Higher,
    );
    let full = interleaved(
        "full_assessment_vs_regorus_rvm",
        ("engine: full assessment", "regorus RVM: obligations"),
        REGO_ROUNDS,
        REGO_BATCH,
        &mut || full_assessments(&book, rego_batch),
        &mut || rvm_batch(&mut vm, &inputs),
        Better::Higher,
    );
    println!("ratio vs_hand_written={hand_ratio:.2}");
    println!("ratio vs_hand_written_from_actions={from_actions:.2}");
    println!("ratio same_output_vs_regorus_rvm={same:.1}");
    println!("ratio full_assessment_vs_regorus_rvm={full:.2}");
    if !ratios_only {
        divan::main();
    }
}

/// Which way a ratio is read.
#[derive(Clone, Copy)]
enum Better {
    /// Engine time over peer time: how many times slower the engine is.
    Lower,
    /// Peer time over engine time: how many times faster the engine is.
    Higher,
}

/// Runs `engine` and `peer` in alternating rounds and returns the median of
/// the per-round ratios, printing each side's median time per action and
/// the ratios' spread.
fn interleaved(
    name: &str,
    labels: (&str, &str),
    rounds: usize,
    actions: usize,
    engine: &mut dyn FnMut() -> usize,
    peer: &mut dyn FnMut() -> usize,
    better: Better,
) -> f64 {
    // One untimed round each, to warm caches and allocators.
    std::hint::black_box((engine(), peer()));
    let time = |run: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        std::hint::black_box(run());
        start.elapsed().as_secs_f64() / actions as f64
    };
    let mut engine_times = Vec::with_capacity(rounds);
    let mut peer_times = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Alternate which side goes first, so neither always runs warm.
        let (e, p) = if round % 2 == 0 {
            let e = time(engine);
            (e, time(peer))
        } else {
            let p = time(peer);
            (time(engine), p)
        };
        engine_times.push(e);
        peer_times.push(p);
        ratios.push(match better {
            Better::Lower => e / p,
            Better::Higher => p / e,
        });
    }
    let [e, p, r] = [engine_times, peer_times, ratios].map(quartiles);
    let show =
        |[lo, mid, hi]: [f64; 3]| format!("{} [{}, {}]", duration(mid), duration(lo), duration(hi));
    eprintln!("{name}:");
    eprintln!("  {:<46} {}", labels.0, show(e));
    eprintln!("  {:<46} {}", labels.1, show(p));
    eprintln!(
        "  ratio ({}) {:.2} [{:.2}, {:.2}]",
        match better {
            Better::Lower => "engine time / peer time",
            Better::Higher => "peer time / engine time",
        },
        r[1],
        r[0],
        r[2]
    );
    r[1]
}

/// The 25th, 50th and 75th percentiles.
fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: usize| values[(values.len() - 1) * q / 4];
    [at(1), at(2), at(3)]
}

fn duration(seconds: f64) -> String {
    if seconds < 1e-6 {
        format!("{:.0} ns", seconds * 1e9)
    } else {
        format!("{:.2} µs", seconds * 1e6)
    }
}

/// The engine's side, with its buffers kept between actions.
struct Engine<'b> {
    book: &'b RuleBook,
    evaluator: Evaluator<'b>,
    lanes: Lanes<'b>,
    numbers: Vec<u16>,
    /// One list of rule numbers per lane.
    lists: Vec<Vec<u16>>,
    /// One encoding buffer per lane.
    encoded: Vec<EncodedFacts>,
}

impl<'b> Engine<'b> {
    fn new(book: &'b RuleBook) -> Self {
        Self {
            book,
            evaluator: Evaluator::new(book),
            lanes: Lanes::new(book),
            numbers: Vec::with_capacity(book.rules.len()),
            lists: (0..LANES)
                .map(|_| Vec::with_capacity(book.rules.len()))
                .collect(),
            encoded: Vec::new(),
        }
    }

    /// The rules that apply to each encoded action, as rule numbers: 64
    /// actions at a time, one per bit of a word.
    fn rule_numbers(&mut self, batch: &[(EncodedFacts, Date)]) -> usize {
        let mut total = 0;
        let mut block: Vec<(&EncodedFacts, Date)> = Vec::with_capacity(LANES);
        for chunk in batch.chunks(LANES) {
            block.clear();
            block.extend(chunk.iter().map(|(facts, date)| (facts, *date)));
            self.lanes.run(&block);
            for list in &mut self.lists {
                list.clear();
            }
            self.lanes.applying_into(&mut self.lists);
            total += self.lists.iter().map(Vec::len).sum::<usize>();
        }
        total
    }

    /// The same one action at a time.
    fn rule_numbers_one_by_one(&mut self, batch: &[(EncodedFacts, Date)]) -> usize {
        let mut total = 0;
        for (facts, as_of) in batch {
            self.evaluator.run_encoded(facts, *as_of);
            self.numbers.clear();
            self.numbers
                .extend(self.evaluator.applying().map(|r| r.0 as u16));
            total += self.numbers.len();
        }
        total
    }

    /// The same, encoding each action's facts first.
    fn rule_numbers_from_actions(&mut self, batch: &[(Action, Date)]) -> usize {
        let mut total = 0;
        for chunk in batch.chunks(LANES) {
            self.lanes_of(chunk);
            total += self
                .lists
                .iter()
                .take(chunk.len())
                .map(Vec::len)
                .sum::<usize>();
        }
        total
    }

    /// The applying obligations of each action with the policy's fields:
    /// the facts encoded, then 64 actions at a time.
    fn obligations(&mut self, batch: &[(Action, Date)]) -> usize {
        let mut total = 0;
        let mut answer: Vec<ObligationRef<'_>> = Vec::with_capacity(self.book.rules.len());
        for chunk in batch.chunks(LANES) {
            self.lanes_of(chunk);
            for list in &self.lists {
                answer.clear();
                answer.extend(obligations_among(
                    self.book,
                    list.iter().map(|&r| RuleIx(usize::from(r))),
                ));
                total += answer.len();
            }
        }
        total
    }

    /// Encodes a chunk of actions into the reused buffers, evaluates them
    /// at once and leaves each one's applying rules in `lists`.
    fn lanes_of(&mut self, chunk: &[(Action, Date)]) {
        self.encoded.resize_with(LANES, EncodedFacts::default);
        for ((action, _), encoded) in chunk.iter().zip(&mut self.encoded) {
            self.evaluator.encode_into(&action.facts, encoded);
        }
        let block: Vec<(&EncodedFacts, Date)> = self
            .encoded
            .iter()
            .zip(chunk)
            .map(|(facts, (_, date))| (facts, *date))
            .collect();
        self.lanes.run(&block);
        for list in &mut self.lists {
            list.clear();
        }
        self.lanes.applying_into(&mut self.lists);
    }
}

/// The hand-written encoding's rule numbers for each action.
fn hand_rule_numbers(typed: &[(hand_written::Facts, Date)], out: &mut Vec<u16>) -> usize {
    let mut total = 0;
    for (facts, as_of) in typed {
        out.clear();
        hand_written::applying(facts, *as_of, out);
        total += out.len();
    }
    total
}

/// The same, typing each action's facts first.
fn hand_rule_numbers_from_actions(batch: &[(Action, Date)], out: &mut Vec<u16>) -> usize {
    let mut total = 0;
    for (action, as_of) in batch {
        let Some(facts) = hand_written::facts(action) else {
            continue;
        };
        out.clear();
        hand_written::applying(&facts, *as_of, out);
        total += out.len();
    }
    total
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

/// Before timing: the hand-written code names the engine's rules, and the
/// engine's obligations are regorus's, for every action compared.
fn check_same_answers(
    book: &RuleBook,
    batch: &[(Action, Date)],
    typed: &[(hand_written::Facts, Date)],
    rego_batch: &[(Action, Date)],
    inputs: &[regorus::Value],
    vm: &mut RegoVM,
) {
    let mut engine = Evaluator::new(book);
    let mut hand = Vec::new();
    for ((action, as_of), (facts, _)) in batch.iter().zip(typed) {
        engine.run(&action.facts, *as_of);
        hand.clear();
        hand_written::applying(facts, *as_of, &mut hand);
        let numbers: Vec<u16> = engine.applying().map(|r| r.0 as u16).collect();
        assert_eq!(
            numbers, hand,
            "hand-written and engine differ as of {as_of}"
        );
    }
    for ((action, as_of), input) in rego_batch.iter().zip(inputs) {
        engine.run(&action.facts, *as_of);
        let ours: BTreeSet<Obligation> = obligations(book, &engine).map(|o| o.to_owned()).collect();
        vm.set_input(input.clone());
        let value = vm.execute_entry_point_by_name(ENTRY).unwrap();
        let theirs: BTreeSet<Obligation> = if value == regorus::Value::Undefined {
            BTreeSet::new()
        } else {
            serde_json::from_str(&value.to_json_str().unwrap()).unwrap()
        };
        assert_eq!(ours, theirs, "regorus and engine differ as of {as_of}");
    }
}

/// The benchmark batch: varied complete actions, each with its as-of date.
fn batch(book: &RuleBook, size: usize) -> Vec<(Action, Date)> {
    let mut generator = Generator::new(book, 0x2545_F491_4F6C_DD1D);
    (0..size).map(|_| generator.action(book)).collect()
}

/// Generated complete actions judged at dates where every rule's law is
/// encoded: the policy's answer holds only there (before a horizon it says
/// `complete: false`, and the engine "not encoded for this date").
fn encoded_batch(book: &RuleBook, size: usize) -> Vec<(Action, Date)> {
    let mut generator = Generator::new(book, 0x2545_F491_4F6C_DD1D);
    std::iter::repeat_with(|| generator.action(book))
        .filter(|(_, as_of)| {
            book.rules
                .iter()
                .all(|r| r.in_force.on(*as_of) != oversight::model::InForceOn::NotEncoded)
        })
        .take(size)
        .collect()
}

/// The batch as regorus values, converted before any timing.
fn rego_inputs(book: &RuleBook, batch: &[(Action, Date)]) -> Vec<regorus::Value> {
    batch
        .iter()
        .map(|(a, d)| regorus::Value::from_json_str(&input_json(book, a, *d).to_string()).unwrap())
        .collect()
}

/// The exported policy compiled for the regorus RVM.
fn rvm(book: &RuleBook) -> RegoVM {
    let mut engine = regorus::Engine::new();
    engine
        .add_policy("oversight.rego".to_string(), export(book))
        .unwrap();
    let compiled = engine.compile_with_entrypoint(&ENTRY.into()).unwrap();
    let program = Compiler::compile_from_policy(&compiled, &[ENTRY]).unwrap();
    let mut vm = RegoVM::new_with_policy(compiled);
    vm.load_program(program);
    vm.set_data(regorus::Value::new_object()).unwrap();
    vm
}

/// What every run does: load the law `build.rs` compiled into the binary
/// (and build its evaluation program and texts).
#[divan::bench]
fn load_precompiled_law() -> RuleBook {
    let book = load_rulebook(None).unwrap();
    book.prepared();
    book
}

/// What a run with `--with` or `--rules` does: parse and compile the RON files.
#[divan::bench]
fn compile_embedded_rule_book_from_ron() -> RuleBook {
    oversight::compile::compile(&oversight::input::rules_dir::embedded_sources().unwrap()).unwrap()
}

/// One full assessment of a scenario with unknown facts.
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

/// One three-valued pass by the reference evaluator, for comparison.
#[divan::bench]
fn one_reference_evaluation(bencher: divan::Bencher) {
    let book = load_rulebook(None).unwrap();
    let (action, as_of) = batch(&book, 1).remove(0);
    bencher.bench(|| evaluate_rules(&book, &action, as_of));
}

/// One three-valued pass by the bit-parallel evaluator, buffers reused.
#[divan::bench]
fn one_bit_parallel_evaluation(bencher: divan::Bencher) {
    let book = load_rulebook(None).unwrap();
    let (action, as_of) = batch(&book, 1).remove(0);
    let mut evaluator = Evaluator::new(&book);
    bencher.bench_local(|| {
        evaluator.run(&action.facts, as_of);
        evaluator.applying().count()
    });
}
