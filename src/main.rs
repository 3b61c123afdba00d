//! The `oversight` command line: a thin layer over the library. Each command
//! lives in its own module under `src/cli/`.

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash oversight ...`) is
    // answered here, before anything else is written.
    clap_complete::CompleteEnv::with_factory(cli::Cli::command).complete();
    // `--version` names the law the binary embeds as well as the release;
    // the rule book is decoded for it only when it is asked for.
    let mut command = cli::Cli::command();
    if std::env::args().any(|arg| arg == "--version") {
        let text: &'static str = Box::leak(cli::long_version().into_boxed_str());
        command = command.long_version(text);
    }
    let matches = command.get_matches();
    match cli::Cli::from_arg_matches(&matches) {
        Ok(parsed) => cli::run(parsed),
        Err(error) => error.exit(),
    }
}
