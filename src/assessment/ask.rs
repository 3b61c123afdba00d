//! `oversight ask`: an interview that completes an action's unknown facts.
//!
//! Each round evaluates the action, asks the top-ranked open question (the
//! fact whose answer decides the most undecided obligations), and writes the
//! answer into the action's text. Answers are checked by loading the edited
//! text exactly as a file would be, so the interview and `check` can never
//! disagree about what a valid answer is.

use std::io::{BufRead, Write};

use jiff::civil::Date;

use crate::assessment::build::{assess, choose_as_of};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input::action::{LoadedAction, load_action};
use crate::input::err::InputError;
use crate::model::{FactKind, RuleBook};
use crate::source::SourceFile;

/// How an interview ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// No open question is left.
    Complete,
    /// The user stopped (`q` or end of input) with questions still open.
    Stopped,
}

/// The result of an interview: the action text with every answer written in.
#[derive(Debug, Clone)]
pub struct Interview {
    /// The action file's text, answers inserted into its `facts` map.
    pub text: String,
    /// How many facts were answered.
    pub answered: usize,
    /// Why it ended.
    pub ending: Ending,
}

/// Runs the interview on `source`, reading answers from `input` and writing
/// questions to `output`. `as_of` is the command line's date, if any. With
/// `echo`, each answer is repeated after its prompt, so a transcript of piped
/// input reads like the session a person would have seen.
pub fn interview(
    book: &RuleBook,
    source: &SourceFile,
    dates: (Option<Date>, Date),
    echo: bool,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<Interview, Diagnostics> {
    let (as_of, today) = dates;
    let mut text = source.text.as_str().to_string();
    let mut skipped: Vec<String> = Vec::new();
    // Answers not accepted, per fact: after three the question is skipped,
    // so piped input can never loop.
    let mut strikes: Vec<(String, usize)> = Vec::new();
    let mut answered = 0;
    loop {
        let loaded = load_action(book, SourceFile::new(source.name.clone(), text.clone()))?;
        let (date, origin) = choose_as_of(&loaded.action, as_of, today);
        let assessment = assess(book, &loaded.action, date, origin);
        let open: Vec<_> = assessment
            .questions
            .iter()
            .filter(|q| !skipped.iter().any(|s| *s == *q.fact))
            .collect();
        let Some(question) = open.first() else {
            let ending = if assessment.questions.is_empty() {
                Ending::Complete
            } else {
                Ending::Stopped
            };
            let all_encoded = assessment
                .outcomes
                .iter()
                .all(|o| o.status != crate::assessment::Status::NotEncoded);
            say(
                output,
                &closing(ending, assessment.questions.len(), all_encoded),
            )?;
            say(output, &not_encoded_note(&assessment))?;
            return Ok(Interview {
                text,
                answered,
                ending,
            });
        };
        let kind = fact_kind(book, &question.fact);
        say(
            output,
            &format!(
                "\n[{} open] {}\n  fact `{}`, {}; decides {} obligation{} under {}\n  answer {} (or `skip`, `q` to stop): ",
                open.len(),
                question.question,
                question.fact,
                kind.map_or("a value", FactKind::describe),
                question.decides,
                if question.decides == 1 { "" } else { "s" },
                crate::output::distinct(&question.cites),
                answer_hint(kind),
            ),
        )?;
        let mut line = String::new();
        let read = input.read_line(&mut line).map_err(|error| {
            Diagnostics::one(Diagnostic::in_file(
                "standard input",
                InputError::CannotReadAnswer {
                    reason: error.to_string(),
                },
            ))
        })?;
        let answer = line.trim();
        if echo {
            say(output, &format!("{answer}\n"))?;
        }
        if read == 0 || answer == "q" || answer == "quit" {
            say(
                output,
                &closing(Ending::Stopped, assessment.questions.len(), true),
            )?;
            return Ok(Interview {
                text,
                answered,
                ending: Ending::Stopped,
            });
        }
        let is_list = matches!(kind, Some(FactKind::ChoiceSet(_)));
        let none = ["", "n", "no", "none", "[]"].contains(&answer.to_ascii_lowercase().as_str());
        if (answer.is_empty() && !is_list) || answer == "skip" || answer == "?" {
            skipped.push(question.fact.to_string());
            continue;
        }
        // For a list, Enter (or n, no, none) is the empty list: none of them.
        let value = if is_list && none {
            String::from("[]")
        } else {
            normalise(kind, answer)
        };
        let mut refuse = |reason: String, skipped: &mut Vec<String>| -> Result<(), Diagnostics> {
            let count = match strikes.iter_mut().find(|(f, _)| *f == *question.fact) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    strikes.push((question.fact.to_string(), 1));
                    1
                }
            };
            if count >= 3 {
                skipped.push(question.fact.to_string());
                say(
                    output,
                    &format!(
                        "  not a valid answer: {reason}; three answers were not accepted, so this question is skipped (expected {})\n",
                        answer_hint(kind)
                    ),
                )
            } else {
                say(
                    output,
                    &format!("  not a valid answer: {reason}; asked again\n"),
                )
            }
        };
        if !is_one_value(&value) {
            refuse(
                format!("expected one value ({})", answer_hint(kind)),
                &mut skipped,
            )?;
            continue;
        }
        let candidate = insert_fact(&text, &question.fact, &value);
        match load_action(
            book,
            SourceFile::new(source.name.clone(), candidate.clone()),
        ) {
            Ok(LoadedAction { .. }) => {
                text = candidate;
                answered += 1;
            }
            Err(errors) => {
                let first = errors
                    .0
                    .first()
                    .map_or_else(String::new, |d| d.message.clone());
                refuse(first, &mut skipped)?;
            }
        }
    }
}

fn say(output: &mut dyn Write, text: &str) -> Result<(), Diagnostics> {
    output
        .write_all(text.as_bytes())
        .and_then(|()| output.flush())
        .map_err(|error| {
            Diagnostics::one(Diagnostic::in_file(
                "standard output",
                InputError::CannotWrite {
                    reason: error.to_string(),
                },
            ))
        })
}

/// Lines left not encoded for their date once the questions are answered:
/// the tool cannot decide them; they are checked by hand.
fn not_encoded_note(assessment: &crate::assessment::Assessment) -> String {
    let rules: Vec<&str> = assessment
        .outcomes
        .iter()
        .filter(|o| o.status == crate::assessment::Status::NotEncoded)
        .map(|o| &*o.texts.id)
        .collect();
    if rules.is_empty() {
        String::new()
    } else {
        format!(
            "still not encoded for their date (check by hand): {}\n",
            rules.join(", ")
        )
    }
}

fn closing(ending: Ending, open: usize, all_encoded: bool) -> String {
    match ending {
        Ending::Complete if all_encoded => {
            "\nno open questions: every obligation is decided.\n".to_string()
        }
        Ending::Complete => "\nno open questions.\n".to_string(),
        Ending::Stopped => format!("\nstopped with {open} question(s) open.\n"),
    }
}

fn fact_kind<'a>(book: &'a RuleBook, fact: &str) -> Option<&'a FactKind> {
    let ix = book.vocabulary.fact_index.get(fact)?;
    book.vocabulary.facts.get(ix.0).map(|f| &f.kind)
}

fn answer_hint(kind: Option<&FactKind>) -> String {
    match kind {
        Some(FactKind::Flag) => "y or n".to_string(),
        Some(FactKind::Choice(values)) => format!("one of {}", values.join(", ")),
        Some(FactKind::ChoiceSet(values)) => {
            format!(
                "any of {} separated by commas, or Enter for none",
                values.join(", ")
            )
        }
        Some(FactKind::Country) => "a country code or name, e.g. RUS or Russia".to_string(),
        Some(FactKind::Amount) => "whole dollars".to_string(),
        Some(FactKind::Date) => "a date, YYYY-MM-DD".to_string(),
        None => "a RON value".to_string(),
    }
}

/// Turns a typed answer into the RON the action file would hold.
fn normalise(kind: Option<&FactKind>, answer: &str) -> String {
    let quoted = |s: &str| format!("{:?}", s.trim());
    match kind {
        Some(FactKind::Flag) => match answer.to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" => "true".to_string(),
            "n" | "no" | "false" => "false".to_string(),
            _ => answer.to_string(),
        },
        Some(FactKind::Choice(_) | FactKind::Country | FactKind::Date)
            if !answer.starts_with('"') =>
        {
            quoted(answer)
        }
        Some(FactKind::ChoiceSet(_)) if !answer.starts_with('[') => {
            let items: Vec<String> = answer
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(quoted)
                .collect();
            format!("[{}]", items.join(", "))
        }
        _ => answer.to_string(),
    }
}

/// Writes `"fact": value,` at the top of the action's `facts` map, or adds a
/// map after `Action(` when the file has none. Both places are found in the
/// file's structure (strings and comments skipped, nesting counted), never by
/// searching the text, so `facts:` in a title or a comment is not mistaken
/// for the map.
fn insert_fact(text: &str, fact: &str, value: &str) -> String {
    let entry = format!("\"{fact}\": {value}, // answered in `oversight ask`");
    let places = Structure::of(text);
    if let Some(open) = places.facts_open {
        let (head, tail) = text.split_at(open + 1);
        // The entry ends in a line comment: whatever followed the `{` on its
        // line (`facts: {"a": true}`) must move to a line of its own.
        let rest_of_line_is_blank = tail
            .trim_start_matches([' ', '\t'])
            .starts_with(['\n', '\r']);
        let separator = if rest_of_line_is_blank {
            ""
        } else {
            "\n        "
        };
        return format!("{head}\n        {entry}{separator}{tail}");
    }
    match places.action_open {
        Some(at) => {
            let (head, tail) = text.split_at(at + 1);
            format!("{head}\n    facts: {{\n        {entry}\n    }},{tail}")
        }
        None => text.to_string(),
    }
}

/// Where an answer can go in an action file, read from its structure.
#[derive(Debug, Default, PartialEq, Eq)]
struct Structure {
    /// Byte offset of the `(` that opens the top-level `Action(...)`.
    action_open: Option<usize>,
    /// Byte offset of the `{` that opens its `facts:` map.
    facts_open: Option<usize>,
}

impl Structure {
    /// Scans RON text as the parser reads it: string literals (with escapes,
    /// and raw strings `r#"..."#`), line and nested block comments are
    /// skipped; brackets are counted, so only the top level's `facts` counts.
    fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut found = Self::default();
        let mut depth = 0usize;
        let mut i = 0;
        // The last identifier seen at depth 1, and whether a `:` followed it.
        let mut key: Option<&str> = None;
        let mut after_colon = false;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = text
                        .get(i..)
                        .and_then(|t| t.find('\n'))
                        .map_or(bytes.len(), |n| i + n);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let mut nesting = 1;
                    i += 2;
                    while nesting > 0 && i < bytes.len() {
                        match (bytes.get(i), bytes.get(i + 1)) {
                            (Some(b'/'), Some(b'*')) => (nesting += 1, i += 2).1,
                            (Some(b'*'), Some(b'/')) => (nesting -= 1, i += 2).1,
                            _ => i += 1,
                        }
                    }
                    continue;
                }
                b'"' => {
                    i += 1;
                    while let Some(&c) = bytes.get(i) {
                        i += if c == b'\\' { 2 } else { 1 };
                        if c == b'"' {
                            break;
                        }
                    }
                    key = None;
                    continue;
                }
                b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                    let hashes = bytes
                        .get(i + 1..)
                        .map_or(0, |t| t.iter().take_while(|&&c| c == b'#').count());
                    if bytes.get(i + 1 + hashes) == Some(&b'"') {
                        let close = format!("\"{}", "#".repeat(hashes));
                        let start = i + 2 + hashes;
                        i = text
                            .get(start..)
                            .and_then(|t| t.find(&close))
                            .map_or(bytes.len(), |n| start + n + close.len());
                        key = None;
                        continue;
                    }
                }
                _ => {}
            }
            match b {
                b'(' | b'[' | b'{' => {
                    if depth == 0 && b == b'(' && found.action_open.is_none() {
                        found.action_open = Some(i);
                    }
                    if depth == 1 && b == b'{' && after_colon && key == Some("facts") {
                        found.facts_open.get_or_insert(i);
                    }
                    depth += 1;
                    key = None;
                    after_colon = false;
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    key = None;
                }
                b':' if depth == 1 => after_colon = key.is_some(),
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let end = bytes.get(i..).map_or(0, |t| {
                        t.iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                            .count()
                    });
                    if depth == 1 {
                        key = text.get(i..i + end);
                        after_colon = false;
                    }
                    i += end;
                    continue;
                }
                c if c.is_ascii_whitespace() => {}
                _ => {
                    if depth == 1 {
                        key = None;
                        after_colon = false;
                    }
                }
            }
            i += 1;
        }
        found
    }
}

/// True when an answer, as it will be written, is exactly one RON value:
/// `true, "finding_approved": true` is not, and would set two facts.
fn is_one_value(value: &str) -> bool {
    ron::from_str::<ron::Value>(value).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_goes_at_the_top_of_the_facts_map() {
        let text = "Action(\n    title: \"x\",\n    // facts: not here\n    facts: {\n        \"a\": true,\n    },\n)\n";
        let out = insert_fact(text, "b", "false");
        assert!(out.contains(
            "facts: {\n        \"b\": false, // answered in `oversight ask`\n        \"a\": true,"
        ));
    }

    #[test]
    fn an_answer_into_a_map_written_on_one_line_keeps_the_facts_after_it() {
        let text = "Action(title: \"x\", facts: {\"a\": true}, events: {})\n";
        let out = insert_fact(text, "b", "false");
        assert_eq!(
            out,
            "Action(title: \"x\", facts: {\n        \"b\": false, // answered in `oversight ask`\n        \"a\": true}, events: {})\n"
        );
    }

    #[test]
    fn facts_in_a_string_or_a_comment_are_not_the_map() {
        let text = "Action(\n    title: \"facts: {not the map}\", /* facts: { */\n    summary: r#\"Action( facts: {\"#,\n    facts: {\n        \"a\": true,\n    },\n)\n";
        let out = insert_fact(text, "b", "false");
        assert!(out.contains("title: \"facts: {not the map}\""), "{out}");
        assert!(out.contains("facts: {\n        \"b\": false, // answered in `oversight ask`\n        \"a\": true,"), "{out}");
        // No map at all, but `facts:` in the title: a map is added after `Action(`.
        let text = "// Action( in a comment\nAction(\n    title: \"facts: {\",\n)\n";
        let out = insert_fact(text, "b", "true");
        assert!(
            out.starts_with("// Action( in a comment\nAction(\n    facts: {\n        \"b\": true,"),
            "{out}"
        );
    }

    #[test]
    fn an_answer_must_be_one_value() {
        assert!(is_one_value("true"));
        assert!(is_one_value("[\"imagery\", \"sigint\"]"));
        assert!(!is_one_value("true, \"finding_approved\": true"));
        assert!(!is_one_value("true }"));
    }

    #[test]
    fn a_file_without_facts_gets_a_map() {
        let out = insert_fact("Action(\n    title: \"x\",\n)\n", "b", "true");
        assert!(out.starts_with("Action(\n    facts: {\n        \"b\": true,"));
    }

    #[test]
    fn flags_and_choices_are_written_as_ron() {
        assert_eq!(normalise(Some(&FactKind::Flag), "Y"), "true");
        assert_eq!(normalise(Some(&FactKind::Country), "RUS"), "\"RUS\"");
        assert_eq!(
            normalise(Some(&FactKind::ChoiceSet(vec![])), "ssci, hpsci"),
            "[\"ssci\", \"hpsci\"]"
        );
    }
}
