//! The draft check: does a proposal's own draft text say what its rules
//! say? Periods (amount, unit and direction), amounts of money, recipients,
//! actors, countries, the groups, channels and events its rules test (by
//! their defined terms), definitions of the terms it uses, designations,
//! and citations. Words a strike-and-insert instruction strikes are not a
//! claim about the rules, so they are not read.

use std::ops::Range;

use super::build::{contains_word, draft};
use super::err::DraftError;
use super::words::dollars;
use crate::countries::{Country, country_spellings, is_country_code};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Amendment, Condition, Effect, Placement, Recipient, Rule, RuleBook, RuleKind, Timing,
};
use crate::parse::parse;
use crate::source::SourceFile;
use crate::syntax::ProposalFile;

/// Offices the check recognises in a draft, beside the rules' own actors.
const OFFICES: &[&str] = &[
    "President",
    "Director of National Intelligence",
    "Director of the Central Intelligence Agency",
    "Secretary of Defense",
    "Secretary of State",
    "Attorney General",
    "Secretary of Homeland Security",
];

/// The rules a proposal contributes to an amended rule book, in order
/// (definitions it cites included).
pub fn proposal_rules<'a>(book: &'a RuleBook, proposal: &str) -> Vec<&'a Rule> {
    book.rules
        .iter()
        .filter(|r| book.provision_of(r).and_then(|p| p.proposal.as_deref()) == Some(proposal))
        .collect()
}

/// Which way a period runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    After,
    Before,
    /// "thereafter", "of", "within": read as agreeing with either.
    Other,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Self::After => "after",
            Self::Before => "before",
            Self::Other => "within",
        }
    }
}

/// A period of days or hours, e.g. `7 days`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Period {
    count: u32,
    unit: &'static str,
}

impl Period {
    fn show(&self) -> String {
        format!("{} {}", self.count, self.unit)
    }
}

fn timing_period(timing: &Timing) -> Option<(Period, Direction)> {
    let days = |count| Period {
        count,
        unit: "days",
    };
    match *timing {
        Timing::WithinHours(count, _) => Some((
            Period {
                count,
                unit: "hours",
            },
            Direction::After,
        )),
        Timing::WithinDays(n, _) | Timing::EveryDays(n, _) => Some((days(n), Direction::After)),
        Timing::DaysBefore(n, _) => Some((days(n), Direction::Before)),
        Timing::WithinBusinessDays(count, _) => Some((
            Period {
                count,
                unit: "business days",
            },
            Direction::After,
        )),
        _ => None,
    }
}

/// Every `N days`, `N hours`, `N business days` (and singulars) in the
/// text, with the direction word after it and its byte range.
fn periods_in(text: &str) -> Vec<(Period, Direction, Range<usize>)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes.get(i).is_some_and(u8::is_ascii_digit)
            && (i == 0
                || !bytes.get(i - 1).is_some_and(|b| {
                    b.is_ascii_alphanumeric() || *b == b'.' || *b == b'$' || *b == b','
                }));
        if !starts_number {
            i += 1;
            continue;
        }
        let mut end = i;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let rest = text.get(end..).unwrap_or("");
        let number: Option<u32> = text.get(i..end).and_then(|n| n.parse().ok());
        let unit = [
            ("business days", "business days"),
            ("business day", "business days"),
            ("days", "days"),
            ("day", "days"),
            ("hours", "hours"),
            ("hour", "hours"),
        ]
        .into_iter()
        .find(|(word, _)| rest.strip_prefix(' ').is_some_and(|r| r.starts_with(word)));
        if let (Some(count), Some((word, unit))) = (number, unit) {
            let after = rest.get(1 + word.len()..).unwrap_or("").trim_start();
            let direction = if after.starts_with("after") {
                Direction::After
            } else if after.starts_with("before") {
                Direction::Before
            } else {
                Direction::Other
            };
            found.push((Period { count, unit }, direction, i..end + 1 + word.len()));
        }
        i = end;
    }
    found
}

/// Matches `needle` at the start of `hay`, a space in the needle matching
/// any run of whitespace, letters compared without case; returns the
/// length matched in `hay`.
fn match_at(hay: &str, needle: &str) -> Option<usize> {
    let mut h = hay.char_indices().peekable();
    let mut end = 0;
    for nc in needle.chars() {
        if nc == ' ' {
            let mut any = false;
            while let Some(&(i, hc)) = h.peek() {
                if !hc.is_whitespace() {
                    break;
                }
                any = true;
                end = i + hc.len_utf8();
                h.next();
            }
            if !any {
                return None;
            }
        } else {
            let (i, hc) = h.next()?;
            if !hc.eq_ignore_ascii_case(&nc) {
                return None;
            }
            end = i + hc.len_utf8();
        }
    }
    Some(end)
}

/// Every place `needle` occurs in `hay` as whole words (whitespace and
/// case insensitive), as byte ranges.
fn find_all(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (start, _) in hay.char_indices() {
        let before = hay.get(..start).and_then(|t| t.chars().last());
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        if let Some(len) = hay.get(start..).and_then(|rest| match_at(rest, needle)) {
            let after = hay.get(start + len..).and_then(|t| t.chars().next());
            if !after.is_some_and(char::is_alphanumeric) {
                found.push(start..start + len);
            }
        }
    }
    found
}

/// The forms of a term a text may use: singular and plural.
fn forms(term: &str) -> Vec<String> {
    let plural = match term.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{term}s"),
    };
    vec![term.to_string(), plural]
}

fn find_term(hay: &str, term: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = forms(term).iter().flat_map(|f| find_all(hay, f)).collect();
    found.sort_by_key(|r| r.start);
    found
}

/// The text with the words each "striking ..." instruction strikes blanked
/// out (same length, so every position still points into the file).
fn without_struck(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (at, _) in text.match_indices("striking") {
        let rest = text.get(at + "striking".len()..).unwrap_or("");
        let trimmed = rest.trim_start();
        let open_at = at + "striking".len() + (rest.len() - trimmed.len());
        let (open_len, close): (usize, &[&str]) = if trimmed.starts_with('"') {
            (1, &["\""])
        } else if trimmed.starts_with('“') {
            ('“'.len_utf8(), &["”"])
        } else if trimmed.starts_with("``") {
            (2, &["''"])
        } else {
            continue;
        };
        let inner_start = open_at + open_len;
        let inner = text.get(inner_start..).unwrap_or("");
        if let Some(end) = close.iter().filter_map(|c| inner.find(c)).min() {
            for b in bytes.iter_mut().skip(inner_start).take(end) {
                *b = b' ';
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The rules a draft is read against: every rule, for what the draft says,
/// and those it must state in full, for what it leaves out.
struct Claims<'r, 'b> {
    all: &'r [&'b Rule],
    in_full: &'r [&'b Rule],
}

/// Where a draft check finding points: a range in the file.
struct Finder<'f> {
    file: &'f SourceFile,
    base: usize,
    literal_end: usize,
}

impl Finder<'_> {
    fn at(&self, range: &Range<usize>) -> Range<usize> {
        (self.base + range.start)..(self.base + range.end)
    }

    fn whole(&self) -> Range<usize> {
        self.base
            ..self
                .base
                .saturating_add(1)
                .min(self.literal_end.max(self.base + 1))
    }

    fn push(
        &self,
        problems: &mut Vec<Diagnostic>,
        range: Range<usize>,
        error: DraftError,
        label: &str,
        help: String,
    ) {
        let mut diagnostic = Diagnostic::at(self.file, range, error).with_label(label);
        if !help.is_empty() {
            diagnostic = diagnostic.with_help(help);
        }
        problems.push(diagnostic);
    }
}

/// Checks the proposal's draft text against its structured rules. Returns
/// every mismatch, pointing at the text; an empty list means they agree.
pub fn check_draft_text(book: &RuleBook, file: &SourceFile) -> Result<Vec<Diagnostic>, Diagnostic> {
    let proposal: ProposalFile = parse(file)?;
    let literal = proposal.text.span_in(file).unwrap_or(0..0);
    let raw = file.text.get(literal.clone()).unwrap_or("");
    let text = without_struck(raw);
    let finder = Finder {
        file,
        base: literal.start,
        literal_end: literal.end,
    };
    let id = proposal.id.as_str();
    let rules: Vec<&Rule> = proposal_rules(book, id)
        .into_iter()
        .filter(|r| r.kind != RuleKind::Definition)
        .collect();
    let amendment = book.amendments.iter().find(|a| a.proposal == id);
    // A rule changed by striking and inserting words keeps the rest of its
    // words in the law: the draft need not restate them, so it is read only
    // for what the draft says, never for what it leaves out.
    let phrase_only: Vec<&str> = amendment
        .map(|a| {
            a.changes
                .iter()
                .filter_map(|c| match c {
                    crate::model::LawChange::Replaced {
                        rule,
                        strike: Some(_),
                        ..
                    } => Some(rule.as_str()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let stated_in_full: Vec<&Rule> = rules
        .iter()
        .copied()
        .filter(|r| !phrase_only.contains(&r.id.as_str()))
        .collect();
    let rules = Claims {
        all: &rules,
        in_full: &stated_in_full,
    };
    let mut problems = Vec::new();
    check_periods(&text, &rules, &finder, &mut problems);
    check_amounts(&text, &rules, &finder, &mut problems);
    check_recipients(book, &text, &rules, &finder, &mut problems);
    check_actors(&text, &rules, &finder, &mut problems);
    check_countries(book, &text, &rules, &finder, &mut problems);
    if let Some(amendment) = amendment {
        check_triggers(book, amendment, &text, &finder, &mut problems);
        check_designations(book, amendment, &text, &finder, &mut problems);
    }
    let act = proposal.amends.as_ref().map(|a| a.act.as_str());
    check_definitions(book, act, &text, &finder, &mut problems);
    check_citations(book, &proposal, amendment, &text, &finder, &mut problems);
    Ok(problems)
}

fn period_claims<'b>(rules: &[&'b Rule]) -> Vec<(Period, Direction, &'b str)> {
    rules
        .iter()
        .filter_map(|rule| match &rule.effect {
            Effect::Notice { due, .. } => timing_period(due).map(|(p, d)| (p, d, rule.id.as_str())),
            _ => None,
        })
        .collect()
}

fn check_periods(
    text: &str,
    rules: &Claims<'_, '_>,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let stated = periods_in(text);
    let ruled = period_claims(rules.all);
    for (period, direction, range) in &stated {
        let same: Vec<&(Period, Direction, &str)> =
            ruled.iter().filter(|(p, _, _)| p == period).collect();
        if same.is_empty() {
            let expected: Vec<String> = ruled
                .iter()
                .map(|(p, d, id)| format!("{} {} (`{id}`)", p.show(), d.word()))
                .collect();
            finder.push(
                problems,
                finder.at(range),
                DraftError::PeriodNotInRules {
                    period: period.show(),
                },
                "not in the rules",
                if expected.is_empty() {
                    String::from("the rules state no period of days or hours")
                } else {
                    format!("the rules say {}", expected.join(", "))
                },
            );
        } else if *direction != Direction::Other
            && !same.iter().any(|(_, d, _)| d == direction)
            && let Some((_, ruled_direction, id)) = same.first()
        {
            finder.push(
                problems,
                finder.at(range),
                DraftError::PeriodDirection {
                    period: period.show(),
                    stated: direction.word().to_string(),
                    rule: (*id).to_string(),
                    ruled: ruled_direction.word().to_string(),
                },
                "the other way round",
                format!(
                    "write \"{} {}\", or change the rule's timing",
                    period.show(),
                    ruled_direction.word()
                ),
            );
        }
    }
    for (period, _, id) in &period_claims(rules.in_full) {
        if !stated.iter().any(|(p, _, _)| p == period) {
            finder.push(
                problems,
                finder.whole(),
                DraftError::PeriodNotInText {
                    rule: (*id).to_string(),
                    period: period.show(),
                },
                "draft text",
                format!(
                    "write \"{}\" in the text, or change the rule",
                    period.show()
                ),
            );
        }
    }
}

/// Dollar amounts the rules test.
fn rule_amounts<'a>(rules: &[&'a Rule]) -> Vec<(u64, &'a str)> {
    let mut out = Vec::new();
    for rule in rules {
        for node in rule.condition.nodes() {
            if let Condition::AtLeast(_, n) | Condition::MoreThan(_, n) = node {
                out.push((*n, rule.id.as_str()));
            }
        }
    }
    out
}

fn amounts_in(text: &str) -> Vec<(u64, Range<usize>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('$') {
        let digits: String = text
            .get(at + 1..)
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        let value = digits.replace(',', "").parse::<u64>().ok();
        if let Some(value) = value {
            let len = digits.trim_end_matches(',').len();
            found.push((value, at..at + 1 + len));
        }
    }
    found
}

fn check_amounts(
    text: &str,
    rules: &Claims<'_, '_>,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let ruled = rule_amounts(rules.all);
    let stated = amounts_in(text);
    for (value, range) in &stated {
        if !ruled.iter().any(|(n, _)| n == value) {
            finder.push(
                problems,
                finder.at(range),
                DraftError::AmountNotInRules {
                    amount: dollars(*value),
                },
                "not in the rules",
                if ruled.is_empty() {
                    String::from("the rules test no amount of money")
                } else {
                    format!(
                        "the rules test {}",
                        ruled
                            .iter()
                            .map(|(n, id)| format!("{} (`{id}`)", dollars(*n)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            );
        }
    }
    for (value, id) in &rule_amounts(rules.in_full) {
        if !stated.iter().any(|(n, _)| n == value) {
            finder.push(
                problems,
                finder.whole(),
                DraftError::AmountNotInText {
                    rule: (*id).to_string(),
                    amount: dollars(*value),
                },
                "draft text",
                format!(
                    "write \"{}\" in the text, or change the rule",
                    dollars(*value)
                ),
            );
        }
    }
}

fn recipients_of(rules: &[&Rule]) -> Vec<Recipient> {
    let mut recipients = Vec::new();
    for rule in rules {
        match &rule.effect {
            Effect::Notice {
                to, alternative, ..
            } => {
                recipients.extend(to.iter().copied());
                if let Some((alt, _)) = alternative {
                    recipients.extend(alt.iter().copied());
                }
            }
            Effect::Gate { to, .. } | Effect::Standing { to, .. } => {
                recipients.extend(to.iter().copied())
            }
            _ => {}
        }
    }
    recipients
}

fn names_of(book: &RuleBook, r: Recipient) -> (String, Vec<String>) {
    match r {
        Recipient::Body(ix) => book
            .bodies
            .get(ix.0)
            .map(|b| (b.id.clone(), b.drafting.clone()))
            .unwrap_or_default(),
        Recipient::Group(ix) => book
            .body_groups
            .get(ix.0)
            .map(|g| (g.id.clone(), g.drafting.clone()))
            .unwrap_or_default(),
    }
}

fn check_recipients(
    book: &RuleBook,
    text: &str,
    rules: &Claims<'_, '_>,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let recipients = recipients_of(rules.all);
    let mut reported: Vec<String> = Vec::new();
    for recipient in &recipients_of(rules.in_full) {
        let (id, names) = names_of(book, *recipient);
        if !reported.contains(&id) && !names.iter().any(|n| !find_all(text, n).is_empty()) {
            reported.push(id.clone());
            finder.push(
                problems,
                finder.whole(),
                DraftError::RecipientNotInText { body: id.clone() },
                "draft text",
                match names.first() {
                    Some(n) => format!("legislative text names it \"{n}\""),
                    None => format!("give `{id}` a `drafting` name in bodies.ron"),
                },
            );
        }
    }
    let all = (0..book.bodies.len())
        .map(|b| Recipient::Body(crate::model::BodyIx(b)))
        .chain((0..book.body_groups.len()).map(|g| Recipient::Group(crate::model::BodyGroupIx(g))));
    for candidate in all {
        if recipients.contains(&candidate) {
            continue;
        }
        let (id, names) = names_of(book, candidate);
        for name in names {
            if let Some(range) = find_all(text, &name).first() {
                finder.push(
                    problems,
                    finder.at(range),
                    DraftError::RecipientNotInRules {
                        name: name.clone(),
                        body: id.clone(),
                    },
                    "not a recipient in the rules",
                    format!("add `{id}` to a rule's `to`, or take it out of the text"),
                );
            }
        }
    }
}

/// An actor as the check compares it: without a leading "the".
fn actor_key(actor: &str) -> String {
    let trimmed = actor.trim();
    trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed)
        .to_string()
}

fn actor_claims<'b>(rules: &[&'b Rule]) -> Vec<(String, &'b str)> {
    let mut actors: Vec<(String, &str)> = Vec::new();
    for rule in rules {
        let actor = match &rule.effect {
            Effect::Notice { by, .. } | Effect::Gate { by, .. } | Effect::Standing { by, .. } => {
                Some(by)
            }
            Effect::Authority { holder, .. } => Some(holder),
            _ => None,
        };
        if let Some(actor) = actor {
            let key = actor_key(actor);
            if !actors.iter().any(|(a, _)| *a == key) {
                actors.push((key, rule.id.as_str()));
            }
        }
    }
    actors
}

fn check_actors(
    text: &str,
    rules: &Claims<'_, '_>,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let actors = actor_claims(rules.all);
    for (actor, id) in &actor_claims(rules.in_full) {
        if find_all(text, actor).is_empty() {
            finder.push(
                problems,
                finder.whole(),
                DraftError::ActorNotInText {
                    actor: actor.clone(),
                    rule: (*id).to_string(),
                },
                "draft text",
                format!("name \"the {actor}\" as the one who acts, or change the rule's `by`"),
            );
        }
    }
    for office in OFFICES {
        let ours = actors
            .iter()
            .any(|(a, _)| a.contains(office) || office.contains(a.as_str()));
        if ours {
            continue;
        }
        if let Some(range) = find_all(text, office).first() {
            finder.push(
                problems,
                finder.at(range),
                DraftError::ActorNotInRules {
                    actor: (*office).to_string(),
                },
                "no rule names this office",
                format!(
                    "the rules' actors are {}",
                    if actors.is_empty() {
                        String::from("none")
                    } else {
                        actors
                            .iter()
                            .map(|(a, _)| format!("\"{a}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
            );
        }
    }
}

/// The countries the rules name or test through a group.
fn rule_countries(book: &RuleBook, rules: &[&Rule]) -> (Vec<String>, Vec<String>) {
    let mut named = Vec::new();
    let mut covered = Vec::new();
    for rule in rules {
        for node in rule.condition.nodes() {
            match node {
                Condition::CountryIn(_, codes) => {
                    named.extend(codes.iter().cloned());
                    covered.extend(codes.iter().cloned());
                }
                Condition::InGroup(_, group) => {
                    if let Some(g) = book.vocabulary.country_groups.get(group.0) {
                        covered.extend(g.members.iter().cloned());
                    }
                }
                _ => {}
            }
        }
    }
    (named, covered)
}

fn check_countries(
    book: &RuleBook,
    text: &str,
    rules: &Claims<'_, '_>,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let (_, covered) = rule_countries(book, rules.all);
    let (named, _) = rule_countries(book, rules.in_full);
    let mut seen: Vec<&str> = Vec::new();
    let mut spellings: Vec<&str> = country_spellings()
        .filter(|s| !is_country_code(s) && s.len() > 3)
        .collect();
    // Longest first, so "Democratic People's Republic of Korea" is read whole.
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut taken: Vec<Range<usize>> = Vec::new();
    for spelling in spellings {
        let Some(country) = Country::parse(spelling) else {
            continue;
        };
        let code = country.code();
        if code == "USA" {
            continue; // "United States" is everywhere in statutory text
        }
        for range in find_all(text, spelling) {
            if taken
                .iter()
                .any(|t| t.start <= range.start && range.end <= t.end)
            {
                continue;
            }
            taken.push(range.clone());
            // Names are proper nouns: a lower-case match ("chad") is not one.
            if !text
                .get(range.clone())
                .is_some_and(|t| t.starts_with(char::is_uppercase))
            {
                continue;
            }
            if !covered.iter().any(|c| c == code) && !seen.contains(&code) {
                seen.push(code);
                finder.push(
                    problems,
                    finder.at(&range),
                    DraftError::CountryNotInRules {
                        country: country.name().to_string(),
                        code: code.to_string(),
                    },
                    "no rule tests this country",
                    if covered.is_empty() {
                        String::from("the rules test no country")
                    } else {
                        format!("the rules test {}", covered.join(", "))
                    },
                );
            }
        }
    }
    for code in named {
        if code == "USA" {
            continue;
        }
        let Some(country) = Country::from_code(&code) else {
            continue;
        };
        let in_text = country_spellings()
            .filter(|s| !is_country_code(s))
            .filter(|s| Country::parse(s).is_some_and(|c| c.code() == code))
            .any(|s| !find_all(text, s).is_empty());
        if !in_text {
            finder.push(
                problems,
                finder.whole(),
                DraftError::CountryNotInText {
                    country: country.name().to_string(),
                    code: code.clone(),
                },
                "draft text",
                String::from("name the country in the text, or take it out of the rule"),
            );
        }
    }
}

/// Terms the recipients check already covers (the committees' names).
fn recipient_terms(book: &RuleBook) -> Vec<String> {
    book.bodies
        .iter()
        .flat_map(|b| b.drafting.iter())
        .chain(book.body_groups.iter().flat_map(|g| g.drafting.iter()))
        .map(|n| n.to_lowercase())
        .collect()
}

/// The groups, channels and events the rules test, by the defined terms
/// their statutory words use, against the terms the draft uses.
fn check_triggers(
    book: &RuleBook,
    amendment: &Amendment,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let rendered = super::print::bare_text(&draft(book, amendment)).to_lowercase();
    let skip = recipient_terms(book);
    // A term the law defines elsewhere ("intelligence community") is
    // general vocabulary; the triggers are the terms the proposals define.
    for term in book.vocabulary.terms.iter().filter(|t| t.means.is_some()) {
        if skip.contains(&term.term.to_lowercase()) {
            continue;
        }
        let in_rules = forms(&term.term.to_lowercase())
            .iter()
            .any(|f| contains_word(&rendered, f));
        let in_text = find_term(text, &term.term);
        match (in_rules, in_text.first()) {
            (false, Some(range)) => finder.push(
                problems,
                finder.at(range),
                DraftError::TriggerNotInRules { term: term.term.clone() },
                "no rule tests this",
                String::from("the rules' conditions never use this term: add the condition, or take it out of the text"),
            ),
            (true, None) => finder.push(
                problems,
                finder.whole(),
                DraftError::TriggerNotInText { term: term.term.clone() },
                "draft text",
                String::from("the rules test it (see `oversight render`): say it in the text"),
            ),
            _ => {}
        }
    }
}

/// Every term the draft uses must be defined in it ("The term ... means",
/// "has the meaning given", "as defined in"), unless the amended Act
/// defines it for the whole Act.
fn check_definitions(
    book: &RuleBook,
    act: Option<&str>,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let lower = text.to_lowercase();
    for term in &book.vocabulary.terms {
        let Some(first) = find_term(text, &term.term).into_iter().next() else {
            continue;
        };
        let act_wide = term
            .defined_in
            .as_ref()
            .is_some_and(|d| act.is_some_and(|a| !a.is_empty() && d.act == a));
        if act_wide {
            continue;
        }
        let t = term.term.to_lowercase();
        let quoted = ["\"", "'", "“", "‘", "``"]
            .iter()
            .any(|q| lower.contains(&format!("term {q}{t}")));
        let inline = find_term(text, &term.term).iter().any(|r| {
            let after = lower.get(r.end..).unwrap_or("");
            let after = after.get(..after.len().min(40)).unwrap_or(after);
            [
                "as defined in",
                "as listed in",
                "has the meaning",
                "within the meaning",
            ]
            .iter()
            .any(|w| after.contains(w))
        });
        if !quoted && !inline {
            finder.push(
                problems,
                finder.at(&first),
                DraftError::TermNotDefined {
                    term: term.term.clone(),
                },
                "used, never defined",
                match (&term.means, &term.defined_in) {
                    (Some(means), _) => {
                        format!("define it: The term \"{}\" means {means}", term.term)
                    }
                    (None, Some(cite)) => format!(
                        "define it: The term \"{}\" has the meaning given that term in {}",
                        term.term,
                        super::cite::definition_source(cite)
                    ),
                    (None, None) => String::new(),
                },
            );
        }
    }
}

/// Designations at the start of a unit: after a line break, a quotation
/// mark, an em dash or a colon.
fn unit_starts(text: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('(') {
        let before = text.get(..at).unwrap_or("").trim_end_matches([' ', '\t']);
        let starts = before.is_empty()
            || before.ends_with(['\n', '"', '“', ':', '—'])
            || before.ends_with("--")
            || before.ends_with("``");
        if !starts {
            continue;
        }
        let rest = text.get(at + 1..).unwrap_or("");
        let Some(close) = rest.find(')') else {
            continue;
        };
        let designation = rest.get(..close).unwrap_or("");
        if !designation.is_empty()
            && designation.len() <= 4
            && designation.chars().all(|c| c.is_ascii_alphanumeric())
        {
            found.push((designation.to_string(), at..at + close + 2));
        }
    }
    found
}

fn check_designations(
    book: &RuleBook,
    amendment: &Amendment,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let starts = unit_starts(text);
    if let Placement::Subsection {
        section, letter, ..
    } = &amendment.placement
    {
        // The first subsection letter the text inserts.
        let inserted = starts
            .iter()
            .find(|(d, _)| d.chars().all(|c| c.is_ascii_lowercase()) && d.len() <= 2);
        if let Some((stated, range)) = inserted
            && stated != letter
        {
            let earlier: Vec<String> = book
                .amendments
                .iter()
                .take_while(|a| a.proposal != amendment.proposal)
                .filter_map(|a| match &a.placement {
                    Placement::Subsection {
                        section: s, letter, ..
                    } if s.usc == section.usc => Some(format!("`{}` adds ({letter})", a.proposal)),
                    _ => None,
                })
                .collect();
            let last = section
                .structure
                .iter()
                .rfind(|s| s.matches('(').count() == 1)
                .cloned()
                .unwrap_or_default();
            let why = if earlier.is_empty() {
                format!("{} ends at {last}", section.usc)
            } else {
                format!("{} ends at {last}, and {}", section.usc, earlier.join(", "))
            };
            finder.push(
                problems,
                finder.at(range),
                DraftError::DesignationConflict {
                    stated: format!("({stated})"),
                    expected: format!("({letter})"),
                },
                "another letter",
                format!("{why}; `oversight render` letters it ({letter})"),
            );
        }
    }
    // Repeats at one level, with no higher unit in between; each
    // instruction ("... is amended") or new section numbers afresh.
    let mut seen: Vec<(u8, String)> = Vec::new();
    let mut previous_end = 0;
    for (designation, range) in &starts {
        let between = text.get(previous_end..range.start).unwrap_or("");
        if between.contains("is amended") || between.contains("SEC.") {
            seen.clear();
        }
        previous_end = range.end;
        let level = if designation.chars().all(|c| c.is_ascii_digit()) {
            2
        } else if designation.chars().all(|c| c.is_ascii_uppercase()) {
            3
        } else if is_roman(designation) && seen.iter().any(|(l, _)| *l == 3) {
            4
        } else {
            1
        };
        if seen.iter().any(|(l, d)| *l == level && d == designation) {
            finder.push(
                problems,
                finder.at(range),
                DraftError::DuplicateDesignation {
                    designation: format!("({designation})"),
                },
                "used twice",
                String::from("number the units in sequence"),
            );
        }
        // Entering a unit clears the levels below it.
        seen.retain(|(l, _)| *l <= level);
        seen.push((level, designation.clone()));
    }
}

fn is_roman(d: &str) -> bool {
    matches!(
        d,
        "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x"
    )
}

/// Every `N U.S.C. S` the text cites, with its place.
fn citations_in(text: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(" U.S.C. ") {
        let before = text.get(..at).unwrap_or("");
        let title_start = before
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let after = text.get(at + 8..).unwrap_or("");
        let section_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let title = before.get(title_start..).unwrap_or("");
        if title.is_empty() {
            continue;
        }
        let citation = format!("{title} U.S.C. {}", after.get(..section_len).unwrap_or(""));
        found.push((citation, title_start..at + 8 + section_len));
    }
    found
}

/// The base section of a citation: `50 U.S.C. 3003` of `50 U.S.C. 3003(7)`.
fn base_section(usc: &str) -> &str {
    usc.split('(').next().unwrap_or(usc)
}

fn check_citations(
    book: &RuleBook,
    proposal: &ProposalFile,
    amendment: Option<&Amendment>,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let amends = proposal
        .amends
        .as_ref()
        .map(|a| a.usc.value.clone())
        .unwrap_or_default();
    let mut allowed: Vec<String> = vec![amends.clone()];
    if let Some(amendment) = amendment {
        for change in &amendment.changes {
            let section = match change {
                crate::model::LawChange::Replaced { section, .. }
                | crate::model::LawChange::Repealed { section, .. } => section,
            };
            allowed.push(section.usc.clone());
        }
    }
    for term in &book.vocabulary.terms {
        if let Some(cite) = &term.defined_in {
            allowed.push(base_section(&cite.usc).to_string());
        }
    }
    let mut cited_amended = false;
    for (citation, range) in citations_in(text) {
        if citation == amends {
            cited_amended = true;
        } else if !allowed.contains(&citation) {
            finder.push(
                problems,
                finder.at(&range),
                DraftError::OtherSection { citation: citation.clone(), amends: amends.clone() },
                "another section",
                String::from("a proposal amends its own section and the sections of the rules it replaces; cite those, or the provisions its terms are defined in"),
            );
        }
    }
    let adds_subsection =
        amendment.is_some_and(|a| matches!(a.placement, Placement::Subsection { .. }));
    if adds_subsection && !cited_amended && !amends.is_empty() {
        finder.push(
            problems,
            finder.whole(),
            DraftError::SectionNotCited {
                amends: amends.clone(),
            },
            "draft text",
            String::new(),
        );
    }
    if let (true, Some(amends)) = (adds_subsection, proposal.amends.as_ref())
        && !amends.section.is_empty()
    {
        let named = find_all(text, &format!("Section {}", amends.section))
            .iter()
            .any(|r| {
                let rest = text.get(r.end..).unwrap_or("");
                let rest = rest.trim_start_matches(|c: char| {
                    c == '(' || c == ')' || c.is_ascii_alphanumeric()
                });
                match_at(rest.trim_start(), &format!("of the {}", amends.act)).is_some()
            });
        if !named {
            finder.push(
                problems,
                finder.whole(),
                DraftError::ActSectionNotNamed {
                    phrase: format!("Section {} of the {}", amends.section, amends.act),
                },
                "draft text",
                String::from("amendments are drafted against the Act section, with the U.S. Code in parentheses"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_found_with_units_directions_and_places() {
        let found = periods_in(
            "within 7 days after, 48 hours before or 1 business day; 2025 is a year; 3.5 days",
        );
        let shown: Vec<(String, &str, usize)> = found
            .iter()
            .map(|(p, d, r)| (p.show(), d.word(), r.start))
            .collect();
        assert_eq!(
            shown,
            vec![
                (String::from("7 days"), "after", 7),
                (String::from("48 hours"), "before", 21),
                (String::from("1 business days"), "within", 40),
            ]
        );
    }

    #[test]
    fn struck_words_are_blanked_and_positions_kept() {
        let text = "is amended by striking \"congressional intelligence committees\" and inserting \"the Committee\"";
        let blanked = without_struck(text);
        assert_eq!(blanked.len(), text.len());
        assert!(!blanked.contains("congressional"));
        assert!(blanked.contains("the Committee"));
    }

    #[test]
    fn whole_words_match_across_line_breaks_and_case() {
        assert_eq!(
            find_all(
                "the Committee on\n   Foreign Relations!",
                "committee on foreign relations"
            ),
            vec![4..37]
        );
        assert!(find_all("Omani", "Oman").is_empty());
        assert_eq!(
            find_term("foreign adversaries", "foreign adversary").len(),
            1
        );
    }

    #[test]
    fn designations_at_unit_starts_are_found() {
        let starts = unit_starts("\"(d) X.—(1) In general.—text paragraph (2) of\n\"(2) Y");
        let ds: Vec<&str> = starts.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(ds, ["d", "1", "2"]);
    }
}
