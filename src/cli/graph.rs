//! `oversight graph`: the rule graph, whole or around one rule.

use std::path::PathBuf;

use clap::ValueEnum;

use oversight::assessment::build::choose_as_of;
use oversight::diagnostic::Diagnostics;
use oversight::input::action::{load_action, today};
use oversight::input::rules_dir::load_rulebook;

use super::common::{RulesDir, emit, read_source};

/// The arguments of `oversight graph`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight graph --rule 3093-c-1\n  oversight graph --format mermaid"
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormatArg::Mermaid)]
    format: GraphFormatArg,
    /// Draw only this rule and its neighbourhood.
    #[arg(long, value_name = "ID", add = clap_complete::engine::ArgValueCompleter::new(super::complete::rule_ids))]
    rule: Option<String>,
    /// Colour each rule by its value for this action.
    action: Option<PathBuf>,
    #[command(flatten)]
    rules: RulesDir,
}

/// The `--format` values of `graph`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum GraphFormatArg {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart (renders on GitHub).
    Mermaid,
}

/// Runs `oversight graph`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = load_rulebook(args.rules.path())?;
    let around = match args.rule.as_deref() {
        Some(id) => Some(book.rule_ix_named(id, "--rule").map_err(Diagnostics::one)?),
        None => None,
    };
    let values = match args.action.as_deref() {
        Some(path) => {
            let loaded = load_action(&book, read_source(path)?)?;
            let (date, _) = choose_as_of(&loaded.action, None, today());
            Some(oversight::engine::evaluate::evaluate_rules(&book, &loaded.action, date).values)
        }
        None => None,
    };
    let format = match args.format {
        GraphFormatArg::Dot => oversight::output::graph::GraphFormat::Dot,
        GraphFormatArg::Mermaid => oversight::output::graph::GraphFormat::Mermaid,
    };
    let keep = oversight::output::graph::neighbourhood(&book, around);
    emit(&oversight::output::graph::render(
        &book,
        &keep,
        values.as_deref(),
        format,
    ));
    Ok(0)
}
