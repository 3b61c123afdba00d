//! Drafting amendment text from a proposal, as Legislative Counsel would:
//! instructions that name the Act section and the U.S. Code, a new
//! subsection lettered from the amended section's real structure (or a new
//! section), conditions in statutory words with every term defined, and
//! text, Markdown or USLM XML. The draft check reads a proposal's own text
//! back against its rules.
//!
//! - [`document`]: the tree every writer prints;
//! - [`build`]: rules and recorded changes into that tree;
//! - [`words`] and [`cite`]: conditions, timings and citations in words;
//! - [`print`](mod@print) and [`uslm`]: the writers;
//! - [`check`]: the draft check.

pub mod build;
pub mod check;
pub mod cite;
pub mod document;
pub mod err;
pub mod print;
pub mod uslm;
pub mod words;

pub use build::draft;
pub use check::{check_draft_text, proposal_rules};
pub use document::Drafted;

use crate::model::RuleBook;

/// Drafts every applied proposal of an amended rule book, in the order
/// applied (so their new subsections take consecutive letters).
pub fn draft_all(book: &RuleBook) -> Vec<Drafted> {
    book.amendments.iter().map(|a| draft(book, a)).collect()
}

/// One proposal's amendment text with its drafter's notes, as `render`
/// prints it (text format); a note if the proposal is not applied.
pub fn render_amendment(book: &RuleBook, proposal: &str) -> String {
    match book.amendments.iter().find(|a| a.proposal == proposal) {
        Some(amendment) => print::text(&draft(book, amendment)),
        None => format!("The proposal `{proposal}` is not applied to this rule book.\n"),
    }
}
