//! Action files: a described action, checked against the vocabulary.

use std::collections::HashMap;

use jiff::ZonedDateTime;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use super::err::InputError;
use crate::compile::parse_date;
use crate::countries::Country;
use crate::countries::country_name_problem;
use crate::diagnostic::MAX_SHOWN;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{FactKind, RuleBook};
use crate::parse::parse;
use crate::source::{SourceFile, Spanned};
use crate::syntax::{ActionFile, Entries, ExpectDecl, Name};

/// The time zone used when an action names none.
pub const DEFAULT_TIMEZONE: &str = "America/New_York";

/// Today's date in Washington ([`DEFAULT_TIMEZONE`]), the as-of date when
/// none is given. Taken from the bundled database so that no run has to
/// discover the machine's own time zone.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(default_timezone())
        .date()
}

/// [`DEFAULT_TIMEZONE`] from the bundled database (UTC only if the bundle
/// lacked it, which the unit tests rule out).
fn default_timezone() -> TimeZone {
    timezones().get(DEFAULT_TIMEZONE).unwrap_or(TimeZone::UTC)
}

/// The time zone database bundled in the binary. Using it rather than the
/// system's `/usr/share/zoneinfo` makes deadlines the same on every machine
/// and spares each run a walk of that directory (most of `check`'s start-up
/// cost before this change).
pub(crate) fn timezones() -> &'static jiff::tz::TimeZoneDatabase {
    static DATABASE: std::sync::OnceLock<jiff::tz::TimeZoneDatabase> = std::sync::OnceLock::new();
    DATABASE.get_or_init(jiff::tz::TimeZoneDatabase::bundled)
}

/// A stated fact value, typed by the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactValue {
    /// A flag.
    Flag(bool),
    /// The index of a choice.
    Choice(usize),
    /// Bits of the chosen values.
    Set(u64),
    /// An ISO 3166-1 alpha-3 code.
    Country(Country),
    /// Whole dollars.
    Amount(u64),
    /// A date.
    Date(Date),
}

impl FactValue {
    /// The value as it is written in an action file, or `None` when it does
    /// not fit the fact's type.
    pub(crate) fn written(&self, kind: &crate::model::FactKind) -> Option<String> {
        use crate::model::FactKind;
        Some(match (self, kind) {
            (Self::Flag(b), _) => b.to_string(),
            (Self::Choice(i), FactKind::Choice(values)) => {
                format!("{:?}", values.get(*i).map_or("", String::as_str))
            }
            (Self::Set(bits), FactKind::ChoiceSet(values)) => {
                let chosen: Vec<String> = crate::model::chosen(values, *bits)
                    .map(|v| format!("{v:?}"))
                    .collect();
                format!("[{}]", chosen.join(", "))
            }
            (Self::Country(code), _) => format!("{:?}", code.code()),
            (Self::Amount(n), _) => n.to_string(),
            (Self::Date(d), _) => format!("\"{d}\""),
            _ => return None,
        })
    }
}

/// When an event happened or is planned.
#[derive(Debug, Clone, PartialEq)]
pub enum EventTime {
    /// A known instant in the action's time zone.
    At(ZonedDateTime),
    /// A known day, time of day not given.
    OnDay(Date),
}

impl EventTime {
    /// The calendar day of the event.
    pub fn date(&self) -> Date {
        match self {
            Self::At(zoned) => zoned.date(),
            Self::OnDay(date) => *date,
        }
    }
}

/// A validated action: facts and events by vocabulary index.
#[derive(Debug, Clone)]
pub struct Action {
    /// The file it came from.
    pub file: String,
    /// Short title.
    pub title: String,
    /// Longer description.
    pub summary: Option<String>,
    /// One slot per vocabulary fact; `None` is unknown.
    pub facts: Vec<Option<FactValue>>,
    /// One slot per vocabulary event; `None` is undated.
    pub events: Vec<Option<EventTime>>,
    /// IANA name of the time zone.
    pub timezone_name: String,
    /// The time zone.
    pub timezone: TimeZone,
    /// The as-of date the action names, if any.
    pub as_of: Option<Date>,
    /// Warnings about how the file was read, one line each
    /// (`file:line:column: message`), carried into the report.
    pub warnings: Vec<String>,
}

impl Action {
    /// An action with every fact unknown and no events, in the default zone.
    pub fn empty(book: &RuleBook, title: &str) -> Self {
        Self {
            file: String::new(),
            title: title.to_string(),
            summary: None,
            facts: vec![None; book.vocabulary.facts.len()],
            events: vec![None; book.vocabulary.events.len()],
            timezone_name: DEFAULT_TIMEZONE.to_string(),
            timezone: default_timezone(),
            as_of: None,
            warnings: Vec::new(),
        }
    }

    /// The earliest dated event's day.
    pub(crate) fn earliest_event_date(&self) -> Option<Date> {
        self.events.iter().flatten().map(EventTime::date).min()
    }
}

/// An action file as loaded: the action, and its expectations if it is a scenario.
#[derive(Debug)]
pub struct LoadedAction {
    /// The validated action.
    pub action: Action,
    /// What the scenario expects, if anything.
    pub expect: Option<ExpectDecl>,
    /// The file, kept for pointing at expectations.
    pub source: SourceFile,
    /// What was read but deserves a word (a local time a daylight-saving
    /// change skips or repeats), for the command line to show.
    pub warnings: Diagnostics,
}

/// Parses and validates an action file against the rule book's vocabulary.
/// Every problem in the file is reported, not just the first.
pub fn load_action(book: &RuleBook, source: SourceFile) -> Result<LoadedAction, Diagnostics> {
    let file: ActionFile = parse(&source)?;
    let mut diagnostics = Diagnostics::default();
    let vocabulary = &book.vocabulary;
    let mut action = Action::empty(book, &file.title);
    action.file = source.name.clone();
    action.summary = file.summary.clone();

    diagnostics.extend(repeated_keys(&source, &file.facts, "fact"));
    diagnostics.extend(repeated_keys(&source, &file.events, "event"));
    if let Some(expect) = &file.expect {
        diagnostics.extend(repeated_keys(
            &source,
            &expect.deadlines,
            "deadline for rule",
        ));
    }

    let mut unknown_facts = 0;
    for (name, value) in &file.facts {
        let Some(&ix) = vocabulary.fact_index.get(name.as_str()) else {
            let diagnostic = Diagnostic::at_value(
                &source,
                name,
                InputError::UnknownFact {
                    name: name.value.clone(),
                },
            )
            .with_label("not in the vocabulary");
            // Facts are read in file order, so only the first unknown ones
            // can be among the problems a report shows; finding the nearest
            // names for the rest would cost time and show nothing.
            unknown_facts += 1;
            diagnostics.push(if unknown_facts <= MAX_SHOWN {
                let names: Vec<&str> = vocabulary.facts.iter().map(|f| f.name.as_str()).collect();
                diagnostic.with_suggestion(name.as_str(), names, "fact")
            } else {
                diagnostic.with_help("`oversight vocab` lists the facts")
            });
            continue;
        };
        let Some(def) = vocabulary.facts.get(ix.0) else {
            continue;
        };
        match fact_value(&source, &def.name, &def.kind, value) {
            Ok(typed) => {
                if let Some(slot) = action.facts.get_mut(ix.0) {
                    *slot = Some(typed);
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }

    let timezone_name = file
        .timezone
        .as_ref()
        .map_or(DEFAULT_TIMEZONE, |t| t.as_str())
        .to_string();
    match timezones().get(&timezone_name) {
        Ok(tz) => action.timezone = tz,
        Err(_) => {
            let names: Vec<String> = timezones().available().map(|n| n.to_string()).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let diagnostic = match &file.timezone {
                Some(t) => Diagnostic::at_value(
                    &source,
                    t,
                    InputError::UnknownTimeZone {
                        name: timezone_name.clone(),
                    },
                ),
                None => Diagnostic::in_file(
                    &source.name,
                    InputError::UnknownTimeZone {
                        name: timezone_name.clone(),
                    },
                ),
            };
            diagnostics.push(
                diagnostic
                    .with_label("not an IANA time zone")
                    .with_suggestion(&timezone_name, names, "time zone"),
            );
        }
    }
    action.timezone_name = timezone_name;

    let mut warnings = Vec::new();
    for (name, when) in &file.events {
        let Some(&ix) = vocabulary.event_index.get(name.as_str()) else {
            let names: Vec<&str> = vocabulary.events.iter().map(|e| e.name.as_str()).collect();
            diagnostics.push(
                Diagnostic::at_value(
                    &source,
                    name,
                    InputError::UnknownEvent {
                        name: name.value.clone(),
                    },
                )
                .with_label("not in the vocabulary's events")
                .with_suggestion(name.as_str(), names, "event"),
            );
            continue;
        };
        match event_time(&source, when, &action.timezone) {
            Ok((time, warning)) => {
                if let Some(slot) = action.events.get_mut(ix.0) {
                    *slot = Some(time);
                }
                warnings.extend(warning);
            }
            Err(d) => diagnostics.push(d),
        }
    }

    if let Some(as_of) = &file.as_of {
        match parse_date(&source, as_of) {
            Ok(date) => action.as_of = Some(date),
            Err(d) => diagnostics.push(d),
        }
    }

    action.warnings = warnings.iter().map(Diagnostic::plain_line).collect();
    diagnostics.into_result(LoadedAction {
        action,
        expect: file.expect,
        source,
        warnings: Diagnostics(warnings),
    })
}

/// One error for each key written again in the same map, pointing at the
/// repeat: a map keeps only one value per key, so the file is ambiguous.
fn repeated_keys<V>(
    source: &SourceFile,
    entries: &Entries<Name, V>,
    what: &str,
) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<&str, &Name> = HashMap::new();
    let mut diagnostics = Vec::new();
    for key in entries.keys() {
        match first_seen.get(key.as_str()) {
            Some(first) => {
                let first_line = first
                    .span_in(source)
                    .map(|span| source.line_col(span.start).0);
                let help = match first_line {
                    Some(line) => format!("it is first given on line {line}; keep one of them"),
                    None => String::from("keep one of them"),
                };
                diagnostics.push(
                    Diagnostic::at_value(
                        source,
                        key,
                        InputError::GivenTwice {
                            what: what.to_string(),
                            name: key.value.clone(),
                        },
                    )
                    .with_label("given again here")
                    .with_help(help),
                );
            }
            None => {
                first_seen.insert(key.as_str(), key);
            }
        }
    }
    diagnostics
}

fn fact_value(
    source: &SourceFile,
    name: &str,
    kind: &FactKind,
    value: &Spanned<ron::Value>,
) -> Result<FactValue, Diagnostic> {
    let wrong = |expected: &str, example: &str| {
        Diagnostic::at_value(
            source,
            value,
            InputError::WrongType {
                name: name.to_string(),
                kind: kind.describe().to_string(),
            },
        )
        .with_label(format!("expected {expected}"))
        .with_help(format!("write it as {example}"))
    };
    let text = |v: &ron::Value| v.clone().into_rust::<String>().ok();
    match kind {
        FactKind::Flag => value
            .value
            .clone()
            .into_rust::<bool>()
            .map(FactValue::Flag)
            .map_err(|_| wrong("true or false", "`true` or `false`")),
        FactKind::Amount => value
            .value
            .clone()
            .into_rust::<u64>()
            .map(FactValue::Amount)
            .map_err(|_| wrong("a whole number of dollars", "`2500000` or `2_500_000`")),
        FactKind::Date => {
            let Some(date_text) = text(&value.value) else {
                return Err(wrong("a date", "`\"2025-03-11\"`"));
            };
            date_text
                .parse::<Date>()
                .map(FactValue::Date)
                .map_err(|_| wrong("a date", "`\"2025-03-11\"`"))
        }
        FactKind::Country => {
            let Some(code) = text(&value.value) else {
                return Err(wrong("a country code or name", "`\"RUS\"` or `\"Russia\"`"));
            };
            if let Some(country) = Country::parse(&code) {
                Ok(FactValue::Country(country))
            } else {
                Err(country_name_problem(source, &value.map_to(code)))
            }
        }
        FactKind::Choice(choices) => {
            let Some(choice) = text(&value.value) else {
                return Err(wrong(
                    "one of its values",
                    &format!(
                        "one of {}",
                        crate::diagnostic::quoted_list(
                            &choices.iter().map(String::as_str).collect::<Vec<_>>()
                        )
                    ),
                ));
            };
            choices
                .iter()
                .position(|c| *c == choice)
                .map(FactValue::Choice)
                .ok_or_else(|| {
                    Diagnostic::at_value(
                        source,
                        value,
                        InputError::UnknownValue {
                            value: choice.clone(),
                            name: name.to_string(),
                        },
                    )
                    .with_label("unknown value")
                    .with_suggestion(
                        &choice,
                        choices.iter().map(String::as_str),
                        "value",
                    )
                })
        }
        FactKind::ChoiceSet(choices) => {
            let Ok(items) = value.value.clone().into_rust::<Vec<String>>() else {
                return Err(wrong("a list of its values", "`[\"a\", \"b\"]`"));
            };
            let mut bits = 0u64;
            for item in &items {
                match choices.iter().position(|c| c == item) {
                    Some(bit) => bits |= 1u64 << bit,
                    None => {
                        return Err(Diagnostic::at_value(
                            source,
                            value,
                            InputError::UnknownValue {
                                value: item.to_string(),
                                name: name.to_string(),
                            },
                        )
                        .with_label("unknown value in this list")
                        .with_suggestion(
                            item,
                            choices.iter().map(String::as_str),
                            "value",
                        ));
                    }
                }
            }
            Ok(FactValue::Set(bits))
        }
    }
}

/// Reads an event time. A date-time with an offset (`Z`, `+09:00`) or a
/// zone (`[Asia/Tokyo]`) is that instant, shown in the action's zone; a
/// date-time without one is local time in the action's zone; a date alone is
/// a day. A local time that the zone skips (spring forward) or repeats
/// (autumn fold) has two readings: the earlier instant is used, which gives
/// the earlier, cautious deadline, and the warning names both.
fn event_time(
    source: &SourceFile,
    text: &Spanned<String>,
    tz: &TimeZone,
) -> Result<(EventTime, Option<Diagnostic>), Diagnostic> {
    let problem = |detail: String| {
        Diagnostic::at_value(
            source,
            text,
            InputError::InvalidTime {
                text: text.value.clone(),
            },
        )
            .with_label("not a date or date and time")
            .with_help(format!("write `YYYY-MM-DDTHH:MM` (local time in the action's time zone), `YYYY-MM-DD`, or an instant with its offset or zone such as `2025-03-08T10:00+09:00[Asia/Tokyo]`{detail}"))
    };
    let written = text.as_str();
    if written.len() == 10 {
        return written
            .parse::<Date>()
            .map(|date| (EventTime::OnDay(date), None))
            .map_err(|e| problem(format!(" ({e})")));
    }
    let parser = jiff::fmt::temporal::DateTimeParser::new();
    // `CLOCK[ZONE]`, where the zone may be flagged critical (`[!Zone]`) and
    // further annotations (`[u-ca=iso8601]`) may follow.
    let (clock, zone) = match written.split_once('[') {
        Some((clock, rest)) => {
            let name = rest.split(']').next().unwrap_or(rest);
            (clock, Some(name.trim_start_matches('!')))
        }
        None => (written, None),
    };
    let has_offset = clock
        .get(10..)
        .is_some_and(|time| time.contains(['Z', 'z', '+', '-']));
    if has_offset {
        // An instant: with its offset, and its zone if named, it is exact.
        let instant = if zone.is_some() {
            parser
                .parse_zoned_datetime_with(timezones(), written)
                .map(|z| z.timestamp())
        } else {
            parser.parse_timestamp(written)
        };
        return instant
            .map(|instant| (EventTime::At(instant.to_zoned_datetime(tz.clone())), None))
            .map_err(|e| problem(format!(" ({e})")));
    }
    // A local time, in a named zone or the action's: a daylight-saving gap or
    // fold is resolved below, the cautious way, with a warning.
    let local_zone = match zone {
        Some(name) => match timezones().get(name) {
            Ok(zone) => zone,
            // Not a zone name (an offset written as the zone, `[+02:00]`):
            // the full parser reads it as an exact instant.
            Err(e) => {
                return parser
                    .parse_zoned_datetime_with(timezones(), written)
                    .map(|z| (EventTime::At(z.with_time_zone(tz.clone())), None))
                    .map_err(|_| problem(format!(" (unknown time zone `{name}`: {e})")));
            }
        },
        None => tz.clone(),
    };
    let civil = clock
        .parse::<DateTime>()
        .map_err(|e| problem(format!(" ({e})")))?;
    let ambiguous = local_zone.to_ambiguous_zoned_datetime(civil);
    let kind = match ambiguous.offset() {
        jiff::tz::AmbiguousOffset::Unambiguous { .. } => None,
        jiff::tz::AmbiguousOffset::Gap { .. } => Some("does not exist"),
        jiff::tz::AmbiguousOffset::Fold { .. } => Some("happens twice"),
    };
    let earlier = ambiguous
        .clone()
        .earlier()
        .map_err(|e| problem(format!(" ({e})")))?;
    let warning = match kind {
        Some(kind) => {
            let later = ambiguous.later().map_err(|e| problem(format!(" ({e})")))?;
            let show = |z: &ZonedDateTime| z.strftime("%Y-%m-%d %H:%M %Z (UTC%:z)").to_string();
            Some(
                Diagnostic::at_value(
                    source,
                    text,
                    InputError::AmbiguousTime {
                        written: written.to_string(),
                        kind: kind.to_string(),
                        zone: local_zone
                            .iana_name()
                            .unwrap_or("the action's zone")
                            .to_string(),
                        chosen: show(&earlier),
                        earlier: show(&earlier),
                        later: show(&later),
                    },
                )
                .with_label("a daylight-saving change")
                .with_help("the earlier reading gives the earlier, cautious deadline; write the instant with its offset (e.g. `-04:00`) to choose the other"),
            )
        }
        None => None,
    };
    Ok((EventTime::At(earlier.with_time_zone(tz.clone())), warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_database_has_the_default_zone_and_today_is_a_real_date() {
        assert!(timezones().get(DEFAULT_TIMEZONE).is_ok());
        assert_ne!(default_timezone(), TimeZone::UTC);
        assert!(today() > jiff::civil::date(2026, 1, 1));
    }
}
