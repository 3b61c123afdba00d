//! `oversight check`: an action against the law.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use clap::ValueEnum;

use oversight::analysis::scenario::validate_expectations;
use oversight::assessment::build::{assess, choose_as_of};
use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::input::action::{load_action, today};
use oversight::output::{self, Format};

use super::common::{AsOf, Overlay, RulesDir, emit, read_source};

/// The arguments of `oversight check`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight check tests/scenarios/covert-finding-liaison-support.ron\n  oversight check action.ron --brief\n  oversight check action.ron --format markdown --banner UNCLASSIFIED > memo.md\n  oversight check action.ron --format docx --output memo.docx\n  oversight check action.ron --format ics > deadlines.ics\n  oversight check action.ron --with rel-to-reporting\n  cat action.ron | oversight check -"
)]
pub struct Args {
    /// The action file (RON).
    action: PathBuf,
    /// Output format (`outcomes`: the compact listing the scenario snapshots record).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    #[command(flatten)]
    as_of: AsOf,
    #[command(flatten)]
    rules: RulesDir,
    #[command(flatten)]
    overlay: Overlay,
    /// Add the derivation tree of every outcome that applies or is undecided.
    #[arg(long)]
    explain: bool,
    /// Only the bottom line, the bodies grouped one line each, and the three
    /// most decisive open questions (text and Markdown).
    #[arg(long)]
    brief: bool,
    /// List only the obligations with this status under each body (text and Markdown).
    #[arg(long, value_enum)]
    only: Option<OnlyStatus>,
    /// A marking printed at the top and the bottom of the report, e.g. a
    /// classification line (text, Markdown, Word).
    #[arg(long, value_name = "TEXT")]
    banner: Option<String>,
    /// The date the memo says it was prepared (YYYY-MM-DD); today if left out.
    #[arg(long, value_name = "DATE", value_parser = super::common::parse_date)]
    prepared: Option<jiff::civil::Date>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The `--only` values of `check`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum OnlyStatus {
    /// Owed whatever the open facts are.
    Required,
    /// Owed or not depending on open facts.
    Depends,
}

/// The `--format` values of `check`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// The report for a terminal.
    Text,
    /// The assessment as JSON (`oversight.assessment/2`).
    Json,
    /// A memo in Markdown.
    Markdown,
    /// The compact listing the scenario snapshots record.
    Outcomes,
    /// The memo as a Word document (to `--output FILE`, or to a pipe).
    Docx,
    /// The deadlines as an iCalendar file (RFC 5545), an alarm a day before each.
    Ics,
}

/// Runs `oversight check`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = args.overlay.book(&args.rules)?;
    let as_of = args.as_of.date()?;
    let loaded = load_action(&book, read_source(&args.action)?)?;
    validate_expectations(&book, &loaded)?;
    // How a time was read (a daylight-saving gap or fold) is said on standard
    // error too, so it is seen whatever the format.
    for warning in &loaded.warnings.0 {
        eprintln!("warning: {}", warning.plain_line());
    }
    let (date, source) = choose_as_of(&loaded.action, as_of, today());
    let mut assessment = assess(&book, &loaded.action, date, source);
    if args.explain {
        oversight::assessment::explain::attach_derivations(&book, &loaded.action, &mut assessment);
    }
    let prepared = args.prepared.unwrap_or_else(today).to_string();
    let format = match args.format {
        CheckFormat::Text => Format::Text,
        CheckFormat::Json => Format::Json,
        CheckFormat::Markdown => Format::Markdown,
        CheckFormat::Outcomes => Format::Outcomes,
        CheckFormat::Docx | CheckFormat::Ics => Format::Markdown,
    };
    let view = output::View {
        brief: args.brief,
        only: args.only.map(|only| match only {
            OnlyStatus::Required => oversight::assessment::Status::Required,
            OnlyStatus::Depends => oversight::assessment::Status::Depends,
        }),
        banner: args.banner.clone(),
        prepared: Some(prepared.clone()),
    };
    let bytes = match args.format {
        CheckFormat::Docx => {
            if args.output.is_none() && std::io::stdout().is_terminal() {
                return Err(Diagnostics::one(Diagnostic::in_file(
                    "--format docx",
                    super::err::CliError::BinaryToTerminal,
                )));
            }
            output::docx::render(&assessment, &view).map_err(|reason| {
                Diagnostics::one(Diagnostic::in_file(
                    "--format docx",
                    super::err::CliError::CannotWrite {
                        path: String::from("the Word document"),
                        reason,
                    },
                ))
            })?
        }
        CheckFormat::Ics => output::ics::render(&assessment, &prepared).into_bytes(),
        _ => output::render_view(&assessment, format, &view).into_bytes(),
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).map_err(|error| {
            Diagnostics::one(Diagnostic::in_file(
                &path.display().to_string(),
                super::err::CliError::CannotWrite {
                    path: path.display().to_string(),
                    reason: error.to_string().to_lowercase(),
                },
            ))
        })?,
        // Text for people goes through `emit`, which makes control
        // characters visible; a calendar (CRLF lines) and a Word document
        // are written byte for byte (their writers escape what they hold).
        None if !matches!(args.format, CheckFormat::Docx | CheckFormat::Ics) => {
            emit(&String::from_utf8_lossy(&bytes));
        }
        None => {
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            let written = stdout.write_all(&bytes).and_then(|()| stdout.flush());
            if let Err(error) = written
                && error.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("error: cannot write output: {error}");
                return Ok(super::common::BAD_INPUT);
            }
        }
    }
    Ok(0)
}
