//! The result of applying the law to an action: what a report shows.
//!
//! Serialized as JSON under the versioned schema [`SCHEMA`]; the fields are
//! documented in `docs/SCHEMA.md`.

pub mod ask;
pub mod build;
pub mod explain;
pub mod reasons;
pub mod summary;
pub mod words;

pub use build::{assess, choose_as_of};

use serde::Serialize;

use crate::engine::logic::Truth;
use crate::engine::timing::Deadline;
use crate::model::texts::{RuleTexts, Text, Texts};
use crate::model::{Confidence, RuleIx, RuleKind};

/// The schema name and version of the JSON output.
pub const SCHEMA: &str = "oversight.assessment/2";

/// Everything the law says about one action.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The action assessed.
    pub action: ActionInfo,
    /// The bottom line every report opens with.
    pub summary: summary::Summary,
    /// The date the law was read as of.
    pub as_of: AsOf,
    /// Ids of the proposals applied on top of the law, in order.
    pub proposals: Vec<String>,
    /// Every obligation-making rule, in rule-file order.
    pub outcomes: Vec<Outcome>,
    /// Every body with something owed to it, each once, in `bodies.ron` order.
    pub bodies: Vec<BodySummary>,
    /// Definitions and exceptions, with their values.
    pub terms: Vec<TermValue>,
    /// Unknown facts that could change an outcome, most decisive first.
    pub questions: Vec<Question>,
    /// How the action file was read where it deserves a word (a local time
    /// that a daylight-saving change skips or repeats), one line each.
    pub warnings: Vec<String>,
    /// When the as-of date is later than the date up to which provisions in
    /// force on it were checked for amendments: which, and through what law.
    /// Said once per report.
    pub currency: Vec<Currency>,
    /// With `--explain`: the derivation tree of every outcome that applies or is undecided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derivations: Option<Vec<Node>>,
    /// Which law was applied (see `RuleBook::law_version`). Shown in the
    /// memo; kept out of the JSON so that an edit to one rule file does not
    /// touch every scenario snapshot. `oversight validate` prints it.
    #[serde(skip)]
    pub law_version: String,
}

/// The action as reported.
#[derive(Debug, Clone, Serialize)]
pub struct ActionInfo {
    /// The title the action file gives, shown as the report's heading.
    pub title: String,
    /// File it came from.
    pub file: String,
    /// IANA time zone used for deadlines.
    pub timezone: String,
    /// The longer description the action file gives, if any.
    pub summary: Option<String>,
    /// Every fact the action states, in vocabulary order, with its question:
    /// what the report rests on.
    pub facts: Vec<StatedFact>,
}

/// A fact an action states.
#[derive(Debug, Clone, Serialize)]
pub struct StatedFact {
    /// The fact's name.
    pub fact: Text,
    /// Its question.
    pub question: Text,
    /// The value, as an action file writes it.
    pub value: Text,
}

/// The as-of date and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct AsOf {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Where the date came from.
    pub source: AsOfSource,
}

/// Where a rule comes from: the law, or a proposal laid over it. Written in
/// JSON as `law` or the proposal's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSource {
    /// The law as encoded.
    Law,
    /// The proposal with this id.
    Proposal(Text),
}

impl RuleSource {
    /// `law`, or the proposal's id.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Law => "law",
            Self::Proposal(id) => id,
        }
    }
}

impl Serialize for RuleSource {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where the as-of date came from; written in reports and JSON as
/// `command line`, `action file`, `earliest event` or `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfSource {
    /// `--as-of` on the command line (or the request).
    CommandLine,
    /// The action file's own `as_of`.
    ActionFile,
    /// The action's earliest dated event.
    EarliestEvent,
    /// Nothing else gave a date.
    Today,
}

impl AsOfSource {
    /// How reports name it.
    /// How the date was chosen, in a sentence's words.
    pub(crate) fn explain(self) -> &'static str {
        match self {
            Self::CommandLine => "the date given on the command line",
            Self::ActionFile => "the `as_of` date the action file gives",
            Self::EarliestEvent => "the date of the action's earliest event",
            Self::Today => "today: the action dates no event",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::CommandLine => "command line",
            Self::ActionFile => "action file",
            Self::EarliestEvent => "earliest event",
            Self::Today => "today",
        }
    }
}

impl std::fmt::Display for AsOfSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for AsOfSource {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// Whether an obligation is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Owed, whatever the unknown facts turn out to be.
    Required,
    /// Owed or not depending on facts not given.
    Depends,
    /// Not owed, whatever the unknown facts turn out to be.
    NotRequired,
    /// The date its law is judged at is before the encoding's horizon: the
    /// tool does not know the law of that date. Check by hand.
    NotEncoded,
}

impl Status {
    /// From a rule's final truth value.
    pub(crate) fn from_truth(truth: Truth) -> Self {
        match truth {
            Truth::True => Self::Required,
            Truth::Unknown => Self::Depends,
            Truth::False => Self::NotRequired,
        }
    }

    /// How the status reads for a kind of rule.
    pub(crate) fn word(self, kind: RuleKind) -> &'static str {
        match (self, kind) {
            (Self::Required, RuleKind::Gate) => "GATE",
            (Self::Required, RuleKind::Prohibition) => "PROHIBITED",
            (Self::Required, RuleKind::StandingDuty) => "APPLIES",
            (Self::Required, RuleKind::Authority) => "GOVERNS",
            (Self::Required, _) => "REQUIRED",
            (Self::Depends, _) => "DEPENDS",
            (Self::NotRequired, _) => "NOT REQUIRED",
            (Self::NotEncoded, _) => "NOT ENCODED",
        }
    }
}

/// Why a rule did not apply, or what it waits on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Its condition is false.
    ConditionFalse {
        /// Which part failed, in words.
        detail: words::Words,
    },
    /// Another rule that applies displaces it.
    Displaced {
        /// The displacing rules.
        by: Vec<Text>,
        /// Their citations.
        cites: Vec<Text>,
    },
    /// The provision is not in force on the date its law is judged at.
    NotInForce {
        /// That date.
        on: jiff::civil::Date,
        /// First day in force.
        from: jiff::civil::Date,
        /// Last day in force, if any.
        until: Option<jiff::civil::Date>,
        /// The law that put it in force, or how the date is known.
        by: Option<Text>,
    },
    /// It depends on facts not given.
    Unknown {
        /// The facts.
        facts: Vec<Text>,
    },
    /// Its law is judged at a date before the encoding's horizon.
    NotEncoded {
        /// The date its law is judged at.
        judged_at: jiff::civil::Date,
        /// The earliest date the encoding is claimed to be right, and whose
        /// (the rule itself, or a rule it depends on).
        horizon: jiff::civil::Date,
        /// The rule whose horizon it is.
        rule: Text,
    },
}

impl Reason {
    /// The reason in one line.
    pub fn text(&self) -> String {
        match self {
            Self::ConditionFalse { detail } => detail.to_string(),
            Self::Displaced { by, cites } => {
                let parts: Vec<String> = by
                    .iter()
                    .zip(cites)
                    .map(|(id, cite)| format!("`{id}` ({cite})"))
                    .collect();
                format!("displaced by {}", parts.join(", "))
            }
            Self::NotInForce {
                on,
                from,
                until,
                by,
            } => {
                let span = match until {
                    Some(until) => format!("in force {from} to {until}"),
                    None => format!("in force from {from}"),
                };
                match by {
                    Some(by) => format!("not in force on {on} ({span}; {by})"),
                    None => format!("not in force on {on} ({span})"),
                }
            }
            Self::Unknown { facts } => {
                let quoted: Vec<String> = facts.iter().map(|f| format!("`{f}`")).collect();
                format!("depends on {}", quoted.join(", "))
            }
            Self::NotEncoded {
                judged_at,
                horizon,
                rule,
            } => format!(
                "not encoded for {judged_at}: the encoding of `{rule}` starts on {horizon}; check the law of that date by hand"
            ),
        }
    }
}

/// What one obligation-making rule says about the action.
///
/// The rule's own words (citation, summary, recipients, what, form, ...)
/// are not copied into each outcome: `texts` points at the rule book's
/// interned texts for the rule. The JSON still writes them out, field by
/// field, in the order it always had (through `OutcomeJson`; the fields
/// are documented in `docs/SCHEMA.md`).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The rule's place in the rule book it was assessed against.
    pub ix: RuleIx,
    /// The rule's words, built once per rule book: its id (`texts.id`),
    /// full dual citation, provision, plain summary, who acts (`by`), the
    /// bodies told by id (`to`) and as the rule names them (`recipients`),
    /// what is delivered (`what`), in what form, another way to meet the
    /// duty (`alternative`), for a gate what is blocked and what lifts it
    /// (`blocks`, `until`), for a prohibition what is barred (`bars`), notes
    /// and the sources its provision was read from.
    pub texts: &'static RuleTexts,
    /// Rule kind.
    pub kind: RuleKind,
    /// Owed, undecided or not owed.
    pub status: Status,
    /// Confidence tag of its source (`TEXT-2023`, `SECONDARY`, ...).
    pub confidence: Confidence,
    /// When.
    pub deadline: Option<Deadline>,
    /// Rules this one displaces here.
    pub displaces: Vec<Text>,
    /// Why not, or what it waits on.
    pub reason: Option<Reason>,
    /// The date whose law governs this outcome, and why that date.
    pub law_of: LawOf,
    /// True when it does not apply only because another rule displaces it, or
    /// only because it is not in force on the as-of date (its condition holds
    /// or may hold).
    pub near_miss: bool,
}

impl Outcome {
    /// The law, or the proposal the rule comes from.
    pub fn source(&self) -> RuleSource {
        self.texts
            .proposal
            .clone()
            .map_or(RuleSource::Law, RuleSource::Proposal)
    }
}

/// An outcome as the JSON writes it: every field of the schema, the rule's
/// words included, in the order the JSON has always had (the JSON snapshots
/// hold it). The sources are left out: the
/// memo's confidence notes use them, and `confidence` already carries the
/// grade.
#[derive(Serialize)]
struct OutcomeJson<'a> {
    rule: &'a Text,
    kind: RuleKind,
    status: Status,
    citation: &'a Text,
    provision: &'a Text,
    source: RuleSource,
    #[serde(serialize_with = "confidence_tag")]
    confidence: Confidence,
    says: &'a Text,
    by: &'a Option<Text>,
    to: Texts,
    recipients: &'a Option<Text>,
    what: &'a Option<Text>,
    form: &'a Option<Text>,
    deadline: &'a Option<Deadline>,
    alternative: &'a Option<Alternative>,
    blocks: &'a Option<Text>,
    until: &'a Option<Text>,
    bars: &'a Option<Text>,
    displaces: &'a [Text],
    reason: &'a Option<Reason>,
    law_of: &'a LawOf,
    near_miss: bool,
    note: &'a Option<Text>,
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let texts = self.texts;
        OutcomeJson {
            rule: &texts.id,
            kind: self.kind,
            status: self.status,
            citation: &texts.citation,
            provision: &texts.provision,
            source: self.source(),
            confidence: self.confidence,
            says: &texts.says,
            by: &texts.by,
            to: texts.to,
            recipients: &texts.recipients,
            what: &texts.what,
            form: &texts.form,
            deadline: &self.deadline,
            alternative: &texts.alternative,
            blocks: &texts.blocks,
            until: &texts.until,
            bars: &texts.bars,
            displaces: &self.displaces,
            reason: &self.reason,
            law_of: &self.law_of,
            near_miss: self.near_miss,
            note: &texts.note,
        }
        .serialize(serializer)
    }
}

/// Provisions in force on the as-of date whose check for amendments stops
/// before it: a later amendment would not be reflected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Currency {
    /// The last law checked (`Pub. L. 119-73 ...`), or `not recorded`.
    pub through: Text,
    /// Every law up to this date was checked (written `YYYY-MM-DD`), if recorded.
    pub on: Option<jiff::civil::Date>,
    /// The provisions, by their short name.
    pub provisions: Vec<Text>,
}

impl Currency {
    /// What was checked, in one line: `through LAW (DATE): PROVISIONS`.
    pub(crate) fn text(&self) -> String {
        match &self.on {
            Some(on) => format!(
                "through {} ({on}): {}",
                self.through,
                self.provisions.join("; ")
            ),
            None => format!("not recorded: {}", self.provisions.join("; ")),
        }
    }

    /// The sentence that introduces the list, once per report.
    pub(crate) fn preamble(as_of: &str) -> String {
        format!(
            "These provisions were checked for amendments only up to the date shown, before the as-of date {as_of}; a later amendment would not be reflected:"
        )
    }
}

/// The date whose law an outcome is judged by.
///
/// A duty that an event creates is governed by the law in force at that
/// event: a later law creates no duty for it, and an earlier law repealed
/// since still governs it. Gates, prohibitions, standing duties and
/// authorities, and duties whose event is not dated, are judged at the
/// as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LawOf {
    /// The date, written `YYYY-MM-DD`.
    pub date: jiff::civil::Date,
    /// `event` (the rule's anchor event, named in `event`) or `as_of`.
    pub basis: &'static str,
    /// The event, when the basis is an event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<Text>,
}

impl LawOf {
    /// In words: `the law of 2013-06-01 (the start of the activity)`.
    pub(crate) fn text(&self) -> String {
        match &self.event {
            Some(event) => format!("the law of {} ({event})", self.date),
            None => format!("the law of {} (the as-of date)", self.date),
        }
    }
}

/// Another way a duty may be met: the bodies told instead (`to`, by id),
/// the recipients as the rule names them, and what is delivered instead.
pub use crate::model::texts::AlternativeTexts as Alternative;

/// A body and everything owed to it.
#[derive(Debug, Clone, Serialize)]
pub struct BodySummary {
    /// Body id.
    pub id: Text,
    /// Short name.
    pub short: Text,
    /// Full name.
    pub name: Text,
    /// True when some obligation to it is required (not only undecided).
    pub required: bool,
    /// Its earliest concrete deadline among required obligations.
    pub earliest_due: Option<String>,
    /// The obligations to it, required first.
    pub obligations: Vec<BodyObligation>,
}

/// One line of a body's table.
#[derive(Debug, Clone, Serialize)]
pub struct BodyObligation {
    /// Rule id.
    pub rule: Text,
    /// Owed or undecided.
    pub status: Status,
}

/// A definition's or exception's value.
#[derive(Debug, Clone)]
pub struct TermValue {
    /// The rule's place in the rule book it was assessed against.
    pub ix: RuleIx,
    /// The rule's words, built once per rule book: its id (`texts.id`),
    /// citation and provision's short name, as outcomes carry them.
    pub texts: &'static RuleTexts,
    /// Definition or exception.
    pub kind: RuleKind,
    /// Whether the rule applies, does not, or depends on unknown facts.
    pub value: Truth,
    /// Why it is false or unknown.
    pub reason: Option<Reason>,
}

/// A term as the JSON writes it, in the order the JSON has always had.
#[derive(Serialize)]
struct TermJson<'a> {
    rule: &'a Text,
    kind: RuleKind,
    value: Truth,
    citation: &'a Text,
    provision: &'a Text,
    reason: &'a Option<Reason>,
}

impl Serialize for TermValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TermJson {
            rule: &self.texts.id,
            kind: self.kind,
            value: self.value,
            citation: &self.texts.citation,
            provision: &self.texts.provision,
            reason: &self.reason,
        }
        .serialize(serializer)
    }
}

/// An unknown fact that could change an outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Fact name.
    pub fact: Text,
    /// The question to ask.
    pub question: Text,
    /// How many undecided obligations it bears on.
    pub decides: usize,
    /// Those obligations' rule ids.
    pub matters_for: Vec<Text>,
    /// Their citations.
    pub cites: Vec<Text>,
}

/// One step of a derivation: a condition or a rule, its value, where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// What this step is, in words.
    pub label: String,
    /// Its value for this action.
    pub value: Truth,
    /// The paragraph it comes from, for rules.
    pub cite: Option<String>,
    /// The steps it rests on.
    pub children: Vec<Node>,
    /// On the root of an outcome's tree: the date whose law it was worked
    /// at, in words (`the law of 2013-06-01 (the start of the activity)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law_of: Option<String>,
}

/// Writes a confidence as its tag (`TEXT-2023`), as the reports do.
fn confidence_tag<S: serde::Serializer>(
    confidence: &Confidence,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(confidence.tag())
}
