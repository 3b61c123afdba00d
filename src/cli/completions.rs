//! `oversight completions`: the script that registers `oversight`'s
//! completions with a shell. The shell then asks the binary itself
//! (`COMPLETE=SHELL oversight ...`), so rule ids, proposal ids and concern
//! ids complete from the rule book, and files from the disk.

use oversight::diagnostic::Diagnostics;

use super::common::emit;

/// The shells `oversight completions` registers with.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// Elvish.
    Elvish,
    /// PowerShell.
    Powershell,
}

/// The arguments of `oversight completions`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight completions bash > ~/.local/share/bash-completion/completions/oversight\n  oversight completions zsh > ~/.zfunc/_oversight\n  source <(COMPLETE=bash oversight)   # the same, for this shell only"
)]
pub struct Args {
    /// The shell.
    shell: Shell,
}

/// Runs `oversight completions`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let mut buffer = Vec::new();
    let completer: &dyn clap_complete::env::EnvCompleter = match args.shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
        Shell::Elvish => &clap_complete::env::Elvish,
        Shell::Powershell => &clap_complete::env::Powershell,
    };
    let written = completer.write_registration(
        "COMPLETE",
        "oversight",
        "oversight",
        "oversight",
        &mut buffer,
    );
    if written.is_err() {
        return Ok(super::common::BAD_INPUT);
    }
    emit(&String::from_utf8_lossy(&buffer));
    Ok(0)
}
