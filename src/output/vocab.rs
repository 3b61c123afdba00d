//! The vocabulary (facts with their questions, events, country groups,
//! bodies) as text for `oversight vocab`, and as JSON for `--format json`
//! and the web page.

use crate::model::{FactKind, RuleBook};

/// The vocabulary as a JSON value (`oversight.vocabulary/1`).
pub fn to_json(book: &RuleBook) -> serde_json::Value {
    let facts: Vec<serde_json::Value> = book
        .vocabulary
        .facts
        .iter()
        .map(|f| {
            let (kind, values) = match &f.kind {
                FactKind::Flag => ("flag", None),
                FactKind::Choice(v) => ("choice", Some(v.clone())),
                FactKind::ChoiceSet(v) => ("choice_set", Some(v.clone())),
                FactKind::Country => ("country", None),
                FactKind::Amount => ("amount_usd", None),
                FactKind::Date => ("date", None),
            };
            serde_json::json!({"name": f.name, "kind": kind, "values": values, "question": f.question, "cite": f.cite})
        })
        .collect();
    let events: Vec<serde_json::Value> = book
        .vocabulary
        .events
        .iter()
        .map(|e| serde_json::json!({"name": e.name, "label": e.label}))
        .collect();
    let groups: Vec<serde_json::Value> = book
        .vocabulary
        .country_groups
        .iter()
        .map(|g| serde_json::json!({"name": g.name, "title": g.title, "cite": g.cite, "confidence": g.confidence.tag(), "members": g.members}))
        .collect();
    let bodies: Vec<serde_json::Value> = book
        .bodies
        .iter()
        .map(|b| serde_json::json!({"id": b.id, "short": b.short, "name": b.name, "cite": b.cite}))
        .collect();
    let body_groups: Vec<serde_json::Value> = book
        .body_groups
        .iter()
        .map(|g| {
            let members: Vec<&str> = g.members.iter().filter_map(|&m| book.bodies.get(m.0)).map(|b| b.id.as_str()).collect();
            serde_json::json!({"id": g.id, "title": g.title, "cite": g.cite, "confidence": g.confidence.tag(), "members": members})
        })
        .collect();
    serde_json::json!({
        "schema": "oversight.vocabulary/1",
        "facts": facts,
        "events": events,
        "country_groups": groups,
        "bodies": bodies,
        "body_groups": body_groups,
    })
}

/// The vocabulary as pretty JSON with a final newline, as `oversight vocab
/// --format json` prints it.
pub fn render_json(book: &RuleBook) -> String {
    super::json::pretty(&to_json(book))
}

fn kind_text(kind: &FactKind) -> String {
    match kind {
        FactKind::Flag => String::from("true | false"),
        FactKind::Choice(values) => values.join(" | "),
        FactKind::ChoiceSet(values) => format!("[any of: {}]", values.join(", ")),
        FactKind::Country => String::from(
            "a country's ISO 3166-1 alpha-3 code or its name, e.g. \"RUS\" or \"Russia\"",
        ),
        FactKind::Amount => String::from("whole U.S. dollars"),
        FactKind::Date => String::from("\"YYYY-MM-DD\""),
    }
}

/// A proposal as `vocab` lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProposalEntry {
    /// Its id, for `--with`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it does, in our own words.
    pub summary: String,
}

/// The proposals among `files` (those that do not parse are left out:
/// `oversight validate` reports them).
pub fn proposal_entries(files: &[crate::source::SourceFile]) -> Vec<ProposalEntry> {
    files
        .iter()
        .filter_map(|file| crate::parse::parse::<crate::syntax::ProposalFile>(file).ok())
        .map(|p| ProposalEntry {
            id: p.id.value,
            title: p.title,
            summary: p.summary,
        })
        .collect()
}

/// `vocab --format json`: the vocabulary and the proposals.
pub fn render_json_with(book: &RuleBook, proposals: &[ProposalEntry]) -> String {
    let mut value = to_json(book);
    if let Some(map) = value.as_object_mut() {
        map.insert(
            String::from("proposals"),
            serde_json::to_value(proposals).unwrap_or_default(),
        );
    }
    super::json::pretty(&value)
}

/// `vocab`: the vocabulary, then the proposals `--with` can apply.
pub fn render_text_with(book: &RuleBook, proposals: &[ProposalEntry]) -> String {
    let mut out = render_text(book);
    out.push_str("\nPROPOSALS (apply with --with ID)\n");
    if proposals.is_empty() {
        out.push_str("  none\n");
    }
    for proposal in proposals {
        out.push_str(&format!(
            "  {}: {}\n      {}\n",
            proposal.id, proposal.title, proposal.summary
        ));
    }
    out
}

/// One fact as `oversight vocab FACT` prints it.
pub fn render_fact_text(fact: &crate::model::FactDef) -> String {
    let cite = fact
        .cite
        .as_ref()
        .map(|c| format!("\n  from: {c}"))
        .unwrap_or_default();
    format!(
        "{}: {}\n  {}{cite}\n",
        fact.name,
        kind_text(&fact.kind),
        fact.question
    )
}

/// The vocabulary as the text `oversight vocab` prints: facts with their
/// questions, events, country groups, bodies and body groups.
pub fn render_text(book: &RuleBook) -> String {
    let mut out = String::from("FACTS (leave a fact out when it is not known)\n");
    for fact in &book.vocabulary.facts {
        out.push_str(&format!(
            "  {}: {}\n      {}\n",
            fact.name,
            kind_text(&fact.kind),
            fact.question
        ));
    }
    out.push_str("\nEVENTS (\"YYYY-MM-DDTHH:MM\" local time, or \"YYYY-MM-DD\")\n");
    for event in &book.vocabulary.events {
        out.push_str(&format!("  {}: {}\n", event.name, event.label));
    }
    out.push_str("\nCOUNTRY GROUPS\n");
    for group in &book.vocabulary.country_groups {
        out.push_str(&format!(
            "  {}: {} ({}) [{}]\n      {}\n",
            group.name,
            group.title,
            group.cite,
            group.confidence.tag(),
            group.members.join(", ")
        ));
    }
    out.push_str("\nBODIES\n");
    for body in &book.bodies {
        out.push_str(&format!("  {}: {} ({})\n", body.id, body.name, body.short));
    }
    out.push_str("\nBODY GROUPS\n");
    for group in &book.body_groups {
        let members: Vec<&str> = group
            .members
            .iter()
            .filter_map(|&m| book.bodies.get(m.0))
            .map(|b| b.id.as_str())
            .collect();
        out.push_str(&format!(
            "  {}: {} ({}) [{}]\n      {}\n",
            group.id,
            group.title,
            group.cite,
            group.confidence.tag(),
            members.join(", ")
        ));
    }
    out
}
