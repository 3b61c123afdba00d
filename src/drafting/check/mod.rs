//! The draft check: does a proposal's own draft text say what its rules
//! say? Periods (amount, unit and direction), amounts of money, recipients,
//! actors, countries, the groups, channels and events its rules test (by
//! their defined terms), definitions of the terms it uses, designations,
//! and citations. Words a strike-and-insert instruction strikes are not a
//! claim about the rules, so they are not read.

mod claims;
mod scan;
mod structure;
mod terms;
mod timing;

use claims::{check_actors, check_amounts, check_countries, check_recipients};
use scan::without_struck;
use structure::{check_citations, check_designations, check_instructions};
use terms::{check_conditions, check_definition_contents, check_definitions, check_triggers};
use timing::{check_periods, check_timings};

use super::err::DraftError;
use crate::diagnostic::Diagnostic;
use crate::model::{Rule, RuleBook, RuleKind};
use crate::parse::parse;
use crate::source::SourceFile;
use crate::syntax::ProposalFile;
use std::ops::Range;

/// The rules a proposal contributes to an amended rule book, in order
/// (definitions it cites included).
pub fn proposal_rules<'a>(book: &'a RuleBook, proposal: &str) -> Vec<&'a Rule> {
    book.rules
        .iter()
        .filter(|r| book.provision_of(r).and_then(|p| p.proposal.as_deref()) == Some(proposal))
        .collect()
}

/// The rules a draft is read against: every rule, for what the draft says,
/// and those it must state in full, for what it leaves out.
pub(super) struct Claims<'r, 'b> {
    pub(super) all: &'r [&'b Rule],
    pub(super) in_full: &'r [&'b Rule],
}

/// Where a draft check finding points: a range in the file.
pub(super) struct Finder<'f> {
    file: &'f SourceFile,
    base: usize,
    literal_end: usize,
}

impl Finder<'_> {
    pub(super) fn at(&self, range: &Range<usize>) -> Range<usize> {
        (self.base + range.start)..(self.base + range.end)
    }

    pub(super) fn whole(&self) -> Range<usize> {
        self.base
            ..self
                .base
                .saturating_add(1)
                .min(self.literal_end.max(self.base + 1))
    }

    pub(super) fn push(
        &self,
        problems: &mut Vec<Diagnostic>,
        range: Range<usize>,
        error: DraftError,
        label: &str,
        help: String,
    ) {
        let mut diagnostic = Diagnostic::at(self.file, range, error).with_label(label);
        if !help.is_empty() {
            diagnostic = diagnostic.with_help(help);
        }
        problems.push(diagnostic);
    }
}

/// Checks the proposal's draft text against its structured rules. Returns
/// every mismatch, pointing at the text; an empty list means they agree.
pub fn check_draft_text(book: &RuleBook, file: &SourceFile) -> Result<Vec<Diagnostic>, Diagnostic> {
    let proposal: ProposalFile = parse(file)?;
    let literal = proposal.text.span_in(file).unwrap_or(0..0);
    let raw = file.text.get(literal.clone()).unwrap_or("");
    let text = without_struck(raw);
    let finder = Finder {
        file,
        base: literal.start,
        literal_end: literal.end,
    };
    let id = proposal.id.as_str();
    let rules: Vec<&Rule> = proposal_rules(book, id)
        .into_iter()
        .filter(|r| r.kind != RuleKind::Definition)
        .collect();
    let amendment = book.amendments.iter().find(|a| a.proposal == id);
    // A rule changed by striking and inserting words keeps the rest of its
    // words in the law: the draft need not restate them, so it is read only
    // for what the draft says, never for what it leaves out.
    let phrase_only: Vec<&str> = amendment
        .map(|a| {
            a.changes
                .iter()
                .filter_map(|c| match c {
                    crate::model::LawChange::Replaced {
                        rule,
                        strike: Some(_),
                        ..
                    } => Some(rule.as_str()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let stated_in_full: Vec<&Rule> = rules
        .iter()
        .copied()
        .filter(|r| !phrase_only.contains(&r.id.as_str()))
        .collect();
    let rules = Claims {
        all: &rules,
        in_full: &stated_in_full,
    };
    let mut problems = Vec::new();
    check_periods(&text, &rules, &finder, &mut problems);
    check_amounts(&text, &rules, &finder, &mut problems);
    check_recipients(book, &text, &rules, &finder, &mut problems);
    check_actors(&text, &rules, &finder, &mut problems);
    check_countries(book, &text, &rules, &finder, &mut problems);
    if let Some(amendment) = amendment {
        check_triggers(book, amendment, &text, &finder, &mut problems);
        check_designations(book, amendment, &text, &finder, &mut problems);
    }
    if let Some(amendment) = amendment {
        check_timings(book, amendment, &text, &rules, &finder, &mut problems);
        check_conditions(book, amendment, &text, &rules, &finder, &mut problems);
        // The instructions are read from the text as written, struck
        // words included.
        check_instructions(amendment, raw, &finder, &mut problems);
    }
    let act = proposal.amends.as_ref().map(|a| a.act.as_str());
    check_definitions(book, act, &text, &finder, &mut problems);
    check_definition_contents(book, &text, &finder, &mut problems);
    check_citations(book, &proposal, amendment, &text, &finder, &mut problems);
    Ok(problems)
}
