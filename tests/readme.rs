//! The README's example output must be what the tool prints today.
//!
//! Each `<!-- example: ARGS -->` marker is followed by a fenced block holding
//! the output of `oversight ARGS` (a marker may end in `<<< 'y\nn\n'` to pipe
//! those answers in; a block may open with a `$ ...` line showing the command,
//! which is kept as written). When the rules change, the examples change with
//! them: `UPDATE_README=1 cargo test --test readme` rewrites every drifted
//! block in place, and `git diff README.md` shows what changed, to be read
//! like a snapshot.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ops::Range;

use assert_cmd::Command;

/// One example: the command and where its expected output sits in the README.
struct Example {
    /// Arguments after `oversight`.
    args: Vec<String>,
    /// Standard input, if the marker pipes any.
    stdin: Option<String>,
    /// Byte range of the compared output inside the README.
    output: Range<usize>,
}

const MARKER: &str = "<!-- example: ";

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = readme[from..].find(MARKER) {
        let start = from + found + MARKER.len();
        let end = start + readme[start..].find(" -->").unwrap();
        let spec = &readme[start..end];
        let (command, stdin) = match spec.split_once(" <<< ") {
            Some((command, input)) => {
                (command, Some(input.trim_matches('\'').replace("\\n", "\n")))
            }
            None => (spec, None),
        };
        // The output is the next fenced block, whatever its language, minus
        // an opening `$ command` line.
        let fence = end + readme[end..].find("```").unwrap();
        let mut body = fence + readme[fence..].find('\n').unwrap() + 1;
        if readme[body..].starts_with("$ ") {
            body += readme[body..].find('\n').unwrap() + 1;
        }
        let close = body + readme[body..].find("```").unwrap();
        out.push(Example {
            args: command
                .split_whitespace()
                .filter(|a| *a != "oversight")
                .map(str::to_string)
                .collect(),
            stdin,
            output: body..close,
        });
        from = close;
    }
    out
}

/// What the tool prints for an example, stdout then stderr, with the law
/// version's digest (which moves with any edit of a rule file) masked.
fn run(example: &Example) -> String {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(&example.args)
        .write_stdin(example.stdin.clone().unwrap_or_default())
        .output()
        .unwrap();
    let printed =
        String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
    mask_digest(&printed)
}

fn mask_digest(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("law ") {
        let (head, tail) = rest.split_at(at + "law ".len());
        out.push_str(head);
        let digest = tail.get(..16).unwrap_or("");
        if digest.len() == 16 && digest.chars().all(|c| c.is_ascii_hexdigit()) {
            out.push_str("<digest>");
            rest = &tail[16..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn every_readme_example_is_the_tools_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 8,
        "the README has its set-up, worked, review, memo, interview, diff and render examples"
    );
    let update = std::env::var_os("UPDATE_README").is_some_and(|v| v == "1");
    let mut rewritten = readme.clone();
    let mut drifted = Vec::new();
    // From the last example back, so earlier byte ranges stay valid.
    for example in examples.iter().rev() {
        let printed = run(example);
        let shown = &readme[example.output.clone()];
        if printed != shown {
            drifted.push(format!(
                "`oversight {}`:\n{}",
                example.args.join(" "),
                similar::TextDiff::from_lines(shown, printed.as_str())
                    .unified_diff()
                    .context_radius(1)
                    .header("README", "tool")
            ));
            rewritten.replace_range(example.output.clone(), &printed);
        }
    }
    if update {
        if rewritten != readme {
            std::fs::write("README.md", rewritten).unwrap();
        }
        return;
    }
    drifted.reverse();
    assert!(
        drifted.is_empty(),
        "{} README example(s) drifted. Run `UPDATE_README=1 cargo test --test readme` to rewrite \
         them, then read `git diff README.md` as you would a snapshot.\n\n{}",
        drifted.len(),
        drifted.join("\n")
    );
}

#[test]
fn the_digest_mask_replaces_only_a_law_version() {
    assert_eq!(
        mask_digest("law 0123456789abcdef as encoded; the law encoded here"),
        "law <digest> as encoded; the law encoded here"
    );
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
