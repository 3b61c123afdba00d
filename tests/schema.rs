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
        assert_eq!(value["schema"], "oversight.assessment/2");
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

/// Compiles `docs/schema/assessment-2.schema.json`.
fn assessment_schema() -> (boon::Schemas, boon::SchemaIndex) {
    let path = "docs/schema/assessment-2.schema.json";
    let text = std::fs::read_to_string(path).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource(path, schema).unwrap();
    let index = compiler.compile(path, &mut schemas).unwrap();
    (schemas, index)
}

fn check_json(args: &[&str]) -> serde_json::Value {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_scenario_validates_against_the_json_schema_with_and_without_explain() {
    let (schemas, index) = assessment_schema();
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/scenarios").unwrap() {
        let path = entry.unwrap().path();
        let path = path.to_str().unwrap();
        for args in [
            vec!["check", path],
            vec!["check", path, "--explain"],
            vec!["check", path, "--with", "rel-to-reporting"],
        ] {
            let value = check_json(&args);
            if let Err(error) = schemas.validate(&value, index) {
                panic!("`{}` does not match the schema:\n{error:#}", args.join(" "));
            }
            checked += 1;
        }
    }
    assert!(checked >= 3 * 60, "checked only {checked} outputs");
}

#[test]
fn the_schema_rejects_an_undocumented_field_and_a_bad_status() {
    let (schemas, index) = assessment_schema();
    let mut value = check_json(&[
        "check",
        "tests/scenarios/covert-finding-liaison-support.ron",
    ]);
    assert!(schemas.validate(&value, index).is_ok());
    value["surprise"] = serde_json::json!(1);
    assert!(schemas.validate(&value, index).is_err());
    value.as_object_mut().unwrap().remove("surprise");
    value["outcomes"][0]["status"] = serde_json::json!("maybe");
    assert!(schemas.validate(&value, index).is_err());
}
