//! Every disagreement the draft check finds between a proposal's own draft
//! text and its rules (`oversight render`).

use miette::Diagnostic;
use thiserror::Error;

/// Where a proposal's draft text and its rules say different things.
#[derive(Debug, Error, Diagnostic)]
pub(crate) enum DraftError {
    /// A period in the text that no rule has.
    #[error("the draft text says `{period}`, but no rule of the proposal has that period")]
    #[diagnostic(code(oversight::draft::period_not_in_rules))]
    PeriodNotInRules {
        /// The period as written.
        period: String,
    },
    /// A rule's period that the text never states.
    #[error("rule `{rule}` has a period of {period} that the draft text never states")]
    #[diagnostic(code(oversight::draft::period_not_in_text))]
    PeriodNotInText {
        /// The rule.
        rule: String,
        /// Its period, in words.
        period: String,
    },
    /// A body the rules notify that the text never names.
    #[error("a rule notifies `{body}`, but the draft text never names it")]
    #[diagnostic(code(oversight::draft::recipient_not_in_text))]
    RecipientNotInText {
        /// The body's id.
        body: String,
    },
    /// A body the text names that no rule notifies.
    #[error("the draft text names `{name}`, but no rule of the proposal notifies `{body}`")]
    #[diagnostic(code(oversight::draft::recipient_not_in_rules))]
    RecipientNotInRules {
        /// The name as written in the text.
        name: String,
        /// The body's id.
        body: String,
    },
    /// A citation of another section than the one amended.
    #[error("the draft text cites `{citation}`, but the proposal amends `{amends}`")]
    #[diagnostic(code(oversight::draft::other_section))]
    OtherSection {
        /// The citation in the text.
        citation: String,
        /// The section amended.
        amends: String,
    },
    /// The amended section is never cited.
    #[error("the draft text never cites `{amends}`, the section the proposal amends")]
    #[diagnostic(code(oversight::draft::section_not_cited))]
    SectionNotCited {
        /// The section amended.
        amends: String,
    },
    /// The Act section is never named.
    #[error("the draft text never says \"{phrase}\"")]
    #[diagnostic(code(oversight::draft::act_section_not_named))]
    ActSectionNotNamed {
        /// The phrase expected.
        phrase: String,
    },
}
