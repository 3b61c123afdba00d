//! Problems with the command line itself (as opposed to the files it names).

use miette::Diagnostic;
use thiserror::Error;

/// A flag's value that cannot be used, or a command that cannot finish.
#[derive(Debug, Error, Diagnostic)]
pub enum CliError {
    /// A fact name the vocabulary does not have.
    #[error("unknown fact `{name}`")]
    #[diagnostic(code(oversight::cli::unknown_fact))]
    UnknownFact {
        /// The name as typed.
        name: String,
    },
    /// A command name `oversight man` does not know.
    #[error("unknown command `{name}`")]
    #[diagnostic(code(oversight::cli::unknown_command))]
    UnknownCommand {
        /// The name as typed.
        name: String,
    },
    /// A Word document asked for on a terminal.
    #[error("a Word document is binary: it is not written to a terminal")]
    #[diagnostic(
        code(oversight::cli::binary_to_terminal),
        help("write it to a file: `--output memo.docx` (or redirect: `> memo.docx`)")
    )]
    BinaryToTerminal,
    /// A file that could not be written.
    #[error("cannot write `{path}`: {reason}")]
    #[diagnostic(code(oversight::cli::cannot_write))]
    CannotWrite {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// `--as-of` that is not a date.
    #[error("invalid date `{text}`")]
    #[diagnostic(code(oversight::cli::invalid_date))]
    InvalidDate {
        /// The text given.
        text: String,
    },
    /// `--as-of` with a time of day.
    #[error("`--as-of` takes a date, not a time: `{text}`")]
    #[diagnostic(code(oversight::cli::as_of_with_time))]
    AsOfWithTime {
        /// The text given.
        text: String,
    },
    /// A file that would be replaced without `--force`.
    #[error("the file exists")]
    #[diagnostic(code(oversight::cli::would_overwrite))]
    WouldOverwrite,
    /// `--emit-examples` into a folder holding files it did not write.
    #[error("the folder holds files that `gaps` did not write")]
    #[diagnostic(code(oversight::cli::folder_not_empty))]
    FolderNotEmpty,
    /// `render` of a proposal that does not apply to the law.
    #[error("the proposal could not be applied")]
    #[diagnostic(code(oversight::cli::proposal_not_applied))]
    ProposalNotApplied,
}
