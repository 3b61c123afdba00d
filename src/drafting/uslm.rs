//! The document tree as USLM 1.0 XML (United States Legislative Markup,
//! the House's and GPO's schema): a `<bill>` whose sections hold
//! `<amendingFormula>` instructions with `<quotedContent>`, or the new
//! section itself. `tests/uslm/` holds the schema it is validated against.

use std::fmt::Write as _;

use super::document::{Action, Drafted, Enactment, Instruction, Level, Unit};

/// Every rendered proposal as one USLM bill, a section per proposal.
pub fn bill(drafts: &[Drafted]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bill xmlns=\"http://xml.house.gov/schemas/uslm/1.0\">\n  <meta/>\n  <main>\n",
    );
    for drafted in drafts {
        for enactment in &drafted.enactments {
            match enactment {
                Enactment::Amendments(instructions) => {
                    let _ = writeln!(
                        out,
                        "    <section>\n      <num value=\"__\">SEC. __.</num>\n      <heading>{}.</heading>",
                        escape(&drafted.title)
                    );
                    if let [one] = instructions.as_slice() {
                        formula(&mut out, one, 6);
                    } else {
                        for (i, instruction) in instructions.iter().enumerate() {
                            let d = Level::Subsection.designation(i);
                            let _ = writeln!(
                                out,
                                "      <subsection>\n        <num value=\"{d}\">({d})</num>"
                            );
                            formula(&mut out, instruction, 8);
                            out.push_str("      </subsection>\n");
                        }
                    }
                    out.push_str("    </section>\n");
                }
                Enactment::NewSection(unit) => unit_xml(&mut out, unit, 4),
            }
        }
    }
    out.push_str("  </main>\n</bill>\n");
    out
}

/// `/us/usc/t50/s3092` from a target naming `50 U.S.C. 3092(c)`.
fn usc_href(target: &str) -> Option<String> {
    let (before, after) = target.split_once(" U.S.C. ")?;
    let title: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let section: String = after
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let mut href = format!("/us/usc/t{title}/s{section}");
    let rest = after.get(section.len()..).unwrap_or("");
    for part in rest.split(')').filter_map(|p| p.strip_prefix('(')) {
        href.push('/');
        href.push_str(part);
    }
    (!title.is_empty()).then_some(href)
}

fn formula(out: &mut String, instruction: &Instruction, indent: usize) {
    let pad = " ".repeat(indent);
    let href = usc_href(&instruction.target)
        .map(|h| format!(" href=\"{h}\""))
        .unwrap_or_default();
    let _ = write!(
        out,
        "{pad}<amendingFormula><ref{href}>{}</ref> is amended",
        escape(&instruction.target)
    );
    let n = instruction.actions.len();
    if n > 1 {
        out.push('—');
    }
    for (i, action) in instruction.actions.iter().enumerate() {
        if n > 1 {
            let _ = write!(out, " ({}) ", i + 1);
        } else {
            out.push(' ');
        }
        match action {
            Action::AddAtEnd(unit) => {
                let _ = write!(
                    out,
                    "<action type=\"add\" pos=\"end\">by adding at the end the following new {}</action>:<quotedContent>“",
                    unit.level.word()
                );
                out.push('\n');
                unit_xml(out, unit, indent + 2);
                let _ = write!(out, "{pad}”</quotedContent>");
            }
            Action::AmendToRead(unit) => {
                let _ = write!(
                    out,
                    "<action type=\"amend\">by amending {} ({}) to read as follows</action>:<quotedContent>“",
                    unit.level.word(),
                    unit.designation
                );
                out.push('\n');
                unit_xml(out, unit, indent + 2);
                let _ = write!(out, "{pad}”</quotedContent>");
            }
            Action::StrikeInsert { strike, insert } => {
                let _ = write!(
                    out,
                    "<action type=\"delete\">by striking</action> “<quotedText>{}</quotedText>” <action type=\"insert\">and inserting</action> “<quotedText>{}</quotedText>”",
                    escape(strike),
                    escape(insert)
                );
            }
            Action::StrikeUnit { level, designation } => {
                let _ = write!(
                    out,
                    "<action type=\"delete\">by striking {} ({designation})</action>",
                    level.word()
                );
            }
            Action::Redesignate { level, from, to } => {
                let _ = write!(
                    out,
                    "<action type=\"renumber\">by {}</action>",
                    escape(&super::document::redesignation(*level, from, to))
                );
            }
        }
        out.push_str(if i + 1 == n {
            "."
        } else if i + 2 == n {
            "; and"
        } else {
            ";"
        });
    }
    out.push_str("</amendingFormula>\n");
}

fn element(level: Level) -> &'static str {
    match level {
        Level::Section => "section",
        Level::Subsection => "subsection",
        Level::Paragraph => "paragraph",
        Level::Subparagraph => "subparagraph",
        Level::Clause => "clause",
    }
}

fn unit_xml(out: &mut String, unit: &Unit, indent: usize) {
    let pad = " ".repeat(indent);
    let name = element(unit.level);
    let _ = writeln!(
        out,
        "{pad}<{name}>\n{pad}  <num value=\"{}\">{}</num>",
        escape(&unit.designation),
        escape(&unit.num())
    );
    if let Some(heading) = &unit.heading {
        let end = if unit.level == Level::Section {
            "."
        } else {
            ".—"
        };
        let _ = writeln!(
            out,
            "{pad}  <heading>{}{end}</heading>",
            escape(heading.trim_end_matches('.'))
        );
    }
    if unit.children.is_empty() {
        let mut text = unit.text.clone();
        if let Some(continuation) = &unit.continuation {
            text.push(' ');
            text.push_str(continuation);
        }
        let _ = writeln!(out, "{pad}  <content>{}</content>", escape(&text));
    } else {
        if !unit.text.is_empty() {
            let _ = writeln!(out, "{pad}  <chapeau>{}</chapeau>", escape(&unit.text));
        }
        for child in &unit.children {
            unit_xml(out, child, indent + 2);
        }
        if let Some(continuation) = &unit.continuation {
            let _ = writeln!(
                out,
                "{pad}  <continuation>{}</continuation>",
                escape(continuation)
            );
        }
    }
    let _ = writeln!(out, "{pad}</{name}>");
}

/// Text safe inside an element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_citations_become_uslm_references() {
        assert_eq!(
            usc_href("Section 503(c) of the National Security Act of 1947 (50 U.S.C. 3093(c))")
                .as_deref(),
            Some("/us/usc/t50/s3093/c")
        );
        assert_eq!(usc_href("Section 2 of the Act"), None);
        assert_eq!(escape("a < b & c"), "a &lt; b &amp; c");
    }
}
