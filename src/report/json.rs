//! JSON under the versioned schema `oversight.assessment/2` (see `docs/SCHEMA.md`).

use crate::assessment::Assessment;

/// Pretty-printed JSON with a final newline.
pub fn render(assessment: &Assessment) -> String {
    let mut out = serde_json::to_string_pretty(assessment)
        .unwrap_or_else(|error| format!("{{\"error\": \"cannot serialize assessment: {error}\"}}"));
    out.push('\n');
    out
}
