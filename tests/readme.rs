//! The README's example output must be what the tool prints today.
//!
//! Each `<!-- example: ARGS -->` marker is followed by a fenced block holding
//! the output of `oversight ARGS` (a marker may end in `<<< 'y\nn\n'` to pipe
//! those answers in; a block may open with a `$ ...` line showing the command,
//! which is kept as written). When the rules change, the examples change with
//! them: `UPDATE_README=1 cargo test --test readme` rewrites every drifted
//! block in place, and `git diff README.md` shows what changed, to be read
//! like a snapshot.
//!
//! The worked example "Reviewing a rule change" runs in a scratch git
//! repository holding a copy of `rules/` and `tests/scenarios/`: the patch
//! under `<!-- review: patch -->` is committed as the base, then applied with
//! `git apply`; each `<!-- review: ARGS -->` block is the output of
//! `oversight ARGS` there, and `<!-- review: snapshot diff FILE -->` is the
//! change of FILE's compact outcome listing under the edited `rules/` (what
//! its `outcome@` snapshot shows in `cargo insta review`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ops::Range;

mod common;

use assert_cmd::Command;

/// One example: the command and where its expected output sits in the README.
#[derive(Clone)]
struct Example {
    /// Arguments after `oversight`.
    args: Vec<String>,
    /// Standard input, if the marker pipes any.
    stdin: Option<String>,
    /// Byte range of the compared output inside the README.
    output: Range<usize>,
}

const MARKER: &str = "<!-- example: ";
const REVIEW: &str = "<!-- review: ";

fn examples(readme: &str) -> Vec<Example> {
    blocks(readme, MARKER)
}

/// Every block after a marker: the marker's text split into arguments, an
/// optional `<<< 'stdin'`, and the block's byte range.
fn blocks(readme: &str, marker: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = readme[from..].find(marker) {
        let start = from + found + marker.len();
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
    run_in(example, std::path::Path::new("."))
}

fn run_in(example: &Example, dir: &std::path::Path) -> String {
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .current_dir(dir)
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

/// Every marked block with what the tool prints for it: the examples, run
/// here, and the review walkthrough, run in a scratch repository.
fn printed_blocks(readme: &str) -> Vec<(Example, String)> {
    let mut out: Vec<(Example, String)> = examples(readme)
        .into_iter()
        .map(|e| {
            let printed = run(&e);
            (e, printed)
        })
        .collect();
    assert!(
        out.len() >= 8,
        "the README has its set-up, worked, memo, interview, diff and render examples"
    );
    out.extend(review_walkthrough(readme));
    out
}

#[test]
fn every_readme_example_is_the_tools_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut blocks = printed_blocks(&readme);
    // From the last block back, so earlier byte ranges stay valid.
    blocks.sort_by_key(|(e, _)| std::cmp::Reverse(e.output.start));
    let mut rewritten = readme.clone();
    let mut drifted = Vec::new();
    for (example, printed) in &blocks {
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
            rewritten.replace_range(example.output.clone(), printed);
        }
    }
    if std::env::var_os("UPDATE_README").is_some_and(|v| v == "1") {
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

fn git(dir: &std::path::Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "-c",
            "user.name=README",
            "-c",
            "user.email=readme@example.org",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The blocks of "Reviewing a rule change", each with what the tool prints
/// for it in a scratch repository where the README's patch was applied.
fn review_walkthrough(readme: &str) -> Vec<(Example, String)> {
    let (patches, steps): (Vec<Example>, Vec<Example>) = blocks(readme, REVIEW)
        .into_iter()
        .partition(|s| s.args == ["patch"]);
    let [patch] = patches.as_slice() else {
        panic!("the review walkthrough has one `<!-- review: patch -->` block");
    };
    assert!(steps.len() >= 3, "diff --base, test and a snapshot diff");
    let repo = tempfile::tempdir().unwrap();
    common::copy_dir(std::path::Path::new("rules"), &repo.path().join("rules"));
    common::copy_dir(
        std::path::Path::new("tests/scenarios"),
        &repo.path().join("tests/scenarios"),
    );
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "base"]);
    // `snapshot diff FILE`: FILE's compact outcome listing before and after.
    let listing = |file: &str| {
        let check = Example {
            args: ["check", file, "--format", "outcomes", "--rules", "rules"]
                .map(String::from)
                .to_vec(),
            stdin: None,
            output: 0..0,
        };
        run_in(&check, repo.path())
    };
    let is_snapshot_diff = |e: &Example| e.args.len() == 3 && e.args[..2] == ["snapshot", "diff"];
    let before: Vec<Option<String>> = steps
        .iter()
        .map(|e| is_snapshot_diff(e).then(|| listing(&e.args[2])))
        .collect();
    std::fs::write(
        repo.path().join("edit.patch"),
        &readme[patch.output.clone()],
    )
    .unwrap();
    git(repo.path(), &["apply", "edit.patch"]);
    std::fs::remove_file(repo.path().join("edit.patch")).unwrap();
    steps
        .into_iter()
        .zip(before)
        .map(|(step, before)| {
            let printed = match before {
                Some(before) => {
                    let after = listing(&step.args[2]);
                    similar::TextDiff::from_lines(before.as_str(), after.as_str())
                        .unified_diff()
                        .context_radius(2)
                        .header("outcome (old)", "outcome (new)")
                        .to_string()
                }
                None => run_in(&step, repo.path()),
            };
            (step, printed)
        })
        .collect()
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
    let book = oversight::input::rules_dir::load_rulebook(None).unwrap();
    let source = oversight::source::SourceFile::new("README.md", text);
    let loaded = oversight::input::action::load_action(&book, source)
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
    assert_eq!(loaded.action.timezone_name, "America/New_York");
}
