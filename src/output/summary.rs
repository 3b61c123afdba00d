//! The bottom line as lines of text, shared by the text report and the
//! Markdown memo: counts, who to tell now and by when, who may have to be
//! told, gates and prohibitions, terms that applied, contradictory facts,
//! and the most decisive open question.

use crate::assessment::summary::{BodyGroup, Summary};

/// How many groups of bodies "may also have to tell" names before "and more".
const MAY_TELL_SHOWN: usize = 4;

fn obligations(n: usize) -> String {
    if n == 1 {
        String::from("1 obligation")
    } else {
        format!("{n} obligations")
    }
}

fn group(group: &BodyGroup, status_count: usize) -> String {
    let each = if group.ids.len() > 1 { " each" } else { "" };
    format!("{} ({}{each})", group.names, obligations(status_count))
}

/// The bottom line, one statement per line, without markup.
pub(crate) fn lines(summary: &Summary) -> Vec<String> {
    let mut out = vec![format!(
        "{} required · {} depend on open facts",
        obligations(summary.required),
        summary.depends
    )];
    if summary.tell.is_empty() {
        out.push(String::from(
            "Tell now: no committee or member is owed a specific notice on the facts given.",
        ));
    } else {
        let groups: Vec<String> = summary.tell.iter().map(|g| group(g, g.required)).collect();
        let earliest = summary
            .earliest
            .as_ref()
            .map(|e| format!("; earliest deadline {} ({}, {})", e.due, e.rule, e.citation))
            .unwrap_or_default();
        out.push(format!("Tell now: {}{earliest}", groups.join("; ")));
    }
    if !summary.may_tell.is_empty() {
        let mut groups: Vec<String> = summary
            .may_tell
            .iter()
            .take(MAY_TELL_SHOWN)
            .map(|g| group(g, g.depends))
            .collect();
        let more: usize = summary
            .may_tell
            .iter()
            .skip(MAY_TELL_SHOWN)
            .map(|g| g.ids.len())
            .sum();
        if more > 0 {
            groups.push(format!("{more} more bodies"));
        }
        out.push(format!(
            "May also have to tell, depending on open facts: {}",
            groups.join("; ")
        ));
    }
    for barrier in &summary.barriers {
        out.push(barrier.to_string());
    }
    match summary.barriers_may_apply.len() {
        0 => {}
        n => out.push(format!(
            "{n}{} {} may apply, depending on open facts (rules {})",
            if summary.barriers.is_empty() {
                ""
            } else {
                " more"
            },
            if n == 1 {
                "gate or prohibition"
            } else {
                "gates or prohibitions"
            },
            summary.barriers_may_apply.join(", ")
        )),
    }
    if !summary.terms_applied.is_empty() {
        out.push(format!(
            "Terms that applied: {}",
            summary.terms_applied.join("; ")
        ));
    }
    for contradiction in &summary.contradictions {
        out.push(format!("Contradictory facts: {contradiction}"));
    }
    if let Some(question) = &summary.top_question {
        out.push(format!(
            "Most decisive open question: {} (`{}`, decides {})",
            question.question,
            question.fact,
            obligations(question.decides)
        ));
    }
    out
}
