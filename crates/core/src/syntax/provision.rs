//! `law/*.ron`: a provision, its rules, their conditions and timings.

use serde::Deserialize;

use super::Name;
use crate::source::Spanned;

/// How sure we are of a source, carried into every line it produces.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
pub enum Confidence {
    /// Statutory text read, current.
    Text,
    /// Statutory text read from the 2023 mirror; a later amendment is not excluded.
    Text2023,
    /// Only a summary, news or CRS page was read.
    Secondary,
    /// Not verified; shown for completeness.
    Unconfirmed,
    /// Proposed text, not law.
    Proposal,
}

impl Confidence {
    /// The tag used in the research notes.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Text => "TEXT",
            Self::Text2023 => "TEXT-2023",
            Self::Secondary => "SECONDARY",
            Self::Unconfirmed => "UNCONFIRMED",
            Self::Proposal => "PROPOSAL",
        }
    }

    /// A plain explanation of the tag.
    pub fn explain(self) -> &'static str {
        match self {
            Self::Text => "primary text read (statute or executive order)",
            Self::Text2023 => {
                "statute text read from a 2023 copy; a later amendment is not excluded"
            }
            Self::Secondary => "secondary source only; the statute text was not read",
            Self::Unconfirmed => "unconfirmed; not verified against any text",
            Self::Proposal => "proposed amendment, not law",
        }
    }
}

impl std::fmt::Display for Confidence {
    /// The tag, as reports print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// `rules/law/*.ron`: one statute section and the rules it makes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Provision")]
pub struct ProvisionFile {
    /// The Act, e.g. `National Security Act of 1947`.
    pub act: String,
    /// The section of the Act, e.g. `503`.
    pub section: String,
    /// The U.S. Code classification, e.g. `50 U.S.C. 3093`.
    pub usc: Spanned<String>,
    /// A plain title.
    pub title: String,
    /// When the section is in force.
    pub in_force: InForceDecl,
    /// How sure we are of the text.
    pub confidence: Confidence,
    /// What was read.
    pub sources: Vec<String>,
    /// How far later laws were checked for amendments to this section.
    #[serde(default)]
    pub read_through: Option<ReadThroughDecl>,
    /// The section's subsections and paragraphs in force, in order, as
    /// pinpoints (`(a)`, `(a)(1)`, ..., `(c)`): what a proposal letters a
    /// new subsection against and redesignates after a repeal. Left out
    /// where no proposal amends the section.
    #[serde(default)]
    pub structure: Vec<Spanned<String>>,
    /// The rules the section makes.
    pub rules: Vec<RuleDecl>,
    /// Set when the rules come from a proposal (never written in a file).
    #[serde(skip)]
    pub proposal: Option<String>,
}

/// How far later laws were checked for amendments to a provision: the last
/// law checked, and a date by which every law was checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ReadThrough")]
pub struct ReadThroughDecl {
    /// The last law checked, e.g. `Pub. L. 119-73 (civic-source release point)`.
    pub law: String,
    /// Every law enacted on or before this date was checked (`YYYY-MM-DD`).
    pub on: Spanned<String>,
}

/// A span of dates in which a provision or rule applies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "InForce")]
pub struct InForceDecl {
    /// First day in force (`YYYY-MM-DD`).
    pub from: Spanned<String>,
    /// Last day in force, for sunsets and one-year limits.
    #[serde(default)]
    pub until: Option<Spanned<String>>,
    /// The law that put it in force, e.g. `Pub. L. 102-88 §602(a)`.
    #[serde(default)]
    pub by: Option<String>,
    /// The earliest date the encoding is claimed to be right (its horizon):
    /// for an event before it the answer is "not encoded for this date".
    /// On a provision, left out means "from `from`"; on a rule, the
    /// provision's. A provision whose earlier law (a predecessor, an older
    /// version) is not encoded sets it to `from` or later; one whose absence
    /// before `from` is itself the right answer sets it earlier.
    #[serde(default)]
    pub encoded_from: Option<Spanned<String>>,
}

/// A rule, by kind. Written `Notice(id: ..., ...)` in RON.
#[derive(Debug, Deserialize)]
#[serde(rename = "Rule")]
pub enum RuleDecl {
    /// A derived term other rules use; never an obligation by itself.
    Definition(TermDecl),
    /// A cited exception that displaces obligations when it applies.
    Exception(TermDecl),
    /// Someone must tell someone.
    Notice(NoticeDecl),
    /// An executive duty with a deadline that is not itself a notice to Congress.
    Duty(NoticeDecl),
    /// The action may not proceed until something is done.
    Gate(GateDecl),
    /// A flat bar.
    Prohibition(ProhibitionDecl),
    /// A continuing duty with no deadline.
    StandingDuty(StandingDutyDecl),
    /// Who governs an arrangement, where no congressional notice attaches.
    Authority(AuthorityDecl),
}

impl RuleDecl {
    /// Replaces the rule's own in-force dates.
    pub fn set_in_force(&mut self, in_force: InForceDecl) {
        let slot = match self {
            Self::Definition(t) | Self::Exception(t) => &mut t.in_force,
            Self::Notice(n) | Self::Duty(n) => &mut n.in_force,
            Self::Gate(g) => &mut g.in_force,
            Self::Prohibition(p) => &mut p.in_force,
            Self::StandingDuty(s) => &mut s.in_force,
            Self::Authority(a) => &mut a.in_force,
        };
        *slot = Some(in_force);
    }

    /// Replaces the rule's pinpoint (a proposal's rule, once its
    /// subsection is lettered).
    pub fn set_cite(&mut self, cite: String) {
        let slot = match self {
            Self::Definition(t) | Self::Exception(t) => &mut t.cite,
            Self::Notice(n) | Self::Duty(n) => &mut n.cite,
            Self::Gate(g) => &mut g.cite,
            Self::Prohibition(p) => &mut p.cite,
            Self::StandingDuty(s) => &mut s.cite,
            Self::Authority(a) => &mut a.cite,
        };
        slot.value = cite;
    }

    /// The fields every rule has.
    pub fn head(&self) -> &dyn RuleHead {
        match self {
            Self::Definition(t) | Self::Exception(t) => t,
            Self::Notice(n) | Self::Duty(n) => n,
            Self::Gate(g) => g,
            Self::Prohibition(p) => p,
            Self::StandingDuty(s) => s,
            Self::Authority(a) => a,
        }
    }
}

/// The fields every rule has, whatever its kind.
pub trait RuleHead {
    /// Unique id.
    fn id(&self) -> &Name;
    /// Pinpoint within the provision.
    fn cite(&self) -> &Spanned<String>;
    /// Plain summary.
    fn says(&self) -> &str;
    /// When it applies.
    fn when(&self) -> &ConditionDecl;
    /// Rules it displaces.
    fn overrides(&self) -> &[Name];
    /// Its own in-force dates, if any.
    fn in_force(&self) -> Option<&InForceDecl>;
    /// Its own confidence, if any.
    fn confidence(&self) -> Option<Confidence>;
    /// Its note, if any.
    fn note(&self) -> Option<&str>;
    /// Its own sources (a version's), beyond the provision's.
    fn sources(&self) -> &[String];
    /// The heading a drafter gives its unit, if any.
    fn heading(&self) -> Option<&str>;
}

/// Declares a rule struct: the fields every rule has, then its own, and
/// the `RuleHead` accessors. serde cannot combine `flatten` with
/// `deny_unknown_fields`, and unknown fields must stay errors with a
/// did-you-mean, so the common fields are written out by this macro instead.
macro_rules! rule_decl {
    (
        $(#[$meta:meta])*
        $name:ident as $ron:literal {
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[serde(rename = $ron)]
        pub struct $name {
            /// Unique id.
            pub id: Name,
            /// Pinpoint within the provision, e.g. `(c)(1)`.
            pub cite: Spanned<String>,
            /// A plain summary in our own words.
            pub says: String,
            /// When it applies.
            pub when: ConditionDecl,
            $( $(#[$field_meta])* pub $field: $ty, )*
            /// Rules it displaces.
            #[serde(default)]
            pub overrides: Vec<Name>,
            /// Its own in-force dates, when they differ from the provision's.
            #[serde(default)]
            pub in_force: Option<InForceDecl>,
            /// Its own confidence, when it differs from the provision's.
            #[serde(default)]
            pub confidence: Option<Confidence>,
            /// What is uncertain or worth knowing.
            #[serde(default)]
            pub note: Option<String>,
            /// Sources of this rule (a version) beyond the provision's.
            #[serde(default)]
            pub sources: Vec<String>,
            /// The heading of its unit in amendment text (`Waiver`), for
            /// proposals; `render` writes it in the Legislative Counsel style.
            #[serde(default)]
            pub heading: Option<String>,
        }

        impl RuleHead for $name {
            fn id(&self) -> &Name { &self.id }
            fn cite(&self) -> &Spanned<String> { &self.cite }
            fn says(&self) -> &str { &self.says }
            fn when(&self) -> &ConditionDecl { &self.when }
            fn overrides(&self) -> &[Name] { &self.overrides }
            fn in_force(&self) -> Option<&InForceDecl> { self.in_force.as_ref() }
            fn confidence(&self) -> Option<Confidence> { self.confidence }
            fn note(&self) -> Option<&str> { self.note.as_deref() }
            fn sources(&self) -> &[String] { &self.sources }
            fn heading(&self) -> Option<&str> { self.heading.as_deref() }
        }
    };
}

rule_decl! {
    /// A Definition or Exception.
    TermDecl as "Term" {}
}

rule_decl! {
    /// A Notice or Duty.
    NoticeDecl as "Notice" {
        /// Who must act, e.g. `the President`.
        by: String,
        /// Bodies or groups to tell (empty for a Duty with no recipient).
        #[serde(default)]
        to: Vec<Name>,
        /// What is delivered, e.g. `report of the finding`.
        what: String,
        /// In what form.
        form: Form,
        /// When.
        due: TimingDecl,
        /// A second way the duty may be met instead.
        #[serde(default)]
        alternative: Option<AlternativeDecl>,
        /// The event whose date's law governs the duty, when it is not the
        /// event its timing counts from (a disclosure notice is governed by
        /// the law of the operation disclosed).
        #[serde(default)]
        arises_on: Option<Name>,
    }
}

rule_decl! {
    /// A Gate.
    GateDecl as "Gate" {
        /// What may not happen yet, e.g. `no funds may be spent on the covert action`.
        blocks: String,
        /// What lifts the block.
        until: String,
        /// Who must lift it.
        by: String,
        /// Bodies that receive what lifts it (a certification), if any.
        #[serde(default)]
        to: Vec<Name>,
    }
}

rule_decl! {
    /// A Prohibition.
    ProhibitionDecl as "Prohibition" {
        /// What is barred.
        bars: String,
    }
}

rule_decl! {
    /// A StandingDuty.
    StandingDutyDecl as "StandingDuty" {
        /// Who bears the duty.
        by: String,
        /// Bodies or groups kept informed.
        #[serde(default)]
        to: Vec<Name>,
        /// What the duty is, e.g. `keep fully and currently informed`.
        what: String,
    }
}

rule_decl! {
    /// An Authority: the statute or order that governs an arrangement.
    AuthorityDecl as "Authority" {
        /// Who holds the authority, e.g. `the DNI`.
        holder: String,
        /// What the authority covers.
        what: String,
    }
}

/// Another way a notice may be met, e.g. a new statement of reasons instead of full access.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Alternative")]
pub struct AlternativeDecl {
    /// Bodies or groups told under the alternative.
    pub to: Vec<Name>,
    /// What is delivered under the alternative.
    pub what: String,
}

/// The form a notice takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Form {
    /// In writing.
    Written,
    /// Orally (a briefing).
    Oral,
    /// Orally at first, then in writing.
    OralThenWritten,
    /// A written certification.
    Certification,
    /// The statute does not say.
    Unspecified,
}

impl Form {
    /// How the form reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Written => "in writing",
            Self::Oral => "orally",
            Self::OralThenWritten => "orally, then in writing",
            Self::Certification => "written certification",
            Self::Unspecified => "form not specified",
        }
    }
}

/// A condition over the facts, as written.
#[derive(Debug, Deserialize)]
#[serde(rename = "Condition")]
pub enum ConditionDecl {
    /// Always true.
    Always,
    /// A flag fact is true.
    Fact(Name),
    /// A choice or country fact equals a value (for a set: contains it).
    Is(Name, Name),
    /// A choice or country fact is one of the values (for a set: contains any).
    In(Name, Vec<Name>),
    /// A country fact is a member of a named country group.
    InGroup(Name, Name),
    /// An amount fact is at least this many dollars.
    AtLeast(Name, u64),
    /// An amount fact is more than this many dollars.
    MoreThan(Name, u64),
    /// Another rule applies (a definition holds, an obligation is required).
    Ref(Name),
    /// Every part holds.
    All(Vec<ConditionDecl>),
    /// Some part holds.
    Any(Vec<ConditionDecl>),
    /// The part does not hold.
    Not(Box<ConditionDecl>),
}

/// When a notice is due, as written. Every timing names its anchor event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Timing")]
pub enum TimingDecl {
    /// Before the event happens.
    Before(Name),
    /// Within N hours after the event.
    WithinHours {
        /// Hours allowed.
        hours: u32,
        /// The event counted from.
        after: Name,
    },
    /// Within N calendar days after the event.
    WithinDays {
        /// Days allowed.
        days: u32,
        /// The event counted from.
        after: Name,
    },
    /// Within N business days after the event (weekends and federal holidays skipped).
    WithinBusinessDays {
        /// Business days allowed.
        days: u32,
        /// The event counted from.
        after: Name,
    },
    /// At least N days before the event.
    DaysBefore {
        /// Days of lead time.
        days: u32,
        /// The event counted back from.
        before: Name,
    },
    /// As soon as possible after one event, and (if given) before another.
    AsSoonAsPossible {
        /// The event it follows.
        after: Name,
        /// The event it must precede, if any.
        #[serde(default)]
        before: Option<Name>,
    },
    /// "Promptly", counted from an event where the statute names one.
    Promptly {
        /// The event it follows, if the statute names one.
        #[serde(default)]
        after: Option<Name>,
    },
    /// "Immediately", counted from an event where the statute names one.
    Immediately {
        /// The event it follows, if the statute names one.
        #[serde(default)]
        after: Option<Name>,
    },
    /// "In a timely fashion".
    TimelyFashion {
        /// The event it follows, if the statute names one.
        #[serde(default)]
        after: Option<Name>,
    },
    /// Not later than N days after the event, and again every N days after each occurrence.
    EveryDays {
        /// The period in days.
        days: u32,
        /// The event the first period runs from.
        after: Name,
    },
    /// In a report made at least once a month that covers the month before:
    /// due at the latest by the end of the month after the event.
    ByEndOfNextMonth {
        /// The event whose month the report covers.
        after: Name,
    },
    /// When a committee asks.
    OnRequest,
    /// The statute states no time.
    NotStated,
}
