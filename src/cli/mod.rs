//! The command line: one module per command, each with its own arguments
//! (`Args`) and `run`; the options several commands share live in
//! [`common`], so that they are declared, and explained, once.

mod ask;
mod check;
mod common;
mod complete;
mod completions;
mod coverage;
mod diff;
mod err;
mod explain;
mod export;
mod gaps;
mod graph;
mod lint;
mod man;
mod render;
mod serve;
mod test;
mod validate;
mod vocab;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use common::ErrorFormat;
use common::{BAD_INPUT, report_errors};

/// Which committees must be told, by whom, when, in what form, under which citation.
#[derive(Debug, Parser)]
#[command(name = "oversight", bin_name = "oversight", version, about, long_about = None)]
pub struct Cli {
    /// How errors are written: `human` (underlined source), `plain` (one
    /// line each, for screen readers and logs) or `json` (for tools).
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormat::Human)]
    error_format: ErrorFormat,
    /// Colour in error messages: `auto` (on a terminal, unless `NO_COLOR`
    /// is set), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = common::ColorChoice::Auto)]
    color: common::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check an action against the law: bodies to tell, deadlines, gates, questions.
    Check(check::Args),
    /// Why a rule applied to an action, or why not, and the smallest change that would make it apply.
    Explain(explain::Args),
    /// List the facts an action may state, with their questions, and the bodies.
    Vocab(vocab::Args),
    /// Check that the rule files compile: names, types, citations, cycles.
    Validate(validate::Args),
    /// Run the expectations of scenario files (files or folders; default tests/scenarios).
    Test(test::Args),
    /// What proposals or a rule change change across scenarios: obligations gained, lost or changed, and a verdict.
    Diff(diff::Args),
    /// A proposal's rules as amendment text, and a check of its own draft text against them.
    Render(render::Args),
    /// Find actions where a concern holds and nothing specific is owed, under the law and with proposals.
    Gaps(gaps::Args),
    /// Rule health: rules that can never apply, exceptions that never matter, overlapping notices.
    Lint(lint::Args),
    /// Interview: ask the open questions one at a time, most decisive first, and fill in the action.
    Ask(ask::Args),
    /// Draw the rule graph (whole, or around one rule), coloured by an action's values if given.
    Graph(graph::Args),
    /// Per rule, how many scenarios make it apply and not apply; exit 1 if any lacks either.
    Coverage(coverage::Args),
    /// Export the rule book as a policy for another engine (today: Rego for OPA or regorus).
    Export(export::Args),
    /// Print a shell completion script.
    Completions(completions::Args),
    /// Print a manual page (roff) for `man`: the main page, or one command's.
    Man(man::Args),
    /// Serve the web page and JSON API on this machine (http://127.0.0.1:PORT/).
    Serve(serve::Args),
}

/// What `--version` prints: the release, and the law it embeds (its
/// digest, how many provisions and rules, and the date every law up to
/// which was checked for amendments).
pub fn long_version() -> String {
    let release = env!("CARGO_PKG_VERSION");
    match oversight::input::rules_dir::load_rulebook(None) {
        Ok(book) => {
            // The read-through date most provisions share, and how many do.
            let dates: Vec<jiff::civil::Date> = book
                .provisions
                .iter()
                .filter_map(|p| p.read_through.as_ref().map(|(_, date)| *date))
                .collect();
            let mut counts: Vec<(jiff::civil::Date, usize)> = Vec::new();
            for date in &dates {
                match counts.iter_mut().find(|(d, _)| d == date) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((*date, 1)),
                }
            }
            let through = counts
                .iter()
                .max_by_key(|(date, n)| (*n, *date))
                .map(|(date, n)| {
                    format!(
                        "; {n} of {} provisions checked for amendments through {date}",
                        book.provisions.len()
                    )
                })
                .unwrap_or_default();
            format!(
                "{release}\nembedded law: {} ({} rules in {} provisions{through})",
                book.law_version,
                book.rules.len(),
                book.provisions.len()
            )
        }
        Err(_) => format!("{release}\nembedded law: does not compile (run `oversight validate`)"),
    }
}

/// Runs the command the user typed and turns its result into the exit code:
/// 0 success, 1 a check failed, 2 bad usage or unreadable input (the errors
/// are reported once, in the `--error-format` chosen).
pub fn run(cli: Cli) -> ExitCode {
    common::set_error_format(cli.error_format);
    common::set_color(cli.color);
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Vocab(args) => vocab::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Gaps(args) => gaps::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Ask(args) => ask::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Coverage(args) => coverage::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Serve(args) => serve::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(diagnostics) => {
            report_errors(&diagnostics);
            ExitCode::from(BAD_INPUT)
        }
    }
}
