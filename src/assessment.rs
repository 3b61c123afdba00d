//! The result of applying the law to an action: what a report shows.
//!
//! Serialized as JSON under the versioned schema [`SCHEMA`]; the fields are
//! documented in `docs/SCHEMA.md`.

use serde::Serialize;

use crate::logic::Truth;
use crate::model::RuleKind;
use crate::timing::Deadline;

/// The schema name and version of the JSON output.
pub const SCHEMA: &str = "oversight.assessment/1";

/// Everything the law says about one action.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The action assessed.
    pub action: ActionInfo,
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
    /// With `--explain`: the derivation tree of every outcome that applies or is undecided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derivations: Option<Vec<crate::explain::Node>>,
    /// Which law was applied (see `RuleBook::law_version`). Shown in the
    /// memo; kept out of the JSON so that an edit to one rule file does not
    /// touch every scenario snapshot. `oversight validate` prints it.
    #[serde(skip)]
    pub law_version: String,
}

/// The action as reported.
#[derive(Debug, Clone, Serialize)]
pub struct ActionInfo {
    /// Title.
    pub title: String,
    /// File it came from.
    pub file: String,
    /// IANA time zone used for deadlines.
    pub timezone: String,
}

/// The as-of date and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct AsOf {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `command line`, `action file`, `earliest event` or `today`.
    pub source: &'static str,
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
}

impl Status {
    /// From a rule's final truth value.
    pub fn from_truth(truth: Truth) -> Self {
        match truth {
            Truth::True => Self::Required,
            Truth::Unknown => Self::Depends,
            Truth::False => Self::NotRequired,
        }
    }

    /// How the status reads for a kind of rule.
    pub fn word(self, kind: RuleKind) -> &'static str {
        match (self, kind) {
            (Self::Required, RuleKind::Gate) => "GATE",
            (Self::Required, RuleKind::Prohibition) => "PROHIBITED",
            (Self::Required, RuleKind::StandingDuty) => "APPLIES",
            (Self::Required, RuleKind::Authority) => "GOVERNS",
            (Self::Required, _) => "REQUIRED",
            (Self::Depends, _) => "DEPENDS",
            (Self::NotRequired, _) => "NOT REQUIRED",
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
        detail: String,
    },
    /// Another rule that applies displaces it.
    Displaced {
        /// The displacing rules.
        by: Vec<String>,
        /// Their citations.
        cites: Vec<String>,
    },
    /// The provision is not in force on the as-of date.
    NotInForce {
        /// First day in force.
        from: String,
        /// Last day in force, if any.
        until: Option<String>,
        /// The law that put it in force, or how the date is known.
        by: Option<String>,
    },
    /// It depends on facts not given.
    Unknown {
        /// The facts.
        facts: Vec<String>,
    },
}

impl Reason {
    /// The reason in one line.
    pub fn text(&self) -> String {
        match self {
            Self::ConditionFalse { detail } => detail.clone(),
            Self::Displaced { by, cites } => {
                let parts: Vec<String> = by
                    .iter()
                    .zip(cites)
                    .map(|(id, cite)| format!("`{id}` ({cite})"))
                    .collect();
                format!("displaced by {}", parts.join(", "))
            }
            Self::NotInForce { from, until, by } => {
                let span = match until {
                    Some(until) => format!("in force {from} to {until}"),
                    None => format!("in force from {from}"),
                };
                match by {
                    Some(by) => format!("not in force on the as-of date ({span}; {by})"),
                    None => format!("not in force on the as-of date ({span})"),
                }
            }
            Self::Unknown { facts } => {
                let quoted: Vec<String> = facts.iter().map(|f| format!("`{f}`")).collect();
                format!("depends on {}", quoted.join(", "))
            }
        }
    }
}

/// What one obligation-making rule says about the action.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Rule id.
    pub rule: String,
    /// Rule kind.
    pub kind: RuleKind,
    /// Owed, undecided or not owed.
    pub status: Status,
    /// Full dual citation.
    pub citation: String,
    /// The provision it belongs to, e.g. `50 U.S.C. 3093`.
    pub provision: String,
    /// `law`, or the id of the proposal the rule comes from.
    pub source: String,
    /// Confidence tag of its source (`TEXT-2023`, `SECONDARY`, ...).
    pub confidence: &'static str,
    /// Plain summary.
    pub says: String,
    /// Who acts, or who holds an authority.
    pub by: Option<String>,
    /// Bodies told, expanded from groups, by id.
    pub to: Vec<String>,
    /// Recipients as the rule names them.
    pub recipients: Option<String>,
    /// What is delivered, or what the duty is.
    pub what: Option<String>,
    /// In what form.
    pub form: Option<String>,
    /// When.
    pub deadline: Option<Deadline>,
    /// Another way to meet the duty.
    pub alternative: Option<Alternative>,
    /// For a gate: what is blocked.
    pub blocks: Option<String>,
    /// For a gate: what lifts it.
    pub until: Option<String>,
    /// For a prohibition: what is barred.
    pub bars: Option<String>,
    /// Rules this one displaces here.
    pub displaces: Vec<String>,
    /// Why not, or what it waits on.
    pub reason: Option<Reason>,
    /// True when it does not apply only because another rule displaces it, or
    /// only because it is not in force on the as-of date (its condition holds
    /// or may hold).
    pub near_miss: bool,
    /// Notes on the rule.
    pub note: Option<String>,
    /// The sources its provision was read from. Used by the memo's confidence
    /// notes; not in the JSON, where `confidence` already carries the grade.
    #[serde(skip)]
    pub sources: Vec<String>,
}

/// Another way a duty may be met.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    /// Bodies told instead, by id.
    pub to: Vec<String>,
    /// Recipients as the rule names them.
    pub recipients: String,
    /// What is delivered instead.
    pub what: String,
}

/// A body and everything owed to it.
#[derive(Debug, Clone, Serialize)]
pub struct BodySummary {
    /// Body id.
    pub id: String,
    /// Short name.
    pub short: String,
    /// Full name.
    pub name: String,
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
    pub rule: String,
    /// Owed or undecided.
    pub status: Status,
}

/// A definition's or exception's value.
#[derive(Debug, Clone, Serialize)]
pub struct TermValue {
    /// Rule id.
    pub rule: String,
    /// Definition or exception.
    pub kind: RuleKind,
    /// Its value.
    pub value: Truth,
    /// Citation.
    pub citation: String,
    /// Why it is false or unknown.
    pub reason: Option<Reason>,
}

/// An unknown fact that could change an outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Fact name.
    pub fact: String,
    /// The question to ask.
    pub question: String,
    /// How many undecided obligations it bears on.
    pub decides: usize,
    /// Those obligations' rule ids.
    pub matters_for: Vec<String>,
    /// Their citations.
    pub cites: Vec<String>,
}
