//! The vocabulary (facts with their questions, events, country groups,
//! bodies) as JSON, for `oversight vocab --format json` and the web page.

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
            let members: Vec<&str> = g.members.iter().filter_map(|&m| book.bodies.get(m)).map(|b| b.id.as_str()).collect();
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
    let mut out = serde_json::to_string_pretty(&to_json(book)).unwrap_or_default();
    out.push('\n');
    out
}
