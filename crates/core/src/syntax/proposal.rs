//! `proposals/*.ron`: amendments applied as overlays on the law.

use serde::Deserialize;

use super::{Confidence, CountryGroupDecl, ExpectDecl, InForceDecl, Name, RuleDecl, TermDecl};
use crate::source::Spanned;

/// `rules/proposals/*.ron`: a proposed amendment, applied as an overlay on the law.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Proposal")]
pub struct ProposalFile {
    /// Short id, used with `--with`.
    pub id: Name,
    /// A plain title.
    pub title: String,
    /// What it does, in our own words.
    pub summary: String,
    /// The section it amends: where its new subsection goes, and what its
    /// draft text must cite. Left out for a proposal that enacts a new
    /// section (`adds: NewSection`).
    #[serde(default)]
    pub amends: Option<AmendsDecl>,
    /// What unit its new rules make: a subsection added at the end of the
    /// amended section (the default), or a freestanding new section.
    #[serde(default)]
    pub adds: NewUnit,
    /// The heading of the new subsection or section; the title if left out.
    #[serde(default)]
    pub heading: Option<String>,
    /// How the events its timings count from read in its text, e.g.
    /// `{"activity_start": "the date on which the channel is opened"}`.
    #[serde(default)]
    pub event_words: std::collections::BTreeMap<String, String>,
    /// The draft legislative text.
    pub text: Spanned<String>,
    /// When its new rules would take effect; left out, they are treated as
    /// in force on any date, to show what the proposal would change.
    #[serde(default)]
    pub in_force: Option<InForceDecl>,
    /// What it changes, applied in order.
    pub changes: Vec<ChangeDecl>,
    /// What it is meant to do, checked by `oversight test`.
    #[serde(default)]
    pub expect: Vec<ProposalExpectDecl>,
}

/// The unit a proposal's new rules make.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum NewUnit {
    /// A subsection added at the end of the amended section, lettered after
    /// the section's last subsection (and after those of proposals applied
    /// before it).
    #[default]
    NewSubsection,
    /// A freestanding section ("SEC. __."), its rules cited to it.
    NewSection,
}

/// The section a proposal amends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Amends")]
pub struct AmendsDecl {
    /// The Act, e.g. `National Security Act of 1947`.
    pub act: String,
    /// The Act section, e.g. `502`.
    pub section: String,
    /// The U.S. Code classification, e.g. `50 U.S.C. 3092`.
    pub usc: Spanned<String>,
}

/// One change a proposal makes.
#[derive(Debug, Deserialize)]
#[serde(rename = "Change")]
pub enum ChangeDecl {
    /// Adds a rule.
    AddRule(RuleDecl),
    /// Replaces the rule with this id by a new rule with the same id.
    ReplaceRule {
        /// The rule replaced.
        id: Name,
        /// The new rule.
        with: RuleDecl,
        /// The words of the law struck, when the change is a phrase (with
        /// `insert`); left out, the unit is rewritten in full.
        #[serde(default)]
        strike: Option<String>,
        /// The words inserted in place of `strike`.
        #[serde(default)]
        insert: Option<String>,
    },
    /// Repeals the rule with this id.
    RepealRule(Name),
    /// Adds members to a body group or a country group.
    AddMembers {
        /// The group.
        group: Name,
        /// Body ids or country codes.
        members: Vec<Name>,
    },
    /// Removes members from a body group or a country group.
    RemoveMembers {
        /// The group.
        group: Name,
        /// Body ids or country codes.
        members: Vec<Name>,
    },
    /// Changes a rule's in-force dates.
    SetInForce {
        /// The rule.
        rule: Name,
        /// Its new dates.
        in_force: InForceDecl,
    },
    /// Adds a named country group, with where its list comes from and how
    /// sure we are of it, for the proposal's rules to use in `InGroup`.
    AddCountryGroup(CountryGroupDecl),
    /// Adds a definition cited to the provision where it is defined (which
    /// may lie outside the section amended, such as a regulation's list),
    /// with the confidence of that source.
    AddDefinition {
        /// Where the definition is found: Act, section and U.S. Code
        /// classification (either may be empty, as for a provision).
        defined_in: AmendsDecl,
        /// How sure we are of that source.
        confidence: Confidence,
        /// What was read.
        #[serde(default)]
        sources: Vec<String>,
        /// The definition itself.
        term: TermDecl,
    },
}

/// What a proposal should do to some scenarios.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ProposalExpect")]
pub struct ProposalExpectDecl {
    /// Scenario names under `tests/scenarios/` (without `.ron`).
    pub scenarios: Vec<Name>,
    /// What must hold for each of them under the amended law.
    pub expect: ExpectDecl,
}
