//! Proposals: amendments applied as overlays on the parsed law before it is
//! compiled, so an amended rule book is checked exactly like the law.

use crate::countries::{country_code_problem, is_country_code};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Amendment, LawChange, Placement, SectionRef};
use crate::source::{SourceFile, Spanned};
use crate::syntax::{
    BodiesFile, ChangeDecl, Confidence, CountryGroupDecl, InForceDecl, Name, NewUnit, ProposalFile,
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
    /// What the proposals applied so far do to the text of the law.
    pub amendments: &'b mut Vec<Amendment>,
}

fn all_rule_ids<'a>(provisions: &'a [(&SourceFile, ProvisionFile)]) -> Vec<&'a str> {
    let mut ids: Vec<&str> = provisions
        .iter()
        .flat_map(|(_, p)| p.rules.iter().map(|r| r.head().id().as_str()))
        .collect();
    ids.sort_unstable();
    ids
}

/// A rule taken out of the law: the rule, where it was, and which other
/// rules cite the same unit or a unit inside it.
struct Taken {
    section: SectionRef,
    pinpoint: String,
    shared_with: Vec<String>,
    provision: usize,
}

fn section_of(provision: &ProvisionFile) -> SectionRef {
    SectionRef {
        act: provision.act.clone(),
        section: provision.section.clone(),
        usc: provision.usc.value.clone(),
        structure: provision
            .structure
            .iter()
            .map(|entry| entry.value.clone())
            .collect(),
    }
}

/// Removes the rule with this id, wherever it is; `None` if there is none.
fn take_rule(provisions: &mut [(&SourceFile, ProvisionFile)], id: &str) -> Option<Taken> {
    for (index, (_, provision)) in provisions.iter_mut().enumerate() {
        if let Some(position) = provision
            .rules
            .iter()
            .position(|r| r.head().id().as_str() == id)
        {
            let rule = provision.rules.remove(position);
            let pinpoint = rule.head().cite().value.clone();
            drop(rule);
            let shared_with = provision
                .rules
                .iter()
                // A version with an end date is history, not text that
                // stands in the unit today.
                .filter(|r| r.head().in_force().is_none_or(|d| d.until.is_none()))
                .filter(|r| !pinpoint.is_empty() && r.head().cite().as_str().starts_with(&pinpoint))
                .map(|r| r.head().id().value.clone())
                .collect();
            return Some(Taken {
                section: section_of(provision),
                pinpoint,
                shared_with,
                provision: index,
            });
        }
    }
    None
}

/// The letter after `letter` in Legislative Counsel's sequence: `a`..`z`,
/// then `aa`, `bb`, ...
fn next_letter(letter: &str) -> String {
    let Some(last) = letter.chars().last().filter(char::is_ascii_lowercase) else {
        return String::from("a");
    };
    if last == 'z' {
        "a".repeat(letter.chars().count() + 1)
    } else {
        let next = char::from(u8::try_from(u32::from(last) + 1).unwrap_or(b'a'));
        next.to_string().repeat(letter.chars().count())
    }
}

/// The `n`th subsection letter, from 0: `a`..`z`, then `aa`, `bb`, ...
fn nth_letter(n: usize) -> String {
    let offset = u8::try_from(n % 26).unwrap_or(0);
    char::from(b'a' + offset).to_string().repeat(n / 26 + 1)
}

/// Orders subsection letters as the Code does: by length, then alphabet.
fn letter_key(letter: &str) -> (usize, String) {
    (letter.chars().count(), letter.to_string())
}

/// The first group of a pinpoint: `c` for `(c)(1)`.
fn top_level(pinpoint: &str) -> Option<&str> {
    let inner = pinpoint.strip_prefix('(')?;
    inner.get(..inner.find(')')?)
}

/// Prefixes each part of a pinpoint relative to the new subsection with its
/// letter: `(1)` becomes `(d)(1)`, empty becomes `(d)`.
fn under_letter(letter: &str, cite: &str) -> String {
    if cite.is_empty() {
        return format!("({letter})");
    }
    cite.split(" and ")
        .map(|part| {
            part.split(", ")
                .map(|p| format!("({letter}){p}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect::<Vec<_>>()
        .join(" and ")
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

/// Applies one proposal to the parsed law. Its new rules form a provision
/// of their own, cited to the subsection it adds (lettered after the
/// amended section's last) or to the new section it enacts; a replacement
/// stays cited to the section it replaces a rule of. What it does to the
/// text of the law is recorded in `law.amendments` for `render`.
pub fn apply<'a>(
    file: &'a SourceFile,
    proposal: ProposalFile,
    law: &mut ParsedLaw<'_, 'a>,
    diagnostics: &mut Diagnostics,
) {
    let mut added: Vec<RuleDecl> = Vec::new();
    let mut replacements: Vec<(SectionRef, ProvisionFile, RuleDecl)> = Vec::new();
    let mut changes: Vec<LawChange> = Vec::new();
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
            ChangeDecl::ReplaceRule {
                id: replaced,
                with,
                strike,
                insert,
            } => {
                if with.head().id().as_str() != replaced.as_str() {
                    diagnostics.push(
                        Diagnostic::at_value(file, with.head().id(), ProposalError::ReplacementChangesId { id: replaced.value.clone() })
                            .with_label("different id")
                            .with_help("a replacement keeps the id of the rule it replaces, so references to it still hold"),
                    );
                    continue;
                }
                if strike.is_some() != insert.is_some() {
                    diagnostics.push(
                        Diagnostic::at_value(file, &replaced, ProposalError::HalfPhraseAmendment { id: replaced.value.clone() })
                            .with_label("this replacement")
                            .with_help("give both `strike` and `insert` for a phrase amendment, or neither to rewrite the unit"),
                    );
                    continue;
                }
                match take_rule(law.provisions, replaced.as_str()) {
                    Some(taken) => {
                        let mut with = with;
                        if let Some(dates) = with.head().in_force().cloned() {
                            with.set_in_force(proposal_dates(dates, &id));
                        }
                        changes.push(LawChange::Replaced {
                            rule: replaced.value.clone(),
                            section: taken.section.clone(),
                            pinpoint: taken.pinpoint,
                            strike,
                            insert,
                        });
                        let home = law.provisions.get(taken.provision).map(|(_, p)| p);
                        if let Some(home) = home {
                            let provision = ProvisionFile {
                                act: home.act.clone(),
                                section: home.section.clone(),
                                usc: home.usc.clone(),
                                title: proposal.title.clone(),
                                in_force: in_force.clone(),
                                confidence: Confidence::Proposal,
                                sources: vec![format!("proposal `{id}`")],
                                read_through: None,
                                structure: home.structure.clone(),
                                rules: Vec::new(),
                                proposal: Some(id.clone()),
                            };
                            replacements.push((taken.section, provision, with));
                        }
                    }
                    None => {
                        diagnostics.push(missing_rule(file, &replaced, "replace", law.provisions))
                    }
                }
            }
            ChangeDecl::RepealRule(repealed) => {
                match take_rule(law.provisions, repealed.as_str()) {
                    Some(taken) => changes.push(LawChange::Repealed {
                        rule: repealed.value.clone(),
                        section: taken.section,
                        pinpoint: taken.pinpoint,
                        shared_with: taken.shared_with,
                    }),
                    None => {
                        diagnostics.push(missing_rule(file, &repealed, "repeal", law.provisions))
                    }
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
                structure: Vec::new(),
                rules: vec![RuleDecl::Definition(term)],
                proposal: Some(proposal.id.value.clone()),
            }),
        }
    }
    let heading = proposal
        .heading
        .clone()
        .unwrap_or_else(|| proposal.title.clone());
    let placement = if added.is_empty() {
        Placement::Nothing
    } else {
        match place_new_rules(
            file,
            &proposal.id,
            proposal.adds,
            proposal.amends.as_ref(),
            &heading,
            &changes,
            law,
        ) {
            Ok(placement) => placement,
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                return;
            }
        }
    };
    let (act, section, usc) = match (&placement, &proposal.amends) {
        (Placement::Section { heading }, _) => (
            format!("proposed section \"{heading}\""),
            String::new(),
            Spanned::detached(String::new()),
        ),
        (_, Some(amends)) => (
            amends.act.clone(),
            amends.section.clone(),
            amends.usc.clone(),
        ),
        (_, None) => (
            format!("proposal `{id}`"),
            String::new(),
            Spanned::detached(String::new()),
        ),
    };
    if let Placement::Subsection { letter, .. } = &placement {
        for rule in &mut added {
            let cite = under_letter(letter, rule.head().cite().as_str());
            rule.set_cite(cite);
        }
    }
    let provision = ProvisionFile {
        act,
        section,
        usc,
        title: proposal.title.clone(),
        in_force,
        confidence: Confidence::Proposal,
        sources: vec![format!("proposal `{}`", proposal.id.as_str())],
        read_through: None,
        structure: Vec::new(),
        rules: added,
        proposal: Some(proposal.id.value.clone()),
    };
    law.amendments.push(Amendment {
        proposal: id.clone(),
        title: proposal.title.clone(),
        placement,
        changes,
        event_words: proposal.event_words.clone(),
    });
    // Definitions come first: each is a provision of its own, cited where
    // the term is defined, and the proposal's rules may refer to them.
    law.provisions
        .extend(definitions.into_iter().map(|definition| (file, definition)));
    for (_, mut provision, rule) in replacements {
        provision.rules.push(rule);
        law.provisions.push((file, provision));
    }
    law.provisions.push((file, provision));
}

/// Where a proposal's new rules go: a subsection lettered after the last of
/// the amended section (and of proposals applied before), or a new section.
fn place_new_rules(
    file: &SourceFile,
    proposal: &Name,
    adds: NewUnit,
    amends: Option<&crate::syntax::AmendsDecl>,
    heading: &str,
    own_changes: &[LawChange],
    law: &ParsedLaw<'_, '_>,
) -> Result<Placement, Box<Diagnostic>> {
    if adds == NewUnit::NewSection {
        return Ok(Placement::Section {
            heading: heading.to_string(),
        });
    }
    let Some(amends) = amends else {
        return Err(Box::new(
            Diagnostic::at_value(file, proposal, ProposalError::NothingAmended)
                .with_label("this proposal")
                .with_help("name the section with `amends: (act: ..., section: ..., usc: ...)`, or enact a new one with `adds: NewSection`"),
        ));
    };
    let usc = amends.usc.as_str();
    let Some((_, section)) = law
        .provisions
        .iter()
        .find(|(_, p)| p.proposal.is_none() && p.usc.as_str() == usc)
    else {
        let encoded: Vec<&str> = law
            .provisions
            .iter()
            .filter(|(_, p)| p.proposal.is_none())
            .map(|(_, p)| p.usc.as_str())
            .collect();
        return Err(Box::new(
            Diagnostic::at_value(
                file,
                &amends.usc,
                ProposalError::SectionNotEncoded {
                    usc: usc.to_string(),
                },
            )
            .with_label("no law file has this `usc`")
            .with_suggestion(usc, encoded, "section"),
        ));
    };
    let section = section_of(section);
    let mut letters: Vec<String> = Vec::new();
    for letter in section
        .structure
        .iter()
        .filter_map(|entry| top_level(entry))
    {
        if !letters.iter().any(|l| l == letter) {
            letters.push(letter.to_string());
        }
    }
    if letters.is_empty() {
        return Err(Box::new(
            Diagnostic::at_value(file, &amends.usc, ProposalError::NoStructure { usc: usc.to_string() })
                .with_label("its law file lists no `structure`")
                .with_help("list the section's subsections in force in its law file, e.g. `structure: [\"(a)\", \"(b)\", \"(c)\"]`, read from the current Code"),
        ));
    }
    // Whole subsections this proposal strikes: the ones after them move up
    // (render redesignates them), so the new one follows the rest.
    let struck: Vec<&str> = own_changes
        .iter()
        .filter_map(|change| match change {
            LawChange::Repealed {
                section: s,
                pinpoint,
                shared_with,
                ..
            } if s.usc == usc && shared_with.is_empty() && pinpoint.matches('(').count() == 1 => {
                top_level(pinpoint)
            }
            _ => None,
        })
        .collect();
    let earlier: Vec<String> = law
        .amendments
        .iter()
        .filter_map(|a| match &a.placement {
            Placement::Subsection {
                section: s, letter, ..
            } if s.usc == usc => Some(letter.clone()),
            _ => None,
        })
        .collect();
    let letter = if struck.is_empty() {
        letters.extend(earlier);
        let last = letters
            .iter()
            .max_by_key(|l| letter_key(l))
            .cloned()
            .unwrap_or_default();
        next_letter(&last)
    } else {
        letters.retain(|l| !struck.contains(&l.as_str()));
        nth_letter(letters.len() + earlier.len())
    };
    Ok(Placement::Subsection {
        section,
        letter,
        heading: heading.to_string(),
    })
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
    /// A proposal adding a subsection that names no section.
    #[error("the proposal adds a subsection but names no section to add it to")]
    #[diagnostic(code(oversight::proposal::nothing_amended))]
    NothingAmended,
    /// The amended section is not in the law files.
    #[error("no law file encodes `{usc}`, so its next subsection letter is unknown")]
    #[diagnostic(code(oversight::proposal::section_not_encoded))]
    SectionNotEncoded {
        /// The section.
        usc: String,
    },
    /// The amended section's subsections are not listed.
    #[error("the law file of `{usc}` lists no subsections, so the next letter is unknown")]
    #[diagnostic(code(oversight::proposal::no_structure))]
    NoStructure {
        /// The section.
        usc: String,
    },
    /// `strike` without `insert`, or the other way round.
    #[error("the replacement of `{id}` gives only one of `strike` and `insert`")]
    #[diagnostic(code(oversight::proposal::half_phrase_amendment))]
    HalfPhraseAmendment {
        /// The replaced rule.
        id: String,
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
