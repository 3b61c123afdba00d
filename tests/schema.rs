//! docs/SCHEMA.md documents every field the JSON output carries.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use assert_cmd::Command;

fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                out.insert(key.clone());
                keys(inner, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| keys(i, out)),
        _ => {}
    }
}

#[test]
fn every_json_field_is_documented() {
    let schema = std::fs::read_to_string("docs/SCHEMA.md").unwrap();
    let mut all = BTreeSet::new();
    for entry in std::fs::read_dir("tests/scenarios").unwrap() {
        let path = entry.unwrap().path();
        let output = Command::cargo_bin("oversight")
            .unwrap()
            .args(["check", path.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(value["schema"], "oversight.assessment/1");
        keys(&value, &mut all);
    }
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| !schema.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "fields not documented in docs/SCHEMA.md: {missing:?}"
    );
}
