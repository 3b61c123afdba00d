//! The compiled, immutable rule book: every name resolved to a dense index.
//!
//! Built by [`crate::compile`], read by the main crate's evaluator and reports.
//! Nothing here refers back to RON text.

use std::collections::BTreeMap;

use jiff::civil::Date;
use petgraph::graph::DiGraph;
use serde::{Deserialize, Serialize};

pub use crate::syntax::{Confidence, Form};

mod amendment;
mod condition;
mod ids;
pub mod program;
pub mod texts;

pub use amendment::{Amendment, LawChange, Placement, SectionRef};
pub use condition::Condition;
pub use ids::{BodyGroupIx, BodyIx, CountryGroupIx, EventIx, FactIx, ProvisionIx, RuleIx};

/// Everything an action may state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Facts, in file order.
    pub facts: Vec<FactDef>,
    /// Events, in file order.
    pub events: Vec<EventDef>,
    /// Named country groups, in file order.
    pub country_groups: Vec<CountryGroup>,
    /// Fact name to index.
    pub fact_index: BTreeMap<String, FactIx>,
    /// Event name to index.
    pub event_index: BTreeMap<String, EventIx>,
    /// Country group name to index.
    pub country_group_index: BTreeMap<String, CountryGroupIx>,
    /// Terms amendment text may use, with their definitions, in file order.
    pub terms: Vec<DefinedTerm>,
}

/// A term amendment text may use, with its definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinedTerm {
    /// The term as it appears in text.
    pub term: String,
    /// Its definition in words, if the project gives one.
    pub means: Option<String>,
    /// Where the law defines it, if it does.
    pub defined_in: Option<LawCite>,
}

/// A pinpoint in the law: Act section and U.S. Code classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawCite {
    /// The Act; empty for a title of the Code enacted as positive law.
    pub act: String,
    /// The Act section with its pinpoint; empty with no Act.
    pub section: String,
    /// The U.S. Code section with its pinpoint.
    pub usc: String,
}

/// How a fact reads in amendment text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statutory {
    /// The clause stating each value (`yes`/`no` for a flag, a value's
    /// name, or `not VALUE`).
    pub clauses: BTreeMap<String, String>,
    /// The noun phrase a country or amount is said of.
    pub subject: Option<String>,
}

/// A fact an action may state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FactDef {
    /// The name action files use (`finding_approved`).
    pub name: String,
    /// What values the fact takes (flag, choice, set, country, amount, date).
    pub kind: FactKind,
    /// The plain question a staffer is asked.
    pub question: String,
    /// Where the question comes from.
    pub cite: Option<String>,
    /// How it reads in amendment text, if declared.
    pub statutory: Option<Statutory>,
    /// The id of the definition it presupposes, if any.
    pub presupposes: Option<String>,
}

/// The type of a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactKind {
    /// Yes or no.
    Flag,
    /// One of the listed values.
    Choice(Vec<String>),
    /// Any number of the listed values (at most 64).
    ChoiceSet(Vec<String>),
    /// An ISO 3166-1 alpha-3 country code.
    Country,
    /// Whole U.S. dollars.
    Amount,
    /// A calendar date.
    Date,
}

impl FactKind {
    /// The type's name as shown in messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Flag => "a flag (true or false)",
            Self::Choice(_) => "a choice",
            Self::ChoiceSet(_) => "a set of choices",
            Self::Country => "a country code",
            Self::Amount => "an amount in U.S. dollars",
            Self::Date => "a date",
        }
    }
}

/// The values of a choice list whose bits are set in `bits`, in list order.
pub fn chosen(values: &[String], bits: u64) -> impl Iterator<Item = &str> {
    values
        .iter()
        .enumerate()
        .filter(move |(i, _)| *i < 64 && bits & (1u64 << i) != 0)
        .map(|(_, v)| v.as_str())
}

/// An event an action may date.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventDef {
    /// The name action files use under `events` (`decision`, `initiation`).
    pub name: String,
    /// How it reads in a sentence.
    pub label: String,
    /// How it reads in amendment text, if declared.
    pub statutory: Option<String>,
}

/// A named group of countries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountryGroup {
    /// The name conditions use in `InGroup` (`foreign_adversaries_15cfr791`).
    pub name: String,
    /// A plain title.
    pub title: String,
    /// Where the list comes from.
    pub cite: String,
    /// How sure we are of it.
    pub confidence: Confidence,
    /// ISO 3166-1 alpha-3 codes, sorted.
    pub members: Vec<String>,
    /// Notes.
    pub note: Option<String>,
    /// The defined term amendment text uses for a member.
    pub term: Option<String>,
}

/// A committee, member office or leader.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Body {
    /// The id rules use in `to` (`ssci`, `hpsci`).
    pub id: String,
    /// Short name (`SSCI`).
    pub short: String,
    /// Full name.
    pub name: String,
    /// Where it is defined.
    pub cite: Option<String>,
    /// How legislative text names it.
    pub drafting: Vec<String>,
}

/// A named group of bodies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BodyGroup {
    /// The id rules use in `to` (`congressional_intelligence_committees`).
    pub id: String,
    /// Plain title.
    pub title: String,
    /// Where it is defined.
    pub cite: String,
    /// How sure we are of the membership.
    pub confidence: Confidence,
    /// Members, in file order.
    pub members: Vec<BodyIx>,
    /// Notes.
    pub note: Option<String>,
    /// How legislative text names it.
    pub drafting: Vec<String>,
}

/// Who a rule names as recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recipient {
    /// One body.
    Body(BodyIx),
    /// A named group, expanded to its members in reports.
    Group(BodyGroupIx),
}

/// A statute section.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provision {
    /// The file it came from.
    pub file: String,
    /// The Act.
    pub act: String,
    /// The Act section.
    pub section: String,
    /// The U.S. Code classification.
    pub usc: String,
    /// Plain title.
    pub title: String,
    /// What was read.
    pub sources: Vec<String>,
    /// The proposal it comes from, if it is not law.
    pub proposal: Option<String>,
    /// The last law checked for amendments, and the date every law up to
    /// which was checked; `None` when the file does not say.
    pub read_through: Option<(String, Date)>,
    /// Its subsections and paragraphs in force, as pinpoints, in order.
    pub structure: Vec<String>,
}

/// Dates in force, inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InForce {
    /// First day in force.
    pub from: Date,
    /// Last day in force, if it sunsets.
    pub until: Option<Date>,
    /// The law that put it in force.
    pub by: Option<String>,
    /// The horizon: before this date the encoding claims nothing ("not
    /// encoded for this date"). It may be before `from` (the rule's absence
    /// is then a claim too) or after it (an earlier version is not encoded).
    pub encoded_from: Date,
}

/// Whether a rule is the law on a date, as far as the encoding knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InForceOn {
    /// In force.
    Yes,
    /// Not in force (before `from` or after `until`), and the encoding
    /// claims that.
    No,
    /// Before the encoding's horizon: the law of that date is not encoded.
    NotEncoded,
}

impl InForce {
    /// Whether the rule is in force on `date`, or the date is before the horizon.
    pub fn on(&self, date: Date) -> InForceOn {
        // Before the horizon the law is unknown, except that a version which
        // began after the horizon was certainly not yet the law.
        if date < self.encoded_from && self.from <= self.encoded_from {
            InForceOn::NotEncoded
        } else if self.covers(date) {
            InForceOn::Yes
        } else {
            InForceOn::No
        }
    }

    /// True when in force on `date`.
    pub fn covers(&self, date: Date) -> bool {
        date >= self.from && self.until.is_none_or(|until| date <= until)
    }
}

/// The kind of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A derived term.
    Definition,
    /// A cited exception to obligations.
    Exception,
    /// Someone must tell someone.
    Notice,
    /// An executive duty with a deadline that is not a notice to Congress.
    Duty,
    /// Blocked until something is done.
    Gate,
    /// A flat bar.
    Prohibition,
    /// A continuing duty with no deadline.
    StandingDuty,
    /// Who governs an arrangement, where no congressional notice attaches.
    Authority,
}

impl RuleKind {
    /// True for kinds a report lists as outcomes (everything but terms).
    pub fn is_obligation(self) -> bool {
        !matches!(self, Self::Definition | Self::Exception)
    }

    /// The kind as JSON reports and the Rego policy spell it (`standing_duty`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Definition => "definition",
            Self::Exception => "exception",
            Self::Notice => "notice",
            Self::Duty => "duty",
            Self::Gate => "gate",
            Self::Prohibition => "prohibition",
            Self::StandingDuty => "standing_duty",
            Self::Authority => "authority",
        }
    }

    /// The kind's name as shown in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Definition => "Definition",
            Self::Exception => "Exception",
            Self::Notice => "Notice",
            Self::Duty => "Duty",
            Self::Gate => "Gate",
            Self::Prohibition => "Prohibition",
            Self::StandingDuty => "StandingDuty",
            Self::Authority => "Authority",
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// What the rule does: defines, excepts, notifies, gates, prohibits, ...
    pub kind: RuleKind,
    /// The provision it belongs to.
    pub provision: ProvisionIx,
    /// Pinpoint within the provision, e.g. `(c)(2)`.
    pub pinpoint: String,
    /// Plain summary.
    pub says: String,
    /// When it holds.
    pub condition: Condition,
    /// Rules it displaces.
    pub overrides: Vec<RuleIx>,
    /// Rules that displace it.
    pub overridden_by: Vec<RuleIx>,
    /// When it is in force.
    pub in_force: InForce,
    /// How sure we are of its source.
    pub confidence: Confidence,
    /// Notes.
    pub note: Option<String>,
    /// Its own sources (a version's), listed after the provision's.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The heading of its unit in amendment text, if given.
    #[serde(default)]
    pub heading: Option<String>,
    /// What it requires when it applies.
    pub effect: Effect,
}

impl Rule {
    /// True for rules that tell Congress something specific: a Notice, a
    /// Gate, a Prohibition, or a Duty with recipients in Congress. Standing
    /// duties, authorities and duties owed only within the executive (such
    /// as advising the FBI) never count, so gap analysis cannot mistake them
    /// for notice. The one definition; gap analysis uses it.
    pub fn is_specific(&self) -> bool {
        match self.kind {
            RuleKind::Notice | RuleKind::Gate | RuleKind::Prohibition => true,
            RuleKind::Duty => !self.effect.recipients().is_empty(),
            _ => false,
        }
    }
}

/// What a rule requires when it applies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Effect {
    /// Definitions and exceptions require nothing themselves.
    None,
    /// A Notice or Duty.
    Notice {
        /// Who acts.
        by: String,
        /// Who is told.
        to: Vec<Recipient>,
        /// What is delivered.
        what: String,
        /// In what form.
        form: Form,
        /// When.
        due: Timing,
        /// Another way the duty may be met.
        alternative: Option<(Vec<Recipient>, String)>,
        /// The event whose date's law governs the duty, if not the timing's.
        arises_on: Option<EventIx>,
    },
    /// A Gate.
    Gate {
        /// Who lifts it.
        by: String,
        /// Who receives what lifts it.
        to: Vec<Recipient>,
        /// What is blocked.
        blocks: String,
        /// What lifts the block.
        until: String,
    },
    /// A Prohibition.
    Prohibition {
        /// What is barred.
        bars: String,
    },
    /// An Authority.
    Authority {
        /// Who holds it.
        holder: String,
        /// What it covers.
        what: String,
    },
    /// A StandingDuty.
    Standing {
        /// Who bears it.
        by: String,
        /// Who is kept informed.
        to: Vec<Recipient>,
        /// What the duty is.
        what: String,
    },
}

impl Effect {
    /// The events whose date decides which law governs a notice or duty, in
    /// order of preference: the event it arises on if the rule names one,
    /// then its timing's events ("after", then "before"). Empty for gates,
    /// prohibitions, standing duties and authorities, which are judged at
    /// the as-of date.
    pub fn anchor_events(&self) -> Vec<EventIx> {
        self.anchors().into_iter().flatten().collect()
    }

    /// The same events without allocating: at most three, in order of
    /// preference (what an assessment reads for every rule).
    pub fn anchors(&self) -> [Option<EventIx>; 3] {
        match self {
            Self::Notice { arises_on, due, .. } => {
                let [after, before] = due.event_pair();
                [*arises_on, after, before]
            }
            _ => [None; 3],
        }
    }

    /// True for a duty owed on request (a committee's request is not an event
    /// of the action, so it is judged at the as-of date, which stands for it).
    pub fn is_on_request(&self) -> bool {
        matches!(
            self,
            Self::Notice {
                due: Timing::OnRequest,
                arises_on: None,
                ..
            }
        )
    }

    /// True for a notice or duty: a duty an action creates.
    pub fn is_duty(&self) -> bool {
        matches!(self, Self::Notice { .. })
    }

    /// The recipients named by the effect (primary only).
    pub fn recipients(&self) -> &[Recipient] {
        match self {
            Self::Notice { to, .. } | Self::Gate { to, .. } | Self::Standing { to, .. } => to,
            Self::None | Self::Prohibition { .. } | Self::Authority { .. } => &[],
        }
    }
}

/// When something is due, with its anchor events resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Timing {
    /// Before the event.
    Before(EventIx),
    /// Within N hours after the event.
    WithinHours(u32, EventIx),
    /// Within N calendar days after the event.
    WithinDays(u32, EventIx),
    /// Within N business days after the event.
    WithinBusinessDays(u32, EventIx),
    /// At least N days before the event.
    DaysBefore(u32, EventIx),
    /// As soon as possible after one event, before another if given.
    AsSoonAsPossible(EventIx, Option<EventIx>),
    /// Promptly, after an event if the statute names one.
    Promptly(Option<EventIx>),
    /// Immediately, after an event if the statute names one.
    Immediately(Option<EventIx>),
    /// In a timely fashion, after an event if the statute names one.
    TimelyFashion(Option<EventIx>),
    /// Every N days, the first period running from the event.
    EveryDays(u32, EventIx),
    /// In a monthly report covering the previous month: by the end of the
    /// month after the event.
    ByEndOfNextMonth(EventIx),
    /// When a committee asks.
    OnRequest,
    /// No time stated.
    NotStated,
}

impl Timing {
    /// The events the duty counts from or towards, the "after" event
    /// first, without allocating.
    pub fn event_pair(&self) -> [Option<EventIx>; 2] {
        match *self {
            Self::Before(e)
            | Self::WithinHours(_, e)
            | Self::WithinDays(_, e)
            | Self::WithinBusinessDays(_, e)
            | Self::DaysBefore(_, e)
            | Self::EveryDays(_, e)
            | Self::ByEndOfNextMonth(e)
            | Self::AsSoonAsPossible(e, None) => [Some(e), None],
            Self::AsSoonAsPossible(after, Some(before)) => [Some(after), Some(before)],
            Self::Promptly(e) | Self::Immediately(e) | Self::TimelyFashion(e) => [e, None],
            Self::OnRequest | Self::NotStated => [None, None],
        }
    }

    /// The events the duty counts from or towards, the "after" event first.
    pub fn events(&self) -> Vec<EventIx> {
        self.event_pair().into_iter().flatten().collect()
    }
}

/// How two rules are linked in the rule graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EdgeKind {
    /// The target's condition refers to the source.
    Uses,
    /// The source displaces the target.
    Overrides,
}

impl std::fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Uses => "uses",
            Self::Overrides => "overrides",
        })
    }
}

/// The compiled law: immutable and indexed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleBook {
    /// Facts, events and country groups.
    pub vocabulary: Vocabulary,
    /// Bodies, in file order.
    pub bodies: Vec<Body>,
    /// Named body groups, in file order.
    pub body_groups: Vec<BodyGroup>,
    /// Statute sections, in file-name order.
    pub provisions: Vec<Provision>,
    /// Rules, in file order.
    pub rules: Vec<Rule>,
    /// Rules in an order where every rule comes after those it uses or is overridden by.
    pub order: Vec<RuleIx>,
    /// The rule graph (nodes are rule indices): edges run from a rule to those that depend on it.
    pub graph: DiGraph<RuleIx, EdgeKind>,
    /// Rule id to index.
    pub rule_index: BTreeMap<String, RuleIx>,
    /// Body id to index.
    pub body_index: BTreeMap<String, BodyIx>,
    /// Body group id to index.
    pub body_group_index: BTreeMap<String, BodyGroupIx>,
    /// Which law this is: a digest of the vocabulary, bodies and law files
    /// (not proposals), e.g. `law 3f2a9c01d4e5b678`.
    pub law_version: String,
    /// What each applied proposal does to the text of the law, in the
    /// order applied.
    pub amendments: Vec<Amendment>,
    /// The evaluation program and the report texts, built once from the
    /// fields above on first use (a rule book is never changed after it is
    /// compiled). Not serialized: rebuilt after loading.
    #[serde(skip)]
    pub prepared: std::sync::OnceLock<Prepared>,
}

/// What is derived from a rule book once, for every assessment to share.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The rules flattened for bit-parallel evaluation.
    pub program: program::Program,
    /// Every string a rule contributes to a report, by rule index.
    pub texts: Vec<&'static texts::RuleTexts>,
    /// Each event's label, by event index.
    pub event_labels: Vec<texts::Text>,
    /// Each event's name, by event index.
    pub event_names: Vec<texts::Text>,
    /// For each event, what a deadline lacks when the action does not date
    /// it: `the date of the decision is not given`.
    pub event_undated: Vec<texts::Text>,
    /// Each fact's name and question, by fact index.
    pub facts: Vec<texts::FactTexts>,
    /// For each fact, the rules whose own condition tests it.
    pub readers: Vec<Vec<RuleIx>>,
    /// For each rule, the events whose date governs it, in order of
    /// preference (`Effect::anchors`), for a duty that an event of the
    /// action creates; `None` for a rule judged at the as-of date (gates,
    /// prohibitions, standing duties, authorities, duties owed on request).
    /// Kept apart from the rules so that an assessment reads three event
    /// indexes per rule rather than each rule.
    pub judged_at_events: Vec<Option<[Option<EventIx>; 3]>>,
    /// For each provision, its rules' spans in force.
    pub provision_spans: Vec<Vec<InForce>>,
    /// For each provision, its short name as the currency note gives it
    /// (the U.S. Code section, else the Act and section, else the Act).
    pub provision_names: Vec<texts::Text>,
    /// For each provision, the last law its text was checked against.
    pub provision_read: Vec<Option<texts::Text>>,
    /// Each body's id, short name and name, by body index.
    pub bodies: Vec<[texts::Text; 3]>,
    /// Why each choice or country test is false, for every value.
    pub false_words: BTreeMap<texts::FalseKey, Vec<texts::Text>>,
    /// Each choice or choice-set fact's values as an action file writes
    /// them (`"cia"`), by fact index (empty for other facts).
    pub written_choices: Vec<Vec<texts::Text>>,
    /// Every country as an action file writes it (`"RUS"`), by ISO 3166 position.
    pub written_countries: Vec<texts::Text>,
    /// The fixed words around the value in every amount and set test's reason.
    pub value_words: BTreeMap<texts::ValueKey, (texts::Text, texts::Text)>,
    /// Each set fact's value names, by fact index (empty for other facts).
    pub set_names: Vec<texts::Texts>,
    /// The value names of every mask a choice or set test uses, in
    /// backticks: `` `a`, `b` `` (for the reasons reports give).
    pub mask_names: BTreeMap<(FactIx, u64), texts::Text>,
}

impl RuleBook {
    /// The evaluation program and report texts, built on first use.
    // Inlined: an assessment reads it hundreds of times, and the call
    // showed in the profile; building them is kept out of line.
    #[inline]
    pub fn prepared(&self) -> &Prepared {
        self.prepared.get_or_init(|| self.prepare())
    }

    #[cold]
    fn prepare(&self) -> Prepared {
        Prepared {
            program: program::Program::compile(self),
            texts: texts::RuleTexts::all(self),
            event_labels: self
                .vocabulary
                .events
                .iter()
                .map(|e| texts::intern(&e.label))
                .collect(),
            event_names: self
                .vocabulary
                .events
                .iter()
                .map(|e| texts::intern(&e.name))
                .collect(),
            event_undated: self
                .vocabulary
                .events
                .iter()
                .map(|e| texts::intern(&format!("the date of {} is not given", e.label)))
                .collect(),
            facts: self
                .vocabulary
                .facts
                .iter()
                .map(|f| texts::FactTexts {
                    name: texts::intern(&f.name),
                    question: texts::intern(&f.question),
                    is_false: texts::intern(&format!("`{}` is false", f.name)),
                })
                .collect(),
            judged_at_events: self
                .rules
                .iter()
                .map(|rule| {
                    (rule.effect.is_duty() && !rule.effect.is_on_request())
                        .then(|| rule.effect.anchors())
                })
                .collect(),
            readers: (0..self.vocabulary.facts.len())
                .map(|f| {
                    (0..self.rules.len())
                        .map(RuleIx)
                        .filter(|r| {
                            self.rules
                                .get(r.0)
                                .is_some_and(|rule| rule.condition.facts().contains(&FactIx(f)))
                        })
                        .collect()
                })
                .collect(),
            mask_names: texts::mask_names(self),
            false_words: texts::false_words(self),
            value_words: texts::value_words(self),
            set_names: self
                .vocabulary
                .facts
                .iter()
                .map(|f| match &f.kind {
                    FactKind::ChoiceSet(values) => {
                        texts::intern_list(values.iter().map(|v| texts::intern(v)).collect())
                    }
                    _ => texts::intern_list(Vec::new()),
                })
                .collect(),
            written_choices: self
                .vocabulary
                .facts
                .iter()
                .map(|f| match &f.kind {
                    FactKind::Choice(values) | FactKind::ChoiceSet(values) => values
                        .iter()
                        .map(|v| texts::intern(&format!("{v:?}")))
                        .collect(),
                    _ => Vec::new(),
                })
                .collect(),
            written_countries: crate::countries::ISO_3166_ALPHA3
                .iter()
                .map(|c| texts::intern(&format!("{c:?}")))
                .collect(),
            provision_names: self
                .provisions
                .iter()
                .map(|p| {
                    texts::intern(&match (p.usc.is_empty(), p.section.is_empty()) {
                        (false, _) => p.usc.clone(),
                        (true, false) => format!("{} §{}", p.act, p.section),
                        (true, true) => p.act.trim_end_matches(',').to_string(),
                    })
                })
                .collect(),
            provision_read: self
                .provisions
                .iter()
                .map(|p| p.read_through.as_ref().map(|(law, _)| texts::intern(law)))
                .collect(),
            bodies: self
                .bodies
                .iter()
                .map(|b| {
                    [
                        texts::intern(&b.id),
                        texts::intern(&b.short),
                        texts::intern(&b.name),
                    ]
                })
                .collect(),
            provision_spans: (0..self.provisions.len())
                .map(|p| {
                    self.rules
                        .iter()
                        .filter(|r| r.provision == ProvisionIx(p))
                        .map(|r| r.in_force.clone())
                        .collect()
                })
                .collect(),
        }
    }

    /// The rules flattened for bit-parallel evaluation.
    #[inline]
    pub fn program(&self) -> &program::Program {
        &self.prepared().program
    }

    /// The report texts of a rule, built once.
    #[inline]
    pub fn texts(&self, rule: RuleIx) -> Option<&'static texts::RuleTexts> {
        self.prepared().texts.get(rule.0).copied()
    }

    /// The index of the rule with this id, or an "unknown rule id" error at
    /// `location` (a flag such as `--rule`, or a request body) naming the
    /// nearest ids.
    pub fn rule_ix_named(
        &self,
        id: &str,
        location: &str,
    ) -> Result<RuleIx, crate::diagnostic::Diagnostic> {
        self.rule_index.get(id).copied().ok_or_else(|| {
            let mut ids: Vec<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
            ids.sort_unstable();
            crate::diagnostic::Diagnostic::in_file(
                location,
                LookupError::UnknownRule { id: id.to_string() },
            )
            .with_suggestion(id, ids, "rule")
        })
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rule_index.get(id).and_then(|&ix| self.rules.get(ix.0))
    }

    /// The provision a rule belongs to.
    pub fn provision_of(&self, rule: &Rule) -> Option<&Provision> {
        self.provisions.get(rule.provision.0)
    }

    /// The ids of the proposals applied, in the order applied, each once (a
    /// proposal that adds cited definitions spans several provisions).
    pub fn proposal_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for id in self.provisions.iter().filter_map(|p| p.proposal.as_ref()) {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }

    /// The full dual citation of a rule: `Act §503(c)(1), 50 U.S.C. 3093(c)(1)`,
    /// or only the part that exists (an uncodified NDAA section, a title 10
    /// section, an executive order).
    pub fn citation(&self, rule: &Rule) -> String {
        let Some(p) = self.provision_of(rule) else {
            return rule.pinpoint.clone();
        };
        let pin = &rule.pinpoint;
        let act = match (p.act.is_empty(), p.section.is_empty(), p.usc.is_empty()) {
            (true, _, _) => None,
            (false, false, _) => Some(format!("{} §{}{pin}", p.act, p.section)),
            (false, true, true) => Some(format!("{} {pin}", p.act).trim_end().to_string()),
            (false, true, false) => None,
        };
        let usc = (!p.usc.is_empty()).then(|| format!("{}{pin}", p.usc));
        match (act, usc) {
            (Some(act), Some(usc)) => format!("{act}, {usc}"),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => pin.clone(),
        }
    }

    /// The short pinpoint of a rule: the U.S. Code where there is one
    /// (`50 U.S.C. 3093(c)(1)`), else the Act or order.
    pub fn short_citation(&self, rule: &Rule) -> String {
        match self.provision_of(rule) {
            Some(p) if !p.usc.is_empty() => format!("{}{}", p.usc, rule.pinpoint),
            Some(_) => self.citation(rule),
            None => rule.pinpoint.clone(),
        }
    }

    /// The short name of a rule's provision: its U.S. Code section, else its Act section.
    pub fn provision_name(&self, rule: &Rule) -> String {
        match self.provision_of(rule) {
            Some(p) if !p.usc.is_empty() => p.usc.clone(),
            Some(p) if !p.section.is_empty() => format!("{} §{}", p.act, p.section),
            Some(p) => p.act.trim_end_matches(',').to_string(),
            None => String::new(),
        }
    }

    /// Expands recipients to bodies, each once, in the order named.
    pub fn expand(&self, recipients: &[Recipient]) -> Vec<BodyIx> {
        let mut bodies = Vec::new();
        let mut add = |body: BodyIx| {
            if body < crate::model::BodyIx(self.bodies.len()) && !bodies.contains(&body) {
                bodies.push(body);
            }
        };
        for recipient in recipients {
            match *recipient {
                Recipient::Body(ix) => add(ix),
                Recipient::Group(ix) => {
                    for &member in self
                        .body_groups
                        .get(ix.0)
                        .map_or(&[][..], |g| g.members.as_slice())
                    {
                        add(member);
                    }
                }
            }
        }
        bodies
    }

    /// How a recipient list reads: group titles and body short names.
    pub fn describe_recipients(&self, recipients: &[Recipient]) -> String {
        let names: Vec<String> = recipients
            .iter()
            .map(|recipient| match *recipient {
                Recipient::Body(ix) => self
                    .bodies
                    .get(ix.0)
                    .map_or_else(String::new, |b| b.short.clone()),
                Recipient::Group(ix) => self
                    .body_groups
                    .get(ix.0)
                    .map_or_else(String::new, |g| g.title.clone()),
            })
            .collect();
        names.join("; ")
    }

    /// The event's label, or its name if unknown.
    pub fn event_label(&self, event: EventIx) -> &str {
        self.vocabulary
            .events
            .get(event.0)
            .map_or("an event", |e| e.label.as_str())
    }
}

/// A name looked up in a compiled rule book that it does not hold.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LookupError {
    /// No rule has this id.
    #[error("unknown rule id `{id}`")]
    #[diagnostic(code(oversight::lookup::unknown_rule))]
    UnknownRule {
        /// The id as given.
        id: String,
    },
}
