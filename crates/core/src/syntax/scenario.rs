//! `Action(...)` files: a described action, and a scenario's expectations.

use serde::Deserialize;

use super::{Entries, Name};
use crate::source::Spanned;

/// `Action(...)`: a described action, optionally with expectations (a scenario).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Action")]
pub struct ActionFile {
    /// A short title.
    pub title: String,
    /// A longer description.
    #[serde(default)]
    pub summary: Option<String>,
    /// Known facts; anything left out is unknown.
    #[serde(default)]
    pub facts: Entries<Name, Spanned<ron::Value>>,
    /// Dated events, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD`, in the action's time zone.
    #[serde(default)]
    pub events: Entries<Name, Spanned<String>>,
    /// IANA time zone name; default `America/New_York`.
    #[serde(default)]
    pub timezone: Option<Spanned<String>>,
    /// The date the law is read as of; default the earliest event date.
    #[serde(default)]
    pub as_of: Option<Spanned<String>>,
    /// What the law should say about this action (makes it a scenario).
    #[serde(default)]
    pub expect: Option<ExpectDecl>,
}

/// A scenario's expected outcome.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Expect")]
pub struct ExpectDecl {
    /// Bodies that must be told (some obligation to them is required).
    #[serde(default)]
    pub told: Vec<Name>,
    /// Bodies that must not be told (no obligation to them is required or undecided).
    #[serde(default)]
    pub not_told: Vec<Name>,
    /// Rule ids that must apply.
    #[serde(default)]
    pub applies: Vec<Name>,
    /// Rule ids that must not apply.
    #[serde(default)]
    pub not_applies: Vec<Name>,
    /// Rule ids whose outcome must depend on unknown facts.
    #[serde(default)]
    pub depends: Vec<Name>,
    /// Rule ids whose law, on the date it is judged at, is before the
    /// encoding's horizon ("not encoded for this date").
    #[serde(default)]
    pub not_encoded: Vec<Name>,
    /// Facts that must be asked about.
    #[serde(default)]
    pub questions: Vec<Name>,
    /// Rule id to its expected due date or instant, as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` local.
    #[serde(default)]
    pub deadlines: Entries<Name, String>,
    /// Rule id to its expected full citation, as reports print it
    /// (`"National Security Act of 1947 §503(c)(1), 50 U.S.C. 3093(c)(1)"`).
    #[serde(default)]
    pub cites: Entries<Name, String>,
}
