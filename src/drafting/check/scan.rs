//! Reading a draft text: periods (digits or words), amounts, whole-word
//! matches, struck words, unit designations, citations, sentence ends and
//! word stems. Nothing here knows the rules.

use std::ops::Range;

/// Which way a period runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    After,
    Before,
    /// "thereafter", "of", "within": read as agreeing with either.
    Other,
}

impl Direction {
    pub(super) fn word(self) -> &'static str {
        match self {
            Self::After => "after",
            Self::Before => "before",
            Self::Other => "within",
        }
    }
}

/// A period of days or hours, e.g. `7 days`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Period {
    pub(super) count: u32,
    pub(super) unit: &'static str,
}

impl Period {
    pub(super) fn show(&self) -> String {
        format!("{} {}", self.count, self.unit)
    }
}

/// Number words a statute may spell out, with their values.
pub(super) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// A number at `i` (digits, or words such as "forty-eight" or "one
/// hundred eighty"), with where it ends.
pub(super) fn number_at(text: &str, i: usize) -> Option<(u32, usize)> {
    let rest = text.get(i..)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok().map(|n| (n, i + digits.len()));
    }
    let word_at = |at: usize| -> Option<(u32, usize)> {
        let tail = text.get(at..)?;
        let word: String = tail.chars().take_while(char::is_ascii_alphabetic).collect();
        let lower = word.to_ascii_lowercase();
        NUMBER_WORDS
            .iter()
            .find(|(w, _)| *w == lower)
            .map(|(_, n)| (*n, at + word.len()))
    };
    let (mut value, mut end) = word_at(i)?;
    loop {
        let after = text.get(end..).unwrap_or("");
        if let Some(rest) = after.strip_prefix('-')
            && let Some((n, e)) = word_at(end + 1).filter(|(n, _)| *n < 10)
        {
            let _ = rest;
            value += n;
            end = e;
            continue;
        }
        let lower = after.to_ascii_lowercase();
        if lower.starts_with(" hundred") {
            value *= 100;
            end += " hundred".len();
            if let Some((n, e)) = word_at(end + 1).filter(|_| text.get(end..end + 1) == Some(" ")) {
                value += n;
                end = e;
            }
            continue;
        }
        if lower.starts_with(" and ")
            && let Some((n, e)) = word_at(end + 5).filter(|_| value >= 100)
        {
            value += n;
            end = e;
            continue;
        }
        break;
    }
    Some((value, end))
}

/// Every period of days, hours, business days, months or years in the text
/// (digits or words, "15-day period" too), with the direction word after
/// it and its byte range.
pub(super) fn periods_in(text: &str) -> Vec<(Period, Direction, Range<usize>)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0
            || !bytes.get(i - 1).is_some_and(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'$' | b',' | b'-')
            });
        let Some((count, end)) = number_at(text, i).filter(|_| boundary) else {
            i += 1;
            continue;
        };
        let rest = text.get(end..).unwrap_or("");
        let unit = [
            (" calendar days", "days"),
            (" calendar day", "days"),
            (" business days", "business days"),
            (" business day", "business days"),
            ("-business-day", "business days"),
            (" days", "days"),
            (" day", "days"),
            ("-day", "days"),
            (" hours", "hours"),
            (" hour", "hours"),
            ("-hour", "hours"),
            (" months", "months"),
            (" month", "months"),
            ("-month", "months"),
            (" years", "years"),
            (" year", "years"),
            ("-year", "years"),
        ]
        .into_iter()
        .find(|(word, _)| {
            rest.to_ascii_lowercase().starts_with(word)
                && !rest
                    .get(word.len()..)
                    .and_then(|t| t.chars().next())
                    .is_some_and(char::is_alphanumeric)
        });
        if let Some((word, unit)) = unit {
            let after = rest
                .get(word.len()..)
                .unwrap_or("")
                .trim_start()
                .to_ascii_lowercase();
            let after = after
                .strip_prefix("period")
                .map(str::trim_start)
                .unwrap_or(&after);
            let direction = if after.starts_with("after")
                || after.starts_with("following")
                || after.starts_with("beginning")
            {
                Direction::After
            } else if after.starts_with("before")
                || after.starts_with("prior to")
                || after.starts_with("preceding")
            {
                Direction::Before
            } else {
                Direction::Other
            };
            found.push((Period { count, unit }, direction, i..end + word.len()));
            i = end + word.len();
        } else {
            i = end.max(i + 1);
        }
    }
    found
}

/// Matches `needle` at the start of `hay`, a space in the needle matching
/// any run of whitespace, letters compared without case; returns the
/// length matched in `hay`.
pub(super) fn match_at(hay: &str, needle: &str) -> Option<usize> {
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
pub(super) fn find_all(hay: &str, needle: &str) -> Vec<Range<usize>> {
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
pub(super) fn forms(term: &str) -> Vec<String> {
    let plural = match term.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{term}s"),
    };
    vec![term.to_string(), plural]
}

pub(super) fn find_term(hay: &str, term: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = forms(term).iter().flat_map(|f| find_all(hay, f)).collect();
    found.sort_by_key(|r| r.start);
    found
}

/// The text with the words each "striking ..." instruction strikes blanked
/// out (same length, so every position still points into the file).
pub(super) fn without_struck(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (at, _) in text.match_indices("striking") {
        let rest = text.get(at + "striking".len()..).unwrap_or("");
        let trimmed = rest.trim_start();
        let open_at = at + "striking".len() + (rest.len() - trimmed.len());
        let (open_len, close): (usize, &[&str]) = if trimmed.starts_with("``") {
            (2, &["''"])
        } else if trimmed.starts_with('"') {
            (1, &["\""])
        } else if trimmed.starts_with('“') {
            ('“'.len_utf8(), &["”"])
        } else if trimmed.starts_with('\'') {
            (1, &["'"])
        } else if trimmed.starts_with('‘') {
            ('‘'.len_utf8(), &["’"])
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

/// Words too common to tell events apart.
pub(super) const STOP_WORDS: &[&str] = &[
    "date", "which", "that", "with", "from", "this", "after", "before", "when", "where", "such",
    "under", "into", "upon", "their", "there", "then", "them",
];

/// The distinctive words of a phrase, as four-letter stems ("opened" and
/// "opening" agree; "opened" and "closed" do not).
pub(super) fn stems(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| w.chars().take(4).collect())
        .collect()
}

/// Where the sentence at the start of `text` ends: a period that is not an
/// abbreviation's ("U.S.C.", "Pub. L."), or a semicolon.
pub(super) fn sentence_end(text: &str) -> usize {
    const ABBREVIATIONS: &[&str] = &["U.S.C", "U.S", "Pub", "L", "Stat", "No", "Sec", "sec"];
    for (at, c) in text.char_indices() {
        if c == ';' {
            return at;
        }
        if c != '.' {
            continue;
        }
        let next = text.get(at + 1..).and_then(|t| t.chars().next());
        if !next.is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '”' | '\'')) {
            continue;
        }
        let word: String = text
            .get(..at)
            .unwrap_or("")
            .chars()
            .rev()
            .take_while(|c| !c.is_whitespace() && *c != '(')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !ABBREVIATIONS.contains(&word.as_str()) {
            return at;
        }
    }
    text.len()
}

pub(super) fn amounts_in(text: &str) -> Vec<(u64, Range<usize>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('$') {
        let digits: String = text
            .get(at + 1..)
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        let digits = digits.trim_end_matches([',', '.']);
        let mut end = at + 1 + digits.len();
        let rest = text.get(end..).unwrap_or("").to_ascii_lowercase();
        let scale = [(" million", 1_000_000.0), (" billion", 1_000_000_000.0)]
            .into_iter()
            .find(|(word, _)| rest.starts_with(word));
        let number: Option<f64> = digits.replace(',', "").parse().ok();
        let value = match (number, scale) {
            (Some(n), Some((word, factor))) => {
                end += word.len();
                Some(n * factor)
            }
            (Some(n), None) => Some(n),
            _ => None,
        };
        if let Some(value) = value.filter(|v| v.is_finite() && *v >= 0.0) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            found.push((value.round() as u64, at..end));
        }
    }
    found
}

/// Designations at the start of a unit: after a line break, a quotation
/// mark, an em dash or a colon.
pub(super) fn unit_starts(text: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('(') {
        let before = text.get(..at).unwrap_or("").trim_end_matches([' ', '\t']);
        // A line break starts a unit only after the end of a sentence or a
        // heading: "paragraph\n(2)" is a cross-reference wrapped onto a line.
        let after_break = before.strip_suffix('\n').map(|b| {
            let b = b.trim_end();
            b.is_empty()
                || b.ends_with(['.', ':', ';', '"', '”', '—'])
                || b.ends_with("--")
                || b.ends_with("; and")
                || b.ends_with("; or")
        });
        let starts = before.is_empty()
            || after_break == Some(true)
            || before.ends_with(['"', '“', ':', '—'])
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

/// True when the unit start at `range` opens quoted matter (`"(d)`).
pub(super) fn quoted_start(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).unwrap_or("");
    before.ends_with(['"', '“']) || before.ends_with("``")
}

pub(super) fn is_roman(d: &str) -> bool {
    matches!(
        d,
        "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x"
    )
}

/// Every `N U.S.C. S` the text cites, with its place.
pub(super) fn citations_in(text: &str) -> Vec<(String, Range<usize>)> {
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

/// "section 4872(f)(2) of title 10" read as `10 U.S.C. 4872`.
pub(super) fn title_citations(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("section ") {
        let rest = text.get(at + "section ".len()..).unwrap_or("");
        let number: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let Some(of_title) = rest.find(" of title ") else {
            continue;
        };
        // Only the pinpoint may come between the number and "of title".
        let between = rest.get(number.len()..of_title).unwrap_or("x");
        if !between
            .chars()
            .all(|c| c == '(' || c == ')' || c.is_ascii_alphanumeric())
        {
            continue;
        }
        let title: String = rest
            .get(of_title + " of title ".len()..)
            .unwrap_or("")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !number.is_empty() && !title.is_empty() {
            found.push(format!("{title} U.S.C. {number}"));
        }
    }
    found
}

/// The base section of a citation: `50 U.S.C. 3003` of `50 U.S.C. 3003(7)`.
pub(super) fn base_section(usc: &str) -> &str {
    usc.split('(').next().unwrap_or(usc)
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
