//! The document tree as plain text and as Markdown, in the layout of a
//! bill: instructions, then the quoted matter with one unit per paragraph,
//! headings in capitals followed by an em dash.

use super::document::{Action, Drafted, Enactment, Instruction, Level, Unit};

const WIDTH: usize = 92;

/// How the two writers differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Markdown,
}

/// One proposal's amendment text, with the drafter's notes after it.
pub fn text(drafted: &Drafted) -> String {
    write(drafted, Style::Text)
}

/// The same in Markdown.
pub fn markdown(drafted: &Drafted) -> String {
    write(drafted, Style::Markdown)
}

/// Only the amendment text (no heading line, no notes): what the draft
/// check reads back, and what a drafter pastes.
pub fn bare_text(drafted: &Drafted) -> String {
    let mut out = String::new();
    for enactment in &drafted.enactments {
        enactment_text(&mut out, enactment, Style::Text);
    }
    out
}

fn write(drafted: &Drafted, style: Style) -> String {
    let mut out = match style {
        Style::Text => format!(
            "Proposal `{}` (PROPOSAL, not law): {}\n\n",
            drafted.proposal, drafted.title
        ),
        Style::Markdown => format!(
            "## {} (`{}`, proposal, not law)\n\n",
            drafted.title, drafted.proposal
        ),
    };
    for enactment in &drafted.enactments {
        enactment_text(&mut out, enactment, style);
    }
    if !drafted.notes.is_empty() {
        out.push_str(match style {
            Style::Text => "Drafter's notes (not part of the text):\n",
            Style::Markdown => "**Drafter's notes** (not part of the text):\n\n",
        });
        for note in &drafted.notes {
            match style {
                Style::Text => out.push_str(&wrap(note, "  - ", "    ")),
                Style::Markdown => {
                    out.push_str("- ");
                    out.push_str(note);
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out
}

fn enactment_text(out: &mut String, enactment: &Enactment, style: Style) {
    match enactment {
        Enactment::Amendments(instructions) => {
            // Several instructions are the subsections of the bill's section,
            // as the USLM output letters them.
            let lettered = instructions.len() > 1;
            for (i, instruction) in instructions.iter().enumerate() {
                let label = lettered.then(|| format!("({}) ", Level::Subsection.designation(i)));
                instruction_text(out, instruction, style, label.as_deref());
            }
        }
        Enactment::NewSection(unit) => {
            let mut lines = Vec::new();
            unit_lines(unit, 0, false, &mut lines);
            emit(out, &lines, style);
        }
    }
}

/// The phrase of one action, and the unit it quotes if any.
fn action_phrase(action: &Action) -> (String, Option<&Unit>) {
    match action {
        Action::AddAtEnd(unit) => (
            format!(
                "by adding at the end the following new {}:",
                unit.level.word()
            ),
            Some(unit),
        ),
        Action::StrikeInsert { strike, insert } => (
            format!("by striking \"{strike}\" and inserting \"{insert}\""),
            None,
        ),
        Action::AmendToRead(unit) => (
            format!(
                "by amending {} ({}) to read as follows:",
                unit.level.word(),
                unit.designation
            ),
            Some(unit),
        ),
        Action::StrikeUnit { level, designation } => (
            format!("by striking {} ({designation})", level.word()),
            None,
        ),
        Action::Redesignate { level, from, to } => (
            format!("by {}", super::document::redesignation(*level, from, to)),
            None,
        ),
    }
}

fn instruction_text(
    out: &mut String,
    instruction: &Instruction,
    style: Style,
    label: Option<&str>,
) {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let label = label.unwrap_or("");
    match instruction.actions.as_slice() {
        [one] => {
            let (phrase, unit) = action_phrase(one);
            let end = if unit.is_some() { "" } else { "." };
            lines.push((
                0,
                format!("{} is amended {phrase}{end}", instruction.target),
            ));
            if let Some(unit) = unit {
                unit_lines(unit, 1, true, &mut lines);
                close_quote(&mut lines);
            }
        }
        actions => {
            lines.push((0, format!("{label}{} is amended—", instruction.target)));
            let n = actions.len();
            for (i, action) in actions.iter().enumerate() {
                let (phrase, unit) = action_phrase(action);
                let end = if unit.is_some() {
                    ""
                } else if i + 2 < n {
                    ";"
                } else if i + 2 == n {
                    "; and"
                } else {
                    "."
                };
                lines.push((1, format!("({}) {phrase}{end}", i + 1)));
                if let Some(unit) = unit {
                    unit_lines(unit, 2, true, &mut lines);
                    close_quote(&mut lines);
                    if i + 1 < n
                        && let Some((_, last)) = lines.last_mut()
                    {
                        // `".` closes the last action only; others take `"; and`.
                        if let Some(stripped) = last.strip_suffix("\".") {
                            *last =
                                format!("{stripped}\"{}", if i + 2 == n { "; and" } else { ";" });
                        }
                    }
                }
            }
        }
    }
    emit(out, &lines, style);
}

/// Closes quoted matter: `".` after its last line.
fn close_quote(lines: &mut [(usize, String)]) {
    if let Some((_, last)) = lines.last_mut() {
        last.push_str("\".");
    }
}

/// The unit and its subunits as indented lines; quoted matter opens each
/// unit with a quotation mark, as bills print it.
fn unit_lines(unit: &Unit, depth: usize, quoted: bool, lines: &mut Vec<(usize, String)>) {
    let quote = if quoted { "\"" } else { "" };
    let heading = unit
        .heading
        .as_ref()
        .map(|h| format!("{}.—", h.trim_end_matches('.').to_uppercase()))
        .unwrap_or_default();
    let first = match unit.level {
        Level::Section => format!("{}{} {}", quote, unit.num(), heading.trim_end_matches('—')),
        _ => format!("{quote}{} {heading}{}", unit.num(), unit.text),
    };
    lines.push((depth, first.trim_end().to_string()));
    if unit.level == Level::Section && !unit.text.is_empty() {
        lines.push((depth + 1, format!("{quote}{}", unit.text)));
    }
    for child in &unit.children {
        unit_lines(child, depth + 1, quoted, lines);
    }
    if let Some(continuation) = &unit.continuation {
        lines.push((depth + 1, format!("{quote}{continuation}")));
    }
}

fn emit(out: &mut String, lines: &[(usize, String)], style: Style) {
    for (depth, line) in lines {
        match style {
            Style::Text => {
                let indent = "    ".repeat(*depth);
                out.push_str(&wrap(line, &indent, &format!("{indent}  ")));
            }
            Style::Markdown => {
                if *depth == 0 {
                    out.push_str(line);
                    out.push_str("\n\n");
                } else {
                    out.push_str("> ");
                    out.push_str(&"\u{a0}".repeat(4 * (depth - 1)));
                    out.push_str(line);
                    out.push_str("\n>\n");
                }
            }
        }
    }
    out.push('\n');
}

/// Wraps at `WIDTH` columns, the first line after `first`, the rest after `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}
