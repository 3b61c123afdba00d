//! Deadlines as an iCalendar file (RFC 5545): one event per concrete
//! deadline of an obligation that is required or depends on open facts,
//! with the body, the citation and its confidence, and an alarm a day
//! before. Same input, same bytes: the stamp is the date prepared.

use std::fmt::Write as _;

use crate::assessment::{Assessment, Outcome, Status};

/// Escapes text for a property value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    // Control characters (other than a line break) have no place in a
    // calendar, and could reach a terminal that prints it.
    let text: String = text
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets, never inside a character (§3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// `20250320T130000Z` from an RFC 9557 instant, or `20250320` from a date.
fn when(due: &str) -> Option<(bool, String)> {
    if let Ok(zoned) = due.parse::<jiff::ZonedDateTime>() {
        let utc = zoned.with_time_zone(jiff::tz::TimeZone::UTC);
        return Some((false, utc.strftime("%Y%m%dT%H%M%SZ").to_string()));
    }
    due.parse::<jiff::civil::Date>()
        .ok()
        .map(|d| (true, d.strftime("%Y%m%d").to_string()))
}

/// A stable id: the rule, the action's title and the due point.
fn uid(outcome: &Outcome, title: &str, due: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in title.bytes().chain(due.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}-{hash:016x}@oversight", outcome.texts.id)
}

/// The calendar; `prepared` (`YYYY-MM-DD`) is its time stamp.
pub fn render(assessment: &Assessment, prepared: &str) -> String {
    let stamp = prepared.replace('-', "") + "T000000Z";
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//oversight//deadlines//EN",
        "CALSCALE:GREGORIAN",
    ] {
        out.push_str(&fold(line));
    }
    out.push_str(&fold(&format!(
        "X-WR-CALNAME:{}",
        escape(&assessment.action.title)
    )));
    for outcome in &assessment.outcomes {
        if !matches!(outcome.status, Status::Required | Status::Depends) {
            continue;
        }
        let Some(due) = outcome.deadline.as_ref().and_then(|d| d.due.clone()) else {
            continue;
        };
        let Some((all_day, start)) = when(&due) else {
            continue;
        };
        let recipients = outcome
            .texts
            .recipients
            .clone()
            .unwrap_or_else(|| outcome.texts.to.join(", ").into());
        let what = outcome
            .texts
            .what
            .clone()
            .unwrap_or_else(|| outcome.texts.says.clone());
        let status = if outcome.status == Status::Required {
            "Due"
        } else {
            "May be due (depends on open facts)"
        };
        let summary = format!("{status}: {what} to {recipients}");
        let rule_words = outcome
            .deadline
            .as_ref()
            .map(|d| d.rule.clone())
            .unwrap_or_default();
        let description = format!(
            "{}\nBy: {}\nTo: {recipients}\nTiming: {rule_words}\nCitation: {} [{}] (rule {})\nAction: {}",
            outcome.texts.says,
            outcome.texts.by.clone().unwrap_or_default(),
            outcome.texts.citation,
            outcome.confidence,
            outcome.texts.id,
            assessment.action.title
        );
        let mut event = String::new();
        let _ = writeln!(event, "BEGIN:VEVENT");
        let _ = writeln!(
            event,
            "UID:{}",
            uid(outcome, &assessment.action.title, &due)
        );
        let _ = writeln!(event, "DTSTAMP:{stamp}");
        if all_day {
            let _ = writeln!(event, "DTSTART;VALUE=DATE:{start}");
        } else {
            let _ = writeln!(event, "DTSTART:{start}");
        }
        let _ = writeln!(event, "SUMMARY:{}", escape(&summary));
        let _ = writeln!(event, "DESCRIPTION:{}", escape(&description));
        let _ = writeln!(
            event,
            "CATEGORIES:{}",
            escape(&outcome.confidence.to_string())
        );
        let _ = writeln!(event, "BEGIN:VALARM");
        let _ = writeln!(event, "ACTION:DISPLAY");
        let _ = writeln!(event, "TRIGGER:-P1D");
        let _ = writeln!(
            event,
            "DESCRIPTION:{}",
            escape(&format!("Tomorrow: {summary}"))
        );
        let _ = writeln!(event, "END:VALARM");
        let _ = writeln!(event, "END:VEVENT");
        for line in event.lines() {
            out.push_str(&fold(line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_and_text_is_escaped() {
        let folded = fold(&"x".repeat(80));
        assert_eq!(
            folded,
            format!("{}\r\n {}\r\n", "x".repeat(75), "x".repeat(5))
        );
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(
            when("2025-03-20T09:00:00-04:00[America/New_York]"),
            Some((false, String::from("20250320T130000Z")))
        );
        assert_eq!(when("2025-04-10"), Some((true, String::from("20250410"))));
    }
}
