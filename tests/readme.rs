//! The README's example output must be what the tool prints today.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;

/// Every `<!-- example: ARGS -->` marker followed by a text block: the
/// arguments (`check PATH`, `diff --with X PATH`, ...) and the expected output
/// in the fenced block that follows.
fn examples(readme: &str) -> Vec<(Vec<String>, String)> {
    let marker = "<!-- example: ";
    let mut out = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find(marker) {
        rest = &rest[start + marker.len()..];
        let (args, after) = rest.split_once(" -->").unwrap();
        // The next fenced block, whatever its language (`text`, `mermaid`).
        let body = after
            .split_once("```")
            .unwrap()
            .1
            .split_once('\n')
            .unwrap()
            .1;
        let expected = body.split_once("```").unwrap().0;
        let args = args
            .split_whitespace()
            .filter(|a| *a != "oversight")
            .map(str::to_string)
            .collect();
        out.push((args, expected.to_string()));
    }
    out
}

#[test]
fn every_readme_example_is_the_tools_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 4,
        "the README has the set-up, worked, diff and render examples"
    );
    for (args, expected) in examples {
        let output = Command::cargo_bin("oversight")
            .unwrap()
            .env("NO_COLOR", "1")
            .args(&args)
            .output()
            .unwrap();
        // Error examples show what goes to stderr; the others print nothing there.
        let printed =
            String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            printed,
            expected,
            "README example `{}` drifted: paste the new output",
            args.join(" ")
        );
    }
}

#[test]
fn the_readme_shows_the_two_set_up_commands_first() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let commands: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .take(2)
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --release --locked -- check tests/scenarios/covert-finding-liaison-support.ron",
            "cargo test --locked",
        ]
    );
}

#[test]
fn the_readme_action_example_is_a_valid_action() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let block = readme
        .split("```ron\n")
        .find(|b| b.starts_with("Action("))
        .expect("an Action example");
    let text = block.split_once("```").unwrap().0;
    let book = oversight::rules_dir::load_rulebook(None).unwrap();
    let source = oversight::source::SourceFile::new("README.md", text);
    let loaded = oversight::action::load_action(&book, source)
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
    assert_eq!(loaded.action.timezone_name, "America/New_York");
}
