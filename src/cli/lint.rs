//! `oversight lint`: rule health.

use oversight::diagnostic::Diagnostics;

use super::common::{FAILED, ListFormat, Overlay, RulesDir, emit};

/// The arguments of `oversight lint`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight lint\n  oversight lint --with adversary-sharing-certification"
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[command(flatten)]
    overlay: Overlay,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight lint`: exit 1 when a rule can never apply or an exception
/// never matters; overlaps are reported only.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = args.overlay.book(&args.rules)?;
    let concerns = match oversight::analysis::gaps::embedded_concerns() {
        Some(file) if args.rules.path().is_none() => {
            oversight::analysis::gaps::load_concerns(&book, &file)?
        }
        _ => Vec::new(),
    };
    let domains = oversight::analysis::gaps::domains(&book, &concerns);
    let findings = oversight::analysis::lint::lint(&book, &domains);
    emit(&match args.format {
        ListFormat::Text => oversight::output::lint::render_text(&findings),
        ListFormat::Json => oversight::output::lint::render_json(&findings),
    });
    Ok(if findings.iter().any(|f| f.kind.fails()) {
        FAILED
    } else {
        0
    })
}
