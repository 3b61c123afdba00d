//! The vocabulary and bodies files: facts, events, country groups, bodies and body groups, each name checked once.

use std::collections::BTreeMap;

use super::err::CompileError;
use crate::countries::{country_code_problem, is_country_code};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Body, BodyGroup, BodyGroupIx, BodyIx, CountryGroup, CountryGroupIx, DefinedTerm, EventDef,
    EventIx, FactDef, FactIx, FactKind, LawCite, Statutory, Vocabulary,
};
use crate::source::SourceFile;
use crate::syntax::{BodiesFile, FactDecl, FactKindDecl, Name, VocabularyFile};

pub(super) fn build_vocabulary(
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
                .insert(fact.name.value.clone(), FactIx(vocabulary.facts.len()));
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
        let statutory = fact
            .statutory
            .as_ref()
            .map(|words| statutory_words(file, fact, &kind, words, diagnostics));
        vocabulary.facts.push(FactDef {
            name: fact.name.value.clone(),
            kind,
            question: fact.question.clone(),
            cite: fact.cite.clone(),
            statutory,
            presupposes: fact.presupposes.as_ref().map(|n| n.value.clone()),
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
                .insert(event.name.value.clone(), EventIx(vocabulary.events.len()));
        }
        vocabulary.events.push(EventDef {
            name: event.name.value.clone(),
            label: event.label.clone(),
            statutory: event.statutory.clone(),
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
            vocabulary.country_group_index.insert(
                group.name.value.clone(),
                CountryGroupIx(vocabulary.country_groups.len()),
            );
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
            term: group.term.clone(),
        });
    }
    for term in &decl.terms {
        if term.means.is_some() == term.defined_in.is_some() {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    &term.term,
                    CompileError::TermDefinition {
                        term: term.term.value.clone(),
                    },
                )
                .with_label("this term")
                .with_help("give either `means` (its definition in words) or `defined_in` (where the law defines it), not both"),
            );
        }
        vocabulary.terms.push(DefinedTerm {
            term: term.term.value.clone(),
            means: term.means.clone(),
            defined_in: term.defined_in.as_ref().map(|cite| LawCite {
                act: cite.act.clone(),
                section: cite.section.clone(),
                usc: cite.usc.clone(),
            }),
        });
    }
    for group in &decl.country_groups {
        if let Some(term) = &group.term
            && !vocabulary.terms.iter().any(|t| &t.term == term)
        {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    &group.name,
                    CompileError::UnknownTerm { term: term.clone() },
                )
                .with_label("this group's `term`")
                .with_suggestion(
                    term,
                    vocabulary.terms.iter().map(|t| t.term.as_str()),
                    "term",
                ),
            );
        }
    }
    vocabulary
}

/// A fact's statutory words, each clause's key checked against its values:
/// `yes`/`no` for a flag, a value or `not VALUE` for a choice.
fn statutory_words(
    file: &SourceFile,
    fact: &FactDecl,
    kind: &FactKind,
    words: &crate::syntax::StatutoryDecl,
    diagnostics: &mut Diagnostics,
) -> Statutory {
    let keys: Vec<String> = match kind {
        FactKind::Flag => vec![String::from("yes"), String::from("no")],
        FactKind::Choice(values) | FactKind::ChoiceSet(values) => values
            .iter()
            .flat_map(|v| [v.clone(), format!("not {v}")])
            .collect(),
        FactKind::Country | FactKind::Amount | FactKind::Date => Vec::new(),
    };
    for key in words.clauses.keys() {
        if !keys.contains(key) {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    &fact.name,
                    CompileError::UnknownClause {
                        key: key.clone(),
                        fact: fact.name.value.clone(),
                    },
                )
                .with_label("in this fact's `statutory` clauses")
                .with_suggestion(key, keys.iter().map(String::as_str), "clause"),
            );
        }
    }
    Statutory {
        clauses: words.clauses.clone(),
        subject: words.subject.clone(),
    }
}

pub(super) fn choice_values(
    file: &SourceFile,
    values: &[Name],
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if out.contains(&value.value) {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    value,
                    CompileError::DuplicateChoice {
                        value: value.value.clone(),
                    },
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
            Diagnostic::at_value(file, first, CompileError::TooManyChoices)
                .with_help("split the fact in two"),
        );
    }
    out
}

pub(super) fn check_new_name(
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
                CompileError::InvalidName {
                    what: what.to_string(),
                    name: name.value.clone(),
                },
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
            Diagnostic::at_value(
                file,
                name,
                CompileError::DuplicateName {
                    what: what.to_string(),
                    name: name.value.clone(),
                },
            )
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
    BTreeMap<String, BodyIx>,
    BTreeMap<String, BodyGroupIx>,
);

pub(super) fn build_bodies(
    file: &SourceFile,
    decl: &BodiesFile,
    diagnostics: &mut Diagnostics,
) -> BodyTables {
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
            body_index.insert(body.id.value.clone(), BodyIx(bodies.len()));
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
    let mut group_index: BTreeMap<String, BodyGroupIx> = BTreeMap::new();
    for group in &decl.groups {
        let taken = group_index.contains_key(group.id.as_str())
            || body_index.contains_key(group.id.as_str());
        if check_new_name(file, &group.id, taken, "body or group", diagnostics) {
            group_index.insert(group.id.value.clone(), BodyGroupIx(groups.len()));
        }
        let mut members = Vec::new();
        for member in &group.members {
            match body_index.get(member.as_str()) {
                Some(&ix) => members.push(ix),
                None => {
                    let names: Vec<&str> = decl.bodies.iter().map(|b| b.id.as_str()).collect();
                    let problem = if group_index.contains_key(member.as_str()) {
                        CompileError::GroupInGroup {
                            group: group.id.value.clone(),
                            member: member.value.clone(),
                        }
                    } else {
                        CompileError::UnknownBody {
                            name: member.value.clone(),
                        }
                    };
                    diagnostics.push(
                        Diagnostic::at_value(file, member, problem)
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
