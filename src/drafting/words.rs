//! Conditions, timings, recipients and country groups in statutory words,
//! from the phrases the vocabulary declares (`statutory` on a fact or an
//! event, `term` on a country group, `drafting` on a body). A condition
//! whose fact declares no words is an error naming the fact, never
//! engine syntax in amendment text.

use std::collections::BTreeMap;

use crate::countries::Country;
use crate::model::{Condition, EventIx, FactKind, Recipient, RuleBook, Timing, chosen};

/// A fact, event or group that has no statutory words for what a rule
/// needs said.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingWords {
    /// What needs the words: `fact \`rel_to_change\``.
    pub what: String,
    /// What to add, and where.
    pub add: String,
}

/// A condition in words: one clause, or parts joined with "and"/"or".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// One clause.
    One(String),
    /// Every part holds.
    All(Vec<Clause>),
    /// Some part holds.
    Any(Vec<Clause>),
}

impl Clause {
    /// The clause on one line: parts joined with "and" / "or".
    pub fn inline(&self) -> String {
        match self {
            Self::One(text) => text.clone(),
            Self::All(parts) => join(&parts.iter().map(Self::inline).collect::<Vec<_>>(), "and"),
            Self::Any(parts) => join(&parts.iter().map(Self::inline).collect::<Vec<_>>(), "or"),
        }
    }
}

/// `a`, `a and b`, `a, b, and c`.
pub fn join(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {conjunction} {b}"),
        [rest @ .., last] => format!("{}, {conjunction} {last}", rest.join(", ")),
    }
}

/// `a; b; and c`: items joined by `separator`, the last by `conjunction`.
pub fn join_with(items: &[String], separator: &str, conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{separator}{conjunction} {last}", rest.join(separator)),
    }
}

/// `a` or `an`, by the sound of the first letter.
pub fn article(noun: &str) -> &'static str {
    let lower = noun.to_lowercase();
    // A vowel letter that sounds as a consonant ("a one-time", "a United
    // States", "a European") takes "a".
    if ["one", "uni", "use", "usu", "eu", "u.s."]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return "a";
    }
    match lower.chars().next() {
        Some(c) if "aeiou".contains(c) => "an",
        _ => "a",
    }
}

/// The first letter in capitals.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Dollars as statutes write them: `$1,000,000`.
pub fn dollars(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("${out}")
}

/// Puts conditions, timings and recipients into words for one proposal.
pub struct Words<'b> {
    book: &'b RuleBook,
    event_words: &'b BTreeMap<String, String>,
    /// Every fact, event or group that lacked words.
    pub missing: Vec<MissingWords>,
}

impl<'b> Words<'b> {
    /// Words for a proposal whose events read as `event_words` says.
    pub fn new(book: &'b RuleBook, event_words: &'b BTreeMap<String, String>) -> Self {
        Self {
            book,
            event_words,
            missing: Vec::new(),
        }
    }

    fn lack(&mut self, what: String, add: String) -> Clause {
        let missing = MissingWords { what, add };
        if !self.missing.contains(&missing) {
            self.missing.push(missing);
        }
        Clause::One(String::from("[words missing]"))
    }

    /// A condition as clauses; `None` for `Always`.
    pub fn condition(&mut self, condition: &Condition) -> Option<Clause> {
        match condition {
            Condition::Always => None,
            Condition::All(parts) => {
                let parts: Vec<Clause> = parts.iter().filter_map(|p| self.condition(p)).collect();
                one_or_many(parts, Clause::All)
            }
            Condition::Any(parts) => {
                let parts: Vec<Clause> = parts.iter().filter_map(|p| self.condition(p)).collect();
                one_or_many(parts, Clause::Any)
            }
            Condition::Not(inner) => Some(self.negation(inner)),
            leaf => Some(self.leaf(leaf, false)),
        }
    }

    /// True when a condition's negation reads well as a clause of its own:
    /// every leaf has negative words (a flag's `no`, a choice's `not
    /// VALUE`) or says them plainly (a country, a group, an amount).
    pub fn has_negative(&self, condition: &Condition) -> bool {
        let book = self.book;
        let words = |f: crate::model::FactIx| {
            book.vocabulary
                .facts
                .get(f.0)
                .and_then(|d| d.statutory.clone())
                .unwrap_or_default()
        };
        match condition {
            Condition::Flag(f) => words(*f).clauses.contains_key("no"),
            Condition::ChoiceIn(f, mask) | Condition::SetAny(f, mask) => {
                let statutory = words(*f);
                match book.vocabulary.facts.get(f.0).map(|d| &d.kind) {
                    Some(FactKind::Choice(values) | FactKind::ChoiceSet(values)) => {
                        chosen(values, *mask)
                            .all(|v| statutory.clauses.contains_key(&format!("not {v}")))
                    }
                    _ => false,
                }
            }
            Condition::CountryIn(..)
            | Condition::InGroup(..)
            | Condition::AtLeast(..)
            | Condition::MoreThan(..) => true,
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().all(|p| self.has_negative(p))
            }
            Condition::Not(_) | Condition::Ref(_) | Condition::Always => false,
        }
    }

    /// The negation of a condition, pushed down to its leaves (De Morgan),
    /// so that each leaf can use its own negative words (see
    /// [`Words::has_negative`]).
    pub fn negation(&mut self, condition: &Condition) -> Clause {
        match condition {
            Condition::Always => Clause::One(String::from("never")),
            Condition::All(parts) => Clause::Any(parts.iter().map(|p| self.negation(p)).collect()),
            Condition::Any(parts) => Clause::All(parts.iter().map(|p| self.negation(p)).collect()),
            Condition::Not(inner) => self
                .condition(inner)
                .unwrap_or_else(|| Clause::One(String::from("always"))),
            leaf => self.leaf(leaf, true),
        }
    }

    fn leaf(&mut self, condition: &Condition, negated: bool) -> Clause {
        let book = self.book;
        let Some(fact) = condition
            .fact()
            .and_then(|f| book.vocabulary.facts.get(f.0))
        else {
            return match condition {
                Condition::Ref(rule) => {
                    let cite = book
                        .rules
                        .get(rule.0)
                        .map(|r| super::cite::legislative_citation(book, r))
                        .unwrap_or_default();
                    let verb = if negated { "are not" } else { "are" };
                    Clause::One(format!("the conditions of {cite} {verb} met"))
                }
                _ => Clause::One(String::new()),
            };
        };
        let name = fact.name.clone();
        let words = fact.statutory.clone().unwrap_or_default();
        let clause_for = |key: &str| words.clauses.get(key).cloned();
        match condition {
            Condition::Flag(_) => {
                let key = if negated { "no" } else { "yes" };
                match clause_for(key) {
                    Some(text) => Clause::One(text),
                    None => self.lack(
                        format!("fact `{name}`"),
                        format!("a `{key}` clause in its `statutory` words in vocabulary.ron"),
                    ),
                }
            }
            Condition::ChoiceIn(_, mask) | Condition::SetAny(_, mask) => {
                let values: Vec<String> = match &fact.kind {
                    FactKind::Choice(values) | FactKind::ChoiceSet(values) => {
                        chosen(values, *mask).map(str::to_string).collect()
                    }
                    _ => Vec::new(),
                };
                let mut parts = Vec::new();
                for value in values {
                    let key = if negated {
                        format!("not {value}")
                    } else {
                        value.clone()
                    };
                    match clause_for(&key) {
                        Some(text) => parts.push(Clause::One(text)),
                        None => parts.push(self.lack(
                            format!("fact `{name}`"),
                            format!("a `{key}` clause in its `statutory` words in vocabulary.ron"),
                        )),
                    }
                }
                let combine = if negated { Clause::All } else { Clause::Any };
                one_or_many(parts, combine).unwrap_or_else(|| Clause::One(String::new()))
            }
            Condition::CountryIn(_, codes) => {
                let Some(subject) = words.subject.clone() else {
                    return self.lack(
                        format!("fact `{name}`"),
                        String::from("a `subject` in its `statutory` words in vocabulary.ron"),
                    );
                };
                let names: Vec<String> = codes
                    .iter()
                    .map(|code| {
                        Country::from_code(code)
                            .map_or_else(|| code.clone(), |c| the_country(c.name()))
                    })
                    .collect();
                let verb = if negated { "is neither" } else { "is" };
                let list = if negated {
                    join(&names, "nor")
                } else {
                    join(&names, "or")
                };
                Clause::One(format!("{subject} {verb} {list}"))
            }
            Condition::InGroup(_, group) => {
                let Some(subject) = words.subject.clone() else {
                    return self.lack(
                        format!("fact `{name}`"),
                        String::from("a `subject` in its `statutory` words in vocabulary.ron"),
                    );
                };
                let group = book.vocabulary.country_groups.get(group.0);
                match group.and_then(|g| g.term.clone()) {
                    Some(term) => {
                        let verb = if negated { "is not" } else { "is" };
                        Clause::One(format!("{subject} {verb} {} {term}", article(&term)))
                    }
                    None => self.lack(
                        format!("country group `{}`", group.map_or("?", |g| g.name.as_str())),
                        String::from("a `term` naming a member (one of the vocabulary's `terms`)"),
                    ),
                }
            }
            Condition::AtLeast(_, amount) | Condition::MoreThan(_, amount) => {
                let Some(subject) = words.subject.clone() else {
                    return self.lack(
                        format!("fact `{name}`"),
                        String::from("a `subject` in its `statutory` words in vocabulary.ron"),
                    );
                };
                let at_least = matches!(condition, Condition::AtLeast(..));
                let relation = match (at_least, negated) {
                    (true, false) => "is not less than",
                    (true, true) => "is less than",
                    (false, false) => "exceeds",
                    (false, true) => "does not exceed",
                };
                Clause::One(format!("{subject} {relation} {}", dollars(*amount)))
            }
            _ => Clause::One(String::new()),
        }
    }

    /// How an event reads: the proposal's own words, the vocabulary's
    /// statutory words, else (with a note) its label.
    pub fn event(&mut self, event: EventIx) -> String {
        let Some(def) = self.book.vocabulary.events.get(event.0) else {
            return String::new();
        };
        if let Some(words) = self.event_words.get(&def.name) {
            return words.clone();
        }
        if let Some(words) = &def.statutory {
            return words.clone();
        }
        let name = def.name.clone();
        let label = def.label.clone();
        self.lack(
            format!("event `{name}`"),
            String::from(
                "`statutory` words for it in vocabulary.ron, or `event_words` in the proposal",
            ),
        );
        label
    }

    /// A timing as a phrase that opens the sentence (`Not later than 30
    /// days after ...`), or one that qualifies the verb (`promptly`).
    pub fn timing(&mut self, timing: &Timing) -> TimingWords {
        let lead = |text: String| TimingWords::Lead(text);
        match *timing {
            Timing::Before(e) => lead(format!("Before {}", self.event(e))),
            Timing::WithinHours(n, e) => {
                // Hours run from an event, not from a date.
                let event = self.event(e);
                let event = event.strip_prefix("the date on which ").unwrap_or(&event);
                lead(format!(
                    "Not later than {n} {} after {event}",
                    unit(n, "hour")
                ))
            }
            Timing::WithinDays(n, e) => lead(format!(
                "Not later than {n} {} after {}",
                unit(n, "day"),
                self.event(e)
            )),
            Timing::WithinBusinessDays(n, e) => lead(format!(
                "Not later than {n} business {} after {}",
                unit(n, "day"),
                self.event(e)
            )),
            Timing::DaysBefore(n, e) => lead(format!(
                "Not later than {n} {} before {}",
                unit(n, "day"),
                self.event(e)
            )),
            Timing::AsSoonAsPossible(a, Some(b)) => lead(format!(
                "As soon as possible after {}, and before {}",
                self.event(a),
                self.event(b)
            )),
            Timing::AsSoonAsPossible(a, None) => {
                lead(format!("As soon as possible after {}", self.event(a)))
            }
            Timing::EveryDays(n, e) => lead(format!(
                "Not later than {n} {} after {}, and every {n} {} thereafter",
                unit(n, "day"),
                self.event(e),
                unit(n, "day")
            )),
            Timing::ByEndOfNextMonth(e) => lead(format!(
                "Not later than the last day of the month following the month that includes {}",
                self.event(e)
            )),
            Timing::Promptly(_) => TimingWords::Adverb("promptly"),
            Timing::Immediately(_) => TimingWords::Adverb("immediately"),
            Timing::TimelyFashion(_) => TimingWords::Trailing("in a timely fashion"),
            Timing::OnRequest => TimingWords::Trailing("upon request"),
            Timing::NotStated => TimingWords::None,
        }
    }

    /// Recipients as legislative text names them, joined with "and".
    pub fn recipients(&self, to: &[Recipient]) -> String {
        join(
            &to.iter()
                .map(|r| drafting_name(self.book, *r))
                .collect::<Vec<_>>(),
            "and",
        )
    }
}

/// How a timing fits its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimingWords {
    /// Opens the sentence: `Not later than 30 days after X, `.
    Lead(String),
    /// Qualifies the verb: `shall promptly submit`.
    Adverb(&'static str),
    /// Ends the sentence: `in a timely fashion`.
    Trailing(&'static str),
    /// Nothing stated.
    None,
}

fn unit(n: u32, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn one_or_many(mut parts: Vec<Clause>, many: fn(Vec<Clause>) -> Clause) -> Option<Clause> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(many(parts)),
    }
}

/// Country names as a statute writes them: "the United Kingdom", "Russia".
fn the_country(name: &str) -> String {
    let needs_the = [
        "United ",
        "Russian Federation",
        "Netherlands",
        "Philippines",
        "Republic",
    ];
    if needs_the
        .iter()
        .any(|p| name.starts_with(p) || name.ends_with(p))
    {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// How legislative text names a recipient: its first `drafting` name, with
/// "the", else its full name.
pub fn drafting_name(book: &RuleBook, recipient: Recipient) -> String {
    let (names, fallback) = match recipient {
        Recipient::Body(ix) => book
            .bodies
            .get(ix.0)
            .map(|b| (b.drafting.clone(), b.name.clone()))
            .unwrap_or_default(),
        Recipient::Group(ix) => book
            .body_groups
            .get(ix.0)
            .map(|g| (g.drafting.clone(), g.title.clone()))
            .unwrap_or_default(),
    };
    names.first().map_or(fallback, |n| format!("the {n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_lists_read_as_statutes_write_them() {
        assert_eq!(dollars(1_000_000), "$1,000,000");
        assert_eq!(dollars(999), "$999");
        let three = [String::from("a"), String::from("b"), String::from("c")];
        assert_eq!(join(&three, "or"), "a, b, or c");
        assert_eq!(article("intelligence service"), "an");
        assert_eq!(article("one-time report"), "a");
        assert_eq!(article("United States person"), "a");
        assert_eq!(the_country("United Kingdom"), "the United Kingdom");
        assert_eq!(the_country("China"), "China");
    }
}
