//! Values the shell can complete from the rule book itself: rule ids,
//! proposal ids, concern ids and fact names (`source <(COMPLETE=bash
//! oversight)`, see `oversight completions`). The embedded rule book is
//! read; a completion never fails, it only offers less.

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;

fn matching(
    current: &OsStr,
    items: impl IntoIterator<Item = (String, String)>,
) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    items
        .into_iter()
        .filter(|(value, _)| value.starts_with(typed.as_ref()))
        .map(|(value, help)| CompletionCandidate::new(value).help(Some(help.into())))
        .collect()
}

/// Rule ids, each with its citation.
pub fn rule_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Ok(book) = oversight::input::rules_dir::load_rulebook(None) else {
        return Vec::new();
    };
    matching(
        current,
        book.rules
            .iter()
            .map(|r| (r.id.clone(), book.short_citation(r))),
    )
}

/// The rule book's proposals, by id, each with its title.
pub fn proposal_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let proposals = oversight::output::vocab::proposal_entries(
        &oversight::input::rules_dir::embedded_proposals(),
    );
    matching(current, proposals.into_iter().map(|p| (p.id, p.title)))
}

/// Concern ids from `concerns.ron`, each with its title.
pub fn concern_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let concerns = oversight::input::embedded::FILES
        .iter()
        .find(|(name, _)| name.ends_with("concerns.ron"))
        .map(|(name, text)| oversight::source::SourceFile::new(*name, *text))
        .and_then(|file| oversight::parse::parse::<oversight::syntax::ConcernsFile>(&file).ok());
    let Some(concerns) = concerns else {
        return Vec::new();
    };
    matching(
        current,
        concerns.concerns.into_iter().map(|c| (c.id.value, c.title)),
    )
}

/// Fact names, each with its question.
pub fn fact_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let Ok(book) = oversight::input::rules_dir::load_rulebook(None) else {
        return Vec::new();
    };
    matching(
        current,
        book.vocabulary
            .facts
            .iter()
            .map(|f| (f.name.clone(), f.question.clone())),
    )
}
