//! Rule files to a [`RuleBook`]: resolve every name, type-check conditions
//! against the vocabulary, build the rule graph and reject cycles.
//!
//! Every problem in every file is collected before giving up, so an author
//! sees them all at once.

use std::collections::BTreeMap;

use petgraph::graph::DiGraph;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Provision, Rule, RuleBook, RuleIx, RuleKind};
use crate::parse::parse;
use crate::proposal::{ParsedLaw, apply};
use crate::source::SourceFile;
use crate::syntax::{BodiesFile, Name, ProposalFile, ProvisionFile, RuleDecl, VocabularyFile};
use overrides::{PendingOverrides, link_overrides};

mod citation;
mod condition;
mod err;
mod graph;
mod in_force;
mod overrides;
mod vocabulary;

use citation::{check_provision_citation, check_rule_text};
use condition::Resolver;
use graph::{build_graph, cycle_diagnostic, topological_order};
use in_force::resolve_in_force;
use vocabulary::{build_bodies, build_vocabulary};

pub use citation::{is_well_formed_pinpoint, is_well_formed_usc};
pub use condition::compile_condition;
pub use err::CompileError;
pub use graph::referenced_rules;
pub use in_force::parse_date;
pub use overrides::override_kind_problem;
/// Conditions nested deeper than this are refused (they would only come from a mistake).
pub const MAX_CONDITION_DEPTH: usize = 64;

/// The rule files of one rule book.
#[derive(Debug, Clone)]
pub struct RuleSources {
    /// `vocabulary.ron`.
    pub vocabulary: SourceFile,
    /// `bodies.ron`.
    pub bodies: SourceFile,
    /// `law/*.ron`, in file-name order.
    pub law: Vec<SourceFile>,
    /// Proposals to apply on top of the law, in order.
    pub proposals: Vec<SourceFile>,
}

impl RuleSources {
    /// Sorts rule files into vocabulary, bodies and law by their paths
    /// (`.../vocabulary.ron`, `.../bodies.ron`, `.../law/*.ron`; anything else
    /// is left out), law in name order. The error names the first required
    /// file that is missing.
    pub fn from_files(files: Vec<SourceFile>) -> Result<Self, &'static str> {
        let mut vocabulary = None;
        let mut bodies = None;
        let mut law = Vec::new();
        for file in files {
            let path = file.name.replace('\\', "/");
            if path.contains("/law/") {
                law.push(file);
            } else if path.ends_with("/vocabulary.ron") {
                vocabulary = Some(file);
            } else if path.ends_with("/bodies.ron") {
                bodies = Some(file);
            }
        }
        law.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self {
            vocabulary: vocabulary.ok_or("vocabulary.ron")?,
            bodies: bodies.ok_or("bodies.ron")?,
            law,
            proposals: Vec::new(),
        })
    }
}

/// A stable name for the law files' contents: FNV-1a (64 bits) over the
/// vocabulary, bodies and law files in order, with line endings normalised so
/// a checkout on any platform gives the same answer. Not cryptographic: it
/// tells a reader which corpus produced a memo, not that nobody forged one.
fn law_version(sources: &RuleSources) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let files = [&sources.vocabulary, &sources.bodies]
        .into_iter()
        .chain(sources.law.iter());
    for file in files {
        for byte in file.text.replace("\r\n", "\n").bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("law {hash:016x}")
}

/// Compiles rule files into an immutable rule book, or every problem found.
///
/// The phases run in order and each stops the compilation when it found a
/// problem, so a later phase never reports the echo of an earlier mistake
/// (an unparsable file would make every reference to its rules look wrong).
pub fn compile(sources: &RuleSources) -> Result<RuleBook, Diagnostics> {
    let mut law = parse_law(sources)?;
    apply_proposals(sources, &mut law)?;
    let mut diagnostics = Diagnostics::default();
    let vocabulary = build_vocabulary(&sources.vocabulary, &law.vocabulary, &mut diagnostics);
    let (bodies, body_groups, body_index, body_group_index) =
        build_bodies(&sources.bodies, &law.bodies, &mut diagnostics);
    let mut book = RuleBook {
        vocabulary,
        bodies,
        body_groups,
        provisions: Vec::new(),
        rules: Vec::new(),
        order: Vec::new(),
        graph: DiGraph::new(),
        rule_index: BTreeMap::new(),
        body_index,
        body_group_index,
        law_version: law_version(sources),
        amendments: std::mem::take(&mut law.amendments),
        prepared: std::sync::OnceLock::new(),
    };
    let first_seen = index_rule_ids(&mut book, &law.provisions, &mut diagnostics);
    check_presuppositions(
        &book,
        &sources.vocabulary,
        &law.vocabulary,
        &mut diagnostics,
    );
    let overrides = resolve_rules(&mut book, &law.provisions, &first_seen, &mut diagnostics);
    diagnostics.into_result(())?;
    link_overrides(&mut book, &law.provisions, &overrides)?;
    build_graph(&mut book);
    book.order = topological_order(&book)
        .map_err(|cycle| Diagnostics::one(cycle_diagnostic(&book, &cycle, &law.provisions)))?;
    // Built now, with the book complete, so that no assessment pays for it.
    book.prepared();
    Ok(book)
}

/// Every `presupposes` names a rule of the rule book.
fn check_presuppositions(
    book: &RuleBook,
    file: &SourceFile,
    vocabulary: &VocabularyFile,
    diagnostics: &mut Diagnostics,
) {
    for fact in &vocabulary.facts {
        let Some(term) = &fact.presupposes else {
            continue;
        };
        if !book.rule_index.contains_key(term.as_str()) {
            let ids: Vec<&str> = book.rule_index.keys().map(String::as_str).collect();
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    term,
                    CompileError::UnknownRule {
                        id: term.value.clone(),
                        place: String::from(" in `presupposes`"),
                    },
                )
                .with_label("no rule has this id")
                .with_suggestion(term.as_str(), ids, "rule"),
            );
        }
    }
}

/// The parsed rule files of the law, before any name is resolved.
struct ParsedFiles<'a> {
    vocabulary: VocabularyFile,
    bodies: BodiesFile,
    provisions: Vec<(&'a SourceFile, ProvisionFile)>,
    amendments: Vec<crate::model::Amendment>,
}

/// Where each rule id is first defined: (index of its file, the id as written).
type FirstSeen = BTreeMap<String, (usize, Name)>;

/// Parses the vocabulary, bodies and every law file, reporting every file
/// that does not parse.
fn parse_law(sources: &RuleSources) -> Result<ParsedFiles<'_>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let vocabulary = parse::<VocabularyFile>(&sources.vocabulary)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let bodies = parse::<BodiesFile>(&sources.bodies)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let mut provisions = Vec::new();
    for file in &sources.law {
        match parse::<ProvisionFile>(file) {
            Ok(provision) => provisions.push((file, provision)),
            Err(d) => diagnostics.push(d),
        }
    }
    match (vocabulary, bodies) {
        (Some(vocabulary), Some(bodies)) => diagnostics.into_result(ParsedFiles {
            vocabulary,
            bodies,
            provisions,
            amendments: Vec::new(),
        }),
        _ => Err(diagnostics),
    }
}

/// Parses every proposal and applies them, in order, to the parsed law.
fn apply_proposals<'a>(
    sources: &'a RuleSources,
    law: &mut ParsedFiles<'a>,
) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut proposals = Vec::new();
    for file in &sources.proposals {
        match parse::<ProposalFile>(file) {
            Ok(proposal) => proposals.push((file, proposal)),
            Err(d) => diagnostics.push(d),
        }
    }
    diagnostics.into_result(())?;
    let mut diagnostics = Diagnostics::default();
    for (file, proposal) in proposals {
        let mut parsed = ParsedLaw {
            vocabulary: &mut law.vocabulary,
            bodies: &mut law.bodies,
            provisions: &mut law.provisions,
            amendments: &mut law.amendments,
        };
        apply(file, proposal, &mut parsed, &mut diagnostics);
    }
    diagnostics.into_result(())
}

/// Gives every rule id its index, so that `Ref` and `overrides` may point
/// forward; a second definition of an id is reported with the first's place.
fn index_rule_ids(
    book: &mut RuleBook,
    provisions: &[(&SourceFile, ProvisionFile)],
    diagnostics: &mut Diagnostics,
) -> FirstSeen {
    let mut first_seen = FirstSeen::new();
    for (file_ix, (file, provision)) in provisions.iter().enumerate() {
        for rule in &provision.rules {
            let id = rule_id(rule);
            if let Some((other_file, other)) = first_seen.get(id.as_str()) {
                let where_first = provisions
                    .get(*other_file)
                    .and_then(|(f, _)| other.span_in(f).map(|s| (f, s)))
                    .map(|(f, s)| {
                        let (line, column) = f.line_col(s.start);
                        format!("{}:{line}:{column}", f.name)
                    })
                    .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::at_value(file, id, CompileError::DuplicateRule { id: id.value.clone() })
                        .with_label("defined again here")
                        .with_help(format!("the first definition is at {where_first}; rule ids must be unique across all rule files")),
                );
            } else {
                first_seen.insert(id.value.clone(), (file_ix, id.clone()));
                book.rule_index
                    .insert(id.value.clone(), RuleIx(book.rule_index.len()));
            }
        }
    }
    first_seen
}

/// Resolves every provision and rule into the book. Returns, per rule, the
/// names it overrides (linked once every rule exists).
fn resolve_rules(
    book: &mut RuleBook,
    provisions: &[(&SourceFile, ProvisionFile)],
    first_seen: &FirstSeen,
    diagnostics: &mut Diagnostics,
) -> Vec<PendingOverrides> {
    let mut rules: Vec<Option<Rule>> = vec![None; book.rule_index.len()];
    let mut overrides = Vec::new();
    for (file_ix, (file, provision)) in provisions.iter().enumerate() {
        let provision_ix = book.provisions.len();
        let Some(provision_in_force) =
            resolve_in_force(file, &provision.in_force, None, diagnostics)
        else {
            continue;
        };
        book.provisions.push(Provision {
            file: file.name.clone(),
            act: provision.act.clone(),
            section: provision.section.clone(),
            usc: provision.usc.value.clone(),
            title: provision.title.clone(),
            sources: provision.sources.clone(),
            proposal: provision.proposal.clone(),
            read_through: provision.read_through.as_ref().and_then(|r| {
                parse_date(file, &r.on)
                    .map_err(|d| diagnostics.push(d))
                    .ok()
                    .map(|date| (r.law.clone(), date))
            }),
            structure: provision
                .structure
                .iter()
                .map(|entry| entry.value.clone())
                .collect(),
        });
        check_provision_citation(file, provision, diagnostics);
        for decl in &provision.rules {
            check_rule_text(file, decl, diagnostics);
            let id = rule_id(decl);
            let Some(&ix) = book.rule_index.get(id.as_str()) else {
                continue;
            };
            if first_seen
                .get(id.as_str())
                .is_some_and(|(f, first)| *f != file_ix || first.span_in(file) != id.span_in(file))
            {
                continue; // a duplicate, already reported
            }
            let rule = Resolver::new(book, file, diagnostics).rule(
                decl,
                provision_ix,
                provision.confidence,
                &provision_in_force,
            );
            overrides.push(PendingOverrides {
                rule: ix,
                file: file_ix,
                names: overrides_of(decl).to_vec(),
            });
            if let Some(slot) = rules.get_mut(ix.0) {
                *slot = rule;
            }
        }
    }
    book.rules = rules.into_iter().flatten().collect();
    overrides
}

pub(super) fn rule_id(rule: &RuleDecl) -> &Name {
    rule.head().id()
}

fn overrides_of(rule: &RuleDecl) -> &[Name] {
    rule.head().overrides()
}

pub(super) fn kind_of(rule: &RuleDecl) -> RuleKind {
    match rule {
        RuleDecl::Definition(_) => RuleKind::Definition,
        RuleDecl::Exception(_) => RuleKind::Exception,
        RuleDecl::Notice(_) => RuleKind::Notice,
        RuleDecl::Duty(_) => RuleKind::Duty,
        RuleDecl::Gate(_) => RuleKind::Gate,
        RuleDecl::Prohibition(_) => RuleKind::Prohibition,
        RuleDecl::StandingDuty(_) => RuleKind::StandingDuty,
        RuleDecl::Authority(_) => RuleKind::Authority,
    }
}
