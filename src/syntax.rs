//! The shape of the RON files, exactly as authors write them.
//!
//! Nothing here is checked beyond its shape: names are resolved and types
//! checked by [`crate::compile`] and [`crate::action`]. Every name is
//! [`Spanned`] so that those later stages can point at it.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use crate::source::Spanned;

/// A name as written in a file (a fact, body, group, rule id or event).
pub type Name = Spanned<String>;

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
    /// Its type.
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
    fn cite(&self) -> &str;
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
            pub cite: String,
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
        }

        impl RuleHead for $name {
            fn id(&self) -> &Name { &self.id }
            fn cite(&self) -> &str { &self.cite }
            fn says(&self) -> &str { &self.says }
            fn when(&self) -> &ConditionDecl { &self.when }
            fn overrides(&self) -> &[Name] { &self.overrides }
            fn in_force(&self) -> Option<&InForceDecl> { self.in_force.as_ref() }
            fn confidence(&self) -> Option<Confidence> { self.confidence }
            fn note(&self) -> Option<&str> { self.note.as_deref() }
            fn sources(&self) -> &[String] { &self.sources }
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
    /// The section it amends.
    pub amends: AmendsDecl,
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

/// `rules/concerns.ron`: the indicators of strategic realignment that gap
/// analysis looks for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Concerns")]
pub struct ConcernsFile {
    /// The concerns, in report order.
    pub concerns: Vec<ConcernDecl>,
}

/// One concern.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Concern")]
pub struct ConcernDecl {
    /// Short id, used with `--concern`.
    pub id: Name,
    /// A plain title.
    pub title: String,
    /// What it covers, in plain words.
    pub explains: String,
    /// Why Congress should know.
    pub matters: String,
    /// When an action shows it.
    pub when: ConditionDecl,
}

/// The entries of a RON map (`{ "key": value, ... }`) in the order written,
/// keeping repeated keys so that a later stage can report them. A plain map
/// type would silently keep only the last of two equal keys.
#[derive(Debug, Clone)]
pub struct Entries<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K, V> Entries<K, V> {
    /// The entries, as key and value references.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in the order written.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many entries were written.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no entry was written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a, K, V> IntoIterator for &'a Entries<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}
