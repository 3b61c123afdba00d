//! `oversight check`: an action against the law.

use std::path::PathBuf;

use clap::ValueEnum;

use oversight::analysis::scenario::validate_expectations;
use oversight::assessment::build::{assess, choose_as_of};
use oversight::diagnostic::Diagnostics;
use oversight::input::action::{load_action, today};
use oversight::output::{self, Format};

use super::common::{AsOf, Overlay, RulesDir, emit, read_source};

/// The arguments of `oversight check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The action file (RON).
    action: PathBuf,
    /// Output format (`outcomes`: the compact listing the scenario snapshots record).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    #[command(flatten)]
    as_of: AsOf,
    #[command(flatten)]
    rules: RulesDir,
    #[command(flatten)]
    overlay: Overlay,
    /// Add the derivation tree of every outcome that applies or is undecided.
    #[arg(long)]
    explain: bool,
    /// Only the bottom line, the bodies grouped one line each, and the three
    /// most decisive open questions (text and Markdown).
    #[arg(long)]
    brief: bool,
    /// List only the obligations with this status under each body (text and Markdown).
    #[arg(long, value_enum)]
    only: Option<OnlyStatus>,
}

/// The `--only` values of `check`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum OnlyStatus {
    /// Owed whatever the open facts are.
    Required,
    /// Owed or not depending on open facts.
    Depends,
}

/// The `--format` values of `check`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// The report for a terminal.
    Text,
    /// The assessment as JSON (`oversight.assessment/2`).
    Json,
    /// A memo in Markdown.
    Markdown,
    /// The compact listing the scenario snapshots record.
    Outcomes,
}

/// Runs `oversight check`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = args.overlay.book(&args.rules)?;
    let as_of = args.as_of.date()?;
    let loaded = load_action(&book, read_source(&args.action)?)?;
    validate_expectations(&book, &loaded)?;
    // How a time was read (a daylight-saving gap or fold) is said on standard
    // error too, so it is seen whatever the format.
    for warning in &loaded.warnings.0 {
        eprintln!("warning: {}", warning.plain_line());
    }
    let (date, source) = choose_as_of(&loaded.action, as_of, today());
    let mut assessment = assess(&book, &loaded.action, date, source);
    if args.explain {
        oversight::assessment::explain::attach_derivations(
            &book,
            &loaded.action,
            &mut assessment,
            date,
        );
    }
    let format = match args.format {
        CheckFormat::Text => Format::Text,
        CheckFormat::Json => Format::Json,
        CheckFormat::Markdown => Format::Markdown,
        CheckFormat::Outcomes => Format::Outcomes,
    };
    let view = output::View {
        brief: args.brief,
        only: args.only.map(|only| match only {
            OnlyStatus::Required => oversight::assessment::Status::Required,
            OnlyStatus::Depends => oversight::assessment::Status::Depends,
        }),
    };
    emit(&output::render_view(&assessment, format, view));
    Ok(0)
}
