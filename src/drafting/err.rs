//! Every disagreement the draft check finds between a proposal's own draft
//! text and its rules (`oversight render`).

use miette::Diagnostic;
use thiserror::Error;

/// Where a proposal's draft text and its rules say different things.
#[derive(Debug, Error, Diagnostic)]
pub enum DraftError {
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
    /// A period that runs the other way from the rule's.
    #[error("the draft text says `{period} {stated}`, but rule `{rule}` counts {period} {ruled}")]
    #[diagnostic(code(oversight::draft::period_direction))]
    PeriodDirection {
        /// The period.
        period: String,
        /// Its direction in the text.
        stated: String,
        /// The rule.
        rule: String,
        /// Its direction in the rule.
        ruled: String,
    },
    /// An amount of money in the text that no rule tests.
    #[error("the draft text says `{amount}`, but no rule of the proposal tests that amount")]
    #[diagnostic(code(oversight::draft::amount_not_in_rules))]
    AmountNotInRules {
        /// The amount.
        amount: String,
    },
    /// An amount a rule tests that the text never states.
    #[error("rule `{rule}` tests {amount}, which the draft text never states")]
    #[diagnostic(code(oversight::draft::amount_not_in_text))]
    AmountNotInText {
        /// The rule.
        rule: String,
        /// The amount.
        amount: String,
    },
    /// A rule's actor the text never names.
    #[error("rule `{rule}` makes the {actor} act, but the draft text never names the {actor}")]
    #[diagnostic(code(oversight::draft::actor_not_in_text))]
    ActorNotInText {
        /// The actor.
        actor: String,
        /// The rule.
        rule: String,
    },
    /// An office the text names that no rule makes act.
    #[error("the draft text names the {actor}, but no rule of the proposal makes the {actor} act")]
    #[diagnostic(code(oversight::draft::actor_not_in_rules))]
    ActorNotInRules {
        /// The office.
        actor: String,
    },
    /// A country the text names that no rule tests.
    #[error("the draft text names {country} ({code}), but no rule of the proposal tests it")]
    #[diagnostic(code(oversight::draft::country_not_in_rules))]
    CountryNotInRules {
        /// The country's name.
        country: String,
        /// Its code.
        code: String,
    },
    /// A country a rule names that the text does not.
    #[error("a rule names {country} ({code}), but the draft text does not")]
    #[diagnostic(code(oversight::draft::country_not_in_text))]
    CountryNotInText {
        /// The country's name.
        country: String,
        /// Its code.
        code: String,
    },
    /// A group, channel or event term in the text that no rule tests.
    #[error("the draft text speaks of \"{term}\", but no rule of the proposal tests it")]
    #[diagnostic(code(oversight::draft::trigger_not_in_rules))]
    TriggerNotInRules {
        /// The term.
        term: String,
    },
    /// A group, channel or event term the rules test that the text omits.
    #[error("the rules test \"{term}\", but the draft text never says it")]
    #[diagnostic(code(oversight::draft::trigger_not_in_text))]
    TriggerNotInText {
        /// The term.
        term: String,
    },
    /// A defined term used and never defined.
    #[error("the draft text uses \"{term}\" but never defines it")]
    #[diagnostic(code(oversight::draft::term_not_defined))]
    TermNotDefined {
        /// The term.
        term: String,
    },
    /// A new subsection lettered otherwise than the section's structure allows.
    #[error("the draft text inserts subsection {stated}, but the next free letter is {expected}")]
    #[diagnostic(code(oversight::draft::designation_conflict))]
    DesignationConflict {
        /// The letter in the text.
        stated: String,
        /// The letter computed.
        expected: String,
    },
    /// A designation used twice at one level.
    #[error("the draft text numbers two units {designation}")]
    #[diagnostic(code(oversight::draft::duplicate_designation))]
    DuplicateDesignation {
        /// The designation.
        designation: String,
    },
    /// A repeating or monthly timing the text never states.
    #[error("rule `{rule}` is due {timing}, which the draft text never says")]
    #[diagnostic(code(oversight::draft::timing_not_in_text))]
    TimingNotInText {
        /// The rule.
        rule: String,
        /// The timing, in words.
        timing: String,
    },
    /// An event a rule's timing counts from that the text never names.
    #[error("rule `{rule}` counts from {event}, which the draft text never names")]
    #[diagnostic(code(oversight::draft::event_not_in_text))]
    EventNotInText {
        /// The rule.
        rule: String,
        /// The event, in the proposal's words.
        event: String,
    },
    /// A term defined otherwise than the vocabulary defines it.
    #[error("the draft text defines \"{term}\" otherwise than the rules do")]
    #[diagnostic(code(oversight::draft::definition_differs))]
    DefinitionDiffers {
        /// The term.
        term: String,
    },
    /// An instruction that no recorded change makes.
    #[error("the draft text says `{instruction}`, but the proposal makes no such change")]
    #[diagnostic(code(oversight::draft::instruction_not_in_rules))]
    InstructionNotInRules {
        /// The instruction as written.
        instruction: String,
    },
    /// A recorded change the text never instructs.
    #[error("the proposal {change}, but the draft text never says so")]
    #[diagnostic(code(oversight::draft::instruction_not_in_text))]
    InstructionNotInText {
        /// The change, in words.
        change: String,
    },
    /// A condition of a rule the text does not seem to state.
    #[error("rule `{rule}` applies only if {clause}, which the draft text does not seem to say")]
    #[diagnostic(code(oversight::draft::condition_not_in_text))]
    ConditionNotInText {
        /// The rule.
        rule: String,
        /// The condition, in statutory words.
        clause: String,
    },
    /// The Act section is never named.
    #[error("the draft text never says \"{phrase}\"")]
    #[diagnostic(code(oversight::draft::act_section_not_named))]
    ActSectionNotNamed {
        /// The phrase expected.
        phrase: String,
    },
}
