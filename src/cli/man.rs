//! `oversight man`: a manual page in roff, for `man`.

use clap::CommandFactory as _;

use oversight::diagnostic::Diagnostics;

use super::common::emit;

/// The arguments of `oversight man`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight man > ~/.local/share/man/man1/oversight.1\n  oversight man check > ~/.local/share/man/man1/oversight-check.1\n  man oversight"
)]
pub struct Args {
    /// The command whose page to print (`check`, `render`, ...); the main page if left out.
    command: Option<String>,
}

/// Runs `oversight man`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let root = super::Cli::command();
    let command = match &args.command {
        None => root,
        Some(name) => {
            let found = root.find_subcommand(name).cloned();
            let Some(sub) = found else {
                let names: Vec<String> = root
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                return Err(Diagnostics::one(
                    oversight::diagnostic::Diagnostic::in_file(
                        "oversight man",
                        super::err::CliError::UnknownCommand { name: name.clone() },
                    )
                    .with_suggestion(
                        name,
                        names.iter().map(String::as_str),
                        "command",
                    ),
                ));
            };
            // The page is named after the command as typed: `oversight-check`.
            sub.name(format!("oversight-{name}"))
        }
    };
    let mut buffer = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut buffer)
        .map_err(|error| {
            Diagnostics::one(oversight::diagnostic::Diagnostic::in_file(
                "standard output",
                super::err::CliError::CannotWrite {
                    path: String::from("the manual page"),
                    reason: error.to_string(),
                },
            ))
        })?;
    emit(&String::from_utf8_lossy(&buffer));
    Ok(0)
}
