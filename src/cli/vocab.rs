//! `oversight vocab`: the facts an action may state, and the bodies.

use oversight::diagnostic::Diagnostics;
use oversight::input::rules_dir::load_rulebook;

use super::common::{ListFormat, RulesDir, emit};

/// The arguments of `oversight vocab`.
#[derive(clap::Args, Debug)]
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
    emit(&match args.format {
        ListFormat::Text => oversight::output::vocab::render_text(&book),
        ListFormat::Json => oversight::output::vocab::render_json(&book),
    });
    Ok(0)
}
