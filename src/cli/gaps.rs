//! `oversight gaps`: actions where a concern holds and nothing specific is owed.

use std::path::{Path, PathBuf};

use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::input::action::today;
use oversight::input::rules_dir::load_rulebook;

use super::common::{AsOf, Overlay, ReportFormat, RulesDir, emit, read_source};

/// The arguments of `oversight gaps`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight gaps\n  oversight gaps --with rel-to-reporting --concern adversary_added_to_rel_to"
)]
pub struct Args {
    #[command(flatten)]
    overlay: Overlay,
    /// Only this concern (an id from concerns.ron).
    #[arg(long, value_name = "ID", add = clap_complete::engine::ArgValueCompleter::new(super::complete::concern_ids))]
    concern: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    #[command(flatten)]
    as_of: AsOf,
    /// Write each gap's example as an action file in DIR (`gap-*.ron`; the
    /// examples of an earlier run there are replaced).
    #[arg(long, value_name = "DIR")]
    emit_examples: Option<PathBuf>,
    /// Let `--emit-examples` write into a folder that holds other files.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight gaps`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let (with, only, rules) = (
        &args.overlay.with,
        args.concern.as_deref(),
        args.rules.path(),
    );
    let emit_examples = args.emit_examples.as_deref();
    use oversight::analysis::gaps::{
        GapReport, SCHEMA, analyse, embedded_concerns, load_concerns, missing_concerns,
    };
    let as_of = args.as_of.date()?.unwrap_or_else(today);
    let concerns_file = match rules {
        Some(dir) => read_source(&dir.join("concerns.ron"))?,
        None => embedded_concerns().ok_or_else(|| missing_concerns("rules/concerns.ron"))?,
    };
    let law = load_rulebook(rules)?;
    let mut concerns = load_concerns(&law, &concerns_file)?;
    if let Some(id) = only {
        let ids: Vec<String> = concerns.iter().map(|c| c.id.clone()).collect();
        concerns.retain(|c| c.id == id);
        if concerns.is_empty() {
            return Err(Diagnostics::one(
                Diagnostic::in_file(
                    "--concern",
                    oversight::analysis::err::AnalysisError::UnknownConcern { id: id.to_string() },
                )
                .with_suggestion(id, ids.iter().map(String::as_str), "concern"),
            ));
        }
    }
    let law_gaps = analyse(&law, &concerns, as_of);
    let (proposal_ids, amended) = if with.is_empty() {
        (Vec::new(), None)
    } else {
        let book = args.overlay.book(&args.rules)?;
        let ids = book.proposal_ids();
        let concerns = load_concerns(&book, &concerns_file)?
            .into_iter()
            .filter(|c| only.is_none_or(|id| c.id == id))
            .collect::<Vec<_>>();
        (ids, Some(analyse(&book, &concerns, as_of)))
    };
    if let Some(dir) = emit_examples {
        prepare_examples_folder(dir, args.force)?;
        for gaps in law_gaps.iter().chain(amended.iter().flatten()) {
            for (n, example) in gaps.examples.iter().enumerate() {
                let suffix = if amended
                    .as_ref()
                    .is_some_and(|a| a.iter().any(|g| std::ptr::eq(g, gaps)))
                {
                    "-amended"
                } else {
                    ""
                };
                let path = dir.join(format!("gap-{}{suffix}-{}.ron", gaps.concern, n + 1));
                oversight::source::write_atomically(&path, example).map_err(|problem| {
                    Diagnostics::one(Diagnostic::in_file(&path.display().to_string(), problem))
                })?;
            }
        }
    }
    let report = GapReport {
        schema: SCHEMA,
        as_of: as_of.to_string(),
        proposals: proposal_ids,
        law: law_gaps,
        amended,
    };
    emit(&match args.format {
        ReportFormat::Text => oversight::output::gaps::render_text(&report),
        ReportFormat::Json => oversight::output::gaps::render_json(&report),
        ReportFormat::Markdown => oversight::output::gaps::render_markdown(&report),
    });
    Ok(0)
}

/// Makes the examples folder ready: created if missing; the `gap-*.ron`
/// files of an earlier run removed, so none goes stale; any other file is
/// left alone, and the run refused unless `--force` is given.
fn prepare_examples_folder(dir: &Path, force: bool) -> Result<(), Diagnostics> {
    let shown = dir.display().to_string();
    let file_problem = |problem| Diagnostics::one(Diagnostic::in_file(&shown, problem));
    std::fs::create_dir_all(dir).map_err(|e| {
        file_problem(oversight::source::FileError::CreateDir {
            reason: e.to_string(),
        })
    })?;
    let entries = std::fs::read_dir(dir).map_err(|e| {
        file_problem(oversight::source::FileError::ReadDir {
            reason: e.to_string(),
        })
    })?;
    let mut ours = Vec::new();
    let mut others = false;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("gap-") && name.ends_with(".ron") {
            ours.push(entry.path());
        } else {
            others = true;
        }
    }
    if others && !force {
        return Err(Diagnostics::one(
            Diagnostic::in_file(&shown, super::err::CliError::FolderNotEmpty)
                .with_help("name an empty or new folder, or give `--force` to write beside them"),
        ));
    }
    for path in ours {
        std::fs::remove_file(&path).map_err(|e| {
            Diagnostics::one(Diagnostic::in_file(
                &path.display().to_string(),
                oversight::source::FileError::Write {
                    reason: e.to_string(),
                },
            ))
        })?;
    }
    Ok(())
}
