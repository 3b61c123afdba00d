//! The rule files a review compares: the rules under review (a directory on
//! disk) and a base, which is another directory or the same directory as it
//! stood at a git revision.
//!
//! Old revisions are read with the `git` command (`rev-parse`, `ls-tree`,
//! `cat-file`), which every checkout already has; nothing is written to the
//! repository or the work tree.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::err::InputError;
use crate::compile::RuleSources;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// The rules under review: `--rules DIR` when given, else `rules/` at the
/// top of the git checkout the command runs in, else `None` (the embedded
/// rules). The text says how it was found, for the report's header.
pub fn rules_under_review(rules: Option<&Path>) -> (Option<PathBuf>, String) {
    if let Some(dir) = rules {
        return (Some(dir.to_path_buf()), dir.display().to_string());
    }
    if let Ok(top) = toplevel(Path::new(".")) {
        let dir = top.join("rules");
        if dir.join("vocabulary.ron").is_file() {
            let shown = relative_to_cwd(&dir);
            return (Some(dir), format!("{shown} (working tree)"));
        }
    }
    (None, String::from("the embedded rules"))
}

/// The base of `diff --base`: `base` is a directory when one exists at that
/// path, else a git revision of the repository holding `reviewed` (the rules
/// under review), read at the same path inside it. Returns the rule files and
/// a label such as `rules at HEAD~1`.
pub fn base_sources(
    base: &str,
    reviewed: Option<&Path>,
) -> Result<(RuleSources, String), Diagnostics> {
    let as_dir = Path::new(base);
    if as_dir.is_dir() {
        let sources = crate::input::rules_dir::directory_sources(as_dir)?;
        return Ok((sources, as_dir.display().to_string()));
    }
    let Some(reviewed) = reviewed else {
        return Err(Diagnostics::one(
            Diagnostic::in_file(".", InputError::NotACheckout)
                .with_help(
                    "run inside a checkout of the rules, give `--rules DIR` inside one, or give `--base` a directory to compare two rule directories",
                ),
        ));
    };
    let top = toplevel(reviewed)?;
    let prefix = git(reviewed, &["rev-parse", "--show-prefix"])?
        .trim()
        .trim_end_matches('/')
        .to_string();
    let commit = resolve_commit(&top, base)?;
    let shown_dir = if prefix.is_empty() { "." } else { &prefix };
    let listing = git(
        &top,
        &[
            "ls-tree",
            "-r",
            "-z",
            &commit,
            "--",
            &format!("{shown_dir}/"),
        ],
    )?;
    let mut files = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        // `<mode> blob <object>\t<path>`
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut fields = meta.split(' ');
        let (Some(_mode), Some("blob"), Some(object)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // Exactly the files a rules directory is read from on disk:
        // vocabulary.ron, bodies.ron and law/*.ron directly under it.
        let inside = if prefix.is_empty() {
            path
        } else {
            path.strip_prefix(&format!("{prefix}/")).unwrap_or("")
        };
        let wanted = matches!(inside, "vocabulary.ron" | "bodies.ron")
            || inside
                .strip_prefix("law/")
                .is_some_and(|name| !name.contains('/') && name.ends_with(".ron"));
        if !wanted {
            continue;
        }
        let text = git(&top, &["cat-file", "blob", object])?;
        let inside = if prefix.is_empty() {
            format!("./{path}")
        } else {
            path.to_string()
        };
        files.push(SourceFile::new(format!("{base}:{inside}"), text));
    }
    if files.is_empty() {
        return Err(Diagnostics::one(
            Diagnostic::in_file(
                base,
                InputError::NoRulesAtRevision {
                    dir: shown_dir.to_string(),
                    revision: base.to_string(),
                },
            )
            .with_help("the rules directory did not exist yet at that revision; name a later one"),
        ));
    }
    let sources = RuleSources::from_files(files).map_err(|name| {
        Diagnostics::one(Diagnostic::in_file(
            base,
            InputError::RuleFileMissingAtRevision {
                dir: shown_dir.to_string(),
                name: name.to_string(),
                revision: base.to_string(),
            },
        ))
    })?;
    Ok((sources, format!("{shown_dir} at {base}")))
}

/// The top of the git work tree holding `dir`.
fn toplevel(dir: &Path) -> Result<PathBuf, Diagnostics> {
    git(dir, &["rev-parse", "--show-toplevel"]).map(|top| PathBuf::from(top.trim()))
}

/// The full commit id `rev` names, or a clear error.
fn resolve_commit(top: &Path, rev: &str) -> Result<String, Diagnostics> {
    let output = run_git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        Err(Diagnostics::one(
            Diagnostic::in_file(
                "--base",
                InputError::UnknownRevision {
                    revision: rev.to_string(),
                    top: top.display().to_string(),
                },
            )
            .with_help(
                "name a commit, branch or tag (`git log --oneline` lists them), or give a directory",
            ),
        ))
    }
}

/// Runs git in `dir` and returns its standard output, or an error naming
/// what git said.
fn git(dir: &Path, args: &[&str]) -> Result<String, Diagnostics> {
    let output = run_git(dir, args)?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let said = String::from_utf8_lossy(&output.stderr);
    let said = said.trim().trim_start_matches("fatal: ");
    let shown = dir.display().to_string();
    let diagnostic = if said.contains("not a git repository") {
        Diagnostic::in_file(&shown, InputError::NotInRepository { dir: shown.clone() }).with_help(
            "give `--base` a directory to compare two rule directories, or run inside a checkout",
        )
    } else {
        Diagnostic::in_file(
            &shown,
            InputError::GitFailed {
                command: args.join(" "),
                said: said.to_string(),
            },
        )
    };
    Err(Diagnostics::one(diagnostic))
}

fn run_git(dir: &Path, args: &[&str]) -> Result<std::process::Output, Diagnostics> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|error| {
            Diagnostics::one(
                Diagnostic::in_file(
                    "git",
                    InputError::CannotRunGit {
                        reason: error.to_string(),
                    },
                )
                    .with_help("`diff --base REV` reads old revisions with the `git` command; install git, or give `--base` a directory"),
            )
        })
}

/// `dir` relative to the working directory when it lies below it.
fn relative_to_cwd(dir: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            let cwd = cwd.canonicalize().ok()?;
            let dir = dir.canonicalize().ok()?;
            dir.strip_prefix(&cwd).ok().map(Path::to_path_buf)
        })
        .map_or_else(|| dir.display().to_string(), |p| p.display().to_string())
}
