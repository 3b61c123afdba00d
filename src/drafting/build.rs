//! A proposal's rules and recorded changes turned into the document tree:
//! the new subsection or section with its units, definitions for the terms
//! it uses, and Legislative Counsel's instructions.

use super::cite::{definition_source, legislative_citation, target};
use super::document::{Action, Drafted, Enactment, Instruction, Level, Unit};
use super::words::{Clause, TimingWords, Words, capitalize};
use crate::model::{
    Amendment, Condition, Effect, Form, LawChange, Placement, Rule, RuleBook, RuleKind, SectionRef,
};

/// The designations of a pinpoint: `["d", "1"]` for `(d)(1)` (the first
/// part of a compound pinpoint).
pub fn designations(pinpoint: &str) -> Vec<String> {
    let first = pinpoint.split([',', ' ', '-']).next().unwrap_or("");
    first
        .split('(')
        .filter_map(|part| part.strip_suffix(')'))
        .map(str::to_string)
        .collect()
}

/// Drafts one applied proposal.
pub fn draft(book: &RuleBook, amendment: &Amendment) -> Drafted {
    let mut words = Words::new(book, &amendment.event_words);
    let mut notes = Vec::new();
    let mut enactments = Vec::new();
    let own: Vec<&Rule> = book
        .rules
        .iter()
        .filter(|r| {
            book.provision_of(r)
                .and_then(|p| p.proposal.as_deref())
                .is_some_and(|p| p == amendment.proposal)
        })
        .collect();
    let replaced: Vec<&str> = amendment
        .changes
        .iter()
        .filter_map(|c| match c {
            LawChange::Replaced { rule, .. } => Some(rule.as_str()),
            LawChange::Repealed { .. } => None,
        })
        .collect();
    let new_rules: Vec<&Rule> = own
        .iter()
        .copied()
        .filter(|r| !replaced.contains(&r.id.as_str()) && r.kind != RuleKind::Definition)
        .collect();
    let mut instructions: Vec<Instruction> = Vec::new();
    for change in &amendment.changes {
        match change {
            LawChange::Replaced {
                rule,
                section,
                pinpoint,
                strike,
                insert,
            } => {
                let chain = designations(pinpoint);
                if let (Some(strike), Some(insert)) = (strike, insert) {
                    push_action(
                        &mut instructions,
                        target(section, pinpoint),
                        Action::StrikeInsert {
                            strike: strike.clone(),
                            insert: insert.clone(),
                        },
                    );
                    continue;
                }
                let Some(new) = own.iter().find(|r| &r.id == rule) else {
                    continue;
                };
                let level = level_of(&chain);
                let mut unit = Unit::new(
                    level,
                    chain.last().map_or("", String::as_str),
                    String::new(),
                );
                unit.heading = new.heading.clone();
                let mut drafter = Drafter::new(book, &mut words);
                drafter.fill(&mut unit, &[*new], chain.len());
                notes.append(&mut drafter.notes);
                let parent = parent_pin(&chain);
                push_action(
                    &mut instructions,
                    target(section, &parent),
                    Action::AmendToRead(unit),
                );
            }
            LawChange::Repealed {
                rule,
                section,
                pinpoint,
                shared_with,
            } => repeal(
                book,
                section,
                rule,
                pinpoint,
                shared_with,
                &mut instructions,
                &mut notes,
            ),
        }
    }
    match &amendment.placement {
        Placement::Subsection {
            section,
            letter,
            heading,
        } => {
            let mut unit = Unit::new(Level::Subsection, letter, String::new());
            unit.heading = Some(heading.clone());
            let mut drafter = Drafter::new(book, &mut words);
            drafter.fill(&mut unit, &new_rules, 1);
            notes.append(&mut drafter.notes);
            add_definitions(
                book,
                &mut unit,
                Some(&section.act),
                "subsection",
                &mut notes,
            );
            // After any strike and redesignation of the same section, so
            // the new subsection follows the units as renumbered.
            push_action(
                &mut instructions,
                target(section, ""),
                Action::AddAtEnd(unit),
            );
        }
        Placement::Section { heading } => {
            let mut unit = Unit::new(Level::Section, "__", String::new());
            unit.heading = Some(heading.clone());
            let mut drafter = Drafter::new(book, &mut words);
            drafter.fill(&mut unit, &new_rules, 0);
            notes.append(&mut drafter.notes);
            add_definitions(book, &mut unit, None, "section", &mut notes);
            enactments.push(Enactment::NewSection(unit));
        }
        Placement::Nothing => {}
    }
    if !instructions.is_empty() {
        enactments.insert(0, Enactment::Amendments(instructions));
    }
    for missing in &words.missing {
        notes.push(format!(
            "No statutory words for {}: add {}.",
            missing.what, missing.add
        ));
    }
    Drafted {
        proposal: amendment.proposal.clone(),
        title: amendment.title.clone(),
        enactments,
        notes,
    }
}

fn level_of(chain: &[String]) -> Level {
    match chain.last() {
        Some(last) => Level::of_designation(last, chain.len()),
        None => Level::Section,
    }
}

fn parent_pin(chain: &[String]) -> String {
    chain
        .iter()
        .take(chain.len().saturating_sub(1))
        .map(|d| format!("({d})"))
        .collect()
}

/// Adds an action to the instruction with the same target, or a new one.
fn push_action(instructions: &mut Vec<Instruction>, target: String, action: Action) {
    match instructions.iter_mut().find(|i| i.target == target) {
        Some(instruction) => instruction.actions.push(action),
        None => instructions.push(Instruction {
            target,
            actions: vec![action],
        }),
    }
}

/// A repeal: the unit struck and the units after it redesignated, when no
/// rule left standing shares it; otherwise a note for the drafter.
fn repeal(
    book: &RuleBook,
    section: &SectionRef,
    rule: &str,
    pinpoint: &str,
    shared_with: &[String],
    instructions: &mut Vec<Instruction>,
    notes: &mut Vec<String>,
) {
    let standing: Vec<&str> = shared_with
        .iter()
        .filter(|id| book.rule(id).is_some())
        .map(String::as_str)
        .collect();
    if !standing.is_empty() {
        notes.push(format!(
            "The repeal of `{rule}` leaves {pinpoint} standing: it also makes {}. Strike only the words that make `{rule}`.",
            standing.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ));
        return;
    }
    if !section.structure.iter().any(|s| s == pinpoint) {
        notes.push(format!(
            "{pinpoint} (`{rule}`) is not a unit of the section's recorded structure: strike its words by hand, or record the structure in its law file."
        ));
        return;
    }
    let chain = designations(pinpoint);
    let level = level_of(&chain);
    let parent = parent_pin(&chain);
    let Some(designation) = chain.last().cloned() else {
        return;
    };
    // Siblings after the struck unit: same parent, same depth.
    let siblings: Vec<String> = section
        .structure
        .iter()
        .map(|s| designations(s))
        .filter(|c| c.len() == chain.len() && parent_pin(c) == parent)
        .filter_map(|c| c.last().cloned())
        .collect();
    let position = siblings.iter().position(|d| *d == designation).unwrap_or(0);
    let after: Vec<String> = siblings.iter().skip(position + 1).cloned().collect();
    let target_text = target(section, &parent);
    push_action(
        instructions,
        target_text.clone(),
        Action::StrikeUnit {
            level,
            designation: designation.clone(),
        },
    );
    if !after.is_empty() {
        let to: Vec<String> = siblings
            .iter()
            .skip(position)
            .take(after.len())
            .cloned()
            .collect();
        push_action(
            instructions,
            target_text,
            Action::Redesignate {
                level,
                from: after,
                to,
            },
        );
    }
}

/// Adds a definitions unit (or a closing sentence) for every term the unit
/// uses whose definition does not already apply: a term the amended Act
/// defines for the whole Act needs none.
fn add_definitions(
    book: &RuleBook,
    unit: &mut Unit,
    act: Option<&String>,
    this: &str,
    notes: &mut Vec<String>,
) {
    let text = unit.all_text().to_lowercase();
    let mut terms: Vec<&crate::model::DefinedTerm> = book
        .vocabulary
        .terms
        .iter()
        .filter(|t| contains_word(&text, &t.term.to_lowercase()))
        .filter(|t| {
            !t.defined_in
                .as_ref()
                .is_some_and(|d| act.is_some_and(|a| !a.is_empty() && &d.act == a))
        })
        .collect();
    terms.sort_by_key(|t| t.term.to_lowercase());
    // Quoted matter (an amendment) quotes a term in single marks; a bill's
    // own section in double marks.
    let q = if this == "section" { '"' } else { '\'' };
    let definition = |t: &crate::model::DefinedTerm| -> String {
        match (&t.means, &t.defined_in) {
            (Some(means), _) => format!("The term {q}{}{q} means {means}", t.term),
            (None, Some(cite)) => format!(
                "The term {q}{}{q} has the meaning given that term in {}",
                t.term,
                definition_source(cite)
            ),
            (None, None) => format!("The term {q}{}{q} [definition missing]", t.term),
        }
    };
    if terms.is_empty() {
        return;
    }
    if !unit.text.is_empty() {
        // The rules sit on the unit itself (its subunits, if any, are their
        // conditions): the definitions close it as a sentence.
        let parts: Vec<String> = terms.iter().map(|t| lower_first(&definition(t))).collect();
        let sentence = format!(
            "In this {this}, {}.",
            super::words::join_with(&parts, "; ", "and")
        );
        unit.continuation = Some(match unit.continuation.take() {
            Some(before) => format!("{before} {sentence}"),
            None => sentence,
        });
        return;
    }
    let level = unit.level.below();
    let mut defs = Unit::new(
        level,
        &next_designation(level, &unit.children),
        String::new(),
    );
    if let [one] = terms.as_slice() {
        defs.heading = Some(String::from("Definition"));
        defs.text = format!("In this {this}, {}.", lower_first(&definition(one)));
    } else {
        defs.heading = Some(String::from("Definitions"));
        defs.text = format!("In this {this}:");
        let below = level.below();
        for (i, term) in terms.iter().enumerate() {
            let mut item = Unit::new(
                below,
                &below.designation(i),
                format!("{}.", definition(term)),
            );
            item.heading = Some(capitalize(&term.term));
            defs.children.push(item);
        }
    }
    unit.children.push(defs);
    settle_headings(unit, notes);
}

/// The designation after the last of `siblings` at `level`: (3) after (1)
/// and (2), whatever order they were written in.
fn next_designation(level: Level, siblings: &[Unit]) -> String {
    let used = siblings
        .iter()
        .filter_map(|u| designation_index(level, &u.designation))
        .max();
    level.designation(used.map_or(0, |i| i + 1))
}

/// The position of a designation in its level's sequence (`c` is 2, `3` is 2).
fn designation_index(level: Level, designation: &str) -> Option<usize> {
    (0..702).find(|&i| level.designation(i) == designation)
}

/// Headings are all or nothing among siblings: where some are headed, the
/// first unheaded one is "In general", and any other unheaded one is named
/// in a note for the drafter.
fn settle_headings(unit: &mut Unit, notes: &mut Vec<String>) {
    if !unit.children.iter().any(|c| c.heading.is_some()) {
        return;
    }
    for (i, child) in unit.children.iter_mut().enumerate() {
        if child.heading.is_some() {
            continue;
        }
        if i == 0 {
            child.heading = Some(String::from("In general"));
        } else {
            notes.push(format!(
                "{} {} has no heading while its siblings do: give its rule a `heading`.",
                capitalize(child.level.word()),
                child.num()
            ));
        }
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// True when `word` occurs in `text` as whole words.
pub fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().last());
        let after = text.get(at + word.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Turns rules into units.
struct Drafter<'w, 'b> {
    book: &'b RuleBook,
    words: &'w mut Words<'b>,
    /// Points for the drafter found while drafting.
    notes: Vec<String>,
}

impl<'w, 'b> Drafter<'w, 'b> {
    fn new(book: &'b RuleBook, words: &'w mut Words<'b>) -> Self {
        Self {
            book,
            words,
            notes: Vec::new(),
        }
    }

    /// Fills `unit` with the rules whose pinpoints lie under it; `skip` is
    /// how many designations of each pinpoint the unit itself accounts for.
    fn fill(&mut self, unit: &mut Unit, rules: &[&Rule], skip: usize) {
        let here: Vec<&Rule> = rules
            .iter()
            .copied()
            .filter(|r| designations(&r.pinpoint).len() <= skip)
            .collect();
        let alone = here.len() == 1 && rules.len() == 1;
        let mut sentences = Vec::new();
        for rule in &here {
            let (text, items, tail) = self.sentence(rule, alone, unit);
            sentences.push(text);
            unit.children.extend(items);
            if tail.is_some() {
                unit.continuation = tail;
            }
            if unit.heading.is_none() {
                unit.heading = rule.heading.clone();
            }
        }
        unit.text = sentences.join(" ");
        // Subunits, in the order their pinpoints first appear.
        let mut order: Vec<String> = Vec::new();
        for rule in rules {
            if let Some(d) = designations(&rule.pinpoint).get(skip)
                && !order.contains(d)
            {
                order.push(d.clone());
            }
        }
        let level = unit.level.below();
        let mut children = Vec::new();
        for designation in order {
            let under: Vec<&Rule> = rules
                .iter()
                .copied()
                .filter(|r| designations(&r.pinpoint).get(skip) == Some(&designation))
                .collect();
            let mut child = Unit::new(level, &designation, String::new());
            self.fill(&mut child, &under, skip + 1);
            children.push(child);
        }
        // Units print in the order of their designations, whatever the
        // order the rules were written in.
        children.sort_by_key(|c| designation_index(c.level, &c.designation).unwrap_or(usize::MAX));
        unit.children.extend(children);
        let mut notes = Vec::new();
        settle_headings(unit, &mut notes);
        self.notes.extend(notes);
    }

    /// A rule's sentence, its conditions as subunits when it has the unit to
    /// itself and several, and a continuation. Notices and exceptions put
    /// their conditions after the operative words ("... if—"); gates and
    /// prohibitions before them ("If—(A) ...; and (B) ..., no element may
    /// ..."), as bills write a bar. Parts that must not hold read as their
    /// own negative clause where the vocabulary has one, else as "unless".
    fn sentence(
        &mut self,
        rule: &Rule,
        alone: bool,
        unit: &Unit,
    ) -> (String, Vec<Unit>, Option<String>) {
        let mut clauses: Vec<Clause> = Vec::new();
        let mut unless_parts = Vec::new();
        for (part, must_hold) in conjuncts(&rule.condition) {
            if must_hold {
                clauses.extend(self.words.condition(&part));
            } else if self.words.has_negative(&part) {
                clauses.push(self.words.negation(&part));
            } else if let Some(clause) = self.words.condition(&part) {
                unless_parts.push(clause);
            }
        }
        let unless = (!unless_parts.is_empty())
            .then(|| format!("unless {}", Clause::Any(unless_parts).inline()));
        // The clauses a list would number, and the word that joins them.
        let (items, joiner): (Vec<Clause>, &str) = match clauses.as_slice() {
            [Clause::Any(parts)] if parts.len() >= 2 => (parts.clone(), "or"),
            [_, _, ..] => (clauses.clone(), "and"),
            _ => (Vec::new(), "and"),
        };
        let list = alone && !items.is_empty();
        let inline = match clauses.len() {
            0 => None,
            1 => clauses.first().map(Clause::inline),
            _ => Some(Clause::All(clauses.clone()).inline()),
        };
        let body = self.operative(rule);
        let condition_first = matches!(rule.kind, RuleKind::Gate | RuleKind::Prohibition);
        let level = unit.level.below();
        let numbered = |tail_follows: bool| -> Vec<Unit> {
            let n = items.len();
            items
                .iter()
                .enumerate()
                .map(|(i, clause)| {
                    let punctuation = if i + 2 < n {
                        String::from(";")
                    } else if i + 2 == n {
                        format!("; {joiner}")
                    } else if tail_follows {
                        String::from(",")
                    } else {
                        String::from(".")
                    };
                    Unit::new(
                        level,
                        &level.designation(i),
                        format!("{}{punctuation}", clause.inline()),
                    )
                })
                .collect()
        };
        let unless_inline = unless
            .as_ref()
            .map(|u| format!(", {u}"))
            .unwrap_or_default();
        if condition_first {
            if list {
                let tail = format!("{}{unless_inline}.", lower_first(&body));
                return (String::from("If—"), numbered(true), Some(tail));
            }
            let text = match inline {
                Some(condition) => {
                    format!("If {condition}, {}{unless_inline}.", lower_first(&body))
                }
                None => format!("{body}{unless_inline}."),
            };
            return (text, Vec::new(), None);
        }
        if list {
            let tail = unless.map(|u| format!("{u}."));
            return (format!("{body} if—"), numbered(tail.is_some()), tail);
        }
        let condition = inline.map(|c| format!(" if {c}")).unwrap_or_default();
        (
            format!("{body}{condition}{unless_inline}."),
            Vec::new(),
            None,
        )
    }

    /// The operative words of a rule, before its conditions.
    fn operative(&mut self, rule: &Rule) -> String {
        let words = &mut *self.words;
        match &rule.effect {
            Effect::Notice {
                by,
                to,
                what,
                form,
                due,
                alternative,
                ..
            } => {
                let form = match form {
                    Form::Written | Form::Certification
                        if !what.contains("written") && !what.contains("writing") =>
                    {
                        " in writing"
                    }
                    Form::Oral => " orally",
                    Form::OralThenWritten => " orally and then in writing",
                    _ => "",
                };
                let alternative = alternative
                    .as_ref()
                    .map(|(alt, what)| format!(", or submit to {} {what}", words.recipients(alt)))
                    .unwrap_or_default();
                let recipients = words.recipients(to);
                let starts_with_article = ["a ", "an ", "the ", "each ", "any "]
                    .iter()
                    .any(|a| what.starts_with(a));
                let what = if starts_with_article || to.is_empty() {
                    what.clone()
                } else {
                    format!("{} {what}", super::words::article(what))
                };
                let core = |adverb: &str| {
                    if to.is_empty() {
                        format!("{by} shall {adverb}{what}{form}")
                    } else {
                        format!(
                            "{by} shall {adverb}submit to {recipients} {what}{form}{alternative}"
                        )
                    }
                };
                match words.timing(due) {
                    TimingWords::Lead(lead) => {
                        let core = core("");
                        format!("{lead}, {core}")
                    }
                    TimingWords::Adverb(adverb) => capitalize(&core(&format!("{adverb} "))),
                    TimingWords::Trailing(trailing) => {
                        capitalize(&format!("{} {trailing}", core("")))
                    }
                    TimingWords::None => capitalize(&core("")),
                }
            }
            Effect::Gate {
                by,
                to,
                blocks,
                until,
            } => {
                if to.is_empty() {
                    format!("{} until {until}", capitalize(blocks))
                } else {
                    format!(
                        "{} until {by} submits to {} {until}",
                        capitalize(blocks),
                        words.recipients(to)
                    )
                }
            }
            Effect::Prohibition { bars } => format!("{} is prohibited", capitalize(bars)),
            Effect::Authority { holder, what } => capitalize(&format!("{holder} {what}")),
            Effect::Standing { by, to, what } => {
                let to = if to.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", words.recipients(to))
                };
                capitalize(&format!("{by} shall {what}{to}"))
            }
            Effect::None => {
                if rule.kind == RuleKind::Exception && !rule.overrides.is_empty() {
                    let refs: Vec<String> = rule
                        .overrides
                        .iter()
                        .filter_map(|ix| self.book.rules.get(ix.0))
                        .map(|target| cross_reference(self.book, rule, target))
                        .collect();
                    format!("{} shall not apply", capitalize(&group_references(&refs)))
                } else {
                    rule.says.trim_end_matches('.').to_string()
                }
            }
        }
    }
}

/// The parts of a top-level conjunction in the order written, each with
/// whether it must hold (`true`) or must not (`false`, for `Not(part)`).
fn conjuncts(condition: &Condition) -> Vec<(Condition, bool)> {
    let parts: Vec<Condition> = match condition {
        Condition::All(parts) => parts.clone(),
        other => vec![other.clone()],
    };
    parts
        .into_iter()
        .map(|part| match part {
            Condition::Not(inner) => (*inner, false),
            other => (other, true),
        })
        .collect()
}

/// References joined as drafters join them: "subsections (a) and (b)"
/// rather than "subsection (a) and subsection (b)".
fn group_references(refs: &[String]) -> String {
    let mut unique: Vec<&String> = Vec::new();
    for r in refs {
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    let word = unique
        .first()
        .and_then(|r| r.split_once(' '))
        .map(|(w, _)| w);
    let same_word = word.is_some_and(|w| {
        unique.len() > 1
            && unique.iter().all(|r| {
                r.split_once(' ')
                    .is_some_and(|(x, rest)| x == w && rest.starts_with('('))
            })
    });
    match (same_word, word) {
        (true, Some(w)) => {
            let pins: Vec<String> = unique
                .iter()
                .filter_map(|r| r.split_once(' ').map(|(_, pin)| pin.to_string()))
                .collect();
            format!("{w}s {}", super::words::join(&pins, "and"))
        }
        _ => super::words::join(&unique.into_iter().cloned().collect::<Vec<_>>(), "and"),
    }
}

/// How a rule names another: "paragraph (1)" within the same subsection,
/// "subsection (b)" within the same section, else a full citation.
fn cross_reference(book: &RuleBook, from: &Rule, to: &Rule) -> String {
    if from.provision != to.provision {
        return legislative_citation(book, to);
    }
    let a = designations(&from.pinpoint);
    let b = designations(&to.pinpoint);
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let rest: Vec<&String> = b.iter().skip(common).collect();
    match rest.first() {
        Some(first) => {
            let level = Level::of_designation(first, common + 1);
            let pin: String = rest.iter().map(|d| format!("({d})")).collect();
            format!("{} {pin}", level.word())
        }
        None => {
            let level = b
                .last()
                .map_or(Level::Section, |d| Level::of_designation(d, b.len()));
            format!("this {}", level.word())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinpoints_split_into_designations() {
        assert_eq!(designations("(d)(1)"), ["d", "1"]);
        assert_eq!(designations("(a)(1)-(2)"), ["a", "1"]);
        assert_eq!(designations(""), Vec::<String>::new());
        assert!(contains_word("a foreign adversary.", "foreign adversary"));
        assert!(!contains_word("foreign adversarys", "foreign adversary"));
    }
}
