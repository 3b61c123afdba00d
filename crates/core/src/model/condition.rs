//! Compiled conditions, and the one walker over them.

use serde::{Deserialize, Serialize};

use super::{CountryGroupIx, FactIx, RuleIx};

/// A compiled condition over dense indices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// Always true.
    Always,
    /// A flag fact is true.
    Flag(FactIx),
    /// A choice fact's value is one of the bits in the mask.
    ChoiceIn(FactIx, u64),
    /// A set fact contains any of the bits in the mask.
    SetAny(FactIx, u64),
    /// A country fact is one of these codes.
    CountryIn(FactIx, Vec<String>),
    /// A country fact is in a named group.
    InGroup(FactIx, CountryGroupIx),
    /// An amount fact is at least this.
    AtLeast(FactIx, u64),
    /// An amount fact is more than this.
    MoreThan(FactIx, u64),
    /// Another rule applies.
    Ref(RuleIx),
    /// Every part holds.
    All(Vec<Condition>),
    /// Some part holds.
    Any(Vec<Condition>),
    /// The part does not hold.
    Not(Box<Condition>),
}

impl Condition {
    /// The fact a leaf test reads; `None` for `Always`, `Ref` and combinators.
    pub fn fact(&self) -> Option<FactIx> {
        match self {
            Self::Flag(f)
            | Self::ChoiceIn(f, _)
            | Self::SetAny(f, _)
            | Self::CountryIn(f, _)
            | Self::InGroup(f, _)
            | Self::AtLeast(f, _)
            | Self::MoreThan(f, _) => Some(*f),
            Self::Always | Self::Ref(_) | Self::All(_) | Self::Any(_) | Self::Not(_) => None,
        }
    }

    /// The one walker over conditions: visits this node and its parts depth
    /// first, in the order written. `visitor` returns whether to descend into
    /// the node's parts (an analysis that knows a subtree is settled skips
    /// it). `Ref` is a leaf here: the rule it names is not followed.
    pub fn visit<'a>(&'a self, visitor: &mut impl FnMut(&'a Condition) -> bool) {
        if !visitor(self) {
            return;
        }
        match self {
            Self::All(parts) | Self::Any(parts) => {
                for part in parts {
                    part.visit(visitor);
                }
            }
            Self::Not(inner) => inner.visit(visitor),
            _ => {}
        }
    }

    /// Every node of the condition, depth first in the order written.
    pub fn nodes(&self) -> Vec<&Condition> {
        let mut nodes = Vec::new();
        self.visit(&mut |node| {
            nodes.push(node);
            true
        });
        nodes
    }

    /// The facts the condition tests itself (not through `Ref`), in the
    /// order written, repeats included.
    pub fn facts(&self) -> Vec<FactIx> {
        self.nodes()
            .into_iter()
            .filter_map(Condition::fact)
            .collect()
    }

    /// The rules the condition refers to with `Ref`, in the order written.
    pub fn referenced_rules(&self) -> Vec<RuleIx> {
        self.nodes()
            .into_iter()
            .filter_map(|node| match node {
                Self::Ref(rule) => Some(*rule),
                _ => None,
            })
            .collect()
    }
}
