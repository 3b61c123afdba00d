//! `oversight render`: a proposal's structured rules as amendment text, and
//! a check that the proposal's own draft text says the same thing: every
//! period of days or hours, every body named and every citation must match
//! the rules, and the other way round.

use std::fmt::Write as _;

use super::err::DraftError;
use crate::assessment::reasons::describe;
use crate::diagnostic::Diagnostic;
use crate::model::{BodyGroupIx, BodyIx, Effect, EventIx, Form, Recipient, Rule, RuleBook, Timing};
use crate::parse::parse;
use crate::source::SourceFile;
use crate::syntax::ProposalFile;

/// The rules a proposal contributes to an amended rule book, in order.
pub(crate) fn proposal_rules<'a>(book: &'a RuleBook, proposal: &str) -> Vec<&'a Rule> {
    book.rules
        .iter()
        .filter(|r| book.provision_of(r).and_then(|p| p.proposal.as_deref()) == Some(proposal))
        .collect()
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// How legislative text names a recipient.
fn drafting_name(book: &RuleBook, recipient: Recipient) -> String {
    let (names, fallback) = match recipient {
        Recipient::Body(ix) => book
            .bodies
            .get(ix.0)
            .map(|b| (&b.drafting, b.name.clone()))
            .unwrap_or((&EMPTY, String::new())),
        Recipient::Group(ix) => book
            .body_groups
            .get(ix.0)
            .map(|g| (&g.drafting, g.title.clone()))
            .unwrap_or((&EMPTY, String::new())),
    };
    names.first().map_or(fallback, |n| format!("the {n}"))
}

static EMPTY: Vec<String> = Vec::new();

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

fn timing_phrase(book: &RuleBook, timing: &Timing) -> String {
    let label = |e: usize| book.event_label(EventIx(e)).to_string();
    match *timing {
        Timing::Before(e) => format!("before {}", label(e.0)),
        Timing::WithinHours(n, e) => format!("not later than {n} hours after {}", label(e.0)),
        Timing::WithinDays(n, e) => format!("not later than {n} days after {}", label(e.0)),
        Timing::WithinBusinessDays(n, e) => {
            format!("not later than {n} business days after {}", label(e.0))
        }
        Timing::DaysBefore(n, e) => format!("not less than {n} days before {}", label(e.0)),
        Timing::AsSoonAsPossible(a, Some(b)) => format!(
            "as soon as possible after {} and before {}",
            label(a.0),
            label(b.0)
        ),
        Timing::AsSoonAsPossible(a, None) => format!("as soon as possible after {}", label(a.0)),
        Timing::Promptly(_) => String::from("promptly"),
        Timing::Immediately(_) => String::from("immediately"),
        Timing::TimelyFashion(_) => String::from("in a timely fashion"),
        Timing::EveryDays(n, e) => format!(
            "not later than {n} days after {}, and every {n} days thereafter",
            label(e.0)
        ),
        Timing::ByEndOfNextMonth(e) => format!(
            "not later than the end of the month after the month of {}",
            label(e.0)
        ),
        Timing::OnRequest => String::from("upon request"),
        Timing::NotStated => String::new(),
    }
}

/// The proposal's rules as legislative-style amendment text.
pub fn render_amendment(book: &RuleBook, proposal: &str) -> String {
    let all_rules = proposal_rules(book, proposal);
    let mut out = String::new();
    // The section amended is the proposal's last provision; any before it
    // hold definitions it adds, cited where they are found (see `proposal::apply`).
    let Some(provision) = book
        .provisions
        .iter()
        .rev()
        .find(|p| p.proposal.as_deref() == Some(proposal))
    else {
        let _ = writeln!(out, "The proposal `{proposal}` adds no rules.");
        return out;
    };
    let (rules, cited): (Vec<&Rule>, Vec<&Rule>) = all_rules.into_iter().partition(|r| {
        book.provision_of(r)
            .is_some_and(|p| std::ptr::eq(p, provision))
    });
    if rules.is_empty() {
        let _ = writeln!(out, "The proposal `{proposal}` adds no rules.");
    } else {
        let _ = writeln!(
            out,
            "Section {} of the {} ({}) is amended by adding at the end the following:\n",
            provision.section, provision.act, provision.usc
        );
    }
    for rule in &cited {
        let _ = writeln!(
            out,
            "  [relies on the definition `{}` of {} [{}], which it does not amend: {}]\n",
            rule.id,
            book.citation(rule),
            rule.confidence.tag(),
            rule.says
        );
    }
    for rule in rules {
        let recipients = |to: &[Recipient]| {
            join_and(
                &to.iter()
                    .map(|r| drafting_name(book, *r))
                    .collect::<Vec<_>>(),
            )
        };
        let sentence = match &rule.effect {
            Effect::Notice {
                by,
                to,
                what,
                form,
                due,
                ..
            } => {
                // "a written report (in writing)" says the form twice.
                let form = if *form == Form::Unspecified
                    || (*form == Form::Written && what.starts_with("written "))
                {
                    String::new()
                } else {
                    format!(" ({})", form.describe())
                };
                let timing = timing_phrase(book, due);
                let timing = if timing.is_empty() {
                    String::new()
                } else {
                    format!(", {timing}")
                };
                format!(
                    "{} shall submit to {} a {what}{form}{timing}.",
                    capitalize(by),
                    recipients(to)
                )
            }
            Effect::Gate {
                blocks, until, to, ..
            } => {
                let to = if to.is_empty() {
                    String::new()
                } else {
                    format!("; the certification is made to {}", recipients(to))
                };
                format!("{} until {until}{to}.", capitalize(blocks))
            }
            Effect::Prohibition { bars } => format!("{} is prohibited.", capitalize(bars)),
            Effect::Standing { by, to, what } => {
                format!("{} shall {what} to {}.", capitalize(by), recipients(to))
            }
            Effect::Authority { holder, what } => format!("{} {what}.", capitalize(holder)),
            Effect::None => format!(
                "{} (Applies when {}.)",
                rule.says,
                describe(book, &rule.condition)
            ),
        };
        let applies = match rule.effect {
            Effect::None => String::new(),
            _ => format!("\n    [applies when {}]", describe(book, &rule.condition)),
        };
        let _ = writeln!(out, "  \"{} {sentence}\"{applies}\n", rule.pinpoint);
    }
    out
}

/// A period of days or hours written in text, e.g. `7 days`.
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

fn timing_period(timing: &Timing) -> Option<Period> {
    match *timing {
        Timing::WithinHours(n, _) => Some(Period {
            count: n,
            unit: "hours",
        }),
        Timing::WithinDays(n, _) | Timing::DaysBefore(n, _) | Timing::EveryDays(n, _) => {
            Some(Period {
                count: n,
                unit: "days",
            })
        }
        Timing::WithinBusinessDays(n, _) => Some(Period {
            count: n,
            unit: "business days",
        }),
        _ => None,
    }
}

/// Every `N days`, `N hours`, `N business days` (and singulars) in the text, with byte ranges.
fn periods_in(text: &str) -> Vec<(Period, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes.get(i).is_some_and(u8::is_ascii_digit)
            && (i == 0
                || !bytes
                    .get(i - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.'));
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
            found.push((Period { count, unit }, i..end + 1 + word.len()));
        }
        i = end;
    }
    found
}

/// Matches `needle` at the start of `hay`, a space in the needle matching any
/// run of whitespace; returns the length matched in `hay`.
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
            if hc != nc {
                return None;
            }
            end = i + hc.len_utf8();
        }
    }
    Some(end)
}

/// Where the `nth` occurrence of a piece of the draft text stands in the
/// file (whitespace-insensitive); the literal's start if it cannot be found.
fn span_of(
    file: &SourceFile,
    literal: &std::ops::Range<usize>,
    needle: &str,
    nth: usize,
) -> std::ops::Range<usize> {
    let raw = file.text.get(literal.clone()).unwrap_or("");
    let mut count = 0;
    for (start, _) in raw.char_indices() {
        if let Some(len) = raw.get(start..).and_then(|rest| match_at(rest, needle)) {
            if count == nth {
                return (literal.start + start)..(literal.start + start + len);
            }
            count += 1;
        }
    }
    literal.start..literal.start.saturating_add(1)
}

/// Checks the proposal's draft text against its structured rules. Returns
/// every mismatch, pointing at the text; an empty list means they agree.
pub fn check_draft_text(book: &RuleBook, file: &SourceFile) -> Result<Vec<Diagnostic>, Diagnostic> {
    let proposal: ProposalFile = parse(file)?;
    // Line breaks in the draft are spaces to a reader, so they are here.
    let normalized = proposal
        .text
        .value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let text = normalized.as_str();
    let literal = proposal.text.span_in(file).unwrap_or(0..0);
    let rules = proposal_rules(book, proposal.id.as_str());
    let mut problems = Vec::new();

    // Periods of time.
    let stated = periods_in(text);
    let mut ruled: Vec<(Period, &str)> = Vec::new();
    for rule in &rules {
        if let Effect::Notice { due, .. } = &rule.effect
            && let Some(period) = timing_period(due)
        {
            ruled.push((period, rule.id.as_str()));
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for (period, _) in &stated {
        let shown = period.show();
        let nth = seen.iter().filter(|s| **s == shown).count();
        seen.push(shown.clone());
        if !ruled.iter().any(|(p, _)| p == period) {
            let expected: Vec<String> = ruled
                .iter()
                .map(|(p, id)| format!("{} (`{id}`)", p.show()))
                .collect();
            problems.push(
                Diagnostic::at(
                    file,
                    span_of(file, &literal, &shown, nth),
                    DraftError::PeriodNotInRules {
                        period: shown.to_string(),
                    },
                )
                .with_label("not in the rules")
                .with_help(if expected.is_empty() {
                    String::from("the rules state no period of days or hours")
                } else {
                    format!("the rules say {}", expected.join(", "))
                }),
            );
        }
    }
    for (period, id) in &ruled {
        if !stated.iter().any(|(p, _)| p == period) {
            problems.push(
                Diagnostic::at(
                    file,
                    literal.start..literal.start.saturating_add(1),
                    DraftError::PeriodNotInText {
                        rule: id.to_string(),
                        period: period.show(),
                    },
                )
                .with_label("draft text")
                .with_help(format!(
                    "write \"{}\" in the text, or change the rule",
                    period.show()
                )),
            );
        }
    }

    // Bodies named.
    let mut recipients: Vec<Recipient> = Vec::new();
    for rule in &rules {
        let mut add = |list: &[Recipient]| recipients.extend(list.iter().copied());
        match &rule.effect {
            Effect::Notice {
                to, alternative, ..
            } => {
                add(to);
                if let Some((alt, _)) = alternative {
                    add(alt);
                }
            }
            Effect::Gate { to, .. } | Effect::Standing { to, .. } => add(to),
            _ => {}
        }
    }
    let names_of = |r: Recipient| -> (String, Vec<String>) {
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
    };
    for recipient in &recipients {
        let (id, names) = names_of(*recipient);
        if !names.iter().any(|n| text.contains(n.as_str())) {
            problems.push(
                Diagnostic::at(
                    file,
                    literal.start..literal.start.saturating_add(1),
                    DraftError::RecipientNotInText {
                        body: id.to_string(),
                    },
                )
                .with_label("draft text")
                .with_help(match names.first() {
                    Some(n) => format!("legislative text names it \"{n}\""),
                    None => format!("give `{id}` a `drafting` name in bodies.ron"),
                }),
            );
        }
    }
    let all: Vec<Recipient> = (0..book.bodies.len())
        .map(|b| Recipient::Body(BodyIx(b)))
        .chain((0..book.body_groups.len()).map(|g| Recipient::Group(BodyGroupIx(g))))
        .collect();
    for candidate in all {
        let (id, names) = names_of(candidate);
        for name in names {
            if text.contains(name.as_str()) && !recipients.contains(&candidate) {
                problems.push(
                    Diagnostic::at(
                        file,
                        span_of(file, &literal, &name, 0),
                        DraftError::RecipientNotInRules {
                            name: name.to_string(),
                            body: id.to_string(),
                        },
                    )
                    .with_label("not a recipient in the rules")
                    .with_help(format!(
                        "add `{id}` to a rule's `to`, or take it out of the text"
                    )),
                );
            }
        }
    }

    // Citations.
    let amends = &proposal.amends;
    let mut cited_amended = false;
    let mut rest = text;
    let mut offset = 0;
    while let Some(at) = rest.find(" U.S.C. ") {
        let before = rest.get(..at).unwrap_or("");
        let title_start = before
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let after = rest.get(at + 8..).unwrap_or("");
        let section_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let citation = format!(
            "{} U.S.C. {}",
            before.get(title_start..).unwrap_or(""),
            after.get(..section_len).unwrap_or("")
        );
        if citation == amends.usc.value {
            cited_amended = true;
        } else {
            let nth = text
                .get(..offset + title_start)
                .map_or(0, |t| t.matches(citation.as_str()).count());
            problems.push(
                Diagnostic::at(
                    file,
                    span_of(file, &literal, &citation, nth),
                    DraftError::OtherSection {
                        citation: citation.to_string(),
                        amends: amends.usc.value.clone(),
                    },
                )
                .with_label("another section")
                .with_help("a proposal amends one section; cite it, or change `amends`"),
            );
        }
        offset += at + 8 + section_len;
        rest = text.get(offset..).unwrap_or("");
    }
    if !cited_amended && !amends.usc.value.is_empty() {
        problems.push(
            Diagnostic::at(
                file,
                literal.start..literal.start.saturating_add(1),
                DraftError::SectionNotCited {
                    amends: amends.usc.value.clone(),
                },
            )
            .with_label("draft text"),
        );
    }
    let section_phrase = format!("Section {} of the {}", amends.section, amends.act);
    if !amends.section.is_empty() && !text.contains(&section_phrase) {
        problems.push(
            Diagnostic::at(
                file,
                literal.start..literal.start.saturating_add(1),
                DraftError::ActSectionNotNamed {
                    phrase: section_phrase.to_string(),
                },
            )
            .with_label("draft text")
            .with_help(
                "amendments are drafted against the Act section, with the U.S. Code in parentheses",
            ),
        );
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_in_a_needle_match_line_breaks() {
        assert_eq!(
            match_at(
                "Committee on\n   Foreign Relations!",
                "Committee on Foreign Relations"
            ),
            Some(33)
        );
        assert_eq!(
            match_at("Committee onForeign", "Committee on Foreign"),
            None
        );
    }

    #[test]
    fn periods_are_found_with_their_units_and_places() {
        let found =
            periods_in("within 7 days, 48 hours or 1 business day; 2025 is a year; 3.5 days");
        let shown: Vec<(String, usize)> = found.iter().map(|(p, r)| (p.show(), r.start)).collect();
        assert_eq!(
            shown,
            vec![
                (String::from("7 days"), 7),
                (String::from("48 hours"), 15),
                (String::from("1 business days"), 27),
            ]
        );
    }
}
