//! `oversight validate`: the rule files, and each proposal on top of them, compile.

use oversight::diagnostic::Diagnostics;
use oversight::input::rules_dir::{load_rulebook, load_rulebook_with, proposals_of};

use super::common::{FAILED, RulesDir, emit, report_errors};

/// The arguments of `oversight validate`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  oversight validate\n  oversight validate --rules my-rules/")]
pub struct Args {
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight validate`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let rules = args.rules.path();
    // A mistake in the law would show again under every proposal; report it once.
    let book = match load_rulebook(rules) {
        Ok(book) => book,
        Err(diagnostics) => {
            report_errors(&diagnostics);
            return Ok(FAILED);
        }
    };
    // Each of the rule book's proposals must compile on top of the law, like the law.
    let mut failed = false;
    let own_proposals = match proposals_of(rules) {
        Ok(files) => files,
        Err(diagnostics) => {
            report_errors(&diagnostics);
            return Ok(FAILED);
        }
    };
    for proposal in &own_proposals {
        if let Err(diagnostics) = load_rulebook_with(rules, std::slice::from_ref(proposal)) {
            report_errors(&diagnostics);
            failed = true;
        }
    }
    if failed {
        return Ok(FAILED);
    }
    emit(&format!(
        "ok: {} rules in {} provisions; {} facts, {} events, {} bodies, {} body groups; {} proposals apply; {}\n",
        book.rules.len(),
        book.provisions.len(),
        book.vocabulary.facts.len(),
        book.vocabulary.events.len(),
        book.bodies.len(),
        book.body_groups.len(),
        own_proposals.len(),
        book.law_version
    ));
    Ok(0)
}
