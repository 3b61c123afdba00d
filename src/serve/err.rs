//! Every problem the server reports about a request (or about starting).

use miette::Diagnostic;
use thiserror::Error;

/// A request the server cannot answer, or a server that cannot start.
#[derive(Debug, Error, Diagnostic)]
pub(crate) enum ServeError {
    /// The port is taken or not allowed.
    #[error("cannot listen on {address}: {reason}")]
    #[diagnostic(code(oversight::serve::cannot_listen))]
    CannotListen {
        /// The address tried.
        address: String,
        /// What the system said.
        reason: String,
    },
    /// A request whose Host is not this machine.
    #[error("this server answers only requests to localhost")]
    #[diagnostic(code(oversight::serve::not_localhost))]
    NotLocalhost,
    /// A request from another site's page (its `Origin` or `Sec-Fetch-Site`).
    #[error("this server answers only its own page")]
    #[diagnostic(code(oversight::serve::cross_site))]
    CrossSite,
    /// A POST whose body is not declared as JSON.
    #[error("the request body must be sent as `application/json`")]
    #[diagnostic(code(oversight::serve::not_json))]
    NotJson,
    /// A bug: the answer panicked.
    #[error("internal error: please report it with the request that caused it")]
    #[diagnostic(code(oversight::serve::internal))]
    Internal,
    /// A body over the limit.
    #[error("the request body is larger than {mib} MiB")]
    #[diagnostic(code(oversight::serve::body_too_large))]
    BodyTooLarge {
        /// The limit in MiB.
        mib: usize,
    },
    /// A body that did not arrive in time.
    #[error("the request body did not arrive within {seconds} s")]
    #[diagnostic(code(oversight::serve::body_timeout))]
    BodyTimeout {
        /// The time allowed.
        seconds: u64,
    },
    /// Every computing slot stayed busy while the request waited.
    #[error("the server is busy: no answer could start within {seconds} s")]
    #[diagnostic(code(oversight::serve::busy))]
    Busy {
        /// The time the request waited.
        seconds: u64,
    },
    /// The runtime that serves requests could not be started.
    #[error("cannot start the server: {reason}")]
    #[diagnostic(code(oversight::serve::cannot_start))]
    CannotStart {
        /// What the system said.
        reason: String,
    },
    /// A body that could not be read.
    #[error("the request body could not be read")]
    #[diagnostic(code(oversight::serve::body_unreadable))]
    BodyUnreadable,
    /// A body that is not UTF-8.
    #[error("the request body is not UTF-8")]
    #[diagnostic(code(oversight::serve::body_not_utf8))]
    BodyNotUtf8,
    /// An empty body.
    #[error("the request body is empty")]
    #[diagnostic(code(oversight::serve::body_empty))]
    BodyEmpty,
    /// A body that is not the JSON expected, in serde_json's words.
    #[error("{message}")]
    #[diagnostic(code(oversight::serve::bad_json))]
    BadJson {
        /// What the JSON parser said.
        message: String,
    },
    /// The Word memo could not be built.
    #[error("cannot write the memo as a Word document: {reason}")]
    #[diagnostic(code(oversight::serve::cannot_write_docx))]
    CannotWriteDocx {
        /// Why.
        reason: String,
    },
    /// A path the API does not have.
    #[error("no such page: {method} {path}")]
    #[diagnostic(code(oversight::serve::no_such_page))]
    NoSuchPage {
        /// The method.
        method: String,
        /// The path.
        path: String,
    },
    /// A method the path does not take.
    #[error("method {method} is not allowed")]
    #[diagnostic(code(oversight::serve::method_not_allowed))]
    MethodNotAllowed {
        /// The method.
        method: String,
    },
    /// A proposal id that is not built in.
    #[error("unknown proposal `{id}`")]
    #[diagnostic(code(oversight::serve::unknown_proposal))]
    UnknownProposal {
        /// The id as given.
        id: String,
    },
    /// `/api/explain` without a rule.
    #[error("`rule` is missing")]
    #[diagnostic(code(oversight::serve::rule_missing))]
    RuleMissing,
    /// An action that is not a JSON object.
    #[error("`action` must be an object")]
    #[diagnostic(code(oversight::serve::action_not_object))]
    ActionNotObject,
    /// A field an action object does not have.
    #[error("unknown action field `{field}`")]
    #[diagnostic(code(oversight::serve::unknown_action_field))]
    UnknownActionField {
        /// The field as given.
        field: String,
    },
    /// An action field of the wrong JSON type.
    #[error("`action.{field}` must be {expected}")]
    #[diagnostic(code(oversight::serve::wrong_field_type))]
    WrongFieldType {
        /// The field.
        field: String,
        /// `a string` or `an object`.
        expected: String,
    },
}
