//! `oversight export`: the rule book as a policy for another engine.

use clap::ValueEnum;

use oversight::diagnostic::Diagnostics;

use super::common::{Overlay, RulesDir, emit};

/// The arguments of `oversight export`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  oversight export --rego > oversight.rego")]
pub struct Args {
    /// The policy language.
    #[arg(long, value_enum, default_value_t = ExportFormat::Rego)]
    format: ExportFormat,
    /// The same as `--format rego` (kept so that `oversight export --rego` works).
    #[arg(long)]
    rego: bool,
    #[command(flatten)]
    overlay: Overlay,
    #[command(flatten)]
    rules: RulesDir,
}

/// The policy languages `export` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// A Rego v1 policy (`package oversight`; query `data.oversight.obligations`) for OPA or regorus.
    Rego,
}

/// Runs `oversight export`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = args.overlay.book(&args.rules)?;
    let ExportFormat::Rego = args.format;
    emit(&oversight::output::rego::export(&book));
    Ok(0)
}
