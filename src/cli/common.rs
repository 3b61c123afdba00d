//! What several commands share: the options they have in common, reading
//! inputs, writing output and errors, and the exit codes.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use jiff::civil::Date;

use super::err::CliError;
use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::input::rules_dir::{find_proposal, load_rulebook_with};
use oversight::model::RuleBook;
use oversight::source::FileError;
use oversight::source::SourceFile;

/// Exit code: a check failed (a scenario, the draft text, coverage, lint).
pub const FAILED: u8 = 1;
/// Exit code: bad usage or unreadable input.
pub const BAD_INPUT: u8 = 2;

/// The `--error-format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ErrorFormat {
    /// Underlined source, in colour on a terminal.
    Human,
    /// One line per problem, for screen readers and logs.
    Plain,
    /// JSON, for tools.
    Json,
}

/// The `--color` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    /// In colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always in colour.
    Always,
    /// Never in colour.
    Never,
}

/// Set once from the command line, read where errors are reported.
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Remembers `--color` for every later report.
pub fn set_color(choice: ColorChoice) {
    let _ = COLOR.set(choice);
}

/// Set once from the command line, read where errors are reported.
static ERROR_FORMAT: std::sync::OnceLock<ErrorFormat> = std::sync::OnceLock::new();

/// Remembers the `--error-format` for every later report.
pub fn set_error_format(format: ErrorFormat) {
    let _ = ERROR_FORMAT.set(format);
}

/// `--rules DIR`, shared by every command that reads the rule files.
#[derive(clap::Args, Debug)]
pub struct RulesDir {
    /// Use the rule files in DIR (vocabulary.ron, bodies.ron, law/, and for
    /// `gaps` and `lint` concerns.ron, for proposals by name proposals/)
    /// instead of the embedded ones.
    #[arg(long = "rules", value_name = "DIR")]
    dir: Option<PathBuf>,
}

impl RulesDir {
    /// The folder given, if any.
    pub fn path(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

/// `--with PROPOSAL`, repeatable: proposals laid over the law.
#[derive(clap::Args, Debug)]
pub struct Overlay {
    /// Apply a proposal on top of the law: a file, or one of the rule book's
    /// proposals by file name or id. Repeatable; applied in order.
    #[arg(long = "with", value_name = "PROPOSAL", add = clap_complete::engine::ArgValueCompleter::new(super::complete::proposal_ids))]
    pub with: Vec<String>,
}

impl Overlay {
    /// The rule book (`--rules DIR`, else the embedded one) with these
    /// proposals laid over the law.
    pub fn book(&self, rules: &RulesDir) -> Result<RuleBook, Diagnostics> {
        let dir = rules.path();
        load_rulebook_with(dir, &proposals(&self.with, dir)?)
    }
}

/// `--as-of DATE`.
#[derive(clap::Args, Debug)]
pub struct AsOf {
    /// Read the law as of this date (YYYY-MM-DD). Default: the action's
    /// `as_of`, else its earliest event; today when there is no action.
    #[arg(long = "as-of", value_name = "DATE")]
    as_of: Option<String>,
}

impl AsOf {
    /// The date given, checked.
    pub fn date(&self) -> Result<Option<Date>, Diagnostics> {
        self.as_of.as_deref().map(parse_as_of).transpose()
    }
}

/// The `--format` of commands that write a report.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    /// Text for a terminal.
    Text,
    /// JSON for tools.
    Json,
    /// Markdown for a memo or a pull request.
    Markdown,
}

/// The `--format` of commands that write a listing.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    /// Text for a terminal.
    Text,
    /// JSON for tools.
    Json,
}

/// Writes a report to standard output; a closed pipe (`| head`) ends the
/// program quietly. Control characters that came from user input (a title,
/// a fact name) are made visible first, so a file can never drive the
/// terminal.
pub fn emit(text: &str) {
    let text = oversight::diagnostic::visible(text);
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write output: {error}");
        std::process::exit(i32::from(BAD_INPUT));
    }
}

/// Writes errors to standard error in the `--error-format` chosen.
pub fn report_errors(diagnostics: &Diagnostics) {
    match ERROR_FORMAT.get().copied().unwrap_or(ErrorFormat::Human) {
        ErrorFormat::Human => {
            let color = match COLOR.get().copied().unwrap_or(ColorChoice::Auto) {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stderr().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            eprint!("{}", diagnostics.render(color));
        }
        ErrorFormat::Plain => eprint!("{}", diagnostics.render_plain()),
        ErrorFormat::Json => eprint!("{}", diagnostics.render_json()),
    }
}

/// A file's text, or an error naming the file; `-` reads standard input.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostics> {
    let (name, text) = if path.as_os_str() == "-" {
        (
            String::from("standard input"),
            oversight::source::read_text(std::io::stdin().lock()),
        )
    } else {
        (
            path.display().to_string(),
            oversight::source::read_path(path),
        )
    };
    let text = text.map_err(|problem| Diagnostics::one(Diagnostic::in_file(&name, problem)))?;
    Ok(SourceFile::new(name, text))
}

/// A date option other than `--as-of` (clap reports the error, exit 2).
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

fn parse_as_of(text: &str) -> Result<Date, Diagnostics> {
    // The law is read as of a day; a time would be dropped without a word.
    if text.trim().len() > "YYYY-MM-DD".len() {
        return Err(Diagnostics::one(
            Diagnostic::in_file(
                "--as-of",
                CliError::AsOfWithTime {
                    text: text.to_string(),
                },
            )
            .with_help("the law is read as of a day: write `YYYY-MM-DD`; times belong to events"),
        ));
    }
    text.parse::<Date>().map_err(|error| {
        Diagnostics::one(
            Diagnostic::in_file(
                "--as-of",
                CliError::InvalidDate {
                    text: text.to_string(),
                },
            )
            .with_help(format!("dates are written `YYYY-MM-DD` ({error})")),
        )
    })
}

/// The proposals named on the command line: files on disk, or proposals of
/// the rule book (embedded, or in `DIR/proposals/` with `--rules DIR`) by
/// file name or id.
pub fn proposals(names: &[String], rules: Option<&Path>) -> Result<Vec<SourceFile>, Diagnostics> {
    names
        .iter()
        .map(|name| find_proposal(name, rules))
        .collect()
}

/// Every `.ron` file under the paths (default `tests/scenarios`), sorted,
/// each once.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let defaults = [PathBuf::from("tests/scenarios")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = oversight::source::ron_files(path, true).map_err(|error| {
                Diagnostics::one(Diagnostic::in_file(
                    &path.display().to_string(),
                    FileError::ReadDir {
                        reason: error.to_string(),
                    },
                ))
            })?;
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(Diagnostics::one(Diagnostic::in_file(
                &path.display().to_string(),
                FileError::NotFound,
            )));
        }
    }
    files.dedup();
    Ok(files)
}
