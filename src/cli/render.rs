//! `oversight render`: a proposal as amendment text, with a check of its draft.

use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::input::rules_dir::{find_proposal, load_rulebook_with};

use super::common::{FAILED, RulesDir, emit, report_errors};

/// The arguments of `oversight render`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The proposal (a file, or one of the rule book's proposals by name).
    proposal: String,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight render`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let (name, rules) = (args.proposal.as_str(), args.rules.path());
    let file = find_proposal(name, rules)?;
    let book = load_rulebook_with(rules, std::slice::from_ref(&file))?;
    let Some(id) = book
        .provisions
        .iter()
        .rev()
        .find_map(|p| p.proposal.clone())
    else {
        return Err(Diagnostics::one(Diagnostic::in_file(
            &file.name,
            super::err::CliError::ProposalNotApplied,
        )));
    };
    let mut out = oversight::output::amendment::render_amendment(&book, &id);
    let problems =
        oversight::output::amendment::check_draft_text(&book, &file).map_err(Diagnostics::one)?;
    if problems.is_empty() {
        out.push_str("draft text check: ok (every period, body and citation in the draft text matches the rules)\n");
        emit(&out);
        Ok(0)
    } else {
        out.push_str(&format!(
            "draft text check: {} mismatch(es) between the draft text and the rules\n",
            problems.len()
        ));
        emit(&out);
        report_errors(&Diagnostics(problems));
        Ok(FAILED)
    }
}
