//! `oversight render`: proposals as amendment text in Legislative Counsel's
//! form (text, Markdown or USLM XML), each with a check of its own draft.

use clap::ValueEnum;
use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::drafting::{check_draft_text, draft_all, print, uslm};
use oversight::input::rules_dir::{find_proposal, load_rulebook_with};

use super::common::{FAILED, RulesDir, emit, report_errors};

/// The formats of `oversight render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// Bill text, with drafter's notes and the draft check.
    Text,
    /// The same as Markdown.
    Markdown,
    /// USLM 1.0 XML (the House and GPO markup): one bill, a section per proposal.
    Uslm,
    /// JSON: each proposal's text, its drafter's notes, and the draft check's findings.
    Json,
}

/// The arguments of `oversight render`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight render adversary-liaison-channel-report\n  oversight render rel-to-reporting adversary-exchange-notice\n  oversight render my-proposal.ron --format uslm > bill.xml"
)]
pub struct Args {
    /// The proposals (files, or the rule book's proposals by name), applied
    /// in this order: their new subsections take consecutive letters.
    #[arg(required = true, add = clap_complete::engine::ArgValueCompleter::new(super::complete::proposal_ids))]
    proposals: Vec<String>,
    /// The output format.
    #[arg(long, value_enum, default_value = "text")]
    format: RenderFormat,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight render`: exit 0 when every draft text agrees with its
/// rules and every condition has statutory words, 1 otherwise.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let rules = args.rules.path();
    let mut files = Vec::new();
    for name in &args.proposals {
        files.push(find_proposal(name, rules)?);
    }
    let book = load_rulebook_with(rules, &files)?;
    if book.amendments.len() != files.len() {
        let file = files.first().map_or("proposal", |f| f.name.as_str());
        return Err(Diagnostics::one(Diagnostic::in_file(
            file,
            super::err::CliError::ProposalNotApplied,
        )));
    }
    let drafts = draft_all(&book);
    let mut problems = Vec::new();
    for file in &files {
        problems.extend(check_draft_text(&book, file).map_err(Diagnostics::one)?);
    }
    let missing_words = drafts
        .iter()
        .any(|d| d.notes.iter().any(|n| n.starts_with("No statutory words")));
    let mut out = String::new();
    match args.format {
        RenderFormat::Uslm => out.push_str(&uslm::bill(&drafts)),
        RenderFormat::Json => {
            let proposals: Vec<serde_json::Value> = drafts
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "proposal": d.proposal,
                        "title": d.title,
                        "text": print::bare_text(d),
                        "notes": d.notes,
                    })
                })
                .collect();
            let findings: Vec<serde_json::Value> = problems
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "code": p.code,
                        "message": p.message,
                        "at": format!("{}:{}:{}", p.file, p.line, p.column),
                    })
                })
                .collect();
            let report = serde_json::json!({
                "schema": "oversight.render/1",
                "proposals": proposals,
                "draft_check": findings,
            });
            out.push_str(&format!(
                "{}\n",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            ));
        }
        RenderFormat::Text | RenderFormat::Markdown => {
            for drafted in &drafts {
                out.push_str(&match args.format {
                    RenderFormat::Markdown => print::markdown(drafted),
                    _ => print::text(drafted),
                });
            }
            if drafts.len() > 1 {
                out.push_str(&lettering(&book));
            }
            if problems.is_empty() && missing_words {
                out.push_str("draft text check: ok, but a condition has no statutory words, so the text above is not ready (see the drafter's notes)\n");
            } else if problems.is_empty() {
                out.push_str("draft text check: ok (periods, amounts, recipients, actors, countries, terms, designations and citations in each draft text match its rules)\n");
            } else {
                out.push_str(&format!(
                    "draft text check: {} mismatch(es) between the draft text and the rules\n",
                    problems.len()
                ));
            }
        }
    }
    emit(&out);
    let agree = problems.is_empty();
    if !agree && args.format != RenderFormat::Json {
        report_errors(&Diagnostics(problems));
    }
    Ok(if agree && !missing_words { 0 } else { FAILED })
}

/// Where each proposal's new unit goes, when several are rendered together.
fn lettering(book: &oversight::model::RuleBook) -> String {
    use oversight::model::Placement;
    let mut out = String::from("Placement, in the order applied:\n");
    for amendment in &book.amendments {
        let place = match &amendment.placement {
            Placement::Subsection {
                section, letter, ..
            } => format!("adds {}({letter})", section.usc),
            Placement::Section { .. } => String::from("enacts a new section"),
            Placement::Nothing => String::from("adds no unit"),
        };
        out.push_str(&format!("  - `{}` {place}\n", amendment.proposal));
    }
    out.push('\n');
    out
}
