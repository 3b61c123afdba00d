//! Proposals: amendments applied as overlays on the parsed law before it is
//! compiled, so an amended rule book is checked exactly like the law.

use crate::countries::{country_code_problem, is_country_code};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{SourceFile, Spanned};
use crate::syntax::{
    BodiesFile, ChangeDecl, Confidence, CountryGroupDecl, InForceDecl, Name, ProposalFile,
    ProvisionFile, RuleDecl, VocabularyFile,
};

/// The parsed law a proposal changes.
pub struct ParsedLaw<'b, 'a> {
    /// The vocabulary (country groups can change).
    pub vocabulary: &'b mut VocabularyFile,
    /// Bodies and groups (group membership can change).
    pub bodies: &'b mut BodiesFile,
    /// Every provision so far, with its file.
    pub provisions: &'b mut Vec<(&'a SourceFile, ProvisionFile)>,
}

fn all_rule_ids<'a>(provisions: &'a [(&SourceFile, ProvisionFile)]) -> Vec<&'a str> {
    let mut ids: Vec<&str> = provisions
        .iter()
        .flat_map(|(_, p)| p.rules.iter().map(|r| r.head().id().as_str()))
        .collect();
    ids.sort_unstable();
    ids
}

/// Removes the rule with this id, wherever it is; `None` if there is none.
fn take_rule(provisions: &mut [(&SourceFile, ProvisionFile)], id: &str) -> Option<RuleDecl> {
    for (_, provision) in provisions.iter_mut() {
        if let Some(position) = provision
            .rules
            .iter()
            .position(|r| r.head().id().as_str() == id)
        {
            return Some(provision.rules.remove(position));
        }
    }
    None
}

fn missing_rule(
    file: &SourceFile,
    id: &Name,
    verb: &str,
    provisions: &[(&SourceFile, ProvisionFile)],
) -> Diagnostic {
    Diagnostic::at_value(
        file,
        id,
        ProposalError::NoSuchRule {
            verb: verb.to_string(),
            id: id.value.clone(),
        },
    )
    .with_label("not a rule of the law or of an earlier proposal")
    .with_suggestion(id.as_str(), all_rule_ids(provisions), "rule")
}

/// Applies one proposal to the parsed law. Its new and replacing rules form a
/// provision of their own, cited to the section the proposal amends.
pub fn apply<'a>(
    file: &'a SourceFile,
    proposal: ProposalFile,
    law: &mut ParsedLaw<'_, 'a>,
    diagnostics: &mut Diagnostics,
) {
    let mut added: Vec<RuleDecl> = Vec::new();
    let mut definitions: Vec<ProvisionFile> = Vec::new();
    let id = proposal.id.value.clone();
    let in_force = proposal
        .in_force
        .map(|dates| proposal_dates(dates, &id))
        .unwrap_or_else(|| InForceDecl {
            from: Spanned::detached(String::from("1900-01-01")),
            until: None,
            by: Some(String::from(
                "proposal with no effective date: treated as in force on any date",
            )),
            encoded_from: None,
        });
    for change in proposal.changes {
        match change {
            ChangeDecl::AddRule(mut rule) => {
                if let Some(dates) = rule.head().in_force().cloned() {
                    rule.set_in_force(proposal_dates(dates, &id));
                }
                added.push(rule);
            }
            ChangeDecl::ReplaceRule { id, with } => {
                if with.head().id().as_str() != id.as_str() {
                    diagnostics.push(
                        Diagnostic::at_value(file, with.head().id(), ProposalError::ReplacementChangesId { id: id.value.clone() })
                            .with_label("different id")
                            .with_help("a replacement keeps the id of the rule it replaces, so references to it still hold"),
                    );
                    continue;
                }
                match take_rule(law.provisions, id.as_str()) {
                    Some(_) => {
                        let mut with = with;
                        if let Some(dates) = with.head().in_force().cloned() {
                            with.set_in_force(proposal_dates(dates, &proposal.id.value));
                        }
                        added.push(with)
                    }
                    None => diagnostics.push(missing_rule(file, &id, "replace", law.provisions)),
                }
            }
            ChangeDecl::RepealRule(id) => {
                if take_rule(law.provisions, id.as_str()).is_none() {
                    diagnostics.push(missing_rule(file, &id, "repeal", law.provisions));
                }
            }
            ChangeDecl::SetInForce { rule, in_force } => {
                let set = match added
                    .iter_mut()
                    .find(|r| r.head().id().as_str() == rule.as_str())
                {
                    Some(own) => {
                        own.set_in_force(proposal_dates(in_force, &id));
                        true
                    }
                    None => set_law_rule_dates(law, rule.as_str(), proposed_window(in_force, &id)),
                };
                if !set {
                    diagnostics.push(missing_rule(
                        file,
                        &rule,
                        "change the dates of",
                        law.provisions,
                    ));
                }
            }
            ChangeDecl::AddMembers { group, members } => {
                change_members(file, law, &group, members, true, diagnostics)
            }
            ChangeDecl::RemoveMembers { group, members } => {
                change_members(file, law, &group, members, false, diagnostics)
            }
            ChangeDecl::AddCountryGroup(group) => add_country_group(file, law, group, diagnostics),
            ChangeDecl::AddDefinition {
                defined_in,
                confidence,
                sources,
                term,
            } => definitions.push(ProvisionFile {
                act: defined_in.act,
                section: defined_in.section,
                usc: defined_in.usc,
                title: proposal.title.clone(),
                in_force: in_force.clone(),
                confidence,
                sources,
                read_through: None,
                rules: vec![RuleDecl::Definition(term)],
                proposal: Some(proposal.id.value.clone()),
            }),
        }
    }
    let provision = ProvisionFile {
        act: proposal.amends.act,
        section: proposal.amends.section,
        usc: proposal.amends.usc,
        title: proposal.title,
        in_force,
        confidence: Confidence::Proposal,
        sources: vec![format!("proposal `{}`", proposal.id.as_str())],
        read_through: None,
        rules: added,
        proposal: Some(proposal.id.value.clone()),
    };
    // Definitions come first: each is a provision of its own, cited where
    // the term is defined, and the proposal's rules may refer to them.
    law.provisions
        .extend(definitions.into_iter().map(|definition| (file, definition)));
    law.provisions.push((file, provision));
}

/// Gives a rule of the law new dates. Without a horizon of their own they
/// keep the rule's, else its provision's. False if no rule has the id.
fn set_law_rule_dates(law: &mut ParsedLaw<'_, '_>, rule: &str, mut dates: InForceDecl) -> bool {
    for (_, provision) in law.provisions.iter_mut() {
        let provision_horizon = provision.in_force.encoded_from.clone();
        if let Some(decl) = provision
            .rules
            .iter_mut()
            .find(|r| r.head().id().as_str() == rule)
        {
            if dates.encoded_from.is_none() {
                dates.encoded_from = decl
                    .head()
                    .in_force()
                    .and_then(|d| d.encoded_from.clone())
                    .or(provision_horizon);
            }
            decl.set_in_force(dates);
            return true;
        }
    }
    false
}

/// A proposal's dates: no enacting law yet (it is a draft), and no horizon
/// (before its effective date the draft is simply not in force, whatever the
/// law of that date).
fn proposal_dates(dates: InForceDecl, id: &str) -> InForceDecl {
    let mut dates = proposed_window(dates, id);
    if dates.encoded_from.is_none() {
        dates.encoded_from = Some(Spanned::detached(String::from("1900-01-01")));
    }
    dates
}

/// New dates a proposal gives a rule of the law: named after the proposal
/// unless it names a law, and keeping the horizon of the law it amends, so
/// that an event before it stays "not encoded".
fn proposed_window(mut dates: InForceDecl, id: &str) -> InForceDecl {
    if dates.by.as_deref().is_none_or(|by| by.trim().is_empty()) {
        dates.by = Some(format!("proposal `{id}` (not law)"));
    }
    dates
}

/// Adds a proposal's country group to the vocabulary, after checking its
/// name and members here, where they can still be pointed at in the proposal.
fn add_country_group(
    file: &SourceFile,
    law: &mut ParsedLaw<'_, '_>,
    group: CountryGroupDecl,
    diagnostics: &mut Diagnostics,
) {
    if law
        .vocabulary
        .country_groups
        .iter()
        .any(|g| g.name.as_str() == group.name.as_str())
    {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                &group.name,
                ProposalError::GroupExists {
                    name: group.name.value.clone(),
                },
            )
            .with_label("already in the vocabulary")
            .with_help("give the new group another name, or change the existing one with `AddMembers`/`RemoveMembers`"),
        );
        return;
    }
    let mut sound = true;
    for member in &group.members {
        if !is_country_code(member.as_str()) {
            diagnostics.push(country_code_problem(file, member));
            sound = false;
        }
    }
    if group.cite.trim().is_empty() {
        diagnostics.push(
            Diagnostic::at_value(
                file,
                &group.name,
                ProposalError::GroupWithoutCitation {
                    name: group.name.value.clone(),
                },
            )
            .with_label("`cite` is empty")
            .with_help("say where the list comes from, e.g. `15 CFR 791.4`"),
        );
        sound = false;
    }
    if sound {
        law.vocabulary.country_groups.push(group);
    }
}

fn change_members(
    file: &SourceFile,
    law: &mut ParsedLaw<'_, '_>,
    group: &Name,
    members: Vec<Name>,
    add: bool,
    diagnostics: &mut Diagnostics,
) {
    // Members are checked here, against this file: once merged into the
    // vocabulary or bodies they could no longer be pointed at.
    let body_ids: Vec<String> = law
        .bodies
        .bodies
        .iter()
        .map(|b| b.id.value.clone())
        .collect();
    let is_body_group = law
        .bodies
        .groups
        .iter()
        .any(|g| g.id.as_str() == group.as_str());
    let is_country_group = law
        .vocabulary
        .country_groups
        .iter()
        .any(|g| g.name.as_str() == group.as_str());
    let members: Vec<Name> = if is_body_group || is_country_group {
        members
    } else {
        Vec::new()
    };
    let members: Vec<Name> = if add {
        members
            .into_iter()
            .filter(|member| {
                let problem = if is_body_group {
                    (!body_ids.iter().any(|id| id == member.as_str())).then(|| {
                        Diagnostic::at_value(
                            file,
                            member,
                            ProposalError::UnknownBody {
                                name: member.value.clone(),
                            },
                        )
                        .with_label("not in bodies.ron")
                        .with_suggestion(
                            member.as_str(),
                            body_ids.iter().map(String::as_str),
                            "body",
                        )
                    })
                } else {
                    (!is_country_code(member.as_str())).then(|| country_code_problem(file, member))
                };
                match problem {
                    Some(diagnostic) => {
                        diagnostics.push(diagnostic);
                        false
                    }
                    None => true,
                }
            })
            .collect()
    } else {
        members
    };
    let list = if let Some(g) = law
        .bodies
        .groups
        .iter_mut()
        .find(|g| g.id.as_str() == group.as_str())
    {
        &mut g.members
    } else if let Some(g) = law
        .vocabulary
        .country_groups
        .iter_mut()
        .find(|g| g.name.as_str() == group.as_str())
    {
        &mut g.members
    } else {
        let names: Vec<&str> = law
            .bodies
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .chain(
                law.vocabulary
                    .country_groups
                    .iter()
                    .map(|g| g.name.as_str()),
            )
            .collect();
        diagnostics.push(
            Diagnostic::at_value(
                file,
                group,
                ProposalError::UnknownGroup {
                    name: group.value.clone(),
                },
            )
            .with_label("not a body group or country group")
            .with_suggestion(group.as_str(), names, "group"),
        );
        return;
    };
    for member in members {
        let position = list.iter().position(|m| m.as_str() == member.as_str());
        match (add, position) {
            (true, None) => list.push(member),
            (true, Some(_)) => {}
            (false, Some(at)) => {
                list.remove(at);
            }
            (false, None) => diagnostics.push(
                Diagnostic::at_value(
                    file,
                    &member,
                    ProposalError::NotAMember {
                        member: member.value.clone(),
                        group: group.value.clone(),
                    },
                )
                .with_label("cannot remove"),
            ),
        }
    }
}

/// A proposal that cannot be applied to the law as it stands.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ProposalError {
    /// A repeal or replacement of a rule that does not exist.
    #[error("cannot {verb} `{id}`: no rule has this id")]
    #[diagnostic(code(oversight::proposal::no_such_rule))]
    NoSuchRule {
        /// `repeal` or `replace`.
        verb: String,
        /// The id as written.
        id: String,
    },
    /// A replacement with another id than the rule it replaces.
    #[error("the replacement of `{id}` has another id")]
    #[diagnostic(code(oversight::proposal::replacement_changes_id))]
    ReplacementChangesId {
        /// The replaced rule's id.
        id: String,
    },
    /// A new country group with a name already taken.
    #[error("country group `{name}` already exists")]
    #[diagnostic(code(oversight::proposal::group_exists))]
    GroupExists {
        /// The name.
        name: String,
    },
    /// A new country group with no source.
    #[error("country group `{name}` has no citation")]
    #[diagnostic(code(oversight::proposal::group_without_citation))]
    GroupWithoutCitation {
        /// The name.
        name: String,
    },
    /// A body that `bodies.ron` does not declare.
    #[error("unknown body `{name}`")]
    #[diagnostic(code(oversight::proposal::unknown_body))]
    UnknownBody {
        /// The name as written.
        name: String,
    },
    /// A group that is neither a body group nor a country group.
    #[error("unknown group `{name}`")]
    #[diagnostic(code(oversight::proposal::unknown_group))]
    UnknownGroup {
        /// The name as written.
        name: String,
    },
    /// A member to remove that the group does not have.
    #[error("`{member}` is not a member of `{group}`")]
    #[diagnostic(code(oversight::proposal::not_a_member))]
    NotAMember {
        /// The member.
        member: String,
        /// The group.
        group: String,
    },
}
