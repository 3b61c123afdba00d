//! `oversight explain`: why a rule applied to an action, or why not.

use std::path::PathBuf;

use oversight::assessment::build::choose_as_of;
use oversight::diagnostic::Diagnostics;
use oversight::input::action::{load_action, today};

use super::common::{AsOf, ListFormat, Overlay, RulesDir, emit, read_source};

/// The arguments of `oversight explain`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight explain action.ron --rule 3093-c-1\n  oversight explain action.ron --rule 3093-c-1 --with adversary-sharing-certification"
)]
pub struct Args {
    /// The action file (`-` reads standard input).
    action: PathBuf,
    /// The rule id.
    #[arg(long, value_name = "ID", add = clap_complete::engine::ArgValueCompleter::new(super::complete::rule_ids))]
    rule: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[command(flatten)]
    as_of: AsOf,
    #[command(flatten)]
    overlay: Overlay,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight explain`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = args.overlay.book(&args.rules)?;
    let as_of = args.as_of.date()?;
    let loaded = load_action(&book, read_source(&args.action)?)?;
    let ix = book
        .rule_ix_named(&args.rule, "--rule")
        .map_err(Diagnostics::one)?;
    let (date, source) = choose_as_of(&loaded.action, as_of, today());
    emit(&match args.format {
        ListFormat::Text => {
            oversight::assessment::explain::explain_rule(&book, &loaded.action, ix, date, source)
        }
        ListFormat::Json => {
            let explanation = oversight::assessment::explain::explanation(
                &book,
                &loaded.action,
                ix,
                date,
                source,
            );
            format!(
                "{}\n",
                serde_json::to_string_pretty(&explanation).unwrap_or_default()
            )
        }
    });
    Ok(0)
}
