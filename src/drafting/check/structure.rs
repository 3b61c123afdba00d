//! The shape of the amendment: instructions against the recorded changes,
//! designations against the computed letter, and citations.

use super::Finder;
use super::scan::*;
use crate::diagnostic::Diagnostic;
use crate::drafting::err::DraftError;
use crate::model::{Amendment, Placement, RuleBook};
use crate::syntax::ProposalFile;

/// "by striking subsection (f)", "by striking \"...\"": each instruction
/// the text gives must be a change the proposal records, and the other way
/// round.
pub(super) fn check_instructions(
    amendment: &Amendment,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut recorded: Vec<(String, String)> = Vec::new();
    for change in &amendment.changes {
        match change {
            crate::model::LawChange::Repealed {
                pinpoint,
                shared_with,
                section,
                ..
            } if shared_with.is_empty() && section.structure.iter().any(|s| s == pinpoint) => {
                let chain = crate::drafting::build::designations(pinpoint);
                if let Some(last) = chain.last() {
                    let level = crate::drafting::document::Level::of_designation(last, chain.len());
                    recorded.push((
                        format!("striking {} ({last})", level.word()),
                        format!("repeals {pinpoint} of {}", section.usc),
                    ));
                }
            }
            crate::model::LawChange::Replaced {
                strike: Some(strike),
                pinpoint,
                section,
                ..
            } => recorded.push((
                format!(
                    "striking \"{}\"",
                    strike.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
                format!("strikes \"{strike}\" in {}{pinpoint}", section.usc),
            )),
            _ => {}
        }
    }
    let normalized = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['“', '”'], "\"")
    };
    // Instructions in the text: "striking subsection (x)" and "striking "...""
    let flat = normalized(text);
    let mut stated: Vec<String> = Vec::new();
    for (at, _) in flat.match_indices("striking ") {
        let rest = flat.get(at..).unwrap_or("");
        let unit = ["subsection", "paragraph", "subparagraph", "clause"]
            .iter()
            .find_map(|w| {
                let tail = rest
                    .strip_prefix("striking ")?
                    .strip_prefix(w)?
                    .strip_prefix(" (")?;
                let close = tail.find(')')?;
                Some(format!("striking {w} ({})", tail.get(..close)?))
            });
        let after = rest.strip_prefix("striking ").unwrap_or("");
        let quoted = [("``", "''"), ("\"", "\""), ("'", "'"), ("‘", "’")]
            .iter()
            .find_map(|(open, close)| {
                let tail = after.strip_prefix(open)?;
                tail.find(close).and_then(|end| tail.get(..end))
            });
        let phrase = quoted.map(|p| format!("striking \"{p}\""));
        if let Some(instruction) = unit.or(phrase) {
            stated.push(instruction);
        }
    }
    // The raw text's whitespace differs from `flat`: point at the literal.
    for instruction in &stated {
        if !recorded.iter().any(|(r, _)| r == instruction) {
            let needle = instruction.replace('"', "");
            let range = find_all(text, needle.trim_end()).first().cloned();
            finder.push(
                problems,
                range.map_or_else(|| finder.whole(), |r| finder.at(&r)),
                DraftError::InstructionNotInRules { instruction: instruction.clone() },
                "no such change",
                String::from("the proposal's `changes` say what it repeals (`RepealRule`) and strikes (`ReplaceRule` with `strike`)"),
            );
        }
    }
    for (instruction, change) in &recorded {
        if !stated.contains(instruction) {
            finder.push(
                problems,
                finder.whole(),
                DraftError::InstructionNotInText {
                    change: change.clone(),
                },
                "draft text",
                format!("write \"by {instruction}\""),
            );
        }
    }
}

pub(super) fn check_designations(
    book: &RuleBook,
    amendment: &Amendment,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let starts = unit_starts(text);
    if let Placement::Subsection {
        section, letter, ..
    } = &amendment.placement
    {
        // Every subsection letter the text quotes at the start of a unit
        // (the bill's own "(a) In General.--" is not quoted): each must be
        // the one letter the proposal adds.
        let quoted_letters = starts.iter().filter(|(d, r)| {
            quoted_start(text, r)
                && d.chars().all(|c| c.is_ascii_lowercase())
                && d.len() <= 2
                && !(is_roman(d) && d != letter)
        });
        for (stated, range) in quoted_letters.filter(|(d, _)| d != letter) {
            let earlier: Vec<String> = book
                .amendments
                .iter()
                .take_while(|a| a.proposal != amendment.proposal)
                .filter_map(|a| match &a.placement {
                    Placement::Subsection {
                        section: s, letter, ..
                    } if s.usc == section.usc => Some(format!("`{}` adds ({letter})", a.proposal)),
                    _ => None,
                })
                .collect();
            let last = section
                .structure
                .iter()
                .rfind(|s| s.matches('(').count() == 1)
                .cloned()
                .unwrap_or_default();
            let why = if earlier.is_empty() {
                format!("{} ends at {last}", section.usc)
            } else {
                format!("{} ends at {last}, and {}", section.usc, earlier.join(", "))
            };
            finder.push(
                problems,
                finder.at(range),
                DraftError::DesignationConflict {
                    stated: format!("({stated})"),
                    expected: format!("({letter})"),
                },
                "another letter",
                format!("{why}; `oversight render` letters it ({letter})"),
            );
        }
    }
    // Repeats at one level, with no higher unit in between; each
    // instruction ("... is amended") or new section numbers afresh.
    let mut seen: Vec<(u8, String)> = Vec::new();
    let mut previous_end = 0;
    for (designation, range) in &starts {
        let between = text.get(previous_end..range.start).unwrap_or("");
        if between.contains("is amended") || between.contains("SEC.") {
            seen.clear();
        }
        previous_end = range.end;
        let level = if designation.chars().all(|c| c.is_ascii_digit()) {
            2
        } else if designation.chars().all(|c| c.is_ascii_uppercase()) {
            3
        } else if is_roman(designation) && seen.iter().any(|(l, _)| *l == 3) {
            4
        } else {
            1
        };
        if seen.iter().any(|(l, d)| *l == level && d == designation) {
            finder.push(
                problems,
                finder.at(range),
                DraftError::DuplicateDesignation {
                    designation: format!("({designation})"),
                },
                "used twice",
                String::from("number the units in sequence"),
            );
        }
        // Entering a unit clears the levels below it.
        seen.retain(|(l, _)| *l <= level);
        seen.push((level, designation.clone()));
    }
}

pub(super) fn check_citations(
    book: &RuleBook,
    proposal: &ProposalFile,
    amendment: Option<&Amendment>,
    text: &str,
    finder: &Finder<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let amends = proposal
        .amends
        .as_ref()
        .map(|a| a.usc.value.clone())
        .unwrap_or_default();
    let mut allowed: Vec<String> = vec![amends.clone()];
    if let Some(amendment) = amendment {
        for change in &amendment.changes {
            let section = match change {
                crate::model::LawChange::Replaced { section, .. }
                | crate::model::LawChange::Repealed { section, .. } => section,
            };
            allowed.push(section.usc.clone());
        }
    }
    for term in &book.vocabulary.terms {
        if let Some(cite) = &term.defined_in {
            allowed.push(base_section(&cite.usc).to_string());
        }
        // "section 4872(f)(2) of title 10" in a definition is 10 U.S.C. 4872.
        if let Some(means) = &term.means {
            allowed.extend(title_citations(means));
        }
    }
    for group in &book.vocabulary.country_groups {
        allowed.extend(citations_in(&group.cite).into_iter().map(|(c, _)| c));
    }
    // A freestanding section amends nothing, so it may cite any law.
    let freestanding = amendment.is_some_and(|a| matches!(a.placement, Placement::Section { .. }));
    let mut cited_amended = false;
    for (citation, range) in citations_in(text) {
        if citation == amends {
            cited_amended = true;
        } else if !freestanding && !allowed.contains(&citation) {
            finder.push(
                problems,
                finder.at(&range),
                DraftError::OtherSection { citation: citation.clone(), amends: amends.clone() },
                "another section",
                String::from("a proposal amends its own section and the sections of the rules it replaces; cite those, or the provisions its terms are defined in"),
            );
        }
    }
    let adds_subsection =
        amendment.is_some_and(|a| matches!(a.placement, Placement::Subsection { .. }));
    if adds_subsection && !cited_amended && !amends.is_empty() {
        finder.push(
            problems,
            finder.whole(),
            DraftError::SectionNotCited {
                amends: amends.clone(),
            },
            "draft text",
            String::new(),
        );
    }
    if let (true, Some(amends)) = (adds_subsection, proposal.amends.as_ref())
        && !amends.section.is_empty()
    {
        let named = find_all(text, &format!("Section {}", amends.section))
            .iter()
            .any(|r| {
                let rest = text.get(r.end..).unwrap_or("");
                let rest = rest.trim_start_matches(|c: char| {
                    c == '(' || c == ')' || c.is_ascii_alphanumeric()
                });
                match_at(rest.trim_start(), &format!("of the {}", amends.act)).is_some()
            });
        if !named {
            finder.push(
                problems,
                finder.whole(),
                DraftError::ActSectionNotNamed {
                    phrase: format!("Section {} of the {}", amends.section, amends.act),
                },
                "draft text",
                String::from("amendments are drafted against the Act section, with the U.S. Code in parentheses"),
            );
        }
    }
}
