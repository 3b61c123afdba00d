//! Every problem found while reading inputs: action files, rules
//! directories, git revisions, and the answers of the `ask` interview.

use miette::Diagnostic;
use thiserror::Error;

/// A problem with an input file or where it comes from.
#[derive(Debug, Error, Diagnostic)]
pub(crate) enum InputError {
    /// A fact the vocabulary does not have.
    #[error("unknown fact `{name}`")]
    #[diagnostic(code(oversight::input::unknown_fact))]
    UnknownFact {
        /// The name as written.
        name: String,
    },
    /// A time zone that is not in the IANA database.
    #[error("unknown time zone `{name}`")]
    #[diagnostic(code(oversight::input::unknown_time_zone))]
    UnknownTimeZone {
        /// The name as written.
        name: String,
    },
    /// An event the vocabulary does not have.
    #[error("unknown event `{name}`")]
    #[diagnostic(code(oversight::input::unknown_event))]
    UnknownEvent {
        /// The name as written.
        name: String,
    },
    /// A fact or event stated twice.
    #[error("{what} `{name}` is given twice")]
    #[diagnostic(code(oversight::input::given_twice))]
    GivenTwice {
        /// `fact` or `event`.
        what: String,
        /// The name.
        name: String,
    },
    /// A value of the wrong type for its fact.
    #[error("fact `{name}` is {kind}, but this value is not")]
    #[diagnostic(code(oversight::input::wrong_type))]
    WrongType {
        /// The fact.
        name: String,
        /// What kind of fact it is, in words.
        kind: String,
    },
    /// A value the choice fact does not have.
    #[error("`{value}` is not a value of `{name}`")]
    #[diagnostic(code(oversight::input::unknown_value))]
    UnknownValue {
        /// The value as written.
        value: String,
        /// The fact.
        name: String,
    },
    /// An event time that does not parse.
    #[error("invalid event time `{text}`")]
    #[diagnostic(code(oversight::input::invalid_time))]
    InvalidTime {
        /// The time as written.
        text: String,
    },
    /// A local time that happens twice or never (a warning, not an error).
    #[error("{written} {kind} in {zone}: read as {chosen}, the earlier of {earlier} and {later}")]
    #[diagnostic(code(oversight::input::ambiguous_time))]
    AmbiguousTime {
        /// The time as written.
        written: String,
        /// `is ambiguous` or `does not exist`, in words.
        kind: String,
        /// The time zone.
        zone: String,
        /// The reading chosen.
        chosen: String,
        /// The earlier reading.
        earlier: String,
        /// The later reading.
        later: String,
    },
    /// `--rules` names no directory.
    #[error("rules directory not found")]
    #[diagnostic(code(oversight::input::rules_dir_not_found))]
    RulesDirNotFound,
    /// A required rule file is missing.
    #[error("`{name}` is missing from the rules directory")]
    #[diagnostic(code(oversight::input::rule_file_missing))]
    RuleFileMissing {
        /// The file's name.
        name: String,
    },
    /// A rules directory whose `law/` holds no rule file: it would
    /// "validate" with no law at all.
    #[error("no rule files in `law/`")]
    #[diagnostic(code(oversight::input::no_law_files))]
    NoLawFiles,
    /// `--with` names neither a file nor a built-in proposal.
    #[error("no such proposal file, and no proposal {place} has this name or id")]
    #[diagnostic(code(oversight::input::unknown_proposal))]
    UnknownProposal {
        /// Where proposals were looked for, in words.
        place: String,
    },
    /// `--base` names a revision outside a git checkout.
    #[error("`--base` names a git revision, but this is not a git checkout")]
    #[diagnostic(code(oversight::input::not_a_checkout))]
    NotACheckout,
    /// The rules directory did not exist at the revision.
    #[error("`{dir}/` holds no rule files at revision `{revision}`")]
    #[diagnostic(code(oversight::input::no_rules_at_revision))]
    NoRulesAtRevision {
        /// The rules directory.
        dir: String,
        /// The revision.
        revision: String,
    },
    /// A required rule file did not exist at the revision.
    #[error("`{dir}/{name}` is missing at revision `{revision}`")]
    #[diagnostic(code(oversight::input::rule_file_missing_at_revision))]
    RuleFileMissingAtRevision {
        /// The rules directory.
        dir: String,
        /// The file.
        name: String,
        /// The revision.
        revision: String,
    },
    /// A revision git does not know.
    #[error("unknown revision `{revision}` in the repository at {top}")]
    #[diagnostic(code(oversight::input::unknown_revision))]
    UnknownRevision {
        /// The revision.
        revision: String,
        /// The repository's top directory.
        top: String,
    },
    /// A directory outside any git repository.
    #[error("`{dir}` is not inside a git repository")]
    #[diagnostic(code(oversight::input::not_in_repository))]
    NotInRepository {
        /// The directory.
        dir: String,
    },
    /// A git command that failed.
    #[error("git {command} failed: {said}")]
    #[diagnostic(code(oversight::input::git_failed))]
    GitFailed {
        /// The git arguments.
        command: String,
        /// What git said.
        said: String,
    },
    /// git could not be started.
    #[error("cannot run git: {reason}")]
    #[diagnostic(code(oversight::input::cannot_run_git))]
    CannotRunGit {
        /// What the system said.
        reason: String,
    },
    /// An answer could not be read.
    #[error("cannot read an answer: {reason}")]
    #[diagnostic(code(oversight::input::cannot_read_answer))]
    CannotReadAnswer {
        /// What the system said.
        reason: String,
    },
    /// A question could not be written.
    #[error("cannot write: {reason}")]
    #[diagnostic(code(oversight::input::cannot_write))]
    CannotWrite {
        /// What the system said.
        reason: String,
    },
}
