//! Rule files to a [`RuleBook`]: resolve every name, type-check conditions
//! against the vocabulary, build the rule graph and reject cycles.
//!
//! Every problem in every file is collected before giving up, so an author
//! sees them all at once.

use std::collections::BTreeMap;

use jiff::civil::Date;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Control, DfsEvent, depth_first_search};

use crate::countries::{country_code_problem, is_country_code};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Body, BodyGroup, Condition, CountryGroup, EdgeKind, Effect, EventDef, FactDef, FactKind,
    InForce, Provision, Recipient, Rule, RuleBook, RuleIx, RuleKind, Timing, Vocabulary,
};
use crate::parse::parse;
use crate::proposal::{ParsedLaw, apply};
use crate::source::{SourceFile, Spanned};
use crate::syntax::{
    BodiesFile, ConditionDecl, Confidence, FactKindDecl, InForceDecl, Name, ProposalFile,
    ProvisionFile, RuleDecl, TimingDecl, VocabularyFile,
};

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
pub fn compile(sources: &RuleSources) -> Result<RuleBook, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let vocabulary_file = parse::<VocabularyFile>(&sources.vocabulary)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let bodies_file = parse::<BodiesFile>(&sources.bodies)
        .map_err(|d| diagnostics.push(d))
        .ok();
    let mut provision_files = Vec::new();
    for file in &sources.law {
        match parse::<ProvisionFile>(file) {
            Ok(provision) => provision_files.push((file, provision)),
            Err(d) => diagnostics.push(d),
        }
    }
    // Names are resolved only once every file parses: a rule file that fails
    // to parse would otherwise make every reference to its rules look wrong.
    let (Some(vocabulary_file), Some(bodies_file)) = (vocabulary_file, bodies_file) else {
        return Err(diagnostics);
    };
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let (mut vocabulary_file, mut bodies_file) = (vocabulary_file, bodies_file);
    let mut proposal_files = Vec::new();
    for file in &sources.proposals {
        match parse::<ProposalFile>(file) {
            Ok(proposal) => proposal_files.push((file, proposal)),
            Err(d) => diagnostics.push(d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    for (file, proposal) in proposal_files {
        let mut law = ParsedLaw {
            vocabulary: &mut vocabulary_file,
            bodies: &mut bodies_file,
            provisions: &mut provision_files,
        };
        apply(file, proposal, &mut law, &mut diagnostics);
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }

    let vocabulary = build_vocabulary(&sources.vocabulary, &vocabulary_file, &mut diagnostics);
    let (bodies, body_groups, body_index, body_group_index) =
        build_bodies(&sources.bodies, &bodies_file, &mut diagnostics);

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
    };

    // First pass: every rule id, so that `Ref` and `overrides` may point forward.
    let mut first_seen: BTreeMap<String, (usize, Name)> = BTreeMap::new();
    for (file_ix, (file, provision)) in provision_files.iter().enumerate() {
        for rule in &provision.rules {
            let id = rule_id(rule);
            if let Some((other_file, other)) = first_seen.get(id.as_str()) {
                let where_first = provision_files
                    .get(*other_file)
                    .and_then(|(f, _)| other.span_in(f).map(|s| (f, s)))
                    .map(|(f, s)| {
                        let (line, column) = f.line_col(s.start);
                        format!("{}:{line}:{column}", f.name)
                    })
                    .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::at_value(file, id, format!("duplicate rule id `{}`", id.as_str()))
                        .with_label("defined again here")
                        .with_help(format!("the first definition is at {where_first}; rule ids must be unique across all rule files")),
                );
            } else {
                first_seen.insert(id.value.clone(), (file_ix, id.clone()));
                book.rule_index
                    .insert(id.value.clone(), book.rule_index.len());
            }
        }
    }

    // Second pass: resolve every rule.
    let mut rules: Vec<Option<Rule>> = vec![None; book.rule_index.len()];
    let mut override_names: Vec<(RuleIx, usize, Vec<Name>)> = Vec::new();
    for (file_ix, (file, provision)) in provision_files.iter().enumerate() {
        let provision_ix = book.provisions.len();
        let Some(provision_in_force) =
            resolve_in_force(file, &provision.in_force, None, &mut diagnostics)
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
        });
        check_provision_citation(file, provision, &mut diagnostics);
        for decl in &provision.rules {
            check_rule_text(file, decl, &mut diagnostics);
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
            let mut resolver = Resolver {
                book: &book,
                file,
                diagnostics: &mut diagnostics,
            };
            let rule = resolver.rule(
                decl,
                provision_ix,
                provision.confidence,
                &provision_in_force,
            );
            override_names.push((ix, file_ix, overrides_of(decl).to_vec()));
            if let Some(slot) = rules.get_mut(ix) {
                *slot = rule;
            }
        }
    }

    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    book.rules = rules.into_iter().flatten().collect();

    // Overrides, with the kind check.
    for (ix, file_ix, names) in &override_names {
        let Some((file, _)) = provision_files.get(*file_ix) else {
            continue;
        };
        for name in names {
            let Some(&target) = book.rule_index.get(name.as_str()) else {
                let ids: Vec<&str> = book.rules.iter().map(|r| r.id.as_str()).collect();
                diagnostics.push(
                    Diagnostic::at_value(
                        file,
                        name,
                        format!("unknown rule id `{}` in `overrides`", name.as_str()),
                    )
                    .with_label("no rule has this id")
                    .with_suggestion(name.as_str(), ids, "rule"),
                );
                continue;
            };
            let (Some(source), Some(target_rule)) = (book.rules.get(*ix), book.rules.get(target))
            else {
                continue;
            };
            if let Some(problem) = override_kind_problem(source.kind, target_rule.kind) {
                diagnostics.push(
                    Diagnostic::at_value(
                        file,
                        name,
                        format!(
                            "`{}` ({}) cannot override `{}` ({})",
                            source.id,
                            source.kind.name(),
                            target_rule.id,
                            target_rule.kind.name()
                        ),
                    )
                    .with_label("overridden here")
                    .with_help(problem),
                );
                continue;
            }
            if let Some(rule) = book.rules.get_mut(*ix) {
                rule.overrides.push(target);
            }
            if let Some(rule) = book.rules.get_mut(target) {
                rule.overridden_by.push(*ix);
            }
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }

    build_graph(&mut book);
    match topological_order(&book) {
        Ok(order) => book.order = order,
        Err(cycle) => {
            diagnostics.push(cycle_diagnostic(&book, &cycle, &provision_files));
            return Err(diagnostics);
        }
    }
    Ok(book)
}

fn rule_id(rule: &RuleDecl) -> &Name {
    rule.head().id()
}

fn overrides_of(rule: &RuleDecl) -> &[Name] {
    rule.head().overrides()
}

fn kind_of(rule: &RuleDecl) -> RuleKind {
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

/// Why `source` may not override `target`, if it may not.
///
/// A Definition may only exclude another Definition (3093(e)(1)-(4) exclude
/// activities from "covert action"). An Exception may displace any rule but a
/// Definition (that is an exclusion, written as a Definition). An obligation
/// may displace an obligation of the same kind, as 3093(c)(2) displaces (c)(1).
pub fn override_kind_problem(source: RuleKind, target: RuleKind) -> Option<String> {
    use RuleKind::{Authority, Definition, Exception};
    match (source, target) {
        (Definition, Definition) => None,
        (Definition, _) => Some(String::from(
            "a Definition can only exclude another Definition; write the exception as an `Exception` rule",
        )),
        (Exception, Definition) => Some(String::from(
            "an Exception displaces obligations; to narrow a defined term, write the exclusion as a `Definition` that overrides it",
        )),
        (Exception, _) => None,
        (_, Definition | Exception) => Some(String::from(
            "an obligation cannot switch off a definition or an exception; give the exclusion its own `Definition` or `Exception` rule",
        )),
        (s, t) if s == t => None,
        (Authority, _) | (_, Authority) => Some(String::from(
            "an Authority and an obligation never displace each other: an authority says who governs, not what is owed",
        )),
        (s, t) => Some(format!(
            "a {} can only displace another {}; a {} needs an `Exception` rule to displace it",
            s.name(),
            s.name(),
            t.name()
        )),
    }
}

fn build_vocabulary(
    file: &SourceFile,
    decl: &VocabularyFile,
    diagnostics: &mut Diagnostics,
) -> Vocabulary {
    let mut vocabulary = Vocabulary::default();
    for fact in &decl.facts {
        if check_new_name(
            file,
            &fact.name,
            vocabulary.fact_index.contains_key(fact.name.as_str()),
            "fact",
            diagnostics,
        ) {
            vocabulary
                .fact_index
                .insert(fact.name.value.clone(), vocabulary.facts.len());
        }
        let kind = match &fact.kind {
            FactKindDecl::Flag => FactKind::Flag,
            FactKindDecl::Country => FactKind::Country,
            FactKindDecl::Amount => FactKind::Amount,
            FactKindDecl::Date => FactKind::Date,
            FactKindDecl::Choice(values) => {
                FactKind::Choice(choice_values(file, values, diagnostics))
            }
            FactKindDecl::ChoiceSet(values) => {
                FactKind::ChoiceSet(choice_values(file, values, diagnostics))
            }
        };
        vocabulary.facts.push(FactDef {
            name: fact.name.value.clone(),
            kind,
            question: fact.question.clone(),
            cite: fact.cite.clone(),
        });
    }
    for event in &decl.events {
        if check_new_name(
            file,
            &event.name,
            vocabulary.event_index.contains_key(event.name.as_str()),
            "event",
            diagnostics,
        ) {
            vocabulary
                .event_index
                .insert(event.name.value.clone(), vocabulary.events.len());
        }
        vocabulary.events.push(EventDef {
            name: event.name.value.clone(),
            label: event.label.clone(),
        });
    }
    for group in &decl.country_groups {
        if check_new_name(
            file,
            &group.name,
            vocabulary
                .country_group_index
                .contains_key(group.name.as_str()),
            "country group",
            diagnostics,
        ) {
            vocabulary
                .country_group_index
                .insert(group.name.value.clone(), vocabulary.country_groups.len());
        }
        let mut members = Vec::new();
        for code in &group.members {
            if is_country_code(code.as_str()) {
                members.push(code.value.clone());
            } else {
                diagnostics.push(country_code_problem(file, code));
            }
        }
        members.sort();
        members.dedup();
        vocabulary.country_groups.push(CountryGroup {
            name: group.name.value.clone(),
            title: group.title.clone(),
            cite: group.cite.clone(),
            confidence: group.confidence,
            members,
            note: group.note.clone(),
        });
    }
    vocabulary
}

fn choice_values(file: &SourceFile, values: &[Name], diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if out.contains(&value.value) {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    value,
                    format!("choice `{}` is listed twice", value.as_str()),
                )
                .with_label("again here")
                .with_help("list each value once"),
            );
        } else {
            out.push(value.value.clone());
        }
    }
    if out.len() > 64
        && let Some(first) = values.first()
    {
        diagnostics.push(
            Diagnostic::at_value(file, first, "a choice list may have at most 64 values")
                .with_help("split the fact in two"),
        );
    }
    out
}

fn check_new_name(
    file: &SourceFile,
    name: &Name,
    taken: bool,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> bool {
    let valid = !name.as_str().is_empty()
        && name
            .as_str()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                name,
                format!("invalid {what} name `{}`", name.as_str()),
            )
            .with_label("not a valid name")
            .with_help("names use letters, digits, `_` and `-` only"),
        );
        return false;
    }
    if taken {
        // The earlier declaration is the first quoted use of the name before this one.
        let quoted = format!("\"{}\"", name.as_str());
        let first_line = name
            .span_in(file)
            .and_then(|span| file.text.get(..span.start))
            .and_then(|before| before.find(&quoted))
            .map(|offset| file.line_col(offset).0);
        let help = match first_line {
            Some(line) => format!("each {what} is declared once; the first is on line {line}"),
            None => format!("each {what} is declared once"),
        };
        diagnostics.push(
            Diagnostic::at_value(file, name, format!("duplicate {what} `{}`", name.as_str()))
                .with_label("defined again here")
                .with_help(help),
        );
        return false;
    }
    true
}

type BodyTables = (
    Vec<Body>,
    Vec<BodyGroup>,
    BTreeMap<String, usize>,
    BTreeMap<String, usize>,
);

fn build_bodies(file: &SourceFile, decl: &BodiesFile, diagnostics: &mut Diagnostics) -> BodyTables {
    let mut bodies = Vec::new();
    let mut body_index = BTreeMap::new();
    for body in &decl.bodies {
        if check_new_name(
            file,
            &body.id,
            body_index.contains_key(body.id.as_str()),
            "body",
            diagnostics,
        ) {
            body_index.insert(body.id.value.clone(), bodies.len());
        }
        bodies.push(Body {
            id: body.id.value.clone(),
            short: body.short.clone(),
            name: body.name.clone(),
            cite: body.cite.clone(),
            drafting: body.drafting.clone(),
        });
    }
    let mut groups = Vec::new();
    let mut group_index: BTreeMap<String, usize> = BTreeMap::new();
    for group in &decl.groups {
        let taken = group_index.contains_key(group.id.as_str())
            || body_index.contains_key(group.id.as_str());
        if check_new_name(file, &group.id, taken, "body or group", diagnostics) {
            group_index.insert(group.id.value.clone(), groups.len());
        }
        let mut members = Vec::new();
        for member in &group.members {
            match body_index.get(member.as_str()) {
                Some(&ix) => members.push(ix),
                None => {
                    let names: Vec<&str> = decl.bodies.iter().map(|b| b.id.as_str()).collect();
                    let message = if group_index.contains_key(member.as_str()) {
                        format!(
                            "group `{}` lists the group `{}`",
                            group.id.as_str(),
                            member.as_str()
                        )
                    } else {
                        format!("unknown body `{}`", member.as_str())
                    };
                    diagnostics.push(
                        Diagnostic::at_value(file, member, message)
                            .with_label("not a body")
                            .with_suggestion(member.as_str(), names, "body"),
                    );
                }
            }
        }
        groups.push(BodyGroup {
            id: group.id.value.clone(),
            title: group.title.clone(),
            cite: group.cite.clone(),
            confidence: group.confidence,
            members,
            note: group.note.clone(),
            drafting: group.drafting.clone(),
        });
    }
    (bodies, groups, body_index, group_index)
}

/// True for a pinpoint such as `(c)(1)`, `(c)(5)(B)`, `(a)(1)-(2)`,
/// `(d)(1) and (c)(2)`, `§1.3(b)(4)` (orders), or empty (the whole section).
pub fn is_well_formed_pinpoint(cite: &str) -> bool {
    fn paragraph_chain(part: &str) -> bool {
        // One or more "(x)" groups, optionally followed by "-(y)..." for a range.
        let mut rest = part;
        let mut groups = 0;
        while let Some(after_open) = rest.strip_prefix('(') {
            let Some(close) = after_open.find(')') else {
                return false;
            };
            let label = after_open.get(..close).unwrap_or("");
            if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
                return false;
            }
            groups += 1;
            rest = after_open.get(close + 1..).unwrap_or("");
            if let Some(range) = rest.strip_prefix('-') {
                rest = range;
            }
        }
        groups > 0 && rest.is_empty()
    }
    fn part(part: &str) -> bool {
        match part.strip_prefix('§') {
            Some(section) => {
                let digits_end = section.find('(').unwrap_or(section.len());
                let number = section.get(..digits_end).unwrap_or("");
                !number.is_empty()
                    && number.chars().all(|c| c.is_ascii_digit() || c == '.')
                    && (digits_end == section.len()
                        || paragraph_chain(section.get(digits_end..).unwrap_or("")))
            }
            None => paragraph_chain(part),
        }
    }
    cite.is_empty() || cite.split(" and ").flat_map(|p| p.split(", ")).all(part)
}

/// True for a U.S. Code classification such as `50 U.S.C. 3093` or `10 U.S.C. 130f`.
pub fn is_well_formed_usc(usc: &str) -> bool {
    let Some((title, section)) = usc.split_once(" U.S.C. ") else {
        return false;
    };
    !title.is_empty()
        && title.chars().all(|c| c.is_ascii_digit())
        && section.chars().next().is_some_and(|c| c.is_ascii_digit())
        && section.chars().all(|c| c.is_ascii_alphanumeric())
}

fn check_provision_citation(
    file: &SourceFile,
    provision: &ProvisionFile,
    diagnostics: &mut Diagnostics,
) {
    let whole = 0..file.text.len().min(1);
    let usc = provision.usc.as_str();
    if !usc.is_empty() && !is_well_formed_usc(usc) {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                &provision.usc,
                format!("malformed U.S. Code citation `{usc}`"),
            )
            .with_label("not a U.S. Code citation")
            .with_help(
                "write it as `50 U.S.C. 3093`, or leave `usc` empty for an uncodified section",
            ),
        );
    }
    if provision.act.trim().is_empty() && usc.trim().is_empty() {
        diagnostics.push(
            Diagnostic::at(
                file,
                whole,
                "the provision names neither an Act nor a U.S. Code section",
            )
            .with_help(
                "set `act` (e.g. `National Security Act of 1947`) or `usc` (e.g. `10 U.S.C. 130f`)",
            ),
        );
    }
}

fn check_rule_text(file: &SourceFile, decl: &RuleDecl, diagnostics: &mut Diagnostics) {
    let head = decl.head();
    if !is_well_formed_pinpoint(head.cite()) {
        let message = format!(
            "malformed pinpoint `{}` in rule `{}`",
            head.cite(),
            head.id().as_str()
        );
        // `cite` carries no span of its own; its quoted text is the first
        // match after the rule's id, which is where authors write it.
        let quoted = format!("\"{}\"", head.cite());
        let cite_span = head.id().span_in(file).and_then(|id| {
            let after = file.text.get(id.end..)?;
            let at = id.end + after.find(&quoted)?;
            Some(at..at + quoted.len())
        });
        let diagnostic = match cite_span {
            Some(span) => Diagnostic::at(file, span, message).with_label("not a pinpoint"),
            None => Diagnostic::at_value(file, head.id(), message).with_label("this rule"),
        };
        diagnostics.push(
            diagnostic
                .with_help("write pinpoints as `(c)(1)`, `(a)(1)-(2)`, `(d)(1) and (c)(2)`, or `§1.3(b)(4)` for an order"),
        );
    }
    if head.says().trim().is_empty() {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                head.id(),
                format!("rule `{}` has no summary", head.id().as_str()),
            )
            .with_label("this rule")
            .with_help("`says` gives the rule in plain words, for staffers"),
        );
    }
}

/// Parses a `YYYY-MM-DD` date written in a file.
pub fn parse_date(file: &SourceFile, text: &Spanned<String>) -> Result<Date, Diagnostic> {
    text.as_str().parse::<Date>().map_err(|error| {
        Diagnostic::at_value(file, text, format!("invalid date `{}`", text.as_str()))
            .with_label("not a date")
            .with_help(format!(
                "dates are written `YYYY-MM-DD`, e.g. `2025-03-11` ({error})"
            ))
    })
}

/// The `until` date of an in-force declaration, when it parses.
fn until_of(decl: &InForceDecl, file: &SourceFile) -> Option<Date> {
    decl.until.as_ref().and_then(|u| parse_date(file, u).ok())
}

/// Resolves in-force dates. `inherited_horizon` is the provision's horizon
/// for a rule's own dates (`None` for a provision, whose horizon defaults
/// to its `from`).
fn resolve_in_force(
    file: &SourceFile,
    decl: &InForceDecl,
    inherited_horizon: Option<Date>,
    diagnostics: &mut Diagnostics,
) -> Option<InForce> {
    let from = parse_date(file, &decl.from)
        .map_err(|d| diagnostics.push(d))
        .ok()?;
    let encoded_from = match &decl.encoded_from {
        Some(text) => parse_date(file, text)
            .map_err(|d| diagnostics.push(d))
            .ok()?,
        None => inherited_horizon.unwrap_or(from),
    };
    if let (Some(until), Some(text)) = (until_of(decl, file), &decl.encoded_from)
        && encoded_from > until
    {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                text,
                format!("the horizon {encoded_from} is after the last day in force, {until}"),
            )
            .with_label("after `until`")
            .with_help("a horizon after the rule's last day would make it \"not encoded\" on days it was not in force; set `encoded_from` no later than `until`"),
        );
    }
    if decl.by.as_deref().is_none_or(|by| by.trim().is_empty()) {
        diagnostics.push(
            Diagnostic::at_value(file, &decl.from, "no enacting law or order for this start date")
                .with_label("starts here, by what?")
                .with_help(
                    "add `by: \"Pub. L. 113-126 §309 (7 Jul 2014)\"` (or the order); where the enactment is not confirmed, say so and set `encoded_from` to the earliest date you can confirm",
                ),
        );
    }
    let until = match &decl.until {
        Some(until) => Some(
            parse_date(file, until)
                .map_err(|d| diagnostics.push(d))
                .ok()?,
        ),
        None => None,
    };
    if let (Some(until_date), Some(until_text)) = (until, &decl.until)
        && until_date < from
    {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                until_text,
                format!("in-force range ends on {until_date}, before it starts on {from}"),
            )
            .with_label("ends before it starts")
            .with_help("`until` is the last day in force and must not be before `from`"),
        );
        return None;
    }
    Some(InForce {
        from,
        until,
        by: decl.by.clone(),
        encoded_from,
    })
}

/// Compiles a condition written in `file` against a compiled rule book (for
/// files read after the law, such as `concerns.ron`).
pub fn compile_condition(
    book: &RuleBook,
    file: &SourceFile,
    decl: &ConditionDecl,
) -> Result<Condition, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let condition = Resolver {
        book,
        file,
        diagnostics: &mut diagnostics,
    }
    .condition(decl, 0);
    match condition {
        Some(condition) if diagnostics.is_empty() => Ok(condition),
        _ => Err(diagnostics),
    }
}

/// Resolves the names inside one rule file.
struct Resolver<'a> {
    book: &'a RuleBook,
    file: &'a SourceFile,
    diagnostics: &'a mut Diagnostics,
}

impl Resolver<'_> {
    fn rule(
        &mut self,
        decl: &RuleDecl,
        provision: usize,
        confidence: Confidence,
        in_force: &InForce,
    ) -> Option<Rule> {
        let head = decl.head();
        let kind = kind_of(decl);
        let (id, cite, says, when) = (head.id(), head.cite(), head.says(), head.when());
        let (rule_in_force, rule_confidence, note) =
            (head.in_force(), head.confidence(), head.note());
        let condition = self.condition(when, 0);
        let in_force = match rule_in_force {
            Some(decl) => resolve_in_force(
                self.file,
                decl,
                Some(in_force.encoded_from),
                self.diagnostics,
            ),
            None => Some(in_force.clone()),
        };
        let effect = match decl {
            RuleDecl::Definition(_) | RuleDecl::Exception(_) => Some(Effect::None),
            RuleDecl::Notice(n) | RuleDecl::Duty(n) => {
                let to = self.recipients(&n.to);
                if kind == RuleKind::Notice && n.to.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            &n.id,
                            format!("notice `{}` names no recipient", n.id.as_str()),
                        )
                        .with_label("this notice")
                        .with_help(
                            "give `to: [...]`, or make it a `Duty` if nobody in Congress is told",
                        ),
                    );
                }
                let due = self.timing(&n.due);
                let alternative = n
                    .alternative
                    .as_ref()
                    .map(|a| (self.recipients(&a.to), a.what.clone()));
                let arises_on = n.arises_on.as_ref().and_then(|e| self.event(e));
                due.map(|due| Effect::Notice {
                    by: n.by.clone(),
                    to,
                    what: n.what.clone(),
                    form: n.form,
                    due,
                    alternative,
                    arises_on,
                })
            }
            RuleDecl::Gate(g) => Some(Effect::Gate {
                by: g.by.clone(),
                to: self.recipients(&g.to),
                blocks: g.blocks.clone(),
                until: g.until.clone(),
            }),
            RuleDecl::Prohibition(p) => Some(Effect::Prohibition {
                bars: p.bars.clone(),
            }),
            RuleDecl::StandingDuty(s) => Some(Effect::Standing {
                by: s.by.clone(),
                to: self.recipients(&s.to),
                what: s.what.clone(),
            }),
            RuleDecl::Authority(a) => Some(Effect::Authority {
                holder: a.holder.clone(),
                what: a.what.clone(),
            }),
        };
        Some(Rule {
            id: id.value.clone(),
            kind,
            provision,
            pinpoint: cite.to_string(),
            says: says.to_string(),
            condition: condition?,
            overrides: Vec::new(),
            overridden_by: Vec::new(),
            in_force: in_force?,
            confidence: rule_confidence.unwrap_or(confidence),
            note: note.map(str::to_string),
            sources: head.sources().to_vec(),
            effect: effect?,
        })
    }

    fn recipients(&mut self, names: &[Name]) -> Vec<crate::model::Recipient> {
        let mut out = Vec::new();
        for name in names {
            if let Some(&ix) = self.book.body_index.get(name.as_str()) {
                out.push(Recipient::Body(ix));
            } else if let Some(&ix) = self.book.body_group_index.get(name.as_str()) {
                out.push(Recipient::Group(ix));
            } else {
                let candidates: Vec<&str> = self
                    .book
                    .bodies
                    .iter()
                    .map(|b| b.id.as_str())
                    .chain(self.book.body_groups.iter().map(|g| g.id.as_str()))
                    .collect();
                self.diagnostics.push(
                    Diagnostic::at_value(
                        self.file,
                        name,
                        format!("unknown body or group `{}`", name.as_str()),
                    )
                    .with_label("not in bodies.ron")
                    .with_suggestion(
                        name.as_str(),
                        candidates,
                        "body or group",
                    ),
                );
            }
        }
        out
    }

    fn event(&mut self, name: &Name) -> Option<usize> {
        let found = self.book.vocabulary.event_index.get(name.as_str()).copied();
        if found.is_none() {
            let names: Vec<&str> = self
                .book
                .vocabulary
                .events
                .iter()
                .map(|e| e.name.as_str())
                .collect();
            self.diagnostics.push(
                Diagnostic::at_value(
                    self.file,
                    name,
                    format!("unknown event `{}`", name.as_str()),
                )
                .with_label("not in the vocabulary's events")
                .with_suggestion(name.as_str(), names, "event"),
            );
        }
        found
    }

    fn optional_event(&mut self, name: Option<&Name>) -> Option<Option<usize>> {
        match name {
            Some(name) => self.event(name).map(Some),
            None => Some(None),
        }
    }

    fn timing(&mut self, decl: &TimingDecl) -> Option<Timing> {
        Some(match decl {
            TimingDecl::Before(event) => Timing::Before(self.event(event)?),
            TimingDecl::WithinHours { hours, after } => {
                Timing::WithinHours(*hours, self.event(after)?)
            }
            TimingDecl::WithinDays { days, after } => Timing::WithinDays(*days, self.event(after)?),
            TimingDecl::WithinBusinessDays { days, after } => {
                Timing::WithinBusinessDays(*days, self.event(after)?)
            }
            TimingDecl::DaysBefore { days, before } => {
                Timing::DaysBefore(*days, self.event(before)?)
            }
            TimingDecl::AsSoonAsPossible { after, before } => {
                let after = self.event(after);
                let before = self.optional_event(before.as_ref());
                Timing::AsSoonAsPossible(after?, before?)
            }
            TimingDecl::Promptly { after } => {
                Timing::Promptly(self.optional_event(after.as_ref())?)
            }
            TimingDecl::Immediately { after } => {
                Timing::Immediately(self.optional_event(after.as_ref())?)
            }
            TimingDecl::TimelyFashion { after } => {
                Timing::TimelyFashion(self.optional_event(after.as_ref())?)
            }
            TimingDecl::EveryDays { days, after } => Timing::EveryDays(*days, self.event(after)?),
            TimingDecl::ByEndOfNextMonth { after } => Timing::ByEndOfNextMonth(self.event(after)?),
            TimingDecl::OnRequest => Timing::OnRequest,
            TimingDecl::NotStated => Timing::NotStated,
        })
    }

    fn fact(&mut self, name: &Name) -> Option<(usize, FactKind)> {
        let vocabulary = &self.book.vocabulary;
        match vocabulary.fact_index.get(name.as_str()) {
            Some(&ix) => vocabulary.facts.get(ix).map(|f| (ix, f.kind.clone())),
            None => {
                let names: Vec<&str> = vocabulary.facts.iter().map(|f| f.name.as_str()).collect();
                self.diagnostics.push(
                    Diagnostic::at_value(
                        self.file,
                        name,
                        format!("unknown fact `{}`", name.as_str()),
                    )
                    .with_label("not in vocabulary.ron")
                    .with_suggestion(name.as_str(), names, "fact"),
                );
                None
            }
        }
    }

    fn wrong_kind(&mut self, name: &Name, kind: &FactKind, operator: &str, needs: &str) {
        self.diagnostics.push(
            Diagnostic::at_value(
                self.file,
                name,
                format!(
                    "`{operator}` needs {needs}, but `{}` is {}",
                    name.as_str(),
                    kind.describe()
                ),
            )
            .with_label("wrong type of fact")
            .with_help(match kind {
                FactKind::Flag => format!("test a flag with `Fact(\"{}\")`", name.as_str()),
                FactKind::Amount => format!(
                    "test an amount with `AtLeast(\"{}\", N)` or `MoreThan`",
                    name.as_str()
                ),
                FactKind::Country => "test a country with `Is`, `In` or `InGroup`".to_string(),
                _ => "test a choice with `Is` or `In`".to_string(),
            }),
        );
    }

    /// Bits for the named values of a choice fact; reports unknown values.
    fn choice_mask(&mut self, fact: &Name, choices: &[String], values: &[&Name]) -> Option<u64> {
        let mut mask = 0u64;
        let mut ok = true;
        for value in values {
            match choices.iter().position(|c| c == value.as_str()) {
                Some(bit) => mask |= 1u64 << bit,
                None => {
                    ok = false;
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            value,
                            format!("`{}` is not a value of `{}`", value.as_str(), fact.as_str()),
                        )
                        .with_label("unknown value")
                        .with_suggestion(
                            value.as_str(),
                            choices.iter().map(String::as_str),
                            "value",
                        ),
                    );
                }
            }
        }
        ok.then_some(mask)
    }

    fn values(&mut self, fact: &Name, values: &[&Name], operator: &str) -> Option<Condition> {
        let (ix, kind) = self.fact(fact)?;
        match &kind {
            FactKind::Choice(choices) => self
                .choice_mask(fact, choices, values)
                .map(|m| Condition::ChoiceIn(ix, m)),
            FactKind::ChoiceSet(choices) => self
                .choice_mask(fact, choices, values)
                .map(|m| Condition::SetAny(ix, m)),
            FactKind::Country => {
                let mut codes = Vec::new();
                for value in values {
                    if is_country_code(value.as_str()) {
                        codes.push(value.value.clone());
                    } else {
                        self.diagnostics
                            .push(country_code_problem(self.file, value));
                    }
                }
                (codes.len() == values.len()).then_some(Condition::CountryIn(ix, codes))
            }
            other => {
                self.wrong_kind(fact, other, operator, "a choice, set or country fact");
                None
            }
        }
    }

    fn condition(&mut self, decl: &ConditionDecl, depth: usize) -> Option<Condition> {
        if depth > MAX_CONDITION_DEPTH {
            self.diagnostics.push(Diagnostic::in_file(
                &self.file.name,
                format!("a condition is nested more than {MAX_CONDITION_DEPTH} levels deep"),
            ));
            return None;
        }
        Some(match decl {
            ConditionDecl::Always => Condition::Always,
            ConditionDecl::Fact(name) => {
                let (ix, kind) = self.fact(name)?;
                if kind != FactKind::Flag {
                    self.wrong_kind(name, &kind, "Fact", "a flag");
                    return None;
                }
                Condition::Flag(ix)
            }
            ConditionDecl::Is(fact, value) => self.values(fact, &[value], "Is")?,
            ConditionDecl::In(fact, values) => {
                let values: Vec<&Name> = values.iter().collect();
                self.values(fact, &values, "In")?
            }
            ConditionDecl::InGroup(fact, group) => {
                let fact_ix = self.fact(fact);
                let group_ix = self
                    .book
                    .vocabulary
                    .country_group_index
                    .get(group.as_str())
                    .copied();
                if group_ix.is_none() {
                    let names: Vec<&str> = self
                        .book
                        .vocabulary
                        .country_groups
                        .iter()
                        .map(|g| g.name.as_str())
                        .collect();
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            group,
                            format!("unknown country group `{}`", group.as_str()),
                        )
                        .with_label("not in vocabulary.ron")
                        .with_suggestion(
                            group.as_str(),
                            names,
                            "country group",
                        ),
                    );
                }
                let (fact_ix, kind) = fact_ix?;
                if kind != FactKind::Country {
                    self.wrong_kind(fact, &kind, "InGroup", "a country fact");
                    return None;
                }
                Condition::InGroup(fact_ix, group_ix?)
            }
            ConditionDecl::AtLeast(fact, amount) | ConditionDecl::MoreThan(fact, amount) => {
                let (ix, kind) = self.fact(fact)?;
                let operator = if matches!(decl, ConditionDecl::AtLeast(..)) {
                    "AtLeast"
                } else {
                    "MoreThan"
                };
                if kind != FactKind::Amount {
                    self.wrong_kind(fact, &kind, operator, "an amount fact");
                    return None;
                }
                if operator == "AtLeast" {
                    Condition::AtLeast(ix, *amount)
                } else {
                    Condition::MoreThan(ix, *amount)
                }
            }
            ConditionDecl::Ref(id) => match self.book.rule_index.get(id.as_str()) {
                Some(&ix) => Condition::Ref(ix),
                None => {
                    let ids: Vec<&str> = self.book.rule_index.keys().map(String::as_str).collect();
                    let mut ids = ids;
                    ids.sort_unstable();
                    self.diagnostics.push(
                        Diagnostic::at_value(
                            self.file,
                            id,
                            format!("unknown rule id `{}` in `Ref`", id.as_str()),
                        )
                        .with_label("no rule has this id")
                        .with_suggestion(id.as_str(), ids, "rule"),
                    );
                    return None;
                }
            },
            ConditionDecl::All(parts) | ConditionDecl::Any(parts) => {
                let parts: Vec<Option<Condition>> =
                    parts.iter().map(|p| self.condition(p, depth + 1)).collect();
                let parts: Option<Vec<Condition>> = parts.into_iter().collect();
                if matches!(decl, ConditionDecl::All(_)) {
                    Condition::All(parts?)
                } else {
                    Condition::Any(parts?)
                }
            }
            ConditionDecl::Not(inner) => {
                Condition::Not(Box::new(self.condition(inner, depth + 1)?))
            }
        })
    }
}

fn condition_refs(condition: &Condition, out: &mut Vec<RuleIx>) {
    match condition {
        Condition::Ref(ix) => out.push(*ix),
        Condition::All(parts) | Condition::Any(parts) => {
            parts.iter().for_each(|p| condition_refs(p, out))
        }
        Condition::Not(inner) => condition_refs(inner, out),
        _ => {}
    }
}

/// The rules a condition refers to with `Ref`, in order of appearance.
pub fn referenced_rules(condition: &Condition) -> Vec<RuleIx> {
    let mut out = Vec::new();
    condition_refs(condition, &mut out);
    out
}

fn build_graph(book: &mut RuleBook) {
    let mut graph = DiGraph::with_capacity(book.rules.len(), book.rules.len() * 2);
    for ix in 0..book.rules.len() {
        graph.add_node(ix);
    }
    for (ix, rule) in book.rules.iter().enumerate() {
        for used in referenced_rules(&rule.condition) {
            graph.add_edge(NodeIndex::new(used), NodeIndex::new(ix), EdgeKind::Uses);
        }
        for &target in &rule.overrides {
            graph.add_edge(
                NodeIndex::new(ix),
                NodeIndex::new(target),
                EdgeKind::Overrides,
            );
        }
    }
    book.graph = graph;
}

/// Rules in dependency order, or one cycle as a path of rule indices
/// (first and last the same).
fn topological_order(book: &RuleBook) -> Result<Vec<RuleIx>, Vec<RuleIx>> {
    match petgraph::algo::toposort(&book.graph, None) {
        Ok(nodes) => Ok(nodes.into_iter().map(|n| n.index()).collect()),
        Err(_) => Err(find_cycle(book).unwrap_or_default()),
    }
}

/// One cycle of the rule graph as a path, found from the DFS back edge.
/// petgraph reports only one node of a cycle, so the path is rebuilt here.
fn find_cycle(book: &RuleBook) -> Option<Vec<RuleIx>> {
    let graph = &book.graph;
    let mut parent: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut back_edge = None;
    depth_first_search(graph, graph.node_indices(), |event| {
        match event {
            DfsEvent::TreeEdge(u, v) => {
                parent.insert(v, u);
            }
            DfsEvent::BackEdge(u, v) => {
                back_edge = Some((u, v));
                return Control::Break(());
            }
            _ => {}
        }
        Control::Continue
    });
    let (last, first) = back_edge?;
    let mut path = vec![last];
    let mut current = last;
    while current != first {
        current = *parent.get(&current)?;
        path.push(current);
    }
    path.reverse();
    path.push(first);
    Some(path.into_iter().map(|n| n.index()).collect())
}

fn cycle_diagnostic(
    book: &RuleBook,
    cycle: &[RuleIx],
    files: &[(&SourceFile, ProvisionFile)],
) -> Diagnostic {
    let names: Vec<&str> = cycle
        .iter()
        .filter_map(|&ix| book.rules.get(ix))
        .map(|r| r.id.as_str())
        .collect();
    let locate = |id: &str| -> Option<(&SourceFile, Name)> {
        files.iter().find_map(|(file, provision)| {
            provision
                .rules
                .iter()
                .map(rule_id)
                .find(|n| n.as_str() == id)
                .map(|n| (*file, n.clone()))
        })
    };
    let steps: Vec<String> = cycle
        .windows(2)
        .filter_map(|pair| {
            let (a, b) = (
                book.rules.get(*pair.first()?)?,
                book.rules.get(*pair.get(1)?)?,
            );
            let how = if a.overrides.contains(pair.get(1)?) {
                "overrides"
            } else {
                "is used by"
            };
            let place = locate(&a.id)
                .and_then(|(f, n)| n.span_in(f).map(|s| (f, s)))
                .map(|(f, s)| {
                    let (line, column) = f.line_col(s.start);
                    format!("{}:{line}:{column}", f.name)
                })
                .unwrap_or_default();
            Some(format!("`{}` ({place}) {how} `{}`", a.id, b.id))
        })
        .collect();
    let message = format!(
        "rules depend on each other in a cycle: {}",
        names.join(" -> ")
    );
    let help = format!(
        "{}; break the cycle by removing one `Ref` or `overrides`",
        steps.join(", ")
    );
    match names.first().and_then(|id| locate(id)) {
        Some((file, name)) => Diagnostic::at_value(file, &name, message)
            .with_label("the cycle starts here")
            .with_help(help),
        None => Diagnostic::in_file("rules", message).with_help(help),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinpoints_and_code_citations_are_checked() {
        for good in [
            "",
            "(c)(1)",
            "(c)(5)(B)",
            "(a)(1)-(2)",
            "(d)(1) and (c)(2)",
            "(e)",
            "§1.3(b)(4)",
            "§1.7(a)(5)-(6)",
            "(a)(1), (b)",
        ] {
            assert!(is_well_formed_pinpoint(good), "{good}");
        }
        for bad in ["c1", "(c", "(c)1", "()", "(c)(1) or (2)", "§(b)", "(c) (1)"] {
            assert!(!is_well_formed_pinpoint(bad), "{bad}");
        }
        assert!(is_well_formed_usc("50 U.S.C. 3093") && is_well_formed_usc("10 U.S.C. 130f"));
        assert!(!is_well_formed_usc("50 USC 3093") && !is_well_formed_usc("U.S.C. 3093"));
    }

    #[test]
    fn override_kinds_are_checked() {
        use RuleKind::*;
        assert!(override_kind_problem(Definition, Definition).is_none());
        assert!(override_kind_problem(Notice, Notice).is_none());
        assert!(override_kind_problem(Exception, Prohibition).is_none());
        assert!(override_kind_problem(Exception, Exception).is_none());
        assert!(override_kind_problem(Definition, Notice).is_some());
        assert!(override_kind_problem(Notice, Gate).is_some());
        assert!(override_kind_problem(Notice, Definition).is_some());
        assert!(override_kind_problem(Exception, Definition).is_some());
    }
}
