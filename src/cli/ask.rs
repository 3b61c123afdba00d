//! `oversight ask`: an interview that fills in an action's open facts.

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};

use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::input::action::today;

use super::common::{AsOf, FAILED, Overlay, RulesDir, read_source};

/// The arguments of `oversight ask`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight ask draft.ron\n  oversight ask draft.ron --write draft.ron"
)]
pub struct Args {
    /// The action file to complete.
    action: PathBuf,
    /// Write the completed action here (may be the action file itself).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// Let `--write` replace a file other than the action being asked about.
    #[arg(long)]
    force: bool,
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
    if let Some(target) = args.write.as_deref() {
        check_overwrite(target, &args.action, args.force)?;
    }
    let source = read_source(&args.action)?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    // A reader who closes the pipe (`ask ... | head`) stops seeing questions,
    // not the interview: the answers still go into `--write`'s file.
    let mut output = ClosedPipeIsQuiet(std::io::stdout());
    let done = oversight::assessment::ask::interview(
        &book,
        &source,
        (as_of, today()),
        !stdin.is_terminal(),
        &mut input,
        &mut output,
    )?;
    if let Some(target) = args.write.as_deref() {
        oversight::source::write_atomically(target, &done.text).map_err(|problem| {
            Diagnostics::one(Diagnostic::in_file(&target.display().to_string(), problem))
        })?;
        let _ = writeln!(
            output,
            "wrote {} answer(s) to {}",
            done.answered,
            target.display()
        );
    }
    Ok(match done.ending {
        oversight::assessment::ask::Ending::Complete => 0,
        oversight::assessment::ask::Ending::Stopped => FAILED,
    })
}

/// `--write` may replace the action being asked about (its answers go back
/// into it), but another existing file only with `--force`.
fn check_overwrite(target: &Path, action: &Path, force: bool) -> Result<(), Diagnostics> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if target.exists() && !force && !same(target, action) {
        return Err(Diagnostics::one(
            Diagnostic::in_file(
                &target.display().to_string(),
                super::err::CliError::WouldOverwrite,
            )
            .with_help("give `--force` to replace it, or name a new file"),
        ));
    }
    Ok(())
}

/// A writer that treats a closed pipe as a reader who stopped reading:
/// what is written after is dropped, and nothing fails or panics.
struct ClosedPipeIsQuiet<W>(W);

impl<W: Write> Write for ClosedPipeIsQuiet<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self.0.write(bytes) {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(bytes.len()),
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.flush() {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}
