//! Gap analysis: is there an action where a concern holds and no specific
//! notice, gate or prohibition is required? The law at the as-of date is
//! encoded for a SAT solver (`engine::symbolic`): a gap is a partial action under
//! which, in three-valued logic, the concern is definitely true and every
//! specific rule definitely false (the facts it leaves unknown are
//! wildcards). The solver either finds one, whose facts are then cut down to
//! as few as any gap needs, or proves that there is none.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use super::err::AnalysisError;
use crate::compile::compile_condition;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::search::{Found, Pattern};
use crate::engine::space::{self, Choice, Setting, describe_pattern};
use crate::engine::symbolic::{SolverFailed, Symbolic};
use crate::model::{Condition, FactIx, RuleBook, RuleIx};
use crate::parse::parse;
use crate::source::SourceFile;
use crate::syntax::ConcernsFile;
use rustsat::types::Lit;

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

/// The specific rules of a book (notices, gates, prohibitions, and duties
/// owed to a named body): a gap is where none of them applies.
fn specific_rules(book: &RuleBook) -> Vec<RuleIx> {
    book.rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_specific())
        .map(|(i, _)| RuleIx(i))
        .collect()
}

/// The law at one date, encoded, with the literals that say "this concern
/// holds and nothing specific applies".
struct GapQuery {
    symbolic: Symbolic,
    gap: Vec<Lit>,
}

impl GapQuery {
    fn new(
        book: &RuleBook,
        concern: &Concern,
        domains: &[Vec<Choice>],
        as_of: Date,
    ) -> Result<Self, SolverFailed> {
        let mut symbolic = Symbolic::new(book, domains, as_of)?;
        let mut gap = vec![symbolic.condition(book, domains, &concern.condition)?.holds];
        gap.extend(
            specific_rules(book)
                .into_iter()
                .map(|r| symbolic.rule(r).fails),
        );
        Ok(Self { symbolic, gap })
    }

    /// The literals of a gap with these facts fixed.
    fn with(&self, fixed: &Pattern) -> Vec<Lit> {
        let mut assume = self.gap.clone();
        assume.extend(
            fixed
                .iter()
                .filter_map(|&(fact, index)| self.symbolic.value(fact, index)),
        );
        assume
    }
}

/// Looks for a gap of one concern as of a date: a witness stating as few
/// facts as any gap can, or (`witness: None`, `complete: true`) a proof that
/// there is none. `visited` counts the solver's answers.
pub fn search(book: &RuleBook, concern: &Concern, domains: &[Vec<Choice>], as_of: Date) -> Found {
    let found = GapQuery::new(book, concern, domains, as_of).and_then(|mut query| {
        let assume = query.gap.clone();
        let witness = query.symbolic.fewest(&assume)?;
        Ok((witness, query.symbolic.calls))
    });
    match found {
        Ok((witness, visited)) => Found {
            witness,
            visited,
            complete: true,
        },
        Err(_) => Found {
            witness: None,
            visited: 0,
            complete: false,
        },
    }
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
/// own facts; past it, they are drawn from the gaps found (at most
/// [`MAX_PATTERNS`]).
pub const MAX_COMBINATIONS: usize = 1024;

/// One concern's analysis gives up after this many solver queries; the
/// verdict is then INCOMPLETE, never "closed".
pub const MAX_CONCERN_VISITS: usize = 2_000_000;

/// Past [`MAX_COMBINATIONS`], at most this many patterns are drawn from
/// the gaps found. A concern over many facts can have a cover of millions of
/// patterns, which no one would read; the gap itself is proven by the first
/// witness, so the verdict stays exact and the report says the cover goes on
/// (`stopped`).
pub const MAX_PATTERNS: usize = 32;

/// The budgets of one concern's analysis.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// See [`MAX_COMBINATIONS`].
    pub combinations: usize,
    /// See [`MAX_PATTERNS`].
    pub patterns: usize,
    /// See [`MAX_CONCERN_VISITS`].
    pub visits: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            combinations: MAX_COMBINATIONS,
            patterns: MAX_PATTERNS,
            visits: MAX_CONCERN_VISITS,
        }
    }
}

/// How far an analysis that stopped early got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stopped {
    /// Combinations of the concern's facts decided before the budget ran
    /// out (when `of` is `None`: patterns found).
    pub searched: usize,
    /// How many combinations there are (`None`: too many to try one by one,
    /// so patterns were drawn from the gaps found).
    pub of: Option<usize>,
    /// Solver queries answered when it stopped.
    pub visited: usize,
}

/// What the search of one concern found.
#[derive(Debug, Clone)]
pub struct Regions {
    /// The gap patterns, merged.
    pub regions: Vec<Region>,
    /// Solver queries answered.
    pub visited: usize,
    /// Set when a budget stopped the analysis: then "no gap" proves nothing.
    pub stopped: Option<Stopped>,
}

/// The gap patterns of a concern. When the concern's own facts have few
/// enough combinations (at most `budget.combinations`), the solver decides
/// each one (is there a gap with these values?) and the combinations with
/// gaps are merged into patterns with value sets (two patterns that differ
/// in one fact become one). Past that, the patterns are drawn from the gaps
/// themselves (see `cubes`). Each pattern's witness states as few facts as any
/// gap in it can. Every loop has a budget (`budget.visits` counts solver
/// answers), so the answer is either exact or says that it stopped, and where.
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
    let mut query = match GapQuery::new(book, concern, domains, as_of) {
        Ok(query) => query,
        Err(_) => return failed(0, total),
    };
    let Some(total) = total else {
        return cubes(&mut query, &facts, budget);
    };
    let mut found: Vec<Region> = Vec::new();
    for combination in 0..total {
        if query.symbolic.calls >= budget.visits {
            return Regions {
                regions: merge_regions(found),
                visited: query.symbolic.calls,
                stopped: Some(Stopped {
                    searched: combination,
                    of: Some(total),
                    visited: query.symbolic.calls,
                }),
            };
        }
        let mut rest = combination;
        let mut fixed: Pattern = Vec::new();
        for (&fact, &size) in facts.iter().zip(&sizes) {
            fixed.push((fact, rest % size));
            rest /= size;
        }
        let assume = query.with(&fixed);
        match query.symbolic.find(&assume) {
            Ok(Some(witness)) => found.push(Region {
                facts: fixed.iter().map(|&(f, v)| (f, vec![v])).collect(),
                witness,
            }),
            Ok(None) => {}
            Err(_) => return failed(combination, Some(total)),
        }
    }
    let mut regions = merge_regions(found);
    // Each pattern keeps the gap of its first combination, cut down to as
    // few facts as a gap with that combination needs.
    for region in &mut regions {
        let first: Pattern = region
            .facts
            .iter()
            .filter_map(|(fact, values)| values.first().map(|&v| (*fact, v)))
            .collect();
        let assume = query.with(&first);
        match query.symbolic.fewest(&assume) {
            Ok(Some(fewest)) => region.witness = fewest,
            Ok(None) => {}
            Err(_) => return failed(total, Some(total)),
        }
    }
    Regions {
        regions,
        visited: query.symbolic.calls,
        stopped: None,
    }
}

/// The verdict when the solver itself fails (out of memory): INCOMPLETE,
/// never "closed".
fn failed(searched: usize, of: Option<usize>) -> Regions {
    Regions {
        regions: Vec::new(),
        visited: 0,
        stopped: Some(Stopped {
            searched,
            of,
            visited: 0,
        }),
    }
}

/// The patterns of a concern with too many combinations to try one by one,
/// drawn from the gaps themselves: find a gap stating as few facts as
/// possible, take the values it gives the concern's facts as a pattern (the
/// facts it leaves unknown are wildcards: every completion is a gap too),
/// forbid that pattern, and ask again, until the solver proves there is no
/// gap outside the patterns found. At most `budget.patterns` patterns.
fn cubes(query: &mut GapQuery, facts: &[FactIx], budget: Budget) -> Regions {
    let mut regions = Vec::new();
    loop {
        let calls = query.symbolic.calls;
        if calls >= budget.visits || regions.len() >= budget.patterns {
            return Regions {
                visited: calls,
                stopped: Some(Stopped {
                    searched: regions.len(),
                    of: None,
                    visited: calls,
                }),
                regions,
            };
        }
        let assume = query.gap.clone();
        let witness = match query.symbolic.fewest(&assume) {
            Ok(Some(witness)) => witness,
            Ok(None) => break,
            Err(_) => return failed(regions.len(), None),
        };
        let pattern: Pattern = witness
            .iter()
            .filter(|(f, _)| facts.contains(f))
            .copied()
            .collect();
        let everything = pattern.is_empty();
        if !everything && query.symbolic.exclude(&pattern).is_err() {
            return failed(regions.len(), None);
        }
        regions.push(Region {
            facts: pattern.iter().map(|&(f, v)| (f, vec![v])).collect(),
            witness,
        });
        if everything {
            // A gap that needs none of the concern's facts: one pattern covers all.
            break;
        }
    }
    Regions {
        visited: query.symbolic.calls,
        stopped: None,
        regions,
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
    space::describe(book, domains, &region.facts, true)
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
    /// Solver queries answered (each: is there a gap with these facts, or
    /// with fewer facts stated?).
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
