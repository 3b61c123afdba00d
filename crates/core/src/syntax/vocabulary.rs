//! `vocabulary.ron` and `bodies.ron`: facts, events, country groups, bodies and body groups.

use serde::Deserialize;

use super::{Confidence, Name};

/// `rules/vocabulary.ron`: the facts an action may state, the events it may
/// date, and the named country groups.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Vocabulary")]
pub struct VocabularyFile {
    /// Every fact an action may state.
    pub facts: Vec<FactDecl>,
    /// Every event an action may date.
    pub events: Vec<EventDecl>,
    /// Named groups of countries.
    #[serde(default)]
    pub country_groups: Vec<CountryGroupDecl>,
}

/// One fact of the vocabulary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Fact")]
pub struct FactDecl {
    /// The name used in rules and actions.
    pub name: Name,
    /// What values the fact takes, as written (`Flag`, `Choice([...])`, ...).
    pub kind: FactKindDecl,
    /// The plain question a staffer is asked.
    pub question: String,
    /// Where the question comes from, e.g. `50 U.S.C. 3093(e)`.
    #[serde(default)]
    pub cite: Option<String>,
}

/// The type of a fact.
#[derive(Debug, Deserialize)]
#[serde(rename = "FactKind")]
pub enum FactKindDecl {
    /// Yes or no.
    Flag,
    /// One value from a closed list.
    Choice(Vec<Name>),
    /// Any number of values from a closed list.
    ChoiceSet(Vec<Name>),
    /// A country, as an ISO 3166-1 alpha-3 code.
    Country,
    /// An amount of money in whole U.S. dollars.
    Amount,
    /// A calendar date.
    Date,
}

/// One event an action may date (`decision`, `initiation`, ...).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Event")]
pub struct EventDecl {
    /// The name used in timing rules and in an action's `events`.
    pub name: Name,
    /// How the event reads in a sentence, e.g. `the President's decision`.
    pub label: String,
}

/// A named group of countries with its source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "CountryGroup")]
pub struct CountryGroupDecl {
    /// The name used in `InGroup` conditions.
    pub name: Name,
    /// A plain title.
    pub title: String,
    /// Where the list comes from.
    pub cite: String,
    /// How sure we are of the list.
    pub confidence: Confidence,
    /// ISO 3166-1 alpha-3 codes.
    pub members: Vec<Name>,
    /// What is uncertain or worth knowing.
    #[serde(default)]
    pub note: Option<String>,
}

/// `rules/bodies.ron`: committees, members and leaders, and named groups.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Bodies")]
pub struct BodiesFile {
    /// Every body that can be told something.
    pub bodies: Vec<BodyDecl>,
    /// Named groups of bodies.
    pub groups: Vec<BodyGroupDecl>,
}

/// A committee, a member office or a leader.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Body")]
pub struct BodyDecl {
    /// The id used in rules.
    pub id: Name,
    /// The short name shown in tables, e.g. `SSCI`.
    pub short: String,
    /// The full name.
    pub name: String,
    /// Where it is defined, if a statute defines it.
    #[serde(default)]
    pub cite: Option<String>,
    /// How legislative text names it, e.g. `Committee on Foreign Relations of the Senate`.
    #[serde(default)]
    pub drafting: Vec<String>,
}

/// A named group of bodies with its citation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Group")]
pub struct BodyGroupDecl {
    /// The id used in rules.
    pub id: Name,
    /// A plain title.
    pub title: String,
    /// Where the group is defined.
    pub cite: String,
    /// How sure we are of the membership.
    pub confidence: Confidence,
    /// Body ids.
    pub members: Vec<Name>,
    /// What is uncertain or worth knowing.
    #[serde(default)]
    pub note: Option<String>,
    /// How legislative text names it, e.g. `congressional intelligence committees`.
    #[serde(default)]
    pub drafting: Vec<String>,
}
