//! `oversight diff`: what proposals or a rule change change across scenarios.

use std::path::PathBuf;

use oversight::diagnostic::Diagnostics;
use oversight::input::action::today;
use oversight::input::rules_dir::{load_rulebook, load_rulebook_with};

use super::common::{FAILED, ReportFormat, RulesDir, emit, proposals, scenario_files};

/// The arguments of `oversight diff`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight diff --with rel-to-reporting tests/scenarios\n  oversight diff --base main --fail-on-change"
)]
pub struct Args {
    /// Proposals to apply (files, or the rule book's proposals by name), in
    /// order. (Declared here rather than shared: without `--base` at least
    /// one is required.)
    #[arg(
        long = "with",
        value_name = "PROPOSAL",
        required_unless_present = "base",
        add = clap_complete::engine::ArgValueCompleter::new(super::complete::proposal_ids)
    )]
    with: Vec<String>,
    /// Compare the rules under review (`--rules DIR`, else `rules/` of the
    /// git checkout you are in) with the same directory at this git
    /// revision, or with the rules in this directory.
    #[arg(long, value_name = "REV|DIR")]
    base: Option<String>,
    /// Scenario files or folders (default tests/scenarios).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Exit 1 if anything changed (for CI review of a rule change).
    #[arg(long)]
    fail_on_change: bool,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight diff`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let (with, base, paths, rules) = (
        &args.with,
        args.base.as_deref(),
        &args.paths,
        args.rules.path(),
    );
    let files = scenario_files(paths)?;
    let report = match base {
        None => {
            let law = load_rulebook(rules)?;
            let amended = load_rulebook_with(rules, &proposals(with, rules)?)?;
            oversight::analysis::diff::diff_files(&law, &amended, &files, today())?
        }
        Some(base) => {
            use oversight::input::revision::{base_sources, rules_under_review};
            let (reviewed, reviewed_label) = rules_under_review(rules);
            let reviewed = reviewed.as_deref();
            let after = load_rulebook_with(reviewed, &proposals(with, reviewed)?)?;
            let (sources, base_label) = base_sources(base, reviewed)?;
            let before = oversight::compile::compile(&sources)?;
            let mut report =
                oversight::analysis::diff::diff_files(&before, &after, &files, today())?;
            report.before = base_label;
            report.rule_change = true;
            report.after = if report.proposals.is_empty() {
                reviewed_label
            } else {
                format!("{reviewed_label} + {}", report.proposals.join(" + "))
            };
            report
        }
    };
    emit(&match args.format {
        ReportFormat::Text => oversight::output::diff::render_text(&report),
        ReportFormat::Json => oversight::output::diff::render_json(&report),
        ReportFormat::Markdown => oversight::output::diff::render_markdown(&report),
    });
    Ok(if args.fail_on_change && report.changed > 0 {
        FAILED
    } else {
        0
    })
}
