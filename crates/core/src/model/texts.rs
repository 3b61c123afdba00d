//! Every string a rule contributes to a report, built once per rule book
//! (docs/PERFORMANCE.md: rebuilding citations for every rule on every
//! assessment was most of an assessment's cost).
//!
//! The strings of a rule book are *interned*: stored once for the life of
//! the process and shared as `&'static str`, so that putting one in a report
//! copies a pointer (no allocation, and no atomic reference count, which
//! cost a fifth of an assessment when these were `Arc<str>`). The set only
//! grows by strings never seen before: compiling the same rules again adds
//! nothing, and an edited rule file adds its new wording. Each rule's whole
//! set of texts ([`RuleTexts`]) is interned the same way ([`intern_rule`]),
//! so that an outcome holds one pointer to it; a rule whose wording, citation
//! or provision changes adds a new set. Words built for one assessment (a
//! reason naming a stated amount) are owned instead.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use super::{Condition, Effect, EventIx, FactIx, FactKind, Rule, RuleBook, Timing, chosen};

/// A string in a report: interned (`Borrowed`, free to copy) when it
/// comes from the rule book, owned when built for one assessment (turning
/// those into shared `Arc<str>` cost a second allocation each, and they are
/// rarely copied).
#[derive(Clone)]
pub enum Text {
    /// Interned for the life of the process: two interned texts are equal
    /// exactly when they are the same pointer, so comparing them reads no
    /// characters.
    Interned(&'static str),
    /// A literal in the code.
    Borrowed(&'static str),
    /// Built for one assessment.
    Owned(String),
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Self::Interned(text) | Self::Borrowed(text) => text,
            Self::Owned(text) => text,
        }
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<&'static str> for Text {
    fn from(text: &'static str) -> Self {
        Self::Borrowed(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self::Owned(text)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Interned(a), Self::Interned(b)) => std::ptr::eq(*a, *b),
            _ => **self == **other,
        }
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        **self == **other
    }
}

impl Default for Text {
    fn default() -> Self {
        Self::Borrowed("")
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// A list of strings from the rule book (the bodies a rule tells, the
/// sources it was read from), interned like the strings.
pub type Texts = &'static [Text];

/// The process-wide store of interned strings and lists.
struct Interner {
    strings: HashSet<&'static str>,
    lists: HashSet<&'static [Text]>,
    rules: HashSet<&'static RuleTexts>,
}

fn interner() -> &'static Mutex<Interner> {
    static INTERNER: OnceLock<Mutex<Interner>> = OnceLock::new();
    INTERNER.get_or_init(|| {
        Mutex::new(Interner {
            strings: HashSet::new(),
            lists: HashSet::new(),
            rules: HashSet::new(),
        })
    })
}

/// The interned copy of a string (made on first sight).
pub fn intern(text: &str) -> Text {
    let Ok(mut store) = interner().lock() else {
        // A panic while interning poisoned the lock: fall back to owning.
        return Text::Owned(text.to_string());
    };
    if let Some(&known) = store.strings.get(text) {
        return Text::Interned(known);
    }
    let leaked: &'static str = Box::leak(text.to_string().into_boxed_str());
    store.strings.insert(leaked);
    Text::Interned(leaked)
}

/// The interned copy of a list of interned strings.
pub fn intern_list(items: Vec<Text>) -> Texts {
    let Ok(mut store) = interner().lock() else {
        return Box::leak(items.into_boxed_slice());
    };
    if let Some(&known) = store.lists.get(items.as_slice()) {
        return known;
    }
    let leaked: &'static [Text] = Box::leak(items.into_boxed_slice());
    store.lists.insert(leaked);
    leaked
}

/// The interned copy of one rule's texts, so that an outcome refers to them
/// with a pointer instead of copying fifteen strings (copying, moving and
/// dropping them was about a tenth of an assessment: docs/PERFORMANCE.md).
pub fn intern_rule(texts: RuleTexts) -> &'static RuleTexts {
    let Ok(mut store) = interner().lock() else {
        return Box::leak(Box::new(texts));
    };
    if let Some(&known) = store.rules.get(&texts) {
        return known;
    }
    let leaked: &'static RuleTexts = Box::leak(Box::new(texts));
    store.rules.insert(leaked);
    leaked
}

/// A fact's name and question, as reports show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactTexts {
    /// The fact's name.
    pub name: Text,
    /// Its question.
    pub question: Text,
    /// A reason's words when the fact is a flag stated false.
    pub is_false: Text,
}

/// A leaf test whose reason for being false depends only on the value of a
/// choice or a country, so that every wording can be built once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FalseKey {
    /// `ChoiceIn`: words by choice index.
    Choice(FactIx, u64),
    /// `InGroup`: words by ISO 3166 position.
    Group(FactIx, super::CountryGroupIx),
    /// `CountryIn` (the codes as a bitmap over ISO 3166 positions): words
    /// by ISO 3166 position.
    Codes(FactIx, [u64; 4]),
}

/// A leaf test whose reason for being false names a value that cannot be
/// listed in advance (an amount, a set of choices): the fixed words before
/// and after it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ValueKey {
    /// `AtLeast`.
    AtLeast(FactIx, u64),
    /// `MoreThan`.
    MoreThan(FactIx, u64),
    /// `SetAny`.
    SetAny(FactIx, u64),
}

/// The fixed words around the value in every amount and set test's reason.
pub fn value_words(book: &RuleBook) -> std::collections::BTreeMap<ValueKey, (Text, Text)> {
    let mut words = std::collections::BTreeMap::new();
    for rule in &book.rules {
        for node in rule.condition.nodes() {
            let Some(fact) = node.fact() else { continue };
            let Some(def) = book.vocabulary.facts.get(fact.0) else {
                continue;
            };
            let name = &def.name;
            let (key, before, after) = match node {
                Condition::AtLeast(_, n) => (
                    ValueKey::AtLeast(fact, *n),
                    format!("`{name}` is $"),
                    format!(", below ${}", thousands(*n)),
                ),
                Condition::MoreThan(_, n) => (
                    ValueKey::MoreThan(fact, *n),
                    format!("`{name}` is $"),
                    format!(", not more than ${}", thousands(*n)),
                ),
                Condition::SetAny(_, mask) => {
                    let FactKind::ChoiceSet(values) = &def.kind else {
                        continue;
                    };
                    let names: Vec<String> =
                        chosen(values, *mask).map(|n| format!("`{n}`")).collect();
                    (
                        ValueKey::SetAny(fact, *mask),
                        format!("`{name}` is "),
                        format!(", which includes none of [{}]", names.join(", ")),
                    )
                }
                _ => continue,
            };
            words.insert(key, (intern(&before), intern(&after)));
        }
    }
    words
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A set of country codes as a bitmap over ISO 3166 positions.
pub fn country_bitmap(codes: &[String]) -> [u64; 4] {
    let mut map = [0u64; 4];
    for country in codes
        .iter()
        .filter_map(|c| crate::countries::Country::from_code(c))
    {
        let position = usize::from(country.position());
        if let Some(word) = map.get_mut(position / 64) {
            *word |= 1 << (position % 64);
        }
    }
    map
}

/// Why each choice or country test is false, for every value it can take:
/// the words a report gives, built once (`` `kind` is `x`, not one of [`a`] ``).
pub fn false_words(book: &RuleBook) -> std::collections::BTreeMap<FalseKey, Vec<Text>> {
    let countries: Vec<&str> = crate::countries::ISO_3166_ALPHA3.to_vec();
    let mut words = std::collections::BTreeMap::new();
    for rule in &book.rules {
        for node in rule.condition.nodes() {
            let (key, fact) = match node {
                Condition::ChoiceIn(f, mask) => (FalseKey::Choice(*f, *mask), *f),
                Condition::InGroup(f, g) => (FalseKey::Group(*f, *g), *f),
                Condition::CountryIn(f, codes) => (FalseKey::Codes(*f, country_bitmap(codes)), *f),
                _ => continue,
            };
            if words.contains_key(&key) {
                continue;
            }
            let Some(def) = book.vocabulary.facts.get(fact.0) else {
                continue;
            };
            let name = &def.name;
            let built: Vec<Text> = match &key {
                FalseKey::Choice(_, mask) => {
                    let FactKind::Choice(values) = &def.kind else {
                        continue;
                    };
                    let names: Vec<String> =
                        chosen(values, *mask).map(|n| format!("`{n}`")).collect();
                    values
                        .iter()
                        .map(|v| {
                            intern(&format!(
                                "`{name}` is `{v}`, not one of [{}]",
                                names.join(", ")
                            ))
                        })
                        .collect()
                }
                FalseKey::Group(_, g) => {
                    let group = book
                        .vocabulary
                        .country_groups
                        .get(g.0)
                        .map_or("?", |g| g.name.as_str());
                    countries
                        .iter()
                        .map(|c| intern(&format!("`{name}` is `{c}`, which is not in `{group}`")))
                        .collect()
                }
                FalseKey::Codes(..) => {
                    let Condition::CountryIn(_, codes) = node else {
                        continue;
                    };
                    let listed: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
                    countries
                        .iter()
                        .map(|c| {
                            intern(&format!(
                                "`{name}` is `{c}`, not one of [{}]",
                                listed.join(", ")
                            ))
                        })
                        .collect()
                }
            };
            words.insert(key, built);
        }
    }
    words
}

/// The value names of every mask a choice or set test uses, in backticks.
pub fn mask_names(book: &RuleBook) -> std::collections::BTreeMap<(FactIx, u64), Text> {
    let mut names = std::collections::BTreeMap::new();
    for rule in &book.rules {
        for node in rule.condition.nodes() {
            let (Condition::ChoiceIn(fact, mask) | Condition::SetAny(fact, mask)) = node else {
                continue;
            };
            let values = match book.vocabulary.facts.get(fact.0).map(|d| &d.kind) {
                Some(FactKind::Choice(values) | FactKind::ChoiceSet(values)) => values,
                _ => continue,
            };
            let quoted: Vec<String> = chosen(values, *mask).map(|n| format!("`{n}`")).collect();
            names.insert((*fact, *mask), intern(&quoted.join(", ")));
        }
    }
    names
}

/// Another way to meet a duty, in words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct AlternativeTexts {
    /// Bodies told instead, by id.
    pub to: Texts,
    /// The recipients as the rule names them.
    pub recipients: Text,
    /// What is delivered instead.
    pub what: Text,
}

/// One rule's report strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleTexts {
    /// The rule id.
    pub id: Text,
    /// Full dual citation (`RuleBook::citation`).
    pub citation: Text,
    /// The short pinpoint (`RuleBook::short_citation`).
    pub short_citation: Text,
    /// The provision's short name (`RuleBook::provision_name`).
    pub provision: Text,
    /// The proposal the rule comes from, if not the law.
    pub proposal: Option<Text>,
    /// Plain summary.
    pub says: Text,
    /// Bodies told, groups expanded, by id, in the order named.
    pub to: Texts,
    /// The recipients as the rule names them, if it names any.
    pub recipients: Option<Text>,
    /// Who acts, or who holds an authority.
    pub by: Option<Text>,
    /// What is delivered, or what the duty or authority is.
    pub what: Option<Text>,
    /// In what form, for a notice.
    pub form: Option<Text>,
    /// Another way to meet a notice.
    pub alternative: Option<AlternativeTexts>,
    /// For a gate: what is blocked.
    pub blocks: Option<Text>,
    /// For a gate: what lifts it.
    pub until: Option<Text>,
    /// For a prohibition: what is barred.
    pub bars: Option<Text>,
    /// Notes on the rule.
    pub note: Option<Text>,
    /// The sources its provision and the rule itself were read from.
    pub sources: Texts,
    /// The law that put it in force, or how the date is known.
    pub in_force_by: Option<Text>,
    /// For a notice: its timing as the law states it, in words
    /// (`within 48 hours after the decision`).
    pub timing: Option<Text>,
    /// For a gate or prohibition: its line in a report's bottom line
    /// (`GATE: ... until ...; tell ... (citation)`).
    pub barrier: Option<Text>,
    /// For a definition: how the bottom line names it when it holds
    /// (`covert action (Act §503(e), 50 U.S.C. 3093(e))`).
    pub term: Text,
    /// The words a reason starts with when a rule that refers to this one
    /// fails because this one does not apply (`` `x` does not apply: ``).
    pub does_not_apply: Text,
}

/// A timing as the law states it, in words (what a deadline's `rule` says).
pub fn timing_words(book: &RuleBook, timing: &Timing) -> String {
    let label = |e: EventIx| book.event_label(e);
    match *timing {
        Timing::Before(e) => format!("before {}", label(e)),
        Timing::WithinHours(hours, e) => format!("within {hours} hours after {}", label(e)),
        Timing::WithinDays(days, e) => format!("within {days} days after {}", label(e)),
        Timing::WithinBusinessDays(days, e) => {
            format!("within {days} business days after {}", label(e))
        }
        Timing::DaysBefore(days, e) => format!("at least {days} days before {}", label(e)),
        Timing::AsSoonAsPossible(after, before) => {
            let mut words = format!("as soon as possible after {}", label(after));
            if let Some(before) = before {
                words.push_str(&format!(", and before {}", label(before)));
            }
            words
        }
        Timing::Promptly(after) | Timing::Immediately(after) | Timing::TimelyFashion(after) => {
            let term = match timing {
                Timing::Promptly(_) => "promptly",
                Timing::Immediately(_) => "immediately",
                _ => "in a timely fashion",
            };
            match after {
                Some(e) => format!("{term} after {}", label(e)),
                None => format!("{term} (the statute names no starting event)"),
            }
        }
        Timing::EveryDays(days, e) => format!("not later than {days} days after {}", label(e)),
        Timing::ByEndOfNextMonth(e) => format!(
            "in the monthly report covering the month of {}: by the end of the month after it",
            label(e)
        ),
        Timing::OnRequest => String::from("when a committee asks"),
        Timing::NotStated => String::from("no time stated in the statute"),
    }
}

impl RuleTexts {
    /// The texts of every rule, by rule index, interned.
    pub fn all(book: &RuleBook) -> Vec<&'static Self> {
        book.rules
            .iter()
            .map(|rule| intern_rule(Self::of(book, rule)))
            .collect()
    }

    fn of(book: &RuleBook, rule: &Rule) -> Self {
        let text = |s: &str| intern(s);
        let ids = |recipients| -> Texts {
            intern_list(
                book.expand(recipients)
                    .into_iter()
                    .filter_map(|b| book.bodies.get(b.0))
                    .map(|b| text(&b.id))
                    .collect(),
            )
        };
        let provision = book.provision_of(rule);
        let mut texts = Self {
            id: text(&rule.id),
            citation: text(&book.citation(rule)),
            short_citation: text(&book.short_citation(rule)),
            provision: text(&book.provision_name(rule)),
            proposal: provision.and_then(|p| p.proposal.as_deref()).map(text),
            says: text(&rule.says),
            to: ids(rule.effect.recipients()),
            recipients: (!rule.effect.recipients().is_empty())
                .then(|| text(&book.describe_recipients(rule.effect.recipients()))),
            by: None,
            what: None,
            form: None,
            alternative: None,
            blocks: None,
            until: None,
            bars: None,
            note: rule.note.as_deref().map(text),
            sources: intern_list(
                provision
                    .map_or(&[][..], |p| p.sources.as_slice())
                    .iter()
                    .chain(&rule.sources)
                    .map(|s| text(s))
                    .collect(),
            ),
            in_force_by: rule.in_force.by.as_deref().map(text),
            timing: None,
            barrier: None,
            does_not_apply: text(&format!("`{}` does not apply: ", rule.id)),
            term: text(&format!(
                "{} ({})",
                rule.id.replace('_', " "),
                book.citation(rule)
            )),
        };
        match &rule.effect {
            Effect::None => {}
            Effect::Notice {
                by,
                what,
                form,
                alternative,
                due,
                ..
            } => {
                texts.by = Some(text(by));
                texts.what = Some(text(what));
                texts.form = Some(text(form.describe()));
                texts.timing = Some(text(&timing_words(book, due)));
                texts.alternative = alternative.as_ref().map(|(to, what)| AlternativeTexts {
                    to: ids(to),
                    recipients: text(&book.describe_recipients(to)),
                    what: text(what),
                });
            }
            Effect::Gate {
                by, blocks, until, ..
            } => {
                texts.by = Some(text(by));
                texts.blocks = Some(text(blocks));
                texts.until = Some(text(until));
            }
            Effect::Prohibition { bars } => texts.bars = Some(text(bars)),
            Effect::Authority { holder, what } => {
                texts.by = Some(text(holder));
                texts.what = Some(text(what));
            }
            Effect::Standing { by, what, .. } => {
                texts.by = Some(text(by));
                texts.what = Some(text(what));
            }
        }
        texts.barrier = barrier_line(rule, &texts).map(|line| text(&line));
        texts
    }
}

/// A gate's or prohibition's line in the bottom line.
fn barrier_line(rule: &Rule, texts: &RuleTexts) -> Option<String> {
    let word = match rule.kind {
        super::RuleKind::Gate => "GATE",
        super::RuleKind::Prohibition => "PROHIBITED",
        _ => return None,
    };
    let what = texts
        .blocks
        .as_ref()
        .or(texts.bars.as_ref())
        .unwrap_or(&texts.says);
    let until = texts
        .until
        .as_ref()
        .map(|u| format!(" until {u}"))
        .unwrap_or_default();
    let tell = texts
        .recipients
        .as_ref()
        .map(|r| format!("; tell {r}"))
        .unwrap_or_default();
    Some(format!("{word}: {what}{until}{tell} ({})", texts.citation))
}
