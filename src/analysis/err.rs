//! Every problem found while checking scenarios and concerns against the law.

use miette::Diagnostic;
use thiserror::Error;

/// A problem in a scenario's expectations, a proposal's, or a concerns file.
#[derive(Debug, Error, Diagnostic)]
pub enum AnalysisError {
    /// A body that `bodies.ron` does not declare.
    #[error("unknown body `{name}`")]
    #[diagnostic(code(oversight::analysis::unknown_body))]
    UnknownBody {
        /// The name as written.
        name: String,
    },
    /// A rule id no rule has.
    #[error("unknown rule id `{id}`")]
    #[diagnostic(code(oversight::analysis::unknown_rule))]
    UnknownRule {
        /// The id as written.
        id: String,
    },
    /// A fact the vocabulary does not have.
    #[error("unknown fact `{name}`")]
    #[diagnostic(code(oversight::analysis::unknown_fact))]
    UnknownFact {
        /// The name as written.
        name: String,
    },
    /// A proposal's expectation about a scenario that is not there.
    #[error("no scenario `{name}` among the files tested or in tests/scenarios")]
    #[diagnostic(code(oversight::analysis::unknown_scenario))]
    UnknownScenario {
        /// The scenario as named.
        name: String,
    },
    /// Gap analysis without a concerns file.
    #[error("no concerns file")]
    #[diagnostic(code(oversight::analysis::no_concerns))]
    NoConcerns,
    /// A concern id with characters ids may not have.
    #[error("invalid concern id `{id}`")]
    #[diagnostic(code(oversight::analysis::invalid_concern_id))]
    InvalidConcernId {
        /// The id as written.
        id: String,
    },
    /// A concern id that the concerns file does not have.
    #[error("unknown concern `{id}`")]
    #[diagnostic(code(oversight::analysis::unknown_concern))]
    UnknownConcern {
        /// The id as given.
        id: String,
    },
}
