//! Problems with the command line itself (as opposed to the files it names).

use miette::Diagnostic;
use thiserror::Error;

/// A flag's value that cannot be used, or a command that cannot finish.
#[derive(Debug, Error, Diagnostic)]
pub enum CliError {
    /// `--as-of` that is not a date.
    #[error("invalid date `{text}`")]
    #[diagnostic(code(oversight::cli::invalid_date))]
    InvalidDate {
        /// The text given.
        text: String,
    },
    /// `ask --write` could not save the answers.
    #[error("cannot write the completed action: {reason}")]
    #[diagnostic(code(oversight::cli::cannot_write_action))]
    CannotWriteAction {
        /// What the system said.
        reason: String,
    },
    /// `render` of a proposal that does not apply to the law.
    #[error("the proposal could not be applied")]
    #[diagnostic(code(oversight::cli::proposal_not_applied))]
    ProposalNotApplied,
}
