//! JSON under the versioned schema `oversight.assessment/2` (see
//! `docs/SCHEMA.md`), and the one JSON writer every report uses.

use serde::Serialize;

use crate::assessment::Assessment;

/// Pretty-printed JSON with a final newline. Serializing the project's own
/// types cannot fail (every map key is a string); if it ever did, the
/// answer says so as JSON rather than coming out empty.
pub(crate) fn pretty(value: &impl Serialize) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_else(|error| {
        serde_json::json!({"error": format!("cannot write JSON: {error}")}).to_string()
    });
    out.push('\n');
    out
}

/// Compact JSON with a final newline: for answers no person reads as they
/// come (the server's), where pretty-printing a 100 KB assessment was a
/// third of the server's time.
pub(crate) fn compact(value: &impl Serialize) -> String {
    let mut out = serde_json::to_string(value).unwrap_or_else(|error| {
        serde_json::json!({"error": format!("cannot write JSON: {error}")}).to_string()
    });
    out.push('\n');
    out
}

/// The assessment as pretty JSON with a final newline.
pub(crate) fn render(assessment: &Assessment) -> String {
    pretty(assessment)
}

/// An action's stated facts as JSON, each of its natural type (a flag as a
/// boolean, a choice as its name, a set as a list of names, a country as
/// its ISO code, an amount as a number, a date as `YYYY-MM-DD`), by fact
/// name in vocabulary order. The page's action and the Rego policy's input
/// both take the facts in this form.
pub fn facts_json(
    book: &crate::model::RuleBook,
    action: &crate::input::action::Action,
) -> serde_json::Map<String, serde_json::Value> {
    use crate::input::action::FactValue;
    use crate::model::{FactKind, chosen};
    use serde_json::Value;
    let mut facts = serde_json::Map::new();
    for (def, value) in book.vocabulary.facts.iter().zip(&action.facts) {
        let json = match (value, &def.kind) {
            (Some(FactValue::Flag(b)), _) => Value::Bool(*b),
            (Some(FactValue::Choice(i)), FactKind::Choice(values)) => match values.get(*i) {
                Some(name) => Value::from(name.as_str()),
                None => continue,
            },
            (Some(FactValue::Set(bits)), FactKind::ChoiceSet(values)) => {
                Value::Array(chosen(values, *bits).map(Value::from).collect())
            }
            (Some(FactValue::Country(country)), _) => Value::from(country.code()),
            (Some(FactValue::Amount(n)), _) => Value::from(*n),
            (Some(FactValue::Date(d)), _) => Value::from(d.to_string()),
            // Unstated, or (never from the loader) a value of another type.
            _ => continue,
        };
        facts.insert(def.name.clone(), json);
    }
    facts
}
