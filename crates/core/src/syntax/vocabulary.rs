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
    /// Terms amendment text uses, each with its definition or where the
    /// law defines it, so a rendered proposal defines every term it uses.
    #[serde(default)]
    pub terms: Vec<DefinedTermDecl>,
}

/// How a fact reads in amendment text: a clause per value, in statutory
/// words, and the defined terms those clauses use.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Statutory")]
pub struct StatutoryDecl {
    /// The clause that states each value: `yes` and `no` for a flag, a
    /// value's name for a choice (and `not VALUE` for its negation, where
    /// the plain negation reads badly).
    #[serde(default)]
    pub clauses: std::collections::BTreeMap<String, String>,
    /// For a country or an amount: the noun phrase it is said of, e.g.
    /// `the foreign country concerned`.
    #[serde(default)]
    pub subject: Option<String>,
}

/// A term amendment text uses, with its definition: either its own words
/// (`means`) or the provision that defines it (`defined_in`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Term")]
pub struct DefinedTermDecl {
    /// The term as it appears in text, e.g. `foreign adversary`.
    pub term: Name,
    /// What it means, in words a definitions paragraph can carry after
    /// "The term ... means".
    #[serde(default)]
    pub means: Option<String>,
    /// Where the law defines it.
    #[serde(default)]
    pub defined_in: Option<LawCiteDecl>,
}

/// A pinpoint in the law: Act and section, and the U.S. Code classification.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Cite")]
pub struct LawCiteDecl {
    /// The Act, e.g. `National Security Act of 1947`; empty for a title of
    /// the Code enacted as positive law (title 10).
    #[serde(default)]
    pub act: String,
    /// The Act section with its pinpoint, e.g. `3(7)`; empty with no Act.
    #[serde(default)]
    pub section: String,
    /// The U.S. Code section with its pinpoint, e.g. `50 U.S.C. 3003(7)`.
    pub usc: String,
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
    /// How the fact reads in amendment text.
    #[serde(default)]
    pub statutory: Option<StatutoryDecl>,
    /// The definition this fact only makes sense under (`finding_approved`
    /// presupposes `covert_action`): stated true where the definition does
    /// not hold, the report flags the two as contradicting each other.
    #[serde(default)]
    pub presupposes: Option<Name>,
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
    /// How it reads in amendment text, e.g. `the date on which the
    /// activity begins`; `render` falls back to the label.
    #[serde(default)]
    pub statutory: Option<String>,
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
    /// The defined term amendment text uses for a member, e.g. `covered
    /// nation` (one of the vocabulary's `terms`).
    #[serde(default)]
    pub term: Option<String>,
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
