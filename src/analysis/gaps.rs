//! Gap analysis: is there an action where a concern holds and no specific
//! notice, gate or prohibition is required? The fact space the concern and
//! the rules depend on is searched depth first with three-valued pruning: a
//! branch ends as soon as the concern is false, something specific is
//! definitely owed, or the concern definitely holds with nothing specific
//! owed (a gap; the facts not yet fixed are wildcards, sound by Kleene
//! logic). The search stops at the first gap, its witness; when it finishes
//! without one, the concern is proven closed.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use super::err::AnalysisError;
use crate::compile::compile_condition;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::evaluate::{
    Evaluation, condition_unknowns, condition_value, deciding_unknowns, evaluate_rules,
};
use crate::engine::logic::Truth;
use crate::engine::search::{Found, Goal, Pattern, Space, Step};
use crate::engine::space::{self, Choice, Setting, describe_pattern};
use crate::input::action::{Action, FactValue};
use crate::model::{Condition, FactIx, RuleBook, RuleIx};
use crate::parse::parse;
use crate::source::SourceFile;
use crate::syntax::ConcernsFile;

/// The values worth trying for each fact, for the rules and these concerns
/// (see [`space::domains`]).
pub fn domains(book: &RuleBook, concerns: &[Concern]) -> Vec<Vec<Choice>> {
    let conditions: Vec<&Condition> = concerns.iter().map(|c| &c.condition).collect();
    space::domains(book, &conditions)
}

/// The schema name and version of `oversight gaps --format json`.
pub const SCHEMA: &str = "oversight.gaps/1";

/// A named indicator of realignment, compiled.
#[derive(Debug, Clone)]
pub struct Concern {
    /// The id written in `concerns.ron`, used by `--concern` and in reports.
    pub id: String,
    /// A one-line name for staffers.
    pub title: String,
    /// What it covers.
    pub explains: String,
    /// Why it matters.
    pub matters: String,
    /// When it holds.
    pub condition: Condition,
}

/// The concerns file embedded in the binary.
pub fn embedded_concerns() -> Option<SourceFile> {
    crate::input::embedded::FILES
        .iter()
        .find(|(name, _)| *name == "rules/concerns.ron")
        .map(|(name, text)| SourceFile::new(*name, *text))
}

/// Compiles the concerns against a rule book's vocabulary.
pub fn load_concerns(book: &RuleBook, file: &SourceFile) -> Result<Vec<Concern>, Diagnostics> {
    let decl: ConcernsFile = parse(file)?;
    let mut concerns = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for concern in decl.concerns {
        // Ids become file names (`gaps --emit-examples`): letters, digits,
        // `_` and `-` only, so no id can reach outside the folder.
        let id = concern.id.as_str();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    &concern.id,
                    AnalysisError::InvalidConcernId { id: id.to_string() },
                )
                .with_label("not a valid id")
                .with_help("concern ids use letters, digits, `_` and `-` only"),
            );
            continue;
        }
        match compile_condition(book, file, &concern.when) {
            Ok(condition) => concerns.push(Concern {
                id: concern.id.value.clone(),
                title: concern.title,
                explains: concern.explains,
                matters: concern.matters,
                condition,
            }),
            Err(d) => diagnostics.0.extend(d.0),
        }
    }
    diagnostics.into_result(concerns)
}

/// The search gives up after this many partial assignments.
pub(crate) const MAX_VISITS: usize = 200_000;

/// The goal of gap analysis: the concern holds and no specific rule applies.
struct GapOf<'a> {
    book: &'a RuleBook,
    concern: &'a Concern,
    /// The specific rules (notices, duties, gates, prohibitions).
    specific: Vec<RuleIx>,
}

impl<'a> GapOf<'a> {
    fn new(book: &'a RuleBook, concern: &'a Concern) -> Self {
        let specific = book
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_specific())
            .map(|(i, _)| RuleIx(i))
            .collect();
        Self {
            book,
            concern,
            specific,
        }
    }
}

impl Goal for GapOf<'_> {
    fn step(&self, action: &Action, evaluation: &Evaluation) -> Step {
        let book = self.book;
        let concern = &self.concern.condition;
        let concern_value = condition_value(concern, &action.facts, &evaluation.values, book);
        if concern_value == Truth::False {
            return Step::Prune;
        }
        let values: Vec<Truth> = self
            .specific
            .iter()
            .map(|&r| evaluation.values.get(r.0).copied().unwrap_or(Truth::False))
            .collect();
        if values.contains(&Truth::True) {
            return Step::Prune; // something specific is owed: not a gap
        }
        if concern_value == Truth::True && values.iter().all(|v| *v == Truth::False) {
            return Step::Witness;
        }
        let sets = deciding_unknowns(book, action, evaluation);
        // Branch on the concern first; then on the undecided specific rule with
        // the fewest deciding facts (most constrained first), which settles
        // coverage quickly instead of wandering through unrelated facts.
        let mut candidates = condition_unknowns(book, action, evaluation, concern, &sets);
        candidates.sort_unstable();
        if candidates.is_empty() {
            let tightest = self
                .specific
                .iter()
                .zip(&values)
                .filter(|(_, v)| **v == Truth::Unknown)
                .filter_map(|(&r, _)| sets.get(r.0))
                .filter(|set| !set.is_empty())
                .min_by_key(|set| set.len());
            candidates = tightest.cloned().unwrap_or_default();
        }
        Step::Branch(candidates)
    }

    /// "No" first: gaps are where the triggers of specific duties are absent.
    fn order(&self, _fact: FactIx, choices: &[Choice]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..choices.len()).collect();
        order.sort_by_key(|&i| {
            choices
                .get(i)
                .is_some_and(|c| c.value != FactValue::Flag(false))
        });
        order
    }
}

/// Searches the fact space for a gap of one concern as of a date.
pub fn search(book: &RuleBook, concern: &Concern, domains: &[Vec<Choice>], as_of: Date) -> Found {
    search_from(book, concern, domains, as_of, &Vec::new())
}

/// Like [`search`], with some facts fixed in advance.
pub(crate) fn search_from(
    book: &RuleBook,
    concern: &Concern,
    domains: &[Vec<Choice>],
    as_of: Date,
    fixed: &Pattern,
) -> Found {
    let space = Space {
        book,
        domains,
        as_of,
        max_visits: MAX_VISITS,
    };
    space.find(fixed, &GapOf::new(book, concern))
}

/// A gap pattern over the concern's own facts: each listed fact takes one of
/// the listed values, every other fact is a wildcard; `witness` is one
/// concrete gap action inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Facts of the concern and the values they may take.
    pub facts: Vec<(FactIx, Vec<usize>)>,
    /// One gap action in the region.
    pub witness: Pattern,
}

fn concern_facts(condition: &Condition) -> Vec<FactIx> {
    let mut facts = condition.facts();
    facts.sort_unstable();
    facts.dedup();
    facts
}

/// Patterns are drawn over at most this many combinations of a concern's
/// own facts; past it, the concern is searched once as a whole, which gives a
/// witness or a proof but no cover of patterns.
pub const MAX_COMBINATIONS: usize = 1024;

/// All the searches for one concern together give up after this many partial
/// actions; the verdict is then INCOMPLETE, never "closed".
pub const MAX_CONCERN_VISITS: usize = 2_000_000;

/// The budgets of one concern's analysis.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// See [`MAX_COMBINATIONS`].
    pub combinations: usize,
    /// See [`MAX_CONCERN_VISITS`].
    pub visits: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            combinations: MAX_COMBINATIONS,
            visits: MAX_CONCERN_VISITS,
        }
    }
}

/// How far an analysis that stopped early got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stopped {
    /// Combinations of the concern's facts searched before the budget ran out.
    pub searched: usize,
    /// How many there are (`None`: too many to enumerate, so the concern
    /// was searched once as a whole).
    pub of: Option<usize>,
    /// Partial actions visited when it stopped.
    pub visited: usize,
}

/// What the search of one concern found.
#[derive(Debug, Clone)]
pub struct Regions {
    /// The gap patterns, merged.
    pub regions: Vec<Region>,
    /// Partial actions visited.
    pub visited: usize,
    /// Set when a budget stopped the analysis: then "no gap" proves nothing.
    pub stopped: Option<Stopped>,
}

/// The gap patterns of a concern: every combination of the concern's own
/// facts is tried, a witness search decides whether any gap lies behind it,
/// and the combinations with gaps are merged into patterns with value sets
/// (two patterns that differ in one fact become one). Every loop has a budget
/// and the count of combinations is checked arithmetic, so the answer is
/// either exact or says that it stopped, and where.
pub fn regions(
    book: &RuleBook,
    concern: &Concern,
    domains: &[Vec<Choice>],
    as_of: Date,
    budget: Budget,
) -> Regions {
    let facts = concern_facts(&concern.condition);
    let sizes: Vec<usize> = facts
        .iter()
        .map(|&f| domains.get(f.0).map_or(1, |d| d.len().max(1)))
        .collect();
    let total = sizes
        .iter()
        .try_fold(1usize, |product, &size| product.checked_mul(size))
        .filter(|&total| total <= budget.combinations);
    let Some(total) = total else {
        return whole(book, concern, domains, as_of, &facts, budget);
    };
    let space = Space {
        book,
        domains,
        as_of,
        max_visits: MAX_VISITS,
    };
    let mut found: Vec<Region> = Vec::new();
    let mut visited = 0usize;
    // A combination whose search hit its own limit leaves the verdict open;
    // later combinations are still searched, since they may show gaps.
    let mut stopped = None;
    let mut some_search_stopped = false;
    for combination in 0..total {
        if visited >= budget.visits {
            stopped = Some(Stopped {
                searched: combination,
                of: Some(total),
                visited,
            });
            break;
        }
        let mut rest = combination;
        let mut fixed: Pattern = Vec::new();
        for (&fact, &size) in facts.iter().zip(&sizes) {
            fixed.push((fact, rest % size));
            rest /= size;
        }
        let action = space.action_of(&fixed);
        let values = evaluate_rules(book, &action, as_of).values;
        if condition_value(&concern.condition, &action.facts, &values, book) == Truth::False {
            continue;
        }
        let result = search_from(book, concern, domains, as_of, &fixed);
        visited = visited.saturating_add(result.visited);
        some_search_stopped |= !result.complete;
        if let Some(witness) = result.witness {
            found.push(Region {
                facts: fixed.iter().map(|&(f, v)| (f, vec![v])).collect(),
                witness,
            });
        }
    }
    if stopped.is_none() && some_search_stopped {
        stopped = Some(Stopped {
            searched: total,
            of: Some(total),
            visited,
        });
    }
    Regions {
        regions: merge_regions(found),
        visited,
        stopped,
    }
}

/// A concern with too many combinations to draw patterns over: one search
/// of the whole space, whose witness (if any) gives one pattern over the
/// concern's facts that it fixed.
fn whole(
    book: &RuleBook,
    concern: &Concern,
    domains: &[Vec<Choice>],
    as_of: Date,
    facts: &[FactIx],
    budget: Budget,
) -> Regions {
    let space = Space {
        book,
        domains,
        as_of,
        max_visits: budget.visits.min(MAX_VISITS),
    };
    let result = space.find(&Vec::new(), &GapOf::new(book, concern));
    let regions = result
        .witness
        .into_iter()
        .map(|witness| Region {
            facts: witness
                .iter()
                .filter(|(f, _)| facts.contains(f))
                .map(|&(f, v)| (f, vec![v]))
                .collect(),
            witness,
        })
        .collect();
    let stopped = (!result.complete).then_some(Stopped {
        searched: 0,
        of: None,
        visited: result.visited,
    });
    Regions {
        regions,
        visited: result.visited,
        stopped,
    }
}

/// Merges regions that differ in the values of exactly one fact, until none do.
fn merge_regions(mut regions: Vec<Region>) -> Vec<Region> {
    loop {
        let mut merge = None;
        'pairs: for (i, a) in regions.iter().enumerate() {
            for (j, b) in regions.iter().enumerate().skip(i + 1) {
                let differing: Vec<usize> = a
                    .facts
                    .iter()
                    .zip(&b.facts)
                    .enumerate()
                    .filter(|(_, (x, y))| x != y)
                    .map(|(k, _)| k)
                    .collect();
                if let [k] = differing.as_slice() {
                    merge = Some((i, j, *k));
                    break 'pairs;
                }
            }
        }
        let Some((i, j, k)) = merge else {
            return regions;
        };
        let other = regions.remove(j);
        if let (Some(region), Some((_, more))) = (regions.get_mut(i), other.facts.get(k))
            && let Some(slot) = region.facts.get_mut(k)
        {
            slot.1.extend(more.iter().copied());
            slot.1.sort_unstable();
            slot.1.dedup();
        }
    }
}

/// A region for people: `fact = value` or `fact one of {values}`, per fact.
pub(crate) fn describe_region(
    book: &RuleBook,
    domains: &[Vec<Choice>],
    region: &Region,
) -> Vec<Setting> {
    space::describe(book, domains, &region.facts)
}

/// A pattern's concrete example as an action file that `oversight check` accepts.
pub(crate) fn example_action(
    book: &RuleBook,
    domains: &[Vec<Choice>],
    concern: &Concern,
    pattern: &Pattern,
    number: usize,
    as_of: Date,
) -> String {
    let mut facts = String::new();
    for &(fact, value) in pattern {
        let (Some(def), Some(choice)) = (
            book.vocabulary.facts.get(fact.0),
            domains.get(fact.0).and_then(|d| d.get(value)),
        ) else {
            continue;
        };
        let Some(written) = choice.value.written(&def.kind) else {
            continue;
        };
        let _ = writeln!(facts, "        {:?}: {written},", def.name);
    }
    format!(
        "// Gap example {number} for the concern `{}`: {}.\n// Written by `oversight gaps --emit-examples`; every fact not listed is unknown.\nAction(\n    title: {:?},\n    facts: {{\n{facts}    }},\n    as_of: \"{as_of}\",\n)\n",
        concern.id,
        concern.title,
        format!("Gap example {number}: {}", concern.title)
    )
}

/// One concern's result, for reports.
#[derive(Debug, Clone, Serialize)]
pub struct ConcernGaps {
    /// Concern id.
    pub concern: String,
    /// The concern's one-line name.
    pub title: String,
    /// True when some action shows the concern with nothing specific owed.
    pub gap: bool,
    /// False when the search hit its limit before finishing (then `gap: false` proves nothing).
    pub complete: bool,
    /// The gap patterns over the concern's own facts (every other fact a wildcard).
    pub patterns: Vec<Vec<Setting>>,
    /// One witness action per pattern, as `fact = value` (facts not listed are unknown).
    pub witnesses: Vec<Vec<Setting>>,
    /// A runnable example action per pattern.
    #[serde(skip)]
    pub examples: Vec<String>,
    /// Partial assignments visited by the search.
    pub visited: usize,
    /// How far the analysis got when a budget stopped it (absent when it
    /// finished).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    /// Specific rules whose law on the as-of date is not encoded. When any
    /// is, "no gap" is not a proof (`complete` is false).
    pub not_encoded: Vec<String>,
}

/// Searches every concern and packages the results.
pub fn analyse(book: &RuleBook, concerns: &[Concern], as_of: Date) -> Vec<ConcernGaps> {
    let domains = domains(book, concerns);
    concerns
        .iter()
        .map(|concern| {
            let Regions {
                regions: found,
                visited,
                stopped,
            } = regions(book, concern, &domains, as_of, Budget::default());
            let complete = stopped.is_none();
            let not_encoded: Vec<String> = book
                .rules
                .iter()
                .filter(|r| r.is_specific())
                .filter(|r| r.in_force.on(as_of) == crate::model::InForceOn::NotEncoded)
                .map(|r| r.id.clone())
                .collect();
            ConcernGaps {
                concern: concern.id.clone(),
                title: concern.title.clone(),
                gap: !found.is_empty(),
                complete: !found.is_empty() || (complete && not_encoded.is_empty()),
                not_encoded,
                patterns: found
                    .iter()
                    .map(|r| describe_region(book, &domains, r))
                    .collect(),
                witnesses: found
                    .iter()
                    .map(|r| describe_pattern(book, &domains, &r.witness))
                    .collect(),
                examples: found
                    .iter()
                    .enumerate()
                    .map(|(n, r)| example_action(book, &domains, concern, &r.witness, n + 1, as_of))
                    .collect(),
                visited,
                stopped,
            }
        })
        .collect()
}

/// Turns a missing concerns file into a diagnostic.
pub fn missing_concerns(path: &str) -> Diagnostics {
    Diagnostics::one(
        Diagnostic::in_file(path, AnalysisError::NoConcerns)
            .with_help("gap analysis needs `concerns.ron` beside the rules"),
    )
}

/// The whole analysis: the law, and the law with proposals when given.
#[derive(Debug, Clone, Serialize)]
pub struct GapReport {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The date the law was read as of.
    pub as_of: String,
    /// Proposals applied for the second column (empty when none).
    pub proposals: Vec<String>,
    /// Under the law.
    pub law: Vec<ConcernGaps>,
    /// Under the law plus the proposals, when any are given.
    pub amended: Option<Vec<ConcernGaps>>,
}
