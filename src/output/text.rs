//! The plain-text report: a table per body, then gates and prohibitions,
//! other duties, standing duties, what did not apply, and open questions.

use std::fmt::Write as _;

use super::{Sections, View, deadline_line, find, nothing_specific};
use crate::assessment::summary::group_bodies;
use crate::assessment::{Assessment, Outcome, RuleSource, Status};

const INDENT: &str = "              ";

/// How many questions `--brief` shows.
const BRIEF_QUESTIONS: usize = 3;

/// Renders the report: the bottom line first, then the detail `view` asks for.
pub(crate) fn render(assessment: &Assessment, view: &View) -> String {
    let mut out = String::new();
    let sections = Sections::of(assessment);
    if let Some(banner) = &view.banner {
        let _ = writeln!(out, "{banner}\n");
    }
    let _ = writeln!(out, "{}", assessment.action.title);
    let _ = writeln!(
        out,
        "as of {} ({}) · time zone {} · {}",
        assessment.as_of.date,
        assessment.as_of.source,
        assessment.action.timezone,
        assessment.action.file
    );
    if !assessment.proposals.is_empty() {
        let _ = writeln!(
            out,
            "with proposals applied: {} (lines marked PROPOSED are not law)",
            assessment.proposals.join(", ")
        );
    }

    if !assessment.warnings.is_empty() {
        heading(&mut out, "WARNINGS");
        for warning in &assessment.warnings {
            let _ = writeln!(out, "  {warning}");
        }
    }
    heading(&mut out, "BOTTOM LINE");
    for statement in super::summary::lines(&assessment.summary) {
        for (n, line) in wrap(&statement, 94).iter().enumerate() {
            let indent = if n == 0 { "  " } else { "    " };
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    heading(&mut out, "BODIES TO TELL");
    if assessment.bodies.is_empty() {
        for line in wrap(nothing_specific(&sections), 96) {
            let _ = writeln!(out, "  {line}");
        }
    }
    for (group, _) in group_bodies(&assessment.bodies) {
        let Some(first) = group.first() else {
            continue;
        };
        let shorts: Vec<String> = group.iter().map(|b| b.short.to_string()).collect();
        let names: Vec<&str> = group.iter().map(|b| &*b.name).collect();
        let earliest = first
            .earliest_due
            .as_deref()
            .map(|d| format!(" · earliest: {d}"))
            .unwrap_or_default();
        let by_hand = if first
            .obligations
            .iter()
            .all(|o| o.status == Status::NotEncoded)
        {
            " · CHECK BY HAND (the law of that date is not encoded)"
        } else {
            ""
        };
        let title = crate::assessment::summary::and_list(&shorts);
        if view.brief {
            let count = |status: Status| {
                first
                    .obligations
                    .iter()
                    .filter(|o| o.status == status)
                    .count()
            };
            let _ = writeln!(
                out,
                "  {title}: {} required, {} depend{earliest}{by_hand}",
                count(Status::Required),
                count(Status::Depends)
            );
            continue;
        }
        let _ = writeln!(out, "{title} · {}{earliest}{by_hand}", names.join("; "));
        for line in &first.obligations {
            if view.only.is_some_and(|only| only != line.status) {
                continue;
            }
            if let Some(outcome) = find(assessment, &line.rule) {
                obligation(&mut out, outcome);
                law_line(&mut out, outcome, &assessment.as_of.date);
            }
        }
    }
    if view.brief {
        brief_questions(&mut out, assessment);
        bottom_banner(&mut out, view);
        return out;
    }

    if !sections.barriers.is_empty() {
        heading(&mut out, "GATES AND PROHIBITIONS");
        for outcome in &sections.barriers {
            barrier(&mut out, outcome);
        }
    }
    if !sections.other_duties.is_empty() {
        heading(&mut out, "OTHER DUTIES (no congressional recipient)");
        for outcome in &sections.other_duties {
            obligation(&mut out, outcome);
            law_line(&mut out, outcome, &assessment.as_of.date);
        }
    }
    if !sections.standing.is_empty() {
        heading(&mut out, "STANDING DUTIES (no specific deadline)");
        for outcome in &sections.standing {
            standing(&mut out, outcome);
        }
    }
    if !sections.authorities.is_empty() {
        heading(
            &mut out,
            "GOVERNING AUTHORITIES (no congressional notice attaches)",
        );
        for outcome in &sections.authorities {
            authority(&mut out, outcome);
        }
    }
    if !sections.not_applying.is_empty() || !sections.untouched_provisions.is_empty() {
        heading(&mut out, "NOT APPLYING");
        for outcome in &sections.not_applying {
            let reason = outcome
                .reason
                .as_ref()
                .map(|r| r.text())
                .unwrap_or_default();
            let _ = writeln!(out, "  {} · {}", outcome.texts.id, outcome.texts.citation);
            let _ = writeln!(out, "    {reason}");
        }
        if !sections.untouched_provisions.is_empty() {
            let list = format!(
                "Nothing applies under {} (every reason is in the JSON output).",
                sections.untouched_provisions.join("; ")
            );
            for line in wrap(&list, 96) {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    heading(&mut out, "OPEN QUESTIONS");
    if assessment.questions.is_empty() {
        let _ = writeln!(
            out,
            "  None: every outcome above is decided by the facts given."
        );
    }
    for (n, question) in assessment.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {} (`{}`)",
            n + 1,
            question.question,
            question.fact
        );
        let plural = if question.decides == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "     bears on {} undecided obligation{plural}: {}",
            question.decides,
            super::distinct(&question.cites)
        );
    }
    if let Some(trees) = &assessment.derivations {
        heading(
            &mut out,
            "DERIVATIONS (each step with its value for this action)",
        );
        for tree in trees {
            crate::assessment::explain::render_tree(tree, &mut out, 1);
        }
    }
    if !assessment.currency.is_empty() {
        heading(&mut out, "CURRENCY");
        let preamble = crate::assessment::Currency::preamble(&assessment.as_of.date);
        for line in wrap(&preamble, 96) {
            let _ = writeln!(out, "  {line}");
        }
        for group in &assessment.currency {
            for (n, line) in wrap(&group.text(), 92).iter().enumerate() {
                let bullet = if n == 0 { "  - " } else { "    " };
                let _ = writeln!(out, "{bullet}{line}");
            }
        }
    }
    if !sections.confidence_notes.is_empty() {
        heading(&mut out, "SOURCES");
        for (tag, meaning) in &sections.confidence_notes {
            let _ = writeln!(out, "  [{tag}] {meaning}");
        }
    }
    bottom_banner(&mut out, view);
    out
}

/// The marking again at the foot of the report.
fn bottom_banner(out: &mut String, view: &View) {
    if let Some(banner) = &view.banner {
        let _ = writeln!(out, "\n{banner}");
    }
}

/// The top questions, for `--brief`.
fn brief_questions(out: &mut String, assessment: &Assessment) {
    let total = assessment.questions.len();
    let shown = total.min(BRIEF_QUESTIONS);
    heading(
        out,
        &format!("OPEN QUESTIONS (the {shown} most decisive of {total})"),
    );
    for (n, question) in assessment
        .questions
        .iter()
        .take(BRIEF_QUESTIONS)
        .enumerate()
    {
        let text = format!(
            "{}. {} (`{}`, decides {})",
            n + 1,
            question.question,
            question.fact,
            question.decides
        );
        for (i, line) in wrap(&text, 94).iter().enumerate() {
            let indent = if i == 0 { "  " } else { "     " };
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    let _ = writeln!(
        out,
        "\n  (the full report: `oversight check` without --brief; answer the questions: `oversight ask`)"
    );
}

/// Splits text into lines of at most `width` characters at spaces (a longer
/// word gets a line of its own). Display columns, not bytes, are counted, so
/// a line with "§" or "é" is as long as one without.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    // One space between words, as the report is laid out; textwrap measures
    // display width (a CJK character takes two columns), never breaks a
    // word, and fills each line before starting the next.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    textwrap::wrap(&words, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

fn status_word(outcome: &Outcome) -> String {
    format!("  {:<12}", outcome.status.word(outcome.kind))
}

fn cite_line(out: &mut String, outcome: &Outcome) {
    let origin = if let RuleSource::Law = outcome.source() {
        String::new()
    } else {
        format!(" · PROPOSED by `{}`", outcome.source().as_str())
    };
    let _ = writeln!(
        out,
        "{INDENT}cite: {} [{}] · rule {}{origin}",
        outcome.texts.citation, outcome.confidence, outcome.texts.id
    );
    if let Some(reason) = outcome
        .reason
        .as_ref()
        .filter(|_| matches!(outcome.status, Status::Depends | Status::NotEncoded))
    {
        let _ = writeln!(out, "{INDENT}{}", reason.text());
    }
    if !outcome.displaces.is_empty() {
        let _ = writeln!(out, "{INDENT}displaces: {}", outcome.displaces.join(", "));
    }
}

/// The date whose law governs a line, when it is not the as-of date.
fn law_line(out: &mut String, outcome: &Outcome, as_of: &str) {
    if outcome.law_of.date.to_string() != as_of {
        let _ = writeln!(out, "{INDENT}judged by {}", outcome.law_of.text());
    }
}

fn obligation(out: &mut String, outcome: &Outcome) {
    if let Some(until) = outcome
        .texts
        .until
        .as_deref()
        .filter(|_| outcome.texts.what.is_none())
    {
        // A gate under a body: what is owed to it is what lifts the gate.
        let _ = writeln!(out, "{}what lifts the gate: {until}", status_word(outcome));
        if let Some(by) = &outcome.texts.by {
            let _ = writeln!(out, "{INDENT}by: {by}");
        }
        cite_line(out, outcome);
        return;
    }
    let what = outcome.texts.what.as_deref().unwrap_or_default();
    let form = outcome
        .texts
        .form
        .as_deref()
        .map(|f| format!(" ({f})"))
        .unwrap_or_default();
    let _ = writeln!(out, "{}{what}{form}", status_word(outcome));
    if let Some(by) = &outcome.texts.by {
        let _ = writeln!(out, "{INDENT}by: {by}");
    }
    if let Some(due) = deadline_line(outcome) {
        let _ = writeln!(out, "{INDENT}due: {due}");
    }
    if let Some(alternative) = &outcome.texts.alternative {
        let _ = writeln!(
            out,
            "{INDENT}or instead: {} to {}",
            alternative.what, alternative.recipients
        );
    }
    cite_line(out, outcome);
}

fn barrier(out: &mut String, outcome: &Outcome) {
    match (&outcome.texts.blocks, &outcome.texts.bars) {
        (Some(blocks), _) => {
            let _ = writeln!(out, "{}{blocks}", status_word(outcome));
            if let Some(until) = &outcome.texts.until {
                let _ = writeln!(out, "{INDENT}blocked until: {until}");
            }
            if let Some(by) = &outcome.texts.by {
                let _ = writeln!(out, "{INDENT}by: {by}");
            }
            if let Some(recipients) = &outcome.texts.recipients {
                let _ = writeln!(out, "{INDENT}to: {recipients}");
            }
        }
        (None, Some(bars)) => {
            let _ = writeln!(out, "{}{bars}", status_word(outcome));
        }
        (None, None) => {
            let _ = writeln!(out, "{}{}", status_word(outcome), outcome.texts.says);
        }
    }
    cite_line(out, outcome);
}

fn authority(out: &mut String, outcome: &Outcome) {
    let what = outcome.texts.what.as_deref().unwrap_or_default();
    let _ = writeln!(out, "{}{what}", status_word(outcome));
    if let Some(holder) = &outcome.texts.by {
        let _ = writeln!(out, "{INDENT}held by: {holder}");
    }
    cite_line(out, outcome);
}

fn standing(out: &mut String, outcome: &Outcome) {
    let what = outcome.texts.what.as_deref().unwrap_or_default();
    let _ = writeln!(out, "{}{what}", status_word(outcome));
    if let Some(by) = &outcome.texts.by {
        let _ = writeln!(out, "{INDENT}by: {by}");
    }
    if let Some(recipients) = &outcome.texts.recipients {
        let _ = writeln!(out, "{INDENT}to: {recipients}");
    }
    cite_line(out, outcome);
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_counts_characters_not_bytes() {
        // "§1 §2 §3" is 8 characters but 11 bytes: it fits a width of 8.
        assert_eq!(wrap("§1 §2 §3", 8), vec!["§1 §2 §3"]);
        assert_eq!(wrap("§1 §2 §3", 7), vec!["§1 §2", "§3"]);
        // A word longer than the width gets a line of its own, unbroken,
        // even at a hyphen.
        assert_eq!(wrap("a abcdefgh b", 4), vec!["a", "abcdefgh", "b"]);
        assert_eq!(
            wrap("see 3093-c-1-A now", 6),
            vec!["see", "3093-c-1-A", "now"]
        );
        // A CJK character takes two columns.
        assert_eq!(wrap("日本 ab", 5), vec!["日本", "ab"]);
    }
}
