//! `oversight coverage`: per rule, the scenarios where it applies and where not.

use std::path::PathBuf;

use oversight::assessment::build::{assess, choose_as_of};
use oversight::diagnostic::Diagnostics;
use oversight::input::action::{load_action, today};
use oversight::input::rules_dir::load_rulebook;

use super::common::{FAILED, ListFormat, RulesDir, emit, read_source, scenario_files};

/// The arguments of `oversight coverage`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight coverage\n  oversight coverage tests/scenarios --format json"
)]
pub struct Args {
    /// Scenario files or folders (default tests/scenarios).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight coverage`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let (paths, rules) = (&args.paths, args.rules.path());
    let book = load_rulebook(rules)?;
    let mut coverage = oversight::analysis::coverage::Coverage::new(&book);
    for path in scenario_files(paths)? {
        let loaded = load_action(&book, read_source(&path)?)?;
        let (date, source) = choose_as_of(&loaded.action, None, today());
        coverage.add(&assess(&book, &loaded.action, date, source));
    }
    let (rows, scenarios) = coverage.finish();
    emit(&match args.format {
        ListFormat::Text => oversight::output::coverage::render(&rows, scenarios),
        ListFormat::Json => oversight::output::coverage::render_json(&rows, scenarios),
    });
    Ok(
        if rows
            .iter()
            .all(oversight::analysis::coverage::RuleCoverage::both_ways)
        {
            0
        } else {
            FAILED
        },
    )
}
