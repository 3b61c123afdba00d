//! `oversight completions`: a shell completion script.

use clap::CommandFactory as _;

use oversight::diagnostic::Diagnostics;

use super::common::emit;

/// The arguments of `oversight completions`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shell.
    shell: clap_complete::Shell,
}

/// Runs `oversight completions`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let mut buffer = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "oversight",
        &mut buffer,
    );
    emit(&String::from_utf8_lossy(&buffer));
    Ok(0)
}
