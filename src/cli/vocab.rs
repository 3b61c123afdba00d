//! `oversight vocab`: the facts an action may state, the bodies, and the proposals.

use oversight::diagnostic::Diagnostics;
use oversight::input::rules_dir::load_rulebook;

use super::common::{ListFormat, RulesDir, emit};

/// The arguments of `oversight vocab`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  oversight vocab\n  oversight vocab --format json")]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight vocab`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = load_rulebook(args.rules.path())?;
    let files = oversight::input::rules_dir::proposals_of(args.rules.path())?;
    let proposals = oversight::output::vocab::proposal_entries(&files);
    emit(&match args.format {
        ListFormat::Text => oversight::output::vocab::render_text_with(&book, &proposals),
        ListFormat::Json => oversight::output::vocab::render_json_with(&book, &proposals),
    });
    Ok(0)
}
