//! The fact space the analyses search: for each fact, the values worth
//! trying. Values that no condition tells apart are one class (one country
//! stands for every country in the same groups), so the space stays small
//! and a search over it is exact.

use std::fmt;

use serde::Serialize;

use crate::countries::Country;
use crate::engine::search::Pattern;
use crate::input::action::FactValue;
use crate::model::{Condition, FactIx, FactKind, RuleBook};

/// One value a fact takes in the search, with how it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value.
    pub value: FactValue,
    /// How it reads, e.g. `RUS (covered_nations, foreign_adversaries_15cfr791)`.
    pub label: String,
    /// For a country class: the country groups the rules test that it is in
    /// (so a pattern can name a group instead of listing its classes).
    pub groups: Vec<String>,
}

/// The values of each fact worth trying: every flag and choice value; one
/// list per class of the masks the rules test (see `set_classes`); one country per class of the
/// groups and codes the rules use (plus "any other"); amounts at and around
/// every threshold the rules (and the `extra` conditions, such as concerns)
/// use.
pub fn domains(book: &RuleBook, extra: &[&Condition]) -> Vec<Vec<Choice>> {
    let leaves: Vec<&Condition> = book
        .rules
        .iter()
        .map(|r| &r.condition)
        .chain(extra.iter().copied())
        .flat_map(Condition::nodes)
        .collect();
    book.vocabulary
        .facts
        .iter()
        .enumerate()
        .map(|(ix, fact)| match &fact.kind {
            FactKind::Flag => vec![
                Choice {
                    value: FactValue::Flag(true),
                    label: String::from("true"),
                    groups: Vec::new(),
                },
                Choice {
                    value: FactValue::Flag(false),
                    label: String::from("false"),
                    groups: Vec::new(),
                },
            ],
            FactKind::Choice(values) => values
                .iter()
                .enumerate()
                .map(|(i, v)| Choice {
                    value: FactValue::Choice(i),
                    label: v.clone(),
                    groups: Vec::new(),
                })
                .collect(),
            FactKind::ChoiceSet(values) => set_classes(&leaves, FactIx(ix), values),
            FactKind::Country => country_classes(book, &leaves, FactIx(ix)),
            FactKind::Amount => {
                let mut points = vec![0u64];
                for leaf in &leaves {
                    match leaf {
                        Condition::AtLeast(f, n) if *f == FactIx(ix) => {
                            points.extend([n.saturating_sub(1), *n])
                        }
                        Condition::MoreThan(f, n) if *f == FactIx(ix) => {
                            points.extend([*n, n.saturating_add(1)])
                        }
                        _ => {}
                    }
                }
                points.sort_unstable();
                points.dedup();
                points
                    .into_iter()
                    .map(|n| Choice {
                        value: FactValue::Amount(n),
                        label: format!("${}", thousands(n)),
                        groups: Vec::new(),
                    })
                    .collect()
            }
            FactKind::Date => Vec::new(),
        })
        .collect()
}

/// A list fact is tested only by "contains any of these" (`SetAny`), so
/// two lists are alike when they meet the same tested masks. The values are
/// cut into atoms (values every mask treats alike); every union of atoms
/// (one value standing for each) is tried, smallest first, and the first
/// list with each pattern of masks met represents its class: exact for any
/// list, including several values at once. Past 12 atoms (4,096 unions)
/// only the empty list and single values are tried, as before issue 19.
fn set_classes(leaves: &[&Condition], fact: FactIx, values: &[String]) -> Vec<Choice> {
    const MAX_ATOMS: usize = 12;
    let mut masks: Vec<u64> = Vec::new();
    for leaf in leaves {
        if let Condition::SetAny(f, mask) = leaf
            && *f == fact
            && !masks.contains(mask)
        {
            masks.push(*mask);
        }
    }
    masks.sort_unstable();
    let meets = |bits: u64| -> Vec<bool> { masks.iter().map(|m| bits & m != 0).collect() };
    // One value per atom: the first value with each membership.
    let mut atoms: Vec<u64> = Vec::new();
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for i in 0..values.len().min(64) {
        let membership = meets(1u64 << i);
        if membership.iter().any(|m| *m) && !seen.contains(&membership) {
            seen.push(membership);
            atoms.push(1u64 << i);
        }
    }
    let label = |bits: u64| -> String {
        let names: Vec<&str> = values
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 64 && bits & (1u64 << i) != 0)
            .map(|(_, v)| v.as_str())
            .collect();
        format!("[{}]", names.join(", "))
    };
    let choice = |bits: u64| Choice {
        value: FactValue::Set(bits),
        label: label(bits),
        groups: Vec::new(),
    };
    if atoms.len() > MAX_ATOMS {
        return std::iter::once(0)
            .chain((0..values.len().min(64)).map(|i| 1u64 << i))
            .map(choice)
            .collect();
    }
    let mut unions: Vec<u64> = (0u64..1 << atoms.len())
        .map(|pick| {
            atoms
                .iter()
                .enumerate()
                .filter(|(k, _)| pick & (1 << k) != 0)
                .fold(0, |bits, (_, atom)| bits | atom)
        })
        .collect();
    unions.sort_by_key(|bits| (bits.count_ones(), *bits));
    let mut classes: Vec<Vec<bool>> = Vec::new();
    let mut out = Vec::new();
    for bits in unions {
        let class = meets(bits);
        if !classes.contains(&class) {
            classes.push(class);
            out.push(choice(bits));
        }
    }
    out
}

fn country_classes(book: &RuleBook, leaves: &[&Condition], fact: FactIx) -> Vec<Choice> {
    let mut groups: Vec<usize> = Vec::new();
    let mut codes: Vec<&str> = Vec::new();
    for leaf in leaves {
        match leaf {
            Condition::InGroup(f, g) if *f == fact && !groups.contains(&g.0) => groups.push(g.0),
            Condition::CountryIn(f, list) if *f == fact => {
                for code in list {
                    if !codes.contains(&code.as_str()) {
                        codes.push(code);
                    }
                }
            }
            _ => {}
        }
    }
    groups.sort_unstable();
    codes.sort_unstable();
    let signature = |code: &str| -> (Vec<bool>, Option<String>) {
        let member: Vec<bool> = groups
            .iter()
            .map(|&g| {
                book.vocabulary
                    .country_groups
                    .get(g)
                    .is_some_and(|g| g.members.binary_search(&code.to_string()).is_ok())
            })
            .collect();
        (
            member,
            codes.iter().find(|c| **c == code).map(|c| (*c).to_string()),
        )
    };
    let mut seen: Vec<(Vec<bool>, Option<String>)> = Vec::new();
    let mut out = Vec::new();
    for country in Country::all() {
        let code = country.code();
        let sig = signature(code);
        if seen.contains(&sig) {
            continue;
        }
        let names: Vec<&str> = groups
            .iter()
            .zip(&sig.0)
            .filter(|(_, m)| **m)
            .filter_map(|(&g, _)| {
                book.vocabulary
                    .country_groups
                    .get(g)
                    .map(|g| g.name.as_str())
            })
            .collect();
        let groups: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
        let label = if names.is_empty() && sig.1.is_none() {
            format!("{code} (any country in none of the groups)")
        } else if names.is_empty() {
            code.to_string()
        } else {
            format!("{code} ({})", names.join(", "))
        };
        seen.push(sig);
        out.push(Choice {
            value: FactValue::Country(country),
            label,
            groups,
        });
    }
    out
}

/// One fact of a witness or a pattern, kept as data for the renderers:
/// the fact's name and the labels of the values it takes. Written (and
/// serialized) as `fact = value` or `fact one of {a, b}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Setting {
    /// The fact's name.
    pub fact: String,
    /// The labels of the values it takes (one for a witness).
    pub labels: Vec<String>,
    /// True when the fact is a flag set to false: a trigger that is absent.
    pub absent: bool,
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.labels.as_slice() {
            [one] => write!(f, "{} = {one}", self.fact),
            many => write!(f, "{} one of {{{}}}", self.fact, many.join(", ")),
        }
    }
}

impl From<Setting> for String {
    fn from(setting: Setting) -> Self {
        setting.to_string()
    }
}

/// The settings of facts to sets of values (as indices into their domains).
/// With `name_groups` (patterns, where a country class stands for all its
/// members, not for the one that represents it): a set that is the whole
/// domain reads "any", and country classes that make up a whole group read
/// as the group ("a country in nato"), largest group first, the classes
/// left over by their labels.
pub(crate) fn describe(
    book: &RuleBook,
    domains: &[Vec<Choice>],
    facts: &[(FactIx, Vec<usize>)],
    name_groups: bool,
) -> Vec<Setting> {
    facts
        .iter()
        .filter_map(|(fact, values)| {
            let name = &book.vocabulary.facts.get(fact.0)?.name;
            let choices = domains.get(fact.0)?;
            let picked: Vec<&Choice> = values.iter().filter_map(|&v| choices.get(v)).collect();
            let labels = if !name_groups {
                picked.iter().map(|c| c.label.clone()).collect()
            } else if picked.len() > 1 && picked.len() == choices.len() {
                vec![String::from("any")]
            } else if !picked.is_empty() {
                grouped_labels(choices, values)
            } else {
                picked.iter().map(|c| c.label.clone()).collect()
            };
            Some(Setting {
                fact: name.clone(),
                labels,
                absent: matches!(picked.as_slice(), [c] if c.value == FactValue::Flag(false)),
            })
        })
        .collect()
}

/// The labels of a set of values, with whole country groups named.
fn grouped_labels(choices: &[Choice], values: &[usize]) -> Vec<String> {
    let mut groups: Vec<&str> = Vec::new();
    for choice in choices {
        for group in &choice.groups {
            if !groups.contains(&group.as_str()) {
                groups.push(group);
            }
        }
    }
    let members = |group: &str| -> Vec<usize> {
        (0..choices.len())
            .filter(|&i| {
                choices
                    .get(i)
                    .is_some_and(|c| c.groups.iter().any(|g| g == group))
            })
            .collect()
    };
    let mut left: Vec<usize> = values.to_vec();
    let mut labels = Vec::new();
    loop {
        // The largest group wholly among the classes left.
        let best = groups
            .iter()
            .map(|&g| (g, members(g)))
            .filter(|(_, m)| !m.is_empty() && m.iter().all(|i| left.contains(i)))
            .max_by_key(|(_, m)| m.len());
        let Some((group, classes)) = best else {
            break;
        };
        labels.push(format!("a country in {group}"));
        left.retain(|i| !classes.contains(i));
    }
    labels.extend(
        left.iter()
            .filter_map(|&i| choices.get(i))
            .map(|c| c.label.clone()),
    );
    labels
}

/// A witness's settings, one value per fact, in the pattern's order.
pub(crate) fn describe_pattern(
    book: &RuleBook,
    domains: &[Vec<Choice>],
    pattern: &Pattern,
) -> Vec<Setting> {
    let facts: Vec<(FactIx, Vec<usize>)> = pattern.iter().map(|&(f, v)| (f, vec![v])).collect();
    describe(book, domains, &facts, false)
}

/// A dollar amount with thousands separators.
pub(crate) fn thousands(n: u64) -> String {
    crate::model::texts::thousands(n)
}
