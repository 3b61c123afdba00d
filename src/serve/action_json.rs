//! An action sent as JSON (by the web page or any other client) turned into
//! the RON action file the command line reads, so that both go through one
//! loader and give the same answers and the same error messages.
//!
//! The JSON mirrors the RON file field for field:
//! `{"title": "...", "facts": {"us_role_hidden": true, ...}, "events":
//! {"approval": "2025-03-12T10:00"}, "timezone": "...", "as_of": "..."}`.
//! A fact whose value is `null` is left out, which is how an action says
//! "don't know".

use serde_json::{Map, Value};

use super::err::ServeError;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input::action::{Action, EventTime};
use crate::model::RuleBook;

/// The fields an action object may have, in the order they are written.
const FIELDS: [&str; 6] = ["title", "summary", "facts", "events", "timezone", "as_of"];

/// Name under which problems in a request's JSON body are reported.
pub(crate) const REQUEST_BODY: &str = "request body";

/// Name under which problems in the action built from a request are reported.
pub(crate) const ACTION_FILE: &str = "action.ron";

/// Writes the action as a RON action file, one fact and one event per line.
///
/// Problems that RON could not express (a field that is not an action field,
/// facts that are not an object) are reported here; everything else (unknown
/// fact names, wrong value types, bad dates) is left to the action loader, so
/// that the message is the one `oversight check` gives for the same file.
pub(crate) fn action_to_ron(action: &Value) -> Result<String, Diagnostics> {
    let Some(object) = action.as_object() else {
        return Err(Diagnostics::one(
            Diagnostic::in_file(REQUEST_BODY, ServeError::ActionNotObject)
                .with_help("write `{\"title\": \"...\", \"facts\": {...}, \"events\": {...}}`"),
        ));
    };
    let mut diagnostics = Diagnostics::default();
    for key in object.keys() {
        if !FIELDS.contains(&key.as_str()) {
            diagnostics.push(
                Diagnostic::in_file(
                    REQUEST_BODY,
                    ServeError::UnknownActionField { field: key.clone() },
                )
                .with_suggestion(key, FIELDS, "field"),
            );
        }
    }
    let mut out = String::from("Action(\n");
    let title = object
        .get("title")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or("Untitled action");
    out.push_str(&format!("    title: {},\n", ron_string(title)));
    for field in ["summary", "timezone", "as_of"] {
        match object.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) if field != "summary" && text.trim().is_empty() => {}
            Some(Value::String(text)) => {
                out.push_str(&format!("    {field}: {},\n", ron_string(text)));
            }
            Some(_) => diagnostics.push(
                Diagnostic::in_file(
                    REQUEST_BODY,
                    ServeError::WrongFieldType {
                        field: field.to_string(),
                        expected: String::from("a string"),
                    },
                )
                .with_help("write it as a JSON string, or leave it out"),
            ),
        }
    }
    for field in ["facts", "events"] {
        match object.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::Object(entries)) => write_map(&mut out, field, entries),
            Some(_) => diagnostics.push(
                Diagnostic::in_file(
                    REQUEST_BODY,
                    ServeError::WrongFieldType {
                        field: field.to_string(),
                        expected: String::from("an object"),
                    },
                )
                .with_help(format!("write `\"{field}\": {{\"name\": value, ...}}`")),
            ),
        }
    }
    out.push_str(")\n");
    diagnostics.into_result(out)
}

fn write_map(out: &mut String, field: &str, entries: &Map<String, Value>) {
    out.push_str(&format!("    {field}: {{\n"));
    for (name, value) in entries {
        if value.is_null() {
            continue;
        }
        out.push_str(&format!(
            "        {}: {},\n",
            ron_string(name),
            ron_value(value)
        ));
    }
    out.push_str("    },\n");
}

/// A JSON value in RON syntax. Objects become RON maps so that the loader
/// reports them as the wrong type at the right line.
fn ron_value(value: &Value) -> String {
    match value {
        Value::Null => String::from("None"),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => ron_string(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(ron_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", ron_string(k), ron_value(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// A string literal in RON, escaped by ron's own serializer.
fn ron_string(text: &str) -> String {
    ron::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

/// An action read by the loader, written back as the JSON the page sends
/// (the inverse of [`action_to_ron`]): what `/api/open` answers for an
/// action file opened, dropped or pasted on the page. Event times are local
/// times in the action's zone (`YYYY-MM-DDTHH:MM`), or the day alone when
/// the file gave no time.
pub(crate) fn action_to_json(book: &RuleBook, action: &Action) -> Value {
    let facts = crate::output::json::facts_json(book, action);
    let mut events = Map::new();
    for (def, time) in book.vocabulary.events.iter().zip(&action.events) {
        let written = match time {
            Some(EventTime::At(zoned)) => zoned.strftime("%Y-%m-%dT%H:%M").to_string(),
            Some(EventTime::OnDay(day)) => day.to_string(),
            None => continue,
        };
        events.insert(def.name.clone(), Value::from(written));
    }
    let mut object = Map::new();
    object.insert(String::from("title"), Value::from(action.title.as_str()));
    if let Some(summary) = &action.summary {
        object.insert(String::from("summary"), Value::from(summary.as_str()));
    }
    object.insert(String::from("facts"), Value::Object(facts));
    object.insert(String::from("events"), Value::Object(events));
    object.insert(
        String::from("timezone"),
        Value::from(action.timezone_name.as_str()),
    );
    if let Some(as_of) = action.as_of {
        object.insert(String::from("as_of"), Value::from(as_of.to_string()));
    }
    Value::Object(object)
}

/// The action field a line of an action file belongs to: `title`,
/// `facts.us_role_hidden`, `events.approval`, or `facts` for a line inside
/// the facts map that names no fact. The page shows a problem at that
/// field. One entry per line is what the page and most files write; a line
/// with several entries is attributed to its first.
pub(crate) fn field_at(text: &str, line: usize) -> Option<String> {
    let mut section: Option<&str> = None;
    for (n, content) in text.lines().enumerate() {
        let trimmed = content.trim_start();
        let key = entry_key(trimmed);
        let here = n + 1 == line;
        match (section, key) {
            (None, Some(key)) if ["facts", "events"].contains(&key) => {
                if here {
                    return Some(key.to_string());
                }
                if !trimmed.contains('}') {
                    section = Some(if key == "facts" { "facts" } else { "events" });
                }
            }
            (None, Some(key)) if here => return Some(key.to_string()),
            (Some(map), _) if trimmed.starts_with('}') => {
                if here {
                    return Some(map.to_string());
                }
                section = None;
            }
            (Some(map), key) if here => {
                return Some(key.map_or_else(|| map.to_string(), |k| format!("{map}.{k}")));
            }
            _ => {}
        }
    }
    None
}

/// The key an entry line starts with: `title` in `title: "..."`,
/// `us_role_hidden` in `"us_role_hidden": true`.
fn entry_key(line: &str) -> Option<&str> {
    let line = line.strip_prefix('"').unwrap_or(line);
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let (key, rest) = line.split_at(end);
    let rest = rest.strip_prefix('"').unwrap_or(rest).trim_start();
    (!key.is_empty() && rest.starts_with(':')).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn facts_and_events_become_one_line_each_and_null_means_unknown() {
        let ron = action_to_ron(&json!({
            "title": "A \"quoted\" title",
            "facts": {"us_role_hidden": true, "access_limited": null, "intelligence_types": ["imagery"]},
            "events": {"approval": "2025-03-12T10:00"},
        }));
        assert_eq!(
            ron.ok().as_deref(),
            Some(
                "Action(\n    title: \"A \\\"quoted\\\" title\",\n    facts: {\n        \"us_role_hidden\": true,\n        \"intelligence_types\": [\"imagery\"],\n    },\n    events: {\n        \"approval\": \"2025-03-12T10:00\",\n    },\n)\n"
            )
        );
    }

    #[test]
    fn a_line_is_attributed_to_its_action_field() {
        let text = "Action(\n    title: \"x\",\n    facts: {\n        \"us_role_hidden\": true,\n        // a comment\n    },\n    events: {\n        approval: \"2025-03-1\",\n    },\n)\n";
        assert_eq!(field_at(text, 2).as_deref(), Some("title"));
        assert_eq!(field_at(text, 3).as_deref(), Some("facts"));
        assert_eq!(field_at(text, 4).as_deref(), Some("facts.us_role_hidden"));
        assert_eq!(field_at(text, 5).as_deref(), Some("facts"));
        assert_eq!(field_at(text, 8).as_deref(), Some("events.approval"));
        assert_eq!(field_at(text, 10), None);
    }

    #[test]
    fn an_unknown_field_is_named_with_the_nearest_valid_one() {
        let Err(problems) = action_to_ron(&json!({"title": "x", "fatcs": {}})) else {
            panic!("a misspelt field must be refused");
        };
        let text = problems.render_plain();
        assert!(text.contains("unknown action field `fatcs`"), "{text}");
        assert!(text.contains("`facts`"), "{text}");
    }
}
