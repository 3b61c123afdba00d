//! The `oversight` command line: a thin layer over the library. Each command
//! lives in its own module under `src/cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}
