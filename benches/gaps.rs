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

fn main() {
    // How much the pruning saves: partial actions visited vs the full product space.
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
            "{label}: {visited} partial actions visited for {} concerns; unpruned space {space:.2e} actions per concern",
            concerns.len()
        );
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
