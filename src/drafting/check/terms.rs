//! Words that carry the law's scope: condition clauses, the defined terms
//! that name triggers, and definitions (present, and the same as the
//! vocabulary's).

use super::scan::*;
use super::{Claims, Finder};
use crate::countries::{Country, country_spellings, is_country_code};
use crate::diagnostic::Diagnostic;
use crate::drafting::build::{contains_word, draft};
use crate::drafting::err::DraftError;
use crate::model::{Amendment, RuleBook};

/// Words every condition shares, which tell no clause from another.
pub(super) const GENERIC_STEMS: &[&str] = &[
    "fore", "coun", "conc", "inte", "shar", "elem", "comm", "unit", "stat", "shal", "subs",
];

/// Every condition of a rule, clause by clause in the vocabulary's words,
/// must be stated: a clause is taken as stated when at least half of its
/// distinctive words (by stem) are in the text. A deleted alternative
/// ("or is defending itself against armed aggression") is caught; a
/// paraphrase that keeps the key words is not flagged.
pub(super) fn check_conditions(
    book: &RuleBook,
    amendment: &Amendment,
    text: &str,
    rules: &Claims<'_, '_>,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let text_stems = stems(text);
    let mut words = crate::drafting::words::Words::new(book, &amendment.event_words);
    for rule in rules.in_full {
        let mut leaves = Vec::new();
        if let Some(clause) = words.condition(&rule.condition) {
            flatten(&clause, &mut leaves);
        }
        for leaf in leaves
            .into_iter()
            .filter(|l| !l.contains("[words missing]"))
        {
            let distinctive: Vec<String> = stems(&leaf)
                .into_iter()
                .filter(|s| !GENERIC_STEMS.contains(&s.as_str()))
                .collect();
            if distinctive.is_empty() {
                continue;
            }
            let present = distinctive
                .iter()
                .filter(|s| text_stems.contains(s))
                .count();
            if present * 2 < distinctive.len() {
                finder.push(
                    problems,
                    finder.whole(),
                    DraftError::ConditionNotInText { rule: rule.id.clone(), clause: leaf.clone() },
                    "draft text",
                    String::from("state the condition, or take it out of the rule (`oversight render` shows the rule's words)"),
                );
            }
        }
    }
}

/// The single clauses of a condition in words.
pub(super) fn flatten(clause: &crate::drafting::words::Clause, out: &mut Vec<String>) {
    match clause {
        crate::drafting::words::Clause::One(text) => out.push(text.clone()),
        crate::drafting::words::Clause::All(parts) | crate::drafting::words::Clause::Any(parts) => {
            for part in parts {
                flatten(part, out);
            }
        }
    }
}

/// Terms the recipients check already covers (the committees' names).
pub(super) fn recipient_terms(book: &RuleBook) -> Vec<String> {
    book.bodies
        .iter()
        .flat_map(|b| b.drafting.iter())
        .chain(book.body_groups.iter().flat_map(|g| g.drafting.iter()))
        .map(|n| n.to_lowercase())
        .collect()
}

/// The groups, channels and events the rules test, by the defined terms
/// their statutory words use, against the terms the draft uses.
pub(super) fn check_triggers(
    book: &RuleBook,
    amendment: &Amendment,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let rendered = crate::drafting::print::bare_text(&draft(book, amendment)).to_lowercase();
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
pub(super) fn check_definitions(
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
            // The next 40 characters (not bytes: an em dash is three).
            let after: String = lower.get(r.end..).unwrap_or("").chars().take(40).collect();
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
                        crate::drafting::cite::definition_source(cite)
                    ),
                    (None, None) => String::new(),
                },
            );
        }
    }
}

/// A term the text defines must be defined as the vocabulary defines it:
/// the same countries named, and the same provisions cited.
pub(super) fn check_definition_contents(
    book: &RuleBook,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let lower = text.to_lowercase();
    for term in &book.vocabulary.terms {
        let t = term.term.to_lowercase();
        let opening = ["\"", "'", "“", "‘", "``"]
            .iter()
            .find_map(|q| lower.find(&format!("term {q}{t}")).map(|at| (at, q.len())));
        let Some((at, _)) = opening else {
            continue;
        };
        let rest = text.get(at..).unwrap_or("");
        let end = sentence_end(rest);
        let span = rest.get(..end).unwrap_or(rest);
        let expected = match (&term.means, &term.defined_in) {
            (Some(means), _) => means.clone(),
            (None, Some(cite)) => crate::drafting::cite::definition_source(cite),
            (None, None) => continue,
        };
        let numbers = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_ascii_digit())
                .filter(|n| n.len() >= 3)
                .map(str::to_string)
                .collect()
        };
        let countries = |s: &str| -> Vec<&'static str> {
            let mut found: Vec<&'static str> = country_spellings()
                .filter(|sp| !is_country_code(sp) && sp.len() > 3)
                .filter(|sp| !find_all(s, sp).is_empty())
                .filter_map(Country::parse)
                .map(Country::code)
                .filter(|c| *c != "USA")
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        };
        let same_citations = numbers(&expected).iter().all(|n| numbers(span).contains(n));
        let same_countries = countries(&expected) == countries(span);
        if !same_citations || !same_countries {
            let range = (at..at + span.len()).clone();
            finder.push(
                problems,
                finder.at(&range),
                DraftError::DefinitionDiffers {
                    term: term.term.clone(),
                },
                "this definition",
                format!("the rules define it: {expected}"),
            );
        }
    }
}
