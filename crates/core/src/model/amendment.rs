//! What a proposal does to the text of the law, recorded when it is
//! applied, so that `render` can write Legislative Counsel's instructions
//! (the rules alone no longer say what was struck or where a subsection
//! went).

use serde::{Deserialize, Serialize};

/// A section of the law, as amendment instructions name it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    /// The Act, e.g. `National Security Act of 1947`; empty for a title of
    /// the Code enacted as positive law.
    pub act: String,
    /// The Act section, e.g. `502`.
    pub section: String,
    /// The U.S. Code section, e.g. `50 U.S.C. 3092`.
    pub usc: String,
    /// Its subsections and paragraphs in force, as pinpoints, in order.
    pub structure: Vec<String>,
}

/// Where a proposal's new rules go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    /// A subsection added at the end of an existing section.
    Subsection {
        /// The section.
        section: SectionRef,
        /// The letter computed for it, e.g. `d`.
        letter: String,
        /// Its heading.
        heading: String,
    },
    /// A freestanding new section.
    Section {
        /// Its heading.
        heading: String,
    },
    /// No new unit: the proposal only replaces, repeals or regroups.
    Nothing,
}

/// A change to a rule of the law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LawChange {
    /// The rule is rewritten; its new version keeps its id.
    Replaced {
        /// The rule's id.
        rule: String,
        /// The section it is in.
        section: SectionRef,
        /// Its pinpoint.
        pinpoint: String,
        /// The words struck, for a phrase amendment.
        strike: Option<String>,
        /// The words inserted, for a phrase amendment.
        insert: Option<String>,
    },
    /// The rule is repealed.
    Repealed {
        /// The rule's id.
        rule: String,
        /// The section it was in.
        section: SectionRef,
        /// Its pinpoint.
        pinpoint: String,
        /// Other rules of the law that cite the same unit (it cannot be
        /// struck whole while they stand).
        shared_with: Vec<String>,
    },
}

/// Everything a proposal does to the text of the law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    /// The proposal's id.
    pub proposal: String,
    /// Its title.
    pub title: String,
    /// Where its new rules go.
    pub placement: Placement,
    /// Its changes to rules of the law, in order.
    pub changes: Vec<LawChange>,
    /// How the events its timings count from read in its text.
    pub event_words: std::collections::BTreeMap<String, String>,
}
