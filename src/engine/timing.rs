//! Deadlines: a rule's timing applied to an action's dated events.
//!
//! Hours are elapsed time (48 hours across a DST change is still 48 real
//! hours); days are calendar days, counted from the day after the event;
//! business days skip weekends and federal holidays. Qualitative terms ("as
//! soon as possible", "promptly", "in a timely fashion") are reported as
//! words, never turned into numbers: where the statute bounds them by an
//! event ("before initiation"), the bound is the concrete deadline.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Time};
use serde::Serialize;

use crate::engine::calendar::add_business_days;
use crate::input::action::{Action, EventTime};
use crate::model::texts::Text;
use crate::model::{EventIx, RuleBook, Timing};

/// A deadline as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The timing as the law states it, in words, e.g. `within 48 hours after the decision`.
    pub rule: Text,
    /// The concrete due point where the anchor is dated: an RFC 9557 instant
    /// (`2025-03-13T14:00:00-04:00[America/New_York]`) or a date (`2025-04-10`).
    pub due: Option<String>,
    /// The due point for people: `2025-03-13 14:00 EDT`, or `by 2025-04-10`.
    pub due_text: Option<String>,
    /// True when the duty must be done before the due point (not "by" it).
    pub strictly_before: bool,
    /// True when the law gives no number ("promptly", "as soon as possible").
    pub qualitative: bool,
    /// The event the timing counts from or towards.
    pub anchor: Option<Text>,
    /// For repeating duties: the period in days.
    pub repeats_every_days: Option<u32>,
    /// What is missing to make it concrete, if anything.
    pub missing: Option<Text>,
    /// Local date and time used to find the earliest deadline; not serialized.
    #[serde(skip)]
    pub sort_key: Option<DateTime>,
}

/// How an instant reads in a report: `2025-03-13 14:00 EDT`.
pub(crate) fn show_instant(zoned: &jiff::ZonedDateTime) -> String {
    zoned.strftime("%Y-%m-%d %H:%M %Z").to_string()
}

fn end_of(date: Date) -> DateTime {
    date.to_datetime(Time::MAX)
}

struct Anchor<'a> {
    name: Text,
    label: &'a str,
    /// `the date of ... is not given`.
    undated: Text,
    time: Option<&'a EventTime>,
}

fn anchor<'a>(book: &'a RuleBook, action: &'a Action, event: EventIx) -> Anchor<'a> {
    let prepared = book.prepared();
    Anchor {
        name: prepared
            .event_names
            .get(event.0)
            .cloned()
            .unwrap_or_else(|| Text::from("")),
        label: book.event_label(event),
        undated: prepared
            .event_undated
            .get(event.0)
            .cloned()
            .unwrap_or_else(|| Text::from("")),
        time: action.events.get(event.0).and_then(Option::as_ref),
    }
}

impl Deadline {
    fn words(rule: &Text, anchor: Option<&Anchor<'_>>) -> Self {
        Self {
            rule: rule.clone(),
            due: None,
            due_text: None,
            strictly_before: false,
            qualitative: false,
            anchor: anchor.map(|a| a.name.clone()),
            repeats_every_days: None,
            missing: None,
            sort_key: None,
        }
    }

    fn missing_date(mut self, anchor: &Anchor<'_>) -> Self {
        self.missing = Some(anchor.undated.clone());
        self
    }

    fn on_date(mut self, date: Date, prefix: &str) -> Self {
        self.due = Some(date.to_string());
        self.due_text = Some(format!("{prefix}{date}"));
        self.sort_key = Some(end_of(date));
        self
    }

    /// No deadline falls before the law that sets it took effect: a due
    /// point computed earlier than `from` (a "days before" count reaching back
    /// past the enactment) moves to `from`, and says so.
    pub(crate) fn not_before(mut self, from: Date) -> Self {
        let Some(key) = self.sort_key else {
            return self;
        };
        if key.date() >= from {
            return self;
        }
        let computed = self.due_text.clone().unwrap_or_default();
        self.due = Some(from.to_string());
        self.due_text = Some(format!("by {from}"));
        self.sort_key = Some(end_of(from));
        self.strictly_before = false;
        self.missing = Some(
            format!(
                "the count gives {computed}, before the law took effect on {from}; due on its first day"
            )
            .into(),
        );
        self
    }

    fn at_instant(mut self, zoned: &jiff::ZonedDateTime, prefix: &str) -> Self {
        self.due = Some(zoned.to_string());
        self.due_text = Some(format!("{prefix}{}", show_instant(zoned)));
        self.sort_key = Some(zoned.datetime());
        self
    }
}

/// The deadline of a timing for this action; `words` is the timing as the
/// law states it (`RuleTexts::timing`, built once per rule book).
pub(crate) fn deadline(
    book: &RuleBook,
    action: &Action,
    timing: &Timing,
    words: &Text,
) -> Deadline {
    match *timing {
        Timing::Before(event) => {
            let a = anchor(book, action, event);
            let mut d = Deadline::words(words, Some(&a));
            d.strictly_before = true;
            match a.time {
                Some(EventTime::At(z)) => d.at_instant(z, "before "),
                Some(EventTime::OnDay(date)) => d.on_date(*date, "before the event on "),
                None => d.missing_date(&a),
            }
        }
        Timing::WithinHours(hours, event) => {
            let a = anchor(book, action, event);
            let d = Deadline::words(words, Some(&a));
            match a.time {
                Some(EventTime::At(z)) => match z.checked_add(i64::from(hours).hours()) {
                    Ok(due) => d.at_instant(&due, "by "),
                    Err(_) => d,
                },
                Some(EventTime::OnDay(date)) => {
                    // The time of day is unknown: the latest possible end is the
                    // end of the day the hours run out on. Say so, and give the
                    // cautious reading (the event at the start of its day).
                    let days = i64::from(hours.div_ceil(24));
                    let start = date
                        .to_datetime(jiff::civil::Time::midnight())
                        .to_zoned_datetime(action.timezone.clone())
                        .ok()
                        .and_then(|z| z.checked_add(i64::from(hours).hours()).ok());
                    match date.checked_add(days.days()) {
                        Ok(last) => {
                            let mut d = d.on_date(last, "by the end of ");
                            let cautious = start
                                .map(|z| {
                                    format!(
                                        "; if it was at the start of that day, by {}",
                                        show_instant(&z)
                                    )
                                })
                                .unwrap_or_default();
                            d.missing = Some(
                                format!(
                                    "the time of day of {} is not given: read as the end of {date}{cautious}",
                                    a.label
                                )
                                .into(),
                            );
                            d
                        }
                        Err(_) => d,
                    }
                }
                None => d.missing_date(&a),
            }
        }
        Timing::WithinDays(days, event) => {
            let a = anchor(book, action, event);
            let d = Deadline::words(words, Some(&a));
            match a.time.map(EventTime::date) {
                Some(date) => match date.checked_add(i64::from(days).days()) {
                    Ok(due) => d.on_date(due, "by "),
                    Err(_) => d,
                },
                None => d.missing_date(&a),
            }
        }
        Timing::WithinBusinessDays(days, event) => {
            let a = anchor(book, action, event);
            let d = Deadline::words(words, Some(&a));
            match a.time.map(EventTime::date) {
                Some(date) => match add_business_days(date, days) {
                    Some(due) => d.on_date(due, "by "),
                    None => d,
                },
                None => d.missing_date(&a),
            }
        }
        Timing::DaysBefore(days, event) => {
            let a = anchor(book, action, event);
            let d = Deadline::words(words, Some(&a));
            match a.time.map(EventTime::date) {
                Some(date) => match date.checked_sub(i64::from(days).days()) {
                    Ok(due) => d.on_date(due, "by "),
                    Err(_) => d,
                },
                None => d.missing_date(&a),
            }
        }
        Timing::AsSoonAsPossible(after, before) => {
            let start = anchor(book, action, after);
            let Some(before) = before else {
                let mut d = Deadline::words(words, Some(&start));
                d.qualitative = true;
                return d;
            };
            let end = anchor(book, action, before);
            let mut d = Deadline::words(words, Some(&end));
            d.qualitative = true;
            d.strictly_before = true;
            match end.time {
                Some(EventTime::At(z)) => d.at_instant(z, "before "),
                Some(EventTime::OnDay(date)) => d.on_date(*date, "before the event on "),
                None => d.missing_date(&end),
            }
        }
        Timing::Promptly(after) | Timing::Immediately(after) | Timing::TimelyFashion(after) => {
            let start = after.map(|e| anchor(book, action, e));
            let mut d = Deadline::words(words, start.as_ref());
            d.qualitative = true;
            // "Immediately" after a dated event is the most urgent line of all:
            // order it at the event and show the event's time, without
            // claiming a concrete deadline.
            if let (Timing::Immediately(_), Some(EventTime::At(z))) =
                (timing, start.as_ref().and_then(|a| a.time))
            {
                d.due_text = Some(format!("immediately after {}", show_instant(z)));
                d.sort_key = Some(z.datetime());
            }
            d
        }
        Timing::EveryDays(days, event) => {
            let a = anchor(book, action, event);
            let mut d = Deadline::words(words, Some(&a));
            d.repeats_every_days = Some(days);
            match a.time.map(EventTime::date) {
                Some(date) => match date.checked_add(i64::from(days).days()) {
                    Ok(due) => d.on_date(due, "first by "),
                    Err(_) => d,
                },
                None => d.missing_date(&a),
            }
        }
        Timing::ByEndOfNextMonth(event) => {
            let a = anchor(book, action, event);
            let d = Deadline::words(words, Some(&a));
            match a.time.map(EventTime::date) {
                Some(date) => match end_of_next_month(date) {
                    Some(due) => d.on_date(due, "by "),
                    None => d,
                },
                None => d.missing_date(&a),
            }
        }
        Timing::OnRequest => Deadline::words(words, None),
        Timing::NotStated => {
            let mut d = Deadline::words(words, None);
            d.qualitative = true;
            d
        }
    }
}
/// The last day of the month after `date`'s month (31 Jan for any day of
/// December).
fn end_of_next_month(date: Date) -> Option<Date> {
    let first_of_month = date.first_of_month();
    let first_after_next = first_of_month.checked_add(2.months()).ok()?;
    first_after_next.yesterday().ok()
}
