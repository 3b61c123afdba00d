//! Periods and timings: every period stated against the rules' (amount,
//! unit, direction), repeating and monthly duties, and the events periods
//! count from.

use super::scan::*;
use super::{Claims, Finder};
use crate::diagnostic::Diagnostic;
use crate::drafting::err::DraftError;
use crate::model::{Amendment, Effect, Rule, RuleBook, Timing};

pub(super) fn timing_period(timing: &Timing) -> Option<(Period, Direction)> {
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

pub(super) fn period_claims<'b>(rules: &[&'b Rule]) -> Vec<(Period, Direction, &'b str)> {
    rules
        .iter()
        .filter_map(|rule| match &rule.effect {
            Effect::Notice { due, .. } => timing_period(due).map(|(p, d)| (p, d, rule.id.as_str())),
            _ => None,
        })
        .collect()
}

pub(super) fn check_periods(
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

/// How an event reads in this proposal's text.
pub(super) fn event_words(
    book: &RuleBook,
    amendment: &Amendment,
    event: crate::model::EventIx,
) -> String {
    let Some(def) = book.vocabulary.events.get(event.0) else {
        return String::new();
    };
    amendment
        .event_words
        .get(&def.name)
        .or(def.statutory.as_ref())
        .unwrap_or(&def.label)
        .clone()
}

/// A repeating duty must say it repeats, a monthly one must name the month,
/// and every event a timing counts from must be named in the text.
pub(super) fn check_timings(
    book: &RuleBook,
    amendment: &Amendment,
    text: &str,
    rules: &Claims<'_, '_>,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let lower = text.to_lowercase();
    let stated = periods_in(text);
    let text_stems: Vec<String> = stems(text);
    for rule in rules.in_full {
        let Effect::Notice { due, .. } = &rule.effect else {
            continue;
        };
        let missing_timing = match *due {
            Timing::EveryDays(n, _) => {
                let repeats = stated.iter().any(|(p, _, r)| {
                    p.count == n
                        && p.unit == "days"
                        && lower
                            .get(r.start.saturating_sub(24)..r.start)
                            .is_some_and(|b| b.contains("every") || b.contains("each"))
                });
                (!repeats).then(|| format!("every {n} days"))
            }
            Timing::ByEndOfNextMonth(_) => (!lower.contains("month"))
                .then(|| String::from("by the end of the month after the month of its event")),
            _ => None,
        };
        if let Some(timing) = missing_timing {
            finder.push(
                problems,
                finder.whole(),
                DraftError::TimingNotInText {
                    rule: rule.id.clone(),
                    timing: timing.clone(),
                },
                "draft text",
                format!("say that it is due {timing}, or change the rule's timing"),
            );
        }
        for event in rule.effect.anchor_events() {
            let words = event_words(book, amendment, event);
            let missing: Vec<String> = stems(&words)
                .into_iter()
                .filter(|stem| !text_stems.contains(stem))
                .collect();
            if !missing.is_empty() {
                finder.push(
                    problems,
                    finder.whole(),
                    DraftError::EventNotInText {
                        rule: rule.id.clone(),
                        event: words.clone(),
                    },
                    "draft text",
                    format!("count the period from {words}, or change the rule's event"),
                );
            }
        }
    }
}
