//! Every problem the compiler reports, with its message and stable code.
//! Where and how it is shown (span, label, help) is the caller's business.

use miette::Diagnostic;
use thiserror::Error;

/// A problem found while compiling rule files (or a file read against them).
#[derive(Debug, Error, Diagnostic)]
pub enum CompileError {
    /// A notice with an empty `to`.
    #[error("notice `{id}` names no recipient")]
    #[diagnostic(code(oversight::compile::notice_without_recipient))]
    NoticeWithoutRecipient {
        /// The notice's id.
        id: String,
    },
    /// A recipient that is neither a body nor a group.
    #[error("unknown body or group `{name}`")]
    #[diagnostic(code(oversight::compile::unknown_recipient))]
    UnknownRecipient {
        /// The name as written.
        name: String,
    },
    /// An event not in the vocabulary.
    #[error("unknown event `{name}`")]
    #[diagnostic(code(oversight::compile::unknown_event))]
    UnknownEvent {
        /// The name as written.
        name: String,
    },
    /// A fact not in the vocabulary.
    #[error("unknown fact `{name}`")]
    #[diagnostic(code(oversight::compile::unknown_fact))]
    UnknownFact {
        /// The name as written.
        name: String,
    },
    /// A test applied to a fact of the wrong kind.
    #[error("`{operator}` needs {needs}, but `{fact}` is {kind}")]
    #[diagnostic(code(oversight::compile::wrong_fact_kind))]
    WrongFactKind {
        /// The test (`Fact`, `AtLeast`, ...).
        operator: String,
        /// What kind of fact it needs, in words.
        needs: String,
        /// The fact.
        fact: String,
        /// What kind of fact it is, in words.
        kind: String,
    },
    /// A value that the choice fact does not have.
    #[error("`{value}` is not a value of `{fact}`")]
    #[diagnostic(code(oversight::compile::unknown_value))]
    UnknownValue {
        /// The value as written.
        value: String,
        /// The fact.
        fact: String,
    },
    /// A condition nested past the limit.
    #[error("a condition is nested more than {limit} levels deep")]
    #[diagnostic(code(oversight::compile::condition_too_deep))]
    ConditionTooDeep {
        /// The limit.
        limit: usize,
    },
    /// A country group not in the vocabulary.
    #[error("unknown country group `{name}`")]
    #[diagnostic(code(oversight::compile::unknown_country_group))]
    UnknownCountryGroup {
        /// The name as written.
        name: String,
    },
    /// A rule id that no rule has, where `place` says where it was written
    /// (`` in `Ref` ``, `` in `overrides` ``, or nothing).
    #[error("unknown rule id `{id}`{place}")]
    #[diagnostic(code(oversight::compile::unknown_rule))]
    UnknownRule {
        /// The id as written.
        id: String,
        /// Where it was written, with a leading space, or empty.
        place: String,
    },
    /// A `usc` that is not a U.S. Code citation.
    #[error("malformed U.S. Code citation `{usc}`")]
    #[diagnostic(code(oversight::compile::malformed_usc))]
    MalformedUsc {
        /// The citation as written.
        usc: String,
    },
    /// A provision with neither an Act nor a Code section.
    #[error("the provision names neither an Act nor a U.S. Code section")]
    #[diagnostic(code(oversight::compile::provision_without_citation))]
    ProvisionWithoutCitation,
    /// A pinpoint that is not written like one.
    #[error("malformed pinpoint `{cite}` in rule `{rule}`")]
    #[diagnostic(code(oversight::compile::malformed_pinpoint))]
    MalformedPinpoint {
        /// The pinpoint as written.
        cite: String,
        /// The rule.
        rule: String,
    },
    /// A rule with an empty `says`.
    #[error("rule `{rule}` has no summary")]
    #[diagnostic(code(oversight::compile::rule_without_summary))]
    RuleWithoutSummary {
        /// The rule.
        rule: String,
    },
    /// A date that does not parse.
    #[error("invalid date `{text}`")]
    #[diagnostic(code(oversight::compile::invalid_date))]
    InvalidDate {
        /// The date as written.
        text: String,
    },
    /// An encoding horizon after the last day in force.
    #[error("the horizon {horizon} is after the last day in force, {until}")]
    #[diagnostic(code(oversight::compile::horizon_after_until))]
    HorizonAfterUntil {
        /// The horizon.
        horizon: String,
        /// The last day in force.
        until: String,
    },
    /// An in-force start with no enacting law.
    #[error("no enacting law or order for this start date")]
    #[diagnostic(code(oversight::compile::start_without_enactment))]
    StartWithoutEnactment,
    /// An in-force range that ends before it starts.
    #[error("in-force range ends on {until}, before it starts on {from}")]
    #[diagnostic(code(oversight::compile::ends_before_start))]
    EndsBeforeStart {
        /// The last day.
        until: String,
        /// The first day.
        from: String,
    },
    /// Two rules with one id.
    #[error("duplicate rule id `{id}`")]
    #[diagnostic(code(oversight::compile::duplicate_rule))]
    DuplicateRule {
        /// The id.
        id: String,
    },
    /// An override between kinds that may not displace each other.
    #[error("`{source_rule}` ({source_kind}) cannot override `{target}` ({target_kind})")]
    #[diagnostic(code(oversight::compile::bad_override))]
    BadOverride {
        /// The overriding rule.
        source_rule: String,
        /// The overriding rule's kind.
        source_kind: String,
        /// The overridden rule.
        target: String,
        /// The overridden rule's kind.
        target_kind: String,
    },
    /// Rules that depend on each other.
    #[error("rules depend on each other in a cycle: {path}")]
    #[diagnostic(code(oversight::compile::cycle))]
    Cycle {
        /// The rule ids around the cycle, joined by ` -> `.
        path: String,
    },
    /// A choice value listed twice.
    #[error("choice `{value}` is listed twice")]
    #[diagnostic(code(oversight::compile::duplicate_choice))]
    DuplicateChoice {
        /// The value.
        value: String,
    },
    /// A choice list too long for the bitmask.
    #[error("a choice list may have at most 64 values")]
    #[diagnostic(code(oversight::compile::too_many_choices))]
    TooManyChoices,
    /// A name with characters names may not have.
    #[error("invalid {what} name `{name}`")]
    #[diagnostic(code(oversight::compile::invalid_name))]
    InvalidName {
        /// What is being named (`fact`, `body`, ...).
        what: String,
        /// The name.
        name: String,
    },
    /// A name declared twice.
    #[error("duplicate {what} `{name}`")]
    #[diagnostic(code(oversight::compile::duplicate_name))]
    DuplicateName {
        /// What is being named.
        what: String,
        /// The name.
        name: String,
    },
    /// A body group that lists another group.
    #[error("group `{group}` lists the group `{member}`")]
    #[diagnostic(code(oversight::compile::group_in_group))]
    GroupInGroup {
        /// The group.
        group: String,
        /// The group it lists.
        member: String,
    },
    /// A body that `bodies.ron` does not declare.
    #[error("unknown body `{name}`")]
    #[diagnostic(code(oversight::compile::unknown_body))]
    UnknownBody {
        /// The name as written.
        name: String,
    },
    /// A defined term with no definition, or with two.
    #[error("term `{term}` needs exactly one of `means` and `defined_in`")]
    #[diagnostic(code(oversight::compile::term_definition))]
    TermDefinition {
        /// The term.
        term: String,
    },
    /// A term named that the vocabulary's `terms` do not define.
    #[error("unknown term `{term}`")]
    #[diagnostic(code(oversight::compile::unknown_term))]
    UnknownTerm {
        /// The term as written.
        term: String,
    },
    /// A statutory clause for a value the fact does not have.
    #[error("unknown clause `{key}` for fact `{fact}`")]
    #[diagnostic(code(oversight::compile::unknown_clause))]
    UnknownClause {
        /// The key as written.
        key: String,
        /// The fact.
        fact: String,
    },
    /// A `structure` entry that is not a pinpoint.
    #[error("malformed structure entry `{entry}`")]
    #[diagnostic(code(oversight::compile::malformed_structure))]
    MalformedStructure {
        /// The entry as written.
        entry: String,
    },
}
