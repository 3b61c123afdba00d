//! Speed of gap analysis over the full concern corpus, on the embedded rules
//! (compiling and single assessments are in `benches/engine.rs`).
//! Run with `cargo bench --bench gaps`; figures are in docs/PERFORMANCE.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jiff::civil::date;
use oversight::analysis::gaps::{analyse, domains, embedded_concerns, load_concerns};
use oversight::input::rules_dir::{embedded_proposals, load_rulebook, load_rulebook_with};
use oversight::model::RuleBook;
use oversight::testing::flag_law::scaling_law;

fn main() {
    // What the solver does: queries answered against the full product space.
    for (label, book) in [("law", law()), ("law + all seed proposals", amended())] {
        let concerns = load_concerns(&book, &embedded_concerns().unwrap()).unwrap();
        let sizes: Vec<f64> = domains(&book, &concerns)
            .iter()
            .filter(|d| !d.is_empty())
            .map(|d| d.len() as f64)
            .collect();
        let space: f64 = sizes.iter().product();
        let visited: usize = analyse(&book, &concerns, date(2026, 11, 26))
            .iter()
            .map(|g| g.visited)
            .sum();
        eprintln!(
            "{label}: {visited} solver queries for {} concerns; product space {space:.2e} actions per concern",
            concerns.len()
        );
    }
    // The growth curve: one analysis of a generated concern over N flags.
    eprintln!("flags  concern  time        verdict  patterns  solver queries");
    for flags in [10, 25, 50, 100, 200, 400] {
        for all in [true, false] {
            let (book, concerns) = scaling_law(flags, all).unwrap();
            let started = std::time::Instant::now();
            let result = &analyse(&book, &concerns, date(2026, 11, 26))[0];
            let took = started.elapsed();
            eprintln!(
                "{flags:>5}  {:<7}  {:>8.1} ms  {:<7}  {:>8}{}  {:>14}",
                if all { "All" } else { "Any" },
                took.as_secs_f64() * 1000.0,
                if result.gap {
                    "GAP"
                } else if result.complete {
                    "closed"
                } else {
                    "?"
                },
                result.patterns.len(),
                if result.stopped.is_some() { "+" } else { " " },
                result.visited
            );
        }
    }
    divan::main();
}

fn law() -> RuleBook {
    load_rulebook(None).unwrap()
}

fn amended() -> RuleBook {
    load_rulebook_with(None, &embedded_proposals()).unwrap()
}

#[divan::bench(args = ["law", "with all seed proposals"])]
fn gaps_all_concerns(bencher: divan::Bencher, which: &str) {
    let book = if which == "law" { law() } else { amended() };
    let concerns = load_concerns(&book, &embedded_concerns().unwrap()).unwrap();
    bencher.bench(|| analyse(&book, &concerns, date(2026, 11, 26)));
}

#[divan::bench(args = [10, 25, 50, 100, 200, 400], sample_count = 5)]
fn gaps_all_concern_by_flags(bencher: divan::Bencher, flags: usize) {
    let (book, concerns) = scaling_law(flags, true).unwrap();
    bencher.bench(|| analyse(&book, &concerns, date(2026, 11, 26)));
}

#[divan::bench(args = [10, 25, 50, 100, 200, 400], sample_count = 5)]
fn gaps_any_concern_by_flags(bencher: divan::Bencher, flags: usize) {
    let (book, concerns) = scaling_law(flags, false).unwrap();
    bencher.bench(|| analyse(&book, &concerns, date(2026, 11, 26)));
}
