//! `oversight ask`: an interview that fills in an action's open facts.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::input::action::today;

use super::common::{AsOf, FAILED, Overlay, RulesDir, read_source};

/// The arguments of `oversight ask`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The action file to complete.
    action: PathBuf,
    /// Write the completed action here (may be the action file itself).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    #[command(flatten)]
    as_of: AsOf,
    #[command(flatten)]
    overlay: Overlay,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight ask`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = args.overlay.book(&args.rules)?;
    let as_of = args.as_of.date()?;
    let source = read_source(&args.action)?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout();
    let done = oversight::assessment::ask::interview(
        &book,
        &source,
        (as_of, today()),
        !stdin.is_terminal(),
        &mut input,
        &mut output,
    )?;
    if let Some(target) = args.write.as_deref() {
        std::fs::write(target, &done.text).map_err(|error| {
            Diagnostics::one(Diagnostic::in_file(
                &target.display().to_string(),
                super::err::CliError::CannotWriteAction {
                    reason: error.to_string().to_lowercase(),
                },
            ))
        })?;
        println!("wrote {} answer(s) to {}", done.answered, target.display());
    }
    Ok(match done.ending {
        oversight::assessment::ask::Ending::Complete => 0,
        oversight::assessment::ask::Ending::Stopped => FAILED,
    })
}
