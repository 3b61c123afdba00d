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
