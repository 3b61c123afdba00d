//! Who and what: amounts of money, recipients, actors and countries, each
//! compared both ways.

use std::ops::Range;

use super::scan::*;
use super::{Claims, Finder};
use crate::countries::{Country, country_spellings, is_country_code};
use crate::diagnostic::Diagnostic;
use crate::drafting::err::DraftError;
use crate::drafting::words::dollars;
use crate::model::{Condition, Effect, Recipient, Rule, RuleBook};

/// Offices the check recognises in a draft, beside the rules' own actors.
pub(super) const OFFICES: &[&str] = &[
    "President",
    "Director of National Intelligence",
    "Director of the Central Intelligence Agency",
    "Secretary of Defense",
    "Secretary of State",
    "Attorney General",
    "Secretary of Homeland Security",
];

/// Dollar amounts the rules test.
pub(super) fn rule_amounts<'a>(rules: &[&'a Rule]) -> Vec<(u64, &'a str)> {
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

pub(super) fn check_amounts(
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

pub(super) fn recipients_of(rules: &[&Rule]) -> Vec<Recipient> {
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

pub(super) fn names_of(book: &RuleBook, r: Recipient) -> (String, Vec<String>) {
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

pub(super) fn check_recipients(
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
pub(super) fn actor_key(actor: &str) -> String {
    let trimmed = actor.trim();
    trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed)
        .to_string()
}

pub(super) fn actor_claims<'b>(rules: &[&'b Rule]) -> Vec<(String, &'b str)> {
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

pub(super) fn check_actors(
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
pub(super) fn rule_countries(book: &RuleBook, rules: &[&Rule]) -> (Vec<String>, Vec<String>) {
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

pub(super) fn check_countries(
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
